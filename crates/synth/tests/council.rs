//! Whole-council checks: a Small council shaped like Bristol and one shaped like the median
//! council (Exampleshire) against figures read independently from the DfE CSVs.

// Test helpers outside `#[test]` functions fail loudly by design.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::Datelike;
use domain::dates::age_on;
use domain::ids::{LaCode, Upn};
use domain::{AssessmentOutcome, PlacementCategory, PlacementGroup, RequestOutcome};
use synth::{Calibration, Council, DfeTables, LocalAuthority, Size};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/dfe/");
const BRISTOL: u16 = 801;

/// One row of a shared DfE file, by column name.
fn csv_row(file: &str, year: &str, code: &str) -> HashMap<String, String> {
    let mut reader = csv::Reader::from_path(format!("{SHARED}{file}")).unwrap();
    let headers = reader.headers().unwrap().clone();
    for record in reader.records() {
        let record = record.unwrap();
        let row: HashMap<String, String> = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.to_string(), v.to_string()))
            .collect();
        if row["year"] == year && row["old_la_code"] == code {
            return row;
        }
    }
    panic!("no {year} row for {code} in {file}");
}

fn num(row: &HashMap<String, String>, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} = '{}'", row[column]))
}

struct Expected {
    age: HashMap<String, f64>,
    need: HashMap<String, f64>,
    placement: HashMap<String, f64>,
    group: HashMap<String, f64>,
    within_20wk_excl: HashMap<i32, f64>,
}

/// Bristol's shares and timeliness, computed here from the shared CSVs.
fn bristol_from_csv() -> Expected {
    let code = BRISTOL.to_string();
    let need_row = csv_row("la_caseload_by_need_2025.csv", "2025", &code);
    let total = num(&need_row, "ehc_plans");
    let need = synth::NEED_COLUMNS
        .iter()
        .map(|(c, _)| (c.to_string(), num(&need_row, c) / total))
        .collect();
    let age_row = csv_row("la_caseload_by_age_2025.csv", "2025", &code);
    let total = num(&age_row, "ehc_plans");
    let age = synth::AGE_COLUMNS
        .iter()
        .map(|c| (c.to_string(), num(&age_row, c) / total))
        .collect();
    let placement_row = csv_row("la_caseload_by_placement_2025.csv", "2025", &code);
    let total = num(&placement_row, "ehc_plans");
    let placement = PlacementCategory::ALL
        .iter()
        .map(|c| {
            (
                c.column().to_string(),
                num(&placement_row, c.column()) / total,
            )
        })
        .collect();
    let group = PlacementGroup::ALL
        .iter()
        .map(|g| {
            (
                g.column().to_string(),
                num(&placement_row, g.column()) / total,
            )
        })
        .collect();
    let mut within_20wk_excl = HashMap::new();
    for y in synth::ACTIVITY_YEARS {
        let row = csv_row("la_ehcp_timeseries.csv", &(y + 1).to_string(), &code);
        within_20wk_excl.insert(
            y,
            num(&row, "plans_issued_within_20wk_excl_exc") / num(&row, "plans_issued_excl_exc"),
        );
    }
    Expected {
        age,
        need,
        placement,
        group,
        within_20wk_excl,
    }
}

/// Exampleshire's expected figures are its calibration (medians have no single CSV row).
fn from_calibration(cal: &Calibration) -> Expected {
    let need = synth::NEED_COLUMNS
        .iter()
        .zip(&cal.need_shares)
        .map(|((c, _), (_, s))| (c.to_string(), *s))
        .collect();
    let placement = cal
        .placement_shares
        .iter()
        .map(|(c, s)| (c.column().to_string(), *s))
        .collect();
    let mut group: HashMap<String, f64> = HashMap::new();
    for (c, s) in &cal.placement_shares {
        *group.entry(c.group().column().to_string()).or_default() += s;
    }
    let within_20wk_excl = cal
        .flows
        .iter()
        .map(|f| (f.activity_year, f.within_20wk_rate_excl_exc().unwrap()))
        .collect();
    let age = synth::AGE_COLUMNS
        .iter()
        .zip(&cal.age_shares)
        .map(|(c, s)| (c.to_string(), *s))
        .collect();
    Expected {
        age,
        need,
        placement,
        group,
        within_20wk_excl,
    }
}

