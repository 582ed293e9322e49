//! Small helpers for writing HTML in Rust: escaping, and GOV.UK components built the way our
//! pages use them.

pub use govuk::escape;
use govuk::{Affix, Component, ErrorMessage, Hint, Input, Label};

/// A text input with its label, hint and error, as GOV.UK's input component renders it.
pub fn text_input(
    name: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    error: Option<&str>,
    autocomplete: Option<&str>,
) -> String {
    Input {
        autocomplete: autocomplete.map(str::to_string),
        ..labelled_input(name, label, value, hint, error)
    }
    .render()
}

/// An amount in pounds: a text input with a £ prefix, ten characters wide.
pub fn money_input(
    name: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    error: Option<&str>,
) -> String {
    Input {
        prefix: Some(Affix {
            text: Some("£".into()),
            ..Default::default()
        }),
        classes: Some("govuk-input--width-10".into()),
        ..labelled_input(name, label, value, hint, error)
    }
    .render()
}

fn labelled_input(
    name: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    error: Option<&str>,
) -> Input {
    Input {
        id: Some(name.into()),
        name: Some(name.into()),
        value: (!value.is_empty()).then(|| value.to_string()),
        label: Some(Label {
            text: Some(label.into()),
            ..Default::default()
        }),
        hint: hint.map(|h| Hint {
            text: Some(h.into()),
            ..Default::default()
        }),
        error_message: error.map(|e| ErrorMessage {
            text: Some(e.into()),
            ..Default::default()
        }),
        spellcheck: Some(false),
        ..Default::default()
    }
}

/// A GOV.UK error summary for the given (field id, message) pairs.
pub fn error_summary(errors: &[(String, String)]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let items = errors
        .iter()
        .map(|(field, message)| {
            format!(
                "<li><a href=\"#{}\">{}</a></li>",
                escape(field),
                escape(message)
            )
        })
        .collect::<String>();
    format!(
        "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">\
         <h2 class=\"govuk-error-summary__title\">There is a problem</h2>\
         <div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">{items}</ul></div></div></div>"
    )
}

/// A summary list from (key, value-as-text) rows.
pub fn summary_list(rows: &[(&str, String)]) -> String {
    let rows: String = rows
        .iter()
        .map(|(k, v)| {
            format!(
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{}</dt>\
                 <dd class=\"govuk-summary-list__value\">{}</dd></div>",
                escape(k),
                escape(v)
            )
        })
        .collect();
    format!("<dl class=\"govuk-summary-list\">{rows}</dl>")
}

/// A summary list from (key, value-as-HTML) rows: for values with tags or links, each part
/// escaped by the caller.
pub fn summary_list_html(rows: &[(&str, String)]) -> String {
    let rows: String = rows
        .iter()
        .map(|(k, v)| {
            format!(
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{}</dt>\
                 <dd class=\"govuk-summary-list__value\">{v}</dd></div>",
                escape(k),
            )
        })
        .collect();
    format!("<dl class=\"govuk-summary-list\">{rows}</dl>")
}

/// A table with a caption, column headings and rows of cells (already HTML).
pub fn table(caption: &str, heads: &[&str], rows: &[Vec<String>]) -> String {
    table_from(caption, heads, rows, heads.len())
}

/// A table of amounts: every column after the first is right-aligned, as GOV.UK sets numbers,
/// so the pounds line up down each column.
pub fn numeric_table(caption: &str, heads: &[&str], rows: &[Vec<String>]) -> String {
    table_from(caption, heads, rows, 1)
}

/// A table whose columns from `numeric_from` on are numeric.
fn table_from(caption: &str, heads: &[&str], rows: &[Vec<String>], numeric_from: usize) -> String {
    let numeric = |i: usize, kind: &str| {
        if i >= numeric_from {
            format!(" govuk-table__{kind}--numeric")
        } else {
            String::new()
        }
    };
    let head: String = heads
        .iter()
        .enumerate()
        .map(|(i, h)| {
            format!(
                "<th scope=\"col\" class=\"govuk-table__header{}\">{}</th>",
                numeric(i, "header"),
                escape(h)
            )
        })
        .collect();
    let body: String = rows
        .iter()
        .map(|cells| {
            let cells: String = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    format!(
                        "<td class=\"govuk-table__cell{}\">{c}</td>",
                        numeric(i, "cell")
                    )
                })
                .collect();
            format!("<tr class=\"govuk-table__row\">{cells}</tr>")
        })
        .collect();
    format!(
        "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">{}</caption>\
         <thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">{head}</tr></thead>\
         <tbody class=\"govuk-table__body\">{body}</tbody></table>",
        escape(caption)
    )
}

/// A form that posts with its CSRF token.
pub fn form(action: &str, csrf_token: &str, inner: &str) -> String {
    format!(
        "<form method=\"post\" action=\"{}\" novalidate><input type=\"hidden\" name=\"csrf_token\" value=\"{}\">{inner}</form>",
        escape(action),
        escape(csrf_token)
    )
}

pub fn button(text: &str) -> String {
    govuk::Button {
        text: Some(text.into()),
        ..Default::default()
    }
    .render()
}
