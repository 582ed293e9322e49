//! Minutes import: the clerk pastes a meeting's minutes as plain text and gets a draft meeting
//! to check (`preview_import`): the date, attendance matched to the forum's seats, the numbered
//! items, the decisions under them, and each action with its owner matched to a member or an
//! officer of the forum, anything that fits several people or nobody flagged. Nothing is saved
//! until the clerk confirms (`import_minutes`), which creates the meeting with its attendance,
//! items, decisions (as minuted outcomes) and actions in one transaction, audited.
//!
//! The confirmation does not carry the draft back in hidden fields: it carries the text and the
//! clerk's choices (date, attendance per seat, owner per action), and the text is read again.
//! The reader is pure and deterministic, so the actions come back in the same order and the
//! choices line up with them; and nothing the page sends can make the meeting say what the
//! minutes do not (an item or a decision could otherwise be forged in a hidden field).

use chrono::{NaiveDate, Utc};
use domain::FieldError;
use domain::governance::{
    Attendance, AttendanceGroup, ForumPerson, ItemKind, MinutesDraft, OwnerFound, Person, Quorum,
    VoteOutcome, match_forum, parse_minutes,
};
use store::schema::{ForumMeetings as Fm, ForumOfficers as Fo, ForumSeats as Fs};
use store::{
    ForumActionRow, ForumItemRow, ForumMeetingRow, ForumOfficerRow, ForumRow, ForumSeatRow, Store,
    Tx,
};

use super::actions::owner_among;
use super::meetings::attendance_rows;
use super::{NO_OWNER, SeatAtMeeting, audited, load_forum, optional, quorum_of, seats_at};
use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// An action read from the minutes, with the owner suggested for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedAction {
    pub description: String,
    /// The owner as the minutes write it.
    pub owner_text: Option<String>,
    /// The item's heading it was raised under.
    pub item: Option<String>,
    pub due: Option<NaiveDate>,
    /// The owner chosen for the clerk (`member-SEAT` or `officer-ID`), or empty.
    pub owner: String,
    /// Why no owner was chosen, for the clerk to settle: nobody or several people fit.
    pub flag: Option<String>,
}

/// A draft meeting read from pasted minutes, for the clerk to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPreview {
    pub forum: ForumRow,
    pub draft: MinutesDraft,
    /// Each seat as it stood on the day, with the attendance the minutes give it.
    pub seats: Vec<SeatAtMeeting>,
    pub officers: Vec<ForumOfficerRow>,
    /// The quorum the suggested attendance gives.
    pub quorum: Quorum,
    pub actions: Vec<ImportedAction>,
    /// People the minutes name who are neither members nor officers of the forum.
    pub unknown: Vec<Person>,
    /// Officers the minutes name as present.
    pub officers_present: Vec<String>,
}

/// What the clerk confirms: the text as pasted and their choices.
#[derive(Debug, Clone, Default)]
pub struct ImportChoices {
    pub text: String,
    /// YYYY-MM-DD.
    pub held_on: String,
    pub venue: String,
    /// (seat id, attendance code, substitute's name); a code left empty is not recorded.
    pub attendance: Vec<(i64, String, String)>,
    /// The owner chosen for each action in the order read, `member-SEAT`, `officer-ID`, or
    /// empty for no owner.
    pub owners: Vec<String>,
}

/// Reads pasted minutes against a forum, saving nothing.
pub async fn preview_import(
    store: &Store,
    actor: &Actor,
    forum_id: i64,
    text: &str,
) -> Result<ImportPreview> {
    policy::authorise(actor, Action::ClerkForums)?;
    let draft = read(text)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let forum = load_forum(&mut tx, la_id, forum_id).await?;
    let on = draft
        .meeting_date
        .unwrap_or_else(|| Utc::now().date_naive());
    let (seats, officers) = forum_people(&mut tx, la_id, forum_id, on).await?;
    tx.commit().await?;
    Ok(suggest(forum, draft, seats, officers))
}