fn tables() -> &'static DfeTables {
    static T: OnceLock<DfeTables> = OnceLock::new();
    T.get_or_init(|| DfeTables::embedded().unwrap())
}

fn councils() -> &'static [(Council, Expected); 2] {
    static C: OnceLock<[(Council, Expected); 2]> = OnceLock::new();
    C.get_or_init(|| {
        let t = tables();
        let code = LaCode::new(BRISTOL).unwrap();
        let bristol_la = t.local_authority(code).unwrap().clone();
        let bristol_cal = t.calibrate(Some(code)).unwrap();
        let example_cal = t.calibrate(None).unwrap();
        let plans = Size::Small.target_plans();
        [
            (
                synth::generate(&bristol_la, &bristol_cal, plans, 42),
                bristol_from_csv(),
            ),
            (
                synth::generate(&LocalAuthority::exampleshire(), &example_cal, plans, 42),
                from_calibration(&example_cal),
            ),
        ]
    })
}

/// (child index, placement) for each child with an active plan at the census.
fn active(c: &Council) -> Vec<usize> {
    let mut ids: Vec<i64> = c.active_plans().map(|p| p.child_id).collect();
    ids.sort_unstable();
    ids.into_iter().map(|id| (id - 1) as usize).collect()
}

fn max_gap(got: &HashMap<String, f64>, want: &HashMap<String, f64>) -> (f64, String) {
    want.iter()
        .map(|(k, w)| ((got.get(k).copied().unwrap_or(0.0) - w).abs(), k.clone()))
        .fold((0.0, String::new()), |a, b| if b.0 > a.0 { b } else { a })
}

fn shares(keys: impl Iterator<Item = String>) -> HashMap<String, f64> {
    let mut counts: HashMap<String, f64> = HashMap::new();
    let mut n = 0.0;
    for k in keys {
        *counts.entry(k).or_default() += 1.0;
        n += 1.0;
    }
    counts.values_mut().for_each(|v| *v /= n);
    counts
}

#[test]
fn exactly_3000_active_plans_at_the_census() {
    for (c, _) in councils() {
        assert_eq!(c.active_plans().count(), 3000, "{}", c.la.name);
        let holders = active(c);
        let mut unique = holders.clone();
        unique.dedup();
        assert_eq!(unique.len(), 3000, "one active plan per child");
        assert_eq!(c.placements.len(), 3000);
    }
}

#[test]
fn need_placement_and_age_shares_match_the_dfe_figures() {
    for (c, want) in councils() {
        let holders = active(c);
        let need = shares(holders.iter().map(|&i| {
            c.children[i]
                .needs
                .first()
                .map_or("need_not_recorded", |n| n.dfe_column())
                .to_string()
        }));
        let placement_of: HashMap<i64, PlacementCategory> = c
            .placements
            .iter()
            .map(|p| (p.child_id, p.category))
            .collect();
        let leaf = shares(
            holders
                .iter()
                .map(|&i| placement_of[&c.children[i].id].column().to_string()),
        );
        let group = shares(
            holders
                .iter()
                .map(|&i| placement_of[&c.children[i].id].group().column().to_string()),
        );
        let age = shares(holders.iter().map(|&i| {
            match age_on(c.children[i].birth_date, c.census_date) {
                0..=2 => "age_under_3".to_string(),
                a => format!("age_{a}"),
            }
        }));
        for (what, got, want) in [
            ("need", &need, &want.need),
            ("placement", &leaf, &want.placement),
            ("group", &group, &want.group),
            ("age", &age, &want.age),
        ] {
            let (gap, column) = max_gap(got, want);
            eprintln!(
                "{}: largest {what} gap {:.3} points ({column})",
                c.la.name,
                gap * 100.0
            );
            assert!(
                gap < 0.03,
                "{}: {what} {column} is {:.1} points off",
                c.la.name,
                gap * 100.0
            );
        }
    }
}

