//! Settings: the schools, colleges and other providers a council places children in, with their
//! SEN units and resourced provisions. Not personal data, so every member of staff may read
//! them; reads are not audited.

use domain::{Phase, SettingType};
use store::{SenProvisionRow, SettingRow, Store};

use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingSummary {
    pub setting_id: i64,
    pub name: String,
    pub urn: Option<i64>,
    pub ukprn: Option<i64>,
    pub phase: String,
    pub setting_type: String,
    pub area: String,
    pub in_area: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingDetail {
    pub summary: SettingSummary,
    pub postcode: Option<String>,
    pub provisions: Vec<SenProvisionRow>,
}

fn summary(row: SettingRow) -> SettingSummary {
    SettingSummary {
        setting_id: row.setting_id,
        phase: row
            .phase
            .parse::<Phase>()
            .map_or(row.phase.clone(), |p| p.label().to_string()),
        setting_type: row
            .setting_type
            .parse::<SettingType>()
            .map_or(row.setting_type.clone(), |t| t.label().to_string()),
        name: row.name,
        urn: row.urn,
        ukprn: row.ukprn,
        area: row.area,
        in_area: row.in_area,
    }
}

/// The council's settings by name.
pub async fn list_settings(store: &Store, actor: &Actor) -> Result<Vec<SettingSummary>> {
    policy::authorise(actor, Action::ReadSettings)?;
    let mut tx = store.begin().await?;
    let rows = tx.settings(actor.la_id()).await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(summary).collect())
}

/// One setting with its SEN units and resourced provisions.
pub async fn view_setting(store: &Store, actor: &Actor, setting_id: i64) -> Result<SettingDetail> {
    policy::authorise(actor, Action::ReadSettings)?;
    let mut tx = store.begin().await?;
    let row = tx
        .setting(actor.la_id(), setting_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("setting {setting_id}")))?;
    let provisions = tx.sen_provisions(actor.la_id(), setting_id).await?;
    tx.commit().await?;
    let postcode = row.postcode.clone();
    Ok(SettingDetail {
        summary: summary(row),
        postcode,
        provisions,
    })
}

/// A setting's id from its URN (or UKPRN), as typed: how people name schools.
pub async fn setting_by_reference(store: &Store, actor: &Actor, reference: &str) -> Result<i64> {
    policy::authorise(actor, Action::ReadSettings)?;
    let number: i64 = reference.trim().parse().map_err(|_| {
        domain::FieldError::new("setting", format!("'{reference}' is not a URN or UKPRN"))
    })?;
    let mut tx = store.begin().await?;
    let found = match tx.setting_by_urn(actor.la_id(), number).await? {
        Some(s) => Some(s.setting_id),
        None => tx
            .settings(actor.la_id())
            .await?
            .into_iter()
            .find(|s| s.ukprn == Some(number))
            .map(|s| s.setting_id),
    };
    tx.commit().await?;
    found.ok_or_else(|| {
        domain::FieldError::new(
            "setting",
            format!("no setting here has URN or UKPRN {number}"),
        )
        .into()
    })
}
