//! Bristol's published data loads as it is, with the counts and values funding-bristol.md and the
//! data's README give; and bad files are refused with their file and line.

use std::collections::BTreeMap;
use std::path::Path;

use super::testing::*;
use super::*;
use crate::topup::ModelError;

#[test]
fn the_data_is_where_the_tests_expect() {
    assert!(Path::new(DATA).join("README.md").exists(), "{DATA}");
}

#[test]
fn counts_match_the_publication() {
    let m = bristol();
    assert_eq!(m.statements().len(), 800);
    assert_eq!(m.provisions().len(), 148);
    assert_eq!(m.codes().len(), 11);
    assert_eq!(m.sub_areas().len(), 10);
    let count = |f: &dyn Fn(&NeedStatement) -> &str| {
        let mut v: Vec<&str> = m.statements().iter().map(f).collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    assert_eq!(count(&|s| s.sub_category.as_str()), 68);
    assert_eq!(count(&|s| s.group.as_str()), 124);
    let mut levels = BTreeMap::new();
    for s in m.statements() {
        *levels.entry(s.level).or_insert(0) += 1;
    }
    use NeedLevel::*;
    assert_eq!(
        levels.into_iter().collect::<Vec<_>>(),
        [
            (Expected, 124),
            (Targeted, 158),
            (A, 177),
            (B, 190),
            (C, 151)
        ]
    );
    let mut types: Vec<&str> = m.provisions().iter().map(|p| p.type_id.as_str()).collect();
    types.dedup();
    assert_eq!(types.len(), 38);
    let mut groups: Vec<&str> = m.provisions().iter().map(|p| p.group_id.as_str()).collect();
    groups.dedup();
    assert_eq!(
        groups,
        [
            "PCID1", "PCID2", "PCID3", "PCID4", "PCID5", "PCID6", "PCID7", "PCID8"
        ]
    );
}

#[test]
fn every_group_opens_with_one_expected_statement_then_rises() {
    let m = bristol();
    let mut by_group: BTreeMap<&str, Vec<NeedLevel>> = BTreeMap::new();
    for s in m.statements() {
        by_group.entry(&s.group).or_default().push(s.level);
    }
    for (group, levels) in by_group {
        assert_eq!(levels[0], NeedLevel::Expected, "{group}");
        assert!(
            levels[1..].iter().all(|l| *l != NeedLevel::Expected),
            "{group}"
        );
        assert!(levels.windows(2).all(|w| w[0] <= w[1]), "{group}");
    }
}

#[test]
fn codes_rates_and_caps_are_the_json_values() {
    let m = bristol();
    let row = |c: &str| {
        let code = m.code(c).unwrap();
        (
            code.hourly_rate.map(Pence::get),
            code.code_weekly_cap.map(|h| h.to_string()),
            code.total_weekly_cap.map(|h| h.to_string()),
        )
    };
    let s = |t: &str| Some(t.to_owned());
    assert_eq!(row("A"), (Some(1_398), s("25"), s("35")));
    assert_eq!(row("B"), (Some(1_178), s("5"), s("35")));
    assert_eq!(row("C"), (Some(295), s("5"), s("35")));
    assert_eq!(row("D"), (Some(3_250), s("15"), s("35")));
    assert_eq!(row("E"), (Some(79), s("25"), s("35")));
    assert_eq!(row("F"), (Some(295), s("25"), s("35")));
    assert_eq!(row("G"), (Some(8_000), s("0.16"), None));
    assert_eq!(row("H"), (Some(5_000), s("0.4"), None));
    assert_eq!(row("K"), (Some(0), None, None));
    assert_eq!(row("L"), (Some(0), s("1"), None));
    assert_eq!(row("Q"), (None, None, None));
    assert_eq!(m.code("A").unwrap().hnb_budget, "BG7");
}

#[test]
fn provisions_carry_their_published_hours() {
    let m = bristol();
    let hours = |id: &str| {
        let p = m.provision(id).unwrap();
        (
            p.weekly_hours.to_string(),
            p.weekly_hours_as_published.as_str(),
        )
    };
    assert_eq!(
        hours("PCID2_PTID2-3_PS3"),
        ("0.7692308".into(), "0.7692308")
    );
    assert_eq!(hours("PCID2_PTID2-2_PS1"), ("0.3956".into(), "0.39560"));
    assert_eq!(hours("PCID1_PTID1-1_PS1"), ("0".into(), ""));
    assert_eq!(hours("PCID8_PTID8-2_PS1"), ("0".into(), "bespoke"));
    assert_eq!(hours("PCID7_PTID7-2_PS5"), ("6".into(), "6"));
    let mut codes = BTreeMap::new();
    for p in m.provisions() {
        *codes.entry(p.code.as_str()).or_insert(0) += 1;
    }
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        [
            ("A", 56),
            ("B", 5),
            ("C", 2),
            ("D", 5),
            ("E", 3),
            ("F", 16),
            ("G", 4),
            ("H", 4),
            ("L", 42),
            ("Q", 11)
        ]
    );
    let blank = m
        .provisions()
        .iter()
        .filter(|p| p.weekly_hours_as_published.is_empty());
    assert_eq!(blank.count(), 3);
    let bespoke = m
        .provisions()
        .iter()
        .filter(|p| p.weekly_hours_as_published == "bespoke");
    assert_eq!(bespoke.count(), 11);
    let by_level = |l| m.provisions().iter().filter(|p| p.level == l).count();
    assert_eq!(
        [
            by_level(ProvisionLevel::A),
            by_level(ProvisionLevel::B),
            by_level(ProvisionLevel::C)
        ],
        [72, 35, 41]
    );
}

