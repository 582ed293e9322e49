//! The family portal's pages: where each child's case has got to, what happens next and by
//! when, who is involved, the plan and its history; messages with the caseworker; the child's
//! and family's views; comments on the draft plan. Caseworkers use the messages page too.
//! Who may see what is the policy's decision (`app::portal`).

use app::ActorKind;
use app::portal::{self, ChildPortal, KeyDate, Progress, long_date};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Local, Utc};
use domain::clock::DeadlineState;
use govuk::{Component, InsetText};

use crate::html::{button, error_summary, escape, form, summary_list, table, text_input};
use crate::pages::errors;
use crate::pages::form_support::{
    Problems, Typed, field_errors, signed_in, signed_in_page, textarea,
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
    let section = if matches!(current.actor.kind, ActorKind::Family { .. }) {
        "/dashboard"
    } else {
        "/casework"
    };
    signed_in_page(state, current, section, title, body, has_errors)
}

/// The session (with the form's token checked, for a post) and the child's id from the
/// address, or the response to send instead.
async fn opened(
    state: &AppState,
    headers: &HeaderMap,
    from: &str,
    child_id: &str,
    page: &str,
    posted: Option<&Typed>,
) -> Result<(app::auth::CurrentSession, i64), Response> {
    let path = format!("/children/{child_id}/{page}");
    let current = match posted {
        Some(typed) => signed_in(state, headers, from, &path, typed).await?,
        None => session::require(state, headers, from, &path).await?,
    };
    let child_id = child_id
        .parse::<i64>()
        .map_err(|_| errors::not_found(state))?;
    Ok((current, child_id))
}

fn state_words(date: &KeyDate) -> String {
    let (text, colour) = match (date.state, date.done_on) {
        (DeadlineState::MetOnTime, Some(on)) => (format!("Done on {}", long_date(on)), "green"),
        (DeadlineState::MetLate, Some(on)) => {
            (format!("Done late, on {}", long_date(on)), "orange")
        }
        (DeadlineState::Overdue, _) => ("Late".into(), "red"),
        (DeadlineState::DueSoon, _) => ("Coming up".into(), "yellow"),
        (DeadlineState::Elapsed, _) => ("Time passed".into(), "grey"),
        _ => ("Not yet due".into(), "grey"),
    };
    format!(
        "<strong class=\"govuk-tag govuk-tag--{colour}\">{}</strong>",
        escape(&text)
    )
}

/// A child's summary card on the family's home page.
pub fn child_card(p: &Progress) -> String {
    format!(
        "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">\
         <h2 class=\"govuk-summary-card__title\">{name}</h2><ul class=\"govuk-summary-card__actions\">\
         <li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"/children/{id}/progress\">\
         See progress<span class=\"govuk-visually-hidden\"> for {name}</span></a></li></ul></div>\
         <div class=\"govuk-summary-card__content\">{list}</div></div>",
        name = escape(&p.child_name),
        id = p.child_id,
        list = summary_list(&[
            ("Where it has got to", p.stage_text.to_string()),
            ("What happens next", p.next_step.clone()),
        ]),
    )
}

