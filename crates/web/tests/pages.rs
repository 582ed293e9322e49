//! The pages through the real router, on both engines: sign-in, the guard on a child's record,
//! and what the audit trail records.

#![allow(clippy::unwrap_used)]

use app::auth;
use app::children::{NewChild, register_child};
use app::families::{NewFamilyMember, add_family_member};
use app::staff::{NewStaff, add_staff};
use app::{Actor, Store};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use domain::LaCode;
use tower::ServiceExt;

const PASSWORD: &str = "a long enough password";

fn la() -> LaCode {
    LaCode::new(801).unwrap()
}

struct Council {
    router: axum::Router,
    amara: i64,
    ben: i64,
}

async fn council(store: &Store) -> Council {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let operator = Actor::operator(la());
    for (email, role) in [
        ("casey@example.org", "send_caseworker"),
        ("morgan@example.org", "send_manager"),
        ("fin@example.org", "finance_officer"),
    ] {
        let new = NewStaff {
            name: email.into(),
            email: email.into(),
            roles: vec![role.into()],
            password: Some(PASSWORD.into()),
            ..Default::default()
        };
        add_staff(store, &operator, new).await.unwrap();
    }
    let today = Utc::now().date_naive();
    let child = |forename: &str, upn: &str| NewChild {
        forename: forename.into(),
        surname: "Samplewood".into(),
        birth_date: "2016-05-04".into(),
        sex: "F".into(),
        upn: Some(upn.into()),
        needs: vec!["ASD".into()],
        ..Default::default()
    };
    let amara = register_child(store, &operator, child("Amara", "D801234524001"), today)
        .await
        .unwrap();
    let ben = register_child(store, &operator, child("Ben", "G201000100001"), today)
        .await
        .unwrap();
    let parent = NewFamilyMember {
        name: "Pat Parent".into(),
        email: "pat@example.org".into(),
        role: "parent_carer".into(),
        child_ids: vec![amara],
    };
    add_family_member(store, &operator, parent, today)
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
    Council { router, amara, ben }
}

async fn get(
    router: &axum::Router,
    path: &str,
    cookie: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send(router, request.body(Body::empty()).unwrap()).await
}

async fn send(
    router: &axum::Router,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 1 << 22)
        .await
        .unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

async fn staff_cookie(store: &Store, email: &str) -> String {
    let signed_in =
        auth::sign_in_staff(store, la(), email, PASSWORD, None, "127.0.0.1", Utc::now())
            .await
            .unwrap();
    format!("highneeds_session={}", signed_in.cookie)
}

async fn parent_cookie(store: &Store) -> String {
    let code = auth::start_family_sign_in(store, la(), "pat@example.org", "127.0.0.1", Utc::now())
        .await
        .unwrap()
        .unwrap();
    let signed_in = auth::finish_family_sign_in(
        store,
        la(),
        "pat@example.org",
        &code,
        "127.0.0.1",
        Utc::now(),
    )
    .await
    .unwrap();
    format!("highneeds_session={}", signed_in.cookie)
}

async fn audit_actions(store: &Store) -> Vec<String> {
    let mut tx = store.begin().await.unwrap();
    tx.audit_events(801, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.actor, e.action))
        .collect()
}

async fn a_childs_page_without_a_session_goes_to_sign_in(store: &Store) {
    let c = council(store).await;
    let (status, headers, _) = get(&c.router, &format!("/children/{}", c.amara), None).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/sign-in");
    assert!(
        audit_actions(store)
            .await
            .contains(&"anonymous auth.required".to_string())
    );
}

