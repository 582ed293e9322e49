//! Hand-worked cases for the four exceptions of reg 10(4) and the phase-transfer dates of reg 18,
//! each with its dates worked out in its comment. Every row also gives the day the deadline counts
//! from and a fragment of the rule it must cite, so a lifted limit is seen to cite the regulation
//! that lifts it.

use super::cases::{absent, d, drafted, plan, request};
use super::*;

struct Row {
    events: CaseEvents,
    today: &'static str,
    kind: DeadlineKind,
    trigger: &'static str,
    due: &'static str,
    state: DeadlineState,
    rule: &'static str,
}

fn row(
    events: CaseEvents,
    today: &'static str,
    kind: DeadlineKind,
    (trigger, due): (&'static str, &'static str),
    state: DeadlineState,
    rule: &'static str,
) -> Row {
    Row {
        events,
        today,
        kind,
        trigger,
        due,
        state,
        rule,
    }
}

fn exception(reason: ExceptionReason, from: &str, to: &str) -> Exception {
    Exception {
        reason,
        from: d(from),
        to: d(to),
    }
}

fn education_advice(requested_on: &str, received_on: &str) -> AdviceRequest {
    AdviceRequest {
        service: AdviceService::Education,
        requested_on: d(requested_on),
        received_on: Some(d(received_on)),
    }
}

/// (a) A school whose last day of the summer term is Friday 19 July 2024 and which reopens on
/// Wednesday 4 September 2024: closed 20 July to 3 September, 46 days, so at least 4 weeks. The
/// period to record runs from one week before it closes (20 July less 7 days = 13 July) to one
/// week before it reopens (4 September less 7 days = 28 August): 2024-07-13..=2024-08-28,
/// 47 days. The request was received on Monday 13 May 2024, so:
/// - 6 weeks: 2024-05-13 + 42 days = 2024-06-24 (running 2024-05-13..=2024-06-24);
/// - 16 weeks: 2024-05-13 + 112 days = 2024-09-02 (running 2024-05-13..=2024-09-02);
/// - 20 weeks: 2024-05-13 + 140 days = 2024-09-30 (running 2024-05-13..=2024-09-30).
///
/// The school's advice was asked for on Monday 15 July 2024, inside the period.
fn school_closure() -> CaseEvents {
    CaseEvents {
        decision: Some((d("2024-06-17"), AssessDecision::Assess)),
        advice: vec![education_advice("2024-07-15", "2024-09-16")],
        exceptions: vec![exception(
            ExceptionReason::SchoolClosure,
            "2024-07-13",
            "2024-08-28",
        )],
        ..CaseEvents::requested(d("2024-05-13"))
    }
}

/// (b) A day nursery that does not operate over the summer: last day Friday 26 July 2024,
/// reopening Monday 2 September 2024, so closed 27 July to 1 September, 37 days. The period runs
/// from one week before it closes (27 July less 7 = 20 July) to one week before it reopens
/// (2 September less 7 = 26 August): 2024-07-20..=2024-08-26, 38 days. The request was received
/// on Monday 1 July 2024, so:
/// - 6 weeks: 2024-07-01 + 42 days = 2024-08-12 (running 2024-07-01..=2024-08-12);
/// - 16 weeks: 2024-07-01 + 112 days = 2024-10-21;
/// - 20 weeks: 2024-07-01 + 140 days = 2024-11-18.
///
/// The nursery's advice was asked for on Monday 22 July 2024, inside the period, and the
/// decision to assess came on Monday 19 August 2024, a week after the 6-week day.
fn early_years_closure() -> CaseEvents {
    CaseEvents {
        decision: Some((d("2024-08-19"), AssessDecision::Assess)),
        advice: vec![education_advice("2024-07-22", "2024-09-09")],
        exceptions: vec![exception(
            ExceptionReason::EarlyYearsClosure,
            "2024-07-20",
            "2024-08-26",
        )],
        ..CaseEvents::requested(d("2024-07-01"))
    }
}

