//! Writing many rows at once: multi-row INSERTs sized to stay under both engines' limit on
//! bound parameters (SQLite 32,766; PostgreSQL 65,535), and id blocks from `id_sequences`.

use sea_query::{Expr, ExprTrait, Iden, IntoTableRef, OnConflict, Query};

use crate::engine::Tx;
use crate::error::Result;
use crate::schema::IdSequences;

/// The most parameters one statement binds: under SQLite's default limit.
const MAX_PARAMETERS: usize = 30_000;

impl Tx {
    /// Inserts rows (each a value per column, in column order), as few statements as the
    /// parameter limit allows. Returns the number of rows written.
    ///
    /// The rows are gathered before the returned future starts, so the future never holds
    /// the caller's iterator: a closure over borrowed rows would otherwise make every caller's
    /// future fail to be `Send` (which axum handlers must be).
    pub(crate) fn insert_rows<'a, T, C>(
        &'a mut self,
        table: T,
        columns: &'a [C],
        rows: impl IntoIterator<Item = Vec<Expr>>,
    ) -> impl Future<Output = Result<u64>> + 'a
    where
        T: IntoTableRef + Clone + 'a,
        C: Iden + Copy + 'static,
    {
        let rows: Vec<Vec<Expr>> = rows.into_iter().collect();
        self.insert_row_list(table, columns, rows)
    }

    async fn insert_row_list<T, C>(
        &mut self,
        table: T,
        columns: &[C],
        rows: Vec<Vec<Expr>>,
    ) -> Result<u64>
    where
        T: IntoTableRef + Clone,
        C: Iden + Copy + 'static,
    {
        let per_statement = (MAX_PARAMETERS / columns.len().max(1)).max(1);
        let mut written = 0;
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let mut insert = Query::insert();
            insert
                .into_table(table.clone())
                .columns(columns.iter().copied());
            for row in rows.by_ref().take(per_statement) {
                insert
                    .values(row)
                    .map_err(|e| crate::StoreError::corrupt("row", e))?;
            }
            written += self.execute(&insert).await?;
        }
        Ok(written)
    }

    /// Reserves `count` consecutive ids of the named kind for a council and returns the first.
    /// Ids are per council (child 1 of Bristol and child 1 of Leeds are different children),
    /// small and readable, and handed out in blocks so bulk loads take one round trip.
    pub async fn allocate_ids(&mut self, la_id: i64, kind: &str, count: i64) -> Result<i64> {
        self.execute(
            Query::insert()
                .into_table(IdSequences::Table)
                .columns([IdSequences::LaId, IdSequences::Name, IdSequences::NextId])
                .values_panic([la_id.into(), kind.into(), 1i64.into()])
                .on_conflict(
                    OnConflict::columns([IdSequences::LaId, IdSequences::Name])
                        .do_nothing()
                        .to_owned(),
                ),
        )
        .await?;
        #[derive(sqlx::FromRow)]
        struct Next {
            next_id: i64,
        }
        let next: Next = self
            .fetch_one(
                Query::update()
                    .table(IdSequences::Table)
                    .value(
                        IdSequences::NextId,
                        Expr::col(IdSequences::NextId).add(count),
                    )
                    .and_where(Expr::col(IdSequences::LaId).eq(la_id))
                    .and_where(Expr::col(IdSequences::Name).eq(kind))
                    .returning_col(IdSequences::NextId),
            )
            .await?;
        Ok(next.next_id - count)
    }
}
