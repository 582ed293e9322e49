//! Carrying a council on to today leaves its history alone: Bristol's and North Somerset's
//! 20-week rates for 2020-2024 stay at their published figures, the census caseload is the same
//! whatever today is, and the same seed and today give the same council.

// Test helpers outside `#[test]` functions fail loudly by design.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use domain::ids::LaCode;
use domain::{AssessmentOutcome, RequestOutcome};
use synth::{Council, DfeTables, LocalAuthority, Size};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/dfe/");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn like(code: u16) -> Council {
    let t = DfeTables::embedded().unwrap();
    let code = LaCode::new(code).unwrap();
    let cal = t.calibrate(Some(code)).unwrap();
    let la = t.local_authority(code).unwrap().clone();
    synth::generate_to(&la, &cal, Size::Small.target_plans(), 2025, today())
}

/// The published share of plans issued within 20 weeks, excluding exceptions, by calendar year.
fn published_within_20_weeks(code: u16) -> HashMap<i32, f64> {
    let mut reader = csv::Reader::from_path(format!("{SHARED}la_ehcp_timeseries.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (year, la, within, issued) = (
        col("year"),
        col("old_la_code"),
        col("plans_issued_within_20wk_excl_exc"),
        col("plans_issued_excl_exc"),
    );
    let mut out = HashMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        if record[la] == code.to_string() {
            let y: i32 = record[year].parse().unwrap();
            let rate =
                record[within].parse::<f64>().unwrap() / record[issued].parse::<f64>().unwrap();
            // Collection year Y counts the plans of calendar year Y - 1.
            out.insert(y - 1, rate);
        }
    }
    out
}

#[test]
fn bristol_and_north_somerset_keep_their_published_20_week_rates() {
    for code in [801u16, 802] {
        let c = &like(code);
        let want = published_within_20_weeks(code);
        for y in synth::ACTIVITY_YEARS {
            let issued: HashMap<i64, NaiveDate> = c
                .plans
                .iter()
                .filter_map(|p| Some((p.request_id?, p.start_on)))
                .collect();
            let (mut plans, mut within) = (0.0, 0.0);
            for r in &c.requests {
                let Some(&issued) = issued.get(&r.id) else {
                    continue;
                };
                if r.assessment_outcome == Some(AssessmentOutcome::Yes)
                    && issued.year() == y
                    && !r.week20_exception
                {
                    plans += 1.0;
                    within += f64::from(u8::from((issued - r.received_on).num_days() <= 140));
                }
            }
            let rate = within / plans;
            eprintln!(
                "{} {y}: {:.1}% (published {:.1}%)",
                c.la.name,
                rate * 100.0,
                want[&y] * 100.0
            );
            assert!((rate - want[&y]).abs() < 0.03, "{} {y}: {rate}", c.la.name);
        }
    }
}

#[test]
fn the_census_is_the_same_whatever_today_is_and_the_same_today_gives_the_same_council() {
    let cal = DfeTables::embedded().unwrap().calibrate(None).unwrap();
    let la = LocalAuthority::exampleshire();
    let census = synth::generate(&la, &cal, 400, 11);
    let later = synth::generate_to(&la, &cal, 400, 11, today());
    assert_eq!(later, synth::generate_to(&la, &cal, 400, 11, today()));
    assert_ne!(later, synth::generate_to(&la, &cal, 400, 12, today()));
    // Children from the history come first; those of 2025 requests follow.
    let history = |c: &Council| -> Vec<synth::Request> {
        c.requests
            .iter()
            .filter(|r| r.received_on.year() < 2025)
            .cloned()
            .collect()
    };
    let (before, after) = (history(&census), history(&later));
    let known = before.iter().map(|r| r.child_id).max().unwrap() as usize;
    assert_eq!(census.children[..known], later.children[..known]);
    assert_eq!(census.placements, later.placements);
    let at_census = |c: &Council| -> Vec<(i64, i64, NaiveDate)> {
        c.active_plans()
            .map(|p| (p.id, p.child_id, p.start_on))
            .collect()
    };
    assert_eq!(at_census(&census), at_census(&later));
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(
            (a.id, a.child_id, a.received_on),
            (b.id, b.child_id, b.received_on)
        );
        let settled = a.outcome == RequestOutcome::No
            || a.assessment_outcome == Some(AssessmentOutcome::No)
            || census.plans.iter().any(|p| p.request_id == Some(a.id));
        if settled {
            assert_eq!(a, b, "a request settled by the census stays as it was");
        }
    }
}
