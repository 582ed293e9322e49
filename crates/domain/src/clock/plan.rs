//! The limits of a plan in force: reviews, amendments, phase transfers and re-assessments.
//!
//! Ceasing a plan (regs 29 to 31) has no limit to count: the local authority consults, then
//! notifies with appeal rights, and the plan stays in force until the appeal window passes or any
//! appeal ends. So no deadline is produced for it; a plan that has ceased simply owes no more
//! reviews or amendments that fall due after it ceased. Mediation and appeal limits run against
//! the parent or young person, not the local authority, and are not produced either.

use chrono::NaiveDate;

use super::assessment::COMMENT_DAYS;
use super::deadline::{Deadline, DeadlineKind, minus_months, plus_days, plus_months, plus_weeks};
use super::events::{CaseEvents, Reassessment, Review, ReviewDecision, TransferKind};
use crate::dates::{AcademicYear, age_on};

/// Children and Families Act 2014 s.44(1).
pub const ANNUAL_REVIEW_RULE: &str = "Children and Families Act 2014 s.44(1); SEND Code of \
     Practice 9.166: review within 12 months of the plan being made, then of the previous review";
/// SEND Code of Practice 9.178.
pub const UNDER_FIVE_RULE: &str = "SEND Code of Practice 9.178: for a child under five, \
     consider reviewing every 3 to 6 months";
/// SEND Regulations 2014 reg. 20(10).
pub const REVIEW_DECISION_RULE: &str = "SEND Regulations 2014 reg. 20(10); R (L) v Devon CC \
     [2022]: decide within 4 weeks of the review meeting, sending any proposed amendments";
/// SEND Regulations 2014 reg. 22, comment period.
pub const AMENDMENT_WINDOW_RULE: &str = "SEND Regulations 2014 reg. 22: at least 15 days to \
     comment on proposed amendments";
/// SEND Regulations 2014 reg. 22, amended plan.
pub const AMENDED_PLAN_RULE: &str = "SEND Regulations 2014 reg. 22: issue the amended plan \
     within 8 weeks of sending the proposed amendments";
/// SEND Regulations 2014 reg. 18(1), into a school phase.
pub const SCHOOL_TRANSFER_RULE: &str = "SEND Regulations 2014 reg. 18(1): review and amend the \
     plan by 15 February of the year of transfer";
/// SEND Regulations 2014 reg. 18(1), secondary to post-16.
pub const POST16_TRANSFER_RULE: &str = "SEND Regulations 2014 reg. 18(1): review and amend the \
     plan by 31 March of the year of transfer from secondary school to post-16";
/// SEND Regulations 2014 reg. 18(2).
pub const BETWEEN_POST16_RULE: &str = "SEND Regulations 2014 reg. 18(2): review and amend the \
     plan at least 5 months before a transfer between post-16 institutions";
/// SEND Regulations 2014 reg. 25(1).
pub const REASSESSMENT_DECISION_RULE: &str = "SEND Regulations 2014 reg. 25(1): notify whether \
     the council will re-assess within 15 days of the request";
/// SEND Regulations 2014 reg. 27.
pub const REASSESSMENT_RULE: &str = "SEND Regulations 2014 reg. 27: issue the plan within \
     14 weeks of the decision to re-assess";

/// Months between annual reviews (CFA s.44(1)).
const TWELVE_MONTHS: u32 = 12;
/// Days to decide after a review meeting (reg 20(10)): 4 weeks.
const REVIEW_DECISION_DAYS: u64 = 28;
/// Weeks to issue an amended plan (reg 22).
const AMENDED_PLAN_WEEKS: u64 = 8;
/// Months before a transfer between post-16 institutions (reg 18(2)).
const POST16_MONTHS: u32 = 5;
/// Weeks to issue the plan after a decision to re-assess (reg 27).
const REASSESSMENT_WEEKS: u64 = 14;
/// Days to notify whether the council will re-assess, from the request (reg 25(1)).
const REASSESSMENT_DECISION_DAYS: u64 = 15;
/// The age below which the earlier review prompt applies (CoP 9.178).
const UNDER_FIVE: u32 = 5;

