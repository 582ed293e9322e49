//! Summary list (`govukSummaryList`, optionally in a summary card) and table
//! (`govukTable`).

use serde::Deserialize;

use crate::common::{
    Attributes, Component, de_falsy_opt, de_opt_string, de_truthy_vec, push_classes, push_escaped,
    push_html_or_text, some,
};

/// A link in the actions of a summary list row or card.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SummaryAction {
    /// Target.
    pub href: Option<String>,
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Hidden text after the link text, for example the row's key.
    pub visually_hidden_text: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// The actions of a summary list row or card.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SummaryActions {
    /// Links (`None` when absent, which differs from an empty list).
    pub items: Option<Vec<SummaryAction>>,
    /// Extra classes.
    pub classes: Option<String>,
}

impl SummaryActions {
    fn list(&self) -> &[SummaryAction] {
        self.items.as_deref().unwrap_or(&[])
    }
}

/// The key or value cell of a summary list row.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SummaryCell {
    /// Text.
    #[serde(deserialize_with = "de_opt_string")]
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
}

/// A row of a summary list.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SummaryRow {
    /// Key.
    pub key: SummaryCell,
    /// Value.
    pub value: SummaryCell,
    /// Actions.
    pub actions: SummaryActions,
    /// Extra classes.
    pub classes: Option<String>,
}

/// The title of a summary card.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SummaryCardTitle {
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Heading level, default 2.
    #[serde(deserialize_with = "de_opt_string")]
    pub heading_level: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
}

/// A summary card around the list.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SummaryCard {
    /// Title.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub title: Option<SummaryCardTitle>,
    /// Actions.
    pub actions: SummaryActions,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// Summary list (`govukSummaryList`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SummaryList {
    /// Rows (falsy rows are left out).
    #[serde(deserialize_with = "de_truthy_vec")]
    pub rows: Vec<SummaryRow>,
    /// Card around the list.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub card: Option<SummaryCard>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

fn push_action_link(
    out: &mut String,
    action: &SummaryAction,
    card_title: Option<&SummaryCardTitle>,
) {
    out.push_str("<a class=\"");
    push_classes(out, "govuk-link", &action.classes);
    out.push_str("\" href=\"");
    push_escaped(out, action.href.as_deref().unwrap_or(""));
    out.push('"');
    action.attributes.render_into(out);
    out.push('>');
    push_html_or_text(out, &action.html, &action.text);
    let hidden = some(&action.visually_hidden_text);
    if hidden.is_some() || card_title.is_some() {
        out.push_str("<span class=\"govuk-visually-hidden\">");
        if let Some(h) = hidden {
            out.push(' ');
            push_escaped(out, h);
        }
        if let Some(t) = card_title {
            out.push_str(" (");
            push_html_or_text(out, &t.html, &t.text);
            out.push(')');
        }
        out.push_str("</span>");
    }
    out.push_str("</a>");
}

