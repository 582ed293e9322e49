//! A family's comments on the draft plan, with the school or college they ask to be named
//! (SEND Regulations 2014 reg. 13(1): at least 15 days to comment, ask for a particular setting
//! or ask for a meeting). Sending them records the day the comments arrived on the request, so
//! the caseworker may issue the final plan without waiting out the rest of the 15 days.

use chrono::NaiveDate;
use store::DraftCommentRow;

use crate::Store;
use crate::actor::{Actor, ActorKind};
use crate::casework::{load_case_file, refresh_case};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

use super::{optional_text, required_text};

/// The comments as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftComment {
    pub comments: String,
    /// The setting they would like named in section I, if any.
    pub setting_asked: String,
}

/// Sends the family's comments on the draft plan now waiting to be finalised.
pub async fn comment_on_draft(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    comment: &DraftComment,
    today: NaiveDate,
) -> Result<i64> {
    policy::authorise(actor, Action::TakePartInCase { child_id })?;
    let ActorKind::Family { person_id, .. } = actor.kind else {
        return Err(AppError::Forbidden("comment on a draft plan".into()));
    };
    let comments = required_text(
        "comments",
        &comment.comments,
        "your comments on the draft plan",
    );
    let setting = optional_text("setting_asked", &comment.setting_asked);
    let (comments, setting) = match (comments, setting) {
        (Ok(c), Ok(s)) => (c, s),
        (c, s) => {
            return Err(AppError::Invalid(
                [c.err(), s.err()].into_iter().flatten().collect(),
            ));
        }
    };
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let file = load_case_file(&mut tx, la_id, child_id).await?;
    let Some(mut request) = file
        .current_request()
        .filter(|r| {
            r.draft_issued_on.is_some()
                && !file
                    .plans
                    .iter()
                    .any(|p| p.request_id == Some(r.request_id))
        })
        .cloned()
    else {
        return Err(AppError::Conflict(
            "there is no draft plan waiting for comments".into(),
        ));
    };
    let comment_id = tx.allocate_ids(la_id, "draft_comments", 1).await?;
    tx.insert_records(&[DraftCommentRow {
        la_id,
        comment_id,
        child_id,
        request_id: request.request_id,
        person_id,
        comments,
        setting_asked: (!setting.is_empty()).then_some(setting),
        sent_on: today,
    }])
    .await?;
    if request.comments_received_on.is_none() {
        request.comments_received_on = Some(today);
        tx.update_record(&request).await?;
    }
    super::audit_child(
        &mut tx,
        actor,
        "plan.family_comments",
        ("request", request.request_id),
        child_id,
    )
    .await?;
    let case = refresh_case(&mut tx, la_id, child_id, None).await?;
    tx.bump_casework_generation(la_id).await?;
    if let Some(caseworker) = case.caseworker_id {
        let notice = crate::notify::draft_comments_received(child_id);
        let to = crate::notify::Recipient::Staff(caseworker);
        crate::notify::notify(&mut tx, la_id, to, &notice, chrono::Utc::now()).await?;
    }
    tx.commit().await?;
    Ok(comment_id)
}

/// The family's comments on a child's drafts, for them and for the caseworker.
pub async fn draft_comments(
    store: &Store,
    actor: &Actor,
    child_id: i64,
) -> Result<Vec<DraftCommentRow>> {
    policy::authorise(actor, Action::TakePartInCase { child_id })?;
    let mut tx = store.begin_read().await?;
    let rows = tx.records_of_child(actor.la_id(), child_id).await?;
    tx.commit().await?;
    Ok(rows)
}
