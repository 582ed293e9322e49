//! Whole-council operations: what a council holds, and emptying a demo council before it is
//! seeded again.

use sea_query::{Alias, Expr, ExprTrait, Func, Query};

use crate::engine::Tx;
use crate::error::Result;
use crate::schema::COUNCIL_TABLES_LEAF_FIRST;

/// How many rows of each kind a council holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CouncilCounts {
    pub settings: i64,
    pub children: i64,
    pub requests: i64,
    pub plans: i64,
    pub placements: i64,
    pub staff: i64,
}

#[derive(sqlx::FromRow)]
struct Count {
    n: i64,
}

impl Tx {
    async fn count_rows(&mut self, table: &'static str, la_id: i64) -> Result<i64> {
        let c: Count = self
            .fetch_one(
                Query::select()
                    .expr_as(Func::count(Expr::col(Alias::new("la_id"))), "n")
                    .from(Alias::new(table))
                    .and_where(Expr::col(Alias::new("la_id")).eq(la_id)),
            )
            .await?;
        Ok(c.n)
    }

    pub async fn council_counts(&mut self, la_id: i64) -> Result<CouncilCounts> {
        Ok(CouncilCounts {
            settings: self.count_rows("settings", la_id).await?,
            children: self.count_rows("children", la_id).await?,
            requests: self.count_rows("assessment_requests", la_id).await?,
            plans: self.count_rows("ehc_plans", la_id).await?,
            placements: self.count_rows("placements", la_id).await?,
            staff: self.count_rows("staff", la_id).await?,
        })
    }

    /// Refreshes the query planner's statistics for tables a bulk load has just filled, inside
    /// the loading transaction, so that what follows (foreign-key checks above all) is planned
    /// for the rows now there. Without it PostgreSQL plans the checks against an empty table,
    /// may pick an index that only narrows by `la_id`, and keeps that plan for the connection:
    /// each check then reads the whole council. SQLite checks foreign keys through the parent's
    /// key directly and has no such plan, so this does nothing there.
    pub async fn refresh_statistics(&mut self) -> Result<()> {
        self.execute_raw(None, Some("ANALYZE local_authorities, settings, children, staff, assessment_requests, ehc_plans"))
            .await
    }

    /// Deletes all of a council's data (not the council itself). Used only to refresh a
    /// synthetic demo council; real councils' data is never deleted this way.
    pub async fn empty_council(&mut self, la_id: i64) -> Result<u64> {
        let mut deleted = 0;
        for table in COUNCIL_TABLES_LEAF_FIRST {
            deleted += self
                .execute(
                    Query::delete()
                        .from_table(Alias::new(table))
                        .and_where(Expr::col(Alias::new("la_id")).eq(la_id)),
                )
                .await?;
        }
        Ok(deleted)
    }
}
