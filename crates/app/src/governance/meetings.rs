//! Meetings: setting one up, its agenda items, attendance with the quorum, and the meeting as
//! the clerk runs it (matters arising from earlier meetings first, then each item with its
//! papers, declarations, who may vote and the outcome, then the actions agreed).

use chrono::NaiveDate;
use domain::FieldError;
use domain::governance::{
    Attendance, DecisionKind, Ineligible, Interest, ItemKind, Quorum, is_matter_arising, may_vote,
};
use store::schema::{
    ForumActions as Fa, ForumInterests as Fi, ForumItems as Fit, ForumMeetings as Fm,
    ForumOfficers as Fo, ForumVotes as Fv,
};
use store::{
    ForumActionRow, ForumAttendanceRow, ForumInterestRow, ForumItemRow, ForumMeetingRow,
    ForumOfficerRow, ForumPaperRow, ForumRow, ForumVoteRow, Store, Tx,
};

use super::{
    ActionView, SeatAtMeeting, action_views, audited, load_forum, load_meeting, load_seats,
    optional, quorum_of,
};
use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// An agenda item with its papers, declarations and votes, and who may vote on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemView {
    pub item: ForumItemRow,
    pub kind: ItemKind,
    pub decision_kind: Option<DecisionKind>,
    pub papers: Vec<ForumPaperRow>,
    pub interests: Vec<ForumInterestRow>,
    pub votes: Vec<ForumVoteRow>,
    /// Each filled seat and whether its member may vote on this item, and if not why.
    pub eligibility: Vec<(i64, std::result::Result<(), Ineligible>)>,
}

/// A meeting as the clerk sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingView {
    pub forum: ForumRow,
    pub meeting: ForumMeetingRow,
    pub seats: Vec<SeatAtMeeting>,
    pub officers: Vec<ForumOfficerRow>,
    pub quorum: Quorum,
    /// The meeting before, whose minutes this one approves.
    pub previous: Option<ForumMeetingRow>,
    /// Later meetings of the forum, that actions may be due at.
    pub later: Vec<ForumMeetingRow>,
    /// Actions from earlier meetings that come back to this one.
    pub matters_arising: Vec<ActionView>,
    pub items: Vec<ItemView>,
    /// Actions agreed at this meeting.
    pub actions: Vec<ActionView>,
}

/// What the clerk types for an agenda item.
#[derive(Debug, Clone, Default)]
pub struct NewItem {
    pub title: String,
    pub kind: String,
    pub presenter: String,
    pub summary: String,
    /// For a decision: the matter (`DecisionKind`) and the motion put.
    pub decision_kind: String,
    pub motion: String,
}

/// Sets up a meeting of a forum.
pub async fn create_meeting(
    store: &Store,
    actor: &Actor,
    forum_id: i64,
    held_on: &str,
    venue: &str,
) -> Result<i64> {
    policy::authorise(actor, Action::ClerkForums)?;
    let held_on =
        crate::casework::parse_date("held_on", held_on).map_err(|e| AppError::Invalid(vec![e]))?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    load_forum(&mut tx, la_id, forum_id).await?;
    let meeting_id = tx.allocate_ids(la_id, "forum_meetings", 1).await?;
    tx.insert_records(&[ForumMeetingRow {
        la_id,
        meeting_id,
        forum_id,
        held_on,
        venue: optional(venue),
        agenda_published_at: None,
        minutes_text: None,
        minutes_approved_at: None,
        minutes_approved_on: None,
    }])
    .await?;
    audited(
        &mut tx,
        actor,
        "forum.create_meeting",
        "forum_meeting",
        meeting_id,
        Some(held_on.to_string()),
    )
    .await?;
    tx.commit().await?;
    Ok(meeting_id)
}

