//! The DSG management plan (issue 7, point 3): the DfE template's tables from the council's
//! casework, budget and forecast (`domain::high_needs::dsg_plan`, `dsg_finance`).
//!
//! Plans by placement category, age group and primary need are counted on the latest January
//! census and forecast for the Januaries after it; the high needs block's income and
//! expenditure are the current year's budget position (income and forecast outturn), grown
//! with the forecast's cost for later years, with the in-year and cumulative position. The
//! balance brought forward into the current year is not yet recorded, so the cumulative
//! position counts from the start of the current year. Read as the forecast is read.

use chrono::NaiveDate;
use domain::FinancialYear;
use domain::Pence;
use domain::high_needs::dsg_finance::{BlockInputs, BlockYear, high_needs_block};
use domain::high_needs::dsg_plan::PlanTables;

use super::audit_read;
use super::budget::position_of;
use super::forecast::{CouncilForecast, current_financial_year, latest_census, prepare, run};
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
}

/// The plan as it stands on `today`. The read is audited.
///
/// # Errors
/// `Forbidden` unless the actor may read the forecast.
pub async fn dsg_plan(store: &Store, actor: &Actor, today: NaiveDate) -> Result<DsgPlan> {
    policy::authorise(actor, Action::ReadForecast)?;
    let la_id = actor.la_id();
    let year = current_financial_year(today);
    let census_year = latest_census(today);
    let mut tx = store.begin().await?;
    let prepared = prepare(&mut tx, la_id, census_year).await?;
    let (position, _) = position_of(&mut tx, la_id, year).await?;
    audit_read(&mut tx, actor, "finance.dsg_plan", year).await?;
    tx.commit().await?;
    let (forecast, _) = run(census_year, prepared);
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
                brought_forward: Pence::ZERO,
                cost_by_january: &cost_by_january,
            });
            (plans, high_needs)
        }
        Err(_) => (Vec::new(), Vec::new()),
    };
    Ok(DsgPlan {
        year,
        forecast,
        plans,
        high_needs,
    })
}

/// A mean in pounds as whole pence, rounded half away from zero.
fn pence_of_pounds(pounds: f64) -> Pence {
    Pence((pounds * 100.0).round() as i64)
}
