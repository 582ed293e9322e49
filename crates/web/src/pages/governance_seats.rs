//! One seat of a forum for the clerk: change its category, member, organisation or term, or
//! remove a seat set up in error (`app::governance::forums::update_seat`, `remove_seat`).

use app::governance::forums;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use super::governance::{SECTION, seat_fields, typed_seat};
use crate::html::{button, error_summary, form};
use crate::pages::errors;
use crate::pages::form_support::{Problems, Typed, field_errors, signed_in, signed_in_page};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

/// The seat's form, filled with the seat as it stands.
pub async fn show(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(seat_id): Path<String>,
) -> Response {
    let path = format!("/governance/seats/{seat_id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(seat_id) = seat_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let seat = match forums::seat(state.store(), &current.actor, seat_id).await {
        Ok(s) => s,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let mut typed = vec![
        ("category".to_string(), seat.category.clone()),
        (
            "member_name".into(),
            seat.member_name.clone().unwrap_or_default(),
        ),
        (
            "organisation".into(),
            seat.organisation.clone().unwrap_or_default(),
        ),
    ];
    for (name, date) in [
        ("term_starts_on", seat.term_starts_on),
        ("term_ends_on", seat.term_ends_on),
    ] {
        if let Some(d) = date {
            typed.push((format!("{name}-day"), d.format("%-d").to_string()));
            typed.push((format!("{name}-month"), d.format("%-m").to_string()));
            typed.push((format!("{name}-year"), d.format("%Y").to_string()));
        }
    }
    page(
        &state,
        &current,
        (seat.forum_id, seat_id),
        &Typed(typed),
        &Vec::new(),
    )
}

fn page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    (forum_id, seat_id): (i64, i64),
    typed: &Typed,
    problems: &Problems,
) -> Response {
    use govuk::Component;
    let remove = govuk::Button {
        text: Some("Remove the seat".into()),
        classes: Some("govuk-button--warning".into()),
        ..Default::default()
    }
    .render();
    let body = format!(
        "{}<a class=\"govuk-back-link\" href=\"/governance/forums/{forum_id}\">Back to the forum</a>\
         <h1 class=\"govuk-heading-l\">Change a seat</h1>\
         <p class=\"govuk-body\">A new member starts a new term; when a member leaves, end their \
         term and the seat is vacant from the next day. Meetings already held keep who attended.</p>{}\
         <h2 class=\"govuk-heading-m\">Remove the seat</h2>\
         <p class=\"govuk-body\">Only for a seat set up in error: a seat with attendance, \
         declarations or votes at a meeting stays in the forum's record.</p>{}",
        error_summary(problems),
        form(
            &format!("/governance/seats/{seat_id}"),
            &current.csrf_token,
            &format!(
                "{}{}",
                seat_fields(typed, problems),
                button("Save the seat")
            )
        ),
        form(
            &format!("/governance/seats/{seat_id}/remove"),
            &current.csrf_token,
            &remove
        ),
    );
    signed_in_page(
        state,
        current,
        SECTION,
        "Change a seat",
        body,
        !problems.is_empty(),
    )
}

/// Saves the seat (no `what`) or removes it (`remove`).
pub async fn post(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(params): Path<Vec<(String, String)>>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let param = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map_or("", |(_, v)| v.as_str())
    };
    let what = param("what");
    let path = format!("/governance/seats/{}", param("id"));
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(seat_id) = param("id").parse::<i64>() else {
        return errors::not_found(&state);
    };
    let (store, actor) = (state.store(), &current.actor);
    let seat = match forums::seat(store, actor, seat_id).await {
        Ok(s) => s,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let done = match what {
        "" => forums::update_seat(store, actor, seat_id, typed_seat(&typed)).await,
        "remove" => forums::remove_seat(store, actor, seat_id).await.map(|_| ()),
        _ => return errors::not_found(&state),
    };
    match done {
        Ok(()) => Redirect::to(&format!("/governance/forums/{}", seat.forum_id)).into_response(),
        Err(e) => match field_errors(e, |f| match f {
            "term_starts_on" | "term_ends_on" => format!("{f}-day"),
            "" => "category".into(),
            other => other.to_string(),
        }) {
            Ok(problems) => page(
                &state,
                &current,
                (seat.forum_id, seat_id),
                &typed,
                &problems,
            ),
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}
