//! What a forum publishes, and the minutes' path from draft to approved.
//!
//! governance.md ("Openness"): "meetings are public; agendas, papers and minutes are published
//! on the council's website", and "the next meeting starts by agreeing the last minutes". So a
//! meeting shows on the public pages once the clerk publishes its agenda, with its papers
//! except those marked confidential; its minutes show only once a later meeting has approved
//! them, and with them the attendance, the decisions with their votes, the consultation
//! responses and the actions. Nothing on a forum page concerns a child.

use chrono::{NaiveDate, Utc};
use domain::FieldError;
use domain::governance::{Attendance, ItemKind, VoteOutcome};
use store::schema::{ForumActions as Fa, ForumItems as Fit};
use store::{ForumActionRow, ForumItemRow, ForumMeetingRow, ForumPaperRow, ForumRow, Store};

use super::meetings::load_view;
use super::{audited, load_forum, load_meeting, load_seats};
use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// A forum and its published meetings, latest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicForum {
    pub forum: ForumRow,
    pub meetings: Vec<ForumMeetingRow>,
}

/// A published meeting as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicMeeting {
    pub forum: ForumRow,
    pub held_on: NaiveDate,
    pub venue: Option<String>,
    /// Each item with its papers that are not confidential.
    pub items: Vec<(ForumItemRow, Vec<ForumPaperRow>)>,
    /// The approved minutes, or `None` while they are not approved.
    pub minutes: Option<PublicMinutes>,
}

/// Approved minutes: the clerk's text, who attended, and the actions agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicMinutes {
    pub text: String,
    pub approved_on: Option<NaiveDate>,
    /// (who, category, attendance) for each seat filled on the day.
    pub attendance: Vec<(String, String, String)>,
    pub actions: Vec<ForumActionRow>,
}

