//! The forecast engine against an independent implementation of the same method, and against
//! witan.send's published results (forecasting.md §10), on the demo inputs.
//!
//! The oracle below is written again from forecasting.md §3–§4 in a deliberately plain style:
//! string keys in hash maps, one cohort at a time, and always the textbook compound draws (p from
//! a Beta then a Binomial; weights from Gammas then conditional Binomials), never the engine's
//! Pólya urn, so it checks the engine's sampling as well as its bookkeeping.
//!
//! **Tolerance.** Both are Monte Carlo estimates of the same expectation, so their means differ
//! by a normal error with standard deviation √(se₁² + se₂²), se = sample SD / √simulations. A
//! check passes within 4 of those (two-sided p ≈ 6·10⁻⁵ each). The quantities compared are
//! each year's total and its counts by need, setting and NC year, about 240 with any spread, so
//! with fresh seeds a false alarm would come about once in 70 runs; the seeds here are fixed,
//! so the test is deterministic. Quantities with no spread in either (the seed year, empty NC
//! years) must agree exactly. 4 SE is about 10 children in 2022's total of ~2,530: the old
//! sampler's drift of ~30 by then would fail it, and so does the 3 % joiner bias in
//! `the_check_catches_a_biased_model`.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use domain::forecast::{Breakdown, Forecast, MIN_AY, Runs, Source, Sources, Stats};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rand_distr::{Beta, Binomial, Distribution, Gamma};

const DEMO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/witan-demo/data/"
);
const SIMULATIONS: usize = 1000;
const K: f64 = 4.0;

fn text(file: &str) -> String {
    std::fs::read_to_string(format!("{DEMO}{file}")).unwrap()
}

/// Splits a CSV line on commas outside double quotes.
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().unwrap().push(c),
        }
    }
    out
}

fn rows(file: &str) -> Vec<Vec<String>> {
    text(file)
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(fields)
        .collect()
}

type Cohort = (i32, String, String); // (NC year, need, setting)

/// Destination (need, setting) and its Dirichlet α.
type Alphas = Vec<((String, String), f64)>;

/// witan.send's model, written out plainly from the specification.
struct Oracle {
    initial: BTreeMap<Cohort, u64>,
    leave: HashMap<Cohort, (f64, f64)>,
    moving: HashMap<Cohort, (f64, f64)>,
    destinations: HashMap<Cohort, Alphas>,
    joining: BTreeMap<i32, (f64, f64)>,
    joiner_destinations: HashMap<i32, Alphas>,
    settings_at: HashMap<i32, BTreeSet<String>>,
    population: HashMap<(i32, i32), f64>,
    years: Vec<i32>,
    /// For the power check: a factor on every joining rate's α.
    joiner_bias: f64,
}

