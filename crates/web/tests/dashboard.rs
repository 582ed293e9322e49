//! The timeliness dashboard: on a synthetic council shaped like Bristol, the measures computed
//! from its casework match the figures Bristol published, which the page shows beside them; on
//! a small council worked by hand, every measure by month with its numerator and denominator,
//! and a casework write shows at once.

#![allow(clippy::unwrap_used)]

use app::{Actor, Store};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use domain::LaCode;
use tower::ServiceExt;

async fn the_dashboard_shows_the_councils_measures_beside_its_published_figures(store: &Store) {
    let tables = synth::DfeTables::embedded().unwrap();
    let la = tables
        .local_authority(LaCode::new(801).unwrap())
        .unwrap()
        .clone();
    let calibration = tables.calibrate(Some(la.code)).unwrap();
    let council = synth::generate(&la, &calibration, 3_000, 7);
    let operator = Actor::operator(la.code);
    app::councils::load_local_authorities(store, std::slice::from_ref(&la))
        .await
        .unwrap();
    app::demo::seed_council(store, &operator, &council, &mut |_| {})
        .await
        .unwrap();

    let dashboard = app::dashboard::ehc_dashboard(store, &operator, 2024)
        .await
        .unwrap();
    let ours = dashboard
        .council
        .within_20_weeks_excl_exceptions
        .percent()
        .unwrap();
    let published = dashboard
        .published
        .as_ref()
        .unwrap()
        .within_20_weeks_excl_exceptions
        .percent
        .unwrap();
    assert!(
        (ours - published).abs() <= 5.0,
        "from casework {ours:.1}%, published {published:.1}%"
    );
    assert_eq!(
        dashboard
            .england
            .as_ref()
            .unwrap()
            .within_20_weeks_excl_exceptions
            .percent,
        Some(46.4)
    );
    let months: u64 = dashboard
        .months
        .iter()
        .map(|(_, m)| m.within_20_weeks_incl_exceptions.denominator)
        .sum();
    assert_eq!(
        months,
        dashboard
            .council
            .within_20_weeks_incl_exceptions
            .denominator,
        "the months add up to the year"
    );

    let new = app::staff::NewStaff {
        name: "Morgan".into(),
        email: "morgan@example.org".into(),
        roles: vec!["send_manager".into()],
        password: Some("a long enough password".into()),
        ..Default::default()
    };
    app::staff::add_staff(store, &operator, new).await.unwrap();
    let signed_in = app::auth::sign_in_staff(
        store,
        la.code,
        "morgan@example.org",
        "a long enough password",
        None,
        "127.0.0.1",
        Utc::now(),
    )
    .await
    .unwrap();
    let config = web::WebConfig {
        la: la.code,
        council_name: la.name.clone(),
        secure_cookies: false,
        print_emails: false,
    };
    let router = web::router(web::AppState::new(
        store.clone(),
        config,
        web::Assets::default(),
    ));
    let request = Request::get("/dashboard/ehc?year=2024")
        .header(
            header::COOKIE,
            format!("highneeds_session={}", signed_in.cookie),
        )
        .body(Body::empty())
        .unwrap();
    let response = router.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page = String::from_utf8(
        axum::body::to_bytes(response.into_body(), 1 << 22)
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    assert!(
        page.contains(&format!("{ours:.1}% (")),
        "the council's own figure: {page}"
    );
    assert!(
        page.contains(&format!("{published:.1}% (")),
        "Bristol's published figure"
    );
    assert!(page.contains("46.4% ("), "England's published figure");
    let chart = page.find("id=\"twenty-weeks-excl-by-month\"").unwrap();
    let monthly_table = page
        .find("caption--m\">Plans issued within 20 weeks, excluding exceptions, by month, 2024<")
        .unwrap();
    assert!(chart < monthly_table, "the chart sits above its data table");
}

fn day(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

/// The cells after the first of the row that starts with `first`, in the table captioned
/// `caption`.
fn row_after(page: &str, caption: &str, first: &str) -> Vec<String> {
    let table = &page[page
        .find(&format!("caption--m\">{caption}</caption>"))
        .unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let row = &table[table.find(&format!(">{first}</td>")).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("<td class=\"govuk-table__cell\">")
        .skip(1)
        .map(|c| c.trim_end_matches("</td>").to_string())
        .collect()
}

async fn get_page(router: &axum::Router, path: &str, cookie: &str) -> String {
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    String::from_utf8(
        axum::body::to_bytes(response.into_body(), 1 << 22)
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap()
}

/// Six children's casework in 2025, each measure counted by hand in the comments.
async fn every_measure_shows_by_month_with_its_numerator_and_denominator(store: &Store) {
    use app::children::{NewChild, register_child};
    use store::{PlanRow, RequestRow, ReviewRow};

    let la = LaCode::new(801).unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let operator = Actor::operator(la);
    let today = Utc::now().date_naive();
    let mut children = Vec::new();
    for name in ["One", "Two", "Three", "Four", "Five", "Six"] {
        let new = NewChild {
            forename: name.into(),
            surname: "Measured".into(),
            birth_date: "2016-05-04".into(),
            sex: "F".into(),
            upn_unknown: Some("UN1".into()),
            needs: vec!["ASD".into()],
            ..Default::default()
        };
        children.push(register_child(store, &operator, new, today).await.unwrap());
    }
    let request = |id: i64, child: usize, received: &str, outcome: &str, on: &str| RequestRow {
        la_id: 801,
        request_id: id,
        child_id: children[child],
        received_on: day(received),
        source: "parent".into(),
        outcome: outcome.into(),
        outcome_on: Some(day(on)),
        assessment_outcome: None,
        assessment_outcome_on: None,
        week20_exception: false,
        decision_reasons: None,
        draft_issued_on: None,
        comments_received_on: None,
    };
    let requests = [
        // Decided in 35 days; plan issued in 133 days: on time.
        RequestRow {
            assessment_outcome: Some("Y".into()),
            assessment_outcome_on: Some(day("2025-04-20")),
            ..request(501, 0, "2025-01-06", "Y", "2025-02-10")
        },
        // Refused after 56 days: late.
        request(502, 1, "2025-01-13", "N", "2025-03-10"),
        // Decided in 42 days, then no plan.
        RequestRow {
            assessment_outcome: Some("N".into()),
            assessment_outcome_on: Some(day("2025-05-20")),
            ..request(503, 2, "2025-02-03", "Y", "2025-03-17")
        },
        // Decided in 35 days; plan issued in 154 days, with an exception.
        RequestRow {
            assessment_outcome: Some("Y".into()),
            assessment_outcome_on: Some(day("2025-07-01")),
            week20_exception: true,
            ..request(504, 3, "2025-03-03", "Y", "2025-04-07")
        },
    ];
    let plan = |id: i64, child: usize, request: Option<i64>, start: &str| PlanRow {
        la_id: 801,
        plan_id: id,
        child_id: children[child],
        request_id: request,
        start_on: day(start),
        cease_on: None,
        cease_reason: None,
        cease_notice_on: None,
        transferred_in_from: None,
        transferred_out_to: None,
    };
    let plans = [
        plan(601, 0, Some(501), "2025-05-19"),
        plan(604, 3, Some(504), "2025-08-04"),
        plan(605, 4, None, "2023-09-01"),
        PlanRow {
            cease_on: Some(day("2025-08-31")),
            cease_reason: Some("1".into()),
            ..plan(606, 5, None, "2022-09-01")
        },
    ];
    let review =
        |id: i64, plan_id: i64, child: usize, meeting: &str, decided: Option<&str>| ReviewRow {
            la_id: 801,
            review_id: id,
            plan_id,
            child_id: children[child],
            meeting_on: day(meeting),
            decision: decided.map(|_| "maintain".into()),
            decision_on: decided.map(day),
            amendments_proposed_on: None,
            amended_plan_issued_on: None,
        };
    let reviews = [
        review(701, 605, 4, "2025-03-03", Some("2025-03-31")), // 28 days: on time
        review(702, 606, 5, "2025-06-02", Some("2025-07-01")), // 29 days: late
        review(703, 605, 4, "2025-11-03", None),               // awaiting the decision
    ];
    let mut tx = store.begin().await.unwrap();
    tx.insert_requests(&requests).await.unwrap();
    tx.insert_plans(&plans).await.unwrap();
    tx.insert_records(&reviews).await.unwrap();
    tx.commit().await.unwrap();

    let new = app::staff::NewStaff {
        name: "Morgan".into(),
        email: "morgan@example.org".into(),
        roles: vec!["send_manager".into()],
        password: Some("a long enough password".into()),
        ..Default::default()
    };
    let morgan = app::staff::add_staff(store, &operator, new).await.unwrap();
    let signed_in = app::auth::sign_in_staff(
        store,
        la,
        "morgan@example.org",
        "a long enough password",
        None,
        "127.0.0.1",
        Utc::now(),
    )
    .await
    .unwrap();
    let cookie = format!("highneeds_session={}", signed_in.cookie);
    let config = web::WebConfig {
        la,
        council_name: "Bristol, City of".into(),
        secure_cookies: false,
        print_emails: false,
    };
    let router = web::router(web::AppState::new(
        store.clone(),
        config,
        web::Assets::default(),
    ));
    let page = get_page(&router, "/dashboard/ehc?year=2025", &cookie).await;
    let summary = "EHC needs assessments and plans, 2025";
    for (measure, figure) in [
        (
            "Decisions whether to assess made within 6 weeks",
            "75.0% (3 of 4)",
        ),
        ("Requests refused", "25.0% (1 of 4)"),
        ("Assessments not leading to a plan", "33.3% (1 of 3)"),
        (
            "Plans issued within 20 weeks, including exceptions",
            "50.0% (1 of 2)",
        ),
        (
            "Plans issued within 20 weeks, excluding exceptions",
            "100.0% (1 of 1)",
        ),
        (
            "Review decisions made within 4 weeks of the meeting",
            "50.0% (1 of 2)",
        ),
    ] {
        assert_eq!(row_after(&page, summary, measure)[0], figure, "{measure}");
    }
    assert_eq!(row_after(&page, summary, "Review meetings held")[0], "3");
    assert_eq!(row_after(&page, summary, "Plans ceased")[0], "1");

    // By month: the met cases, the cases, and the share.
    let reviews_by_month = "Review decisions made within 4 weeks of the meeting, by month, 2025";
    assert_eq!(
        row_after(&page, reviews_by_month, "March 2025"),
        ["1", "1", "100.0%"]
    );
    assert_eq!(
        row_after(&page, reviews_by_month, "June 2025"),
        ["0", "1", "0.0%"]
    );
    assert_eq!(
        row_after(&page, reviews_by_month, "November 2025"),
        ["0", "0", "No cases"]
    );
    let decisions_by_month = "Decisions whether to assess made within 6 weeks, by month, 2025";
    assert_eq!(
        row_after(&page, decisions_by_month, "February 2025"),
        ["1", "1", "100.0%"]
    );
    assert_eq!(
        row_after(&page, decisions_by_month, "March 2025"),
        ["1", "2", "50.0%"]
    );
    assert_eq!(
        row_after(&page, decisions_by_month, "April 2025"),
        ["1", "1", "100.0%"]
    );
    assert_eq!(
        row_after(&page, "Plans ceased in 2025 by reason", "1"),
        ["Reached maximum age", "1"]
    );
    let chart = page.find("id=\"reviews-by-month\"").unwrap();
    assert!(
        chart < page.find(reviews_by_month).unwrap(),
        "the chart above its table"
    );
    assert!(page.contains("Every measure by calendar year"));

    // A decision recorded after the third review shows straight away.
    let manager = Actor::staff(la, morgan.staff_id, vec![domain::Role::SendManager], "test");
    let outcome = app::casework::reviews::ReviewOutcome {
        decision: "maintain".into(),
        decided_on: "2025-11-20".into(),
        amendments: app::casework::plans::PlanText::default(),
    };
    app::casework::reviews::decide_review(store, &manager, children[4], outcome, today)
        .await
        .unwrap();
    let page = get_page(&router, "/dashboard/ehc?year=2025", &cookie).await;
    assert_eq!(
        row_after(
            &page,
            summary,
            "Review decisions made within 4 weeks of the meeting"
        )[0],
        "66.7% (2 of 3)"
    );
    assert_eq!(
        row_after(&page, reviews_by_month, "November 2025"),
        ["1", "1", "100.0%"]
    );

    // England's published figures for 2024 sit beside the council's.
    let page = get_page(&router, "/dashboard/ehc?year=2024", &cookie).await;
    let england = row_after(
        &page,
        "EHC needs assessments and plans, 2024",
        "Review decisions made within 4 weeks of the meeting",
    );
    assert!(
        england[2].starts_with("44.4% (154924 of 348759)"),
        "{england:?}"
    );
    let england = row_after(
        &page,
        "EHC needs assessments and plans, 2024",
        "Decisions whether to assess made within 6 weeks",
    );
    assert_eq!(england[2], "84.8%");
}

store::on_both_engines!(
    the_dashboard_shows_the_councils_measures_beside_its_published_figures,
    every_measure_shows_by_month_with_its_numerator_and_denominator,
);
