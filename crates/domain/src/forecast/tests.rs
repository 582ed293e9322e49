//! The forecast on witan.send's demo inputs: every estimated parameter against the files
//! witan.send wrote for the same inputs (forecasting.md §10), and the simulation's bookkeeping
//! (ageing, conservation, reproducibility).

use std::collections::HashMap;

use proptest::prelude::*;

use super::sample::BetaBinomial;
use super::*;

const DEMO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/witan-demo/"
);

fn demo_text(file: &str) -> String {
    std::fs::read_to_string(format!("{DEMO}{file}")).unwrap()
}

/// The demo's four input files, read.
pub(crate) fn demo_inputs() -> Inputs {
    let texts = ["transitions", "population", "costs", "valid-states"]
        .map(|f| demo_text(&format!("data/{f}.csv")));
    Sources::witan(&texts).read().unwrap()
}

fn demo() -> Forecast {
    Forecast::estimate(&demo_inputs(), "population.csv").unwrap()
}

/// A golden file's rows as maps from column name to text.
fn golden(file: &str) -> Vec<HashMap<String, String>> {
    let text = demo_text(&format!("results_for_checking/{file}"));
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(str::to_owned))
                .collect()
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    // The Beta files are printed as 32-bit floats.
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1e-3)
}

impl Forecast {
    fn state_of(&self, need: &str, setting: &str) -> usize {
        let n = self.needs.iter().position(|x| x == need).unwrap();
        let s = self.settings.iter().position(|x| x == setting).unwrap();
        n * self.settings.len() + s
    }

    fn rates(&self, ay: i32, need: &str, setting: &str) -> &params::CohortRates {
        let x = self.state_of(need, setting);
        self.rates.cohorts[ay_index(ay) * self.rates.cost.len() + x]
            .as_ref()
            .unwrap()
    }
}

#[test]
fn the_starting_population_is_witans() {
    let f = demo();
    assert_eq!(
        (f.seed_year(), f.years()),
        (2017, &[2018, 2019, 2020, 2021, 2022][..])
    );
    let rows = golden("initial_population_state.csv");
    assert_eq!(f.initial.iter().filter(|&&c| c > 0).count(), rows.len());
    for r in &rows {
        let x = f.state_of(&r["need"], &r["setting"]);
        let ay: i32 = r["ay"].parse().unwrap();
        let n: u64 = r["pop"].parse().unwrap();
        assert_eq!(f.initial[ay_index(ay) * f.rates.cost.len() + x], n, "{r:?}");
    }
    assert_eq!(f.initial_total(), 2153);
}

#[test]
fn leaver_and_mover_rates_are_witans() {
    let f = demo();
    for (file, leaving) in [
        ("leaver_beta_expectations.csv", true),
        ("mover_beta_expectations.csv", false),
    ] {
        let rows = golden(file);
        assert_eq!(rows.len(), 1464);
        for r in rows {
            let rates = f.rates(r["ay"].parse().unwrap(), &r["need"], &r["setting"]);
            let (a, b) = if leaving {
                rates.leave.params()
            } else {
                rates.moving.as_ref().unwrap().0.params()
            };
            let (ga, gb): (f64, f64) = (r["alpha"].parse().unwrap(), r["beta"].parse().unwrap());
            assert!(close(a, ga) && close(b, gb), "{file} {r:?}: ({a}, {b})");
        }
    }
    // forecasting.md Appendix B spot values, at full precision.
    let (a, b) = f.rates(10, "X", "I").moving.as_ref().unwrap().0.params();
    assert!(
        (a - 1.079_143_389_199_255_2).abs() < 1e-12 && (b - 7.920_856_610_800_745).abs() < 1e-12
    );
    assert!((f.rates(2, "W", "O").moving.as_ref().unwrap().0.params().0 - 0.053_125).abs() < 1e-12);
}

#[test]
fn mover_destinations_are_witans() {
    let f = demo();
    let mut expected: HashMap<(i32, usize), HashMap<u32, f64>> = HashMap::new();
    for r in golden("movers_dirichlet_expectations.csv") {
        let from = (
            r["ay"].parse().unwrap(),
            f.state_of(&r["need"], &r["setting"]),
        );
        let to = f.state_of(&r["need-destination"], &r["setting-destination"]) as u32;
        expected
            .entry(from)
            .or_default()
            .insert(to, r["alpha"].parse().unwrap());
    }
    assert_eq!(expected.values().map(HashMap::len).sum::<usize>(), 17_508);
    for ((ay, x), alphas) in expected {
        let (need, setting) = (
            &f.needs[x / f.settings.len()],
            &f.settings[x % f.settings.len()],
        );
        let (_, destinations) = f.rates(ay, need, setting).moving.as_ref().unwrap();
        let ours: HashMap<u32, f64> = destinations.alphas().collect();
        assert_eq!(ours.len(), alphas.len(), "({ay}, {need}-{setting})");
        for (to, a) in alphas {
            assert!(
                (ours[&to] - a).abs() < 1e-9,
                "({ay}, {need}-{setting}) → {to}: {} vs {a}",
                ours[&to]
            );
        }
    }
    // The worked example of §3.3: (15, U-E) has no observed moves, so its α is the prior.
    let (_, d) = f.rates(15, "U", "E").moving.as_ref().unwrap();
    let us = f.state_of("U", "S") as u32;
    let a: HashMap<u32, f64> = d.alphas().collect();
    assert!((a[&us] - 0.592_105_263).abs() < 1e-6 && a.len() == 10);
}

