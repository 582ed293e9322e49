//! The lists the top-up pages read, each in one statement: applications with the pupil's and
//! the school's names, and awards with the same and the pupil's leaving date at the school
//! (for the payments that stop on it), so a list of a thousand awards is one query, not three
//! per award.

use chrono::NaiveDate;
use sea_query::{Alias, Cond, Expr, ExprTrait, Order, Query, SelectStatement};

use super::record::Record;
use super::topup::{TopupApplicationRow, TopupAwardRow};
use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{
    Children as Ch, Placements as Pl, Settings as St, TopupApplications as Ta, TopupAwards as Tw,
};

/// An application with the pupil's and the school's names.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApplicationListRow {
    #[sqlx(flatten)]
    pub application: TopupApplicationRow,
    pub forename: String,
    pub surname: String,
    pub setting_name: Option<String>,
}

/// An award with the pupil's and the school's names, and a placement of the pupil at the
/// school that began by the award's end (`placement_entry_on`, `placement_leaving_on`; none if
/// there is no such placement). An award with several such placements comes once for each.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AwardListRow {
    #[sqlx(flatten)]
    pub award: TopupAwardRow,
    pub forename: String,
    pub surname: String,
    pub setting_name: Option<String>,
    pub setting_urn: Option<i64>,
    pub placement_entry_on: Option<NaiveDate>,
    pub placement_leaving_on: Option<NaiveDate>,
}

/// Joins the pupil and the school of `table` (whose `la_id`, `child_id` and `setting_id`
/// columns are named as everywhere).
fn with_names<T: sea_query::Iden + Copy + 'static>(
    q: &mut SelectStatement,
    table: T,
    la: T,
    child: T,
    setting: T,
) {
    q.columns([(Ch::Table, Ch::Forename), (Ch::Table, Ch::Surname)])
        .expr_as(Expr::col((St::Table, St::Name)), Alias::new("setting_name"))
        .inner_join(
            Ch::Table,
            Cond::all()
                .add(Expr::col((Ch::Table, Ch::LaId)).equals((table, la)))
                .add(Expr::col((Ch::Table, Ch::ChildId)).equals((table, child))),
        )
        .left_join(
            St::Table,
            Cond::all()
                .add(Expr::col((St::Table, St::LaId)).equals((table, la)))
                .add(Expr::col((St::Table, St::SettingId)).equals((table, setting))),
        );
}

impl Tx {
    /// The council's applications, or those of some schools, with names; oldest first.
    pub async fn topup_application_list(
        &mut self,
        la_id: i64,
        setting_ids: Option<&[i64]>,
    ) -> Result<Vec<ApplicationListRow>> {
        let mut q = Query::select();
        q.columns(TopupApplicationRow::COLUMNS.iter().map(|c| (Ta::Table, *c)))
            .from(Ta::Table)
            .and_where(Expr::col((Ta::Table, Ta::LaId)).eq(la_id))
            .order_by((Ta::Table, Ta::CreatedAt), Order::Asc)
            .order_by((Ta::Table, Ta::ApplicationId), Order::Asc);
        with_names(&mut q, Ta::Table, Ta::LaId, Ta::ChildId, Ta::SettingId);
        if let Some(ids) = setting_ids {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            q.and_where(Expr::col((Ta::Table, Ta::SettingId)).is_in(ids.iter().copied()));
        }
        self.fetch_all(&q).await
    }

    /// The awards that run on any day from `from` to `to` (both included), or those of some
    /// schools, with names and the pupil's placements at the school; by award, then placement.
    pub async fn topup_award_list(
        &mut self,
        la_id: i64,
        (from, to): (NaiveDate, NaiveDate),
        setting_ids: Option<&[i64]>,
    ) -> Result<Vec<AwardListRow>> {
        let mut q = Query::select();
        q.columns(TopupAwardRow::COLUMNS.iter().map(|c| (Tw::Table, *c)))
            .expr_as(Expr::col((St::Table, St::Urn)), Alias::new("setting_urn"))
            .expr_as(
                Expr::col((Pl::Table, Pl::EntryOn)),
                Alias::new("placement_entry_on"),
            )
            .expr_as(
                Expr::col((Pl::Table, Pl::LeavingOn)),
                Alias::new("placement_leaving_on"),
            )
            .from(Tw::Table)
            .left_join(
                Pl::Table,
                Cond::all()
                    .add(Expr::col((Pl::Table, Pl::LaId)).equals((Tw::Table, Tw::LaId)))
                    .add(Expr::col((Pl::Table, Pl::ChildId)).equals((Tw::Table, Tw::ChildId)))
                    .add(Expr::col((Pl::Table, Pl::SettingId)).equals((Tw::Table, Tw::SettingId)))
                    .add(
                        Expr::col((Pl::Table, Pl::EntryOn)).lte(Expr::col((Tw::Table, Tw::EndsOn))),
                    ),
            )
            .and_where(Expr::col((Tw::Table, Tw::LaId)).eq(la_id))
            .and_where(Expr::col((Tw::Table, Tw::StartsOn)).lte(to))
            .and_where(Expr::col((Tw::Table, Tw::EndsOn)).gte(from))
            .order_by((Tw::Table, Tw::AwardId), Order::Asc)
            .order_by((Pl::Table, Pl::EntryOn), Order::Asc);
        with_names(&mut q, Tw::Table, Tw::LaId, Tw::ChildId, Tw::SettingId);
        if let Some(ids) = setting_ids {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            q.and_where(Expr::col((Tw::Table, Tw::SettingId)).is_in(ids.iter().copied()));
        }
        self.fetch_all(&q).await
    }
}
