//! The sensitivity analysis through the real router, on both engines, for a demo council: the
//! figures on the page are `Sensitivity::analyse` run here on the same inputs with the same
//! seed, the activity figures are exactly N % of each provision's cost, the tornado is ordered
//! by swing, a percentage out of range is named, and a caseworker cannot read it.

#![allow(clippy::unwrap_used)]

mod common;

use app::Store;
use app::finance::forecast::{SEED, latest_census, prepare};
use app::finance::sensitivity::{SIMULATIONS, provisions};
use axum::http::StatusCode;
use chrono::Local;
use common::{demo_council_with_budget, get, router, staff_cookie};
use domain::forecast::scenario::Sensitivity;

async fn the_page_shows_the_analysis_of_the_councils_forecast(store: &Store) {
    demo_council_with_budget(store, 400).await;
    let r = router(store);
    let fay = staff_cookie(store, "fay@example.org").await;

    let (status, page) = get(&r, "/finance/sensitivity?percent=20", &fay).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("href=\"/finance/sensitivity\""),
        "in the navigation"
    );
    assert!(page.contains("role=\"img\""), "{page}");
    assert!(page.contains("id=\"sensitivity-tornado\""), "{page}");
    assert!(
        page.contains(&format!("same {SIMULATIONS} simulations and seed {SEED}")),
        "{page}"
    );

    // The same inputs, analysed here with the page's provisions, simulations and seed.
    let mut tx = store.begin().await.unwrap();
    let prepared = prepare(&mut tx, 801, latest_census(Local::now().date_naive()))
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    let groups = provisions(&prepared.inputs);
    assert!(!groups.is_empty() && groups.len() <= 7, "{groups:?}");
    let s = Sensitivity::analyse(
        &prepared.inputs,
        "population",
        &[],
        &groups,
        20.0,
        SIMULATIONS,
        SEED,
        1,
    )
    .unwrap();
    let runs = prepared.forecast.run(SIMULATIONS, SEED, 1);
    for p in &s.provisions {
        for (side, sign) in [(0, -1), (1, 1)] {
            for (y, (pupils, activity)) in p.pupils[side].iter().zip(&p.activity[side]).enumerate()
            {
                assert!(page.contains(&pupils.to_string()), "{pupils}: {page}");
                assert!(page.contains(&activity.to_string()), "{activity}");
                // Activity is exactly 20 % of the provision's mean forecast cost.
                let g = groups.iter().find(|g| g.name == p.provision).unwrap();
                let settings = prepared.forecast.settings();
                let mut total = vec![0i64; runs.simulations()];
                for code in &g.settings {
                    let s = settings.iter().position(|c| c == code).unwrap();
                    for (t, c) in total.iter_mut().zip(runs.setting_costs(y + 1, s)) {
                        *t += c.get();
                    }
                }
                let mean = total.iter().map(|&c| c as f64).sum::<f64>() / total.len() as f64;
                let expected = (mean.round() * 0.2 * f64::from(sign)).round() as i64;
                assert!(
                    (activity.get() - expected).abs() <= 1,
                    "{}: {activity} against {expected}",
                    p.provision
                );
            }
        }
    }
    // The tornado's table lists the bars of the last year, largest swing first.
    let last = *s.years.last().unwrap();
    assert!(
        page.contains(&format!("Tornado chart, January {last}")),
        "{page}"
    );
    let bars = s.tornado(last);
    assert!(bars.windows(2).all(|w| w[0].swing() >= w[1].swing()));
    let table = &page[page.find("id=\"tornado-table\"").unwrap()..];
    let mut at = 0;
    for b in &bars {
        let found = table[at..].find(&b.swing().to_string()).unwrap();
        at += found;
    }

    // Another year and another N.
    let first = s.years[0];
    let (status, page) = get(
        &r,
        &format!("/finance/sensitivity?percent=5&year={first}"),
        &fay,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("Tornado chart, January {first}")),
        "{page}"
    );
    assert!(page.contains("5% more pupils entering"), "{page}");

    for bad in ["0", "51", "ten", "2.5"] {
        let (status, page) = get(&r, &format!("/finance/sensitivity?percent={bad}"), &fay).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("href=\"#percent\""), "{bad}: {page}");
        assert!(page.contains("whole number from 1 to 50"), "{page}");
        assert!(!page.contains("sensitivity-tornado"), "{page}");
    }

    let caseworker = staff_cookie(store, "cy@example.org").await;
    let (status, _) = get(&r, "/finance/sensitivity", &caseworker).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

store::on_both_engines!(the_page_shows_the_analysis_of_the_councils_forecast);
