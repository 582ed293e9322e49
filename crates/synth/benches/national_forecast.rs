//! The council forecast (`domain::forecast::council`) on the national synthetic dataset: every
//! English council as `synth::national` builds it (153 councils, 638,745 plans in force at the
//! January 2025 census), taken as one population, its casework read on each January census
//! from 2020 to derive the four inputs, then 100 simulations of 5 years on 2 threads.
//!
//! Placements are costed as the demo council's are (`synth::unit_costs::placement_costs`, with
//! place funding by category); the general population is England's year group, about 650,000.
//! Generating the councils and deriving the inputs are timed once, outside the loop; the
//! criterion figures are preparing (estimating the rates) and the run.
//!
//! Run: `cargo bench -p synth --bench national_forecast`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use domain::forecast::Forecast;
use domain::forecast::council::{self, ChildHistory, Options, PlacementSpell, PlanSpell};
use domain::high_needs::place_funding;

/// England's general population in one NC year, roughly (births 2005–2020).
const ENGLAND_YEAR_GROUP: u64 = 650_000;

/// Every child of every council as the forecast reads casework.
fn national_histories() -> (Vec<ChildHistory>, usize) {
    let tables = synth::DfeTables::embedded().unwrap();
    let mut all = Vec::new();
    let mut in_force = 0;
    for council in synth::national(&tables, 2025) {
        in_force += council.active_plans().count();
        let mut rng = synth::unit_costs::demo_rng(i64::from(council.la.code.get()));
        let mut by_child: HashMap<i64, ChildHistory> = (council.children.iter())
            .map(|c| {
                let history = ChildHistory {
                    birth_date: c.birth_date,
                    primary_need: c.needs.first().copied(),
                    plans: Vec::new(),
                    placements: Vec::new(),
                };
                (c.id, history)
            })
            .collect();
        for p in &council.plans {
            if let Some(child) = by_child.get_mut(&p.child_id) {
                child.plans.push(PlanSpell {
                    start_on: p.start_on,
                    cease_on: p.cease_on,
                });
            }
        }
        for p in &council.placements {
            if let Some(child) = by_child.get_mut(&p.child_id) {
                let costs = synth::unit_costs::placement_costs(p.category, &mut rng);
                child.placements.push(PlacementSpell {
                    category: p.category,
                    entry_on: p.entry_on,
                    leaving_on: p.leaving_on,
                    annual: Some(place_funding(p.category) + costs.top_up + costs.fees),
                });
            }
        }
        let mut children: Vec<(i64, ChildHistory)> = by_child.into_iter().collect();
        children.sort_by_key(|(id, _)| *id);
        all.extend(children.into_iter().map(|(_, c)| c));
    }
    (all, in_force)
}

fn national_forecast(c: &mut Criterion) {
    let started = Instant::now();
    let (children, in_force) = national_histories();
    let generated = started.elapsed();
    let options = Options {
        last_census: synth::CENSUS_YEAR,
        history_years: 5,
        horizon: 5,
        population_per_year_group: ENGLAND_YEAR_GROUP,
    };
    let started = Instant::now();
    let derived = council::derive(&children, &options).unwrap();
    let derive_time = started.elapsed();
    let forecast = Forecast::estimate(&derived.inputs, "population").unwrap();
    // The forecast starts from exactly the plans the councils have in force on the census.
    assert_eq!(forecast.initial_total(), in_force as u64);
    println!(
        "national: {} children, {in_force} plans in force at the census, {} on the last census read; generated in {:.1} s, inputs derived in {:.1} s ({} transitions)",
        children.len(),
        forecast.initial_total(),
        generated.as_secs_f64(),
        derive_time.as_secs_f64(),
        derived.inputs.transitions.len()
    );
    let mut group = c.benchmark_group("national_forecast");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("estimate_rates", |b| {
        b.iter(|| Forecast::estimate(black_box(&derived.inputs), "population").unwrap());
    });
    group.bench_function("100_sims_5_years_2_threads", |b| {
        b.iter(|| forecast.run(black_box(100), 2026, 2));
    });
    group.finish();
}

criterion_group!(benches, national_forecast);
criterion_main!(benches);
