//! The forecast's inputs from a council's own casework (issue 7, point 2): what each child's
//! need, setting and NC year was on each January census, read from their plans, placements and
//! birth date, turned into the four inputs witan.send reads (forecasting.md §2).
//!
//! - **Transitions** (§2.1): for each pair of consecutive Januaries, one row per child with a
//!   plan in force on either census day (the SEN2 census, the third Thursday of January). A
//!   child without a plan on a census day is `NONSEND` there.
//! - **Setting**: the DfE placement category of the placement the child was in on the census
//!   day ([`PlacementCategory`], the leaf columns of the DfE placement breakdown), so the
//!   forecast's settings group exactly into the DSG management plan's seven totals. A plan with
//!   no placement on the day is `placement_unknown`, as the DfE counts it.
//! - **Need**: the child's primary need as recorded now; casework keeps needs undated, so a need
//!   that changed is read as the current one in every January. A plan with no primary need
//!   recorded is counted under `OTH` rather than dropped, so the forecast starts from the whole
//!   caseload.
//! - **NC year**: the expected year group for the child's age on 31 August (`dates::nc_year_on`).
//! - **Valid states** (§2.4): every setting seen, with the NC years and needs seen in it, each
//!   able to move to every other setting seen.
//! - **Costs** (§2.3): the mean annual cost (place funding, top-up and fees; transport is not
//!   paid from the high needs block) of the placements with recorded costs running on the last
//!   census day, for each need and setting; where a need has none in a setting, the setting's
//!   mean over all needs; where the setting has none, nothing.
//! - **Population** (§2.2): casework has no general population. A steady population per NC
//!   year, given by the caller, stands in: the joining rate is then the historic joiners over
//!   that population and the projected joiners that rate times the same population, so the
//!   joiners carry on at their historic level, as the backtest's aggregate model also assumes.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::input::{Cost, Inputs, Population, Transition, ValidSetting};
use super::{InputError, MAX_AY, MIN_AY, NONSEND};
use crate::dates::{nc_year_on, sen2_census_date};
use crate::sen2::SenType;
use crate::{Pence, PlacementCategory};

/// What the casework is called in messages about it.
const SOURCE: &str = "casework";

/// One child's history, as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildHistory {
    pub birth_date: NaiveDate,
    pub primary_need: Option<SenType>,
    pub plans: Vec<PlanSpell>,
    pub placements: Vec<PlacementSpell>,
}

/// A plan from its start to the day it ceased (if it has).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanSpell {
    pub start_on: NaiveDate,
    pub cease_on: Option<NaiveDate>,
}

/// A placement from its entry to its last day, with what it costs a year on the high needs
/// block if costs were recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacementSpell {
    pub category: PlacementCategory,
    pub entry_on: NaiveDate,
    /// The last day at the setting.
    pub leaving_on: Option<NaiveDate>,
    pub annual: Option<Pence>,
}

impl PlacementSpell {
    fn runs_on(&self, day: NaiveDate) -> bool {
        self.entry_on <= day && self.leaving_on.is_none_or(|last| last >= day)
    }
}

/// Where a child with a plan was on one census day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CensusState {
    pub need: SenType,
    pub category: PlacementCategory,
    /// The NC year, −5 to 25.
    pub nc_year: i32,
}

impl ChildHistory {
    /// The child's NC year on a day, if the model can hold it (−5 to 25).
    fn nc_year(&self, day: NaiveDate) -> Option<i32> {
        let ay = i32::from(nc_year_on(self.birth_date, day).get());
        (MIN_AY..=MAX_AY).contains(&ay).then_some(ay)
    }

    /// The placement running on `day`; of two, the one entered last (recording a placement
    /// ends the one before, so two overlap only in hand-entered history).
    fn placement_on(&self, day: NaiveDate) -> Option<&PlacementSpell> {
        self.placements
            .iter()
            .filter(|p| p.runs_on(day))
            .max_by_key(|p| p.entry_on)
    }

    /// The child's state on the census of January `year`, or `None` without a plan in force
    /// that day (a plan ceases on its cease date) or outside the NC years the model holds.
    #[must_use]
    pub fn state_in(&self, year: i32) -> Option<CensusState> {
        let day = sen2_census_date(year);
        let in_force = self
            .plans
            .iter()
            .any(|p| p.start_on <= day && p.cease_on.is_none_or(|c| c > day));
        if !in_force {
            return None;
        }
        Some(CensusState {
            need: self.primary_need.unwrap_or(SenType::Oth),
            category: self
                .placement_on(day)
                .map_or(PlacementCategory::PlacementUnknown, |p| p.category),
            nc_year: self.nc_year(day)?,
        })
    }
}

/// What to derive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The January the forecast starts from.
    pub last_census: i32,
    /// How many Januaries of history before it to learn the rates from (at least 1).
    pub history_years: u32,
    /// How many Januaries after it to forecast (at least 1).
    pub horizon: u32,
    /// The steady general population of each NC year.
    pub population_per_year_group: u64,
}

/// The forecast's inputs from casework, and the caseload on the last census.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilInputs {
    pub inputs: Inputs,
    /// Every plan in force on the last census, by state.
    pub last_census: Vec<CensusState>,
    /// Settings with no recorded costs at all, which the forecast costs at nothing.
    pub uncosted_settings: Vec<PlacementCategory>,
}

