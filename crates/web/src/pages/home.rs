//! The start page, each role's home page, and the accessibility and cookies pages.

use app::{ActorKind, councils};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use domain::Role;

use crate::html::{escape, summary_list};
use crate::layout::{Page, render};
use crate::pages::errors;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

pub async fn start(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = session::current(&state, &headers, &from).await;
    let body = format!(
        "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\
         <h1 class=\"govuk-heading-xl\">Manage SEND and high needs</h1>\
         <p class=\"govuk-body-l\">{} uses this service for education, health and care (EHC) needs assessments and plans, \
         top-up funding and the high needs budget.</p>\
         <p class=\"govuk-body\">Use it to:</p><ul class=\"govuk-list govuk-list--bullet\">\
         <li>see where a request or plan has got to, and what happens next</li>\
         <li>add views and advice, and comment on a draft plan</li>\
         <li>manage casework, panels and funding if you work for the council</li></ul>\
         <a href=\"{}\" role=\"button\" draggable=\"false\" class=\"govuk-button govuk-button--start\" data-module=\"govuk-button\">\
         {}<svg class=\"govuk-button__start-icon\" xmlns=\"http://www.w3.org/2000/svg\" width=\"17.5\" height=\"19\" viewBox=\"0 0 33 40\" aria-hidden=\"true\" focusable=\"false\">\
         <path fill=\"currentColor\" d=\"M0 0h13l20 20-20 20H0l20-20z\"/></svg></a>\
         <h2 class=\"govuk-heading-m\">Parents, carers and young people</h2>\
         <p class=\"govuk-body\">You do not need an account to \
         <a class=\"govuk-link\" href=\"/request-an-assessment\">ask for an EHC needs assessment</a>.</p>\
         <h2 class=\"govuk-heading-m\">Schools Forum</h2>\
         <p class=\"govuk-body\">Read the <a class=\"govuk-link\" href=\"/forums\">agendas, papers and minutes</a> \
         of the Schools Forum and the council's other forums.</p>\
         </div></div>",
        escape(&state.config().council_name),
        if current.is_some() {
            "/dashboard"
        } else {
            "/sign-in"
        },
        if current.is_some() {
            "Continue"
        } else {
            "Start now"
        },
    );
    let page = Page {
        title: "Manage SEND and high needs",
        actor: current.as_ref().map(|c| &c.actor),
        path: "/",
        csrf_token: current.as_ref().map(|c| c.csrf_token.as_str()),
        body,
        has_errors: false,
    };
    Html(render(&state, page)).into_response()
}

