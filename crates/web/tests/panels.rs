//! Panels through the real router, on both engines: setting up a meeting, listing cases,
//! recording decisions with reasons, who may do each, CSRF, and the error summaries a person
//! sees when the forms are filled in wrongly.

#![allow(clippy::unwrap_used)]

use app::children::{NewChild, register_child};
use app::staff::{NewStaff, add_staff};
use app::{Actor, Store, auth};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Datelike, Days, Local, Utc};
use domain::{LaCode, Role};
use tower::ServiceExt;

const PASSWORD: &str = "a long enough password";

fn la() -> LaCode {
    LaCode::new(801).unwrap()
}

struct Council {
    router: axum::Router,
    morgan: i64,
    pat: i64,
    quinn: i64,
    ada: i64,
}

async fn council(store: &Store) -> Council {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let admin = Actor::staff(la(), 0, vec![Role::LaAdmin], "test");
    let mut ids = Vec::new();
    for (name, email, role) in [
        ("Morgan Manager", "morgan@example.org", "send_manager"),
        ("Pat Panellist", "pat@example.org", "panel_member"),
        ("Quinn Panellist", "quinn@example.org", "panel_member"),
        ("Casey Worker", "casey@example.org", "send_caseworker"),
    ] {
        let new = NewStaff {
            name: name.into(),
            email: email.into(),
            roles: vec![role.into()],
            password: Some(PASSWORD.into()),
            ..Default::default()
        };
        ids.push(add_staff(store, &admin, new).await.unwrap().staff_id);
    }
    let ada = register_child(
        store,
        &Actor::operator(la()),
        NewChild {
            forename: "Ada".into(),
            surname: "Paneltest".into(),
            birth_date: "2016-05-04".into(),
            sex: "F".into(),
            upn_unknown: Some("UN1".into()),
            needs: vec!["ASD".into()],
            ..Default::default()
        },
        Local::now().date_naive(),
    )
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
    Council {
        router,
        morgan: ids[0],
        pat: ids[1],
        quinn: ids[2],
        ada,
    }
}

/// A signed-in person: their cookie and their form token.
struct Person {
    cookie: String,
    csrf: String,
}

async fn sign_in(store: &Store, email: &str) -> Person {
    let signed_in =
        auth::sign_in_staff(store, la(), email, PASSWORD, None, "127.0.0.1", Utc::now())
            .await
            .unwrap();
    Person {
        cookie: format!("highneeds_session={}", signed_in.cookie),
        csrf: signed_in.csrf_token,
    }
}

async fn send(router: &axum::Router, request: Request<Body>) -> (StatusCode, String, String) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
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

async fn get(router: &axum::Router, path: &str, who: &Person) -> (StatusCode, String) {
    let request = Request::get(path)
        .header(header::COOKIE, &who.cookie)
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = send(router, request).await;
    (status, body)
}

