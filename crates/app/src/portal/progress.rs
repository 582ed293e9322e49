//! Where a child's EHC case has got to, told to the family: the stage in plain words, what
//! happens next and by when, the key dates, who is involved and what everyone is waiting for.
//! Worked out from the same case view and clock the caseworker sees, so the two never differ.

use chrono::NaiveDate;
use domain::clock::{AdviceService, Deadline, DeadlineKind, DeadlineState, Stage};

use crate::casework::CaseView;

/// One date on the family's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDate {
    /// What happens, in the family's words.
    pub what: String,
    /// The day it is due (or, for something that has happened, the day it was due).
    pub due: NaiveDate,
    /// The day it happened, if it has.
    pub done_on: Option<NaiveDate>,
    /// Late, on time, due soon: as the clock counts it.
    pub state: DeadlineState,
}

/// Someone involved in the case, and what they are asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Involved {
    pub who: String,
    pub role: String,
    /// "Asked on 3 March 2026, due by 14 April 2026", "Received on …".
    pub status: String,
}

/// The family's view of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub child_id: i64,
    pub child_name: String,
    pub stage: Option<Stage>,
    /// The stage in the family's words.
    pub stage_text: &'static str,
    /// What happens next, with its date where the law sets one.
    pub next_step: String,
    pub key_dates: Vec<KeyDate>,
    pub involved: Vec<Involved>,
    /// What the case is waiting for now.
    pub waiting_for: Vec<String>,
    /// The last day to comment on the draft plan, while the window is open.
    pub comments_due_by: Option<NaiveDate>,
    /// When the council decided not to assess, the day and its reasons (reg. 5(3): the family
    /// is told why, and of their right to appeal).
    pub refused: Option<(NaiveDate, String)>,
}

/// The stage as a family would say it.
#[must_use]
pub fn stage_text(stage: Option<Stage>) -> &'static str {
    match stage {
        None => "No request for an assessment yet",
        Some(Stage::AwaitingDecision) => "We are deciding whether to carry out an assessment",
        Some(Stage::Assessing) => "We are carrying out the assessment",
        Some(Stage::DraftPlan) => "The draft plan is ready for your comments",
        Some(Stage::PlanInForce) => "The plan is in place",
        Some(Stage::Reviewing) => "The plan is being reviewed",
        Some(Stage::Ceasing) => "The plan is due to end",
        Some(Stage::Closed) => "Closed",
    }
}

/// What a deadline means to the family.
fn family_words(kind: DeadlineKind) -> String {
    match kind {
        DeadlineKind::DecisionToAssess => "We tell you whether we will assess".into(),
        DeadlineKind::Advice(service) => format!("Advice from {}", service_words(service)),
        DeadlineKind::NoPlanNotice => "We tell you if we decide not to issue a plan".into(),
        DeadlineKind::DraftCommentWindow => "Your comments on the draft plan".into(),
        DeadlineKind::FinalPlan => "We issue the final plan (20 weeks from the request)".into(),
        DeadlineKind::AnnualReview(_) => "The annual review meeting".into(),
        DeadlineKind::UnderFiveReview(_) => "An early review (under fives)".into(),
        DeadlineKind::ReviewDecision(_) => "We tell you our decision after the review".into(),
        DeadlineKind::AmendmentCommentWindow(_) => "Your comments on the proposed changes".into(),
        DeadlineKind::AmendedPlan(_) => "We issue the amended plan".into(),
        DeadlineKind::PhaseTransfer => "The plan is updated for the move to a new school".into(),
        DeadlineKind::ReassessmentDecision(_) => {
            "We tell you whether we will re-assess (15 days from your request)".into()
        }
        DeadlineKind::Reassessment(_) => "We issue the plan after the re-assessment".into(),
    }
}

fn service_words(service: AdviceService) -> String {
    let label = service.label();
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().collect::<String>() + chars.as_str()
    })
}

/// A date as the GOV.UK style writes it: 3 March 2026.
#[must_use]
pub fn long_date(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

/// The family's view of the case in `view`, on `today`.
#[must_use]
pub fn progress(view: &CaseView, today: NaiveDate) -> Progress {
    let stage = view.clock.as_ref().map(|c| c.stage);
    let deadlines: &[Deadline] = view.clock.as_ref().map_or(&[], |c| &c.deadlines);
    let key_dates = deadlines
        .iter()
        .filter(|d| d.state != DeadlineState::NotApplicable)
        .map(|d| KeyDate {
            what: family_words(d.kind),
            due: d.due,
            done_on: d.met_on,
            state: d.state,
        })
        .collect();
    let request = view.file.current_request();
    let mut involved = Vec::new();
    if let Some(name) = &view.caseworker {
        involved.push(Involved {
            who: name.clone(),
            role: "Your caseworker".into(),
            status: "Your contact at the council for this case".into(),
        });
    }
    let mut waiting_for = Vec::new();
    if let Some(r) = request {
        for a in view
            .file
            .advice
            .iter()
            .filter(|a| a.request_id == r.request_id)
        {
            let service = a
                .service
                .parse::<AdviceService>()
                .map_or_else(|_| a.service.clone(), service_words);
            let due = domain::clock::advice_due_on(a.requested_on);
            let status = match a.received_on {
                Some(on) => format!("Advice received on {}", long_date(on)),
                None => {
                    waiting_for.push(format!("Advice from {service}"));
                    format!(
                        "Asked on {}, due by {}",
                        long_date(a.requested_on),
                        long_date(due)
                    )
                }
            };
            involved.push(Involved {
                who: a.adviser.clone().unwrap_or_else(|| service.clone()),
                role: format!("Advice from {service}"),
                status,
            });
        }
    }
    let comments_due_by = deadlines
        .iter()
        .find(|d| {
            d.kind == DeadlineKind::DraftCommentWindow
                && d.met_on.is_none()
                && today <= d.due
                && request.is_some_and(|r| r.comments_received_on.is_none())
        })
        .map(|d| d.due);
    let refused = request
        .filter(|r| r.outcome == domain::RequestOutcome::No.code())
        .map(|r| {
            (
                r.outcome_on.unwrap_or(r.received_on),
                r.decision_reasons.clone().unwrap_or_default(),
            )
        });
    let next = view.clock.as_ref().and_then(|c| c.next);
    let next_step = match (stage, next) {
        (Some(Stage::DraftPlan), _) if comments_due_by.is_some() => {
            let by = comments_due_by.map(long_date).unwrap_or_default();
            waiting_for.push("Your comments on the draft plan".into());
            format!(
                "Read the draft plan and send us your comments by {by}. You can also tell us which school or college you would like named in the plan."
            )
        }
        (Some(Stage::Closed) | None, _) => match request {
            None => "You can ask us to carry out an EHC needs assessment.".into(),
            Some(_) => "There is nothing more for you to do on this case.".into(),
        },
        (_, Some(d)) => {
            if d.kind != DeadlineKind::DraftCommentWindow {
                waiting_for.push(family_words(d.kind));
            }
            format!("{} by {}.", family_words(d.kind), long_date(d.due))
        }
        (_, None) => "We will be in touch about the next step.".into(),
    };
    Progress {
        child_id: view.child.child_id,
        child_name: format!("{} {}", view.child.forename, view.child.surname),
        stage,
        stage_text: stage_text(stage),
        next_step,
        key_dates,
        involved,
        waiting_for,
        comments_due_by,
        refused,
    }
}
