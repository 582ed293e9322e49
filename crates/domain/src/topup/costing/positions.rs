//! Positions worked out once when a model is loaded, so that pricing a package compares and
//! indexes numbers instead of looking up and comparing ids each time: a funding panel's batch
//! or a re-costing after new rates prices many packages against one model.

use std::collections::HashMap;

use super::package::natural_order;
use super::{NeedStatement, Provision, SubArea};

/// Where each statement and provision stands in the model, by position in its lists.
#[derive(Debug, Clone, Default)]
pub(super) struct Positions {
    /// For each statement, the position of its sub-area. Statements are read from their
    /// sub-area's needs file, so every statement has one.
    pub statement_sub_area: Vec<usize>,
    /// For each statement, its statement group, numbered from 0.
    pub statement_group: Vec<usize>,
    /// How many statement groups there are.
    pub groups: usize,
    /// For each provision, its place in review order: ids in natural order
    /// ([`natural_order`]), ids that it counts as equal sharing a place.
    pub provision_rank: Vec<usize>,
    /// Whether each sub-area shows each provision's type: `sub_area * provisions + provision`.
    shows: Vec<bool>,
    provisions: usize,
}

impl Positions {
    pub fn new(
        sub_areas: &[SubArea],
        statements: &[NeedStatement],
        provisions: &[Provision],
        sub_area_by_id: &HashMap<String, usize>,
    ) -> Self {
        let statement_sub_area = statements
            .iter()
            .map(|s| {
                sub_area_by_id
                    .get(&s.sub_area)
                    .copied()
                    .unwrap_or(usize::MAX)
            })
            .collect();
        let mut group_numbers: HashMap<&str, usize> = HashMap::new();
        let statement_group = statements
            .iter()
            .map(|s| {
                let next = group_numbers.len();
                *group_numbers.entry(&s.group).or_insert(next)
            })
            .collect();
        let mut by_id: Vec<usize> = (0..provisions.len()).collect();
        by_id.sort_by(|&a, &b| natural_order(&provisions[a].id, &provisions[b].id));
        let mut provision_rank = vec![0; provisions.len()];
        for (place, pair) in by_id.windows(2).enumerate() {
            let same = natural_order(&provisions[pair[0]].id, &provisions[pair[1]].id).is_eq();
            provision_rank[pair[1]] = if same {
                provision_rank[pair[0]]
            } else {
                place + 1
            };
        }
        let shows = sub_areas
            .iter()
            .flat_map(|s| provisions.iter().map(|p| s.shows.contains(&p.type_id)))
            .collect();
        Self {
            statement_sub_area,
            statement_group,
            groups: group_numbers.len(),
            provision_rank,
            shows,
            provisions: provisions.len(),
        }
    }

    /// Whether the sub-area at `sub_area` shows the type of the provision at `provision`.
    pub fn shows(&self, sub_area: usize, provision: usize) -> bool {
        self.shows
            .get(sub_area * self.provisions + provision)
            .copied()
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{bristol, bristol_unit_test_model};
    use super::*;

    /// The positions say what the ids say, for every statement, provision and sub-area.
    #[test]
    fn positions_agree_with_the_ids() {
        for model in [bristol(), &bristol_unit_test_model()] {
            let at = &model.positions;
            for (i, s) in model.statements.iter().enumerate() {
                assert_eq!(model.sub_areas[at.statement_sub_area[i]].id, s.sub_area);
                for (j, t) in model.statements.iter().enumerate() {
                    assert_eq!(
                        at.statement_group[i] == at.statement_group[j],
                        s.group == t.group
                    );
                }
            }
            for (i, p) in model.provisions.iter().enumerate() {
                for (j, q) in model.provisions.iter().enumerate() {
                    assert_eq!(
                        at.provision_rank[i].cmp(&at.provision_rank[j]),
                        natural_order(&p.id, &q.id),
                        "{} {}",
                        p.id,
                        q.id
                    );
                }
                for (s, sub_area) in model.sub_areas.iter().enumerate() {
                    assert_eq!(at.shows(s, i), sub_area.shows.contains(&p.type_id));
                }
            }
        }
    }
}
