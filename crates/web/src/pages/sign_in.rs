//! Signing in: staff with email and password (and a security code once set up); families with
//! a code sent by email. Signing out, here or everywhere.

use app::auth;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;

use crate::html::{button, error_summary, escape, form, text_input};
use crate::layout::{Page, render};
use crate::pages::errors;
use crate::session::{self, ClientAddr, FORM_COOKIE, SESSION_COOKIE};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct StaffForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

pub async fn staff_page(State(state): State<AppState>) -> Response {
    staff_form(&state, &StaffForm::default(), &[])
}

fn staff_form(state: &AppState, values: &StaffForm, errors: &[(String, String)]) -> Response {
    let Ok(token) = auth::new_form_token() else {
        return errors::server_error(state);
    };
    let error_for = |field: &str| {
        errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    };
    let fields = format!(
        "{}{}{}{}",
        text_input(
            "email",
            "Email address",
            &values.email,
            None,
            error_for("email"),
            Some("username")
        ),
        password_input(error_for("password")),
        text_input(
            "code",
            "Security code (if you have set one up)",
            "",
            Some("The 6-digit code from your authenticator app"),
            error_for("code"),
            Some("one-time-code"),
        ),
        button("Sign in"),
    );
    let body = format!(
        "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">{}\
         <h1 class=\"govuk-heading-l\">Sign in</h1>\
         <p class=\"govuk-body\">For council staff, schools and professionals. Parents, carers and young people \
         <a class=\"govuk-link\" href=\"/sign-in/family\">sign in with a code sent by email</a>.</p>{}</div></div>",
        error_summary(errors),
        form("/sign-in", &token, &fields)
    );
    let page = Page {
        title: "Sign in",
        actor: None,
        path: "/sign-in",
        csrf_token: None,
        body,
        has_errors: !errors.is_empty(),
    };
    let mut response = Html(render(state, page)).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        session::set_cookie(state, FORM_COOKIE, &token),
    );
    response
}

fn password_input(error: Option<&str>) -> String {
    let error_html = error
        .map(|e| format!("<p id=\"password-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {}</p>", escape(e)))
        .unwrap_or_default();
    let group = if error.is_some() {
        " govuk-form-group--error"
    } else {
        ""
    };
    let input_error = if error.is_some() {
        " govuk-input--error\" aria-describedby=\"password-error"
    } else {
        ""
    };
    format!(
        "<div class=\"govuk-form-group{group}\"><label class=\"govuk-label\" for=\"password\">Password</label>{error_html}\
         <input class=\"govuk-input govuk-password-input__input{input_error}\" id=\"password\" name=\"password\" type=\"password\" \
         autocomplete=\"current-password\" spellcheck=\"false\" autocapitalize=\"none\"></div>"
    )
}

pub async fn staff_submit(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(values): Form<StaffForm>,
) -> Response {
    if !session::csrf_ok(session::cookie(&headers, FORM_COOKIE), &values.csrf_token) {
        return staff_form(
            &state,
            &values,
            &[(
                "email".into(),
                "Your sign-in form had expired. Try again".into(),
            )],
        );
    }
    let mut errors = Vec::new();
    if values.email.trim().is_empty() {
        errors.push(("email".to_string(), "Enter your email address".to_string()));
    }
    if values.password.is_empty() {
        errors.push(("password".to_string(), "Enter your password".to_string()));
    }
    if !errors.is_empty() {
        return staff_form(&state, &values, &errors);
    }
    let code = Some(values.code.trim()).filter(|c| !c.is_empty());
    match auth::sign_in_staff(
        state.store(),
        state.config().la,
        &values.email,
        &values.password,
        code,
        &from,
        Utc::now(),
    )
    .await
    {
        Ok(signed_in) => signed_in_response(&state, &signed_in.cookie, "/dashboard"),
        Err(app::AppError::Unauthenticated(message)) => {
            staff_form(&state, &values, &[("email".into(), message)])
        }
        Err(app::AppError::Invalid(problems)) => {
            staff_form(&state, &values, &field_errors(&problems))
        }
        Err(other) => errors::for_app_error(&state, &other),
    }
}

fn signed_in_response(state: &AppState, cookie_value: &str, next: &str) -> Response {
    let mut response = Redirect::to(next).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        session::set_cookie(state, SESSION_COOKIE, cookie_value),
    );
    response
        .headers_mut()
        .append(header::SET_COOKIE, session::clear_cookie(FORM_COOKIE));
    response
}

