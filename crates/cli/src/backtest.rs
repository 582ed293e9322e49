//! `highneeds backtest`: fit the forecast's method on DfE's published council series up to a
//! year, forecast the next three Januaries and score them against what was published, beside a
//! linear trend (`domain::forecast::backtest`, docs/backtest.md). It needs no database.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use domain::forecast::backtest::{self, Accuracy, Backtest, HORIZON, Method, Options};

#[derive(Args)]
pub struct BacktestArgs {
    /// DfE's EHC plan series by council (`la_ehcp_timeseries.csv`).
    #[arg(long, value_name = "FILE")]
    series: PathBuf,
    /// The last January to fit on; the three Januaries after it are forecast and compared.
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(1900..=2200))]
    fit_to: i32,
    /// Backtest one council only, by its DfE three-digit LA code.
    #[arg(long, value_name = "CODE")]
    la: Option<String>,
    /// Simulations of the model per council.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    simulations: u32,
    /// The random seed: the same seed and file give the same results.
    #[arg(long, default_value_t = 50)]
    seed: u64,
    /// Write every council's forecasts and errors to this CSV file.
    #[arg(long, value_name = "FILE.csv")]
    out: Option<PathBuf>,
}

pub fn run(args: BacktestArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let name = args.series.display().to_string();
    let text = std::fs::read_to_string(&args.series)
        .map_err(|e| anyhow::anyhow!("cannot read {name}: {e}"))?;
    let mut series = backtest::parse(&name, &text).map_err(|e| anyhow::anyhow!("{e}"))?;
    if let Some(la) = &args.la {
        let code = crate::parse_la(la)?.to_string();
        series.retain(|s| s.code == code);
        if series.is_empty() {
            anyhow::bail!("--la: council {code} has no rows in {name}");
        }
    }
    let options = Options {
        fit_to: args.fit_to,
        horizon: HORIZON,
        simulations: args.simulations as usize,
        seed: args.seed,
    };
    let result = backtest::run(&series, &options);
    if result.councils.is_empty() {
        let why = result.skipped.first().map_or("", |s| s.reason.as_str());
        anyhow::bail!(
            "no council in {name} can be backtested from {} (for example: {why})",
            args.fit_to
        );
    }
    if let Some(path) = &args.out {
        std::fs::write(path, csv(&result))
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    print!("{}", report(&result));
    if let Some(path) = &args.out {
        println!("Wrote every forecast to {}.", path.display());
    }
    println!("Took {:.2} s.", started.elapsed().as_secs_f64());
    Ok(())
}

/// The printed report: each council's percentage errors, the councils skipped and why, and the
/// accuracy of both methods by horizon and overall.
fn report(b: &Backtest) -> String {
    let o = b.options;
    let last = o.fit_to + o.horizon as i32;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Backtest: fitted on the Januaries up to {}, forecasting {} to {last}; {} simulation{} a council, seed {}.",
        o.fit_to,
        o.fit_to + 1,
        o.simulations,
        if o.simulations == 1 { "" } else { "s" },
        o.seed
    );
    let _ = writeln!(
        out,
        "\nPercentage error of each forecast (above 0: too high), {} to {last}:",
        o.fit_to + 1
    );
    let _ = writeln!(
        out,
        "  {:<44} {:>24}   {:>24}",
        "council", "model", "linear trend"
    );
    for c in &b.councils {
        let errors = |m: Method| {
            c.outcomes
                .iter()
                .map(|x| format!("{:>+7.1}%", x.percentage_error(m)))
                .collect::<String>()
        };
        let council = format!("{} {}", c.code, c.name);
        let _ = writeln!(
            out,
            "  {council:<44} {:>24}   {:>24}",
            errors(Method::Model),
            errors(Method::Trend)
        );
    }
    if let [c] = b.councils.as_slice() {
        let _ = writeln!(
            out,
            "\n  {:<6} {:>7}   {:<30} linear trend (95% range)",
            "year", "actual", "model mean (95% range)"
        );
        for x in &c.outcomes {
            let model = format!(
                "{:.1} ({:.0} to {:.0})",
                x.model.mean, x.model.low_95, x.model.high_95
            );
            let trend = x.trend_95.map_or_else(
                || format!("{:.1}", x.trend),
                |(l, h)| format!("{:.1} ({l:.0} to {h:.0})", x.trend),
            );
            let _ = writeln!(out, "  {:<6} {:>7}   {model:<30} {trend}", x.year, x.actual);
        }
    }
    let clamped: Vec<String> = b
        .councils
        .iter()
        .filter(|c| c.model.leavers_clamped)
        .map(|c| format!("{} {}", c.code, c.name))
        .collect();
    if !clamped.is_empty() {
        let _ = writeln!(
            out,
            "\nMore plans arrived than the new plans explain over the fitting years, so the model's leaving rate is taken as 0 for: {}.",
            clamped.join("; ")
        );
    }
    if !b.skipped.is_empty() {
        let _ = writeln!(out, "\nNot backtested ({}):", b.skipped.len());
        for s in &b.skipped {
            let _ = writeln!(out, "  {} {}: {}", s.code, s.name, s.reason);
        }
    }
    let _ = writeln!(
        out,
        "\nAccuracy over {} council{} (MAPE: mean absolute percentage error; bias: mean signed error; coverage: actuals inside the 95% range):",
        b.councils.len(),
        if b.councils.len() == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        out,
        "  {:<14} {:<10} {:>9} {:>8} {:>8} {:>9}",
        "method", "year", "forecasts", "MAPE", "bias", "coverage"
    );
    for method in Method::ALL {
        let years = (1..=o.horizon).map(|a| (Some(a), (o.fit_to + a as i32).to_string()));
        for (ahead, label) in years.chain([(None, "all".to_owned())]) {
            if let Some(a) = b.accuracy(method, ahead) {
                let _ = writeln!(out, "  {:<14} {label:<10} {}", method.label(), accuracy(&a));
            }
        }
    }
    out
}

fn accuracy(a: &Accuracy) -> String {
    let coverage = a
        .coverage
        .map_or_else(|| "-".to_owned(), |c| format!("{:.1}%", 100.0 * c));
    format!(
        "{:>9} {:>7.2}% {:>+7.2}% {coverage:>9}",
        a.forecasts, a.mape, a.bias
    )
}

/// Every forecast as CSV, one row per council and year.
fn csv(b: &Backtest) -> String {
    let mut out = String::from(
        "la_code,la_name,fit_to,year,ahead,actual,model_mean,model_low_95,model_high_95,model_pct_error,trend,trend_low_95,trend_high_95,trend_pct_error\n",
    );
    for c in &b.councils {
        let name = if c.name.contains([',', '"']) {
            format!("\"{}\"", c.name.replace('"', "\"\""))
        } else {
            c.name.clone()
        };
        for x in &c.outcomes {
            let (low, high) = x.trend_95.map_or((String::new(), String::new()), |(l, h)| {
                (format!("{l:.1}"), format!("{h:.1}"))
            });
            let _ = writeln!(
                out,
                "{},{name},{},{},{},{},{:.2},{},{},{:.3},{:.1},{low},{high},{:.3}",
                c.code,
                b.options.fit_to,
                x.year,
                x.ahead,
                x.actual,
                x.model.mean,
                x.model.low_95,
                x.model.high_95,
                x.percentage_error(Method::Model),
                x.trend,
                x.percentage_error(Method::Trend)
            );
        }
    }
    out
}
