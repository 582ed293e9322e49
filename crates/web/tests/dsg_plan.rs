//! The council's own forecast and its DSG management plan through the real router, on both
//! engines, for a demo council: every table of the plan adds up (each breakdown to the year's
//! total, each category, age group and need to its cells, the counted total to the plans in force on the
//! census), the financial summary's blocks add up to the DSG total each year with transfers
//! netting to zero and the cumulative balance running on from the balance brought forward, its
//! high needs block's first year is the budget page's, and only finance officers and SEND
//! managers see it. A finance officer records the other funding blocks and the balance through
//! their form (bad input named field by field and nothing saved), the summary uses them and
//! holds them into later years, and no one else may record them.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use app::{Actor, Store};
use axum::http::StatusCode;
use chrono::Local;
use common::{demo_council_with_budget, get, la, post_form, router, staff_cookie};
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

/// A row of the financial summary's CSV, amounts in pence.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FinanceRow {
    scenario: String,
    year: String,
    block: String,
    basis: String,
    figures_from: String,
    allocation: i64,
    transfers: i64,
    expenditure: i64,
    in_year: i64,
    brought_forward: Option<i64>,
    cumulative: Option<i64>,
}

fn finance_rows(csv: &str) -> Vec<FinanceRow> {
    let optional = |s: &String| (!s.is_empty()).then(|| pence(s));
    rows(csv, domain::high_needs::dsg_summary::FINANCE_CSV_HEADER)
        .iter()
        .map(|r| FinanceRow {
            scenario: r[0].clone(),
            year: r[1].clone(),
            block: r[2].clone(),
            basis: r[3].clone(),
            figures_from: r[4].clone(),
            allocation: pence(&r[5]),
            transfers: pence(&r[6]),
            expenditure: pence(&r[7]),
            in_year: pence(&r[8]),
            brought_forward: optional(&r[9]),
            cumulative: optional(&r[10]),
        })
        .collect()
}

/// Every year of each scenario has the four blocks and their DSG total: each block's in-year
/// is its allocation and transfers less its expenditure, the blocks add up to the total, the
/// schools block gives up what the high needs block takes in, and the cumulative balance is
/// `brought_forward` and every in-year total to the year's end.
fn adds_up(rows: &[FinanceRow], brought_forward: i64) {
    for scenario in ["unmitigated", "mitigated"] {
        let mut balance = brought_forward;
        let rows: Vec<&FinanceRow> = rows.iter().filter(|r| r.scenario == scenario).collect();
        assert_eq!(rows.len() % 5, 0, "{rows:?}");
        for year in rows.chunks(5) {
            let blocks: Vec<&str> = year.iter().map(|r| r.block.as_str()).collect();
            assert_eq!(
                blocks,
                [
                    "schools",
                    "central_school_services",
                    "early_years",
                    "high_needs",
                    "dsg_total"
                ]
            );
            let (blocks, total) = (&year[..4], year[4]);
            for b in blocks {
                assert_eq!(b.year, total.year);
                assert_eq!(
                    b.in_year,
                    b.allocation + b.transfers - b.expenditure,
                    "{b:?}"
                );
                assert_eq!((b.brought_forward, b.cumulative), (None, None));
            }
            let sum = |f: fn(&FinanceRow) -> i64| blocks.iter().map(|b| f(b)).sum::<i64>();
            assert_eq!(total.allocation, sum(|b| b.allocation), "{total:?}");
            assert_eq!(total.expenditure, sum(|b| b.expenditure), "{total:?}");
            assert_eq!(total.in_year, sum(|b| b.in_year), "{total:?}");
            assert_eq!(total.transfers, 0, "transfers net to zero: {year:?}");
            assert_eq!(blocks[0].transfers, -blocks[3].transfers, "{year:?}");
            assert_eq!(total.brought_forward, Some(balance), "{total:?}");
            balance += total.in_year;
            assert_eq!(total.cumulative, Some(balance), "{total:?}");
        }
    }
}

/// What the budget's block transfers into the high needs block come to, in pence.
fn transfers_in(view: &app::finance::budget::BudgetView) -> i64 {
    (view.income.iter())
        .filter(|i| i.item.kind == domain::high_needs::budget::IncomeKind::BlockTransfer)
        .map(|i| i.item.amount.get())
        .sum()
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
        "Financial summary: DSG total",
        "Financial summary: schools block",
        "Financial summary: central school services block",
        "Financial summary: early years block",
        "Financial summary: high needs block",
        "href=\"/finance/dsg-blocks?year=",
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
    let view = app::finance::budget::budget_position(
        store,
        &operator,
        domain::FinancialYear::containing(today),
    )
    .await
    .unwrap();
    let summary = finance_rows(&csv);
    let demo_balance = summary[4].brought_forward.unwrap();
    assert!(demo_balance < 0, "the demo brings forward a deficit: {csv}");
    adds_up(&summary, demo_balance);
    let first = &summary[3];
    assert_eq!(
        (
            first.year.as_str(),
            first.block.as_str(),
            first.basis.as_str()
        ),
        (
            view.position.year.to_string().as_str(),
            "high_needs",
            "budget"
        )
    );
    assert_eq!(
        first.allocation + first.transfers,
        view.position.income.get(),
        "the high needs block's allocation and transfers are its budgeted income"
    );
    assert_eq!(
        first.expenditure,
        view.position.high_needs_total().outturn().get()
    );
    assert_eq!(
        first.transfers,
        transfers_in(&view),
        "the transfers are the budget's block transfers"
    );
    assert!(
        summary.iter().all(|r| r.scenario == "unmitigated"),
        "no mitigations, no mitigated rows"
    );

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

/// The summary's rows for one block, by financial year.
fn block_rows<'a>(rows: &'a [FinanceRow], block: &str) -> BTreeMap<&'a str, &'a FinanceRow> {
    (rows.iter())
        .filter(|r| r.scenario == "unmitigated" && r.block == block)
        .map(|r| (r.year.as_str(), r))
        .collect()
}

