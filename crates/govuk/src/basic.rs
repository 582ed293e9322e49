//! Small text components: skip link, back link, tag, inset text, warning text,
//! details, hint, label, error message and fieldset.

use serde::Deserialize;

use crate::common::{
    Attributes, Component, de_opt_string, push_classes, push_escaped, push_html_or_text,
    push_opt_attr, some, truthy,
};

/// Skip link (`govukSkipLink`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SkipLink {
    /// Link text.
    pub text: Option<String>,
    /// Link HTML.
    pub html: Option<String>,
    /// Target, default `#content`.
    pub href: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for SkipLink {
    fn render_into(&self, out: &mut String) {
        out.push_str("<a href=\"");
        push_escaped(out, some(&self.href).unwrap_or("#content"));
        out.push_str("\" class=\"");
        push_classes(out, "govuk-skip-link", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        out.push_str(" data-module=\"govuk-skip-link\">");
        push_html_or_text(out, &self.html, &self.text);
        out.push_str("</a>");
    }
}

/// Back link (`govukBackLink`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BackLink {
    /// Link text, default "Back".
    pub text: Option<String>,
    /// Link HTML.
    pub html: Option<String>,
    /// Target, default `#`.
    pub href: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for BackLink {
    fn render_into(&self, out: &mut String) {
        out.push_str("<a href=\"");
        push_escaped(out, some(&self.href).unwrap_or("#"));
        out.push_str("\" class=\"");
        push_classes(out, "govuk-back-link", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        out.push('>');
        if let Some(h) = some(&self.html) {
            out.push_str(h);
        } else {
            push_escaped(out, some(&self.text).unwrap_or("Back"));
        }
        out.push_str("</a>");
    }
}

/// Tag (`govukTag`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Tag {
    /// Text.
    #[serde(deserialize_with = "de_opt_string")]
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Extra classes, for example `govuk-tag--grey`.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for Tag {
    fn render_into(&self, out: &mut String) {
        out.push_str("<strong class=\"");
        push_classes(out, "govuk-tag", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        out.push('>');
        push_html_or_text(out, &self.html, &self.text);
        out.push_str("</strong>");
    }
}

/// Inset text (`govukInsetText`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct InsetText {
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Id.
    pub id: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for InsetText {
    fn render_into(&self, out: &mut String) {
        out.push_str("<div");
        push_opt_attr(out, "id", &self.id);
        out.push_str(" class=\"");
        push_classes(out, "govuk-inset-text", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        out.push('>');
        push_html_or_text(out, &self.html, &self.text);
        out.push_str("</div>");
    }
}

/// Warning text (`govukWarningText`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct WarningText {
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Hidden text before the warning, default "Warning".
    pub icon_fallback_text: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for WarningText {
    fn render_into(&self, out: &mut String) {
        out.push_str("<div class=\"");
        push_classes(out, "govuk-warning-text", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        out.push_str("><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">");
        push_escaped(out, some(&self.icon_fallback_text).unwrap_or("Warning"));
        out.push_str("</span> ");
        push_html_or_text(out, &self.html, &self.text);
        out.push_str("</strong></div>");
    }
}

/// Details (`govukDetails`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Details {
    /// Summary text.
    pub summary_text: Option<String>,
    /// Summary HTML.
    pub summary_html: Option<String>,
    /// Body text.
    pub text: Option<String>,
    /// Body HTML.
    pub html: Option<String>,
    /// Id.
    pub id: Option<String>,
    /// Whether it starts open.
    pub open: bool,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for Details {
    fn render_into(&self, out: &mut String) {
        out.push_str("<details");
        push_opt_attr(out, "id", &self.id);
        out.push_str(" class=\"");
        push_classes(out, "govuk-details", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        if self.open {
            out.push_str(" open");
        }
        out.push_str("><summary class=\"govuk-details__summary\"><span class=\"govuk-details__summary-text\">");
        push_html_or_text(out, &self.summary_html, &self.summary_text);
        out.push_str("</span></summary><div class=\"govuk-details__text\">");
        push_html_or_text(out, &self.html, &self.text);
        out.push_str("</div></details>");
    }
}

/// Hint (`govukHint`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Hint {
    /// Text.
    #[serde(deserialize_with = "de_opt_string")]
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Id (set by the form component that contains it).
    pub id: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for Hint {
    fn render_into(&self, out: &mut String) {
        out.push_str("<div");
        push_opt_attr(out, "id", &self.id);
        out.push_str(" class=\"");
        push_classes(out, "govuk-hint", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        out.push('>');
        push_html_or_text(out, &self.html, &self.text);
        out.push_str("</div>");
    }
}

impl Hint {
    /// This hint with its id set, as form components render it.
    pub fn with_id(&self, id: &str) -> Hint {
        Hint {
            id: Some(id.to_owned()),
            ..self.clone()
        }
    }
}

/// Label (`govukLabel`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Label {
    /// Text.
    #[serde(deserialize_with = "de_opt_string")]
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// The id of the input it labels.
    #[serde(rename = "for")]
    pub for_: Option<String>,
    /// Whether the label is the page heading (wrapped in `<h1>`).
    pub is_page_heading: bool,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for Label {
    fn render_into(&self, out: &mut String) {
        if !truthy(&self.html) && !truthy(&self.text) {
            return;
        }
        if self.is_page_heading {
            out.push_str("<h1 class=\"govuk-label-wrapper\">");
        }
        out.push_str("<label class=\"");
        push_classes(out, "govuk-label", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        push_opt_attr(out, "for", &self.for_);
        out.push('>');
        push_html_or_text(out, &self.html, &self.text);
        out.push_str("</label>");
        if self.is_page_heading {
            out.push_str("</h1>");
        }
    }
}

impl Label {
    /// This label pointing at `id`, as form components render it.
    pub fn with_for(&self, id: Option<&str>) -> Label {
        Label {
            for_: id.map(str::to_owned),
            ..self.clone()
        }
    }
}

/// Error message (`govukErrorMessage`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ErrorMessage {
    /// Text.
    #[serde(deserialize_with = "de_opt_string")]
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Id (set by the form component that contains it).
    pub id: Option<String>,
    /// Hidden prefix, default "Error"; an empty string or `false` leaves it out.
    #[serde(deserialize_with = "de_hidden_text")]
    pub visually_hidden_text: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// `visuallyHiddenText`: absent means the default; `false` means none.
fn de_hidden_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match crate::common::Scalar::deserialize(d)? {
        crate::common::Scalar::Null => None,
        crate::common::Scalar::Bool(false) => Some(String::new()),
        crate::common::Scalar::Bool(true) => Some("true".to_owned()),
        crate::common::Scalar::Str(s) => Some(s),
    })
}

impl Component for ErrorMessage {
    fn render_into(&self, out: &mut String) {
        out.push_str("<p");
        push_opt_attr(out, "id", &self.id);
        out.push_str(" class=\"");
        push_classes(out, "govuk-error-message", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        out.push('>');
        let hidden = self.visually_hidden_text.as_deref().unwrap_or("Error");
        if !hidden.is_empty() {
            out.push_str("<span class=\"govuk-visually-hidden\">");
            push_escaped(out, hidden);
            out.push_str(":</span> ");
        }
        push_html_or_text(out, &self.html, &self.text);
        out.push_str("</p>");
    }
}

impl ErrorMessage {
    /// This error message with its id set, as form components render it.
    pub fn with_id(&self, id: &str) -> ErrorMessage {
        ErrorMessage {
            id: Some(id.to_owned()),
            ..self.clone()
        }
    }
}

/// The `legend` param of a fieldset.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Legend {
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Whether the legend is the page heading.
    pub is_page_heading: bool,
}

/// Fieldset (`govukFieldset`). `html` is the content inside.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Fieldset {
    /// The legend.
    pub legend: Option<Legend>,
    /// `aria-describedby`.
    pub described_by: Option<String>,
    /// ARIA role.
    pub role: Option<String>,
    /// Content HTML.
    pub html: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Fieldset {
    /// Appends the fieldset with `inner` written as its content (the Nunjucks `caller`).
    pub fn render_with(&self, out: &mut String, inner: impl FnOnce(&mut String)) {
        out.push_str("<fieldset class=\"");
        push_classes(out, "govuk-fieldset", &self.classes);
        out.push('"');
        push_opt_attr(out, "role", &self.role);
        push_opt_attr(out, "aria-describedby", &self.described_by);
        self.attributes.render_into(out);
        out.push('>');
        if let Some(legend) = &self.legend
            && (truthy(&legend.html) || truthy(&legend.text))
        {
            out.push_str("<legend class=\"");
            push_classes(out, "govuk-fieldset__legend", &legend.classes);
            out.push_str("\">");
            if legend.is_page_heading {
                out.push_str("<h1 class=\"govuk-fieldset__heading\">");
                push_html_or_text(out, &legend.html, &legend.text);
                out.push_str("</h1>");
            } else {
                push_html_or_text(out, &legend.html, &legend.text);
            }
            out.push_str("</legend>");
        }
        inner(out);
        out.push_str("</fieldset>");
    }
}

impl Component for Fieldset {
    fn render_into(&self, out: &mut String) {
        self.render_with(out, |out| {
            if let Some(h) = some(&self.html) {
                out.push_str(h);
            }
        });
    }
}
