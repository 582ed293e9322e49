//! Decision panels: the list of meetings and a form to set one up, each meeting with its
//! members and the cases listed, a form to list a case, and a decision with reasons for each
//! case. Every form posts with its CSRF token; bad input comes back with a GOV.UK error summary.
//! Who may do what is the policy's decision (`app::casework::panels`).

use app::casework::panels::{self as use_case, PanelMeeting, meeting, meetings, panel_label};
use app::{AppError, policy};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Local;
use serde::Deserialize;

use crate::html::{button, error_summary, escape, form, summary_list, table, text_input};
use crate::layout::{Page, render};
use crate::pages::errors;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

mod forms;

use forms::{
    Listed, Problems, Typed, case_item, error_for, field_errors, list_from_case_form,
    new_meeting_form, textarea,
};

use crate::pages::form_support::signed_in;

fn page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    title: &str,
    body: String,
    has_errors: bool,
) -> Response {
    Html(render(
        state,
        Page {
            title,
            actor: Some(&current.actor),
            path: "/panels",
            csrf_token: Some(&current.csrf_token),
            body,
            has_errors,
        },
    ))
    .into_response()
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    child: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/panels").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let child = q
        .child
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    let typed = Typed(
        child
            .map(|c| vec![("child_id".into(), c)])
            .unwrap_or_default(),
    );
    list_page(&state, &current, &typed, &Vec::new()).await
}

async fn list_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let actor = &current.actor;
    let all = match meetings(state.store(), actor).await {
        Ok(m) => m,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|m| {
            vec![
                format!(
                    "<a class=\"govuk-link\" href=\"/panels/{}\">{}</a>",
                    m.meeting_id,
                    m.held_on.format("%-d %B %Y")
                ),
                escape(panel_label(&m.panel)),
            ]
        })
        .collect();
    let listed = if rows.is_empty() {
        "<p class=\"govuk-body\">No panel meetings have been set up.</p>".to_string()
    } else {
        table("Panel meetings, latest first", &["Date", "Panel"], &rows)
    };
    let mut forms = String::new();
    if policy::permits(actor, policy::Action::RunPanels) {
        let today = Local::now().date_naive();
        if !typed.get("child_id").is_empty() {
            let upcoming: Vec<(String, String)> = all
                .iter()
                .filter(|m| m.held_on >= today)
                .rev()
                .map(|m| {
                    (
                        m.meeting_id.to_string(),
                        format!(
                            "{}, {}",
                            m.held_on.format("%-d %B %Y"),
                            panel_label(&m.panel)
                        ),
                    )
                })
                .collect();
            forms.push_str(&list_from_case_form(
                &current.csrf_token,
                typed,
                &upcoming,
                problems,
            ));
        }
        let staff = match use_case::panel_staff(state.store(), actor).await {
            Ok(s) => s,
            Err(e) => return errors::for_app_error(state, &e),
        };
        forms.push_str(&new_meeting_form(
            &current.csrf_token,
            typed,
            &staff,
            problems,
        ));
    }
    let body = format!(
        "{}<h1 class=\"govuk-heading-l\">Panels</h1>{listed}{forms}",
        error_summary(problems)
    );
    page(state, current, "Panels", body, !problems.is_empty())
}

