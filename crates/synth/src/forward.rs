//! The council carried on from the census to today.
//!
//! New requests arrive at the council's 2024 rate from 1 January 2025, and each is taken through
//! the process at the council's own 2024 pace: the share it refused to assess, the share of
//! assessments that ended without a plan, and the share of plans issued within 20 weeks, with
//! and without exceptions. Requests still being assessed at the census are finished the same
//! way. Plans cease at the 2024 rate, with notice given first where the law asks for it, and a
//! few plans arrive from other councils. Every date is drawn in full, even past today: cutting
//! the council at today ([`crate::as_of`]) then leaves cases part-way through, at every stage.

use chrono::NaiveDate;
use domain::dates::age_on;
use domain::ids::LaCode;
use domain::{AssessmentOutcome, CeaseReason, RequestOutcome, SenType};
use rand::RngExt;

use crate::calendar::{add_days, between, jan1};
use crate::calibration::{CENSUS_YEAR, Calibration, band_age};
use crate::cases::{
    Counts, birth_for_age_on, cease_reason_and_age, counts, days_to_final, decision_date,
    request_age, source, weighted,
};
use crate::model::{Council, Plan, Request};
use crate::names::Postcodes;
use crate::people::{self, Facts};

/// Requests withdrawn before a decision. The DfE does not publish this; it is small.
const WITHDRAWN_SHARE: f64 = 0.05;
/// Plans transferred in from other councils each year, as a share of the caseload (families
/// with a plan moving into the area; reg 15).
const TRANSFER_IN_SHARE: f64 = 0.012;
/// How far ahead of today ceasing is drawn, so that some plans have had notice and are still in
/// force on today.
const CEASE_AHEAD_DAYS: i64 = 90;

/// Real councils a plan may be transferred from or to: a spread across England's regions.
pub const OTHER_COUNCILS: [u16; 16] = [
    800, 801, 802, 803, 202, 330, 340, 352, 373, 383, 850, 881, 886, 925, 935, 941,
];

/// How the council dealt with requests in 2024, as shares.
struct Pace {
    refuse: f64,
    no_plan: f64,
    within: f64,
    exception: f64,
    within_exc: f64,
}

impl Pace {
    fn of(c: &Counts) -> Self {
        let share = |a: u32, b: u32, default: f64| {
            if b > 0 {
                f64::from(a) / f64::from(b)
            } else {
                default
            }
        };
        Self {
            refuse: share(c.refused, c.requests, 0.25).clamp(0.0, 0.6),
            no_plan: share(c.not_issued, c.issued + c.not_issued, 0.08).clamp(0.0, 0.5),
            within: share(c.within_excl, c.issued - c.exceptions, 0.5).clamp(0.0, 1.0),
            exception: share(c.exceptions, c.issued, 0.02).clamp(0.0, 1.0),
            within_exc: share(c.within_exc, c.exceptions, 0.3).clamp(0.0, 1.0),
        }
    }

    /// The end of an assessment that began with `received` and `decided`: a plan (with whether
    /// an exception applied) or a notice that none will be issued, never before `not_before`.
    fn assessment_end<R: rand::Rng + ?Sized>(
        &self,
        rng: &mut R,
        received: NaiveDate,
        not_before: NaiveDate,
    ) -> (AssessmentOutcome, NaiveDate, bool) {
        if rng.random_bool(self.no_plan) {
            // The 16-week notice (reg 10(1)) is mostly on time.
            let days = if rng.random_bool(0.8) {
                rng.random_range(70..=112)
            } else {
                rng.random_range(113..=160)
            };
            let on = add_days(received, days).max(not_before);
            return (AssessmentOutcome::No, on, false);
        }
        let exception = rng.random_bool(self.exception);
        let within = rng.random_bool(if exception {
            self.within_exc
        } else {
            self.within
        });
        let on = add_days(received, days_to_final(rng, within)).max(not_before);
        (AssessmentOutcome::Yes, on, exception)
    }
}

/// Carries the council from the census to `council.today`.
pub(crate) fn roll<R: rand::Rng + ?Sized>(
    c: &mut Council,
    cal: &Calibration,
    plans: u32,
    rng: &mut R,
) {
    cease_details(c, rng);
    let Some(&(_, year)) = counts(cal, plans).last() else {
        return;
    };
    let pace = Pace::of(&year);
    let mut new_plans = Vec::new();
    finish_pending(c, &pace, rng, &mut new_plans);
    new_requests(c, cal, &year, &pace, rng, &mut new_plans);
    transfers_in(c, cal, rng, &mut new_plans);
    // A plan exists once its final is issued; later ones live on as their request's dates.
    new_plans.retain(|p| p.start_on <= c.today);
    new_plans.sort_by_key(|p| (p.start_on, p.child_id));
    let first = c.plans.len() as i64 + 1;
    for (i, p) in new_plans.iter_mut().enumerate() {
        p.id = first + i as i64;
    }
    c.plans.extend(new_plans);
    ceases(c, &year, rng);
}