#[test]
fn visibility_matches_the_published_counts() {
    // funding-bristol.md §1.5: types listed and provisions offered at A / B / C.
    let m = bristol();
    for (sub_area, types, a, b, c) in [
        ("expressiveCommunication", 19, 40, 58, 82),
        ("receptiveCommunication", 19, 40, 58, 82),
        ("academicLearning", 21, 42, 62, 88),
        ("behavioursForLearning", 21, 42, 62, 88),
        ("socialUnderstandingAndInteraction", 17, 33, 47, 68),
        ("behaviourEmotionalAndMentalHealthNeeds", 17, 33, 47, 68),
        ("physical", 25, 47, 66, 91),
        ("vision", 25, 47, 66, 91),
        ("hearing", 25, 47, 66, 91),
        ("sensoryProcessing", 25, 47, 66, 91),
    ] {
        assert_eq!(
            m.sub_area(sub_area).unwrap().shows.len(),
            types,
            "{sub_area}"
        );
        let offered = |level| m.offered(sub_area, level).unwrap().len();
        assert_eq!(
            [
                offered(NeedLevel::A),
                offered(NeedLevel::B),
                offered(NeedLevel::C)
            ],
            [a, b, c],
            "{sub_area}"
        );
        assert_eq!(offered(NeedLevel::Targeted), 0);
    }
}

#[test]
fn the_version_is_the_digest_of_the_files_read() {
    let m = bristol();
    let v = m.version();
    assert_eq!(v.id, "bristol-topup");
    assert_eq!(v.sha256.len(), 64);
    assert_eq!(v.version, v.sha256[..12]);
    // Files outside the four folders do not change it; a changed rate does.
    let mut files = read_dir(Path::new(DATA));
    files.push(SourceFile {
        path: "README.md".into(),
        bytes: b"notes".to_vec(),
    });
    assert_eq!(load("bristol-topup", &files).unwrap().version(), v);
    let a = files
        .iter_mut()
        .find(|f| f.path.ends_with("lookup_A.json"))
        .unwrap();
    let text = String::from_utf8(a.bytes.clone())
        .unwrap()
        .replace("13.98", "14.50");
    a.bytes = text.into_bytes();
    let changed = load("bristol-topup", &files).unwrap();
    assert_ne!(changed.version().sha256, v.sha256);
    assert_eq!(changed.code("A").unwrap().hourly_rate, Some(Pence(1_450)));
}

