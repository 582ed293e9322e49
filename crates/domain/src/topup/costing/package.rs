//! A package: the need statements a SENCO has chosen and the provisions ticked under each
//! sub-area, with the edits the application form makes to it (funding-bristol.md §2).

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::{CostingModel, NeedLevel};
use crate::FieldError;

/// The need statements chosen and the provisions chosen for one pupil.
///
/// This is also the input file of `highneeds topup price` (docs/formats/topup.md).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// The need statements chosen, by id. `None` when not given: the provisions are then priced
    /// as ticked, without checking that the needs reach their level.
    #[serde(default, alias = "needs", skip_serializing_if = "Option::is_none")]
    pub need_statements: Option<Vec<String>>,
    /// The provisions chosen, each under the sub-area it was chosen for.
    #[serde(default)]
    pub provisions: Vec<Choice>,
}

/// One provision chosen under one sub-area.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The provision's id (`provisionStatementId`).
    #[serde(alias = "provisionStatementId")]
    pub provision: String,
    /// The sub-area it was chosen under (`subAreaId`).
    #[serde(alias = "subAreaId")]
    pub sub_area: String,
    /// Whether funding is asked for it: the tick on the review page (§3.2). A provision in
    /// place but not asked for is recorded and not priced.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub funding: bool,
}

fn yes() -> bool {
    true
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_yes(b: &bool) -> bool {
    *b
}

impl Choice {
    /// `provision` under `sub_area`, with funding asked for.
    #[must_use]
    pub fn new(provision: &str, sub_area: &str) -> Self {
        Self {
            provision: provision.to_owned(),
            sub_area: sub_area.to_owned(),
            funding: true,
        }
    }
}

/// A sub-area's level before and after its need statements changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeedsChange {
    /// The level before (`None`: nothing chosen).
    pub before: Option<NeedLevel>,
    /// The level after.
    pub after: Option<NeedLevel>,
}

impl NeedsChange {
    /// Whether the level went down (or to nothing). The form then asks whether to remove the
    /// sub-area's provisions; funding-bristol.md §2.4 records that the published app asks only
    /// in some of these cases, and that asking whenever the level goes down was the intent.
    #[must_use]
    pub fn lowered(self) -> bool {
        self.after < self.before
    }
}

impl Package {
    /// Replaces the need statements chosen in `sub_area` with `ids` (§2.1: saving a needs page
    /// replaces that sub-area's choice; an id given twice counts once). Provisions are left as
    /// they are; see [`NeedsChange::lowered`] and [`Self::remove_sub_area_provisions`].
    ///
    /// # Errors
    /// An unknown sub-area, or an id that is not a need statement of that sub-area; the package is
    /// then unchanged.
    pub fn choose_needs(
        &mut self,
        model: &CostingModel,
        sub_area: &str,
        ids: &[&str],
    ) -> Result<NeedsChange, FieldError> {
        if model.sub_area(sub_area).is_none() {
            return Err(FieldError::new(
                "sub_area",
                format!("{sub_area} is not a sub-area of the model"),
            ));
        }
        for id in ids {
            match model.statement(id) {
                Some(s) if s.sub_area == sub_area => {}
                Some(s) => {
                    return Err(FieldError::new(
                        "need_statements",
                        format!("{id} is a need statement of {}, not {sub_area}", s.sub_area),
                    ));
                }
                None => {
                    return Err(FieldError::new(
                        "need_statements",
                        format!("{id} is not a need statement of the model"),
                    ));
                }
            }
        }
        let before = self.need_level(model, sub_area);
        let chosen = self.need_statements.get_or_insert_with(Vec::new);
        chosen.retain(|id| model.statement(id).is_none_or(|s| s.sub_area != sub_area));
        for id in ids {
            if !chosen.iter().any(|c| c == id) {
                chosen.push((*id).to_owned());
            }
        }
        Ok(NeedsChange {
            before,
            after: self.need_level(model, sub_area),
        })
    }

    /// The level of `sub_area` from the statements chosen, if any.
    #[must_use]
    pub fn need_level(&self, model: &CostingModel, sub_area: &str) -> Option<NeedLevel> {
        let chosen = self.need_statements.as_deref().unwrap_or_default();
        model
            .need_levels(chosen.iter().map(String::as_str))
            .remove(sub_area)
    }