#[derive(Deserialize, Default)]
pub struct FamilyForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    code: String,
}

/// Two journeys check an email address with a code: signing in to an account, and asking for
/// an assessment, which needs no account beforehand (one is made once the code is right).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Journey {
    SignIn,
    Request,
}

impl Journey {
    fn email_path(self) -> &'static str {
        match self {
            Journey::SignIn => "/sign-in/family",
            Journey::Request => "/request-an-assessment/email",
        }
    }

    fn code_path(self) -> &'static str {
        match self {
            Journey::SignIn => "/sign-in/family/code",
            Journey::Request => "/request-an-assessment/code",
        }
    }

    /// Where the code leads.
    fn next_path(self) -> &'static str {
        match self {
            Journey::SignIn => "/dashboard",
            Journey::Request => "/request-an-assessment/form",
        }
    }
}

pub async fn family_page(State(state): State<AppState>) -> Response {
    family_form(&state, Journey::SignIn, &FamilyForm::default(), false, &[])
}

/// `/request-an-assessment/email`: the first step of asking for an assessment.
pub async fn request_email_page(State(state): State<AppState>) -> Response {
    family_form(&state, Journey::Request, &FamilyForm::default(), false, &[])
}

fn family_form(
    state: &AppState,
    journey: Journey,
    values: &FamilyForm,
    code_sent: bool,
    errors: &[(String, String)],
) -> Response {
    let Ok(token) = auth::new_form_token() else {
        return errors::server_error(state);
    };
    let error_for = |field: &str| {
        errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    };
    let (heading, intro, fields, action) = if code_sent {
        let sent = match journey {
            Journey::SignIn => format!(
                "If {} has an account with us, we have sent a 6-digit code to it.",
                escape(values.email.trim())
            ),
            Journey::Request => format!(
                "We have sent a 6-digit code to {}.",
                escape(values.email.trim())
            ),
        };
        (
            "Check your email",
            format!("<p class=\"govuk-body\">{sent} The code works once and for 15 minutes.</p>"),
            format!(
                "<input type=\"hidden\" name=\"email\" value=\"{}\">{}{}",
                escape(values.email.trim()),
                text_input(
                    "code",
                    "Code from the email",
                    "",
                    None,
                    error_for("code"),
                    Some("one-time-code")
                ),
                button(if journey == Journey::SignIn {
                    "Sign in"
                } else {
                    "Continue"
                })
            ),
            journey.code_path(),
        )
    } else {
        let (heading, intro) = match journey {
            Journey::SignIn => (
                "Sign in as a parent, carer or young person",
                "We will email you a code to sign in with.",
            ),
            Journey::Request => (
                "Your email address",
                "We will email you a code to check the address is yours. We use it to tell you \
                 how the request is going; you can then follow it online at any time.",
            ),
        };
        (
            heading,
            format!("<p class=\"govuk-body\">{intro}</p>"),
            format!(
                "{}{}",
                text_input(
                    "email",
                    "Email address",
                    &values.email,
                    None,
                    error_for("email"),
                    Some("email")
                ),
                button("Send the code")
            ),
            journey.email_path(),
        )
    };
    let body = format!(
        "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">{}\
         <h1 class=\"govuk-heading-l\">{heading}</h1>{intro}{}</div></div>",
        error_summary(errors),
        form(action, &token, &fields)
    );
    let page = Page {
        title: heading,
        actor: None,
        path: "/sign-in",
        csrf_token: None,
        body,
        has_errors: !errors.is_empty(),
    };
    let mut response = Html(render(state, page)).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        session::set_cookie(state, FORM_COOKIE, &token),
    );
    response
}

pub async fn family_send_code(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(values): Form<FamilyForm>,
) -> Response {
    send_code(&state, Journey::SignIn, &from, &headers, values).await
}

pub async fn request_send_code(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(values): Form<FamilyForm>,
) -> Response {
    send_code(&state, Journey::Request, &from, &headers, values).await
}

