//! The steps of each assessment between the decision to assess and its end: the advice asked
//! for and when it came, the draft plan and the family's comments, and any exception to the
//! limits. Drawn from each request's own dates, so a plan issued late had late advice.
//!
//! The advice is asked for within a week of the decision to assess and is due 6 weeks later
//! (SEND Regulations 2014 reg 8); most arrives in time, a share late, educational psychology
//! most often last. The draft is served a few weeks before the final plan, the family have at
//! least 15 days to comment (reg 13(1)), and the final plan is the plan's start. The request's
//! assessment outcome, until now the day of the final plan, becomes the day the draft was served:
//! the decision to issue a plan goes with the draft, as casework records it. Advice is
//! recorded for requests from 2020, the first year of the figures synth is calibrated on:
//! records from before then carry only the request, decision and plan dates, as records brought
//! over from an older case system do.

use chrono::{Datelike, NaiveDate};
use domain::clock::{AdviceService, ExceptionReason};
use domain::dates::nc_year_on;
use domain::{AssessmentOutcome, RequestOutcome};
use rand::RngExt;
use rand::seq::IndexedRandom;

use crate::calendar::{add_days, between};
use crate::cases::{TWENTY_WEEKS, date, window_start};
use crate::events_model::{Advice, Exception};
use crate::model::{Council, Request};

/// Why the council decided to assess (Children and Families Act 2014 s.36(8)).
pub const ASSESS_REASONS: &str = "The evidence shows that the child or young person may have \
     special educational needs and that special educational provision may need to be made \
     through an EHC plan (Children and Families Act 2014 s.36(8)).";
/// Why the council refused.
pub const REFUSE_REASONS: &str = "The evidence shows that the needs can be met from the \
     resources normally available to the setting through SEN support. The letter sets out the \
     support expected and the right to mediation and appeal.";

/// Who each service's advice is asked of.
const ADVISERS: [(AdviceService, &[&str]); 5] = [
    (
        AdviceService::EducationalPsychology,
        &["Educational psychology service"],
    ),
    (
        AdviceService::Health,
        &[
            "Community paediatrics",
            "Speech and language therapy",
            "Child and adolescent mental health services",
        ],
    ),
    (
        AdviceService::SocialCare,
        &["Children's social care", "Disabled children's team"],
    ),
    (
        AdviceService::Education,
        &["The child's school or setting", "Early years SEND team"],
    ),
    (
        AdviceService::Other,
        &["Sensory support service", "Occupational therapy"],
    ),
];

/// Adds the steps of every assessment, and the reasons for every decision.
pub(crate) fn assessments<R: rand::Rng + ?Sized>(c: &mut Council, rng: &mut R) {
    let mut advice = Vec::new();
    let mut exceptions = Vec::new();
    for r in &mut c.requests {
        r.decision_reasons = match r.outcome {
            RequestOutcome::Yes => Some(ASSESS_REASONS),
            RequestOutcome::No => Some(REFUSE_REASONS),
            _ => None,
        };
        let (RequestOutcome::Yes, Some(decided), Some(end)) =
            (r.outcome, r.outcome_on, r.assessment_outcome_on)
        else {
            continue;
        };
        let plan = r.assessment_outcome == Some(AssessmentOutcome::Yes);
        let late = (end - r.received_on).num_days() > TWENTY_WEEKS;
        // The advice must be in before the draft, or before the notice that no plan will follow.
        let advice_by = if plan {
            let draft = draft_date(rng, decided, end);
            r.draft_issued_on = Some(draft);
            // The decision to issue a plan is made when the draft is served; the final plan
            // is the plan's start.
            r.assessment_outcome_on = Some(draft);
            r.comments_received_on = comments_date(rng, draft, end);
            add_days(draft, -rng.random_range(3..=10)).max(decided)
        } else {
            add_days(end, -rng.random_range(3..=10)).max(decided)
        };
        if r.received_on >= window_start() {
            asked(rng, r, decided, advice_by, late, &mut advice);
        }
        if r.week20_exception {
            let birth = c.children[r.child_id as usize - 1].birth_date;
            let education = advice
                .iter()
                .rev()
                .take_while(|a: &&Advice| a.request_id == r.id)
                .find(|a| a.service == AdviceService::Education)
                .map(|a| a.requested_on);
            exceptions.push(exception(rng, r, birth, education, end));
        }
    }
    c.advice = advice;
    c.exceptions = exceptions;
}

/// The draft: mostly 2 to 4 weeks before the final plan, sometimes longer where the family
/// asked for a meeting or a different school.
fn draft_date<R: rand::Rng + ?Sized>(
    rng: &mut R,
    decided: NaiveDate,
    final_on: NaiveDate,
) -> NaiveDate {
    let gap = match rng.random_range(0..100) {
        0..70 => rng.random_range(15..=28),
        70..90 => rng.random_range(29..=45),
        _ => rng.random_range(46..=75),
    };
    add_days(final_on, -gap).max(decided).min(final_on)
}

