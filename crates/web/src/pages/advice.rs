//! The professional portal: `/advice`, the advice one has been asked for with due dates, and
//! `/advice/{id}`, one request with the form to write the advice in sections. Who may open a
//! request is the policy's decision (`app::portal::advice`).

use app::portal::advice::{
    AdviceItem, AdviceRequestView, AdviceText, advice_inbox, advice_request, release_advice,
    shared_advice, submit_advice,
};
use app::portal::long_date;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Local, Utc};
use domain::clock::DeadlineState;
use govuk::{Component, ErrorMessage, Hint, Label, Textarea};

use crate::html::{button, error_summary, escape, form, summary_list, table};
use crate::pages::errors;
use crate::pages::form_support::{Problems, Typed, field_errors, signed_in, signed_in_page};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

const SECTIONS: [(&str, &str, &str); 4] = [
    (
        "needs",
        "The child's needs",
        "What you found, by area of need, and the evidence for it.",
    ),
    (
        "outcomes",
        "Outcomes",
        "What the child should be able to do by the end of the key stage, and in the next year.",
    ),
    (
        "provision",
        "Provision",
        "The support needed to meet each need: what, how often, for how long and by whom.",
    ),
    (
        "other",
        "Anything else",
        "Anything the caseworker should know, such as views you heard from the child and family.",
    ),
];

fn state_tag(item: &AdviceItem) -> String {
    let (text, colour) = match item.state {
        DeadlineState::Overdue => ("Overdue", "red"),
        DeadlineState::DueSoon => ("Due soon", "yellow"),
        DeadlineState::MetOnTime => ("Sent", "green"),
        DeadlineState::MetLate => ("Sent late", "orange"),
        _ => ("Not yet due", "grey"),
    };
    format!("<strong class=\"govuk-tag govuk-tag--{colour}\">{text}</strong>")
}

fn respond(
    state: &AppState,
    current: &app::auth::CurrentSession,
    title: &str,
    body: String,
    has_errors: bool,
) -> Response {
    signed_in_page(state, current, "/advice", title, body, has_errors)
}

/// `/advice`: the inbox, soonest due first among those still owed.
pub async fn inbox(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/advice").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let today = Local::now().date_naive();
    let mut items = match advice_inbox(state.store(), &current.actor, today).await {
        Ok(items) => items,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    // Owed first, soonest due first; then what was sent, newest first.
    items.sort_by_key(|i| (i.advice.received_on.is_some(), i.due_on));
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            vec![
                format!(
                    "<a class=\"govuk-link\" href=\"/advice/{}\">{}</a>",
                    i.advice.advice_id,
                    escape(&i.reference)
                ),
                escape(&i.child_name),
                long_date(i.advice.requested_on),
                long_date(i.due_on),
                state_tag(i),
            ]
        })
        .collect();
    let list = if rows.is_empty() {
        "<p class=\"govuk-body\">No one has asked you for advice yet.</p>".to_string()
    } else {
        table(
            "Advice you have been asked for",
            &[
                "Reference",
                "Child or young person",
                "Asked on",
                "Due by",
                "Status",
            ],
            &rows,
        )
    };
    let body = format!(
        "<h1 class=\"govuk-heading-l\">Advice requests</h1>\
         <p class=\"govuk-body\">The law allows 6 weeks from the council's request for your advice \
         (SEND Regulations 2014, regulation 8). We remind you a week before it is due.</p>{list}"
    );
    respond(&state, &current, "Advice requests", body, false)
}

fn section_input(name: &str, label: &str, hint: &str, value: &str, problems: &Problems) -> String {
    Textarea {
        id: Some(name.into()),
        name: Some(name.into()),
        value: Some(value.into()),
        rows: Some("8".into()),
        label: Some(Label {
            text: Some(label.into()),
            classes: Some("govuk-label--s".into()),
            ..Default::default()
        }),
        hint: Some(Hint {
            text: Some(hint.into()),
            ..Default::default()
        }),
        error_message: problems
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, m)| ErrorMessage {
                text: Some(m.clone()),
                ..Default::default()
            }),
        ..Default::default()
    }
    .render()
}

