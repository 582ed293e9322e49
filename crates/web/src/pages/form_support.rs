//! What every form page needs: what was typed (kept to show again with its errors), each
//! error linked to its input, and the signed-in session with its CSRF token checked.

use app::AppError;
use axum::http::HeaderMap;
use axum::response::Response;
use govuk::{Component, ErrorMessage};

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

/// A GOV.UK date input's day, month and year (read through `part`) as the use cases read
/// dates, YYYY-MM-DD. Empty when nothing was typed; anything that is not a day, month and
/// four-digit year is passed on as typed, so the use case reports it with every other problem.
pub(crate) fn iso_date(part: impl Fn(&str) -> String) -> String {
    let part = |p: &str| part(p).trim().to_string();
    let (day, month, year) = (part("day"), part("month"), part("year"));
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return String::new();
    }
    match (
        day.parse::<u32>(),
        month.parse::<u32>(),
        year.parse::<i32>(),
    ) {
        (Ok(d), Ok(m), Ok(y)) if year.len() == 4 => format!("{y:04}-{m:02}-{d:02}"),
        _ => format!("{year}-{month}-{day}"),
    }
}

impl Typed {
    /// The date typed into the GOV.UK date input `name`, as YYYY-MM-DD (see [`iso_date`]).
    pub(crate) fn date(&self, name: &str) -> String {
        iso_date(|p| self.get(&format!("{name}-{p}")).to_string())
    }
}

/// A GOV.UK date input showing what was typed, with its error (reported against `name-day`).
pub(crate) fn date_input(
    name: &str,
    legend: &str,
    hint: &str,
    typed: &Typed,
    problems: &Problems,
) -> String {
    let mut values = std::collections::BTreeMap::new();
    for part in ["day", "month", "year"] {
        values.insert(
            part.to_string(),
            govuk::Scalar::Str(typed.get(&format!("{name}-{part}")).into()),
        );
    }
    govuk::DateInput {
        id: Some(name.into()),
        name_prefix: Some(name.into()),
        values,
        fieldset: Some(govuk::ChoicesFieldset {
            legend: Some(govuk::Legend {
                text: Some(legend.into()),
                classes: Some("govuk-fieldset__legend--s".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        hint: Some(govuk::Hint {
            text: Some(hint.into()),
            ..Default::default()
        }),
        error_message: error_for(problems, &format!("{name}-day")),
        ..Default::default()
    }
    .render()
}

/// A signed-in page in the shared layout, its navigation marked at `section`.
pub(crate) fn signed_in_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    section: &str,
    title: &str,
    body: String,
    has_errors: bool,
) -> Response {
    use axum::response::{Html, IntoResponse};
    Html(crate::layout::render(
        state,
        crate::layout::Page {
            title,
            actor: Some(&current.actor),
            path: section,
            csrf_token: Some(&current.csrf_token),
            body,
            has_errors,
        },
    ))
    .into_response()
}

/// A GOV.UK textarea showing what was typed, with its error.
pub(crate) fn textarea(
    name: &str,
    label: &str,
    hint: Option<&str>,
    value: &str,
    problems: &Problems,
) -> String {
    govuk::Textarea {
        id: Some(name.into()),
        name: Some(name.into()),
        value: Some(value.into()),
        rows: Some("6".into()),
        label: Some(govuk::Label {
            text: Some(label.into()),
            classes: Some("govuk-label--s".into()),
            ..Default::default()
        }),
        hint: hint.map(|h| govuk::Hint {
            text: Some(h.into()),
            ..Default::default()
        }),
        error_message: error_for(problems, name),
        ..Default::default()
    }
    .render()
}

/// GOV.UK radios for `name` with (value, label) options, the typed one checked.
pub(crate) fn radios(
    name: &str,
    legend: &str,
    options: &[(&str, &str)],
    typed: &str,
    problems: &Problems,
) -> String {
    govuk::Radios {
        id_prefix: Some(name.into()),
        name: Some(name.into()),
        fieldset: Some(govuk::ChoicesFieldset {
            legend: Some(govuk::Legend {
                text: Some(legend.into()),
                classes: Some("govuk-fieldset__legend--s".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        items: options
            .iter()
            .map(|(value, text)| {
                Some(govuk::ChoiceItem {
                    value: Some((*value).into()),
                    text: Some((*text).into()),
                    checked: Some(typed == *value),
                    ..Default::default()
                })
            })
            .collect(),
        error_message: error_for(problems, name),
        ..Default::default()
    }
    .render()
}

/// A text input showing what was typed into `name`, with its error.
pub(crate) fn typed_input(
    typed: &Typed,
    problems: &Problems,
    name: &str,
    label: &str,
    hint: Option<&str>,
    autocomplete: Option<&str>,
) -> String {
    let error = error_for(problems, name).and_then(|e| e.text);
    crate::html::text_input(
        name,
        label,
        typed.get(name),
        hint,
        error.as_deref(),
        autocomplete,
    )
}
