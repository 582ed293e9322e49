//! The high needs block's years in the DSG management plan: income, expenditure and the
//! in-year position, year by year (`reference/funding.md`). The template's financial summary
//! sets them beside the other funding blocks, with the cumulative DSG balance
//! (`super::dsg_summary`).
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
}

/// What the high needs block's summary is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockInputs<'a> {
    /// The current financial year.
    pub year: FinancialYear,
    pub income: Pence,
    /// The current year's forecast outturn.
    pub outturn: Pence,
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
        years.push(BlockYear {
            year,
            income: inputs.income,
            expenditure,
            in_year: inputs.income - expenditure,
        });
        year = year.next();
    }
    years
}

/// The same years with mitigations: each year's expenditure changed by the mean change in the
/// forecast's annual cost for the January in it (a scenario run less the baseline run with the
/// same seed), and the in-year position worked out again. A year whose January has no effect
/// keeps its expenditure.
#[must_use]
pub fn mitigated(years: &[BlockYear], effect_by_january: &[(i32, Pence)]) -> Vec<BlockYear> {
    years
        .iter()
        .map(|y| {
            let january = y.year.start_year() + 1;
            let effect = (effect_by_january.iter())
                .find(|(j, _)| *j == january)
                .map_or(Pence::ZERO, |(_, e)| *e);
            let expenditure = y.expenditure + effect;
            BlockYear {
                expenditure,
                in_year: y.income - expenditure,
                ..*y
            }
        })
        .collect()
}
