//! Action plan rows (migration 19), read and written whole through [`Record`].

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::Expr;

use super::record::{Record, record};
use crate::schema::{
    ActionPlans as Ap, PlanActions as Pa, PlanMeasures as Pm, PlanRatings as Pr, PlanRisks as Pk,
    PlanWorkstreams as Pw,
};

/// An action plan, owned by a forum or (no forum) by the council.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ActionPlanRow {
    pub la_id: i64,
    pub plan_id: i64,
    pub title: String,
    pub forum_id: Option<i64>,
    pub purpose: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}
record!(ActionPlanRow, Ap, key 2, child PlanId, order PlanId, [
    la_id => LaId, plan_id => PlanId, title => Title, forum_id => ForumId,
    purpose => Purpose, created_by => CreatedBy, created_at => CreatedAt,
]);

/// A workstream of a plan.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanWorkstreamRow {
    pub la_id: i64,
    pub workstream_id: i64,
    pub plan_id: i64,
    pub title: String,
    pub lead: Option<String>,
}
record!(PlanWorkstreamRow, Pw, key 2, child PlanId, order WorkstreamId, [
    la_id => LaId, workstream_id => WorkstreamId, plan_id => PlanId, title => Title,
    lead => Lead,
]);

/// An action in a workstream, with its owner, due date and status.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanActionRow {
    pub la_id: i64,
    pub plan_action_id: i64,
    pub plan_id: i64,
    pub workstream_id: i64,
    pub description: String,
    pub owner_kind: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub due_on: NaiveDate,
    pub status: String,
    pub created_at: DateTime<Utc>,
}
record!(PlanActionRow, Pa, key 2, child PlanId, order DueOn, [
    la_id => LaId, plan_action_id => PlanActionId, plan_id => PlanId,
    workstream_id => WorkstreamId, description => Description, owner_kind => OwnerKind,
    owner_id => OwnerId, owner_name => OwnerName, due_on => DueOn, status => Status,
    created_at => CreatedAt,
]);

/// A risk to a plan (or one workstream), with how it is mitigated.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanRiskRow {
    pub la_id: i64,
    pub risk_id: i64,
    pub plan_id: i64,
    pub workstream_id: Option<i64>,
    pub description: String,
    pub mitigation: Option<String>,
    pub owner: Option<String>,
}
record!(PlanRiskRow, Pk, key 2, child PlanId, order RiskId, [
    la_id => LaId, risk_id => RiskId, plan_id => PlanId, workstream_id => WorkstreamId,
    description => Description, mitigation => Mitigation, owner => Owner,
]);

/// A measure of impact: a live figure, its target and the direction wanted.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanMeasureRow {
    pub la_id: i64,
    pub measure_id: i64,
    pub plan_id: i64,
    pub workstream_id: Option<i64>,
    pub kind: String,
    pub target: i64,
    pub direction: String,
}
record!(PlanMeasureRow, Pm, key 2, child PlanId, order MeasureId, [
    la_id => LaId, measure_id => MeasureId, plan_id => PlanId, workstream_id => WorkstreamId,
    kind => Kind, target => Target, direction => Direction,
]);

/// One review's rating of a workstream, action or risk; never updated.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanRatingRow {
    pub la_id: i64,
    pub rating_id: i64,
    pub plan_id: i64,
    pub subject: String,
    pub subject_id: i64,
    pub rag: String,
    pub commentary: String,
    pub status: Option<String>,
    pub rated_on: NaiveDate,
    pub rated_by: String,
    pub recorded_at: DateTime<Utc>,
}
record!(PlanRatingRow, Pr, key 2, child PlanId, order RatedOn, [
    la_id => LaId, rating_id => RatingId, plan_id => PlanId, subject => Subject,
    subject_id => SubjectId, rag => Rag, commentary => Commentary, status => Status,
    rated_on => RatedOn, rated_by => RatedBy, recorded_at => RecordedAt,
]);
