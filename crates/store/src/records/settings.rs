//! Settings (schools, colleges, early-years and other providers) and their SEN units and
//! resourced provisions.

use sea_query::{Expr, ExprTrait, Order, Query};

use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{SettingProvisions as Sp, Settings as S};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SettingRow {
    pub la_id: i64,
    pub setting_id: i64,
    pub urn: Option<i64>,
    pub ukprn: Option<i64>,
    pub name: String,
    /// `domain::placement::Phase` code.
    pub phase: String,
    /// `domain::placement::SettingType` code.
    pub setting_type: String,
    /// The area (locality) of the council the setting is in.
    pub area: String,
    /// Inside the council's own area (false for out-of-area placements).
    pub in_area: bool,
    pub postcode: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SenProvisionRow {
    pub la_id: i64,
    pub provision_id: i64,
    pub setting_id: i64,
    /// `sen_unit` or `resourced_provision`.
    pub kind: String,
    /// The SEN2 need the provision is designated for, if any.
    pub need_focus: Option<String>,
    pub places: i64,
}

const SETTING_COLUMNS: [S; 10] = [
    S::LaId,
    S::SettingId,
    S::Urn,
    S::Ukprn,
    S::Name,
    S::Phase,
    S::SettingType,
    S::Area,
    S::InArea,
    S::Postcode,
];
const PROVISION_COLUMNS: [Sp; 6] = [
    Sp::LaId,
    Sp::ProvisionId,
    Sp::SettingId,
    Sp::Kind,
    Sp::NeedFocus,
    Sp::Places,
];

impl Tx {
    pub async fn insert_settings(&mut self, rows: &[SettingRow]) -> Result<u64> {
        self.insert_rows(
            S::Table,
            &SETTING_COLUMNS,
            rows.iter().map(|r| {
                vec![
                    r.la_id.into(),
                    r.setting_id.into(),
                    r.urn.into(),
                    r.ukprn.into(),
                    r.name.clone().into(),
                    r.phase.clone().into(),
                    r.setting_type.clone().into(),
                    r.area.clone().into(),
                    r.in_area.into(),
                    r.postcode.clone().into(),
                ]
            }),
        )
        .await
    }

    pub async fn insert_sen_provisions(&mut self, rows: &[SenProvisionRow]) -> Result<u64> {
        self.insert_rows(
            Sp::Table,
            &PROVISION_COLUMNS,
            rows.iter().map(|r| {
                vec![
                    r.la_id.into(),
                    r.provision_id.into(),
                    r.setting_id.into(),
                    r.kind.clone().into(),
                    r.need_focus.clone().into(),
                    r.places.into(),
                ]
            }),
        )
        .await
    }

    pub async fn setting(&mut self, la_id: i64, setting_id: i64) -> Result<Option<SettingRow>> {
        self.fetch_optional(
            Query::select()
                .columns(SETTING_COLUMNS)
                .from(S::Table)
                .and_where(Expr::col(S::LaId).eq(la_id))
                .and_where(Expr::col(S::SettingId).eq(setting_id)),
        )
        .await
    }

    pub async fn setting_by_urn(&mut self, la_id: i64, urn: i64) -> Result<Option<SettingRow>> {
        self.fetch_optional(
            Query::select()
                .columns(SETTING_COLUMNS)
                .from(S::Table)
                .and_where(Expr::col(S::LaId).eq(la_id))
                .and_where(Expr::col(S::Urn).eq(urn)),
        )
        .await
    }

    pub async fn settings(&mut self, la_id: i64) -> Result<Vec<SettingRow>> {
        self.fetch_all(
            Query::select()
                .columns(SETTING_COLUMNS)
                .from(S::Table)
                .and_where(Expr::col(S::LaId).eq(la_id))
                .order_by(S::Name, Order::Asc),
        )
        .await
    }

    pub async fn sen_provisions(
        &mut self,
        la_id: i64,
        setting_id: i64,
    ) -> Result<Vec<SenProvisionRow>> {
        self.fetch_all(
            Query::select()
                .columns(PROVISION_COLUMNS)
                .from(Sp::Table)
                .and_where(Expr::col(Sp::LaId).eq(la_id))
                .and_where(Expr::col(Sp::SettingId).eq(setting_id))
                .order_by(Sp::ProvisionId, Order::Asc),
        )
        .await
    }
}
