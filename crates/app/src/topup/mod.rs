//! Top-up funding: the council's funding models, schools' applications, the funding panel's
//! decisions and awards, and the payments that follow (`reference/funding.md`).
//!
//! - [`models`]: a council loads a funding model from its files; every version is kept, so an
//!   award can be checked later against the exact version it was priced with, and one is in use
//!   for new applications. Models are parsed once per process and shared, by their SHA-256.
//! - [`applications`]: a SENCO applies for a pupil placed at their school, choosing need
//!   statements and provisions sub-area by sub-area, seeing the indicative amount and any cap
//!   breach as they go, adding evidence and the head teacher's agreement, then submitting.
//! - [`decisions`]: the council lists a submitted application at a funding panel (the one panel
//!   mechanism, `casework::panels`), and the panel approves, amends or declines it with reasons;
//!   an award keeps the model version. The SENCO is told.
//! - [`payments`]: schedules to schools pro rata to days in each period, stopping at the end
//!   date or the day the pupil leaves; the CSV the council's finance system reads.

pub mod applications;
pub mod decisions;
pub mod models;
pub mod payments;

use std::sync::Arc;

use domain::FieldError;
use domain::topup::application::ApplicationState;
use domain::topup::costing::{CostingModel, Package, Pricing, price};
use store::{ApplicationListRow, DocumentRow, TopupApplicationRow, TopupAwardRow, Tx};

use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// The reference schools and panels quote for an application: `TU-{council}-{id}`.
#[must_use]
pub fn application_reference(la_id: i64, application_id: i64) -> String {
    format!("TU-{la_id}-{application_id}")
}

/// One application as the pages show it: the row, the package read back, and what the model
/// makes of it now.
#[derive(Debug, Clone)]
pub struct Application {
    pub row: TopupApplicationRow,
    pub state: ApplicationState,
    pub reference: String,
    pub child_name: String,
    pub setting_name: String,
    pub model: Arc<CostingModel>,
    pub package: Package,
    /// The model's price for the package, or why the package cannot be priced.
    pub pricing: std::result::Result<Pricing, Vec<FieldError>>,
    /// The evidence attached: id, title, file name.
    pub evidence: Vec<(i64, String, String)>,
    /// The award, once the panel has approved it.
    pub award: Option<TopupAwardRow>,
}

/// An application in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationSummary {
    pub application_id: i64,
    pub reference: String,
    pub child_id: i64,
    pub child_name: String,
    pub setting_name: String,
    pub state: ApplicationState,
    pub indicative_pence: Option<i64>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

fn state_of(row: &TopupApplicationRow) -> Result<ApplicationState> {
    row.state
        .parse()
        .map_err(|_| store::StoreError::corrupt("topup_applications", "unknown state").into())
}

/// Reads an application the actor may see: a SENCO's own school's, or any for the council's
/// readers. Anyone else is told it is not found.
pub(crate) async fn open_application(
    tx: &mut Tx,
    actor: &Actor,
    application_id: i64,
) -> Result<TopupApplicationRow> {
    let not_found = || AppError::NotFound(format!("application {application_id}"));
    let row: TopupApplicationRow = tx
        .record(actor.la_id(), application_id)
        .await?
        .ok_or_else(not_found)?;
    let school = Action::ApplyForTopUp {
        setting_id: Some(row.setting_id),
    };
    // A draft is the school's own until it is submitted.
    let council_may_see = row.state != ApplicationState::Draft.code()
        && policy::permits(actor, Action::ReadTopUpApplications);
    if policy::permits(actor, school) || council_may_see {
        Ok(row)
    } else {
        Err(not_found())
    }
}

/// The package stored with an application.
pub(crate) fn package_of(row: &TopupApplicationRow) -> Result<Package> {
    serde_json::from_str(&row.package).map_err(|e| {
        store::StoreError::corrupt("topup_applications", format!("package: {e}")).into()
    })
}

/// The whole application for its page.
pub(crate) async fn load(
    tx: &mut Tx,
    actor: &Actor,
    row: TopupApplicationRow,
) -> Result<Application> {
    let la_id = actor.la_id();
    let model = models::model_by_key(tx, la_id, row.model_key).await?;
    let package = package_of(&row)?;
    let pricing = price(&model, &package);
    let child_name = tx
        .child(la_id, row.child_id)
        .await?
        .map(|c| format!("{} {}", c.forename, c.surname))
        .unwrap_or_default();
    let setting_name = tx
        .setting(la_id, row.setting_id)
        .await?
        .map(|s| s.name)
        .unwrap_or_default();
    let documents: Vec<DocumentRow> = tx.records_of_child(la_id, row.child_id).await?;
    let evidence = documents
        .into_iter()
        .filter(|d| d.topup_application_id == Some(row.application_id))
        .map(|d| (d.document_id, d.title, d.file_name))
        .collect();
    let awards: Vec<TopupAwardRow> = tx.records_of_child(la_id, row.child_id).await?;
    let award = awards
        .into_iter()
        .find(|a| a.application_id == row.application_id);
    Ok(Application {
        state: state_of(&row)?,
        reference: application_reference(la_id, row.application_id),
        child_name,
        setting_name,
        model,
        package,
        pricing,
        evidence,
        award,
        row,
    })
}

/// Summaries of listed applications, most recently changed first.
pub(crate) fn summaries(
    la_id: i64,
    rows: Vec<ApplicationListRow>,
) -> Result<Vec<ApplicationSummary>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let a = row.application;
        out.push(ApplicationSummary {
            application_id: a.application_id,
            reference: application_reference(la_id, a.application_id),
            child_id: a.child_id,
            child_name: format!("{} {}", row.forename, row.surname),
            setting_name: row.setting_name.unwrap_or_default(),
            state: state_of(&a)?,
            indicative_pence: a.indicative_pence,
            updated_at: a.updated_at,
        });
    }
    out.sort_by_key(|a| std::cmp::Reverse(a.updated_at));
    Ok(out)
}