/// Each role's home page. Later work fills these; today they say what the person can do.
pub async fn dashboard(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/dashboard").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let actor = &current.actor;
    let body = match &actor.kind {
        ActorKind::Family { role, .. } => {
            let today = chrono::Local::now().date_naive();
            let cards: String = match app::portal::family_overview(state.store(), actor, today)
                .await
            {
                Ok(children) if children.is_empty() => {
                    "<p class=\"govuk-body\">No records are linked to your account yet. If you have \
                     asked the SEND team for help before, contact them to link your child's record.</p>"
                        .into()
                }
                Ok(children) => children.iter().map(super::portal::child_card).collect(),
                Err(e) => return errors::for_app_error(&state, &e),
            };
            let heading = if *role == Role::YoungPerson {
                "Your record"
            } else {
                "Your children"
            };
            let ask = if *role == Role::YoungPerson {
                String::new()
            } else {
                "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/request-an-assessment/form\">\
                 Ask for an EHC needs assessment for a child</a></p>"
                    .to_string()
            };
            format!("<h1 class=\"govuk-heading-l\">{heading}</h1>{cards}{ask}")
        }
        ActorKind::Staff { roles, .. } => {
            let summary = match councils::council_summary(state.store(), actor).await {
                Ok(s) => summary_list(&[
                    ("Children and young people", s.counts.children.to_string()),
                    (
                        "Requests for assessment (all time)",
                        s.counts.requests.to_string(),
                    ),
                    ("EHC plans (all time)", s.counts.plans.to_string()),
                    ("Settings", s.counts.settings.to_string()),
                ]),
                Err(e) => return errors::for_app_error(&state, &e),
            };
            let role_names: Vec<&str> = roles.iter().map(|r| r.label()).collect();
            let search = if app::policy::permits(actor, app::policy::Action::SearchChildren) {
                "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children\">Find a child or young person</a></p>"
            } else {
                ""
            };
            let work: String = [
                (
                    app::policy::Action::ReadWorkTray,
                    "/casework",
                    "Your cases by next deadline",
                ),
                (
                    app::policy::Action::ReadCaseload,
                    "/casework/caseloads",
                    "Caseloads and outstanding advice",
                ),
                (app::policy::Action::ReadPanels, "/panels", "Panels"),
                (
                    app::policy::Action::ReadCouncilSummary,
                    "/dashboard/ehc",
                    "Timeliness of EHC needs assessments and plans",
                ),
            ]
            .iter()
            .filter(|(action, _, _)| app::policy::permits(actor, *action))
            .map(|(_, href, text)| {
                format!(
                    "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"{href}\">{text}</a></p>"
                )
            })
            .collect();
            let audit = if app::policy::permits(actor, app::policy::Action::ReadAuditLog) {
                "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/audit-log.csv\" download>Download the audit log (CSV)</a></p>"
            } else {
                ""
            };
            format!(
                "<h1 class=\"govuk-heading-l\">Home</h1><p class=\"govuk-body\">Signed in as {}.</p>\
                 <h2 class=\"govuk-heading-m\">{}</h2>{summary}{search}{work}{audit}",
                escape(&role_names.join(", ")),
                escape(&state.config().council_name)
            )
        }
        ActorKind::Operator | ActorKind::Anonymous => return errors::forbidden(&state),
    };
    let everywhere = format!(
        "<form method=\"post\" action=\"/sign-out-everywhere\"><input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
         <button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Sign out on every device</button></form>",
        escape(&current.csrf_token)
    );
    let page = Page {
        title: "Home",
        actor: Some(actor),
        path: "/dashboard",
        csrf_token: Some(&current.csrf_token),
        body: body + &everywhere,
        has_errors: false,
    };
    Html(render(&state, page)).into_response()
}

pub async fn accessibility(State(state): State<AppState>) -> Response {
    static_page(
        &state,
        "Accessibility statement",
        "<h1 class=\"govuk-heading-l\">Accessibility statement</h1>\
         <p class=\"govuk-body\">This service is built to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA, \
         using the GOV.UK Design System. Every page works without JavaScript, and is tested with automated accessibility checks.</p>\
         <h2 class=\"govuk-heading-m\">Reporting a problem</h2>\
         <p class=\"govuk-body\">If you find a part of the service you cannot use, contact the council's SEND team. \
         We will reply within 5 working days.</p>\
         <h2 class=\"govuk-heading-m\">Enforcement</h2>\
         <p class=\"govuk-body\">The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies \
         (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.</p>",
    )
}

pub async fn cookies(State(state): State<AppState>) -> Response {
    static_page(
        &state,
        "Cookies",
        "<h1 class=\"govuk-heading-l\">Cookies</h1>\
         <p class=\"govuk-body\">This service puts two small files (cookies) on your device. Both are essential, so we do not ask for consent.</p>\
         <table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Essential cookies</caption>\
         <thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Name</th>\
         <th scope=\"col\" class=\"govuk-table__header\">Purpose</th><th scope=\"col\" class=\"govuk-table__header\">Expires</th></tr></thead>\
         <tbody class=\"govuk-table__body\">\
         <tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">highneeds_session</td><td class=\"govuk-table__cell\">Keeps you signed in</td>\
         <td class=\"govuk-table__cell\">When you close your browser, after 30 minutes without use, or after 12 hours</td></tr>\
         <tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">highneeds_form</td><td class=\"govuk-table__cell\">Protects the sign-in form from forgery</td>\
         <td class=\"govuk-table__cell\">When you sign in or close your browser</td></tr></tbody></table>\
         <p class=\"govuk-body\">We do not use analytics or advertising cookies.</p>",
    )
}

fn static_page(state: &AppState, title: &str, body: &str) -> Response {
    let page = Page {
        title,
        actor: None,
        path: "",
        csrf_token: None,
        body: body.into(),
        has_errors: false,
    };
    Html(render(state, page)).into_response()
}
