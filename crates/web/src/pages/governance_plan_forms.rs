//! The forms that keep an action plan, on its page: record a review (a rating with its
//! commentary), and add a workstream, an action, a risk or a measure. Each form's inputs are
//! named with its own prefix (`review-`, `ws-`, `action-`, `risk-`, `measure-`), so one page
//! holds them all with no two inputs sharing an id, and each problem links to its input.

use app::AppError;
use app::governance::plan_view::PlanView;
use app::governance::plans::{self, NewMeasure, NewPlanAction, NewReview, NewRisk};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Local;
use domain::governance::plans::{Direction, MeasureKind};
use domain::governance::{ActionStatus, Rag};

use super::governance::select;
use super::governance_plans::{PLANS, plan_page};
use crate::html::{button, form};
use crate::pages::errors;
use crate::pages::form_support::{
    Problems, Typed, date_input, field_errors, radios, signed_in, textarea, typed_input,
};
use crate::session::ClientAddr;
use crate::state::AppState;

/// The id of the input a use case's field is typed into, on the form with `prefix`.
fn input_id(prefix: &str, field: &str) -> String {
    match field {
        "due_on" | "rated_on" => format!("{prefix}-{field}-day"),
        "workstream_id" => format!("{prefix}-workstream"),
        "" => format!("{prefix}-submit"),
        other => format!("{prefix}-{other}"),
    }
}

fn workstream_options(view: &PlanView) -> Vec<(String, String)> {
    view.workstreams
        .iter()
        .map(|w| (w.row.workstream_id.to_string(), w.row.title.clone()))
        .collect()
}

/// The forms for those who may keep the plan.
pub(crate) fn forms(view: &PlanView, csrf: &str, typed: &Typed, problems: &Problems) -> String {
    let at = |what: &str| format!("{PLANS}/{}/{what}", view.plan.plan_id);
    let workstreams = workstream_options(view);
    let mut subjects: Vec<(String, String)> = Vec::new();
    for w in &view.workstreams {
        subjects.push((
            format!("workstream-{}", w.row.workstream_id),
            format!("Workstream: {}", w.row.title),
        ));
        for a in &w.actions {
            subjects.push((
                format!("action-{}", a.row.plan_action_id),
                format!("Action: {}", a.row.description),
            ));
        }
    }
    for r in &view.risks {
        subjects.push((
            format!("risk-{}", r.row.risk_id),
            format!("Risk: {}", r.row.description),
        ));
    }
    let rags: Vec<(&str, &str)> = Rag::ALL.iter().map(|r| (r.code(), r.label())).collect();
    let mut statuses: Vec<(&str, &str)> = vec![("", "Leave as it is (or not an action)")];
    statuses.extend(ActionStatus::ALL.iter().map(|s| (s.code(), s.label())));
    let owners: Vec<(String, String)> = view
        .owners
        .iter()
        .map(|o| {
            let who = if o.kind == "member" {
                "member"
            } else {
                "officer"
            };
            (o.value.clone(), format!("{} ({who})", o.name))
        })
        .collect();
    let kinds: Vec<(String, String)> = MeasureKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), k.label().to_string()))
        .collect();
    let directions: Vec<(&str, &str)> = Direction::ALL
        .iter()
        .map(|d| (d.code(), d.label()))
        .collect();
    let review = if subjects.is_empty() {
        String::new()
    } else {
        format!(
            "<h2 class=\"govuk-heading-m\" id=\"review\">Record a review</h2>{}",
            form(
                &at("reviews"),
                csrf,
                &format!(
                    "{}{}{}{}{}{}",
                    select(
                        "review-subject",
                        "Reviewed",
                        &subjects,
                        typed.get("review-subject"),
                        problems
                    ),
                    radios(
                        "review-rag",
                        "Rating",
                        &rags,
                        typed.get("review-rag"),
                        problems
                    ),
                    textarea(
                        "review-commentary",
                        "Commentary",
                        Some(
                            "Why the rating is what it is: progress, slippage, what is being done"
                        ),
                        typed.get("review-commentary"),
                        problems
                    ),
                    date_input(
                        "review-rated_on",
                        "Date of the review",
                        "Leave empty for today. For example, 27 3 2026",
                        typed,
                        problems
                    ),
                    radios(
                        "review-status",
                        "For an action: where it stands",
                        &statuses,
                        typed.get("review-status"),
                        problems
                    ),
                    button("Record the review")
                )
            )
        )
    };
    let action = if workstreams.is_empty() {
        String::new()
    } else {
        format!(
            "<h2 class=\"govuk-heading-m\">Add an action</h2>{}",
            form(
                &at("actions"),
                csrf,
                &format!(
                    "{}{}{}{}{}",
                    select(
                        "action-workstream",
                        "Workstream",
                        &workstreams,
                        typed.get("action-workstream"),
                        problems
                    ),
                    textarea(
                        "action-description",
                        "Action",
                        None,
                        typed.get("action-description"),
                        problems
                    ),
                    select(
                        "action-owner",
                        "Owner",
                        &owners,
                        typed.get("action-owner"),
                        problems
                    ),
                    date_input(
                        "action-due_on",
                        "Due",
                        "For example, 31 7 2026",
                        typed,
                        problems
                    ),
                    button("Add the action")
                )
            )
        )
    };
    let optional_workstreams = |name: &str| {
        select(
            name,
            "Workstream (leave as Select for the whole plan)",
            &workstreams,
            typed.get(name),
            problems,
        )
    };
    format!(
        "{review}<h2 class=\"govuk-heading-m\">Add a workstream</h2>{workstream}{action}\
         <h2 class=\"govuk-heading-m\">Add a risk</h2>{risk}\
         <h2 class=\"govuk-heading-m\">Add a measure</h2>{measure}",
        workstream = form(
            &at("workstreams"),
            csrf,
            &format!(
                "{}{}{}",
                typed_input(typed, problems, "ws-title", "Workstream", None, None),
                typed_input(
                    typed,
                    problems,
                    "ws-lead",
                    "Lead",
                    Some("Who leads it: a name and role"),
                    None
                ),
                button("Add the workstream")
            )
        ),
        risk = form(
            &at("risks"),
            csrf,
            &format!(
                "{}{}{}{}{}",
                optional_workstreams("risk-workstream"),
                textarea(
                    "risk-description",
                    "Risk",
                    None,
                    typed.get("risk-description"),
                    problems
                ),
                textarea(
                    "risk-mitigation",
                    "Mitigation",
                    None,
                    typed.get("risk-mitigation"),
                    problems
                ),
                typed_input(typed, problems, "risk-owner", "Owner", None, None),
                button("Add the risk")
            )
        ),
        measure = form(
            &at("measures"),
            csrf,
            &format!(
                "{}{}{}{}{}",
                optional_workstreams("measure-workstream"),
                select(
                    "measure-kind",
                    "Figure",
                    &kinds,
                    typed.get("measure-kind"),
                    problems
                ),
                typed_input(
                    typed,
                    problems,
                    "measure-target",
                    "Target",
                    Some(
                        "A percentage for a rate (for example 60 or 62.5), an amount in pounds for money (for example -1,500,000)"
                    ),
                    None
                ),
                radios(
                    "measure-direction",
                    "Direction",
                    &directions,
                    typed.get("measure-direction"),
                    problems
                ),
                button("Add the measure")
            )
        ),
    )
}

