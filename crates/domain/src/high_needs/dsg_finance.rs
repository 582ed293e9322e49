//! The DSG management plan's financial summary for the high needs block: income, expenditure,
//! the in-year position and the cumulative balance, year by year (the template's "financial
//! plan per funding block"; `reference/funding.md`).
//!
//! The current financial year is the budget's own figures: its income and forecast outturn
//! (`budget::position`). Each later year's expenditure is that outturn grown as the forecast's
//! cost grows: a financial year April y to March y + 1 contains the January y + 1 census, so it
//! is the outturn × cost(January y + 1) ÷ cost(January of the current year's end). This keeps the
//! plan anchored on what the ledger and commitments say now, and the forecast says only how
//! demand moves it. Income is held at the current year's, as no later allocation is announced
//! when the plan is made. Positions are income − expenditure: below zero is a deficit.

use crate::FinancialYear;
use crate::money::Pence;

/// One financial year of a funding block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockYear {
    pub year: FinancialYear,
    pub income: Pence,
    pub expenditure: Pence,
    /// Income − expenditure.
    pub in_year: Pence,
    /// The balance brought forward plus every in-year position to this year's end.
    pub cumulative: Pence,
}

/// What the high needs block's summary is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockInputs<'a> {
    /// The current financial year.
    pub year: FinancialYear,
    pub income: Pence,
    /// The current year's forecast outturn.
    pub outturn: Pence,
    /// The balance at the start of the current year (below zero: a deficit).
    pub brought_forward: Pence,
    /// The forecast's mean cost a year by January.
    pub cost_by_january: &'a [(i32, Pence)],
}

/// The current year and each later one whose January the forecast reaches.
#[must_use]
pub fn high_needs_block(inputs: &BlockInputs<'_>) -> Vec<BlockYear> {
    let cost_in = |january: i32| {
        (inputs.cost_by_january.iter())
            .find(|(y, _)| *y == january)
            .map(|(_, c)| *c)
    };
    let base_january = inputs.year.start_year() + 1;
    let base = cost_in(base_january).filter(|c| c.get() > 0);
    let mut cumulative = inputs.brought_forward;
    let mut years = Vec::new();
    let mut year = inputs.year;
    loop {
        let january = year.start_year() + 1;
        let expenditure = if january == base_january {
            inputs.outturn
        } else {
            match (cost_in(january), base) {
                (Some(cost), Some(base)) => inputs.outturn.pro_rata(cost.get(), base.get()),
                _ => break,
            }
        };
        let in_year = inputs.income - expenditure;
        cumulative += in_year;
        years.push(BlockYear {
            year,
            income: inputs.income,
            expenditure,
            in_year,
            cumulative,
        });
        year = year.next();
    }
    years
}

/// The same years with mitigations: each year's expenditure changed by the mean change in the
/// forecast's annual cost for the January in it (a scenario run less the baseline run with the
/// same seed), and the positions worked out again from the same balance brought forward. A year
/// whose January has no effect keeps its expenditure.
#[must_use]
pub fn mitigated(
    years: &[BlockYear],
    brought_forward: Pence,
    effect_by_january: &[(i32, Pence)],
) -> Vec<BlockYear> {
    let mut cumulative = brought_forward;
    years
        .iter()
        .map(|y| {
            let january = y.year.start_year() + 1;
            let effect = (effect_by_january.iter())
                .find(|(j, _)| *j == january)
                .map_or(Pence::ZERO, |(_, e)| *e);
            let expenditure = y.expenditure + effect;
            let in_year = y.income - expenditure;
            cumulative += in_year;
            BlockYear {
                expenditure,
                in_year,
                cumulative,
                ..*y
            }
        })
        .collect()
}

/// The CSV header of the financial summary ([`finance_csv`], docs/formats/dsg-plan.md).
pub const FINANCE_CSV_HEADER: &str =
    "financial_year,funding_block,income,expenditure,in_year,cumulative";

/// The high needs block's years as CSV, amounts in pounds and pence.
#[must_use]
pub fn finance_csv(years: &[BlockYear]) -> String {
    let mut out = String::from(FINANCE_CSV_HEADER);
    out.push('\n');
    for y in years {
        out.push_str(&format!(
            "{},high_needs,{},{},{},{}\n",
            y.year,
            y.income.plain(),
            y.expenditure.plain(),
            y.in_year.plain(),
            y.cumulative.plain()
        ));
    }
    out
}
