//! The SEND forecast on witan.send's demo inputs and at national size.
//! Run: `cargo bench -p domain --bench forecast`.
//!
//! - `demo_1000_sims_1_thread`: the demo (2,153 plans, 5 projected years), 1,000 simulations
//!   on one thread. Target: at most 0.5 s.
//! - `national_100_sims_2_threads`: the demo scaled 300 times (645,900 plans and a general
//!   population 300 times larger, every rate kept), 100 simulations on two threads. Target: at
//!   most 30 s.
//!
//! Preparing the forecast (reading the files, estimating the rates) is outside the timed loop;
//! `prepare_demo` times it on its own.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use domain::forecast::{Forecast, Sources};

const DEMO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/witan-demo/data/"
);

fn texts() -> [String; 4] {
    ["transitions", "population", "costs", "valid-states"]
        .map(|f| std::fs::read_to_string(format!("{DEMO}{f}.csv")).unwrap())
}

fn prepare(texts: &[String; 4]) -> Forecast {
    Sources::witan(texts).forecast().unwrap()
}

fn forecast(c: &mut Criterion) {
    let texts = texts();
    let demo = prepare(&texts);
    let mut group = c.benchmark_group("forecast");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("prepare_demo", |b| b.iter(|| prepare(black_box(&texts))));
    group.bench_function("demo_1000_sims_1_thread", |b| {
        b.iter(|| demo.run(black_box(1000), 50, 1));
    });
    let national = demo.clone().scaled(300);
    assert_eq!(national.initial_total(), 645_900);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("national_100_sims_2_threads", |b| {
        b.iter(|| national.run(black_box(100), 50, 2));
    });
    group.finish();
}

criterion_group!(benches, forecast);
criterion_main!(benches);
