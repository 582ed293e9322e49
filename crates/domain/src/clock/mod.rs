//! The statutory clock of an EHC needs assessment and plan, as pure functions.
//!
//! A case is a set of dated events ([`CaseEvents`]): the request, the decision to assess, advice,
//! the draft and final plan, then reviews, amendments and phase transfers. [`deadlines`] works out
//! every deadline those events set under the Children and Families Act 2014 Part 3, the SEND
//! Regulations 2014 and the SEND Code of Practice, and where each stands on a given day. Each rule
//! carries its citation in [`Deadline::rule`].
//!
//! # Counting
//! Week limits are calendar days from the trigger, `D + 7n`: a request received on day D has its
//! 20-week limit on D + 140 days, and a plan issued that day is in time. Month limits use calendar
//! months, clamped to the month end (see [`deadline`]). A deadline is met on time when it is met
//! on or before its due day, and due soon when today is on or before the due day and at most
//! 14 days before it.
//!
//! # Exceptions
//! The 6-week limit to decide whether to assess, the 16-week limit to notify that no plan will be
//! issued and the 20-week limit for the final plan do not apply where reg 10(4) applies
//! (regs 5(4), 10(4) and 13(3)). The rule used here: an exception applies to one of those
//! deadlines when its period, first and last day included, shares at least one day with the
//! deadline's running period, from its trigger to its due day, both included. The deadline keeps
//! its due day, and its state becomes [`DeadlineState::NotApplicable`] unless it was met on time.
//!
//! Why the running period ends at the due day and not at a later day the deadline was met: reg
//! 10(4) lifts a limit where an exception makes it impractical to meet it, and a period that
//! begins after the limit has passed cannot have made it impractical to meet; counting to the day
//! met would also let a late event change the state of a deadline already missed. Why a deadline
//! met on time stays [`DeadlineState::MetOnTime`]: it was evidently practical to meet, and a
//! caseworker reading the tray needs to see that it was. Whether an exception touched the
//! 20-week limit at all, met or not, is what SEN2 reports in `Week20`: see [`exceptions_apply`].

mod assessment;
#[macro_use]
mod codes;
pub mod deadline;
mod events;
mod plan;
mod stage;
mod validate;

#[cfg(test)]
mod cases;
#[cfg(test)]
mod cases_exceptions;
#[cfg(test)]
mod checks;
#[cfg(test)]
mod props;

use chrono::NaiveDate;

pub use assessment::{advice_due_on, decision_due_on};
pub use deadline::{Deadline, DeadlineKind, DeadlineState};
pub use events::{
    AdviceRequest, AdviceService, AssessDecision, CaseEvents, Exception, ExceptionReason,
    IssueDecision, PhaseTransfer, Reassessment, Review, ReviewDecision, TransferKind,
};

pub use stage::{Stage, stage};

use assessment::TWENTY_WEEKS;
use deadline::plus_weeks;

/// SEND Regulations 2014 reg. 5(4), applying reg 10(4) to the 6-week decision.
const DECISION_EXCEPTION_RULE: &str = "SEND Regulations 2014 reg. 5(4): the 6-week limit does \
     not apply where an exception of reg. 10(4) applies";
/// SEND Regulations 2014 reg. 10(4), for the 16-week notice.
const NO_PLAN_EXCEPTION_RULE: &str = "SEND Regulations 2014 reg. 10(4): the 16-week limit does \
     not apply where an exception applies";
/// SEND Regulations 2014 reg. 13(3), applying reg 10(4) to the final plan.
const FINAL_EXCEPTION_RULE: &str = "SEND Regulations 2014 reg. 13(3): the 20-week limit does \
     not apply where an exception of reg. 10(4) applies";

