//! Asking for an assessment online, through the real router on both engines: a parent with no
//! account checks their email with a code and sends a request; the SEND managers and the parent
//! are told; the caseworker reads what the parent wrote. A SENCO asks for a pupil, with the
//! family's agreement. Advice reaches the family only once the caseworker shares it.

#![allow(clippy::unwrap_used)]

mod common;

use app::casework::requests::{
    NewAdvice, RequestDecision, decide_request, record_request, request_advice,
};
use app::children::{NewChild, register_child};
use app::families::{NewFamilyMember, add_family_member};
use app::portal::advice::{AdviceText, submit_advice};
use app::staff::{NewStaff, add_staff};
use app::{Actor, Store, auth};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Local, NaiveDate, Utc};
use common::{PASSWORD, family_cookie, get, la, post_form, router_with, staff_cookie};
use domain::Role;
use store::SettingRow;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

struct Council {
    router: axum::Router,
    casey: Actor,
    senco: String,
}

async fn council(store: &Store) -> Council {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.insert_settings(&[SettingRow {
        la_id: 801,
        setting_id: 1,
        urn: Some(990_001),
        ukprn: None,
        name: "Hillside Primary".into(),
        phase: "primary".into(),
        setting_type: "mainstream_academy".into(),
        area: "North".into(),
        in_area: true,
        postcode: None,
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let operator = Actor::operator(la());
    let mut ids = Vec::new();
    for (name, email, role, settings) in [
        ("Mo Manager", "mo@example.org", "send_manager", vec![]),
        (
            "Casey Worker",
            "casey@example.org",
            "send_caseworker",
            vec![],
        ),
        ("Sam Senco", "sam@example.org", "senco", vec![1]),
    ] {
        let new = NewStaff {
            name: name.into(),
            email: email.into(),
            roles: vec![role.into()],
            password: Some(PASSWORD.into()),
            setting_ids: settings,
            ..Default::default()
        };
        ids.push(add_staff(store, &operator, new).await.unwrap().staff_id);
    }
    Council {
        router: router_with(store, true),
        casey: Actor::staff(la(), ids[1], vec![Role::SendCaseworker], "test"),
        senco: staff_cookie(store, "sam@example.org").await,
    }
}

/// The cookie and token of a form shown before sign-in.
async fn pre_sign_in_form(router: &axum::Router, path: &str) -> (String, String) {
    let request = Request::get(path).body(Body::empty()).unwrap();
    let response = tower::ServiceExt::oneshot(router.clone(), request)
        .await
        .unwrap();
    let cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|c| c.starts_with("highneeds_form="))
        .unwrap();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let page = String::from_utf8(bytes.to_vec()).unwrap();
    let at = page.find("name=\"csrf_token\" value=\"").unwrap() + 25;
    (cookie, page[at..].split('"').next().unwrap().to_string())
}

async fn post_before_sign_in(
    router: &axum::Router,
    path: &str,
    (cookie, token): &(String, String),
    body: &str,
) -> (StatusCode, String, Option<String>, Option<String>) {
    let request = Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf_token={token}&{body}")))
        .unwrap();
    let response = tower::ServiceExt::oneshot(router.clone(), request)
        .await
        .unwrap();
    let session = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|c| c.starts_with("highneeds_session="));
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|l| l.to_str().unwrap().to_string());
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (
        status,
        String::from_utf8(bytes.to_vec()).unwrap(),
        location,
        session,
    )
}

async fn emails_to(store: &Store, address: &str) -> Vec<String> {
    let mut tx = store.begin().await.unwrap();
    let emails = tx.emails(801).await.unwrap();
    tx.commit().await.unwrap();
    emails
        .into_iter()
        .filter(|e| e.to_address == address)
        .map(|e| format!("{}\n{}", e.subject, e.body))
        .collect()
}

