//! Hand-worked fits, the accuracy measures, a steady series forecast steadily by both methods,
//! and reproducibility by seed.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;

/// A council with January caseloads from 2015 and, for each later year, the new plans before it.
fn series(code: &str, caseloads: &[Option<u64>], new_plans: &[Option<u64>]) -> Series {
    let mut years = BTreeMap::new();
    for (i, &caseload) in caseloads.iter().enumerate() {
        let new_plans = if i == 0 { None } else { new_plans[i - 1] };
        years.insert(
            2015 + i as i32,
            Figures {
                caseload,
                new_plans,
            },
        );
    }
    Series {
        code: code.to_owned(),
        name: format!("Council {code}"),
        years,
    }
}

fn all(xs: &[u64]) -> Vec<Option<u64>> {
    xs.iter().copied().map(Some).collect()
}

fn options(fit_to: i32) -> Options {
    Options {
        fit_to,
        horizon: HORIZON,
        simulations: 2000,
        seed: 7,
    }
}

#[test]
fn fits_net_leavers_and_new_plans_by_hand() {
    // Flows: 2016: 100 + 20 − 110 = 10 net leavers; 2017: 110 + 20 − 120 = 10. A = 20 of 210
    // plans in January, B = 190; the prior is (20.5/211, 190.5/211).
    let s = series("801", &all(&[100, 110, 120, 130]), &all(&[20, 20, 20]));
    let m = Model::fit(&s, 2017).unwrap();
    assert_eq!(m.caseload_years, [2015, 2016, 2017]);
    assert_eq!(m.flow_years, [2016, 2017]);
    assert_eq!((m.leavers, m.stayed, m.start_caseload), (20, 190, 120));
    let (a, b) = m.leave_params();
    assert!((a - (20.0 + 20.5 / 211.0)).abs() < 1e-12);
    assert!((b - (190.0 + 190.5 / 211.0)).abs() < 1e-12);
    // The joiners' Gamma has the mean new plans as its shape and one year's weight.
    assert_eq!(m.join_params(), (20.0, 1.0));
    assert!(!m.leavers_clamped);
}

#[test]
fn pools_a_year_of_net_arrivals_and_counts_a_year_without_new_plans() {
    // 2016: 100 + 0 − 90 = 10; 2017: 90 + 10 − 105 = −5 (more arrived than new plans explain).
    let s = series("1", &all(&[100, 90, 105]), &all(&[0, 10]));
    let m = Model::fit(&s, 2017).unwrap();
    assert_eq!((m.leavers, m.stayed), (5, 185));
    // witan.send's 0.001 for the year with no joiners, plus 10/2 for the other.
    assert!((m.join_params().0 - 5.001).abs() < 1e-12);
    // Net arrivals over the whole window: taken as no leavers, and flagged.
    let s = series("2", &all(&[100, 120, 140]), &all(&[5, 5]));
    let m = Model::fit(&s, 2017).unwrap();
    assert_eq!((m.leavers, m.stayed, m.leavers_clamped), (0, 220, true));
}

#[test]
fn uses_nothing_after_the_fitting_year_and_skips_a_flow_with_a_gap() {
    let s = series(
        "3",
        &all(&[100, 110, 120, 999]),
        &[Some(20), None, Some(20)],
    );
    // 2017's new plans are missing: only 2016's flow and 2018's remain, and 2018 is too late.
    let e = Model::fit(&s, 2017).unwrap_err();
    assert!(e.contains("only 1 of the years 2016 to 2017"), "{e}");
    let m = Model::fit(&s, 2018).unwrap();
    assert_eq!(m.flow_years, [2016, 2018]);
    assert_eq!(m.start_caseload, 999);
}

#[test]
fn says_why_a_council_is_skipped() {
    let o = options(2017);
    let why = |s: &Series| council(s, &o).unwrap_err();
    // A new council (a boundary change) with two Januaries by 2017.
    let mut young = series("839", &[None, Some(10), Some(12)], &all(&[1, 2]));
    assert!(why(&young).contains("only 2 January caseloads"));
    young.years.retain(|&y, _| y != 2017);
    assert_eq!(why(&young), "no January 2017 caseload");
    // A council that ends (is split) before the last forecast year.
    let split = series("928", &all(&[100, 110, 120, 130, 140]), &all(&[20; 4]));
    assert_eq!(why(&split), "no January 2020 caseload to compare with");
    let empty = series("420", &all(&[5, 5, 5, 1, 1, 0]), &all(&[1; 5]));
    assert!(why(&empty).contains("caseload of 0"));
    let b = run(&[young, split, empty], &o);
    assert!(b.councils.is_empty());
    assert_eq!(b.skipped.len(), 3);
    assert!(b.accuracy(Method::Model, None).is_none());
}

