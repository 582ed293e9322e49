//! Finding a child, and a child's record (an audited read). Who may see which child is the
//! policy's decision; a child the person may not see is "Page not found".

use app::children::{child_access_log, search_children, view_child};
use app::{AppError, policy};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use chrono::Local;
use serde::Deserialize;

use crate::html::{button, error_summary, escape, summary_list, table, text_input};
use crate::layout::{Page, render};
use crate::pages::errors;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(query): Query<SearchQuery>,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/children").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !policy::permits(&current.actor, policy::Action::SearchChildren) {
        return errors::not_found(&state);
    }
    let q = query.q.unwrap_or_default();
    let (results, errors) = if q.is_empty() {
        (String::new(), Vec::new())
    } else {
        match search_children(state.store(), &current.actor, &q).await {
            Ok(found) if found.is_empty() => (
                format!(
                    "<p class=\"govuk-body\">No child or young person matches ‘{}’.</p>",
                    escape(&q)
                ),
                Vec::new(),
            ),
            Ok(found) => {
                let rows: Vec<Vec<String>> = found
                    .iter()
                    .map(|c| {
                        vec![
                            format!(
                                "<a class=\"govuk-link\" href=\"/children/{}\">{}</a>",
                                c.child_id,
                                escape(&c.name)
                            ),
                            c.birth_date.format("%-d %B %Y").to_string(),
                            escape(c.upn.as_deref().unwrap_or("Not recorded")),
                        ]
                    })
                    .collect();
                (
                    table(
                        &format!("{} results", found.len()),
                        &["Name", "Date of birth", "UPN"],
                        &rows,
                    ),
                    Vec::new(),
                )
            }
            Err(AppError::Invalid(problems)) => (
                String::new(),
                problems
                    .iter()
                    .map(|p| ("q".to_string(), p.problem.clone()))
                    .collect(),
            ),
            Err(e) => return errors::for_app_error(&state, &e),
        }
    };
    let error = errors.first().map(|(_, m)| m.as_str());
    let body = format!(
        "{}<h1 class=\"govuk-heading-l\">Find a child or young person</h1>\
         <form method=\"get\" action=\"/children\" novalidate>{}{}</form>{results}",
        error_summary(&errors),
        text_input(
            "q",
            "Name, UPN or date of birth",
            &q,
            Some("For example, Samplewood, A801234524001 or 04/05/2016"),
            error,
            Some("off")
        ),
        button("Search"),
    );
    let page = Page {
        title: "Find a child or young person",
        actor: Some(&current.actor),
        path: "/children",
        csrf_token: Some(&current.csrf_token),
        body,
        has_errors: !errors.is_empty(),
    };
    Html(render(&state, page)).into_response()
}

pub async fn record(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
) -> Response {
    let path = format!("/children/{child_id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(child_id) = child_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let today = Local::now().date_naive();
    let child = match view_child(state.store(), &current.actor, child_id, today).await {
        Ok(c) => c,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let name = format!("{} {}", child.forename, child.surname);
    let needs = if child.needs.is_empty() {
        "Not recorded".to_string()
    } else {
        child
            .needs
            .iter()
            .map(|n| n.label())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let plan = match child.plans.iter().rev().find(|p| p.cease_on.is_none()) {
        Some(p) => format!("In force since {}", p.start_on.format("%-d %B %Y")),
        None => "No plan in force".into(),
    };
    let summary = summary_list(&[
        (
            "Date of birth",
            format!(
                "{} (age {})",
                child.birth_date.format("%-d %B %Y"),
                child.age
            ),
        ),
        ("National curriculum year", child.nc_year.to_string()),
        (
            "UPN",
            child.upn.clone().unwrap_or_else(|| "Not recorded".into()),
        ),
        ("Needs", needs),
        ("EHC plan", plan),
        (
            "Current setting",
            child
                .current_setting
                .clone()
                .unwrap_or_else(|| "Not recorded".into()),
        ),
    ]);
    let people = if child.people.is_empty() {
        "<h2 class=\"govuk-heading-m\">People involved</h2><p class=\"govuk-body\">No family member has an account yet.</p>".to_string()
    } else {
        let rows: Vec<Vec<String>> = child
            .people
            .iter()
            .map(|(name, role)| vec![escape(name), escape(role)])
            .collect();
        table("People involved", &["Name", "Role"], &rows)
    };
    let looked = if policy::permits(&current.actor, policy::Action::ReadAuditLog) {
        match child_access_log(state.store(), &current.actor, child_id, 20).await {
            Ok(rows) => {
                let rows: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        vec![
                            escape(&r.at.format("%-d %B %Y %H:%M").to_string()),
                            escape(&r.actor),
                            escape(&r.action),
                            escape(&r.from_addr),
                        ]
                    })
                    .collect();
                table(
                    "Who has looked at this record",
                    &["When", "Who", "What", "From"],
                    &rows,
                )
            }
            Err(e) => return errors::for_app_error(&state, &e),
        }
    } else {
        String::new()
    };
    // Only those who may see what a placement costs are offered the page.
    let placements = if app::policy::permits(
        &current.actor,
        app::policy::Action::ReadPlacementCosts { child_id },
    ) {
        format!(
            "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/{child_id}/placements\">Placements and their costs</a></p>"
        )
    } else {
        String::new()
    };
    let body = format!(
        "<span class=\"govuk-caption-l\">Child {child_id}</span><h1 class=\"govuk-heading-l\">{}</h1>{summary}\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/{child_id}/case\">EHC case: statutory clock, timeline and plan</a></p>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/{child_id}/documents\">Documents: advice, reports and plans</a></p>\
         {placements}{people}{looked}",
        escape(&name)
    );
    let page = Page {
        title: &name,
        actor: Some(&current.actor),
        path: "/children",
        csrf_token: Some(&current.csrf_token),
        body,
        has_errors: false,
    };
    Html(render(&state, page)).into_response()
}
