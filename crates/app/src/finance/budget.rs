//! The high needs budget of a financial year: finance officers set it line by line and record
//! the year's income; anyone who may read it sees the forecast outturn, worked out by
//! `domain::high_needs::budget::position` from the budget, the ledger's actuals, the live
//! placements and awards, and the starts of the last 12 months.

use chrono::{Months, Utc};
use domain::high_needs::BudgetLine;
use domain::high_needs::budget::{
    Actual, BlockTransfer, BudgetInputs, BudgetPosition, IncomeItem, IncomeKind, Month, NewIncome,
    position,
};
use domain::{FieldError, FinancialYear, Pence};
use store::{BudgetAmountRow, BudgetIncomeRow, LedgerActualRow, LedgerImportRow, Tx};

use super::{audit_read, commitments};
use crate::Store;
use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// How many past imports the budget page lists.
const IMPORTS_SHOWN: u64 = 10;

/// A piece of income with its id, to remove it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Income {
    pub income_id: i64,
    pub item: IncomeItem,
}

/// Everything the budget page shows for a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetView {
    pub position: BudgetPosition,
    pub income: Vec<Income>,
    /// The latest ledger imports, newest first (any year).
    pub imports: Vec<LedgerImportRow>,
    /// Whether the reader may change the budget (to offer the forms).
    pub may_set: bool,
}

/// The year's budget, income, actuals and forecast outturn. The read is audited.
pub async fn budget_position(
    store: &Store,
    actor: &Actor,
    year: FinancialYear,
) -> Result<BudgetView> {
    policy::authorise(actor, Action::ReadBudget)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let (position, income) = position_in(&mut tx, la_id, year).await?;
    let imports = tx.ledger_imports(la_id, IMPORTS_SHOWN).await?;
    audit_read(&mut tx, actor, "finance.budget_position", year).await?;
    tx.commit().await?;
    Ok(BudgetView {
        position,
        income,
        imports,
        may_set: policy::permits(actor, Action::SetBudget),
    })
}

/// The year's position and income as `tx` reads them, for whichever use case has authorised
/// the reader: the budget page, and the action plans and report packs that quote it.
pub(crate) async fn position_in(
    tx: &mut Tx,
    la_id: i64,
    year: FinancialYear,
) -> Result<(BudgetPosition, Vec<Income>)> {
    let key = i64::from(year.start_year());
    let budget: Vec<(BudgetLine, Pence)> = tx
        .records_of_child::<BudgetAmountRow>(la_id, key)
        .await?
        .iter()
        .filter_map(|r| {
            Some((
                BudgetLine::parse(&r.budget_line).ok()?,
                Pence(r.amount_pence),
            ))
        })
        .collect();
    let actuals: Vec<Actual> = tx
        .records_of_child::<LedgerActualRow>(la_id, key)
        .await?
        .iter()
        .filter_map(|r| {
            Some(Actual {
                line: BudgetLine::parse(&r.budget_line).ok()?,
                month: Month::new(r.month)?,
                amount: Pence(r.amount_pence),
            })
        })
        .collect();
    let income: Vec<Income> = tx
        .records_of_child::<BudgetIncomeRow>(la_id, key)
        .await?
        .into_iter()
        .filter_map(income_of_row)
        .collect();
    // New demand looks back 12 months from as early as 1 April, so starts from a year before.
    let found = commitments(tx, la_id, year.start() - Months::new(12), year.end()).await?;
    let items: Vec<IncomeItem> = income.iter().map(|i| i.item.clone()).collect();
    let position = position(&BudgetInputs {
        year,
        budget: &budget,
        actuals: &actuals,
        commitments: &found.commitments,
        income: &items,
    });
    Ok((position, income))
}

/// A stored row as income; a row whose kind this version does not know is left out rather
/// than guessed at.
fn income_of_row(r: BudgetIncomeRow) -> Option<Income> {
    let kind = IncomeKind::parse(&r.kind).ok()?;
    let transfer = match (kind, r.approval_reference, r.approved_on) {
        (IncomeKind::BlockTransfer, Some(approval_reference), Some(approved_on)) => {
            Some(BlockTransfer {
                approval_reference,
                approved_on,
                schools_block: r.schools_block_pence.map(Pence),
                basis_points: r.basis_points,
            })
        }
        _ => None,
    };
    Some(Income {
        income_id: r.income_id,
        item: IncomeItem {
            kind,
            description: r.description,
            amount: Pence(r.amount_pence),
            transfer,
        },
    })
}

