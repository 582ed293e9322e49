//! The council's own forecast and its DSG management plan through the real router, on both
//! engines, for a demo council: every table of the plan adds up (each breakdown to the year's
//! total, each category, age group and need to its cells, the counted total to the plans in force on the
//! census), the financial summary's positions follow from its income and expenditure, its
//! first year is the budget page's, and only finance officers and SEND managers see it.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use app::{Actor, Store};
use axum::http::StatusCode;
use chrono::Local;
use common::{demo_council_with_budget, get, la, router, staff_cookie};
use domain::dates::sen2_census_date;

/// The rows of a CSV file under its header, split into fields.
fn rows(csv: &str, header: &str) -> Vec<Vec<String>> {
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(header));
    lines
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

fn pence(amount: &str) -> i64 {
    amount.parse::<domain::Pence>().unwrap().get()
}

async fn the_demo_councils_dsg_plan_adds_up(store: &Store) {
    let today = Local::now().date_naive();
    let council = demo_council_with_budget(store, 400).await;
    let operator = Actor::operator(la());
    let r = router(store);
    let finance = staff_cookie(store, "fay@example.org").await;

    let (status, page) = get(&r, "/finance/forecast", &finance).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("runs 200 simulations") && page.contains("seed 2026"),
        "{page}"
    );
    assert!(page.contains("id=\"forecast-plans\""), "{page}");

    let (status, page) = get(&r, "/finance/dsg-plan", &finance).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    for part in [
        "id=\"dsg-deficit\"",
        "Financial summary: high needs block",
        "Plans by placement category",
        "Plans by age group",
        "Plans by primary need",
        "href=\"/finance/dsg-plan\"",
    ] {
        assert!(page.contains(part), "{part}: {page}");
    }

    let (status, csv) = get(&r, "/finance/dsg-plan/plans.csv", &finance).await;
    assert_eq!(status, StatusCode::OK);
    let plan_rows = rows(&csv, domain::high_needs::dsg_plan::PLANS_CSV_HEADER);
    // year -> (basis, total, [sum of categories, ages, needs, cells])
    let mut years: BTreeMap<i32, (String, u64, [u64; 4])> = BTreeMap::new();
    // (year, breakdown, key) -> (the breakdown's row, the sum of its cells)
    let mut rows_and_cells: BTreeMap<(i32, usize, String), (u64, u64)> = BTreeMap::new();
    for row in &plan_rows {
        let year: i32 = row[0].parse().unwrap();
        let plans: u64 = row[5].parse().unwrap();
        let entry = years.entry(year).or_insert((row[1].clone(), 0, [0; 4]));
        let keys = [&row[2], &row[3], &row[4]].map(|k| !k.is_empty());
        match keys.iter().filter(|k| **k).count() {
            0 => entry.1 = plans,
            1 => {
                let part = keys.iter().position(|k| *k).unwrap();
                entry.2[part] += plans;
                let key = (year, part, row[2 + part].clone());
                rows_and_cells.entry(key).or_default().0 = plans;
            }
            3 => {
                entry.2[3] += plans;
                for part in 0..3 {
                    let key = (year, part, row[2 + part].clone());
                    rows_and_cells.entry(key).or_default().1 += plans;
                }
            }
            _ => panic!("unexpected keys {keys:?} in {row:?}"),
        }
    }
    assert!(years.len() >= 2, "a counted year and forecast years: {csv}");
    let (&census_year, counted) = years.iter().next().unwrap();
    assert_eq!(counted.0, "actual");
    let census = sen2_census_date(census_year);
    let in_force = council.plans_in_force_on(census).count() as u64;
    assert!(in_force > 100, "{in_force}");
    assert_eq!(counted.1, in_force, "the counted total is the caseload");
    assert_eq!(
        counted.2, [in_force; 4],
        "every breakdown of the census adds up"
    );
    for (year, (basis, total, sums)) in years.iter().skip(1) {
        assert_eq!(basis, "forecast");
        assert!(*total > 0);
        assert_eq!(
            sums, &[*total; 4],
            "every breakdown of January {year} adds up"
        );
    }
    // Counted and forecast years alike: each category's, age group's and need's row is the sum
    // of its cells.
    assert!(rows_and_cells.keys().any(|(y, _, _)| *y > census_year));
    for ((year, part, key), (row, cells)) in &rows_and_cells {
        assert_eq!(row, cells, "breakdown {part} {key} in {year}");
    }

    let (status, csv) = get(&r, "/finance/dsg-plan/finance.csv", &finance).await;
    assert_eq!(status, StatusCode::OK);
    let finance_rows = rows(&csv, domain::high_needs::dsg_finance::FINANCE_CSV_HEADER);
    assert!(finance_rows.len() >= 2, "{csv}");
    let view = app::finance::budget::budget_position(
        store,
        &operator,
        domain::FinancialYear::containing(today),
    )
    .await
    .unwrap();
    let first = &finance_rows[0];
    assert_eq!(first[0], view.position.year.to_string());
    assert_eq!(pence(&first[2]), view.position.income.get());
    assert_eq!(
        pence(&first[3]),
        view.position.high_needs_total().outturn().get()
    );
    let mut cumulative = 0;
    for row in &finance_rows {
        assert_eq!(row[1], "high_needs");
        let in_year = pence(&row[2]) - pence(&row[3]);
        assert_eq!(pence(&row[4]), in_year, "{row:?}");
        cumulative += in_year;
        assert_eq!(pence(&row[5]), cumulative, "{row:?}");
    }

    let manager = staff_cookie(store, "mo@example.org").await;
    let (status, _) = get(&r, "/finance/dsg-plan", &manager).await;
    assert_eq!(status, StatusCode::OK);
    let caseworker = staff_cookie(store, "cy@example.org").await;
    for path in [
        "/finance/dsg-plan",
        "/finance/forecast",
        "/finance/dsg-plan/plans.csv",
    ] {
        let (status, _) = get(&r, path, &caseworker).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
}

store::on_both_engines!(the_demo_councils_dsg_plan_adds_up);
