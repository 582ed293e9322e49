//! What the casework tests share: a council with a caseworker, a finance officer and a SENCO,
//! three children, and a caseworker who fills in the case forms as a browser would.

#![allow(clippy::unwrap_used, dead_code)]

use app::auth;
use app::children::{NewChild, register_child};
use app::staff::{NewStaff, add_staff};
use app::{Actor, Store};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::{NaiveDate, Utc};
use domain::LaCode;
use store::SettingRow;
use tower::ServiceExt;

pub const PASSWORD: &str = "a long enough password";
/// Sections A and F of the draft, typed with a browser's line ends.
pub const VIEWS: &str = "Amara loves drawing and wants to be a vet.";
pub const PROVISION: &str = "Weekly speech and language therapy.\r\nA quiet space at lunch.";

pub fn la() -> LaCode {
    LaCode::new(801).unwrap()
}

pub struct Council {
    pub router: axum::Router,
    pub amara: i64,
    pub ben: i64,
    pub cara: i64,
}

pub async fn council(store: &Store) -> Council {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.insert_settings(&[SettingRow {
        la_id: 801,
        setting_id: 1,
        urn: Some(990001),
        ukprn: None,
        name: "Sampleford Primary School".into(),
        phase: "primary".into(),
        setting_type: "mainstream_academy".into(),
        area: "North".into(),
        in_area: true,
        postcode: Some("ZY1 1AA".into()),
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let operator = Actor::operator(la());
    for (email, role, settings) in [
        ("casey@example.org", "send_caseworker", vec![]),
        ("fin@example.org", "finance_officer", vec![]),
        ("senco@example.org", "senco", vec![1]),
    ] {
        let new = NewStaff {
            name: format!("{role} person"),
            email: email.into(),
            roles: vec![role.into()],
            password: Some(PASSWORD.into()),
            setting_ids: settings,
            ..Default::default()
        };
        add_staff(store, &operator, new).await.unwrap();
    }
    let today = Utc::now().date_naive();
    let child = |forename: &str| NewChild {
        forename: forename.into(),
        surname: "Casefile".into(),
        birth_date: "2016-05-04".into(),
        sex: "F".into(),
        upn_unknown: Some("UN1".into()),
        needs: vec!["SLCN".into()],
        ..Default::default()
    };
    let mut ids = Vec::new();
    for name in ["Amara", "Ben", "Cara"] {
        ids.push(
            register_child(store, &operator, child(name), today)
                .await
                .unwrap(),
        );
    }
    let config = web::WebConfig {
        la: la(),
        council_name: "Bristol, City of".into(),
        secure_cookies: false,
        print_emails: false,
    };
    let router = web::router(web::AppState::new(
        store.clone(),
        config,
        web::Assets::default(),
    ));
    Council {
        router,
        amara: ids[0],
        ben: ids[1],
        cara: ids[2],
    }
}

pub async fn send(
    router: &axum::Router,
    request: Request<Body>,
) -> (StatusCode, HeaderMap, String) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 1 << 22)
        .await
        .unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

pub async fn get(router: &axum::Router, path: &str, cookie: &str) -> (StatusCode, String) {
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = send(router, request).await;
    (status, body)
}

pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".into(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Posts a form as a browser would, with the CSRF token given (or none).
pub async fn post(
    router: &axum::Router,
    path: &str,
    cookie: &str,
    csrf: Option<&str>,
    fields: &[(String, String)],
) -> (StatusCode, HeaderMap, String) {
    let mut body: Vec<String> = csrf
        .map(|t| format!("csrf_token={}", encode(t)))
        .into_iter()
        .collect();
    body.extend(
        fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v))),
    );
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.join("&")))
        .unwrap();
    send(router, request).await
}

pub async fn sign_in(store: &Store, email: &str) -> String {
    let s = auth::sign_in_staff(store, la(), email, PASSWORD, None, "127.0.0.1", Utc::now())
        .await
        .unwrap();
    format!("highneeds_session={}", s.cookie)
}

pub fn csrf_of(page: &str) -> String {
    page.split("name=\"csrf_token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

pub fn date(name: &str, on: NaiveDate) -> Vec<(String, String)> {
    with_date(name, on, &[])
}

/// A form's answers: a GOV.UK date input, as typed, and other fields.
pub fn with_date(name: &str, on: NaiveDate, more: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields = vec![
        (format!("{name}-day"), on.format("%-d").to_string()),
        (format!("{name}-month"), on.format("%-m").to_string()),
        (format!("{name}-year"), on.format("%Y").to_string()),
    ];
    fields.extend(
        more.iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string())),
    );
    fields
}

pub fn field(name: &str, value: &str) -> (String, String) {
    (name.into(), value.into())
}

pub fn day(on: NaiveDate) -> String {
    on.format("%-d %B %Y").to_string()
}

/// The table row (or timeline line) that mentions `text`.
pub fn row_with<'a>(page: &'a str, text: &str) -> &'a str {
    // Past the first piece, which is the page before any table.
    page.split("<tr")
        .skip(1)
        .find(|row| row.contains(text))
        .unwrap_or_else(|| panic!("no row with {text}: {page}"))
}

/// A caseworker on one child's case: submits forms and reads the case page.
pub struct Caseworker<'a> {
    pub router: &'a axum::Router,
    pub cookie: String,
    pub child: i64,
}

impl Caseworker<'_> {
    pub async fn case(&self) -> String {
        let (status, page) = get(
            self.router,
            &format!("/children/{}/case", self.child),
            &self.cookie,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        page
    }

    pub async fn form(&self, action: &str) -> String {
        let (status, page) = get(
            self.router,
            &format!("/children/{}/case/{action}", self.child),
            &self.cookie,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{action}: {page}");
        page
    }

    /// Opens the form, submits it, and follows the redirect to the case page with its banner.
    pub async fn record(
        &self,
        action: &str,
        fields: Vec<(String, String)>,
        banner: &str,
    ) -> String {
        let csrf = csrf_of(&self.form(action).await);
        let path = format!("/children/{}/case/{action}", self.child);
        let (status, headers, page) =
            post(self.router, &path, &self.cookie, Some(&csrf), &fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{action}: {page}");
        let location = headers[header::LOCATION].to_str().unwrap().to_string();
        assert_eq!(
            location,
            format!("/children/{}/case?done={action}", self.child)
        );
        let (_, page) = get(self.router, &location, &self.cookie).await;
        assert!(
            page.contains("govuk-notification-banner--success") && page.contains(banner),
            "{action}: {page}"
        );
        page
    }
}
