//! The dated events of EHC cases beyond the request and the plan themselves: advice, exceptions,
//! plan versions and their sections, reviews, phase transfers, mediation and tribunal markers,
//! panels, and the one row per case the work trays read. Each is a plain [`Record`].

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::Expr;

use super::record::{Record, record};
use crate::schema::{
    AdviceRequests as Ad, AnnualReviews as Ar, CaseExceptions as Ce, CaseMarkers as Cm,
    EhcCases as C, PanelItems as Pi, PanelMeetings as Pm, PhaseTransfers as Pt, PlanSections as Ps,
    PlanVersions as Pv, Reassessments as Ra,
};

/// One EHC case (a child's journey with the council): who holds it, where it is, and the
/// earliest deadline it still owes.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseRow {
    pub la_id: i64,
    pub child_id: i64,
    pub caseworker_id: Option<i64>,
    pub stage: String,
    pub next_due_on: Option<NaiveDate>,
    pub next_due_kind: Option<String>,
    pub updated_at: DateTime<Utc>,
}
record!(CaseRow, C, key 2, child ChildId, order ChildId, [
    la_id => LaId, child_id => ChildId, caseworker_id => CaseworkerId, stage => Stage,
    next_due_on => NextDueOn, next_due_kind => NextDueKind, updated_at => UpdatedAt,
]);

/// Advice asked of a service during an assessment (SEND Regulations 2014 reg 6(1)).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AdviceRow {
    pub la_id: i64,
    pub advice_id: i64,
    pub request_id: i64,
    pub child_id: i64,
    /// educational_psychology, health, social_care, education or other.
    pub service: String,
    /// Who was asked, as the caseworker wrote it (a team or a person).
    pub adviser: Option<String>,
    /// The professional asked, when they have an account: they may then see this child.
    pub adviser_staff_id: Option<i64>,
    pub requested_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
}
record!(AdviceRow, Ad, key 2, child ChildId, order RequestedOn, [
    la_id => LaId, advice_id => AdviceId, request_id => RequestId, child_id => ChildId,
    service => Service, adviser => Adviser, adviser_staff_id => AdviserStaffId,
    requested_on => RequestedOn, received_on => ReceivedOn,
]);

/// A period when a limit did not apply (SEND Regulations 2014 reg 10(4)).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ExceptionRow {
    pub la_id: i64,
    pub exception_id: i64,
    pub request_id: i64,
    pub child_id: i64,
    /// school_closure, early_years_closure, personal_circumstances or absent_from_area.
    pub reason: String,
    pub from_on: NaiveDate,
    pub to_on: NaiveDate,
    pub note: Option<String>,
}
record!(ExceptionRow, Ce, key 2, child ChildId, order FromOn, [
    la_id => LaId, exception_id => ExceptionId, request_id => RequestId, child_id => ChildId,
    reason => Reason, from_on => FromOn, to_on => ToOn, note => Note,
]);

/// One version of a child's plan: a draft, the final plan, proposed amendments or an amended
/// plan. Versions are never changed once written; a new one is added.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanVersionRow {
    pub la_id: i64,
    pub version_id: i64,
    pub child_id: i64,
    pub request_id: Option<i64>,
    pub plan_id: Option<i64>,
    pub version_no: i64,
    /// draft, final, proposed_amendment or amended.
    pub status: String,
    pub issued_on: NaiveDate,
    /// The school or other institution named in section I.
    pub named_setting_id: Option<i64>,
    /// The sections that differ from the version before, as letters: "B,F,I".
    pub changed_sections: String,
    pub change_summary: String,
    pub author_staff_id: Option<i64>,
    pub recorded_at: DateTime<Utc>,
}
record!(PlanVersionRow, Pv, key 2, child ChildId, order VersionNo, [
    la_id => LaId, version_id => VersionId, child_id => ChildId, request_id => RequestId,
    plan_id => PlanId, version_no => VersionNo, status => Status, issued_on => IssuedOn,
    named_setting_id => NamedSettingId, changed_sections => ChangedSections,
    change_summary => ChangeSummary, author_staff_id => AuthorStaffId, recorded_at => RecordedAt,
]);

/// The text of one section (A to K) of one plan version.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanSectionRow {
    pub la_id: i64,
    pub version_id: i64,
    pub section: String,
    pub body: String,
}
record!(PlanSectionRow, Ps, key 3, child VersionId, order Section, [
    la_id => LaId, version_id => VersionId, section => Section, body => Body,
]);

