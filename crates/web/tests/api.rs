//! The JSON API: tokens, problem JSON, and an OpenAPI document that matches the routes.

#![allow(clippy::unwrap_used)]

use app::auth;
use app::children::{NewChild, register_child};
use app::staff::{NewStaff, add_staff};
use app::{Actor, Store};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use domain::LaCode;
use tower::ServiceExt;

fn la() -> LaCode {
    LaCode::new(801).unwrap()
}

async fn call(
    router: &axum::Router,
    path: &str,
    token: Option<&str>,
) -> (StatusCode, String, serde_json::Value) {
    let mut request = Request::get(path);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        content_type,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

async fn a_token_reads_children_and_errors_are_problem_json(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let operator = Actor::operator(la());
    let new = NewStaff {
        name: "Casey".into(),
        email: "casey@example.org".into(),
        roles: vec!["send_caseworker".into()],
        password: Some("a long enough password".into()),
        ..Default::default()
    };
    add_staff(store, &operator, new).await.unwrap();
    let child = NewChild {
        forename: "Amara".into(),
        surname: "Apiwood".into(),
        birth_date: "2016-05-04".into(),
        sex: "F".into(),
        upn: Some("D801234524001".into()),
        needs: vec!["SLCN".into()],
        ..Default::default()
    };
    let id = register_child(store, &operator, child, Utc::now().date_naive())
        .await
        .unwrap();
    let signed_in = auth::sign_in_staff(
        store,
        la(),
        "casey@example.org",
        "a long enough password",
        None,
        "127.0.0.1",
        Utc::now(),
    )
    .await
    .unwrap();
    let token = auth::create_api_token(store, &signed_in.actor, "tests", Utc::now())
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

    let (status, _, body) = call(&router, "/api/v1/children?q=Apiwood", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body[0]["name"], "Amara Apiwood");
    let (status, _, body) = call(&router, &format!("/api/v1/children/{id}"), Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["upn"], "D801234524001");
    assert_eq!(body["needs"][0]["code"], "SLCN");

    let (status, content_type, body) = call(&router, "/api/v1/children/999", Some(&token)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(body["status"], 404);
    let (status, content_type, body) = call(&router, "/api/v1/children?q=", Some(&token)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(body["errors"][0]["field"], "q");
    let (status, _, body) =
        call(&router, "/api/v1/children?q=Apiwood", Some("801.hn_forged")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["title"], "Unauthorized");
    let (status, _, _) = call(&router, "/api/v1/children?q=Apiwood", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let mut tx = store.begin().await.unwrap();
    let reads = tx.audit_for_child(801, id, 10).await.unwrap();
    assert!(
        reads
            .iter()
            .any(|e| e.action == "child.read" && e.actor == "staff:1"),
        "API reads are audited"
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let doc: serde_json::Value = serde_json::from_str(web::OPENAPI).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "/children",
            "/children/{id}",
            "/children/{id}/documents",
            "/documents/{id}",
            "/settings",
            "/settings/{id}"
        ]
    );
    let source = include_str!("../src/lib.rs");
    for path in &paths {
        assert!(
            source.contains(&format!("\"/api/v1{path}\"")),
            "{path} is routed"
        );
    }
    let routed = source.matches("\"/api/v1/").count();
    assert_eq!(
        routed,
        paths.len() + 2,
        "every API route but openapi.json and the catch-all is described"
    );
}

#[tokio::test]
async fn sqlite_api() {
    let db = store::testing::TestDb::new(store::Engine::Sqlite).await;
    a_token_reads_children_and_errors_are_problem_json(&db.store).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_api() {
    let db = store::testing::TestDb::new(store::Engine::Postgres).await;
    a_token_reads_children_and_errors_are_problem_json(&db.store).await;
    db.cleanup().await;
}
