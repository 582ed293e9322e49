//! The high needs budget's rows: amounts by line, income, and ledger imports with their
//! monthly actuals. Plain rows in and out; the rule for re-imports (a month in a new file
//! replaces that month) is carried out here as one delete and one insert, decided in `app`.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Cond, Expr, ExprTrait, Order, Query};

use super::record::{Record, record};
use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{
    BudgetAmounts as Ba, BudgetIncome as Bi, LedgerActuals as La, LedgerImports as Li,
};

/// The budget on one line for a year, in pence.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BudgetAmountRow {
    pub la_id: i64,
    pub financial_year: i64,
    pub budget_line: String,
    pub amount_pence: i64,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}
record!(BudgetAmountRow, Ba, key 3, child FinancialYear, order BudgetLine, [
    la_id => LaId, financial_year => FinancialYear, budget_line => BudgetLine,
    amount_pence => AmountPence, set_by => SetBy, set_at => SetAt,
]);

/// One piece of income for a year.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BudgetIncomeRow {
    pub la_id: i64,
    pub income_id: i64,
    pub financial_year: i64,
    pub kind: String,
    pub description: String,
    pub amount_pence: i64,
    pub approval_reference: Option<String>,
    pub approved_on: Option<NaiveDate>,
    pub schools_block_pence: Option<i64>,
    pub basis_points: Option<i64>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}
record!(BudgetIncomeRow, Bi, key 2, child FinancialYear, order IncomeId, [
    la_id => LaId, income_id => IncomeId, financial_year => FinancialYear, kind => Kind,
    description => Description, amount_pence => AmountPence,
    approval_reference => ApprovalReference, approved_on => ApprovedOn,
    schools_block_pence => SchoolsBlockPence, basis_points => BasisPoints,
    recorded_by => RecordedBy, recorded_at => RecordedAt,
]);

/// One ledger file imported.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LedgerImportRow {
    pub la_id: i64,
    pub import_id: i64,
    pub file_name: String,
    pub sha256: String,
    pub rows: i64,
    pub months: String,
    pub imported_by: String,
    pub imported_at: DateTime<Utc>,
}
record!(LedgerImportRow, Li, key 2, child LaId, order ImportedAt, [
    la_id => LaId, import_id => ImportId, file_name => FileName, sha256 => Sha256,
    rows => Rows, months => Months, imported_by => ImportedBy, imported_at => ImportedAt,
]);

/// What was spent on a line in a month, by the ledger.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LedgerActualRow {
    pub la_id: i64,
    pub financial_year: i64,
    pub month: i64,
    pub budget_line: String,
    pub amount_pence: i64,
    pub import_id: i64,
}
record!(LedgerActualRow, La, key 4, child FinancialYear, order Month, [
    la_id => LaId, financial_year => FinancialYear, month => Month,
    budget_line => BudgetLine, amount_pence => AmountPence, import_id => ImportId,
]);

impl Tx {
    /// Replaces the budget of a year: every line's row is removed, then `rows` written.
    pub async fn replace_budget_amounts(
        &mut self,
        la_id: i64,
        financial_year: i64,
        rows: &[BudgetAmountRow],
    ) -> Result<()> {
        self.execute(
            Query::delete()
                .from_table(Ba::Table)
                .and_where(Expr::col(Ba::LaId).eq(la_id))
                .and_where(Expr::col(Ba::FinancialYear).eq(financial_year)),
        )
        .await?;
        self.insert_records(rows).await?;
        Ok(())
    }

    /// Removes one piece of income of a year; whether there was one.
    pub async fn delete_budget_income(
        &mut self,
        la_id: i64,
        financial_year: i64,
        income_id: i64,
    ) -> Result<bool> {
        let removed = self
            .execute(
                Query::delete()
                    .from_table(Bi::Table)
                    .and_where(Expr::col(Bi::LaId).eq(la_id))
                    .and_where(Expr::col(Bi::FinancialYear).eq(financial_year))
                    .and_where(Expr::col(Bi::IncomeId).eq(income_id)),
            )
            .await?;
        Ok(removed == 1)
    }

    /// Writes an import and its monthly totals, first removing every actual of each
    /// (year, month) in `months`, whichever import it came from.
    pub async fn replace_ledger_months(
        &mut self,
        import: &LedgerImportRow,
        months: &[(i64, i64)],
        actuals: &[LedgerActualRow],
    ) -> Result<()> {
        self.insert_records(std::slice::from_ref(import)).await?;
        if !months.is_empty() {
            let mut any = Cond::any();
            for (year, month) in months {
                any = any.add(
                    Cond::all()
                        .add(Expr::col(La::FinancialYear).eq(*year))
                        .add(Expr::col(La::Month).eq(*month)),
                );
            }
            self.execute(
                Query::delete()
                    .from_table(La::Table)
                    .and_where(Expr::col(La::LaId).eq(import.la_id))
                    .cond_where(any),
            )
            .await?;
        }
        self.insert_records(actuals).await?;
        Ok(())
    }

    /// The latest imports, newest first.
    pub async fn ledger_imports(&mut self, la_id: i64, limit: u64) -> Result<Vec<LedgerImportRow>> {
        self.fetch_all(
            Query::select()
                .columns(LedgerImportRow::COLUMNS.iter().copied())
                .from(Li::Table)
                .and_where(Expr::col(Li::LaId).eq(la_id))
                .order_by(Li::ImportedAt, Order::Desc)
                .order_by(Li::ImportId, Order::Desc)
                .limit(limit),
        )
        .await
    }
}
