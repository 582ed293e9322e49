//! The casework history a council's own forecast is derived from: every child's birth date and
//! primary need, every plan's dates, and every placement's dates and costs. Three plain reads
//! of a council, matched by child in the caller (`app::forecast`), as the dashboard's are.

use chrono::NaiveDate;
use sea_query::{Cond, Expr, ExprTrait, Query};

use super::placement_costs::{costs_of_placement, placements_with_costs};
use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{
    ChildNeeds as Cn, Children as Ch, EhcPlans as P, PlacementCosts as Pc, Placements as Pl,
};

/// A child's birth date and primary need (rank 1), if one is recorded.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ChildNeedHistoryRow {
    pub child_id: i64,
    pub birth_date: NaiveDate,
    pub sen_type: Option<String>,
}

/// A plan's child and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanSpellRow {
    pub child_id: i64,
    pub start_on: NaiveDate,
    pub cease_on: Option<NaiveDate>,
}

/// A placement's child, category and dates, with its costs if recorded (the columns of a
/// costed placement, each cost empty when none are recorded).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlacementSpellRow {
    pub placement_id: i64,
    pub child_id: i64,
    pub category: String,
    pub entry_on: NaiveDate,
    pub leaving_on: Option<NaiveDate>,
    pub place_funding_pence: Option<i64>,
    pub top_up_pence: Option<i64>,
    pub fees_pence: Option<i64>,
    pub transport_pence: Option<i64>,
    pub hospital_education: Option<bool>,
}

impl Tx {
    /// Every child of a council with their birth date and primary need.
    pub async fn children_with_primary_need(
        &mut self,
        la_id: i64,
    ) -> Result<Vec<ChildNeedHistoryRow>> {
        self.fetch_all(
            Query::select()
                .columns([(Ch::Table, Ch::ChildId), (Ch::Table, Ch::BirthDate)])
                .column((Cn::Table, Cn::SenType))
                .from(Ch::Table)
                .left_join(
                    Cn::Table,
                    Cond::all()
                        .add(Expr::col((Cn::Table, Cn::LaId)).equals((Ch::Table, Ch::LaId)))
                        .add(Expr::col((Cn::Table, Cn::ChildId)).equals((Ch::Table, Ch::ChildId)))
                        .add(Expr::col((Cn::Table, Cn::Rank)).eq(1)),
                )
                .and_where(Expr::col((Ch::Table, Ch::LaId)).eq(la_id)),
        )
        .await
    }

    /// Every plan of a council, with its child and dates.
    pub async fn plan_spells(&mut self, la_id: i64) -> Result<Vec<PlanSpellRow>> {
        self.fetch_all(
            Query::select()
                .columns([P::ChildId, P::StartOn, P::CeaseOn])
                .from(P::Table)
                .and_where(Expr::col(P::LaId).eq(la_id)),
        )
        .await
    }

    /// Every placement of a council, with its costs where recorded.
    pub async fn placement_spells(&mut self, la_id: i64) -> Result<Vec<PlacementSpellRow>> {
        self.fetch_all(
            placements_with_costs()
                .left_join(Pc::Table, costs_of_placement())
                .and_where(Expr::col((Pl::Table, Pl::LaId)).eq(la_id)),
        )
        .await
    }
}