fn plan(child_id: i64, request_id: Option<i64>, start_on: NaiveDate) -> Plan {
    Plan {
        id: 0,
        child_id,
        request_id,
        start_on,
        cease_on: None,
        cease_reason: None,
        cease_notice_on: None,
        transferred_in_from: None,
        transferred_out_to: None,
    }
}

/// Whether the council tells the family first (reg 31): not when the child has died, and not
/// when the plan goes with them to another council or they leave England.
fn gives_notice(reason: CeaseReason) -> bool {
    !matches!(
        reason,
        CeaseReason::Deceased
            | CeaseReason::TransferredToAnotherLa
            | CeaseReason::MovedOutsideEngland
    )
}

/// A council other than `own` that a plan moved from or to.
pub(crate) fn other_council<R: rand::Rng + ?Sized>(rng: &mut R, own: LaCode) -> Option<LaCode> {
    let choices: Vec<u16> = OTHER_COUNCILS
        .iter()
        .copied()
        .filter(|&c| c != own.get())
        .collect();
    let pick = choices.get(rng.random_range(0..choices.len().max(1)))?;
    LaCode::new(*pick).ok()
}

/// Notice dates and destinations for the plans that ceased before the census.
fn cease_details<R: rand::Rng + ?Sized>(c: &mut Council, rng: &mut R) {
    let own = c.la.code;
    for p in &mut c.plans {
        let (Some(on), Some(reason)) = (p.cease_on, p.cease_reason) else {
            continue;
        };
        if gives_notice(reason) {
            p.cease_notice_on = Some(add_days(on, -rng.random_range(28..=90)).max(p.start_on));
        }
        if reason == CeaseReason::TransferredToAnotherLa {
            p.transferred_out_to = other_council(rng, own);
        }
    }
}

/// Requests still being assessed at the census: finished after it.
fn finish_pending<R: rand::Rng + ?Sized>(
    c: &mut Council,
    pace: &Pace,
    rng: &mut R,
    plans: &mut Vec<Plan>,
) {
    let census = c.census_date;
    for r in &mut c.requests {
        if r.outcome != RequestOutcome::Yes || r.assessment_outcome.is_some() {
            continue;
        }
        let decided = r.outcome_on.unwrap_or(r.received_on);
        let not_before = add_days(census, rng.random_range(1..=45)).max(add_days(decided, 28));
        let (outcome, on, exception) = pace.assessment_end(rng, r.received_on, not_before);
        r.assessment_outcome = Some(outcome);
        r.assessment_outcome_on = Some(on);
        r.week20_exception = exception;
        if outcome == AssessmentOutcome::Yes {
            plans.push(plan(r.child_id, Some(r.id), on));
        }
    }
}

fn draw_need<R: rand::Rng + ?Sized>(rng: &mut R, cal: &Calibration) -> Option<SenType> {
    let w: Vec<f64> = cal.need_shares.iter().map(|n| n.1).collect();
    cal.need_shares.get(weighted(rng, &w)).and_then(|n| n.0)
}

/// A new child, made like the others, known from `on`.
fn new_child<R: rand::Rng + ?Sized>(
    c: &mut Council,
    rng: &mut R,
    birth_date: NaiveDate,
    need: Option<SenType>,
    on: NaiveDate,
) -> i64 {
    let id = c.children.len() as i64 + 1;
    let age = age_on(birth_date, on);
    let facts = Facts {
        id,
        birth_date,
        need,
        district: rng.random_range(0..c.areas.len().max(1)) as u8 + 1,
        at_school: (5..16).contains(&age),
        post16_learner: age >= 16 && rng.random_bool(0.6),
    };
    c.children
        .push(people::child(rng, &facts, on, &Postcodes::new()));
    id
}

