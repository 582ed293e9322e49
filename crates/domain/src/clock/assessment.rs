//! The limits of an EHC needs assessment: from the request to the final plan.

use chrono::NaiveDate;

use super::deadline::{Deadline, DeadlineKind, plus_days, plus_weeks};
use super::events::{AssessDecision, CaseEvents, IssueDecision};

/// SEND Regulations 2014 reg. 4 and reg. 5(1).
pub const DECISION_RULE: &str = "SEND Regulations 2014 reg. 4 and reg. 5(1): decide whether to \
     carry out an EHC needs assessment within 6 weeks of the request";
/// SEND Regulations 2014 reg. 8.
pub const ADVICE_RULE: &str =
    "SEND Regulations 2014 reg. 8: advice within 6 weeks of the local authority's request";
/// SEND Regulations 2014 reg. 10(1).
pub const NO_PLAN_RULE: &str = "SEND Regulations 2014 reg. 10(1): notify a decision not to \
     issue a plan within 16 weeks of the request";
/// SEND Regulations 2014 reg. 13(1).
pub const DRAFT_WINDOW_RULE: &str = "SEND Regulations 2014 reg. 13(1): at least 15 days from \
     serving the draft plan to comment, ask for a setting or a meeting";
/// SEND Regulations 2014 reg. 13(2).
pub const FINAL_RULE: &str =
    "SEND Regulations 2014 reg. 13(2): issue the final plan within 20 weeks of the request";

/// Weeks to decide whether to assess (reg 5(1)) and for advice (reg 8).
const SIX_WEEKS: u64 = 6;
/// Weeks to notify a decision not to issue a plan (reg 10(1)).
const SIXTEEN_WEEKS: u64 = 16;
/// Weeks to issue the final plan (reg 13(2)); 140 days.
pub const TWENTY_WEEKS: u64 = 20;
/// Days for comments on a draft plan or proposed amendments (regs 13(1) and 22).
pub const COMMENT_DAYS: u64 = 15;

/// The day advice asked for on `requested_on` is due: 6 weeks after the local authority's
/// request (SEND Regulations 2014 reg. 8), before any exception.
pub fn advice_due_on(requested_on: NaiveDate) -> NaiveDate {
    plus_weeks(requested_on, SIX_WEEKS)
}

/// The day the decision whether to assess, on a request received on `received_on`, is due:
/// 6 weeks (SEND Regulations 2014 reg. 4(1) and 5(1)), before any exception.
pub fn decision_due_on(received_on: NaiveDate) -> NaiveDate {
    plus_weeks(received_on, SIX_WEEKS)
}

/// The assessment deadlines of `events`, with their states on `today`, before exceptions.
pub(super) fn assessment_deadlines(events: &CaseEvents, today: NaiveDate, out: &mut Vec<Deadline>) {
    let request = events.request_received;
    let decision = events.decision.map(|(on, _)| on);
    out.push(Deadline::limit(
        DeadlineKind::DecisionToAssess,
        request,
        plus_weeks(request, SIX_WEEKS),
        decision,
        today,
        DECISION_RULE,
    ));

    for advice in &events.advice {
        out.push(Deadline::limit(
            DeadlineKind::Advice(advice.service),
            advice.requested_on,
            advice_due_on(advice.requested_on),
            advice.received_on,
            today,
            ADVICE_RULE,
        ));
    }

    if let Some(met_on) = no_plan_notice(events) {
        out.push(Deadline::limit(
            DeadlineKind::NoPlanNotice,
            request,
            plus_weeks(request, SIXTEEN_WEEKS),
            met_on,
            today,
            NO_PLAN_RULE,
        ));
    }

    if let Some(draft) = events.draft_issued {
        // Reg 13(1) gives "at least 15 days" beginning with the day the draft is served, which
        // are draft .. draft + 14; the final may be issued from draft + 15, shown as the due day.
        // A final issued before then is `MetLate`: the window was cut short.
        out.push(Deadline::window(
            DeadlineKind::DraftCommentWindow,
            draft,
            plus_days(draft, COMMENT_DAYS),
            events.final_issued,
            today,
            DRAFT_WINDOW_RULE,
        ));
    }

    let refused = matches!(events.decision, Some((_, AssessDecision::Refuse)));
    let no_plan = matches!(events.assessment_outcome, Some((_, IssueDecision::NoPlan)));
    if events.final_issued.is_some() || !(refused || no_plan) {
        out.push(Deadline::limit(
            DeadlineKind::FinalPlan,
            request,
            plus_weeks(request, TWENTY_WEEKS),
            events.final_issued,
            today,
            FINAL_RULE,
        ));
    }
}

/// Whether the reg 10(1) notice is owed, and when it was given: it is owed once the local
/// authority has decided to assess, until it records an outcome or serves a draft; if the outcome
/// is to issue a plan, no notice is owed at all.
fn no_plan_notice(events: &CaseEvents) -> Option<Option<NaiveDate>> {
    match events.assessment_outcome {
        Some((on, IssueDecision::NoPlan)) => Some(Some(on)),
        Some((_, IssueDecision::IssuePlan)) => None,
        None => {
            let assessing = matches!(events.decision, Some((_, AssessDecision::Assess)));
            let plan_under_way = events.draft_issued.is_some() || events.final_issued.is_some();
            (assessing && !plan_under_way).then_some(None)
        }
    }
}
