//! The SENCO's pages: `/school`, the school's pupils with an EHC case and the annual review
//! tray (soonest review first), and `/school/pupils/{id}`, where the school arranges a review
//! meeting and records sending its report. Who may see which pupil is the policy's decision
//! (`app::portal::school`).

use app::portal::long_date;
use app::portal::school::{
    REPORT_DAYS, SchoolPupil, arrange_review, report_sent, school_pupil, school_pupils,
};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Local, Utc};
use domain::clock::DeadlineState;
use govuk::{Component, ErrorMessage, Label, Textarea};

use crate::html::{button, error_summary, escape, form, summary_list, table};
use crate::pages::errors;
use crate::pages::form_support::{
    Problems, Typed, date_input, field_errors, signed_in, signed_in_page,
};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

fn respond(
    state: &AppState,
    current: &app::auth::CurrentSession,
    title: &str,
    body: String,
    has_errors: bool,
) -> Response {
    signed_in_page(state, current, "/school", title, body, has_errors)
}

fn review_cell(p: &SchoolPupil) -> String {
    let Some((due, state)) = p.review_due else {
        return "No review due".into();
    };
    let (text, colour) = match state {
        DeadlineState::Overdue => ("Overdue", "red"),
        DeadlineState::DueSoon => ("Due soon", "yellow"),
        _ => ("Not yet due", "grey"),
    };
    format!(
        "{} <strong class=\"govuk-tag govuk-tag--{colour}\">{text}</strong>",
        long_date(due)
    )
}

fn arranged_cell(p: &SchoolPupil) -> String {
    match (&p.arrangement, p.report_due()) {
        (Some(a), _) if a.report_sent_on.is_some() => format!(
            "Meeting on {}; report sent on {}",
            long_date(a.meeting_on),
            a.report_sent_on.map(long_date).unwrap_or_default()
        ),
        (Some(a), Some(report_due)) => format!(
            "Meeting on {}; report due by {}",
            long_date(a.meeting_on),
            long_date(report_due)
        ),
        _ => "Not arranged".into(),
    }
}