fn oracle() -> Oracle {
    let transitions = rows("transitions.csv");
    let valid_rows = rows("valid-states.csv");
    let mut population = HashMap::new();
    for r in rows("population.csv") {
        population.insert(
            (r[0].parse().unwrap(), r[1].parse().unwrap()),
            r[2].parse::<f64>().unwrap(),
        );
    }
    // Valid states, and each setting's allowed destinations.
    let mut valid = BTreeSet::new();
    let mut targets: HashMap<String, Vec<String>> = HashMap::new();
    let mut settings_at: HashMap<i32, BTreeSet<String>> = HashMap::new();
    for r in &valid_rows {
        let (lo, hi): (i32, i32) = (r[2].parse().unwrap(), r[3].parse().unwrap());
        targets.insert(r[0].clone(), r[5].split(',').map(str::to_owned).collect());
        for a in lo..=hi {
            settings_at.entry(a).or_default().insert(r[0].clone());
            for n in r[4].split(',') {
                valid.insert((a, n.to_owned(), r[0].clone()));
            }
        }
    }
    let ays: BTreeSet<i32> = valid.iter().map(|c| c.0).collect();
    // Transitions: 0 year, 1 setting-1, 2 need-1, 3 ay-1, 4 setting-2, 5 need-2, 6 ay-2.
    let t: Vec<(i32, String, String, i32, String, String, i32)> = transitions
        .into_iter()
        .map(|r| {
            (
                r[0].parse().unwrap(),
                r[1].clone(),
                r[2].clone(),
                r[3].parse().unwrap(),
                r[4].clone(),
                r[5].clone(),
                r[6].parse().unwrap(),
            )
        })
        .collect();
    let last = t.iter().map(|r| r.0).max().unwrap();
    let mut initial = BTreeMap::new();
    for r in t.iter().filter(|r| r.0 == last && r.4 != "NONSEND") {
        *initial.entry((r.6, r.5.clone(), r.4.clone())).or_insert(0) += 1;
    }
    // Leaving and moving: counts per cohort, priors per NC year.
    let beta_table =
        |rows: Vec<(Cohort, bool)>, unobserved: (f64, f64), only: &dyn Fn(&Cohort) -> bool| {
            let mut yes: HashMap<Cohort, f64> = HashMap::new();
            let mut no: HashMap<Cohort, f64> = HashMap::new();
            let mut by_year: HashMap<i32, (f64, f64)> = HashMap::new();
            for (k, hit) in rows {
                let e = by_year.entry(k.0).or_default();
                if hit {
                    e.0 += 1.0;
                    *yes.entry(k).or_default() += 1.0;
                } else {
                    e.1 += 1.0;
                    *no.entry(k).or_default() += 1.0;
                }
            }
            let mut out = HashMap::new();
            for k in valid.iter().filter(|k| only(k)) {
                let prior = by_year.get(&k.0).map_or(unobserved, |&(a, b)| {
                    ((a + 0.5) / (a + b + 1.0), (b + 0.5) / (a + b + 1.0))
                });
                let a = prior.0 + yes.get(k).copied().unwrap_or(0.0);
                let b = prior.1 + no.get(k).copied().unwrap_or(0.0);
                out.insert(k.clone(), (a, b));
            }
            out
        };
    let in_send: Vec<_> = t.iter().filter(|r| r.1 != "NONSEND").collect();
    let leave = beta_table(
        in_send
            .iter()
            .map(|r| ((r.3, r.2.clone(), r.1.clone()), r.4 == "NONSEND"))
            .collect(),
        (0.5, 0.5),
        &|_| true,
    );
    let stays: Vec<_> = in_send.iter().filter(|r| r.4 != "NONSEND").collect();
    let moving = beta_table(
        stays
            .iter()
            .map(|r| ((r.3, r.2.clone(), r.1.clone()), r.1 != r.4))
            .collect(),
        (1.0, 1.0),
        &|k| targets[&k.2].len() > 1,
    );
    // Where movers go.
    let mut seen_by_year: BTreeMap<i32, BTreeMap<String, f64>> = BTreeMap::new();
    let mut seen: HashMap<Cohort, BTreeMap<(String, String), f64>> = HashMap::new();
    for r in stays.iter().filter(|r| r.1 != r.4) {
        *seen_by_year
            .entry(r.3)
            .or_default()
            .entry(r.4.clone())
            .or_default() += 1.0;
        *seen
            .entry((r.3, r.2.clone(), r.1.clone()))
            .or_default()
            .entry((r.5.clone(), r.4.clone()))
            .or_default() += 1.0;
    }
    for &a in &ays {
        if seen_by_year.get(&a).is_none_or(BTreeMap::is_empty) {
            let before = seen_by_year.get(&(a - 1)).cloned().unwrap_or_default();
            seen_by_year.insert(a, before);
        }
    }
    let mut destinations = HashMap::new();
    for k in &valid {
        let (a, need, setting) = k;
        let allowed: Vec<&String> = targets[setting]
            .iter()
            .filter(|s| valid.contains(&(*a, need.clone(), (*s).clone())))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut p = seen_by_year.get(a).cloned().unwrap_or_default();
        for s in &allowed {
            *p.entry((*s).clone()).or_default() += 1.0 / allowed.len() as f64;
        }
        p.remove(setting);
        let z: f64 = p.values().sum();
        let mut alpha: BTreeMap<(String, String), f64> = p
            .into_iter()
            .map(|(s, w)| ((need.clone(), s), w / z))
            .collect();
        for (d, c) in seen.get(k).into_iter().flatten() {
            *alpha.entry(d.clone()).or_default() += c;
        }
        destinations.insert(k.clone(), alpha.into_iter().collect());
    }
    // Joining.
    let cal_years: BTreeSet<i32> = t.iter().map(|r| r.0).collect();
    let ny = cal_years.len() as f64;
    let mut joining = BTreeMap::new();
    let mut joiner_destinations = HashMap::new();
    for &a in &ays {
        let joined: Vec<_> = t.iter().filter(|r| r.2 == "NONSEND" && r.6 == a).collect();
        if joined.is_empty() {
            continue;
        }
        let (mut al, mut be) = (0.0, 0.0);
        for &cy in &cal_years {
            let j = joined.iter().filter(|r| r.0 == cy).count() as f64;
            let pop = population[&(cy, a)];
            if j > 0.0 {
                al += j / ny;
                be += (pop - j) / ny;
            } else {
                al += 0.001;
                be += pop / ny;
            }
        }
        joining.insert(a, (al, be));
        let here: Vec<_> = valid.iter().filter(|k| k.0 == a).collect();
        let mut alpha: BTreeMap<(String, String), f64> = here
            .iter()
            .map(|k| ((k.1.clone(), k.2.clone()), 1.0 / here.len() as f64))
            .collect();
        for r in &joined {
            *alpha.entry((r.5.clone(), r.4.clone())).or_default() += 1.0;
        }
        joiner_destinations.insert(a, alpha.into_iter().collect());
    }
    let years = population
        .keys()
        .map(|k| k.0)
        .filter(|&y| y > last + 1)
        .collect::<BTreeSet<_>>();
    Oracle {
        initial,
        leave,
        moving,
        destinations,
        joining,
        joiner_destinations,
        settings_at,
        population,
        years: years.into_iter().collect(),
        joiner_bias: 1.0,
    }
}

