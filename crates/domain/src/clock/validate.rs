//! Checks that a case's events are in an order that can have happened.

use chrono::NaiveDate;

use super::events::{AssessDecision, CaseEvents, IssueDecision, ReviewDecision};
use crate::FieldError;

/// The shortest period reg 10(4)(a), (b) and (d) allow, first and last day included: 4 weeks.
const FOUR_WEEKS_DAYS: i64 = 28;

/// Collects the problems found.
#[derive(Default)]
struct Problems(Vec<FieldError>);

impl Problems {
    fn add(&mut self, field: &'static str, problem: impl Into<String>) {
        self.0.push(FieldError::new(field, problem));
    }

    /// Records a problem when `later` is before `earlier`.
    fn not_before(
        &mut self,
        field: &'static str,
        later: Option<NaiveDate>,
        earlier: Option<NaiveDate>,
        problem: &str,
    ) {
        if let (Some(later), Some(earlier)) = (later, earlier)
            && later < earlier
        {
            self.add(field, problem);
        }
    }
}

impl CaseEvents {
    /// Checks that the events are in an order that can have happened, returning every problem
    /// found, each naming its field: for example a decision before the request, a final plan
    /// before the draft, advice received before it was asked for, an exception ending before it
    /// starts, or a review decision before the meeting.
    ///
    /// # Errors
    /// One [`FieldError`] for each problem.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut p = Problems::default();
        self.check_assessment(&mut p);
        self.check_exceptions(&mut p);
        self.check_plan(&mut p);
        if p.0.is_empty() { Ok(()) } else { Err(p.0) }
    }

    fn check_assessment(&self, p: &mut Problems) {
        let request = Some(self.request_received);
        let decided = self.decision.map(|(on, _)| on);
        let assessing = matches!(self.decision, Some((_, AssessDecision::Assess)));
        p.not_before(
            "decision",
            decided,
            request,
            "the decision whether to assess must be on or after the day the request was received",
        );
        for (n, advice) in (1..).zip(&self.advice) {
            p.not_before(
                "advice",
                Some(advice.requested_on),
                request,
                &format!("advice request {n} must be on or after the day the request was received"),
            );
            p.not_before(
                "advice",
                advice.received_on,
                Some(advice.requested_on),
                &format!("advice {n} cannot be received before it was asked for"),
            );
        }
        if let Some((on, outcome)) = self.assessment_outcome {
            if !assessing {
                p.add("assessment_outcome", "record the decision to assess first");
            }
            p.not_before(
                "assessment_outcome",
                Some(on),
                decided,
                "the outcome of the assessment must be on or after the decision to assess",
            );
            if outcome == IssueDecision::NoPlan
                && (self.draft_issued.is_some() || self.final_issued.is_some())
            {
                p.add(
                    "assessment_outcome",
                    "the outcome cannot be not to issue a plan when a plan has been drafted",
                );
            }
        }
        if self.draft_issued.is_some() && !assessing {
            p.add(
                "draft_issued",
                "record the decision to assess before the draft plan",
            );
        }
        let outcome_on = self.assessment_outcome.map(|(on, _)| on);
        p.not_before(
            "draft_issued",
            self.draft_issued,
            decided.max(outcome_on),
            "the draft plan must be on or after the decision to assess and the outcome",
        );
        if self.comments_received.is_some() && self.draft_issued.is_none() {
            p.add(
                "comments_received",
                "record the draft plan before comments on it",
            );
        }
        p.not_before(
            "comments_received",
            self.comments_received,
            self.draft_issued,
            "comments cannot be received before the draft plan was issued",
        );
        if self.final_issued.is_some() && self.draft_issued.is_none() {
            p.add(
                "final_issued",
                "record the draft plan before the final plan",
            );
        }
        p.not_before(
            "final_issued",
            self.final_issued,
            self.draft_issued,
            "the final plan must be on or after the draft plan",
        );
    }

    fn check_exceptions(&self, p: &mut Problems) {
        for (n, exception) in (1..).zip(&self.exceptions) {
            if exception.to < exception.from {
                p.add(
                    "exceptions",
                    format!("exception {n} must end on or after the day it starts"),
                );
            } else if exception.reason.needs_four_weeks()
                && (exception.to - exception.from).num_days() + 1 < FOUR_WEEKS_DAYS
            {
                p.add(
                    "exceptions",
                    format!("exception {n} must last at least 4 weeks for this reason"),
                );
            }
        }
    }

    fn check_plan(&self, p: &mut Problems) {
        let made = self.plan_start();
        if made.is_none() && !self.reviews.is_empty() {
            p.add(
                "reviews",
                "record when the plan was made before its reviews",
            );
        }
        for (n, review) in (1..).zip(&self.reviews) {
            p.not_before(
                "reviews",
                Some(review.meeting_on),
                made,
                &format!("review {n} must be on or after the day the plan was made"),
            );
            p.not_before(
                "reviews",
                review.decision.map(|(on, _)| on),
                Some(review.meeting_on),
                &format!("the decision after review {n} cannot be before its meeting"),
            );
            p.not_before(
                "reviews",
                review.amendments_proposed_on,
                Some(review.meeting_on),
                &format!("the amendments after review {n} cannot be proposed before its meeting"),
            );
            if review.amendments_proposed_on.is_some()
                && matches!(
                    review.decision,
                    Some((_, ReviewDecision::Maintain | ReviewDecision::Cease))
                )
            {
                p.add(
                    "reviews",
                    format!(
                        "amendments were proposed after review {n}, so the decision is to amend"
                    ),
                );
            }
            if review.amended_plan_issued.is_some() && review.amendments_proposed_on.is_none() {
                p.add(
                    "reviews",
                    format!(
                        "record the proposed amendments after review {n} before the amended plan"
                    ),
                );
            }
            p.not_before(
                "reviews",
                review.amended_plan_issued,
                review.amendments_proposed_on,
                &format!("the amended plan after review {n} cannot be before the proposals"),
            );
        }
        for (n, reassessment) in (1..).zip(&self.reassessments) {
            let decided = reassessment.decision.map(|(on, _)| on);
            p.not_before(
                "reassessments",
                reassessment.started_on(),
                made,
                &format!("re-assessment {n} must be on or after the day the plan was made"),
            );
            p.not_before(
                "reassessments",
                decided,
                reassessment.requested_on,
                &format!("the decision on re-assessment {n} cannot be before the request"),
            );
            if reassessment.plan_issued.is_some() && reassessment.reassess_on().is_none() {
                p.add(
                    "reassessments",
                    format!("re-assessment {n} has a plan issued but no decision to re-assess"),
                );
            }
            p.not_before(
                "reassessments",
                reassessment.plan_issued,
                decided,
                &format!("the plan after re-assessment {n} cannot be before the decision"),
            );
        }
        p.not_before(
            "cease_notice",
            self.cease_notice,
            made,
            "notice to cease must be on or after the day the plan was made",
        );
        p.not_before(
            "ceased_on",
            self.ceased_on,
            self.cease_notice.or(made),
            "the plan cannot cease before it was made or before the notice to cease",
        );
        if let Some(months) = self.under_five_review_interval {
            if !(1..=11).contains(&months) {
                p.add(
                    "under_five_review_interval",
                    "enter a number of months from 1 to 11 (the Code of Practice suggests 3 to 6)",
                );
            }
            if self.birth_date.is_none() {
                p.add(
                    "birth_date",
                    "enter the date of birth to prompt earlier reviews for a child under five",
                );
            }
        }
        p.not_before(
            "birth_date",
            Some(self.request_received),
            self.birth_date,
            "the date of birth must be on or before the day the request was received",
        );
    }
}
