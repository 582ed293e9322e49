//! Reads the case pages need beyond [`view_case`]: who wrote each version of the plan, what
//! came with a request made online, and the advice sent through the portal.

use chrono::NaiveDate;
use store::{AdviceSubmissionRow, RequestDetailsRow};

use super::view::{CaseView, view_case};
use crate::Store;
use crate::actor::Actor;
use crate::error::Result;

/// A child's case with the names of the staff who wrote its plan versions.
#[derive(Debug, Clone, PartialEq)]
pub struct CasePage {
    pub view: CaseView,
    /// Staff names by id, for the authors of the plan's versions.
    pub authors: Vec<(i64, String)>,
    /// What the person asking wrote, when the current request came through the portal.
    pub request_details: Option<RequestDetailsRow>,
    /// Advice sent through the portal, by advice request: when sent, and when shared with the
    /// family.
    pub portal_advice: Vec<AdviceSubmissionRow>,
}

impl CasePage {
    /// The name of a version's author, if known.
    #[must_use]
    pub fn author(&self, staff_id: Option<i64>) -> Option<&str> {
        let id = staff_id?;
        self.authors
            .iter()
            .find(|(known, _)| *known == id)
            .map(|(_, name)| name.as_str())
    }
}

/// Opens a child's case for its page. Authorised and audited by [`view_case`]; the author names
/// are read only once the actor is known to be allowed to see the case.
pub async fn case_page(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    today: NaiveDate,
) -> Result<CasePage> {
    let view = view_case(store, actor, child_id, today).await?;
    let la_id = actor.la_id();
    let mut authors: Vec<(i64, String)> = Vec::new();
    let mut tx = store.begin_read().await?;
    for id in view.versions.iter().filter_map(|v| v.row.author_staff_id) {
        if !authors.iter().any(|(known, _)| *known == id)
            && let Some(staff) = tx.staff_member(la_id, id).await?
        {
            authors.push((id, staff.name));
        }
    }
    let request_details = match view.file.current_request() {
        Some(r) => tx.record(la_id, r.request_id).await?,
        None => None,
    };
    let portal_advice = tx.records_of_child(la_id, child_id).await?;
    tx.commit().await?;
    Ok(CasePage {
        view,
        authors,
        request_details,
        portal_advice,
    })
}