fn personal(from: &str, to: &str) -> Exception {
    exception(ExceptionReason::PersonalCircumstances, from, to)
}

fn transfer(kind: TransferKind, amended_on: Option<&str>) -> CaseEvents {
    CaseEvents {
        phase_transfer: Some(PhaseTransfer {
            kind,
            amended_on: amended_on.map(d),
        }),
        ..plan("2023-06-01", vec![])
    }
}

const INTO_2026: TransferKind = TransferKind::IntoSchoolPhase { year: 2026 };
const POST16_2026: TransferKind = TransferKind::SecondaryToPost16 { year: 2026 };

#[test]
#[allow(clippy::too_many_lines)]
fn hand_worked_exceptions_and_transfers() {
    use DeadlineKind as K;
    use DeadlineState as S;
    // Fragments of the rules each row must cite.
    const R5_4: &str = "reg. 5(4)";
    const R10_4: &str = "reg. 10(4)";
    const R13_3: &str = "reg. 13(3)";
    const R18_FEB: &str = "15 February";
    const R18_MAR: &str = "31 March";
    let rows = vec![
        // (a) School closure.
        // A1. Draft 2024-09-23, final 2024-10-14: 14 days after the 20-week day 2024-09-30. The
        //     closure period 2024-07-13..=2024-08-28 lies inside 2024-05-13..=2024-09-30, so the
        //     limit did not apply: NotApplicable, not MetLate. The due day is kept.
        row(
            CaseEvents {
                draft_issued: Some(d("2024-09-23")),
                final_issued: Some(d("2024-10-14")),
                ..school_closure()
            },
            "2024-11-01",
            K::FinalPlan,
            ("2024-05-13", "2024-09-30"),
            S::NotApplicable,
            R13_3,
        ),
        // A2. No plan after all: notified 2024-09-09, 7 days after the 16-week day 2024-09-02.
        //     The closure period shares 2024-07-13..=2024-08-28 with 2024-05-13..=2024-09-02:
        //     NotApplicable.
        row(
            CaseEvents {
                assessment_outcome: Some((d("2024-09-09"), IssueDecision::NoPlan)),
                ..school_closure()
            },
            "2024-10-01",
            K::NoPlanNotice,
            ("2024-05-13", "2024-09-02"),
            S::NotApplicable,
            R10_4,
        ),
        // A3. The same closure cannot excuse the 6-week decision: its running period
        //     2024-05-13..=2024-06-24 ended 19 days before the closure period began on
        //     2024-07-13. A decision on 2024-06-28 is 4 days late and stays MetLate.
        row(
            CaseEvents {
                decision: Some((d("2024-06-28"), AssessDecision::Assess)),
                ..school_closure()
            },
            "2024-07-01",
            K::DecisionToAssess,
            ("2024-05-13", "2024-06-24"),
            S::MetLate,
            "reg. 5(1)",
        ),
        // (b) Early years closure.
        // B1. Decision 2024-08-19, 7 days after the 6-week day 2024-08-12. The closure period
        //     2024-07-20..=2024-08-26 shares 2024-07-20..=2024-08-12 with the running period
        //     2024-07-01..=2024-08-12: NotApplicable under reg 5(4).
        row(
            early_years_closure(),
            "2024-09-01",
            K::DecisionToAssess,
            ("2024-07-01", "2024-08-12"),
            S::NotApplicable,
            R5_4,
        ),
        // B2. Draft 2024-11-01, final 2024-11-25: 7 days after the 20-week day 2024-11-18. The
        //     closure period lies inside 2024-07-01..=2024-11-18: NotApplicable.
        row(
            CaseEvents {
                draft_issued: Some(d("2024-11-01")),
                final_issued: Some(d("2024-11-25")),
                ..early_years_closure()
            },
            "2024-12-01",
            K::FinalPlan,
            ("2024-07-01", "2024-11-18"),
            S::NotApplicable,
            R13_3,
        ),
        // B3. Assessing since 2024-08-19, no outcome and no draft on 2024-10-28, a week after the
        //     16-week day 2024-10-21. Without the exception it would be Overdue; the closure
        //     period lies inside 2024-07-01..=2024-10-21, so it is NotApplicable.
        row(
            early_years_closure(),
            "2024-10-28",
            K::NoPlanNotice,
            ("2024-07-01", "2024-10-21"),
            S::NotApplicable,
            R10_4,
        ),
        // (c) Exceptional personal circumstances: no minimum length. Request 2024-01-08, so
        //     6 weeks = 2024-02-19, 16 weeks = 2024-04-29, 20 weeks = 2024-05-27.
        // C1. The parent was in hospital 2024-02-12..=2024-02-16 (5 days), inside the 6-week
        //     period 2024-01-08..=2024-02-19. Decision 2024-02-26, 7 days late: NotApplicable.
        row(
            CaseEvents {
                decision: Some((d("2024-02-26"), AssessDecision::Assess)),
                exceptions: vec![personal("2024-02-12", "2024-02-16")],
                ..request()
            },
            "2024-03-01",
            K::DecisionToAssess,
            ("2024-01-08", "2024-02-19"),
            S::NotApplicable,
            R5_4,
        ),
        // C2. The child was in hospital 2024-04-22..=2024-05-03, which shares 2024-04-22..=
        //     2024-04-29 with the 16-week period. Assessing since 2024-02-05 with no outcome and
        //     no draft on 2024-05-06, a week past 2024-04-29: NotApplicable, not Overdue.
        row(
            CaseEvents {
                decision: Some((d("2024-02-05"), AssessDecision::Assess)),
                exceptions: vec![personal("2024-04-22", "2024-05-03")],
                ..request()
            },
            "2024-05-06",
            K::NoPlanNotice,
            ("2024-01-08", "2024-04-29"),
            S::NotApplicable,
            R10_4,
        ),
        // C3. A one-day exception on the 20-week day itself, 2024-05-27..=2024-05-27, shares
        //     exactly that day with 2024-01-08..=2024-05-27. Final 2024-05-31, 4 days late:
        //     NotApplicable.
        row(
            CaseEvents {
                final_issued: Some(d("2024-05-31")),
                exceptions: vec![personal("2024-05-27", "2024-05-27")],
                ..drafted()
            },
            "2024-06-01",
            K::FinalPlan,
            ("2024-01-08", "2024-05-27"),
            S::NotApplicable,
            R13_3,
        ),
        // C4. Circumstances 2023-12-18..=2024-01-07 ended the day before the request, so they
        //     share no day with 2024-01-08..=2024-02-19: a decision on 2024-02-20, one day late,
        //     stays MetLate under reg 5(1).
        row(
            CaseEvents {
                decision: Some((d("2024-02-20"), AssessDecision::Assess)),
                exceptions: vec![personal("2023-12-18", "2024-01-07")],
                ..request()
            },
            "2024-03-01",
            K::DecisionToAssess,
            ("2024-01-08", "2024-02-19"),
            S::MetLate,
            "reg. 5(1)",
        ),
        // (d) Absent from the area, at least 4 weeks. Request 2024-01-08 as in (c). The
        //     20-week limit with a final issued late is row 13 of `cases`.
        // D1. Abroad 2024-01-29..=2024-03-01 (33 days), sharing 2024-01-29..=2024-02-19 with
        //     the 6-week period. Decision 2024-03-04, 14 days late: NotApplicable.
        row(
            CaseEvents {
                decision: Some((d("2024-03-04"), AssessDecision::Assess)),
                exceptions: vec![absent("2024-01-29", "2024-03-01")],
                ..request()
            },
            "2024-03-10",
            K::DecisionToAssess,
            ("2024-01-08", "2024-02-19"),
            S::NotApplicable,
            R5_4,
        ),
        // D2. Away 2024-04-15..=2024-05-24 (40 days), sharing 2024-04-15..=2024-04-29 with the
        //     16-week period. No plan, notified 2024-05-13, 14 days late: NotApplicable.
        row(
            CaseEvents {
                decision: Some((d("2024-02-05"), AssessDecision::Assess)),
                assessment_outcome: Some((d("2024-05-13"), IssueDecision::NoPlan)),
                exceptions: vec![absent("2024-04-15", "2024-05-24")],
                ..request()
            },
            "2024-06-01",
            K::NoPlanNotice,
            ("2024-01-08", "2024-04-29"),
            S::NotApplicable,
            R10_4,
        ),
        // D3. The same absence with a draft served 2024-05-01 and no final by 2024-06-10, two
        //     weeks past the 20-week day 2024-05-27: NotApplicable rather than Overdue (the
        //     test below checks that the work tray's next deadline skips it).
        row(
            CaseEvents {
                exceptions: vec![absent("2024-04-15", "2024-05-24")],
                ..drafted()
            },
            "2024-06-10",
            K::FinalPlan,
            ("2024-01-08", "2024-05-27"),
            S::NotApplicable,
            R13_3,
        ),
        // Reg 18(1), into a school phase in September 2026 (here, into Reception): amend by
        // 15 February 2026, a Sunday (the day does not move). The clock is shown from
        // 1 September 2025, the start of the academic year in which 15 February 2026 falls.
        // P1. Amended 2026-02-16, the day after: MetLate.
        row(
            transfer(INTO_2026, Some("2026-02-16")),
            "2026-03-01",
            K::PhaseTransfer,
            ("2025-09-01", "2026-02-15"),
            S::MetLate,
            R18_FEB,
        ),
        // P2. Not amended; 2026-02-01 is 14 days before 2026-02-15: DueSoon.
        row(
            transfer(INTO_2026, None),
            "2026-02-01",
            K::PhaseTransfer,
            ("2025-09-01", "2026-02-15"),
            S::DueSoon,
            R18_FEB,
        ),
        // P3. Not amended; 2026-01-31 is 15 days before: NotYetDue.
        row(
            transfer(INTO_2026, None),
            "2026-01-31",
            K::PhaseTransfer,
            ("2025-09-01", "2026-02-15"),
            S::NotYetDue,
            R18_FEB,
        ),
        // P4. Amended 2026-03-01: 14 days after 15 February, so late for a move into a school
        //     phase (compare P7, the same day for a move to post-16).
        row(
            transfer(INTO_2026, Some("2026-03-01")),
            "2026-04-01",
            K::PhaseTransfer,
            ("2025-09-01", "2026-02-15"),
            S::MetLate,
            R18_FEB,
        ),
        // P5. Into secondary in September 2025: due 2025-02-15, shown from 2024-09-01. The
        //     family was away 2025-01-20..=2025-02-28, across the due day, but reg 10(4) lifts
        //     only the 6-, 16- and 20-week limits: not amended on 2025-03-01, it is Overdue.
        row(
            CaseEvents {
                exceptions: vec![absent("2025-01-20", "2025-02-28")],
                ..transfer(TransferKind::IntoSchoolPhase { year: 2025 }, None)
            },
            "2025-03-01",
            K::PhaseTransfer,
            ("2024-09-01", "2025-02-15"),
            S::Overdue,
            R18_FEB,
        ),
        // Reg 18(1), from secondary school to post-16 in September 2026: amend by
        // 31 March 2026, shown from 1 September 2025.
        // P6. Amended on 2026-03-31 itself: MetOnTime.
        row(
            transfer(POST16_2026, Some("2026-03-31")),
            "2026-04-01",
            K::PhaseTransfer,
            ("2025-09-01", "2026-03-31"),
            S::MetOnTime,
            R18_MAR,
        ),
        // P7. Amended 2026-03-01, after 15 February but 30 days before 31 March: MetOnTime.
        row(
            transfer(POST16_2026, Some("2026-03-01")),
            "2026-04-01",
            K::PhaseTransfer,
            ("2025-09-01", "2026-03-31"),
            S::MetOnTime,
            R18_MAR,
        ),
        // P8. Amended 2026-04-01, the day after: MetLate.
        row(
            transfer(POST16_2026, Some("2026-04-01")),
            "2026-04-02",
            K::PhaseTransfer,
            ("2025-09-01", "2026-03-31"),
            S::MetLate,
            R18_MAR,
        ),
        // P9. Not amended; 2026-03-17 is 14 days before 2026-03-31: DueSoon.
        row(
            transfer(POST16_2026, None),
            "2026-03-17",
            K::PhaseTransfer,
            ("2025-09-01", "2026-03-31"),
            S::DueSoon,
            R18_MAR,
        ),
    ];
    for (n, row) in (1..).zip(rows) {
        assert_eq!(row.events.validate(), Ok(()), "row {n} is not a valid case");
        let all = deadlines(&row.events, d(row.today));
        let found = all.iter().find(|x| x.kind == row.kind);
        let found = found.unwrap_or_else(|| panic!("row {n}: no {:?} in {all:?}", row.kind));
        assert_eq!(
            (found.trigger, found.due, found.state),
            (d(row.trigger), d(row.due), row.state),
            "row {n}: {:?}",
            row.kind
        );
        assert!(
            found.rule.contains(row.rule),
            "row {n}: {:?} cites {:?}",
            row.kind,
            found.rule
        );
        if row.state == DeadlineState::NotApplicable {
            // Only the exception lifted it: without it the limit was missed.
            let without = CaseEvents {
                exceptions: Vec::new(),
                ..row.events
            };
            let all = deadlines(&without, d(row.today));
            let state = all.iter().find(|x| x.kind == row.kind).map(|x| x.state);
            assert!(
                matches!(state, Some(S::MetLate | S::Overdue)),
                "row {n}: {state:?} without the exception"
            );
        }
    }
}

