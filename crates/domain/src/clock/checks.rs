//! Unit checks of single rules: which deadlines appear, SEN2's `Week20`, the 20-week count, the
//! next deadline, month arithmetic and validation.

use super::cases::{absent, d, drafted, plan, request};
use super::*;

#[test]
fn no_plan_outcome_removes_the_final_plan_deadline() {
    let events = CaseEvents {
        decision: Some((d("2024-02-05"), AssessDecision::Assess)),
        assessment_outcome: Some((d("2024-04-29"), IssueDecision::NoPlan)),
        ..request()
    };
    let all = deadlines(&events, d("2024-05-01"));
    assert!(all.iter().all(|x| x.kind != DeadlineKind::FinalPlan));
    // Once a draft is served, no reg 10(1) notice is owed.
    assert!(
        deadlines(&drafted(), d("2024-05-01"))
            .iter()
            .all(|x| x.kind != DeadlineKind::NoPlanNotice)
    );
}

#[test]
fn a_ceased_plan_owes_no_later_review() {
    let events = CaseEvents {
        ceased_on: Some(d("2024-12-01")),
        ..plan("2024-01-15", vec![])
    };
    let all = deadlines(&events, d("2025-06-01"));
    assert!(all.iter().all(|x| x.kind != DeadlineKind::AnnualReview(1)));
}

#[test]
fn exceptions_apply_mirrors_week20() {
    // The 20-week period of a request on 2024-01-08 runs to 2024-05-27, both days included.
    let with = |from: &str, to: &str| CaseEvents {
        exceptions: vec![absent(from, to)],
        ..drafted()
    };
    assert!(exceptions_apply(&with("2024-05-27", "2024-06-30")));
    assert!(exceptions_apply(&with("2023-12-01", "2024-01-08")));
    assert!(!exceptions_apply(&with("2024-05-28", "2024-06-30")));
    assert!(!exceptions_apply(&drafted()));
    // An exception applies even to a plan issued in time, as SEN2 reports it.
    let on_time = CaseEvents {
        final_issued: Some(d("2024-05-20")),
        ..with("2024-03-01", "2024-03-31")
    };
    assert!(exceptions_apply(&on_time));
}

#[test]
fn within_20_weeks_counts_140_days() {
    assert!(within_20_weeks(d("2024-01-08"), d("2024-05-27")));
    assert!(!within_20_weeks(d("2024-01-08"), d("2024-05-28")));
    // Across 29 February 2024: 2024-02-01 + 140 days = 2024-06-20.
    assert!(within_20_weeks(d("2024-02-01"), d("2024-06-20")));
    assert!(!within_20_weeks(d("2024-02-01"), d("2024-06-21")));
}

#[test]
fn next_deadline_is_the_earliest_still_owed() {
    // Advice asked 2024-02-06 (due 2024-03-19) and received; the decision was on time. On
    // 2024-03-01 the earliest open deadline is the 16-week notice (2024-04-29), before the final
    // plan (2024-05-27).
    let events = CaseEvents {
        decision: Some((d("2024-02-05"), AssessDecision::Assess)),
        advice: vec![AdviceRequest {
            service: AdviceService::Health,
            requested_on: d("2024-02-06"),
            received_on: Some(d("2024-03-01")),
        }],
        ..request()
    };
    let all = deadlines(&events, d("2024-03-01"));
    let next = next_deadline(&all).unwrap();
    assert_eq!(
        (next.kind, next.due),
        (DeadlineKind::NoPlanNotice, d("2024-04-29"))
    );
    assert!(next_deadline(&[]).is_none());
    assert!(all.windows(2).all(|w| w[0].due <= w[1].due));
}

#[test]
fn month_ends_and_leap_days() {
    use super::deadline::{minus_months, plus_months};
    assert_eq!(plus_months(d("2024-02-29"), 12), d("2025-02-28"));
    assert_eq!(plus_months(d("2023-02-28"), 12), d("2024-02-28"));
    assert_eq!(plus_months(d("2024-08-31"), 6), d("2025-02-28"));
    assert_eq!(plus_months(d("2023-08-31"), 6), d("2024-02-29"));
    assert_eq!(minus_months(d("2024-07-31"), 5), d("2024-02-29"));
    assert_eq!(minus_months(d("2025-09-30"), 5), d("2025-04-30"));
    assert_eq!(minus_months(d("2025-01-31"), 5), d("2024-08-31"));
}

#[test]
fn validation_names_each_field() {
    let events = CaseEvents {
        decision: Some((d("2024-01-01"), AssessDecision::Assess)),
        advice: vec![AdviceRequest {
            service: AdviceService::SocialCare,
            requested_on: d("2024-02-10"),
            received_on: Some(d("2024-02-09")),
        }],
        draft_issued: Some(d("2024-05-01")),
        final_issued: Some(d("2024-04-30")),
        exceptions: vec![
            absent("2024-03-10", "2024-03-01"),
            absent("2024-03-01", "2024-03-20"),
        ],
        reviews: vec![Review {
            decision: Some((d("2025-01-01"), ReviewDecision::Maintain)),
            ..Review::held(d("2025-02-01"))
        }],
        under_five_review_interval: Some(12),
        ..request()
    };
    let errors = events.validate().unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            "decision",
            "advice",
            "final_issued",
            "exceptions",
            "exceptions",
            "reviews",
            "under_five_review_interval",
            "birth_date",
        ]
    );
    assert!(errors[4].problem.contains("4 weeks"));
    // Personal circumstances need no minimum length.
    let short = CaseEvents {
        exceptions: vec![Exception {
            reason: ExceptionReason::PersonalCircumstances,
            from: d("2024-03-01"),
            to: d("2024-03-02"),
        }],
        ..drafted()
    };
    assert_eq!(short.validate(), Ok(()));
    let undecided_draft = CaseEvents {
        draft_issued: Some(d("2024-05-01")),
        ..request()
    };
    assert_eq!(
        undecided_draft.validate().unwrap_err()[0].field,
        "draft_issued"
    );
}
