//! The forecast backtest page through the real router: a finance officer sees Bristol's
//! published caseloads, the model's forecast with its 95 % range and the linear trend as a chart
//! above the table of the same figures; another council's code is not found; caseworkers and
//! SENCOs are refused.

#![allow(clippy::unwrap_used)]

mod common;

use app::Store;
use axum::http::StatusCode;
use common::{get, new_staff_cookie, router};

async fn finance_officers_see_their_own_councils_backtest(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let router = router(store);
    let fay = new_staff_cookie(store, "fay@example.org", "finance_officer").await;
    let casey = new_staff_cookie(store, "casey@example.org", "send_caseworker").await;

    let (status, page) = get(&router, "/finance/backtest?la=801&fit_to=2021", &fay).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("Forecast backtest: Bristol, City of"),
        "{page}"
    );
    assert!(page.contains("Forecast from 2021"), "{page}");
    // The chart, with its text alternative, sits above the table of the same figures.
    let chart = page.find("<svg").unwrap();
    let figures = page.find("<table").unwrap();
    assert!(chart < figures);
    assert!(page.contains("Model&#39;s 95% range") || page.contains("Model's 95% range"));
    // Bristol's published Januaries, 2022 forecast against 3,424 published.
    assert!(
        page.contains("<td class=\"govuk-table__cell\">3424</td>"),
        "{page}"
    );
    assert!(page.contains("href=\"/finance/backtest\""), "navigation");
    assert!(
        page.contains("href=\"/finance/backtest?fit_to=2020\""),
        "other years"
    );

    // With no year, the latest that can be compared over three years.
    let (_, page) = get(&router, "/finance/backtest", &fay).await;
    assert!(page.contains("Forecast from 2022"), "{page}");

    let (status, _) = get(&router, "/finance/backtest?la=928", &fay).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "only the council's own backtest"
    );
    let (status, _) = get(&router, "/finance/backtest", &casey).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

store::on_both_engines!(finance_officers_see_their_own_councils_backtest);
