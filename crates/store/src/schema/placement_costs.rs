//! Migration 12: what each placement costs, and the children awaiting a specialist place.
//!
//! `placement_costs` sits beside `placements` (one row per placement, same key), so the
//! placement rows SEN2 and casework read stay as they are. Amounts are annual, in pence
//! (`reference/funding.md`: place funding, top-up, fees for independent places, transport where
//! recorded). `awaiting_placements` is the list an awaiting-placement panel reviews.

use sea_query::{ForeignKey, ForeignKeyAction, Iden, Index, Table};

use super::columns::*;
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum PlacementCosts {
    Table,
    LaId,
    PlacementId,
    ChildId,
    PlaceFundingPence,
    TopUpPence,
    FeesPence,
    /// Home to school transport a year; null where none is recorded.
    TransportPence,
    /// The setting is outside the council's area.
    OutOfArea,
    /// Taught by the hospital education service.
    HospitalEducation,
    RecordedBy,
    RecordedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum AwaitingPlacements {
    Table,
    LaId,
    AwaitingId,
    ChildId,
    /// `domain::high_needs::ProvisionSought` code.
    ProvisionSought,
    Notes,
    /// The day the child joined the list.
    SinceOn,
    /// The day a place was found and the child left the list.
    PlacedOn,
    RecordedBy,
    RecordedAt,
}

pub fn placement_costs() -> Vec<SchemaChange> {
    vec![
        SchemaChange::Table(Box::new(
            Table::create()
                .table(PlacementCosts::Table)
                .if_not_exists()
                .col(id(PlacementCosts::LaId))
                .col(id(PlacementCosts::PlacementId))
                .col(id(PlacementCosts::ChildId))
                .col(id(PlacementCosts::PlaceFundingPence))
                .col(id(PlacementCosts::TopUpPence))
                .col(id(PlacementCosts::FeesPence))
                .col(opt_id(PlacementCosts::TransportPence))
                .col(flag(PlacementCosts::OutOfArea))
                .col(flag(PlacementCosts::HospitalEducation))
                .col(text(PlacementCosts::RecordedBy))
                .col(timestamp(PlacementCosts::RecordedAt))
                .primary_key(
                    Index::create()
                        .col(PlacementCosts::LaId)
                        .col(PlacementCosts::PlacementId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_col(PlacementCosts::LaId)
                        .from_col(PlacementCosts::PlacementId)
                        .to(
                            Placements::Table,
                            (Placements::LaId, Placements::PlacementId),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut to_child())
                .take(),
        )),
        SchemaChange::Index(
            Index::create()
                .name("placement_costs_child")
                .table(PlacementCosts::Table)
                .col(PlacementCosts::LaId)
                .col(PlacementCosts::ChildId)
                .if_not_exists()
                .take(),
        ),
        SchemaChange::Table(Box::new(
            Table::create()
                .table(AwaitingPlacements::Table)
                .if_not_exists()
                .col(id(AwaitingPlacements::LaId))
                .col(id(AwaitingPlacements::AwaitingId))
                .col(id(AwaitingPlacements::ChildId))
                .col(text(AwaitingPlacements::ProvisionSought))
                .col(opt_text(AwaitingPlacements::Notes))
                .col(date(AwaitingPlacements::SinceOn))
                .col(opt_date(AwaitingPlacements::PlacedOn))
                .col(text(AwaitingPlacements::RecordedBy))
                .col(timestamp(AwaitingPlacements::RecordedAt))
                .primary_key(
                    Index::create()
                        .col(AwaitingPlacements::LaId)
                        .col(AwaitingPlacements::AwaitingId),
                )
                .foreign_key(&mut to_child())
                .take(),
        )),
        SchemaChange::Index(
            Index::create()
                .name("awaiting_placements_child")
                .table(AwaitingPlacements::Table)
                .col(AwaitingPlacements::LaId)
                .col(AwaitingPlacements::ChildId)
                .if_not_exists()
                .take(),
        ),
    ]
}
