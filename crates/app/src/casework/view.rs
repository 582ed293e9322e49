//! A child's EHC case as a caseworker reads it: the clock, the requests, advice, every plan
//! version, reviews, transfers, markers and panel decisions, in one view.

use chrono::NaiveDate;
use store::{
    CaseRow, ExceptionRow, MarkerRow, PanelItemRow, PanelMeetingRow, PhaseTransferRow, ReviewRow,
};

use super::plans::{PlanVersion, all_versions};
use super::{CaseClock, CaseFile, load_case_file};
use crate::Store;
use crate::actor::Actor;
use crate::children::{ChildRecord, view_child};
use crate::error::Result;

/// Everything on a child's case page.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseView {
    pub child: ChildRecord,
    pub case: Option<CaseRow>,
    /// The caseworker's name.
    pub caseworker: Option<String>,
    pub file: CaseFile,
    /// The clock on the day asked about; `None` for a child with no request or plan.
    pub clock: Option<CaseClock>,
    pub exceptions: Vec<ExceptionRow>,
    pub versions: Vec<PlanVersion>,
    pub reviews: Vec<ReviewRow>,
    pub transfers: Vec<PhaseTransferRow>,
    pub markers: Vec<MarkerRow>,
    /// Panel decisions on the case, with the meeting each was made at.
    pub panel_items: Vec<(PanelItemRow, Option<PanelMeetingRow>)>,
    /// Setting names by id, for the settings the versions and transfers name.
    pub setting_names: Vec<(i64, String)>,
}

/// Opens a child's case. The read is authorised and audited as opening the child's record.
pub async fn view_case(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    today: NaiveDate,
) -> Result<CaseView> {
    let child = view_child(store, actor, child_id, today).await?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let file = load_case_file(&mut tx, la_id, child_id).await?;
    let case: Option<CaseRow> = tx.record(la_id, child_id).await?;
    let caseworker = match case.as_ref().and_then(|c| c.caseworker_id) {
        Some(id) => tx.staff_member(la_id, id).await?.map(|s| s.name),
        None => None,
    };
    let versions = all_versions(&mut tx, la_id, child_id).await?;
    let markers = tx.records_of_child(la_id, child_id).await?;
    let items: Vec<PanelItemRow> = tx.records_of_child(la_id, child_id).await?;
    let mut panel_items = Vec::with_capacity(items.len());
    for item in items {
        let meeting = tx.record(la_id, item.meeting_id).await?;
        panel_items.push((item, meeting));
    }
    let mut setting_names = Vec::new();
    let ids = versions
        .iter()
        .filter_map(|v| v.row.named_setting_id)
        .chain(file.transfers.iter().filter_map(|t| t.next_setting_id));
    for id in ids {
        if !setting_names.iter().any(|(known, _)| *known == id)
            && let Some(s) = tx.setting(la_id, id).await?
        {
            setting_names.push((id, s.name));
        }
    }
    tx.commit().await?;
    Ok(CaseView {
        child,
        case,
        caseworker,
        clock: file.clock(today),
        exceptions: file.exceptions.clone(),
        reviews: file.reviews.clone(),
        transfers: file.transfers.clone(),
        file,
        versions,
        markers,
        panel_items,
        setting_names,
    })
}
