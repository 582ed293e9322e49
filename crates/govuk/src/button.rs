//! Button (`govukButton`) and breadcrumbs (`govukBreadcrumbs`).

use serde::Deserialize;

use crate::common::{
    Attributes, Component, Scalar, de_opt_string, push_escaped, push_html_or_text, push_opt_attr,
    some,
};

/// Button (`govukButton`): a `<button>`, or a link styled as one when `href` is set.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Button {
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Link target; makes it an `<a>`.
    pub href: Option<String>,
    /// Button type, default `submit`.
    #[serde(rename = "type")]
    pub type_: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Value.
    #[serde(deserialize_with = "de_opt_string")]
    pub value: Option<String>,
    /// Disabled.
    pub disabled: bool,
    /// `data-prevent-double-click`, rendered when given.
    pub prevent_double_click: Option<Scalar>,
    /// Start button (with an arrow).
    pub is_start_button: bool,
    /// Id.
    pub id: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

const START_ICON: &str = r#"<svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false"><path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"/></svg>"#;

impl Component for Button {
    fn render_into(&self, out: &mut String) {
        let common = |out: &mut String| {
            out.push_str(" class=\"govuk-button");
            if let Some(c) = some(&self.classes) {
                out.push(' ');
                out.push_str(c);
            }
            if self.is_start_button {
                out.push_str(" govuk-button--start");
            }
            out.push_str("\" data-module=\"govuk-button\"");
            self.attributes.render_into(out);
            push_opt_attr(out, "id", &self.id);
        };
        let content = |out: &mut String| {
            match some(&self.html) {
                Some(h) if self.is_start_button => {
                    out.push_str("<span>");
                    out.push_str(h.trim());
                    out.push_str("</span>");
                }
                _ => push_html_or_text(out, &self.html, &self.text),
            }
            if self.is_start_button {
                out.push_str(START_ICON);
            }
        };
        if let Some(href) = some(&self.href) {
            out.push_str("<a href=\"");
            push_escaped(out, href);
            out.push_str("\" role=\"button\" draggable=\"false\"");
            common(out);
            out.push('>');
            content(out);
            out.push_str("</a>");
        } else {
            out.push_str("<button type=\"");
            push_escaped(out, some(&self.type_).unwrap_or("submit"));
            out.push('"');
            push_opt_attr(out, "value", &self.value);
            push_opt_attr(out, "name", &self.name);
            if self.disabled {
                out.push_str(" disabled aria-disabled=\"true\"");
            }
            if let Some(p) = &self.prevent_double_click {
                out.push_str(" data-prevent-double-click=\"");
                match p {
                    Scalar::Null => {}
                    Scalar::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                    Scalar::Str(s) => push_escaped(out, s),
                }
                out.push('"');
            }
            common(out);
            out.push('>');
            content(out);
            out.push_str("</button>");
        }
    }
}

/// A breadcrumb; without `href` it is the current page.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BreadcrumbItem {
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Link.
    pub href: Option<String>,
    /// Extra attributes on the link.
    pub attributes: Attributes,
}

/// Breadcrumbs (`govukBreadcrumbs`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Breadcrumbs {
    /// Items.
    pub items: Vec<BreadcrumbItem>,
    /// Collapse to the first and last on small screens.
    pub collapse_on_mobile: bool,
    /// `aria-label`, default "Breadcrumb".
    pub label_text: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for Breadcrumbs {
    fn render_into(&self, out: &mut String) {
        out.push_str("<nav class=\"govuk-breadcrumbs");
        if let Some(c) = some(&self.classes) {
            out.push(' ');
            out.push_str(c);
        }
        if self.collapse_on_mobile {
            out.push_str(" govuk-breadcrumbs--collapse-on-mobile");
        }
        out.push('"');
        self.attributes.render_into(out);
        out.push_str(" aria-label=\"");
        push_escaped(out, self.label_text.as_deref().unwrap_or("Breadcrumb"));
        out.push_str("\"><ol class=\"govuk-breadcrumbs__list\">");
        for item in &self.items {
            if let Some(href) = some(&item.href) {
                out.push_str("<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" href=\"");
                push_escaped(out, href);
                out.push('"');
                item.attributes.render_into(out);
                out.push('>');
                push_html_or_text(out, &item.html, &item.text);
                out.push_str("</a></li>");
            } else {
                out.push_str("<li class=\"govuk-breadcrumbs__list-item\" aria-current=\"page\">");
                push_html_or_text(out, &item.html, &item.text);
                out.push_str("</li>");
            }
        }
        out.push_str("</ol></nav>");
    }
}
