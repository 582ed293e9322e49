//! Decision panels: one mechanism for every panel (assessment, issue, placement, funding).
//! A meeting has a chair and members; cases are listed with the question put; the panel's
//! decision on each, with reasons, shows on the case.

use domain::FieldError;
use store::{PanelItemRow, PanelMeetingRow};

use super::parse_date;
use crate::Store;
use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// The panels a council runs, as stored, with their names.
pub const PANELS: [(&str, &str); 5] = [
    (
        "assessment",
        "Assessment panel: whether to carry out an EHC needs assessment",
    ),
    ("issue", "Issue panel: whether to issue a plan"),
    (
        "placement",
        "Placement panel: the school or other institution to name",
    ),
    ("funding", "Funding panel: top-up funding and provision"),
    (
        AWAITING_PLACEMENT_PANEL,
        "Awaiting-placement panel: children waiting for a specialist place",
    ),
];

/// The panel that reviews the awaiting-placement list (`crate::placements`).
pub const AWAITING_PLACEMENT_PANEL: &str = "awaiting_placement";

/// The decisions a panel can reach on a case.
pub const DECISIONS: [(&str, &str); 3] = [
    ("agreed", "Agreed"),
    ("declined", "Declined"),
    ("deferred", "Deferred for more information"),
];

/// A meeting with what was listed at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelMeeting {
    pub meeting: PanelMeetingRow,
    pub members: Vec<(i64, String)>,
    /// Each case listed, with the child's name.
    pub items: Vec<(PanelItemRow, String)>,
}

/// Sets up a panel meeting with its chair and members (all staff of the council).
pub async fn create_meeting(
    store: &Store,
    actor: &Actor,
    panel: &str,
    held_on: &str,
    chair_staff_id: Option<i64>,
    member_ids: &[i64],
) -> Result<i64> {
    policy::authorise(actor, Action::RunPanels)?;
    let mut problems = Vec::new();
    if !PANELS.iter().any(|(code, _)| *code == panel) {
        problems.push(FieldError::new("panel", "select the panel"));
    }
    let held = parse_date("held_on", held_on)
        .map_err(|e| problems.push(e))
        .ok();
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    for id in chair_staff_id.iter().chain(member_ids) {
        if tx.staff_member(la_id, *id).await?.is_none() {
            problems.push(FieldError::new("members", format!("staff {id} not found")));
        }
    }
    let (Some(held_on), true) = (held, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let meeting_id = tx.allocate_ids(la_id, "panel_meetings", 1).await?;
    tx.insert_records(&[PanelMeetingRow {
        la_id,
        meeting_id,
        panel: panel.into(),
        held_on,
        chair_staff_id,
    }])
    .await?;
    let mut members: Vec<i64> = chair_staff_id.iter().chain(member_ids).copied().collect();
    members.sort_unstable();
    members.dedup();
    for staff_id in members {
        tx.add_panel_member(la_id, meeting_id, staff_id).await?;
    }
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "panel.create",
            record_type: "panel_meeting",
            record_id: Some(meeting_id.to_string()),
            child_id: None,
            detail: Some(format!("{panel} on {held_on}")),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(meeting_id)
}

/// Lists a child's case at a meeting, with the question the panel is asked.
pub async fn list_case(
    store: &Store,
    actor: &Actor,
    meeting_id: i64,
    child_id: i64,
    question: &str,
) -> Result<i64> {
    policy::authorise(actor, Action::RunPanels)?;
    let question = question.trim();
    if question.is_empty() {
        return Err(FieldError::new("question", "enter what the panel is asked to decide").into());
    }
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let _: PanelMeetingRow = tx
        .record(la_id, meeting_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("panel meeting {meeting_id}")))?;
    if tx.child(la_id, child_id).await?.is_none() {
        return Err(AppError::NotFound(format!("child {child_id}")));
    }
    let item_id = add_item(&mut tx, la_id, meeting_id, child_id, question).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "panel.list_case",
            record_type: "panel_item",
            record_id: Some(item_id.to_string()),
            child_id: Some(child_id),
            detail: Some(format!("meeting {meeting_id}")),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(item_id)
}

