//! The questions each casework form asks, in the words councils and the law use, with the
//! choices the case and the council offer (outstanding advice, open appeals, settings).

use app::casework::pages_support::CasePage;
use app::casework::requests::REQUEST_SOURCES;
use app::{Actor, AppError};
use domain::CeaseReason;
use domain::clock::{AdviceService, ExceptionReason, ReviewDecision};

use super::case::day;
use super::case_actions::CaseAction;
use super::case_fields::Field;
use crate::state::AppState;

/// How a move between phases is stored, and what it is called (reg 18).
const TRANSFER_KINDS: [(&str, &str); 3] = [
    (
        "into_school_phase",
        "Into a new school phase (reception, junior, middle or secondary school)",
    ),
    ("secondary_to_post16", "From secondary school to post-16"),
    ("between_post16", "Between post-16 institutions"),
];

const ASSESS_OUTCOMES: [(&str, &str); 3] = [
    ("assess", "Assess: carry out an EHC needs assessment"),
    ("refuse", "Refuse: do not assess"),
    ("withdrawn", "The request was withdrawn"),
];

const REASSESS_OUTCOMES: [(&str, &str); 2] = [
    ("assess", "Re-assess the child's or young person's needs"),
    ("refuse", "Refuse: do not re-assess"),
];

const MARKER_KINDS: [(&str, &str); 2] = [
    ("mediation", "Mediation"),
    ("tribunal", "Appeal to the First-tier Tribunal (SEND)"),
];

pub fn marker_label(kind: &str) -> &str {
    MARKER_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind, |(_, l)| l)
}

pub fn transfer_label(kind: &str) -> &str {
    TRANSFER_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind, |(_, l)| l)
}

/// What a form needs to ask its questions: the case, and the council's settings for the forms
/// that name one.
pub struct FormContext {
    pub page: CasePage,
    pub settings: Vec<(String, String)>,
    /// Professionals with an account, for a request for advice.
    pub advisers: Vec<(String, String)>,
}

impl FormContext {
    pub async fn load(
        state: &AppState,
        actor: &Actor,
        page: CasePage,
        action: CaseAction,
    ) -> Result<FormContext, AppError> {
        let settings = if matches!(
            action,
            CaseAction::Final
                | CaseAction::AmendedPlan
                | CaseAction::ReassessedPlan
                | CaseAction::PhaseTransferDone
        ) {
            app::settings::list_settings(state.store(), actor)
                .await?
                .into_iter()
                .map(|s| (s.setting_id.to_string(), s.name))
                .collect()
        } else {
            Vec::new()
        };
        let advisers = if action == CaseAction::RequestAdvice {
            app::casework::requests::advisers(state.store(), actor)
                .await?
                .into_iter()
                .map(|(id, name)| (id.to_string(), name))
                .collect()
        } else {
            Vec::new()
        };
        Ok(FormContext {
            page,
            settings,
            advisers,
        })
    }
}