    /// Removes every provision chosen under `sub_area` (§2.4, when a lower need is confirmed);
    /// returns how many.
    pub fn remove_sub_area_provisions(&mut self, sub_area: &str) -> usize {
        let before = self.provisions.len();
        self.provisions.retain(|c| c.sub_area != sub_area);
        before - self.provisions.len()
    }

    /// Removes `provision` chosen under `sub_area`, keeping the same provision under other
    /// sub-areas (§2.5); returns whether it was there.
    pub fn remove_provision(&mut self, sub_area: &str, provision: &str) -> bool {
        let before = self.provisions.len();
        self.provisions
            .retain(|c| !(c.sub_area == sub_area && c.provision == provision));
        before != self.provisions.len()
    }

    /// Sets which provisions funding is asked for: exactly the `(provision, sub_area)` pairs in
    /// `ticked`, and none of the others (§3.3 steps 1 and 3).
    pub fn request_funding(&mut self, ticked: &[(&str, &str)]) {
        for choice in &mut self.provisions {
            choice.funding = ticked
                .iter()
                .any(|(p, s)| *p == choice.provision && *s == choice.sub_area);
        }
    }

    /// The provisions funding is asked for, in the order chosen.
    pub fn funded(&self) -> impl Iterator<Item = &Choice> {
        self.provisions.iter().filter(|c| c.funding)
    }

    /// The provisions in the order of the review page: by provision id, so the same provision
    /// chosen under two sub-areas stands twice side by side for the SENCO to check (§3.2), and
    /// otherwise in the order chosen (the sort is stable). Numbers in ids compare as numbers,
    /// so `PTID3-2` comes before `PTID3-10`; the published app compares plain strings, which
    /// puts 10 first, and this order is easier to read.
    #[must_use]
    pub fn review_order(&self) -> Vec<&Choice> {
        let mut order: Vec<&Choice> = self.provisions.iter().collect();
        order.sort_by(|a, b| natural_order(&a.provision, &b.provision));
        order
    }
}

/// Compares ids with runs of digits as numbers: `PS2` < `PS10`.
pub(crate) fn natural_order(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (trim_zeros(&a[..da]), trim_zeros(&b[..db]));
                let order = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if order != Ordering::Equal {
                    return order;
                }
                (a, b) = (&a[da..], &b[db..]);
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                (a, b) = (&a[1..], &b[1..]);
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&d| d == b'0').count();
    &digits[zeros..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_with_numbers_as_numbers() {
        let mut ids = vec![
            "PCID3_PTID3-10_PS1",
            "PCID3_PTID3-1_PS4",
            "PCID3_PTID3-2_PS1",
            "PCID10",
        ];
        ids.sort_by(|a, b| natural_order(a, b));
        assert_eq!(
            ids,
            [
                "PCID3_PTID3-1_PS4",
                "PCID3_PTID3-2_PS1",
                "PCID3_PTID3-10_PS1",
                "PCID10"
            ]
        );
        assert_eq!(natural_order("PS02", "PS2"), Ordering::Equal);
        assert_eq!(natural_order("PS", "PS1"), Ordering::Less);
    }

    #[test]
    fn the_file_reads_with_bristols_names_too() {
        let p: Package = serde_json::from_str(
            r#"{"needs": ["A"], "provisions": [
                {"provisionStatementId": "P1", "subAreaId": "s"},
                {"provision": "P2", "sub_area": "s", "funding": false}]}"#,
        )
        .unwrap();
        assert_eq!(p.need_statements, Some(vec!["A".to_owned()]));
        assert_eq!(p.provisions[0], Choice::new("P1", "s"));
        assert!(!p.provisions[1].funding);
        let e = serde_json::from_str::<Package>(r#"{"provision": []}"#).unwrap_err();
        assert!(e.to_string().contains("unknown field `provision`"), "{e}");
        let none: Package = serde_json::from_str(r#"{"provisions": []}"#).unwrap();
        assert_eq!(none.need_statements, None);
    }
}
