//! What can be recorded on an EHC case: each action's address, its words, and the one use case
//! it calls. Which actions a case page offers follows the case's stage; whether the
//! person may take them is the policy's (and the use case's) decision.

use app::casework::pages_support::CasePage;
use app::casework::{plans, reassessments, requests, reviews};
use app::{Actor, AppError, Store};
use chrono::NaiveDate;
use domain::FieldError;

use super::case_fields::{Field, Values};
use super::case_questions::{FormContext, questions};

/// Something a caseworker records on a case, with its own form: the app's steps, one form each.
pub use app::casework::steps::Step as CaseAction;

/// (action, address, page title and link text, button, what the banner says once it is done)
#[rustfmt::skip]
const ACTIONS: [(CaseAction, &str, &str, &str, &str); 22] = [
    (CaseAction::RecordRequest, "request", "Record a request for an EHC needs assessment", "Record the request", "Request recorded"),
    (CaseAction::Decide, "decision", "Record the decision whether to assess", "Record the decision", "Decision recorded"),
    (CaseAction::RequestAdvice, "advice", "Request advice", "Record the request for advice", "Request for advice recorded"),
    (CaseAction::AdviceReceived, "advice-received", "Record advice received", "Record the advice", "Advice recorded as received"),
    (CaseAction::Exception, "exception", "Record an exception to the time limits", "Record the exception", "Exception recorded"),
    (CaseAction::NoPlan, "no-plan", "Record a decision not to issue a plan", "Record the decision", "Decision not to issue a plan recorded"),
    (CaseAction::Draft, "draft-plan", "Issue the draft plan", "Issue the draft plan", "Draft plan issued"),
    (CaseAction::Comments, "comments", "Record comments on the draft plan", "Record the comments", "Comments on the draft plan recorded"),
    (CaseAction::Final, "final-plan", "Issue the final plan", "Issue the final plan", "Final plan issued"),
    (CaseAction::ReviewMeeting, "review-meeting", "Record an annual review meeting", "Record the meeting", "Review meeting recorded"),
    (CaseAction::ReviewDecision, "review-decision", "Record the decision after the review", "Record the decision", "Decision after the review recorded"),
    (CaseAction::AmendedPlan, "amended-plan", "Issue the amended plan", "Issue the amended plan", "Amended plan issued"),
    (CaseAction::PhaseTransfer, "phase-transfer", "Record a coming phase transfer", "Record the phase transfer", "Phase transfer recorded"),
    (CaseAction::PhaseTransferDone, "phase-transfer-done", "Record the plan amended for the phase transfer", "Record the amendment", "Plan amended for the phase transfer"),
    (CaseAction::ReassessmentRequest, "reassessment-request", "Record a request for re-assessment", "Record the request", "Request for re-assessment recorded"),
    (CaseAction::ReassessmentDecision, "reassessment-decision", "Record the decision whether to re-assess", "Record the decision", "Decision on re-assessment recorded"),
    (CaseAction::ReassessedPlan, "reassessed-plan", "Issue the plan after re-assessment", "Issue the plan", "Plan after re-assessment issued"),
    (CaseAction::CeaseNotice, "cease-notice", "Give notice that the plan will cease", "Record the notice", "Notice to cease the plan recorded"),
    (CaseAction::Cease, "cease", "Cease the plan", "Cease the plan", "Plan ceased"),
    (CaseAction::TransferIn, "transfer-in", "Record a plan transferred in from another council", "Record the transfer", "Plan transferred in"),
    (CaseAction::OpenMarker, "mediation-or-tribunal", "Record mediation or an appeal to the tribunal", "Record it", "Mediation or appeal recorded"),
    (CaseAction::CloseMarker, "close-mediation-or-tribunal", "Record the end of mediation or an appeal", "Record the outcome", "Outcome recorded"),
];

/// What a page needs of a step: its address, words and form, and the use case it calls.
pub(crate) trait ActionForm: Sized {
    fn from_slug(slug: &str) -> Option<Self>;
    fn slug(self) -> &'static str;
    fn title(self) -> &'static str;
    fn edits_sections(self) -> bool;
    fn button(self) -> &'static str;
    fn done(self) -> &'static str;
    fn intro(self) -> Option<&'static str>;
    fn fields(self, context: &FormContext) -> Vec<Field>;
    async fn run(
        self,
        store: &Store,
        actor: &Actor,
        child_id: i64,
        v: &Values,
        current: &[(String, String)],
        today: NaiveDate,
    ) -> Result<(), AppError>;
}

