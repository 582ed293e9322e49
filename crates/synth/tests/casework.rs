//! The council carried on to a fixed today: every case's events in an order that can have
//! happened, nothing after today, open cases at every stage of the statutory clock with some
//! deadlines overdue, and a caseworker for every case.

// Test helpers outside `#[test]` functions fail loudly by design.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use domain::clock::{
    self, AdviceRequest, AssessDecision, CaseEvents, DeadlineKind, DeadlineState, Exception,
    IssueDecision, PhaseTransfer, Review, Stage,
};
use domain::ids::LaCode;
use domain::{AssessmentOutcome, RequestOutcome};
use synth::{Council, DfeTables, LocalAuthority, Size, VersionStatus};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn tables() -> &'static DfeTables {
    static T: OnceLock<DfeTables> = OnceLock::new();
    T.get_or_init(|| DfeTables::embedded().unwrap())
}

fn council_like(code: Option<u16>) -> Council {
    let t = tables();
    let code = code.map(|c| LaCode::new(c).unwrap());
    let cal = t.calibrate(code).unwrap();
    let la = match code {
        Some(c) => t.local_authority(c).unwrap().clone(),
        None => LocalAuthority::exampleshire(),
    };
    synth::generate_to(&la, &cal, Size::Small.target_plans(), 2025, today())
}

/// Exampleshire, Bristol and North Somerset, carried on to today.
fn councils() -> &'static [Council; 3] {
    static C: OnceLock<[Council; 3]> = OnceLock::new();
    C.get_or_init(|| {
        [
            council_like(None),
            council_like(Some(801)),
            council_like(Some(802)),
        ]
    })
}

/// Each child's case as the clock reads it, with whether its request is on record and was
/// withdrawn (each synthetic child has at most one request and one plan).
fn cases(c: &Council) -> Vec<(i64, CaseEvents, bool, bool)> {
    let mut by_child: BTreeMap<i64, (Option<&synth::Request>, Option<&synth::Plan>)> =
        BTreeMap::new();
    for r in &c.requests {
        assert!(
            by_child
                .entry(r.child_id)
                .or_default()
                .0
                .replace(r)
                .is_none()
        );
    }
    for p in &c.plans {
        assert!(
            by_child
                .entry(p.child_id)
                .or_default()
                .1
                .replace(p)
                .is_none()
        );
    }
    let mut advice: HashMap<i64, Vec<AdviceRequest>> = HashMap::new();
    for a in &c.advice {
        advice.entry(a.request_id).or_default().push(AdviceRequest {
            service: a.service,
            requested_on: a.requested_on,
            received_on: a.received_on,
        });
    }
    let mut exceptions: HashMap<i64, Vec<Exception>> = HashMap::new();
    for e in &c.exceptions {
        exceptions.entry(e.request_id).or_default().push(Exception {
            reason: e.reason,
            from: e.from_on,
            to: e.to_on,
        });
    }
    let mut reviews: HashMap<i64, Vec<Review>> = HashMap::new();
    for r in &c.reviews {
        reviews.entry(r.plan_id).or_default().push(Review {
            meeting_on: r.meeting_on,
            decision: r.decision.zip(r.decision_on).map(|(d, on)| (on, d)),
            amendments_proposed_on: r.amendments_proposed_on,
            amended_plan_issued: r.amended_plan_issued_on,
        });
    }
    let transfers: HashMap<i64, PhaseTransfer> = c
        .phase_transfers
        .iter()
        .map(|t| {
            (
                t.plan_id,
                PhaseTransfer {
                    kind: t.kind,
                    amended_on: t.amended_on,
                },
            )
        })
        .collect();
    by_child
        .into_iter()
        .map(|(child, (request, plan))| {
            let start = request.map_or_else(|| plan.unwrap().start_on, |r| r.received_on);
            let mut e = CaseEvents::requested(start);
            e.birth_date = Some(c.children[child as usize - 1].birth_date);
            if let Some(r) = request {
                e.decision = match (r.outcome, r.outcome_on) {
                    (RequestOutcome::Yes, Some(on)) => Some((on, AssessDecision::Assess)),
                    (RequestOutcome::No, Some(on)) => Some((on, AssessDecision::Refuse)),
                    _ => None,
                };
                e.assessment_outcome = match (r.assessment_outcome, r.assessment_outcome_on) {
                    (Some(AssessmentOutcome::Yes), Some(on)) => {
                        Some((on, IssueDecision::IssuePlan))
                    }
                    (Some(AssessmentOutcome::No), Some(on)) => Some((on, IssueDecision::NoPlan)),
                    _ => None,
                };
                e.draft_issued = r.draft_issued_on;
                e.comments_received = r.comments_received_on;
                e.advice = advice.remove(&r.id).unwrap_or_default();
                e.exceptions = exceptions.remove(&r.id).unwrap_or_default();
            }
            if let Some(p) = plan {
                if request.is_some() {
                    e.final_issued = Some(p.start_on);
                } else {
                    e.plan_made = Some(p.start_on);
                }
                e.cease_notice = p.cease_notice_on;
                e.ceased_on = p.cease_on;
                e.reviews = reviews.remove(&p.id).unwrap_or_default();
                e.phase_transfer = transfers.get(&p.id).copied();
            }
            let withdrawn = request.is_some_and(|r| r.outcome == RequestOutcome::Withdrawn);
            (child, e, request.is_some(), withdrawn)
        })
        .collect()
}

