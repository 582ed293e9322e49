//! Small helpers for writing HTML in Rust: escaping, and GOV.UK components built the way our
//! pages use them.

pub use govuk::escape;
use govuk::push_escaped;
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
///
/// Written into one string sized for it: a work tray is a table of 50 rows on every request.
fn table_from(caption: &str, heads: &[&str], rows: &[Vec<String>], numeric_from: usize) -> String {
    const CELL: &str = "<td class=\"govuk-table__cell govuk-table__cell--numeric\"></td>";
    let size = rows
        .iter()
        .map(|cells| 40 + cells.iter().map(|c| c.len() + CELL.len()).sum::<usize>())
        .sum::<usize>()
        + heads.iter().map(|h| h.len() + 80).sum::<usize>()
        + caption.len()
        + 300;
    let mut out = String::with_capacity(size);
    out.push_str(
        "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">",
    );
    push_escaped(&mut out, caption);
    out.push_str("</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
    for (i, h) in heads.iter().enumerate() {
        out.push_str("<th scope=\"col\" class=\"govuk-table__header");
        if i >= numeric_from {
            out.push_str(" govuk-table__header--numeric");
        }
        out.push_str("\">");
        push_escaped(&mut out, h);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead><tbody class=\"govuk-table__body\">");
    for cells in rows {
        out.push_str("<tr class=\"govuk-table__row\">");
        for (i, c) in cells.iter().enumerate() {
            out.push_str("<td class=\"govuk-table__cell");
            if i >= numeric_from {
                out.push_str(" govuk-table__cell--numeric");
            }
            out.push_str("\">");
            out.push_str(c);
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
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
