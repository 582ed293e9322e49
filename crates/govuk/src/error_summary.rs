//! Error summary (`govukErrorSummary`).

use serde::Deserialize;

use crate::common::{
    Attributes, Component, Scalar, push_classes, push_escaped, push_html_or_text, some,
};

/// A link to a field with an error.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ErrorSummaryItem {
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Link to the field, for example `#date-of-birth-day`.
    pub href: Option<String>,
    /// Extra attributes on the link.
    pub attributes: Attributes,
}

/// Error summary (`govukErrorSummary`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ErrorSummary {
    /// Title text, for example "There is a problem".
    pub title_text: Option<String>,
    /// Title HTML.
    pub title_html: Option<String>,
    /// Description text.
    pub description_text: Option<String>,
    /// Description HTML.
    pub description_html: Option<String>,
    /// The errors.
    pub error_list: Vec<ErrorSummaryItem>,
    /// `data-disable-auto-focus`, rendered when given.
    pub disable_auto_focus: Option<Scalar>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for ErrorSummary {
    fn render_into(&self, out: &mut String) {
        out.push_str("<div class=\"");
        push_classes(out, "govuk-error-summary", &self.classes);
        out.push('"');
        if let Some(v) = &self.disable_auto_focus {
            out.push_str(" data-disable-auto-focus=\"");
            match v {
                Scalar::Null => {}
                Scalar::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Scalar::Str(s) => push_escaped(out, s),
            }
            out.push('"');
        }
        self.attributes.render_into(out);
        out.push_str(" data-module=\"govuk-error-summary\"><div role=\"alert\"><h2 class=\"govuk-error-summary__title\">");
        push_html_or_text(out, &self.title_html, &self.title_text);
        out.push_str("</h2><div class=\"govuk-error-summary__body\">");
        if some(&self.description_html).is_some() || some(&self.description_text).is_some() {
            out.push_str("<p>");
            push_html_or_text(out, &self.description_html, &self.description_text);
            out.push_str("</p>");
        }
        if !self.error_list.is_empty() {
            out.push_str("<ul class=\"govuk-list govuk-error-summary__list\">");
            for item in &self.error_list {
                out.push_str("<li>");
                if let Some(href) = some(&item.href) {
                    out.push_str("<a href=\"");
                    push_escaped(out, href);
                    out.push('"');
                    item.attributes.render_into(out);
                    out.push('>');
                    push_html_or_text(out, &item.html, &item.text);
                    out.push_str("</a>");
                } else {
                    push_html_or_text(out, &item.html, &item.text);
                }
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        out.push_str("</div></div></div>");
    }
}