/// `POST /governance/plans/{id}/{what}`: `reviews`, `workstreams`, `actions`, `risks` or
/// `measures`.
pub async fn post(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((plan_id, what)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("{PLANS}/{plan_id}/{what}");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(plan_id) = plan_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let (store, actor) = (state.store(), &current.actor);
    let today = Local::now().date_naive();
    let get = |name: &str| typed.get(name).to_string();
    let (prefix, done): (&str, Result<i64, AppError>) = match what.as_str() {
        "reviews" => (
            "review",
            plans::record_review(
                store,
                actor,
                plan_id,
                NewReview {
                    subject: get("review-subject"),
                    rag: get("review-rag"),
                    commentary: get("review-commentary"),
                    rated_on: typed.date("review-rated_on"),
                    status: get("review-status"),
                },
                today,
            )
            .await,
        ),
        "workstreams" => (
            "ws",
            plans::add_workstream(
                store,
                actor,
                plan_id,
                typed.get("ws-title"),
                typed.get("ws-lead"),
            )
            .await,
        ),
        "actions" => (
            "action",
            plans::add_action(
                store,
                actor,
                plan_id,
                NewPlanAction {
                    workstream_id: get("action-workstream"),
                    description: get("action-description"),
                    owner: get("action-owner"),
                    due_on: typed.date("action-due_on"),
                },
                today,
            )
            .await,
        ),
        "risks" => (
            "risk",
            plans::add_risk(
                store,
                actor,
                plan_id,
                NewRisk {
                    workstream_id: get("risk-workstream"),
                    description: get("risk-description"),
                    mitigation: get("risk-mitigation"),
                    owner: get("risk-owner"),
                },
            )
            .await,
        ),
        "measures" => (
            "measure",
            plans::add_measure(
                store,
                actor,
                plan_id,
                NewMeasure {
                    workstream_id: get("measure-workstream"),
                    kind: get("measure-kind"),
                    target: get("measure-target"),
                    direction: get("measure-direction"),
                },
            )
            .await,
        ),
        _ => return errors::not_found(&state),
    };
    match done {
        Ok(_) => Redirect::to(&format!("{PLANS}/{plan_id}")).into_response(),
        Err(e) => match field_errors(e, |f| input_id(prefix, f)) {
            Ok(problems) => plan_page(&state, &current, plan_id, &typed, &problems).await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}
