//! The family portal through the real router, on both engines: a parent follows their child's
//! case, writes to the caseworker and reads the answer, writes their views and comes back to
//! them, and comments on the draft plan, which lets the caseworker finalise it. A parent cannot
//! open another child's case or messages, and from 16 needs the young person's consent.

#![allow(clippy::unwrap_used)]

use app::casework::plans::{PlanText, issue_draft};
use app::casework::requests::{NewRequest, RequestDecision, decide_request, record_request};
use app::children::{NewChild, register_child};
use app::families::{NewFamilyMember, add_family_member};
use app::staff::{NewStaff, add_staff};
use app::{Actor, Store, auth};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Days, Local, NaiveDate, Utc};
use domain::LaCode;
use tower::ServiceExt;

const PASSWORD: &str = "a long enough password";

fn la() -> LaCode {
    LaCode::new(801).unwrap()
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn ago(days: u64) -> String {
    (today() - Days::new(days)).to_string()
}

struct Council {
    router: axum::Router,
    /// Amara's case is at the draft plan; Ben's request is awaiting a decision.
    amara: i64,
    ben: i64,
    /// 18 years old, her father linked without her consent.
    zoe: i64,
    parent: String,
    other_parent: String,
    zoes_father: String,
    caseworker: String,
}

async fn family_cookie(store: &Store, email: &str) -> String {
    let code = auth::start_family_sign_in(store, la(), email, "127.0.0.1", Utc::now())
        .await
        .unwrap()
        .unwrap();
    let s = auth::finish_family_sign_in(store, la(), email, &code, "127.0.0.1", Utc::now())
        .await
        .unwrap();
    format!("highneeds_session={}", s.cookie)
}

async fn council(store: &Store) -> Council {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let operator = Actor::operator(la());
    let casey = add_staff(
        store,
        &operator,
        NewStaff {
            name: "Casey Worker".into(),
            email: "casey@example.org".into(),
            roles: vec!["send_caseworker".into()],
            password: Some(PASSWORD.into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let caseworker = Actor::staff(
        la(),
        casey.staff_id,
        vec![domain::Role::SendCaseworker],
        "test",
    );
    let child = |name: &str, born: &str| NewChild {
        forename: name.into(),
        surname: "Portaltest".into(),
        birth_date: born.into(),
        sex: "F".into(),
        upn_unknown: Some("UN1".into()),
        needs: vec!["SLCN".into()],
        ..Default::default()
    };
    let amara = register_child(store, &operator, child("Amara", "2017-03-01"), today())
        .await
        .unwrap();
    let ben = register_child(store, &operator, child("Ben", "2016-05-01"), today())
        .await
        .unwrap();
    let zoe = register_child(store, &operator, child("Zoe", "2007-01-01"), today())
        .await
        .unwrap();
    for (child_id, received) in [(amara, 100), (ben, 10)] {
        let new = NewRequest {
            received_on: ago(received),
            source: "parent".into(),
        };
        record_request(store, &caseworker, child_id, new, today())
            .await
            .unwrap();
    }
    let decision = RequestDecision {
        decided_on: ago(70),
        outcome: "assess".into(),
        reasons: String::new(),
    };
    decide_request(store, &caseworker, amara, decision, today())
        .await
        .unwrap();
    let draft = PlanText {
        issued_on: ago(3),
        sections: [(
            "F".to_string(),
            "Weekly speech and language therapy.".to_string(),
        )]
        .into_iter()
        .collect(),
        summary: String::new(),
    };
    issue_draft(store, &caseworker, amara, draft, today())
        .await
        .unwrap();
    for (name, email, children) in [
        ("Pat Parent", "pat@example.org", vec![amara]),
        ("Olu Other", "olu@example.org", vec![ben]),
        ("Zed Father", "zed@example.org", vec![zoe]),
    ] {
        let new = NewFamilyMember {
            name: name.into(),
            email: email.into(),
            role: "parent_carer".into(),
            child_ids: children,
        };
        add_family_member(store, &operator, new, today())
            .await
            .unwrap();
    }
    let signed = auth::sign_in_staff(
        store,
        la(),
        "casey@example.org",
        PASSWORD,
        None,
        "127.0.0.1",
        Utc::now(),
    )
    .await
    .unwrap();
    let config = web::WebConfig {
        la: la(),
        council_name: "Bristol, City of".into(),
        secure_cookies: false,
        print_emails: false,
    };
    Council {
        router: web::router(web::AppState::new(
            store.clone(),
            config,
            web::Assets::default(),
        )),
        amara,
        ben,
        zoe,
        parent: family_cookie(store, "pat@example.org").await,
        other_parent: family_cookie(store, "olu@example.org").await,
        zoes_father: family_cookie(store, "zed@example.org").await,
        caseworker: format!("highneeds_session={}", signed.cookie),
    }
}

async fn get(router: &axum::Router, path: &str, cookie: &str) -> (StatusCode, String) {
    let response = router
        .clone()
        .oneshot(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

/// The CSRF token on a page the cookie's owner opened.
fn token(page: &str) -> String {
    let at = page.find("name=\"csrf_token\" value=\"").unwrap() + 25;
    page[at..].split('"').next().unwrap().to_string()
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(b).to_string()
            }
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn post(
    router: &axum::Router,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, Option<String>) {
    // The session's token, from a page every signed-in person may open.
    let (_, page) = get(router, "/dashboard", cookie).await;
    let mut body = format!("csrf_token={}", token(&page));
    for (k, v) in fields {
        body.push_str(&format!("&{k}={}", encode(v)));
    }
    let response = router
        .clone()
        .oneshot(
            Request::post(path)
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap();
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

async fn a_parent_sees_where_the_case_is_and_what_happens_next(store: &Store) {
    let c = council(store).await;
    let (status, home) = get(&c.router, "/dashboard", &c.parent).await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Amara Portaltest"), "{home}");
    assert!(home.contains("The draft plan is ready for your comments"));
    assert!(!home.contains("Ben Portaltest"), "only their own child");

    let (status, page) = get(
        &c.router,
        &format!("/children/{}/progress", c.amara),
        &c.parent,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let due = portal_date(today() + Days::new(12));
    assert!(
        page.contains(&format!("send us your comments by {due}")),
        "the last day to comment is 15 days after the draft: {page}"
    );
    assert!(page.contains("Your caseworker") && page.contains("Casey Worker"));
    assert!(page.contains("We tell you whether we will assess"));
    assert!(page.contains("Comment on the draft plan"));
    // The plan itself opens from its version, back to this page.
    let version = format!("/children/{}/case/versions/", c.amara);
    let at = page.find(&version).expect("the draft links to its text") + version.len();
    let id: String = page[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let (status, plan) = get(&c.router, &format!("{version}{id}"), &c.parent).await;
    assert_eq!(status, StatusCode::OK);
    assert!(plan.contains("Back to progress"), "{plan}");
    let (status, _) = get(&c.router, &format!("{version}{id}"), &c.other_parent).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Another parent's child does not exist for them, by any address.
    for path in [
        "progress",
        "messages",
        "views",
        "draft-comments",
        "advice",
        "documents",
    ] {
        let (status, _) = get(
            &c.router,
            &format!("/children/{}/{path}", c.amara),
            &c.other_parent,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _, _) = post(
        &c.router,
        &format!("/children/{}/messages", c.ben),
        &c.parent,
        &[("message", "Hello")],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

fn portal_date(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

async fn messages_go_both_ways(store: &Store) {
    let c = council(store).await;
    let path = format!("/children/{}/messages", c.amara);
    let (status, page, _) = post(&c.router, &path, &c.parent, &[("message", "  ")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Enter your message"), "{page}");
    let (status, _, location) = post(
        &c.router,
        &path,
        &c.parent,
        &[("message", "When will the EP visit school?")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some(path.as_str()));
    // The caseworker is told, without the child's name or the message in the notice.
    let (_, notices) = get(&c.router, "/notifications", &c.caseworker).await;
    assert!(notices.contains("New message from a family"), "{notices}");
    assert!(!notices.contains("Amara") && !notices.contains("EP visit"));
    let (status, page) = get(&c.router, &path, &c.caseworker).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Pat Parent") && page.contains("When will the EP visit school?"));
    post(
        &c.router,
        &path,
        &c.caseworker,
        &[(
            "message",
            "Next Tuesday morning.\n\nI will confirm by email.",
        )],
    )
    .await;
    let (_, notices) = get(&c.router, "/notifications", &c.parent).await;
    assert!(
        notices.contains("Your caseworker has sent you a message"),
        "{notices}"
    );
    let (_, notices) = get(&c.router, "/notifications", &c.other_parent).await;
    assert!(
        !notices.contains("Your caseworker has sent you a message"),
        "only Amara's family"
    );
    let (_, page) = get(&c.router, &path, &c.parent).await;
    let question = page.find("When will the EP").unwrap();
    let answer = page.find("Next Tuesday morning.").unwrap();
    assert!(question < answer, "oldest first");
    assert!(page.contains("Casey Worker"));
    assert!(page.contains("<p class=\"govuk-body\">I will confirm by email.</p>"));
    // Messages are not shown to another family.
    let (status, page) = get(&c.router, &path, &c.other_parent).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!page.contains("Next Tuesday"));
}

async fn views_are_saved_as_they_go_and_sent_when_ready(store: &Store) {
    let c = council(store).await;
    let path = format!("/children/{}/views", c.amara);
    let (status, page, _) = post(
        &c.router,
        &path,
        &c.parent,
        &[
            ("about_me", "Amara loves drawing."),
            ("hopes", ""),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Your views are saved. They have not been sent yet."));
    let (_, page) = get(&c.router, &path, &c.parent).await;
    assert!(page.contains("Amara loves drawing."), "kept for next time");
    assert!(page.contains("Not sent to the council yet"));
    // Too long: the field is named, and what was saved before is kept.
    let long = "x".repeat(10_001);
    let (_, page, _) = post(
        &c.router,
        &path,
        &c.parent,
        &[
            ("about_me", "Changed"),
            ("hopes", &long),
            ("action", "send"),
        ],
    )
    .await;
    assert!(page.contains("There is a problem"));
    assert!(page.contains("href=\"#hopes\""), "{page}");
    let (_, page) = get(&c.router, &path, &c.parent).await;
    assert!(page.contains("Amara loves drawing."));
    let (_, page, _) = post(
        &c.router,
        &path,
        &c.parent,
        &[
            ("about_me", "Amara loves drawing and animals."),
            ("action", "send"),
        ],
    )
    .await;
    assert!(page.contains("Your views have been sent"), "{page}");
    let (_, page) = get(&c.router, &path, &c.parent).await;
    assert!(page.contains("You sent your views on"));
    // The caseworker does not write a family's views.
    let (status, _) = get(&c.router, &path, &c.caseworker).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn comments_on_the_draft_are_recorded_on_the_case(store: &Store) {
    let c = council(store).await;
    let path = format!("/children/{}/draft-comments", c.amara);
    let (status, page) = get(&c.router, &path, &c.parent).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Weekly speech and language therapy."),
        "the draft is shown"
    );
    let (_, page, _) = post(&c.router, &path, &c.parent, &[("comments", "")]).await;
    assert!(
        page.contains("Enter your comments on the draft plan"),
        "{page}"
    );
    let (status, _, location) = post(
        &c.router,
        &path,
        &c.parent,
        &[
            ("comments", "Please add support at lunchtime."),
            ("setting_asked", "Hillside Primary School"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, Some(format!("/children/{}/progress", c.amara)));
    // The comments have arrived, so the caseworker may issue the final plan now.
    let (_, case) = get(
        &c.router,
        &format!("/children/{}/case", c.amara),
        &c.caseworker,
    )
    .await;
    assert!(case.contains("Comments on the draft plan"), "{case}");
    let (_, progress) = get(
        &c.router,
        &format!("/children/{}/progress", c.amara),
        &c.parent,
    )
    .await;
    assert!(!progress.contains("send us your comments by"));
    // Ben has no draft: nothing to comment on.
    let (_, page, _) = post(
        &c.router,
        &format!("/children/{}/draft-comments", c.ben),
        &c.other_parent,
        &[("comments", "Comments")],
    )
    .await;
    assert!(
        page.contains("There is no draft plan waiting for comments"),
        "{page}"
    );
}

async fn a_young_person_decides_whether_a_parent_sees_their_record(store: &Store) {
    let c = council(store).await;
    let path = format!("/children/{}/progress", c.zoe);
    let (status, _) = get(&c.router, &path, &c.zoes_father).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "18, and no consent recorded");
    let operator = Actor::operator(la());
    let new = NewFamilyMember {
        name: "Zoe".into(),
        email: "zoe@example.org".into(),
        role: "young_person".into(),
        child_ids: vec![c.zoe],
    };
    add_family_member(store, &operator, new, today())
        .await
        .unwrap();
    let zoe = family_cookie(store, "zoe@example.org").await;
    let (_, progress) = get(&c.router, &path, &zoe).await;
    let choices = format!("/children/{}/who-can-see", c.zoe);
    assert!(progress.contains(&choices), "{progress}");
    let (status, page) = get(&c.router, &choices, &zoe).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Zed Father") && page.contains("Cannot see your record"),
        "{page}"
    );
    // A parent does not decide this for themselves.
    let (status, _) = get(&c.router, &choices, &c.zoes_father).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let mut tx = store.begin().await.unwrap();
    let person = tx
        .family_member_by_email(801, "zed@example.org")
        .await
        .unwrap()
        .unwrap()
        .person_id;
    tx.commit().await.unwrap();
    let person_id = person.to_string();
    let (status, _, _) = post(
        &c.router,
        &choices,
        &zoe,
        &[("person_id", &person_id), ("choice", "give")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = get(&c.router, &choices, &zoe).await;
    assert!(page.contains("Can see your record, since"), "{page}");
    let father = family_cookie(store, "zed@example.org").await;
    let (status, _) = get(&c.router, &path, &father).await;
    assert_eq!(status, StatusCode::OK, "with her consent");
    let (status, _, _) = post(
        &c.router,
        &choices,
        &zoe,
        &[("person_id", &person_id), ("choice", "withdraw")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = get(&c.router, &path, &father).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "consent withdrawn");
    // The caseworker may record what she said, too.
    app::portal::give_consent(store, &operator, c.zoe, person, today())
        .await
        .unwrap();
    let (status, _) = get(&c.router, &path, &father).await;
    assert_eq!(status, StatusCode::OK);
}

store::on_both_engines!(
    a_parent_sees_where_the_case_is_and_what_happens_next,
    messages_go_both_ways,
    views_are_saved_as_they_go_and_sent_when_ready,
    comments_on_the_draft_are_recorded_on_the_case,
    a_young_person_decides_whether_a_parent_sees_their_record,
);
