//! The page shell every page shares: skip link, the generic header with the service and council
//! names, service navigation by role, phase banner, main content, footer.

use app::{Actor, ActorKind};
use govuk::{
    Component, Content, Footer, FooterLink, FooterMeta, GenericHeader, PhaseBanner, PhaseBannerTag,
    ServiceNavigation, ServiceNavigationItem, SkipLink,
};

use crate::html::escape;
use crate::state::AppState;

pub const SERVICE_NAME: &str = "Manage SEND and high needs";

/// What a page puts in the shell.
pub struct Page<'a> {
    pub title: &'a str,
    pub actor: Option<&'a Actor>,
    /// The path of the page, to mark the current navigation item.
    pub path: &'a str,
    pub csrf_token: Option<&'a str>,
    pub body: String,
    /// The title is prefixed with "Error: " when the page shows form errors, as GOV.UK asks.
    pub has_errors: bool,
}

pub fn render(state: &AppState, page: Page<'_>) -> String {
    let config = state.config();
    let skip = SkipLink {
        text: Some("Skip to main content".into()),
        href: Some("#main-content".into()),
        ..Default::default()
    }
    .render();
    let header = GenericHeader {
        logo_text: Some(config.council_name.clone()),
        url: Some("/".into()),
        ..Default::default()
    }
    .render();
    let navigation = ServiceNavigation {
        service_name: Some(SERVICE_NAME.into()),
        service_url: Some("/".into()),
        navigation: navigation_for(page.actor, page.path),
        ..Default::default()
    }
    .render();
    let banner = PhaseBanner {
        tag: PhaseBannerTag {
            text: Some("Beta".into()),
            ..Default::default()
        },
        text: Some("This is a new service. Data shown in the demo is synthetic.".into()),
        ..Default::default()
    }
    .render();
    let sign_out = match (page.actor, page.csrf_token) {
        (Some(_), Some(token)) => format!(
            "<form method=\"post\" action=\"/sign-out\" class=\"govuk-!-margin-bottom-0\">\
             <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
             <button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" data-module=\"govuk-button\">Sign out</button></form>",
            escape(token)
        ),
        _ => String::new(),
    };
    let link = |text: &str, href: &str| FooterLink {
        text: Some(text.into()),
        href: Some(href.into()),
        ..Default::default()
    };
    let footer = Footer {
        meta: Some(FooterMeta {
            visually_hidden_title: Some("Support links".into()),
            items: vec![
                link("Accessibility statement", "/accessibility"),
                link("Cookies", "/cookies"),
            ],
            ..Default::default()
        }),
        content_licence: Some(Content {
            text: Some("Highneeds is open source software, released under the MIT licence".into()),
            html: None,
        }),
        copyright: Content {
            text: Some(format!("© {}", config.council_name)),
            html: None,
        },
        ..Default::default()
    }
    .render();
    let title = if page.has_errors {
        format!("Error: {}", page.title)
    } else {
        page.title.to_string()
    };
    let stylesheet = state
        .assets()
        .stylesheet_href()
        .map(|href| format!("<link rel=\"stylesheet\" href=\"{href}\">"))
        .unwrap_or_default();
    let script = state
        .assets()
        .script_href()
        .map(|href| format!("<script type=\"module\" src=\"{href}\"></script>"))
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\"><head><meta charset=\"utf-8\">\
         <title>{title} – {service} – {council}</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\
         <meta name=\"theme-color\" content=\"#0b0c0c\">{stylesheet}</head>\
         <body class=\"govuk-template__body\">{skip}<header class=\"govuk-template__header\">{header}{navigation}\
         <div class=\"govuk-width-container\">{banner}{sign_out}</div></header>\
         <div class=\"govuk-width-container\">\
         <main class=\"govuk-main-wrapper\" id=\"main-content\">{body}</main></div>\
         <footer class=\"govuk-template__footer\">{footer}</footer>{script}</body></html>",
        title = escape(&title),
        service = SERVICE_NAME,
        council = escape(&config.council_name),
        body = page.body,
    )
}

/// The navigation a person sees follows their role: what they can open, and nothing else.
fn navigation_for(actor: Option<&Actor>, path: &str) -> Vec<ServiceNavigationItem> {
    let Some(actor) = actor else {
        return Vec::new();
    };
    let mut items = vec![("Home", "/dashboard")];
    match &actor.kind {
        ActorKind::Staff { .. } => {
            use app::policy::{Action, permits};
            if permits(actor, Action::SearchChildren) {
                items.push(("Children and young people", "/children"));
            }
            if permits(actor, Action::ReadWorkTray) {
                items.push(("Your cases", "/casework"));
            }
            if permits(actor, Action::ReadSchoolPupils) {
                items.push(("Your pupils", "/school"));
                items.push(("Top-up funding", "/school/topup"));
            }
            if permits(actor, Action::ReadAdviceInbox) {
                items.push(("Advice requests", "/advice"));
            }
            if permits(actor, Action::ReadCaseload) {
                items.push(("Caseloads", "/casework/caseloads"));
            }
            if permits(actor, Action::ReadPanels) {
                items.push(("Panels", "/panels"));
            }
            if permits(actor, Action::ReadAwaitingPlacement) {
                items.push(("Awaiting placement", "/placements/awaiting"));
            }
            if permits(actor, Action::ReadTopUpApplications) {
                items.push(("Top-up applications", "/topup"));
            }
            if permits(actor, Action::ReadCommittedCost) {
                items.push(("Committed cost", "/finance/committed"));
            }
            if permits(actor, Action::ReadBudget) {
                items.push(("Budget", "/finance/budget"));
            }
            if permits(actor, Action::ReadForecast) {
                items.push(("Forecast", "/finance/forecast"));
                items.push(("DSG management plan", "/finance/dsg-plan"));
                items.push(("Mitigations and scenarios", "/finance/scenarios"));
                items.push(("Sensitivity analysis", "/finance/sensitivity"));
            }
            if permits(actor, Action::ReadBacktest) {
                items.push(("Forecast backtest", "/finance/backtest"));
            }
            if permits(actor, Action::ReadPayments { setting_id: None }) {
                items.push(("Payments", "/finance/payments"));
            }
            if permits(actor, Action::ReadForums) {
                items.push(("Forums", "/governance"));
            }
            if permits(actor, Action::ReadActionPlans) {
                items.push(("Action plans", "/governance/plans"));
            }
            if permits(actor, Action::ReadCouncilSummary) {
                items.push(("EHC timeliness", "/dashboard/ehc"));
            }
        }
        ActorKind::Family { .. } => items[0].0 = "Your children",
        ActorKind::Operator | ActorKind::Anonymous => {}
    }
    if app::policy::permits(actor, app::policy::Action::ReadOwnNotifications) {
        items.push(("Notifications", "/notifications"));
    }
    // Home is only its own page; other sections include their sub-pages, and the most
    // specific section a page falls in is the one marked.
    let contains = |href: &str| {
        path == href || (href != "/dashboard" && path.starts_with(&format!("{href}/")))
    };
    let current = items
        .iter()
        .map(|(_, href)| *href)
        .filter(|href| contains(href))
        .max_by_key(|href| href.len());
    items
        .into_iter()
        .map(|(text, href)| ServiceNavigationItem {
            text: Some(text.into()),
            href: Some(href.into()),
            active: current == Some(href),
            ..Default::default()
        })
        .collect()
}
