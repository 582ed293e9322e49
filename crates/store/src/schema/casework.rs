//! Migration 4: EHC casework on the statutory clock. The dated events of each case (advice,
//! exceptions, draft and final plans with every version, reviews, phase transfers, ceasing,
//! transfers between councils, mediation and tribunal), decision panels, and one row per case
//! holding its next deadline so a work tray is one indexed query.

use sea_query::{ColumnDef, ForeignKey, ForeignKeyAction, Iden, Index, Table};

use super::columns::*;
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum EhcCases {
    Table,
    LaId,
    ChildId,
    CaseworkerId,
    /// Where the case is: see `app::casework::Stage`.
    Stage,
    /// The earliest deadline still owed, and what it is for. Which deadlines a case owes depends
    /// only on its events, never on the day, so this is recomputed on every write to the case
    /// and is correct whatever day the tray is read.
    NextDueOn,
    NextDueKind,
    UpdatedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum AdviceRequests {
    Table,
    LaId,
    AdviceId,
    RequestId,
    ChildId,
    Service,
    Adviser,
    AdviserStaffId,
    RequestedOn,
    ReceivedOn,
}

#[derive(Iden, Clone, Copy)]
pub enum CaseExceptions {
    Table,
    LaId,
    ExceptionId,
    RequestId,
    ChildId,
    Reason,
    FromOn,
    ToOn,
    Note,
}

#[derive(Iden, Clone, Copy)]
pub enum PlanVersions {
    Table,
    LaId,
    VersionId,
    ChildId,
    RequestId,
    PlanId,
    VersionNo,
    /// draft, final, proposed_amendment, amended.
    Status,
    IssuedOn,
    NamedSettingId,
    ChangedSections,
    ChangeSummary,
    AuthorStaffId,
    RecordedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum PlanSections {
    Table,
    LaId,
    VersionId,
    Section,
    Body,
}

#[derive(Iden, Clone, Copy)]
pub enum AnnualReviews {
    Table,
    LaId,
    ReviewId,
    PlanId,
    ChildId,
    MeetingOn,
    Decision,
    DecisionOn,
    AmendmentsProposedOn,
    AmendedPlanIssuedOn,
}

#[derive(Iden, Clone, Copy)]
pub enum PhaseTransfers {
    Table,
    LaId,
    TransferId,
    PlanId,
    ChildId,
    Kind,
    TransferYear,
    TransferOn,
    AmendedOn,
    NextSettingId,
}

#[derive(Iden, Clone, Copy)]
pub enum CaseMarkers {
    Table,
    LaId,
    MarkerId,
    ChildId,
    /// mediation or tribunal.
    Kind,
    OpenedOn,
    ClosedOn,
    Outcome,
}

#[derive(Iden, Clone, Copy)]
pub enum PanelMeetings {
    Table,
    LaId,
    MeetingId,
    /// assessment, issue, placement or funding.
    Panel,
    HeldOn,
    ChairStaffId,
}

#[derive(Iden, Clone, Copy)]
pub enum PanelMembers {
    Table,
    LaId,
    MeetingId,
    StaffId,
}

#[derive(Iden, Clone, Copy)]
pub enum PanelItems {
    Table,
    LaId,
    ItemId,
    MeetingId,
    ChildId,
    Question,
    /// agreed, declined or deferred; empty until decided.
    Decision,
    Reasons,
    DecidedOn,
}

#[derive(Iden, Clone, Copy)]
pub enum CaseworkOptions {
    Table,
    LaId,
    /// Months after a plan is made or reviewed to prompt an earlier review for a child under
    /// five (SEND Code of Practice 9.178); empty for no prompt.
    UnderFiveReviewMonths,
    /// Bumped by every change to the council's casework, so figures worked out from all of it
    /// (the dashboard) can be kept until it changes, on any number of app servers.
    Generation,
}

fn to_request() -> sea_query::ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_col(AssessmentRequests::LaId)
        .from_col(AssessmentRequests::RequestId)
        .to(
            AssessmentRequests::Table,
            (AssessmentRequests::LaId, AssessmentRequests::RequestId),
        )
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

pub(super) fn to_plan() -> sea_query::ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_col(EhcPlans::LaId)
        .from_col(EhcPlans::PlanId)
        .to(EhcPlans::Table, (EhcPlans::LaId, EhcPlans::PlanId))
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

/// An index on `ehc_cases`, for later migrations.
pub(super) fn casework_index(name: &str, cols: &[&'static str]) -> SchemaChange {
    index(name, EhcCases::Table, cols)
}

pub(super) fn index(name: &str, table: impl Iden + 'static, cols: &[&'static str]) -> SchemaChange {
    let mut ix = Index::create();
    ix.name(name).table(table).if_not_exists();
    for col in cols {
        ix.col(sea_query::Alias::new(*col));
    }
    SchemaChange::Index(ix.take())
}

fn add_column(table: impl Iden + 'static, column: ColumnDef) -> SchemaChange {
    // One column per statement: SQLite's ALTER TABLE adds one at a time.
    SchemaChange::Alter(Table::alter().table(table).add_column(column).take())
}

pub fn casework() -> Vec<SchemaChange> {
    use SchemaChange::Table as T;
    vec![
        add_column(
            AssessmentRequests::Table,
            opt_text(AssessmentRequests::DecisionReasons),
        ),
        add_column(
            AssessmentRequests::Table,
            opt_date(AssessmentRequests::DraftIssuedOn),
        ),
        add_column(
            AssessmentRequests::Table,
            opt_date(AssessmentRequests::CommentsReceivedOn),
        ),
        add_column(EhcPlans::Table, opt_date(EhcPlans::CeaseNoticeOn)),
        add_column(EhcPlans::Table, opt_text(EhcPlans::TransferredInFrom)),
        add_column(EhcPlans::Table, opt_text(EhcPlans::TransferredOutTo)),
        T(Box::new(
            Table::create()
                .table(EhcCases::Table)
                .if_not_exists()
                .col(id(EhcCases::LaId))
                .col(id(EhcCases::ChildId))
                .col(opt_id(EhcCases::CaseworkerId))
                .col(text(EhcCases::Stage))
                .col(opt_date(EhcCases::NextDueOn))
                .col(opt_text(EhcCases::NextDueKind))
                .col(timestamp(EhcCases::UpdatedAt))
                .primary_key(Index::create().col(EhcCases::LaId).col(EhcCases::ChildId))
                .foreign_key(&mut to_child())
                .foreign_key(
                    ForeignKey::create()
                        .from_col(EhcCases::LaId)
                        .from_col(EhcCases::CaseworkerId)
                        .to(Staff::Table, (Staff::LaId, Staff::StaffId))
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .take(),
        )),
        index(
            "cases_caseworker_due",
            EhcCases::Table,
            &["la_id", "caseworker_id", "next_due_on"],
        ),
        index("cases_due", EhcCases::Table, &["la_id", "next_due_on"]),
        T(Box::new(
            Table::create()
                .table(AdviceRequests::Table)
                .if_not_exists()
                .col(id(AdviceRequests::LaId))
                .col(id(AdviceRequests::AdviceId))
                .col(id(AdviceRequests::RequestId))
                .col(id(AdviceRequests::ChildId))
                .col(text(AdviceRequests::Service))
                .col(opt_text(AdviceRequests::Adviser))
                .col(opt_id(AdviceRequests::AdviserStaffId))
                .col(date(AdviceRequests::RequestedOn))
                .col(opt_date(AdviceRequests::ReceivedOn))
                .primary_key(
                    Index::create()
                        .col(AdviceRequests::LaId)
                        .col(AdviceRequests::AdviceId),
                )
                .foreign_key(&mut to_request())
                .take(),
        )),
        index(
            "advice_request",
            AdviceRequests::Table,
            &["la_id", "request_id"],
        ),
        index(
            "advice_outstanding",
            AdviceRequests::Table,
            &["la_id", "received_on", "requested_on"],
        ),
        index(
            "advice_adviser",
            AdviceRequests::Table,
            &["la_id", "adviser_staff_id"],
        ),
        T(Box::new(
            Table::create()
                .table(CaseExceptions::Table)
                .if_not_exists()
                .col(id(CaseExceptions::LaId))
                .col(id(CaseExceptions::ExceptionId))
                .col(id(CaseExceptions::RequestId))
                .col(id(CaseExceptions::ChildId))
                .col(text(CaseExceptions::Reason))
                .col(date(CaseExceptions::FromOn))
                .col(date(CaseExceptions::ToOn))
                .col(opt_text(CaseExceptions::Note))
                .primary_key(
                    Index::create()
                        .col(CaseExceptions::LaId)
                        .col(CaseExceptions::ExceptionId),
                )
                .foreign_key(&mut to_request())
                .take(),
        )),
        index(
            "exceptions_request",
            CaseExceptions::Table,
            &["la_id", "request_id"],
        ),
        T(Box::new(
            Table::create()
                .table(PlanVersions::Table)
                .if_not_exists()
                .col(id(PlanVersions::LaId))
                .col(id(PlanVersions::VersionId))
                .col(id(PlanVersions::ChildId))
                .col(opt_id(PlanVersions::RequestId))
                .col(opt_id(PlanVersions::PlanId))
                .col(id(PlanVersions::VersionNo))
                .col(text(PlanVersions::Status))
                .col(date(PlanVersions::IssuedOn))
                .col(opt_id(PlanVersions::NamedSettingId))
                .col(text(PlanVersions::ChangedSections))
                .col(text(PlanVersions::ChangeSummary))
                .col(opt_id(PlanVersions::AuthorStaffId))
                .col(timestamp(PlanVersions::RecordedAt))
                .primary_key(
                    Index::create()
                        .col(PlanVersions::LaId)
                        .col(PlanVersions::VersionId),
                )
                .foreign_key(&mut to_child())
                .take(),
        )),
        index(
            "plan_versions_child",
            PlanVersions::Table,
            &["la_id", "child_id", "version_no"],
        ),
        T(Box::new(
            Table::create()
                .table(PlanSections::Table)
                .if_not_exists()
                .col(id(PlanSections::LaId))
                .col(id(PlanSections::VersionId))
                .col(text(PlanSections::Section))
                .col(text(PlanSections::Body))
                .primary_key(
                    Index::create()
                        .col(PlanSections::LaId)
                        .col(PlanSections::VersionId)
                        .col(PlanSections::Section),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_col(PlanSections::LaId)
                        .from_col(PlanSections::VersionId)
                        .to(
                            PlanVersions::Table,
                            (PlanVersions::LaId, PlanVersions::VersionId),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )),
        T(Box::new(
            Table::create()
                .table(AnnualReviews::Table)
                .if_not_exists()
                .col(id(AnnualReviews::LaId))
                .col(id(AnnualReviews::ReviewId))
                .col(id(AnnualReviews::PlanId))
                .col(id(AnnualReviews::ChildId))
                .col(date(AnnualReviews::MeetingOn))
                .col(opt_text(AnnualReviews::Decision))
                .col(opt_date(AnnualReviews::DecisionOn))
                .col(opt_date(AnnualReviews::AmendmentsProposedOn))
                .col(opt_date(AnnualReviews::AmendedPlanIssuedOn))
                .primary_key(
                    Index::create()
                        .col(AnnualReviews::LaId)
                        .col(AnnualReviews::ReviewId),
                )
                .foreign_key(&mut to_plan())
                .take(),
        )),
        index("reviews_plan", AnnualReviews::Table, &["la_id", "plan_id"]),
        index(
            "reviews_meeting",
            AnnualReviews::Table,
            &["la_id", "meeting_on"],
        ),
        T(Box::new(
            Table::create()
                .table(PhaseTransfers::Table)
                .if_not_exists()
                .col(id(PhaseTransfers::LaId))
                .col(id(PhaseTransfers::TransferId))
                .col(id(PhaseTransfers::PlanId))
                .col(id(PhaseTransfers::ChildId))
                .col(text(PhaseTransfers::Kind))
                .col(opt_id(PhaseTransfers::TransferYear))
                .col(opt_date(PhaseTransfers::TransferOn))
                .col(opt_date(PhaseTransfers::AmendedOn))
                .col(opt_id(PhaseTransfers::NextSettingId))
                .primary_key(
                    Index::create()
                        .col(PhaseTransfers::LaId)
                        .col(PhaseTransfers::TransferId),
                )
                .foreign_key(&mut to_plan())
                .take(),
        )),
        index(
            "transfers_plan",
            PhaseTransfers::Table,
            &["la_id", "plan_id"],
        ),
        T(Box::new(
            Table::create()
                .table(CaseMarkers::Table)
                .if_not_exists()
                .col(id(CaseMarkers::LaId))
                .col(id(CaseMarkers::MarkerId))
                .col(id(CaseMarkers::ChildId))
                .col(text(CaseMarkers::Kind))
                .col(date(CaseMarkers::OpenedOn))
                .col(opt_date(CaseMarkers::ClosedOn))
                .col(opt_text(CaseMarkers::Outcome))
                .primary_key(
                    Index::create()
                        .col(CaseMarkers::LaId)
                        .col(CaseMarkers::MarkerId),
                )
                .foreign_key(&mut to_child())
                .take(),
        )),
        index("markers_child", CaseMarkers::Table, &["la_id", "child_id"]),
        T(Box::new(
            Table::create()
                .table(PanelMeetings::Table)
                .if_not_exists()
                .col(id(PanelMeetings::LaId))
                .col(id(PanelMeetings::MeetingId))
                .col(text(PanelMeetings::Panel))
                .col(date(PanelMeetings::HeldOn))
                .col(opt_id(PanelMeetings::ChairStaffId))
                .primary_key(
                    Index::create()
                        .col(PanelMeetings::LaId)
                        .col(PanelMeetings::MeetingId),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
        T(Box::new(
            Table::create()
                .table(PanelMembers::Table)
                .if_not_exists()
                .col(id(PanelMembers::LaId))
                .col(id(PanelMembers::MeetingId))
                .col(id(PanelMembers::StaffId))
                .primary_key(
                    Index::create()
                        .col(PanelMembers::LaId)
                        .col(PanelMembers::MeetingId)
                        .col(PanelMembers::StaffId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_col(PanelMembers::LaId)
                        .from_col(PanelMembers::MeetingId)
                        .to(
                            PanelMeetings::Table,
                            (PanelMeetings::LaId, PanelMeetings::MeetingId),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )),
        T(Box::new(
            Table::create()
                .table(PanelItems::Table)
                .if_not_exists()
                .col(id(PanelItems::LaId))
                .col(id(PanelItems::ItemId))
                .col(id(PanelItems::MeetingId))
                .col(id(PanelItems::ChildId))
                .col(text(PanelItems::Question))
                .col(opt_text(PanelItems::Decision))
                .col(opt_text(PanelItems::Reasons))
                .col(opt_date(PanelItems::DecidedOn))
                .primary_key(
                    Index::create()
                        .col(PanelItems::LaId)
                        .col(PanelItems::ItemId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_col(PanelItems::LaId)
                        .from_col(PanelItems::MeetingId)
                        .to(
                            PanelMeetings::Table,
                            (PanelMeetings::LaId, PanelMeetings::MeetingId),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut to_child())
                .take(),
        )),
        index(
            "panel_items_child",
            PanelItems::Table,
            &["la_id", "child_id"],
        ),
        index(
            "panel_items_meeting",
            PanelItems::Table,
            &["la_id", "meeting_id"],
        ),
        T(Box::new(
            Table::create()
                .table(CaseworkOptions::Table)
                .if_not_exists()
                .col(id(CaseworkOptions::LaId))
                .col(opt_id(CaseworkOptions::UnderFiveReviewMonths))
                .col(
                    ColumnDef::new(CaseworkOptions::Generation)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .primary_key(Index::create().col(CaseworkOptions::LaId))
                .foreign_key(&mut to_council())
                .take(),
        )),
    ]
}
