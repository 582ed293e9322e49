//! Family sign-in codes go by email: a real SMTP conversation with a server on 127.0.0.1 that
//! keeps what arrives (`app::testing::SmtpServer`), then the code from the email signs the
//! parent in.

#![allow(clippy::unwrap_used)]

use app::families::{NewFamilyMember, add_family_member};
use app::{Actor, Store};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use domain::LaCode;
use tower::ServiceExt;

async fn post(
    router: &axum::Router,
    path: &str,
    body: String,
    cookie: &str,
) -> (StatusCode, String) {
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn a_family_sign_in_code_arrives_by_email_to_that_person_only(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let la = LaCode::new(801).unwrap();
    let operator = Actor::operator(la);
    let today = Utc::now().date_naive();
    let child = app::children::NewChild {
        forename: "Amara".into(),
        surname: "Mailwood".into(),
        birth_date: "2016-05-04".into(),
        sex: "F".into(),
        upn_unknown: Some("UN1".into()),
        ..Default::default()
    };
    let child_id = app::children::register_child(store, &operator, child, today)
        .await
        .unwrap();
    let parent = NewFamilyMember {
        name: "Pat Parent".into(),
        email: "pat@example.org".into(),
        role: "parent_carer".into(),
        child_ids: vec![child_id],
    };
    add_family_member(store, &operator, parent, today)
        .await
        .unwrap();

    let smtp = app::testing::SmtpServer::start().await;
    let config = web::WebConfig {
        la,
        council_name: "Bristol, City of".into(),
        secure_cookies: false,
        print_emails: false,
    };
    let mailer = web::Mailer::smtp(&smtp.address, "Bristol SEND <send@example.org>").unwrap();
    let router = web::router(
        web::AppState::new(store.clone(), config, web::Assets::default()).with_mailer(mailer),
    );

    let form = "highneeds_form=token1";
    let (status, page) = post(
        &router,
        "/sign-in/family",
        "csrf_token=token1&email=nobody%40example.org".into(),
        form,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Check your email"), "{page}");
    assert!(
        smtp.received().is_empty(),
        "no email for an address without an account"
    );

    let (status, page) = post(
        &router,
        "/sign-in/family",
        "csrf_token=token1&email=Pat%40Example.org".into(),
        form,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Check your email"), "{page}");
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].recipients, ["pat@example.org"]);
    assert!(
        received[0].data.contains("Subject: Your sign-in code:"),
        "{}",
        received[0].data
    );
    assert!(
        !received[0].data.contains("Amara") && !received[0].data.contains("Mailwood"),
        "no personal detail"
    );
    let code = received[0]
        .data
        .split("Subject: Your sign-in code: ")
        .nth(1)
        .and_then(|rest| rest.get(..6))
        .unwrap()
        .to_string();

    let (status, _) = post(
        &router,
        "/sign-in/family/code",
        format!("csrf_token=token1&email=pat%40example.org&code={code}"),
        form,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the emailed code signs the parent in"
    );
}

store::on_both_engines!(a_family_sign_in_code_arrives_by_email_to_that_person_only);
