//! `highneeds topup price` through the real binary, with Bristol's published model and with the
//! band matrix documented in docs/formats: hand-worked packages, breaches, bad packages and bad
//! models.

#![allow(clippy::unwrap_used)]

mod common;
use std::path::Path;

use common::*;
use serde_json::{Value, json};

/// Writes `package` to a file and prices it with the model in `model`.
fn price(model: &Path, package: &Value) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("package.json");
    std::fs::write(&file, package.to_string()).unwrap();
    highneeds(&[
        "topup",
        "price",
        "--model",
        model.to_str().unwrap(),
        file.to_str().unwrap(),
    ])
}

/// Prices with Bristol's model and reads the JSON printed.
fn bristol(package: &Value) -> Value {
    let out = price(&shared_bristol_topup(), package);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

/// A package of `(provision, sub-area)` pairs without need statements.
fn ticks(pairs: &[(&str, &str)]) -> Value {
    let provisions: Vec<Value> = pairs
        .iter()
        .map(|(p, s)| json!({"provision": p, "sub_area": s}))
        .collect();
    json!({ "provisions": provisions })
}

#[test]
fn prices_a_package_with_needs_under_bristols_model() {
    // Block C in academic learning unlocks 25 h of 1:1 support (A); Block A in expressive
    // communication unlocks 10 h of shared class support (E). 35 h is the total cap, allowed.
    let r = bristol(&json!({
        "need_statements": ["A2SA3SC1SG1STC1", "A1SA1SC1SG1STA1"],
        "provisions": [
            {"provision": "PCID3_PTID3-1_PS4", "sub_area": "academicLearning"},
            {"provision": "PCID3_PTID3-1_PS2", "sub_area": "expressiveCommunication"}
        ]
    }));
    assert_eq!(r["annual_pence"], 1_626_170);
    assert_eq!(r["annual"], "£16,261.70");
    assert_eq!(r["weekly_hours_by_code"], json!({"A": 25, "E": 10}));
    assert_eq!(r["total_weekly_hours"], 35);
    assert_eq!(r["total_weekly_cap"], 35);
    assert_eq!(r["code_cap_exceeded"], false);
    assert_eq!(r["total_cap_exceeded"], false);
    assert_eq!(r["breaches"], json!([]));
    assert_eq!(r["needs_individual_costing"], false);
    assert_eq!(r["duplicates"], json!([]));
    assert_eq!(
        r["need_levels"],
        json!({"academicLearning": "C", "expressiveCommunication": "A"})
    );
    assert_eq!(r["funded_weeks"], 45.5);
    assert_eq!(r["model"]["kind"], "needs_and_provision");
    assert_eq!(r["model"]["id"], "bristol-topup");
    assert_eq!(r["model"]["sha256"].as_str().unwrap().len(), 64);
    // Review order: by provision id, so PS2 (E, 79p an hour) before PS4 (A, £13.98).
    let rates: Vec<&Value> = r["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| &l["hourly_rate_pence"])
        .collect();
    assert_eq!(rates, [&json!(79), &json!(1_398)]);
}

#[test]
fn breaches_block_the_amount_and_say_which_cap_by_how_many_hours() {
    // The same 25 h ticked under two sub-areas: counted twice, flagged, over both caps.
    let r = bristol(&ticks(&[
        ("PCID3_PTID3-1_PS4", "academicLearning"),
        ("PCID3_PTID3-1_PS4", "expressiveCommunication"),
    ]));
    assert_eq!(r["annual_pence"], Value::Null);
    assert_eq!(r["annual"], Value::Null);
    assert_eq!(r["code_cap_exceeded"], true);
    assert_eq!(r["total_cap_exceeded"], true);
    assert_eq!(
        r["breaches"],
        json!([
            {"cap": "code", "code": "A", "hours": 50, "cap_hours": 25, "over_by_hours": 25},
            {"cap": "total", "hours": 50, "cap_hours": 35, "over_by_hours": 15}
        ])
    );
    assert_eq!(
        r["duplicates"],
        json!([{"provision": "PCID3_PTID3-1_PS4",
                "sub_areas": ["expressiveCommunication", "academicLearning"]}])
    );
}

#[test]
fn hand_worked_cases_through_the_command() {
    // (ticks, annual pence or null, breaches as (cap, code, over by)).
    type Case = (&'static [(&'static str, &'static str)], Value, Value);
    let cases: [Case; 6] = [
        // 5 × £2.95 × 45.5 = £671.125: rounded half-up once, to £671.13.
        (
            &[("PCID7_PTID7-2_PS3", "physical")],
            json!(67_113),
            json!([]),
        ),
        // B's 6 h alone is over B's cap of 5.
        (
            &[("PCID7_PTID7-2_PS5", "physical")],
            Value::Null,
            json!([["code", "B", 1]]),
        ),
        // F over its cap by exactly 0.52747253 h.
        (
            &[
                ("PCID3_PTID3-4_PS5", "socialUnderstandingAndInteraction"),
                ("PCID2_PTID2-3_PS2", "expressiveCommunication"),
            ],
            Value::Null,
            json!([["code", "F", 0.527_472_53]]),
        ),
        // L costs nothing but has a cap of 1 h.
        (
            &[
                ("PCID2_PTID2-3_PS1", "expressiveCommunication"),
                ("PCID2_PTID2-4_PS2", "socialUnderstandingAndInteraction"),
            ],
            Value::Null,
            json!([["code", "L", 0.076_923]]),
        ),
        // A 25 + F 15 = 40 h over the total of 35.
        (
            &[
                ("PCID3_PTID3-1_PS4", "academicLearning"),
                ("PCID3_PTID3-1_PS3", "expressiveCommunication"),
            ],
            Value::Null,
            json!([["total", null, 5]]),
        ),
        // A training item (H) in the package leaves the total cap at 35: 32.087912 h is fine.
        (
            &[
                ("PCID3_PTID3-1_PS4", "academicLearning"),
                ("PCID2_PTID2-5_PS1", "academicLearning"),
                ("PCID5_PTID5-1_PS3", "expressiveCommunication"),
                ("PCID8_PTID8-1_PS2", "academicLearning"),
            ],
            json!(1_973_087),
            json!([]),
        ),
    ];
    for (pairs, annual, breaches) in cases {
        let r = bristol(&ticks(pairs));
        assert_eq!(r["annual_pence"], annual, "{pairs:?}");
        let got: Vec<Value> = r["breaches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| json!([b["cap"], b["code"], b["over_by_hours"]]))
            .collect();
        assert_eq!(Value::from(got), breaches, "{pairs:?}");
    }
}

#[test]
fn an_individually_costed_provision_is_left_to_the_panel() {
    let r = bristol(&ticks(&[
        ("PCID7_PTID7-1_PS4", "physical"),
        ("PCID7_PTID7-3_PS2", "physical"),
    ]));
    assert_eq!(r["annual_pence"], 127_218);
    assert_eq!(r["needs_individual_costing"], true);
    assert_eq!(
        r["individually_costed"][0]["provision"],
        "PCID7_PTID7-1_PS4"
    );
    assert_eq!(
        r["individually_costed"][0]["hourly_rate_pence"],
        Value::Null
    );
}

#[test]
fn pricing_needs_no_database() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.json");
    std::fs::write(&file, r#"{"provisions": []}"#).unwrap();
    let model = shared_bristol_topup();
    let out = highneeds(&[
        "--db",
        "mysql://127.0.0.1/nothing",
        "topup",
        "price",
        "--model",
        model.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (r["annual_pence"].clone(), r["total_weekly_cap"].clone()),
        (json!(0), json!(32))
    );
}

#[test]
fn a_package_that_breaks_the_rules_is_not_priced() {
    let out = price(
        &shared_bristol_topup(),
        &json!({
            "need_statements": ["A2SA3SC1SG1STB1"],
            "provisions": [
                {"provision": "PCID3_PTID3-1_PS4", "sub_area": "academicLearning"},
                {"provision": "PCID2_PTID2-5_PS1", "sub_area": "expressiveCommunication"}
            ]
        }),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].ends_with(
            "package.json: provisions: entry 1: PCID3_PTID3-1_PS4 is offered from need level C; the needs chosen in academicLearning reach level B"
        ),
        "{err}"
    );
    assert!(
        lines[1]
            .contains("entry 2: expressiveCommunication does not offer provisions of type PTID2-5"),
        "{err}"
    );
    assert!(
        lines[2].starts_with("error: ")
            && lines[2].ends_with("2 problems with the package (listed above); nothing was priced"),
        "{err}"
    );
}

#[test]
fn a_package_file_that_is_not_the_format_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.json");
    std::fs::write(&file, "{\n  \"provisions\": [],\n  \"ticks\": []\n}").unwrap();
    let model = shared_bristol_topup();
    let out = highneeds(&[
        "topup",
        "price",
        "--model",
        model.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    fails_with_one_line(&out, "p.json, line 3: unknown field `ticks`");
}

/// Copies Bristol's model folders into `dir`.
fn copy_bristol(dir: &Path) {
    for folder in [
        "needs",
        "provisions",
        "provisionsLookUp",
        "provisionCodesLookUp",
    ] {
        std::fs::create_dir(dir.join(folder)).unwrap();
        for entry in std::fs::read_dir(shared_bristol_topup().join(folder)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(folder).join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn a_bad_model_names_the_file_line_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    copy_bristol(dir.path());
    let a = dir
        .path()
        .join("provisionCodesLookUp/provision_codes_lookup_A.json");
    let text = std::fs::read_to_string(&a)
        .unwrap()
        .replace("\"13.98\"", "\"£13.98/h\"");
    std::fs::write(&a, text).unwrap();
    let out = price(dir.path(), &ticks(&[]));
    fails_with_one_line(
        &out,
        "provisionCodesLookUp/provision_codes_lookup_A.json, line 6: CostPerHour must be pounds and pence like 13.98, or empty, not '£13.98/h'",
    );

    let empty = tempfile::tempdir().unwrap();
    let out = price(empty.path(), &ticks(&[]));
    fails_with_one_line(
        &out,
        "not a funding model: it holds neither band-matrix.json nor the folders needs, provisions, provisionsLookUp, provisionCodesLookUp",
    );
}

#[test]
fn the_model_version_follows_the_files() {
    let dir = tempfile::tempdir().unwrap();
    copy_bristol(dir.path());
    let copy = price(dir.path(), &ticks(&[]));
    let copy: Value = serde_json::from_str(&stdout(&copy)).unwrap();
    let published = bristol(&ticks(&[]));
    assert_eq!(copy["model"]["sha256"], published["model"]["sha256"]);
    assert_eq!(copy["model"]["version"], published["model"]["version"]);
}

#[test]
fn a_band_matrix_with_a_panel_override() {
    let dir = tempfile::tempdir().unwrap();
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/formats/topup-band-matrix.json");
    std::fs::copy(example, dir.path().join("band-matrix.json")).unwrap();
    let request = json!({
        "levels": {
            "communication_and_interaction": 2,
            "cognition_and_learning": 2,
            "social_emotional_and_mental_health": 2,
            "sensory_and_physical": 1
        },
        "override": {"band": "3", "reason": "Needs rose after the autumn review"}
    });
    let out = price(dir.path(), &request);
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(r["model"]["kind"], "band_matrix");
    assert_eq!(r["model"]["id"], "exampleshire-mainstream");
    assert_eq!(r["model"]["version"], "2026-04");
    assert_eq!(r["score"], 7);
    assert_eq!(r["calculated_band"], "2");
    assert_eq!(r["band"], "3");
    assert_eq!(r["annual_pence"], 450_000);
    assert_eq!(r["annual"], "£4,500.00");
    assert_eq!(
        r["override"]["reason"],
        "Needs rose after the autumn review"
    );

    let mut no_reason = request.clone();
    no_reason["override"]["reason"] = json!("");
    let out = price(dir.path(), &no_reason);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("override: the panel must record why it overrides the band"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_council_installs_a_model_once_per_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hn.db");
    let model = shared_bristol_topup();
    let install = || {
        highneeds(&[
            "--db",
            db.to_str().unwrap(),
            "topup",
            "install",
            "--la",
            "801",
            "--model",
            model.to_str().unwrap(),
        ])
    };
    let first = install();
    assert!(first.status.success(), "{}", stderr(&first));
    let said = stdout(&first);
    assert!(
        said.contains("Council 801 now prices new top-up applications with bristol-topup"),
        "{said}"
    );
    let again = install();
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(stdout(&again), said, "the same files are the same version");
    let not_a_model = highneeds(&[
        "--db",
        db.to_str().unwrap(),
        "topup",
        "install",
        "--la",
        "801",
        "--model",
        dir.path().to_str().unwrap(),
    ]);
    assert!(!not_a_model.status.success());
    assert!(
        stderr(&not_a_model).contains("not a needs and provision model"),
        "{}",
        stderr(&not_a_model)
    );
}
