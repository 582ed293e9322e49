//! The schema, defined once with SeaQuery and rendered for each engine.
//!
//! Rules every table follows (docs/adr/0001-store.md):
//! - the primary key starts with `la_id`, the council the row belongs to, so every query is
//!   scoped to one council and the tables can later be distributed by `la_id`;
//! - integers are BIGINT (PostgreSQL) / INTEGER (SQLite), decoded as `i64` on both;
//! - money is integer pence; dates are calendar dates; codes are stored as their SEN2/DfE text.
//!
//! `schema_migrations` is the one table without `la_id`: it describes the database, not a council.

mod action_plans;
mod budget;
mod casework;
mod columns;
mod core_records;
mod documents;
mod dsg_blocks;
mod governance;
mod notifications;
mod placement_costs;
mod portal;
mod reassessments;
mod requests_online;
mod scenarios;
mod school;
mod sign_in;
mod staff_settings;
mod topup;
mod work_tray;

pub use action_plans::*;
pub use budget::*;
pub use casework::*;
pub use core_records::core_records;
pub use documents::{Documents, documents};
pub use dsg_blocks::*;
pub use governance::*;
pub use notifications::{Jobs, Notifications, Outbox, notifications_and_jobs};
pub use placement_costs::*;
pub use portal::*;
pub use reassessments::*;
pub use requests_online::*;
pub use scenarios::*;
pub use school::*;
pub use sign_in::sign_in;
pub use staff_settings::staff_settings;
pub use topup::*;
pub use work_tray::work_tray_order;

use columns::{text, timestamp};
use sea_query::{
    ColumnDef, Iden, IndexCreateStatement, IndexDropStatement, Table, TableAlterStatement,
    TableCreateStatement,
};