/// The deadlines of the plan in force, with their states on `today`.
pub(super) fn plan_deadlines(events: &CaseEvents, today: NaiveDate, out: &mut Vec<Deadline>) {
    if let Some(made) = events.plan_start() {
        review_cycle(events, made, today, out);
    }
    if let Some(transfer) = events.phase_transfer {
        let (due, rule) = match transfer.kind {
            TransferKind::IntoSchoolPhase { year } => (ymd(year, 2, 15), SCHOOL_TRANSFER_RULE),
            TransferKind::SecondaryToPost16 { year } => (ymd(year, 3, 31), POST16_TRANSFER_RULE),
            TransferKind::BetweenPost16 { transfer_on } => (
                minus_months(transfer_on, POST16_MONTHS),
                BETWEEN_POST16_RULE,
            ),
        };
        // The transfer review belongs to the school year before the move, so the clock is shown
        // from 1 September of the academic year in which the deadline falls.
        let trigger = AcademicYear::containing(due).start();
        if owed(events, due, transfer.amended_on) {
            out.push(Deadline::limit(
                DeadlineKind::PhaseTransfer,
                trigger,
                due,
                transfer.amended_on,
                today,
                rule,
            ));
        }
    }
    // Numbered in the order started. Entered in that order they need no sorted copy.
    let sorted;
    let reassessments = if events
        .reassessments
        .is_sorted_by_key(Reassessment::started_on)
    {
        events.reassessments.as_slice()
    } else {
        let mut copy = events.reassessments.clone();
        copy.sort_by_key(Reassessment::started_on);
        sorted = copy;
        sorted.as_slice()
    };
    for (number, reassessment) in (1u32..).zip(reassessments) {
        // A request is answered within 15 days (reg 25(1)); a re-assessment the council starts
        // itself has no request to answer.
        if let Some(requested) = reassessment.requested_on {
            out.push(Deadline::limit(
                DeadlineKind::ReassessmentDecision(number),
                requested,
                plus_days(requested, REASSESSMENT_DECISION_DAYS),
                reassessment.decision.map(|(on, _)| on),
                today,
                REASSESSMENT_DECISION_RULE,
            ));
        }
        // The plan follows within 14 weeks of the decision to re-assess (reg 27(2)); a refusal
        // starts no such clock.
        if let Some(decided) = reassessment.reassess_on() {
            out.push(Deadline::limit(
                DeadlineKind::Reassessment(number),
                decided,
                plus_weeks(decided, REASSESSMENT_WEEKS),
                reassessment.plan_issued,
                today,
                REASSESSMENT_RULE,
            ));
        }
    }
}

/// The annual reviews (each counted from the plan or the previous review meeting), any earlier
/// under-five prompts, and for each review held its decision and amendment.
fn review_cycle(events: &CaseEvents, made: NaiveDate, today: NaiveDate, out: &mut Vec<Deadline>) {
    // The reviews in the order held, as `CaseEvents::reviews_in_order` gives them (a stable sort),
    // without allocating when they were entered in that order, as they almost always are.
    let sorted;
    let reviews = if events.reviews.is_sorted_by_key(|r| r.meeting_on) {
        events.reviews.as_slice()
    } else {
        let mut copy = events.reviews.clone();
        copy.sort_by_key(|r| r.meeting_on);
        sorted = copy;
        sorted.as_slice()
    };
    let mut trigger = made;
    for number in 1u32.. {
        let held = reviews.get(number as usize - 1).map(|r| r.meeting_on);
        let due = plus_months(trigger, TWELVE_MONTHS);
        if owed(events, due, held) {
            out.push(Deadline::limit(
                DeadlineKind::AnnualReview(number),
                trigger,
                due,
                held,
                today,
                ANNUAL_REVIEW_RULE,
            ));
        }
        if let (Some(months), Some(birth)) = (events.under_five_review_interval, events.birth_date)
        {
            let due = plus_months(trigger, months);
            if age_on(birth, trigger) < UNDER_FIVE && owed(events, due, held) {
                out.push(Deadline::limit(
                    DeadlineKind::UnderFiveReview(number),
                    trigger,
                    due,
                    held,
                    today,
                    UNDER_FIVE_RULE,
                ));
            }
        }
        match reviews.get(number as usize - 1) {
            Some(review) => {
                after_review(number, review, today, out);
                trigger = review.meeting_on;
            }
            None => break,
        }
    }
}

/// The decision after review `number` and, where amendments were proposed, the comment window
/// and the amended plan.
fn after_review(number: u32, review: &Review, today: NaiveDate, out: &mut Vec<Deadline>) {
    // Where the local authority amends, the decision is complete only when the proposed
    // amendments are sent with it (R (L) v Devon CC [2022]), so sending them is what meets this
    // deadline, whenever the decision to amend was recorded.
    let decided = match (review.decision, review.amendments_proposed_on) {
        (_, Some(proposed)) => Some(proposed),
        (Some((_, ReviewDecision::Amend)), None) | (None, None) => None,
        (Some((on, _)), None) => Some(on),
    };
    out.push(Deadline::limit(
        DeadlineKind::ReviewDecision(number),
        review.meeting_on,
        plus_days(review.meeting_on, REVIEW_DECISION_DAYS),
        decided,
        today,
        REVIEW_DECISION_RULE,
    ));
    if let Some(proposed) = review.amendments_proposed_on {
        out.push(Deadline::window(
            DeadlineKind::AmendmentCommentWindow(number),
            proposed,
            plus_days(proposed, COMMENT_DAYS),
            review.amended_plan_issued,
            today,
            AMENDMENT_WINDOW_RULE,
        ));
        out.push(Deadline::limit(
            DeadlineKind::AmendedPlan(number),
            proposed,
            plus_weeks(proposed, AMENDED_PLAN_WEEKS),
            review.amended_plan_issued,
            today,
            AMENDED_PLAN_RULE,
        ));
    }
}

/// Whether a plan deadline falling on `due` is owed: it has been met, or the plan had not
/// ceased by then. A plan that ceased before a deadline owes nothing on it.
fn owed(events: &CaseEvents, due: NaiveDate, met_on: Option<NaiveDate>) -> bool {
    met_on.is_some() || events.ceased_on.is_none_or(|ceased| ceased > due)
}

/// A date in the calendar, or chrono's last date for a year outside its range.
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MAX)
}
