//! The schema, defined once with SeaQuery and rendered for each engine.
//!
//! Rules every table follows (docs/adr/0001-store.md):
//! - the primary key starts with `la_id`, the council the row belongs to, so every query is
//!   scoped to one council and the tables can later be distributed by `la_id`;
//! - integers are BIGINT (PostgreSQL) / INTEGER (SQLite), decoded as `i64` on both;
//! - money is integer pence; dates are calendar dates; codes are stored as their SEN2/DfE text.
//!
//! `schema_migrations` is the one table without `la_id`: it describes the database, not a council.

use sea_query::{
    ColumnDef, Expr, ExprTrait, ForeignKey, ForeignKeyAction, ForeignKeyCreateStatement, Iden,
    Index, IndexCreateStatement, Table, TableCreateStatement,
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

fn id(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().take()
}
fn opt_id(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).big_integer().null().take()
}
fn text(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).text().not_null().take()
}
fn opt_text(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).text().null().take()
}
fn date(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).date().not_null().take()
}
fn opt_date(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).date().null().take()
}
fn flag(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col)
        .boolean()
        .not_null()
        .default(false)
        .take()
}
fn timestamp(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .take()
}

/// A foreign key to the council.
fn to_council() -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_col(LocalAuthorities::LaId)
        .to(LocalAuthorities::Table, LocalAuthorities::LaId)
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

fn to_child() -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_col(Children::LaId)
        .from_col(Children::ChildId)
        .to(Children::Table, (Children::LaId, Children::ChildId))
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