/// Requests received from 1 January 2025 to the day before today, at the 2024 rate.
fn new_requests<R: rand::Rng + ?Sized>(
    c: &mut Council,
    cal: &Calibration,
    year: &Counts,
    pace: &Pace,
    rng: &mut R,
    plans: &mut Vec<Plan>,
) {
    let from = jan1(CENSUS_YEAR);
    let to = add_days(c.today, -1);
    let days = (to - from).num_days() + 1;
    if days <= 0 {
        return;
    }
    let n = (f64::from(year.requests) * days as f64 / 366.0).round() as usize;
    let mut dates: Vec<NaiveDate> = (0..n).map(|_| between(rng, from, to)).collect();
    dates.sort_unstable();
    for received in dates {
        let age = request_age(rng);
        let birth = birth_for_age_on(rng, received, age);
        let need = draw_need(rng, cal);
        let child_id = new_child(c, rng, birth, need, received);
        let id = c.requests.len() as i64 + 1;
        let mut request = Request {
            id,
            child_id,
            received_on: received,
            source: source(rng, age),
            outcome: RequestOutcome::Yes,
            outcome_on: None,
            assessment_outcome: None,
            assessment_outcome_on: None,
            week20_exception: false,
            decision_reasons: None,
            draft_issued_on: None,
            comments_received_on: None,
        };
        let u: f64 = rng.random_range(0.0..1.0);
        if u < WITHDRAWN_SHARE {
            request.outcome = RequestOutcome::Withdrawn;
            request.outcome_on = Some(add_days(received, rng.random_range(7..=60)));
        } else if u < WITHDRAWN_SHARE + pace.refuse * (1.0 - WITHDRAWN_SHARE) {
            request.outcome = RequestOutcome::No;
            request.outcome_on = Some(decision_date(rng, received, NaiveDate::MAX));
        } else {
            let (outcome, on, exception) = pace.assessment_end(rng, received, received);
            request.outcome_on = Some(decision_date(rng, received, add_days(on, -28)));
            request.assessment_outcome = Some(outcome);
            request.assessment_outcome_on = Some(on);
            request.week20_exception = exception;
            if outcome == AssessmentOutcome::Yes {
                plans.push(plan(child_id, Some(id), on));
            }
        }
        c.requests.push(request);
    }
}

/// Plans that came with children moving in from other councils since the census.
fn transfers_in<R: rand::Rng + ?Sized>(
    c: &mut Council,
    cal: &Calibration,
    rng: &mut R,
    plans: &mut Vec<Plan>,
) {
    let from = add_days(c.census_date, 1);
    let to = add_days(c.today, -1);
    let days = (to - from).num_days() + 1;
    if days <= 0 {
        return;
    }
    let caseload = c.active_plans().count() as f64;
    let n = (caseload * TRANSFER_IN_SHARE * days as f64 / 365.25).round() as usize;
    for _ in 0..n {
        let start = between(rng, from, to);
        let band = weighted(rng, &cal.age_shares);
        let age = if band == 0 {
            rng.random_range(1..=2)
        } else {
            band_age(band)
        };
        let birth = birth_for_age_on(rng, start, age);
        let need = draw_need(rng, cal);
        let child_id = new_child(c, rng, birth, need, start);
        let mut p = plan(child_id, None, start);
        p.transferred_in_from = other_council(rng, c.la.code);
        plans.push(p);
    }
}

/// Plans ceasing from the day after the census to a little after today, at the 2024 rate, each
/// for a reason and at an age drawn as the history's are. Those ceasing after today have had
/// notice (when the law asks for it) and are still in force.
fn ceases<R: rand::Rng + ?Sized>(c: &mut Council, year: &Counts, rng: &mut R) {
    let census = c.census_date;
    let today = c.today;
    let from = add_days(census, 1);
    let horizon = add_days(today, CEASE_AHEAD_DAYS);
    let days = (horizon - from).num_days() + 1;
    let n = (f64::from(year.ceased) * days as f64 / 365.25).round() as usize;
    // Plans that may cease, by the child's age at the census.
    let mut by_age: Vec<Vec<usize>> = vec![Vec::new(); 27];
    for (i, p) in c.plans.iter().enumerate() {
        if p.cease_on.is_none() && p.cease_notice_on.is_none() {
            let birth = c.children[p.child_id as usize - 1].birth_date;
            by_age[(age_on(birth, census) as usize).min(26)].push(i);
        }
    }
    let own = c.la.code;
    for _ in 0..n {
        let on = between(rng, from, horizon);
        let (reason, age) = cease_reason_and_age(rng);
        let since = (on - census).num_days() / 365;
        let target = (i64::from(age) - since).clamp(0, 26);
        let mut chosen = None;
        for step in [0, -1, 1, -2, 2, 0] {
            let b = (target + step).clamp(0, 26) as usize;
            if by_age[b].is_empty() {
                continue;
            }
            let k = rng.random_range(0..by_age[b].len());
            if c.plans[by_age[b][k]].start_on < add_days(on, -30) {
                chosen = Some(by_age[b].swap_remove(k));
                break;
            }
        }
        let Some(i) = chosen else {
            continue;
        };
        let p = &mut c.plans[i];
        let notice = add_days(on, -rng.random_range(28..=90)).max(p.start_on);
        if on <= today {
            p.cease_on = Some(on);
            p.cease_reason = Some(reason);
            if gives_notice(reason) {
                p.cease_notice_on = Some(notice);
            }
            if reason == CeaseReason::TransferredToAnotherLa {
                p.transferred_out_to = other_council(rng, own);
            }
        } else if gives_notice(reason) && notice <= today {
            p.cease_notice_on = Some(notice);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DfeTables;

    #[test]
    fn other_councils_are_real_english_councils() {
        let t = DfeTables::embedded().unwrap();
        for code in OTHER_COUNCILS {
            assert!(
                t.local_authority(LaCode::new(code).unwrap()).is_some(),
                "{code}"
            );
        }
    }
}
