//! Reading a costing model from the council's JSON files, exactly as published.
//!
//! The files are Bristol's `confirmed data/` folders (funding-bristol.md §1; the copy in
//! `shared/data/bristol-topup` keeps their names and content). Each file is read into its
//! published shape ([`super::raw`]), where every value the rules use is checked at its line; the
//! links between files (a provision's code, a lookup's types, ids used twice) are checked here
//! and reported at the line that names the item.
//!
//! This is pure: the caller reads the files (the `highneeds` command reads a folder) and hands
//! over their paths and bytes.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::de::DeserializeOwned;

use super::positions::Positions;
use super::raw::{RawCode, RawLookup, RawNeeds, RawProvisionGroup};
use super::{CostingModel, FundingCode, NeedStatement, Provision, SubArea};
use crate::topup::{ModelError, ModelKind, ModelVersion, line_of, sha256_of_files, utf8};

/// The folders of a model, each holding `.json` files: need statements by sub-area, provisions
/// by group, the provision types each sub-area shows, and the funding codes. Other files beside
/// them (`allcodes.txt`, `csv/`, a README) are not part of the model.
pub const PUBLISHED_FOLDERS: [&str; 4] = [
    "needs",
    "provisions",
    "provisionsLookUp",
    "provisionCodesLookUp",
];

/// One file of a model: its path relative to the model's folder, with `/` between parts (such
/// as `needs/1_communicationAndInteraction.json`), and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Relative path, `/`-separated.
    pub path: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// A parsed file, kept with its text so later checks can point at a line.
struct Parsed<'a, T> {
    path: &'a str,
    text: &'a str,
    value: T,
}

impl<T> Parsed<'_, T> {
    /// An error at the line where `"name"` first appears (after `skip` earlier appearances).
    fn error_at(&self, name: &str, skip: usize, problem: impl Into<String>) -> ModelError {
        ModelError::at(self.path, line_of(self.text, name, skip), problem)
    }
}

/// Reads a model from its files. `id` names it (the `highneeds` command uses the folder's
/// name); its version is the SHA-256 of the files read.
///
/// # Errors
/// The first problem found, with its file and line: a file that is not UTF-8 JSON of the
/// expected shape, a value the rules cannot use, an id used twice, a code or provision type that
/// does not exist, a sub-area without a visibility lookup, or a folder with no files.
pub fn load(id: &str, files: &[SourceFile]) -> Result<CostingModel, ModelError> {
    let mut model_files: Vec<&SourceFile> = files
        .iter()
        .filter(|f| {
            f.path.ends_with(".json")
                && f.path.split_once('/').is_some_and(|(folder, rest)| {
                    PUBLISHED_FOLDERS.contains(&folder) && !rest.contains('/')
                })
        })
        .collect();
    model_files.sort_by(|a, b| a.path.cmp(&b.path));
    let sha256 = sha256_of_files(
        model_files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice())),
    );
    let [needs, provisions, lookups, codes] =
        PUBLISHED_FOLDERS.map(|folder| read_folder(folder, &model_files));
    let (needs, provisions, lookups, codes) = (
        needs.and_then(|f| parse_all::<RawNeeds>(&f))?,
        provisions.and_then(|f| parse_all::<RawProvisionGroup>(&f))?,
        lookups.and_then(|f| parse_all::<RawLookup>(&f))?,
        codes.and_then(|f| parse_all::<RawCode>(&f))?,
    );
    let codes = assemble_codes(&codes)?;
    let (mut sub_areas, statements) = assemble_needs(needs)?;
    let provisions = assemble_provisions(provisions, &codes)?;
    attach_lookups(&lookups, &mut sub_areas, &provisions)?;
    let index = |ids: Vec<&String>| -> HashMap<String, usize> {
        ids.into_iter()
            .cloned()
            .enumerate()
            .map(|(i, id)| (id, i))
            .collect()
    };
    let sub_area_by_id = index(sub_areas.iter().map(|s| &s.id).collect());
    let positions = Positions::new(&sub_areas, &statements, &provisions, &sub_area_by_id);
    Ok(CostingModel {
        version: ModelVersion {
            kind: ModelKind::NeedsAndProvision,
            id: id.to_owned(),
            version: sha256[..12].to_owned(),
            sha256,
        },
        sub_area_by_id,
        statement_by_id: index(statements.iter().map(|s| &s.id).collect()),
        provision_by_id: index(provisions.iter().map(|p| &p.id).collect()),
        positions,
        sub_areas,
        statements,
        provisions,
        codes,
    })
}

