//! Children and young people (SEN2 module 1, Person) and their ranked SEN needs (module 5c).

use chrono::NaiveDate;
use sea_query::{Expr, ExprTrait, Func, LikeExpr, Order, Query};

use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{ChildNeeds as N, Children as C};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ChildRow {
    pub la_id: i64,
    pub child_id: i64,
    pub forename: String,
    pub surname: String,
    pub birth_date: NaiveDate,
    /// SEN2 Sex code.
    pub sex: String,
    /// CBDS ethnicity code.
    pub ethnicity: Option<String>,
    pub postcode: Option<String>,
    pub address_line: Option<String>,
    pub upn: Option<String>,
    pub uln: Option<String>,
    /// SEN2 UPNunknown reason (UN1..UN10) when there is no UPN.
    pub upn_unknown: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ChildNeedRow {
    pub la_id: i64,
    pub child_id: i64,
    /// 1 primary, 2 secondary.
    pub rank: i64,
    /// SEN2 SENtype code.
    pub sen_type: String,
}

const CHILD_COLUMNS: [C; 12] = [
    C::LaId,
    C::ChildId,
    C::Forename,
    C::Surname,
    C::BirthDate,
    C::Sex,
    C::Ethnicity,
    C::Postcode,
    C::AddressLine,
    C::Upn,
    C::Uln,
    C::UpnUnknown,
];
const NEED_COLUMNS: [N; 4] = [N::LaId, N::ChildId, N::Rank, N::SenType];

impl Tx {
    pub async fn insert_children(&mut self, rows: &[ChildRow]) -> Result<u64> {
        self.insert_rows(
            C::Table,
            &CHILD_COLUMNS,
            rows.iter().map(|r| {
                vec![
                    r.la_id.into(),
                    r.child_id.into(),
                    r.forename.clone().into(),
                    r.surname.clone().into(),
                    r.birth_date.into(),
                    r.sex.clone().into(),
                    r.ethnicity.clone().into(),
                    r.postcode.clone().into(),
                    r.address_line.clone().into(),
                    r.upn.clone().into(),
                    r.uln.clone().into(),
                    r.upn_unknown.clone().into(),
                ]
            }),
        )
        .await
    }

    pub async fn insert_child_needs(&mut self, rows: &[ChildNeedRow]) -> Result<u64> {
        self.insert_rows(
            N::Table,
            &NEED_COLUMNS,
            rows.iter().map(|r| {
                vec![
                    r.la_id.into(),
                    r.child_id.into(),
                    r.rank.into(),
                    r.sen_type.clone().into(),
                ]
            }),
        )
        .await
    }

    pub async fn child(&mut self, la_id: i64, child_id: i64) -> Result<Option<ChildRow>> {
        self.fetch_optional(
            Query::select()
                .columns(CHILD_COLUMNS)
                .from(C::Table)
                .and_where(Expr::col(C::LaId).eq(la_id))
                .and_where(Expr::col(C::ChildId).eq(child_id)),
        )
        .await
    }

    pub async fn child_by_upn(&mut self, la_id: i64, upn: &str) -> Result<Option<ChildRow>> {
        self.fetch_optional(
            Query::select()
                .columns(CHILD_COLUMNS)
                .from(C::Table)
                .and_where(Expr::col(C::LaId).eq(la_id))
                .and_where(Expr::col(C::Upn).eq(upn)),
        )
        .await
    }

    /// Children whose surname starts with `prefix`, ignoring case, in name order, at most `limit`.
    /// (Both engines compare lower-cased text, as SQLite's LIKE ignores ASCII case and
    /// PostgreSQL's does not.)
    pub async fn children_by_surname(
        &mut self,
        la_id: i64,
        prefix: &str,
        limit: u64,
    ) -> Result<Vec<ChildRow>> {
        self.fetch_all(
            Query::select()
                .columns(CHILD_COLUMNS)
                .from(C::Table)
                .and_where(Expr::col(C::LaId).eq(la_id))
                .and_where(Func::lower(Expr::col(C::Surname)).like(
                    LikeExpr::new(format!("{}%", escape_like(&prefix.to_lowercase()))).escape('\\'),
                ))
                .order_by(C::Surname, Order::Asc)
                .order_by(C::Forename, Order::Asc)
                .limit(limit),
        )
        .await
    }

    pub async fn children_by_birth_date(
        &mut self,
        la_id: i64,
        birth_date: NaiveDate,
        limit: u64,
    ) -> Result<Vec<ChildRow>> {
        self.fetch_all(
            Query::select()
                .columns(CHILD_COLUMNS)
                .from(C::Table)
                .and_where(Expr::col(C::LaId).eq(la_id))
                .and_where(Expr::col(C::BirthDate).eq(birth_date))
                .order_by(C::Surname, Order::Asc)
                .order_by(C::Forename, Order::Asc)
                .limit(limit),
        )
        .await
    }

    pub async fn child_needs(&mut self, la_id: i64, child_id: i64) -> Result<Vec<ChildNeedRow>> {
        self.fetch_all(
            Query::select()
                .columns(NEED_COLUMNS)
                .from(N::Table)
                .and_where(Expr::col(N::LaId).eq(la_id))
                .and_where(Expr::col(N::ChildId).eq(child_id))
                .order_by(N::Rank, Order::Asc),
        )
        .await
    }
}

/// Wildcards typed by a user match themselves, not everything.
fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
