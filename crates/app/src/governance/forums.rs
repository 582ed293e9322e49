//! Forums and their membership: seats by category (schools members by phase and type,
//! academies members, non-schools members including the early years PVI representative,
//! observers), each held by a member for a term or vacant, and the officers who attend.

use chrono::{NaiveDate, Utc};
use domain::FieldError;
use domain::governance::{Composition, MemberCategory, Seat, composition};
use store::schema::{ForumMeetings as Fm, ForumOfficers as Fo, ForumSeats as Fs};
use store::{ForumMeetingRow, ForumOfficerRow, ForumRow, ForumSeatRow, Store};

use super::{FORUM_KINDS, SeatAtMeeting, audited, load_forum, optional, optional_date, seats_at};
use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// A forum with its seats as they stand today, its officers and its meetings (latest last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForumView {
    pub forum: ForumRow,
    pub seats: Vec<SeatAtMeeting>,
    pub composition: Composition,
    pub officers: Vec<ForumOfficerRow>,
    pub meetings: Vec<ForumMeetingRow>,
}

/// What the clerk types to add a seat; no member name makes a vacancy.
#[derive(Debug, Clone, Default)]
pub struct NewSeat {
    pub category: String,
    pub member_name: String,
    pub organisation: String,
    pub term_starts_on: String,
    pub term_ends_on: String,
}

/// Sets up a forum.
pub async fn create_forum(store: &Store, actor: &Actor, name: &str, kind: &str) -> Result<i64> {
    policy::authorise(actor, Action::ClerkForums)?;
    let mut problems = Vec::new();
    let name = name.trim();
    if name.is_empty() {
        problems.push(FieldError::new("name", "enter the forum's name"));
    }
    if !FORUM_KINDS.iter().any(|(code, _)| *code == kind) {
        problems.push(FieldError::new("kind", "select what kind of forum it is"));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let forum_id = tx.allocate_ids(la_id, "forums", 1).await?;
    tx.insert_records(&[ForumRow {
        la_id,
        forum_id,
        name: name.into(),
        kind: kind.into(),
        created_at: Utc::now(),
    }])
    .await?;
    audited(
        &mut tx,
        actor,
        "forum.create",
        "forum",
        forum_id,
        Some(name.into()),
    )
    .await?;
    tx.commit().await?;
    Ok(forum_id)
}

/// Adds a seat to a forum, held by the member named or vacant. Every problem is reported at
/// once, each naming its field.
pub async fn add_seat(store: &Store, actor: &Actor, forum_id: i64, new: NewSeat) -> Result<i64> {
    policy::authorise(actor, Action::ClerkForums)?;
    let checked = check_seat(&new)?;
    let (category, member_name) = (checked.category, checked.member_name.clone());
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    load_forum(&mut tx, la_id, forum_id).await?;
    let seat_id = tx.allocate_ids(la_id, "forum_seats", 1).await?;
    tx.insert_records(&[ForumSeatRow {
        la_id,
        seat_id,
        forum_id,
        category: category.code().into(),
        member_name: member_name.clone(),
        organisation: checked.organisation,
        term_starts_on: checked.starts,
        term_ends_on: checked.ends,
    }])
    .await?;
    let detail = format!(
        "{} seat, {}",
        category.code(),
        if member_name.is_some() {
            "filled"
        } else {
            "vacant"
        }
    );
    audited(
        &mut tx,
        actor,
        "forum.add_seat",
        "forum_seat",
        seat_id,
        Some(detail),
    )
    .await?;
    tx.commit().await?;
    Ok(seat_id)
}

/// A seat as typed, checked.
struct CheckedSeat {
    category: MemberCategory,
    member_name: Option<String>,
    organisation: Option<String>,
    starts: Option<NaiveDate>,
    ends: Option<NaiveDate>,
}

/// Checks a seat as typed, reporting every problem at once, each naming its field.
fn check_seat(new: &NewSeat) -> Result<CheckedSeat> {
    let mut problems = Vec::new();
    let category = MemberCategory::parse(&new.category)
        .map_err(|_| problems.push(FieldError::new("category", "select the seat's category")))
        .ok();
    let starts = optional_date("term_starts_on", &new.term_starts_on)
        .map_err(|e| problems.push(e))
        .ok()
        .flatten();
    let ends = optional_date("term_ends_on", &new.term_ends_on)
        .map_err(|e| problems.push(e))
        .ok()
        .flatten();
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        problems.push(FieldError::new(
            "term_ends_on",
            "the term must end after it starts",
        ));
    }
    let member_name = optional(&new.member_name);
    if member_name.is_none() && (starts.is_some() || ends.is_some()) {
        problems.push(FieldError::new(
            "member_name",
            "enter the member's name, or leave the term empty for a vacancy",
        ));
    }
    let (Some(category), true) = (category, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    Ok(CheckedSeat {
        category,
        member_name,
        organisation: optional(&new.organisation),
        starts,
        ends,
    })
}

/// One seat of a forum, for the clerk to change.
pub async fn seat(store: &Store, actor: &Actor, seat_id: i64) -> Result<ForumSeatRow> {
    policy::authorise(actor, Action::ClerkForums)?;
    let mut tx = store.begin_read().await?;
    let seat = load_seat(&mut tx, actor.la_id(), seat_id).await?;
    tx.commit().await?;
    Ok(seat)
}

async fn load_seat(tx: &mut store::Tx, la_id: i64, seat_id: i64) -> Result<ForumSeatRow> {
    tx.record(la_id, seat_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("forum seat {seat_id}")))
}

