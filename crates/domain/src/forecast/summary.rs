//! Summary statistics over simulations and the witan.send output files (forecasting.md §6).
//!
//! The files have witan.send's names and columns, so tools built for its output read ours.
//! The statistics are what the column names say, computed from the values themselves:
//!
//! - no HdrHistogram (§6.2): witan.send stored each value in a 3-significant-digit histogram,
//!   so any total of 2,048 or more came out rounded to a bucket (a mean +0.5 high, medians
//!   always even, costs to £2,048). Here every value is exact.
//! - zero-filled (§6.1 Q4): a need or setting with no children in a simulation counts as 0 in
//!   that simulation, instead of being left out of its mean and quantiles.
//!
//! Kept from witan.send: `std-dev` divides by the number of simulations (the population SD),
//! quantiles are nearest-rank (the ⌊q·N + ½⌋-th smallest value, at least the first), `iqr` is
//! q3 − q1, and `low-ci`/`high-ci` are mean ∓ 1.96·sd/√N, the 95 % interval for the mean.
//! Numbers are rounded to 2 decimal places and printed as witan.send prints them (`2154.0`,
//! `25.81`).

use std::fmt::Write;

use super::simulate::{Breakdown, Runs};
use super::{MAX_AY, MIN_AY};

/// Statistics of one quantity over the simulations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    pub mean: f64,
    /// Population standard deviation (divides by N).
    pub sd: f64,
    pub min: f64,
    pub low_95: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub high_95: f64,
    pub max: f64,
    /// The 95 % confidence interval for the mean.
    pub low_ci: f64,
    pub high_ci: f64,
}

