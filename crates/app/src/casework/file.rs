//! A case file: everything recorded about one child's EHC case, read together, and what the
//! statutory clock makes of it. Pure: no database here, so the single-case and whole-council
//! paths share it.

use chrono::NaiveDate;
use domain::clock::{
    self, AdviceRequest, AssessDecision, CaseEvents, Deadline, Exception, IssueDecision,
    PhaseTransfer, Reassessment, Review, Stage, TransferKind,
};
use domain::{AssessmentOutcome, RequestOutcome};
use store::{
    AdviceRow, ExceptionRow, PhaseTransferRow, PlanRow, ReassessmentRow, RequestRow, ReviewRow,
};

/// Everything the clock reads about one child.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseFile {
    pub birth_date: Option<NaiveDate>,
    pub requests: Vec<RequestRow>,
    pub plans: Vec<PlanRow>,
    pub advice: Vec<AdviceRow>,
    pub exceptions: Vec<ExceptionRow>,
    pub reviews: Vec<ReviewRow>,
    pub transfers: Vec<PhaseTransferRow>,
    pub reassessments: Vec<ReassessmentRow>,
    /// The council's under-fives review prompt, in months (SEND Code of Practice 9.178).
    pub under_five_review_months: Option<u32>,
}

/// What the clock makes of a case file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseClock {
    pub stage: Stage,
    /// Every deadline with its state on the day asked about, in order of due day.
    pub deadlines: Vec<Deadline>,
    /// The earliest deadline still owed, whatever the day: see [`next_owed`].
    pub next: Option<Deadline>,
    /// The request the clock counted from, if it is on record.
    pub request_id: Option<i64>,
    /// The plan the clock counted reviews from.
    pub plan_id: Option<i64>,
}

impl CaseFile {
    /// The newest request.
    #[must_use]
    pub fn current_request(&self) -> Option<&RequestRow> {
        self.requests
            .iter()
            .max_by_key(|r| (r.received_on, r.request_id))
    }

    /// The newest plan, in force or not.
    #[must_use]
    pub fn current_plan(&self) -> Option<&PlanRow> {
        self.plans.iter().max_by_key(|p| (p.start_on, p.plan_id))
    }

    /// The events the clock reads, which request and plan they came from, and whether the
    /// request was withdrawn. `None` when there is neither a request nor a plan.
    ///
    /// The clock follows the newest request and the newest plan. When the plan came from that
    /// request (or there is no newer request than the plan) they make one case. A request newer
    /// than the plan starts a case of its own: a new assessment after a plan ceased, or a
    /// re-assessment while it runs, which the plan's reviews do not count towards.
    #[must_use]
    pub fn events(&self) -> Option<(CaseEvents, Option<&RequestRow>, Option<&PlanRow>, bool)> {
        let request = self.current_request();
        let plan = self.current_plan();
        let (request, plan) = match (request, plan) {
            (None, None) => return None,
            (Some(r), Some(p)) if p.request_id == Some(r.request_id) => (Some(r), Some(p)),
            (Some(r), Some(p)) if r.received_on > p.start_on => (Some(r), None),
            (Some(_), Some(p)) => (None, Some(p)),
            (r, p) => (r, p),
        };
        let start = request
            .map(|r| r.received_on)
            .or(plan.map(|p| p.start_on))?;
        let mut events = CaseEvents::requested(start);
        events.birth_date = self.birth_date;
        events.under_five_review_interval = self.under_five_review_months;
        let mut withdrawn = false;
        if let Some(r) = request {
            self.fill_request(&mut events, r);
            withdrawn = r.outcome == RequestOutcome::Withdrawn.code();
        }
        if let Some(p) = plan {
            self.fill_plan(&mut events, p, request.is_some());
        }
        Some((events, request, plan, withdrawn))
    }

    fn fill_request(&self, events: &mut CaseEvents, r: &RequestRow) {
        events.decision = match (r.outcome.parse::<RequestOutcome>(), r.outcome_on) {
            (Ok(RequestOutcome::Yes), Some(on)) => Some((on, AssessDecision::Assess)),
            (Ok(RequestOutcome::No), Some(on)) => Some((on, AssessDecision::Refuse)),
            _ => None,
        };
        events.assessment_outcome = match (
            r.assessment_outcome
                .as_deref()
                .map(str::parse::<AssessmentOutcome>),
            r.assessment_outcome_on,
        ) {
            (Some(Ok(AssessmentOutcome::Yes)), Some(on)) => Some((on, IssueDecision::IssuePlan)),
            (Some(Ok(AssessmentOutcome::No)), Some(on)) => Some((on, IssueDecision::NoPlan)),
            _ => None,
        };
        events.draft_issued = r.draft_issued_on;
        events.comments_received = r.comments_received_on;
        events.advice = self
            .advice
            .iter()
            .filter(|a| a.request_id == r.request_id)
            .filter_map(|a| {
                Some(AdviceRequest {
                    service: a.service.parse().ok()?,
                    requested_on: a.requested_on,
                    received_on: a.received_on,
                })
            })
            .collect();
        events.exceptions = self
            .exceptions
            .iter()
            .filter(|e| e.request_id == r.request_id)
            .filter_map(|e| {
                Some(Exception {
                    reason: e.reason.parse().ok()?,
                    from: e.from_on,
                    to: e.to_on,
                })
            })
            .collect();
    }

