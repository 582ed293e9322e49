//! Finance pages benchmark: the forecast, the DSG management plan, mitigations and scenarios,
//! and the sensitivity analysis on the demo council (3,000 plans, SQLite), read through the
//! real router by a signed-in finance officer.
//!
//! Each page is timed twice: the first reading after the inputs were made, which runs the
//! forecast, and then readings with the runs kept (`app::finance::memo`). Sensitivity is read
//! at PERCENTS different percentages (default 5), each one a fresh analysis, then again.
//!
//! Run: `cargo bench -p web --bench finance`; READS (default 20) sets the kept readings.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use app::{Actor, auth};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use domain::high_needs::mitigation::NewMitigation;
use store::Engine;
use store::testing::TestDb;
use tower::ServiceExt;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One reading of `path`; its time.
async fn read(router: &axum::Router, path: &str, cookie: &str) -> Duration {
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let started = Instant::now();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let took = started.elapsed();
    assert_eq!(
        status,
        StatusCode::OK,
        "{path}: {}",
        String::from_utf8_lossy(&body)
    );
    took
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median and largest of some timings, in ms.
fn summary(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    (ms(times[times.len() / 2]), ms(*times.last().unwrap()))
}

fn main() {
    let reads = env_or("READS", 20).max(1);
    let percents = env_or("PERCENTS", 5).clamp(1, 50);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let today = chrono::Local::now().date_naive();
        let tables = synth::DfeTables::embedded().expect("DfE tables");
        let la = synth::LocalAuthority::exampleshire();
        let calibration = tables.calibrate(None).expect("calibration");
        let council = synth::generate_to(&la, &calibration, synth::Size::Small.target_plans(), 2025, today);
        let db = TestDb::new(Engine::Sqlite).await;
        let store = &db.store;
        let operator = Actor::operator(la.code);
        app::councils::load_local_authorities(store, std::slice::from_ref(&la)).await.expect("council");
        app::demo::seed_council(store, &operator, &council, &mut |_| {}).await.expect("seed");
        app::demo::create_demo_staff(store, &operator, "bench.invalid").await.expect("staff");
        app::demo_topup::seed_topup(store, &operator, today, Utc::now()).await.expect("top-up");
        app::demo_budget::seed_budget(store, &operator, today).await.expect("budget");
        let new = app::staff::NewStaff {
            name: "Bench Finance".into(),
            email: "finance@bench.invalid".into(),
            roles: vec!["finance_officer".into()],
            password: Some("benchmark password".into()),
            ..Default::default()
        };
        let staff_id = app::staff::add_staff(store, &operator, new).await.expect("finance officer").staff_id;
        let finance = Actor::staff(la.code, staff_id, vec![domain::Role::FinanceOfficer], "bench");
        for (name, change, setting, percentage) in [
            ("Independent school fees negotiated down", "cost", "special_independent", "10"),
            ("Fewer moves into independent special schools", "movers_in", "special_independent", "20"),
        ] {
            let m = NewMitigation {
                name: name.into(),
                theme: "demand".into(),
                owner: "Head of SEND".into(),
                rag: "amber".into(),
                change: change.into(),
                setting: setting.into(),
                direction: "decrease".into(),
                percentage: percentage.into(),
                from: format!("{}-09-01", chrono::Datelike::year(&today)),
                ..Default::default()
            };
            app::finance::scenarios::save_mitigation(store, &finance, None, &m).await.expect("mitigation");
        }
        let signed_in = auth::sign_in_staff(store, la.code, "finance@bench.invalid", "benchmark password", None, "127.0.0.1", Utc::now())
            .await
            .expect("sign in");
        let cookie = format!("highneeds_session={}", signed_in.cookie);
        let config = web::WebConfig { la: la.code, council_name: la.name.clone(), secure_cookies: false, print_emails: false };
        let router = web::router(web::AppState::new(store.clone(), config, web::Assets::default()));
        println!("demo council: {} plans in force today, SQLite", council.plans_in_force_on(today).count());

        for path in ["/finance/forecast", "/finance/dsg-plan", "/finance/scenarios"] {
            let first = read(&router, path, &cookie).await;
            let mut kept = Vec::with_capacity(reads);
            for _ in 0..reads {
                kept.push(read(&router, path, &cookie).await);
            }
            let (median, max) = summary(kept);
            println!("{path:<22} first reading {:>7.1} ms; kept runs, {reads} readings: median {median:.1} ms, max {max:.1} ms", ms(first));
        }
        let mut fresh = Vec::with_capacity(percents);
        for p in 1..=percents {
            fresh.push(read(&router, &format!("/finance/sensitivity?percent={p}"), &cookie).await);
        }
        let mut kept = Vec::with_capacity(reads);
        for i in 0..reads {
            let p = i % percents + 1;
            kept.push(read(&router, &format!("/finance/sensitivity?percent={p}"), &cookie).await);
        }
        let (fresh_median, fresh_max) = summary(fresh);
        let (median, max) = summary(kept);
        println!(
            "/finance/sensitivity   {percents} fresh analyses: median {fresh_median:.1} ms, max {fresh_max:.1} ms; kept, {reads} readings: median {median:.1} ms, max {max:.1} ms"
        );
        db.cleanup().await;
    });
}