impl Stats {
    /// The statistics of `values` (one per simulation); `None` when there are none.
    #[must_use]
    pub fn of(values: &[f64]) -> Option<Self> {
        if values.is_empty() {
            return None;
        }
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len() as f64;
        let mean = sorted.iter().sum::<f64>() / n;
        let sd = (sorted.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
        let rank = |q: f64| {
            let c = ((q / 100.0) * n + 0.5).floor().max(1.0) as usize;
            sorted[c.min(sorted.len()) - 1]
        };
        let half_width = 1.96 * sd / n.sqrt();
        Some(Self {
            mean,
            sd,
            min: sorted[0],
            low_95: rank(2.5),
            q1: rank(25.0),
            median: rank(50.0),
            q3: rank(75.0),
            high_95: rank(97.5),
            max: sorted[sorted.len() - 1],
            low_ci: mean - half_width,
            high_ci: mean + half_width,
        })
    }

    /// The standard error of the mean (sample SD over √N): how far the mean of this many
    /// simulations may stray from the model's true expectation.
    #[must_use]
    pub fn standard_error(&self, simulations: usize) -> f64 {
        let n = simulations as f64;
        if n < 2.0 {
            return 0.0;
        }
        self.sd * (n / (n - 1.0)).sqrt() / n.sqrt()
    }
}

/// The statistic columns, after the key columns.
const STAT_COLUMNS: &str =
    "mean,std-dev,iqr,min,low-95pc-bound,q1,median,q3,high-95pc-bound,max,low-ci,high-ci";

/// The five output files, by name, as CSV text: `Output_Count.csv`, `Output_Cost.csv`,
/// `Output_AY.csv`, `Output_Need.csv` and `Output_Setting.csv`. Rows are by year, then key.
#[must_use]
pub fn output_files(runs: &Runs) -> Vec<(&'static str, String)> {
    let as_f64 = |v: Vec<u64>| v.into_iter().map(|c| c as f64).collect::<Vec<_>>();
    let mut count = header("");
    let mut cost = header("");
    let mut by_ay = header("academic-year,");
    let mut by_need = header("need,");
    let mut by_setting = header("setting,");
    for (y, &year) in runs.years().iter().enumerate() {
        row(
            &mut count,
            year,
            None,
            &as_f64(runs.counts(y, Breakdown::Total)),
        );
        let pounds: Vec<f64> = runs
            .costs(y)
            .iter()
            .map(|p| p.get() as f64 / 100.0)
            .collect();
        row(&mut cost, year, None, &pounds);
        for a in MIN_AY..=MAX_AY {
            let values = as_f64(runs.counts(y, Breakdown::AcademicYear(a)));
            row(&mut by_ay, year, Some(&a.to_string()), &values);
        }
        for (i, need) in runs.needs.iter().enumerate() {
            row(
                &mut by_need,
                year,
                Some(need),
                &as_f64(runs.counts(y, Breakdown::Need(i))),
            );
        }
        for (i, setting) in runs.settings.iter().enumerate() {
            let values = as_f64(runs.counts(y, Breakdown::Setting(i)));
            row(&mut by_setting, year, Some(setting), &values);
        }
    }
    vec![
        ("Output_Count.csv", count),
        ("Output_Cost.csv", cost),
        ("Output_AY.csv", by_ay),
        ("Output_Need.csv", by_need),
        ("Output_Setting.csv", by_setting),
    ]
}

fn header(key: &str) -> String {
    format!("calendar-year,{key}{STAT_COLUMNS}\n")
}

fn row(out: &mut String, year: i32, key: Option<&str>, values: &[f64]) {
    let Some(s) = Stats::of(values) else {
        return;
    };
    let _ = write!(out, "{year},");
    if let Some(key) = key {
        // Codes come from the input files; quote one that would break the row.
        if key.contains([',', '"', '\n']) {
            let _ = write!(out, "\"{}\",", key.replace('"', "\"\""));
        } else {
            let _ = write!(out, "{key},");
        }
    }
    let columns = [
        s.mean,
        s.sd,
        s.q3 - s.q1,
        s.min,
        s.low_95,
        s.q1,
        s.median,
        s.q3,
        s.high_95,
        s.max,
        s.low_ci,
        s.high_ci,
    ];
    let text: Vec<String> = columns.iter().map(|&v| number(v)).collect();
    let _ = writeln!(out, "{}", text.join(","));
}

/// A number as witan.send prints it: rounded to 2 decimal places, then as a double, with at
/// least one decimal (`2154.0`, `25.8`, `25.81`).
#[must_use]
pub fn number(v: f64) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0');
    let text = if text.ends_with('.') {
        format!("{text}0")
    } else {
        text.to_owned()
    };
    if text == "-0.0" {
        "0.0".to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_are_exact_nearest_rank() {
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        let s = Stats::of(&values).unwrap();
        assert_eq!(s.mean, 5.5);
        assert!((s.sd - 8.25f64.sqrt()).abs() < 1e-12);
        // ⌊0.25·10 + 0.5⌋ = 3rd, ⌊5.5⌋ = 5th, ⌊8⌋ = 8th; 2.5 % → 1st, 97.5 % → 10th.
        assert_eq!((s.q1, s.median, s.q3), (3.0, 5.0, 8.0));
        assert_eq!((s.low_95, s.high_95, s.min, s.max), (1.0, 10.0, 1.0, 10.0));
        assert!((s.high_ci - s.mean - 1.96 * s.sd / 10f64.sqrt()).abs() < 1e-12);
        let one = Stats::of(&[2153.0]).unwrap();
        assert_eq!(
            (one.mean, one.sd, one.median, one.low_95),
            (2153.0, 0.0, 2153.0, 2153.0)
        );
        assert!(Stats::of(&[]).is_none());
    }

    #[test]
    fn numbers_print_as_witan_prints_them() {
        assert_eq!(number(2154.0), "2154.0");
        assert_eq!(number(25.8149), "25.81");
        assert_eq!(number(25.8), "25.8");
        assert_eq!(number(-0.001), "0.0");
        assert_eq!(number(2_153_471.0), "2153471.0");
    }
}