/// The text read, or why it cannot be: empty, or nothing in it reads as minutes.
fn read(text: &str) -> Result<MinutesDraft> {
    let problem = |p: &str| Err(AppError::Invalid(vec![FieldError::new("minutes", p)]));
    if text.trim().is_empty() {
        return problem("paste the text of the minutes");
    }
    let draft = parse_minutes(text);
    if draft.meeting_date.is_none()
        && draft.attendance.is_empty()
        && draft.items.is_empty()
        && draft.actions.is_empty()
    {
        return problem(
            "no date, attendance, items or actions could be read from this text: paste the \
             minutes as plain text, with their headings and numbered items",
        );
    }
    Ok(draft)
}

async fn forum_people(
    tx: &mut Tx,
    la_id: i64,
    forum_id: i64,
    on: NaiveDate,
) -> Result<(Vec<SeatAtMeeting>, Vec<ForumOfficerRow>)> {
    let seats: Vec<ForumSeatRow> = tx.records_where(la_id, &[(Fs::ForumId, forum_id)]).await?;
    let officers = tx.records_where(la_id, &[(Fo::ForumId, forum_id)]).await?;
    Ok((seats_at(seats, &[], on), officers))
}

/// The draft matched against the forum: attendance per seat and an owner per action.
fn suggest(
    forum: ForumRow,
    draft: MinutesDraft,
    mut seats: Vec<SeatAtMeeting>,
    officers: Vec<ForumOfficerRow>,
) -> ImportPreview {
    let people = draft.people();
    // The forum's people in one list: seat holders first, then officers.
    let held: Vec<usize> = (0..seats.len())
        .filter(|&i| seats[i].holder.is_some())
        .collect();
    let mut everyone: Vec<ForumPerson> = held
        .iter()
        .map(|&i| ForumPerson {
            name: seats[i].holder.clone().unwrap_or_default(),
            role: None,
            officer: false,
        })
        .collect();
    everyone.extend(officers.iter().map(|o| ForumPerson {
        name: o.name.clone(),
        role: Some(o.role_title.clone()),
        officer: true,
    }));
    let found = match_forum(&draft, &everyone);
    // The owner choice for each of them, as the confirmation form gives it.
    let keys: Vec<String> = held
        .iter()
        .map(|&s| format!("member-{}", seats[s].seat.seat_id))
        .chain(officers.iter().map(|o| format!("officer-{}", o.officer_id)))
        .collect();
    let mut officers_present = Vec::new();
    for (f, named) in found.named.iter().enumerate() {
        let Some(group) = named.map(|p| people[p].group) else {
            continue;
        };
        match held.get(f) {
            Some(&s) => seats[s].attendance = attendance_of(group),
            None if group.is_present() => officers_present.push(everyone[f].name.clone()),
            None => {}
        }
    }
    for &(p, f) in &found.substitutes {
        if let Some(&s) = held.get(f) {
            seats[s].attendance = Some(Attendance::Substitute);
            seats[s].substitute = Some(people[p].name.clone());
        }
    }
    let names = |all: &[usize]| {
        all.iter()
            .map(|&f| everyone[f].name.clone())
            .collect::<Vec<_>>()
            .join(" or ")
    };
    let actions = draft
        .actions
        .iter()
        .zip(&found.owners)
        .map(|(a, owner)| {
            let (chosen, flag) = match owner {
                OwnerFound::One(f) => (keys[*f].clone(), None),
                OwnerFound::NotWritten => (String::new(), Some("No owner is written".into())),
                OwnerFound::Nobody => (
                    String::new(),
                    Some(format!(
                        "\u{201c}{}\u{201d} is not a member or officer of the forum",
                        a.owner_text.as_deref().unwrap_or("")
                    )),
                ),
                OwnerFound::Several(all) => (
                    String::new(),
                    Some(format!(
                        "\u{201c}{}\u{201d} could be {}",
                        a.owner_text.as_deref().unwrap_or(""),
                        names(all)
                    )),
                ),
            };
            ImportedAction {
                description: a.description.clone(),
                owner_text: a.owner_text.clone(),
                item: a.item.map(|i| draft.items[i].title.clone()),
                due: a.due,
                owner: chosen,
                flag,
            }
        })
        .collect();
    let unknown = found.unknown.iter().map(|&p| people[p].clone()).collect();
    ImportPreview {
        quorum: quorum_of(&seats),
        forum,
        draft,
        seats,
        officers,
        actions,
        unknown,
        officers_present,
    }
}