pub async fn create(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let current = match signed_in(&state, &headers, &from, "/panels", &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let mut problems = Problems::new();
    let chair = match typed.get("chair").trim() {
        "" => None,
        text => text.parse::<i64>().map_or_else(
            |_| {
                problems.push(("chair".into(), "Select the chair from the list".into()));
                None
            },
            Some,
        ),
    };
    let members: Vec<i64> = typed
        .all("members")
        .iter()
        .filter_map(|m| m.trim().parse().ok())
        .collect();
    let parts =
        ["day", "month", "year"].map(|p| typed.get(&format!("held_on-{p}")).trim().to_string());
    let held_on = if parts.iter().all(String::is_empty) {
        String::new()
    } else {
        format!("{:0>4}-{:0>2}-{:0>2}", parts[2], parts[1], parts[0])
    };
    if problems.is_empty() {
        let created = use_case::create_meeting(
            state.store(),
            &current.actor,
            typed.get("panel"),
            &held_on,
            chair,
            &members,
        )
        .await;
        match created {
            Ok(id) => return Redirect::to(&format!("/panels/{id}")).into_response(),
            Err(e) => match field_errors(e, |f| match f {
                "held_on" => "held_on-day".into(),
                "" => "panel".into(),
                other => other.into(),
            }) {
                Ok(found) => problems = found,
                Err(e) => return errors::for_app_error(&state, &e),
            },
        }
    }
    list_page(&state, &current, &typed, &problems).await
}

/// Lists a case at the meeting chosen in the form on `/panels?child=…`.
pub async fn list_from_case(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let current = match signed_in(&state, &headers, &from, "/panels/items", &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(meeting_id) = typed.get("meeting").trim().parse::<i64>() else {
        let problems = vec![("meeting".into(), "Select the meeting".into())];
        return list_page(&state, &current, &typed, &problems).await;
    };
    match list_a_case(&state, &current, meeting_id, &typed).await {
        Ok(response) => response,
        Err(problems) => list_page(&state, &current, &typed, &problems).await,
    }
}

/// Lists a case at this meeting.
pub async fn list_item(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(meeting_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/panels/{meeting_id}/items");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(meeting_id) = meeting_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    match list_a_case(&state, &current, meeting_id, &typed).await {
        Ok(response) => response,
        Err(problems) => meeting_page(&state, &current, meeting_id, &typed, &problems).await,
    }
}

/// Lists the typed child at the meeting: the response, or the problems to show.
async fn list_a_case(
    state: &AppState,
    current: &app::auth::CurrentSession,
    meeting_id: i64,
    typed: &Typed,
) -> Result<Response, Problems> {
    let Ok(child_id) = typed.get("child_id").trim().parse::<i64>() else {
        return Err(vec![(
            "child_id".into(),
            "Enter the child's ID, a number such as 1042".into(),
        )]);
    };
    let listed = use_case::list_case(
        state.store(),
        &current.actor,
        meeting_id,
        child_id,
        typed.get("question"),
    )
    .await;
    match listed {
        Ok(_) => Ok(Redirect::to(&format!("/panels/{meeting_id}")).into_response()),
        Err(AppError::NotFound(what)) if what.starts_with("child") => Err(vec![(
            "child_id".into(),
            format!("No child or young person has ID {child_id}"),
        )]),
        Err(e) => match field_errors(e, |f| {
            if f.is_empty() {
                "question".into()
            } else {
                f.into()
            }
        }) {
            Ok(problems) => Err(problems),
            Err(e) => Ok(errors::for_app_error(state, &e)),
        },
    }
}

/// Records the panel's decision on one listed case.
pub async fn decide(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((meeting_id, item_id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/panels/{meeting_id}/items/{item_id}/decision");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (Ok(meeting_id), Ok(item_id)) = (meeting_id.parse::<i64>(), item_id.parse::<i64>()) else {
        return errors::not_found(&state);
    };
    let decided = use_case::decide_item(
        state.store(),
        &current.actor,
        item_id,
        typed.get("decision"),
        typed.get("reasons"),
    )
    .await;
    let problems = match decided {
        Ok(()) => {
            return Redirect::to(&format!("/panels/{meeting_id}#item-{item_id}")).into_response();
        }
        Err(e) => match field_errors(e, |f| match f {
            "reasons" => format!("reasons-{item_id}"),
            _ => format!("decision-{item_id}"),
        }) {
            Ok(problems) => problems,
            Err(e) => return errors::for_app_error(&state, &e),
        },
    };
    let typed = Typed(
        typed
            .0
            .into_iter()
            .map(|(k, v)| (format!("{k}-{item_id}"), v))
            .collect(),
    );
    meeting_page(&state, &current, meeting_id, &typed, &problems).await
}

pub async fn show(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(meeting_id): Path<String>,
) -> Response {
    let path = format!("/panels/{meeting_id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(meeting_id) = meeting_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    meeting_page(&state, &current, meeting_id, &Typed::default(), &Vec::new()).await
}

async fn meeting_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    meeting_id: i64,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let actor = &current.actor;
    let PanelMeeting {
        meeting: m,
        members,
        items,
    } = match meeting(state.store(), actor, meeting_id).await {
        Ok(m) => m,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let name_of = |id: i64| {
        members
            .iter()
            .find(|(m, _)| *m == id)
            .map(|(_, n)| n.clone())
    };
    let summary = summary_list(&[
        ("Panel", panel_label(&m.panel).to_string()),
        ("Date", m.held_on.format("%-d %B %Y").to_string()),
        (
            "Chair",
            m.chair_staff_id
                .and_then(name_of)
                .unwrap_or_else(|| "Not recorded".into()),
        ),
        (
            "Members",
            if members.is_empty() {
                "None recorded".into()
            } else {
                members
                    .iter()
                    .map(|(_, n)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
    ]);
    let runs = policy::permits(actor, policy::Action::RunPanels);
    let decides = app::casework::panels::may_decide(actor, &members);
    let cases: String = if items.is_empty() {
        "<p class=\"govuk-body\">No cases are listed yet.</p>".into()
    } else {
        items
            .iter()
            .map(|(item, child)| {
                let listed = Listed {
                    id: item.item_id,
                    child_id: item.child_id,
                    child,
                    question: &item.question,
                    decision: item.decision.as_deref(),
                    reasons: item.reasons.as_deref(),
                };
                case_item(
                    &current.csrf_token,
                    meeting_id,
                    &listed,
                    decides,
                    typed,
                    problems,
                )
            })
            .collect()
    };
    let awaiting = if runs && m.panel == app::casework::panels::AWAITING_PLACEMENT_PANEL {
        form(
            &format!("/panels/{meeting_id}/awaiting"),
            &current.csrf_token,
            &button("List every child awaiting a place"),
        )
    } else {
        String::new()
    };
    let listing = if runs {
        format!(
            "{awaiting}<h2 class=\"govuk-heading-m\">List a case</h2>{}",
            form(
                &format!("/panels/{meeting_id}/items"),
                &current.csrf_token,
                &format!(
                    "{}{}{}",
                    text_input(
                        "child_id",
                        "Child's ID",
                        typed.get("child_id"),
                        Some("The number on the child's record, for example 1042"),
                        error_for(problems, "child_id")
                            .and_then(|e| e.text)
                            .as_deref(),
                        Some("off"),
                    ),
                    textarea(
                        "question",
                        "question",
                        "What is the panel asked to decide?",
                        typed.get("question"),
                        problems
                    ),
                    button("List the case"),
                )
            )
        )
    } else {
        String::new()
    };
    let title = format!(
        "{}, {}",
        panel_label(&m.panel),
        m.held_on.format("%-d %B %Y")
    );
    let body = format!(
        "{}<a class=\"govuk-back-link\" href=\"/panels\">Panels</a><span class=\"govuk-caption-l\">Panel meeting</span>\
         <h1 class=\"govuk-heading-l\">{}</h1>{summary}<h2 class=\"govuk-heading-m\">Cases</h2>{cases}{listing}",
        error_summary(problems),
        escape(&title),
    );
    page(state, current, &title, body, !problems.is_empty())
}
