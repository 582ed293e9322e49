//! The DSG management plan (issue 7, point 3): the DfE template's tables from the council's
//! casework, budget and forecast (`domain::high_needs::dsg_plan`, `dsg_finance`).
//!
//! Plans by placement category, age group and primary need are counted on the latest January
//! census and forecast for the Januaries after it; the high needs block's income and
//! expenditure are the current year's budget position (income and forecast outturn), grown
//! with the forecast's cost for later years, with the in-year and cumulative position,
//! unmitigated and with every recorded mitigation (`super::scenarios`). The financial summary
//! sets the other funding blocks beside it, with the DSG balance brought forward into the
//! current year and the cumulative balance (`super::dsg_blocks`). Read as the forecast is read.

use std::sync::Arc;

use chrono::NaiveDate;
use domain::FinancialYear;
use domain::Pence;
use domain::forecast::{Inputs, Runs};
use domain::high_needs::dsg_finance::{BlockInputs, BlockYear, high_needs_block};
use domain::high_needs::dsg_plan::PlanTables;

use super::audit_read;
use super::budget::position_in;
use super::dsg_blocks::{self, Summary};
use super::forecast::{CouncilForecast, current_financial_year, latest_census, prepare, run};
use super::scenarios::{Applied, Recorded, Scenario, apply, load};
use crate::Store;
use crate::actor::Actor;
use crate::error::Result;
use crate::policy::{self, Action};

/// The plan's tables.
#[derive(Debug, Clone)]
pub struct DsgPlan {
    /// The current financial year.
    pub year: FinancialYear,
    pub forecast: CouncilForecast,
    /// The census January counted, then each January forecast (empty without a forecast).
    pub plans: Vec<PlanTables>,
    /// The high needs block from the current year (empty without a forecast).
    pub high_needs: Vec<BlockYear>,
    /// The council's mitigations.
    pub mitigations: Vec<Recorded>,
    /// Every mitigation applied together (none without mitigations or a forecast).
    pub mitigated: Option<Applied>,
    /// Every funding block, the DSG total and the cumulative balance (no years without a
    /// forecast).
    pub summary: Summary,
}

/// The plan with what scenarios are compared from.
pub(crate) struct Loaded {
    pub plan: DsgPlan,
    pub scenarios: Vec<Scenario>,
    /// The baseline's inputs and runs, when there is a forecast.
    pub baseline: Option<(Inputs, Arc<Runs>)>,
}

/// The plan as it stands on `today`. The read is audited.
///
/// # Errors
/// `Forbidden` unless the actor may read the forecast.
pub async fn dsg_plan(store: &Store, actor: &Actor, today: NaiveDate) -> Result<DsgPlan> {
    Ok(load_plan(store, actor, today, "finance.dsg_plan")
        .await?
        .plan)
}

/// Loads, forecasts and lays out the plan; audited as `action`.
pub(crate) async fn load_plan(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    action: &'static str,
) -> Result<Loaded> {
    policy::authorise(actor, Action::ReadForecast)?;
    let la_id = actor.la_id();
    let year = current_financial_year(today);
    let census_year = latest_census(today);
    let mut tx = store.begin().await?;
    let prepared = prepare(&mut tx, la_id, census_year).await?;
    let (position, income) = position_in(&mut tx, la_id, year).await?;
    let blocks = dsg_blocks::recorded(&mut tx, la_id, year).await?;
    let (mitigations, scenarios) = load(&mut tx, la_id).await?;
    audit_read(&mut tx, actor, action, year).await?;
    tx.commit().await?;
    let (forecast, baseline) = run(census_year, prepared).await;
    let (plans, high_needs) = match &forecast.outcome {
        Ok(run) => {
            let mut plans = vec![PlanTables::actual(census_year, &run.last_census)];
            plans.extend(
                (run.years.iter())
                    .filter(|y| y.year > census_year)
                    .map(PlanTables::forecast),
            );
            let cost_by_january: Vec<(i32, Pence)> = (run.years.iter())
                .map(|y| (y.year, pence_of_pounds(y.cost.mean)))
                .collect();
            let high_needs = high_needs_block(&BlockInputs {
                year,
                income: position.income,
                outturn: position.high_needs_total().outturn(),
                cost_by_january: &cost_by_january,
            });
            (plans, high_needs)
        }
        Err(_) => (Vec::new(), Vec::new()),
    };
    let mitigated = match &baseline {
        Some((inputs, runs)) if !mitigations.is_empty() => {
            let all: Vec<_> = mitigations.iter().map(|m| &m.plan).collect();
            Some(apply(inputs, runs, &high_needs, &all).await)
        }
        _ => None,
    };
    let summary = dsg_blocks::summarise(
        blocks,
        &income,
        &high_needs,
        mitigated.as_ref().map(|m| m.high_needs.as_slice()),
    );
    Ok(Loaded {
        plan: DsgPlan {
            year,
            forecast,
            plans,
            high_needs,
            mitigations,
            mitigated,
            summary,
        },
        scenarios,
        baseline,
    })
}

/// A mean in pounds as whole pence, rounded half away from zero.
fn pence_of_pounds(pounds: f64) -> Pence {
    Pence((pounds * 100.0).round() as i64)
}
