//! Prints a summary of a synthetic council, or times a national run.
//!
//! `cargo run -p synth --example summary -- [LA code | national] [plans] [seed] [today]`
//!
//! `today` (YYYY-MM-DD) carries the casework on from the census to that day.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::Datelike;
use domain::ids::LaCode;
use synth::{Council, DfeTables, LocalAuthority};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let tables = DfeTables::embedded()?;
    let seed: u64 = args.get(2).map_or(Ok(1), |s| s.parse())?;
    let census = domain::dates::sen2_census_date(synth::CENSUS_YEAR);
    let today: chrono::NaiveDate = args.get(3).map_or(Ok(census), |s| s.parse())?;
    if args.first().map(String::as_str) == Some("national") {
        let start = Instant::now();
        let (mut councils, mut plans, mut children, mut peak, mut records) = (0, 0, 0, 0, 0);
        for c in synth::national_to(&tables, seed, today) {
            councils += 1;
            plans += c.active_plans().count();
            children += c.children.len();
            peak = peak.max(c.record_count());
            records += c.record_count();
        }
        println!(
            "{councils} councils, {plans} active plans, {children} children, {records} records (largest council {peak}) in {:.1?}",
            start.elapsed()
        );
        return Ok(());
    }
    let like = match args.first() {
        Some(code) if code != "none" => Some(code.parse::<LaCode>()?),
        _ => None,
    };
    let cal = tables.calibrate(like)?;
    let la = match like {
        Some(code) => tables
            .local_authority(code)
            .cloned()
            .ok_or("no such council")?,
        None => LocalAuthority::exampleshire(),
    };
    let plans: u32 = args.get(1).map_or(Ok(3000), |s| s.parse())?;
    let start = Instant::now();
    let c = synth::generate_to(&la, &cal, plans, seed, today);
    println!(
        "{} ({}) built in {:.1?}",
        c.la.name,
        c.calibration_source,
        start.elapsed()
    );
    for n in &cal.notes {
        println!("  note: {n}");
    }
    summary(&c, &cal);
    if std::env::var_os("SYNTH_PEEK").is_some() {
        peek(&c);
    }
    Ok(())
}

fn summary(c: &Council, cal: &synth::Calibration) {
    println!(
        "{} settings, {} children, {} requests, {} plans ({} active), {} placements",
        c.settings.len(),
        c.children.len(),
        c.requests.len(),
        c.plans.len(),
        c.active_plans().count(),
        c.placements.len()
    );
    let mut by_type: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for s in &c.settings {
        let e = by_type
            .entry(format!("{} {}", s.setting_type, s.phase))
            .or_default();
        e.0 += 1;
        e.1 += usize::from(s.in_area);
        e.2 += s.provisions.len();
    }
    for (t, (n, local, provisions)) in by_type {
        println!("  {t:45} {n:4} ({local} in area, {provisions} provisions)");
    }
    let k = f64::from(c.active_plans().count() as u32) / f64::from(cal.active_plans);
    for f in &cal.flows {
        let y = f.activity_year;
        let received = c
            .requests
            .iter()
            .filter(|r| r.received_on.year() == y)
            .count();
        let refused = c
            .requests
            .iter()
            .filter(|r| r.received_on.year() == y && r.outcome == domain::RequestOutcome::No)
            .count();
        let withdrawn = c
            .requests
            .iter()
            .filter(|r| r.received_on.year() == y && r.outcome == domain::RequestOutcome::Withdrawn)
            .count();
        let issued = c.plans.iter().filter(|p| p.start_on.year() == y).count();
        let ceased = c
            .plans
            .iter()
            .filter(|p| p.cease_on.is_some_and(|d| d.year() == y))
            .count();
        println!(
            "  {y}: requests {received} (want {:.0}), refused {refused} ({:.0}), withdrawn {withdrawn}, issued {issued} ({:.0}), ceased {ceased} ({:.0})",
            f.requests_received * k,
            f.requests_refused * k,
            f.plans_issued_incl_exc * k,
            f.ceased * k
        );
    }
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for p in &c.plans {
        if let Some(r) = p.cease_reason {
            *reasons.entry(r.code().to_string()).or_default() += 1;
        }
    }
    println!("  cease reasons: {reasons:?}");
    let active_from_window = c
        .active_plans()
        .filter(|p| p.start_on.year() >= 2020)
        .count();
    println!("  active plans started 2020 or later: {active_from_window}");
    println!(
        "  to {}: {} open cases, {} caseworkers; {} advice, {} exceptions, {} reviews, {} phase transfers, {} plan versions, {} markers; {} records in all",
        c.today,
        c.open_cases(),
        c.caseworkers.len(),
        c.advice.len(),
        c.exceptions.len(),
        c.reviews.len(),
        c.phase_transfers.len(),
        c.plan_versions.len(),
        c.markers.len(),
        c.record_count()
    );
}

/// Prints a few records of each kind (`SYNTH_PEEK=1`).
pub fn peek(c: &Council) {
    for s in c.settings.iter().take(3).chain(
        c.settings
            .iter()
            .filter(|s| !s.provisions.is_empty())
            .take(2),
    ) {
        println!("{s:?}");
    }
    for ch in c
        .children
        .iter()
        .take(3)
        .chain(c.children.iter().rev().take(2))
    {
        println!("{ch:?}");
    }
    for r in c.requests.iter().rev().take(4) {
        println!("{r:?}");
    }
    for p in c.plans.iter().filter(|p| p.cease_on.is_some()).take(3) {
        println!("{p:?}");
    }
    for p in c.placements.iter().take(4) {
        println!("{p:?}");
    }
}
