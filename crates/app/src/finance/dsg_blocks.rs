//! The DSG's other funding blocks and its balance brought forward, and the DSG management plan's
//! financial summary built from them (`domain::high_needs::dsg_blocks`, `dsg_summary`).
//!
//! Finance officers record, per financial year, each of the schools, central school services
//! and early years blocks' allocation and expenditure and the DSG balance brought forward at 1
//! April (`Action::SetBudget`, audited as `finance.dsg_blocks_set`); whoever may read the
//! budget sees them (`finance.dsg_blocks`). The plan (`super::dsg_plan`) reads them in its own
//! transaction and lays every block beside the high needs block's years, unmitigated and with
//! every mitigation.

use chrono::{DateTime, Utc};
use domain::high_needs::budget::IncomeKind;
use domain::high_needs::dsg_blocks::{BlockFigures, FundingBlock, NewDsgYear};
use domain::high_needs::dsg_finance::BlockYear;
use domain::high_needs::dsg_summary::{RecordedBlock, SummaryInputs, SummaryYear, summary};
use domain::{FinancialYear, Pence};
use store::{DsgBalanceRow, DsgBlockFiguresRow, Tx};

use super::audit_read;
use super::budget::Income;
use crate::Store;
use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// Who set a figure and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetBy {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A year's figures as the form page shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DsgBlocksView {
    pub year: FinancialYear,
    /// Each block in `FundingBlock::RECORDED` order, with its figures if recorded for the year.
    pub blocks: Vec<(FundingBlock, Option<(BlockFigures, SetBy)>)>,
    /// The DSG balance at 1 April of the year, if recorded.
    pub brought_forward: Option<(Pence, SetBy)>,
    /// Whether the reader may record them (to offer the form).
    pub may_set: bool,
}

/// The year's recorded figures. The read is audited.
///
/// # Errors
/// `Forbidden` unless the actor may read the budget.
pub async fn dsg_blocks(
    store: &Store,
    actor: &Actor,
    year: FinancialYear,
) -> Result<DsgBlocksView> {
    policy::authorise(actor, Action::ReadBudget)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let (blocks, balance) = year_rows(&mut tx, la_id, year).await?;
    audit_read(&mut tx, actor, "finance.dsg_blocks", year).await?;
    tx.commit().await?;
    Ok(DsgBlocksView {
        year,
        blocks: (FundingBlock::RECORDED.iter())
            .map(|&block| {
                let found = (blocks.iter()).find(|r| r.funding_block == block.code());
                (
                    block,
                    found.map(|r| (figures_of(r), set_by(&r.set_by, r.set_at))),
                )
            })
            .collect(),
        brought_forward: balance
            .map(|b| (Pence(b.brought_forward_pence), set_by(&b.set_by, b.set_at))),
        may_set: policy::permits(actor, Action::SetBudget),
    })
}

fn set_by(by: &str, at: DateTime<Utc>) -> SetBy {
    SetBy {
        by: by.to_owned(),
        at,
    }
}

fn figures_of(r: &DsgBlockFiguresRow) -> BlockFigures {
    BlockFigures {
        allocation: Pence(r.allocation_pence),
        expenditure: Pence(r.expenditure_pence),
    }
}

async fn year_rows(
    tx: &mut Tx,
    la_id: i64,
    year: FinancialYear,
) -> Result<(Vec<DsgBlockFiguresRow>, Option<DsgBalanceRow>)> {
    let key = i64::from(year.start_year());
    let blocks = tx
        .records_of_child::<DsgBlockFiguresRow>(la_id, key)
        .await?;
    let balance = tx
        .records_of_child::<DsgBalanceRow>(la_id, key)
        .await?
        .into_iter()
        .next();
    Ok((blocks, balance))
}