async fn send_code(
    state: &AppState,
    journey: Journey,
    from: &str,
    headers: &HeaderMap,
    values: FamilyForm,
) -> Response {
    let state = state.clone();
    if !session::csrf_ok(session::cookie(headers, FORM_COOKIE), &values.csrf_token) {
        return family_form(
            &state,
            journey,
            &values,
            false,
            &[("email".into(), "Your form had expired. Try again".into())],
        );
    }
    let (la, now) = (state.config().la, Utc::now());
    let started = match journey {
        Journey::SignIn => {
            auth::start_family_sign_in(state.store(), la, &values.email, from, now).await
        }
        Journey::Request => auth::start_email_check(state.store(), la, &values.email, from, now)
            .await
            .map(Some),
    };
    match started {
        Ok(code) => {
            // Only an address with an account gets an email; the page is the same either way.
            if let Some(code) = code {
                let (subject, body) =
                    crate::mail::sign_in_code(&state.config().council_name, &code);
                // To the address on the account (as stored: lower-cased), not as typed.
                let to = app::staff::parse_email(&values.email)
                    .unwrap_or_else(|_| values.email.trim().to_string());
                if let Err(e) = state.mailer().send(&to, &subject, &body).await {
                    tracing::error!("sending a sign-in code: {e}");
                    return errors::server_error(&state);
                }
            }
            family_form(&state, journey, &values, true, &[])
        }
        Err(app::AppError::Invalid(problems)) => {
            family_form(&state, journey, &values, false, &field_errors(&problems))
        }
        Err(app::AppError::Unauthenticated(message)) => family_form(
            &state,
            journey,
            &values,
            false,
            &[("email".into(), message)],
        ),
        Err(other) => errors::for_app_error(&state, &other),
    }
}

pub async fn family_submit_code(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(values): Form<FamilyForm>,
) -> Response {
    submit_code(&state, Journey::SignIn, &from, &headers, values).await
}

pub async fn request_submit_code(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(values): Form<FamilyForm>,
) -> Response {
    submit_code(&state, Journey::Request, &from, &headers, values).await
}

async fn submit_code(
    state: &AppState,
    journey: Journey,
    from: &str,
    headers: &HeaderMap,
    values: FamilyForm,
) -> Response {
    let state = state.clone();
    if !session::csrf_ok(session::cookie(headers, FORM_COOKIE), &values.csrf_token) {
        return family_form(
            &state,
            journey,
            &values,
            true,
            &[("code".into(), "Your form had expired. Try again".into())],
        );
    }
    let (la, now) = (state.config().la, Utc::now());
    let (email, code) = (&values.email, &values.code);
    let finished = match journey {
        Journey::SignIn => {
            auth::finish_family_sign_in(state.store(), la, email, code, from, now).await
        }
        Journey::Request => {
            auth::finish_email_check(state.store(), la, email, code, from, now).await
        }
    };
    match finished {
        Ok(signed_in) => signed_in_response(&state, &signed_in.cookie, journey.next_path()),
        Err(app::AppError::Unauthenticated(message)) => {
            family_form(&state, journey, &values, true, &[("code".into(), message)])
        }
        Err(app::AppError::Invalid(_)) => family_form(
            &state,
            journey,
            &values,
            false,
            &[("email".into(), "Enter your email address".into())],
        ),
        Err(other) => errors::for_app_error(&state, &other),
    }
}

#[derive(Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf_token: String,
}

pub async fn sign_out(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(f): Form<SignOutForm>,
) -> Response {
    if let Some(current) = session::current(&state, &headers, &from).await {
        if !session::csrf_ok(Some(&current.csrf_token), &f.csrf_token) {
            return errors::forbidden(&state);
        }
        if let Some(cookie) = session::cookie(&headers, SESSION_COOKIE)
            && let Err(e) = auth::sign_out(state.store(), cookie).await
        {
            return errors::for_app_error(&state, &e);
        }
    }
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, session::clear_cookie(SESSION_COOKIE));
    response
}

pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(f): Form<SignOutForm>,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/sign-out-everywhere").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !session::csrf_ok(Some(&current.csrf_token), &f.csrf_token) {
        return errors::forbidden(&state);
    }
    if let Err(e) = auth::sign_out_everywhere(state.store(), &current.actor).await {
        return errors::for_app_error(&state, &e);
    }
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, session::clear_cookie(SESSION_COOKIE));
    response
}

/// A use case's input problems as (field, message) pairs for the error summary.
fn field_errors(problems: &[domain::FieldError]) -> Vec<(String, String)> {
    problems
        .iter()
        .map(|p| (p.field.to_string(), capitalise(&p.problem)))
        .collect()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}
