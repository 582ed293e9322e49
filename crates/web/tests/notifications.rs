//! The notifications page through the real router, on both engines: a professional asked for
//! advice sees what changed and what to do next, with no child's name, and marks it read with
//! a form post; nobody else sees or marks it.

#![allow(clippy::unwrap_used)]

use app::casework::requests::{
    NewAdvice, NewRequest, RequestDecision, decide_request, record_request, request_advice,
};
use app::children::{NewChild, register_child};
use app::staff::{NewStaff, add_staff};
use app::{Actor, Store, auth};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Days, Utc};
use domain::{LaCode, Role};
use tower::ServiceExt;

const PASSWORD: &str = "a long enough password";

fn la() -> LaCode {
    LaCode::new(801).unwrap()
}

async fn staff(store: &Store, name: &str, email: &str, role: &str) -> i64 {
    let admin = Actor::staff(la(), 0, vec![Role::LaAdmin], "test");
    let new = NewStaff {
        name: name.into(),
        email: email.into(),
        roles: vec![role.into()],
        password: Some(PASSWORD.into()),
        ..Default::default()
    };
    add_staff(store, &admin, new).await.unwrap().staff_id
}

async fn signed_in(store: &Store, email: &str) -> (String, String) {
    let s = auth::sign_in_staff(store, la(), email, PASSWORD, None, "127.0.0.1", Utc::now())
        .await
        .unwrap();
    (format!("highneeds_session={}", s.cookie), s.csrf_token)
}

async fn send(router: &axum::Router, request: Request<Body>) -> (StatusCode, String, String) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = axum::body::to_bytes(response.into_body(), 1 << 22)
        .await
        .unwrap();
    (
        status,
        location,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

fn get(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

fn post(path: &str, cookie: &str, csrf: &str) -> Request<Body> {
    Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf_token={csrf}")))
        .unwrap()
}

async fn a_professional_reads_and_marks_their_notification(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let casey = staff(
        store,
        "Casey Worker",
        "casey@example.org",
        "send_caseworker",
    )
    .await;
    let pat = staff(store, "Pat Psychologist", "pat@example.org", "professional").await;
    let caseworker = Actor::staff(la(), casey, vec![Role::SendCaseworker], "test");
    let today = Utc::now().date_naive();
    let ago = |n| (today - Days::new(n)).to_string();
    let child = register_child(
        store,
        &Actor::operator(la()),
        NewChild {
            forename: "Ada".into(),
            surname: "Testcase".into(),
            birth_date: "2018-02-10".into(),
            sex: "F".into(),
            upn_unknown: Some("UN1".into()),
            ..Default::default()
        },
        today,
    )
    .await
    .unwrap();
    let request = NewRequest {
        received_on: ago(20),
        source: "parent".into(),
    };
    record_request(store, &caseworker, child, request, today)
        .await
        .unwrap();
    let decision = RequestDecision {
        decided_on: ago(10),
        outcome: "assess".into(),
        reasons: String::new(),
    };
    decide_request(store, &caseworker, child, decision, today)
        .await
        .unwrap();
    let advice = NewAdvice {
        service: "educational_psychology".into(),
        adviser: "Pat Psychologist".into(),
        adviser_staff_id: Some(pat),
        requested_on: ago(1),
    };
    let advice_id = request_advice(store, &caseworker, child, advice, today)
        .await
        .unwrap();
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

    let (status, location, _) = send(&router, get("/notifications", "")).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/sign-in")
    );

    let (pat_cookie, pat_csrf) = signed_in(store, "pat@example.org").await;
    let (status, _, page) = send(&router, get("/notifications", &pat_cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("You have 1 unread notification."), "{page}");
    assert!(
        page.contains(&format!("Advice requested: ADV-801-{advice_id}, due ")),
        "{page}"
    );
    assert!(page.contains("What to do next</dt>"), "{page}");
    assert!(page.contains("Send your advice by "), "{page}");
    assert!(
        page.contains("href=\"/notifications\" aria-current=\"true\""),
        "in the navigation, marked current"
    );
    assert!(!page.contains("Testcase"), "no child's name");
    let id: String = page
        .split("action=\"/notifications/")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let mark = format!("/notifications/{id}/read");

    // Without the form's token: refused. Someone else: not found.
    let (status, _, _) = send(&router, post(&mark, &pat_cookie, "wrong")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (casey_cookie, casey_csrf) = signed_in(store, "casey@example.org").await;
    let (status, _, _) = send(&router, post(&mark, &casey_cookie, &casey_csrf)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, theirs) = send(&router, get("/notifications", &casey_cookie)).await;
    assert!(theirs.contains("You have no notifications."), "{theirs}");

    let (status, location, _) = send(&router, post(&mark, &pat_cookie, &pat_csrf)).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/notifications")
    );
    let (_, _, page) = send(&router, get("/notifications", &pat_cookie)).await;
    assert!(
        page.contains("You have read all your notifications."),
        "{page}"
    );
    assert!(!page.contains("Mark as read"), "{page}");
}

store::on_both_engines!(a_professional_reads_and_marks_their_notification);