/// The family's comments: mostly within the 15 days, some later, a few never sent.
fn comments_date<R: rand::Rng + ?Sized>(
    rng: &mut R,
    draft: NaiveDate,
    final_on: NaiveDate,
) -> Option<NaiveDate> {
    let days = match rng.random_range(0..100) {
        0..80 => rng.random_range(5..=15),
        80..94 => rng.random_range(16..=30),
        _ => return None,
    };
    Some(add_days(draft, days).min(final_on))
}

/// The advice asked for on one request: the four services always, another now and then.
fn asked<R: rand::Rng + ?Sized>(
    rng: &mut R,
    r: &Request,
    decided: NaiveDate,
    by: NaiveDate,
    late_plan: bool,
    out: &mut Vec<Advice>,
) {
    let base = add_days(decided, rng.random_range(0..=5));
    let first = out.len();
    for (service, advisers) in ADVISERS {
        if service == AdviceService::Other && !rng.random_bool(0.08) {
            continue;
        }
        let requested = add_days(base, rng.random_range(0..=2)).min(by);
        // Share late (past 6 weeks), more so when the plan itself was late.
        let late_share = match (service, late_plan) {
            (AdviceService::EducationalPsychology, true) => 0.6,
            (AdviceService::EducationalPsychology, false) => 0.2,
            (AdviceService::Health, true) => 0.35,
            (AdviceService::Health, false) => 0.12,
            (_, true) => 0.2,
            (_, false) => 0.06,
        };
        let days = if rng.random_bool(late_share) {
            rng.random_range(43..=120)
        } else {
            match service {
                AdviceService::EducationalPsychology => rng.random_range(28..=42),
                AdviceService::Education => rng.random_range(10..=35),
                _ => rng.random_range(14..=42),
            }
        };
        out.push(Advice {
            id: 0,
            request_id: r.id,
            child_id: r.child_id,
            service,
            adviser: advisers.choose(rng).copied().unwrap_or("Adviser"),
            requested_on: requested,
            received_on: Some(add_days(requested, days).min(by).max(requested)),
        });
    }
    // Where the plan was late the psychologist's advice was usually what held it up.
    if late_plan {
        let latest = out[first..].iter().filter_map(|a| a.received_on).max();
        if let (Some(latest), Some(ep)) = (
            latest,
            out[first..]
                .iter_mut()
                .find(|a| a.service == AdviceService::EducationalPsychology),
        ) && rng.random_bool(0.7)
        {
            ep.received_on = Some(add_days(latest, rng.random_range(0..=14)).min(by));
        }
    }
}

/// Notes an exception may carry, by reason.
fn note(reason: ExceptionReason) -> &'static [&'static str] {
    match reason {
        ExceptionReason::SchoolClosure => &["Advice asked of the school over the summer closure"],
        ExceptionReason::EarlyYearsClosure => {
            &["Advice asked of the nursery over its summer closure"]
        }
        ExceptionReason::PersonalCircumstances => &[
            "Bereavement in the family",
            "Parent in hospital",
            "Child unwell and unable to be seen",
        ],
        ExceptionReason::AbsentFromArea => &[
            "Family abroad visiting relatives",
            "Family staying away from the area",
        ],
    }
}

/// An exception whose period overlaps the 20 weeks from the request and ends by the end of the
/// assessment: a school's or nursery's summer closure where advice was asked of it then
/// (reg 10(4)(a), (b)); otherwise the family's circumstances or absence (reg 10(4)(c), (d)).
fn exception<R: rand::Rng + ?Sized>(
    rng: &mut R,
    r: &Request,
    birth: NaiveDate,
    education_asked: Option<NaiveDate>,
    end: NaiveDate,
) -> Exception {
    let received = r.received_on;
    let limit = add_days(received, TWENTY_WEEKS).min(end);
    // From a week before the summer closure (late July) to a week before the September return.
    let summer = education_asked.and_then(|asked| {
        let from = date(asked.year(), 7, 16);
        let to = date(asked.year(), 8, 27);
        (from <= asked && asked <= to && to <= end).then_some((from, to))
    });
    let (reason, from, to) = match summer {
        Some((from, to)) if rng.random_bool(0.7) => {
            let reason = if nc_year_on(birth, from).get() < 0 {
                ExceptionReason::EarlyYearsClosure
            } else {
                ExceptionReason::SchoolClosure
            };
            (reason, from, to)
        }
        // An absence of at least 4 weeks (reg 10(4)(d)), ending by the end of the assessment.
        _ if rng.random_bool(0.35) && (end - received).num_days() >= 27 => {
            let from = between(rng, received, limit);
            let to = add_days(from, rng.random_range(27..=56)).min(end);
            (
                ExceptionReason::AbsentFromArea,
                from.min(add_days(to, -27)),
                to,
            )
        }
        _ => {
            let from = between(rng, received, limit);
            let to = add_days(from, rng.random_range(14..=60)).min(end).max(from);
            (ExceptionReason::PersonalCircumstances, from, to)
        }
    };
    Exception {
        id: 0,
        request_id: r.id,
        child_id: r.child_id,
        reason,
        from_on: from,
        to_on: to,
        note: note(reason).choose(rng).copied().unwrap_or(""),
    }
}
