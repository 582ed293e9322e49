//! The high needs budget for a financial year, and where it is heading.
//!
//! A council sets a budget on each line ([`BudgetLine`]) and records its income: the high needs
//! block allocation, transfers from other blocks (up to 0.5% of the schools block with the
//! Schools Forum's approval, `reference/funding.md`), and other income ([`income`]). The finance
//! system's ledger gives what has been spent on each line in each month ([`ledger`]). The
//! forecast outturn on a line is
//!
//! > actuals to date + commitments from the day after the last month of actuals to 31 March
//! > + expected new demand over the same months ([`demand`])
//!
//! and its variance is outturn − budget (above zero is an overspend). The in-year position is
//! income − outturn on the high needs lines: home to school transport is paid from the general
//! fund, so it is shown but never counted against high needs income.

pub mod demand;
pub mod income;
pub mod ledger;

use std::fmt;
use std::ops::Add;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::BudgetLine;
use super::commitment::{Commitment, committed_between};
use crate::dates::FinancialYear;
use crate::error::FieldError;
use crate::money::Pence;

pub use demand::{LineDemand, NewDemand, expected_new_demand};
pub use income::{BlockTransfer, IncomeItem, IncomeKind, NewIncome};
pub use ledger::{LedgerEntry, monthly_totals, read_ledger};

/// A month of the financial year, numbered as ledgers number their periods: April is 1, March
/// is 12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(u8);

impl Month {
    /// April, the first month of the year.
    pub const APRIL: Self = Self(1);
    /// March, the last.
    pub const MARCH: Self = Self(12);

    /// The month with this period number, if it is 1 to 12.
    #[must_use]
    pub fn new(number: i64) -> Option<Self> {
        u8::try_from(number)
            .ok()
            .filter(|n| (1..=12).contains(n))
            .map(Self)
    }

    /// The period number, 1 (April) to 12 (March).
    #[must_use]
    pub const fn number(self) -> u8 {
        self.0
    }

    /// The month of the financial year a date falls in.
    #[must_use]
    pub fn of(date: NaiveDate) -> Self {
        // April (4) is period 1; January (1) is period 10.
        let calendar = u8::try_from(date.month()).unwrap_or(4);
        Self((calendar + 8) % 12 + 1)
    }

    /// The first day of this month in the year.
    #[must_use]
    pub fn first_day(self, year: FinancialYear) -> NaiveDate {
        year.start() + Months::new(u32::from(self.0) - 1)
    }

    /// The last day of this month in the year.
    #[must_use]
    pub fn last_day(self, year: FinancialYear) -> NaiveDate {
        year.start() + Months::new(u32::from(self.0)) - Days::new(1)
    }

    /// Every month, April to March.
    pub fn all() -> impl Iterator<Item = Self> {
        (1..=12).map(Self)
    }

    /// The calendar month's name, such as `April`.
    #[must_use]
    pub fn name(self) -> &'static str {
        // Period 1 is calendar month 4 (April), period 10 is month 1 (January).
        chrono::Month::try_from((self.0 + 2) % 12 + 1).map_or("", |m| m.name())
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Month {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        text.parse::<i64>().ok().and_then(Self::new).ok_or_else(|| {
            FieldError::new(
                "month",
                format!("enter the month as 1 (April) to 12 (March), not '{text}'"),
            )
        })
    }
}

/// What was spent on a line in one month, from the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actual {
    pub line: BudgetLine,
    pub month: Month,
    pub amount: Pence,
}

/// One line of the budget and its forecast. Outturn and variance are worked out from the
/// parts, never stored, so they always add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinePosition {
    pub line: Option<BudgetLine>,
    pub budget: Pence,
    pub actuals: Pence,
    /// Committed from the day after the last month of actuals to 31 March.
    pub committed: Pence,
    pub new_demand: Pence,
}

impl LinePosition {
    /// Forecast outturn: actuals + commitments + expected new demand.
    #[must_use]
    pub fn outturn(&self) -> Pence {
        self.actuals + self.committed + self.new_demand
    }

