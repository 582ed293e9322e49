//! Scenarios and sensitivity on witan.send's demo inputs (2,153 plans, 19 settings, 5 projected
//! years), at the size a finance officer's page asks for.
//! Run: `cargo bench -p domain --bench scenario`.
//!
//! - `scenario_200_sims_2_threads`: prepare a forecast with two mitigations from the second
//!   projected year (so two sets of rates are estimated) and run 200 simulations.
//! - `sensitivity_19_settings_200_sims_2_threads`: the whole sensitivity analysis, ±5 %, one
//!   provision per setting: the baseline and 38 runs of 200 simulations, each prepared anew.
//!   Target: fast enough to feel interactive, about a second.
//! - `sensitivity_19_settings_50_sims_2_threads`: the same with 50 simulations, which common
//!   random numbers make enough for the paired differences (see docs/PERFORMANCE.md).
//! - `sensitivity_3_groups_200_sims_2_threads`: the same for the demo's three setting groups
//!   (7 runs), the size of a page with a few provision types.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use domain::forecast::scenario::{Provision, Sensitivity};
use domain::forecast::{Change, Flow, Forecast, Inputs, Mitigation, Sources};

const DEMO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/witan-demo/data/"
);

fn inputs() -> Inputs {
    let texts = ["transitions", "population", "costs", "valid-states"]
        .map(|f| std::fs::read_to_string(format!("{DEMO}{f}.csv")).unwrap());
    Sources::witan(&texts).read().unwrap()
}

fn scenarios(c: &mut Criterion) {
    let inputs = inputs();
    let from = NaiveDate::from_ymd_opt(2018, 9, 1).unwrap();
    let mitigations = [
        Mitigation {
            change: Change::Rate {
                flow: Flow::MoversIn,
                settings: vec!["S".to_owned()],
                needs: Vec::new(),
                factor: 0.8,
            },
            from,
        },
        Mitigation {
            change: Change::Capacity {
                setting: "A".to_owned(),
                places: 380,
                excess_to: "F".to_owned(),
            },
            from,
        },
    ];
    let baseline = Forecast::estimate(&inputs, "population.csv").unwrap();
    let provisions = Provision::each_setting(&baseline);
    let mut group = c.benchmark_group("scenario");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("scenario_200_sims_2_threads", |b| {
        b.iter(|| {
            let f = Forecast::with_mitigations(&inputs, "population.csv", &mitigations).unwrap();
            f.run(black_box(200), 50, 2)
        });
    });
    group.bench_function("sensitivity_19_settings_200_sims_2_threads", |b| {
        b.iter(|| {
            Sensitivity::analyse(
                &inputs,
                "population.csv",
                &[],
                &provisions,
                5.0,
                black_box(200),
                50,
                2,
            )
            .unwrap()
        });
    });
    group.bench_function("sensitivity_19_settings_50_sims_2_threads", |b| {
        b.iter(|| {
            Sensitivity::analyse(
                &inputs,
                "population.csv",
                &[],
                &provisions,
                5.0,
                black_box(50),
                50,
                2,
            )
            .unwrap()
        });
    });
    let groups = Provision::by_setting_group(&inputs);
    group.bench_function("sensitivity_3_groups_200_sims_2_threads", |b| {
        b.iter(|| {
            Sensitivity::analyse(
                &inputs,
                "population.csv",
                &[],
                &groups,
                5.0,
                black_box(200),
                50,
                2,
            )
            .unwrap()
        });
    });
    group.finish();
}

criterion_group!(benches, scenarios);
criterion_main!(benches);
