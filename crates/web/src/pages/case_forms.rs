//! The forms that record what happens on an EHC case: one GET and one POST handler for every
//! action, each a GOV.UK question page with GOV.UK date inputs, an error summary linking to the
//! field, and the typed values kept after an error. What each form asks is in
//! [`super::case_questions`], which use case it calls in [`super::case_actions`].

use app::casework::pages_support::{CasePage, case_page};
use app::{AppError, policy};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Local, NaiveDate};
use govuk::{BackLink, Component, ErrorSummary, ErrorSummaryItem};

use super::case_actions::{ActionForm, CaseAction};
use super::case_fields::{Field, Values, render_field};
use super::case_questions::{FormContext, current_sections};
use crate::html::{button, escape, form};
use crate::layout::{Page, render};
use crate::pages::errors;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

/// What went wrong with a submission: problems by field, and any refusal not about a field.
#[derive(Default)]
struct Problems {
    fields: Vec<(String, String)>,
    general: Option<String>,
}

impl Problems {
    fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_none()
    }
}

pub async fn form_page(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((child_id, slug)): Path<(String, String)>,
) -> Response {
    let path = format!("/children/{child_id}/case/{slug}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (Ok(child_id), Some(action)) = (child_id.parse::<i64>(), CaseAction::from_slug(&slug))
    else {
        return errors::not_found(&state);
    };
    let today = Local::now().date_naive();
    // Reading the case first: a child the person may not see is "not found", as everywhere.
    let page = match case_page(state.store(), &current.actor, child_id, today).await {
        Ok(p) => p,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    if !policy::permits(&current.actor, policy::Action::WorkOnCase) {
        return errors::forbidden(&state);
    }
    let context = match FormContext::load(&state, &current.actor, page, action).await {
        Ok(c) => c,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    render_form(
        &state,
        &current,
        &context,
        action,
        &Values::default(),
        &Problems::default(),
    )
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((child_id, slug)): Path<(String, String)>,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let path = format!("/children/{child_id}/case/{slug}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let values = Values(values);
    if !session::csrf_ok(Some(&current.csrf_token), values.get("csrf_token")) {
        return errors::forbidden(&state);
    }
    let (Ok(child_id), Some(action)) = (child_id.parse::<i64>(), CaseAction::from_slug(&slug))
    else {
        return errors::not_found(&state);
    };
    let today = Local::now().date_naive();
    // A form that edits the plan sends only the sections that changed, so it needs the text
    // they are compared with. Other forms go straight to the use case, which checks the policy
    // before anything else, so a refusal says nothing about whether the child exists.
    let sections = if action.edits_sections() {
        match case_page(state.store(), &current.actor, child_id, today).await {
            Ok(page) => current_sections(&page),
            Err(e) => return errors::for_app_error(&state, &e),
        }
    } else {
        Vec::new()
    };
    let outcome = action
        .run(
            state.store(),
            &current.actor,
            child_id,
            &values,
            &sections,
            today,
        )
        .await;
    let problems = match outcome {
        Ok(()) => {
            return Redirect::to(&format!("/children/{child_id}/case?done={}", action.slug()))
                .into_response();
        }
        Err(AppError::Invalid(found)) => Problems {
            fields: found
                .iter()
                .map(|p| (p.field.to_string(), p.problem.clone()))
                .collect(),
            general: None,
        },
        Err(AppError::Conflict(message)) => Problems {
            fields: Vec::new(),
            general: Some(sentence(&message)),
        },
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let page = match case_page(state.store(), &current.actor, child_id, today).await {
        Ok(p) => p,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let context = match FormContext::load(&state, &current.actor, page, action).await {
        Ok(c) => c,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    render_form(&state, &current, &context, action, &values, &problems)
}

fn render_form(
    state: &AppState,
    current: &app::auth::CurrentSession,
    context: &FormContext,
    action: CaseAction,
    values: &Values,
    problems: &Problems,
) -> Response {
    let page: &CasePage = &context.page;
    let child = &page.view.child;
    let child_id = child.child_id;
    let name = format!("{} {}", child.forename, child.surname);
    let fields = action.fields(context);
    // The first submission shows defaults; after an error, what was typed.
    let shown = if values.0.is_empty() {
        None
    } else {
        Some(values)
    };
    let messages = messages_by_field(&fields, problems);
    let inner: String = fields
        .iter()
        .map(|f| {
            let error = messages
                .iter()
                .find(|(field, _, _)| *field == f.name())
                .map(|(_, _, m)| m.as_str());
            render_field(f, shown, error)
        })
        .collect::<String>()
        + &button(action.button());
    let summary = error_summary(&messages, problems.general.as_deref());
    let back = BackLink {
        href: Some(format!("/children/{child_id}/case")),
        text: Some("Back to the case".into()),
        ..Default::default()
    }
    .render();
    let intro = action
        .intro()
        .map(|t| format!("<p class=\"govuk-body\">{}</p>", escape(t)))
        .unwrap_or_default();
    let body = format!(
        "{back}<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">{summary}\
         <span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">{}</h1>{intro}{}\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/{child_id}/case\">Cancel</a></p></div></div>",
        escape(&name),
        escape(action.title()),
        form(
            &format!("/children/{child_id}/case/{}", action.slug()),
            &current.csrf_token,
            &inner
        ),
    );
    let title = format!("{} – {name}", action.title());
    Html(render(
        state,
        Page {
            title: &title,
            actor: Some(&current.actor),
            path: "/children",
            csrf_token: Some(&current.csrf_token),
            body,
            has_errors: !problems.is_empty(),
        },
    ))
    .into_response()
}

/// Each problem as (field on the form, anchor to link to, message). A problem about something
/// the form does not ask is put against its first question, so it is never lost.
fn messages_by_field(fields: &[Field], problems: &Problems) -> Vec<(&'static str, String, String)> {
    let mut out: Vec<(&'static str, String, String)> = Vec::new();
    for (name, problem) in &problems.fields {
        let field = fields
            .iter()
            .find(|f| f.name() == name)
            .or_else(|| fields.first());
        let Some(field) = field else { continue };
        let message = match field {
            Field::Date { legend, .. } => date_message(legend, problem),
            _ => sentence(problem),
        };
        // One message per field, as GOV.UK asks: the first problem found.
        if !out.iter().any(|(f, _, _)| *f == field.name()) {
            out.push((field.name(), field.anchor(), message));
        }
    }
    // In the order the form asks, as the summary should read.
    out.sort_by_key(|(name, _, _)| fields.iter().position(|f| f.name() == *name));
    out
}

fn error_summary(messages: &[(&'static str, String, String)], general: Option<&str>) -> String {
    if messages.is_empty() && general.is_none() {
        return String::new();
    }
    let mut error_list: Vec<ErrorSummaryItem> = general
        .map(|g| ErrorSummaryItem {
            text: Some(g.to_string()),
            ..Default::default()
        })
        .into_iter()
        .collect();
    error_list.extend(
        messages
            .iter()
            .map(|(_, anchor, message)| ErrorSummaryItem {
                text: Some(message.clone()),
                href: Some(format!("#{anchor}")),
                ..Default::default()
            }),
    );
    ErrorSummary {
        title_text: Some("There is a problem".into()),
        error_list,
        ..Default::default()
    }
    .render()
}

/// A use case's problem with a date, in GOV.UK's words for that date: "Date the request was
/// received must be a real date".
fn date_message(legend: &str, problem: &str) -> String {
    if problem == "enter a date" {
        return format!("Enter the {}", lower_first(legend));
    }
    if problem.starts_with("enter a real date") {
        return format!("{legend} must be a real date");
    }
    if let Some(rest) = problem.strip_prefix("the date ") {
        return readable_dates(&format!("{legend} {rest}"));
    }
    sentence(problem)
}

/// Capitalised, with any YYYY-MM-DD dates written as people read them.
fn sentence(text: &str) -> String {
    let text = readable_dates(text);
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Rewrites YYYY-MM-DD dates in a message as "5 January 2026".
fn readable_dates(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let date = rest
            .get(..10)
            .filter(|s| s.as_bytes().get(4) == Some(&b'-'))
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        if let Some(date) = date {
            out.push_str(&super::case::day(date));
            rest = &rest[10..];
        } else {
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                out.push(c);
            }
            rest = chars.as_str();
        }
    }
    out
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_problems_name_the_date() {
        assert_eq!(
            date_message("Date of the decision", "enter a date"),
            "Enter the date of the decision"
        );
        assert_eq!(
            date_message(
                "Date of the decision",
                "enter a real date, for example 2026-03-27"
            ),
            "Date of the decision must be a real date"
        );
        assert_eq!(
            date_message(
                "Date of the decision",
                "the date must be on or after the request (2026-01-05)"
            ),
            "Date of the decision must be on or after the request (5 January 2026)"
        );
    }
}
