//! `/children/{id}/who-can-see`: a young person decides whether each parent or carer linked to
//! their record keeps seeing it (Children and Families Act 2014 s.80: from the end of compulsory
//! school age the rights are theirs). Caseworkers may record what the young person said.

use app::portal::{ParentAccess, give_consent, long_date, parent_access, withdraw_consent};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Local;

use crate::html::{button, escape, form};
use crate::pages::errors;
use crate::pages::form_support::{Typed, signed_in, signed_in_page};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

fn status(p: &ParentAccess) -> String {
    match (&p.consent, p.may_see) {
        (Some(c), true) => format!("Can see your record, since {}", long_date(c.given_on)),
        (_, true) => "Can see your record".into(),
        (Some(c), false) if c.withdrawn_on.is_some() => format!(
            "Cannot see your record: you stopped it on {}",
            c.withdrawn_on.map(long_date).unwrap_or_default()
        ),
        _ => "Cannot see your record".into(),
    }
}

pub async fn page(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
) -> Response {
    let path = format!("/children/{child_id}/who-can-see");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(child_id) = child_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let today = Local::now().date_naive();
    let parents = match parent_access(state.store(), &current.actor, child_id, today).await {
        Ok(p) => p,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let rows: String = parents
        .iter()
        .map(|p| {
            let (choice, label) = if p.may_see {
                ("withdraw", format!("Stop {} seeing my record", p.name))
            } else {
                ("give", format!("Let {} see my record", p.name))
            };
            format!(
                "<h2 class=\"govuk-heading-m\">{name}</h2><p class=\"govuk-body\">{status}</p>{form}",
                name = escape(&p.name),
                status = escape(&status(p)),
                form = form(
                    &path,
                    &current.csrf_token,
                    &format!(
                        "<input type=\"hidden\" name=\"person_id\" value=\"{}\">\
                         <input type=\"hidden\" name=\"choice\" value=\"{choice}\">{}",
                        p.person_id,
                        button(&label)
                    ),
                ),
            )
        })
        .collect();
    let rows = if rows.is_empty() {
        "<p class=\"govuk-body\">No parent or carer is linked to your record.</p>".to_string()
    } else {
        rows
    };
    let body = format!(
        "<a href=\"/children/{child_id}/progress\" class=\"govuk-back-link\">Back to progress</a>\
         <h1 class=\"govuk-heading-l\">Who can see your record</h1>\
         <p class=\"govuk-body\">You are over compulsory school age, so the decisions about your \
         EHC needs assessment and plan are yours. A parent or carer sees your record, and hears \
         from us about it, only if you agree. You can change your mind at any time.</p>{rows}"
    );
    signed_in_page(
        &state,
        &current,
        "/dashboard",
        "Who can see your record",
        body,
        false,
    )
}

pub async fn decide(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/children/{child_id}/who-can-see");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (Ok(child_id), Ok(person_id)) = (
        child_id.parse::<i64>(),
        typed.get("person_id").parse::<i64>(),
    ) else {
        return errors::not_found(&state);
    };
    let today = Local::now().date_naive();
    let store = state.store();
    let done = match typed.get("choice") {
        "give" => give_consent(store, &current.actor, child_id, person_id, today).await,
        "withdraw" => withdraw_consent(store, &current.actor, child_id, person_id, today).await,
        _ => return errors::not_found(&state),
    };
    match done {
        Ok(()) => Redirect::to(&path).into_response(),
        Err(e) => errors::for_app_error(&state, &e),
    }
}
