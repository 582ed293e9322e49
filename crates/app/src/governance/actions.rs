//! Actions agreed at a meeting: raised against an item (or the meeting), owned by a member or
//! an officer, due on a date or at a later meeting, updated as they progress, brought back as
//! matters arising (`meetings::load_view`), and listed across every forum on the tracker with
//! overdue actions first (`domain::governance::tracker_key`).

use chrono::{NaiveDate, Utc};
use domain::FieldError;
use domain::governance::{ActionStatus, tracker_key};
use store::schema::{ForumActionUpdates as Fau, ForumItems as Fit, ForumOfficers as Fo};
use store::{
    ForumActionRow, ForumActionUpdateRow, ForumItemRow, ForumMeetingRow, ForumOfficerRow, Store,
};

use super::{ActionView, action_views, audited, load_meeting, load_seats, optional_date};
use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// What the clerk types to raise an action.
#[derive(Debug, Clone, Default)]
pub struct NewAction {
    /// The item it arose from; empty for the meeting as a whole.
    pub item_id: String,
    pub description: String,
    /// `member-SEAT` or `officer-ID`.
    pub owner: String,
    pub due_on: String,
    /// A later meeting's id, to report back to.
    pub due_meeting_id: String,
}

/// An action with its updates, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDetail {
    pub view: ActionView,
    pub updates: Vec<ForumActionUpdateRow>,
}