/// The files of one folder, or an error if it has none.
fn read_folder<'a>(
    folder: &str,
    files: &[&'a SourceFile],
) -> Result<Vec<&'a SourceFile>, ModelError> {
    let prefix = format!("{folder}/");
    let found: Vec<&SourceFile> = files
        .iter()
        .copied()
        .filter(|f| f.path.starts_with(&prefix))
        .collect();
    if found.is_empty() {
        return Err(ModelError::file(
            &prefix,
            "the model needs this folder, with at least one .json file",
        ));
    }
    Ok(found)
}

fn parse_all<'a, T: DeserializeOwned>(
    files: &[&'a SourceFile],
) -> Result<Vec<Parsed<'a, T>>, ModelError> {
    files
        .iter()
        .map(|&f| {
            let text = utf8(&f.path, &f.bytes)?;
            let value = serde_json::from_str(text).map_err(|e| ModelError::json(&f.path, &e))?;
            Ok(Parsed {
                path: &f.path,
                text,
                value,
            })
        })
        .collect()
}

fn assemble_codes(
    files: &[Parsed<'_, RawCode>],
) -> Result<BTreeMap<String, FundingCode>, ModelError> {
    let mut codes = BTreeMap::new();
    for file in files {
        let raw = &file.value;
        let code = raw.code.trim();
        if code.is_empty() {
            return Err(file.error_at("Type", 0, "Type (the code letter) is empty"));
        }
        let funding = FundingCode {
            code: code.to_owned(),
            description: raw.description.clone(),
            hourly_rate: raw.rate,
            code_weekly_cap: raw.code_cap,
            total_weekly_cap: raw.total_cap,
            hnb_budget: raw.hnb_budget.clone(),
        };
        if codes.insert(code.to_owned(), funding).is_some() {
            return Err(file.error_at(
                "Type",
                0,
                format!("code {code} is defined in another file too"),
            ));
        }
    }
    Ok(codes)
}

fn assemble_needs(
    mut files: Vec<Parsed<'_, RawNeeds>>,
) -> Result<(Vec<SubArea>, Vec<NeedStatement>), ModelError> {
    files.sort_by_key(|f| f.value.sub_area_number);
    let mut sub_areas = Vec::new();
    let mut statements = Vec::new();
    let mut seen_sub_areas = HashSet::new();
    let mut seen_statements = HashMap::new();
    for file in files {
        let raw = file.value;
        if !seen_sub_areas.insert(raw.sub_area_id.clone()) {
            return Err(ModelError::at(
                file.path,
                line_of(file.text, "subAreaId", 0),
                format!("sub-area {} is in another needs file too", raw.sub_area_id),
            ));
        }
        for category in raw.sub_category {
            for group in category.statement_group {
                for s in group.statements {
                    if let Some(first) =
                        seen_statements.insert(s.statement_number.clone(), file.path)
                    {
                        return Err(ModelError::at(
                            file.path,
                            line_of(
                                file.text,
                                &s.statement_number,
                                usize::from(first == file.path),
                            ),
                            format!(
                                "need statement {} is listed more than once",
                                s.statement_number
                            ),
                        ));
                    }
                    statements.push(NeedStatement {
                        id: s.statement_number,
                        group: group.statement_group_number.clone(),
                        sub_category: category.sub_category_id.clone(),
                        sub_category_label: category.sub_category_label.clone(),
                        label: s.statement_label,
                        level: s.statement_level,
                        sub_area: raw.sub_area_id.clone(),
                    });
                }
            }
        }
        sub_areas.push(SubArea {
            id: raw.sub_area_id,
            number: raw.sub_area_number,
            label: raw.sub_area_label,
            area_id: raw.area_id,
            area_number: raw.area_number,
            area_label: raw.area_label,
            shows: Vec::new(),
        });
    }
    Ok((sub_areas, statements))
}

fn assemble_provisions(
    mut files: Vec<Parsed<'_, RawProvisionGroup>>,
    codes: &BTreeMap<String, FundingCode>,
) -> Result<Vec<Provision>, ModelError> {
    // The app lists provision groups in the numeric order of their document ids (§A.4).
    files.sort_by_key(|f| f.value.id);
    let mut provisions = Vec::new();
    let mut type_group: HashMap<String, String> = HashMap::new();
    let mut seen = HashMap::new();
    for Parsed {
        path,
        text,
        value: group,
    } in files
    {
        let at = |name: &str, skip: usize, problem: String| {
            ModelError::at(path, line_of(text, name, skip), problem)
        };
        for provision_type in group.provisions_type {
            let mut type_id: Option<String> = None;
            for p in provision_type.provisions {
                let id = &p.provision_statement_id;
                if let Some(first) = seen.insert(id.clone(), path) {
                    let skip = usize::from(first == path);
                    return Err(at(
                        id,
                        skip,
                        format!("provision {id} is listed more than once"),
                    ));
                }
                // All provisions of one type share its id, and a type belongs to one group.
                match &type_id {
                    None => {
                        if let Some(other) = type_group.insert(
                            p.provision_type_id.clone(),
                            group.provision_group_id.clone(),
                        ) {
                            return Err(at(
                                id,
                                0,
                                format!(
                                    "provision {id} has type {}, which is a type of group {other} too",
                                    p.provision_type_id
                                ),
                            ));
                        }
                        type_id = Some(p.provision_type_id.clone());
                    }
                    Some(t) if *t != p.provision_type_id => {
                        return Err(at(
                            id,
                            0,
                            format!(
                                "provision {id} has provisionTypeId {}, but the other provisions of its type have {t}",
                                p.provision_type_id
                            ),
                        ));
                    }
                    Some(_) => {}
                }
                if !codes.contains_key(&p.code) {
                    return Err(at(
                        id,
                        0,
                        format!(
                            "provision {id} has code '{}', which is not in provisionCodesLookUp",
                            p.code
                        ),
                    ));
                }
                let (weekly_hours, weekly_hours_as_published) = p.hours_per_week;
                provisions.push(Provision {
                    id: p.provision_statement_id,
                    type_id: p.provision_type_id,
                    type_label: provision_type.provision_type_label.clone(),
                    group_id: group.provision_group_id.clone(),
                    group_label: group.provision_group.clone(),
                    text: p.specific_provision,
                    level: p.level,
                    code: p.code,
                    weekly_hours,
                    weekly_hours_as_published,
                });
            }
        }
    }
    Ok(provisions)
}

fn attach_lookups(
    files: &[Parsed<'_, RawLookup>],
    sub_areas: &mut [SubArea],
    provisions: &[Provision],
) -> Result<(), ModelError> {
    let types: HashSet<&str> = provisions.iter().map(|p| p.type_id.as_str()).collect();
    let mut done = HashSet::new();
    for file in files {
        let raw = &file.value;
        let Some(sub_area) = sub_areas.iter_mut().find(|s| s.id == raw.sub_area_id) else {
            return Err(file.error_at(
                "subAreaId",
                0,
                format!("sub-area {} has no needs file", raw.sub_area_id),
            ));
        };
        if !done.insert(raw.sub_area_id.clone()) {
            return Err(file.error_at(
                "subAreaId",
                0,
                format!("sub-area {} has another lookup file too", raw.sub_area_id),
            ));
        }
        // Blank entries (a trailing comma, as in "PTID1,PTID2,") are passed over.
        for type_id in raw
            .provision_groups
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            if !types.contains(type_id) {
                return Err(file.error_at(
                    "provisionGroups",
                    0,
                    format!("lists provision type {type_id}, which no provision has"),
                ));
            }
            if sub_area.shows.iter().any(|t| t == type_id) {
                return Err(file.error_at(
                    "provisionGroups",
                    0,
                    format!("lists provision type {type_id} twice"),
                ));
            }
            sub_area.shows.push(type_id.to_owned());
        }
    }
    if let Some(missing) = sub_areas.iter().find(|s| !done.contains(&s.id)) {
        return Err(ModelError::file(
            "provisionsLookUp/",
            format!(
                "sub-area {} has no lookup of the provision types it shows",
                missing.id
            ),
        ));
    }
    Ok(())
}
