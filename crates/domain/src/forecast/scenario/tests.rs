//! Mitigations, scenarios and their effects on witan.send's demo inputs: what a council would
//! see change, and what it must not see change.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::forecast::tests::demo_inputs;
use crate::forecast::{Breakdown, Runs};

const POPULATION: &str = "population.csv";
const SIMS: usize = 60;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn rate(flow: Flow, setting: &str, factor: f64, from: NaiveDate) -> Mitigation {
    Mitigation {
        change: Change::Rate {
            flow,
            settings: vec![setting.to_owned()],
            needs: Vec::new(),
            factor,
        },
        from,
    }
}

fn scenario(mitigations: &[Mitigation]) -> Forecast {
    Forecast::with_mitigations(&demo_inputs(), POPULATION, mitigations).unwrap()
}

fn setting(f: &Forecast, code: &str) -> usize {
    f.settings().iter().position(|s| s == code).unwrap()
}

fn mean(values: &[u64]) -> f64 {
    values.iter().sum::<u64>() as f64 / values.len() as f64
}

/// Year numbers in the runs (0 = the 2017 census) of 2018 and 2019.
const Y2018: usize = 1;
const Y2019: usize = 2;

#[test]
fn a_mitigation_starts_at_the_first_census_after_its_date() {
    let m = |d| rate(Flow::Joiners, "B", 0.8, d);
    assert_eq!(m(date(2026, 9, 1)).first_year(), 2027);
    // The 2027 census is on 21 January: a change on 10 January is in time for it.
    assert_eq!(m(date(2027, 1, 10)).first_year(), 2027);
    assert_eq!(m(date(2027, 1, 21)).first_year(), 2028);
    assert_eq!(m(date(2027, 4, 1)).first_year(), 2028);
}

#[test]
fn a_mitigation_that_changes_nothing_changes_no_simulation() {
    let from = date(2017, 9, 1);
    let noop = [
        rate(Flow::Joiners, "B", 1.0, from),
        rate(Flow::MoversOut, "A", 1.0, from),
        Mitigation {
            change: Change::Cost {
                settings: vec!["F".to_owned()],
                needs: Vec::new(),
                factor: 1.0,
            },
            from,
        },
        Mitigation {
            change: Change::Capacity {
                setting: "B".to_owned(),
                places: 1_000_000,
                excess_to: "A".to_owned(),
            },
            from,
        },
    ];
    let baseline = scenario(&[]).run(SIMS, 11, 2);
    assert_eq!(scenario(&noop).run(SIMS, 11, 2), baseline);
    let effect = Effect::between(&baseline, &baseline).unwrap();
    assert!(
        effect
            .years
            .iter()
            .all(|y| y.count.max == 0.0 && y.count.min == 0.0 && y.mean_cost == Pence::ZERO)
    );
}

#[test]
fn fewer_joiners_into_a_setting_lower_its_numbers_from_the_start_year_only() {
    // 20 % fewer new plans in setting B (the demo's largest) from September 2018: first
    // affects the January 2019 census.
    let cut = scenario(&[rate(Flow::Joiners, "B", 0.8, date(2018, 9, 1))]);
    let base = scenario(&[]);
    let b = setting(&base, "B");
    let (baseline, mitigated) = (base.run(200, 5, 2), cut.run(200, 5, 2));
    for y in [0, Y2018] {
        for part in [Breakdown::Total, Breakdown::Setting(b)] {
            assert_eq!(
                mitigated.counts(y, part),
                baseline.counts(y, part),
                "year {y}"
            );
        }
        assert_eq!(mitigated.costs(y), baseline.costs(y));
    }
    let effect = Effect::in_setting(&baseline, &mitigated, b).unwrap();
    for y in Y2019..baseline.years().len() {
        let (before, after) = (
            mean(&baseline.counts(y, Breakdown::Setting(b))),
            mean(&mitigated.counts(y, Breakdown::Setting(b))),
        );
        assert!(
            after < before,
            "{}: {after} vs {before}",
            baseline.years()[y]
        );
        // The paired difference is sure of its sign where the two forecasts' ranges overlap.
        assert!(
            effect.years[y].count.high_95 <= 0.0,
            "{:?}",
            effect.years[y]
        );
    }
    // The fall builds up: each year adds its missing joiners to those of the years before.
    let fall = |y: usize| -effect.years[y].count.mean;
    assert!(fall(5) > fall(Y2019) && fall(Y2019) > 0.0);
    // Common random numbers: the effect varies less between simulations than the forecast
    // itself (about half here), where the difference of two independent runs would vary √2
    // times as much as one. So the same simulations pin the effect down about three times as
    // closely.
    let counts: Vec<f64> = baseline
        .counts(5, Breakdown::Setting(b))
        .iter()
        .map(|&c| c as f64)
        .collect();
    let spread = crate::forecast::Stats::of(&counts).unwrap().sd;
    assert!(
        effect.years[5].count.sd < 0.7 * spread,
        "effect sd {} vs forecast sd {spread}",
        effect.years[5].count.sd
    );
}

