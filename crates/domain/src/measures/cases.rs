//! Hand-worked cases: small tables of requests, reviews and ceased plans, with each measure
//! counted by hand.

use chrono::{Days, NaiveDate};

use super::*;
use crate::clock::{CaseEvents, Exception, ExceptionReason, Review, ReviewDecision};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn plus(date: NaiveDate, days: u64) -> NaiveDate {
    date + Days::new(days)
}

/// A request received on `received` whose final plan was issued `days` later.
fn issued_after(received: NaiveDate, days: u64, exception: bool) -> RequestFacts {
    RequestFacts {
        final_issued: Some(plus(received, days)),
        week20_exception: exception,
        ..RequestFacts::received(received)
    }
}

/// A request received on `received` decided `days` later.
fn decided_after(received: NaiveDate, days: u64, decision: AssessDecision) -> RequestFacts {
    RequestFacts {
        decision: Some((plus(received, days), decision)),
        ..RequestFacts::received(received)
    }
}

fn review(meeting: NaiveDate, decided_after: Option<u64>) -> ReviewFacts {
    ReviewFacts {
        meeting_on: meeting,
        decision_on: decided_after.map(|days| plus(meeting, days)),
    }
}

fn ratio(numerator: u64, denominator: u64) -> Ratio {
    Ratio {
        numerator,
        denominator,
    }
}

fn year(requests: &[RequestFacts]) -> EhcMeasures {
    measures(Period::Year(2024), requests, &[], &[])
}

#[test]
fn a_plan_issued_on_day_140_is_in_time_and_on_day_141_is_not() {
    let received = d(2024, 1, 1);
    let on_time = issued_after(received, 140, false);
    assert_eq!(on_time.final_issued, Some(d(2024, 5, 20)));
    let late = issued_after(received, 141, false);
    let m = year(&[on_time, late]);
    assert_eq!(m.within_20_weeks_incl_exceptions, ratio(1, 2));
    assert_eq!(m.within_20_weeks_excl_exceptions, ratio(1, 2));
    assert_eq!(m.within_20_weeks_incl_exceptions.percent(), Some(50.0));
}

#[test]
fn exceptions_count_in_the_including_measure_only() {
    let received = d(2024, 2, 5);
    let m = year(&[
        issued_after(received, 100, false), // in time
        issued_after(received, 200, false), // late
        issued_after(received, 120, true),  // in time, exception
        issued_after(received, 250, true),  // late, exception
        issued_after(received, 141, true),  // late, exception
    ]);
    assert_eq!(m.within_20_weeks_incl_exceptions, ratio(2, 5));
    assert_eq!(m.within_20_weeks_excl_exceptions, ratio(1, 2));
    assert_eq!(m.within_20_weeks_incl_exceptions.percent(), Some(40.0));
    assert_eq!(m.within_20_weeks_excl_exceptions.percent(), Some(50.0));
}

#[test]
fn when_every_plan_was_an_exception_the_excluding_percentage_is_blank() {
    let received = d(2024, 3, 1);
    let m = year(&[
        issued_after(received, 90, true),
        issued_after(received, 200, true),
    ]);
    assert_eq!(m.within_20_weeks_incl_exceptions, ratio(1, 2));
    assert_eq!(m.within_20_weeks_excl_exceptions, ratio(0, 0));
    assert_eq!(m.within_20_weeks_excl_exceptions.percent(), None);
}

#[test]
fn a_plan_counts_in_the_year_it_was_issued_not_the_year_of_its_request() {
    // Requested in November 2023, issued in January 2024 (70 days: in time).
    let request = issued_after(d(2023, 11, 20), 70, false);
    assert_eq!(request.final_issued, Some(d(2024, 1, 29)));
    let in_2023 = measures(Period::Year(2023), &[request], &[], &[]);
    let in_2024 = measures(Period::Year(2024), &[request], &[], &[]);
    assert_eq!(in_2023.requests_received, 1);
    assert_eq!(in_2023.within_20_weeks_incl_exceptions, ratio(0, 0));
    assert_eq!(in_2024.requests_received, 0);
    assert_eq!(in_2024.within_20_weeks_incl_exceptions, ratio(1, 1));
    assert_eq!(in_2024.within_20_weeks_excl_exceptions, ratio(1, 1));
    let january = measures(Period::Month(2024, 1), &[request], &[], &[]);
    assert_eq!(january.within_20_weeks_incl_exceptions, ratio(1, 1));
}

