//! The demo council's Schools Forum: members by category as the regulations set them out (with
//! one academies seat vacant), the officers who attend, an autumn meeting whose minutes were
//! approved at the next, a recent meeting with a formula decision, a consultation response,
//! declarations and actions (its minutes in draft), and the next meeting with its agenda
//! published and last time's actions under matters arising. Written in the seeding
//! transaction, after the settings, so members represent the council's own schools.

use chrono::{DateTime, Days, NaiveDate, Utc};
use domain::governance::{
    ActionStatus, Attendance, DecisionKind, Interest, RecordedVote, Vote, may_vote, outcome, quorum,
};
use store::{
    ForumActionRow, ForumActionUpdateRow, ForumAttendanceRow, ForumInterestRow, ForumItemRow,
    ForumMeetingRow, ForumOfficerRow, ForumRow, ForumSeatRow, ForumVoteRow, SettingRow, Tx,
};

use crate::error::Result;
use crate::governance::seats_at;

mod content;
use content::{AUTUMN_MINUTES, OFFICERS, RECENT_MINUTES, SEATS};

/// Writes the demo Schools Forum for a council whose "today" is `today`.
pub(crate) async fn write_forum(
    tx: &mut Tx,
    la_id: i64,
    today: NaiveDate,
    settings: &[SettingRow],
) -> Result<()> {
    let now = Utc::now();
    let forum_id = tx.allocate_ids(la_id, "forums", 1).await?;
    tx.insert_records(&[ForumRow {
        la_id,
        forum_id,
        name: "Schools Forum".into(),
        kind: "schools_forum".into(),
        created_at: now,
    }])
    .await?;
    let seats = seats(tx, la_id, forum_id, today, settings).await?;
    let first_officer = tx.allocate_ids(la_id, "forum_officers", 3).await?;
    let officers: Vec<ForumOfficerRow> = (first_officer..)
        .zip(OFFICERS)
        .map(|(officer_id, (name, role))| ForumOfficerRow {
            la_id,
            officer_id,
            forum_id,
            name: name.into(),
            role_title: role.into(),
        })
        .collect();
    tx.insert_records(&officers).await?;
    let days = |n: u64, ahead: bool| {
        if ahead {
            today.checked_add_days(Days::new(n))
        } else {
            today.checked_sub_days(Days::new(n))
        }
        .unwrap_or(today)
    };
    let first = tx.allocate_ids(la_id, "forum_meetings", 3).await?;
    let (autumn, recent, next) = (first, first + 1, first + 2);
    let meeting =
        |meeting_id, held_on, minutes: Option<&str>, approved: Option<(i64, NaiveDate)>| {
            ForumMeetingRow {
                la_id,
                meeting_id,
                forum_id,
                held_on,
                venue: Some("Council House, committee room 1".into()),
                agenda_published_at: Some(now),
                minutes_text: minutes.map(str::to_string),
                minutes_approved_at: approved.map(|a| a.0),
                minutes_approved_on: approved.map(|a| a.1),
            }
        };
    let (autumn_on, recent_on, next_on) = (days(112, false), days(42, false), days(21, true));
    tx.insert_records(&[
        meeting(
            autumn,
            autumn_on,
            Some(AUTUMN_MINUTES),
            Some((recent, recent_on)),
        ),
        meeting(recent, recent_on, Some(RECENT_MINUTES), None),
        meeting(next, next_on, None, None),
    ])
    .await?;
    // Who came: everyone but two apologies and the early years member's substitute.
    let mut attendance = Vec::new();
    for meeting_id in [autumn, recent] {
        for (i, seat) in seats
            .iter()
            .enumerate()
            .filter(|(_, s)| s.member_name.is_some())
        {
            let (how, substitute) = match (meeting_id == recent, i) {
                (true, 1 | 14) | (false, 4) => (Attendance::Apologies, None),
                (true, 12) => (Attendance::Substitute, Some("Jo Turner".to_string())),
                _ => (Attendance::Present, None),
            };
            attendance.push(ForumAttendanceRow {
                la_id,
                meeting_id,
                seat_id: seat.seat_id,
                attendance: how.code().into(),
                substitute_name: substitute,
            });
        }
    }
    tx.insert_records(&attendance).await?;
    let items = items(
        tx,
        la_id,
        (autumn, recent, next),
        &seats,
        &attendance,
        recent_on,
    )
    .await?;
    actions(
        tx,
        la_id,
        forum_id,
        (autumn, recent, next),
        &items,
        &seats,
        (first_officer, now, recent_on),
    )
    .await
}

