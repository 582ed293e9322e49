//! Random valid top-up packages for a needs and provision costing model: the demo council's
//! applications and awards, and the pricing benchmark (`benches/topup.rs`).
//!
//! Valid by the selection rules (funding-bristol.md §2): in a few random sub-areas, at most one
//! statement per statement group at Targeted or Blocks A to C; then, in each sub-area at A, B or
//! C, at most one of the provisions it offers at that level per provision type, funding asked
//! for each.

use std::collections::BTreeMap;

use domain::topup::costing::{Choice, CostingModel, NeedLevel, Package, SourceFile, load};
use rand::{Rng, RngExt};

use crate::funding_models::{BRISTOL_TOPUP_FILES, BRISTOL_TOPUP_ID};

/// Bristol's model as embedded in the program.
///
/// # Errors
/// Only if the embedded files were changed into something the loader rejects.
pub fn bristol_model() -> Result<CostingModel, domain::topup::ModelError> {
    load(BRISTOL_TOPUP_ID, &bristol_files())
}

/// Bristol's model files as the loader and the council's model store take them.
#[must_use]
pub fn bristol_files() -> Vec<SourceFile> {
    BRISTOL_TOPUP_FILES
        .iter()
        .map(|(path, bytes)| SourceFile {
            path: (*path).to_owned(),
            bytes: bytes.to_vec(),
        })
        .collect()
}

/// What a SENCO can choose in one sub-area, worked out once from the model.
#[derive(Debug)]
struct SubAreaChoices {
    id: String,
    /// Each statement group's statements that may be chosen (Targeted to C), by group.
    groups: Vec<Vec<(String, NeedLevel)>>,
    /// At A, B and C: the provisions offered, by provision type.
    offered: [Vec<Vec<String>>; 3],
}

/// Makes random valid packages for one model.
#[derive(Debug)]
pub struct PackageMaker {
    sub_areas: Vec<SubAreaChoices>,
}

impl PackageMaker {
    /// Works out what each sub-area offers.
    #[must_use]
    pub fn new(model: &CostingModel) -> Self {
        let sub_areas = model
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
                    for p in model.offered(&sub_area.id, level).unwrap_or_default() {
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
            .collect();
        Self { sub_areas }
    }

    /// One valid package: 1 to 4 sub-areas; in each, each group's statement chosen one time in
    /// 4; at A to C, each provision type ticked one time in 3.
    pub fn package<R: Rng>(&self, rng: &mut R) -> Package {
        let all = &self.sub_areas;
        let mut needs = Vec::new();
        let mut provisions = Vec::new();
        let mut order: Vec<usize> = (0..all.len()).collect();
        let count = rng.random_range(1..=4.min(all.len().max(1)));
        for i in 0..count.min(all.len()) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::topup::costing::price;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn random_packages_are_valid_and_some_are_paid() {
        let model = bristol_model().unwrap();
        let maker = PackageMaker::new(&model);
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut paid = 0;
        for _ in 0..500 {
            let p = maker.package(&mut rng);
            let priced = price(&model, &p).unwrap_or_else(|e| panic!("{p:?}: {e:?}"));
            paid += usize::from(priced.annual.is_some_and(|a| a.0 > 0));
        }
        assert!(paid > 50, "{paid} of 500 packages came to an amount");
    }
}