#[derive(Iden, Clone, Copy)]
pub enum SchemaMigrations {
    Table,
    Version,
    Name,
    AppliedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum LocalAuthorities {
    Table,
    LaId,
    OnsCode,
    Name,
    RegionCode,
    RegionName,
    Fictional,
}

#[derive(Iden, Clone, Copy)]
pub enum IdSequences {
    Table,
    LaId,
    Name,
    NextId,
}

#[derive(Iden, Clone, Copy)]
pub enum Settings {
    Table,
    LaId,
    SettingId,
    Urn,
    Ukprn,
    Name,
    Phase,
    SettingType,
    Area,
    InArea,
    Postcode,
}

#[derive(Iden, Clone, Copy)]
pub enum SettingProvisions {
    Table,
    LaId,
    ProvisionId,
    SettingId,
    Kind,
    NeedFocus,
    Places,
}

#[derive(Iden, Clone, Copy)]
pub enum Children {
    Table,
    LaId,
    ChildId,
    Forename,
    Surname,
    BirthDate,
    Sex,
    Ethnicity,
    Postcode,
    AddressLine,
    Upn,
    Uln,
    UpnUnknown,
}

#[derive(Iden, Clone, Copy)]
pub enum ChildNeeds {
    Table,
    LaId,
    ChildId,
    Rank,
    SenType,
}

#[derive(Iden, Clone, Copy)]
pub enum Staff {
    Table,
    LaId,
    StaffId,
    Name,
    Email,
    Service,
    Team,
    PasswordHash,
    CreatedAt,
    TotpSecret,
}

#[derive(Iden, Clone, Copy)]
pub enum StaffRoles {
    Table,
    LaId,
    StaffId,
    Role,
}

#[derive(Iden, Clone, Copy)]
pub enum AssessmentRequests {
    Table,
    LaId,
    RequestId,
    ChildId,
    ReceivedOn,
    Source,
    Outcome,
    OutcomeOn,
    AssessmentOutcome,
    AssessmentOutcomeOn,
    Week20Exception,
    DecisionReasons,
    DraftIssuedOn,
    CommentsReceivedOn,
}

#[derive(Iden, Clone, Copy)]
pub enum EhcPlans {
    Table,
    LaId,
    PlanId,
    ChildId,
    RequestId,
    StartOn,
    CeaseOn,
    CeaseReason,
    CeaseNoticeOn,
    TransferredInFrom,
    TransferredOutTo,
}

#[derive(Iden, Clone, Copy)]
pub enum Placements {
    Table,
    LaId,
    PlacementId,
    ChildId,
    SettingId,
    SenSetting,
    Category,
    EntryOn,
    LeavingOn,
    SenUnit,
    ResourcedProvision,
}

#[derive(Iden, Clone, Copy)]
pub enum AuditEvents {
    Table,
    LaId,
    EventId,
    At,
    Actor,
    Action,
    RecordType,
    RecordId,
    ChildId,
    FromAddr,
    Detail,
}

#[derive(Iden, Clone, Copy)]
pub enum StaffSettings {
    Table,
    LaId,
    StaffId,
    SettingId,
}

#[derive(Iden, Clone, Copy)]
pub enum FamilyMembers {
    Table,
    LaId,
    PersonId,
    Name,
    Email,
    /// `parent_carer` or `young_person`.
    Role,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum FamilyLinks {
    Table,
    LaId,
    PersonId,
    ChildId,
    /// `parent_carer` (with parental responsibility or caring) or `self` (the young person).
    Relationship,
}

#[derive(Iden, Clone, Copy)]
pub enum Sessions {
    Table,
    LaId,
    TokenHash,
    /// `staff` or `family`.
    UserKind,
    UserId,
    CreatedAt,
    LastSeenAt,
    CsrfToken,
    FromAddr,
}

#[derive(Iden, Clone, Copy)]
pub enum SignInAttempts {
    Table,
    LaId,
    AttemptId,
    At,
    Email,
    FromAddr,
    Succeeded,
}

#[derive(Iden, Clone, Copy)]
pub enum SignInCodes {
    Table,
    LaId,
    CodeId,
    Email,
    CodeHash,
    ExpiresAt,
    UsedAt,
    Failures,
}

#[derive(Iden, Clone, Copy)]
pub enum ApiTokens {
    Table,
    LaId,
    TokenId,
    StaffId,
    Name,
    TokenHash,
    CreatedAt,
    RevokedAt,
}

/// A statement a migration runs.
#[allow(clippy::large_enum_variant)] // a handful are built, once, at migration
pub enum SchemaChange {
    Table(Box<TableCreateStatement>),
    Index(IndexCreateStatement),
    Alter(TableAlterStatement),
    DropIndex(IndexDropStatement),
}

pub fn migrations_table() -> TableCreateStatement {
    Table::create()
        .table(SchemaMigrations::Table)
        .if_not_exists()
        .col(
            ColumnDef::new(SchemaMigrations::Version)
                .big_integer()
                .not_null()
                .primary_key(),
        )
        .col(text(SchemaMigrations::Name))
        .col(timestamp(SchemaMigrations::AppliedAt))
        .take()
}

/// Tables holding a council's data, children before parents: the order to empty them in.
pub const COUNCIL_TABLES_LEAF_FIRST: [&str; 75] = [
    "dsg_balances",
    "dsg_block_figures",
    "plan_ratings",
    "plan_measures",
    "plan_risks",
    "plan_actions",
    "plan_workstreams",
    "action_plans",
    "scenario_mitigations",
    "scenarios",
    "mitigations",
    "forum_action_updates",
    "forum_actions",
    "forum_papers",
    "forum_votes",
    "forum_interests",
    "forum_attendance",
    "forum_items",
    "forum_meetings",
    "forum_officers",
    "forum_seats",
    "forums",
    "ledger_actuals",
    "ledger_imports",
    "budget_income",
    "budget_amounts",
    "topup_awards",
    "topup_applications",
    "funding_model_files",
    "funding_models",
    "finance_options",
    "placement_costs",
    "awaiting_placements",
    "request_details",
    "review_arrangements",
    "notifications",
    "outbox",
    "jobs",
    "advice_submissions",
    "case_messages",
    "family_views",
    "draft_comments",
    "parent_consents",
    "audit_events",
    "documents",
    "casework_options",
    "panel_items",
    "panel_members",
    "panel_meetings",
    "case_markers",
    "reassessments",
    "phase_transfers",
    "annual_reviews",
    "plan_sections",
    "plan_versions",
    "case_exceptions",
    "advice_requests",
    "ehc_cases",
    "sessions",
    "sign_in_attempts",
    "sign_in_codes",
    "api_tokens",
    "family_links",
    "family_members",
    "placements",
    "ehc_plans",
    "assessment_requests",
    "child_needs",
    "children",
    "setting_provisions",
    "settings",
    "staff_settings",
    "staff_roles",
    "staff",
    "id_sequences",
];
