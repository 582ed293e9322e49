//! The DSG management plan's financial summary: per financial year, a row for each funding
//! block (allocation, transfers, expenditure, in-year position), the DSG total, and the
//! cumulative DSG balance (the template's "financial summary per funding block";
//! `reference/funding.md`, "Block transfers and the deficit").
//!
//! - The high needs block is `super::dsg_finance`'s: its income less its transfers in is its
//!   allocation, and its expenditure keeps the forecast's growth (and, mitigated, the
//!   mitigations' effect: [`summary`] of the mitigated years changes nothing else).
//! - The other blocks are what the finance officer recorded for the year; for a year with no
//!   figures, the latest earlier year's are held, as no later allocation is announced when the
//!   plan is made. A block with no figures on or before a year counts as nothing that year.
//! - Transfers: the high needs block's recorded transfers in come out of the schools block, so
//!   across the DSG they net to zero and move no money in or out of the grant.
//! - The cumulative balance is the DSG balance brought forward at 1 April of the first year plus
//!   every in-year total to the year's end. Below zero is a deficit.

use super::dsg_blocks::{BlockFigures, FundingBlock};
use super::dsg_finance::BlockYear;
use crate::FinancialYear;
use crate::money::Pence;

/// Where a block's figures for a year come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The high needs budget's income and forecast outturn (the current year).
    Budget,
    /// The high needs budget grown with the forecast's cost (later years).
    Forecast,
    /// Recorded for this year.
    Recorded,
    /// Held from the latest earlier year recorded.
    Held(FinancialYear),
    /// Nothing recorded on or before this year.
    NotRecorded,
}

impl Basis {
    /// The code in the CSV file (docs/formats/dsg-plan.md).
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Budget => "budget",
            Self::Forecast => "forecast",
            Self::Recorded => "recorded",
            Self::Held(_) => "held",
            Self::NotRecorded => "not_recorded",
        }
    }

    /// In words, for the page.
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            Self::Budget => "Budget and forecast outturn".into(),
            Self::Forecast => "Grown with the forecast".into(),
            Self::Recorded => "Recorded".into(),
            Self::Held(from) => format!("Held from {from}"),
            Self::NotRecorded => "Not recorded".into(),
        }
    }
}

/// One block's row in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockRow {
    pub block: FundingBlock,
    pub basis: Basis,
    pub allocation: Pence,
    /// In (above zero) or out (below zero) of the block.
    pub transfers: Pence,
    pub expenditure: Pence,
    /// Allocation + transfers − expenditure: below zero is a deficit.
    pub in_year: Pence,
}

/// One financial year of the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryYear {
    pub year: FinancialYear,
    /// Every block, in [`FundingBlock::ALL`] order.
    pub blocks: Vec<BlockRow>,
    /// The blocks added up (its transfers are zero).
    pub total: Totals,
    /// The DSG balance at 1 April.
    pub brought_forward: Pence,
    /// The balance brought forward + the in-year total: the balance at 31 March.
    pub cumulative: Pence,
}

/// The DSG total of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub allocation: Pence,
    pub transfers: Pence,
    pub expenditure: Pence,
    pub in_year: Pence,
}

/// Figures a finance officer recorded for a block and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordedBlock {
    pub block: FundingBlock,
    pub year: FinancialYear,
    pub figures: BlockFigures,
}

/// What the summary is made from besides the high needs block's years.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryInputs {
    /// Every block and year recorded, in any order.
    pub recorded: Vec<RecordedBlock>,
    /// The DSG balance at 1 April of the first year (zero when none is recorded).
    pub brought_forward: Pence,
    /// The high needs block's transfers in from the schools block in the first year, held
    /// in later years as its income is.
    pub transfers_in: Pence,
}

/// A block's figures for `year`: that year's if recorded, else the latest earlier year's.
#[must_use]
pub fn figures_for(
    recorded: &[RecordedBlock],
    block: FundingBlock,
    year: FinancialYear,
) -> (Basis, Option<BlockFigures>) {
    let latest = (recorded.iter())
        .filter(|r| r.block == block && r.year <= year)
        .max_by_key(|r| r.year);
    match latest {
        Some(r) if r.year == year => (Basis::Recorded, Some(r.figures)),
        Some(r) => (Basis::Held(r.year), Some(r.figures)),
        None => (Basis::NotRecorded, None),
    }
}

