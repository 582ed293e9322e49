//! The forecast's inputs from a small council whose transitions are counted by hand.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;

use super::council::{ChildHistory, Options, PlacementSpell, PlanSpell, derive};
use super::{Forecast, NONSEND, yearly};
use crate::high_needs::dsg_plan::PlanTables;
use crate::sen2::SenType;
use crate::{Pence, PlacementCategory as C};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn placement(category: C, from: &str, to: Option<&str>, pounds: Option<i64>) -> PlacementSpell {
    PlacementSpell {
        category,
        entry_on: d(from),
        leaving_on: to.map(d),
        annual: pounds.map(Pence::from_pounds),
    }
}

fn child(
    born: &str,
    need: SenType,
    plan: (&str, Option<&str>),
    placements: Vec<PlacementSpell>,
) -> ChildHistory {
    ChildHistory {
        birth_date: d(born),
        primary_need: Some(need),
        plans: vec![PlanSpell {
            start_on: d(plan.0),
            cease_on: plan.1.map(d),
        }],
        placements,
    }
}

/// Censuses of January 2024, 2025 and 2026:
/// - Ada (autism, Year 3 in 2024) stays in a mainstream academy at £10,000;
/// - Ben (SEMH, Year 7) moves from a mainstream academy to an independent special school
///   (£60,000) in September 2024;
/// - Cat (SLCN) has a plan from June 2024, at a maintained special school (£20,000): a joiner;
/// - Dan (MLD, Year 11) is at college until his plan ceases in March 2025: a leaver;
/// - Eve's plan starts after the last census and Fin never had one: neither counts.
fn council() -> Vec<ChildHistory> {
    vec![
        child(
            "2015-10-01",
            SenType::Asd,
            ("2020-01-01", None),
            vec![placement(
                C::MainstreamAcademy,
                "2020-01-01",
                None,
                Some(10_000),
            )],
        ),
        child(
            "2012-01-10",
            SenType::Semh,
            ("2019-01-01", None),
            vec![
                placement(
                    C::MainstreamAcademy,
                    "2019-01-01",
                    Some("2024-07-20"),
                    Some(8_000),
                ),
                placement(C::SpecialIndependent, "2024-09-01", None, Some(60_000)),
            ],
        ),
        child(
            "2016-05-05",
            SenType::Slcn,
            ("2024-06-01", None),
            vec![placement(
                C::SpecialLaMaintained,
                "2024-09-01",
                None,
                Some(20_000),
            )],
        ),
        child(
            "2008-03-03",
            SenType::Mld,
            ("2019-01-01", Some("2025-03-31")),
            vec![placement(
                C::GeneralFeTertiaryColleges,
                "2024-09-01",
                Some("2025-07-20"),
                Some(5_000),
            )],
        ),
        child("2014-02-02", SenType::Hi, ("2026-02-01", None), vec![]),
        child("2013-02-02", SenType::Vi, ("2030-01-01", None), vec![]),
    ]
}

const OPTIONS: Options = Options {
    last_census: 2026,
    history_years: 2,
    horizon: 3,
    population_per_year_group: 1_000,
};

#[test]
fn transitions_are_the_children_seen_in_consecutive_januaries() {
    let derived = derive(&council(), &OPTIONS).unwrap();
    let rows: Vec<String> = (derived.inputs.transitions.iter())
        .map(|t| {
            format!(
                "{} {}/{}/{} -> {}/{}/{}",
                t.calendar_year, t.need_1, t.setting_1, t.ay_1, t.need_2, t.setting_2, t.ay_2
            )
        })
        .collect();
    let mut expected = vec![
        "2024 ASD/mainstream_academy/3 -> ASD/mainstream_academy/4",
        "2025 ASD/mainstream_academy/4 -> ASD/mainstream_academy/5",
        "2024 SEMH/mainstream_academy/7 -> SEMH/special_independent/8",
        "2025 SEMH/special_independent/8 -> SEMH/special_independent/9",
        "2024 NONSEND/NONSEND/3 -> SLCN/special_la_maintained/4",
        "2025 SLCN/special_la_maintained/4 -> SLCN/special_la_maintained/5",
        // Dan's plan was in force in January 2024 without a placement recorded then.
        "2024 MLD/placement_unknown/11 -> MLD/general_fe_tertiary_colleges/12",
        "2025 MLD/general_fe_tertiary_colleges/12 -> NONSEND/NONSEND/13",
    ];
    let mut rows_sorted = rows.clone();
    rows_sorted.sort();
    expected.sort_unstable();
    assert_eq!(rows_sorted, expected);
    let joiners = (derived.inputs.transitions.iter())
        .filter(|t| t.setting_1 == NONSEND)
        .count();
    let leavers = (derived.inputs.transitions.iter())
        .filter(|t| t.setting_2 == NONSEND)
        .count();
    assert_eq!((joiners, leavers), (1, 1));
}

#[test]
fn the_last_census_costs_and_valid_states_come_from_the_casework() {
    let derived = derive(&council(), &OPTIONS).unwrap();
    assert_eq!(derived.last_census.len(), 3);
    let cost = |need: &str, setting: &str| {
        (derived.inputs.costs.iter())
            .find(|c| c.need == need && c.setting == setting)
            .map(|c| c.annual)
    };
    assert_eq!(
        cost("ASD", "mainstream_academy"),
        Some(Pence::from_pounds(10_000))
    );
    // Ben's mainstream place ended before the last census; Ada's is the setting's only cost,
    // so it stands in for SEMH there.
    assert_eq!(
        cost("SEMH", "mainstream_academy"),
        Some(Pence::from_pounds(10_000))
    );
    assert_eq!(
        cost("SEMH", "special_independent"),
        Some(Pence::from_pounds(60_000))
    );
    // Nobody was at college or without a placement on the last census.
    assert_eq!(
        derived.uncosted_settings,
        vec![C::GeneralFeTertiaryColleges, C::PlacementUnknown]
    );
    let academy = (derived.inputs.valid_states.iter())
        .find(|v| v.setting == "mainstream_academy")
        .unwrap();
    assert_eq!((academy.min_ay, academy.max_ay), (3, 7));
    // Needs in SEN2 code-set order.
    assert_eq!(academy.needs, ["SEMH", "ASD"]);
}

#[test]
fn the_engine_runs_on_the_derived_inputs_and_its_tables_add_up() {
    let derived = derive(&council(), &OPTIONS).unwrap();
    let forecast = Forecast::estimate(&derived.inputs, "population").unwrap();
    assert_eq!(forecast.seed_year(), 2026);
    assert_eq!(forecast.years(), [2027, 2028, 2029]);
    assert_eq!(forecast.initial_total(), 3);
    let years = yearly(&forecast.run(200, 7, 1));
    assert_eq!(years.len(), 4);
    assert!((years[0].plans.mean - 3.0).abs() < 1e-9);
    // The starting year costs exactly the three children's placements.
    assert!((years[0].cost.mean - 90_000.0).abs() < 1e-6);
    for y in &years {
        let tables = PlanTables::forecast(y);
        for part in [
            tables.by_category.iter().map(|(_, n)| n).sum::<u64>(),
            tables.by_age.iter().map(|(_, n)| n).sum(),
            tables.by_need.iter().map(|(_, n)| n).sum(),
        ] {
            assert_eq!(part, tables.total, "year {}", y.year);
        }
    }
}

#[test]
fn casework_without_plans_on_the_censuses_is_refused_by_name() {
    let err = derive(&council()[4..], &OPTIONS).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("casework: has no plan in force"),
        "{err}"
    );
}
