//! Page furniture at the top: the generic header (service name only, no crown),
//! service navigation and phase banner.

use serde::{Deserialize, Deserializer};

use crate::basic::Tag;
use crate::common::{
    Attributes, Component, de_truthy_vec, push_classes, push_escaped, push_html_or_text, some,
    truthy,
};

/// Generic header (`govukGenericHeader`): a logo or the service name linking home.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GenericHeader {
    /// Text in place of a logo (the service or council name).
    pub logo_text: Option<String>,
    /// HTML in place of a logo.
    pub logo_html: Option<String>,
    /// Home link, default `/`.
    pub url: Option<String>,
    /// Container classes, default `govuk-width-container`.
    pub container_classes: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for GenericHeader {
    fn render_into(&self, out: &mut String) {
        let ns = "govuk-generic";
        out.push_str("<div class=\"");
        push_classes(out, &format!("{ns}-header"), &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        out.push_str(&format!("><div class=\"{ns}-header__container "));
        out.push_str(some(&self.container_classes).unwrap_or("govuk-width-container"));
        out.push_str(&format!("\"><div class=\"{ns}-header__logo\"><a href=\""));
        push_escaped(out, some(&self.url).unwrap_or("/"));
        out.push_str(&format!("\" class=\"{ns}-header__homepage-link\">"));
        push_html_or_text(out, &self.logo_html, &self.logo_text);
        out.push_str("</a></div></div></div>");
    }
}

/// An item of the service navigation.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ServiceNavigationItem {
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Link.
    pub href: Option<String>,
    /// The user is in this section (`aria-current="true"`).
    pub active: bool,
    /// This is the current page (`aria-current="page"`).
    pub current: bool,
    /// Extra attributes on the link.
    pub attributes: Attributes,
}

/// The `end` slot: HTML, or HTML with alignment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndSlot {
    /// HTML.
    pub html: Option<String>,
    /// Whether it sits inline with the navigation (`align: "inline"`).
    pub inline: bool,
}

impl<'de> Deserialize<'de> for EndSlot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Str(String),
            Obj {
                #[serde(default)]
                html: Option<String>,
                #[serde(default)]
                align: Option<String>,
            },
        }
        Ok(match Option::<Raw>::deserialize(d)? {
            None => EndSlot::default(),
            Some(Raw::Str(s)) => EndSlot {
                html: Some(s),
                inline: false,
            },
            Some(Raw::Obj { html, align }) => EndSlot {
                html,
                inline: align.as_deref() == Some("inline"),
            },
        })
    }
}

/// Slots of the service navigation: HTML inserted at fixed places.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ServiceNavigationSlots {
    /// Before the container.
    pub start: Option<String>,
    /// After the container.
    pub end: EndSlot,
    /// At the start of the list.
    pub navigation_start: Option<String>,
    /// At the end of the list.
    pub navigation_end: Option<String>,
}

