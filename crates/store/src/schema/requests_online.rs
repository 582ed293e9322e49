//! Migration 11: what the person asking for an EHC needs assessment told the council, when
//! they asked through the portal (a parent, carer or young person, or a school's SENCO).
//! The request itself stays in `requests`, with its source; this keeps their words beside it
//! so the caseworker reads them before deciding (SEND Regulations 2014 reg. 3 and 4).

use sea_query::{Iden, Index, Table};

use super::columns::*;
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum RequestDetails {
    Table,
    LaId,
    RequestId,
    ChildId,
    /// `family` or `staff`: who asked, by account.
    RequesterKind,
    RequesterId,
    /// How the person asking stands to the child: `parent_carer`, `young_person` or `school`.
    Relationship,
    /// The school, college or nursery the child attends, as the person asking wrote it.
    SettingNamed,
    /// Why they are asking.
    Reasons,
    /// The help the child has now.
    SupportNow,
    /// For a school's request: whether the parent or young person agrees to it.
    FamilyAgrees,
    SubmittedAt,
}

pub fn request_details() -> Vec<SchemaChange> {
    vec![SchemaChange::Table(Box::new(
        Table::create()
            .table(RequestDetails::Table)
            .if_not_exists()
            .col(id(RequestDetails::LaId))
            .col(id(RequestDetails::RequestId))
            .col(id(RequestDetails::ChildId))
            .col(text(RequestDetails::RequesterKind))
            .col(id(RequestDetails::RequesterId))
            .col(text(RequestDetails::Relationship))
            .col(text(RequestDetails::SettingNamed))
            .col(text(RequestDetails::Reasons))
            .col(text(RequestDetails::SupportNow))
            .col(flag(RequestDetails::FamilyAgrees))
            .col(timestamp(RequestDetails::SubmittedAt))
            .primary_key(
                Index::create()
                    .col(RequestDetails::LaId)
                    .col(RequestDetails::RequestId),
            )
            .foreign_key(&mut to_child())
            .take(),
    ))]
}
