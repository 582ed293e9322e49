//! Hand-worked cases: each row gives the events, the day asked about and the deadline expected,
//! with the arithmetic worked out in its comment.

use chrono::NaiveDate;

use super::*;

pub(super) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A request received on Monday 8 January 2024, the base of most rows.
pub(super) fn request() -> CaseEvents {
    CaseEvents::requested(d("2024-01-08"))
}

/// The request, a decision to assess on 5 February 2024 and a draft on 1 May 2024.
pub(super) fn drafted() -> CaseEvents {
    CaseEvents {
        decision: Some((d("2024-02-05"), AssessDecision::Assess)),
        draft_issued: Some(d("2024-05-01")),
        ..request()
    }
}

/// A plan made on `made` with the given reviews.
pub(super) fn plan(made: &str, reviews: Vec<Review>) -> CaseEvents {
    CaseEvents {
        plan_made: Some(d(made)),
        reviews,
        ..CaseEvents::requested(d("2023-01-02"))
    }
}

pub(super) fn absent(from: &str, to: &str) -> Exception {
    Exception {
        reason: ExceptionReason::AbsentFromArea,
        from: d(from),
        to: d(to),
    }
}

struct Row {
    events: CaseEvents,
    today: &'static str,
    kind: DeadlineKind,
    due: &'static str,
    state: DeadlineState,
}

fn row(
    events: CaseEvents,
    today: &'static str,
    kind: DeadlineKind,
    due: &'static str,
    state: DeadlineState,
) -> Row {
    Row {
        events,
        today,
        kind,
        due,
        state,
    }
}

