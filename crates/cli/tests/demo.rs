//! `highneeds demo` end to end: the council it writes has the make-up of the council it is
//! calibrated on, checked against the DfE figures in ../shared/data/dfe, on both engines.

#![allow(clippy::unwrap_used)]

mod common;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use common::*;
use store::{Location, Store};

const CENSUS: &str = "2025-01-16";

/// Shares of a council's January 2025 caseload from a DfE CSV: column → share of ehc_plans.
fn dfe_shares(file: &str, la_code: &str, columns: &[&str]) -> BTreeMap<String, f64> {
    let mut reader = csv::Reader::from_path(shared_dfe().join(file)).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} in {file}"))
    };
    for record in reader.records() {
        let record = record.unwrap();
        if &record[col("year")] == "2025" && &record[col("old_la_code")] == la_code {
            let total: f64 = columns
                .iter()
                .map(|c| record[col(c)].parse::<f64>().unwrap_or(0.0))
                .sum();
            return columns
                .iter()
                .map(|c| {
                    (
                        c.to_string(),
                        record[col(c)].parse::<f64>().unwrap_or(0.0) / total,
                    )
                })
                .collect();
        }
    }
    panic!("no 2025 row for {la_code} in {file}");
}

const NEEDS: [&str; 13] = [
    "asd",
    "hi",
    "mld",
    "msi",
    "oth",
    "pd",
    "pmld",
    "semh",
    "slcn",
    "sld",
    "spld",
    "vi",
    "need_not_recorded",
];
const GROUPS: [&str; 7] = [
    "mainstream_total",
    "special_total",
    "ap_pru_total",
    "fe_total",
    "ed_elsewhere",
    "nm_early_years",
    "placement_unknown",
];

/// The database's shares of plans in force at the census, by primary need and by placement group.
async fn db_shares(
    location: &Location,
    la_id: i64,
) -> (i64, BTreeMap<String, f64>, BTreeMap<String, f64>) {
    let store = Store::connect(location).await.unwrap();
    let census = NaiveDate::parse_from_str(CENSUS, "%Y-%m-%d").unwrap();
    let mut tx = store.begin().await.unwrap();
    let total = tx.count_plans_in_force(la_id, census).await.unwrap();
    let mut needs = BTreeMap::new();
    for row in tx
        .plans_in_force_by_primary_need(la_id, census)
        .await
        .unwrap()
    {
        let key = match row.key.as_deref() {
            None => "need_not_recorded".to_string(),
            Some("DS") => "oth".to_string(), // DfE counts Down syndrome under OTH
            Some(code) => code.to_lowercase(),
        };
        *needs.entry(key).or_insert(0.0) += row.n as f64 / total as f64;
    }
    let mut groups = BTreeMap::new();
    for row in tx.plans_in_force_by_placement(la_id, census).await.unwrap() {
        let category: domain::PlacementCategory = match row.key.as_deref() {
            Some(key) => key.parse().unwrap(),
            None => domain::PlacementCategory::PlacementUnknown,
        };
        *groups
            .entry(category.group().column().to_string())
            .or_insert(0.0) += row.n as f64 / total as f64;
    }
    tx.commit().await.unwrap();
    store.close().await;
    (total, needs, groups)
}

fn assert_within(
    what: &str,
    expected: &BTreeMap<String, f64>,
    actual: &BTreeMap<String, f64>,
    points: f64,
) {
    for (key, share) in expected {
        let got = actual.get(key).copied().unwrap_or(0.0);
        assert!(
            (got - share).abs() * 100.0 <= points,
            "{what} {key}: {:.1}% in the database, {:.1}% in the DfE figures",
            got * 100.0,
            share * 100.0
        );
    }
}

