//! `highneeds backtest` through the real binary on DfE's published series
//! (`../shared/data/dfe/la_ehcp_timeseries.csv`): every council that can be is backtested, those
//! that cannot are named with the reason, the same seed gives the same file, and a bad file is
//! named by line and column.

#![allow(clippy::unwrap_used)]

mod common;
use std::path::PathBuf;

use common::*;

fn series() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/dfe/la_ehcp_timeseries.csv")
        .to_str()
        .unwrap()
        .to_owned()
}

fn backtest(extra: &[&str]) -> std::process::Output {
    let series = series();
    let mut args = vec!["backtest", "--series", &series, "--simulations", "200"];
    args.extend_from_slice(extra);
    highneeds(&args)
}

/// A percentage printed as `7.69%`, as a number.
fn percent(field: &str) -> f64 {
    field.trim_end_matches('%').parse().unwrap()
}

#[test]
fn backtests_every_council_from_2021_and_scores_both_methods() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("backtest.csv");
    let o = backtest(&["--fit-to", "2021", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("forecasting 2022 to 2024"), "{text}");
    // The boundary changes, named with their reasons.
    assert!(text.contains("Not backtested (11):"), "{text}");
    assert!(text.contains("928 Northamptonshire: no January 2022 caseload to compare with"));
    assert!(text.contains("909 Cumbria: no January 2024 caseload to compare with"));
    assert!(text.contains("839 Bournemouth, Christchurch and Poole: only 2 January caseloads"));
    assert!(text.contains("Accuracy over 147 councils"), "{text}");
    for method in ["model", "linear trend"] {
        for year in ["2022", "2023", "2024", "all"] {
            let row = text
                .lines()
                .find(|l| {
                    l.trim_start()
                        .starts_with(&format!("{method:<14} {year:<10}"))
                })
                .unwrap_or_else(|| panic!("no {method} {year} row in {text}"));
            let fields: Vec<&str> = row.split_whitespace().collect();
            let fields = &fields[fields.len() - 4..];
            let forecasts: usize = fields[0].parse().unwrap();
            assert_eq!(forecasts, if year == "all" { 441 } else { 147 });
            let mape = percent(fields[1]);
            // Real errors: neither zero nor absurd.
            assert!(mape > 0.5 && mape < 50.0, "{row}");
            let coverage = percent(fields[3]);
            assert!((0.0..=100.0).contains(&coverage), "{row}");
        }
    }

    let mut rows = csv::Reader::from_path(&out).unwrap();
    let header = rows.headers().unwrap().clone();
    assert_eq!(&header[0], "la_code");
    assert_eq!(&header[9], "model_pct_error");
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 441);
    let bristol: Vec<_> = records.iter().filter(|r| &r[0] == "801").collect();
    assert_eq!(bristol.len(), 3);
    assert_eq!(&bristol[0][1], "Bristol, City of");
    // The actuals are the published Januaries.
    assert_eq!(&bristol[0][5], "3424");
    assert_eq!(&bristol[2][3], "2024");

    // The same seed gives the same forecasts; one council alone gives the same as in the run.
    let again = dir.path().join("again.csv");
    let o = backtest(&["--fit-to", "2021", "--out", again.to_str().unwrap()]);
    assert!(o.status.success());
    let first = std::fs::read_to_string(&out).unwrap();
    assert_eq!(first, std::fs::read_to_string(&again).unwrap());
    let one = dir.path().join("one.csv");
    let o = backtest(&[
        "--fit-to",
        "2021",
        "--la",
        "801",
        "--out",
        one.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("model mean (95% range)"));
    let one = std::fs::read_to_string(&one).unwrap();
    for line in one.lines().skip(1) {
        assert!(first.contains(line), "{line}");
    }
}

#[test]
fn refuses_a_year_with_nothing_to_compare_and_names_bad_input() {
    let o = backtest(&["--fit-to", "2024"]);
    fails_with_one_line(&o, "no council");
    let o = backtest(&["--fit-to", "2021", "--la", "999"]);
    fails_with_one_line(&o, "--la: council 999 has no rows");

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "year,geographic_level,old_la_code,la_name,ehc_plans_and_statements_jan,new_ehc_plans\n\
         2020,Local authority,801,Bristol,many,1\n",
    )
    .unwrap();
    let o = highneeds(&[
        "backtest",
        "--series",
        bad.to_str().unwrap(),
        "--fit-to",
        "2020",
    ]);
    fails_with_one_line(
        &o,
        "line 2, column ehc_plans_and_statements_jan: `many` is not a whole number",
    );
}