    fn fill_plan(&self, events: &mut CaseEvents, p: &PlanRow, from_request: bool) {
        if from_request {
            events.final_issued = Some(p.start_on);
        } else {
            events.plan_made = Some(p.start_on);
        }
        events.cease_notice = p.cease_notice_on;
        events.ceased_on = p.cease_on;
        events.reviews = self
            .reviews
            .iter()
            .filter(|r| r.plan_id == p.plan_id)
            .map(|r| Review {
                meeting_on: r.meeting_on,
                decision: match (r.decision.as_deref().map(str::parse), r.decision_on) {
                    (Some(Ok(decision)), Some(on)) => Some((on, decision)),
                    _ => None,
                },
                amendments_proposed_on: r.amendments_proposed_on,
                amended_plan_issued: r.amended_plan_issued_on,
            })
            .collect();
        events.phase_transfer = self
            .transfers
            .iter()
            .filter(|t| t.plan_id == p.plan_id)
            .max_by_key(|t| t.transfer_id)
            .and_then(phase_transfer);
        events.reassessments = self
            .reassessments
            .iter()
            .filter(|r| r.plan_id == p.plan_id)
            .map(reassessment)
            .collect();
    }

    /// The re-assessment of the plan still running: undecided, or decided with the plan not yet
    /// issued. There is at most one at a time.
    #[must_use]
    pub fn open_reassessment(&self, plan_id: i64) -> Option<&ReassessmentRow> {
        self.reassessments.iter().find(|r| {
            r.plan_id == plan_id
                && (r.decision.is_none()
                    || (r.decision.as_deref() == Some(ASSESS) && r.plan_issued_on.is_none()))
        })
    }

    /// The clock of this case on `today`; `None` for a child with no request or plan.
    #[must_use]
    pub fn clock(&self, today: NaiveDate) -> Option<CaseClock> {
        let (events, request, plan, withdrawn) = self.events()?;
        let deadlines = if request.is_some() {
            clock::deadlines(&events, today)
        } else {
            clock::plan_deadlines(&events, today)
        };
        Some(CaseClock {
            stage: clock::stage(&events, request.is_some(), withdrawn),
            next: next_owed(&deadlines),
            deadlines,
            request_id: request.map(|r| r.request_id),
            plan_id: plan.map(|p| p.plan_id),
        })
    }
}

/// The stored decision to re-assess (`refuse` otherwise).
pub(crate) const ASSESS: &str = "assess";

/// A stored re-assessment as the clock reads it.
fn reassessment(r: &ReassessmentRow) -> Reassessment {
    let decision = match (r.decision.as_deref(), r.decided_on) {
        (Some(ASSESS), Some(on)) => Some((on, AssessDecision::Assess)),
        (Some(_), Some(on)) => Some((on, AssessDecision::Refuse)),
        _ => None,
    };
    Reassessment {
        requested_on: r.requested_on,
        decision,
        plan_issued: r.plan_issued_on,
    }
}

/// The earliest deadline not yet met, leaving out comment windows (nothing is owed on those; the
/// act they hold back has its own deadline). Unlike [`clock::next_deadline`] this does not depend
/// on the day: a limit lifted by an exception still counts, since the act is still owed as soon
/// as practicable. So it can be stored with the case and a work tray sorted by it.
#[must_use]
pub fn next_owed(deadlines: &[Deadline]) -> Option<Deadline> {
    deadlines
        .iter()
        .filter(|d| d.met_on.is_none() && !d.kind.is_window())
        .min_by_key(|d| d.due)
        .copied()
}