/// `/children/{id}/progress`: the case as the family sees it.
pub async fn progress_page(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
) -> Response {
    let (current, child_id) =
        match opened(&state, &headers, &from, &child_id, "progress", None).await {
            Ok(found) => found,
            Err(r) => return r,
        };
    let today = Local::now().date_naive();
    let ChildPortal { progress, versions } =
        match portal::child_portal(state.store(), &current.actor, child_id, today).await {
            Ok(p) => p,
            Err(e) => return errors::for_app_error(&state, &e),
        };
    let family = matches!(current.actor.kind, ActorKind::Family { .. });
    let next = InsetText {
        text: Some(progress.next_step.clone()),
        ..Default::default()
    }
    .render();
    let waiting = if progress.waiting_for.is_empty() {
        String::new()
    } else {
        let items: String = progress
            .waiting_for
            .iter()
            .map(|w| format!("<li>{}</li>", escape(w)))
            .collect();
        format!(
            "<h2 class=\"govuk-heading-m\">What we are waiting for</h2>\
             <ul class=\"govuk-list govuk-list--bullet\">{items}</ul>"
        )
    };
    let dates: Vec<Vec<String>> = progress
        .key_dates
        .iter()
        .map(|d| vec![escape(&d.what), long_date(d.due), state_words(d)])
        .collect();
    let dates = if dates.is_empty() {
        String::new()
    } else {
        table(
            "Key dates",
            &["What happens", "By", "Where it stands"],
            &dates,
        )
    };
    let involved: Vec<Vec<String>> = progress
        .involved
        .iter()
        .map(|i| vec![escape(&i.role), escape(&i.who), escape(&i.status)])
        .collect();
    let involved = if involved.is_empty() {
        String::new()
    } else {
        table(
            "Who is involved",
            &["Role", "Who", "Where it stands"],
            &involved,
        )
    };
    let plan = if versions.is_empty() {
        String::new()
    } else {
        let rows: Vec<Vec<String>> = versions
            .iter()
            .rev()
            .map(|v| {
                vec![
                    format!(
                        "<a class=\"govuk-link\" href=\"/children/{child_id}/case/versions/{}\">{}</a>",
                        v.row.version_id,
                        escape(&v.row.status.replace('_', " "))
                    ),
                    long_date(v.row.issued_on),
                    escape(&v.row.change_summary),
                ]
            })
            .collect();
        table(
            "The plan and its history",
            &["Version", "Issued", "What changed"],
            &rows,
        )
    };
    let mut actions = vec![format!(
        "<li><a class=\"govuk-link\" href=\"/children/{child_id}/messages\">Messages with your caseworker</a></li>"
    )];
    if family {
        actions.push(format!(
            "<li><a class=\"govuk-link\" href=\"/children/{child_id}/views\">Your views and your child's views</a></li>"
        ));
        actions.push(format!(
            "<li><a class=\"govuk-link\" href=\"/children/{child_id}/advice\">Advice from professionals</a></li>"
        ));
        actions.push(format!(
            "<li><a class=\"govuk-link\" href=\"/children/{child_id}/documents\">Documents</a></li>"
        ));
        if matches!(
            current.actor.kind,
            ActorKind::Family {
                role: domain::Role::YoungPerson,
                ..
            }
        ) {
            actions.push(format!(
                "<li><a class=\"govuk-link\" href=\"/children/{child_id}/who-can-see\">Who can see your record</a></li>"
            ));
        }
        if progress.comments_due_by.is_some() {
            actions.push(format!(
                "<li><a class=\"govuk-link\" href=\"/children/{child_id}/draft-comments\">Comment on the draft plan</a></li>"
            ));
        }
    }
    let refused = progress
        .refused
        .as_ref()
        .map(|(on, reasons)| {
            format!(
                "<h2 class=\"govuk-heading-m\">Why we decided not to assess</h2>\
                 <p class=\"govuk-body\">We decided on {}.</p>{}\
                 <p class=\"govuk-body\">If you disagree, you can ask for mediation and appeal to the \
                 First-tier Tribunal (Special Educational Needs and Disability) within 2 months of \
                 the decision.</p>",
                long_date(*on),
                paragraphs(reasons)
            )
        })
        .unwrap_or_default();
    let body = format!(
        "<span class=\"govuk-caption-l\">{name}</span><h1 class=\"govuk-heading-l\">{stage}</h1>\
         <h2 class=\"govuk-heading-m\">What happens next</h2>{next}{refused}{waiting}\
         <ul class=\"govuk-list\">{actions}</ul>{dates}{involved}{plan}",
        name = escape(&progress.child_name),
        stage = escape(progress.stage_text),
        actions = actions.concat(),
    );
    respond(&state, &current, progress.stage_text, body, false)
}