/// Adds an item to the end of a meeting's agenda. A decision needs the matter it is on (which
/// decides who votes) and the motion.
pub async fn add_item(store: &Store, actor: &Actor, meeting_id: i64, new: NewItem) -> Result<i64> {
    policy::authorise(actor, Action::ClerkForums)?;
    let mut problems = Vec::new();
    let title = new.title.trim();
    if title.is_empty() {
        problems.push(FieldError::new("title", "enter the item's title"));
    }
    let kind = ItemKind::parse(&new.kind)
        .map_err(|_| problems.push(FieldError::new("kind", "select what the item is for")))
        .ok();
    let mut decision_kind = None;
    if kind == Some(ItemKind::Decision) {
        decision_kind = DecisionKind::parse(&new.decision_kind)
            .map_err(|_| {
                problems.push(FieldError::new(
                    "decision_kind",
                    "select what the decision is on: it decides who may vote",
                ));
            })
            .ok();
        if new.motion.trim().is_empty() {
            problems.push(FieldError::new(
                "motion",
                "enter the motion put to the vote",
            ));
        }
    }
    let (Some(kind), true) = (kind, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    load_meeting(&mut tx, la_id, meeting_id).await?;
    let existing: Vec<ForumItemRow> = tx
        .records_where(la_id, &[(Fit::MeetingId, meeting_id)])
        .await?;
    let position = existing.iter().map(|i| i.position).max().unwrap_or(0) + 1;
    let item_id = tx.allocate_ids(la_id, "forum_items", 1).await?;
    let decision = kind == ItemKind::Decision;
    tx.insert_records(&[ForumItemRow {
        la_id,
        item_id,
        meeting_id,
        position,
        title: title.into(),
        kind: kind.code().into(),
        presenter: optional(&new.presenter),
        summary: optional(&new.summary),
        decision_kind: decision_kind.map(|k| k.code().to_string()),
        motion: optional(&new.motion).filter(|_| decision),
        outcome: None,
        votes_for: None,
        votes_against: None,
        abstentions: None,
        response: None,
    }])
    .await?;
    audited(
        &mut tx,
        actor,
        "forum.add_item",
        "forum_item",
        item_id,
        Some(kind.code().into()),
    )
    .await?;
    tx.commit().await?;
    Ok(item_id)
}

/// Records attendance for every seat at once, replacing what was recorded, and returns the
/// quorum it gives. `entries` are (seat id, attendance code, substitute's name); a seat left
/// out has no attendance recorded and counts as absent.
pub async fn record_attendance(
    store: &Store,
    actor: &Actor,
    meeting_id: i64,
    entries: &[(i64, String, String)],
) -> Result<Quorum> {
    policy::authorise(actor, Action::ClerkForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let meeting = load_meeting(&mut tx, la_id, meeting_id).await?;
    let mut seats = load_seats(&mut tx, &meeting).await?;
    let rows = attendance_rows(&mut seats, entries, (la_id, meeting_id))?;
    tx.delete_where::<ForumAttendanceRow>(
        la_id,
        &[(store::schema::ForumAttendance::MeetingId, meeting_id)],
    )
    .await?;
    tx.insert_records(&rows).await?;
    let quorum = quorum_of(&seats);
    let detail = format!("{} of {} present", quorum.present, quorum.membership);
    audited(
        &mut tx,
        actor,
        "forum.attendance",
        "forum_meeting",
        meeting_id,
        Some(detail),
    )
    .await?;
    tx.commit().await?;
    Ok(quorum)
}

/// Checks attendance `entries` (seat id, attendance code, substitute's name) against the seats
/// of a meeting, setting each seat's attendance as recorded, and gives the rows to save. Every
/// problem is reported at once; a seat not of the forum is not found.
pub(crate) fn attendance_rows(
    seats: &mut [SeatAtMeeting],
    entries: &[(i64, String, String)],
    (la_id, meeting_id): (i64, i64),
) -> Result<Vec<ForumAttendanceRow>> {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for (seat_id, code, substitute) in entries {
        if code.trim().is_empty() {
            continue;
        }
        let Some(seat) = seats.iter_mut().find(|s| s.seat.seat_id == *seat_id) else {
            return Err(AppError::NotFound(format!("forum seat {seat_id}")));
        };
        let Some(member) = seat.holder.clone() else {
            problems.push(FieldError::new(
                "attendance",
                format!("seat {seat_id} was vacant on the day: nobody could attend it"),
            ));
            continue;
        };
        let Ok(attendance) = Attendance::parse(code) else {
            problems.push(FieldError::new(
                "attendance",
                format!("select how {member} attended"),
            ));
            continue;
        };
        let substitute = optional(substitute).filter(|_| attendance == Attendance::Substitute);
        if attendance == Attendance::Substitute && substitute.is_none() {
            problems.push(FieldError::new(
                "attendance",
                format!("enter the name of the substitute who attended for {member}"),
            ));
        }
        seat.attendance = Some(attendance);
        seat.substitute.clone_from(&substitute);
        rows.push(ForumAttendanceRow {
            la_id,
            meeting_id,
            seat_id: *seat_id,
            attendance: attendance.code().into(),
            substitute_name: substitute,
        });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(AppError::Invalid(problems))
    }
}

/// A meeting as the clerk and the forum's members see it, on `today`.
pub async fn meeting(
    store: &Store,
    actor: &Actor,
    meeting_id: i64,
    today: NaiveDate,
) -> Result<MeetingView> {
    policy::authorise(actor, Action::ReadForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let view = load_view(&mut tx, la_id, meeting_id, today).await?;
    tx.commit().await?;
    Ok(view)
}

/// Loads a meeting with everything the clerk's page and the decisions need, in `tx`.
pub(crate) async fn load_view(
    tx: &mut Tx,
    la_id: i64,
    meeting_id: i64,
    today: NaiveDate,
) -> Result<MeetingView> {
    let meeting = load_meeting(tx, la_id, meeting_id).await?;
    let forum = load_forum(tx, la_id, meeting.forum_id).await?;
    let seats = load_seats(tx, &meeting).await?;
    let officers = tx
        .records_where(la_id, &[(Fo::ForumId, forum.forum_id)])
        .await?;
    let meetings: Vec<ForumMeetingRow> = tx
        .records_where(la_id, &[(Fm::ForumId, forum.forum_id)])
        .await?;
    let previous = meetings
        .iter()
        .filter(|m| m.held_on < meeting.held_on)
        .max_by_key(|m| (m.held_on, m.meeting_id))
        .cloned();
    let later = meetings
        .iter()
        .filter(|m| m.held_on > meeting.held_on)
        .cloned()
        .collect();
    let (rows, papers) = super::items_and_papers(tx, la_id, meeting_id).await?;
    let mut items = Vec::new();
    for item in rows {
        let interests: Vec<ForumInterestRow> = tx
            .records_where(la_id, &[(Fi::ItemId, item.item_id)])
            .await?;
        let votes = tx
            .records_where(la_id, &[(Fv::ItemId, item.item_id)])
            .await?;
        items.push(item_view(item, &seats, &papers, interests, votes));
    }
    let actions: Vec<ForumActionRow> = tx
        .records_where(la_id, &[(Fa::ForumId, forum.forum_id)])
        .await?;
    let forums = std::slice::from_ref(&forum);
    let mut all = action_views(actions, &meetings, forums, today);
    all.sort_by_key(|a| (a.raised_on, a.action.action_id));
    let (here, others): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|a| a.action.meeting_id == meeting_id);
    let previous_on = previous.as_ref().map(|p| p.held_on);
    let matters_arising = others
        .into_iter()
        .filter(|a| is_matter_arising(&a.due(), a.raised_on, meeting.held_on, previous_on))
        .collect();
    Ok(MeetingView {
        quorum: quorum_of(&seats),
        forum,
        meeting,
        seats,
        officers,
        previous,
        later,
        matters_arising,
        items,
        actions: here,
    })
}

fn item_view(
    item: ForumItemRow,
    seats: &[SeatAtMeeting],
    papers: &[ForumPaperRow],
    interests: Vec<ForumInterestRow>,
    votes: Vec<ForumVoteRow>,
) -> ItemView {
    let decision_kind = item
        .decision_kind
        .as_deref()
        .and_then(|k| DecisionKind::parse(k).ok());
    let eligibility = seats
        .iter()
        .filter(|s| s.holder.is_some())
        .map(|s| {
            let interest = declared(&interests, s.seat.seat_id);
            let may = may_vote(
                &s.as_voter(interest),
                decision_kind.unwrap_or(DecisionKind::General),
            );
            (s.seat.seat_id, may)
        })
        .collect();
    ItemView {
        kind: ItemKind::parse(&item.kind).unwrap_or(ItemKind::Information),
        decision_kind,
        papers: papers
            .iter()
            .filter(|p| p.item_id == item.item_id)
            .cloned()
            .collect(),
        interests,
        votes,
        eligibility,
        item,
    }
}

/// The interest declared for a seat on an item, or none.
pub(crate) fn declared(interests: &[ForumInterestRow], seat_id: i64) -> Interest {
    interests
        .iter()
        .find(|i| i.seat_id == seat_id)
        .and_then(|i| Interest::parse(&i.interest).ok())
        .unwrap_or(Interest::None)
}

/// Removes an agenda item added in error, closing up the positions after it. An item with a
/// paper, a declaration, a vote, a response or an action is part of the meeting's record and
/// stays; so does every item once the meeting's minutes are approved.
pub async fn remove_item(
    store: &Store,
    actor: &Actor,
    (meeting_id, item_id): (i64, i64),
) -> Result<()> {
    use store::schema::ForumPapers as Fp;
    policy::authorise(actor, Action::ClerkForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let meeting = load_meeting(&mut tx, la_id, meeting_id).await?;
    let items: Vec<ForumItemRow> = tx
        .records_where(la_id, &[(Fit::MeetingId, meeting_id)])
        .await?;
    let Some(item) = items.iter().find(|i| i.item_id == item_id).cloned() else {
        return Err(AppError::NotFound(format!("agenda item {item_id}")));
    };
    let papers: Vec<ForumPaperRow> = tx.records_where(la_id, &[(Fp::ItemId, item_id)]).await?;
    let interests: Vec<ForumInterestRow> =
        tx.records_where(la_id, &[(Fi::ItemId, item_id)]).await?;
    let votes: Vec<ForumVoteRow> = tx.records_where(la_id, &[(Fv::ItemId, item_id)]).await?;
    let actions: Vec<ForumActionRow> = tx.records_where(la_id, &[(Fa::ItemId, item_id)]).await?;
    let recorded = !papers.is_empty()
        || !interests.is_empty()
        || !votes.is_empty()
        || !actions.is_empty()
        || item.outcome.is_some()
        || item.response.is_some();
    if meeting.minutes_approved_at.is_some() || recorded {
        return Err(AppError::Conflict(
            "this item has papers, declarations, votes, a response or actions recorded, or the \
             minutes are approved: it is part of the meeting's record and stays"
                .into(),
        ));
    }
    tx.delete_where::<ForumItemRow>(la_id, &[(Fit::ItemId, item_id)])
        .await?;
    for mut later in items.into_iter().filter(|i| i.position > item.position) {
        later.position -= 1;
        tx.update_record(&later).await?;
    }
    audited(
        &mut tx,
        actor,
        "forum.remove_item",
        "forum_item",
        item_id,
        Some(item.title),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