/// The stored phase transfer as the clock's event.
fn phase_transfer(t: &PhaseTransferRow) -> Option<PhaseTransfer> {
    let year = t.transfer_year.and_then(|y| i32::try_from(y).ok());
    let kind = match t.kind.as_str() {
        "into_school_phase" => TransferKind::IntoSchoolPhase { year: year? },
        "secondary_to_post16" => TransferKind::SecondaryToPost16 { year: year? },
        "between_post16" => TransferKind::BetweenPost16 {
            transfer_on: t.transfer_on?,
        },
        _ => return None,
    };
    Some(PhaseTransfer {
        kind,
        amended_on: t.amended_on,
    })
}

/// The stored code of a phase transfer kind.
#[must_use]
pub fn transfer_kind_code(kind: TransferKind) -> &'static str {
    match kind {
        TransferKind::IntoSchoolPhase { .. } => "into_school_phase",
        TransferKind::SecondaryToPost16 { .. } => "secondary_to_post16",
        TransferKind::BetweenPost16 { .. } => "between_post16",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use domain::clock::DeadlineKind;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn request(id: i64, received: &str, outcome: &str, on: Option<&str>) -> RequestRow {
        RequestRow {
            la_id: 801,
            request_id: id,
            child_id: 1,
            received_on: d(received),
            source: "parent".into(),
            outcome: outcome.into(),
            outcome_on: on.map(d),
            assessment_outcome: None,
            assessment_outcome_on: None,
            week20_exception: false,
            decision_reasons: None,
            draft_issued_on: None,
            comments_received_on: None,
        }
    }

    fn plan(id: i64, request_id: Option<i64>, start: &str, cease: Option<&str>) -> PlanRow {
        PlanRow {
            la_id: 801,
            plan_id: id,
            child_id: 1,
            request_id,
            start_on: d(start),
            cease_on: cease.map(d),
            cease_reason: cease.map(|_| "2".into()),
            cease_notice_on: None,
            transferred_in_from: None,
            transferred_out_to: None,
        }
    }

    #[test]
    fn a_plan_whose_request_is_not_on_record_owes_only_reviews() {
        let file = CaseFile {
            plans: vec![plan(1, None, "2024-03-01", None)],
            ..Default::default()
        };
        let clock = file.clock(d("2026-11-23")).unwrap();
        assert_eq!(clock.stage, Stage::PlanInForce);
        assert_eq!(clock.request_id, None);
        assert!(
            clock
                .deadlines
                .iter()
                .all(|dl| matches!(dl.kind, DeadlineKind::AnnualReview(_)))
        );
        // Reviews within 12 months of the plan, then of the last review: none held, so the
        // first, due 1 March 2025, is still owed.
        assert_eq!(clock.next.unwrap().due, d("2025-03-01"));
    }

    #[test]
    fn a_new_request_after_a_plan_ceased_starts_its_own_case() {
        let file = CaseFile {
            requests: vec![
                request(1, "2021-01-04", "Y", Some("2021-02-01")),
                request(2, "2026-09-01", "A", None),
            ],
            plans: vec![plan(1, Some(1), "2021-05-10", Some("2023-07-31"))],
            ..Default::default()
        };
        let clock = file.clock(d("2026-11-23")).unwrap();
        assert_eq!(clock.stage, Stage::AwaitingDecision);
        assert_eq!((clock.request_id, clock.plan_id), (Some(2), None));
        let next = clock.next.unwrap();
        assert_eq!(
            (next.kind, next.due),
            (DeadlineKind::DecisionToAssess, d("2026-10-13"))
        );
    }

    #[test]
    fn the_next_owed_deadline_does_not_depend_on_the_day() {
        let mut r = request(1, "2026-03-02", "Y", Some("2026-04-10"));
        r.assessment_outcome = Some("Y".into());
        r.assessment_outcome_on = Some(d("2026-06-15"));
        r.draft_issued_on = Some(d("2026-06-15"));
        let file = CaseFile {
            requests: vec![r],
            ..Default::default()
        };
        let early = file.clock(d("2026-06-16")).unwrap().next;
        let late = file.clock(d("2027-01-01")).unwrap().next;
        assert_eq!(early.map(|n| n.due), late.map(|n| n.due));
        // The comment window is not owed by the council; the final plan is.
        assert_eq!(early.unwrap().kind, DeadlineKind::FinalPlan);
        assert_eq!(file.clock(d("2026-06-16")).unwrap().stage, Stage::DraftPlan);
    }

    #[test]
    fn a_withdrawn_request_closes_the_case() {
        let file = CaseFile {
            requests: vec![request(1, "2026-03-02", "W", Some("2026-03-20"))],
            ..Default::default()
        };
        assert_eq!(file.clock(d("2026-11-23")).unwrap().stage, Stage::Closed);
        assert_eq!(CaseFile::default().clock(d("2026-11-23")), None);
    }
}