/// Publishes a meeting's agenda and its papers that are not confidential.
pub async fn publish_agenda(store: &Store, actor: &Actor, meeting_id: i64) -> Result<()> {
    policy::authorise(actor, Action::ClerkForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let mut meeting = load_meeting(&mut tx, la_id, meeting_id).await?;
    let items: Vec<ForumItemRow> = tx
        .records_where(la_id, &[(Fit::MeetingId, meeting_id)])
        .await?;
    if items.is_empty() {
        return Err(AppError::Conflict(
            "add at least one item before publishing the agenda".into(),
        ));
    }
    if meeting.agenda_published_at.is_none() {
        meeting.agenda_published_at = Some(Utc::now());
        tx.update_record(&meeting).await?;
        audited(
            &mut tx,
            actor,
            "forum.publish_agenda",
            "forum_meeting",
            meeting_id,
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Saves the draft minutes of a meeting. Approved minutes are the forum's record and are not
/// changed.
pub async fn save_minutes(store: &Store, actor: &Actor, meeting_id: i64, text: &str) -> Result<()> {
    policy::authorise(actor, Action::ClerkForums)?;
    if text.trim().is_empty() {
        return Err(AppError::Invalid(vec![FieldError::new(
            "minutes",
            "enter the minutes",
        )]));
    }
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let mut meeting = load_meeting(&mut tx, la_id, meeting_id).await?;
    if meeting.minutes_approved_at.is_some() {
        return Err(AppError::Conflict(
            "these minutes are approved and cannot be changed".into(),
        ));
    }
    meeting.minutes_text = Some(text.trim().into());
    tx.update_record(&meeting).await?;
    audited(
        &mut tx,
        actor,
        "forum.save_minutes",
        "forum_meeting",
        meeting_id,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Approves, at this meeting, the draft minutes of the meeting before. Agreeing the minutes is
/// a decision of the forum, so this meeting must be quorate.
pub async fn approve_previous_minutes(store: &Store, actor: &Actor, meeting_id: i64) -> Result<()> {
    policy::authorise(actor, Action::ClerkForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let view = load_view(&mut tx, la_id, meeting_id, Utc::now().date_naive()).await?;
    let refuse = |text: String| Err(AppError::Invalid(vec![FieldError::new("approve", text)]));
    let Some(mut previous) = view.previous else {
        return refuse("there is no earlier meeting of this forum whose minutes to approve".into());
    };
    if previous.minutes_approved_at.is_some() {
        return refuse("the last meeting's minutes are already approved".into());
    }
    if previous.minutes_text.is_none() {
        return refuse("the last meeting has no draft minutes to approve yet".into());
    }
    let q = view.quorum;
    if !q.quorate {
        return refuse(format!(
            "the meeting is not quorate, so it cannot approve the minutes: {} of {} members \
             must be present and {} are",
            q.required, q.membership, q.present
        ));
    }
    previous.minutes_approved_at = Some(meeting_id);
    previous.minutes_approved_on = Some(view.meeting.held_on);
    tx.update_record(&previous).await?;
    let detail = format!("approved at meeting {meeting_id}");
    audited(
        &mut tx,
        actor,
        "forum.approve_minutes",
        "forum_meeting",
        previous.meeting_id,
        Some(detail),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every forum with its published meetings, for anyone.
pub async fn public_forums(store: &Store, actor: &Actor) -> Result<Vec<PublicForum>> {
    policy::authorise(actor, Action::ReadPublishedForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let forums: Vec<ForumRow> = tx.records_of_council(la_id).await?;
    let meetings: Vec<ForumMeetingRow> = tx.records_of_council(la_id).await?;
    tx.commit().await?;
    Ok(forums
        .into_iter()
        .map(|forum| {
            let mut published: Vec<ForumMeetingRow> = meetings
                .iter()
                .filter(|m| m.forum_id == forum.forum_id && m.agenda_published_at.is_some())
                .cloned()
                .collect();
            published.sort_by_key(|m| std::cmp::Reverse(m.held_on));
            PublicForum {
                forum,
                meetings: published,
            }
        })
        .collect())
}

/// A published meeting for anyone; an unpublished one is not found.
pub async fn public_meeting(
    store: &Store,
    actor: &Actor,
    meeting_id: i64,
) -> Result<PublicMeeting> {
    policy::authorise(actor, Action::ReadPublishedForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let meeting = load_meeting(&mut tx, la_id, meeting_id).await?;
    if meeting.agenda_published_at.is_none() {
        return Err(AppError::NotFound(format!("forum meeting {meeting_id}")));
    }
    let forum = load_forum(&mut tx, la_id, meeting.forum_id).await?;
    let (rows, papers) = super::items_and_papers(&mut tx, la_id, meeting_id).await?;
    let approved = meeting.minutes_approved_at.is_some();
    let minutes = match (&meeting.minutes_text, approved) {
        (Some(text), true) => {
            let seats = load_seats(&mut tx, &meeting).await?;
            let actions = tx
                .records_where(la_id, &[(Fa::MeetingId, meeting_id)])
                .await?;
            Some(PublicMinutes {
                text: text.clone(),
                approved_on: meeting.minutes_approved_on,
                attendance: seats
                    .iter()
                    .filter(|s| s.holder.is_some())
                    .map(|s| {
                        let how = s.attendance.unwrap_or(Attendance::Absent);
                        (
                            s.who(),
                            s.category.label().to_string(),
                            how.label().to_string(),
                        )
                    })
                    .collect(),
                actions,
            })
        }
        _ => None,
    };
    tx.commit().await?;
    let items = rows
        .into_iter()
        .map(|mut item| {
            // What the forum decided is published with the approved minutes, not before.
            if !approved {
                item.outcome = None;
                item.votes_for = None;
                item.votes_against = None;
                item.abstentions = None;
                item.response = None;
            }
            let published = papers
                .iter()
                .filter(|p| p.item_id == item.item_id && !p.confidential)
                .cloned()
                .collect();
            (item, published)
        })
        .collect();
    Ok(PublicMeeting {
        forum,
        held_on: meeting.held_on,
        venue: meeting.venue,
        items,
        minutes,
    })
}

/// The name of an item's kind, for pages.
#[must_use]
pub fn item_kind_label(code: &str) -> &str {
    ItemKind::parse(code).map_or(code, |k| k.label())
}

/// The name of a vote's outcome, for pages.
#[must_use]
pub fn outcome_label(code: &str) -> &str {
    VoteOutcome::parse(code).map_or(code, |o| o.label())
}
