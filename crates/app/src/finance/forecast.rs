//! The council's own forecast (issue 7, point 2): witan.send's method run on inputs derived
//! from the council's casework (`domain::forecast::council`), from the latest January census.
//!
//! The store returns plain rows (children with their primary need, plans, placements with their
//! costs); the derivation and the forecast are pure domain code. Pages run a modest number of
//! simulations with a fixed seed ([`SIMULATIONS`], [`SEED`]), so a page shows the same figures
//! each time it is read until the casework changes, and says so; a run is kept until its
//! inputs change (`super::memo`). Finance officers and SEND
//! managers read it, as they read the budget; the read is audited.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use chrono::{Datelike, NaiveDate};
use domain::dates::sen2_census_date;
use domain::forecast::council::{
    self, CensusState, ChildHistory, Options, PlacementSpell, PlanSpell,
};
use domain::forecast::{Forecast, Inputs, Runs, YearForecast, yearly};
use domain::sen2::SenType;
use domain::{FinancialYear, Pence, PlacementCategory};
use store::Tx;

use super::audit_read;
use super::memo::{Key, Memo};
use crate::Store;
use crate::actor::Actor;
use crate::error::Result;
use crate::policy::{self, Action};

/// Simulations a page runs: enough for a steady mean, few enough to answer at once.
pub const SIMULATIONS: usize = 200;
/// The seed every page uses, so the figures are the same on every reading.
pub const SEED: u64 = 2026;
/// Januaries of history the rates are learned from.
pub const HISTORY_YEARS: u32 = 5;
/// Januaries forecast after the latest census.
pub const HORIZON: u32 = 5;
/// The steady general population of each NC year standing in for a projection the council has
/// not loaded (about one year group of a mid-sized council); it sets how joiners vary, not how
/// many there are (`domain::forecast::council`).
pub const POPULATION_PER_YEAR_GROUP: u64 = 5_000;

/// The forecast, ready to run, with what it was derived from.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The January the forecast starts from.
    pub census_year: i32,
    pub forecast: Forecast,
    /// The inputs it was estimated from, for scenarios to estimate again with their changes.
    pub inputs: Inputs,
    /// The plans in force on that census.
    pub last_census: Vec<CensusState>,
    /// Settings with no recorded costs, costed at nothing.
    pub uncosted_settings: Vec<PlacementCategory>,
}

/// The forecast's results, or why there are none.
#[derive(Debug, Clone)]
pub struct CouncilForecast {
    /// The January the forecast starts from (the latest census on or before today).
    pub census_year: i32,
    pub simulations: usize,
    pub seed: u64,
    pub outcome: std::result::Result<ForecastRun, String>,
}

/// A forecast that ran.
#[derive(Debug, Clone)]
pub struct ForecastRun {
    /// The census year first, then each year forecast.
    pub years: Vec<YearForecast>,
    pub last_census: Vec<CensusState>,
    pub uncosted_settings: Vec<PlacementCategory>,
}

/// The latest January census on or before `today`.
#[must_use]
pub fn latest_census(today: NaiveDate) -> i32 {
    if sen2_census_date(today.year()) <= today {
        today.year()
    } else {
        today.year() - 1
    }
}

/// The financial year `today` is in.
#[must_use]
pub fn current_financial_year(today: NaiveDate) -> FinancialYear {
    FinancialYear::containing(today)
}

/// The council's forecast from the latest census before `today`. The read is audited.
///
/// # Errors
/// `Forbidden` unless the actor may read the budget's forecasts.
pub async fn council_forecast(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
) -> Result<CouncilForecast> {
    policy::authorise(actor, Action::ReadForecast)?;
    let mut tx = store.begin().await?;
    let census_year = latest_census(today);
    let prepared = prepare(&mut tx, actor.la_id(), census_year).await?;
    audit_read(
        &mut tx,
        actor,
        "finance.forecast",
        current_financial_year(today),
    )
    .await?;
    tx.commit().await?;
    Ok(run(census_year, prepared).await.0)
}

/// Baseline runs kept by their inputs (`super::memo`).
static BASELINES: LazyLock<Memo<Runs>> = LazyLock::new(Memo::new);

