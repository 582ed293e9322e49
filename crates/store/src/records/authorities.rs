//! Local authorities: the tenants. Every English council is loaded, whether or not it has data.

use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};

use crate::engine::Tx;
use crate::error::Result;
use crate::schema::LocalAuthorities as La;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LocalAuthorityRow {
    /// The DfE three-digit LA number, e.g. 801 for Bristol.
    pub la_id: i64,
    pub ons_code: String,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
    pub fictional: bool,
}

const COLUMNS: [La; 6] = [
    La::LaId,
    La::OnsCode,
    La::Name,
    La::RegionCode,
    La::RegionName,
    La::Fictional,
];

impl Tx {
    /// Adds councils, or refreshes their names and codes when they are already there.
    pub async fn upsert_local_authorities(&mut self, rows: &[LocalAuthorityRow]) -> Result<u64> {
        let mut written = 0;
        for chunk in rows.chunks(500) {
            let mut insert = Query::insert();
            insert.into_table(La::Table).columns(COLUMNS);
            for r in chunk {
                insert.values_panic([
                    r.la_id.into(),
                    r.ons_code.clone().into(),
                    r.name.clone().into(),
                    r.region_code.clone().into(),
                    r.region_name.clone().into(),
                    r.fictional.into(),
                ]);
            }
            insert.on_conflict(
                OnConflict::column(La::LaId)
                    .update_columns([
                        La::OnsCode,
                        La::Name,
                        La::RegionCode,
                        La::RegionName,
                        La::Fictional,
                    ])
                    .to_owned(),
            );
            written += self.execute(&insert).await?;
        }
        Ok(written)
    }

    pub async fn local_authority(&mut self, la_id: i64) -> Result<Option<LocalAuthorityRow>> {
        self.fetch_optional(
            Query::select()
                .columns(COLUMNS)
                .from(La::Table)
                .and_where(Expr::col(La::LaId).eq(la_id)),
        )
        .await
    }

    pub async fn local_authorities(&mut self) -> Result<Vec<LocalAuthorityRow>> {
        self.fetch_all(
            Query::select()
                .columns(COLUMNS)
                .from(La::Table)
                .order_by(La::LaId, Order::Asc),
        )
        .await
    }
}
