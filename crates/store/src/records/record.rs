//! Plain tables written and read whole: a row type names its table and columns once, and the
//! same generic statements insert, update and select it on both engines.

use sea_query::{Cond, Expr, ExprTrait, Iden, Order, Query};

use crate::engine::{Row, Tx};
use crate::error::{Result, StoreError};

/// Implements [`Record`] for a row whose fields are named as its columns.
macro_rules! record {
    ($row:ident, $t:ident, key $key:literal, child $child:ident, order $order:ident,
     [$($field:ident => $col:ident),+ $(,)?]) => {
        impl Record for $row {
            type Col = $t;
            const TABLE: $t = $t::Table;
            const COLUMNS: &'static [$t] = &[$($t::$col),+];
            const KEY: usize = $key;
            const CHILD: $t = $t::$child;
            const ORDER: $t = $t::$order;
            fn values(&self) -> Vec<Expr> {
                vec![$(self.$field.clone().into()),+]
            }
        }
    };
}
pub(crate) use record;

/// A row of one table, its columns in table order, its primary key first.
pub trait Record: Row + Sync {
    type Col: Iden + Copy + 'static;
    /// The table.
    const TABLE: Self::Col;
    /// Every column, in the order [`Record::values`] gives them; the key columns first.
    const COLUMNS: &'static [Self::Col];
    /// How many of the first columns make the primary key (always starting with `la_id`).
    const KEY: usize;
    /// The column naming the child the row belongs to.
    const CHILD: Self::Col;
    /// The column rows are listed in order of (then the key).
    const ORDER: Self::Col;
    /// The row's values, in [`Record::COLUMNS`] order.
    fn values(&self) -> Vec<Expr>;
}

impl Tx {
    /// Inserts rows of one table in as few statements as the parameter limit allows.
    pub async fn insert_records<R: Record>(&mut self, rows: &[R]) -> Result<u64> {
        self.insert_rows(R::TABLE, R::COLUMNS, rows.iter().map(Record::values))
            .await
    }

    /// Writes every column of a row found by its primary key. Fails if there is no such row.
    pub async fn update_record<R: Record>(&mut self, row: &R) -> Result<()> {
        let values = row.values();
        let mut update = Query::update();
        update.table(R::TABLE);
        for (col, value) in R::COLUMNS.iter().zip(values.iter()).skip(R::KEY) {
            update.value(*col, value.clone());
        }
        for (col, value) in R::COLUMNS.iter().zip(values).take(R::KEY) {
            update.and_where(Expr::col(*col).eq(value));
        }
        match self.execute(&update).await? {
            1 => Ok(()),
            n => Err(StoreError::corrupt(
                "update",
                format!("{} rows matched one key in {}", n, R::TABLE.to_string()),
            )),
        }
    }

    /// The rows of one child, in [`Record::ORDER`].
    pub async fn records_of_child<R: Record>(
        &mut self,
        la_id: i64,
        child_id: i64,
    ) -> Result<Vec<R>> {
        self.select_records(la_id, Cond::all().add(Expr::col(R::CHILD).eq(child_id)))
            .await
    }

    /// Every row of a council, in child then [`Record::ORDER`] order: for exports and bulk work.
    pub async fn records_of_council<R: Record>(&mut self, la_id: i64) -> Result<Vec<R>> {
        self.select_records(la_id, Cond::all()).await
    }

    /// One row by the rest of its key after `la_id` (a single id column).
    pub async fn record<R: Record>(&mut self, la_id: i64, id: i64) -> Result<Option<R>> {
        let Some(id_col) = R::COLUMNS.get(1).filter(|_| R::KEY == 2) else {
            return Err(StoreError::corrupt(
                "record",
                format!("{} has no single id column", R::TABLE.to_string()),
            ));
        };
        self.fetch_optional(
            Query::select()
                .columns(R::COLUMNS.iter().copied())
                .from(R::TABLE)
                .and_where(Expr::col(R::COLUMNS[0]).eq(la_id))
                .and_where(Expr::col(*id_col).eq(id)),
        )
        .await
    }

    pub(crate) async fn select_records<R: Record>(
        &mut self,
        la_id: i64,
        cond: Cond,
    ) -> Result<Vec<R>> {
        let mut q = Query::select();
        q.columns(R::COLUMNS.iter().copied())
            .from(R::TABLE)
            .and_where(Expr::col(R::COLUMNS[0]).eq(la_id))
            .cond_where(cond)
            .order_by(R::CHILD, Order::Asc)
            .order_by(R::ORDER, Order::Asc);
        for col in &R::COLUMNS[1..R::KEY] {
            q.order_by(*col, Order::Asc);
        }
        self.fetch_all(&q).await
    }
}
