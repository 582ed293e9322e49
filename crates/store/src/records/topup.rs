//! Top-up funding rows: the council's funding models and their files, applications, awards and
//! the council's payment frequency; and the reads the school, panel and finance pages need.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Cond, Expr, ExprTrait, Order, Query};

use super::record::{Record, record};
use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{
    Children as Ch, FinanceOptions as Fo, FundingModelFiles as Fmf, FundingModels as Fm,
    Placements as Pl, TopupApplications as Ta, TopupAwards as Tw,
};

/// One version of a funding model a council has loaded.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FundingModelRow {
    pub la_id: i64,
    pub model_key: i64,
    pub kind: String,
    pub model_id: String,
    pub version: String,
    pub sha256: String,
    pub in_use: bool,
    pub loaded_by: String,
    pub loaded_at: DateTime<Utc>,
}
record!(FundingModelRow, Fm, key 2, child ModelKey, order LoadedAt, [
    la_id => LaId, model_key => ModelKey, kind => Kind, model_id => ModelId,
    version => Version, sha256 => Sha256, in_use => InUse, loaded_by => LoadedBy,
    loaded_at => LoadedAt,
]);

/// One file of a funding model, as read.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FundingModelFileRow {
    pub la_id: i64,
    pub model_key: i64,
    pub path: String,
    pub content: String,
}
record!(FundingModelFileRow, Fmf, key 3, child ModelKey, order Path, [
    la_id => LaId, model_key => ModelKey, path => Path, content => Content,
]);

/// A school's application for top-up funding for one pupil.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TopupApplicationRow {
    pub la_id: i64,
    pub application_id: i64,
    pub child_id: i64,
    pub setting_id: i64,
    pub model_key: i64,
    pub state: String,
    /// The package chosen, as JSON.
    pub package: String,
    pub indicative_pence: Option<i64>,
    pub summary: String,
    pub head_teacher: Option<String>,
    pub head_teacher_confirmed_on: Option<NaiveDate>,
    pub panel_item_id: Option<i64>,
    pub decision_reasons: Option<String>,
    pub senco_staff_id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
}
record!(TopupApplicationRow, Ta, key 2, child ChildId, order CreatedAt, [
    la_id => LaId, application_id => ApplicationId, child_id => ChildId,
    setting_id => SettingId, model_key => ModelKey, state => State, package => Package,
    indicative_pence => IndicativePence, summary => Summary, head_teacher => HeadTeacher,
    head_teacher_confirmed_on => HeadTeacherConfirmedOn, panel_item_id => PanelItemId,
    decision_reasons => DecisionReasons, senco_staff_id => SencoStaffId,
    created_at => CreatedAt, updated_at => UpdatedAt, submitted_at => SubmittedAt,
    decided_at => DecidedAt,
]);

/// Top-up awarded to a school for a pupil by a panel.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TopupAwardRow {
    pub la_id: i64,
    pub award_id: i64,
    pub application_id: i64,
    pub child_id: i64,
    pub setting_id: i64,
    pub annual_pence: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub outcome: String,
    pub reasons: String,
    pub model_id: String,
    pub model_version: String,
    pub model_sha256: String,
    pub budget_line: String,
    pub panel_meeting_id: Option<i64>,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}
record!(TopupAwardRow, Tw, key 2, child ChildId, order StartsOn, [
    la_id => LaId, award_id => AwardId, application_id => ApplicationId,
    child_id => ChildId, setting_id => SettingId, annual_pence => AnnualPence,
    starts_on => StartsOn, ends_on => EndsOn, outcome => Outcome, reasons => Reasons,
    model_id => ModelId, model_version => ModelVersion, model_sha256 => ModelSha256,
    budget_line => BudgetLine, panel_meeting_id => PanelMeetingId, decided_by => DecidedBy,
    decided_at => DecidedAt,
]);

/// How a council runs its high needs finance.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FinanceOptionsRow {
    pub la_id: i64,
    pub payment_frequency: String,
}
record!(FinanceOptionsRow, Fo, key 1, child LaId, order LaId, [
    la_id => LaId, payment_frequency => PaymentFrequency,
]);

/// A pupil placed at a school on a day, for the forms that ask which pupil.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlacedPupilRow {
    pub child_id: i64,
    pub forename: String,
    pub surname: String,
    pub upn: Option<String>,
    pub setting_id: Option<i64>,
}

impl Tx {
    /// The pupils placed at any of `setting_ids` on `on` (a leaving date is the last day at the
    /// setting), by surname.
    pub async fn pupils_placed_at(
        &mut self,
        la_id: i64,
        setting_ids: &[i64],
        on: NaiveDate,
    ) -> Result<Vec<PlacedPupilRow>> {
        if setting_ids.is_empty() {
            return Ok(Vec::new());
        }
        self.fetch_all(
            Query::select()
                .columns([
                    (Ch::Table, Ch::ChildId),
                    (Ch::Table, Ch::Forename),
                    (Ch::Table, Ch::Surname),
                    (Ch::Table, Ch::Upn),
                ])
                .column((Pl::Table, Pl::SettingId))
                .from(Pl::Table)
                .inner_join(
                    Ch::Table,
                    Cond::all()
                        .add(Expr::col((Ch::Table, Ch::LaId)).equals((Pl::Table, Pl::LaId)))
                        .add(Expr::col((Ch::Table, Ch::ChildId)).equals((Pl::Table, Pl::ChildId))),
                )
                .and_where(Expr::col((Pl::Table, Pl::LaId)).eq(la_id))
                .and_where(Expr::col((Pl::Table, Pl::SettingId)).is_in(setting_ids.iter().copied()))
                .and_where(Expr::col((Pl::Table, Pl::EntryOn)).lte(on))
                .cond_where(
                    Cond::any()
                        .add(Expr::col((Pl::Table, Pl::LeavingOn)).is_null())
                        .add(Expr::col((Pl::Table, Pl::LeavingOn)).gte(on)),
                )
                .order_by((Ch::Table, Ch::Surname), Order::Asc)
                .order_by((Ch::Table, Ch::Forename), Order::Asc)
                .order_by((Ch::Table, Ch::ChildId), Order::Asc),
        )
        .await
    }

    /// The funding model a council's new applications use, if it has loaded one.
    pub async fn funding_model_in_use(&mut self, la_id: i64) -> Result<Option<FundingModelRow>> {
        Ok(self
            .select_records(la_id, Cond::all().add(Expr::col(Fm::InUse).eq(true)))
            .await?
            .pop())
    }

    /// The files of one model version, by path.
    pub async fn select_files(
        &mut self,
        la_id: i64,
        model_key: i64,
    ) -> Result<Vec<FundingModelFileRow>> {
        self.records_of_child(la_id, model_key).await
    }

    /// Makes `model_key` the model new applications use, and no other.
    pub async fn use_funding_model(&mut self, la_id: i64, model_key: i64) -> Result<()> {
        self.execute(
            Query::update()
                .table(Fm::Table)
                .value(Fm::InUse, Expr::col(Fm::ModelKey).eq(model_key))
                .and_where(Expr::col(Fm::LaId).eq(la_id)),
        )
        .await?;
        Ok(())
    }
}
