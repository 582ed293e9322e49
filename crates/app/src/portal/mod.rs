//! The family portal: what a parent, carer or young person does online instead of phoning the
//! office. Each use case checks the policy (a family member acts only for the children linked
//! to them, and from 16 only with the young person's consent), runs in one transaction and is
//! audited. Caseworkers answer through the same use cases.

pub mod advice;
pub mod consent;
pub mod draft;
pub mod progress;
pub mod request;
pub mod school;

use chrono::{DateTime, NaiveDate, Utc};
use domain::FieldError;
use store::{FamilyViewsRow, MessageRow};

use crate::Store;
use crate::actor::{Actor, ActorKind};
use crate::audit::{self, Audited};
use crate::casework::plans::PlanVersion;
use crate::casework::view_case;
use crate::error::{AppError, Result};
use crate::notify::{self, Recipient};
use crate::policy::{self, Action};

pub use consent::{ParentAccess, give_consent, parent_access, withdraw_consent};
pub use draft::{DraftComment, comment_on_draft, draft_comments};
pub use progress::{Involved, KeyDate, Progress, long_date, progress};

/// The longest message or answer the portal takes, in characters: about four pages.
pub const MAX_TEXT: usize = 10_000;

/// A child's progress, and the plan's versions as sent to the family.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildPortal {
    pub progress: Progress,
    pub versions: Vec<PlanVersion>,
}

/// Where each of the family's children's cases stands. The read of each is audited as
/// opening the child's record.
pub async fn family_overview(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<Progress>> {
    let ActorKind::Family { children, .. } = &actor.kind else {
        return Err(AppError::Forbidden("see a family's children".into()));
    };
    let mut out = Vec::with_capacity(children.len());
    for child_id in children {
        let view = view_case(store, actor, *child_id, today).await?;
        out.push(progress(&view, today));
    }
    Ok(out)
}

/// One child's case as the family sees it.
pub async fn child_portal(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    today: NaiveDate,
) -> Result<ChildPortal> {
    let view = view_case(store, actor, child_id, today).await?;
    Ok(ChildPortal {
        progress: progress(&view, today),
        versions: view.versions,
    })
}

/// Audits a portal action on a child's record, in the use case's transaction.
async fn audit_child(
    tx: &mut store::Tx,
    actor: &Actor,
    action: &str,
    record: (&str, i64),
    child_id: i64,
) -> Result<()> {
    audit::record(
        tx,
        actor,
        Audited {
            action,
            record_type: record.0,
            record_id: Some(record.1.to_string()),
            child_id: Some(child_id),
            detail: None,
        },
    )
    .await
}

/// The actor's name and kind as a message or comment records them.
fn author(actor: &Actor) -> Result<(&'static str, i64)> {
    match &actor.kind {
        ActorKind::Family { person_id, .. } => Ok(("family", *person_id)),
        ActorKind::Staff { staff_id, .. } => Ok(("staff", *staff_id)),
        ActorKind::Operator | ActorKind::Anonymous => {
            Err(AppError::Forbidden("send messages".into()))
        }
    }
}

/// Checked text from a form: required, and not longer than [`MAX_TEXT`].
fn required_text(field: &'static str, text: &str, what: &str) -> Result<String, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new(field, format!("enter {what}")));
    }
    optional_text(field, text)
}

fn optional_text(field: &'static str, text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT {
        return Err(FieldError::new(
            field,
            format!("must be {MAX_TEXT} characters or fewer"),
        ));
    }
    Ok(text.to_string())
}

