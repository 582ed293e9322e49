//! Migration 10: annual reviews as a school arranges them. The school (usually the SENCO)
//! arranges the review meeting, invites those who must be asked, and sends its report within
//! 2 weeks of the meeting (SEND Regulations 2014 reg. 20(6) to (8)).

use sea_query::{ColumnDef, Iden, Index, Table};

use super::columns::*;
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum ReviewArrangements {
    Table,
    LaId,
    ChildId,
    PlanId,
    MeetingOn,
    /// Who was invited, as the school wrote it.
    Invited,
    ArrangedBy,
    ArrangedAt,
    /// The day the school's review report went to the council.
    ReportSentOn,
}

pub fn review_arrangements() -> Vec<SchemaChange> {
    vec![SchemaChange::Table(Box::new(
        Table::create()
            .table(ReviewArrangements::Table)
            .if_not_exists()
            .col(id(ReviewArrangements::LaId))
            .col(id(ReviewArrangements::ChildId))
            .col(id(ReviewArrangements::PlanId))
            .col(date(ReviewArrangements::MeetingOn))
            .col(text(ReviewArrangements::Invited))
            .col(text(ReviewArrangements::ArrangedBy))
            .col(timestamp(ReviewArrangements::ArrangedAt))
            .col(
                ColumnDef::new(ReviewArrangements::ReportSentOn)
                    .date()
                    .null(),
            )
            .primary_key(
                Index::create()
                    .col(ReviewArrangements::LaId)
                    .col(ReviewArrangements::ChildId)
                    .col(ReviewArrangements::PlanId),
            )
            .foreign_key(&mut to_child())
            .take(),
    ))]
}