async fn request_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    advice_id: i64,
    typed: Option<&Typed>,
    problems: &Problems,
) -> Response {
    let today = Local::now().date_naive();
    let AdviceRequestView {
        item,
        setting,
        submission,
    } = match advice_request(state.store(), &current.actor, advice_id, today).await {
        Ok(v) => v,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let saved = |name: &str| -> String {
        if let Some(t) = typed {
            return t.get(name).to_string();
        }
        submission
            .as_ref()
            .map_or_else(String::new, |s| match name {
                "needs" => s.needs.clone(),
                "outcomes" => s.outcomes.clone(),
                "provision" => s.provision.clone(),
                _ => s.other.clone(),
            })
    };
    let details = summary_list(&[
        ("Reference", item.reference.clone()),
        ("Child or young person", item.child_name.clone()),
        (
            "Date of birth",
            item.birth_date.map(long_date).unwrap_or_default(),
        ),
        (
            "School or setting",
            setting.unwrap_or_else(|| "Not recorded".into()),
        ),
        ("Asked on", long_date(item.advice.requested_on)),
        ("Due by", long_date(item.due_on)),
    ]);
    let sent = submission.as_ref().map_or_else(String::new, |s| {
        format!(
            "<p class=\"govuk-body\"><strong>You sent this advice on {}.</strong> You can correct it and send it again.</p>",
            long_date(s.submitted_at.date_naive())
        )
    });
    let is_adviser = current.actor.staff_id().is_some()
        && current.actor.staff_id() == item.advice.adviser_staff_id;
    if !is_adviser {
        return caseworker_view(state, current, &item, details, submission.as_ref());
    }
    let inputs: String = SECTIONS
        .iter()
        .map(|(name, label, hint)| section_input(name, label, hint, &saved(name), problems))
        .collect();
    let attached =
        match app::documents::advice::advice_attachments(state.store(), &current.actor, advice_id)
            .await
        {
            Ok(a) => a,
            Err(e) => return errors::for_app_error(state, &e),
        };
    let attachments = attachments_section(advice_id, &current.csrf_token, &attached, problems);
    let body = format!(
        "{errors}<a href=\"/advice\" class=\"govuk-back-link\">Back to advice requests</a>\
         <span class=\"govuk-caption-l\">{reference}</span><h1 class=\"govuk-heading-l\">Give your advice</h1>\
         {details}{state}{sent}{form}{attachments}",
        errors = error_summary(problems),
        reference = escape(&item.reference),
        state = state_tag(&item),
        form = form(
            &format!("/advice/{advice_id}"),
            &current.csrf_token,
            &format!("{inputs}{}", button("Send advice"))
        ),
    );
    respond(
        state,
        current,
        "Give your advice",
        body,
        !problems.is_empty(),
    )
}

/// The files attached to the advice, and a form to attach another (a report, an assessment).
fn attachments_section(
    advice_id: i64,
    csrf_token: &str,
    attached: &[app::documents::DocumentSummary],
    problems: &Problems,
) -> String {
    let list = if attached.is_empty() {
        "<p class=\"govuk-body\">You have not attached any files.</p>".to_string()
    } else {
        let items: String = attached
            .iter()
            .map(|d| {
                format!(
                    "<li>{} ({}, {} KB), attached on {}</li>",
                    escape(&d.title),
                    escape(&d.file_name),
                    (d.size_bytes + 1023) / 1024,
                    long_date(d.uploaded_at.date_naive())
                )
            })
            .collect();
        format!("<ul class=\"govuk-list govuk-list--bullet\">{items}</ul>")
    };
    let file_error = problems
        .iter()
        .find(|(f, _)| f == "file")
        .map(|(_, m)| m.clone());
    let file_input = govuk::FileUpload {
        id: Some("file".into()),
        name: Some("file".into()),
        label: Some(Label {
            text: Some("File".into()),
            ..Default::default()
        }),
        hint: Some(Hint {
            text: Some("A PDF, Word or OpenDocument file, or a photo, up to 20 MB".into()),
            ..Default::default()
        }),
        error_message: file_error.map(|m| ErrorMessage {
            text: Some(m),
            ..Default::default()
        }),
        ..Default::default()
    }
    .render();
    let title_error = problems
        .iter()
        .find(|(f, _)| f == "title")
        .map(|(_, m)| m.as_str());
    format!(
        "<h2 class=\"govuk-heading-m\">Attached files</h2>{list}\
         <form method=\"post\" action=\"/advice/{advice_id}/attachments\" enctype=\"multipart/form-data\" novalidate>\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{token}\">{title}{file_input}{button}</form>",
        token = escape(csrf_token),
        title = crate::html::text_input(
            "title",
            "What the file is (optional)",
            "",
            Some("For example, ‘Cognitive assessment report’"),
            title_error,
            None
        ),
        button = button("Attach the file"),
    )
}

/// `/advice/{id}/attachments`: attach a file to the advice.
pub async fn attach(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(advice_id): Path<String>,
    multipart: axum::extract::Multipart,
) -> Response {
    let path = format!("/advice/{advice_id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(advice_id) = advice_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let sent = super::documents::read_upload(multipart).await;
    // The token is the form's first field, so even a request stopped for its size has it.
    if !session::csrf_ok(Some(&current.csrf_token), sent.values.get("csrf_token")) {
        return errors::forbidden(&state);
    }
    let outcome = match sent.document() {
        Err(e) => Err(e),
        Ok(new) => {
            app::documents::advice::attach_to_advice(
                state.store(),
                state.documents(),
                &current.actor,
                advice_id,
                new,
            )
            .await
        }
    };
    match outcome {
        Ok(_) => Redirect::to(&path).into_response(),
        Err(e) => match field_errors(e, |f| {
            if f == "title" {
                "title".into()
            } else {
                "file".into()
            }
        }) {
            Ok(problems) => request_page(&state, &current, advice_id, None, &problems).await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}

/// The advice as sent, by section, for anyone reading it.
fn sections_html(text: &AdviceText) -> String {
    SECTIONS
        .iter()
        .map(|(name, label, _)| {
            let value = match *name {
                "needs" => &text.needs,
                "outcomes" => &text.outcomes,
                "provision" => &text.provision,
                _ => &text.other,
            };
            if value.trim().is_empty() {
                String::new()
            } else {
                format!(
                    "<h3 class=\"govuk-heading-s\">{}</h3>{}",
                    escape(label),
                    super::portal::paragraphs(value)
                )
            }
        })
        .collect()
}

fn text_of(s: &app::AdviceSubmissionRow) -> AdviceText {
    AdviceText {
        needs: s.needs.clone(),
        outcomes: s.outcomes.clone(),
        provision: s.provision.clone(),
        other: s.other.clone(),
    }
}

/// A caseworker reads the advice that came through the portal and shares it with the family.
fn caseworker_view(
    state: &AppState,
    current: &app::auth::CurrentSession,
    item: &AdviceItem,
    details: String,
    submission: Option<&app::AdviceSubmissionRow>,
) -> Response {
    let advice_id = item.advice.advice_id;
    let child_id = item.advice.child_id;
    let advice = match submission {
        None => "<p class=\"govuk-body\">The adviser has not sent their advice through the portal yet.</p>"
            .to_string(),
        Some(s) => {
            let shared = match s.released_at {
                Some(at) => format!(
                    "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--green\">Shared with the family</strong> on {}</p>",
                    long_date(at.date_naive())
                ),
                None => form(
                    &format!("/advice/{advice_id}/release"),
                    &current.csrf_token,
                    &format!(
                        "<p class=\"govuk-body\">The family cannot see this advice yet. Share it when it \
                         is ready to go with the draft plan, or sooner.</p>{}",
                        button("Share with the family")
                    ),
                ),
            };
            format!(
                "<h2 class=\"govuk-heading-m\">The advice, sent on {}</h2>{}{shared}",
                long_date(s.submitted_at.date_naive()),
                sections_html(&text_of(s))
            )
        }
    };
    let body = format!(
        "<a href=\"/children/{child_id}/case\" class=\"govuk-back-link\">Back to the case</a>\
         <span class=\"govuk-caption-l\">{reference}</span><h1 class=\"govuk-heading-l\">Advice</h1>\
         {details}{advice}",
        reference = escape(&item.reference),
    );
    respond(state, current, "Advice", body, false)
}

/// `/advice/{id}/release`: share the advice with the family.
pub async fn release(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(advice_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/advice/{advice_id}");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(advice_id) = advice_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    match release_advice(state.store(), &current.actor, advice_id, Utc::now()).await {
        Ok(()) => Redirect::to(&path).into_response(),
        Err(e) => errors::for_app_error(&state, &e),
    }
}

/// `/children/{id}/advice`: the advice the family may read, once shared with them.
pub async fn for_family(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
) -> Response {
    let path = format!("/children/{child_id}/advice");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(child_id) = child_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let advice = match shared_advice(state.store(), &current.actor, child_id).await {
        Ok(a) => a,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let list = if advice.is_empty() {
        "<p class=\"govuk-body\">No advice has been shared with you yet. Each professional asked \
         for advice has 6 weeks; we share their advice with you by the time the draft plan comes, \
         and often sooner.</p>"
            .to_string()
    } else {
        advice
            .iter()
            .map(|a| {
                let who = a
                    .adviser
                    .as_deref()
                    .map(|w| format!(" from {}", escape(w)))
                    .unwrap_or_default();
                format!(
                    "<h2 class=\"govuk-heading-m\">{}</h2><p class=\"govuk-body-s\">Advice{who}, \
                     written on {}</p>{}",
                    escape(&a.service),
                    long_date(a.submitted_on),
                    sections_html(&a.text)
                )
            })
            .collect()
    };
    let body = format!(
        "<a href=\"/children/{child_id}/progress\" class=\"govuk-back-link\">Back to progress</a>\
         <h1 class=\"govuk-heading-l\">Advice from professionals</h1>{list}\
         <p class=\"govuk-body\">If something in the advice is wrong, \
         <a class=\"govuk-link\" href=\"/children/{child_id}/messages\">tell your caseworker</a>.</p>"
    );
    let section = if matches!(current.actor.kind, app::ActorKind::Family { .. }) {
        "/dashboard"
    } else {
        "/casework"
    };
    signed_in_page(
        &state,
        &current,
        section,
        "Advice from professionals",
        body,
        false,
    )
}

/// `/advice/{id}`: one request and the form to answer it.
pub async fn show(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(advice_id): Path<String>,
) -> Response {
    let path = format!("/advice/{advice_id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(advice_id) = advice_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    request_page(&state, &current, advice_id, None, &Vec::new()).await
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(advice_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/advice/{advice_id}");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(advice_id) = advice_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let text = AdviceText {
        needs: typed.get("needs").into(),
        outcomes: typed.get("outcomes").into(),
        provision: typed.get("provision").into(),
        other: typed.get("other").into(),
    };
    match submit_advice(state.store(), &current.actor, advice_id, &text, Utc::now()).await {
        Ok(()) => Redirect::to(&path).into_response(),
        Err(e) => match field_errors(e, |f| {
            if f.is_empty() {
                "needs".into()
            } else {
                f.into()
            }
        }) {
            Ok(problems) => {
                request_page(&state, &current, advice_id, Some(&typed), &problems).await
            }
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}