/// The newest version's text by section letter: what a new version starts from.
pub fn current_sections(page: &CasePage) -> Vec<(String, String)> {
    page.view
        .versions
        .iter()
        .max_by_key(|v| v.row.version_no)
        .map(|v| {
            v.sections
                .iter()
                .map(|s| (s.section.clone(), s.body.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn pairs(all: &[(&str, &str)]) -> Vec<(String, String)> {
    all.iter()
        .map(|(c, l)| ((*c).to_string(), (*l).to_string()))
        .collect()
}

fn coded<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|t| (code(*t).to_string(), label(*t).to_string()))
        .collect()
}

fn date(name: &'static str, legend: &'static str) -> Field {
    Field::Date {
        name,
        legend,
        hint: None,
    }
}

fn radios(name: &'static str, legend: &'static str, options: Vec<(String, String)>) -> Field {
    Field::Radios {
        name,
        legend,
        hint: None,
        options,
    }
}

fn text(name: &'static str, label: &'static str, hint: Option<&'static str>) -> Field {
    Field::Text { name, label, hint }
}

fn textarea(name: &'static str, label: &'static str, hint: Option<&'static str>) -> Field {
    Field::Textarea { name, label, hint }
}

fn sections(hint: &'static str, context: &FormContext) -> Field {
    Field::Sections {
        hint,
        current: current_sections(&context.page),
    }
}

fn summary() -> Field {
    text(
        "summary",
        "What this version changes (optional)",
        Some("A line for the list of versions, like ‘Section F: more speech and language therapy’"),
    )
}

const SETTING_LABEL: &str = "School, college or other institution named in section I";

/// The questions `action`'s form asks.
pub fn questions(action: CaseAction, context: &FormContext) -> Vec<Field> {
    let view = &context.page.view;
    let settings = |hint, empty| Field::Select {
        name: "named_setting_id",
        label: SETTING_LABEL,
        hint,
        empty,
        options: context.settings.clone(),
    };
    match action {
        CaseAction::RecordRequest => vec![
            date("received_on", "Date the request was received"),
            radios("source", "Who made the request?", pairs(&REQUEST_SOURCES)),
        ],
        CaseAction::Decide => vec![
            radios(
                "outcome",
                "What did the council decide?",
                pairs(&ASSESS_OUTCOMES),
            ),
            date("decided_on", "Date the decision was notified"),
            textarea(
                "reasons",
                "Reasons",
                Some("Needed to refuse: the reasons as given to the family"),
            ),
        ],
        CaseAction::RequestAdvice => vec![
            radios(
                "service",
                "Who is asked for advice?",
                coded(
                    AdviceService::ALL,
                    AdviceService::code,
                    AdviceService::label,
                ),
            ),
            text("adviser", "Team or person asked (optional)", None),
            Field::Select {
                name: "adviser_staff_id",
                label: "Professional with an account (optional)",
                hint: Some(
                    "They see the request in their advice inbox, send their advice there and are \
                     reminded before it is due",
                ),
                empty: "Not in the list",
                options: context.advisers.clone(),
            },
            date("requested_on", "Date advice was requested"),
        ],
        CaseAction::AdviceReceived => {
            let outstanding = view
                .file
                .advice
                .iter()
                .filter(|a| a.received_on.is_none())
                .map(|a| {
                    let service = a
                        .service
                        .parse::<AdviceService>()
                        .map_or(a.service.clone(), |s| s.label().to_string());
                    let from = a
                        .adviser
                        .as_deref()
                        .map(|w| format!(" from {w}"))
                        .unwrap_or_default();
                    (
                        a.advice_id.to_string(),
                        format!("{service}{from}, requested {}", day(a.requested_on)),
                    )
                })
                .collect();
            vec![
                radios("advice_id", "Which advice arrived?", outstanding),
                date("received_on", "Date the advice was received"),
            ]
        }
        CaseAction::Exception => vec![
            radios(
                "reason",
                "Why did the time limits not apply?",
                coded(
                    ExceptionReason::ALL,
                    ExceptionReason::code,
                    ExceptionReason::label,
                ),
            ),
            date("from_on", "First day of the exception"),
            date("to_on", "Last day of the exception"),
            textarea("note", "Note (optional)", None),
        ],
        CaseAction::NoPlan => vec![
            date("decided_on", "Date the decision was notified"),
            textarea("reasons", "Reasons", Some("As given to the family")),
        ],
        CaseAction::Draft => vec![
            date("issued_on", "Date the draft plan was issued"),
            sections(
                "Section I names no school or other institution in a draft: the family may ask for one.",
                context,
            ),
        ],
        CaseAction::Comments => vec![date("received_on", "Date the comments were received")],
        CaseAction::Final => vec![
            date("issued_on", "Date the final plan was issued"),
            settings(None, "Select a setting"),
            sections(
                "The text of the draft. Change the sections that changed after comments; a section left empty keeps its text.",
                context,
            ),
            summary(),
        ],
        CaseAction::ReviewMeeting => vec![date("meeting_on", "Date of the review meeting")],
        CaseAction::ReviewDecision => vec![
            radios(
                "decision",
                "What did the council decide?",
                coded(
                    ReviewDecision::ALL,
                    ReviewDecision::code,
                    ReviewDecision::label,
                ),
            ),
            date("decided_on", "Date the decision was notified"),
            sections(
                "Only to amend the plan: change the sections you propose to amend. Sections left as they are, or empty, are not changed.",
                context,
            ),
            summary(),
        ],
        CaseAction::AmendedPlan => vec![
            date("issued_on", "Date the amended plan was issued"),
            settings(Some("Only if it changes"), "No change"),
            sections(
                "The proposed amendments, as sent. Change any that changed after comments; a section left empty keeps its text.",
                context,
            ),
            summary(),
        ],
        CaseAction::PhaseTransfer => vec![
            radios("kind", "Which move?", pairs(&TRANSFER_KINDS)),
            text(
                "year",
                "Year of a September move",
                Some("For a move into a school phase or to post-16, like 2027"),
            ),
            Field::Date {
                name: "transfer_on",
                legend: "Date of a move between post-16 institutions",
                hint: Some("Only for a move between post-16 institutions. For example, 1 9 2027"),
            },
        ],
        CaseAction::PhaseTransferDone => vec![
            date("amended_on", "Date the plan was amended"),
            Field::Select {
                name: "next_setting_id",
                label: "Setting for the next phase (optional)",
                hint: None,
                empty: "Not yet known",
                options: context.settings.clone(),
            },
        ],
        CaseAction::ReassessmentRequest => vec![
            date("received_on", "Date the request was received"),
            radios(
                "requested_by",
                "Who asked for the re-assessment?",
                pairs(&REQUEST_SOURCES),
            ),
        ],
        CaseAction::ReassessmentDecision => vec![
            radios(
                "decision",
                "What did the council decide?",
                pairs(&REASSESS_OUTCOMES),
            ),
            date("decided_on", "Date the decision was notified"),
            textarea(
                "reasons",
                "Reasons",
                Some("Needed to refuse: the reasons as given to the family"),
            ),
        ],
        CaseAction::ReassessedPlan => vec![
            date("issued_on", "Date the plan was issued"),
            settings(Some("Only if it changes"), "No change"),
            sections(
                "Change the sections the re-assessment changed; a section left as it is keeps its text.",
                context,
            ),
            summary(),
        ],
        CaseAction::CeaseNotice => vec![date("notified_on", "Date notice was given")],
        CaseAction::Cease => vec![
            date("ceased_on", "Date the plan ceased"),
            Field::Select {
                name: "cease_reason",
                label: "Why did the plan cease?",
                hint: None,
                empty: "Select a reason",
                options: coded(&CeaseReason::ALL, CeaseReason::code, CeaseReason::label),
            },
            text(
                "transferred_to",
                "Code of the council the child moved to",
                Some(
                    "Only for a transfer to another local authority: its three-digit DfE code, like 803",
                ),
            ),
        ],
        CaseAction::TransferIn => vec![
            text(
                "from_la",
                "Code of the council the plan came from",
                Some("Its three-digit DfE code, like 803"),
            ),
            date("transferred_on", "Date of the transfer"),
        ],
        CaseAction::OpenMarker => vec![
            radios("kind", "What has started?", pairs(&MARKER_KINDS)),
            date("opened_on", "Date it started"),
        ],
        CaseAction::CloseMarker => {
            let open = view
                .markers
                .iter()
                .filter(|m| m.closed_on.is_none())
                .map(|m| {
                    (
                        m.marker_id.to_string(),
                        format!("{}, started {}", marker_label(&m.kind), day(m.opened_on)),
                    )
                })
                .collect();
            vec![
                radios("marker_id", "Which has ended?", open),
                date("closed_on", "Date it ended"),
                text("outcome", "Outcome (optional)", None),
            ]
        }
    }
}