async fn a_parent_with_no_account_asks_for_an_assessment(store: &Store) {
    let c = council(store).await;
    let (status, start) = get(&c.router, "/request-an-assessment", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        start.contains("href=\"/request-an-assessment/email\""),
        "{start}"
    );
    let (_, home) = get(&c.router, "/", "").await;
    assert!(home.contains("href=\"/request-an-assessment\""));

    // The email: a code goes to any address, account or not.
    let form = pre_sign_in_form(&c.router, "/request-an-assessment/email").await;
    let (status, page, _, _) = post_before_sign_in(
        &c.router,
        "/request-an-assessment/email",
        &form,
        "email=Nadia%40example.org",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("We have sent a 6-digit code to"), "{page}");
    let (_, _, _, session) = post_before_sign_in(
        &c.router,
        "/request-an-assessment/code",
        &form,
        "email=nadia%40example.org&code=000000",
    )
    .await;
    assert!(session.is_none(), "a wrong code signs no one in");
    let code = auth::start_email_check(store, la(), "nadia@example.org", "127.0.0.1", Utc::now())
        .await
        .unwrap();
    let (status, _, location, session) = post_before_sign_in(
        &c.router,
        "/request-an-assessment/code",
        &form,
        &format!("email=nadia%40example.org&code={code}"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/request-an-assessment/form"));
    let parent = session.unwrap();

    // Mistakes are named, and what was typed is kept.
    let (status, page, _) = post_form(
        &c.router,
        "/request-an-assessment/form",
        &parent,
        "your_name=&forename=Zain&surname=&reasons=&birth_date-day=31&birth_date-month=2&birth_date-year=2019",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for problem in [
        "Enter your full name",
        "Select who the request is for",
        "Enter their last name",
        "Enter why you are asking for an assessment",
        "href=\"#birth_date-day\"",
    ] {
        assert!(page.contains(problem), "{problem}: {page}");
    }
    assert!(page.contains("value=\"Zain\""));

    let (status, _, location) = post_form(
        &c.router,
        "/request-an-assessment/form",
        &parent,
        "your_name=Nadia+Khan&relationship=parent_carer&forename=Zain&surname=Khan\
         &birth_date-day=4&birth_date-month=5&birth_date-year=2019&postcode=BS1+5TR\
         &setting_named=Hillside+Primary&reasons=He+cannot+follow+lessons+without+an+adult\
         &support_now=Speech+therapy+once+a+term",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let sent = location.unwrap();
    let (status, page) = get(&c.router, &sent, &parent).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Request sent") && page.contains("REQ-801-"),
        "{page}"
    );
    let due = domain::clock::decision_due_on(Utc::now().date_naive())
        .format("%-d %B %Y")
        .to_string();
    assert!(page.contains(&due), "the decision date: {page}");

    // The family's home page and progress show the new case.
    let (_, home) = get(&c.router, "/dashboard", &parent).await;
    assert!(home.contains("Zain Khan"), "{home}");
    let child_id: i64 = sent
        .split("child=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .unwrap()
        .parse()
        .unwrap();
    let (_, progress) = get(
        &c.router,
        &format!("/children/{child_id}/progress"),
        &parent,
    )
    .await;
    assert!(
        progress.contains("We are deciding whether to carry out an assessment"),
        "{progress}"
    );

    // The parent and the manager are told; the email names no child.
    let to_parent = emails_to(store, "nadia@example.org").await;
    assert_eq!(to_parent.len(), 1, "{to_parent:?}");
    assert!(to_parent[0].contains("We have your request") && to_parent[0].contains(&due));
    assert!(!to_parent[0].contains("Zain"));
    let to_manager = emails_to(store, "mo@example.org").await;
    assert_eq!(to_manager.len(), 1, "{to_manager:?}");
    assert!(to_manager[0].contains("New request for an EHC needs assessment"));
    assert!(emails_to(store, "casey@example.org").await.is_empty());

    // The caseworker reads what the parent wrote; deciding to assess tells the parent.
    let casey = staff_cookie(store, "casey@example.org").await;
    let (_, case) = get(&c.router, &format!("/children/{child_id}/case"), &casey).await;
    assert!(
        case.contains("The request, as sent online")
            && case.contains("He cannot follow lessons without an adult")
            && case.contains("Hillside Primary"),
        "{case}"
    );
    decide_request(
        store,
        &c.casey,
        child_id,
        RequestDecision {
            decided_on: today().to_string(),
            outcome: "assess".into(),
            reasons: String::new(),
        },
        today(),
    )
    .await
    .unwrap();
    let to_parent = emails_to(store, "nadia@example.org").await;
    assert!(
        to_parent
            .iter()
            .any(|e| e.contains("We will carry out an EHC needs assessment")),
        "{to_parent:?}"
    );
}

async fn asking_again_or_for_oneself_too_young_is_refused(store: &Store) {
    let c = council(store).await;
    let code = auth::start_email_check(store, la(), "lee@example.org", "127.0.0.1", Utc::now())
        .await
        .unwrap();
    let signed_in = auth::finish_email_check(
        store,
        la(),
        "lee@example.org",
        &code,
        "127.0.0.1",
        Utc::now(),
    )
    .await
    .unwrap();
    let cookie = format!("highneeds_session={}", signed_in.cookie);
    let ten_years_ago = today().format("%Y").to_string().parse::<i32>().unwrap() - 10;
    let body = format!(
        "your_name=Lee+Jones&relationship=young_person&forename=Lee&surname=Jones\
         &birth_date-day=1&birth_date-month=1&birth_date-year={ten_years_ago}&reasons=Help"
    );
    let (status, page, _) =
        post_form(&c.router, "/request-an-assessment/form", &cookie, &body).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("You can ask for yourself once you are over compulsory school age"),
        "{page}"
    );
    let body = body.replace("young_person", "parent_carer");
    let (status, _, _) = post_form(&c.router, "/request-an-assessment/form", &cookie, &body).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page, _) =
        post_form(&c.router, "/request-an-assessment/form", &cookie, &body).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("You have already told us about Lee Jones"),
        "{page}"
    );
    // Staff do not use the family's form.
    let (status, _) = get(&c.router, "/request-an-assessment/form", &c.senco).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn a_senco_asks_for_a_pupil_with_the_familys_agreement(store: &Store) {
    let c = council(store).await;
    let (status, page) = get(&c.router, "/school/request", &c.senco).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Unique pupil number"));
    let body = "forename=Ola&surname=Smith&birth_date-day=2&birth_date-month=9&birth_date-year=2016\
                &upn=A123456789012&reasons=Little+progress+after+three+cycles+of+support";
    let (status, page, _) = post_form(&c.router, "/school/request", &c.senco, body).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Confirm the parent or young person agrees"),
        "{page}"
    );
    let (status, page, _) = post_form(
        &c.router,
        "/school/request",
        &c.senco,
        &format!("{}&family_agrees=yes", body.replace("A123456789012", "bad")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "a bad UPN is named: {page}");
    assert!(page.contains("href=\"#upn\""), "{page}");
    let (status, _, location) = post_form(
        &c.router,
        "/school/request",
        &c.senco,
        &format!("{body}&family_agrees=yes"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location:?}");
    let sent = location.unwrap();
    let (status, page) = get(&c.router, &sent, &c.senco).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Request sent"), "{page}");
    // The pupil is now on the school's list, awaiting the decision.
    let child = sent
        .split("child=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let (_, pupils) = get(&c.router, "/school", &c.senco).await;
    assert!(
        pupils.contains(&format!("href=\"/school/pupils/{child}\"")) && pupils.contains("Smith"),
        "{pupils}"
    );
    // Asking again while the first is under way is refused.
    let (status, page, _) = post_form(
        &c.router,
        "/school/request",
        &c.senco,
        &format!("{body}&family_agrees=yes"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("already has a request under way"), "{page}");
    let to_manager = emails_to(store, "mo@example.org").await;
    assert!(
        to_manager.iter().any(|e| e.contains("from a school")),
        "{to_manager:?}"
    );
}

async fn advice_reaches_the_family_once_shared(store: &Store) {
    let c = council(store).await;
    let operator = Actor::operator(la());
    let child = register_child(
        store,
        &operator,
        NewChild {
            forename: "Rosa".into(),
            surname: "Shared".into(),
            birth_date: "2017-03-01".into(),
            sex: "F".into(),
            upn_unknown: Some("UN1".into()),
            ..Default::default()
        },
        today(),
    )
    .await
    .unwrap();
    let eve = add_staff(
        store,
        &operator,
        NewStaff {
            name: "Eve Psychologist".into(),
            email: "eve@example.org".into(),
            roles: vec!["professional".into()],
            password: Some(PASSWORD.into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .staff_id;
    add_family_member(
        store,
        &operator,
        NewFamilyMember {
            name: "Rosa's mum".into(),
            email: "rosa.mum@example.org".into(),
            role: "parent_carer".into(),
            child_ids: vec![child],
        },
        today(),
    )
    .await
    .unwrap();
    record_request(
        store,
        &c.casey,
        child,
        app::casework::requests::NewRequest {
            received_on: today().to_string(),
            source: "parent".into(),
        },
        today(),
    )
    .await
    .unwrap();
    decide_request(
        store,
        &c.casey,
        child,
        RequestDecision {
            decided_on: today().to_string(),
            outcome: "assess".into(),
            reasons: String::new(),
        },
        today(),
    )
    .await
    .unwrap();
    let advice = request_advice(
        store,
        &c.casey,
        child,
        NewAdvice {
            service: "educational_psychology".into(),
            adviser: "Eve Psychologist".into(),
            adviser_staff_id: Some(eve),
            requested_on: today().to_string(),
        },
        today(),
    )
    .await
    .unwrap();
    let eve_actor = Actor::staff(la(), eve, vec![Role::Professional], "test");
    submit_advice(
        store,
        &eve_actor,
        advice,
        &AdviceText {
            needs: "Working memory well below her age".into(),
            ..Default::default()
        },
        Utc::now(),
    )
    .await
    .unwrap();

    let mum = family_cookie(store, "rosa.mum@example.org").await;
    let path = format!("/children/{child}/advice");
    let (status, page) = get(&c.router, &path, &mum).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("No advice has been shared with you yet"),
        "{page}"
    );
    assert!(!page.contains("Working memory"));

    let casey = staff_cookie(store, "casey@example.org").await;
    let (_, case) = get(&c.router, &format!("/children/{child}/case"), &casey).await;
    assert!(case.contains("Not shared yet"), "{case}");
    let (_, page) = get(&c.router, &format!("/advice/{advice}"), &casey).await;
    assert!(page.contains("Share with the family") && page.contains("Working memory"));
    // Only those working on cases may share.
    let (status, _, _) = post_form(
        &c.router,
        &format!("/advice/{advice}/release"),
        &c.senco,
        "",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) =
        post_form(&c.router, &format!("/advice/{advice}/release"), &casey, "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (_, page) = get(&c.router, &path, &mum).await;
    assert!(
        page.contains("Educational psychology") && page.contains("Working memory well below"),
        "{page}"
    );
    let emails = emails_to(store, "rosa.mum@example.org").await;
    assert!(
        emails
            .iter()
            .any(|e| e.contains("You can now read the educational psychology advice")),
        "{emails:?}"
    );
    assert!(
        emails.iter().all(|e| !e.contains("Rosa")),
        "no names by email"
    );
    // Another family cannot read it, by link.
    let stranger = {
        let code = auth::start_email_check(store, la(), "x@example.org", "127.0.0.1", Utc::now())
            .await
            .unwrap();
        let s =
            auth::finish_email_check(store, la(), "x@example.org", &code, "127.0.0.1", Utc::now())
                .await
                .unwrap();
        format!("highneeds_session={}", s.cookie)
    };
    let (status, page) = get(&c.router, &path, &stranger).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!page.contains("Working memory"));
}

store::on_both_engines!(
    a_parent_with_no_account_asks_for_an_assessment,
    asking_again_or_for_oneself_too_young_is_refused,
    a_senco_asks_for_a_pupil_with_the_familys_agreement,
    advice_reaches_the_family_once_shared,
);
