//! Property tests over generated cases that pass validation.

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

use super::*;

/// Reads generated numbers one at a time to build a case, so proptest shrinks the numbers and
/// the case shrinks with them.
struct Dice<'a>(std::slice::Iter<'a, u32>);

impl Dice<'_> {
    /// A number from 0 to `n - 1`.
    fn below(&mut self, n: u32) -> u32 {
        self.0.next().copied().unwrap_or(0) % n
    }

    /// Days from 0 to `n - 1`.
    fn days(&mut self, n: u32) -> Days {
        Days::new(u64::from(self.below(n)))
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: u32) -> bool {
        self.below(n) == 0
    }
}

const SERVICES: [AdviceService; 5] = [
    AdviceService::EducationalPsychology,
    AdviceService::Health,
    AdviceService::SocialCare,
    AdviceService::Education,
    AdviceService::Other,
];
const REASONS: [ExceptionReason; 4] = [
    ExceptionReason::SchoolClosure,
    ExceptionReason::EarlyYearsClosure,
    ExceptionReason::PersonalCircumstances,
    ExceptionReason::AbsentFromArea,
];
const REVIEW_DECISIONS: [ReviewDecision; 3] = [
    ReviewDecision::Maintain,
    ReviewDecision::Amend,
    ReviewDecision::Cease,
];

/// A valid case and a day to look at it, built from generated numbers.
fn build(numbers: &[u32]) -> (CaseEvents, NaiveDate) {
    let c = &mut Dice(numbers.iter());
    let base = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let request = base + c.days(2000);
    let mut e = CaseEvents::requested(request);
    if !c.one_in(5) {
        let assess = if c.one_in(4) {
            AssessDecision::Refuse
        } else {
            AssessDecision::Assess
        };
        e.decision = Some((request + c.days(80), assess));
    }
    for _ in 0..c.below(3) {
        let requested_on = request + c.days(100);
        let received_on = (!c.one_in(3)).then(|| requested_on + c.days(80));
        let service = SERVICES[c.below(5) as usize];
        e.advice.push(AdviceRequest {
            service,
            requested_on,
            received_on,
        });
    }
    if let Some((decided, AssessDecision::Assess)) = e.decision {
        match c.below(4) {
            0 => {}
            1 => e.assessment_outcome = Some((decided + c.days(120), IssueDecision::NoPlan)),
            _ => {
                if c.one_in(2) {
                    e.assessment_outcome = Some((decided + c.days(100), IssueDecision::IssuePlan));
                }
                let after = e.assessment_outcome.map_or(decided, |(on, _)| on);
                if !c.one_in(4) {
                    let draft = after + c.days(60);
                    e.draft_issued = Some(draft);
                    e.comments_received = c.one_in(2).then(|| draft + c.days(30));
                    e.final_issued = (!c.one_in(3)).then(|| draft + c.days(40));
                }
            }
        }
    }
    for _ in 0..c.below(3) {
        let reason = REASONS[c.below(4) as usize];
        let from = request - Days::new(30) + c.days(250);
        let least = if reason.needs_four_weeks() { 27 } else { 0 };
        let to = from + Days::new(least) + c.days(60);
        e.exceptions.push(Exception { reason, from, to });
    }
    if e.final_issued.is_none() && c.one_in(3) {
        e.plan_made = Some(request + c.days(300));
    }
    if let Some(made) = e.plan_start() {
        let mut previous = made;
        for _ in 0..c.below(4) {
            let meeting_on = previous + Days::new(30) + c.days(500);
            let proposed = c.one_in(2).then(|| meeting_on + c.days(60));
            let decision = c.one_in(2).then(|| {
                let kind = if proposed.is_some() {
                    ReviewDecision::Amend
                } else {
                    REVIEW_DECISIONS[c.below(3) as usize]
                };
                (meeting_on + c.days(60), kind)
            });
            let amended = proposed.filter(|_| c.one_in(2)).map(|p| p + c.days(90));
            e.reviews.push(Review {
                meeting_on,
                decision,
                amendments_proposed_on: proposed,
                amended_plan_issued: amended,
            });
            previous = meeting_on;
        }
        for _ in 0..c.below(2) {
            let requested_on = c.one_in(2).then(|| made + c.days(800));
            let decided_on = requested_on.unwrap_or(made) + c.days(40);
            let decision = if c.one_in(4) {
                AssessDecision::Refuse
            } else {
                AssessDecision::Assess
            };
            let decided = requested_on.is_none() || c.one_in(2);
            let plan_issued = (decided && decision == AssessDecision::Assess && c.one_in(2))
                .then(|| decided_on + c.days(150));
            e.reassessments.push(Reassessment {
                requested_on,
                decision: decided.then_some((decided_on, decision)),
                plan_issued,
            });
        }
        if c.one_in(4) {
            let notice = made + c.days(1000);
            e.cease_notice = Some(notice);
            e.ceased_on = c.one_in(2).then(|| notice + c.days(100));
        }
    }
    if c.one_in(3) {
        let year = request.year() + c.below(4).cast_signed();
        let kind = match c.below(3) {
            0 => TransferKind::IntoSchoolPhase { year },
            1 => TransferKind::SecondaryToPost16 { year },
            _ => TransferKind::BetweenPost16 {
                transfer_on: request + c.days(1500),
            },
        };
        let amended_on = c.one_in(2).then(|| request + c.days(1500));
        e.phase_transfer = Some(PhaseTransfer { kind, amended_on });
    }
    if c.one_in(3) {
        e.under_five_review_interval = Some(1 + c.below(11));
        e.birth_date = Some(request - c.days(3000));
    }
    let today = request + c.days(2500);
    (e, today)
}