#[test]
fn the_joiner_rate_itself_changes_unlike_witan_send() {
    // witan.send keeps the joiner Beta of the unmodified rows (forecasting.md §7.2), so fewer
    // joiners into every setting would change nothing. Here the rate falls by the factor.
    let base = scenario(&[]);
    let every: Vec<Mitigation> = base
        .settings()
        .iter()
        .map(|s| rate(Flow::Joiners, s, 0.5, date(2017, 9, 1)))
        .collect();
    let half = scenario(&every);
    let ay = crate::forecast::ay_index(0);
    let before = base.rates.joiners[ay].as_ref().unwrap().rate.params();
    let after = half.later[0].1.joiners[ay].as_ref().unwrap().rate.params();
    // Reception had joiners in each of the demo's years, so α is exactly the mean count.
    assert!(
        (after.0 - before.0 / 2.0).abs() < 1e-9,
        "{after:?} vs {before:?}"
    );
    let (baseline, halved) = (base.run(100, 3, 2), half.run(100, 3, 2));
    let last = baseline.years().len() - 1;
    assert!(
        mean(&halved.counts(last, Breakdown::Total))
            < mean(&baseline.counts(last, Breakdown::Total)) - 100.0
    );
}

#[test]
fn the_effect_is_the_scenario_minus_the_baseline() {
    let base = scenario(&[]).run(SIMS, 21, 2);
    let moved = scenario(&[
        rate(Flow::MoversIn, "S", 0.5, date(2018, 9, 1)),
        rate(Flow::Leavers, "A", 1.5, date(2019, 9, 1)),
    ])
    .run(SIMS, 21, 2);
    let effect = Effect::between(&base, &moved).unwrap();
    for (y, e) in effect.years.iter().enumerate() {
        assert_eq!(e.year, base.years()[y]);
        let count =
            mean(&moved.counts(y, Breakdown::Total)) - mean(&base.counts(y, Breakdown::Total));
        assert!((e.count.mean - count).abs() < 1e-9);
        let pence = |r: &Runs| r.costs(y).iter().map(|p| p.get()).sum::<i64>();
        let diff = pence(&moved) - pence(&base);
        // The mean difference to the penny, rounded half away from zero.
        let expected = (2 * diff + diff.signum() * SIMS as i64) / (2 * SIMS as i64);
        assert_eq!(e.mean_cost, Pence(expected));
        assert!((e.cost.mean - diff as f64 / SIMS as f64 / 100.0).abs() < 1e-6);
    }
    assert_eq!(effect.years[0].count.max, 0.0);
    assert_eq!(effect.years[Y2018].count.max, 0.0);
    let other = scenario(&[]).run(SIMS - 1, 21, 2);
    assert!(matches!(
        Effect::between(&base, &other),
        Err(ScenarioError::Incomparable(_))
    ));
}

#[test]
fn a_cost_factor_raises_that_settings_cost_exactly_and_nothing_else() {
    let base = scenario(&[]);
    let dearer = scenario(&[Mitigation {
        change: Change::Cost {
            settings: vec!["F".to_owned()],
            needs: Vec::new(),
            factor: 1.2,
        },
        from: date(2018, 4, 1),
    }]);
    let f = setting(&base, "F");
    let (before, after) = (base.run(SIMS, 8, 2), dearer.run(SIMS, 8, 2));
    for y in 0..before.years().len() {
        for part in [Breakdown::Total, Breakdown::Setting(f), Breakdown::Need(2)] {
            assert_eq!(after.counts(y, part), before.counts(y, part));
        }
        for s in (0..base.settings().len()).filter(|&s| s != f) {
            assert_eq!(after.setting_costs(y, s), before.setting_costs(y, s));
        }
        let raised: Vec<Pence> = before
            .setting_costs(y, f)
            .iter()
            .map(|p| {
                if y >= Y2019 {
                    Pence(p.get() * 6 / 5)
                } else {
                    *p
                }
            })
            .collect();
        assert_eq!(after.setting_costs(y, f), raised, "year {y}");
        assert!(before.setting_costs(y, f).iter().all(|p| p.get() % 5 == 0));
    }
}

