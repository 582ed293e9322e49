//! Migration 18: action plans (governance.md, "Action plans and programme tracking"). A plan
//! belongs to a forum or to the council; it has workstreams, actions with owners and due
//! dates, risks, and measures that follow a live figure towards a target. Every review's
//! rating is a row of its own in `plan_ratings`, so the history is kept and never overwritten.

use sea_query::TableCreateStatement;

use super::columns::*;
use super::governance::{keyed, parent};
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum ActionPlans {
    Table,
    LaId,
    PlanId,
    Title,
    /// The forum that owns the plan; null for the council's own.
    ForumId,
    Purpose,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum PlanWorkstreams {
    Table,
    LaId,
    WorkstreamId,
    PlanId,
    Title,
    /// Who leads the workstream, as written.
    Lead,
}

#[derive(Iden, Clone, Copy)]
pub enum PlanActions {
    Table,
    LaId,
    PlanActionId,
    PlanId,
    WorkstreamId,
    Description,
    /// `officer` (of the plan's forum), `member` (a seat of it) or `staff` (the council's),
    /// and which.
    OwnerKind,
    OwnerId,
    OwnerName,
    DueOn,
    /// `domain::governance::ActionStatus`.
    Status,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum PlanRisks {
    Table,
    LaId,
    RiskId,
    PlanId,
    WorkstreamId,
    Description,
    Mitigation,
    Owner,
}

#[derive(Iden, Clone, Copy)]
pub enum PlanMeasures {
    Table,
    LaId,
    MeasureId,
    PlanId,
    WorkstreamId,
    /// `domain::governance::plans::MeasureKind`.
    Kind,
    /// In the measure's unit's smallest step: tenths of a percent, or pence.
    Target,
    /// `domain::governance::plans::Direction`.
    Direction,
}

#[derive(Iden, Clone, Copy)]
pub enum PlanRatings {
    Table,
    LaId,
    RatingId,
    PlanId,
    /// `domain::governance::plans::Subject`, and which one.
    Subject,
    SubjectId,
    /// `domain::governance::Rag`.
    Rag,
    Commentary,
    /// For an action: its status after the review.
    Status,
    RatedOn,
    RatedBy,
    RecordedAt,
}

pub fn action_plans() -> Vec<SchemaChange> {
    let table = |t: TableCreateStatement| SchemaChange::Table(Box::new(t));
    let plan = |cols| parent(cols, ActionPlans::Table, ["la_id", "plan_id"]);
    vec![
        table(
            keyed(ActionPlans::Table, &["la_id", "plan_id"])
                .col(id(ActionPlans::LaId))
                .col(id(ActionPlans::PlanId))
                .col(text(ActionPlans::Title))
                .col(opt_id(ActionPlans::ForumId))
                .col(opt_text(ActionPlans::Purpose))
                .col(text(ActionPlans::CreatedBy))
                .col(timestamp(ActionPlans::CreatedAt))
                .foreign_key(&mut to_council())
                .take(),
        ),
        table(
            keyed(PlanWorkstreams::Table, &["la_id", "workstream_id"])
                .col(id(PlanWorkstreams::LaId))
                .col(id(PlanWorkstreams::WorkstreamId))
                .col(id(PlanWorkstreams::PlanId))
                .col(text(PlanWorkstreams::Title))
                .col(opt_text(PlanWorkstreams::Lead))
                .foreign_key(&mut plan(["la_id", "plan_id"]))
                .take(),
        ),
        table(
            keyed(PlanActions::Table, &["la_id", "plan_action_id"])
                .col(id(PlanActions::LaId))
                .col(id(PlanActions::PlanActionId))
                .col(id(PlanActions::PlanId))
                .col(id(PlanActions::WorkstreamId))
                .col(text(PlanActions::Description))
                .col(text(PlanActions::OwnerKind))
                .col(id(PlanActions::OwnerId))
                .col(text(PlanActions::OwnerName))
                .col(date(PlanActions::DueOn))
                .col(text(PlanActions::Status))
                .col(timestamp(PlanActions::CreatedAt))
                .foreign_key(&mut plan(["la_id", "plan_id"]))
                .take(),
        ),
        table(
            keyed(PlanRisks::Table, &["la_id", "risk_id"])
                .col(id(PlanRisks::LaId))
                .col(id(PlanRisks::RiskId))
                .col(id(PlanRisks::PlanId))
                .col(opt_id(PlanRisks::WorkstreamId))
                .col(text(PlanRisks::Description))
                .col(opt_text(PlanRisks::Mitigation))
                .col(opt_text(PlanRisks::Owner))
                .foreign_key(&mut plan(["la_id", "plan_id"]))
                .take(),
        ),
        table(
            keyed(PlanMeasures::Table, &["la_id", "measure_id"])
                .col(id(PlanMeasures::LaId))
                .col(id(PlanMeasures::MeasureId))
                .col(id(PlanMeasures::PlanId))
                .col(opt_id(PlanMeasures::WorkstreamId))
                .col(text(PlanMeasures::Kind))
                .col(id(PlanMeasures::Target))
                .col(text(PlanMeasures::Direction))
                .foreign_key(&mut plan(["la_id", "plan_id"]))
                .take(),
        ),
        table(
            keyed(PlanRatings::Table, &["la_id", "rating_id"])
                .col(id(PlanRatings::LaId))
                .col(id(PlanRatings::RatingId))
                .col(id(PlanRatings::PlanId))
                .col(text(PlanRatings::Subject))
                .col(id(PlanRatings::SubjectId))
                .col(text(PlanRatings::Rag))
                .col(text(PlanRatings::Commentary))
                .col(opt_text(PlanRatings::Status))
                .col(date(PlanRatings::RatedOn))
                .col(text(PlanRatings::RatedBy))
                .col(timestamp(PlanRatings::RecordedAt))
                .foreign_key(&mut plan(["la_id", "plan_id"]))
                .take(),
        ),
        index(
            "plan_workstreams_plan",
            PlanWorkstreams::Table,
            &["la_id", "plan_id"],
        ),
        index(
            "plan_actions_plan",
            PlanActions::Table,
            &["la_id", "plan_id"],
        ),
        index("plan_risks_plan", PlanRisks::Table, &["la_id", "plan_id"]),
        index(
            "plan_measures_plan",
            PlanMeasures::Table,
            &["la_id", "plan_id"],
        ),
        index(
            "plan_ratings_plan",
            PlanRatings::Table,
            &["la_id", "plan_id"],
        ),
    ]
}