#[test]
fn every_exception_reason_lifts_the_same_late_final_plan() {
    // Request 2024-01-08, 20-week day 2024-05-27; final issued 2024-06-10, 14 days late. A
    // period 2024-04-01..=2024-05-10 (40 days, long enough for every reason) lies inside the
    // 20-week period, whichever of the four reasons it records.
    for reason in [
        ExceptionReason::SchoolClosure,
        ExceptionReason::EarlyYearsClosure,
        ExceptionReason::PersonalCircumstances,
        ExceptionReason::AbsentFromArea,
    ] {
        let events = CaseEvents {
            final_issued: Some(d("2024-06-10")),
            exceptions: vec![exception(reason, "2024-04-01", "2024-05-10")],
            ..drafted()
        };
        assert_eq!(events.validate(), Ok(()), "{reason:?}");
        assert!(exceptions_apply(&events), "{reason:?}");
        let all = deadlines(&events, d("2024-07-01"));
        let final_plan = all.iter().find(|x| x.kind == DeadlineKind::FinalPlan);
        let final_plan = final_plan.unwrap_or_else(|| panic!("{reason:?}: no final plan"));
        assert_eq!(
            (final_plan.due, final_plan.state),
            (d("2024-05-27"), DeadlineState::NotApplicable),
            "{reason:?}"
        );
    }
}

#[test]
fn a_lifted_limit_is_not_the_next_deadline() {
    // Row D3: drafted (decision 2024-02-05, draft 2024-05-01), away 2024-04-15..=2024-05-24, no
    // final by 2024-06-10. The decision was met on time, the draft comment window ended on
    // 2024-05-16 and the 20-week limit is lifted: nothing is owed, so no next deadline.
    let events = CaseEvents {
        exceptions: vec![absent("2024-04-15", "2024-05-24")],
        ..drafted()
    };
    let all = deadlines(&events, d("2024-06-10"));
    assert!(next_deadline(&all).is_none(), "{all:?}");
    // Without the absence the same case is overdue on the 20-week limit, 2024-05-27.
    let all = deadlines(&drafted(), d("2024-06-10"));
    let next = next_deadline(&all).map(|x| (x.kind, x.due, x.state));
    assert_eq!(
        next,
        Some((
            DeadlineKind::FinalPlan,
            d("2024-05-27"),
            DeadlineState::Overdue
        ))
    );
}
