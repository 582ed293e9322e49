//! The professional portal through the real router, on both engines: an educational
//! psychologist finds the advice they were asked for with its due date, writes it in sections
//! and sends it; the case's clock moves on and the caseworker is told. Another professional
//! cannot open the request, and neither can open the child's whole record.

#![allow(clippy::unwrap_used)]

mod common;

use app::casework::requests::{
    NewAdvice, NewRequest, RequestDecision, decide_request, record_request, request_advice,
};
use app::children::{NewChild, register_child};
use app::staff::{NewStaff, add_staff};
use app::{Actor, Store};
use axum::http::StatusCode;
use chrono::{Days, Local, NaiveDate};
use common::{PASSWORD, get, la, router, staff_cookie};
use domain::Role;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

struct Council {
    router: axum::Router,
    child: i64,
    advice: i64,
    eve: String,
    pat: String,
    casey: String,
}

async fn council(store: &Store) -> Council {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let operator = Actor::operator(la());
    let mut ids = Vec::new();
    for (name, email, role) in [
        ("Casey Worker", "casey@example.org", "send_caseworker"),
        ("Eve Psychologist", "eve@example.org", "professional"),
        ("Pat Paediatrician", "pat@example.org", "professional"),
    ] {
        let new = NewStaff {
            name: name.into(),
            email: email.into(),
            roles: vec![role.into()],
            password: Some(PASSWORD.into()),
            ..Default::default()
        };
        ids.push(add_staff(store, &operator, new).await.unwrap().staff_id);
    }
    let casey = Actor::staff(la(), ids[0], vec![Role::SendCaseworker], "test");
    let child = register_child(
        store,
        &operator,
        NewChild {
            forename: "Amara".into(),
            surname: "Advicetest".into(),
            birth_date: "2017-03-01".into(),
            sex: "F".into(),
            upn_unknown: Some("UN1".into()),
            needs: vec!["SLCN".into()],
            ..Default::default()
        },
        today(),
    )
    .await
    .unwrap();
    let ago = |days: u64| (today() - Days::new(days)).to_string();
    let new = NewRequest {
        received_on: ago(40),
        source: "parent".into(),
    };
    record_request(store, &casey, child, new, today())
        .await
        .unwrap();
    let decision = RequestDecision {
        decided_on: ago(20),
        outcome: "assess".into(),
        reasons: String::new(),
    };
    decide_request(store, &casey, child, decision, today())
        .await
        .unwrap();
    let advice = request_advice(
        store,
        &casey,
        child,
        NewAdvice {
            service: "educational_psychology".into(),
            adviser: "Eve Psychologist".into(),
            adviser_staff_id: Some(ids[1]),
            requested_on: ago(36),
        },
        today(),
    )
    .await
    .unwrap();
    Council {
        router: router(store),
        child,
        advice,
        eve: staff_cookie(store, "eve@example.org").await,
        pat: staff_cookie(store, "pat@example.org").await,
        casey: staff_cookie(store, "casey@example.org").await,
    }
}

async fn a_professional_answers_the_advice_they_were_asked_for(store: &Store) {
    let c = council(store).await;
    let reference = format!("ADV-801-{}", c.advice);
    let (status, inbox) = get(&c.router, "/advice", &c.eve).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        inbox.contains(&reference) && inbox.contains("Amara Advicetest"),
        "{inbox}"
    );
    // Asked 36 days ago: due in 6 days.
    let due = (today() + Days::new(6)).format("%-d %B %Y").to_string();
    assert!(
        inbox.contains(&due) && inbox.contains("Due soon"),
        "{inbox}"
    );
    assert!(
        inbox.contains("href=\"/advice\""),
        "the navigation leads to the inbox"
    );

    let path = format!("/advice/{}", c.advice);
    let (status, page) = get(&c.router, &path, &c.eve).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("1 March 2017"),
        "the date of birth, to match the child"
    );
    let (status, page, _) =
        common::post_form(&c.router, &path, &c.eve, "needs=&provision=Weekly+sessions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Enter the child&#39;s needs as you found them"),
        "{page}"
    );
    assert!(page.contains("Weekly sessions"), "what was typed is kept");
    let (status, _, _) = common::post_form(
        &c.router,
        &path,
        &c.eve,
        "needs=Speech+and+language+delay&outcomes=Speaks+in+sentences&provision=Weekly+sessions&other=",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = get(&c.router, &path, &c.eve).await;
    assert!(page.contains("You sent this advice on"));
    assert!(page.contains("Speech and language delay"));
    let (_, inbox) = get(&c.router, "/advice", &c.eve).await;
    assert!(inbox.contains(">Sent<"), "{inbox}");

    // The caseworker is told, and the case shows the advice arrived.
    let (_, notices) = get(&c.router, "/notifications", &c.casey).await;
    assert!(
        notices.contains(&format!("Advice received: {reference}")),
        "{notices}"
    );
    let (_, case) = get(&c.router, &format!("/children/{}/case", c.child), &c.casey).await;
    let received = today().format("%-d %B %Y").to_string();
    assert!(case.contains(&received), "{case}");
    let (status, page) = get(&c.router, &path, &c.casey).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Speech and language delay"));
}

async fn a_professional_sees_only_what_was_sent_to_them(store: &Store) {
    let c = council(store).await;
    let path = format!("/advice/{}", c.advice);
    let (_, inbox) = get(&c.router, "/advice", &c.pat).await;
    assert!(!inbox.contains("Amara"), "{inbox}");
    let (status, page) = get(&c.router, &path, &c.pat).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!page.contains("Amara"));
    let (status, _, _) = common::post_form(&c.router, &path, &c.pat, "needs=Anything").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Being asked for advice does not open the child's whole record.
    let (status, _) = get(&c.router, &format!("/children/{}", c.child), &c.eve).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The inbox is for professionals.
    let (status, _) = get(&c.router, "/advice", &c.casey).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn a_professional_attaches_a_report_to_their_advice(store: &Store) {
    let c = council(store).await;
    let path = format!("/advice/{}", c.advice);
    let attach = format!("{path}/attachments");
    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
    let (status, page, _) = common::post_multipart(
        &c.router,
        &attach,
        &c.eve,
        &[("title", "")],
        ("notes.exe", "application/x-msdownload", b"MZ\x90\x00"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "a bad file is named, not stored");
    assert!(page.contains("href=\"#file\""), "{page}");
    let (status, _, location) = common::post_multipart(
        &c.router,
        &attach,
        &c.eve,
        &[("title", "Cognitive assessment report")],
        ("report.pdf", "application/pdf", PDF),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some(path.as_str()));
    let (_, page) = get(&c.router, &path, &c.eve).await;
    assert!(
        page.contains("Cognitive assessment report") && page.contains("report.pdf"),
        "{page}"
    );
    // It is on the child's file, as advice, for the caseworker; not yet for the family.
    let (_, documents) = get(
        &c.router,
        &format!("/children/{}/documents", c.child),
        &c.casey,
    )
    .await;
    assert!(
        documents.contains("Cognitive assessment report"),
        "{documents}"
    );
    // Another professional cannot attach to it.
    let (status, _, _) = common::post_multipart(
        &c.router,
        &attach,
        &c.pat,
        &[],
        ("report.pdf", "application/pdf", PDF),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

store::on_both_engines!(
    a_professional_attaches_a_report_to_their_advice,
    a_professional_answers_the_advice_they_were_asked_for,
    a_professional_sees_only_what_was_sent_to_them,
);