/// Records a year's block figures and balance brought forward, replacing the year's whole: a
/// block or balance left empty is no longer recorded for the year. A figure that has not
/// changed keeps who set it and when.
///
/// # Errors
/// `Invalid` with every problem in the form, each naming its field; nothing is saved.
pub async fn record_dsg_year(
    store: &Store,
    actor: &Actor,
    year: FinancialYear,
    new: &NewDsgYear,
) -> Result<()> {
    policy::authorise(actor, Action::SetBudget)?;
    let read = new.parse().map_err(AppError::Invalid)?;
    let la_id = actor.la_id();
    let key = i64::from(year.start_year());
    let now = Utc::now();
    let mut tx = store.begin().await?;
    let (before, balance_before) = year_rows(&mut tx, la_id, year).await?;
    let blocks: Vec<DsgBlockFiguresRow> = (read.blocks.iter())
        .map(|(block, figures)| {
            let kept = (before.iter())
                .find(|r| r.funding_block == block.code() && figures_of(r) == *figures);
            kept.cloned().unwrap_or_else(|| DsgBlockFiguresRow {
                la_id,
                financial_year: key,
                funding_block: block.code().into(),
                allocation_pence: figures.allocation.get(),
                expenditure_pence: figures.expenditure.get(),
                set_by: actor.audit_name(),
                set_at: now,
            })
        })
        .collect();
    let balance = read.brought_forward.map(|amount| match balance_before {
        Some(b) if b.brought_forward_pence == amount.get() => b,
        _ => DsgBalanceRow {
            la_id,
            financial_year: key,
            brought_forward_pence: amount.get(),
            set_by: actor.audit_name(),
            set_at: now,
        },
    });
    tx.replace_dsg_year(la_id, key, &blocks, balance.as_ref())
        .await?;
    let recorded: Vec<&str> = read.blocks.iter().map(|(b, _)| b.code()).collect();
    let balance_text = read
        .brought_forward
        .map_or_else(|| "none".to_owned(), |b| b.to_string());
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "finance.dsg_blocks_set",
            record_type: "dsg_blocks",
            record_id: Some(year.to_string()),
            child_id: None,
            detail: Some(format!(
                "blocks: {}; balance brought forward: {balance_text}",
                if recorded.is_empty() {
                    "none".to_owned()
                } else {
                    recorded.join(", ")
                }
            )),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What the plan's summary is made from besides the high needs block, as stored.
pub(crate) struct Recorded {
    blocks: Vec<RecordedBlock>,
    /// The balance brought forward into the plan's first year, if recorded.
    balance: Option<(Pence, SetBy)>,
}

/// Every block's recorded figures, and the balance brought forward into `year`, as `tx` reads
/// them, for a use case that has authorised its reader. A row with a block code this version
/// does not know is left out rather than guessed at.
pub(crate) async fn recorded(tx: &mut Tx, la_id: i64, year: FinancialYear) -> Result<Recorded> {
    let blocks = (tx.records_of_council::<DsgBlockFiguresRow>(la_id).await?)
        .iter()
        .filter_map(|r| {
            Some(RecordedBlock {
                block: FundingBlock::parse(&r.funding_block)
                    .ok()
                    .filter(|b| FundingBlock::RECORDED.contains(b))?,
                year: FinancialYear::new(i32::try_from(r.financial_year).ok()?),
                figures: figures_of(r),
            })
        })
        .collect();
    let (_, balance) = year_rows(tx, la_id, year).await?;
    Ok(Recorded {
        blocks,
        balance: balance.map(|b| (Pence(b.brought_forward_pence), set_by(&b.set_by, b.set_at))),
    })
}

/// The DSG management plan's financial summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub inputs: SummaryInputs,
    /// The balance brought forward into the first year as recorded; `None` when it is not,
    /// and the cumulative balance counts from zero.
    pub balance: Option<(Pence, SetBy)>,
    /// Each of the high needs block's years with every block.
    pub years: Vec<SummaryYear>,
    /// The same with every mitigation (only the high needs block's expenditure changes).
    pub mitigated: Option<Vec<SummaryYear>>,
}

impl Summary {
    /// The summary with other high needs years (a scenario's): the other blocks and the
    /// balance as they are.
    #[must_use]
    pub fn with(&self, high_needs: &[BlockYear]) -> Vec<SummaryYear> {
        summary(&self.inputs, high_needs)
    }
}

/// Lays every block beside the high needs block's years, unmitigated and mitigated. The
/// transfers into the high needs block are its income of that kind in the budget.
pub(crate) fn summarise(
    recorded: Recorded,
    income: &[Income],
    high_needs: &[BlockYear],
    mitigated: Option<&[BlockYear]>,
) -> Summary {
    let inputs = SummaryInputs {
        recorded: recorded.blocks,
        brought_forward: recorded.balance.as_ref().map_or(Pence::ZERO, |(b, _)| *b),
        transfers_in: (income.iter())
            .filter(|i| i.item.kind == IncomeKind::BlockTransfer)
            .map(|i| i.item.amount)
            .sum(),
    };
    Summary {
        years: summary(&inputs, high_needs),
        mitigated: mitigated.map(|m| summary(&inputs, m)),
        inputs,
        balance: recorded.balance,
    }
}