    /// Outturn − budget: above zero is a forecast overspend, below an underspend.
    #[must_use]
    pub fn variance(&self) -> Pence {
        self.outturn() - self.budget
    }

    fn empty(line: Option<BudgetLine>) -> Self {
        Self {
            line,
            budget: Pence::ZERO,
            actuals: Pence::ZERO,
            committed: Pence::ZERO,
            new_demand: Pence::ZERO,
        }
    }
}

impl Add for LinePosition {
    type Output = Self;
    /// The sum of two lines' figures; a sum names no line.
    fn add(self, other: Self) -> Self {
        Self {
            line: None,
            budget: self.budget + other.budget,
            actuals: self.actuals + other.actuals,
            committed: self.committed + other.committed,
            new_demand: self.new_demand + other.new_demand,
        }
    }
}

/// Everything the position of a year is worked out from.
#[derive(Debug, Clone, Copy)]
pub struct BudgetInputs<'a> {
    pub year: FinancialYear,
    /// The budget set on each line; a line not listed has none.
    pub budget: &'a [(BudgetLine, Pence)],
    /// Ledger actuals in the year, by line and month (several entries for one line and month
    /// are added).
    pub actuals: &'a [Actual],
    /// Every placement cost and award that may run in the year.
    pub commitments: &'a [Commitment],
    pub income: &'a [IncomeItem],
}

/// The year's budget, forecast outturn and variance by line, and the income against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetPosition {
    pub year: FinancialYear,
    /// Every line in [`BudgetLine::ALL`] order.
    pub lines: Vec<LinePosition>,
    /// The last month with actuals in the ledger; `None` before the first import.
    pub actuals_through: Option<Month>,
    /// The day commitments and new demand are counted from (the day after the last month of
    /// actuals); `None` when actuals cover the whole year.
    pub remaining_from: Option<NaiveDate>,
    /// How expected new demand was worked out.
    pub demand: NewDemand,
    /// All the year's income.
    pub income: Pence,
}

impl BudgetPosition {
    /// The sum of the high needs lines (all but transport).
    #[must_use]
    pub fn high_needs_total(&self) -> LinePosition {
        self.lines
            .iter()
            .filter(|l| l.line.is_some_and(BudgetLine::is_high_needs))
            .fold(LinePosition::empty(None), |sum, l| sum + *l)
    }

    /// Income − forecast outturn on the high needs lines: above zero a surplus, below a
    /// deficit for the year.
    #[must_use]
    pub fn in_year_position(&self) -> Pence {
        self.income - self.high_needs_total().outturn()
    }
}

/// Works out the year's position from its budget, actuals, commitments and income.
#[must_use]
pub fn position(inputs: &BudgetInputs<'_>) -> BudgetPosition {
    let year = inputs.year;
    let actuals_through = inputs.actuals.iter().map(|a| a.month).max();
    // Commitments and new demand cover the months the ledger has not reached yet.
    let remaining_from = match actuals_through {
        None => Some(year.start()),
        Some(Month::MARCH) => None,
        Some(m) => Some(m.last_day(year) + Days::new(1)),
    };
    let committed = match remaining_from {
        Some(from) => committed_between(inputs.commitments, year, from, year.end()),
        None => Vec::new(),
    };
    let demand = expected_new_demand(inputs.commitments, year, remaining_from);
    let of = |pairs: &[(BudgetLine, Pence)], line| -> Pence {
        pairs
            .iter()
            .filter(|(l, _)| *l == line)
            .map(|(_, a)| *a)
            .sum()
    };
    let lines = BudgetLine::ALL
        .iter()
        .map(|&line| LinePosition {
            line: Some(line),
            budget: of(inputs.budget, line),
            actuals: inputs
                .actuals
                .iter()
                .filter(|a| a.line == line)
                .map(|a| a.amount)
                .sum(),
            committed: of(&committed, line),
            new_demand: demand.expected(line),
        })
        .collect();
    BudgetPosition {
        year,
        lines,
        actuals_through,
        remaining_from,
        demand,
        income: inputs.income.iter().map(|i| i.amount).sum(),
    }
}

#[cfg(test)]
mod tests;
