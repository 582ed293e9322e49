//! The public pages of the council's forums, open without signing in (governance.md,
//! "Openness": agendas, papers and minutes are published). Only what the clerk has published is
//! shown: meetings whose agenda is published, papers not marked confidential, and minutes once
//! approved; `app::governance::publishing` decides what that is. No forum record concerns a
//! child, and these pages hold no form and set no cookie.

use app::Actor;
use app::governance::papers::download_paper;
use app::governance::publishing::{PublicMeeting, item_kind_label, public_forums, public_meeting};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};

use super::governance::day;
use super::governance_meeting::outcome_paragraph;
use crate::html::{escape, summary_list, table};
use crate::layout::{Page, render};
use crate::pages::documents::attachment;
use crate::pages::errors;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

fn public_page(state: &AppState, title: &str, body: String) -> Response {
    Html(render(
        state,
        Page {
            title,
            actor: None,
            path: "/forums",
            csrf_token: None,
            body,
            has_errors: false,
        },
    ))
    .into_response()
}

fn anyone(state: &AppState, from: &str) -> Actor {
    Actor::anonymous(state.config().la, from)
}

/// Every forum with its published meetings.
pub async fn list(State(state): State<AppState>, ClientAddr(from): ClientAddr) -> Response {
    let forums = match public_forums(state.store(), &anyone(&state, &from)).await {
        Ok(f) => f,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let sections: String = forums
        .iter()
        .map(|f| {
            let meetings: String = f
                .meetings
                .iter()
                .map(|m| {
                    format!(
                        "<li><a class=\"govuk-link\" href=\"/forums/meetings/{}\">{}</a>{}</li>",
                        m.meeting_id,
                        day(m.held_on),
                        if m.minutes_approved_at.is_some() {
                            ": agenda, papers and minutes"
                        } else {
                            ": agenda and papers"
                        }
                    )
                })
                .collect();
            let meetings = if meetings.is_empty() {
                "<p class=\"govuk-body\">No meetings published yet.</p>".to_string()
            } else {
                format!("<ul class=\"govuk-list\">{meetings}</ul>")
            };
            format!(
                "<h2 class=\"govuk-heading-m\">{}</h2>{meetings}",
                escape(&f.forum.name)
            )
        })
        .collect();
    let body = format!(
        "<h1 class=\"govuk-heading-l\">Forums: agendas, papers and minutes</h1>\
         <p class=\"govuk-body\">Meetings of the council's Schools Forum and other forums are public. \
         Minutes are published once the forum has approved them at its next meeting.</p>{sections}"
    );
    public_page(&state, "Forums: agendas, papers and minutes", body)
}

/// One published meeting: agenda, papers, and the minutes once approved.
pub async fn meeting(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    Path(meeting_id): Path<String>,
) -> Response {
    let Ok(meeting_id) = meeting_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let m = match public_meeting(state.store(), &anyone(&state, &from), meeting_id).await {
        Ok(m) => m,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let title = format!("{}, {}", m.forum.name, day(m.held_on));
    let body = format!(
        "<a class=\"govuk-back-link\" href=\"/forums\">Forums</a><span class=\"govuk-caption-l\">Meeting</span>\
         <h1 class=\"govuk-heading-l\">{}</h1>{}<h2 class=\"govuk-heading-m\">Agenda</h2>{}{}",
        escape(&title),
        summary_list(&[
            ("Date", day(m.held_on)),
            ("Venue", m.venue.clone().unwrap_or_default())
        ]),
        agenda(&m),
        minutes(&m)
    );
    public_page(&state, &title, body)
}

fn agenda(m: &PublicMeeting) -> String {
    m.items
        .iter()
        .map(|(item, papers)| {
            let papers: String = papers
                .iter()
                .map(|p| {
                    format!(
                        "<li><a class=\"govuk-link\" href=\"/forums/papers/{}\">{}</a></li>",
                        p.paper_id,
                        escape(&p.title)
                    )
                })
                .collect();
            let papers = if papers.is_empty() {
                String::new()
            } else {
                format!("<ul class=\"govuk-list\">{papers}</ul>")
            };
            let decided = outcome_paragraph(item);
            let response = item
                .response
                .as_deref()
                .map(|r| format!("<p class=\"govuk-body\">The forum's response: {}</p>", escape(r)))
                .unwrap_or_default();
            format!(
                "<h3 class=\"govuk-heading-s\">{}. {} ({})</h3><p class=\"govuk-body\">{}</p>{}{papers}{decided}{response}",
                item.position,
                escape(&item.title),
                escape(item_kind_label(&item.kind)),
                escape(item.summary.as_deref().unwrap_or("")),
                item.motion
                    .as_deref()
                    .map(|t| format!("<p class=\"govuk-body\">Motion: {}</p>", escape(t)))
                    .unwrap_or_default(),
            )
        })
        .collect()
}

fn minutes(m: &PublicMeeting) -> String {
    let Some(minutes) = &m.minutes else {
        return "<h2 class=\"govuk-heading-m\">Minutes</h2>\
                <p class=\"govuk-body\">The minutes are published once the forum approves them at its next meeting.</p>"
            .into();
    };
    let attendance: Vec<Vec<String>> = minutes
        .attendance
        .iter()
        .map(|(who, seat, how)| vec![escape(who), escape(seat), escape(how)])
        .collect();
    let actions: Vec<Vec<String>> = minutes
        .actions
        .iter()
        .map(|a| {
            vec![
                escape(&a.description),
                escape(app::governance::owner_label(a)),
                a.due_on.map(day).unwrap_or_default(),
            ]
        })
        .collect();
    let paragraphs: String = minutes
        .text
        .split("\n\n")
        .map(|p| format!("<p class=\"govuk-body\">{}</p>", escape(p.trim())))
        .collect();
    format!(
        "<h2 class=\"govuk-heading-m\" id=\"minutes\">Minutes</h2><p class=\"govuk-body-s\">Approved {}</p>{paragraphs}{}{}",
        minutes.approved_on.map(day).unwrap_or_default(),
        table("Attendance", &["Member", "Seat", "Attendance"], &attendance),
        table("Actions agreed", &["Action", "Owner", "Due"], &actions)
    )
}

/// A paper: published ones for anyone; unpublished ones only for staff who may read forums.
pub async fn paper(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(paper_id): Path<String>,
) -> Response {
    let Ok(paper_id) = paper_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    // Signing in is not needed, but the clerk opening a paper before it is published is.
    let actor = match session::current(&state, &headers, &from).await {
        Some(current) => current.actor,
        None => anyone(&state, &from),
    };
    match download_paper(state.store(), state.documents(), &actor, paper_id).await {
        Ok(d) => attachment(d),
        Err(e) => errors::for_app_error(&state, &e),
    }
}