/// How a seat was attended, from the list the minutes put its member on.
fn attendance_of(group: AttendanceGroup) -> Option<Attendance> {
    match group {
        AttendanceGroup::MembersApologies => Some(Attendance::Apologies),
        AttendanceGroup::MembersAbsent | AttendanceGroup::OfficersAbsent => {
            Some(Attendance::Absent)
        }
        AttendanceGroup::Presenters => None,
        _ => Some(Attendance::Present),
    }
}

/// Creates the meeting the minutes describe, as the clerk confirmed it: attendance, the items
/// in order (an item with decisions is for decision, its decisions its motion, minuted as
/// agreed), and the actions with the owners chosen. The text becomes the meeting's draft
/// minutes, to be approved at the next meeting. One transaction, audited.
pub async fn import_minutes(
    store: &Store,
    actor: &Actor,
    forum_id: i64,
    choices: &ImportChoices,
) -> Result<i64> {
    policy::authorise(actor, Action::ClerkForums)?;
    let draft = read(&choices.text)?;
    let held_on = crate::casework::parse_date("held_on", &choices.held_on)
        .map_err(|e| AppError::Invalid(vec![e]))?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    load_forum(&mut tx, la_id, forum_id).await?;
    let meetings: Vec<ForumMeetingRow> =
        tx.records_where(la_id, &[(Fm::ForumId, forum_id)]).await?;
    if meetings.iter().any(|m| m.held_on == held_on) {
        return Err(AppError::Invalid(vec![FieldError::new(
            "held_on",
            format!(
                "the forum already has a meeting on {}: these minutes may have been imported \
                 already",
                held_on.format("%-d %B %Y")
            ),
        )]));
    }
    let (mut seats, officers) = forum_people(&mut tx, la_id, forum_id, held_on).await?;
    let meeting_id = tx.allocate_ids(la_id, "forum_meetings", 1).await?;
    let attendance = attendance_rows(&mut seats, &choices.attendance, (la_id, meeting_id))?;
    let mut problems = Vec::new();
    let mut owners = Vec::new();
    for i in 0..draft.actions.len() {
        let chosen = choices.owners.get(i).map_or("", String::as_str);
        if chosen.trim().is_empty() {
            owners.push((NO_OWNER, 0, String::new()));
            continue;
        }
        match owner_among(&seats, &officers, chosen) {
            Some(owner) => owners.push(owner),
            None => problems.push(FieldError::new(
                "owner",
                format!(
                    "select who owns action {}: a member or an officer of the forum, or no owner",
                    i + 1
                ),
            )),
        }
    }
    let q = quorum_of(&seats);
    if !draft.decisions.is_empty() && !q.quorate {
        problems.push(FieldError::new(
            "attendance",
            format!(
                "the minutes record decisions, but with this attendance the meeting was not \
                 quorate ({} of {} members present, {} needed), and a meeting that is not \
                 quorate cannot decide (reg. 8(3)): check the attendance",
                q.present, q.membership, q.required
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    tx.insert_records(&[ForumMeetingRow {
        la_id,
        meeting_id,
        forum_id,
        held_on,
        venue: optional(&choices.venue),
        agenda_published_at: None,
        minutes_text: Some(choices.text.trim().into()),
        minutes_approved_at: None,
        minutes_approved_on: None,
    }])
    .await?;
    if !attendance.is_empty() {
        tx.insert_records(&attendance).await?;
    }
    let item_ids = insert_items(&mut tx, la_id, meeting_id, &draft).await?;
    let action_ids = tx
        .allocate_ids(la_id, "forum_actions", count(draft.actions.len()))
        .await?;
    let rows: Vec<ForumActionRow> = draft
        .actions
        .iter()
        .zip(owners)
        .enumerate()
        .map(|(n, (a, (kind, owner_id, owner_name)))| ForumActionRow {
            la_id,
            action_id: action_ids + count(n),
            forum_id,
            meeting_id,
            item_id: item_ids.of(a.item),
            description: a.description.clone(),
            owner_kind: kind.into(),
            owner_id,
            owner_name,
            due_on: a.due,
            due_meeting_id: None,
            status: domain::governance::ActionStatus::Open.code().into(),
            raised_at: Utc::now(),
        })
        .collect();
    if !rows.is_empty() {
        tx.insert_records(&rows).await?;
    }
    let detail = format!(
        "{} items, {} decisions, {} actions, {} of {} members present",
        draft.items.len(),
        draft.decisions.len(),
        draft.actions.len(),
        q.present,
        q.membership
    );
    audited(
        &mut tx,
        actor,
        "forum.import_minutes",
        "forum_meeting",
        meeting_id,
        Some(detail),
    )
    .await?;
    tx.commit().await?;
    Ok(meeting_id)
}

/// The ids given to the draft's items, and to the item made for business the minutes record
/// before their first item.
struct ItemIds {
    items: Vec<i64>,
    other: Option<i64>,
}

impl ItemIds {
    fn of(&self, item: Option<usize>) -> Option<i64> {
        item.and_then(|i| self.items.get(i).copied()).or(self.other)
    }
}

async fn insert_items(
    tx: &mut Tx,
    la_id: i64,
    meeting_id: i64,
    draft: &MinutesDraft,
) -> Result<ItemIds> {
    let unplaced = draft.decisions.iter().any(|d| d.item.is_none())
        || draft.actions.iter().any(|a| a.item.is_none());
    let mut titles: Vec<(Option<usize>, String)> = draft
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (Some(i), item.title.clone()))
        .collect();
    if unplaced {
        titles.push((None, "Business recorded outside the numbered items".into()));
    }
    let first = tx
        .allocate_ids(la_id, "forum_items", count(titles.len()))
        .await?;
    let mut rows = Vec::new();
    for (n, (index, title)) in titles.iter().enumerate() {
        let decisions: Vec<&str> = draft
            .decisions
            .iter()
            .filter(|d| d.item == *index)
            .map(|d| d.text.as_str())
            .collect();
        let decided = !decisions.is_empty();
        let position = count(n) + 1;
        rows.push(ForumItemRow {
            la_id,
            item_id: first + position - 1,
            meeting_id,
            position,
            title: title.clone(),
            kind: if decided {
                ItemKind::Decision
            } else {
                ItemKind::Information
            }
            .code()
            .into(),
            presenter: None,
            summary: None,
            // The minutes say what was agreed, not which matter's voting rule applied, so
            // no `DecisionKind` is claimed for it.
            decision_kind: None,
            motion: decided.then(|| decisions.join("\n")),
            outcome: decided.then(|| VoteOutcome::Minuted.code().to_string()),
            votes_for: None,
            votes_against: None,
            abstentions: None,
            response: None,
        });
    }
    if !rows.is_empty() {
        tx.insert_records(&rows).await?;
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.item_id).collect();
    Ok(ItemIds {
        items: ids[..draft.items.len()].to_vec(),
        other: unplaced.then(|| ids[ids.len() - 1]),
    })
}

/// A count as the store's ids are counted.
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