/// The messages about a child, oldest first. Opening them marks the other side's as read.
pub async fn messages(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<MessageRow>> {
    policy::authorise(actor, Action::TakePartInCase { child_id })?;
    let (kind, _) = author(actor)?;
    let other = if kind == "family" { "staff" } else { "family" };
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let rows: Vec<MessageRow> = tx.records_of_child(la_id, child_id).await?;
    tx.mark_messages_read(la_id, child_id, other, now).await?;
    audit_child(
        &mut tx,
        actor,
        "messages.read",
        ("child", child_id),
        child_id,
    )
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// Sends a message about a child: from the family to the council, or the council's answer.
pub async fn send_message(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    body: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    policy::authorise(actor, Action::TakePartInCase { child_id })?;
    let (from_kind, from_id) = author(actor)?;
    let body = required_text("message", body, "your message")?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let from_name = match &actor.kind {
        ActorKind::Staff { .. } => tx
            .staff_member(la_id, from_id)
            .await?
            .map_or_else(|| "The SEND team".into(), |s| s.name),
        _ => tx
            .family_member(la_id, from_id)
            .await?
            .map_or_else(|| "Family".into(), |m| m.name),
    };
    let message_id = tx.allocate_ids(la_id, "case_messages", 1).await?;
    tx.insert_records(&[MessageRow {
        la_id,
        message_id,
        child_id,
        from_kind: from_kind.into(),
        from_id,
        from_name,
        body,
        sent_at: now,
        read_at: None,
    }])
    .await?;
    audit_child(
        &mut tx,
        actor,
        "messages.send",
        ("message", message_id),
        child_id,
    )
    .await?;
    tell_the_other_side(&mut tx, la_id, child_id, from_kind, now).await?;
    tx.commit().await?;
    Ok(message_id)
}

/// A family's message goes to the case's caseworker; a caseworker's to every family member
/// who may see the child's record now (a parent of a young person only with their consent).
async fn tell_the_other_side(
    tx: &mut store::Tx,
    la_id: i64,
    child_id: i64,
    from_kind: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    if from_kind == "family" {
        let case: Option<store::CaseRow> = tx.record(la_id, child_id).await?;
        if let Some(caseworker) = case.and_then(|c| c.caseworker_id) {
            let notice = notify::message_from_family(child_id);
            notify::notify(tx, la_id, Recipient::Staff(caseworker), &notice, now).await?;
        }
        return Ok(());
    }
    let notice = notify::message_from_caseworker(child_id);
    notify::notify_family(tx, la_id, child_id, &notice, now).await?;
    Ok(())
}

/// The child's and family's views for section A, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Views {
    pub about_me: String,
    pub what_matters: String,
    pub how_to_support: String,
    pub hopes: String,
}

/// The views a family member has written for a child, if any.
pub async fn my_views(
    store: &Store,
    actor: &Actor,
    child_id: i64,
) -> Result<Option<FamilyViewsRow>> {
    policy::authorise(actor, Action::TakePartInCase { child_id })?;
    let ActorKind::Family { person_id, .. } = actor.kind else {
        return Err(AppError::Forbidden("write a family's views".into()));
    };
    let mut tx = store.begin_read().await?;
    let rows: Vec<FamilyViewsRow> = tx.records_of_child(actor.la_id(), child_id).await?;
    tx.commit().await?;
    Ok(rows.into_iter().find(|r| r.person_id == person_id))
}

/// Every family member's views on a child, for the caseworker writing section A.
pub async fn views_for_child(
    store: &Store,
    actor: &Actor,
    child_id: i64,
) -> Result<Vec<FamilyViewsRow>> {
    policy::authorise(actor, Action::WorkOnCase)?;
    let mut tx = store.begin().await?;
    let rows: Vec<FamilyViewsRow> = tx.records_of_child(actor.la_id(), child_id).await?;
    audit_child(&mut tx, actor, "views.read", ("child", child_id), child_id).await?;
    tx.commit().await?;
    Ok(rows)
}

/// Saves the views as they are; with `send`, also sends them to the council. Nothing typed is
/// lost: a problem with one answer leaves the saved ones as they were.
pub async fn save_views(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    views: &Views,
    send: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    policy::authorise(actor, Action::TakePartInCase { child_id })?;
    let ActorKind::Family { person_id, .. } = actor.kind else {
        return Err(AppError::Forbidden("write a family's views".into()));
    };
    let mut problems = Vec::new();
    let mut field = |name: &'static str, text: &str| {
        optional_text(name, text)
            .map_err(|e| problems.push(e))
            .unwrap_or_default()
    };
    let row = FamilyViewsRow {
        la_id: actor.la_id(),
        child_id,
        person_id,
        about_me: field("about_me", &views.about_me),
        what_matters: field("what_matters", &views.what_matters),
        how_to_support: field("how_to_support", &views.how_to_support),
        hopes: field("hopes", &views.hopes),
        updated_at: now,
        sent_at: None,
    };
    let empty = [
        &row.about_me,
        &row.what_matters,
        &row.how_to_support,
        &row.hopes,
    ]
    .iter()
    .all(|t| t.is_empty());
    if send && empty && problems.is_empty() {
        problems.push(FieldError::new(
            "about_me",
            "write at least one answer before you send your views",
        ));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let mut tx = store.begin().await?;
    let existing: Option<FamilyViewsRow> = tx
        .records_of_child::<FamilyViewsRow>(actor.la_id(), child_id)
        .await?
        .into_iter()
        .find(|r| r.person_id == person_id);
    let row = FamilyViewsRow {
        sent_at: if send {
            Some(now)
        } else {
            existing.as_ref().and_then(|e| e.sent_at)
        },
        ..row
    };
    if existing.is_some() {
        tx.update_record(&row).await?;
    } else {
        tx.insert_records(std::slice::from_ref(&row)).await?;
    }
    audit_child(
        &mut tx,
        actor,
        if send { "views.send" } else { "views.save" },
        ("child", child_id),
        child_id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
