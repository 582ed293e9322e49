//! The effect of a scenario: the scenario run minus the baseline run, simulation by simulation,
//! both with the same seed (common random numbers, see [`super`]).
//!
//! Because simulation k of both runs drew the same chance events wherever the rates agree, the
//! per-simulation difference isolates what the mitigations changed. Its mean is exactly the
//! difference of the two runs' means; its quantiles say how sure the effect is, and are far
//! narrower than the two forecasts' own ranges, which mostly share the same uncertainty.

use super::ScenarioError;
use crate::Pence;
use crate::forecast::summary::Stats;
use crate::forecast::{Breakdown, Runs};

/// The effect in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearEffect {
    /// The January census year.
    pub year: i32,
    /// Children: scenario minus baseline, over the simulations.
    pub count: Stats,
    /// Cost in pounds a year: scenario minus baseline, over the simulations.
    pub cost: Stats,
    /// The mean change in cost, to the penny: what the deficit changes by, on average.
    pub mean_cost: Pence,
}

/// The effect of a scenario in every year, the seed year first (always no change).
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    pub years: Vec<YearEffect>,
}

impl Effect {
    /// The effect on the whole forecast: all children and their total cost.
    ///
    /// # Errors
    /// The runs are not of the same years, settings and number of simulations.
    pub fn between(baseline: &Runs, scenario: &Runs) -> Result<Self, ScenarioError> {
        Self::of(baseline, scenario, None)
    }

    /// The effect on one setting (by its position in `Forecast::settings`): the children in
    /// it and what they cost.
    ///
    /// # Errors
    /// As [`Self::between`], or the setting is out of range.
    pub fn in_setting(
        baseline: &Runs,
        scenario: &Runs,
        setting: usize,
    ) -> Result<Self, ScenarioError> {
        if setting >= baseline.settings.len() {
            return Err(ScenarioError::Incomparable(format!(
                "there is no setting number {setting}"
            )));
        }
        Self::of(baseline, scenario, Some(setting))
    }

    fn of(baseline: &Runs, scenario: &Runs, setting: Option<usize>) -> Result<Self, ScenarioError> {
        comparable(baseline, scenario)?;
        let part = setting.map_or(Breakdown::Total, Breakdown::Setting);
        let costs = |runs: &Runs, y| match setting {
            Some(s) => runs.setting_costs(y, s),
            None => runs.costs(y),
        };
        let stats = |v: &[f64]| {
            Stats::of(v).ok_or_else(|| ScenarioError::Incomparable("no simulations".to_owned()))
        };
        let years = baseline.years().iter().enumerate().map(|(y, &year)| {
            let counts: Vec<f64> = scenario
                .counts(y, part)
                .into_iter()
                .zip(baseline.counts(y, part))
                .map(|(s, b)| s as f64 - b as f64)
                .collect();
            let pence: Vec<i64> = costs(scenario, y)
                .into_iter()
                .zip(costs(baseline, y))
                .map(|(s, b)| s.get() - b.get())
                .collect();
            let pounds: Vec<f64> = pence.iter().map(|&p| p as f64 / 100.0).collect();
            Ok::<_, ScenarioError>(YearEffect {
                year,
                count: stats(&counts)?,
                cost: stats(&pounds)?,
                mean_cost: mean_pence(&pence),
            })
        });
        Ok(Self {
            years: years.collect::<Result<_, _>>()?,
        })
    }
}

/// The mean of amounts in pence, rounded half away from zero, summed exactly in i128.
pub(super) fn mean_pence(values: &[i64]) -> Pence {
    let n = values.len().max(1) as i128;
    let sum: i128 = values.iter().map(|&v| i128::from(v)).sum();
    let rounded = (2 * sum + sum.signum() * n) / (2 * n);
    Pence(i64::try_from(rounded).unwrap_or(i64::MAX))
}

fn comparable(a: &Runs, b: &Runs) -> Result<(), ScenarioError> {
    let problem = if a.years() != b.years() {
        "they are of different years"
    } else if a.simulations() != b.simulations() {
        "they have different numbers of simulations"
    } else if a.simulations() == 0 {
        "they have no simulations"
    } else if a.settings != b.settings || a.needs != b.needs {
        "they have different settings or needs"
    } else {
        return Ok(());
    };
    Err(ScenarioError::Incomparable(problem.to_owned()))
}