#[test]
fn a_decision_on_day_42_is_in_time_and_on_day_43_is_not() {
    let received = d(2024, 4, 10);
    let m = year(&[
        decided_after(received, 42, AssessDecision::Assess),
        decided_after(received, 43, AssessDecision::Assess),
        decided_after(received, 0, AssessDecision::Refuse),
    ]);
    assert_eq!(m.decisions_within_6_weeks, ratio(2, 3));
    assert_eq!(m.decisions_within_6_weeks.percent(), Some(66.7));
    assert_eq!(m.requests_received, 3);
}

#[test]
fn decisions_are_placed_by_the_decision_date() {
    // Received in December 2023, decided in January 2024.
    let request = decided_after(d(2023, 12, 20), 30, AssessDecision::Refuse);
    let in_2023 = measures(Period::Year(2023), &[request], &[], &[]);
    let in_2024 = measures(Period::Year(2024), &[request], &[], &[]);
    assert_eq!(in_2023.requests_refused, ratio(0, 0));
    assert_eq!(in_2023.requests_refused.percent(), None);
    assert_eq!(in_2024.requests_refused, ratio(1, 1));
    assert_eq!(in_2024.decisions_within_6_weeks, ratio(1, 1));
}

#[test]
fn the_refusal_rate_is_refusals_over_decisions_made() {
    let received = d(2024, 5, 1);
    let m = year(&[
        decided_after(received, 20, AssessDecision::Refuse),
        decided_after(received, 30, AssessDecision::Assess),
        decided_after(received, 40, AssessDecision::Assess),
        decided_after(received, 50, AssessDecision::Refuse),
        RequestFacts::received(received), // awaiting a decision
    ]);
    assert_eq!(m.requests_received, 5);
    assert_eq!(m.requests_refused, ratio(2, 4));
    assert_eq!(m.requests_refused.percent(), Some(50.0));
    assert_eq!(m.decisions_within_6_weeks, ratio(3, 4));
}

#[test]
fn assessments_not_leading_to_a_plan_are_placed_by_the_outcome_date() {
    let received = d(2024, 1, 15);
    let outcome = |on: NaiveDate, issue: IssueDecision| RequestFacts {
        decision: Some((plus(received, 30), AssessDecision::Assess)),
        assessment_outcome: Some((on, issue)),
        ..RequestFacts::received(received)
    };
    let requests = [
        outcome(d(2024, 4, 1), IssueDecision::NoPlan),
        outcome(d(2024, 4, 20), IssueDecision::IssuePlan),
        outcome(d(2024, 5, 2), IssueDecision::IssuePlan),
        outcome(d(2025, 1, 3), IssueDecision::NoPlan), // next year
    ];
    let m = year(&requests);
    assert_eq!(m.assessments_without_plan, ratio(1, 3));
    assert_eq!(m.assessments_without_plan.percent(), Some(33.3));
    let next = measures(Period::Year(2025), &requests, &[], &[]);
    assert_eq!(next.assessments_without_plan, ratio(1, 1));
}

#[test]
fn a_review_decision_on_day_28_is_in_time_and_on_day_29_is_not() {
    let meeting = d(2024, 6, 3);
    let reviews = [
        review(meeting, Some(28)),
        review(meeting, Some(29)),
        review(meeting, Some(0)),
        review(meeting, None), // awaiting a decision
    ];
    let m = measures(Period::Year(2024), &[], &reviews, &[]);
    assert_eq!(m.review_meetings_held, 4);
    assert_eq!(m.review_decisions_within_4_weeks, ratio(2, 3));
    assert_eq!(m.review_decisions_within_4_weeks.percent(), Some(66.7));
}