type Entry = (
    CaseAction,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

fn entry(action: CaseAction) -> Entry {
    ACTIONS
        .iter()
        .copied()
        .find(|a| a.0 == action)
        .unwrap_or(ACTIONS[0])
}

impl ActionForm for CaseAction {
    fn from_slug(slug: &str) -> Option<CaseAction> {
        ACTIONS.iter().find(|a| a.1 == slug).map(|a| a.0)
    }

    fn slug(self) -> &'static str {
        entry(self).1
    }

    fn title(self) -> &'static str {
        entry(self).2
    }

    /// Whether the form edits the plan's sections, and so needs the current text to compare.
    fn edits_sections(self) -> bool {
        matches!(
            self,
            CaseAction::Draft
                | CaseAction::Final
                | CaseAction::ReviewDecision
                | CaseAction::AmendedPlan
                | CaseAction::ReassessedPlan
        )
    }

    fn button(self) -> &'static str {
        entry(self).3
    }

    fn done(self) -> &'static str {
        entry(self).4
    }

    /// A line under the heading, where the law sets something the caseworker should know.
    fn intro(self) -> Option<&'static str> {
        match self {
            CaseAction::Decide => Some(
                "The decision is due within 6 weeks of the request (SEND Regulations 2014 reg. 4). To refuse, give the reasons the family was told.",
            ),
            CaseAction::Exception => Some(
                "The 6-, 16- and 20-week limits do not apply while an exception of SEND Regulations 2014 reg. 10(4) makes them impractical to meet.",
            ),
            CaseAction::Final => Some(
                "The final plan may be issued once the 15 days for comments on the draft have passed, or sooner once the comments have arrived (reg. 13(1)). Issuing it moves the child's placement to the setting named in section I.",
            ),
            CaseAction::ReviewDecision => Some(
                "The decision is due within 4 weeks of the review meeting (reg. 20(10)). To amend the plan, send the proposed amendments with it.",
            ),
            CaseAction::ReassessmentRequest => Some(
                "The parent, the young person or the school may ask for a re-assessment. The council must say whether it will re-assess within 15 days of the request (SEND Regulations 2014 reg. 25(1)); it may refuse if the last assessment was less than 6 months ago (reg. 24(2)).",
            ),
            CaseAction::ReassessmentDecision => Some(
                "Due within 15 days of a request (reg. 25(1)). The council may also decide to re-assess when nobody asked. To refuse, give the reasons the family was told. After a decision to re-assess, the plan is due within 14 weeks (reg. 27(2)).",
            ),
            CaseAction::ReassessedPlan => Some(
                "The plan after a re-assessment is due within 14 weeks of the decision to re-assess (reg. 27(2)). Change the sections the re-assessment changed.",
            ),
            CaseAction::CeaseNotice => Some(
                "The parent or young person must be told, with their right of appeal, before the plan ceases (reg. 31).",
            ),
            _ => None,
        }
    }

    /// The questions this action's form asks.
    fn fields(self, context: &FormContext) -> Vec<Field> {
        questions(self, context)
    }

    /// Calls the use case with the typed values. Parsing and every rule are the use case's.
    async fn run(
        self,
        store: &Store,
        actor: &Actor,
        child_id: i64,
        v: &Values,
        current: &[(String, String)],
        today: NaiveDate,
    ) -> Result<(), AppError> {
        let text = |issued: &str| plans::PlanText {
            issued_on: v.date(issued),
            sections: changed_sections(v, current),
            summary: v.text("summary"),
        };
        match self {
            CaseAction::RecordRequest => {
                let new = requests::NewRequest {
                    received_on: v.date("received_on"),
                    source: v.get("source").into(),
                };
                requests::record_request(store, actor, child_id, new, today)
                    .await
                    .map(drop)
            }
            CaseAction::Decide => {
                let decision = requests::RequestDecision {
                    decided_on: v.date("decided_on"),
                    outcome: v.get("outcome").into(),
                    reasons: v.text("reasons"),
                };
                requests::decide_request(store, actor, child_id, decision, today).await
            }
            CaseAction::RequestAdvice => {
                let new = requests::NewAdvice {
                    service: v.get("service").into(),
                    adviser: v.text("adviser"),
                    adviser_staff_id: v.get("adviser_staff_id").parse().ok(),
                    requested_on: v.date("requested_on"),
                };
                requests::request_advice(store, actor, child_id, new, today)
                    .await
                    .map(drop)
            }
            CaseAction::AdviceReceived => {
                let id = chosen_id(v, "advice_id", "select which advice arrived", "received_on")?;
                requests::record_advice_received(
                    store,
                    actor,
                    child_id,
                    id,
                    &v.date("received_on"),
                    today,
                )
                .await
            }
            CaseAction::Exception => {
                let new = requests::NewException {
                    reason: v.get("reason").into(),
                    from_on: v.date("from_on"),
                    to_on: v.date("to_on"),
                    note: v.text("note"),
                };
                requests::record_exception(store, actor, child_id, new, today)
                    .await
                    .map(drop)
            }
            CaseAction::NoPlan => {
                requests::decide_no_plan(
                    store,
                    actor,
                    child_id,
                    &v.date("decided_on"),
                    &v.text("reasons"),
                    today,
                )
                .await
            }
            CaseAction::Draft => {
                plans::issue_draft(store, actor, child_id, text("issued_on"), today)
                    .await
                    .map(drop)
            }
            CaseAction::Comments => {
                plans::record_comments(store, actor, child_id, &v.date("received_on"), today).await
            }
            CaseAction::Final => {
                let plan = plans::FinalPlan {
                    text: text("issued_on"),
                    named_setting_id: v.get("named_setting_id").parse().ok(),
                };
                plans::issue_final(store, actor, child_id, plan, today)
                    .await
                    .map(drop)
            }
            CaseAction::ReviewMeeting => {
                reviews::record_review_meeting(store, actor, child_id, &v.date("meeting_on"), today)
                    .await
                    .map(drop)
            }
            CaseAction::ReviewDecision => {
                let outcome = reviews::ReviewOutcome {
                    decision: v.get("decision").into(),
                    decided_on: v.date("decided_on"),
                    amendments: text("decided_on"),
                };
                reviews::decide_review(store, actor, child_id, outcome, today).await
            }
            CaseAction::AmendedPlan => {
                let setting = v.get("named_setting_id").parse().ok();
                reviews::issue_amended_plan(
                    store,
                    actor,
                    child_id,
                    text("issued_on"),
                    setting,
                    today,
                )
                .await
                .map(drop)
            }
            CaseAction::PhaseTransfer => {
                let new = reviews::NewPhaseTransfer {
                    kind: v.get("kind").into(),
                    year: v.text("year"),
                    transfer_on: v.date("transfer_on"),
                };
                reviews::record_phase_transfer(store, actor, child_id, new)
                    .await
                    .map(drop)
            }
            CaseAction::PhaseTransferDone => {
                let next = v.get("next_setting_id").parse().ok();
                reviews::complete_phase_transfer(
                    store,
                    actor,
                    child_id,
                    &v.date("amended_on"),
                    next,
                    today,
                )
                .await
            }
            CaseAction::ReassessmentRequest => {
                let new = reassessments::NewReassessmentRequest {
                    received_on: v.date("received_on"),
                    requested_by: v.get("requested_by").into(),
                };
                reassessments::record_reassessment_request(store, actor, child_id, new, today)
                    .await
                    .map(drop)
            }
            CaseAction::ReassessmentDecision => {
                let decision = reassessments::ReassessmentDecision {
                    decision: v.get("decision").into(),
                    decided_on: v.date("decided_on"),
                    reasons: v.text("reasons"),
                };
                reassessments::decide_reassessment(store, actor, child_id, decision, today)
                    .await
                    .map(drop)
            }
            CaseAction::ReassessedPlan => {
                let setting = v.get("named_setting_id").parse().ok();
                reassessments::issue_reassessed_plan(
                    store,
                    actor,
                    child_id,
                    text("issued_on"),
                    setting,
                    today,
                )
                .await
                .map(drop)
            }
            CaseAction::CeaseNotice => {
                reviews::give_cease_notice(store, actor, child_id, &v.date("notified_on"), today)
                    .await
            }
            CaseAction::Cease => {
                reviews::cease_plan(
                    store,
                    actor,
                    child_id,
                    &v.date("ceased_on"),
                    v.get("cease_reason"),
                    v.get("transferred_to"),
                    today,
                )
                .await
            }
            CaseAction::TransferIn => reviews::transfer_in(
                store,
                actor,
                child_id,
                v.get("from_la"),
                &v.date("transferred_on"),
                today,
            )
            .await
            .map(drop),
            CaseAction::OpenMarker => reviews::open_marker(
                store,
                actor,
                child_id,
                v.get("kind"),
                &v.date("opened_on"),
                today,
            )
            .await
            .map(drop),
            CaseAction::CloseMarker => {
                let id = chosen_id(v, "marker_id", "select which has ended", "closed_on")?;
                reviews::close_marker(
                    store,
                    actor,
                    child_id,
                    id,
                    &v.date("closed_on"),
                    &v.text("outcome"),
                    today,
                )
                .await
            }
        }
    }
}

