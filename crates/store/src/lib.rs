//! Highneeds storage: the schema, migrations and queries, for SQLite (the embedded default) and
//! PostgreSQL (production).
//!
//! One schema definition and one set of queries serve both engines: every statement is built
//! once with SeaQuery and rendered for the engine of the open connection ([`engine`]). Every
//! table's primary key starts with `la_id`, the council the row belongs to. The store holds no
//! business rules and knows nothing of HTTP or permissions: callers (the `app` crate) decide
//! who may do what and pass plain rows in and out. Why: docs/adr/0001-store.md.

mod batch;
mod council;
mod engine;
mod error;
pub mod introspect;
mod location;
pub mod migrate;
pub mod records;
pub mod schema;
#[cfg(feature = "testing")]
pub mod testing;

pub use council::CouncilCounts;
pub use engine::{Row, Store, Tx};
pub use error::{Result, StoreError};
pub use location::{Engine, Location};
pub use records::action_plans::{
    ActionPlanRow, PlanActionRow, PlanMeasureRow, PlanRatingRow, PlanRiskRow, PlanWorkstreamRow,
};
pub use records::audit::{AuditRow, NewAuditEvent};
pub use records::authorities::LocalAuthorityRow;
pub use records::budget::{BudgetAmountRow, BudgetIncomeRow, LedgerActualRow, LedgerImportRow};
pub use records::case_events::{
    AdviceRow, CaseRow, ExceptionRow, MarkerRow, PanelItemRow, PanelMeetingRow, PhaseTransferRow,
    PlanSectionRow, PlanVersionRow, ReassessmentRow, ReviewRow,
};
pub use records::casework::{KeyCount, PlacementRow, PlanRow, RequestRow, RequestTimeline};
pub use records::children::{ChildNeedRow, ChildRow};
pub use records::documents::DocumentRow;
pub use records::dsg_blocks::{DsgBalanceRow, DsgBlockFiguresRow};
pub use records::ehc_queries::{AdviceOutstandingRow, CaseloadRow, TrayFilter, TrayPage, TrayRow};
pub use records::forecast_queries::{ChildNeedHistoryRow, PlacementSpellRow, PlanSpellRow};
pub use records::governance::{
    ForumActionRow, ForumActionUpdateRow, ForumAttendanceRow, ForumInterestRow, ForumItemRow,
    ForumMeetingRow, ForumOfficerRow, ForumPaperRow, ForumRow, ForumSeatRow, ForumVoteRow,
};
pub use records::jobs::{JobRow, NewJob};
pub use records::notifications::{EmailRow, NotificationRow};
pub use records::placement_costs::{
    AwaitingListRow, AwaitingPlacementRow, CostedPlacementRow, PlacementCostRow,
};
pub use records::portal::{
    AdviceSubmissionRow, ConsentRow, DraftCommentRow, FamilyViewsRow, MessageRow,
};
pub use records::record::Record;
pub use records::scenarios::{MitigationRow, ScenarioMitigationRow, ScenarioRow};
pub use records::school::{PupilRow, RequestDetailsRow, ReviewArrangementRow};
pub use records::sessions::{SessionRow, SessionWithStaff};
pub use records::settings::{SenProvisionRow, SettingRow};
pub use records::sign_in::{ApiTokenRow, FamilyLinkRow, FamilyMemberRow, SignInCodeRow};
pub use records::staff::{StaffRoleRow, StaffRow};
pub use records::topup::{
    FinanceOptionsRow, FundingModelFileRow, FundingModelRow, PlacedPupilRow, TopupApplicationRow,
    TopupAwardRow,
};
pub use records::topup_lists::{ApplicationListRow, AwardListRow};