#[test]
fn reviews_are_placed_by_the_meeting_date() {
    // Meeting on 20 December 2023, decision on 10 January 2024 (21 days: in time).
    let reviews = [review(d(2023, 12, 20), Some(21))];
    let in_2023 = measures(Period::Year(2023), &[], &reviews, &[]);
    let in_2024 = measures(Period::Year(2024), &[], &reviews, &[]);
    assert_eq!(in_2023.review_decisions_within_4_weeks, ratio(1, 1));
    assert_eq!(in_2023.review_meetings_held, 1);
    assert_eq!(in_2024, EhcMeasures::default());
}

#[test]
fn ceased_plans_are_counted_by_reason_in_the_period() {
    let ceased = [
        CeasedPlan {
            ceased_on: d(2024, 7, 31),
            reason: CeaseReason::MaximumAge,
        },
        CeasedPlan {
            ceased_on: d(2024, 8, 1),
            reason: CeaseReason::MaximumAge,
        },
        CeasedPlan {
            ceased_on: d(2024, 9, 1),
            reason: CeaseReason::TransferredToAnotherLa,
        },
        CeasedPlan {
            ceased_on: d(2023, 12, 31),
            reason: CeaseReason::Other,
        },
    ];
    let m = measures(Period::Year(2024), &[], &[], &ceased);
    assert_eq!(m.ceased.total(), 3);
    assert_eq!(m.ceased.get(CeaseReason::MaximumAge), 2);
    assert_eq!(m.ceased.get(CeaseReason::TransferredToAnotherLa), 1);
    assert_eq!(m.ceased.get(CeaseReason::Other), 0);
    let listed: Vec<_> = m.ceased.iter().filter(|(_, n)| *n > 0).collect();
    assert_eq!(
        listed,
        [
            (CeaseReason::MaximumAge, 2),
            (CeaseReason::TransferredToAnotherLa, 1)
        ]
    );
    assert_eq!(m.ceased.iter().count(), 9);
    let july = measures(Period::Month(2024, 7), &[], &[], &ceased);
    assert_eq!(july.ceased.get(CeaseReason::MaximumAge), 1);
}

#[test]
fn the_cease_reason_counts_follow_the_code_set_order() {
    for (i, reason) in CeaseReason::ALL.into_iter().enumerate() {
        assert_eq!(reason as usize, i, "{reason}");
    }
}