/// Runs a prepared forecast with the pages' simulations and seed, or finds the same run kept
/// from an earlier reading; with the runs and inputs, for scenarios to be compared with.
pub(crate) async fn run(
    census_year: i32,
    prepared: std::result::Result<Prepared, String>,
) -> (CouncilForecast, Option<(Inputs, Arc<Runs>)>) {
    let (outcome, baseline) = match prepared {
        Ok(p) => {
            // The parameters are estimated from the inputs alone, so the inputs with the
            // simulations and seed are everything the run depends on.
            let key = Key::of(&[&"baseline", &p.inputs, &SIMULATIONS, &SEED]);
            let forecast = p.forecast;
            let runs = BASELINES
                .get_or_compute(key, move || forecast.run(SIMULATIONS, SEED, 1))
                .await;
            match runs {
                Ok(runs) => {
                    let outcome = ForecastRun {
                        years: yearly(&runs),
                        last_census: p.last_census,
                        uncosted_settings: p.uncosted_settings,
                    };
                    (Ok(outcome), Some((p.inputs, runs)))
                }
                Err(e) => (Err(e), None),
            }
        }
        Err(e) => (Err(e), None),
    };
    let forecast = CouncilForecast {
        census_year,
        simulations: SIMULATIONS,
        seed: SEED,
        outcome,
    };
    (forecast, baseline)
}

/// Reads the casework history and prepares the forecast from January `census_year`; the
/// `Err` says in words why the casework cannot be forecast from.
pub async fn prepare(
    tx: &mut Tx,
    la_id: i64,
    census_year: i32,
) -> Result<std::result::Result<Prepared, String>> {
    let children = histories(tx, la_id).await?;
    let options = Options {
        last_census: census_year,
        history_years: HISTORY_YEARS,
        horizon: HORIZON,
        population_per_year_group: POPULATION_PER_YEAR_GROUP,
    };
    Ok(council::derive(&children, &options)
        .and_then(|d| {
            let forecast = Forecast::estimate(&d.inputs, "population")?;
            Ok(Prepared {
                census_year,
                forecast,
                inputs: d.inputs,
                last_census: d.last_census,
                uncosted_settings: d.uncosted_settings,
            })
        })
        .map_err(|e| e.to_string()))
}

/// Every child's history from three reads, matched by child.
async fn histories(tx: &mut Tx, la_id: i64) -> Result<Vec<ChildHistory>> {
    let children = tx.children_with_primary_need(la_id).await?;
    let mut by_child: HashMap<i64, ChildHistory> = children
        .into_iter()
        .map(|c| {
            (
                c.child_id,
                ChildHistory {
                    birth_date: c.birth_date,
                    // A code this version does not know is read as no need recorded.
                    primary_need: c.sen_type.and_then(|t| SenType::parse(&t).ok()),
                    plans: Vec::new(),
                    placements: Vec::new(),
                },
            )
        })
        .collect();
    for p in tx.plan_spells(la_id).await? {
        if let Some(child) = by_child.get_mut(&p.child_id) {
            child.plans.push(PlanSpell {
                start_on: p.start_on,
                cease_on: p.cease_on,
            });
        }
    }
    for p in tx.placement_spells(la_id).await? {
        if let Some(child) = by_child.get_mut(&p.child_id) {
            let costed = p.place_funding_pence.is_some();
            let annual = [p.place_funding_pence, p.top_up_pence, p.fees_pence]
                .into_iter()
                .flatten()
                .map(Pence)
                .sum();
            child.placements.push(PlacementSpell {
                // As committed cost reads it: an unknown code counts as not recorded.
                category: p
                    .category
                    .parse()
                    .unwrap_or(PlacementCategory::PlacementUnknown),
                entry_on: p.entry_on,
                leaving_on: p.leaving_on,
                annual: costed.then_some(annual),
            });
        }
    }
    let mut children: Vec<(i64, ChildHistory)> = by_child.into_iter().collect();
    // In id order, so the derived inputs (and so the forecast) never depend on hash order.
    children.sort_by_key(|(id, _)| *id);
    Ok(children.into_iter().map(|(_, c)| c).collect())
}
