//! Mitigations and scenarios: what a council plans to change, applied to the forecast from the
//! date it starts, and its effect as the difference of two runs with the same seed.
//!
//! A [`Mitigation`] is one computable change from a date: to the rates of a flow of children
//! (joiners into a setting, leavers from it, movers into or out of it), to what a setting costs,
//! or to how many places it has. A scenario is a list of mitigations applied together:
//! [`Forecast::with_mitigations`]. Names, themes, owners and RAG ratings are the app's to keep.
//!
//! **Rates** follow witan.send's `transitions-to-change` (forecasting.md §7.2): the historic
//! transitions the change selects are counted `factor` times instead of once and every rate is
//! estimated again (§3), so "20 % fewer moves into independent special schools" means the
//! forecast learns from a history with 20 % fewer such moves. Two differences, on purpose:
//! - the **joiner rate changes too**. witan.send estimates the joiner Beta from the unmodified
//!   rows (§7.2, QUIRK: `doc/dsdr/0002-modifying-joiner-rates.md`), so "fewer joiners into S"
//!   only shifts joiners from S to other settings and the number joining never falls. Here the
//!   joiner Beta uses the same counted transitions, so joiners into S fall and joiners elsewhere
//!   stay as they were;
//! - counts stay fractional (witan.send rounds each to whole rows, so a 20 % cut of one row is
//!   no cut), and a row matching two mitigations is counted once with both factors, not twice.
//!
//! A factor scales the evidence, not the prior: a factor of 0 on moves into S leaves the small
//! prior weight every allowed destination has (§3.3), so some moves into S remain. To close a
//! setting to newcomers, limit its places.
//!
//! **From a date.** Year Y of the forecast is the January census of Y, and the step into it
//! covers the year before (§0.3, §6.5). A mitigation from date D applies to every projected
//! year whose census is after D ([`Mitigation::first_year`]; "from September 2026" first
//! changes January 2027), and earlier years use the baseline rates, as witan.send's
//! `modify-transitions-date-range {:from Y}` does (§7.2). The seed year is the census itself
//! and never changes.
//!
//! **Common random numbers.** Every draw has its own random stream (`stream`), so a scenario
//! run with the same seed as the baseline draws exactly as the baseline wherever its rates and
//! counts are the baseline's: before the first year a mitigation applies, identically; after
//! it, in every cohort the change has not reached. The effect of a scenario is then the
//! difference of the two runs, simulation by simulation ([`Effect`]): its mean is the
//! difference of the means, and its spread is the uncertainty of the effect, not the much
//! larger uncertainty of each forecast.
//!
//! ```no_run
//! use chrono::NaiveDate;
//! use domain::forecast::{Change, Effect, Flow, Forecast, Inputs, Mitigation, ScenarioError};
//!
//! fn effect_of_fewer_moves(inputs: &Inputs) -> Result<(), ScenarioError> {
//!     // 20 % fewer moves into setting S (say, independent special schools) from September 2026.
//!     let fewer = Mitigation {
//!         change: Change::Rate { flow: Flow::MoversIn, settings: vec!["S".into()], needs: vec![], factor: 0.8 },
//!         from: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap_or_default(),
//!     };
//!     let baseline = Forecast::estimate(inputs, "population.csv")?.run(200, 42, 2);
//!     let mitigated = Forecast::with_mitigations(inputs, "population.csv", &[fewer])?.run(200, 42, 2);
//!     for year in Effect::between(&baseline, &mitigated)?.years {
//!         println!("{}: {:+.1} children, {} a year", year.year, year.count.mean, year.mean_cost);
//!     }
//!     Ok(())
//! }
//! ```

mod capacity;
mod effect;
mod sensitivity;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use chrono::NaiveDate;

pub(super) use capacity::hold_to_capacity;
pub use effect::{Effect, YearEffect};
pub use sensitivity::{Measure, Provision, ProvisionSensitivity, Sensitivity, TornadoBar};

use super::InputError;
use super::input::{Inputs, NONSEND, Transition};
use super::params::{Capacity, Forecast, Rates, needs_and_settings, seed_year};
use crate::Pence;
use crate::dates::sen2_census_date;

/// A flow of children whose historic transitions a mitigation scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// New plans into the settings (from `NONSEND`).
    Joiners,
    /// Plans ending from the settings (to `NONSEND`).
    Leavers,
    /// Moves into the settings from a setting not among them.
    MoversIn,
    /// Moves out of the settings to a setting not among them.
    MoversOut,
}

