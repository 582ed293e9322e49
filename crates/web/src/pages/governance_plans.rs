//! Action plans for staff: the list with each plan's workstreams counted by rating and the form
//! to set one up, and one plan's page: its RAG summary by workstream, measures with their live
//! figures beside the targets, each workstream's actions, the risks, and every review in order.
//! The forms to keep the plan are `governance_plan_forms`.

use app::governance::plan_view::{self, PlanView, Reviews};
use app::governance::plans::{self, NewPlan};
use app::policy::{self, Action};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Local;
use domain::governance::Rag;
use domain::governance::plans::{RagCounts, Subject};

use super::governance::{SECTION, day, select};
use super::governance_plan_forms::forms;
use crate::html::{button, error_summary, escape, form, summary_list, table};
use crate::pages::case::tag;
use crate::pages::errors;
use crate::pages::form_support::{
    Problems, Typed, field_errors, signed_in, signed_in_page, textarea, typed_input,
};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

pub(crate) const PLANS: &str = "/governance/plans";

/// A rating as a coloured tag; "Not rated" before the first review.
pub(crate) fn rag_tag(rag: Option<Rag>) -> String {
    match rag {
        Some(Rag::Red) => tag("Red", "red"),
        Some(Rag::Amber) => tag("Amber", "orange"),
        Some(Rag::Green) => tag("Green", "green"),
        None => tag("Not rated", "grey"),
    }
}

/// Counts of ratings as "2 red, 1 amber, 3 green, 1 not rated".
pub(crate) fn counted(c: &RagCounts) -> String {
    let parts: Vec<String> = [
        (c.red, "red"),
        (c.amber, "amber"),
        (c.green, "green"),
        (c.not_rated, "not rated"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if parts.is_empty() {
        "None".into()
    } else {
        parts.join(", ")
    }
}

/// The latest commentary with its date and author, or a dash.
fn latest(reviews: &Reviews) -> String {
    reviews.current.as_ref().map_or_else(
        || "No review yet".to_string(),
        |r| {
            format!(
                "{} ({}, {})",
                escape(&r.commentary),
                escape(&day(r.rated_on)),
                escape(&r.by)
            )
        },
    )
}

/// The list of plans, with the form to set one up for those who may.
pub async fn list(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, PLANS).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    list_page(&state, &current, &Typed::default(), &Vec::new()).await
}

async fn list_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let all = match plan_view::list_plans(state.store(), &current.actor).await {
        Ok(p) => p,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|p| {
            vec![
                format!(
                    "<a class=\"govuk-link\" href=\"{PLANS}/{}\">{}</a>",
                    p.plan.plan_id,
                    escape(&p.plan.title)
                ),
                escape(&p.owned_by),
                rag_tag(p.workstreams.worst()),
                escape(&counted(&p.workstreams)),
            ]
        })
        .collect();
    let listed = if rows.is_empty() {
        "<p class=\"govuk-body\">No action plans have been set up.</p>".to_string()
    } else {
        table(
            "Action plans",
            &["Plan", "Owned by", "Worst workstream rating", "Workstreams"],
            &rows,
        )
    };
    let create = if policy::permits(&current.actor, Action::ManageActionPlans) {
        let forums = app::governance::forums::list_forums(state.store(), &current.actor)
            .await
            .unwrap_or_default();
        let options: Vec<(String, String)> = forums
            .iter()
            .map(|f| (f.forum_id.to_string(), f.name.clone()))
            .collect();
        format!(
            "<h2 class=\"govuk-heading-m\">Set up an action plan</h2>{}",
            form(
                PLANS,
                &current.csrf_token,
                &format!(
                    "{}{}{}{}",
                    typed_input(typed, problems, "title", "Title", None, None),
                    select(
                        "forum_id",
                        "Owned by a forum (leave as Select for the council's own plan)",
                        &options,
                        typed.get("forum_id"),
                        problems
                    ),
                    textarea(
                        "purpose",
                        "Purpose",
                        Some(
                            "For example: the Written Statement of Action after the local area inspection"
                        ),
                        typed.get("purpose"),
                        problems
                    ),
                    button("Set up the plan")
                ),
            )
        )
    } else {
        String::new()
    };
    let body = format!(
        "{}<a class=\"govuk-back-link\" href=\"/governance\">Forums</a>\
         <h1 class=\"govuk-heading-l\">Action plans</h1>{listed}{create}",
        error_summary(problems)
    );
    signed_in_page(
        state,
        current,
        SECTION,
        "Action plans",
        body,
        !problems.is_empty(),
    )
}