fn beta_binomial(n: u64, (a, b): (f64, f64), rng: &mut ChaCha20Rng) -> u64 {
    if n == 0 {
        return 0;
    }
    let p = Beta::new(a, b).unwrap().sample(rng);
    Binomial::new(n, p.clamp(0.0, 1.0)).unwrap().sample(rng)
}

fn dirichlet_multinomial<'a, T>(
    n: u64,
    alpha: &'a [(T, f64)],
    rng: &mut ChaCha20Rng,
) -> Vec<(&'a T, u64)> {
    if n == 0 {
        return vec![];
    }
    let w: Vec<f64> = alpha
        .iter()
        .map(|(_, a)| Gamma::new(*a, 1.0).unwrap().sample(rng))
        .collect();
    let mut left = n;
    let mut rest: f64 = w.iter().sum();
    let mut out = vec![];
    for (i, (key, _)) in alpha.iter().enumerate() {
        let p = if rest > 0.0 {
            (w[i] / rest).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let x = if i + 1 == alpha.len() {
            left
        } else {
            Binomial::new(left, p).unwrap().sample(rng)
        };
        out.push((key, x));
        left -= x;
        rest -= w[i];
    }
    out
}

/// One year's results of one simulation, by name: `total`, `need T`, `setting A`, `ay 3`.
type Tally = BTreeMap<String, f64>;

impl Oracle {
    fn simulate(&self, rng: &mut ChaCha20Rng) -> Vec<Tally> {
        let mut model = self.initial.clone();
        let mut out = vec![tally(&model)];
        for &year in &self.years {
            let mut next: BTreeMap<Cohort, u64> = BTreeMap::new();
            for ((a, need, setting), &c) in &model {
                if *a >= 21 {
                    continue;
                }
                let origin = (*a, need.clone(), setting.clone());
                let Some(&leave) = self.leave.get(&origin) else {
                    continue;
                };
                let stay = c - beta_binomial(c, leave, rng);
                let aged = a + 1;
                let room = self
                    .settings_at
                    .get(&(aged + 1))
                    .is_some_and(|s| s.iter().any(|x| x != setting));
                let moves = match self.moving.get(&origin) {
                    Some(&m) if room => beta_binomial(stay, m, rng),
                    _ => 0,
                };
                *next
                    .entry((aged, need.clone(), setting.clone()))
                    .or_default() += stay - moves;
                for ((n2, s2), k) in dirichlet_multinomial(moves, &self.destinations[&origin], rng)
                {
                    *next.entry((aged, n2.clone(), s2.clone())).or_default() += k;
                }
            }
            for (&a, &(al, be)) in &self.joining {
                let n = self.population.get(&(year, a)).copied().unwrap_or(0.0) as u64;
                let j = beta_binomial(n, (al * self.joiner_bias, be), rng);
                for ((n2, s2), k) in dirichlet_multinomial(j, &self.joiner_destinations[&a], rng) {
                    *next.entry((a, n2.clone(), s2.clone())).or_default() += k;
                }
            }
            next.retain(|_, c| *c > 0);
            model = next;
            out.push(tally(&model));
        }
        out
    }

    /// `simulations` runs: per year, per name, one value per simulation (0 where absent).
    fn run(&self, simulations: usize, seed: u64) -> Vec<BTreeMap<String, Vec<f64>>> {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let sims: Vec<Vec<Tally>> = (0..simulations).map(|_| self.simulate(&mut rng)).collect();
        (0..=self.years.len())
            .map(|y| {
                let names: BTreeSet<&String> = sims.iter().flat_map(|s| s[y].keys()).collect();
                names
                    .into_iter()
                    .map(|n| {
                        (
                            n.clone(),
                            sims.iter()
                                .map(|s| s[y].get(n).copied().unwrap_or(0.0))
                                .collect(),
                        )
                    })
                    .collect()
            })
            .collect()
    }
}

fn tally(model: &BTreeMap<Cohort, u64>) -> Tally {
    let mut t = Tally::new();
    for ((a, need, setting), &c) in model {
        for k in [
            "total".to_owned(),
            format!("need {need}"),
            format!("setting {setting}"),
            format!("ay {a}"),
        ] {
            *t.entry(k).or_default() += c as f64;
        }
    }
    t
}

fn engine() -> Forecast {
    let [t, p, c, v] =
        ["transitions", "population", "costs", "valid-states"].map(|f| text(&format!("{f}.csv")));
    Sources {
        transitions: Source {
            name: "transitions.csv",
            text: &t,
        },
        population: Source {
            name: "population.csv",
            text: &p,
        },
        costs: Source {
            name: "costs.csv",
            text: &c,
        },
        valid_states: Source {
            name: "valid-states.csv",
            text: &v,
        },
    }
    .forecast()
    .unwrap()
}

/// The engine's results in the oracle's shape.
fn engine_results(f: &Forecast, runs: &Runs) -> Vec<BTreeMap<String, Vec<f64>>> {
    let f64s = |v: Vec<u64>| v.into_iter().map(|c| c as f64).collect::<Vec<_>>();
    (0..runs.years().len())
        .map(|y| {
            let mut m = BTreeMap::new();
            m.insert("total".to_owned(), f64s(runs.counts(y, Breakdown::Total)));
            for (i, n) in f.needs().iter().enumerate() {
                m.insert(
                    format!("need {n}"),
                    f64s(runs.counts(y, Breakdown::Need(i))),
                );
            }
            for (i, s) in f.settings().iter().enumerate() {
                m.insert(
                    format!("setting {s}"),
                    f64s(runs.counts(y, Breakdown::Setting(i))),
                );
            }
            for a in MIN_AY..=25 {
                m.insert(
                    format!("ay {a}"),
                    f64s(runs.counts(y, Breakdown::AcademicYear(a))),
                );
            }
            m
        })
        .collect()
}

/// Every quantity that differs by more than K standard errors, as `(year, name, engine mean,
/// oracle mean, tolerance)`.
fn disagreements(
    years: &[i32],
    ours: &[BTreeMap<String, Vec<f64>>],
    theirs: &[BTreeMap<String, Vec<f64>>],
) -> Vec<(i32, String, f64, f64, f64)> {
    let mut out = vec![];
    for (y, (o, t)) in ours.iter().zip(theirs).enumerate() {
        let names: BTreeSet<&String> = o.keys().chain(t.keys()).collect();
        for name in names {
            let zeros = vec![0.0; o["total"].len()];
            let zeros_t = vec![0.0; t["total"].len()];
            let mine = o.get(name).unwrap_or(&zeros);
            let values = t.get(name).unwrap_or(&zeros_t);
            let (a, b) = (Stats::of(mine).unwrap(), Stats::of(values).unwrap());
            let tolerance = K
                * (a.standard_error(mine.len()).powi(2) + b.standard_error(values.len()).powi(2))
                    .sqrt();
            if (a.mean - b.mean).abs() > tolerance.max(1e-9) {
                out.push((years[y], name.clone(), a.mean, b.mean, tolerance));
            }
        }
    }
    out
}

#[test]
fn engine_means_agree_with_an_independent_implementation() {
    let f = engine();
    let runs = f.run(SIMULATIONS, 50, 2);
    let ours = engine_results(&f, &runs);
    let theirs = oracle().run(SIMULATIONS, 2026);
    assert_eq!(ours.len(), theirs.len());
    let wrong = disagreements(runs.years(), &ours, &theirs);
    assert!(wrong.is_empty(), "beyond {K} standard errors: {wrong:#?}");
    for (y, year) in runs.years().iter().enumerate() {
        let (a, b) = (
            Stats::of(&ours[y]["total"]).unwrap(),
            Stats::of(&theirs[y]["total"]).unwrap(),
        );
        println!(
            "{year}: engine {:.1} (sd {:.1}), oracle {:.1} (sd {:.1})",
            a.mean, a.sd, b.mean, b.sd
        );
    }
}

#[test]
fn the_check_catches_a_biased_model() {
    // 3 % more joiners a year, about the size of the old sampler's drift (forecasting.md §4.6).
    let f = engine();
    let ours = engine_results(&f, &f.run(SIMULATIONS, 50, 2));
    let mut biased = oracle();
    biased.joiner_bias = 1.03;
    let theirs = biased.run(SIMULATIONS, 2026);
    let wrong = disagreements(&[2017, 2018, 2019, 2020, 2021, 2022], &ours, &theirs);
    assert!(
        wrong.iter().any(|w| w.1 == "total"),
        "a 3 % joiner bias went unnoticed"
    );
}

/// The statistics of the total count in year number `y`.
fn total_stats(runs: &Runs, y: usize) -> Stats {
    let totals: Vec<f64> = runs
        .counts(y, Breakdown::Total)
        .into_iter()
        .map(|c| c as f64)
        .collect();
    Stats::of(&totals).unwrap()
}

/// forecasting.md §10: the mean total per year from witan.send's 1,000-simulation run (the sum
/// of its `Output_AY` means, unrounded by its histograms) and from an independent numpy
/// re-implementation with 4,000 simulations.
const WITAN_1000: [(i32, f64, f64); 5] = [
    (2018, 2253.97, 2246.7),
    (2019, 2330.01, 2317.2),
    (2020, 2404.79, 2386.5),
    (2021, 2484.79, 2460.7),
    (2022, 2562.14, 2530.8),
];

#[test]
fn engine_means_agree_with_the_published_reimplementation_and_not_with_the_old_sampler() {
    let f = engine();
    let runs = f.run(SIMULATIONS, 50, 2);
    for (y, &(year, golden, numpy)) in (1..).zip(&WITAN_1000) {
        assert_eq!(runs.years()[y], year);
        let s = total_stats(&runs, y);
        // The same SD for the reference runs (forecasting.md: SDs agree within about 5 %).
        let se_numpy = s.sd / 4000f64.sqrt();
        let se_golden = s.sd / 1000f64.sqrt();
        let se = s.standard_error(SIMULATIONS);
        let tolerance = K * (se * se + se_numpy * se_numpy).sqrt();
        println!(
            "{year}: engine {:.1} ± {se:.2}; numpy {numpy} (Δ {:+.1}, tolerance {tolerance:.1}); witan 1.7.0 {golden} (Δ {:+.1})",
            s.mean,
            s.mean - numpy,
            s.mean - golden
        );
        assert!(
            (s.mean - numpy).abs() <= tolerance,
            "{year}: {} vs numpy {numpy}",
            s.mean
        );
        // witan.send's published means sit above by the old binomial's upward drift (§4.6):
        // golden − numpy, give or take the same sampling error.
        let drift = golden - numpy;
        let gap = golden - s.mean;
        let tolerance = K * (se * se + se_golden * se_golden + se_numpy * se_numpy).sqrt();
        assert!(
            gap > K * (se * se + se_golden * se_golden).sqrt(),
            "{year}: no drift? {gap}"
        );
        assert!(
            (gap - drift).abs() <= tolerance,
            "{year}: gap {gap}, drift {drift} ± {tolerance}"
        );
    }
}

/// A file of witan.send's 10-simulation run (`results_for_checking`): (year, key) → mean.
fn witan_10(file: &str, key: &str) -> BTreeMap<(i32, String), f64> {
    let text = std::fs::read_to_string(format!("{DEMO}../results_for_checking/{file}")).unwrap();
    let mut lines = text.lines();
    let header = fields(lines.next().unwrap());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (k, mean) = (col(key), col("mean"));
    lines
        .map(fields)
        .map(|r| {
            (
                (r[0].parse().unwrap(), r[k].clone()),
                r[mean].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_census_is_witans_and_the_10_simulation_run_is_within_its_error() {
    let f = engine();
    let runs = f.run(SIMULATIONS, 50, 2);
    // The seed year is the census, the same in every simulation: witan.send's by-need,
    // by-setting and by-NC-year counts for 2017 (all under 2,048, so its histogram kept them
    // exact) must be ours exactly.
    let need = witan_10("Output_Need.csv", "need");
    for (i, n) in f.needs().iter().enumerate() {
        assert_eq!(
            runs.counts(0, Breakdown::Need(i))[0] as f64,
            need[&(2017, n.clone())]
        );
    }
    let setting = witan_10("Output_Setting.csv", "setting");
    for (i, s) in f.settings().iter().enumerate() {
        assert_eq!(
            runs.counts(0, Breakdown::Setting(i))[0] as f64,
            setting[&(2017, s.clone())]
        );
    }
    let by_ay = witan_10("Output_AY.csv", "academic-year");
    for a in MIN_AY..=25 {
        let ours = runs.counts(0, Breakdown::AcademicYear(a))[0] as f64;
        assert_eq!(ours, by_ay[&(2017, a.to_string())], "NC year {a}");
    }
    // Later years: the sum of its NC-year means (unrounded by the histogram) is a 10-simulation
    // mean, with the old sampler's drift (golden − numpy in WITAN_1000) on top.
    for (y, &(year, golden, numpy)) in (1..).zip(&WITAN_1000) {
        let witan: f64 = by_ay
            .iter()
            .filter(|((yy, _), _)| *yy == year)
            .map(|(_, m)| m)
            .sum();
        let s = total_stats(&runs, y);
        let tolerance = K * (s.sd * s.sd / 10.0 + s.standard_error(SIMULATIONS).powi(2)).sqrt();
        let expected = s.mean + (golden - numpy);
        println!("{year}: witan 10 sims {witan:.1}, engine + drift {expected:.1} ± {tolerance:.1}");
        assert!(
            (witan - expected).abs() <= tolerance,
            "{year}: {witan} vs {expected} ± {tolerance}"
        );
    }
}