fn outcome(ahead: u32, actual: u64, model: f64, low: f64, high: f64, trend: f64) -> Outcome {
    let mut stats = Stats::of(&[model]).unwrap();
    (stats.low_95, stats.high_95) = (low, high);
    Outcome {
        year: 2021 + ahead as i32,
        ahead,
        actual,
        model: stats,
        trend,
        trend_95: None,
    }
}

#[test]
fn accuracy_is_the_mean_of_percentage_errors() {
    let outcomes = [
        outcome(1, 100, 90.0, 80.0, 99.0, 110.0),
        outcome(1, 200, 210.0, 190.0, 230.0, 200.0),
        outcome(2, 50, 40.0, 30.0, 60.0, 55.0),
    ];
    let model = Accuracy::of(Method::Model, &outcomes).unwrap();
    // Errors −10 %, +5 %, −20 %.
    assert_eq!(model.forecasts, 3);
    assert!((model.mape - 35.0 / 3.0).abs() < 1e-12);
    assert!((model.bias - (-25.0 / 3.0)).abs() < 1e-12);
    assert_eq!(model.coverage, Some(2.0 / 3.0));
    let trend = Accuracy::of(Method::Trend, &outcomes[..2]).unwrap();
    assert!((trend.mape - 5.0).abs() < 1e-12);
    assert_eq!(trend.coverage, None);
    assert!(Accuracy::of(Method::Trend, &[]).is_none());
}

#[test]
fn the_same_seed_gives_the_same_backtest_whoever_else_is_in_it() {
    let a = series(
        "801",
        &all(&[1000, 1100, 1180, 1300, 1420, 1500]),
        &all(&[200, 210, 240, 260, 250]),
    );
    let b = series(
        "802",
        &all(&[500, 520, 530, 560, 570, 600]),
        &all(&[60, 70, 80, 90, 90]),
    );
    let o = options(2017);
    let both = run(&[a.clone(), b], &o);
    let alone = run(std::slice::from_ref(&a), &o);
    assert_eq!(both.councils.len(), 2);
    assert_eq!(both.councils[0].outcomes, alone.councils[0].outcomes);
    let other_seed = council(&a, &Options { seed: 8, ..o }).unwrap();
    assert_ne!(other_seed.outcomes, alone.councils[0].outcomes);
    // The actuals and the trend do not depend on the seed.
    assert_eq!(other_seed.outcomes[2].actual, 1500);
    assert_eq!(
        other_seed.outcomes[2].trend,
        alone.councils[0].outcomes[2].trend
    );
}

#[test]
fn a_real_shaped_growth_is_missed_by_the_steady_model_and_followed_by_the_trend() {
    // Caseload rising by 100 a year on rising new plans: the model holds new plans at their
    // average, so it falls behind; the line is exact.
    let caseloads: Vec<u64> = (0..7).map(|i| 1000 + 100 * i).collect();
    let new: Vec<u64> = (0..6).map(|i| 150 + 20 * i).collect();
    let s = series("900", &all(&caseloads), &all(&new));
    let c = council(&s, &options(2018)).unwrap();
    let model = Accuracy::of(Method::Model, &c.outcomes).unwrap();
    let trend = Accuracy::of(Method::Trend, &c.outcomes).unwrap();
    assert!(trend.mape < 1e-9, "{trend:?}");
    assert!(model.bias < 0.0 && model.mape > 1.0, "{model:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A council whose caseload and new plans never change: the line is exact and the model,
    /// which leaves as many as join on average, stays put to within its simulation error.
    #[test]
    fn a_steady_series_is_forecast_steadily(
        caseload in 200u64..20_000,
        share in 0.01f64..0.3,
        years in 3usize..8,
    ) {
        let new = ((caseload as f64 * share) as u64).max(1);
        let s = series("1", &vec![Some(caseload); years + 3], &vec![Some(new); years + 2]);
        let o = Options { simulations: 1000, ..options(2014 + years as i32) };
        let c = council(&s, &o).unwrap();
        let trend = Accuracy::of(Method::Trend, &c.outcomes).unwrap();
        prop_assert!(trend.mape < 1e-9);
        let model = Accuracy::of(Method::Model, &c.outcomes).unwrap();
        prop_assert!(model.mape < 1.0, "{:?}", model);
    }
}