/// Changes a seat: its category, member, organisation or term (a new member is a new term; a
/// term that has ended leaves the seat vacant). Meetings already held keep who attended, as
/// their attendance is recorded against the seat.
pub async fn update_seat(store: &Store, actor: &Actor, seat_id: i64, new: NewSeat) -> Result<()> {
    policy::authorise(actor, Action::ClerkForums)?;
    let checked = check_seat(&new)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let mut seat = load_seat(&mut tx, la_id, seat_id).await?;
    seat.category = checked.category.code().into();
    seat.member_name = checked.member_name;
    seat.organisation = checked.organisation;
    seat.term_starts_on = checked.starts;
    seat.term_ends_on = checked.ends;
    tx.update_record(&seat).await?;
    audited(
        &mut tx,
        actor,
        "forum.update_seat",
        "forum_seat",
        seat_id,
        Some(seat.category.clone()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a seat set up in error. A seat with any record of a meeting (attendance, a
/// declaration, a vote) is the forum's history and stays: end its member's term instead.
pub async fn remove_seat(store: &Store, actor: &Actor, seat_id: i64) -> Result<i64> {
    use store::schema::{ForumAttendance as Fat, ForumInterests as Fi, ForumVotes as Fv};
    policy::authorise(actor, Action::ClerkForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let seat = load_seat(&mut tx, la_id, seat_id).await?;
    let attended: Vec<store::ForumAttendanceRow> =
        tx.records_where(la_id, &[(Fat::SeatId, seat_id)]).await?;
    let declared: Vec<store::ForumInterestRow> =
        tx.records_where(la_id, &[(Fi::SeatId, seat_id)]).await?;
    let voted: Vec<store::ForumVoteRow> = tx.records_where(la_id, &[(Fv::SeatId, seat_id)]).await?;
    if !attended.is_empty() || !declared.is_empty() || !voted.is_empty() {
        return Err(AppError::Conflict(
            "this seat has attendance, declarations or votes recorded at meetings, which stay \
             in the forum's record: end the member's term instead"
                .into(),
        ));
    }
    tx.delete_where::<ForumSeatRow>(la_id, &[(Fs::SeatId, seat_id)])
        .await?;
    audited(
        &mut tx,
        actor,
        "forum.remove_seat",
        "forum_seat",
        seat_id,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(seat.forum_id)
}

/// Adds an officer who attends the forum (not a member: officers never count to the quorum
/// and never vote).
pub async fn add_officer(
    store: &Store,
    actor: &Actor,
    forum_id: i64,
    name: &str,
    role_title: &str,
) -> Result<i64> {
    policy::authorise(actor, Action::ClerkForums)?;
    let mut problems = Vec::new();
    if name.trim().is_empty() {
        problems.push(FieldError::new("officer_name", "enter the officer's name"));
    }
    if role_title.trim().is_empty() {
        problems.push(FieldError::new(
            "role_title",
            "enter what the officer does for the forum",
        ));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    load_forum(&mut tx, la_id, forum_id).await?;
    let officer_id = tx.allocate_ids(la_id, "forum_officers", 1).await?;
    tx.insert_records(&[ForumOfficerRow {
        la_id,
        officer_id,
        forum_id,
        name: name.trim().into(),
        role_title: role_title.trim().into(),
    }])
    .await?;
    audited(
        &mut tx,
        actor,
        "forum.add_officer",
        "forum_officer",
        officer_id,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(officer_id)
}

/// The council's forums, by name.
pub async fn list_forums(store: &Store, actor: &Actor) -> Result<Vec<ForumRow>> {
    policy::authorise(actor, Action::ReadForums)?;
    let mut tx = store.begin_read().await?;
    let forums = tx.records_of_council(actor.la_id()).await?;
    tx.commit().await?;
    Ok(forums)
}

/// One forum as it stands on `today`.
pub async fn forum(
    store: &Store,
    actor: &Actor,
    forum_id: i64,
    today: NaiveDate,
) -> Result<ForumView> {
    policy::authorise(actor, Action::ReadForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let forum = load_forum(&mut tx, la_id, forum_id).await?;
    let seats: Vec<ForumSeatRow> = tx.records_where(la_id, &[(Fs::ForumId, forum_id)]).await?;
    let officers = tx.records_where(la_id, &[(Fo::ForumId, forum_id)]).await?;
    let meetings = tx.records_where(la_id, &[(Fm::ForumId, forum_id)]).await?;
    tx.commit().await?;
    let seats = seats_at(seats, &[], today);
    let composition = composition(
        &seats
            .iter()
            .map(SeatAtMeeting::as_seat)
            .collect::<Vec<Seat>>(),
    );
    Ok(ForumView {
        forum,
        seats,
        composition,
        officers,
        meetings,
    })
}