#[test]
#[allow(clippy::too_many_lines)]
fn hand_worked_table() {
    use DeadlineKind as K;
    use DeadlineState as S;
    let rows = vec![
        // 1. Request 2024-01-08 + 6 weeks (42 days) = 2024-02-19; decided 2024-02-05 ≤ due.
        row(
            CaseEvents {
                decision: Some((d("2024-02-05"), AssessDecision::Refuse)),
                ..request()
            },
            "2024-03-01",
            K::DecisionToAssess,
            "2024-02-19",
            S::MetOnTime,
        ),
        // 2. Same due day 2024-02-19; decided 2024-02-20, one day after.
        row(
            CaseEvents {
                decision: Some((d("2024-02-20"), AssessDecision::Assess)),
                ..request()
            },
            "2024-03-01",
            K::DecisionToAssess,
            "2024-02-19",
            S::MetLate,
        ),
        // 3. Undecided; today 2024-02-05 is 14 days before 2024-02-19: due soon.
        row(
            request(),
            "2024-02-05",
            K::DecisionToAssess,
            "2024-02-19",
            S::DueSoon,
        ),
        // 4. Undecided; today 2024-02-04 is 15 days before: not yet due.
        row(
            request(),
            "2024-02-04",
            K::DecisionToAssess,
            "2024-02-19",
            S::NotYetDue,
        ),
        // 5. Undecided; today is the due day itself: still due soon, not overdue.
        row(
            request(),
            "2024-02-19",
            K::DecisionToAssess,
            "2024-02-19",
            S::DueSoon,
        ),
        // 6. Undecided; today 2024-02-20 is the day after: overdue.
        row(
            request(),
            "2024-02-20",
            K::DecisionToAssess,
            "2024-02-19",
            S::Overdue,
        ),
        // 7. 2024-01-08 + 20 weeks (140 days) = 2024-05-27 (Spring bank holiday; calendar days
        //    still count); final issued that very day is in time.
        row(
            CaseEvents {
                final_issued: Some(d("2024-05-27")),
                ..drafted()
            },
            "2024-06-01",
            K::FinalPlan,
            "2024-05-27",
            S::MetOnTime,
        ),
        // 8. Final on 2024-05-28, 141 days after the request: late.
        row(
            CaseEvents {
                final_issued: Some(d("2024-05-28")),
                ..drafted()
            },
            "2024-06-01",
            K::FinalPlan,
            "2024-05-27",
            S::MetLate,
        ),
        // 9. Draft 2024-05-01 + 15 days = 2024-05-16, the first day the final may be issued; a
        //    final on 2024-05-10 cut the comment window short: MetLate marks the breach.
        row(
            CaseEvents {
                final_issued: Some(d("2024-05-10")),
                ..drafted()
            },
            "2024-06-01",
            K::DraftCommentWindow,
            "2024-05-16",
            S::MetLate,
        ),
        // 10. Same window, no final by 2024-05-20: the window has ended, nothing owed on it.
        row(
            drafted(),
            "2024-05-20",
            K::DraftCommentWindow,
            "2024-05-16",
            S::Elapsed,
        ),
        // 11. 2024-01-08 + 16 weeks (112 days) = 2024-04-29; no-plan notice on that day.
        row(
            CaseEvents {
                decision: Some((d("2024-02-05"), AssessDecision::Assess)),
                assessment_outcome: Some((d("2024-04-29"), IssueDecision::NoPlan)),
                ..request()
            },
            "2024-05-01",
            K::NoPlanNotice,
            "2024-04-29",
            S::MetOnTime,
        ),
        // 12. Assessing since 2024-02-05 with no outcome and no draft on 2024-05-01: the 16-week
        //     notice (2024-04-29) is overdue.
        row(
            CaseEvents {
                decision: Some((d("2024-02-05"), AssessDecision::Assess)),
                ..request()
            },
            "2024-05-01",
            K::NoPlanNotice,
            "2024-04-29",
            S::Overdue,
        ),
        // 13. Absent from the area 2024-04-01 to 2024-05-10, inside the 20-week period
        //     2024-01-08..=2024-05-27; final on 2024-06-10 is late, but the limit did not apply.
        row(
            CaseEvents {
                final_issued: Some(d("2024-06-10")),
                exceptions: vec![absent("2024-04-01", "2024-05-10")],
                ..drafted()
            },
            "2024-07-01",
            K::FinalPlan,
            "2024-05-27",
            S::NotApplicable,
        ),
        // 14. Absence 2024-05-28 to 2024-07-01 begins the day after the due day 2024-05-27: no
        //     overlap, so a final on 2024-07-15 is simply late.
        row(
            CaseEvents {
                final_issued: Some(d("2024-07-15")),
                exceptions: vec![absent("2024-05-28", "2024-07-01")],
                ..drafted()
            },
            "2024-08-01",
            K::FinalPlan,
            "2024-05-27",
            S::MetLate,
        ),
        // 15. Absence 2024-03-01 to 2024-03-31 overlaps, but the final on 2024-05-20 is before
        //     2024-05-27: met on time stays met on time.
        row(
            CaseEvents {
                final_issued: Some(d("2024-05-20")),
                exceptions: vec![absent("2024-03-01", "2024-03-31")],
                ..drafted()
            },
            "2024-06-01",
            K::FinalPlan,
            "2024-05-27",
            S::MetOnTime,
        ),
        // 16. Educational psychology advice asked 2024-02-06 + 42 days = 2024-03-19; received
        //     2024-03-20.
        row(
            CaseEvents {
                advice: vec![AdviceRequest {
                    service: AdviceService::EducationalPsychology,
                    requested_on: d("2024-02-06"),
                    received_on: Some(d("2024-03-20")),
                }],
                ..drafted()
            },
            "2024-04-01",
            K::Advice(AdviceService::EducationalPsychology),
            "2024-03-19",
            S::MetLate,
        ),
        // 17. Plan made 2024-02-29 + 12 months: 2025 has no 29 February, clamped to 2025-02-28;
        //     reviewed that day.
        row(
            plan("2024-02-29", vec![Review::held(d("2025-02-28"))]),
            "2025-03-01",
            K::AnnualReview(1),
            "2025-02-28",
            S::MetOnTime,
        ),
        // 18. First review 2025-02-20, so the second is due 2026-02-20; today 2026-02-10 is
        //     10 days before.
        row(
            plan("2024-03-01", vec![Review::held(d("2025-02-20"))]),
            "2026-02-10",
            K::AnnualReview(2),
            "2026-02-20",
            S::DueSoon,
        ),
        // 19. Meeting 2025-02-20 + 28 days = 2025-03-20. Amend decided 2025-03-10 but the
        //     proposals went on 2025-03-25, which completes the decision: late.
        row(
            plan(
                "2024-03-01",
                vec![Review {
                    decision: Some((d("2025-03-10"), ReviewDecision::Amend)),
                    amendments_proposed_on: Some(d("2025-03-25")),
                    ..Review::held(d("2025-02-20"))
                }],
            ),
            "2025-04-01",
            K::ReviewDecision(1),
            "2025-03-20",
            S::MetLate,
        ),
        // 20. Proposals 2025-03-25 + 8 weeks (56 days) = 2025-05-20; amended plan that day.
        row(
            plan(
                "2024-03-01",
                vec![Review {
                    decision: Some((d("2025-03-10"), ReviewDecision::Amend)),
                    amendments_proposed_on: Some(d("2025-03-25")),
                    amended_plan_issued: Some(d("2025-05-20")),
                    ..Review::held(d("2025-02-20"))
                }],
            ),
            "2025-06-01",
            K::AmendedPlan(1),
            "2025-05-20",
            S::MetOnTime,
        ),
        // 21. Proposals 2025-03-25 + 15 days = 2025-04-09; amended plan issued 2025-04-01,
        //     inside the comment window: breach.
        row(
            plan(
                "2024-03-01",
                vec![Review {
                    amendments_proposed_on: Some(d("2025-03-25")),
                    amended_plan_issued: Some(d("2025-04-01")),
                    ..Review::held(d("2025-02-20"))
                }],
            ),
            "2025-06-01",
            K::AmendmentCommentWindow(1),
            "2025-04-09",
            S::MetLate,
        ),
        // 22. Into secondary in September 2025: amend by 15 February 2025; amended 2025-02-14.
        row(
            CaseEvents {
                phase_transfer: Some(PhaseTransfer {
                    kind: TransferKind::IntoSchoolPhase { year: 2025 },
                    amended_on: Some(d("2025-02-14")),
                }),
                ..plan("2023-06-01", vec![])
            },
            "2025-03-01",
            K::PhaseTransfer,
            "2025-02-15",
            S::MetOnTime,
        ),
        // 23. Secondary to post-16 in 2026: by 31 March 2026; not amended on 1 April 2026.
        row(
            CaseEvents {
                phase_transfer: Some(PhaseTransfer {
                    kind: TransferKind::SecondaryToPost16 { year: 2026 },
                    amended_on: None,
                }),
                ..plan("2023-06-01", vec![])
            },
            "2026-04-01",
            K::PhaseTransfer,
            "2026-03-31",
            S::Overdue,
        ),
        // 24. Between colleges on 2025-07-31: 5 months before is "31 February", clamped to
        //     2025-02-28; on 2025-01-01 that is 58 days away.
        row(
            CaseEvents {
                phase_transfer: Some(PhaseTransfer {
                    kind: TransferKind::BetweenPost16 {
                        transfer_on: d("2025-07-31"),
                    },
                    amended_on: None,
                }),
                ..plan("2023-06-01", vec![])
            },
            "2025-01-01",
            K::PhaseTransfer,
            "2025-02-28",
            S::NotYetDue,
        ),
        // 25. Born 2021-06-01, aged 2 when the plan is made on 2024-01-15; a 6-month prompt
        //     falls on 2024-07-15, 10 days after 2024-07-05.
        row(
            CaseEvents {
                under_five_review_interval: Some(6),
                birth_date: Some(d("2021-06-01")),
                ..plan("2024-01-15", vec![])
            },
            "2024-07-05",
            K::UnderFiveReview(1),
            "2024-07-15",
            S::DueSoon,
        ),
        // 26. Decision to re-assess 2024-03-04 + 14 weeks (98 days) = 2024-06-10; plan issued
        //     2024-06-11.
        row(
            CaseEvents {
                reassessments: vec![Reassessment {
                    requested_on: None,
                    decision: Some((d("2024-03-04"), AssessDecision::Assess)),
                    plan_issued: Some(d("2024-06-11")),
                }],
                ..plan("2023-01-10", vec![])
            },
            "2024-07-01",
            K::Reassessment(1),
            "2024-06-10",
            S::MetLate,
        ),
        // 27. Request for re-assessment received 2024-03-01 + 15 days = 2024-03-16 (reg 25(1));
        //     decided 2024-03-15, in time.
        row(
            CaseEvents {
                reassessments: vec![Reassessment {
                    requested_on: Some(d("2024-03-01")),
                    decision: Some((d("2024-03-15"), AssessDecision::Assess)),
                    plan_issued: None,
                }],
                ..plan("2023-01-10", vec![])
            },
            "2024-04-01",
            K::ReassessmentDecision(1),
            "2024-03-16",
            S::MetOnTime,
        ),
        // 28. The same request still undecided on 2024-03-20: overdue.
        row(
            CaseEvents {
                reassessments: vec![Reassessment {
                    requested_on: Some(d("2024-03-01")),
                    decision: None,
                    plan_issued: None,
                }],
                ..plan("2023-01-10", vec![])
            },
            "2024-03-20",
            K::ReassessmentDecision(1),
            "2024-03-16",
            S::Overdue,
        ),
    ];
    for (n, row) in (1..).zip(rows) {
        assert_eq!(row.events.validate(), Ok(()), "row {n} is not a valid case");
        let all = deadlines(&row.events, d(row.today));
        let found = all.iter().find(|x| x.kind == row.kind);
        let found = found.unwrap_or_else(|| panic!("row {n}: no {:?} in {all:?}", row.kind));
        assert_eq!(
            (found.due, found.state),
            (d(row.due), row.state),
            "row {n}: {:?}",
            row.kind
        );
        assert!(found.trigger <= found.due, "row {n}");
    }
}