#[test]
fn twenty_week_rates_match_each_year() {
    for (c, want) in councils() {
        // A plan is issued when its final is: the plan's start.
        let issued: HashMap<i64, chrono::NaiveDate> = c
            .plans
            .iter()
            .filter_map(|p| Some((p.request_id?, p.start_on)))
            .collect();
        for y in synth::ACTIVITY_YEARS {
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
                    if (issued - r.received_on).num_days() <= synth::TWENTY_WEEKS {
                        within += 1.0;
                    }
                }
            }
            let rate = within / plans;
            eprintln!(
                "{} {y}: {:.1}% within 20 weeks (calibrated {:.1}%)",
                c.la.name,
                rate * 100.0,
                want.within_20wk_excl[&y] * 100.0
            );
            assert!(
                (rate - want.within_20wk_excl[&y]).abs() < 0.05,
                "{} {y}: {rate}",
                c.la.name
            );
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_council() {
    let t = tables();
    let cal = t.calibrate(None).unwrap();
    let la = LocalAuthority::exampleshire();
    let a = synth::generate(&la, &cal, 400, 7);
    let b = synth::generate(&la, &cal, 400, 7);
    let c = synth::generate(&la, &cal, 400, 8);
    assert!(a == b, "same seed, different council");
    assert!(a != c, "different seed, same council");
    assert_eq!(&councils()[1].0, &synth::generate(&la, &cal, 3000, 42));
}

#[test]
fn identifiers_are_synthetic_and_valid() {
    for (c, _) in councils() {
        let mut upns = std::collections::HashSet::new();
        for child in &c.children {
            assert!(
                child.upn.is_some() || child.uln.is_some() || child.upn_unknown.is_some(),
                "{child:?}"
            );
            if let Some(upn) = child.upn {
                assert_eq!(upn.to_string().parse::<Upn>().unwrap(), upn);
                assert_eq!(upn.la_code().unwrap().get(), 999);
                assert!(upns.insert(upn), "duplicate UPN {upn}");
            }
            assert!(
                child
                    .postcode
                    .outward()
                    .starts_with(synth::POSTCODE_AREAS[0])
                    || child
                        .postcode
                        .outward()
                        .starts_with(synth::POSTCODE_AREAS[1])
            );
            assert!(child.needs.len() <= 2);
            if child.needs.len() == 2 {
                assert_ne!(child.needs[0], child.needs[1]);
            }
        }
        for s in &c.settings {
            assert!(
                s.urn.is_some_and(|u| u.get() >= 990_000)
                    || s.ukprn.is_some_and(|u| u.get() >= 19_900_000),
                "{s:?}"
            );
        }
        let with_secondary = active(c)
            .iter()
            .filter(|&&i| c.children[i].needs.len() == 2)
            .count();
        let share = with_secondary as f64 / 3000.0;
        assert!(
            (0.22..0.32).contains(&share),
            "secondary need share {share}"
        );
    }
}

#[test]
fn dates_are_consistent() {
    for (c, _) in councils() {
        let birth: HashMap<i64, chrono::NaiveDate> =
            c.children.iter().map(|ch| (ch.id, ch.birth_date)).collect();
        let requests: HashMap<i64, &synth::Request> =
            c.requests.iter().map(|r| (r.id, r)).collect();
        for r in &c.requests {
            assert!(
                r.received_on >= birth[&r.child_id],
                "request before birth: {r:?}"
            );
            assert!(r.outcome_on.is_none_or(|d| d >= r.received_on), "{r:?}");
            assert!(r.outcome_on.is_none_or(|d| d < c.census_date));
            assert!(r.received_on < c.census_date);
            assert_eq!(
                r.outcome_on.is_none(),
                r.outcome == RequestOutcome::Awaiting,
                "{r:?}"
            );
            if let Some(d) = r.assessment_outcome_on {
                assert!(
                    Some(d) >= r.outcome_on && r.outcome == RequestOutcome::Yes,
                    "{r:?}"
                );
            }
        }
        for p in &c.plans {
            let r = requests[&p.request_id.unwrap()];
            assert_eq!(r.child_id, p.child_id);
            // The decision to issue goes with the draft; the final is the plan's start.
            assert_eq!(r.assessment_outcome_on, r.draft_issued_on);
            assert!(r.draft_issued_on.is_some_and(|d| d <= p.start_on));
            assert!(
                age_on(birth[&p.child_id], p.start_on) >= 1,
                "plan before age 1: {p:?}"
            );
            if let Some(cease) = p.cease_on {
                assert!(cease >= p.start_on && p.cease_reason.is_some());
            }
        }
        for pl in &c.placements {
            assert!(
                pl.entry_on <= c.census_date && pl.entry_on > birth[&pl.child_id],
                "{pl:?}"
            );
            assert!(pl.leaving_on.is_none_or(|l| l >= pl.entry_on));
        }
    }
}

#[test]
fn every_placement_is_at_a_setting_that_fits() {
    for (c, _) in councils() {
        let by_id: HashMap<i64, &synth::Setting> = c.settings.iter().map(|s| (s.id, s)).collect();
        let child: HashMap<i64, &synth::Child> = c.children.iter().map(|ch| (ch.id, ch)).collect();
        let mut out_of_area = (0, 0);
        for pl in &c.placements {
            let ch = child[&pl.child_id];
            let age = age_on(ch.birth_date, c.census_date);
            let nc = domain::dates::nc_year_on(ch.birth_date, c.census_date).get();
            match pl.setting_id {
                Some(id) => {
                    let s = by_id[&id];
                    let provision = s.provisions.iter().find(|p| Some(p.id) == pl.provision_id);
                    assert_eq!(provision.is_some(), pl.provision_id.is_some());
                    assert_eq!(
                        pl.sen_unit,
                        provision.is_some_and(|p| p.kind == domain::SenProvisionKind::SenUnit)
                    );
                    assert_eq!(provision.is_some(), pl.sen_unit || pl.resourced_provision);
                    assert!(
                        synth::setting_fits(s, provision, pl.category, age, nc),
                        "{pl:?} at {s:?}, age {age}, year {nc}"
                    );
                    assert!(pl.sen_setting.is_none());
                    if pl.category == PlacementCategory::SpecialIndependent {
                        out_of_area.0 += usize::from(!s.in_area);
                        out_of_area.1 += 1;
                    }
                }
                None => {
                    assert!(
                        pl.category.group() == PlacementGroup::EducatedElsewhere
                            || pl.category == PlacementCategory::PlacementUnknown,
                        "{pl:?} has no setting"
                    );
                    assert_eq!(
                        pl.sen_setting.is_none(),
                        pl.category == PlacementCategory::PlacementUnknown
                    );
                }
            }
        }
        assert!(
            out_of_area.0 * 2 > out_of_area.1,
            "independent special placements mostly out of area: {out_of_area:?}"
        );
    }
}

#[test]
fn unknown_council_codes_are_refused_clearly() {
    let e = tables()
        .calibrate(Some(LaCode::new(123).unwrap()))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "--like 123: no English council has DfE code 123 (e.g. 801 is Bristol, City of)"
    );
    assert!(matches!(e, synth::SynthError::UnknownLa { code, .. } if code.get() == 123));
}

