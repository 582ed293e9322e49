//! Footer (`govukFooter`), without the crown logo that upstream always renders:
//! this service is not GOV.UK and shows no GOV.UK branding.

use serde::{Deserialize, Deserializer};

use crate::common::{
    Attributes, Component, Content, de_opt_string, push_classes, push_escaped, push_html_or_text,
    some,
};

/// A link in the footer.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FooterLink {
    /// Link text.
    pub text: Option<String>,
    /// Link target.
    pub href: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// A section of footer navigation.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FooterNavigation {
    /// Heading.
    pub title: Option<String>,
    /// Grid width, for example `one-half`; default `full`.
    pub width: Option<String>,
    /// Number of columns.
    #[serde(deserialize_with = "de_opt_string")]
    pub columns: Option<String>,
    /// Links.
    pub items: Vec<FooterLink>,
}

/// The meta links and text.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FooterMeta {
    /// Hidden heading, default "Support links".
    pub visually_hidden_title: Option<String>,
    /// Links.
    pub items: Vec<FooterLink>,
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
}

fn default_licence() -> Option<Content> {
    Some(Content::default())
}

fn de_licence<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Content>, D::Error> {
    Option::<Content>::deserialize(d)
}

/// Footer (`govukFooter`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Footer {
    /// Navigation sections.
    pub navigation: Vec<FooterNavigation>,
    /// Meta links and text.
    pub meta: Option<FooterMeta>,
    /// Licence text; empty gives the Open Government Licence text, `None` leaves it out.
    #[serde(default = "default_licence", deserialize_with = "de_licence")]
    pub content_licence: Option<Content>,
    /// Copyright text; empty gives "© Crown copyright".
    pub copyright: Content,
    /// Container classes.
    pub container_classes: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Default for Footer {
    fn default() -> Self {
        Footer {
            navigation: Vec::new(),
            meta: None,
            content_licence: default_licence(),
            copyright: Content::default(),
            container_classes: None,
            classes: None,
            attributes: Attributes::None,
        }
    }
}

fn push_link(out: &mut String, class: &str, link: &FooterLink) {
    out.push_str("<li class=\"");
    out.push_str(class);
    out.push_str("\"><a class=\"govuk-footer__link\" href=\"");
    if let Some(h) = &link.href {
        push_escaped(out, h);
    }
    out.push('"');
    link.attributes.render_into(out);
    out.push('>');
    if let Some(t) = &link.text {
        push_escaped(out, t);
    }
    out.push_str("</a></li>");
}

const LICENCE_LOGO: &str = r#"<svg aria-hidden="true" focusable="false" class="govuk-footer__licence-logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 483.2 195.7" height="17" width="41"><path fill="currentColor" d="M421.5 142.8V.1l-50.7 32.3v161.1h112.4v-50.7zm-122.3-9.6A47.12 47.12 0 0 1 221 97.8c0-26 21.1-47.1 47.1-47.1 16.7 0 31.4 8.7 39.7 21.8l42.7-27.2A97.63 97.63 0 0 0 268.1 0c-36.5 0-68.3 20.1-85.1 49.7A98 98 0 0 0 97.8 0C43.9 0 0 43.9 0 97.8s43.9 97.8 97.8 97.8c36.5 0 68.3-20.1 85.1-49.7a97.76 97.76 0 0 0 149.6 25.4l19.4 22.2h3v-87.8h-80l24.3 27.5zM97.8 145c-26 0-47.1-21.1-47.1-47.1s21.1-47.1 47.1-47.1 47.2 21 47.2 47S123.8 145 97.8 145" /></svg>"#;

impl Component for Footer {
    fn render_into(&self, out: &mut String) {
        out.push_str("<div class=\"");
        push_classes(out, "govuk-footer", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        out.push_str("><div class=\"");
        push_classes(out, "govuk-width-container", &self.container_classes);
        out.push_str("\">");
        if !self.navigation.is_empty() {
            out.push_str("<div class=\"govuk-footer__navigation\">");
            for nav in &self.navigation {
                out.push_str("<div class=\"govuk-footer__section govuk-grid-column-");
                out.push_str(some(&nav.width).unwrap_or("full"));
                out.push_str("\"><h2 class=\"govuk-footer__heading govuk-heading-m\">");
                if let Some(t) = &nav.title {
                    push_escaped(out, t);
                }
                out.push_str("</h2>");
                if !nav.items.is_empty() {
                    out.push_str("<ul class=\"govuk-footer__list");
                    if let Some(c) = some(&nav.columns) {
                        out.push_str(" govuk-footer__list--columns-");
                        out.push_str(c);
                    }
                    out.push_str("\">");
                    for item in &nav.items {
                        if some(&item.href).is_some() && some(&item.text).is_some() {
                            push_link(out, "govuk-footer__list-item", item);
                        }
                    }
                    out.push_str("</ul>");
                }
                out.push_str("</div>");
            }
            out.push_str("</div><hr class=\"govuk-footer__section-break\">");
        }
        out.push_str("<div class=\"govuk-footer__meta\"><div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">");
        if let Some(meta) = &self.meta {
            out.push_str("<h2 class=\"govuk-visually-hidden\">");
            push_escaped(
                out,
                some(&meta.visually_hidden_title).unwrap_or("Support links"),
            );
            out.push_str("</h2>");
            if !meta.items.is_empty() {
                out.push_str("<ul class=\"govuk-footer__inline-list\">");
                for item in &meta.items {
                    push_link(out, "govuk-footer__inline-list-item", item);
                }
                out.push_str("</ul>");
            }
            if some(&meta.text).is_some() || some(&meta.html).is_some() {
                out.push_str("<div class=\"govuk-footer__meta-custom\">");
                push_html_or_text(out, &meta.html, &meta.text);
                out.push_str("</div>");
            }
        }
        if let Some(licence) = &self.content_licence {
            out.push_str(LICENCE_LOGO);
            out.push_str("<span class=\"govuk-footer__licence-description\">");
            if licence.is_set() {
                licence.render_into(out);
            } else {
                out.push_str("All content is available under the <a class=\"govuk-footer__link\" href=\"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\" rel=\"license\">Open Government Licence v3.0</a>, except where otherwise stated");
            }
            out.push_str("</span>");
        }
        out.push_str("</div><div class=\"govuk-footer__meta-item\"><a class=\"govuk-footer__link govuk-footer__copyright-logo\" href=\"https://www.nationalarchives.gov.uk/information-management/re-using-public-sector-information/uk-government-licensing-framework/crown-copyright/\">");
        if self.copyright.is_set() {
            self.copyright.render_into(out);
        } else {
            out.push_str("© Crown copyright");
        }
        out.push_str("</a></div></div></div></div>");
    }
}