/// A small council's year with every measure worked by hand.
#[test]
fn a_small_council_year_worked_by_hand() {
    let requests = [
        // 1. Received Nov 2023, refused after 40 days (Dec 2023): only in 2023.
        decided_after(d(2023, 11, 1), 40, AssessDecision::Refuse),
        // 2. Received Oct 2023, assessed, plan issued 2024-02-19 (Oct 2 + 140): in time.
        RequestFacts {
            decision: Some((d(2023, 11, 10), AssessDecision::Assess)),
            assessment_outcome: Some((d(2024, 1, 15), IssueDecision::IssuePlan)),
            final_issued: Some(d(2024, 2, 19)),
            ..RequestFacts::received(d(2023, 10, 2))
        },
        // 3. Received Jan 2024, decided day 43 (late), no plan after assessment.
        RequestFacts {
            decision: Some((d(2024, 2, 15), AssessDecision::Assess)),
            assessment_outcome: Some((d(2024, 5, 1), IssueDecision::NoPlan)),
            ..RequestFacts::received(d(2024, 1, 3))
        },
        // 4. Received Mar 2024, decided day 35, plan issued day 180 with an exception.
        RequestFacts {
            decision: Some((plus(d(2024, 3, 4), 35), AssessDecision::Assess)),
            assessment_outcome: Some((plus(d(2024, 3, 4), 100), IssueDecision::IssuePlan)),
            final_issued: Some(plus(d(2024, 3, 4), 180)),
            week20_exception: true,
            ..RequestFacts::received(d(2024, 3, 4))
        },
        // 5. Received Jun 2024, refused on day 42.
        decided_after(d(2024, 6, 3), 42, AssessDecision::Refuse),
        // 6. Received Nov 2024, decided Jan 2025: received in 2024, decided in 2025.
        decided_after(d(2024, 11, 25), 40, AssessDecision::Assess),
        // 7. Received Aug 2024, plan issued day 141: late, no exception.
        RequestFacts {
            decision: Some((plus(d(2024, 8, 1), 20), AssessDecision::Assess)),
            assessment_outcome: Some((plus(d(2024, 8, 1), 90), IssueDecision::IssuePlan)),
            final_issued: Some(plus(d(2024, 8, 1), 141)),
            ..RequestFacts::received(d(2024, 8, 1))
        },
    ];
    let reviews = [
        review(d(2024, 2, 1), Some(14)),
        review(d(2024, 3, 1), Some(28)),
        review(d(2024, 4, 1), Some(29)),
        review(d(2024, 12, 30), None),
        review(d(2023, 12, 30), Some(60)),
    ];
    let ceased = [CeasedPlan {
        ceased_on: d(2024, 8, 31),
        reason: CeaseReason::HigherEducation,
    }];
    let m = measures(Period::Year(2024), &requests, &reviews, &ceased);
    assert_eq!(m.requests_received, 5); // 3, 4, 5, 6, 7
    assert_eq!(m.decisions_within_6_weeks, ratio(3, 4)); // 3 late; 4, 5, 7 in time
    assert_eq!(m.decisions_within_6_weeks.percent(), Some(75.0));
    assert_eq!(m.requests_refused, ratio(1, 4)); // 5
    assert_eq!(m.assessments_without_plan, ratio(1, 4)); // 2, 3, 4, 7; 3 no plan
    assert_eq!(m.within_20_weeks_incl_exceptions, ratio(1, 3)); // 2 in time; 4, 7 late
    assert_eq!(m.within_20_weeks_excl_exceptions, ratio(1, 2)); // 4 left out
    assert_eq!(m.within_20_weeks_incl_exceptions.percent(), Some(33.3));
    assert_eq!(m.review_meetings_held, 4);
    assert_eq!(m.review_decisions_within_4_weeks, ratio(2, 3));
    assert_eq!(m.ceased.total(), 1);
    assert_eq!(m.ceased.get(CeaseReason::HigherEducation), 1);

    let months = by_month(2024, &requests, &reviews, &ceased);
    assert_eq!(months.len(), 12);
    assert_eq!(months[0].0, Period::Month(2024, 1));
    assert_eq!(months[11].0, Period::Month(2024, 12));
    let february = &months[1].1;
    assert_eq!(february.within_20_weeks_incl_exceptions, ratio(1, 1));
    assert_eq!(february.decisions_within_6_weeks, ratio(0, 1)); // 3, decided 15 Feb
    assert_eq!(february.review_decisions_within_4_weeks, ratio(1, 1));
    let december = &months[11].1;
    assert_eq!(december.review_meetings_held, 1);
    assert_eq!(december.review_decisions_within_4_weeks, ratio(0, 0));
}

#[test]
fn nothing_in_the_period_gives_zero_counts_and_blank_percentages() {
    let m = measures(Period::Month(2024, 2), &[], &[], &[]);
    assert_eq!(m, EhcMeasures::default());
    assert_eq!(m.requests_refused.percent(), None);
    assert_eq!(m.within_20_weeks_excl_exceptions.percent(), None);
    assert_eq!(m.review_decisions_within_4_weeks.percent(), None);
}