/// The last day of anything that has happened on the case.
fn latest_event(e: &CaseEvents) -> NaiveDate {
    let mut days = vec![e.request_received];
    days.extend(e.decision.map(|(on, _)| on));
    for a in &e.advice {
        days.push(a.requested_on);
        days.extend(a.received_on);
    }
    days.extend(e.assessment_outcome.map(|(on, _)| on));
    days.extend(
        [
            e.draft_issued,
            e.comments_received,
            e.final_issued,
            e.plan_made,
        ]
        .into_iter()
        .flatten(),
    );
    days.extend(e.exceptions.iter().map(|x| x.to));
    for r in &e.reviews {
        days.push(r.meeting_on);
        days.extend(r.decision.map(|(on, _)| on));
        days.extend(
            [r.amendments_proposed_on, r.amended_plan_issued]
                .into_iter()
                .flatten(),
        );
    }
    for r in &e.reassessments {
        days.extend(r.requested_on);
        days.extend(r.decision.map(|(on, _)| on));
        days.extend(r.plan_issued);
    }
    days.extend(e.phase_transfer.and_then(|t| t.amended_on));
    days.extend([e.cease_notice, e.ceased_on].into_iter().flatten());
    days.into_iter().max().unwrap()
}

/// Records one more event on `day`, after everything else; false if `choice` found none to add.
fn record_later(e: &mut CaseEvents, day: NaiveDate, choice: u32) -> bool {
    let pending_review = e.reviews.iter_mut().find(|r| r.decision.is_none());
    match choice % 8 {
        0 if e.decision.is_none() => e.decision = Some((day, AssessDecision::Assess)),
        1 if e.draft_issued.is_some() && e.final_issued.is_none() => e.final_issued = Some(day),
        2 if e.advice.iter().any(|a| a.received_on.is_none()) => {
            let advice = e.advice.iter_mut().find(|a| a.received_on.is_none());
            advice.into_iter().for_each(|a| a.received_on = Some(day));
        }
        3 if pending_review.is_some() => {
            if let Some(review) = pending_review {
                let kind = if review.amendments_proposed_on.is_some() {
                    ReviewDecision::Amend
                } else {
                    ReviewDecision::Maintain
                };
                review.decision = Some((day, kind));
            }
        }
        4 if e.phase_transfer.is_some_and(|t| t.amended_on.is_none()) => {
            e.phase_transfer
                .iter_mut()
                .for_each(|t| t.amended_on = Some(day));
        }
        5 if e.plan_start().is_some() && e.ceased_on.is_none() => e.ceased_on = Some(day),
        6 if e.reassessments.iter().any(|r| r.decision.is_none()) => {
            let open = e.reassessments.iter_mut().find(|r| r.decision.is_none());
            open.into_iter()
                .for_each(|r| r.decision = Some((day, AssessDecision::Assess)));
        }
        7 if e
            .reassessments
            .iter()
            .any(|r| r.reassess_on().is_some() && r.plan_issued.is_none()) =>
        {
            let open = e
                .reassessments
                .iter_mut()
                .find(|r| r.reassess_on().is_some() && r.plan_issued.is_none());
            open.into_iter().for_each(|r| r.plan_issued = Some(day));
        }
        _ if e.plan_start().is_some() => e.reviews.push(Review::held(day)),
        _ => return false,
    }
    true
}