/// Sets the year's budget: `amounts` pairs a line's code with the amount typed for it, in
/// pounds. An empty amount leaves the line with no budget. Every line not listed keeps none
/// either: the form sends them all, so the budget is replaced whole.
///
/// # Errors
/// `Invalid` with a problem per line that is not an amount of zero or more, each named by the
/// line's code; nothing is saved.
pub async fn set_budget(
    store: &Store,
    actor: &Actor,
    year: FinancialYear,
    amounts: &[(String, String)],
) -> Result<()> {
    policy::authorise(actor, Action::SetBudget)?;
    let mut problems = Vec::new();
    let mut lines: Vec<(BudgetLine, Pence)> = Vec::new();
    for (code, text) in amounts {
        let line = BudgetLine::parse(code)?;
        if text.trim().is_empty() {
            continue;
        }
        match text.parse::<Pence>() {
            Ok(amount) if amount.is_negative() => problems.push(FieldError::new(
                line.code(),
                format!("the budget for {} must be zero or more", line.label()),
            )),
            Ok(amount) => lines.push((line, amount)),
            Err(e) => problems.push(FieldError::new(
                line.code(),
                format!("{}: {}", line.label(), e.problem),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let la_id = actor.la_id();
    let key = i64::from(year.start_year());
    let now = Utc::now();
    let rows: Vec<BudgetAmountRow> = BudgetLine::ALL
        .iter()
        .filter_map(|line| {
            // The last amount typed for a line counts, as a form sends each line once.
            let (_, amount) = *lines.iter().rev().find(|(l, _)| l == line)?;
            Some(BudgetAmountRow {
                la_id,
                financial_year: key,
                budget_line: line.code().into(),
                amount_pence: amount.get(),
                set_by: actor.audit_name(),
                set_at: now,
            })
        })
        .collect();
    let total: Pence = rows.iter().map(|r| Pence(r.amount_pence)).sum();
    let mut tx = store.begin().await?;
    tx.replace_budget_amounts(la_id, key, &rows).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "finance.budget_set",
            record_type: "budget",
            record_id: Some(year.to_string()),
            child_id: None,
            detail: Some(format!("{} lines, {total}", rows.len())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a piece of income for the year; returns its id.
///
/// # Errors
/// `Invalid` with every problem in the form, each naming its field; nothing is saved.
pub async fn add_income(
    store: &Store,
    actor: &Actor,
    year: FinancialYear,
    new: &NewIncome,
) -> Result<i64> {
    policy::authorise(actor, Action::SetBudget)?;
    let item = new.parse().map_err(AppError::Invalid)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let income_id = tx.allocate_ids(la_id, "budget_income", 1).await?;
    let transfer = item.transfer.as_ref();
    tx.insert_records(&[BudgetIncomeRow {
        la_id,
        income_id,
        financial_year: i64::from(year.start_year()),
        kind: item.kind.code().into(),
        description: item.description.clone(),
        amount_pence: item.amount.get(),
        approval_reference: transfer.map(|t| t.approval_reference.clone()),
        approved_on: transfer.map(|t| t.approved_on),
        schools_block_pence: transfer.and_then(|t| t.schools_block).map(Pence::get),
        basis_points: transfer.and_then(|t| t.basis_points),
        recorded_by: actor.audit_name(),
        recorded_at: Utc::now(),
    }])
    .await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "finance.income_add",
            record_type: "budget_income",
            record_id: Some(income_id.to_string()),
            child_id: None,
            detail: Some(format!("{year} {} {}", item.kind.code(), item.amount)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(income_id)
}

/// Removes a piece of the year's income.
///
/// # Errors
/// `NotFound` when the year has no income with that id.
pub async fn remove_income(
    store: &Store,
    actor: &Actor,
    year: FinancialYear,
    income_id: i64,
) -> Result<()> {
    policy::authorise(actor, Action::SetBudget)?;
    let mut tx = store.begin().await?;
    if !tx
        .delete_budget_income(actor.la_id(), i64::from(year.start_year()), income_id)
        .await?
    {
        return Err(AppError::NotFound(format!("income {income_id} in {year}")));
    }
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "finance.income_remove",
            record_type: "budget_income",
            record_id: Some(income_id.to_string()),
            child_id: None,
            detail: Some(year.to_string()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
