//! What the web tests share: the council's router, signing in, and requests with the session's
//! cookie and form token. Each test file uses some of these.

#![allow(dead_code, clippy::unwrap_used)]

use app::{Store, auth};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use domain::LaCode;
use tower::ServiceExt;

pub const PASSWORD: &str = "a long enough password";

pub fn la() -> LaCode {
    LaCode::new(801).unwrap()
}

/// The router for Bristol's test council.
pub fn router(store: &Store) -> axum::Router {
    router_with(store, false)
}

/// The router, printing the emails it sends itself (sign-in codes) instead of having no way
/// to send them.
pub fn router_with(store: &Store, print_emails: bool) -> axum::Router {
    let config = web::WebConfig {
        la: la(),
        council_name: "Bristol, City of".into(),
        secure_cookies: false,
        print_emails,
    };
    // Documents stay in memory: a test leaves no files behind.
    web::router(
        web::AppState::new(store.clone(), config, web::Assets::default())
            .with_documents(app::document_store::DocumentStore::in_memory()),
    )
}

/// Adds a member of staff with one role and [`PASSWORD`], and signs them in: their cookie.
pub async fn new_staff_cookie(store: &Store, email: &str, role: &str) -> String {
    let new = app::staff::NewStaff {
        name: email.into(),
        email: email.into(),
        roles: vec![role.into()],
        password: Some(PASSWORD.into()),
        ..Default::default()
    };
    app::staff::add_staff(store, &app::Actor::operator(la()), new)
        .await
        .unwrap();
    staff_cookie(store, email).await
}

/// The session cookie of a member of staff signed in with [`PASSWORD`].
pub async fn staff_cookie(store: &Store, email: &str) -> String {
    let s = auth::sign_in_staff(store, la(), email, PASSWORD, None, "127.0.0.1", Utc::now())
        .await
        .unwrap();
    format!("highneeds_session={}", s.cookie)
}

/// The session cookie of a family member, signed in with the code sent to them.
pub async fn family_cookie(store: &Store, email: &str) -> String {
    let code = auth::start_family_sign_in(store, la(), email, "127.0.0.1", Utc::now())
        .await
        .unwrap()
        .unwrap();
    let s = auth::finish_family_sign_in(store, la(), email, &code, "127.0.0.1", Utc::now())
        .await
        .unwrap();
    format!("highneeds_session={}", s.cookie)
}

/// The status, body and `Location` of a response.
pub async fn send(
    router: &axum::Router,
    request: Request<Body>,
) -> (StatusCode, String, Option<String>) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|l| l.to_str().unwrap().to_string());
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap(), location)
}

pub async fn get(router: &axum::Router, path: &str, cookie: &str) -> (StatusCode, String) {
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let (status, body, _) = send(router, request).await;
    (status, body)
}

/// Posts an encoded form body with the session's form token, read from a page every
/// signed-in person may open.
pub async fn post_form(
    router: &axum::Router,
    path: &str,
    cookie: &str,
    body: &str,
) -> (StatusCode, String, Option<String>) {
    let (_, page) = get(router, "/dashboard", cookie).await;
    let at = page.find("name=\"csrf_token\" value=\"").unwrap() + 25;
    let token = page[at..].split('"').next().unwrap();
    let request = Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf_token={token}&{body}")))
        .unwrap();
    send(router, request).await
}

/// Posts a multipart form: text fields, then one file as (name, content type, bytes), with the
/// session's form token first, as the browser sends it.
pub async fn post_multipart(
    router: &axum::Router,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
    file: (&str, &str, &[u8]),
) -> (StatusCode, String, Option<String>) {
    const BOUNDARY: &str = "----highneeds-test-boundary";
    let (_, page) = get(router, "/dashboard", cookie).await;
    let at = page.find("name=\"csrf_token\" value=\"").unwrap() + 25;
    let token = page[at..].split('"').next().unwrap().to_string();
    let mut body = Vec::new();
    for (name, value) in std::iter::once(&("csrf_token", token.as_str())).chain(fields) {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n\
             Content-Type: {}\r\n\r\n",
            file.0, file.1
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.2);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let request = Request::post(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    send(router, request).await
}

/// Adds members of staff who sign in with [`PASSWORD`]: (name, email, role code, settings).
pub async fn add_staff_members(store: &Store, members: &[(&str, &str, &str, Vec<i64>)]) {
    let operator = app::Actor::operator(la());
    for (name, email, role, settings) in members {
        let new = app::staff::NewStaff {
            name: (*name).into(),
            email: (*email).into(),
            roles: vec![(*role).into()],
            password: Some(PASSWORD.into()),
            setting_ids: settings.clone(),
            ..Default::default()
        };
        app::staff::add_staff(store, &operator, new).await.unwrap();
    }
}

/// The demo council of about `plans` plans with casework to today, its top-up, placement costs
/// and this year's budget, and three staff signing in with [`PASSWORD`]: a finance officer
/// (`fay@example.org`), a SEND manager (`mo@example.org`) and a caseworker (`cy@example.org`).
pub async fn demo_council_with_budget(store: &Store, plans: u32) -> synth::Council {
    let today = chrono::Local::now().date_naive();
    let tables = synth::DfeTables::embedded().unwrap();
    let council_la = tables.local_authority(la()).unwrap().clone();
    let calibration = tables.calibrate(Some(council_la.code)).unwrap();
    let council = synth::generate_to(&council_la, &calibration, plans, 7, today);
    let operator = app::Actor::operator(council_la.code);
    app::councils::load_local_authorities(store, std::slice::from_ref(&council_la))
        .await
        .unwrap();
    app::demo::seed_council(store, &operator, &council, &mut |_| {})
        .await
        .unwrap();
    app::demo::create_demo_staff(store, &operator, "demo.example.org")
        .await
        .unwrap();
    app::demo_topup::seed_topup(store, &operator, today, Utc::now())
        .await
        .unwrap();
    app::demo_budget::seed_budget(store, &operator, today)
        .await
        .unwrap();
    add_staff_members(
        store,
        &[
            ("Fay Finance", "fay@example.org", "finance_officer", vec![]),
            ("Mo Manager", "mo@example.org", "send_manager", vec![]),
            ("Cy Caseworker", "cy@example.org", "send_caseworker", vec![]),
        ],
    )
    .await;
    council
}