async fn a_finance_officer_records_the_funding_blocks(store: &Store) {
    let today = Local::now().date_naive();
    demo_council_with_budget(store, 250).await;
    let r = router(store);
    let finance = staff_cookie(store, "fay@example.org").await;
    let year = domain::FinancialYear::containing(today);
    let (this, next) = (year.start_year(), year.start_year() + 1);

    let (status, page) = get(&r, "/finance/dsg-blocks", &finance).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains(&format!("Funding blocks recorded for {year}")),
        "{page}"
    );
    assert!(page.contains("Save the funding blocks"), "{page}");

    // This year's three blocks and a deficit brought forward; next year the schools block only.
    let (status, _, location) = post_form(
        &r,
        "/finance/dsg-blocks",
        &finance,
        &format!(
            "year={this}&schools_allocation=200%2C000%2C000&schools_expenditure=199000000\
             &central_school_services_allocation=2500000&central_school_services_expenditure=2600000\
             &early_years_allocation=40000000&early_years_expenditure=39000000.50\
             &brought_forward=-5%2C000%2C000"
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location.as_deref(),
        Some(format!("/finance/dsg-blocks?year={this}&done=saved").as_str())
    );
    let (_, page) = get(
        &r,
        &format!("/finance/dsg-blocks?year={this}&done=saved"),
        &finance,
    )
    .await;
    for part in [
        "Funding blocks saved",
        "£200,000,000.00",
        "£39,000,000.50",
        "-£5,000,000.00, set by",
    ] {
        assert!(page.contains(part), "{part}: {page}");
    }
    let (status, _, _) = post_form(
        &r,
        "/finance/dsg-blocks",
        &finance,
        &format!("year={next}&schools_allocation=210000000&schools_expenditure=209000000"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (_, csv) = get(&r, "/finance/dsg-plan/finance.csv", &finance).await;
    let summary = finance_rows(&csv);
    adds_up(&summary, -500_000_000);
    let schools = block_rows(&summary, "schools");
    let central = block_rows(&summary, "central_school_services");
    let high_needs = block_rows(&summary, "high_needs");
    let (this_fy, next_fy) = (year.to_string(), year.next().to_string());
    let first = schools[this_fy.as_str()];
    assert_eq!(
        (first.allocation, first.expenditure),
        (20_000_000_000, 19_900_000_000)
    );
    assert_eq!(first.basis, "recorded");
    let later = schools[next_fy.as_str()];
    assert_eq!(
        (later.allocation, later.basis.as_str()),
        (21_000_000_000, "recorded")
    );
    let held = central[next_fy.as_str()];
    assert_eq!(
        (
            held.allocation,
            held.expenditure,
            held.basis.as_str(),
            held.figures_from.as_str()
        ),
        (250_000_000, 260_000_000, "held", this_fy.as_str()),
        "a block not recorded for a year holds the latest earlier year's figures"
    );
    if let Some(after) = schools.get(year.next().next().to_string().as_str()) {
        assert_eq!(
            (after.basis.as_str(), after.figures_from.as_str()),
            ("held", next_fy.as_str())
        );
    }
    let view = app::finance::budget::budget_position(store, &Actor::operator(la()), year)
        .await
        .unwrap();
    assert!(
        transfers_in(&view) > 0,
        "the demo transfers from the schools block"
    );
    for (y, hn) in &high_needs {
        assert_eq!(hn.transfers, transfers_in(&view), "{y}");
        assert_eq!(schools[y].transfers, -transfers_in(&view), "{y}");
    }
    let (_, plan) = get(&r, "/finance/dsg-plan", &finance).await;
    assert!(plan.contains("-£5,000,000.00, recorded by"), "{plan}");
    assert!(plan.contains(&format!("Held from {year}")), "{plan}");

    // Bad input: every problem named by its field, what was typed kept, nothing saved.
    let (status, page, _) = post_form(
        &r,
        "/finance/dsg-blocks",
        &finance,
        &format!(
            "year={this}&schools_allocation=lots&schools_expenditure=1\
             &early_years_allocation=40000000&early_years_expenditure=\
             &brought_forward=a+deficit"
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    for field in [
        "schools_allocation",
        "early_years_expenditure",
        "brought_forward",
    ] {
        assert!(
            page.contains(&format!("href=\"#{field}\"")),
            "{field}: {page}"
        );
    }
    assert!(page.contains("<title>Error:"), "{page}");
    assert!(
        page.contains("value=\"lots\""),
        "what was typed is kept: {page}"
    );
    let (_, again) = get(&r, "/finance/dsg-plan/finance.csv", &finance).await;
    assert_eq!(again, csv, "nothing was saved");

    // Only finance officers record them; a SEND manager reads them; a caseworker neither.
    let manager = staff_cookie(store, "mo@example.org").await;
    let (status, page) = get(&r, "/finance/dsg-blocks", &manager).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Save the funding blocks"), "{page}");
    let caseworker = staff_cookie(store, "cy@example.org").await;
    let (status, _) = get(&r, "/finance/dsg-blocks", &caseworker).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for who in [&manager, &caseworker] {
        let (status, _, _) = post_form(
            &r,
            "/finance/dsg-blocks",
            who,
            &format!("year={this}&schools_allocation=1&schools_expenditure=1"),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (_, again) = get(&r, "/finance/dsg-plan/finance.csv", &finance).await;
    assert_eq!(again, csv, "nothing was saved");
}

store::on_both_engines!(
    the_demo_councils_dsg_plan_adds_up,
    a_finance_officer_records_the_funding_blocks
);
