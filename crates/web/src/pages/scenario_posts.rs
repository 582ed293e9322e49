//! The forms behind `/finance/scenarios`: adding, changing and removing a mitigation and
//! composing or removing a scenario. Each post checks the session and its token, calls one use
//! case of `app::finance::scenarios`, and either returns to the page saying what was done or
//! shows it again with the problems against their fields.

use app::error::AppError;
use app::finance::scenarios::{
    add_scenario, compare, remove_mitigation, remove_scenario, save_mitigation,
};
use axum::extract::{Form, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Local;
use domain::high_needs::mitigation::{MitigationPlan, NewMitigation};

use crate::html::{button, escape, form};
use crate::pages::errors;
use crate::pages::form_support::{Typed, field_errors, signed_in, signed_in_page};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

use super::scenarios::{PATH, mitigation_fields, show};

fn new_mitigation(typed: &Typed) -> NewMitigation {
    let get = |n: &str| typed.get(n).to_owned();
    NewMitigation {
        name: get("name"),
        theme: get("theme"),
        owner: get("owner"),
        rag: get("rag"),
        change: get("change"),
        setting: get("setting"),
        direction: get("direction"),
        percentage: get("percentage"),
        places: get("places"),
        excess_to: get("excess_to"),
        from: get("from"),
    }
}

/// Shows the page again with the use case's problems, or answers its other error.
async fn again(
    state: &AppState,
    current: &app::auth::CurrentSession,
    typed: &Typed,
    error: AppError,
) -> Response {
    match field_errors(error, str::to_owned) {
        Ok(problems) => show(state, current, typed, &problems, String::new()).await,
        Err(e) => errors::for_app_error(state, &e),
    }
}

/// A posted form's fields and the signed-in session with its token checked; or the response
/// to send instead.
async fn form_start(
    state: &AppState,
    headers: &HeaderMap,
    from: &str,
    pairs: Vec<(String, String)>,
) -> Result<(Typed, app::auth::CurrentSession), Response> {
    let typed = Typed(pairs);
    let current = signed_in(state, headers, from, PATH, &typed).await?;
    Ok((typed, current))
}

/// Back to the page saying what was `done`, or the error.
fn done_or(state: &AppState, result: Result<(), AppError>, done: &str) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("{PATH}?done={done}")).into_response(),
        Err(e) => errors::for_app_error(state, &e),
    }
}

/// `POST /finance/scenarios/mitigations`.
pub async fn post_mitigation(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (typed, current) = match form_start(&state, &headers, &from, pairs).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    match save_mitigation(state.store(), &current.actor, None, &new_mitigation(&typed)).await {
        Ok(_) => Redirect::to(&format!("{PATH}?done=added")).into_response(),
        Err(e) => again(&state, &current, &typed, e).await,
    }
}

/// `GET /finance/scenarios/mitigations/{id}`: the form to change or remove one mitigation.
pub async fn edit_mitigation(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let path = format!("{PATH}/mitigations/{id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let c = match compare(state.store(), &current.actor, Local::now().date_naive()).await {
        Ok(c) if c.may_set => c,
        Ok(_) => {
            let e = AppError::Forbidden("change mitigations".into());
            return errors::for_app_error(&state, &e);
        }
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let Some((m, _)) = c.mitigations.iter().find(|(m, _)| m.mitigation_id == id) else {
        return errors::for_app_error(&state, &AppError::NotFound(format!("mitigation {id}")));
    };
    let typed = typed_of(&m.plan);
    let html = format!(
        "<h1 class=\"govuk-heading-l\">Change mitigation: {name}</h1>{change}{remove}\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"{PATH}\">Back to mitigations and scenarios</a></p>",
        name = escape(&m.plan.name),
        change = form(
            &path,
            &current.csrf_token,
            &format!(
                "{}{}",
                mitigation_fields(&c, &typed, &Vec::new()),
                button("Save changes")
            )
        ),
        remove = form(
            &format!("{path}/remove"),
            &current.csrf_token,
            "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">Remove mitigation</button>"
        ),
    );
    signed_in_page(&state, &current, PATH, "Change mitigation", html, false)
}

/// The form's fields for a recorded mitigation.
fn typed_of(p: &MitigationPlan) -> Typed {
    let bp = p.basis_points.abs();
    Typed(vec![
        ("name".into(), p.name.clone()),
        ("theme".into(), p.theme.code().into()),
        ("owner".into(), p.owner.clone()),
        ("rag".into(), p.rag.code().into()),
        ("change".into(), p.kind.code().into()),
        ("setting".into(), p.setting.code().into()),
        (
            "direction".into(),
            if p.basis_points < 0 {
                "decrease"
            } else {
                "increase"
            }
            .into(),
        ),
        ("percentage".into(), format!("{}.{:02}", bp / 100, bp % 100)),
        (
            "places".into(),
            p.places.map_or_else(String::new, |n| n.to_string()),
        ),
        (
            "excess_to".into(),
            p.excess_to.map_or_else(String::new, |c| c.code().into()),
        ),
        ("from".into(), p.from.to_string()),
    ])
}

/// `POST /finance/scenarios/mitigations/{id}`.
pub async fn post_change_mitigation(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (typed, current) = match form_start(&state, &headers, &from, pairs).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    match save_mitigation(
        state.store(),
        &current.actor,
        Some(id),
        &new_mitigation(&typed),
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("{PATH}?done=changed")).into_response(),
        Err(e) => again(&state, &current, &typed, e).await,
    }
}

/// `POST /finance/scenarios/mitigations/{id}/remove`.
pub async fn post_remove_mitigation(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (_, current) = match form_start(&state, &headers, &from, pairs).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    let removed = remove_mitigation(state.store(), &current.actor, id).await;
    done_or(&state, removed, "removed")
}

/// `POST /finance/scenarios/scenarios`.
pub async fn post_scenario(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (typed, current) = match form_start(&state, &headers, &from, pairs).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    let chosen = typed.all("mitigations");
    let name = typed.get("scenario_name");
    match add_scenario(state.store(), &current.actor, name, &chosen).await {
        Ok(_) => Redirect::to(&format!("{PATH}?done=scenario")).into_response(),
        Err(e) => {
            let problems = match field_errors(e, |f| match f {
                "name" => "scenario_name".to_owned(),
                other => other.to_owned(),
            }) {
                Ok(p) => p,
                Err(e) => return errors::for_app_error(&state, &e),
            };
            show(&state, &current, &typed, &problems, String::new()).await
        }
    }
}

/// `POST /finance/scenarios/scenarios/{id}/remove`.
pub async fn post_remove_scenario(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (_, current) = match form_start(&state, &headers, &from, pairs).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    let removed = remove_scenario(state.store(), &current.actor, id).await;
    done_or(&state, removed, "scenario-removed")
}