fn push_cell(out: &mut String, tag: &str, class: &str, cell: &SummaryCell) {
    out.push('<');
    out.push_str(tag);
    out.push_str(" class=\"");
    push_classes(out, class, &cell.classes);
    out.push_str("\">");
    push_html_or_text(out, &cell.html, &cell.text);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

impl SummaryList {
    fn render_list(&self, out: &mut String) {
        let card_title = self.card.as_ref().and_then(|c| c.title.as_ref());
        let any_actions = self.rows.iter().any(|r| !r.actions.list().is_empty());
        out.push_str("<dl class=\"");
        push_classes(out, "govuk-summary-list", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        out.push('>');
        for row in &self.rows {
            out.push_str("<div class=\"govuk-summary-list__row");
            if any_actions && row.actions.items.is_none() {
                out.push_str(" govuk-summary-list__row--no-actions");
            }
            if let Some(c) = some(&row.classes) {
                out.push(' ');
                out.push_str(c);
            }
            out.push_str("\">");
            push_cell(out, "dt", "govuk-summary-list__key", &row.key);
            push_cell(out, "dd", "govuk-summary-list__value", &row.value);
            let actions = row.actions.list();
            if !actions.is_empty() {
                out.push_str("<dd class=\"");
                push_classes(out, "govuk-summary-list__actions", &row.actions.classes);
                out.push_str("\">");
                if let [action] = actions {
                    push_action_link(out, action, card_title);
                } else {
                    out.push_str("<ul class=\"govuk-summary-list__actions-list\">");
                    for action in actions {
                        out.push_str("<li class=\"govuk-summary-list__actions-list-item\">");
                        push_action_link(out, action, card_title);
                        out.push_str("</li>");
                    }
                    out.push_str("</ul>");
                }
                out.push_str("</dd>");
            }
            out.push_str("</div>");
        }
        out.push_str("</dl>");
    }
}

impl Component for SummaryList {
    fn render_into(&self, out: &mut String) {
        let Some(card) = &self.card else {
            self.render_list(out);
            return;
        };
        out.push_str("<div class=\"");
        push_classes(out, "govuk-summary-card", &card.classes);
        out.push('"');
        card.attributes.render_into(out);
        out.push_str("><div class=\"govuk-summary-card__title-wrapper\">");
        if let Some(title) = &card.title {
            let level = some(&title.heading_level).unwrap_or("2");
            out.push_str("<h");
            out.push_str(level);
            out.push_str(" class=\"");
            push_classes(out, "govuk-summary-card__title", &title.classes);
            out.push_str("\">");
            push_html_or_text(out, &title.html, &title.text);
            out.push_str("</h");
            out.push_str(level);
            out.push('>');
        }
        let actions = card.actions.list();
        if let [action] = actions {
            out.push_str("<div class=\"");
            push_classes(out, "govuk-summary-card__actions", &card.actions.classes);
            out.push_str("\">");
            push_action_link(out, action, card.title.as_ref());
            out.push_str("</div>");
        } else if !actions.is_empty() {
            out.push_str("<ul class=\"");
            push_classes(out, "govuk-summary-card__actions", &card.actions.classes);
            out.push_str("\">");
            for action in actions {
                out.push_str("<li class=\"govuk-summary-card__action\">");
                push_action_link(out, action, card.title.as_ref());
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        out.push_str("</div><div class=\"govuk-summary-card__content\">");
        self.render_list(out);
        out.push_str("</div></div>");
    }
}

/// A cell of a table (head or body).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TableCell {
    /// Text.
    #[serde(deserialize_with = "de_opt_string")]
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Format, for example `numeric`.
    pub format: Option<String>,
    /// Columns spanned.
    #[serde(deserialize_with = "de_opt_string")]
    pub colspan: Option<String>,
    /// Rows spanned.
    #[serde(deserialize_with = "de_opt_string")]
    pub rowspan: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// Table (`govukTable`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Table {
    /// Caption.
    pub caption: Option<String>,
    /// Extra caption classes.
    pub caption_classes: Option<String>,
    /// Head cells; `None` leaves out the `<thead>`.
    pub head: Option<Vec<TableCell>>,
    /// Rows of cells (falsy rows are left out).
    #[serde(deserialize_with = "de_truthy_vec")]
    pub rows: Vec<Vec<TableCell>>,
    /// Whether the first cell of each row is a row header.
    pub first_cell_is_header: bool,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

fn push_cell_class(out: &mut String, base: &str, cell: &TableCell, with_format: bool) {
    out.push_str(" class=\"");
    out.push_str(base);
    if with_format && let Some(f) = some(&cell.format) {
        out.push(' ');
        out.push_str(base);
        out.push_str("--");
        out.push_str(f);
    }
    if let Some(c) = some(&cell.classes) {
        out.push(' ');
        out.push_str(c);
    }
    out.push('"');
}

fn push_spans_and_content(out: &mut String, tag: &str, cell: &TableCell) {
    for (name, value) in [("colspan", &cell.colspan), ("rowspan", &cell.rowspan)] {
        if let Some(v) = some(value).filter(|v| *v != "0") {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            push_escaped(out, v);
            out.push('"');
        }
    }
    cell.attributes.render_into(out);
    out.push('>');
    push_html_or_text(out, &cell.html, &cell.text);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

impl Component for Table {
    fn render_into(&self, out: &mut String) {
        out.push_str("<table class=\"");
        push_classes(out, "govuk-table", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        out.push('>');
        if let Some(caption) = some(&self.caption) {
            out.push_str("<caption class=\"");
            push_classes(out, "govuk-table__caption", &self.caption_classes);
            out.push_str("\">");
            push_escaped(out, caption);
            out.push_str("</caption>");
        }
        if let Some(head) = &self.head {
            out.push_str("<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
            for item in head {
                out.push_str("<th scope=\"col\"");
                push_cell_class(out, "govuk-table__header", item, true);
                push_spans_and_content(out, "th", item);
            }
            out.push_str("</tr></thead>");
        }
        out.push_str("<tbody class=\"govuk-table__body\">");
        for row in &self.rows {
            out.push_str("<tr class=\"govuk-table__row\">");
            for (i, cell) in row.iter().enumerate() {
                if i == 0 && self.first_cell_is_header {
                    out.push_str("<th scope=\"row\"");
                    push_cell_class(out, "govuk-table__header", cell, false);
                    push_spans_and_content(out, "th", cell);
                } else {
                    out.push_str("<td");
                    push_cell_class(out, "govuk-table__cell", cell, true);
                    push_spans_and_content(out, "td", cell);
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }
}
