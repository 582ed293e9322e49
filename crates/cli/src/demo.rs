//! `highneeds demo`: build a synthetic council calibrated on the DfE's published figures,
//! write it to the database (replacing any earlier demo of that council), print the sign-ins
//! and serve it.

use std::time::Instant;

use app::Actor;
use app::demo::{create_demo_families, create_demo_staff, seed_council};
use clap::{Args, ValueEnum};
use domain::LaCode;
use indicatif::{ProgressBar, ProgressStyle};
use store::Location;
use synth::{DfeTables, Size};

#[derive(Clone, Copy, ValueEnum)]
pub enum SizeArg {
    /// About 3,000 plans: a median council.
    Small,
    /// About 20,000 plans: one of the largest councils.
    Large,
    /// Every English council at its own size: about 640,000 plans.
    National,
}

#[derive(Args)]
pub struct DemoArgs {
    /// How big a council to build.
    #[arg(long, value_enum, default_value = "small")]
    size: SizeArg,
    /// Shape the council like a real one, by DfE LA code (e.g. 801 for Bristol): its need,
    /// placement and age mix and its timeliness. Default: fictional Exampleshire, shaped like
    /// the median council. With --size national every council is shaped like itself and this
    /// picks the council the sign-ins are made for.
    #[arg(long)]
    like: Option<String>,
    /// Seed for the generator: the same seed builds the same council.
    #[arg(long, default_value_t = 2025)]
    seed: u64,
    #[command(flatten)]
    serve: crate::serve::ServeArgs,
    /// Build the council and exit without serving.
    #[arg(long)]
    no_serve: bool,
}

pub async fn run(location: &Location, args: DemoArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let tables = DfeTables::embedded()?;
    // Check --like before touching the database, so a typo changes nothing.
    let like = match &args.like {
        Some(code) => {
            let code = code
                .parse::<LaCode>()
                .map_err(|e| anyhow::anyhow!("--like: {}", e.problem))?;
            tables.calibrate(Some(code))?;
            Some(code)
        }
        None => None,
    };
    // The casework runs to today, so the demo has cases at every stage whenever it is built.
    let today = chrono::Local::now().date_naive();
    let store = crate::open(location).await?;
    println!(
        "Building a synthetic council in {location} ({}).",
        store.engine()
    );

    let sign_in_council = match args.size {
        SizeArg::National => {
            let bar = bar(153, "councils");
            let mut plans = 0usize;
            for council in synth::national_to(&tables, args.seed, today) {
                bar.set_message(council.la.name.clone());
                plans += council.active_plans().count();
                seed_council(
                    &store,
                    &Actor::operator(council.la.code),
                    &council,
                    &mut |_| {},
                )
                .await?;
                bar.inc(1);
            }
            bar.finish_and_clear();
            println!(
                "Wrote every English council: {plans} plans in force at the January 2025 census."
            );
            like.unwrap_or(LaCode::new(801)?)
        }
        size => {
            let target = if matches!(size, SizeArg::Small) {
                Size::Small
            } else {
                Size::Large
            };
            let calibration = tables.calibrate(like)?;
            let la = match like {
                Some(code) => tables
                    .local_authorities()
                    .into_iter()
                    .find(|la| la.code == code)
                    .ok_or_else(|| {
                        anyhow::anyhow!("--like: no English council has DfE code {code}")
                    })?,
                None => synth::LocalAuthority::exampleshire(),
            };
            let council =
                synth::generate_to(&la, &calibration, target.target_plans(), args.seed, today);
            let bar = bar(council.record_count() as u64, "rows");
            let counts = seed_council(&store, &Actor::operator(la.code), &council, &mut |n| {
                bar.inc(n)
            })
            .await?;
            bar.finish_and_clear();
            println!(
                "Wrote {} ({:03}): {} children and young people, {} plans in force at the January 2025 census, {} requests, {} settings.\nCalibrated on {}.",
                la.name,
                la.code.get(),
                counts.children,
                council.active_plans().count(),
                counts.requests,
                counts.settings,
                council.calibration_source
            );
            println!(
                "Casework to {today}: {} plans in force, {} open cases held by {} caseworkers; {} advice requests, {} reviews, {} phase transfers, {} plan versions, {} mediation and appeals.",
                council.plans_in_force_on(today).count(),
                council.open_cases(),
                council.caseworkers.len(),
                council.advice.len(),
                council.reviews.len(),
                council.phase_transfers.len(),
                council.plan_versions.len(),
                council.markers.len()
            );
            la.code
        }
    };

    let actor = Actor::operator(sign_in_council);
    let sign_ins = create_demo_staff(&store, &actor, "demo.highneeds.invalid").await?;
    let families = create_demo_families(&store, &actor, "demo.highneeds.invalid", today).await?;
    let topup = app::demo_topup::seed_topup(&store, &actor, today, chrono::Utc::now()).await?;
    println!(
        "Top-up funding: Bristol's needs and provision model in use; {} placements costed; {} applications, {} awards (mean {} a year).",
        topup.placement_costs, topup.applications, topup.awards, topup.mean_award
    );
    let budget = app::demo_budget::seed_budget(&store, &actor, today).await?;
    if let Some(year) = budget.year {
        println!(
            "High needs budget {year}: {} on high needs lines, {} income, {} months of actuals; \
             DSG balance brought forward {}.",
            budget.budget, budget.income, budget.months, budget.brought_forward
        );
    }
    println!("Took {:.1} s.", started.elapsed().as_secs_f64());
    println!();
    println!("Sign-ins for council {sign_in_council} (new passwords each run; demo data only):");
    for s in &sign_ins {
        println!("  {:<22} {:<40} {}", s.role.label(), s.email, s.password);
    }
    for (role, _, email, child_id) in &families {
        println!(
            "  {:<22} {:<40} a code sent by email (child {child_id})",
            role.label(),
            email
        );
    }
    if args.no_serve {
        store.close().await;
        return Ok(());
    }
    println!("  (Demo only: family sign-in codes are printed here instead of emailed.)");
    println!();
    crate::serve::serve(store, sign_in_council, &args.serve, true).await
}

fn bar(len: u64, unit: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    let template =
        format!("{{spinner}} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {unit} {{msg}}");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}
