//! A child's EHC case on one page: the key facts, the statutory clock with every deadline and
//! where it stands, the timeline of everything recorded, and the plan's text by section. Those
//! who may work on cases also see what they can record next; anyone else who may read the
//! child sees the same page without the links. Every figure comes from `app::casework`: no
//! deadline is worked out here.

use app::casework::pages_support::{CasePage, case_page};
use app::policy;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Local, NaiveDate};
use domain::clock::Stage;
use govuk::{Component, NotificationBanner, Tag};
use serde::Deserialize;

use super::case_actions::{ActionForm, CaseAction, next_actions};
use super::{case_history, case_plan};
use crate::html::escape;
use crate::layout::{Page, render};
use crate::pages::errors;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

/// A day as people read it: 5 January 2026.
pub fn day(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

#[derive(Deserialize, Default)]
pub struct CaseQuery {
    /// The action just recorded, for the success banner.
    #[serde(default)]
    done: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
    Query(query): Query<CaseQuery>,
) -> Response {
    let path = format!("/children/{child_id}/case");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(child_id) = child_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let today = Local::now().date_naive();
    let page = match case_page(state.store(), &current.actor, child_id, today).await {
        Ok(p) => p,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let child = &page.view.child;
    let name = format!("{} {}", child.forename, child.surname);
    let banner = query
        .done
        .as_deref()
        .and_then(CaseAction::from_slug)
        .map(|action| {
            NotificationBanner {
                type_: Some("success".into()),
                html: Some(format!(
                    "<h3 class=\"govuk-notification-banner__heading\">{}</h3>",
                    escape(action.done())
                )),
                ..Default::default()
            }
            .render()
        })
        .unwrap_or_default();
    // Links to forms only for those whose role includes casework; the use cases check again.
    let actions = if policy::permits(&current.actor, policy::Action::WorkOnCase) {
        actions_list(&page)
    } else {
        String::new()
    };
    let history = if page.view.clock.is_some() {
        format!(
            "{}{}{}",
            case_history::clock_table(&page),
            case_history::timeline(&page),
            case_plan::plan_section(&page)
        )
    } else {
        format!(
            "<p class=\"govuk-body\">No request for an EHC needs assessment and no plan is recorded for {}.</p>",
            escape(&name)
        )
    };
    let body = format!(
        "{banner}<span class=\"govuk-caption-l\">EHC case</span><h1 class=\"govuk-heading-l\">{}</h1>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/{child_id}\">{}’s record</a></p>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/{child_id}/documents\">Documents</a></p>\
         <div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">{}</div>\
         <div class=\"govuk-grid-column-one-third\">{actions}</div></div>{asked}{advice}{history}",
        escape(&name),
        escape(&name),
        key_facts(&page),
        asked = request_details(&page),
        advice = portal_advice(&page),
    );
    let title = format!("EHC case – {name}");
    Html(render(
        &state,
        Page {
            title: &title,
            actor: Some(&current.actor),
            path: "/children",
            csrf_token: Some(&current.csrf_token),
            body,
            has_errors: false,
        },
    ))
    .into_response()
}

/// One earlier (or the current) version of the plan, in full.
pub async fn version(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((child_id, version_id)): Path<(String, String)>,
) -> Response {
    let path = format!("/children/{child_id}/case/versions/{version_id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (Ok(child_id), Ok(version_id)) = (child_id.parse::<i64>(), version_id.parse::<i64>())
    else {
        return errors::not_found(&state);
    };
    let today = Local::now().date_naive();
    let page = match case_page(state.store(), &current.actor, child_id, today).await {
        Ok(p) => p,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let Some(version) = page
        .view
        .versions
        .iter()
        .find(|v| v.row.version_id == version_id)
    else {
        return errors::not_found(&state);
    };
    let child = &page.view.child;
    let name = format!("{} {}", child.forename, child.surname);
    let heading = format!(
        "Version {}: {}",
        version.row.version_no,
        case_plan::status_label(&version.row.status)
    );
    // Families come here from their progress page; staff from the case.
    let (back, back_text) = if matches!(current.actor.kind, app::ActorKind::Family { .. }) {
        (format!("/children/{child_id}/progress"), "Back to progress")
    } else {
        (format!("/children/{child_id}/case"), "Back to the case")
    };
    let body = format!(
        "{}<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">{}</h1>{}",
        govuk::BackLink {
            href: Some(back),
            text: Some(back_text.into()),
            ..Default::default()
        }
        .render(),
        escape(&name),
        escape(&heading),
        case_plan::version_body(&page, version),
    );
    let title = format!("{heading} – {name}");
    Html(render(
        &state,
        Page {
            title: &title,
            actor: Some(&current.actor),
            path: "/children",
            csrf_token: Some(&current.csrf_token),
            body,
            has_errors: false,
        },
    ))
    .into_response()
}

/// A summary list whose values are already HTML.
pub fn summary_rows(rows: &[(&str, String)]) -> String {
    let rows: String = rows
        .iter()
        .map(|(key, value)| {
            format!(
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{}</dt>\
                 <dd class=\"govuk-summary-list__value\">{value}</dd></div>",
                escape(key)
            )
        })
        .collect();
    format!("<dl class=\"govuk-summary-list\">{rows}</dl>")
}

/// A GOV.UK tag with a colour class.
pub fn tag(text: &str, colour: &str) -> String {
    Tag {
        text: Some(text.into()),
        classes: Some(format!("govuk-tag--{colour}")),
        ..Default::default()
    }
    .render()
}

fn stage_tag(stage: Stage) -> String {
    let colour = match stage {
        Stage::AwaitingDecision => "light-blue",
        Stage::Assessing => "blue",
        Stage::DraftPlan => "purple",
        Stage::PlanInForce => "turquoise",
        Stage::Reviewing => "yellow",
        Stage::Ceasing => "orange",
        Stage::Closed => "grey",
    };
    tag(stage.label(), colour)
}

fn key_facts(page: &CasePage) -> String {
    let view = &page.view;
    let child = &view.child;
    let needs = if child.needs.is_empty() {
        "Not recorded".to_string()
    } else {
        child
            .needs
            .iter()
            .map(|n| n.label())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let stage = view
        .clock
        .as_ref()
        .map_or_else(|| "No case".to_string(), |c| stage_tag(c.stage));
    let next = match view.clock.as_ref().and_then(|c| c.next) {
        Some(d) => format!(
            "{}, due {} {}",
            escape(&d.kind.label()),
            escape(&day(d.due)),
            case_history::state_tag(&d)
        ),
        None => "Nothing owed".into(),
    };
    summary_rows(&[
        (
            "Date of birth",
            escape(&format!("{} (age {})", day(child.birth_date), child.age)),
        ),
        (
            "National curriculum year",
            escape(&child.nc_year.to_string()),
        ),
        ("Needs", escape(&needs)),
        (
            "Current setting",
            escape(child.current_setting.as_deref().unwrap_or("Not recorded")),
        ),
        (
            "Caseworker",
            escape(view.caseworker.as_deref().unwrap_or("Not assigned")),
        ),
        ("Stage", stage),
        ("Next deadline", next),
    ])
}

/// What the person asking wrote, when the request came through the portal.
fn request_details(page: &CasePage) -> String {
    let Some(d) = &page.request_details else {
        return String::new();
    };
    let who = match d.relationship.as_str() {
        "young_person" => "The young person, for themselves",
        "school" => "The school, with the family's agreement",
        _ => "A parent or carer",
    };
    let mut rows = vec![
        ("Asked by", escape(who)),
        ("Sent on", escape(&day(d.submitted_at.date_naive()))),
    ];
    if !d.setting_named.is_empty() {
        rows.push(("School, college or nursery", escape(&d.setting_named)));
    }
    rows.push(("Why they are asking", super::portal::paragraphs(&d.reasons)));
    if !d.support_now.is_empty() {
        rows.push((
            "Help they have now",
            super::portal::paragraphs(&d.support_now),
        ));
    }
    format!(
        "<h2 class=\"govuk-heading-m\">The request, as sent online</h2>{}",
        summary_rows(&rows)
    )
}

/// Advice sent through the portal, each linked to read and share it.
fn portal_advice(page: &CasePage) -> String {
    if page.portal_advice.is_empty() {
        return String::new();
    }
    let rows: Vec<Vec<String>> = page
        .portal_advice
        .iter()
        .map(|s| {
            let service = page
                .view
                .file
                .advice
                .iter()
                .find(|a| a.advice_id == s.advice_id)
                .map_or_else(String::new, |a| {
                    a.service
                        .parse::<domain::clock::AdviceService>()
                        .map_or_else(|_| a.service.clone(), |x| x.label().to_string())
                });
            vec![
                format!(
                    "<a class=\"govuk-link\" href=\"/advice/{}\">{}</a>",
                    s.advice_id,
                    escape(&service)
                ),
                escape(&day(s.submitted_at.date_naive())),
                match s.released_at {
                    Some(at) => tag(&format!("Shared {}", day(at.date_naive())), "green"),
                    None => tag("Not shared yet", "grey"),
                },
            ]
        })
        .collect();
    crate::html::table(
        "Advice sent through the portal",
        &["Advice", "Sent on", "With the family"],
        &rows,
    )
}

fn actions_list(page: &CasePage) -> String {
    let child_id = page.view.child.child_id;
    let links: String = next_actions(page)
        .iter()
        .map(|a| {
            format!(
                "<li><a class=\"govuk-link\" href=\"/children/{child_id}/case/{}\">{}</a></li>",
                a.slug(),
                escape(a.title())
            )
        })
        .collect();
    format!(
        "<h2 class=\"govuk-heading-m\">What you can do next</h2><ul class=\"govuk-list\">{links}</ul>"
    )
}
