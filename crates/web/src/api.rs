//! The JSON API under `/api/v1`: the same resources as the pages, through the same use cases
//! and so the same policy and audit. Callers authenticate with a staff API token
//! (`Authorization: Bearer …`) or a session cookie. Errors are problem JSON (RFC 9457).
//! The OpenAPI 3.1 description is at `/api/v1/openapi.json`.

use app::children::{search_children, view_child};
use app::settings::{list_settings, view_setting};
use app::{Actor, AppError, auth};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Local;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::session::{self, ClientAddr};
use crate::state::AppState;

mod documents;
pub use documents::{child_documents, document};

fn problem(status: StatusCode, title: &str, detail: &str) -> Response {
    let body = json!({ "type": "about:blank", "title": title, "status": status.as_u16(), "detail": detail });
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

fn app_problem(error: &AppError) -> Response {
    match error {
        AppError::NotFound(what) => problem(
            StatusCode::NOT_FOUND,
            "Not found",
            &format!("{what} not found"),
        ),
        AppError::Forbidden(what) => problem(
            StatusCode::FORBIDDEN,
            "Forbidden",
            &format!("you do not have permission to {what}"),
        ),
        AppError::Invalid(problems) => {
            let body = json!({
                "type": "about:blank",
                "title": "Invalid request",
                "status": 400,
                "detail": error.to_string(),
                "errors": problems.iter().map(|p| json!({ "field": p.field, "problem": p.problem })).collect::<Vec<_>>(),
            });
            (
                StatusCode::BAD_REQUEST,
                [(header::CONTENT_TYPE, "application/problem+json")],
                body.to_string(),
            )
                .into_response()
        }
        other => {
            tracing::error!("api: {other}");
            problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal error",
                "Sorry, there is a problem with the service",
            )
        }
    }
}

/// Who is calling: a bearer token, else a session cookie.
async fn caller(state: &AppState, headers: &HeaderMap, from: &str) -> Result<Actor, Response> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let Some(token) = bearer {
        return match auth::api_token_actor(state.store(), token.trim(), from).await {
            Ok(Some(actor)) => Ok(actor),
            Ok(None) => Err(problem(
                StatusCode::UNAUTHORIZED,
                "Unauthorized",
                "the API token is not valid",
            )),
            Err(e) => Err(app_problem(&e)),
        };
    }
    match session::current(state, headers, from).await {
        Some(current) => Ok(current.actor),
        None => Err(problem(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "sign in, or send an API token as a Bearer token",
        )),
    }
}

#[derive(Serialize)]
struct ChildMatchJson {
    id: i64,
    name: String,
    birth_date: String,
    upn: Option<String>,
}

#[derive(Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
}

pub async fn children(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(p): Query<SearchParams>,
) -> Response {
    let actor = match caller(&state, &headers, &from).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match search_children(state.store(), &actor, &p.q).await {
        Ok(found) => Json(
            found
                .into_iter()
                .map(|c| ChildMatchJson {
                    id: c.child_id,
                    name: c.name,
                    birth_date: c.birth_date.to_string(),
                    upn: c.upn,
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(e) => app_problem(&e),
    }
}

pub async fn child(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let actor = match caller(&state, &headers, &from).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match view_child(state.store(), &actor, id, Local::now().date_naive()).await {
        Ok(c) => Json(json!({
            "id": c.child_id,
            "forename": c.forename,
            "surname": c.surname,
            "birth_date": c.birth_date.to_string(),
            "age": c.age,
            "nc_year": c.nc_year.get(),
            "upn": c.upn,
            "needs": c.needs.iter().map(|n| json!({ "code": n.code(), "label": n.label() })).collect::<Vec<_>>(),
            "current_setting": c.current_setting,
            "plans": c.plans.iter().map(|p| json!({
                "id": p.plan_id, "start_on": p.start_on.to_string(), "cease_on": p.cease_on.map(|d| d.to_string()),
            })).collect::<Vec<_>>(),
        }))
        .into_response(),
        Err(e) => app_problem(&e),
    }
}

pub async fn settings(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let actor = match caller(&state, &headers, &from).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match list_settings(state.store(), &actor).await {
        Ok(list) => Json(list.into_iter().map(setting_json).collect::<Vec<_>>()).into_response(),
        Err(e) => app_problem(&e),
    }
}

pub async fn setting(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let actor = match caller(&state, &headers, &from).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match view_setting(state.store(), &actor, id).await {
        Ok(s) => {
            let mut value = setting_json(s.summary);
            value["postcode"] = json!(s.postcode);
            value["provisions"] = json!(s
                .provisions
                .iter()
                .map(|p| json!({ "kind": p.kind, "need_focus": p.need_focus, "places": p.places }))
                .collect::<Vec<_>>());
            Json(value).into_response()
        }
        Err(e) => app_problem(&e),
    }
}

fn setting_json(s: app::settings::SettingSummary) -> Value {
    json!({
        "id": s.setting_id, "name": s.name, "urn": s.urn, "ukprn": s.ukprn, "phase": s.phase,
        "type": s.setting_type, "area": s.area, "in_area": s.in_area,
    })
}

pub async fn not_found() -> Response {
    problem(StatusCode::NOT_FOUND, "Not found", "no such API endpoint")
}

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// The API's description. A test checks every path here is routed and every route is here.
pub const OPENAPI: &str = include_str!("openapi.json");
