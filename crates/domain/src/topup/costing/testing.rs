//! Test helpers: Bristol's published data read from `shared/data/bristol-topup`, small models
//! written inline, and packages.

use std::path::Path;
use std::sync::LazyLock;

use super::*;

/// `crates/domain` → the shared folder beside the repository: three levels up.
pub const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/bristol-topup"
);

/// Every file of a model folder, as the `highneeds` command reads them.
pub fn read_dir(dir: &Path) -> Vec<SourceFile> {
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

/// Bristol's model, loaded once.
pub fn bristol() -> &'static CostingModel {
    static MODEL: LazyLock<CostingModel> =
        LazyLock::new(|| load("bristol-topup", &read_dir(Path::new(DATA))).unwrap());
    &MODEL
}

/// Source files from `(path, text)` pairs.
pub fn files(list: &[(&str, &str)]) -> Vec<SourceFile> {
    list.iter()
        .map(|(path, text)| SourceFile {
            path: (*path).to_owned(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect()
}

/// A code file: code, rate, cap for the code, total cap (`""` for none).
pub fn code_file(code: &str, rate: &str, cap: &str, total: &str) -> String {
    format!(
        r#"{{"id": "1", "Type": "{code}", "Description": "code {code}", "CostPerHour": "{rate}",
"HnbBudget": "", "WeeklyCapInHoursForThisType": "{cap}",
"WeeklyCapInHoursForDifferentTypes": "{total}"}}"#
    )
}

/// A needs file for a sub-area, one group per `(statement, level)` pair, each group opening
/// with an Expected statement `E-{statement}`.
pub fn needs_file(number: u32, sub_area: &str, statements: &[(&str, &str)]) -> String {
    let groups: Vec<String> = statements
        .iter()
        .map(|(id, level)| {
            format!(
                r#"{{"statementGroupNumber": "G-{id}", "statements": [
{{"statementNumber": "E-{id}", "statementLabel": "expected", "statementLevel": "e"}},
{{"statementNumber": "{id}", "statementLabel": "need {id}", "statementLevel": "{level}"}}]}}"#
            )
        })
        .collect();
    format!(
        r#"{{"areaNumber": "1", "areaId": "area", "areaLabel": "Area", "subAreaNumber": "{number}",
"subAreaId": "{sub_area}", "subAreaLabel": "{sub_area}", "subCategory": [
{{"subCategoryId": "SC-{sub_area}", "subCategoryLabel": "category", "statementGroup": [{}]}}]}}"#,
        groups.join(",\n")
    )
}

/// A provision group file: `(id, type, level, code, hours)` per provision, types in order met.
pub fn provisions_file(id: u32, provisions: &[(&str, &str, &str, &str, &str)]) -> String {
    let mut types: Vec<(&str, Vec<String>)> = Vec::new();
    for (pid, type_id, level, code, hours) in provisions {
        let p = format!(
            r#"{{"provisionStatementId": "{pid}", "provisionTypeId": "{type_id}",
"typeOfProvision": "t", "specificProvision": "provision {pid}", "level": "{level}",
"code": "{code}", "hoursPerWeek": "{hours}"}}"#
        );
        match types.iter_mut().find(|(t, _)| t == type_id) {
            Some((_, list)) => list.push(p),
            None => types.push((type_id, vec![p])),
        }
    }
    let types: Vec<String> = types
        .iter()
        .enumerate()
        .map(|(n, (t, list))| {
            format!(
                r#"{{"provisionTypeNumber": {}, "provisionTypeLabel": "type {t}", "provisions": [{}]}}"#,
                n + 1,
                list.join(",\n")
            )
        })
        .collect();
    format!(
        r#"{{"id": "{id}", "provisionGroup": "group {id}", "provisionGroupId": "PGID{id}",
"provisionsType": [{}]}}"#,
        types.join(",\n")
    )
}

/// A lookup file.
pub fn lookup_file(sub_area: &str, types: &str) -> String {
    format!(r#"{{"id": "1", "subAreaId": "{sub_area}", "provisionGroups": "{types}"}}"#)
}

/// The shape of the test data in Bristol's own unit tests (`TestDataInitializer`,
/// funding-bristol-cases.md Part A): codes A and B with a total cap of 32, code C priced as the
/// tests' mock prices it (the B row), three sub-areas and four provisions of four types.
pub fn bristol_unit_test_model() -> CostingModel {
    let needs = [
        needs_file(1, "expressiveCommunication", &[("ns0", "a")]),
        needs_file(
            2,
            "firstSubAreaId",
            &[("ns1", "a"), ("ns3", "b"), ("ns5", "c"), ("nt1", "t")],
        ),
        needs_file(3, "secondSubAreaId", &[("ns2", "a"), ("ns4", "b")]),
    ];
    let provisions = provisions_file(
        1,
        &[
            ("PGID1_PTID1_PS1", "PTID1", "A", "A", "1"),
            ("PGID1_PTID2_PS3", "PTID2", "B", "B", "2"),
            ("PGID1_PTID3_PS5", "PTID3", "C", "C", "50"),
            ("PGID1_PTID9_PS4", "PTID9", "C", "A", "25"),
        ],
    );
    let all = "PTID1,PTID2,PTID3,PTID9";
    load(
        "bristol-unit-tests",
        &files(&[
            ("needs/1.json", &needs[0]),
            ("needs/2.json", &needs[1]),
            ("needs/3.json", &needs[2]),
            ("provisions/1.json", &provisions),
            (
                "provisionsLookUp/1.json",
                &lookup_file("expressiveCommunication", "PTID1,PTID2,"),
            ),
            (
                "provisionsLookUp/2.json",
                &lookup_file("firstSubAreaId", all),
            ),
            (
                "provisionsLookUp/3.json",
                &lookup_file("secondSubAreaId", all),
            ),
            (
                "provisionCodesLookUp/A.json",
                &code_file("A", "13.98", "25", "32"),
            ),
            (
                "provisionCodesLookUp/B.json",
                &code_file("B", "11.78", "5", "32"),
            ),
            (
                "provisionCodesLookUp/C.json",
                &code_file("C", "11.78", "5", "32"),
            ),
        ]),
    )
    .unwrap()
}

/// A package of provisions, each `(provision, sub_area)`, with or without need statements.
pub fn package(needs: Option<&[&str]>, choices: &[(&str, &str)]) -> Package {
    Package {
        need_statements: needs.map(|n| n.iter().map(|s| (*s).to_owned()).collect()),
        provisions: choices.iter().map(|(p, s)| Choice::new(p, s)).collect(),
    }
}

/// Hours from a decimal.
pub fn h(text: &str) -> Hours {
    text.parse().unwrap()
}
