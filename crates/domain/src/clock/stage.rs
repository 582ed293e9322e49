//! Where a case stands: the stage a work tray files it under, worked out from its events.

use std::fmt;
use std::str::FromStr;

use super::events::{AssessDecision, CaseEvents, IssueDecision, ReviewDecision};
use crate::error::FieldError;

/// The stage of an EHC case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// A request received; the decision whether to assess is still to be made.
    AwaitingDecision,
    /// Assessing: advice is being gathered.
    Assessing,
    /// A draft plan has been served; the final plan is still to be issued.
    DraftPlan,
    /// A plan in force, between reviews.
    PlanInForce,
    /// A review meeting held, with its decision or amended plan still to come.
    Reviewing,
    /// Notice given that the plan will cease.
    Ceasing,
    /// Nothing more to do: refused, withdrawn, no plan, or the plan has ceased.
    Closed,
}

coded!(Stage, "stage", [
    AwaitingDecision => "awaiting_decision", "Awaiting decision to assess",
    Assessing => "assessing", "Assessing",
    DraftPlan => "draft_plan", "Draft plan",
    PlanInForce => "plan_in_force", "Plan in force",
    Reviewing => "reviewing", "Reviewing",
    Ceasing => "ceasing", "Ceasing",
    Closed => "closed", "Closed",
]);

/// The stage of a case. `withdrawn` says the request was withdrawn before a decision, which the
/// clock's events do not record. `request_on_record` is false for a plan whose request is not
/// held here (made before these records began, or transferred in): the request fields of
/// `events` are then ignored.
#[must_use]
pub fn stage(events: &CaseEvents, request_on_record: bool, withdrawn: bool) -> Stage {
    if events.ceased_on.is_some() {
        return Stage::Closed;
    }
    if events.cease_notice.is_some() {
        return Stage::Ceasing;
    }
    if events.plan_start().is_some() {
        let reviewing = events.reviews.iter().any(|r| match r.decision {
            None => true,
            Some((_, ReviewDecision::Amend)) => r.amended_plan_issued.is_none(),
            Some(_) => false,
        });
        return if reviewing {
            Stage::Reviewing
        } else {
            Stage::PlanInForce
        };
    }
    if !request_on_record || withdrawn {
        return Stage::Closed;
    }
    match (events.decision, events.assessment_outcome) {
        (None, _) => Stage::AwaitingDecision,
        (Some((_, AssessDecision::Refuse)), _) | (_, Some((_, IssueDecision::NoPlan))) => {
            Stage::Closed
        }
        _ if events.draft_issued.is_some() => Stage::DraftPlan,
        _ => Stage::Assessing,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::clock::Review;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_case_moves_through_the_stages_as_events_are_recorded() {
        let mut e = CaseEvents::requested(d("2026-01-05"));
        assert_eq!(stage(&e, true, false), Stage::AwaitingDecision);
        assert_eq!(stage(&e, true, true), Stage::Closed);
        e.decision = Some((d("2026-02-10"), AssessDecision::Assess));
        assert_eq!(stage(&e, true, false), Stage::Assessing);
        e.draft_issued = Some(d("2026-04-20"));
        assert_eq!(stage(&e, true, false), Stage::DraftPlan);
        e.final_issued = Some(d("2026-05-20"));
        assert_eq!(stage(&e, true, false), Stage::PlanInForce);
        e.reviews.push(Review::held(d("2027-05-01")));
        assert_eq!(stage(&e, true, false), Stage::Reviewing);
        e.reviews[0].decision = Some((d("2027-05-20"), ReviewDecision::Maintain));
        assert_eq!(stage(&e, true, false), Stage::PlanInForce);
        e.cease_notice = Some(d("2028-07-01"));
        assert_eq!(stage(&e, true, false), Stage::Ceasing);
        e.ceased_on = Some(d("2028-08-31"));
        assert_eq!(stage(&e, true, false), Stage::Closed);
    }

    #[test]
    fn refusals_and_no_plan_close_the_case() {
        let mut e = CaseEvents::requested(d("2026-01-05"));
        e.decision = Some((d("2026-02-10"), AssessDecision::Refuse));
        assert_eq!(stage(&e, true, false), Stage::Closed);
        e.decision = Some((d("2026-02-10"), AssessDecision::Assess));
        e.assessment_outcome = Some((d("2026-04-10"), IssueDecision::NoPlan));
        assert_eq!(stage(&e, true, false), Stage::Closed);
        assert_eq!("draft_plan".parse::<Stage>(), Ok(Stage::DraftPlan));
    }
}