/// Every deadline set by `events`, with its state on `today`, in order of due day.
///
/// Which deadlines appear depends only on the events, never on `today`; `today` sets the states.
/// Expects events that pass [`CaseEvents::validate`]; other events still give an answer, but it
/// may not mean much.
#[must_use]
pub fn deadlines(events: &CaseEvents, today: NaiveDate) -> Vec<Deadline> {
    let mut out = Vec::with_capacity(most_deadlines(events));
    assessment::assessment_deadlines(events, today, &mut out);
    plan::plan_deadlines(events, today, &mut out);
    if !events.exceptions.is_empty() {
        for deadline in &mut out {
            if let Some(rule) = exception_rule(deadline.kind)
                && deadline.state != DeadlineState::MetOnTime
                && any_exception_overlaps(events, deadline.trigger, deadline.due)
            {
                deadline.state = DeadlineState::NotApplicable;
                deadline.rule = rule;
            }
        }
    }
    out.sort_by_key(|d| d.due);
    out
}

/// The most deadlines `events` can set, so that [`deadlines`] allocates once, neither growing its
/// vector nor asking for much more than it fills: at most four of the assessment (the decision,
/// the 16-week notice, the draft comment window, the final plan) and one per advice request; an
/// annual review for each review held and the one to come, and as many under-five prompts where
/// they are asked for; a decision after each review, with a comment window and an amended plan
/// where amendments were proposed; a phase transfer; two per re-assessment (the decision and the plan).
fn most_deadlines(events: &CaseEvents) -> usize {
    let reviews = events.reviews.len();
    let amended = events
        .reviews
        .iter()
        .filter(|r| r.amendments_proposed_on.is_some())
        .count();
    let cycles = if events.plan_start().is_some() {
        reviews + 1
    } else {
        0
    };
    let prompts = if events.under_five_review_interval.is_some() {
        cycles
    } else {
        0
    };
    4 + events.advice.len()
        + cycles
        + prompts
        + reviews
        + 2 * amended
        + usize::from(events.phase_transfer.is_some())
        + 2 * events.reassessments.len()
}

/// The deadlines of a plan in force only (reviews, amendments, phase transfers), for a plan whose
/// request is not on record: made before these records began, or transferred in from another
/// council (reg 15). `events.request_received` and the assessment events are ignored.
#[must_use]
pub fn plan_deadlines(events: &CaseEvents, today: NaiveDate) -> Vec<Deadline> {
    let mut out = Vec::new();
    plan::plan_deadlines(events, today, &mut out);
    out.sort_by_key(|d| d.due);
    out
}

/// The earliest deadline still owed (not yet due, due soon or overdue): the one a work tray sorts
/// a case by. Of two due the same day, the first in `deadlines`.
#[must_use]
pub fn next_deadline(deadlines: &[Deadline]) -> Option<&Deadline> {
    deadlines
        .iter()
        .filter(|d| d.state.is_open())
        .min_by_key(|d| d.due)
}

/// Whether a final plan issued on `final_issued` counts as issued within 20 weeks of a request
/// received on `request`, as the DfE's national statistics count it: the final issue date less the
/// request date is at most 20 weeks (140 days). Exceptions are not considered here.
#[must_use]
pub fn within_20_weeks(request: NaiveDate, final_issued: NaiveDate) -> bool {
    final_issued <= plus_weeks(request, TWENTY_WEEKS)
}

/// Whether an exception applied to the 20-week limit of this case: SEN2's `Week20` flag (1 when
/// exceptions apply). True when any recorded exception shares a day with the period from the
/// request to 20 weeks after it, whether or not the plan was issued in time.
#[must_use]
pub fn exceptions_apply(events: &CaseEvents) -> bool {
    let request = events.request_received;
    any_exception_overlaps(events, request, plus_weeks(request, TWENTY_WEEKS))
}

/// The rule by which exceptions lift this kind of deadline, if they can.
const fn exception_rule(kind: DeadlineKind) -> Option<&'static str> {
    match kind {
        DeadlineKind::DecisionToAssess => Some(DECISION_EXCEPTION_RULE),
        DeadlineKind::NoPlanNotice => Some(NO_PLAN_EXCEPTION_RULE),
        DeadlineKind::FinalPlan => Some(FINAL_EXCEPTION_RULE),
        _ => None,
    }
}

/// Whether any exception shares at least one day with `from..=to`.
fn any_exception_overlaps(events: &CaseEvents, from: NaiveDate, to: NaiveDate) -> bool {
    events
        .exceptions
        .iter()
        .any(|e| e.from <= to && e.to >= from)
}
