//! Placements, their costs and committed cost through the real router, on both engines: a
//! caseworker records a child's placements (the history ends the first the day before the
//! second), the awaiting list and its panel, and a finance officer reads committed cost by
//! budget line pro rata to the days placed. A SENCO and a family see neither costs nor totals.

#![allow(clippy::unwrap_used)]

mod common;

use app::casework::panels::{AWAITING_PLACEMENT_PANEL, create_meeting};
use app::children::{NewChild, register_child};
use app::families::{NewFamilyMember, add_family_member};
use app::staff::{NewStaff, add_staff};
use app::{Actor, Store};
use axum::http::StatusCode;
use chrono::Local;
use common::{PASSWORD, family_cookie, get, la, post_form, router, staff_cookie};
use domain::Role;
use store::SettingRow;

struct Council {
    router: axum::Router,
    amara: i64,
    ben: i64,
    manager: i64,
    casey: String,
    fay: String,
    mo: String,
    sam: String,
    parent: String,
}

async fn council(store: &Store) -> Council {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    let setting = |setting_id: i64, name: &str, setting_type: &str, in_area| SettingRow {
        la_id: 801,
        setting_id,
        urn: Some(990_000 + setting_id),
        ukprn: None,
        name: name.into(),
        phase: "primary".into(),
        setting_type: setting_type.into(),
        area: "North".into(),
        in_area,
        postcode: None,
    };
    tx.insert_settings(&[
        setting(1, "Hillside Special", "special_la_maintained", true),
        setting(2, "Oakwood House", "special_independent", false),
        setting(3, "Riverside Academy", "mainstream_academy", true),
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
    let mut children = Vec::new();
    for name in ["Amara", "Ben"] {
        let child = register_child(
            store,
            &operator,
            NewChild {
                forename: name.into(),
                surname: "Placetest".into(),
                birth_date: "2016-03-01".into(),
                sex: "F".into(),
                upn_unknown: Some("UN1".into()),
                needs: vec!["ASD".into()],
                ..Default::default()
            },
            today,
        )
        .await
        .unwrap();
        children.push(child);
    }
    add_family_member(
        store,
        &operator,
        NewFamilyMember {
            name: "Pat Parent".into(),
            email: "pat@example.org".into(),
            role: "parent_carer".into(),
            child_ids: vec![children[0]],
        },
        today,
    )
    .await
    .unwrap();
    Council {
        router: router(store),
        amara: children[0],
        ben: children[1],
        manager: ids[2],
        casey: staff_cookie(store, "casey@example.org").await,
        fay: staff_cookie(store, "fay@example.org").await,
        mo: staff_cookie(store, "mo@example.org").await,
        sam: staff_cookie(store, "sam@example.org").await,
        parent: family_cookie(store, "pat@example.org").await,
    }
}

fn placement(setting: i64, entry: &str, top_up: &str, fees: &str, transport: &str) -> String {
    let (y, m, d) = (&entry[0..4], &entry[5..7], &entry[8..10]);
    format!(
        "setting_id={setting}&sen_provision=&entry_on-day={d}&entry_on-month={m}&entry_on-year={y}\
         &top_up={top_up}&fees={fees}&transport={transport}&hospital_education=no"
    )
}

async fn placements_roll_up_to_committed_cost(store: &Store) {
    let c = council(store).await;
    let page_path = format!("/children/{}/placements", c.amara);
    let (status, page) = get(&c.router, &page_path, &c.casey).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("No placements are recorded"), "{page}");

    // Waiting for a special school place from 1 May 2026.
    let awaiting = format!("/children/{}/awaiting", c.amara);
    let body = "provision_sought=special_school&since_on-day=1&since_on-month=5&since_on-year=2026";
    let (status, _, _) = post_form(&c.router, &awaiting, &c.casey, body).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = post_form(&c.router, &awaiting, &c.casey, body).await;
    assert_eq!(status, StatusCode::OK, "a second entry is refused");

    // An interim mainstream place leaves her waiting; fees there are refused.
    let path = page_path.clone();
    let (status, page, _) = post_form(
        &c.router,
        &path,
        &c.casey,
        &placement(3, "2026-04-01", "5000", "100", ""),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Fees are for independent schools"), "{page}");
    assert!(page.contains("href=\"#fees\""), "{page}");
    let (status, _, location) = post_form(
        &c.router,
        &path,
        &c.casey,
        &placement(3, "2026-04-01", "5000", "", ""),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some(page_path.as_str()));
    let (_, list) = get(&c.router, "/placements/awaiting", &c.casey).await;
    assert!(list.contains("Amara Placetest"), "{list}");
    assert!(list.contains("Maintained special school"), "{list}");

    // The special school place from 1 September ends the wait and the mainstream place.
    let (status, _, _) = post_form(
        &c.router,
        &path,
        &c.casey,
        &placement(1, "2026-09-01", "17313", "", "3650"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = get(&c.router, &page_path, &c.casey).await;
    assert!(page.contains("1 April 2026 to 31 August 2026"), "{page}");
    assert!(page.contains("1 September 2026 to now"), "{page}");
    assert!(page.contains("£10,000.00"), "place funding by type: {page}");
    assert!(page.contains("£17,313.00"));
    assert!(page.contains("Top-up: maintained special schools"));
    let (_, list) = get(&c.router, "/placements/awaiting", &c.casey).await;
    assert!(!list.contains("Amara Placetest"), "{list}");
    let (status, page, _) = post_form(
        &c.router,
        &path,
        &c.casey,
        &placement(2, "2026-08-01", "", "50000", ""),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("enter a later start date"), "{page}");

    // 1 April to 31 August is 153 days of 365; 1 September to 31 March is 212.
    let (status, page) = get(&c.router, "/finance/committed?year=2026", &c.fay).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Committed cost 2026-27"), "{page}");
    assert!(page.contains("£2,095.89"), "500000p × 153 ÷ 365: {page}");
    assert!(page.contains("£15,863.99"), "2731300p × 212 ÷ 365: {page}");
    assert!(page.contains("£2,120.00"), "transport: {page}");
    assert!(page.contains("£17,959.88"), "high needs total: {page}");
    assert!(page.contains("href=\"/finance/committed\""), "navigation");
    let (_, page) = get(&c.router, "/finance/committed?year=2027", &c.fay).await;
    assert!(page.contains("£27,313.00"), "a full year: {page}");
    let (status, _) = get(&c.router, "/finance/committed?year=2026", &c.mo).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = get(&c.router, &page_path, &c.fay).await;
    assert_eq!(status, StatusCode::OK, "finance officers read costs");
}

async fn the_awaiting_list_goes_to_its_panel(store: &Store) {
    let c = council(store).await;
    let body = "provision_sought=independent_special&since_on-day=2&since_on-month=3&since_on-year=2026&notes=Needs+a+residential+place";
    let (status, _, _) = post_form(
        &c.router,
        &format!("/children/{}/awaiting", c.ben),
        &c.casey,
        body,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let manager = Actor::staff(la(), c.manager, vec![Role::SendManager], "test");
    let meeting = create_meeting(
        store,
        &manager,
        AWAITING_PLACEMENT_PANEL,
        "2026-06-01",
        Some(c.manager),
        &[],
    )
    .await
    .unwrap();
    let (_, page) = get(&c.router, &format!("/panels/{meeting}"), &c.mo).await;
    assert!(page.contains("List every child awaiting a place"), "{page}");
    let listing = format!("/panels/{meeting}/awaiting");
    for _ in 0..2 {
        let (status, _, _) = post_form(&c.router, &listing, &c.mo, "").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let (_, page) = get(&c.router, &format!("/panels/{meeting}"), &c.mo).await;
    assert_eq!(
        page.matches("Awaiting a specialist place: Independent or non-maintained special school")
            .count(),
        1,
        "listed once: {page}"
    );
    assert!(page.contains("since 2026-03-02"), "{page}");
    let (status, _, _) = post_form(&c.router, &listing, &c.casey, "").await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "caseworkers do not run panels"
    );
}

async fn schools_and_families_see_no_costs(store: &Store) {
    let c = council(store).await;
    for cookie in [&c.sam, &c.parent, &c.casey] {
        let (status, _) = get(&c.router, "/finance/committed?year=2026", cookie).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    for cookie in [&c.sam, &c.parent] {
        let (status, _) = get(
            &c.router,
            &format!("/children/{}/placements", c.amara),
            cookie,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = get(&c.router, "/placements/awaiting", cookie).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _, _) = post_form(
        &c.router,
        &format!("/children/{}/placements", c.amara),
        &c.fay,
        &placement(1, "2026-09-01", "1", "", ""),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "finance officers do not record placements"
    );
    let (_, page) = get(&c.router, "/dashboard", &c.sam).await;
    assert!(!page.contains("/finance/committed"));
    // The child's record leads to the costs only for those who may see them.
    let record = format!("/children/{}", c.amara);
    let link = format!("href=\"/children/{}/placements\"", c.amara);
    let (_, page) = get(&c.router, &record, &c.casey).await;
    assert!(page.contains(&link), "{page}");
    let (status, page) = get(&c.router, &record, &c.parent).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the family opens their child's record"
    );
    assert!(!page.contains(&link));
}

store::on_both_engines!(
    placements_roll_up_to_committed_cost,
    the_awaiting_list_goes_to_its_panel,
    schools_and_families_see_no_costs,
);