/// Service navigation (`govukServiceNavigation`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ServiceNavigation {
    /// Service name.
    pub service_name: Option<String>,
    /// Link for the service name.
    pub service_url: Option<String>,
    /// Navigation items.
    #[serde(deserialize_with = "de_truthy_vec")]
    pub navigation: Vec<ServiceNavigationItem>,
    /// Collapse into a menu button on small screens (default: more than one item).
    pub collapse_navigation_on_mobile: Option<bool>,
    /// `aria-label` of the section, default "Service information".
    pub aria_label: Option<String>,
    /// Menu button text, default "Menu".
    pub menu_button_text: Option<String>,
    /// Menu button `aria-label`.
    pub menu_button_label: Option<String>,
    /// `aria-label` of the `<nav>`, default the menu button text.
    pub navigation_label: Option<String>,
    /// Id of the list, default `navigation`.
    pub navigation_id: Option<String>,
    /// Extra classes on the `<nav>`.
    pub navigation_classes: Option<String>,
    /// Slots.
    pub slots: ServiceNavigationSlots,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for ServiceNavigation {
    fn render_into(&self, out: &mut String) {
        let menu_text = some(&self.menu_button_text).unwrap_or("Menu");
        let nav_id = some(&self.navigation_id).unwrap_or("navigation");
        let end_html = some(&self.slots.end.html);
        let section = truthy(&self.service_name) || truthy(&self.slots.start) || end_html.is_some();
        if section {
            out.push_str("<section aria-label=\"");
            push_escaped(
                out,
                self.aria_label.as_deref().unwrap_or("Service information"),
            );
            out.push_str("\" ");
        } else {
            out.push_str("<div ");
        }
        out.push_str("class=\"");
        push_classes(out, "govuk-service-navigation", &self.classes);
        out.push_str("\" data-module=\"govuk-service-navigation\"");
        self.attributes.render_into(out);
        out.push_str("><div class=\"govuk-width-container");
        if self.slots.end.inline {
            out.push_str(" govuk-service-navigation__inlining-container");
        }
        out.push_str("\">");
        if let Some(s) = some(&self.slots.start) {
            out.push_str(s);
        }
        out.push_str("<div class=\"govuk-service-navigation__container\">");
        if let Some(name) = some(&self.service_name) {
            out.push_str("<span class=\"govuk-service-navigation__service-name\">");
            if let Some(url) = some(&self.service_url) {
                out.push_str("<a href=\"");
                push_escaped(out, url);
                out.push_str("\" class=\"govuk-service-navigation__link\">");
                push_escaped(out, name);
                out.push_str("</a>");
            } else {
                out.push_str("<span class=\"govuk-service-navigation__text\">");
                push_escaped(out, name);
                out.push_str("</span>");
            }
            out.push_str("</span>");
        }
        let items = &self.navigation;
        let collapse = self
            .collapse_navigation_on_mobile
            .unwrap_or(items.len() > 1);
        if !items.is_empty()
            || truthy(&self.slots.navigation_start)
            || truthy(&self.slots.navigation_end)
        {
            out.push_str("<nav aria-label=\"");
            push_escaped(out, some(&self.navigation_label).unwrap_or(menu_text));
            out.push_str("\" class=\"");
            push_classes(
                out,
                "govuk-service-navigation__wrapper",
                &self.navigation_classes,
            );
            out.push_str("\">");
            if collapse {
                out.push_str("<button type=\"button\" class=\"govuk-service-navigation__toggle govuk-js-service-navigation-toggle\" aria-controls=\"");
                push_escaped(out, nav_id);
                out.push('"');
                if let Some(label) = some(&self.menu_button_label)
                    && label != menu_text
                {
                    out.push_str(" aria-label=\"");
                    push_escaped(out, label);
                    out.push('"');
                }
                out.push_str(" hidden aria-hidden=\"true\">");
                push_escaped(out, menu_text);
                out.push_str("</button>");
            }
            out.push_str("<ul class=\"govuk-service-navigation__list\" id=\"");
            push_escaped(out, nav_id);
            out.push_str("\">");
            if let Some(s) = some(&self.slots.navigation_start) {
                out.push_str(s);
            }
            for item in items {
                render_item(out, item);
            }
            if let Some(s) = some(&self.slots.navigation_end) {
                out.push_str(s);
            }
            out.push_str("</ul></nav>");
        }
        out.push_str("</div>");
        if let Some(s) = end_html {
            out.push_str(s);
        }
        out.push_str("</div>");
        out.push_str(if section { "</section>" } else { "</div>" });
    }
}

fn render_item(out: &mut String, item: &ServiceNavigationItem) {
    let active = item.active || item.current;
    let content = |out: &mut String| {
        if active {
            out.push_str("<strong class=\"govuk-service-navigation__active-fallback\">");
            push_html_or_text(out, &item.html, &item.text);
            out.push_str("</strong>");
        } else {
            push_html_or_text(out, &item.html, &item.text);
        }
    };
    let aria_current = |out: &mut String| {
        if active {
            out.push_str(" aria-current=\"");
            out.push_str(if item.current { "page" } else { "true" });
            out.push('"');
        }
    };
    out.push_str("<li class=\"govuk-service-navigation__item");
    if active {
        out.push_str(" govuk-service-navigation__item--active");
    }
    out.push_str("\">");
    if let Some(href) = some(&item.href) {
        out.push_str("<a class=\"govuk-service-navigation__link\" href=\"");
        push_escaped(out, href);
        out.push('"');
        aria_current(out);
        item.attributes.render_into(out);
        out.push('>');
        content(out);
        out.push_str("</a>");
    } else if truthy(&item.html) || truthy(&item.text) {
        out.push_str("<span class=\"govuk-service-navigation__text\"");
        aria_current(out);
        out.push('>');
        content(out);
        out.push_str("</span>");
    }
    out.push_str("</li>");
}

/// The tag of a phase banner.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PhaseBannerTag {
    /// Text, for example "Beta".
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
}

/// Phase banner (`govukPhaseBanner`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PhaseBanner {
    /// The phase tag.
    pub tag: PhaseBannerTag,
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for PhaseBanner {
    fn render_into(&self, out: &mut String) {
        out.push_str("<div class=\"");
        push_classes(
            out,
            "govuk-phase-banner govuk-width-container",
            &self.classes,
        );
        out.push('"');
        self.attributes.render_into(out);
        out.push_str("><p class=\"govuk-phase-banner__content\">");
        let mut classes = "govuk-phase-banner__content__tag".to_owned();
        if let Some(c) = some(&self.tag.classes) {
            classes.push(' ');
            classes.push_str(c);
        }
        Tag {
            text: self.tag.text.clone(),
            html: self.tag.html.clone(),
            classes: Some(classes),
            attributes: Attributes::None,
        }
        .render_into(out);
        out.push_str("<span class=\"govuk-phase-banner__text\">");
        push_html_or_text(out, &self.html, &self.text);
        out.push_str("</span></p></div>");
    }
}