#[test]
fn on_today_there_are_open_cases_at_every_stage_with_some_overdue() {
    let today = today();
    for c in councils() {
        let mut stages: BTreeMap<Stage, usize> = BTreeMap::new();
        let mut states: HashSet<(&str, DeadlineState)> = HashSet::new();
        let mut recent_finals = 0;
        for (_, events, on_record, withdrawn) in cases(c) {
            *stages
                .entry(clock::stage(&events, on_record, withdrawn))
                .or_default() += 1;
            let deadlines = if on_record {
                clock::deadlines(&events, today)
            } else {
                clock::plan_deadlines(&events, today)
            };
            for d in deadlines {
                let kind = match d.kind {
                    DeadlineKind::DecisionToAssess => "decision",
                    DeadlineKind::Advice(_) => "advice",
                    DeadlineKind::DraftCommentWindow => "comments",
                    DeadlineKind::FinalPlan => "final",
                    DeadlineKind::AnnualReview(_) => "review",
                    DeadlineKind::ReviewDecision(_) => "review decision",
                    DeadlineKind::AmendedPlan(_) => "amended plan",
                    DeadlineKind::PhaseTransfer => "phase transfer",
                    _ => continue,
                };
                states.insert((kind, d.state));
            }
            recent_finals += usize::from(
                events
                    .final_issued
                    .is_some_and(|f| (today - f).num_days() <= 28),
            );
        }
        eprintln!(
            "{}: {stages:?}, {recent_finals} finals in 4 weeks",
            c.la.name
        );
        for stage in [
            Stage::AwaitingDecision,
            Stage::Assessing,
            Stage::DraftPlan,
            Stage::PlanInForce,
            Stage::Reviewing,
            Stage::Ceasing,
            Stage::Closed,
        ] {
            assert!(
                stages.get(&stage).is_some_and(|&n| n > 0),
                "{} {stage:?}",
                c.la.name
            );
        }
        assert!(
            recent_finals > 0,
            "{}: no final plan issued lately",
            c.la.name
        );
        use DeadlineState::*;
        for want in [
            ("decision", Overdue),
            ("decision", NotYetDue),
            ("advice", Overdue),
            ("advice", NotYetDue),
            ("comments", NotYetDue),
            ("comments", Elapsed),
            ("final", Overdue),
            ("review", DueSoon),
            ("review", Overdue),
            ("review decision", Overdue),
            ("amended plan", NotYetDue),
            ("phase transfer", NotYetDue),
            ("phase transfer", MetOnTime),
        ] {
            assert!(
                states.contains(&want),
                "{}: no {} deadline {:?}",
                c.la.name,
                want.0,
                want.1
            );
        }
        // A few of the other things a caseworker sees.
        let phase = |nc: i8| {
            c.phase_transfers
                .iter()
                .filter(|t| {
                    let birth = c.children[t.child_id as usize - 1].birth_date;
                    domain::dates::nc_year_on(birth, today).get() == nc
                })
                .count()
        };
        assert!(phase(6) > 0 && phase(11) > 0, "{}", c.la.name);
        assert!(c.markers.iter().any(|m| m.closed_on.is_none()));
        assert!(
            c.markers
                .iter()
                .any(|m| m.kind == synth::MarkerKind::Tribunal)
        );
        assert!(
            c.plans
                .iter()
                .any(|p| p.transferred_in_from.is_some_and(|f| f != c.la.code)),
            "{}: no plan transferred in",
            c.la.name
        );
    }
}