/// Sets up a plan.
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let current = match signed_in(&state, &headers, &from, PLANS, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let new = NewPlan {
        title: typed.get("title").into(),
        forum_id: typed.get("forum_id").into(),
        purpose: typed.get("purpose").into(),
    };
    match plans::create_plan(state.store(), &current.actor, new).await {
        Ok(id) => Redirect::to(&format!("{PLANS}/{id}")).into_response(),
        Err(e) => match field_errors(e, |f| f.to_string()) {
            Ok(problems) => list_page(&state, &current, &typed, &problems).await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}

/// One plan's page.
pub async fn show(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(plan_id): Path<String>,
) -> Response {
    let path = format!("{PLANS}/{plan_id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(plan_id) = plan_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    plan_page(&state, &current, plan_id, &Typed::default(), &Vec::new()).await
}

/// The plan's page, with what was typed into a form that failed and its problems.
pub(crate) async fn plan_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    plan_id: i64,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let today = Local::now().date_naive();
    let view = match plan_view::plan(state.store(), &current.actor, plan_id, today).await {
        Ok(v) => v,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let mut body = format!(
        "{}<a class=\"govuk-back-link\" href=\"{PLANS}\">Action plans</a>\
         <h1 class=\"govuk-heading-l\">{}</h1>{}",
        error_summary(problems),
        escape(&view.plan.title),
        summary_list(&[
            ("Owned by", view.owned_by.clone()),
            (
                "Purpose",
                view.plan
                    .purpose
                    .clone()
                    .unwrap_or_else(|| "Not given".into())
            ),
        ]),
    );
    body.push_str(&rag_summary(&view));
    body.push_str(&measures(&view));
    body.push_str(&workstreams(&view));
    body.push_str(&risks(&view));
    body.push_str(&history(&view));
    if view.may_manage {
        body.push_str(&forms(&view, &current.csrf_token, typed, problems));
    }
    signed_in_page(
        state,
        current,
        SECTION,
        &view.plan.title,
        body,
        !problems.is_empty(),
    )
}

/// The RAG summary by workstream: its own rating, its actions' ratings, overdue actions.
pub(crate) fn rag_summary_rows(view: &PlanView) -> Vec<Vec<String>> {
    view.workstreams
        .iter()
        .map(|w| {
            vec![
                escape(&w.row.title),
                escape(w.row.lead.as_deref().unwrap_or("Not named")),
                rag_tag(w.reviews.rag()),
                escape(&counted(&w.actions_rated)),
                w.actions.iter().filter(|a| a.overdue).count().to_string(),
            ]
        })
        .collect()
}

pub(crate) const RAG_SUMMARY_HEADS: [&str; 5] = [
    "Workstream",
    "Lead",
    "Rating",
    "Actions by rating",
    "Overdue actions",
];

fn rag_summary(view: &PlanView) -> String {
    if view.workstreams.is_empty() {
        return "<h2 class=\"govuk-heading-m\">RAG summary by workstream</h2>\
                <p class=\"govuk-body\">No workstreams yet.</p>"
            .into();
    }
    table(
        "RAG summary by workstream",
        &RAG_SUMMARY_HEADS,
        &rag_summary_rows(view),
    )
}

/// Rows of the measures table: the live figure as the dashboard or budget page writes it.
pub(crate) fn measure_rows(view: &PlanView) -> Vec<Vec<String>> {
    view.measures
        .iter()
        .map(|m| {
            let met = match m.meets {
                Some(true) => tag("Meets target", "green"),
                Some(false) => tag("Below target", "red"),
                None => tag("No cases yet", "grey"),
            };
            vec![
                escape(m.kind.label()),
                escape(&m.period),
                escape(&m.figure.show()),
                escape(&m.target.show(m.kind.unit())),
                escape(m.direction.label()),
                met,
            ]
        })
        .collect()
}

pub(crate) const MEASURE_HEADS: [&str; 6] = [
    "Measure",
    "Period",
    "Now",
    "Target",
    "Direction",
    "Against target",
];

fn measures(view: &PlanView) -> String {
    if view.measures.is_empty() {
        return "<h2 class=\"govuk-heading-m\">Measures of impact</h2>\
                <p class=\"govuk-body\">No measures yet.</p>"
            .into();
    }
    format!(
        "{}<p class=\"govuk-body\">Figures are worked out from the council's casework and budget as this page is shown: \
         the same as the <a class=\"govuk-link\" href=\"/dashboard/ehc\">EHC timeliness dashboard</a> and the \
         <a class=\"govuk-link\" href=\"/finance/budget\">high needs budget</a>.</p>",
        table("Measures of impact", &MEASURE_HEADS, &measure_rows(view))
    )
}

fn workstreams(view: &PlanView) -> String {
    view.workstreams
        .iter()
        .map(|w| {
            let rows: Vec<Vec<String>> = w
                .actions
                .iter()
                .map(|a| {
                    let status = if a.overdue {
                        tag("Overdue", "red")
                    } else {
                        escape(a.status.label())
                    };
                    vec![
                        escape(&a.row.description),
                        escape(&a.row.owner_name),
                        escape(&day(a.row.due_on)),
                        status,
                        rag_tag(a.reviews.rag()),
                        latest(&a.reviews),
                    ]
                })
                .collect();
            let actions = if rows.is_empty() {
                "<p class=\"govuk-body\">No actions yet.</p>".to_string()
            } else {
                table(
                    &format!("Actions: {}", w.row.title),
                    &[
                        "Action",
                        "Owner",
                        "Due",
                        "Status",
                        "Rating",
                        "Latest review",
                    ],
                    &rows,
                )
            };
            format!(
                "<h2 class=\"govuk-heading-m\">{}</h2><p class=\"govuk-body\">{} {}</p>{actions}",
                escape(&w.row.title),
                rag_tag(w.reviews.rag()),
                latest(&w.reviews),
            )
        })
        .collect()
}

fn risks(view: &PlanView) -> String {
    if view.risks.is_empty() {
        return "<h2 class=\"govuk-heading-m\">Risks</h2><p class=\"govuk-body\">No risks recorded.</p>"
            .into();
    }
    let rows: Vec<Vec<String>> = view
        .risks
        .iter()
        .map(|r| {
            vec![
                escape(&r.row.description),
                escape(r.row.mitigation.as_deref().unwrap_or("")),
                escape(r.row.owner.as_deref().unwrap_or("")),
                rag_tag(r.reviews.rag()),
                latest(&r.reviews),
            ]
        })
        .collect();
    table(
        "Risks",
        &["Risk", "Mitigation", "Owner", "Rating", "Latest review"],
        &rows,
    )
}

/// What a review was of, by name.
fn subject_name(view: &PlanView, subject: &str, id: i64) -> String {
    let found = match Subject::parse(subject) {
        Ok(Subject::Workstream) => view
            .workstreams
            .iter()
            .find(|w| w.row.workstream_id == id)
            .map(|w| w.row.title.clone()),
        Ok(Subject::Action) => view
            .workstreams
            .iter()
            .flat_map(|w| &w.actions)
            .find(|a| a.row.plan_action_id == id)
            .map(|a| a.row.description.clone()),
        Ok(Subject::Risk) => view
            .risks
            .iter()
            .find(|r| r.row.risk_id == id)
            .map(|r| r.row.description.clone()),
        Err(_) => None,
    };
    let kind = Subject::parse(subject).map_or("", |s| s.label());
    format!("{kind}: {}", found.unwrap_or_default())
}

/// Every review, newest first: ratings are added, never changed, so this is the plan's history.
fn history(view: &PlanView) -> String {
    let mut all: Vec<_> = view
        .workstreams
        .iter()
        .flat_map(|w| {
            std::iter::once(&w.reviews)
                .chain(w.actions.iter().map(|a| &a.reviews))
                .flat_map(|r| &r.history)
        })
        .chain(view.risks.iter().flat_map(|r| &r.reviews.history))
        .collect();
    all.sort_by_key(|r| std::cmp::Reverse((r.rated_on, r.rating_id)));
    if all.is_empty() {
        return String::new();
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|r| {
            vec![
                escape(&day(r.rated_on)),
                escape(&subject_name(view, &r.subject, r.subject_id)),
                rag_tag(Rag::parse(&r.rag).ok()),
                escape(&r.commentary),
                escape(&r.rated_by),
            ]
        })
        .collect();
    format!(
        "<div id=\"history\">{}</div>",
        table(
            "Reviews, newest first",
            &["Reviewed", "Of", "Rating", "Commentary", "By"],
            &rows
        )
    )
}
