//! Notification banner (`govukNotificationBanner`) and panel (`govukPanel`).

use serde::Deserialize;

use crate::button::Button;
use crate::common::{
    Attributes, Component, Scalar, de_opt_string, push_classes, push_escaped, push_html_or_text,
    some, truthy,
};

/// Notification banner (`govukNotificationBanner`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NotificationBanner {
    /// Text, shown as a heading paragraph.
    pub text: Option<String>,
    /// HTML content.
    pub html: Option<String>,
    /// Title text, default "Important" ("Success" for success banners).
    pub title_text: Option<String>,
    /// Title HTML.
    pub title_html: Option<String>,
    /// Title heading level, default 2.
    #[serde(deserialize_with = "de_opt_string")]
    pub title_heading_level: Option<String>,
    /// Title id, default `govuk-notification-banner-title`.
    pub title_id: Option<String>,
    /// Type: `success` or none.
    #[serde(rename = "type")]
    pub type_: Option<String>,
    /// ARIA role, default `alert` for success banners and `region` otherwise.
    pub role: Option<String>,
    /// `data-disable-auto-focus`, rendered when given.
    pub disable_auto_focus: Option<Scalar>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for NotificationBanner {
    fn render_into(&self, out: &mut String) {
        let success = self.type_.as_deref() == Some("success");
        let role = some(&self.role).unwrap_or(if success { "alert" } else { "region" });
        let title_id = some(&self.title_id).unwrap_or("govuk-notification-banner-title");
        let level = some(&self.title_heading_level).unwrap_or("2");
        out.push_str("<div class=\"govuk-notification-banner");
        if success {
            out.push_str(" govuk-notification-banner--success");
        }
        if let Some(c) = some(&self.classes) {
            out.push(' ');
            out.push_str(c);
        }
        out.push_str("\" role=\"");
        push_escaped(out, role);
        out.push_str("\" aria-labelledby=\"");
        push_escaped(out, title_id);
        out.push_str("\" data-module=\"govuk-notification-banner\"");
        match &self.disable_auto_focus {
            None => {}
            Some(Scalar::Null) => out.push_str(" data-disable-auto-focus=\"\""),
            Some(Scalar::Bool(b)) => {
                out.push_str(if *b {
                    " data-disable-auto-focus=\"true\""
                } else {
                    " data-disable-auto-focus=\"false\""
                });
            }
            Some(Scalar::Str(s)) => {
                out.push_str(" data-disable-auto-focus=\"");
                push_escaped(out, s);
                out.push('"');
            }
        }
        self.attributes.render_into(out);
        out.push_str("><div class=\"govuk-notification-banner__header\"><h");
        out.push_str(level);
        out.push_str(" class=\"govuk-notification-banner__title\" id=\"");
        push_escaped(out, title_id);
        out.push_str("\">");
        if let Some(h) = some(&self.title_html) {
            out.push_str(h);
        } else if let Some(t) = some(&self.title_text) {
            push_escaped(out, t);
        } else {
            out.push_str(if success { "Success" } else { "Important" });
        }
        out.push_str("</h");
        out.push_str(level);
        out.push_str("></div><div class=\"govuk-notification-banner__content\">");
        if let Some(h) = some(&self.html) {
            out.push_str(h.trim());
        } else if let Some(t) = some(&self.text) {
            out.push_str("<p class=\"govuk-notification-banner__heading\">");
            push_escaped(out, t.trim());
            out.push_str("</p>");
        }
        out.push_str("</div></div>");
    }
}

/// A button or link in an interruption panel.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PanelAction {
    /// Text.
    pub text: Option<String>,
    /// Target; makes it a link unless `type` is `button`.
    pub href: Option<String>,
    /// Button type, default `button`.
    #[serde(rename = "type")]
    pub type_: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// The actions of an interruption panel.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PanelActions {
    /// Buttons and links.
    pub items: Vec<PanelAction>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// Panel (`govukPanel`): a confirmation panel, or an interruption panel when
/// `classes` contains `govuk-panel--interruption`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Panel {
    /// Title text.
    pub title_text: Option<String>,
    /// Title HTML.
    pub title_html: Option<String>,
    /// Heading level, default 1.
    #[serde(deserialize_with = "de_opt_string")]
    pub heading_level: Option<String>,
    /// Body text.
    pub text: Option<String>,
    /// Body HTML.
    pub html: Option<String>,
    /// Actions (interruption panels only).
    pub actions: Option<PanelActions>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

fn push_panel_action(out: &mut String, action: &PanelAction) {
    if !truthy(&action.href) || action.type_.as_deref() == Some("button") {
        let mut classes = "govuk-button--inverse".to_owned();
        if let Some(c) = some(&action.classes) {
            classes.push(' ');
            classes.push_str(c);
        }
        Button {
            text: action.text.clone(),
            type_: Some(some(&action.type_).unwrap_or("button").to_owned()),
            classes: Some(classes),
            href: action.href.clone(),
            attributes: action.attributes.clone(),
            ..Button::default()
        }
        .render_into(out);
    } else {
        out.push_str("<a class=\"");
        push_classes(out, "govuk-link govuk-link--inverse", &action.classes);
        out.push_str("\" href=\"");
        push_escaped(out, action.href.as_deref().unwrap_or(""));
        out.push('"');
        action.attributes.render_into(out);
        out.push('>');
        if let Some(t) = &action.text {
            push_escaped(out, t);
        }
        out.push_str("</a>");
    }
}

impl Component for Panel {
    fn render_into(&self, out: &mut String) {
        let interruption =
            some(&self.classes).is_some_and(|c| c.contains("govuk-panel--interruption"));
        let level = some(&self.heading_level).unwrap_or("1");
        out.push_str("<div class=\"govuk-panel");
        if !interruption {
            out.push_str(" govuk-panel--confirmation");
        }
        if let Some(c) = some(&self.classes) {
            out.push(' ');
            out.push_str(c);
        }
        out.push('"');
        self.attributes.render_into(out);
        out.push_str("><h");
        out.push_str(level);
        out.push_str(" class=\"govuk-panel__title\">");
        push_html_or_text(out, &self.title_html, &self.title_text);
        out.push_str("</h");
        out.push_str(level);
        out.push('>');
        if truthy(&self.html) || truthy(&self.text) {
            out.push_str("<div class=\"govuk-panel__body\">");
            push_html_or_text(out, &self.html, &self.text);
            out.push_str("</div>");
        }
        if interruption && let Some(actions) = &self.actions {
            out.push_str("<div class=\"");
            push_classes(out, "govuk-panel__actions", &actions.classes);
            out.push('"');
            actions.attributes.render_into(out);
            out.push('>');
            if !actions.items.is_empty() {
                out.push_str("<div class=\"govuk-button-group\">");
                for action in &actions.items {
                    push_panel_action(out, action);
                }
                out.push_str("</div>");
            }
            out.push_str("</div>");
        }
        out.push_str("</div>");
    }
}
