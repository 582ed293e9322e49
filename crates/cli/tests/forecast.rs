//! `highneeds forecast` through the real binary, on witan.send's demo inputs: the five files in
//! witan.send's columns, the same results for the same seed, and bad files named by line and
//! column.

#![allow(clippy::unwrap_used)]

mod common;
use std::path::{Path, PathBuf};

use common::*;

fn demo(file: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/witan-demo/data")
        .join(file)
        .to_str()
        .unwrap()
        .to_owned()
}

/// Runs a forecast with the demo's files, `transitions` standing in for the demo's transitions.
fn forecast(
    transitions: &str,
    out: &Path,
    simulations: &str,
    threads: &str,
) -> std::process::Output {
    highneeds(&[
        "forecast",
        "--transitions",
        transitions,
        "--population",
        &demo("population.csv"),
        "--costs",
        &demo("costs.csv"),
        "--valid-states",
        &demo("valid-states.csv"),
        "--simulations",
        simulations,
        "--seed",
        "50",
        "--threads",
        threads,
        "--out",
        out.to_str().unwrap(),
    ])
}

const FILES: [&str; 5] = [
    "Output_Count.csv",
    "Output_Cost.csv",
    "Output_AY.csv",
    "Output_Need.csv",
    "Output_Setting.csv",
];

#[test]
fn forecasts_the_demo_into_witans_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results");
    let run = forecast(&demo("transitions.csv"), &out, "200", "2");
    assert!(run.status.success(), "{}", stderr(&run));
    let printed = stdout(&run);
    assert!(
        printed.contains("January 2017 census (2153 children"),
        "{printed}"
    );
    assert!(printed.contains("2017       2153.0"), "{printed}");
    assert!(printed.contains("£2,153,000.00"), "{printed}");

    let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
    let stats =
        "mean,std-dev,iqr,min,low-95pc-bound,q1,median,q3,high-95pc-bound,max,low-ci,high-ci";
    assert_eq!(
        read("Output_Count.csv").lines().next().unwrap(),
        format!("calendar-year,{stats}")
    );
    assert_eq!(
        read("Output_AY.csv").lines().next().unwrap(),
        format!("calendar-year,academic-year,{stats}")
    );
    assert_eq!(
        read("Output_Need.csv").lines().next().unwrap(),
        format!("calendar-year,need,{stats}")
    );
    assert_eq!(
        read("Output_Setting.csv").lines().next().unwrap(),
        format!("calendar-year,setting,{stats}")
    );
    let count = read("Output_Count.csv");
    let years: Vec<&str> = count.lines().skip(1).map(|l| &l[..4]).collect();
    assert_eq!(years, ["2017", "2018", "2019", "2020", "2021", "2022"]);
    assert!(
        count.contains(
            "\n2017,2153.0,0.0,0.0,2153.0,2153.0,2153.0,2153.0,2153.0,2153.0,2153.0,2153.0,2153.0\n"
        ),
        "{count}"
    );
    assert!(read("Output_Cost.csv").contains("\n2017,2153000.0,0.0,"));
    assert_eq!(read("Output_AY.csv").lines().count(), 1 + 6 * 31);
    assert_eq!(read("Output_Need.csv").lines().count(), 1 + 6 * 6);
    assert_eq!(read("Output_Setting.csv").lines().count(), 1 + 6 * 19);
    assert!(read("Output_Need.csv").contains("\n2017,T,1144.0,0.0,"));
    // The 2022 mean total is about 2,531 (forecasting.md §10); 200 simulations put it within
    // a few children of that.
    let mean_2022: f64 = count
        .lines()
        .last()
        .unwrap()
        .split(',')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert!((2500.0..2560.0).contains(&mean_2022), "{mean_2022}");

    // The same seed gives the same files, on any number of threads.
    let again = dir.path().join("again");
    assert!(
        forecast(&demo("transitions.csv"), &again, "200", "1")
            .status
            .success()
    );
    for f in FILES {
        assert_eq!(
            read(f),
            std::fs::read_to_string(again.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn a_bad_file_is_named_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(demo("transitions.csv")).unwrap();
    let bad = text.replacen("2013,B,X,5,B,X,6", "2013,B,X,5,B,X,six", 1);
    assert_ne!(bad, text);
    let path = dir.path().join("transitions.csv");
    std::fs::write(&path, bad).unwrap();
    let out = forecast(path.to_str().unwrap(), &dir.path().join("out"), "10", "1");
    fails_with_one_line(
        &out,
        "transitions.csv, line 3, column academic-year-2: `six` is not a whole number",
    );
    assert!(!dir.path().join("out").exists(), "nothing written");

    let out = forecast(
        "/nonexistent/transitions.csv",
        &dir.path().join("out"),
        "10",
        "1",
    );
    fails_with_one_line(&out, "cannot read /nonexistent/transitions.csv");
    let out = forecast(&demo("transitions.csv"), &dir.path().join("out"), "0", "1");
    assert!(!out.status.success());
}