/// Derives the forecast's inputs from every child's history.
///
/// # Errors
/// No child had a plan in force on any census of the history (there is nothing to learn from).
pub fn derive(children: &[ChildHistory], options: &Options) -> Result<CouncilInputs, InputError> {
    let history_years = i32::try_from(options.history_years.max(1)).unwrap_or(1);
    let horizon = i32::try_from(options.horizon.max(1)).unwrap_or(1);
    let first = options.last_census - history_years;
    let mut transitions = Vec::new();
    let mut seen: BTreeMap<PlacementCategory, (i32, i32, BTreeSet<SenType>)> = BTreeMap::new();
    let mut last_census = Vec::new();
    for child in children {
        let states: Vec<Option<CensusState>> = (first..=options.last_census)
            .map(|y| child.state_in(y))
            .collect();
        for s in states.iter().flatten() {
            let entry = seen
                .entry(s.category)
                .or_insert((s.nc_year, s.nc_year, BTreeSet::new()));
            entry.0 = entry.0.min(s.nc_year);
            entry.1 = entry.1.max(s.nc_year);
            entry.2.insert(s.need);
        }
        last_census.extend(states.last().copied().flatten());
        for (year, pair) in (first..).zip(states.windows(2)) {
            if let Some(t) = transition(child, year, pair[0], pair[1]) {
                transitions.push(t);
            }
        }
    }
    if transitions.is_empty() || seen.is_empty() {
        return Err(InputError::file(
            SOURCE,
            format!(
                "has no plan in force on any January census from {first} to {}, so there is no history to forecast from",
                options.last_census
            ),
        ));
    }
    let settings: Vec<String> = seen.keys().map(|c| c.code().to_owned()).collect();
    let valid_states = seen
        .iter()
        .map(|(category, (min_ay, max_ay, needs))| ValidSetting {
            setting: category.code().to_owned(),
            group: category.group().code().to_owned(),
            min_ay: *min_ay,
            max_ay: *max_ay,
            needs: needs.iter().map(|n| n.code().to_owned()).collect(),
            moves_to: settings.clone(),
        })
        .collect();
    let population = (first..=options.last_census + horizon)
        .flat_map(|calendar_year| {
            (MIN_AY..=MAX_AY).map(move |academic_year| Population {
                calendar_year,
                academic_year,
                population: options.population_per_year_group,
            })
        })
        .collect();
    let (costs, uncosted_settings) = costs(children, options.last_census, &seen);
    Ok(CouncilInputs {
        inputs: Inputs {
            transitions,
            population,
            costs,
            valid_states,
        },
        last_census,
        uncosted_settings,
    })
}

/// The transition from January `year` to the next, or none if the child had no plan in either
/// or was outside the model's NC years.
fn transition(
    child: &ChildHistory,
    year: i32,
    from: Option<CensusState>,
    to: Option<CensusState>,
) -> Option<Transition> {
    if from.is_none() && to.is_none() {
        return None;
    }
    let side = |s: Option<CensusState>, y: i32| -> Option<(String, String, i32)> {
        match s {
            Some(s) => Some((
                s.need.code().to_owned(),
                s.category.code().to_owned(),
                s.nc_year,
            )),
            None => {
                let ay = child.nc_year(sen2_census_date(y))?;
                Some((NONSEND.to_owned(), NONSEND.to_owned(), ay))
            }
        }
    };
    let (need_1, setting_1, ay_1) = side(from, year)?;
    let (need_2, setting_2, ay_2) = side(to, year + 1)?;
    Some(Transition {
        calendar_year: year,
        need_1,
        setting_1,
        ay_1,
        need_2,
        setting_2,
        ay_2,
    })
}

/// Mean costs per need and setting from the placements running on the last census, with the
/// setting's mean standing in for a need it has no costs for; and the settings with none.
fn costs(
    children: &[ChildHistory],
    last_census: i32,
    seen: &BTreeMap<PlacementCategory, (i32, i32, BTreeSet<SenType>)>,
) -> (Vec<Cost>, Vec<PlacementCategory>) {
    let day = sen2_census_date(last_census);
    let mut by_state: BTreeMap<(SenType, PlacementCategory), Vec<Pence>> = BTreeMap::new();
    let mut by_setting: BTreeMap<PlacementCategory, Vec<Pence>> = BTreeMap::new();
    for child in children {
        let Some(state) = child.state_in(last_census) else {
            continue;
        };
        if let Some(annual) = child.placement_on(day).and_then(|p| p.annual) {
            by_state
                .entry((state.need, state.category))
                .or_default()
                .push(annual);
            by_setting.entry(state.category).or_default().push(annual);
        }
    }
    let mean = |v: &[Pence]| {
        let n = i64::try_from(v.len()).unwrap_or(i64::MAX).max(1);
        v.iter().copied().sum::<Pence>().pro_rata(1, n)
    };
    let mut costs = Vec::new();
    let mut uncosted = Vec::new();
    for (category, (_, _, needs)) in seen {
        let Some(fallback) = by_setting.get(category).map(|v| mean(v)) else {
            uncosted.push(*category);
            continue;
        };
        for need in needs {
            let annual = by_state
                .get(&(*need, *category))
                .map_or(fallback, |v| mean(v));
            costs.push(Cost {
                need: need.code().to_owned(),
                setting: category.code().to_owned(),
                annual,
            });
        }
    }
    (costs, uncosted)
}