async fn seats(
    tx: &mut Tx,
    la_id: i64,
    forum_id: i64,
    today: NaiveDate,
    settings: &[SettingRow],
) -> Result<Vec<ForumSeatRow>> {
    let first = tx.allocate_ids(la_id, "forum_seats", 16).await?;
    let term_start = today.checked_sub_days(Days::new(400)).unwrap_or(today);
    let term_end = term_start
        .checked_add_days(Days::new(4 * 365))
        .unwrap_or(today);
    let mut used = 0;
    let rows: Vec<ForumSeatRow> = (first..)
        .zip(SEATS)
        .map(|(seat_id, (category, name, represents))| {
            // A member of a phase represents one of the council's schools of that phase.
            let school = settings
                .iter()
                .filter(|s| s.phase.to_lowercase().contains(represents))
                .nth(used);
            if school.is_some() {
                used += 1;
            }
            let organisation = school.map_or_else(|| represents.to_string(), |s| s.name.clone());
            let filled = !name.is_empty();
            ForumSeatRow {
                la_id,
                seat_id,
                forum_id,
                category: category.code().into(),
                member_name: filled.then(|| name.to_string()),
                organisation: filled.then_some(organisation),
                term_starts_on: filled.then_some(term_start),
                term_ends_on: filled.then_some(term_end),
            }
        })
        .collect();
    tx.insert_records(&rows).await?;
    Ok(rows)
}

async fn items(
    tx: &mut Tx,
    la_id: i64,
    (autumn, recent, next): (i64, i64, i64),
    seats: &[ForumSeatRow],
    attendance: &[ForumAttendanceRow],
    recent_on: NaiveDate,
) -> Result<Vec<ForumItemRow>> {
    let planned = content::items(autumn, recent, next);
    let first = tx.allocate_ids(la_id, "forum_items", 8).await?;
    let mut rows = Vec::new();
    let mut interests = Vec::new();
    let mut votes = Vec::new();
    let at_recent: Vec<ForumAttendanceRow> = attendance
        .iter()
        .filter(|a| a.meeting_id == recent)
        .cloned()
        .collect();
    let held = seats_at(seats.to_vec(), &at_recent, recent_on);
    let q = quorum(
        &held
            .iter()
            .map(crate::governance::SeatAtMeeting::as_seat)
            .collect::<Vec<_>>(),
    );
    for (item_id, (meeting_id, title, kind, presenter, summary, decision, motion, response)) in
        (first..).zip(planned)
    {
        let position = i64::try_from(
            rows.iter()
                .filter(|r: &&ForumItemRow| r.meeting_id == meeting_id)
                .count(),
        )
        .unwrap_or(0)
            + 1;
        let mut row = ForumItemRow {
            la_id,
            item_id,
            meeting_id,
            position,
            title: title.into(),
            kind: kind.code().into(),
            presenter: Some(presenter.into()),
            summary: Some(summary.into()),
            decision_kind: decision.map(|d| d.code().to_string()),
            motion: (!motion.is_empty()).then(|| motion.to_string()),
            outcome: None,
            votes_for: None,
            votes_against: None,
            abstentions: None,
            response: (!response.is_empty()).then(|| response.to_string()),
        };
        if let (Some(decision), true) = (decision, meeting_id == recent) {
            // The academies member from a trust bidding for the fund declares on the transfer.
            if decision == DecisionKind::General {
                interests.push(ForumInterestRow {
                    la_id,
                    item_id,
                    seat_id: held[8].seat.seat_id,
                    interest: Interest::Prejudicial.code().into(),
                    detail: Some("Trustee of a trust with a special free school bid".into()),
                });
            }
            let mut count = RecordedVote::default();
            let mut eligible = 0;
            for (i, seat) in held.iter().enumerate() {
                let interest = if decision == DecisionKind::General && i == 8 {
                    Interest::Prejudicial
                } else {
                    Interest::None
                };
                if seat.holder.is_none() || may_vote(&seat.as_voter(interest), decision).is_err() {
                    continue;
                }
                eligible += 1;
                // Most schools members vote against the transfer; one abstention each time.
                let vote = match (decision, i) {
                    (DecisionKind::General, 3 | 4 | 7 | 9 | 10 | 13) => Vote::Against,
                    (_, 5) => Vote::Abstain,
                    _ => Vote::For,
                };
                count.add(vote);
                votes.push(ForumVoteRow {
                    la_id,
                    item_id,
                    seat_id: seat.seat.seat_id,
                    vote: vote.code().into(),
                });
            }
            let decided =
                outcome(&count, eligible, &q).map_err(|e| crate::AppError::Invalid(vec![e]))?;
            let as_i64 = |n: usize| i64::try_from(n).unwrap_or(0);
            row.outcome = Some(decided.code().into());
            row.votes_for = Some(as_i64(count.votes_for));
            row.votes_against = Some(as_i64(count.votes_against));
            row.abstentions = Some(as_i64(count.abstentions));
        }
        rows.push(row);
    }
    tx.insert_records(&rows).await?;
    tx.insert_records(&interests).await?;
    tx.insert_records(&votes).await?;
    Ok(rows)
}