/// Loads Bristol's files with one file's text changed.
fn load_with(file_ends: &str, from: &str, to: &str) -> Result<CostingModel, ModelError> {
    let mut files = read_dir(Path::new(DATA));
    let f = files
        .iter_mut()
        .find(|f| f.path.ends_with(file_ends))
        .unwrap();
    let text = String::from_utf8(f.bytes.clone()).unwrap();
    assert!(text.contains(from), "{from}");
    f.bytes = text.replacen(from, to, 1).into_bytes();
    load("bristol-topup", &files)
}

#[test]
fn bad_files_are_refused_with_file_line_and_problem() {
    let cases = [
        (
            "provision_codes_lookup_A.json",
            "\"13.98\"",
            "\"13.985\"",
            "provisionCodesLookUp/provision_codes_lookup_A.json, line 6: CostPerHour must be pounds and pence like 13.98, or empty, not '13.985'",
        ),
        (
            "provision_codes_lookup_G.json",
            "\"0.16\"",
            "\"lots\"",
            "provisionCodesLookUp/provision_codes_lookup_G.json, line 8: weekly cap: 'lots' is not a number of hours like 2.5",
        ),
        (
            "provisions_PCID_6.json",
            "\"hoursPerWeek\":\"0.219780\"",
            "\"hoursPerWeek\":\"?20\"",
            "provisions/provisions_PCID_6.json, line 23: hoursPerWeek: '?20' is not a number of hours like 2.5",
        ),
        (
            "provisions_PCID_3.json",
            "\"code\":\"E\"",
            "\"code\":\"Z\"",
            "provisions/provisions_PCID_3.json, line 14: provision PCID3_PTID3-1_PS2 has code 'Z', which is not in provisionCodesLookUp",
        ),
        (
            "1_communicationAndInteraction.json",
            "\"statementLevel\": \"t\"",
            "\"statementLevel\": \"x\"",
            "needs/1_communicationAndInteraction.json, line 26: statementLevel must be one of e, t, a, b or c, not 'x'",
        ),
        (
            "2_receptiveCommunication.json",
            "A1SA2SC1SG1STT1",
            "A1SA1SC1SG1STT1",
            "needs/2_receptiveCommunication.json, line 24: need statement A1SA1SC1SG1STT1 is listed more than once",
        ),
        (
            "3_academic_lookup.json",
            "PTID2-5",
            "PTID2-99",
            "provisionsLookUp/3_academic_lookup.json, line 5: lists provision type PTID2-99, which no provision has",
        ),
        (
            "provisions_PCID_1.json",
            "\"level\":\"A\"",
            "\"level\":\"D\"",
            "provisions/provisions_PCID_1.json, line 12: level must be A, B or C, not 'D'",
        ),
        (
            "8_vision.json",
            "\"id\": \"8\",",
            "\"id\": \"8\"",
            "needs/8_vision.json, line 3: not valid JSON: expected `,` or `}`",
        ),
    ];
    for (file, from, to, expected) in cases {
        let e = load_with(file, from, to).unwrap_err();
        assert_eq!(e.to_string(), expected);
    }
}

#[test]
fn missing_parts_are_named() {
    let mut files = read_dir(Path::new(DATA));
    files.retain(|f| !f.path.starts_with("provisionCodesLookUp/"));
    let e = load("m", &files).unwrap_err();
    assert_eq!(
        e.to_string(),
        "provisionCodesLookUp/: the model needs this folder, with at least one .json file"
    );
    let mut files = read_dir(Path::new(DATA));
    files.retain(|f| !f.path.ends_with("9_hearing_lookup.json"));
    let e = load("m", &files).unwrap_err();
    assert_eq!(
        e.to_string(),
        "provisionsLookUp/: sub-area hearing has no lookup of the provision types it shows"
    );
    let mut files = read_dir(Path::new(DATA));
    files[0].bytes = vec![0xff, 0xfe];
    assert!(
        load("m", &files)
            .unwrap_err()
            .problem
            .starts_with("is not UTF-8 text")
    );
}
