//! The live figures action plans and report packs quote: the EHC measures of the calendar
//! year to date, as the dashboard works them out (`dashboard::council_dashboard`), and the high
//! needs position of the financial year, as the budget page does
//! (`finance::budget::position_in`). Worked out when asked for, never stored, so a plan's
//! measure and a report pack always show what the dashboard and the budget show at that moment.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use domain::FinancialYear;
use domain::governance::plans::{Figure, MeasureKind};
use domain::high_needs::budget::BudgetPosition;
use domain::measures::Ratio;
use store::Store;

use crate::dashboard::{EhcDashboard, council_dashboard};
use crate::error::Result;

/// The figures as they stood when read.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveFigures {
    /// The calendar year the EHC measures are for (the one holding "today").
    pub calendar_year: i32,
    pub ehc: Arc<EhcDashboard>,
    /// The financial year the budget is for (the one holding "today").
    pub financial_year: FinancialYear,
    pub budget: BudgetPosition,
}

impl LiveFigures {
    /// The figure a measure of `kind` follows.
    #[must_use]
    pub fn figure(&self, kind: MeasureKind) -> Figure {
        match kind {
            MeasureKind::TwentyWeekRate => share(self.ehc.council.within_20_weeks_excl_exceptions),
            MeasureKind::RefusalRate => share(self.ehc.council.requests_refused),
            MeasureKind::HighNeedsInYear => Figure::Money(self.budget.in_year_position()),
            MeasureKind::HighNeedsOutturn => {
                Figure::Money(self.budget.high_needs_total().outturn())
            }
        }
    }

    /// The period a measure of `kind` covers, in words.
    #[must_use]
    pub fn period(&self, kind: MeasureKind) -> String {
        match kind {
            MeasureKind::TwentyWeekRate | MeasureKind::RefusalRate => {
                format!("Calendar year {} to date", self.calendar_year)
            }
            MeasureKind::HighNeedsInYear | MeasureKind::HighNeedsOutturn => {
                format!("Financial year {}, forecast", self.financial_year)
            }
        }
    }
}

/// A share as a figure, written as the dashboard writes it.
#[must_use]
pub fn share(r: Ratio) -> Figure {
    Figure::Percent {
        percent: r.percent(),
        numerator: r.numerator,
        denominator: r.denominator,
    }
}

/// Reads the council's live figures for the years holding `today`. The caller has authorised
/// the reader.
pub(crate) async fn live_figures(
    store: &Store,
    la_id: i64,
    la: u16,
    today: NaiveDate,
) -> Result<LiveFigures> {
    let calendar_year = today.year();
    let ehc = council_dashboard(store, la_id, la, calendar_year).await?;
    let financial_year = FinancialYear::containing(today);
    let mut tx = store.begin_read().await?;
    let (budget, _) = crate::finance::budget::position_in(&mut tx, la_id, financial_year).await?;
    tx.commit().await?;
    Ok(LiveFigures {
        calendar_year,
        ehc,
        financial_year,
        budget,
    })
}
