//! Declarations of interest, votes and consultation responses on agenda items.
//!
//! A vote is recorded seat by seat, so the eligibility rules apply to each member by name: on
//! the schools funding formula only schools and academies members and the early years PVI
//! representative vote, a member who declared a prejudicial interest does not vote, and
//! observers never do (`domain::governance::may_vote`). The meeting must be quorate before a
//! decision is recorded at all (reg. 8(3)).

use domain::FieldError;
use domain::governance::{Interest, ItemKind, RecordedVote, Vote, may_vote, outcome};
use store::ForumInterestRow;
use store::schema::{ForumInterests as Fi, ForumVotes as Fv};
use store::{ForumItemRow, ForumVoteRow, Store};

use super::meetings::{declared, load_view};
use super::{audited, optional};
use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// Loads an item and checks it belongs to the meeting in the address.
async fn load_item(
    tx: &mut store::Tx,
    la_id: i64,
    meeting_id: i64,
    item_id: i64,
) -> Result<ForumItemRow> {
    let item: Option<ForumItemRow> = tx.record(la_id, item_id).await?;
    item.filter(|i| i.meeting_id == meeting_id)
        .ok_or_else(|| AppError::NotFound(format!("agenda item {item_id}")))
}

/// Records what a member declared on an item, replacing any earlier declaration; `none`
/// withdraws it.
pub async fn declare_interest(
    store: &Store,
    actor: &Actor,
    (meeting_id, item_id): (i64, i64),
    seat_id: i64,
    interest: &str,
    detail: &str,
) -> Result<()> {
    policy::authorise(actor, Action::ClerkForums)?;
    let interest = Interest::parse(interest).map_err(|_| {
        AppError::Invalid(vec![FieldError::new(
            "interest",
            "select whether the interest is personal or prejudicial",
        )])
    })?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    load_item(&mut tx, la_id, meeting_id, item_id).await?;
    let view = load_view(&mut tx, la_id, meeting_id, chrono::Utc::now().date_naive()).await?;
    if !view
        .seats
        .iter()
        .any(|s| s.seat.seat_id == seat_id && s.holder.is_some())
    {
        return Err(AppError::Invalid(vec![FieldError::new(
            "seat",
            "select the member declaring the interest",
        )]));
    }
    tx.delete_where::<ForumInterestRow>(la_id, &[(Fi::ItemId, item_id), (Fi::SeatId, seat_id)])
        .await?;
    if interest != Interest::None {
        tx.insert_records(&[ForumInterestRow {
            la_id,
            item_id,
            seat_id,
            interest: interest.code().into(),
            detail: optional(detail),
        }])
        .await?;
    }
    let detail = format!("seat {seat_id}: {}", interest.code());
    audited(
        &mut tx,
        actor,
        "forum.declare_interest",
        "forum_item",
        item_id,
        Some(detail),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records each member's vote on a decision item and the outcome. `votes` are (seat id, vote
/// code); seats not listed did not vote. Refused, naming the member, when someone who may not
/// vote is given a vote; refused when the meeting is not quorate.
pub async fn record_votes(
    store: &Store,
    actor: &Actor,
    (meeting_id, item_id): (i64, i64),
    votes: &[(i64, String)],
) -> Result<domain::governance::VoteOutcome> {
    policy::authorise(actor, Action::ClerkForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let mut item = load_item(&mut tx, la_id, meeting_id, item_id).await?;
    let view = load_view(&mut tx, la_id, meeting_id, chrono::Utc::now().date_naive()).await?;
    let Some(found) = view.items.iter().find(|i| i.item.item_id == item_id) else {
        return Err(AppError::NotFound(format!("agenda item {item_id}")));
    };
    let (ItemKind::Decision, Some(kind)) = (found.kind, found.decision_kind) else {
        return Err(AppError::Conflict(
            "only an item for decision is voted on".into(),
        ));
    };
    let q = view.quorum;
    if !q.quorate {
        return Err(AppError::Invalid(vec![FieldError::new(
            "votes",
            format!(
                "the meeting is not quorate, so it cannot take a decision: {} of {} members \
                 must be present and {} are; record attendance first",
                q.required, q.membership, q.present
            ),
        )]));
    }
    let mut problems = Vec::new();
    let mut count = RecordedVote::default();
    let mut rows = Vec::new();
    for (seat_id, code) in votes.iter().filter(|(_, c)| !c.trim().is_empty()) {
        let Some(seat) = view.seats.iter().find(|s| s.seat.seat_id == *seat_id) else {
            return Err(AppError::NotFound(format!("forum seat {seat_id}")));
        };
        let Ok(vote) = Vote::parse(code) else {
            problems.push(FieldError::new(
                "votes",
                format!("select how {} voted", seat.who()),
            ));
            continue;
        };
        let voter = seat.as_voter(declared(&found.interests, *seat_id));
        if let Err(reason) = may_vote(&voter, kind) {
            problems.push(FieldError::new(
                "votes",
                format!(
                    "{} ({}) may not vote on this item: {}",
                    seat.who(),
                    seat.category.label(),
                    reason.label()
                ),
            ));
            continue;
        }
        count.add(vote);
        rows.push(ForumVoteRow {
            la_id,
            item_id,
            seat_id: *seat_id,
            vote: vote.code().into(),
        });
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let eligible = found
        .eligibility
        .iter()
        .filter(|(_, may)| may.is_ok())
        .count();
    let decided = outcome(&count, eligible, &q).map_err(|e| AppError::Invalid(vec![e]))?;
    tx.delete_where::<ForumVoteRow>(la_id, &[(Fv::ItemId, item_id)])
        .await?;
    tx.insert_records(&rows).await?;
    let as_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    item.outcome = Some(decided.code().into());
    item.votes_for = Some(as_i64(count.votes_for));
    item.votes_against = Some(as_i64(count.votes_against));
    item.abstentions = Some(as_i64(count.abstentions));
    tx.update_record(&item).await?;
    let detail = format!(
        "{}: {} for, {} against, {} abstaining",
        decided.code(),
        count.votes_for,
        count.votes_against,
        count.abstentions
    );
    audited(
        &mut tx,
        actor,
        "forum.vote",
        "forum_item",
        item_id,
        Some(detail),
    )
    .await?;
    tx.commit().await?;
    Ok(decided)
}

/// Records the forum's response to a consultation item.
pub async fn record_response(
    store: &Store,
    actor: &Actor,
    (meeting_id, item_id): (i64, i64),
    response: &str,
) -> Result<()> {
    policy::authorise(actor, Action::ClerkForums)?;
    let Some(response) = optional(response) else {
        return Err(AppError::Invalid(vec![FieldError::new(
            "response",
            "enter the forum's response to the consultation",
        )]));
    };
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let mut item = load_item(&mut tx, la_id, meeting_id, item_id).await?;
    if ItemKind::parse(&item.kind).ok() != Some(ItemKind::Consultation) {
        return Err(AppError::Conflict(
            "only an item for consultation has a response".into(),
        ));
    }
    item.response = Some(response);
    tx.update_record(&item).await?;
    audited(
        &mut tx,
        actor,
        "forum.consultation_response",
        "forum_item",
        item_id,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