/// What a mitigation changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The flow's historic transitions into or out of `settings` (and, unless `needs` is empty,
    /// only for those needs) count `factor` times: 0.8 for "20 % fewer".
    Rate {
        flow: Flow,
        settings: Vec<String>,
        needs: Vec<String>,
        factor: f64,
    },
    /// The annual cost of a child in `settings` (with one of `needs`, unless empty) is
    /// multiplied by `factor` and rounded to the penny.
    Cost {
        settings: Vec<String>,
        needs: Vec<String>,
        factor: f64,
    },
    /// At most `places` children in `setting`; the excess goes to `excess_to` with the same
    /// NC year and need, newcomers first (see `capacity`). A setting that takes another's
    /// excess and is itself limited must be limited later in the list.
    Capacity {
        setting: String,
        places: u64,
        excess_to: String,
    },
}

/// A change from a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Mitigation {
    pub change: Change,
    /// The day it starts.
    pub from: NaiveDate,
}

impl Mitigation {
    /// The first January census the mitigation affects: the first whose SEN2 census date (the
    /// third Thursday of January) is after [`Self::from`].
    #[must_use]
    pub fn first_year(&self) -> i32 {
        let year = chrono::Datelike::year(&self.from);
        if sen2_census_date(year) > self.from {
            year
        } else {
            year + 1
        }
    }

    fn applies(&self, t: &Transition) -> Option<f64> {
        let Change::Rate {
            flow,
            settings,
            needs,
            factor,
        } = &self.change
        else {
            return None;
        };
        let among = |s: &str| settings.iter().any(|x| x == s);
        let need = |n: &str| needs.is_empty() || needs.iter().any(|x| x == n);
        let (in_1, in_2) = (t.setting_1 != NONSEND, t.setting_2 != NONSEND);
        let hit = match flow {
            Flow::Joiners => !in_1 && in_2 && among(&t.setting_2) && need(&t.need_2),
            Flow::Leavers => in_1 && !in_2 && among(&t.setting_1) && need(&t.need_1),
            Flow::MoversIn => {
                in_1 && in_2 && !among(&t.setting_1) && among(&t.setting_2) && need(&t.need_2)
            }
            Flow::MoversOut => {
                in_1 && in_2 && among(&t.setting_1) && !among(&t.setting_2) && need(&t.need_1)
            }
        };
        hit.then_some(*factor)
    }
}

/// A mitigation that cannot be applied, or a forecast that cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    /// Mitigation number `index` (from 0; shown from 1) has a bad `field`.
    #[error("mitigation {}, {field}: {problem}", index + 1)]
    Mitigation {
        index: usize,
        field: &'static str,
        problem: String,
    },
    /// A setting or percentage given to the sensitivity analysis.
    #[error("{field}: {problem}")]
    Sensitivity {
        field: &'static str,
        problem: String,
    },
    /// Two runs compared for an effect are not of the same forecast.
    #[error("the runs cannot be compared: {0}")]
    Incomparable(String),
    #[error(transparent)]
    Input(#[from] InputError),
}

impl Forecast {
    /// The forecast with a scenario's mitigations: the baseline's rates before each
    /// mitigation's [`Mitigation::first_year`], and from it the rates with every mitigation
    /// begun by then. With no mitigations it is [`Forecast::estimate`].
    ///
    /// # Errors
    /// A mitigation names a setting or need the forecast does not have, has a factor that is
    /// negative or not a number, or a capacity sends its excess to itself or to a setting
    /// limited earlier in the list; or, as [`Forecast::estimate`], the inputs.
    pub fn with_mitigations(
        inputs: &Inputs,
        population_file: &str,
        mitigations: &[Mitigation],
    ) -> Result<Self, ScenarioError> {
        // Checked first, so that a bad factor is reported as such and never estimated with.
        let (needs, settings) = needs_and_settings(inputs);
        let capacities = check(&needs, &settings, mitigations)?;
        let first = seed_year(inputs) + 1;
        // The projected years (from 0) at which the set of mitigations in force changes; a
        // mitigation begun before the first projected year applies from it.
        let starts: BTreeSet<usize> = mitigations
            .iter()
            .map(|m| usize::try_from(m.first_year() - first).unwrap_or(0))
            .collect();
        let in_force = |y: usize| -> Vec<(usize, &Mitigation)> {
            let year = first + y as i32;
            let active = mitigations.iter().enumerate();
            active.filter(|(_, m)| m.first_year() <= year).collect()
        };
        // The forecast with the rate changes in force, if any are.
        let estimate = |active: &[(usize, &Mitigation)]| -> Result<Option<Self>, InputError> {
            let rated = |m: &Mitigation| matches!(m.change, Change::Rate { .. });
            if !active.iter().any(|(_, m)| rated(m)) {
                return Ok(None);
            }
            let weight = |t: &Transition| active.iter().filter_map(|(_, m)| m.applies(t)).product();
            Self::estimate_weighted(inputs, population_file, &weight).map(Some)
        };
        // A scenario that changes rates from the first projected year never uses the
        // baseline's rates (the seed year is the census, costed as the baseline), so the
        // estimate for that first set of mitigations serves as the base: one estimate, not
        // two, which is much of a sensitivity analysis's time.
        let opening = match starts.first() {
            Some(0) => estimate(&in_force(0))?,
            _ => None,
        };
        let mut forecast = match opening {
            Some(f) => f,
            None => Self::estimate(inputs, population_file)?,
        };
        for y in starts.into_iter().filter(|&y| y < forecast.years.len()) {
            let active = in_force(y);
            let mut rates = match y {
                // Either the rates just estimated for these mitigations or the baseline's.
                0 => forecast.rates.clone(),
                _ => estimate(&active)?.map_or_else(|| forecast.rates.clone(), |f| f.rates),
            };
            for (i, m) in &active {
                apply(&forecast, &mut rates, m, capacities[*i]);
            }
            forecast.later.push((y, rates));
        }
        Ok(forecast)
    }
}

