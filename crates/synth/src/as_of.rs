//! The council as it stands on today: every event drawn for a later day is not known yet.
//!
//! The earlier stages draw each case to its end, so a case cut here is left exactly where a
//! real one would be: a request with its decision still to come, advice asked for and not
//! back, a draft with no final, a review meeting with no decision, a transfer not yet amended.
//! Then the events are numbered from 1 in the order they were made.

use chrono::NaiveDate;
use domain::RequestOutcome;

use crate::model::Council;

fn known(on: Option<NaiveDate>, today: NaiveDate) -> Option<NaiveDate> {
    on.filter(|d| *d <= today)
}

/// Cuts the council at `council.today` and numbers the events.
pub(crate) fn cut(c: &mut Council) {
    let today = c.today;
    for r in &mut c.requests {
        if r.outcome_on.is_none_or(|d| d > today) {
            r.outcome = RequestOutcome::Awaiting;
            r.outcome_on = None;
            r.decision_reasons = None;
            r.assessment_outcome = None;
            r.assessment_outcome_on = None;
        }
        if r.assessment_outcome_on.is_none_or(|d| d > today) {
            r.assessment_outcome = None;
            r.assessment_outcome_on = None;
        }
        r.draft_issued_on = known(r.draft_issued_on, today);
        r.comments_received_on = known(r.comments_received_on, today);
    }
    for p in &mut c.plans {
        p.cease_notice_on = known(p.cease_notice_on, today);
    }
    c.advice.retain(|a| a.requested_on <= today);
    for a in &mut c.advice {
        a.received_on = known(a.received_on, today);
    }
    // An exception is recorded once its period is over; until then the request carries no
    // SEN2 Week20 flag.
    c.exceptions.retain(|e| e.to_on <= today);
    let mut excepted = vec![false; c.requests.len() + 1];
    for e in &c.exceptions {
        excepted[e.request_id as usize] = true;
    }
    for r in &mut c.requests {
        r.week20_exception = excepted[r.id as usize];
    }
    c.reviews.retain(|r| r.meeting_on <= today);
    for r in &mut c.reviews {
        if r.decision_on.is_none_or(|d| d > today) {
            r.decision = None;
            r.decision_on = None;
            r.amendments_proposed_on = None;
        }
        r.amendments_proposed_on = known(r.amendments_proposed_on, today);
        r.amended_plan_issued_on =
            known(r.amended_plan_issued_on, today).filter(|_| r.amendments_proposed_on.is_some());
    }
    for t in &mut c.phase_transfers {
        t.amended_on = known(t.amended_on, today);
        if t.amended_on.is_none() {
            t.next_setting_id = None;
        }
    }
    c.markers.retain(|m| m.opened_on <= today);
    for m in &mut c.markers {
        if m.closed_on.is_none_or(|d| d > today) {
            m.closed_on = None;
            m.outcome = None;
        }
    }
    number(c);
}

fn number(c: &mut Council) {
    for (i, a) in c.advice.iter_mut().enumerate() {
        a.id = i as i64 + 1;
    }
    for (i, e) in c.exceptions.iter_mut().enumerate() {
        e.id = i as i64 + 1;
    }
    for (i, r) in c.reviews.iter_mut().enumerate() {
        r.id = i as i64 + 1;
    }
    for (i, t) in c.phase_transfers.iter_mut().enumerate() {
        t.id = i as i64 + 1;
    }
    c.markers.sort_by_key(|m| (m.opened_on, m.child_id));
    for (i, m) in c.markers.iter_mut().enumerate() {
        m.id = i as i64 + 1;
    }
}
