//! Sessions in the browser: the cookies, who the request is from, and CSRF checks. Who may do
//! what is never decided here: that is `app::policy`.

use std::net::SocketAddr;

use app::auth::{self, CurrentSession};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;

use crate::pages::errors;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "highneeds_session";
/// The CSRF token for forms shown before sign-in (double-submit: cookie and form must match).
pub const FORM_COOKIE: &str = "highneeds_form";

/// The address a request came from (the socket's peer).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(
                || "unknown".to_string(),
                |ConnectInfo(a)| a.ip().to_string(),
            );
        Ok(ClientAddr(addr))
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn set_cookie(state: &AppState, name: &str, value: &str) -> HeaderValue {
    let secure = if state.config().secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

pub fn clear_cookie(name: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

/// The signed-in session, if any.
pub async fn current(state: &AppState, headers: &HeaderMap, from: &str) -> Option<CurrentSession> {
    let value = cookie(headers, SESSION_COOKIE)?;
    match auth::current_session(state.store(), value, from, Utc::now()).await {
        Ok(session) => session,
        Err(e) => {
            tracing::error!("reading session: {e}");
            None
        }
    }
}

/// The signed-in session, or a redirect to sign in (recorded in the audit trail).
pub async fn require(
    state: &AppState,
    headers: &HeaderMap,
    from: &str,
    path: &str,
) -> Result<CurrentSession, Response> {
    if let Some(session) = current(state, headers, from).await {
        return Ok(session);
    }
    if let Err(e) =
        auth::record_sign_in_required(state.store(), state.config().la, path, from).await
    {
        tracing::error!("auditing a sign-in redirect: {e}");
        return Err(errors::server_error(state));
    }
    Err(Redirect::to("/sign-in").into_response())
}

/// Whether a form's token matches the session's (or, before sign-in, the form cookie).
pub fn csrf_ok(expected: Option<&str>, submitted: &str) -> bool {
    match expected {
        Some(expected) if !expected.is_empty() => {
            expected.len() == submitted.len()
                && expected
                    .bytes()
                    .zip(submitted.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        }
        _ => false,
    }
}