/// Changes a year's costs or capacity for one mitigation in force (rates are done by then).
fn apply(forecast: &Forecast, rates: &mut Rates, m: &Mitigation, capacity: Option<Capacity>) {
    if let Change::Cost {
        settings,
        needs,
        factor,
    } = &m.change
    {
        let n_settings = forecast.settings.len();
        for (x, cost) in rates.cost.iter_mut().enumerate() {
            let setting = &forecast.settings[x % n_settings];
            let need = &forecast.needs[x / n_settings];
            if settings.contains(setting) && (needs.is_empty() || needs.contains(need)) {
                // Costs are at most millions of pounds; a factor is checked to be finite.
                *cost = Pence((cost.get() as f64 * factor).round() as i64);
            }
        }
    }
    rates.capacity.extend(capacity);
}

/// Checks every mitigation against the forecast's needs and settings, and makes each capacity limit's numbers.
fn check(
    known_needs: &[String],
    known_settings: &[String],
    mitigations: &[Mitigation],
) -> Result<Vec<Option<Capacity>>, ScenarioError> {
    let setting = |index, field, code: &str| {
        known_settings
            .iter()
            .position(|s| s == code)
            .ok_or_else(|| ScenarioError::Mitigation {
                index,
                field,
                problem: format!(
                    "`{code}` is not one of the forecast's settings ({})",
                    known_settings.join(", ")
                ),
            })
    };
    let mut limited = BTreeSet::new();
    let mut capacities = Vec::with_capacity(mitigations.len());
    for (index, m) in mitigations.iter().enumerate() {
        let error = |field, problem: String| ScenarioError::Mitigation {
            index,
            field,
            problem,
        };
        match &m.change {
            Change::Rate {
                settings,
                needs,
                factor,
                ..
            }
            | Change::Cost {
                settings,
                needs,
                factor,
            } => {
                if settings.is_empty() {
                    return Err(error("settings", "names no setting".to_owned()));
                }
                for s in settings {
                    setting(index, "settings", s)?;
                }
                if let Some(n) = needs.iter().find(|n| !known_needs.contains(n)) {
                    return Err(error(
                        "needs",
                        format!(
                            "`{n}` is not one of the forecast's needs ({})",
                            known_needs.join(", ")
                        ),
                    ));
                }
                if !(factor.is_finite() && *factor >= 0.0) {
                    return Err(error(
                        "factor",
                        format!("{factor} is not a number of times, 0 or more"),
                    ));
                }
                capacities.push(None);
            }
            Change::Capacity {
                setting: code,
                places,
                excess_to,
            } => {
                let s = setting(index, "setting", code)?;
                let to = setting(index, "excess_to", excess_to)?;
                if s == to {
                    return Err(error(
                        "excess_to",
                        "must be another setting than the one limited".to_owned(),
                    ));
                }
                if limited.contains(&to) {
                    return Err(error(
                        "excess_to",
                        format!(
                            "`{excess_to}` is limited by an earlier mitigation, so its own places would be exceeded; list this one first"
                        ),
                    ));
                }
                limited.insert(s);
                capacities.push(Some(Capacity {
                    setting: s,
                    places: *places,
                    excess_to: to,
                }));
            }
        }
    }
    Ok(capacities)
}