pub(crate) fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            format!(
                "<p class=\"govuk-body\">{}</p>",
                escape(p.trim()).replace('\n', "<br>")
            )
        })
        .collect()
}

/// `/children/{id}/messages`: the thread with the caseworker, and a form to write.
pub async fn messages_page(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
) -> Response {
    let (current, child_id) =
        match opened(&state, &headers, &from, &child_id, "messages", None).await {
            Ok(found) => found,
            Err(r) => return r,
        };
    messages_view(&state, &current, child_id, &Typed::default(), &Vec::new()).await
}

async fn messages_view(
    state: &AppState,
    current: &app::auth::CurrentSession,
    child_id: i64,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let rows = match portal::messages(state.store(), &current.actor, child_id, Utc::now()).await {
        Ok(rows) => rows,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let thread: String = if rows.is_empty() {
        "<p class=\"govuk-body\">No messages yet.</p>".into()
    } else {
        rows.iter()
            .map(|m| {
                format!(
                    "<div class=\"govuk-!-margin-bottom-6\"><h3 class=\"govuk-heading-s govuk-!-margin-bottom-1\">{who}</h3>\
                     <p class=\"govuk-body-s govuk-!-margin-bottom-2\">Sent {when}</p>{body}</div>",
                    who = escape(&m.from_name),
                    when = m
                        .sent_at
                        .with_timezone(&Local)
                        .format("%-d %B %Y at %-I:%M%P"),
                    body = paragraphs(&m.body),
                )
            })
            .collect()
    };
    let write = form(
        &format!("/children/{child_id}/messages"),
        &current.csrf_token,
        &format!(
            "{}{}",
            textarea(
                "message",
                "Write a message",
                Some(
                    "Your caseworker reads messages during office hours and replies here. We email you when they do."
                ),
                typed.get("message"),
                problems,
            ),
            button("Send message")
        ),
    );
    let body = format!(
        "{errors}<a href=\"/children/{child_id}/progress\" class=\"govuk-back-link\">Back</a>\
         <h1 class=\"govuk-heading-l\">Messages</h1>{thread}{write}",
        errors = error_summary(problems),
    );
    respond(state, current, "Messages", body, !problems.is_empty())
}

pub async fn send_message(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let (current, child_id) =
        match opened(&state, &headers, &from, &child_id, "messages", Some(&typed)).await {
            Ok(found) => found,
            Err(r) => return r,
        };
    let sent = portal::send_message(
        state.store(),
        &current.actor,
        child_id,
        typed.get("message"),
        Utc::now(),
    )
    .await;
    match sent {
        Ok(_) => Redirect::to(&format!("/children/{child_id}/messages")).into_response(),
        Err(e) => match field_errors(e, |f| {
            if f.is_empty() {
                "message".into()
            } else {
                f.into()
            }
        }) {
            Ok(problems) => messages_view(&state, &current, child_id, &typed, &problems).await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}

const VIEW_QUESTIONS: [(&str, &str, &str); 4] = [
    (
        "about_me",
        "About me",
        "What people like and admire about your child, and what they enjoy.",
    ),
    (
        "what_matters",
        "What is important to me",
        "What matters most to your child and your family now.",
    ),
    (
        "how_to_support",
        "How best to support me",
        "What helps, what does not, and how your child lets people know.",
    ),
    (
        "hopes",
        "My hopes for the future",
        "Your child's and your family's hopes for next year and for adult life.",
    ),
];

/// `/children/{id}/views`: the views for section A, saved as they go.
pub async fn views_page(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
) -> Response {
    let (current, child_id) = match opened(&state, &headers, &from, &child_id, "views", None).await
    {
        Ok(found) => found,
        Err(r) => return r,
    };
    let saved = match portal::my_views(state.store(), &current.actor, child_id).await {
        Ok(v) => v,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let typed = Typed(
        saved
            .as_ref()
            .map(|v| {
                vec![
                    ("about_me".into(), v.about_me.clone()),
                    ("what_matters".into(), v.what_matters.clone()),
                    ("how_to_support".into(), v.how_to_support.clone()),
                    ("hopes".into(), v.hopes.clone()),
                ]
            })
            .unwrap_or_default(),
    );
    let status = saved.map(|v| match v.sent_at {
        Some(at) => format!("You sent your views on {}.", long_date(at.date_naive())),
        None => format!(
            "Saved on {}. Not sent to the council yet.",
            long_date(v.updated_at.date_naive())
        ),
    });
    views_view(
        &state,
        &current,
        child_id,
        &typed,
        &Vec::new(),
        status.as_deref(),
    )
}

fn views_view(
    state: &AppState,
    current: &app::auth::CurrentSession,
    child_id: i64,
    typed: &Typed,
    problems: &Problems,
    status: Option<&str>,
) -> Response {
    let questions: String = VIEW_QUESTIONS
        .iter()
        .map(|(name, label, hint)| textarea(name, label, Some(hint), typed.get(name), problems))
        .collect();
    let buttons = format!(
        "<div class=\"govuk-button-group\">{}{}</div>",
        govuk::Button {
            text: Some("Send to the council".into()),
            name: Some("action".into()),
            value: Some("send".into()),
            ..Default::default()
        }
        .render(),
        govuk::Button {
            text: Some("Save and come back later".into()),
            name: Some("action".into()),
            value: Some("save".into()),
            classes: Some("govuk-button--secondary".into()),
            ..Default::default()
        }
        .render(),
    );
    let status = status.map_or_else(String::new, |s| {
        format!("<p class=\"govuk-body\"><strong>{}</strong></p>", escape(s))
    });
    let body = format!(
        "{errors}<a href=\"/children/{child_id}/progress\" class=\"govuk-back-link\">Back</a>\
         <h1 class=\"govuk-heading-l\">Your views and your child's views</h1>\
         <p class=\"govuk-body\">These go into section A of the plan. Write as much or as little as you like, \
         in your own words or your child's. Save and come back at any time: nothing is sent until you choose to send it.</p>\
         {status}{form}",
        errors = error_summary(problems),
        form = form(
            &format!("/children/{child_id}/views"),
            &current.csrf_token,
            &format!("{questions}{buttons}")
        ),
    );
    respond(state, current, "Your views", body, !problems.is_empty())
}

pub async fn save_views(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let (current, child_id) =
        match opened(&state, &headers, &from, &child_id, "views", Some(&typed)).await {
            Ok(found) => found,
            Err(r) => return r,
        };
    let views = portal::Views {
        about_me: typed.get("about_me").into(),
        what_matters: typed.get("what_matters").into(),
        how_to_support: typed.get("how_to_support").into(),
        hopes: typed.get("hopes").into(),
    };
    let send = typed.get("action") == "send";
    match portal::save_views(
        state.store(),
        &current.actor,
        child_id,
        &views,
        send,
        Utc::now(),
    )
    .await
    {
        Ok(()) => {
            let status = if send {
                "Your views have been sent to your caseworker. You can still change them and send them again."
            } else {
                "Your views are saved. They have not been sent yet."
            };
            views_view(
                &state,
                &current,
                child_id,
                &typed,
                &Vec::new(),
                Some(status),
            )
        }
        Err(e) => match field_errors(e, |f| {
            if f.is_empty() {
                "about_me".into()
            } else {
                f.into()
            }
        }) {
            Ok(problems) => views_view(&state, &current, child_id, &typed, &problems, None),
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}

/// `/children/{id}/draft-comments`: comments on the draft plan and the setting asked for.
pub async fn draft_comments_page(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
) -> Response {
    let (current, child_id) =
        match opened(&state, &headers, &from, &child_id, "draft-comments", None).await {
            Ok(found) => found,
            Err(r) => return r,
        };
    draft_view(&state, &current, child_id, &Typed::default(), &Vec::new()).await
}

async fn draft_view(
    state: &AppState,
    current: &app::auth::CurrentSession,
    child_id: i64,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let today = Local::now().date_naive();
    let ChildPortal { progress, versions } =
        match portal::child_portal(state.store(), &current.actor, child_id, today).await {
            Ok(p) => p,
            Err(e) => return errors::for_app_error(state, &e),
        };
    let sent = match portal::draft_comments(state.store(), &current.actor, child_id).await {
        Ok(rows) => rows,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let draft: String = versions
        .iter()
        .rev()
        .find(|v| v.row.status == "draft")
        .map(|v| {
            v.sections
                .iter()
                .map(|s| {
                    let title = app::casework::plans::SECTIONS
                        .iter()
                        .find(|(l, _)| *l == s.section)
                        .map_or("", |(_, t)| *t);
                    format!(
                        "<h3 class=\"govuk-heading-s\">{} {}</h3>{}",
                        escape(&s.section),
                        escape(title),
                        paragraphs(&s.body)
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let window = if draft.is_empty() {
        "<p class=\"govuk-body\">There is no draft plan to comment on yet. We will email you when there is.</p>".to_string()
    } else {
        progress.comments_due_by.map_or_else(
        || "<p class=\"govuk-body\">The time for comments has passed, but you can still send them: your caseworker will read them.</p>".to_string(),
        |by| format!("<p class=\"govuk-body\">Send your comments by <strong>{}</strong>. You have at least 15 days from the day we sent the draft.</p>", long_date(by)),
    )
    };
    let earlier: String = sent
        .iter()
        .map(|c| {
            format!(
                "<p class=\"govuk-body-s\">You sent comments on {}.</p>",
                long_date(c.sent_on)
            )
        })
        .collect();
    let body = format!(
        "{errors}<a href=\"/children/{child_id}/progress\" class=\"govuk-back-link\">Back</a>\
         <span class=\"govuk-caption-l\">{name}</span><h1 class=\"govuk-heading-l\">Comment on the draft plan</h1>\
         {window}{earlier}<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">\
         <span class=\"govuk-details__summary-text\">Read the draft plan</span></summary>\
         <div class=\"govuk-details__text\">{draft}</div></details>{form}",
        errors = error_summary(problems),
        name = escape(&progress.child_name),
        form = form(
            &format!("/children/{child_id}/draft-comments"),
            &current.csrf_token,
            &format!(
                "{}{}{}",
                textarea(
                    "comments",
                    "Your comments",
                    Some("Say what you agree with, what is missing and what you would change."),
                    typed.get("comments"),
                    problems
                ),
                text_input(
                    "setting_asked",
                    "School, college or other setting you would like named in the plan (optional)",
                    typed.get("setting_asked"),
                    Some("You have the right to ask for a particular school or college."),
                    problems
                        .iter()
                        .find(|(f, _)| f == "setting_asked")
                        .map(|(_, m)| m.as_str()),
                    None,
                ),
                button("Send comments"),
            )
        ),
    );
    respond(
        state,
        current,
        "Comment on the draft plan",
        body,
        !problems.is_empty(),
    )
}

pub async fn send_draft_comments(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let (current, child_id) = match opened(
        &state,
        &headers,
        &from,
        &child_id,
        "draft-comments",
        Some(&typed),
    )
    .await
    {
        Ok(found) => found,
        Err(r) => return r,
    };
    let comment = portal::DraftComment {
        comments: typed.get("comments").into(),
        setting_asked: typed.get("setting_asked").into(),
    };
    let today = Local::now().date_naive();
    match portal::comment_on_draft(state.store(), &current.actor, child_id, &comment, today).await {
        Ok(_) => Redirect::to(&format!("/children/{child_id}/progress")).into_response(),
        Err(e) => match field_errors(e, |f| {
            if f.is_empty() {
                "comments".into()
            } else {
                f.into()
            }
        }) {
            Ok(problems) => draft_view(&state, &current, child_id, &typed, &problems).await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}