/// A review of a plan: the meeting, the decision after it, any amendment (regs 18 to 22).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReviewRow {
    pub la_id: i64,
    pub review_id: i64,
    pub plan_id: i64,
    pub child_id: i64,
    pub meeting_on: NaiveDate,
    /// maintain, amend or cease.
    pub decision: Option<String>,
    pub decision_on: Option<NaiveDate>,
    pub amendments_proposed_on: Option<NaiveDate>,
    pub amended_plan_issued_on: Option<NaiveDate>,
}
record!(ReviewRow, Ar, key 2, child ChildId, order MeetingOn, [
    la_id => LaId, review_id => ReviewId, plan_id => PlanId, child_id => ChildId,
    meeting_on => MeetingOn, decision => Decision, decision_on => DecisionOn,
    amendments_proposed_on => AmendmentsProposedOn,
    amended_plan_issued_on => AmendedPlanIssuedOn,
]);

/// A coming move between phases of education (reg 18).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PhaseTransferRow {
    pub la_id: i64,
    pub transfer_id: i64,
    pub plan_id: i64,
    pub child_id: i64,
    /// into_school_phase, secondary_to_post16 or between_post16.
    pub kind: String,
    /// The calendar year of a September move.
    pub transfer_year: Option<i64>,
    /// The day of a move between post-16 institutions.
    pub transfer_on: Option<NaiveDate>,
    pub amended_on: Option<NaiveDate>,
    pub next_setting_id: Option<i64>,
}
record!(PhaseTransferRow, Pt, key 2, child ChildId, order TransferId, [
    la_id => LaId, transfer_id => TransferId, plan_id => PlanId, child_id => ChildId,
    kind => Kind, transfer_year => TransferYear, transfer_on => TransferOn,
    amended_on => AmendedOn, next_setting_id => NextSettingId,
]);

/// A re-assessment of a plan in force (SEND Regulations 2014 regs. 24 to 27).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReassessmentRow {
    pub la_id: i64,
    pub reassessment_id: i64,
    pub plan_id: i64,
    pub child_id: i64,
    /// The day a request was received; `None` when the council started it.
    pub requested_on: Option<NaiveDate>,
    /// Who asked (an SEN2 request source code).
    pub requested_by: Option<String>,
    /// `assess` or `refuse`.
    pub decision: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub reasons: Option<String>,
    pub plan_issued_on: Option<NaiveDate>,
}
record!(ReassessmentRow, Ra, key 2, child ChildId, order ReassessmentId, [
    la_id => LaId, reassessment_id => ReassessmentId, plan_id => PlanId, child_id => ChildId,
    requested_on => RequestedOn, requested_by => RequestedBy, decision => Decision,
    decided_on => DecidedOn, reasons => Reasons, plan_issued_on => PlanIssuedOn,
]);

/// Mediation or an appeal to the First-tier Tribunal (SEND) on a case.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MarkerRow {
    pub la_id: i64,
    pub marker_id: i64,
    pub child_id: i64,
    /// mediation or tribunal.
    pub kind: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub outcome: Option<String>,
}
record!(MarkerRow, Cm, key 2, child ChildId, order OpenedOn, [
    la_id => LaId, marker_id => MarkerId, child_id => ChildId, kind => Kind,
    opened_on => OpenedOn, closed_on => ClosedOn, outcome => Outcome,
]);

/// A meeting of a decision panel.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PanelMeetingRow {
    pub la_id: i64,
    pub meeting_id: i64,
    /// assessment, issue, placement or funding.
    pub panel: String,
    pub held_on: NaiveDate,
    pub chair_staff_id: Option<i64>,
}
record!(PanelMeetingRow, Pm, key 2, child MeetingId, order HeldOn, [
    la_id => LaId, meeting_id => MeetingId, panel => Panel, held_on => HeldOn,
    chair_staff_id => ChairStaffId,
]);

/// A case listed at a panel meeting, and the panel's decision on it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PanelItemRow {
    pub la_id: i64,
    pub item_id: i64,
    pub meeting_id: i64,
    pub child_id: i64,
    /// What the panel is asked to decide.
    pub question: String,
    /// agreed, declined or deferred.
    pub decision: Option<String>,
    pub reasons: Option<String>,
    pub decided_on: Option<NaiveDate>,
}
record!(PanelItemRow, Pi, key 2, child ChildId, order ItemId, [
    la_id => LaId, item_id => ItemId, meeting_id => MeetingId, child_id => ChildId,
    question => Question, decision => Decision, reasons => Reasons, decided_on => DecidedOn,
]);