#[test]
fn national_covers_every_council_at_its_own_size() {
    let mut reader = csv::Reader::from_path(format!("{SHARED}la_ehcp_timeseries.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (year, level, plans) = (col("year"), col("geographic_level"), col("ehc_plans_jan"));
    let mut england = 0u64;
    let mut n = 0;
    for record in reader.records() {
        let record = record.unwrap();
        if &record[year] == "2025" && &record[level] == "Local authority" {
            england += record[plans].parse::<u64>().unwrap();
            n += 1;
        }
    }
    let t = tables();
    let sizes: Vec<(LocalAuthority, u32)> = synth::national_calibrations(t)
        .map(|(la, cal)| (la, cal.active_plans))
        .collect();
    assert_eq!(sizes.len(), n);
    assert_eq!(sizes.len(), 153);
    assert_eq!(sizes.iter().map(|s| u64::from(s.1)).sum::<u64>(), england);
    assert_eq!(u64::from(Size::National.target_plans()), england);
    // Build every council, one at a time, counting its active plans and dropping it.
    let mut count = 0;
    let mut total = 0u64;
    for (council, (la, want)) in synth::national(t, 1).zip(&sizes) {
        assert_eq!(&council.la, la);
        let active = council.active_plans().count() as u32;
        assert_eq!(active, *want, "{}", la.name);
        total += u64::from(active);
        count += 1;
    }
    assert_eq!((count, total), (153, england));
}
