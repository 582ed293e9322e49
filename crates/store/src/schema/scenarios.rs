//! Migration 17: mitigations and scenarios in the DSG management plan. A mitigation
//! (`mitigations`) is a named change from a date, with its theme, owner and RAG rating; what it
//! changes is kept as plain columns (`domain::high_needs::mitigation`). A scenario
//! (`scenarios`) is a named set of mitigations (`scenario_mitigations`); removing a mitigation
//! takes it out of every scenario.

use sea_query::{ForeignKey, ForeignKeyAction, Iden, Index, Table};

use super::columns::*;
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum Mitigations {
    Table,
    LaId,
    MitigationId,
    Name,
    /// `domain::high_needs::mitigation::Theme` code.
    Theme,
    Owner,
    /// `domain::governance::rag::Rag` code.
    Rag,
    /// `domain::high_needs::mitigation::ChangeKind` code.
    ChangeKind,
    /// The DfE placement category changed.
    Setting,
    /// The change in hundredths of a percent; below zero for fewer or cheaper.
    BasisPoints,
    /// For a capacity: the places, and where the excess goes.
    Places,
    ExcessTo,
    StartsOn,
    RecordedBy,
    RecordedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum Scenarios {
    Table,
    LaId,
    ScenarioId,
    Name,
    RecordedBy,
    RecordedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum ScenarioMitigations {
    Table,
    LaId,
    ScenarioId,
    MitigationId,
}

pub fn scenarios() -> Vec<SchemaChange> {
    vec![
        SchemaChange::Table(Box::new(
            Table::create()
                .table(Mitigations::Table)
                .if_not_exists()
                .col(id(Mitigations::LaId))
                .col(id(Mitigations::MitigationId))
                .col(text(Mitigations::Name))
                .col(text(Mitigations::Theme))
                .col(text(Mitigations::Owner))
                .col(text(Mitigations::Rag))
                .col(text(Mitigations::ChangeKind))
                .col(text(Mitigations::Setting))
                .col(id(Mitigations::BasisPoints))
                .col(opt_id(Mitigations::Places))
                .col(opt_text(Mitigations::ExcessTo))
                .col(date(Mitigations::StartsOn))
                .col(text(Mitigations::RecordedBy))
                .col(timestamp(Mitigations::RecordedAt))
                .primary_key(
                    Index::create()
                        .col(Mitigations::LaId)
                        .col(Mitigations::MitigationId),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
        SchemaChange::Table(Box::new(
            Table::create()
                .table(Scenarios::Table)
                .if_not_exists()
                .col(id(Scenarios::LaId))
                .col(id(Scenarios::ScenarioId))
                .col(text(Scenarios::Name))
                .col(text(Scenarios::RecordedBy))
                .col(timestamp(Scenarios::RecordedAt))
                .primary_key(
                    Index::create()
                        .col(Scenarios::LaId)
                        .col(Scenarios::ScenarioId),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
        SchemaChange::Table(Box::new(
            Table::create()
                .table(ScenarioMitigations::Table)
                .if_not_exists()
                .col(id(ScenarioMitigations::LaId))
                .col(id(ScenarioMitigations::ScenarioId))
                .col(id(ScenarioMitigations::MitigationId))
                .primary_key(
                    Index::create()
                        .col(ScenarioMitigations::LaId)
                        .col(ScenarioMitigations::ScenarioId)
                        .col(ScenarioMitigations::MitigationId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_col(ScenarioMitigations::LaId)
                        .from_col(ScenarioMitigations::ScenarioId)
                        .to(Scenarios::Table, (Scenarios::LaId, Scenarios::ScenarioId))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_col(ScenarioMitigations::LaId)
                        .from_col(ScenarioMitigations::MitigationId)
                        .to(
                            Mitigations::Table,
                            (Mitigations::LaId, Mitigations::MitigationId),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )),
    ]
}
