//! The life of a plan after it is made: annual reviews, the phase transfer coming this school
//! year, and the mediation and appeals that follow some decisions.
//!
//! Each plan is reviewed about every 12 months from the day it was made, then from the
//! previous review meeting (Children and Families Act 2014 s.44(1)): most meetings in the weeks
//! before the anniversary, some after it. The decision follows within 4 weeks mostly
//! (reg 20(10)), some later; an amendment is proposed with the decision and the amended plan
//! issued within 8 weeks of the proposal mostly (reg 22). A plan that ended for a reason a
//! review decides (needs met, no longer engaging, leaving education) ends on a decision to cease.

use chrono::{Datelike, Months, NaiveDate};
use domain::CeaseReason;
use domain::RequestOutcome;
use domain::clock::{ReviewDecision, TransferKind};
use domain::dates::{age_on, nc_year_on};
use rand::RngExt;

use crate::calendar::{add_days, between, jan1, sep1};
use crate::cases::date;
use crate::events_model::{Marker, MarkerKind, PhaseTransfer, Review};
use crate::model::Council;
use crate::places::Places;

/// Share of review meetings held by the anniversary.
const MEETINGS_ON_TIME: f64 = 0.82;
/// Share of decisions within 4 weeks of the meeting.
const DECISIONS_ON_TIME: f64 = 0.65;
/// Share of reviews that amend the plan.
const AMEND_SHARE: f64 = 0.42;

