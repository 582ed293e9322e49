//! Pricing 100,000 random valid top-up packages with Bristol's needs and provision model, as a
//! funding panel's batch or a re-costing after new rates would.
//! Run: `cargo bench -p synth --bench topup`.
//!
//! The packages are the same on every run (a fixed-seed ChaCha8) and valid by the selection
//! rules (`synth::topup_packages`, the demo council's generator). Every package
//! is checked to price without error before anything is timed, and building them is outside
//! the timed loop.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use domain::topup::costing::{CostingModel, Package, price};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use synth::topup_packages::{PackageMaker, bristol_model};

const PACKAGES: usize = 100_000;

/// What the packages hold, printed once before measuring; panics if any fails to price.
fn describe(model: &CostingModel, all: &[Package]) {
    let (mut needs, mut provisions, mut priced, mut over_cap, mut panel) = (0, 0, 0, 0, 0);
    for p in all {
        let r = price(model, p).unwrap_or_else(|e| panic!("{p:?} does not price: {e:?}"));
        needs += p.need_statements.as_ref().map_or(0, Vec::len);
        provisions += p.provisions.len();
        priced += usize::from(r.annual.is_some());
        over_cap += usize::from(!r.breaches.is_empty());
        panel += usize::from(r.needs_individual_costing);
    }
    eprintln!(
        "{} packages: {needs} need statements ({:.1} a package), {provisions} provisions ({:.1} \
         a package); {priced} with an amount, {over_cap} over a cap, {panel} with a provision \
         for the panel to cost",
        all.len(),
        needs as f64 / all.len() as f64,
        provisions as f64 / all.len() as f64,
    );
}

fn benches(c: &mut Criterion) {
    let model = bristol_model().unwrap();
    let maker = PackageMaker::new(&model);
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let packages: Vec<Package> = (0..PACKAGES).map(|_| maker.package(&mut rng)).collect();
    describe(&model, &packages);

    let mut group = c.benchmark_group("topup");
    group.throughput(Throughput::Elements(PACKAGES as u64));
    // A pass takes a large fraction of a second: ten samples of equal size, as the clock bench.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("price, 100,000 packages", |b| {
        b.iter(|| price_all(&model, &packages));
    });
    // On a shared machine the wall clock also counts the time other jobs held the core; this
    // counts only the time the measuring thread ran.
    if thread_cpu_ns().is_some() {
        group.bench_function("price, 100,000 packages, on-CPU time", |b| {
            b.iter_custom(|iters| {
                let start = thread_cpu_ns().unwrap_or(0);
                for _ in 0..iters {
                    black_box(price_all(&model, &packages));
                }
                Duration::from_nanos(thread_cpu_ns().unwrap_or(0).saturating_sub(start))
            });
        });
    }
    group.finish();
}

/// The timed work: every package priced. Returns how many have an amount, so that none of the
/// work can be skipped.
fn price_all(model: &CostingModel, packages: &[Package]) -> u32 {
    let mut priced = 0u32;
    for p in packages {
        if let Ok(r) = price(model, black_box(p))
            && r.annual.is_some()
        {
            priced += 1;
        }
    }
    priced
}

/// Nanoseconds the calling thread has spent running, from Linux's scheduler statistics; `None`
/// where they cannot be read.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

criterion_group!(topup_benches, benches);
criterion_main!(topup_benches);
