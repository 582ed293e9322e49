//! A forecast's results year by year, as the council's pages and the DSG management plan read
//! them: each year's plans and cost over the simulations, and the mean count by setting, need
//! and NC year.

use super::simulate::{Breakdown, Runs};
use super::summary::Stats;
use super::{MAX_AY, MIN_AY};

/// One year of a forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct YearForecast {
    /// The January.
    pub year: i32,
    /// Plans in force.
    pub plans: Stats,
    /// What they cost a year, in pounds.
    pub cost: Stats,
    /// The mean count in each setting, by its code.
    pub by_setting: Vec<(String, f64)>,
    /// The mean count with each need, by its code.
    pub by_need: Vec<(String, f64)>,
    /// The mean count in each NC year, −5 to 25.
    pub by_nc_year: Vec<(i32, f64)>,
    /// The mean count of every cell of NC year × need × setting that any simulation filled, as
    /// `(NC year, need code, setting code, mean)`.
    pub by_cell: Vec<(i32, String, String, f64)>,
}

/// The year-by-year results of `runs`, the starting census first.
#[must_use]
pub fn yearly(runs: &Runs) -> Vec<YearForecast> {
    let mean = |v: Vec<u64>| {
        let n = v.len().max(1) as f64;
        v.into_iter().map(|c| c as f64).sum::<f64>() / n
    };
    let as_f64 = |v: Vec<u64>| v.into_iter().map(|c| c as f64).collect::<Vec<_>>();
    runs.years()
        .iter()
        .enumerate()
        .filter_map(|(y, &year)| {
            let pounds: Vec<f64> = runs
                .costs(y)
                .iter()
                .map(|p| p.get() as f64 / 100.0)
                .collect();
            Some(YearForecast {
                year,
                plans: Stats::of(&as_f64(runs.counts(y, Breakdown::Total)))?,
                cost: Stats::of(&pounds)?,
                by_setting: (runs.settings.iter().enumerate())
                    .map(|(i, s)| (s.clone(), mean(runs.counts(y, Breakdown::Setting(i)))))
                    .collect(),
                by_need: (runs.needs.iter().enumerate())
                    .map(|(i, n)| (n.clone(), mean(runs.counts(y, Breakdown::Need(i)))))
                    .collect(),
                by_nc_year: (MIN_AY..=MAX_AY)
                    .map(|a| (a, mean(runs.counts(y, Breakdown::AcademicYear(a)))))
                    .collect(),
                by_cell: (runs.mean_cells(y).into_iter())
                    .map(|(ay, need, setting, mean)| {
                        let code = |codes: &[String], i: usize| codes[i].clone();
                        (
                            ay,
                            code(&runs.needs, need),
                            code(&runs.settings, setting),
                            mean,
                        )
                    })
                    .collect(),
            })
        })
        .collect()
}