/// Posts a form with the person's CSRF token first; returns status, Location and page.
async fn post(
    router: &axum::Router,
    path: &str,
    who: &Person,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let mut body = format!("csrf_token={}", who.csrf);
    for (k, v) in fields {
        body.push_str(&format!("&{k}={}", v.replace(' ', "+")));
    }
    let request = Request::post(path)
        .header(header::COOKIE, &who.cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    send(router, request).await
}

/// Sets up an assessment panel meeting in two weeks, chaired by Morgan with Pat.
async fn meeting(c: &Council, morgan: &Person) -> i64 {
    let on = Local::now().date_naive() + Days::new(14);
    let (day, month, year) = (
        on.day().to_string(),
        on.month().to_string(),
        on.year().to_string(),
    );
    let (morgan_id, pat_id) = (c.morgan.to_string(), c.pat.to_string());
    let (status, location, page) = post(
        &c.router,
        "/panels",
        morgan,
        &[
            ("panel", "assessment"),
            ("held_on-day", &day),
            ("held_on-month", &month),
            ("held_on-year", &year),
            ("chair", &morgan_id),
            ("members", &pat_id),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    location.strip_prefix("/panels/").unwrap().parse().unwrap()
}

async fn a_manager_sets_up_a_meeting_and_lists_a_case(store: &Store) {
    let c = council(store).await;
    let morgan = sign_in(store, "morgan@example.org").await;
    let (status, page) = get(&c.router, "/panels", &morgan).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("No panel meetings have been set up."));
    assert!(page.contains("Set up a panel meeting"));
    assert!(page.contains(&format!("name=\"csrf_token\" value=\"{}\"", morgan.csrf)));
    assert!(page.contains("Pat Panellist"), "staff to choose from");

    let id = meeting(&c, &morgan).await;
    let (_, page) = get(&c.router, "/panels", &morgan).await;
    assert!(page.contains(&format!("href=\"/panels/{id}\"")), "{page}");
    assert!(page.contains("Assessment panel"));

    let ada = c.ada.to_string();
    let path = format!("/panels/{id}/items");
    let question = "Should the council carry out an EHC needs assessment?";
    let (status, location, _) = post(
        &c.router,
        &path,
        &morgan,
        &[("child_id", &ada), ("question", question)],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/panels/{id}"));
    let (status, page) = get(&c.router, &location, &morgan).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ada Paneltest"));
    assert!(page.contains(question));
    assert!(page.contains(&format!("href=\"/children/{}/case\"", c.ada)));
    assert!(
        page.contains("Morgan Manager, Pat Panellist"),
        "members: {page}"
    );
    assert!(
        page.contains("Record the decision"),
        "a manager may record decisions"
    );

    // From a child's case: the list page offers the meetings coming up.
    let (_, page) = get(&c.router, &format!("/panels?child={ada}"), &morgan).await;
    assert!(
        page.contains(&format!("List child {ada} at a panel")),
        "{page}"
    );
    assert!(page.contains(&format!("<option value=\"{id}\">")));
    let (status, _, page) = post(
        &c.router,
        "/panels/items",
        &morgan,
        &[("child_id", &ada), ("question", "Placement")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "no meeting chosen");
    assert!(page.contains("href=\"#meeting\""), "{page}");
    let id_text = id.to_string();
    let (status, location, _) = post(
        &c.router,
        "/panels/items",
        &morgan,
        &[
            ("meeting", &id_text),
            ("child_id", &ada),
            ("question", "Which school to name?"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/panels/{id}"));
    let (_, page) = get(&c.router, &location, &morgan).await;
    assert_eq!(page.matches("Ada Paneltest").count(), 2);

    let (status, _) = get(&c.router, "/panels/999999", &morgan).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn bad_input_comes_back_with_an_error_summary(store: &Store) {
    let c = council(store).await;
    let morgan = sign_in(store, "morgan@example.org").await;
    let (status, _, page) = post(
        &c.router,
        "/panels",
        &morgan,
        &[
            ("held_on-day", "31"),
            ("held_on-month", "2"),
            ("held_on-year", "2026"),
            ("members", "999999"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<title>Error: Panels"), "{page}");
    assert!(page.contains("There is a problem"));
    for anchor in ["#panel", "#held_on-day", "#members"] {
        assert!(
            page.contains(&format!("href=\"{anchor}\"")),
            "{anchor}: {page}"
        );
    }
    assert!(page.contains("value=\"31\""), "what was typed is kept");
    assert!(
        page.contains("No panel meetings have been set up."),
        "nothing was created"
    );

    let id = meeting(&c, &morgan).await;
    let path = format!("/panels/{id}/items");
    let ada = c.ada.to_string();
    for (fields, anchor, message) in [
        (
            vec![("child_id", "abc"), ("question", "Assess?")],
            "#child_id",
            "Enter the child",
        ),
        (
            vec![("child_id", "999999"), ("question", "Assess?")],
            "#child_id",
            "No child or young person has ID 999999",
        ),
        (
            vec![("child_id", ada.as_str()), ("question", " ")],
            "#question",
            "nter what the panel is asked to decide",
        ),
    ] {
        let (status, _, page) = post(&c.router, &path, &morgan, &fields).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains(&format!("href=\"{anchor}\"")),
            "{anchor}: {page}"
        );
        assert!(page.contains(message), "{message}");
        assert!(page.contains("<title>Error: Assessment panel"));
    }
}

async fn only_the_panel_and_managers_record_decisions(store: &Store) {
    let c = council(store).await;
    let morgan = sign_in(store, "morgan@example.org").await;
    let id = meeting(&c, &morgan).await;
    let ada = c.ada.to_string();
    post(
        &c.router,
        &format!("/panels/{id}/items"),
        &morgan,
        &[("child_id", &ada), ("question", "Assess?")],
    )
    .await;
    let mut tx = store.begin().await.unwrap();
    let item = tx.panel_items(801, id).await.unwrap()[0].item_id;
    tx.commit().await.unwrap();
    let decide = format!("/panels/{id}/items/{item}/decision");

    // A caseworker sees the meeting but cannot run panels or decide.
    let casey = sign_in(store, "casey@example.org").await;
    let (status, page) = get(&c.router, &format!("/panels/{id}"), &casey).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Record the decision") && !page.contains("List a case"));
    let (status, _, _) = post(&c.router, "/panels", &casey, &[("panel", "issue")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = post(
        &c.router,
        &decide,
        &casey,
        &[("decision", "agreed"), ("reasons", "Yes")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A panel member who is not on this meeting is refused.
    let quinn = sign_in(store, "quinn@example.org").await;
    let (_, page) = get(&c.router, &format!("/panels/{id}"), &quinn).await;
    assert!(!page.contains("Record the decision"));
    let (status, _, _) = post(
        &c.router,
        &decide,
        &quinn,
        &[("decision", "agreed"), ("reasons", "Yes")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_ne!(c.quinn, c.pat);

    // A member of the meeting: a forged token, then bad input, then the decision.
    let pat = sign_in(store, "pat@example.org").await;
    let (_, page) = get(&c.router, &format!("/panels/{id}"), &pat).await;
    assert!(page.contains("Record the decision"));
    let forged = Person {
        cookie: pat.cookie.clone(),
        csrf: "forged".into(),
    };
    let (status, _, _) = post(
        &c.router,
        &decide,
        &forged,
        &[("decision", "agreed"), ("reasons", "Yes")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, page) = post(&c.router, &decide, &pat, &[("reasons", "  ")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<title>Error: Assessment panel"), "{page}");
    assert!(page.contains(&format!("href=\"#decision-{item}\"")));
    assert!(page.contains(&format!("href=\"#reasons-{item}\"")));
    assert!(
        page.contains(&format!("id=\"decision-{item}\"")),
        "the link has a target"
    );
    let reasons = "Evidence from school shows needs may call for special provision";
    let (status, location, _) = post(
        &c.router,
        &decide,
        &pat,
        &[("decision", "agreed"), ("reasons", reasons)],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/panels/{id}#item-{item}"));
    let (_, page) = get(&c.router, &format!("/panels/{id}"), &pat).await;
    assert!(page.contains("Agreed") && page.contains(reasons), "{page}");
    assert!(!page.contains("Record the decision"), "decided");

    // The decision is on the child's case, with the meeting it was made at.
    let manager = Actor::staff(la(), c.morgan, vec![Role::SendManager], "test");
    let case = app::casework::view_case(store, &manager, c.ada, Local::now().date_naive())
        .await
        .unwrap();
    let (decided, at) = &case.panel_items[0];
    assert_eq!(decided.decision.as_deref(), Some("agreed"));
    assert_eq!(decided.reasons.as_deref(), Some(reasons));
    assert_eq!(at.as_ref().unwrap().meeting_id, id);
    assert_eq!(decided.decided_on, Some(at.as_ref().unwrap().held_on));
}

store::on_both_engines!(
    a_manager_sets_up_a_meeting_and_lists_a_case,
    bad_input_comes_back_with_an_error_summary,
    only_the_panel_and_managers_record_decisions,
);