#[test]
fn events_are_in_order_and_none_is_after_today() {
    let today = today();
    for c in councils() {
        let name = &c.la.name;
        for (child, events, ..) in cases(c) {
            if let Err(e) = events.validate() {
                panic!("{name} child {child}: {e:?}\n{events:?}");
            }
        }
        let requests: HashMap<i64, &synth::Request> =
            c.requests.iter().map(|r| (r.id, r)).collect();
        let plans: HashMap<i64, &synth::Plan> = c.plans.iter().map(|p| (p.id, p)).collect();
        let final_of: HashMap<i64, &synth::Plan> = c
            .plans
            .iter()
            .filter_map(|p| Some((p.request_id?, p)))
            .collect();
        for r in &c.requests {
            let dates = [
                Some(r.received_on),
                r.outcome_on,
                r.assessment_outcome_on,
                r.draft_issued_on,
                r.comments_received_on,
            ];
            assert!(dates.iter().flatten().all(|d| *d <= today), "{r:?}");
            assert!(r.outcome_on.is_none_or(|d| d >= r.received_on), "{r:?}");
            assert!(r.draft_issued_on >= r.outcome_on.filter(|_| r.draft_issued_on.is_some()));
            assert!(
                r.comments_received_on
                    .is_none_or(|d| Some(d) >= r.draft_issued_on)
            );
            if r.assessment_outcome == Some(AssessmentOutcome::Yes) {
                assert_eq!(r.assessment_outcome_on, r.draft_issued_on, "{r:?}");
            }
            if let Some(p) = final_of.get(&r.id) {
                let draft = r.draft_issued_on.unwrap();
                assert!(
                    draft <= p.start_on && r.comments_received_on.is_none_or(|d| d <= p.start_on)
                );
            }
        }
        for a in &c.advice {
            let r = requests[&a.request_id];
            assert!(
                Some(a.requested_on) >= r.outcome_on && a.requested_on <= today,
                "{a:?}"
            );
            assert!(
                a.received_on
                    .is_none_or(|d| d >= a.requested_on && d <= today)
            );
            assert!(a.requested_on <= add(r.outcome_on.unwrap(), 7), "{a:?}");
            let by = r.draft_issued_on.or(r.assessment_outcome_on);
            assert!(
                by.is_none_or(|by| a.received_on.is_some_and(|d| d <= by)),
                "{a:?}"
            );
        }
        for e in &c.exceptions {
            let r = requests[&e.request_id];
            assert!(r.week20_exception && e.from_on <= e.to_on && e.to_on <= today);
            assert!(e.from_on <= add(r.received_on, 140) && e.to_on >= r.received_on);
        }
        for p in &c.plans {
            assert!(
                p.start_on <= today && p.cease_on.is_none_or(|d| d >= p.start_on && d <= today)
            );
            assert!(
                p.cease_notice_on
                    .is_none_or(|n| n >= p.start_on && n <= today)
            );
            assert!(
                p.cease_notice_on
                    .is_none_or(|n| p.cease_on.is_none_or(|d| n <= d))
            );
        }
        for r in &c.reviews {
            let p = plans[&r.plan_id];
            assert!(r.meeting_on > p.start_on && r.meeting_on <= today, "{r:?}");
            assert!(p.cease_on.is_none_or(|d| r.meeting_on < d), "{r:?} {p:?}");
            assert!(
                r.decision_on
                    .is_none_or(|d| d >= r.meeting_on && d <= today)
            );
            assert!(r.amended_plan_issued_on.is_none_or(|d| {
                r.amendments_proposed_on.is_some_and(|p| d >= add(p, 15)) && d <= today
            }));
        }
        for t in &c.phase_transfers {
            let p = plans[&t.plan_id];
            assert!(p.cease_on.is_none() && t.amended_on.is_none_or(|d| d <= today));
        }
        for m in &c.markers {
            assert!(
                m.opened_on <= today && m.closed_on.is_none_or(|d| d > m.opened_on && d <= today)
            );
        }
        for v in &c.plan_versions {
            assert!(v.issued_on.year() >= 2025 && v.issued_on <= today, "{v:?}");
            assert_eq!(v.sections.len(), synth::PLAN_SECTIONS.len());
            assert!(v.sections.iter().all(|s| s.starts_with(synth::SYNTHETIC)));
            let r = requests[&v.request_id.unwrap()];
            match v.status {
                VersionStatus::Draft => assert_eq!(Some(v.issued_on), r.draft_issued_on),
                VersionStatus::Final => {
                    assert_eq!(final_of[&r.id].start_on, v.issued_on);
                    assert_eq!(v.plan_id, Some(final_of[&r.id].id));
                }
                _ => assert!(v.plan_id.is_some()),
            }
        }
    }
}

fn add(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(chrono::Days::new(days)).unwrap()
}

#[test]
fn every_case_has_a_caseworker_with_about_150_open_cases_each() {
    for c in councils() {
        let with_case: HashSet<i64> = c
            .requests
            .iter()
            .map(|r| r.child_id)
            .chain(c.plans.iter().map(|p| p.child_id))
            .collect();
        let owned: HashMap<i64, i64> = c
            .case_owners
            .iter()
            .map(|o| (o.child_id, o.caseworker_id))
            .collect();
        assert_eq!(owned.len(), c.case_owners.len(), "one owner per child");
        assert_eq!(owned.keys().copied().collect::<HashSet<_>>(), with_case);
        let ids: HashSet<i64> = c.caseworkers.iter().map(|w| w.id).collect();
        assert!(owned.values().all(|id| ids.contains(id)));
        let per = c.open_cases() as f64 / c.caseworkers.len() as f64;
        assert!(
            (100.0..=200.0).contains(&per),
            "{}: {per} open cases each",
            c.la.name
        );
        let emails: HashSet<&str> = c.caseworkers.iter().map(|w| w.email.as_str()).collect();
        assert_eq!(emails.len(), c.caseworkers.len());
        assert!(c.caseworkers.iter().all(|w| w.email.ends_with(".example")));
    }
}
