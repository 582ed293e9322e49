//! The DSG's other funding blocks and its balance brought forward: plain rows in and out
//! (migration 19). A year is saved whole: its rows are removed and written again, decided in
//! `app`.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Query};

use super::record::{Record, record};
use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{DsgBalances as Db, DsgBlockFigures as Df};

/// A block's allocation and expenditure for a year, in pence.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DsgBlockFiguresRow {
    pub la_id: i64,
    pub financial_year: i64,
    pub funding_block: String,
    pub allocation_pence: i64,
    pub expenditure_pence: i64,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}
record!(DsgBlockFiguresRow, Df, key 3, child FinancialYear, order FundingBlock, [
    la_id => LaId, financial_year => FinancialYear, funding_block => FundingBlock,
    allocation_pence => AllocationPence, expenditure_pence => ExpenditurePence,
    set_by => SetBy, set_at => SetAt,
]);

/// The DSG balance at 1 April of a year, in pence; below zero a deficit.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DsgBalanceRow {
    pub la_id: i64,
    pub financial_year: i64,
    pub brought_forward_pence: i64,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}
record!(DsgBalanceRow, Db, key 2, child FinancialYear, order FinancialYear, [
    la_id => LaId, financial_year => FinancialYear,
    brought_forward_pence => BroughtForwardPence, set_by => SetBy, set_at => SetAt,
]);

impl Tx {
    /// Replaces a year's block figures and balance: the year's rows are removed, then `blocks`
    /// and `balance` written.
    pub async fn replace_dsg_year(
        &mut self,
        la_id: i64,
        financial_year: i64,
        blocks: &[DsgBlockFiguresRow],
        balance: Option<&DsgBalanceRow>,
    ) -> Result<()> {
        self.execute(
            Query::delete()
                .from_table(Df::Table)
                .and_where(Expr::col(Df::LaId).eq(la_id))
                .and_where(Expr::col(Df::FinancialYear).eq(financial_year)),
        )
        .await?;
        self.execute(
            Query::delete()
                .from_table(Db::Table)
                .and_where(Expr::col(Db::LaId).eq(la_id))
                .and_where(Expr::col(Db::FinancialYear).eq(financial_year)),
        )
        .await?;
        self.insert_records(blocks).await?;
        if let Some(balance) = balance {
            self.insert_records(std::slice::from_ref(balance)).await?;
        }
        Ok(())
    }
}