/// The summary for each of the high needs block's years, the first being the current year.
#[must_use]
pub fn summary(inputs: &SummaryInputs, high_needs: &[BlockYear]) -> Vec<SummaryYear> {
    let mut brought_forward = inputs.brought_forward;
    (high_needs.iter().enumerate())
        .map(|(i, hn)| {
            let blocks: Vec<BlockRow> = (FundingBlock::ALL.iter())
                .map(|&block| row(inputs, block, hn, i == 0))
                .collect();
            let total = blocks.iter().fold(Totals::default(), |t, b| Totals {
                allocation: t.allocation + b.allocation,
                transfers: t.transfers + b.transfers,
                expenditure: t.expenditure + b.expenditure,
                in_year: t.in_year + b.in_year,
            });
            let year = SummaryYear {
                year: hn.year,
                blocks,
                total,
                brought_forward,
                cumulative: brought_forward + total.in_year,
            };
            brought_forward = year.cumulative;
            year
        })
        .collect()
}

fn row(inputs: &SummaryInputs, block: FundingBlock, hn: &BlockYear, first: bool) -> BlockRow {
    let (basis, allocation, transfers, expenditure) = match block {
        FundingBlock::HighNeeds => (
            if first {
                Basis::Budget
            } else {
                Basis::Forecast
            },
            hn.income - inputs.transfers_in,
            inputs.transfers_in,
            hn.expenditure,
        ),
        other => {
            let (basis, figures) = figures_for(&inputs.recorded, other, hn.year);
            let figures = figures.unwrap_or(BlockFigures {
                allocation: Pence::ZERO,
                expenditure: Pence::ZERO,
            });
            // What the high needs block takes in, the schools block gives up.
            let transfers = if other == FundingBlock::Schools {
                -inputs.transfers_in
            } else {
                Pence::ZERO
            };
            (basis, figures.allocation, transfers, figures.expenditure)
        }
    };
    BlockRow {
        block,
        basis,
        allocation,
        transfers,
        expenditure,
        in_year: allocation + transfers - expenditure,
    }
}

/// The CSV header of the financial summary ([`finance_csv`], docs/formats/dsg-plan.md).
pub const FINANCE_CSV_HEADER: &str = "scenario,financial_year,funding_block,basis,figures_from,\
allocation,transfers,expenditure,in_year,brought_forward,cumulative";

/// The summary as CSV, amounts in pounds and pence: each year's blocks, then its DSG total
/// with the balance; the mitigated years after the unmitigated ones when there are any.
#[must_use]
pub fn finance_csv(unmitigated: &[SummaryYear], mitigated: Option<&[SummaryYear]>) -> String {
    let mut out = String::from(FINANCE_CSV_HEADER);
    out.push('\n');
    let cases =
        std::iter::once(("unmitigated", unmitigated)).chain(mitigated.map(|m| ("mitigated", m)));
    for (scenario, years) in cases {
        for y in years {
            for b in &y.blocks {
                let from = match b.basis {
                    Basis::Recorded => y.year.to_string(),
                    Basis::Held(from) => from.to_string(),
                    _ => String::new(),
                };
                out.push_str(&format!(
                    "{scenario},{},{},{},{from},{},{},{},{},,\n",
                    y.year,
                    b.block.code(),
                    b.basis.code(),
                    b.allocation.plain(),
                    b.transfers.plain(),
                    b.expenditure.plain(),
                    b.in_year.plain(),
                ));
            }
            out.push_str(&format!(
                "{scenario},{},dsg_total,,,{},{},{},{},{},{}\n",
                y.year,
                y.total.allocation.plain(),
                y.total.transfers.plain(),
                y.total.expenditure.plain(),
                y.total.in_year.plain(),
                y.brought_forward.plain(),
                y.cumulative.plain(),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests;