/// Setting A limited to `places` from September 2018, its excess to F.
fn limited(places: u64) -> Mitigation {
    Mitigation {
        change: Change::Capacity {
            setting: "A".to_owned(),
            places,
            excess_to: "F".to_owned(),
        },
        from: date(2018, 9, 1),
    }
}

#[test]
fn a_capacity_limit_moves_the_excess_to_the_named_setting() {
    let base = scenario(&[]);
    let (a, f) = (setting(&base, "A"), setting(&base, "F"));
    let (before, after) = (
        base.run(SIMS, 4, 2),
        scenario(&[limited(380)]).run(SIMS, 4, 2),
    );
    assert_eq!(
        after.counts(Y2018, Breakdown::Total),
        before.counts(Y2018, Breakdown::Total)
    );
    // In the first limited year every draw is the baseline's; only the excess moves.
    let (ba, bf) = (
        before.counts(Y2019, Breakdown::Setting(a)),
        before.counts(Y2019, Breakdown::Setting(f)),
    );
    let (sa, sf) = (
        after.counts(Y2019, Breakdown::Setting(a)),
        after.counts(Y2019, Breakdown::Setting(f)),
    );
    assert_eq!(
        after.counts(Y2019, Breakdown::Total),
        before.counts(Y2019, Breakdown::Total)
    );
    for sim in 0..SIMS {
        assert_eq!(sa[sim], ba[sim].min(380));
        assert_eq!(sa[sim] + sf[sim], ba[sim] + bf[sim]);
    }
    assert!(
        ba.iter().any(|&c| c > 380),
        "the limit should bind in some simulation"
    );
}