#[test]
fn joiner_rates_and_destinations_are_witans() {
    let f = demo();
    let rows = golden("joiner_beta_expectations.csv");
    assert_eq!(f.rates.joiners.iter().flatten().count(), rows.len());
    for r in rows {
        let j = f.rates.joiners[ay_index(r["ay"].parse().unwrap())]
            .as_ref()
            .unwrap();
        let (a, b) = j.rate.params();
        assert!(
            close(a, r["alpha"].parse().unwrap()) && close(b, r["beta"].parse().unwrap()),
            "{r:?}"
        );
    }
    let (a, b) = f.rates.joiners[ay_index(-3)]
        .as_ref()
        .unwrap()
        .rate
        .params();
    assert!((a - 0.253).abs() < 1e-12 && (b - 8967.5).abs() < 1e-9);
    let mut n = 0;
    for r in golden("joiners_dirichlet_expectations.csv") {
        let j = f.rates.joiners[ay_index(r["ay"].parse().unwrap())]
            .as_ref()
            .unwrap();
        let to = f.state_of(&r["need"], &r["setting"]) as u32;
        let a = j.destinations.alphas().find(|&(x, _)| x == to).unwrap().1;
        assert!(
            (a - r["alpha"].parse::<f64>().unwrap()).abs() < 1e-9,
            "{r:?}"
        );
        n += 1;
    }
    let alphas: usize = f
        .rates
        .joiners
        .iter()
        .flatten()
        .map(|j| j.destinations.alphas().count())
        .sum();
    assert_eq!(alphas, n);
}

#[test]
fn runs_are_reproducible_whatever_the_threads_and_add_up() {
    let f = demo();
    let one = f.run(12, 7, 1);
    let three = f.run(12, 7, 3);
    let other = f.run(12, 8, 2);
    for y in 0..one.years().len() {
        assert_eq!(
            one.counts(y, Breakdown::Total),
            three.counts(y, Breakdown::Total)
        );
        assert_eq!(one.costs(y), three.costs(y));
        let total = one.counts(y, Breakdown::Total);
        let sum = |part: &dyn Fn(usize) -> Breakdown, n: usize| {
            (0..12)
                .map(|sim| (0..n).map(|i| one.counts(y, part(i))[sim]).sum::<u64>())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            sum(&|i| Breakdown::AcademicYear(MIN_AY + i as i32), AYS),
            total
        );
        assert_eq!(sum(&Breakdown::Need, f.needs.len()), total);
        assert_eq!(sum(&Breakdown::Setting, f.settings.len()), total);
    }
    assert_ne!(
        one.counts(5, Breakdown::Total),
        other.counts(5, Breakdown::Total)
    );
    // The seed year is the census itself: 2,153 children at £1,000 each (every demo state
    // they are in has a cost), in every simulation.
    assert!(one.counts(0, Breakdown::Total).iter().all(|&c| c == 2153));
    assert!(
        one.costs(0)
            .iter()
            .all(|&c| c == crate::Pence::from_pounds(2_153_000))
    );
    let files = output_files(&one);
    assert_eq!(files.len(), 5);
    assert!(
        files[0]
            .1
            .starts_with("calendar-year,mean,std-dev,iqr,min,low-95pc-bound")
    );
    assert!(
        files[0].1.contains("\n2017,2153.0,0.0,0.0,2153.0,"),
        "{}",
        files[0].1
    );
    assert_eq!(files[2].1.lines().count(), 1 + 6 * 31);
}

/// A forecast with no joiners and nobody leaving, for checking where children go.
fn nobody_leaves() -> Forecast {
    let mut f = demo().scaled(0);
    for rates in f.rates.cohorts.iter_mut().flatten() {
        rates.leave = BetaBinomial::new(1e-12, 1e12).unwrap();
    }
    f
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// One cohort, stepped once: everyone is a year older; with nobody leaving and no joiners,
    /// nobody is lost unless the state was not valid (R2) or the cohort was at the ceiling.
    #[test]
    fn a_step_ages_everyone_and_loses_only_leavers(
        ay in MIN_AY..=MAX_AY, state in 0usize..114, count in 1u64..400, seed in any::<u64>(),
    ) {
        let f = nobody_leaves();
        let n_states = f.rates.cost.len();
        let mut population = vec![0; f.initial.len()];
        let cell = ay_index(ay) * n_states + state;
        population[cell] = count;
        let mut next = vec![0; population.len()];
        let sim = stream::Simulation::new(seed, 0);
        f.step(&f.rates, &population, &mut next, &[0; AYS], sim, 0, &mut Vec::new());
        let total: u64 = next.iter().sum();
        if ay >= 21 || f.rates.cohorts[cell].is_none() {
            prop_assert_eq!(total, 0);
        } else {
            prop_assert_eq!(total, count);
            let aged = ay_index(ay + 1) * n_states;
            prop_assert_eq!(next[aged..aged + n_states].iter().sum::<u64>(), count);
            // Movers keep their need (the demo has no need changes to learn from).
            let need = state / f.settings.len();
            for (x, &c) in next[aged..aged + n_states].iter().enumerate() {
                prop_assert!(c == 0 || x / f.settings.len() == need);
            }
        }

        // With the demo's leaving rates, nobody is added and only the aged year holds anyone.
        let f = demo().scaled(0);
        next.fill(0);
        f.step(&f.rates, &population, &mut next, &[0; AYS], sim, 1, &mut Vec::new());
        prop_assert!(next.iter().sum::<u64>() <= count);
        if ay < 21 {
            let aged = ay_index(ay + 1) * n_states;
            prop_assert_eq!(next[aged..aged + n_states].iter().sum::<u64>(), next.iter().sum::<u64>());
        }
    }
}
