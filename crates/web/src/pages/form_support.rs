//! What every form page needs: what was typed (kept to show again with its errors), each
//! error linked to its input, and the signed-in session with its CSRF token checked.

use app::AppError;
use axum::http::HeaderMap;
use axum::response::Response;
use govuk::ErrorMessage;

use crate::pages::errors;
use crate::session;
use crate::state::AppState;

pub(crate) type Problems = Vec<(String, String)>;

/// What was typed into one of the forms, kept to show again with its errors.
#[derive(Default)]
pub(crate) struct Typed(pub(crate) Vec<(String, String)>);

impl Typed {
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    pub(crate) fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// The error message for one input, if it has one.
pub(crate) fn error_for(problems: &Problems, id: &str) -> Option<ErrorMessage> {
    problems
        .iter()
        .find(|(f, _)| f == id)
        .map(|(_, m)| ErrorMessage {
            text: Some(m.clone()),
            ..Default::default()
        })
}

/// Errors from a use case, each linked to the input it is about.
pub(crate) fn field_errors(
    e: AppError,
    id_of: impl Fn(&str) -> String,
) -> Result<Problems, AppError> {
    match e {
        AppError::Invalid(found) => Ok(found
            .into_iter()
            .map(|p| (id_of(p.field), capitalise(&p.problem)))
            .collect()),
        AppError::Conflict(message) => Ok(vec![(id_of(""), capitalise(&message))]),
        other => Err(other),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// The session and a checked CSRF token, or the response to send instead.
pub(crate) async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
    from: &str,
    path: &str,
    typed: &Typed,
) -> Result<app::auth::CurrentSession, Response> {
    let current = session::require(state, headers, from, path).await?;
    if !session::csrf_ok(Some(&current.csrf_token), typed.get("csrf_token")) {
        return Err(errors::forbidden(state));
    }
    Ok(current)
}