fn numbers() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(any::<u32>(), 80)
}

proptest! {
    #[test]
    fn generated_cases_are_valid(n in numbers()) {
        let (events, _) = build(&n);
        prop_assert_eq!(events.validate(), Ok(()));
    }

    #[test]
    fn a_due_date_is_never_before_its_trigger(n in numbers()) {
        let (events, today) = build(&n);
        for deadline in deadlines(&events, today) {
            prop_assert!(deadline.trigger <= deadline.due, "{:?}", deadline);
        }
    }

    #[test]
    fn a_later_event_never_undoes_a_deadline_met_on_time(
        n in numbers(),
        gap in 0u64..400,
        choice in 0u32..8,
    ) {
        let (mut events, today) = build(&n);
        let before = deadlines(&events, today);
        let day = latest_event(&events) + Days::new(gap);
        prop_assume!(record_later(&mut events, day, choice));
        prop_assert_eq!(events.validate(), Ok(()));
        let after = deadlines(&events, today.max(day));
        for met in before.iter().filter(|d| d.state == DeadlineState::MetOnTime) {
            let still = after.iter().any(|d| {
                d.kind == met.kind && d.trigger == met.trigger && d.state == DeadlineState::MetOnTime
            });
            prop_assert!(still, "{:?} lost after recording {} in {:?}", met, day, after);
        }
    }

    #[test]
    fn moving_today_forward_keeps_met_deadlines_as_they_were(n in numbers(), later in 0u64..3000) {
        let (events, today) = build(&n);
        let now = deadlines(&events, today);
        let then = deadlines(&events, today + Days::new(later));
        prop_assert_eq!(now.len(), then.len());
        for (a, b) in now.iter().zip(&then) {
            prop_assert_eq!((a.kind, a.trigger, a.due), (b.kind, b.trigger, b.due));
            if matches!(a.state, DeadlineState::MetOnTime | DeadlineState::MetLate) {
                prop_assert_eq!(a.state, b.state);
            }
        }
    }

    #[test]
    fn no_exceptions_never_gives_not_applicable(n in numbers()) {
        let (mut events, today) = build(&n);
        events.exceptions.clear();
        prop_assert!(!exceptions_apply(&events));
        for deadline in deadlines(&events, today) {
            prop_assert_ne!(deadline.state, DeadlineState::NotApplicable);
        }
    }

    #[test]
    fn the_next_deadline_is_open_and_earliest(n in numbers()) {
        let (events, today) = build(&n);
        let all = deadlines(&events, today);
        match next_deadline(&all) {
            Some(next) => {
                prop_assert!(next.state.is_open());
                prop_assert!(all.iter().filter(|d| d.state.is_open()).all(|d| d.due >= next.due));
            }
            None => prop_assert!(all.iter().all(|d| !d.state.is_open())),
        }
    }

    #[test]
    fn within_20_weeks_agrees_with_the_final_plan_deadline(n in numbers()) {
        let (events, today) = build(&n);
        if let Some(issued) = events.final_issued {
            let final_plan = deadlines(&events, today)
                .into_iter()
                .find(|d| d.kind == DeadlineKind::FinalPlan)
                .unwrap();
            let on_time = final_plan.state == DeadlineState::MetOnTime;
            prop_assert_eq!(within_20_weeks(events.request_received, issued), on_time);
        }
    }
}
