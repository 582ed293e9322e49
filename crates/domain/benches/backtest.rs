//! The backtest over every council in DfE's published series.
//! Run: `cargo bench -p domain --bench backtest`.
//!
//! - `parse_series`: reading `la_ehcp_timeseries.csv` (1,782 rows) into councils' series.
//! - `all_councils_fit_to_2021_1000_sims`: fitting, simulating and scoring every council that
//!   can be backtested from 2021 (147), 1,000 simulations each. Target: at most 2 s, so the
//!   command answers at once and a page can run one council per request.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use domain::forecast::backtest::{self, HORIZON, Options};

const SERIES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/dfe/la_ehcp_timeseries.csv"
);

fn bench(c: &mut Criterion) {
    let text = std::fs::read_to_string(SERIES).unwrap();
    let series = backtest::parse("la_ehcp_timeseries.csv", &text).unwrap();
    let options = Options {
        fit_to: 2021,
        horizon: HORIZON,
        simulations: 1000,
        seed: 50,
    };
    assert_eq!(backtest::run(&series, &options).councils.len(), 147);
    let mut group = c.benchmark_group("backtest");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("parse_series", |b| {
        b.iter(|| backtest::parse("la_ehcp_timeseries.csv", black_box(&text)).unwrap());
    });
    group.bench_function("all_councils_fit_to_2021_1000_sims", |b| {
        b.iter(|| backtest::run(black_box(&series), &options));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