#[test]
fn periods_include_their_first_and_last_days() {
    assert!(Period::Year(2024).contains(d(2024, 1, 1)));
    assert!(Period::Year(2024).contains(d(2024, 12, 31)));
    assert!(!Period::Year(2024).contains(d(2023, 12, 31)));
    assert!(!Period::Year(2024).contains(d(2025, 1, 1)));
    assert!(Period::Month(2024, 2).contains(d(2024, 2, 29)));
    assert!(!Period::Month(2024, 2).contains(d(2024, 3, 1)));
    assert!(!Period::Month(2023, 2).contains(d(2024, 2, 1)));
    assert!(!Period::Month(2024, 13).contains(d(2024, 12, 31)));
    assert!(!Period::Month(2024, 0).contains(d(2024, 1, 1)));
}

#[test]
fn periods_show_and_name_the_sen2_activity_year() {
    assert_eq!(Period::Year(2024).to_string(), "2024");
    assert_eq!(Period::Month(2024, 3).to_string(), "2024-03");
    assert_eq!(Period::sen2_activity_year(2025), Period::Year(2024));
    let months = Period::months_of(2024);
    assert_eq!(months[0], Period::Month(2024, 1));
    assert_eq!(months[11], Period::Month(2024, 12));
}

#[test]
fn percentages_round_to_one_decimal_place_with_halves_up() {
    assert_eq!(ratio(0, 0).percent(), None);
    assert_eq!(ratio(0, 7).percent(), Some(0.0));
    assert_eq!(ratio(7, 7).percent(), Some(100.0));
    assert_eq!(ratio(1, 3).percent(), Some(33.3));
    assert_eq!(ratio(2, 3).percent(), Some(66.7));
    assert_eq!(ratio(1, 8).percent(), Some(12.5));
    assert_eq!(ratio(1, 16).percent(), Some(6.3)); // 6.25
    assert_eq!(ratio(1, 2000).percent(), Some(0.1)); // 0.05
    assert_eq!(ratio(1, 2001).percent(), Some(0.0)); // 0.049975
    assert_eq!(ratio(u64::MAX, u64::MAX).percent(), Some(100.0));
}

/// The England counts published by the DfE give back its published percentages
/// (`national_series.csv`, rows 2023 to 2025, activity years 2022 to 2024).
#[test]
fn the_national_counts_give_the_published_percentages() {
    let published = [
        // (within, plans, percent): 20 weeks including, then excluding exceptions
        (31_226, 65_512, 47.7),
        (30_536, 62_108, 49.2),
        (39_784, 80_945, 49.1),
        (38_471, 76_506, 50.3),
        (41_448, 90_392, 45.9),
        (39_407, 84_866, 46.4),
        // annual review decisions within 4 weeks, 2024: within over within + after
        (154_924, 154_924 + 193_835, 44.4),
    ];
    for (numerator, denominator, percent) in published {
        assert_eq!(ratio(numerator, denominator).percent(), Some(percent));
    }
}

#[test]
fn facts_come_from_the_case_events_of_the_clock() {
    let received = d(2024, 7, 1);
    let mut events = CaseEvents::requested(received);
    events.decision = Some((d(2024, 8, 1), AssessDecision::Assess));
    events.final_issued = Some(d(2024, 12, 1));
    let facts = RequestFacts::from(&events);
    assert_eq!(facts.received_on, received);
    assert_eq!(facts.final_issued, Some(d(2024, 12, 1)));
    assert!(!facts.week20_exception);

    // A school closure during the 20 weeks sets the SEN2 Week20 flag.
    events.exceptions.push(Exception {
        from: d(2024, 7, 15),
        to: d(2024, 9, 1),
        reason: ExceptionReason::SchoolClosure,
    });
    assert!(RequestFacts::from(&events).week20_exception);

    let mut held = Review::held(d(2024, 10, 1));
    assert_eq!(ReviewFacts::from(&held).decision_on, None);
    held.decision = Some((d(2024, 10, 20), ReviewDecision::Maintain));
    assert_eq!(ReviewFacts::from(&held).decision_on, Some(d(2024, 10, 20)));
}
