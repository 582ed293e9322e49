//! Migration 13: top-up funding. The council's funding models as the files they were read from
//! (so a decision can be checked later against the exact version it used), SENCOs'
//! applications, the panel's awards, and how often the council pays schools.
//!
//! `reference/funding.md`: "An award has a child, setting, amount per year, start and end dates,
//! and the decision that made it"; the model version travels with the award, copied, so changing
//! the council's model never changes an award already made.

use sea_query::{ColumnDef, ForeignKey, ForeignKeyAction, Iden, Index, Table};

use super::columns::*;
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum FundingModels {
    Table,
    LaId,
    ModelKey,
    /// `needs_and_provision` or `band_matrix` (`domain::topup::ModelKind`).
    Kind,
    /// The council's name for the model, such as `bristol-topup`.
    ModelId,
    Version,
    /// SHA-256 over the files, as `domain::topup::ModelVersion` computes it.
    Sha256,
    /// The model new applications use; one per council.
    InUse,
    LoadedBy,
    LoadedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum FundingModelFiles {
    Table,
    LaId,
    ModelKey,
    /// The file's path inside the model's folder (`needs/1_expressive.json`).
    Path,
    /// The file's text, exactly as read (model files are UTF-8 JSON).
    Content,
}

#[derive(Iden, Clone, Copy)]
pub enum TopupApplications {
    Table,
    LaId,
    ApplicationId,
    ChildId,
    /// The school applying: the pupil's setting when the application was started.
    SettingId,
    /// The funding model it is priced with.
    ModelKey,
    /// `domain::topup::ApplicationState`.
    State,
    /// The need statements and provisions chosen (`domain::topup::costing::Package`, JSON).
    Package,
    /// The annual amount the model gives, in pence; null while a cap is breached or nothing
    /// is asked for.
    IndicativePence,
    /// What the school does now and why it needs more, in the SENCO's words.
    Summary,
    /// The head teacher who agreed to the application, and when.
    HeadTeacher,
    HeadTeacherConfirmedOn,
    /// The panel item that considers it, once listed at a funding panel.
    PanelItemId,
    /// The panel's reasons, for every decision.
    DecisionReasons,
    SencoStaffId,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
    DecidedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum TopupAwards {
    Table,
    LaId,
    AwardId,
    ApplicationId,
    ChildId,
    SettingId,
    AnnualPence,
    StartsOn,
    EndsOn,
    /// `approved` (as asked) or `amended` (the panel changed the amount or dates).
    Outcome,
    Reasons,
    /// The funding model version the award was priced with, copied from the model.
    ModelId,
    ModelVersion,
    ModelSha256,
    /// `domain::high_needs::BudgetLine` code the award is counted on.
    BudgetLine,
    PanelMeetingId,
    DecidedBy,
    DecidedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum FinanceOptions {
    Table,
    LaId,
    /// `domain::high_needs::PaymentFrequency`.
    PaymentFrequency,
}

fn opt_timestamp(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().null().take()
}

fn index(name: &str, table: impl Iden + 'static, cols: [impl Iden + 'static; 2]) -> SchemaChange {
    let mut index = Index::create();
    index.name(name).table(table).if_not_exists();
    for col in cols {
        index.col(col);
    }
    SchemaChange::Index(index.take())
}

pub fn topup() -> Vec<SchemaChange> {
    vec![
        SchemaChange::Table(Box::new(
            Table::create()
                .table(FundingModels::Table)
                .if_not_exists()
                .col(id(FundingModels::LaId))
                .col(id(FundingModels::ModelKey))
                .col(text(FundingModels::Kind))
                .col(text(FundingModels::ModelId))
                .col(text(FundingModels::Version))
                .col(text(FundingModels::Sha256))
                .col(flag(FundingModels::InUse))
                .col(text(FundingModels::LoadedBy))
                .col(timestamp(FundingModels::LoadedAt))
                .primary_key(
                    Index::create()
                        .col(FundingModels::LaId)
                        .col(FundingModels::ModelKey),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
        SchemaChange::Table(Box::new(
            Table::create()
                .table(FundingModelFiles::Table)
                .if_not_exists()
                .col(id(FundingModelFiles::LaId))
                .col(id(FundingModelFiles::ModelKey))
                .col(text(FundingModelFiles::Path))
                .col(text(FundingModelFiles::Content))
                .primary_key(
                    Index::create()
                        .col(FundingModelFiles::LaId)
                        .col(FundingModelFiles::ModelKey)
                        .col(FundingModelFiles::Path),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_col(FundingModelFiles::LaId)
                        .from_col(FundingModelFiles::ModelKey)
                        .to(
                            FundingModels::Table,
                            (FundingModels::LaId, FundingModels::ModelKey),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )),
        SchemaChange::Table(Box::new(
            Table::create()
                .table(TopupApplications::Table)
                .if_not_exists()
                .col(id(TopupApplications::LaId))
                .col(id(TopupApplications::ApplicationId))
                .col(id(TopupApplications::ChildId))
                .col(id(TopupApplications::SettingId))
                .col(id(TopupApplications::ModelKey))
                .col(text(TopupApplications::State))
                .col(text(TopupApplications::Package))
                .col(opt_id(TopupApplications::IndicativePence))
                .col(text(TopupApplications::Summary))
                .col(opt_text(TopupApplications::HeadTeacher))
                .col(opt_date(TopupApplications::HeadTeacherConfirmedOn))
                .col(opt_id(TopupApplications::PanelItemId))
                .col(opt_text(TopupApplications::DecisionReasons))
                .col(id(TopupApplications::SencoStaffId))
                .col(timestamp(TopupApplications::CreatedAt))
                .col(timestamp(TopupApplications::UpdatedAt))
                .col(opt_timestamp(TopupApplications::SubmittedAt))
                .col(opt_timestamp(TopupApplications::DecidedAt))
                .primary_key(
                    Index::create()
                        .col(TopupApplications::LaId)
                        .col(TopupApplications::ApplicationId),
                )
                .foreign_key(&mut to_child())
                .take(),
        )),
        index(
            "topup_applications_setting",
            TopupApplications::Table,
            [TopupApplications::LaId, TopupApplications::SettingId],
        ),
        index(
            "topup_applications_child",
            TopupApplications::Table,
            [TopupApplications::LaId, TopupApplications::ChildId],
        ),
        SchemaChange::Table(Box::new(
            Table::create()
                .table(TopupAwards::Table)
                .if_not_exists()
                .col(id(TopupAwards::LaId))
                .col(id(TopupAwards::AwardId))
                .col(id(TopupAwards::ApplicationId))
                .col(id(TopupAwards::ChildId))
                .col(id(TopupAwards::SettingId))
                .col(id(TopupAwards::AnnualPence))
                .col(date(TopupAwards::StartsOn))
                .col(date(TopupAwards::EndsOn))
                .col(text(TopupAwards::Outcome))
                .col(text(TopupAwards::Reasons))
                .col(text(TopupAwards::ModelId))
                .col(text(TopupAwards::ModelVersion))
                .col(text(TopupAwards::ModelSha256))
                .col(text(TopupAwards::BudgetLine))
                .col(opt_id(TopupAwards::PanelMeetingId))
                .col(text(TopupAwards::DecidedBy))
                .col(timestamp(TopupAwards::DecidedAt))
                .primary_key(
                    Index::create()
                        .col(TopupAwards::LaId)
                        .col(TopupAwards::AwardId),
                )
                .foreign_key(&mut to_child())
                .take(),
        )),
        index(
            "topup_awards_setting",
            TopupAwards::Table,
            [TopupAwards::LaId, TopupAwards::SettingId],
        ),
        index(
            "topup_awards_child",
            TopupAwards::Table,
            [TopupAwards::LaId, TopupAwards::ChildId],
        ),
        SchemaChange::Table(Box::new(
            Table::create()
                .table(FinanceOptions::Table)
                .if_not_exists()
                .col(id(FinanceOptions::LaId))
                .col(text(FinanceOptions::PaymentFrequency))
                .primary_key(Index::create().col(FinanceOptions::LaId))
                .foreign_key(&mut to_council())
                .take(),
        )),
        // Evidence a school attaches to its application is a document on the child's file,
        // as advice attachments are, marked with the application it supports.
        SchemaChange::Alter(
            Table::alter()
                .table(Documents::Table)
                .add_column(opt_id(Documents::TopupApplicationId))
                .take(),
        ),
    ]
}