/// Raises an action at a meeting. Every problem is reported at once, each naming its field.
pub async fn raise_action(
    store: &Store,
    actor: &Actor,
    meeting_id: i64,
    new: NewAction,
) -> Result<i64> {
    policy::authorise(actor, Action::ClerkForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let meeting = load_meeting(&mut tx, la_id, meeting_id).await?;
    let mut problems = Vec::new();
    let description = new.description.trim();
    if description.is_empty() {
        problems.push(FieldError::new("description", "enter what is to be done"));
    }
    let item_id = match new.item_id.trim() {
        "" => None,
        text => {
            let items: Vec<ForumItemRow> = tx
                .records_where(la_id, &[(Fit::MeetingId, meeting_id)])
                .await?;
            let found = text
                .parse::<i64>()
                .ok()
                .filter(|id| items.iter().any(|i| i.item_id == *id));
            if found.is_none() {
                problems.push(FieldError::new(
                    "item",
                    "select one of this meeting's items",
                ));
            }
            found
        }
    };
    let owner = owner(&mut tx, &meeting, &new.owner).await?;
    if owner.is_none() {
        problems.push(FieldError::new(
            "owner",
            "select who owns the action: a member or an officer of the forum",
        ));
    }
    let due_on = optional_date("due_on", &new.due_on)
        .map_err(|e| problems.push(e))
        .ok()
        .flatten();
    let due_meeting_id = match new.due_meeting_id.trim() {
        "" => None,
        text => {
            let later: Option<ForumMeetingRow> = match text.parse::<i64>() {
                Ok(id) => tx.record(la_id, id).await?,
                Err(_) => None,
            };
            match later {
                Some(m) if m.forum_id == meeting.forum_id && m.held_on > meeting.held_on => {
                    Some(m.meeting_id)
                }
                _ => {
                    problems.push(FieldError::new(
                        "due_meeting",
                        "select a later meeting of this forum",
                    ));
                    None
                }
            }
        }
    };
    if due_on.is_none() && due_meeting_id.is_none() && new.due_on.trim().is_empty() {
        problems.push(FieldError::new(
            "due_on",
            "enter a due date or select the meeting to report back to",
        ));
    }
    let (Some((owner_kind, owner_id, owner_name)), true) = (owner, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let action_id = tx.allocate_ids(la_id, "forum_actions", 1).await?;
    tx.insert_records(&[ForumActionRow {
        la_id,
        action_id,
        forum_id: meeting.forum_id,
        meeting_id,
        item_id,
        description: description.into(),
        owner_kind: owner_kind.into(),
        owner_id,
        owner_name,
        due_on,
        due_meeting_id,
        status: ActionStatus::Open.code().into(),
        raised_at: Utc::now(),
    }])
    .await?;
    audited(
        &mut tx,
        actor,
        "forum.raise_action",
        "forum_action",
        action_id,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(action_id)
}

/// The owner chosen: a member holding a seat on the day, or one of the forum's officers.
async fn owner(
    tx: &mut store::Tx,
    meeting: &ForumMeetingRow,
    chosen: &str,
) -> Result<Option<(&'static str, i64, String)>> {
    let seats = load_seats(tx, meeting).await?;
    let officers: Vec<ForumOfficerRow> = tx
        .records_where(meeting.la_id, &[(Fo::ForumId, meeting.forum_id)])
        .await?;
    Ok(owner_among(&seats, &officers, chosen))
}

/// The owner `chosen` (`member-SEAT` or `officer-ID`) among a meeting's seats (held on the day)
/// and the forum's officers: (owner kind, id, name).
pub(crate) fn owner_among(
    seats: &[super::SeatAtMeeting],
    officers: &[ForumOfficerRow],
    chosen: &str,
) -> Option<(&'static str, i64, String)> {
    let (kind, id) = chosen.trim().split_once('-')?;
    let id = id.parse::<i64>().ok()?;
    match kind {
        "member" => seats
            .iter()
            .find(|s| s.seat.seat_id == id)
            .and_then(|s| s.holder.clone())
            .map(|name| ("member", id, name)),
        "officer" => officers
            .iter()
            .find(|o| o.officer_id == id)
            .map(|o| ("officer", id, o.name.clone())),
        _ => None,
    }
}

/// Adds a progress update to an action and sets its status.
pub async fn update_action(
    store: &Store,
    actor: &Actor,
    action_id: i64,
    status: &str,
    note: &str,
) -> Result<()> {
    policy::authorise(actor, Action::ClerkForums)?;
    let mut problems = Vec::new();
    let status = ActionStatus::parse(status)
        .map_err(|_| problems.push(FieldError::new("status", "select where the action stands")))
        .ok();
    if note.trim().is_empty() {
        problems.push(FieldError::new("note", "enter what has been done"));
    }
    let (Some(status), true) = (status, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let mut action: ForumActionRow = tx
        .record(la_id, action_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("action {action_id}")))?;
    action.status = status.code().into();
    tx.update_record(&action).await?;
    let update_id = tx.allocate_ids(la_id, "forum_action_updates", 1).await?;
    tx.insert_records(&[ForumActionUpdateRow {
        la_id,
        update_id,
        action_id,
        status: status.code().into(),
        note: note.trim().into(),
        updated_by: actor.audit_name(),
        updated_at: Utc::now(),
    }])
    .await?;
    audited(
        &mut tx,
        actor,
        "forum.update_action",
        "forum_action",
        action_id,
        Some(status.code().into()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every forum's actions in tracker order: overdue first (longest overdue first), then open
/// by due date, then closed; ties in the order raised.
pub async fn tracker(store: &Store, actor: &Actor, today: NaiveDate) -> Result<Vec<ActionView>> {
    policy::authorise(actor, Action::ReadForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let actions = tx.records_of_council(la_id).await?;
    let meetings: Vec<ForumMeetingRow> = tx.records_of_council(la_id).await?;
    let forums = tx.records_of_council(la_id).await?;
    tx.commit().await?;
    let mut views = action_views(actions, &meetings, &forums, today);
    in_tracker_order(&mut views, today);
    Ok(views)
}

/// Sorts actions as the tracker lists them (`domain::governance::tracker_key`), ties in the
/// order raised.
pub(crate) fn in_tracker_order(views: &mut [ActionView], today: NaiveDate) {
    views.sort_by_key(|v| {
        (
            tracker_key(&v.due(), today),
            v.action.raised_at,
            v.action.action_id,
        )
    });
}

/// One action with its updates.
pub async fn action(
    store: &Store,
    actor: &Actor,
    action_id: i64,
    today: NaiveDate,
) -> Result<ActionDetail> {
    policy::authorise(actor, Action::ReadForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let row: ForumActionRow = tx
        .record(la_id, action_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("action {action_id}")))?;
    let meetings: Vec<ForumMeetingRow> = tx.records_of_council(la_id).await?;
    let forum = super::load_forum(&mut tx, la_id, row.forum_id).await?;
    let updates = tx
        .records_where(la_id, &[(Fau::ActionId, action_id)])
        .await?;
    tx.commit().await?;
    let view = action_views(vec![row], &meetings, &[forum], today)
        .pop()
        .ok_or_else(|| AppError::NotFound(format!("action {action_id}")))?;
    Ok(ActionDetail { view, updates })
}
