//! Not found, forbidden and "sorry, there is a problem" pages in GOV.UK style. They say what
//! the person can do next and never show internals.

use app::AppError;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::layout::{Page, render};
use crate::state::AppState;

pub fn not_found(state: &AppState) -> Response {
    let body = "<h1 class=\"govuk-heading-l\">Page not found</h1>\
        <p class=\"govuk-body\">If you typed the web address, check it is correct.</p>\
        <p class=\"govuk-body\">If you pasted the web address, check you copied the entire address.</p>\
        <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/dashboard\">Go to your home page</a>.</p>";
    page(state, StatusCode::NOT_FOUND, "Page not found", body)
}

pub fn forbidden(state: &AppState) -> Response {
    let body = "<h1 class=\"govuk-heading-l\">You cannot do this</h1>\
        <p class=\"govuk-body\">Your role does not include this. If you think it should, ask your council's administrator.</p>";
    page(state, StatusCode::FORBIDDEN, "You cannot do this", body)
}

pub fn server_error(state: &AppState) -> Response {
    let body = "<h1 class=\"govuk-heading-l\">Sorry, there is a problem with the service</h1>\
        <p class=\"govuk-body\">Try again later. Nothing you saved has been lost.</p>";
    page(
        state,
        StatusCode::INTERNAL_SERVER_ERROR,
        "Sorry, there is a problem with the service",
        body,
    )
}

fn page(state: &AppState, status: StatusCode, title: &str, body: &str) -> Response {
    let html = render(
        state,
        Page {
            title,
            actor: None,
            path: "",
            csrf_token: None,
            body: body.into(),
            has_errors: false,
        },
    );
    (status, Html(html)).into_response()
}

/// The page for a use case's refusal or failure.
pub fn for_app_error(state: &AppState, error: &AppError) -> Response {
    match error {
        AppError::NotFound(_) => not_found(state),
        AppError::Forbidden(_) => forbidden(state),
        other => {
            tracing::error!("{other}");
            server_error(state)
        }
    }
}
