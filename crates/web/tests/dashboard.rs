//! The timeliness dashboard on a synthetic council shaped like Bristol: the measures computed
//! from its casework match the figures Bristol published, which the page shows beside them.

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
    let chart = page.find("<svg class=\"app-chart\"").unwrap();
    let monthly_table = page
        .find("Plans issued within 20 weeks by month, 2024")
        .unwrap();
    assert!(chart < monthly_table, "the chart sits above its data table");
}

store::on_both_engines!(the_dashboard_shows_the_councils_measures_beside_its_published_figures);