async fn staff_sign_in_through_the_form(store: &Store) {
    let c = council(store).await;
    let (status, headers, page) = get(&c.router, "/sign-in", None).await;
    assert_eq!(status, StatusCode::OK);
    let form_cookie = headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let token = form_cookie.split_once('=').unwrap().1.to_string();
    assert!(
        page.contains(&format!("name=\"csrf_token\" value=\"{token}\"")),
        "the form carries its token"
    );
    let post = |body: String, cookie: String| {
        Request::post("/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap()
    };
    // Without the matching token the form is refused and nobody is signed in.
    let (status, headers, page) = send(
        &c.router,
        post(
            format!(
                "csrf_token=forged&email=casey%40example.org&password={}",
                PASSWORD.replace(' ', "+")
            ),
            form_cookie.clone(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Your sign-in form had expired"), "{page}");
    assert!(
        !headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|v| v.to_str().unwrap().starts_with("highneeds_session=801."))
    );
    // A wrong password: the error summary, and the title says Error.
    let (_, _, page) = send(
        &c.router,
        post(
            format!("csrf_token={token}&email=casey%40example.org&password=wrong"),
            form_cookie.clone(),
        ),
    )
    .await;
    assert!(page.contains("<title>Error: Sign in"), "{page}");
    assert!(
        page.contains("Enter a correct email address and password"),
        "{page}"
    );
    // The right password: a session cookie, HttpOnly and SameSite, and on to the dashboard.
    let (status, headers, _) = send(
        &c.router,
        post(
            format!(
                "csrf_token={token}&email=casey%40example.org&password={}",
                PASSWORD.replace(' ', "+")
            ),
            form_cookie,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/dashboard");
    let session = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("highneeds_session=801."))
        .unwrap();
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
    let cookie = session.split(';').next().unwrap().to_string();
    let (status, _, page) = get(&c.router, "/dashboard", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Signed in as SEND caseworker"), "{page}");
}

async fn a_parent_sees_their_child_and_not_found_for_another(store: &Store) {
    let c = council(store).await;
    let cookie = parent_cookie(store).await;
    let (status, _, page) = get(&c.router, &format!("/children/{}", c.amara), Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Amara Samplewood"), "{page}");
    assert!(
        page.contains("People involved") && page.contains("Pat Parent"),
        "{page}"
    );
    assert!(
        !page.contains("Who has looked at this record"),
        "families do not see the audit log"
    );
    let (status, _, page) = get(&c.router, &format!("/children/{}", c.ben), Some(&cookie)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        page.contains("Page not found") && !page.contains("Ben"),
        "{page}"
    );
    let actions = audit_actions(store).await;
    assert!(
        actions
            .iter()
            .any(|a| a.ends_with(" child.read") && a.starts_with("family:")),
        "{actions:?}"
    );
    assert!(
        actions
            .iter()
            .any(|a| a.ends_with(" child.read_denied") && a.starts_with("family:")),
        "{actions:?}"
    );
}

async fn staff_without_a_casework_role_get_not_found(store: &Store) {
    let c = council(store).await;
    let cookie = staff_cookie(store, "fin@example.org").await;
    let (status, _, _) = get(&c.router, &format!("/children/{}", c.amara), Some(&cookie)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get(&c.router, "/children?q=Samplewood", Some(&cookie)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn a_manager_sees_who_has_looked(store: &Store) {
    let c = council(store).await;
    let caseworker = staff_cookie(store, "casey@example.org").await;
    get(
        &c.router,
        &format!("/children/{}", c.amara),
        Some(&caseworker),
    )
    .await;
    let manager = staff_cookie(store, "morgan@example.org").await;
    let (status, _, page) = get(&c.router, &format!("/children/{}", c.amara), Some(&manager)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Who has looked at this record"), "{page}");
    assert!(
        page.contains("staff:1"),
        "the caseworker's look is listed: {page}"
    );
    let (_, _, page) = get(
        &c.router,
        &format!("/children/{}", c.amara),
        Some(&caseworker),
    )
    .await;
    assert!(
        !page.contains("Who has looked at this record"),
        "caseworkers do not see the log"
    );
}

async fn search_finds_by_name_upn_and_birth_date(store: &Store) {
    let c = council(store).await;
    let cookie = staff_cookie(store, "casey@example.org").await;
    for (query, expected) in [
        ("samplew", 2),
        ("D801234524001", 1),
        ("04%2F05%2F2016", 2),
        ("2016-05-04", 2),
        ("Nobody", 0),
    ] {
        let (status, _, page) =
            get(&c.router, &format!("/children?q={query}"), Some(&cookie)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            page.matches("href=\"/children/").count(),
            expected,
            "{query}: {page}"
        );
    }
    assert!(
        audit_actions(store)
            .await
            .iter()
            .any(|a| a.ends_with("child.search"))
    );
}

async fn unknown_pages_are_not_found_in_govuk_style_with_security_headers(store: &Store) {
    let c = council(store).await;
    let (status, headers, page) = get(&c.router, "/no-such-page", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        page.contains("<h1 class=\"govuk-heading-l\">Page not found</h1>"),
        "{page}"
    );
    assert!(
        page.contains("govuk-skip-link") && page.contains("Bristol, City of"),
        "{page}"
    );
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert!(
        headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    for path in [
        "/",
        "/sign-in",
        "/sign-in/family",
        "/accessibility",
        "/cookies",
    ] {
        let (status, _, page) = get(&c.router, path, None).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(page.contains("<html lang=\"en\""), "{path}");
    }
}

async fn signing_out_ends_the_session(store: &Store) {
    let c = council(store).await;
    let cookie = staff_cookie(store, "casey@example.org").await;
    let (_, _, page) = get(&c.router, "/dashboard", Some(&cookie)).await;
    let csrf = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let request = Request::post("/sign-out")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &cookie)
        .body(Body::from(format!("csrf_token={csrf}")))
        .unwrap();
    let (status, _, _) = send(&c.router, request).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = get(&c.router, "/dashboard", Some(&cookie)).await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the old cookie no longer works"
    );
}

store::on_both_engines!(
    a_childs_page_without_a_session_goes_to_sign_in,
    staff_sign_in_through_the_form,
    a_parent_sees_their_child_and_not_found_for_another,
    staff_without_a_casework_role_get_not_found,
    a_manager_sees_who_has_looked,
    search_finds_by_name_upn_and_birth_date,
    unknown_pages_are_not_found_in_govuk_style_with_security_headers,
    signing_out_ends_the_session,
);
