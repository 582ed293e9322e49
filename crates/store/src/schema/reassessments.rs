//! Migration 16: re-assessments of a plan in force. A request for one (from the parent, the
//! young person or the school, SEND Regulations 2014 reg. 24) or the council's own decision
//! starts it; the decision whether to re-assess is due within 15 days of a request (reg.
//! 25(1)), and the plan after a re-assessment within 14 weeks of the decision (reg. 27(2)).
//! They are kept apart from `assessment_requests`: a re-assessment runs on the plan's own
//! clock, not the 20 weeks of a first assessment, and the DfE's request figures leave it out.

use sea_query::{Iden, Index, Table};

use super::columns::*;
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum Reassessments {
    Table,
    LaId,
    ReassessmentId,
    PlanId,
    ChildId,
    /// The day a request was received; empty when the council decided without one.
    RequestedOn,
    /// Who asked, as an SEN2 request source code (parent, young person, school…); empty when
    /// the council started it.
    RequestedBy,
    /// `assess` or `refuse`; empty until decided.
    Decision,
    DecidedOn,
    /// The reasons given to the family (required for a refusal).
    Reasons,
    /// The day the plan, amended or replaced after the re-assessment, was issued.
    PlanIssuedOn,
}

pub fn reassessments() -> Vec<SchemaChange> {
    vec![
        SchemaChange::Table(Box::new(
            Table::create()
                .table(Reassessments::Table)
                .if_not_exists()
                .col(id(Reassessments::LaId))
                .col(id(Reassessments::ReassessmentId))
                .col(id(Reassessments::PlanId))
                .col(id(Reassessments::ChildId))
                .col(opt_date(Reassessments::RequestedOn))
                .col(opt_text(Reassessments::RequestedBy))
                .col(opt_text(Reassessments::Decision))
                .col(opt_date(Reassessments::DecidedOn))
                .col(opt_text(Reassessments::Reasons))
                .col(opt_date(Reassessments::PlanIssuedOn))
                .primary_key(
                    Index::create()
                        .col(Reassessments::LaId)
                        .col(Reassessments::ReassessmentId),
                )
                .foreign_key(&mut to_plan())
                .take(),
        )),
        index(
            "reassessments_child",
            Reassessments::Table,
            &["la_id", "child_id"],
        ),
    ]
}