#[test]
fn mitigations_that_cannot_apply_say_which_and_why() {
    let inputs = demo_inputs();
    let bad = |m: Mitigation| {
        Forecast::with_mitigations(
            &inputs,
            POPULATION,
            &[rate(Flow::Joiners, "B", 0.9, date(2018, 1, 1)), m],
        )
        .unwrap_err()
        .to_string()
    };
    assert!(
        bad(rate(Flow::Leavers, "Z", 0.9, date(2018, 1, 1))).starts_with(
            "mitigation 2, settings: `Z` is not one of the forecast's settings (A, B,"
        )
    );
    assert_eq!(
        bad(rate(Flow::Leavers, "A", -1.0, date(2018, 1, 1))),
        "mitigation 2, factor: -1 is not a number of times, 0 or more"
    );
    let mut to_itself = limited(10);
    if let Change::Capacity { excess_to, .. } = &mut to_itself.change {
        *excess_to = "A".to_owned();
    }
    assert!(bad(to_itself).starts_with("mitigation 2, excess_to: must be another setting"));
    let chained = [
        limited(10),
        Mitigation {
            change: Change::Capacity {
                setting: "B".to_owned(),
                places: 10,
                excess_to: "A".to_owned(),
            },
            from: date(2018, 1, 1),
        },
    ];
    let e = Forecast::with_mitigations(&inputs, POPULATION, &chained).unwrap_err();
    assert!(
        matches!(
            e,
            ScenarioError::Mitigation {
                index: 1,
                field: "excess_to",
                ..
            }
        ),
        "{e}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Whatever the limit, no simulation has more children in the setting than its places in
    /// any year the limit applies, and no child is lost in the first such year.
    #[test]
    fn capacity_is_never_exceeded(places in 0u64..450, seed in any::<u64>()) {
        let f = scenario(&[limited(places)]);
        let a = setting(&f, "A");
        let runs = f.run(20, seed, 2);
        for y in Y2019..runs.years().len() {
            prop_assert!(runs.counts(y, Breakdown::Setting(a)).iter().all(|&c| c <= places));
        }
        let baseline = scenario(&[]).run(20, seed, 2);
        prop_assert_eq!(runs.counts(Y2019, Breakdown::Total), baseline.counts(Y2019, Breakdown::Total));
    }

    /// Any change to any flow of any setting leaves every year before it starts as it was.
    #[test]
    fn years_before_a_mitigation_are_the_baselines(
        flow in prop::sample::select(vec![Flow::Joiners, Flow::Leavers, Flow::MoversIn, Flow::MoversOut]),
        code in prop::sample::select(vec!["A", "B", "F", "J", "S"]),
        factor in 0.0f64..3.0,
        start in 2018i32..2022,
        seed in any::<u64>(),
    ) {
        let f = scenario(&[rate(flow, code, factor, date(start - 1, 9, 1))]);
        let (runs, baseline) = (f.run(10, seed, 1), scenario(&[]).run(10, seed, 1));
        for y in 0..=usize::try_from(start - 2018).unwrap() {
            prop_assert_eq!(runs.counts(y, Breakdown::Total), baseline.counts(y, Breakdown::Total));
            prop_assert_eq!(runs.costs(y), baseline.costs(y));
        }
    }
}

fn provisions() -> Vec<Provision> {
    let p = |name: &str, settings: &[&str]| Provision {
        name: name.to_owned(),
        settings: settings.iter().map(|&s| s.to_owned()).collect(),
    };
    vec![p("B", &["B"]), p("A and F", &["A", "F"]), p("S", &["S"])]
}

/// ±10 % for [`provisions`], 40 simulations from seed 9.
fn ten_percent() -> Sensitivity {
    Sensitivity::analyse(
        &demo_inputs(),
        POPULATION,
        &[],
        &provisions(),
        10.0,
        40,
        9,
        2,
    )
    .unwrap()
}

#[test]
fn sensitivity_to_activity_is_exactly_n_percent_of_the_provisions_cost() {
    let s = ten_percent();
    assert_eq!(s.years, [2018, 2019, 2020, 2021, 2022]);
    let base = scenario(&[]);
    let runs = base.run(40, 9, 2);
    for (p, row) in provisions().iter().zip(&s.provisions) {
        for (i, &year) in s.years.iter().enumerate() {
            let y = i + 1;
            let cost: i64 = p
                .settings
                .iter()
                .flat_map(|c| runs.setting_costs(y, setting(&base, c)))
                .map(|c| c.get())
                .sum();
            // 10 % of the mean over 40 simulations, to the penny.
            let tenth = (cost as f64 / 40.0 / 10.0).round() as i64;
            assert_eq!(row.activity[1][i], Pence(tenth), "{} {year}", row.provision);
            assert_eq!(row.activity[0][i], Pence(-tenth));
        }
    }
    assert_eq!(s.baseline_cost[0], effect_mean(&runs, 1));
}

fn effect_mean(runs: &Runs, y: usize) -> Pence {
    let total: i64 = runs.costs(y).iter().map(|p| p.get()).sum();
    Pence((total as f64 / runs.simulations() as f64).round() as i64)
}

#[test]
fn sensitivity_to_pupils_builds_up_through_the_simulation() {
    let s = ten_percent();
    let b = &s.provisions[0];
    let last = s.years.len() - 1;
    // More children entering B cost more and fewer cost less, and the extra children
    // accumulate: the change in B's roll grows from the first projected year to the last.
    assert!(
        b.pupils[1][last] > Pence::ZERO && b.pupils[0][last] < Pence::ZERO,
        "{b:?}"
    );
    assert!(
        b.children[1][last] > b.children[1][0] && b.children[1][0] > 0.0,
        "{b:?}"
    );
    assert!(b.children[0][last] < b.children[0][0], "{b:?}");
    // Not a restatement of activity: in the first year few have entered yet, so ±10 % pupils
    // moves the cost far less than ±10 % spend on everyone already there.
    assert!(b.pupils[1][0].get() < b.activity[1][0].get() / 2, "{b:?}");

    let bars = s.tornado(2022);
    assert_eq!(bars.len(), 2 * provisions().len());
    assert!(bars.windows(2).all(|w| w[0].swing() >= w[1].swing()));
    let first = &bars[0];
    assert_eq!(
        (first.provision.as_str(), first.measure),
        ("B", Measure::Activity)
    );
    assert!(s.tornado(2017).is_empty());
}

#[test]
fn provisions_can_be_each_setting_or_each_setting_group() {
    let inputs = demo_inputs();
    let groups = Provision::by_setting_group(&inputs);
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["group1", "group2", "group3"]);
    assert_eq!(groups[0].settings, ["A", "B", "C", "D", "E", "F", "G"]);
    let each = Provision::each_setting(&scenario(&[]));
    assert_eq!(each.len(), 19);
    assert_eq!(
        (each[18].name.as_str(), &each[18].settings[..]),
        ("S", &["S".to_owned()][..])
    );
}

#[test]
fn sensitivity_refuses_what_it_cannot_compute() {
    let inputs = demo_inputs();
    let run = |percent, provisions: &[Provision]| {
        Sensitivity::analyse(&inputs, POPULATION, &[], provisions, percent, 2, 1, 1)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        run(0.0, &provisions()),
        "percent: 0 must be above 0 and at most 100"
    );
    let mut bad = provisions();
    bad[1].settings.push("Z".to_owned());
    assert_eq!(
        run(5.0, &bad),
        "provisions: A and F: `Z` is not one of the forecast's settings"
    );
}
