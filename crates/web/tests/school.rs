//! The SENCO's pages through the real router, on both engines: the school's pupils with a plan
//! and their next annual review, arranging the review meeting and recording the school's report.
//! A SENCO sees only pupils at their own settings.

#![allow(clippy::unwrap_used)]

mod common;

use app::casework::reviews::transfer_in;
use app::children::{NewChild, register_child};
use app::staff::{NewStaff, add_staff};
use app::{Actor, Store};
use axum::http::StatusCode;
use chrono::{Days, Local, NaiveDate};
use common::{PASSWORD, get, la, router, staff_cookie};
use domain::Role;
use store::{PlacementRow, SettingRow};

fn today() -> NaiveDate {
    Local::now().date_naive()
}

struct Council {
    router: axum::Router,
    amara: i64,
    ben: i64,
    senco: String,
    casey: String,
}

async fn council(store: &Store) -> Council {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    let setting = |setting_id: i64, name: &str| SettingRow {
        la_id: 801,
        setting_id,
        urn: Some(990_000 + setting_id),
        ukprn: None,
        name: name.into(),
        phase: "primary".into(),
        setting_type: "mainstream_academy".into(),
        area: "North".into(),
        in_area: true,
        postcode: None,
    };
    tx.insert_settings(&[
        setting(1, "Hillside Primary"),
        setting(2, "Riverside Academy"),
    ])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let operator = Actor::operator(la());
    let mut ids = Vec::new();
    for (name, email, role, settings) in [
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
    let casey = Actor::staff(la(), ids[0], vec![Role::SendCaseworker], "test");
    let mut children = Vec::new();
    for (i, (name, setting_id)) in [("Amara", 1), ("Ben", 2)].into_iter().enumerate() {
        let child = register_child(
            store,
            &operator,
            NewChild {
                forename: name.into(),
                surname: "Schooltest".into(),
                birth_date: "2016-03-01".into(),
                sex: "F".into(),
                upn_unknown: Some("UN1".into()),
                needs: vec!["ASD".into()],
                ..Default::default()
            },
            today(),
        )
        .await
        .unwrap();
        let mut tx = store.begin().await.unwrap();
        tx.insert_placements(&[PlacementRow {
            la_id: 801,
            placement_id: 100 + i64::try_from(i).unwrap(),
            child_id: child,
            setting_id: Some(setting_id),
            sen_setting: None,
            category: "mainstream".into(),
            entry_on: "2023-09-01".parse().unwrap(),
            leaving_on: None,
            sen_unit: false,
            resourced_provision: false,
        }])
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let transferred = (today() - Days::new(300)).to_string();
        transfer_in(store, &casey, child, "802", &transferred, today())
            .await
            .unwrap();
        children.push(child);
    }
    Council {
        router: router(store),
        amara: children[0],
        ben: children[1],
        senco: staff_cookie(store, "sam@example.org").await,
        casey: staff_cookie(store, "casey@example.org").await,
    }
}

fn date_fields(name: &str, day: NaiveDate) -> String {
    day.format(&format!("{name}-day=%-d&{name}-month=%-m&{name}-year=%Y"))
        .to_string()
}

fn long(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

async fn a_senco_arranges_a_review_and_sends_the_report(store: &Store) {
    let c = council(store).await;
    let (status, page) = get(&c.router, "/school", &c.senco).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Amara Schooltest"), "{page}");
    assert!(!page.contains("Ben Schooltest"), "Ben is at another school");
    assert!(page.contains("Not arranged"));
    assert!(
        page.contains("href=\"/school\""),
        "the navigation leads here"
    );

    let review = format!("/school/pupils/{}/review", c.amara);
    let (status, page, _) = common::post_form(
        &c.router,
        &review,
        &c.senco,
        "meeting_on-day=31&meeting_on-month=2&meeting_on-year=2027&invited=",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("There is a problem"));
    assert!(page.contains("href=\"#meeting_on-day\""), "{page}");
    assert!(page.contains("href=\"#invited\""), "{page}");

    let meeting = today() - Days::new(3);
    let body = format!(
        "{}&invited=Parents%2C+EP%2C+class+teacher",
        date_fields("meeting_on", meeting)
    );
    let (status, _, _) = common::post_form(&c.router, &review, &c.senco, &body).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = get(&c.router, &format!("/school/pupils/{}", c.amara), &c.senco).await;
    let report_due = meeting + Days::new(14);
    assert!(
        page.contains(&format!(
            "Meeting on {}; report due by {}",
            long(meeting),
            long(report_due)
        )),
        "{page}"
    );
    assert!(page.contains("Parents, EP, class teacher"));

    let report = format!("/school/pupils/{}/report", c.amara);
    let before = meeting - Days::new(1);
    let (_, page, _) = common::post_form(
        &c.router,
        &report,
        &c.senco,
        &date_fields("sent_on", before),
    )
    .await;
    assert!(
        page.contains("The report is sent after the review meeting"),
        "{page}"
    );
    let (status, _, _) = common::post_form(
        &c.router,
        &report,
        &c.senco,
        &date_fields("sent_on", today()),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = get(&c.router, "/school", &c.senco).await;
    assert!(
        page.contains(&format!("report sent on {}", long(today()))),
        "{page}"
    );
}

async fn a_senco_sees_only_their_own_pupils(store: &Store) {
    let c = council(store).await;
    for path in [
        format!("/school/pupils/{}", c.ben),
        format!("/children/{}", c.ben),
    ] {
        let (status, page) = get(&c.router, &path, &c.senco).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!page.contains("Ben Schooltest"));
    }
    let body = format!("{}&invited=Parents", date_fields("meeting_on", today()));
    let (status, _, _) = common::post_form(
        &c.router,
        &format!("/school/pupils/{}/review", c.ben),
        &c.senco,
        &body,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The list is the SENCO's; a caseworker arranges from the case.
    let (status, _) = get(&c.router, "/school", &c.casey).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

store::on_both_engines!(
    a_senco_arranges_a_review_and_sends_the_report,
    a_senco_sees_only_their_own_pupils,
);
