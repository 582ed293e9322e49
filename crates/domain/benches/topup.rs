//! Pricing 100,000 random valid top-up packages with Bristol's needs and provision model, as a
//! funding panel's batch or a re-costing after new rates would.
//! Run: `cargo bench -p domain --bench topup`.
//!
//! The packages are the same on every run (a fixed-seed ChaCha8) and valid by the selection
//! rules (funding-bristol.md §2): in a few random sub-areas, at most one statement per statement
//! group at Targeted or Blocks A to C; then, in each sub-area at A, B or C, at most one of the
//! provisions it offers at that level per provision type, funding asked for each. Every package
//! is checked to price without error before anything is timed, and building them is outside
//! the timed loop.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use domain::topup::costing::{
    Choice, CostingModel, NeedLevel, PUBLISHED_FOLDERS, Package, SourceFile, load, price,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const PACKAGES: usize = 100_000;

/// `crates/domain` → the shared folder beside the repository: three levels up.
const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/bristol-topup"
);

/// Every file of the model's folders, as the `highneeds` command reads them.
fn read_dir(dir: &Path) -> Vec<SourceFile> {
    let mut files = Vec::new();
    for folder in PUBLISHED_FOLDERS {
        let entries = std::fs::read_dir(dir.join(folder))
            .unwrap_or_else(|e| panic!("cannot read {}/{folder}: {e}", dir.display()));
        for entry in entries {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            files.push(SourceFile {
                path: format!("{folder}/{name}"),
                bytes: std::fs::read(entry.path()).unwrap(),
            });
        }
    }
    files
}

/// What a SENCO can choose in one sub-area, worked out once from the model.
struct SubAreaChoices {
    id: String,
    /// Each statement group's statements that may be chosen (Targeted to C), by group.
    groups: Vec<Vec<(String, NeedLevel)>>,
    /// At A, B and C: the provisions offered, by provision type.
    offered: [Vec<Vec<String>>; 3],
}

fn choices(model: &CostingModel) -> Vec<SubAreaChoices> {
    model
        .sub_areas()
        .iter()
        .map(|sub_area| {
            let mut groups: BTreeMap<&str, Vec<(String, NeedLevel)>> = BTreeMap::new();
            for s in model.statements() {
                if s.sub_area == sub_area.id && s.level != NeedLevel::Expected {
                    groups
                        .entry(&s.group)
                        .or_default()
                        .push((s.id.clone(), s.level));
                }
            }
            let offered = [NeedLevel::A, NeedLevel::B, NeedLevel::C].map(|level| {
                let mut by_type: Vec<(String, Vec<String>)> = Vec::new();
                for p in model.offered(&sub_area.id, level).unwrap() {
                    match by_type.iter_mut().find(|(t, _)| *t == p.type_id) {
                        Some((_, ids)) => ids.push(p.id.clone()),
                        None => by_type.push((p.type_id.clone(), vec![p.id.clone()])),
                    }
                }
                by_type.into_iter().map(|(_, ids)| ids).collect()
            });
            SubAreaChoices {
                id: sub_area.id.clone(),
                groups: groups.into_values().collect(),
                offered,
            }
        })
        .collect()
}

/// One valid package: 1 to 4 sub-areas; in each, each group's statement chosen one time in 4;
/// at A to C, each provision type ticked one time in 3.
fn package(rng: &mut ChaCha8Rng, all: &[SubAreaChoices]) -> Package {
    let mut needs = Vec::new();
    let mut provisions = Vec::new();
    let mut order: Vec<usize> = (0..all.len()).collect();
    let count = rng.random_range(1..=4);
    for i in 0..count {
        let j = rng.random_range(i..order.len());
        order.swap(i, j);
        let sub_area = &all[order[i]];
        let mut level = None;
        for group in &sub_area.groups {
            if rng.random_ratio(1, 4) {
                let (id, l) = &group[rng.random_range(0..group.len())];
                needs.push(id.clone());
                level = level.max(Some(*l));
            }
        }
        let offered = match level {
            Some(NeedLevel::A) => &sub_area.offered[0],
            Some(NeedLevel::B) => &sub_area.offered[1],
            Some(NeedLevel::C) => &sub_area.offered[2],
            _ => continue,
        };
        for of_type in offered {
            if rng.random_ratio(1, 3) {
                let id = &of_type[rng.random_range(0..of_type.len())];
                provisions.push(Choice::new(id, &sub_area.id));
            }
        }
    }
    Package {
        need_statements: Some(needs),
        provisions,
    }
}

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
    let model = load("bristol-topup", &read_dir(Path::new(DATA))).unwrap();
    let all = choices(&model);
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let packages: Vec<Package> = (0..PACKAGES).map(|_| package(&mut rng, &all)).collect();
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
