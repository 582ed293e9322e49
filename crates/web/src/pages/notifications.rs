//! One's notifications: each says what changed and what to do next, with a link to where to do
//! it and a button to mark it read. Works without JavaScript: marking read is a form post.

use app::notifications::{NotificationView, mark_read, my_notifications};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::html::{button, escape, form};
use crate::layout::{Page, render};
use crate::pages::errors;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

pub async fn list(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/notifications").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let inbox = match my_notifications(state.store(), &current.actor).await {
        Ok(i) => i,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let intro = match (inbox.notifications.len(), inbox.unread) {
        (0, _) => "You have no notifications.".to_string(),
        (_, 0) => "You have read all your notifications.".to_string(),
        (_, 1) => "You have 1 unread notification.".to_string(),
        (_, n) => format!("You have {n} unread notifications."),
    };
    let cards: String = inbox
        .notifications
        .iter()
        .map(|n| card(n, &current.csrf_token))
        .collect();
    let body = format!(
        "<h1 class=\"govuk-heading-l\">Notifications</h1><p class=\"govuk-body\">{}</p>{cards}",
        escape(&intro)
    );
    let page = Page {
        title: "Notifications",
        actor: Some(&current.actor),
        path: "/notifications",
        csrf_token: Some(&current.csrf_token),
        body,
        has_errors: false,
    };
    Html(render(&state, page)).into_response()
}

/// One notification as a GOV.UK summary card.
fn card(n: &NotificationView, csrf_token: &str) -> String {
    let tag = if n.read {
        String::new()
    } else {
        " <strong class=\"govuk-tag govuk-tag--blue\">New</strong>".to_string()
    };
    let row = |key: &str, value: &str| {
        format!(
            "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{}</dt>\
             <dd class=\"govuk-summary-list__value\">{}</dd></div>",
            escape(key),
            escape(value)
        )
    };
    // Links are paths the service wrote; anything else is not shown as a link.
    let link = if n.link.starts_with('/') && !n.link.starts_with("//") {
        format!(
            "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"{}\">Go to it</a></p>",
            escape(&n.link)
        )
    } else {
        String::new()
    };
    let mark = if n.read {
        String::new()
    } else {
        form(
            &format!("/notifications/{}/read", n.notification_id),
            csrf_token,
            &button("Mark as read"),
        )
    };
    format!(
        "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">\
         <h2 class=\"govuk-summary-card__title\">{}{tag}</h2></div>\
         <div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">{}{}{}</dl>\
         {link}{mark}</div></div>",
        escape(&n.subject),
        row("What changed", &n.what_changed),
        row("What to do next", &n.what_next),
        row(
            "Sent",
            &n.created_at.format("%-d %B %Y at %H:%M").to_string()
        ),
    )
}

pub async fn read(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let path = format!("/notifications/{id}/read");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let submitted = pairs
        .iter()
        .find(|(k, _)| k == "csrf_token")
        .map_or("", |(_, v)| v.as_str());
    if !session::csrf_ok(Some(&current.csrf_token), submitted) {
        return errors::forbidden(&state);
    }
    let Ok(id) = id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    match mark_read(state.store(), &current.actor, id).await {
        Ok(()) => Redirect::to("/notifications").into_response(),
        Err(e) => errors::for_app_error(&state, &e),
    }
}
