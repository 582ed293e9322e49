//! Property tests over generated records of requests, reviews and ceased plans.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::*;

/// A day from 2022 to early 2026, so that cases straddle the ends of the years looked at.
fn day(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + Days::new(u64::from(offset % 1500))
}

fn later(date: NaiveDate, days: u32) -> NaiveDate {
    date + Days::new(u64::from(days % 400))
}

prop_compose! {
    fn request()(
        received in any::<u32>(),
        decision in proptest::option::of((any::<u32>(), any::<bool>())),
        outcome in proptest::option::of((any::<u32>(), any::<bool>())),
        issued in proptest::option::of(any::<u32>()),
        week20_exception in any::<bool>(),
    ) -> RequestFacts {
        let received_on = day(received);
        RequestFacts {
            received_on,
            decision: decision.map(|(days, assess)| {
                let decision = if assess { AssessDecision::Assess } else { AssessDecision::Refuse };
                (later(received_on, days), decision)
            }),
            assessment_outcome: outcome.map(|(days, plan)| {
                let outcome = if plan { IssueDecision::IssuePlan } else { IssueDecision::NoPlan };
                (later(received_on, days), outcome)
            }),
            final_issued: issued.map(|days| later(received_on, days)),
            week20_exception,
        }
    }
}

prop_compose! {
    fn review()(meeting in any::<u32>(), decided in proptest::option::of(any::<u32>()))
        -> ReviewFacts {
        let meeting_on = day(meeting);
        ReviewFacts { meeting_on, decision_on: decided.map(|days| later(meeting_on, days)) }
    }
}

prop_compose! {
    fn ceased()(on in any::<u32>(), reason in 0..CeaseReason::ALL.len()) -> CeasedPlan {
        CeasedPlan { ceased_on: day(on), reason: CeaseReason::ALL[reason] }
    }
}

fn ratios(m: &EhcMeasures) -> [Ratio; 6] {
    [
        m.decisions_within_6_weeks,
        m.requests_refused,
        m.assessments_without_plan,
        m.within_20_weeks_incl_exceptions,
        m.within_20_weeks_excl_exceptions,
        m.review_decisions_within_4_weeks,
    ]
}

fn add(a: Ratio, b: Ratio) -> Ratio {
    Ratio {
        numerator: a.numerator + b.numerator,
        denominator: a.denominator + b.denominator,
    }
}

proptest! {
    #[test]
    fn numerators_never_exceed_denominators_and_exceptions_only_shrink(
        requests in proptest::collection::vec(request(), 0..40),
        reviews in proptest::collection::vec(review(), 0..20),
        ceased in proptest::collection::vec(ceased(), 0..10),
        year in 2022..2026i32,
        month in 1..=12u32,
    ) {
        for period in [Period::Year(year), Period::Month(year, month)] {
            let m = measures(period, &requests, &reviews, &ceased);
            for r in ratios(&m) {
                prop_assert!(r.numerator <= r.denominator, "{period}: {r:?}");
                if let Some(p) = r.percent() {
                    prop_assert!((0.0..=100.0).contains(&p));
                }
            }
            let incl = m.within_20_weeks_incl_exceptions;
            let excl = m.within_20_weeks_excl_exceptions;
            prop_assert!(excl.denominator <= incl.denominator);
            prop_assert!(excl.numerator <= incl.numerator);
            prop_assert!(m.review_decisions_within_4_weeks.denominator <= m.review_meetings_held);
            prop_assert!(m.requests_refused.denominator == m.decisions_within_6_weeks.denominator);
        }
    }

    #[test]
    fn the_months_add_up_to_the_year(
        requests in proptest::collection::vec(request(), 0..40),
        reviews in proptest::collection::vec(review(), 0..20),
        ceased in proptest::collection::vec(ceased(), 0..10),
        year in 2022..2026i32,
    ) {
        let whole = measures(Period::Year(year), &requests, &reviews, &ceased);
        let months = by_month(year, &requests, &reviews, &ceased);
        prop_assert_eq!(months.len(), 12);
        let mut sum = EhcMeasures::default();
        for (_, m) in &months {
            sum.requests_received += m.requests_received;
            sum.review_meetings_held += m.review_meetings_held;
            let [a, b, c, d, e, f] = ratios(m);
            sum.decisions_within_6_weeks = add(sum.decisions_within_6_weeks, a);
            sum.requests_refused = add(sum.requests_refused, b);
            sum.assessments_without_plan = add(sum.assessments_without_plan, c);
            sum.within_20_weeks_incl_exceptions = add(sum.within_20_weeks_incl_exceptions, d);
            sum.within_20_weeks_excl_exceptions = add(sum.within_20_weeks_excl_exceptions, e);
            sum.review_decisions_within_4_weeks = add(sum.review_decisions_within_4_weeks, f);
            for (reason, n) in m.ceased.iter() {
                for _ in 0..n {
                    sum.ceased.add(reason);
                }
            }
        }
        prop_assert_eq!(sum, whole);
    }
}
