//! The schema, defined once with SeaQuery and rendered for each engine.
//!
//! Rules every table follows (docs/adr/0001-store.md):
//! - the primary key starts with `la_id`, the council the row belongs to, so every query is
//!   scoped to one council and the tables can later be distributed by `la_id`;
//! - integers are BIGINT (PostgreSQL) / INTEGER (SQLite), decoded as `i64` on both;
//! - money is integer pence; dates are calendar dates; codes are stored as their SEN2/DfE text.
//!
//! `schema_migrations` is the one table without `la_id`: it describes the database, not a council.

mod columns;
mod core_records;

pub use core_records::core_records;

use columns::{text, timestamp};
use sea_query::{ColumnDef, Iden, IndexCreateStatement, Table, TableCreateStatement};

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

/// A statement a migration runs.
#[allow(clippy::large_enum_variant)] // a handful are built, once, at migration
pub enum SchemaChange {
    Table(Box<TableCreateStatement>),
    Index(IndexCreateStatement),
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
pub const COUNCIL_TABLES_LEAF_FIRST: [&str; 11] = [
    "audit_events",
    "placements",
    "ehc_plans",
    "assessment_requests",
    "child_needs",
    "children",
    "setting_provisions",
    "settings",
    "staff_roles",
    "staff",
    "id_sequences",
];