fn months_after(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The reviews of every plan, up to the day it ceased or today.
pub(crate) fn reviews<R: rand::Rng + ?Sized>(c: &mut Council, rng: &mut R) {
    let today = c.today;
    let mut out = Vec::with_capacity(c.plans.len() * 4);
    for p in &c.plans {
        // The last day the plan was in force, if it has ceased; what is after today is cut later.
        let in_force_to = p.cease_on.map(|d| add_days(d, -1));
        let last_meeting = in_force_to.unwrap_or(today).min(today);
        let decided_by_review = p.cease_on.is_some()
            && p.cease_reason.is_some_and(|r| {
                !matches!(
                    r,
                    CeaseReason::Deceased
                        | CeaseReason::TransferredToAnotherLa
                        | CeaseReason::MovedOutsideEngland
                )
            });
        let mut trigger = p.start_on;
        loop {
            let due = months_after(trigger, 12);
            let meeting = if rng.random_bool(MEETINGS_ON_TIME) {
                add_days(due, -rng.random_range(0..=56))
            } else {
                add_days(due, rng.random_range(1..=100))
            }
            .max(add_days(trigger, 180));
            if meeting > last_meeting {
                break;
            }
            let mut decision_on = if rng.random_bool(DECISIONS_ON_TIME) {
                add_days(meeting, rng.random_range(3..=28))
            } else {
                add_days(meeting, rng.random_range(29..=70))
            };
            let next_due = months_after(meeting, 12);
            let ends_plan = decided_by_review
                && p.cease_on
                    .is_some_and(|c| next_due >= c && add_days(meeting, 30) <= c);
            let decision = if ends_plan {
                decision_on = decision_on.min(p.cease_notice_on.or(in_force_to).unwrap_or(today));
                ReviewDecision::Cease
            } else if rng.random_bool(AMEND_SHARE) {
                ReviewDecision::Amend
            } else {
                ReviewDecision::Maintain
            };
            let decision_on = in_force_to
                .map_or(decision_on, |last| decision_on.min(last))
                .max(meeting);
            let (proposed, amended) = if decision == ReviewDecision::Amend {
                let days = if rng.random_bool(0.75) {
                    rng.random_range(15..=56)
                } else {
                    rng.random_range(57..=120)
                };
                let amended = add_days(decision_on, days);
                let in_force = in_force_to.is_none_or(|last| amended <= last);
                (Some(decision_on), in_force.then_some(amended))
            } else {
                (None, None)
            };
            out.push(Review {
                id: 0,
                plan_id: p.id,
                child_id: p.child_id,
                meeting_on: meeting,
                decision: Some(decision),
                decision_on: Some(decision_on),
                amendments_proposed_on: proposed,
                amended_plan_issued_on: amended,
            });
            trigger = meeting;
        }
    }
    c.reviews = out;
}

/// The move between phases each child in force today makes next September: into Reception,
/// into secondary school, from school to post-16, and a share of sixth-formers moving to
/// college. The plan is to be amended by 15 February, 31 March, or 5 months before a post-16
/// move (reg 18); most councils finish most of them in the weeks before.
pub(crate) fn phase_transfers<R: rand::Rng + ?Sized>(c: &mut Council, rng: &mut R) {
    let today = c.today;
    let year = if today.month() >= 9 {
        today.year() + 1
    } else {
        today.year()
    };
    let places = Places::new(&c.settings);
    let current: Vec<Option<i64>> = {
        let mut v = vec![None; c.children.len() + 1];
        for pl in &c.placements {
            v[pl.child_id as usize] = pl.setting_id;
        }
        v
    };
    let mut out = Vec::new();
    for p in c.plans_in_force_on(today) {
        if p.cease_notice_on.is_some() {
            continue;
        }
        let birth = c.children[p.child_id as usize - 1].birth_date;
        let (kind, due) = match nc_year_on(birth, today).get() {
            -1 | 6 => (TransferKind::IntoSchoolPhase { year }, date(year, 2, 15)),
            11 => (TransferKind::SecondaryToPost16 { year }, date(year, 3, 31)),
            13 if rng.random_bool(0.25) => (
                TransferKind::BetweenPost16 {
                    transfer_on: sep1(year),
                },
                date(year, 4, 1),
            ),
            _ => continue,
        };
        let amended = match rng.random_range(0..100) {
            0..10 => between(rng, add_days(sep1(year - 1), 20), add_days(due, -76)),
            10..75 => between(rng, add_days(due, -75), due),
            75..97 => add_days(due, rng.random_range(1..=90)),
            // A few are never done in time for the move.
            _ => add_days(due, 400),
        }
        .max(p.start_on);
        let next_age = age_on(birth, sep1(year));
        out.push(PhaseTransfer {
            id: 0,
            plan_id: p.id,
            child_id: p.child_id,
            kind,
            amended_on: Some(amended),
            next_setting_id: places.pick(rng, next_age, current[p.child_id as usize]),
        });
    }
    c.phase_transfers = out;
}

/// Mediation and appeals since January 2025: on a few refusals to assess, and a few final
/// plans (usually over the provision or the school named). Mediation comes first unless the
/// appeal is only about the school (Children and Families Act 2014 s.55).
pub(crate) fn markers<R: rand::Rng + ?Sized>(c: &mut Council, rng: &mut R) {
    let from = jan1(2025);
    let refusals = c
        .requests
        .iter()
        .filter_map(|r| match (r.outcome, r.outcome_on) {
            (RequestOutcome::No, Some(on)) => Some((r.child_id, on, 0.06)),
            _ => None,
        });
    let finals = c
        .plans
        .iter()
        .filter(|p| p.request_id.is_some())
        .map(|p| (p.child_id, p.start_on, 0.04));
    let mut out = Vec::new();
    for (child_id, decision, share) in refusals.chain(finals) {
        if decision < from || !rng.random_bool(share) {
            continue;
        }
        let mut appeal_from = add_days(decision, rng.random_range(20..=60));
        if rng.random_bool(0.7) {
            let opened = add_days(decision, rng.random_range(14..=56));
            let closed = add_days(opened, rng.random_range(20..=45));
            let agreed = rng.random_bool(0.35);
            out.push(Marker {
                id: 0,
                child_id,
                kind: MarkerKind::Mediation,
                opened_on: opened,
                closed_on: Some(closed),
                outcome: Some(if agreed {
                    "agreement reached"
                } else {
                    "no agreement"
                }),
            });
            if agreed || !rng.random_bool(0.6) {
                continue;
            }
            appeal_from = add_days(closed, rng.random_range(7..=30));
        }
        let outcomes = [
            ("appeal upheld", 40.0),
            ("appeal dismissed", 10.0),
            ("conceded by the council", 30.0),
            ("appeal withdrawn", 20.0),
        ];
        let w: Vec<f64> = outcomes.iter().map(|o| o.1).collect();
        out.push(Marker {
            id: 0,
            child_id,
            kind: MarkerKind::Tribunal,
            opened_on: appeal_from,
            closed_on: Some(add_days(appeal_from, rng.random_range(140..=300))),
            outcome: Some(outcomes[crate::cases::weighted(rng, &w)].0),
        });
    }
    c.markers = out;
}
