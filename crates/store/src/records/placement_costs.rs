//! Placement costs and the awaiting-placement list: rows in and out, and the two reads the
//! finance and panel pages need (placements with costs in a date range; the open list with
//! names).

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Cond, Expr, ExprTrait, Order, Query};

use super::record::{Record, record};
use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{
    AwaitingPlacements as Aw, Children as Ch, PlacementCosts as Pc, Placements as Pl,
};

/// What one placement costs a year, in pence.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlacementCostRow {
    pub la_id: i64,
    pub placement_id: i64,
    pub child_id: i64,
    pub place_funding_pence: i64,
    pub top_up_pence: i64,
    pub fees_pence: i64,
    pub transport_pence: Option<i64>,
    pub out_of_area: bool,
    pub hospital_education: bool,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}
record!(PlacementCostRow, Pc, key 2, child ChildId, order PlacementId, [
    la_id => LaId, placement_id => PlacementId, child_id => ChildId,
    place_funding_pence => PlaceFundingPence, top_up_pence => TopUpPence,
    fees_pence => FeesPence, transport_pence => TransportPence, out_of_area => OutOfArea,
    hospital_education => HospitalEducation, recorded_by => RecordedBy,
    recorded_at => RecordedAt,
]);

/// A child on the awaiting-placement list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AwaitingPlacementRow {
    pub la_id: i64,
    pub awaiting_id: i64,
    pub child_id: i64,
    pub provision_sought: String,
    pub notes: Option<String>,
    pub since_on: NaiveDate,
    pub placed_on: Option<NaiveDate>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}
record!(AwaitingPlacementRow, Aw, key 2, child ChildId, order SinceOn, [
    la_id => LaId, awaiting_id => AwaitingId, child_id => ChildId,
    provision_sought => ProvisionSought, notes => Notes, since_on => SinceOn,
    placed_on => PlacedOn, recorded_by => RecordedBy, recorded_at => RecordedAt,
]);

/// An open entry on the awaiting list, with the child's name.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AwaitingListRow {
    pub awaiting_id: i64,
    pub child_id: i64,
    pub forename: String,
    pub surname: String,
    pub provision_sought: String,
    pub notes: Option<String>,
    pub since_on: NaiveDate,
}

/// A placement with its recorded costs.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CostedPlacementRow {
    pub placement_id: i64,
    pub child_id: i64,
    pub category: String,
    pub entry_on: NaiveDate,
    pub leaving_on: Option<NaiveDate>,
    pub place_funding_pence: i64,
    pub top_up_pence: i64,
    pub fees_pence: i64,
    pub transport_pence: Option<i64>,
    pub hospital_education: bool,
}

/// Placements with the columns of [`CostedPlacementRow`], to be joined to their costs.
pub(crate) fn placements_with_costs() -> sea_query::SelectStatement {
    Query::select()
        .columns([
            (Pl::Table, Pl::PlacementId),
            (Pl::Table, Pl::ChildId),
            (Pl::Table, Pl::Category),
            (Pl::Table, Pl::EntryOn),
            (Pl::Table, Pl::LeavingOn),
        ])
        .columns([
            (Pc::Table, Pc::PlaceFundingPence),
            (Pc::Table, Pc::TopUpPence),
            (Pc::Table, Pc::FeesPence),
            (Pc::Table, Pc::TransportPence),
            (Pc::Table, Pc::HospitalEducation),
        ])
        .from(Pl::Table)
        .take()
}

/// Joins a placement to its costs.
pub(crate) fn costs_of_placement() -> Cond {
    Cond::all()
        .add(Expr::col((Pc::Table, Pc::LaId)).equals((Pl::Table, Pl::LaId)))
        .add(Expr::col((Pc::Table, Pc::PlacementId)).equals((Pl::Table, Pl::PlacementId)))
}

impl Tx {
    /// Placements with recorded costs that overlap `from` to `to` (both included; a leaving
    /// date is the last day at the setting).
    pub async fn costed_placements_between(
        &mut self,
        la_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<CostedPlacementRow>> {
        self.fetch_all(
            placements_with_costs()
                .inner_join(Pc::Table, costs_of_placement())
                .and_where(Expr::col((Pl::Table, Pl::LaId)).eq(la_id))
                .and_where(Expr::col((Pl::Table, Pl::EntryOn)).lte(to))
                .cond_where(
                    Cond::any()
                        .add(Expr::col((Pl::Table, Pl::LeavingOn)).is_null())
                        .add(Expr::col((Pl::Table, Pl::LeavingOn)).gte(from)),
                )
                .order_by((Pl::Table, Pl::PlacementId), Order::Asc),
        )
        .await
    }

    /// The children still awaiting a place, longest waiting first.
    pub async fn awaiting_list(&mut self, la_id: i64) -> Result<Vec<AwaitingListRow>> {
        self.fetch_all(
            Query::select()
                .columns([
                    (Aw::Table, Aw::AwaitingId),
                    (Aw::Table, Aw::ChildId),
                    (Aw::Table, Aw::ProvisionSought),
                    (Aw::Table, Aw::Notes),
                    (Aw::Table, Aw::SinceOn),
                ])
                .columns([(Ch::Table, Ch::Forename), (Ch::Table, Ch::Surname)])
                .from(Aw::Table)
                .inner_join(
                    Ch::Table,
                    Cond::all()
                        .add(Expr::col((Ch::Table, Ch::LaId)).equals((Aw::Table, Aw::LaId)))
                        .add(Expr::col((Ch::Table, Ch::ChildId)).equals((Aw::Table, Aw::ChildId))),
                )
                .and_where(Expr::col((Aw::Table, Aw::LaId)).eq(la_id))
                .and_where(Expr::col((Aw::Table, Aw::PlacedOn)).is_null())
                .order_by((Aw::Table, Aw::SinceOn), Order::Asc)
                .order_by((Aw::Table, Aw::AwaitingId), Order::Asc),
        )
        .await
    }
}
