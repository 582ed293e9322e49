//! Migration 14: the high needs budget. What a council sets on each line for a financial year
//! (`budget_amounts`), its income (`budget_income`), and the ledger actuals it imports
//! (`ledger_actuals`) with a row per import (`ledger_imports`).
//!
//! Re-importing: a ledger extract for a month is that month's whole spend, so importing a file
//! replaces every earlier actual for each (year, month) the file holds, on all lines, and
//! leaves other months alone. `ledger_actuals` keeps one total per (year, month, line) with the
//! import it came from; `ledger_imports` keeps every import, so the history of what was loaded
//! and when is never lost. Financial years are stored as the calendar year they start in.

use sea_query::{Iden, Index, Table};

use super::columns::*;
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum BudgetAmounts {
    Table,
    LaId,
    /// The calendar year the financial year starts in (2026 for 2026-27).
    FinancialYear,
    /// `domain::high_needs::BudgetLine` code.
    BudgetLine,
    AmountPence,
    SetBy,
    SetAt,
}

#[derive(Iden, Clone, Copy)]
pub enum BudgetIncome {
    Table,
    LaId,
    IncomeId,
    FinancialYear,
    /// `domain::high_needs::budget::IncomeKind` code.
    Kind,
    Description,
    AmountPence,
    /// For a block transfer: the forum's approval and what it was taken from.
    ApprovalReference,
    ApprovedOn,
    SchoolsBlockPence,
    BasisPoints,
    RecordedBy,
    RecordedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum LedgerImports {
    Table,
    LaId,
    ImportId,
    FileName,
    /// SHA-256 of the file, hex.
    Sha256,
    /// Rows read from the file.
    Rows,
    /// The months it holds, as `2026-27/1, 2026-27/2`.
    Months,
    ImportedBy,
    ImportedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum LedgerActuals {
    Table,
    LaId,
    FinancialYear,
    /// 1 (April) to 12 (March).
    Month,
    BudgetLine,
    AmountPence,
    /// The import the month's figures came from.
    ImportId,
}

pub fn budget() -> Vec<SchemaChange> {
    vec![
        SchemaChange::Table(Box::new(
            Table::create()
                .table(BudgetAmounts::Table)
                .if_not_exists()
                .col(id(BudgetAmounts::LaId))
                .col(id(BudgetAmounts::FinancialYear))
                .col(text(BudgetAmounts::BudgetLine))
                .col(id(BudgetAmounts::AmountPence))
                .col(text(BudgetAmounts::SetBy))
                .col(timestamp(BudgetAmounts::SetAt))
                .primary_key(
                    Index::create()
                        .col(BudgetAmounts::LaId)
                        .col(BudgetAmounts::FinancialYear)
                        .col(BudgetAmounts::BudgetLine),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
        SchemaChange::Table(Box::new(
            Table::create()
                .table(BudgetIncome::Table)
                .if_not_exists()
                .col(id(BudgetIncome::LaId))
                .col(id(BudgetIncome::IncomeId))
                .col(id(BudgetIncome::FinancialYear))
                .col(text(BudgetIncome::Kind))
                .col(text(BudgetIncome::Description))
                .col(id(BudgetIncome::AmountPence))
                .col(opt_text(BudgetIncome::ApprovalReference))
                .col(opt_date(BudgetIncome::ApprovedOn))
                .col(opt_id(BudgetIncome::SchoolsBlockPence))
                .col(opt_id(BudgetIncome::BasisPoints))
                .col(text(BudgetIncome::RecordedBy))
                .col(timestamp(BudgetIncome::RecordedAt))
                .primary_key(
                    Index::create()
                        .col(BudgetIncome::LaId)
                        .col(BudgetIncome::IncomeId),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
        SchemaChange::Index(
            Index::create()
                .name("budget_income_year")
                .table(BudgetIncome::Table)
                .col(BudgetIncome::LaId)
                .col(BudgetIncome::FinancialYear)
                .if_not_exists()
                .take(),
        ),
        SchemaChange::Table(Box::new(
            Table::create()
                .table(LedgerImports::Table)
                .if_not_exists()
                .col(id(LedgerImports::LaId))
                .col(id(LedgerImports::ImportId))
                .col(text(LedgerImports::FileName))
                .col(text(LedgerImports::Sha256))
                .col(id(LedgerImports::Rows))
                .col(text(LedgerImports::Months))
                .col(text(LedgerImports::ImportedBy))
                .col(timestamp(LedgerImports::ImportedAt))
                .primary_key(
                    Index::create()
                        .col(LedgerImports::LaId)
                        .col(LedgerImports::ImportId),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
        SchemaChange::Table(Box::new(
            Table::create()
                .table(LedgerActuals::Table)
                .if_not_exists()
                .col(id(LedgerActuals::LaId))
                .col(id(LedgerActuals::FinancialYear))
                .col(id(LedgerActuals::Month))
                .col(text(LedgerActuals::BudgetLine))
                .col(id(LedgerActuals::AmountPence))
                .col(id(LedgerActuals::ImportId))
                .primary_key(
                    Index::create()
                        .col(LedgerActuals::LaId)
                        .col(LedgerActuals::FinancialYear)
                        .col(LedgerActuals::Month)
                        .col(LedgerActuals::BudgetLine),
                )
                .foreign_key(
                    sea_query::ForeignKey::create()
                        .from_col(LedgerActuals::LaId)
                        .from_col(LedgerActuals::ImportId)
                        .to(
                            LedgerImports::Table,
                            (LedgerImports::LaId, LedgerImports::ImportId),
                        )
                        .on_delete(sea_query::ForeignKeyAction::Cascade),
                )
                .take(),
        )),
    ]
}
