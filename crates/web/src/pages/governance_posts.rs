//! The clerk's forms on a meeting page: attendance, agenda items, publishing, minutes and their
//! approval, and per item declarations, votes, consultation responses, actions and papers.
//! Each calls one use case; problems come back on the meeting page, each linked to its input.

use app::AppError;
use app::governance::actions::{self, NewAction};
use app::governance::meetings::{self, NewItem};
use app::governance::papers::{self, NewPaper};
use app::governance::{decisions, publishing};
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use super::governance_meeting::page;
use crate::pages::documents::read_upload;
use crate::pages::errors;
use crate::pages::form_support::{Problems, Typed, field_errors, signed_in};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

/// Numbers from the address, or not found.
fn ids<const N: usize>(texts: [&str; N]) -> Option<[i64; N]> {
    let mut out = [0; N];
    for (slot, text) in out.iter_mut().zip(texts) {
        *slot = text.parse().ok()?;
    }
    Some(out)
}

/// The meeting page again with the problems, or the error page.
async fn again(
    state: &AppState,
    current: &app::auth::CurrentSession,
    meeting_id: i64,
    typed: &Typed,
    e: AppError,
    id_of: impl Fn(&str) -> String,
) -> Response {
    match field_errors(e, id_of) {
        Ok(problems) => page(state, current, meeting_id, typed, &problems).await,
        Err(e) => errors::for_app_error(state, &e),
    }
}

/// Forms about the whole meeting: `attendance`, `items`, `publish`, `minutes`,
/// `approve-minutes`.
pub async fn meeting(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((meeting_id, what)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/governance/meetings/{meeting_id}/{what}");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some([meeting_id]) = ids([&meeting_id]) else {
        return errors::not_found(&state);
    };
    let (store, actor) = (state.store(), &current.actor);
    let done = match what.as_str() {
        "attendance" => {
            let entries: Vec<(i64, String, String)> = typed
                .0
                .iter()
                .filter_map(|(k, v)| {
                    let seat = k.strip_prefix("attendance-")?.parse().ok()?;
                    Some((
                        seat,
                        v.clone(),
                        typed.get(&format!("substitute-{seat}")).to_string(),
                    ))
                })
                .collect();
            meetings::record_attendance(store, actor, meeting_id, &entries)
                .await
                .map(|_| "#quorum")
        }
        "items" => {
            let new = NewItem {
                title: typed.get("title").into(),
                kind: typed.get("kind").into(),
                presenter: typed.get("presenter").into(),
                summary: typed.get("summary").into(),
                decision_kind: typed.get("decision_kind").into(),
                motion: typed.get("motion").into(),
            };
            meetings::add_item(store, actor, meeting_id, new)
                .await
                .map(|_| "")
        }
        "publish" => publishing::publish_agenda(store, actor, meeting_id)
            .await
            .map(|()| ""),
        "minutes" => publishing::save_minutes(store, actor, meeting_id, typed.get("minutes"))
            .await
            .map(|()| ""),
        "approve-minutes" => publishing::approve_previous_minutes(store, actor, meeting_id)
            .await
            .map(|()| "#matters-arising"),
        _ => return errors::not_found(&state),
    };
    match done {
        Ok(anchor) => {
            Redirect::to(&format!("/governance/meetings/{meeting_id}{anchor}")).into_response()
        }
        Err(e) => {
            let what = what.clone();
            again(&state, &current, meeting_id, &typed, e, move |f| {
                match (what.as_str(), f) {
                    ("attendance", _) => "attendance".into(),
                    ("publish", _) => "title".into(),
                    ("approve-minutes", _) => "approve".into(),
                    (_, "") => "minutes".into(),
                    (_, other) => other.into(),
                }
            })
            .await
        }
    }
}

/// Forms about one item: `interests`, `votes`, `response`, `actions`.
pub async fn item(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((meeting_id, item_id, what)): Path<(String, String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/governance/meetings/{meeting_id}/items/{item_id}/{what}");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some([meeting_id, item_id]) = ids([&meeting_id, &item_id]) else {
        return errors::not_found(&state);
    };
    let (store, actor, at) = (state.store(), &current.actor, (meeting_id, item_id));
    let field = |f: &str| typed.get(&format!("{f}-{item_id}")).to_string();
    let done = match what.as_str() {
        "interests" => match field("seat").parse::<i64>() {
            Ok(seat) => {
                decisions::declare_interest(
                    store,
                    actor,
                    at,
                    seat,
                    &field("interest"),
                    &field("detail"),
                )
                .await
            }
            Err(_) => Err(AppError::Invalid(vec![domain::FieldError::new(
                "seat",
                "select the member declaring the interest",
            )])),
        },
        "votes" => {
            let votes: Vec<(i64, String)> = typed
                .0
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix("vote-")?.parse().ok()?, v.clone())))
                .collect();
            decisions::record_votes(store, actor, at, &votes)
                .await
                .map(|_| ())
        }
        "response" => decisions::record_response(store, actor, at, &field("response")).await,
        "actions" => {
            let new = NewAction {
                item_id: item_id.to_string(),
                description: field("description"),
                owner: field("owner"),
                due_on: typed.date(&format!("due_on-{item_id}")),
                due_meeting_id: field("due_meeting"),
            };
            actions::raise_action(store, actor, meeting_id, new)
                .await
                .map(|_| ())
        }
        "remove" => meetings::remove_item(store, actor, at).await,
        _ => return errors::not_found(&state),
    };
    match done {
        Ok(()) => Redirect::to(&format!("/governance/meetings/{meeting_id}#item-{item_id}"))
            .into_response(),
        Err(e) => {
            let what = what.clone();
            again(&state, &current, meeting_id, &typed, e, move |f| {
                match (what.as_str(), f) {
                    ("votes", _) => format!("votes-{item_id}"),
                    (_, "due_on") => format!("due_on-{item_id}-day"),
                    (_, "") => format!("response-{item_id}"),
                    (_, other) => format!("{other}-{item_id}"),
                }
            })
            .await
        }
    }
}

/// Uploads a paper for an item.
pub async fn paper(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((meeting_id, item_id)): Path<(String, String)>,
    multipart: Multipart,
) -> Response {
    let path = format!("/governance/meetings/{meeting_id}/items/{item_id}/papers");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some([meeting_id, item_id]) = ids([&meeting_id, &item_id]) else {
        return errors::not_found(&state);
    };
    let sent = read_upload(multipart).await;
    // The token is the form's first field, so even a request stopped for its size has it.
    if !session::csrf_ok(Some(&current.csrf_token), sent.values.get("csrf_token")) {
        return errors::forbidden(&state);
    }
    let confidential = sent.values.get("confidential") == "yes";
    let typed = Typed(sent.values.0.clone());
    let uploaded = match sent.document() {
        Ok(doc) => {
            let new = NewPaper {
                title: doc.title,
                file_name: doc.file_name,
                declared_type: doc.declared_type,
                bytes: doc.bytes,
                confidential,
            };
            papers::upload_paper(
                state.store(),
                state.documents(),
                &current.actor,
                (meeting_id, item_id),
                new,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match uploaded {
        Ok(_) => Redirect::to(&format!("/governance/meetings/{meeting_id}#item-{item_id}"))
            .into_response(),
        Err(e) => {
            let problems: Result<Problems, AppError> = field_errors(e, |f| match f {
                "file" => format!("file-{item_id}"),
                other => other.to_string(),
            });
            match problems {
                Ok(problems) => page(&state, &current, meeting_id, &typed, &problems).await,
                Err(e) => errors::for_app_error(&state, &e),
            }
        }
    }
}
