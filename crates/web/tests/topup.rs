//! Top-up funding through the real router, on both engines: a SENCO applies for a pupil with
//! Bristol's model (needs, provision, the indicative amount as they go, a refused submission
//! naming what is missing, then a complete one); the SEND manager lists it at a funding panel
//! and the panel amends and approves it; the award shows on the school's page and in its
//! payment schedule; the pupil leaves mid-term and the payments stop on the leaving date, to
//! the day; committed cost counts the same amount. A parent sees none of it.

#![allow(clippy::unwrap_used)]

mod common;

use app::Store;
use app::casework::panels::create_meeting;
use app::children::{NewChild, register_child};
use app::families::{NewFamilyMember, add_family_member};
use app::staff::{NewStaff, add_staff};
use app::{Actor, topup::models::install_model};
use axum::http::StatusCode;
use chrono::{Duration, Local, Utc};
use common::{PASSWORD, family_cookie, get, la, post_form, router, staff_cookie};
use domain::topup::costing::{Choice, NeedLevel, Package, price};
use domain::{Pence, Role};
use store::{PlacementRow, SettingRow};
use synth::topup_packages::{bristol_files, bristol_model};

async fn topup_journey(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    let setting = |setting_id: i64, name: &str, setting_type: &str| SettingRow {
        la_id: 801,
        setting_id,
        urn: Some(990_000 + setting_id),
        ukprn: None,
        name: name.into(),
        phase: "primary".into(),
        setting_type: setting_type.into(),
        area: "North".into(),
        in_area: true,
        postcode: None,
    };
    tx.insert_settings(&[
        setting(3, "Riverside Academy", "mainstream_academy"),
        setting(4, "Hillside Special", "special_la_maintained"),
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
        ("Fay Finance", "fay@example.org", "finance_officer", vec![]),
        ("Mo Manager", "mo@example.org", "send_manager", vec![]),
        ("Sam Senco", "sam@example.org", "senco", vec![3]),
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
    let today = Local::now().date_naive();
    let amara = register_child(
        store,
        &operator,
        NewChild {
            forename: "Amara".into(),
            surname: "Topuptest".into(),
            birth_date: "2016-03-01".into(),
            sex: "F".into(),
            upn_unknown: Some("UN1".into()),
            needs: vec!["SLCN".into()],
            ..Default::default()
        },
        today,
    )
    .await
    .unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.insert_placements(&[PlacementRow {
        la_id: 801,
        placement_id: 900,
        child_id: amara,
        setting_id: Some(3),
        sen_setting: None,
        category: "mainstream_academy".into(),
        entry_on: "2025-09-01".parse().unwrap(),
        leaving_on: None,
        sen_unit: false,
        resourced_provision: false,
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    add_family_member(
        store,
        &operator,
        NewFamilyMember {
            name: "Pat Parent".into(),
            email: "pat@example.org".into(),
            role: "parent_carer".into(),
            child_ids: vec![amara],
        },
        today,
    )
    .await
    .unwrap();
    let router = router(store);
    let sam = staff_cookie(store, "sam@example.org").await;
    let mo = staff_cookie(store, "mo@example.org").await;
    let fay = staff_cookie(store, "fay@example.org").await;
    let casey = staff_cookie(store, "casey@example.org").await;
    let parent = family_cookie(store, "pat@example.org").await;

    // Before the council loads a model, a school cannot start.
    let start = format!("child_id={amara}");
    let (status, page, _) = post_form(&router, "/school/topup", &sam, &start).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("has not set up its funding model"), "{page}");
    install_model(
        store,
        &operator,
        "bristol-topup",
        bristol_files(),
        Utc::now(),
    )
    .await
    .unwrap();

    let (status, page) = get(&router, "/school/topup", &sam).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Amara Topuptest"), "{page}");
    let (status, _, location) = post_form(&router, "/school/topup", &sam, &start).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let app_path = location.unwrap();
    let id: i64 = app_path.rsplit('/').next().unwrap().parse().unwrap();

    // Needs in one area at Block B, then one provision of code A offered there.
    let model = bristol_model().unwrap();
    let sub_area = &model.sub_areas()[0].id;
    let statement = model
        .statements()
        .iter()
        .find(|s| &s.sub_area == sub_area && s.level == NeedLevel::B)
        .unwrap();
    let provision = model
        .offered(sub_area, NeedLevel::B)
        .unwrap()
        .into_iter()
        .find(|p| p.code == "A" && !p.weekly_hours_as_published.is_empty())
        .unwrap();
    let (status, page) = get(&router, &format!("{app_path}/needs/{sub_area}"), &sam).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&statement.id), "the statement is offered");
    let body = format!("group-{}={}", statement.group, statement.id);
    let (status, _, _) = post_form(
        &router,
        &format!("{app_path}/needs/{sub_area}"),
        &sam,
        &body,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let body = format!("type-{}={}", provision.type_id, provision.id);
    let (status, _, _) = post_form(
        &router,
        &format!("{app_path}/provision/{sub_area}"),
        &sam,
        &body,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let expected = price(
        &model,
        &Package {
            need_statements: Some(vec![statement.id.clone()]),
            provisions: vec![Choice::new(&provision.id, sub_area)],
        },
    )
    .unwrap()
    .annual
    .unwrap();
    let (_, page) = get(&router, &app_path, &sam).await;
    assert!(
        page.contains(&format!("{expected} a year")),
        "the indicative amount shows as they go: {expected}\n{page}"
    );

    // Submitting without the school's account or the head teacher names both.
    let (status, page, _) = post_form(&router, &format!("{app_path}/submit"), &sam, "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Describe what the school does now"), "{page}");
    assert!(page.contains("head teacher"), "{page}");
    for (what, body) in [
        ("summary", "summary=Two hours a day of one-to-one support"),
        ("head-teacher", "head_teacher=Hilary Head&agreed=yes"),
        ("submit", ""),
    ] {
        let (status, page, _) = post_form(&router, &format!("{app_path}/{what}"), &sam, body).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{what}: {page}");
    }
    let (_, page) = get(&router, "/school/topup", &sam).await;
    assert!(page.contains("govuk-tag--blue\">Submitted"), "{page}");
    let (status, page, _) =
        post_form(&router, &format!("{app_path}/summary"), &sam, "summary=x").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("can no longer be changed"), "{page}");

    // The manager lists it at a funding panel, which amends and approves it.
    let meeting = create_meeting(
        store,
        &Actor::staff(la(), ids[2], vec![Role::SendManager], "127.0.0.1"),
        "funding",
        &(today + Duration::days(7)).to_string(),
        Some(ids[2]),
        &[],
    )
    .await
    .unwrap();
    let (status, page) = get(&router, "/topup", &mo).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("TU-801-{id}")), "{page}");
    let council_path = format!("/topup/{id}");
    let (status, _, _) = post_form(
        &router,
        &format!("{council_path}/list"),
        &mo,
        &format!("meeting_id={meeting}"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let decide = format!("{council_path}/decide");
    let (status, page, _) = post_form(&router, &decide, &mo, "outcome=amend&reasons=").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Give the panel"),
        "reasons are required: {page}"
    );
    let body = "outcome=amend&annual=5000&starts_on-day=1&starts_on-month=9&starts_on-year=2026\
                &ends_on-day=31&ends_on-month=8&ends_on-year=2027&reasons=Reduced+to+match+the+plan";
    let (status, page, _) = post_form(&router, &decide, &mo, body).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");

    // The school sees the decision, its reasons and the award.
    let (_, page) = get(&router, &app_path, &sam).await;
    assert!(page.contains("Approved with changes"), "{page}");
    assert!(page.contains("Reduced to match the plan"), "{page}");
    assert!(page.contains("£5,000.00 a year from 1 September 2026 to 31 August 2027"));
    let (_, inbox) = get(&router, "/notifications", &sam).await;
    assert!(inbox.contains(&format!("TU-801-{id}")), "{inbox}");

    // Autumn 2026: 122 of 365 days of £5,000 is £1,671.23.
    let (status, page) = get(&router, "/school/payments?year=2026", &sam).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("£1,671.23"), "{page}");

    // She moves to a special school on 13 February 2027: the last day paid is 12 February.
    let move_body = "setting_id=4&sen_provision=&entry_on-day=13&entry_on-month=2&entry_on-year=2027\
                     &top_up=&fees=&transport=&hospital_education=no";
    let (status, page, _) = post_form(
        &router,
        &format!("/children/{amara}/placements"),
        &casey,
        move_body,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (status, csv) = get(&router, "/finance/payments.csv?year=2026", &fay).await;
    assert_eq!(status, StatusCode::OK);
    let reference = format!("TU-801-{id}");
    let rows: Vec<&str> = csv.lines().filter(|l| l.contains(&reference)).collect();
    assert_eq!(rows.len(), 2, "autumn and spring only: {csv}");
    assert!(
        rows[0].contains("2026-09-01,2026-12-31,122,167123,1671.23"),
        "{csv}"
    );
    // Spring: funded 1 January to 12 February, 43 days; cumulative in the year,
    // round(500000 × 165 / 365) − round(500000 × 122 / 365) = 226027 − 167123.
    assert!(
        rows[1].contains("2027-01-01,2027-02-12,43,58904,589.04"),
        "{csv}"
    );
    let (_, next) = get(&router, "/finance/payments.csv?year=2027", &fay).await;
    assert!(!next.contains(&reference), "nothing after she left: {next}");

    // Paid monthly instead, February pays 1 to 12 February; January and February together pay
    // what the spring term did, as the rounding is cumulative in the year.
    let (_, page) = get(&router, "/finance/payments", &fay).await;
    assert!(page.contains("How often schools are paid"), "{page}");
    let (status, _, _) = post_form(
        &router,
        "/finance/payments/frequency",
        &fay,
        "payment_frequency=monthly",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, csv) = get(&router, "/finance/payments.csv?year=2026", &fay).await;
    let rows: Vec<&str> = csv.lines().filter(|l| l.contains(&reference)).collect();
    assert_eq!(rows.len(), 6, "September to February: {csv}");
    assert!(rows[4].contains("2027-01-01,2027-01-31,31,42466,"), "{csv}");
    assert!(
        rows[5].contains("2027-02-01,2027-02-12,12,16438,164.38"),
        "{csv}"
    );
    let (status, _, _) = post_form(
        &router,
        "/finance/payments/frequency",
        &sam,
        "payment_frequency=termly",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a school cannot change it");

    // Committed cost counts what is paid.
    let (_, page) = get(&router, "/finance/committed?year=2026", &fay).await;
    assert!(page.contains(&Pence(226_027).to_string()), "{page}");

    // A parent sees neither the application nor the payments.
    let (status, _) = get(&router, &app_path, &parent).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(&router, "/finance/payments", &parent).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Nor does a school see the council's schedule, or another school's application.
    let (status, _) = get(&router, "/finance/payments", &sam).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

store::on_both_engines!(topup_journey);