/// The record chosen from a list on the form; when none is, that problem and an empty date
/// are reported together.
fn chosen_id(
    v: &Values,
    field: &'static str,
    problem: &str,
    date_field: &'static str,
) -> Result<i64, AppError> {
    if let Ok(id) = v.get(field).parse() {
        return Ok(id);
    }
    let mut problems = vec![FieldError::new(field, problem)];
    if v.date(date_field).is_empty() {
        problems.push(FieldError::new(date_field, "enter a date"));
    }
    Err(AppError::Invalid(problems))
}

/// The sections whose typed text differs from the newest version's: only these are sent, so
/// a section left as it was (or emptied) keeps its text and is not listed as changed.
fn changed_sections(
    v: &Values,
    current: &[(String, String)],
) -> std::collections::BTreeMap<String, String> {
    plans::SECTIONS
        .iter()
        .filter_map(|(letter, _)| {
            let typed = v.text(&format!("section_{letter}"));
            let was = current
                .iter()
                .find(|(l, _)| l == letter)
                .map(|(_, t)| t.trim());
            (!typed.is_empty() && was != Some(typed.as_str()))
                .then(|| ((*letter).to_string(), typed))
        })
        .collect()
}

/// The actions that fit where the case stands: the app's next steps, each with its form here.
pub fn next_actions(page: &CasePage) -> Vec<CaseAction> {
    app::casework::steps::next_steps(&page.view)
}