/// Lists a case at a meeting in the caller's transaction; the caller has checked both exist.
pub(crate) async fn add_item(
    tx: &mut store::Tx,
    la_id: i64,
    meeting_id: i64,
    child_id: i64,
    question: &str,
) -> Result<i64> {
    let item_id = tx.allocate_ids(la_id, "panel_items", 1).await?;
    tx.insert_records(&[PanelItemRow {
        la_id,
        item_id,
        meeting_id,
        child_id,
        question: question.into(),
        decision: None,
        reasons: None,
        decided_on: None,
    }])
    .await?;
    Ok(item_id)
}

/// Records the panel's decision on a listed case, with its reasons. Only the chair, a member of
/// that meeting or a SEND manager may record it.
pub async fn decide_item(
    store: &Store,
    actor: &Actor,
    item_id: i64,
    decision: &str,
    reasons: &str,
) -> Result<()> {
    policy::authorise(actor, Action::DecideAtPanel)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let mut item: PanelItemRow = tx
        .record(la_id, item_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("panel item {item_id}")))?;
    let meeting: PanelMeetingRow = tx
        .record(la_id, item.meeting_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("panel meeting {}", item.meeting_id)))?;
    let members = tx.panel_members(la_id, item.meeting_id).await?;
    if !may_decide(actor, &members) {
        return Err(AppError::Forbidden(
            "record decisions of a panel you did not sit on".into(),
        ));
    }
    let mut problems = Vec::new();
    if !DECISIONS.iter().any(|(code, _)| *code == decision) {
        problems.push(FieldError::new("decision", "select the panel's decision"));
    }
    if reasons.trim().is_empty() {
        problems.push(FieldError::new(
            "reasons",
            "enter the reasons for the decision",
        ));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    item.decision = Some(decision.into());
    item.reasons = Some(reasons.trim().into());
    item.decided_on = Some(meeting.held_on);
    tx.update_record(&item).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "panel.decide",
            record_type: "panel_item",
            record_id: Some(item_id.to_string()),
            child_id: Some(item.child_id),
            detail: Some(decision.into()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the actor may record decisions at a meeting with these members: a panel member or
/// chair who sat on it, or whoever runs panels.
#[must_use]
pub fn may_decide(actor: &Actor, members: &[(i64, String)]) -> bool {
    let on_panel = actor
        .staff_id()
        .is_some_and(|id| members.iter().any(|(m, _)| *m == id));
    policy::permits(actor, Action::DecideAtPanel)
        && (on_panel || policy::permits(actor, Action::RunPanels))
}

/// Panel meetings, newest first.
pub async fn meetings(store: &Store, actor: &Actor) -> Result<Vec<PanelMeetingRow>> {
    policy::authorise(actor, Action::ReadPanels)?;
    let mut tx = store.begin_read().await?;
    let mut rows: Vec<PanelMeetingRow> = tx.records_of_council(actor.la_id()).await?;
    tx.commit().await?;
    rows.sort_by(|a, b| {
        b.held_on
            .cmp(&a.held_on)
            .then(b.meeting_id.cmp(&a.meeting_id))
    });
    Ok(rows)
}

/// One meeting with its members and cases.
pub async fn meeting(store: &Store, actor: &Actor, meeting_id: i64) -> Result<PanelMeeting> {
    policy::authorise(actor, Action::ReadPanels)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let meeting: PanelMeetingRow = tx
        .record(la_id, meeting_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("panel meeting {meeting_id}")))?;
    let members = tx.panel_members(la_id, meeting_id).await?;
    let rows = tx.panel_items(la_id, meeting_id).await?;
    let mut items = Vec::with_capacity(rows.len());
    for item in rows {
        let name = tx
            .child(la_id, item.child_id)
            .await?
            .map(|c| format!("{} {}", c.forename, c.surname))
            .unwrap_or_default();
        items.push((item, name));
    }
    tx.commit().await?;
    Ok(PanelMeeting {
        meeting,
        members,
        items,
    })
}

/// The staff who may be named as a meeting's chair and members, by name, with their service.
pub async fn panel_staff(
    store: &Store,
    actor: &Actor,
) -> Result<Vec<(i64, String, Option<String>)>> {
    policy::authorise(actor, Action::RunPanels)?;
    let mut tx = store.begin_read().await?;
    let rows = tx.staff_list(actor.la_id()).await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.staff_id, r.name, r.service))
        .collect())
}

/// Meetings are dated; a decision is recorded on the meeting's day.
pub fn panel_label(code: &str) -> &str {
    PANELS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, label)| label)
}