async fn actions(
    tx: &mut Tx,
    la_id: i64,
    forum_id: i64,
    (autumn, recent, next): (i64, i64, i64),
    items: &[ForumItemRow],
    seats: &[ForumSeatRow],
    (officer, now, recent_on): (i64, DateTime<Utc>, NaiveDate),
) -> Result<()> {
    let item_of = |meeting_id: i64, n: usize| {
        items
            .iter()
            .filter(|i| i.meeting_id == meeting_id)
            .nth(n)
            .map(|i| i.item_id)
    };
    let member = |i: usize| {
        (
            seats[i].seat_id,
            seats[i].member_name.clone().unwrap_or_default(),
        )
    };
    let planned = [
        (
            autumn,
            item_of(autumn, 0),
            "Bring a data presentation on EHC plan growth by need to the next meeting",
            ("officer", officer + 1, OFFICERS[1].0.to_string()),
            None,
            Some(recent),
            ActionStatus::Done,
        ),
        (
            recent,
            item_of(recent, 2),
            "Publish the agreed formula and tell schools their indicative budgets",
            ("officer", officer + 1, OFFICERS[1].0.to_string()),
            None,
            Some(next),
            ActionStatus::InProgress,
        ),
        (
            recent,
            item_of(recent, 3),
            "Write to the Secretary of State about the block transfer",
            ("officer", officer, OFFICERS[0].0.to_string()),
            Some(14),
            None,
            ActionStatus::Open,
        ),
        (
            recent,
            item_of(recent, 4),
            "Review the top-up band descriptors with a group of SENCOs",
            ("member", member(5).0, member(5).1),
            None,
            Some(next),
            ActionStatus::Open,
        ),
    ];
    let first = tx.allocate_ids(la_id, "forum_actions", 4).await?;
    let mut rows = Vec::new();
    for (
        action_id,
        (
            meeting_id,
            item_id,
            description,
            (kind, owner_id, owner_name),
            due_days,
            due_meeting_id,
            status,
        ),
    ) in (first..).zip(planned)
    {
        rows.push(ForumActionRow {
            la_id,
            action_id,
            forum_id,
            meeting_id,
            item_id,
            description: description.into(),
            owner_kind: kind.into(),
            owner_id,
            owner_name,
            // Days after the recent meeting: the letter was due a fortnight on, so is overdue.
            due_on: due_days.and_then(|d: u64| recent_on.checked_add_days(Days::new(d))),
            due_meeting_id,
            status: status.code().into(),
            raised_at: now,
        });
    }
    tx.insert_records(&rows).await?;
    let update_id = tx.allocate_ids(la_id, "forum_action_updates", 1).await?;
    tx.insert_records(&[ForumActionUpdateRow {
        la_id,
        update_id,
        action_id: first,
        status: ActionStatus::Done.code().into(),
        note: "Presented at the meeting; the slides are with the papers.".into(),
        updated_by: "Clerk Clarke".into(),
        updated_at: now,
    }])
    .await?;
    Ok(())
}