#[tokio::test]
async fn small_demo_like_bristol_matches_bristols_make_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bristol.db");
    let out = highneeds(&[
        "demo",
        "--size",
        "small",
        "--like",
        "801",
        "--no-serve",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    assert!(printed.contains("Bristol"), "{printed}");
    for label in [
        "Council administrator",
        "SEND caseworker",
        "SEND manager",
        "Finance officer",
        "SENCO",
        "Professional",
    ] {
        assert!(printed.contains(label), "a sign-in for {label}: {printed}");
    }

    let (total, needs, groups) = db_shares(&Location::Sqlite(db.clone()), 801).await;
    assert!(
        (2_900..=3_100).contains(&total),
        "about 3,000 plans in force, found {total}"
    );
    assert_within(
        "primary need",
        &dfe_shares("la_caseload_by_need_2025.csv", "801", &NEEDS),
        &needs,
        3.0,
    );
    assert_within(
        "placement",
        &dfe_shares("la_caseload_by_placement_2025.csv", "801", &GROUPS),
        &groups,
        3.0,
    );

    // Top-up funding: one application in each state at the SENCO's school, an award for each
    // pupil with a plan in a mainstream school, around published unit costs (funding.md).
    let topup = topup_make_up(&Location::Sqlite(db.clone()), 801).await;
    let (states, awards, mean, costed) = &topup;
    for state in domain::topup::application::ApplicationState::ALL {
        assert!(
            states.contains_key(state.code()),
            "an application {state:?}: {states:?}"
        );
    }
    assert!(*awards > 500, "{awards} awards");
    assert!((500_000..1_200_000).contains(mean), "mean award {mean}p");
    assert!(*costed > 2_000, "{costed} placements costed");
    // The high needs budget for this financial year, with income and actuals to date.
    assert!(printed.contains("High needs budget "), "{printed}");
    assert!(printed.contains("months of actuals"), "{printed}");

    // Running it again refreshes the council rather than adding to it.
    let again = highneeds(&[
        "demo",
        "--size",
        "small",
        "--like",
        "801",
        "--no-serve",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(again.status.success(), "{}", stderr(&again));
    let (total_again, _, _) = db_shares(&Location::Sqlite(db.clone()), 801).await;
    assert_eq!(total_again, total);
    let topup_again = topup_make_up(&Location::Sqlite(db), 801).await;
    assert_eq!(
        topup_again, topup,
        "the second run replaces the top-up data"
    );
}

/// What the demo's top-up funding holds: applications by state, awards, their mean a year,
/// and costed placements. Checks each award keeps the version of the model in use.
async fn topup_make_up(
    location: &Location,
    la_id: i64,
) -> (BTreeMap<String, usize>, usize, i64, usize) {
    let store = Store::connect(location).await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let applications: Vec<store::TopupApplicationRow> = tx.records_of_council(la_id).await.unwrap();
    let awards: Vec<store::TopupAwardRow> = tx.records_of_council(la_id).await.unwrap();
    let costs: Vec<store::PlacementCostRow> = tx.records_of_council(la_id).await.unwrap();
    let model = tx.funding_model_in_use(la_id).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    let mut states = BTreeMap::new();
    for a in &applications {
        *states.entry(a.state.clone()).or_insert(0) += 1;
    }
    assert!(awards.iter().all(|a| a.model_sha256 == model.sha256));
    let mean = awards.iter().map(|a| a.annual_pence).sum::<i64>() / awards.len().max(1) as i64;
    (states, awards.len(), mean, costs.len())
}

#[tokio::test]
async fn small_demo_on_postgres_builds_exampleshire_like_the_median_council() {
    let pg = store::testing::TestDb::empty(store::Engine::Postgres).await;
    let url = match &pg.location {
        Location::Postgres(url) => url.clone(),
        Location::Sqlite(_) => unreachable!(),
    };
    let out = highneeds(&["demo", "--size", "small", "--no-serve", "--db", &url]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Exampleshire (999)"),
        "{}",
        stdout(&out)
    );
    let (total, needs, groups) = db_shares(&pg.location, 999).await;
    assert!(
        (2_900..=3_100).contains(&total),
        "about 3,000 plans in force, found {total}"
    );
    // Exampleshire is shaped like the median council: its largest needs and settings are the
    // ones England's are, within a few points of England's shares.
    let england_needs = dfe_shares("la_caseload_by_need_2025.csv", "", &NEEDS);
    let england_groups = dfe_shares("la_caseload_by_placement_2025.csv", "", &GROUPS);
    assert_within("primary need vs England", &england_needs, &needs, 5.0);
    assert_within("placement vs England", &england_groups, &groups, 8.0);
    // And within 3 points of the median-council calibration it was built from.
    let median = synth::DfeTables::from_dir(shared_dfe())
        .unwrap()
        .calibrate(None)
        .unwrap();
    let mut median_needs = BTreeMap::new();
    for (need, share) in &median.need_shares {
        let key = need
            .map_or("need_not_recorded", |n| n.dfe_column())
            .to_string();
        *median_needs.entry(key).or_insert(0.0) += share;
    }
    let mut median_groups = BTreeMap::new();
    for (category, share) in &median.placement_shares {
        *median_groups
            .entry(category.group().column().to_string())
            .or_insert(0.0) += share;
    }
    assert_within(
        "primary need vs median calibration",
        &median_needs,
        &needs,
        3.0,
    );
    assert_within(
        "placement vs median calibration",
        &median_groups,
        &groups,
        3.0,
    );
    pg.cleanup().await;
}
