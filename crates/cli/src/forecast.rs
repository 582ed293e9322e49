//! `highneeds forecast`: the SEND demand and cost forecast (`domain::forecast`) from witan.send's
//! four input files, writing its summary files (docs/formats/forecast.md). It needs no database.

use std::path::{Path, PathBuf};

use clap::Args;
use domain::Pence;
use domain::forecast::{Breakdown, Source, Sources, Stats, output_files};

#[derive(Args)]
pub struct ForecastArgs {
    /// Historic transitions: one row per child between two January censuses
    /// (calendar-year, setting-1, need-1, academic-year-1, setting-2, need-2, academic-year-2).
    #[arg(long, value_name = "FILE")]
    transitions: PathBuf,
    /// General population by calendar-year and academic-year; its years after the starting
    /// census are the years forecast.
    #[arg(long, value_name = "FILE")]
    population: PathBuf,
    /// Annual cost in pounds by need and setting (a pair not listed costs nothing).
    #[arg(long, value_name = "FILE")]
    costs: PathBuf,
    /// Each setting's NC years, needs and the settings its movers may go to.
    #[arg(long, value_name = "FILE")]
    valid_states: PathBuf,
    /// How many simulations to run.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    simulations: u32,
    /// The random seed: the same seed and inputs give the same results.
    #[arg(long, default_value_t = 50)]
    seed: u64,
    /// Threads to run simulations on (the results do not depend on it); all cores by default.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    threads: Option<u32>,
    /// Folder to write Output_Count.csv, Output_Cost.csv, Output_AY.csv, Output_Need.csv and
    /// Output_Setting.csv to (made if missing; files of those names are replaced).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

pub fn run(args: ForecastArgs) -> anyhow::Result<()> {
    let read = |path: &Path| {
        std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
    };
    let names = [
        &args.transitions,
        &args.population,
        &args.costs,
        &args.valid_states,
    ]
    .map(|p| p.display().to_string());
    let texts = [
        read(&args.transitions)?,
        read(&args.population)?,
        read(&args.costs)?,
        read(&args.valid_states)?,
    ];
    let source = |i: usize| Source {
        name: &names[i],
        text: &texts[i],
    };
    let forecast = Sources {
        transitions: source(0),
        population: source(1),
        costs: source(2),
        valid_states: source(3),
    }
    .forecast()
    .map_err(|e| anyhow::anyhow!("{e}"))?;

    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        |t| t as usize,
    );
    let simulations = args.simulations as usize;
    let runs = forecast.run(simulations, args.seed, threads);

    std::fs::create_dir_all(&args.out)
        .map_err(|e| anyhow::anyhow!("cannot make {}: {e}", args.out.display()))?;
    let files = output_files(&runs);
    for (name, text) in &files {
        let path = args.out.join(name);
        std::fs::write(&path, text)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }

    println!(
        "Forecast from the January {} census ({} children and young people), {simulations} simulation{}, seed {}:",
        forecast.seed_year(),
        forecast.initial_total(),
        if simulations == 1 { "" } else { "s" },
        args.seed
    );
    println!("  year   mean count   95% range         mean cost");
    for (y, year) in runs.years().iter().enumerate() {
        let counts: Vec<f64> = runs
            .counts(y, Breakdown::Total)
            .iter()
            .map(|&c| c as f64)
            .collect();
        let costs: Vec<f64> = runs.costs(y).iter().map(|p| p.get() as f64).collect();
        let (Some(count), Some(cost)) = (Stats::of(&counts), Stats::of(&costs)) else {
            continue;
        };
        // The mean of whole pence, rounded to the penny for display.
        let cost = Pence(cost.mean.round() as i64);
        println!(
            "  {year}   {:>10.1}   {:>7} to {:<7}   {cost}",
            count.mean, count.low_95, count.high_95
        );
    }
    let written: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    println!("Wrote {} to {}.", written.join(", "), args.out.display());
    Ok(())
}
