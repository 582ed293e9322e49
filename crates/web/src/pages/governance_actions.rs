//! The action tracker across every forum (overdue first) and one action with its updates and
//! the form to add one.

use app::governance::actions::{self, ActionDetail};
use app::policy::{self, Action};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Local;
use domain::governance::ActionStatus;

use super::governance::{SECTION, action_rows, day};
use crate::html::{button, error_summary, escape, form, table};
use crate::pages::errors;
use crate::pages::form_support::{
    Problems, Typed, field_errors, radios, signed_in, signed_in_page, textarea,
};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

/// The action tracker across every forum: overdue first.
pub async fn tracker(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let path = "/governance/actions";
    let current = match session::require(&state, &headers, &from, path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let today = Local::now().date_naive();
    let views = match actions::tracker(state.store(), &current.actor, today).await {
        Ok(v) => v,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let overdue = views.iter().filter(|v| v.overdue).count();
    let listed = if views.is_empty() {
        "<p class=\"govuk-body\">No actions have been raised.</p>".to_string()
    } else {
        table(
            "Actions, overdue first",
            &["Raised", "Action", "Owner", "Due", "Status"],
            &action_rows(&views, true),
        )
    };
    let body = format!(
        "<a class=\"govuk-back-link\" href=\"/governance\">Forums</a>\
         <h1 class=\"govuk-heading-l\">Action tracker</h1>\
         <p class=\"govuk-body\">{overdue} overdue of {} actions.</p>{listed}",
        views.len()
    );
    signed_in_page(&state, &current, SECTION, "Action tracker", body, false)
}

/// One action with its updates, and the form to add one.
pub async fn action(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(action_id): Path<String>,
) -> Response {
    let path = format!("/governance/actions/{action_id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(action_id) = action_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    action_page(&state, &current, action_id, &Typed::default(), &Vec::new()).await
}

async fn action_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    action_id: i64,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let today = Local::now().date_naive();
    let ActionDetail { view, updates } =
        match actions::action(state.store(), &current.actor, action_id, today).await {
            Ok(a) => a,
            Err(e) => return errors::for_app_error(state, &e),
        };
    let rows = action_rows(std::slice::from_ref(&view), true);
    let listed = table(
        "Action",
        &["Raised", "Action", "Owner", "Due", "Status"],
        &rows,
    );
    let update_rows: Vec<Vec<String>> = updates
        .iter()
        .map(|u| {
            vec![
                escape(&u.updated_at.format("%-d %B %Y").to_string()),
                escape(ActionStatus::parse(&u.status).map_or("", |s| s.label())),
                escape(&u.note),
            ]
        })
        .collect();
    let history = if update_rows.is_empty() {
        "<p class=\"govuk-body\">No updates yet.</p>".to_string()
    } else {
        table("Updates", &["Date", "Status", "Note"], &update_rows)
    };
    let update_form = if policy::permits(&current.actor, Action::ClerkForums) {
        let statuses: Vec<(&str, &str)> = ActionStatus::ALL
            .iter()
            .map(|s| (s.code(), s.label()))
            .collect();
        form(
            &format!("/governance/actions/{action_id}"),
            &current.csrf_token,
            &format!(
                "{}{}{}",
                radios("status", "Status", &statuses, typed.get("status"), problems),
                textarea("note", "Update", None, typed.get("note"), problems),
                button("Save the update")
            ),
        )
    } else {
        String::new()
    };
    let body = format!(
        "{}<a class=\"govuk-back-link\" href=\"/governance/meetings/{}\">Meeting of {}</a>\
         <h1 class=\"govuk-heading-l\">Action</h1>{listed}{history}{update_form}",
        error_summary(problems),
        view.action.meeting_id,
        day(view.raised_on)
    );
    signed_in_page(
        state,
        current,
        SECTION,
        "Action",
        body,
        !problems.is_empty(),
    )
}

/// Adds an update to an action.
pub async fn update_action(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(action_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/governance/actions/{action_id}");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(action_id) = action_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let saved = actions::update_action(
        state.store(),
        &current.actor,
        action_id,
        typed.get("status"),
        typed.get("note"),
    )
    .await;
    match saved {
        Ok(()) => Redirect::to(&path).into_response(),
        Err(e) => match field_errors(e, |f| f.to_string()) {
            Ok(problems) => action_page(&state, &current, action_id, &typed, &problems).await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}