/// `/school`: the pupils and their reviews.
pub async fn pupils(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/school").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let today = Local::now().date_naive();
    let pupils = match school_pupils(state.store(), &current.actor, today).await {
        Ok(p) => p,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let rows: Vec<Vec<String>> = pupils
        .iter()
        .map(|p| {
            vec![
                format!(
                    "<a class=\"govuk-link\" href=\"/school/pupils/{}\">{} {}</a>",
                    p.row.child_id,
                    escape(&p.row.forename),
                    escape(&p.row.surname)
                ),
                escape(&p.row.setting),
                escape(p.stage.map_or("", |s| s.label())),
                review_cell(p),
                escape(&arranged_cell(p)),
            ]
        })
        .collect();
    let list = if rows.is_empty() {
        "<p class=\"govuk-body\">None of your pupils has an EHC plan or a request for one.</p>"
            .to_string()
    } else {
        table(
            "Pupils with an EHC plan or a request for one",
            &[
                "Pupil",
                "Setting",
                "Stage",
                "Next annual review",
                "Arranged",
            ],
            &rows,
        )
    };
    let body = format!(
        "<h1 class=\"govuk-heading-l\">Your pupils and their reviews</h1>\
         <p class=\"govuk-body\">Each plan is reviewed at least every 12 months. Invite the family, \
         the young person and the professionals at least 2 weeks before the meeting, and send your \
         report to the council within {REPORT_DAYS} days after it (SEND Regulations 2014, regulation 20).</p>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/school/request\">Ask for an EHC needs \
         assessment for a pupil</a></p>{list}"
    );
    respond(
        &state,
        &current,
        "Your pupils and their reviews",
        body,
        false,
    )
}

async fn pupil_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    child_id: i64,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let today = Local::now().date_naive();
    let pupil = match school_pupil(state.store(), &current.actor, child_id, today).await {
        Ok(p) => p,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let name = format!("{} {}", pupil.row.forename, pupil.row.surname);
    let details = summary_list(&[
        ("Setting", pupil.row.setting.clone()),
        ("Stage", pupil.stage.map_or("", |s| s.label()).to_string()),
        (
            "Next annual review",
            pupil
                .review_due
                .map_or_else(|| "No review due".into(), |(d, _)| long_date(d)),
        ),
        ("Arranged", arranged_cell(&pupil)),
    ]);
    let invited_value = if typed.0.is_empty() {
        pupil
            .arrangement
            .as_ref()
            .map_or_else(String::new, |a| a.invited.clone())
    } else {
        typed.get("invited").to_string()
    };
    let arrange = if pupil.plan_id.is_some() {
        let inputs = format!(
            "{}{}{}",
            date_input(
                "meeting_on",
                "Date of the review meeting",
                "For example, 27 3 2027",
                typed,
                problems
            ),
            Textarea {
                id: Some("invited".into()),
                name: Some("invited".into()),
                value: Some(invited_value),
                rows: Some("3".into()),
                label: Some(Label {
                    text: Some("Who you have invited".into()),
                    classes: Some("govuk-label--s".into()),
                    ..Default::default()
                }),
                error_message: problems.iter().find(|(f, _)| f == "invited").map(|(_, m)| {
                    ErrorMessage {
                        text: Some(m.clone()),
                        ..Default::default()
                    }
                }),
                ..Default::default()
            }
            .render(),
            button("Save the review meeting"),
        );
        format!(
            "<h2 class=\"govuk-heading-m\">Arrange the review meeting</h2>{}",
            form(
                &format!("/school/pupils/{child_id}/review"),
                &current.csrf_token,
                &inputs
            )
        )
    } else {
        String::new()
    };
    let report = if pupil.arrangement.is_some() {
        format!(
            "<h2 class=\"govuk-heading-m\">Send the review report</h2>\
             <p class=\"govuk-body\">Upload the report on the <a class=\"govuk-link\" href=\"/children/{child_id}/documents\">pupil's documents page</a>, then record the day you sent it.</p>{}",
            form(
                &format!("/school/pupils/{child_id}/report"),
                &current.csrf_token,
                &format!(
                    "{}{}",
                    date_input(
                        "sent_on",
                        "Date the report was sent",
                        "For example, 10 4 2027",
                        typed,
                        problems
                    ),
                    button("Record the report as sent")
                )
            )
        )
    } else {
        String::new()
    };
    let body = format!(
        "{errors}<a href=\"/school\" class=\"govuk-back-link\">Back to your pupils</a>\
         <h1 class=\"govuk-heading-l\">{name}</h1>{details}{arrange}{report}",
        errors = error_summary(problems),
        name = escape(&name),
    );
    respond(state, current, &name, body, !problems.is_empty())
}

/// `/school/pupils/{id}`.
pub async fn pupil(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
) -> Response {
    let path = format!("/school/pupils/{child_id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(child_id) = child_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    pupil_page(&state, &current, child_id, &Typed::default(), &Vec::new()).await
}

/// Posts to `/school/pupils/{id}/review` and `/school/pupils/{id}/report`.
pub async fn post(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((child_id, what)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/school/pupils/{child_id}");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(child_id) = child_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let done = match what.as_str() {
        "review" => {
            arrange_review(
                state.store(),
                &current.actor,
                child_id,
                &typed.date("meeting_on"),
                typed.get("invited"),
                Utc::now(),
            )
            .await
        }
        "report" => {
            report_sent(
                state.store(),
                &current.actor,
                child_id,
                &typed.date("sent_on"),
                Utc::now(),
            )
            .await
        }
        _ => return errors::not_found(&state),
    };
    let first = if what == "review" {
        "meeting_on-day"
    } else {
        "sent_on-day"
    };
    match done {
        Ok(()) => Redirect::to(&path).into_response(),
        Err(e) => match field_errors(e, |f| match f {
            "" => first.into(),
            "meeting_on" | "sent_on" => format!("{f}-day"),
            other => other.into(),
        }) {
            Ok(problems) => pupil_page(&state, &current, child_id, &typed, &problems).await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}