/// Migration 1: the core records every feature needs.
pub fn core_records() -> Vec<SchemaChange> {
    use SchemaChange::{Index as Ix, Table as T};
    vec![
        T(Box::new(
            Table::create()
                .table(LocalAuthorities::Table)
                .if_not_exists()
                .col(id(LocalAuthorities::LaId))
                .col(text(LocalAuthorities::OnsCode))
                .col(text(LocalAuthorities::Name))
                .col(text(LocalAuthorities::RegionCode))
                .col(text(LocalAuthorities::RegionName))
                .col(flag(LocalAuthorities::Fictional))
                .primary_key(Index::create().col(LocalAuthorities::LaId))
                .take(),
        )),
        T(Box::new(
            Table::create()
                .table(IdSequences::Table)
                .if_not_exists()
                .col(id(IdSequences::LaId))
                .col(text(IdSequences::Name))
                .col(id(IdSequences::NextId))
                .primary_key(
                    Index::create()
                        .col(IdSequences::LaId)
                        .col(IdSequences::Name),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
        T(Box::new(
            Table::create()
                .table(Settings::Table)
                .if_not_exists()
                .col(id(Settings::LaId))
                .col(id(Settings::SettingId))
                .col(opt_id(Settings::Urn))
                .col(opt_id(Settings::Ukprn))
                .col(text(Settings::Name))
                .col(text(Settings::Phase))
                .col(text(Settings::SettingType))
                .col(text(Settings::Area))
                .col(flag(Settings::InArea))
                .col(opt_text(Settings::Postcode))
                .primary_key(Index::create().col(Settings::LaId).col(Settings::SettingId))
                .foreign_key(&mut to_council())
                .take(),
        )),
        Ix(Index::create()
            .name("settings_urn")
            .table(Settings::Table)
            .col(Settings::LaId)
            .col(Settings::Urn)
            .unique()
            .if_not_exists()
            .take()),
        T(Box::new(
            Table::create()
                .table(SettingProvisions::Table)
                .if_not_exists()
                .col(id(SettingProvisions::LaId))
                .col(id(SettingProvisions::ProvisionId))
                .col(id(SettingProvisions::SettingId))
                .col(text(SettingProvisions::Kind))
                .col(opt_text(SettingProvisions::NeedFocus))
                .col(id(SettingProvisions::Places))
                .primary_key(
                    Index::create()
                        .col(SettingProvisions::LaId)
                        .col(SettingProvisions::ProvisionId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_col(SettingProvisions::LaId)
                        .from_col(SettingProvisions::SettingId)
                        .to(Settings::Table, (Settings::LaId, Settings::SettingId))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )),
        T(Box::new(
            Table::create()
                .table(Children::Table)
                .if_not_exists()
                .col(id(Children::LaId))
                .col(id(Children::ChildId))
                .col(text(Children::Forename))
                .col(text(Children::Surname))
                .col(date(Children::BirthDate))
                .col(text(Children::Sex))
                .col(opt_text(Children::Ethnicity))
                .col(opt_text(Children::Postcode))
                .col(opt_text(Children::AddressLine))
                .col(opt_text(Children::Upn))
                .col(opt_text(Children::Uln))
                .col(opt_text(Children::UpnUnknown))
                .primary_key(Index::create().col(Children::LaId).col(Children::ChildId))
                .foreign_key(&mut to_council())
                .take(),
        )),
        Ix(Index::create()
            .name("children_upn")
            .table(Children::Table)
            .col(Children::LaId)
            .col(Children::Upn)
            .unique()
            .if_not_exists()
            .take()),
        Ix(Index::create()
            .name("children_name")
            .table(Children::Table)
            .col(Children::LaId)
            .col(Children::Surname)
            .col(Children::Forename)
            .if_not_exists()
            .take()),
        T(Box::new(
            Table::create()
                .table(ChildNeeds::Table)
                .if_not_exists()
                .col(id(ChildNeeds::LaId))
                .col(id(ChildNeeds::ChildId))
                .col(
                    ColumnDef::new(ChildNeeds::Rank)
                        .big_integer()
                        .not_null()
                        // SEN2 records a primary (1) and at most one secondary (2) need.
                        .check(Expr::col(ChildNeeds::Rank).is_in([1, 2])),
                )
                .col(text(ChildNeeds::SenType))
                .primary_key(
                    Index::create()
                        .col(ChildNeeds::LaId)
                        .col(ChildNeeds::ChildId)
                        .col(ChildNeeds::Rank),
                )
                .foreign_key(&mut to_child())
                .take(),
        )),
        T(Box::new(
            Table::create()
                .table(Staff::Table)
                .if_not_exists()
                .col(id(Staff::LaId))
                .col(id(Staff::StaffId))
                .col(text(Staff::Name))
                .col(text(Staff::Email))
                .col(opt_text(Staff::Service))
                .col(opt_text(Staff::Team))
                .col(opt_text(Staff::PasswordHash))
                .col(timestamp(Staff::CreatedAt))
                .primary_key(Index::create().col(Staff::LaId).col(Staff::StaffId))
                .foreign_key(&mut to_council())
                .take(),
        )),
        Ix(Index::create()
            .name("staff_email")
            .table(Staff::Table)
            .col(Staff::LaId)
            .col(Staff::Email)
            .unique()
            .if_not_exists()
            .take()),
        T(Box::new(
            Table::create()
                .table(StaffRoles::Table)
                .if_not_exists()
                .col(id(StaffRoles::LaId))
                .col(id(StaffRoles::StaffId))
                .col(text(StaffRoles::Role))
                .primary_key(
                    Index::create()
                        .col(StaffRoles::LaId)
                        .col(StaffRoles::StaffId)
                        .col(StaffRoles::Role),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_col(StaffRoles::LaId)
                        .from_col(StaffRoles::StaffId)
                        .to(Staff::Table, (Staff::LaId, Staff::StaffId))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )),
        T(Box::new(
            Table::create()
                .table(AssessmentRequests::Table)
                .if_not_exists()
                .col(id(AssessmentRequests::LaId))
                .col(id(AssessmentRequests::RequestId))
                .col(id(AssessmentRequests::ChildId))
                .col(date(AssessmentRequests::ReceivedOn))
                .col(text(AssessmentRequests::Source))
                .col(text(AssessmentRequests::Outcome))
                .col(opt_date(AssessmentRequests::OutcomeOn))
                .col(opt_text(AssessmentRequests::AssessmentOutcome))
                .col(opt_date(AssessmentRequests::AssessmentOutcomeOn))
                .col(flag(AssessmentRequests::Week20Exception))
                .primary_key(
                    Index::create()
                        .col(AssessmentRequests::LaId)
                        .col(AssessmentRequests::RequestId),
                )
                .foreign_key(&mut to_child())
                .take(),
        )),
        Ix(Index::create()
            .name("requests_child")
            .table(AssessmentRequests::Table)
            .col(AssessmentRequests::LaId)
            .col(AssessmentRequests::ChildId)
            .if_not_exists()
            .take()),
        T(Box::new(
            Table::create()
                .table(EhcPlans::Table)
                .if_not_exists()
                .col(id(EhcPlans::LaId))
                .col(id(EhcPlans::PlanId))
                .col(id(EhcPlans::ChildId))
                .col(opt_id(EhcPlans::RequestId))
                .col(date(EhcPlans::StartOn))
                .col(opt_date(EhcPlans::CeaseOn))
                .col(opt_text(EhcPlans::CeaseReason))
                .primary_key(Index::create().col(EhcPlans::LaId).col(EhcPlans::PlanId))
                .foreign_key(&mut to_child())
                .take(),
        )),
        Ix(Index::create()
            .name("plans_child")
            .table(EhcPlans::Table)
            .col(EhcPlans::LaId)
            .col(EhcPlans::ChildId)
            .if_not_exists()
            .take()),
        T(Box::new(
            Table::create()
                .table(Placements::Table)
                .if_not_exists()
                .col(id(Placements::LaId))
                .col(id(Placements::PlacementId))
                .col(id(Placements::ChildId))
                .col(opt_id(Placements::SettingId))
                .col(opt_text(Placements::SenSetting))
                .col(text(Placements::Category))
                .col(date(Placements::EntryOn))
                .col(opt_date(Placements::LeavingOn))
                .col(flag(Placements::SenUnit))
                .col(flag(Placements::ResourcedProvision))
                .primary_key(
                    Index::create()
                        .col(Placements::LaId)
                        .col(Placements::PlacementId),
                )
                .foreign_key(&mut to_child())
                .foreign_key(
                    ForeignKey::create()
                        .from_col(Placements::LaId)
                        .from_col(Placements::SettingId)
                        .to(Settings::Table, (Settings::LaId, Settings::SettingId))
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .take(),
        )),
        Ix(Index::create()
            .name("placements_child")
            .table(Placements::Table)
            .col(Placements::LaId)
            .col(Placements::ChildId)
            .if_not_exists()
            .take()),
        T(Box::new(
            Table::create()
                .table(AuditEvents::Table)
                .if_not_exists()
                .col(id(AuditEvents::LaId))
                .col(id(AuditEvents::EventId))
                .col(timestamp(AuditEvents::At))
                .col(text(AuditEvents::Actor))
                .col(text(AuditEvents::Action))
                .col(text(AuditEvents::RecordType))
                .col(opt_text(AuditEvents::RecordId))
                .col(opt_id(AuditEvents::ChildId))
                .col(text(AuditEvents::FromAddr))
                .col(opt_text(AuditEvents::Detail))
                .primary_key(
                    Index::create()
                        .col(AuditEvents::LaId)
                        .col(AuditEvents::EventId),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
        Ix(Index::create()
            .name("audit_child")
            .table(AuditEvents::Table)
            .col(AuditEvents::LaId)
            .col(AuditEvents::ChildId)
            .col(AuditEvents::At)
            .if_not_exists()
            .take()),
    ]
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
