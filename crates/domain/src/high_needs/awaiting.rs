//! Children awaiting a specialist place: the provision sought and how long they have waited.
//!
//! Councils keep a list of children with a plan naming a type of specialist provision that no
//! setting has yet offered, and review it at an awaiting-placement panel (DESIGN.md, "Panel").
//! Days waiting are calendar days from the day the child was added to the list.

use chrono::NaiveDate;

use crate::codes::code_enum;
use crate::placement::PlacementCategory;

code_enum! {
    /// The kind of specialist place a child is waiting for.
    pub enum ProvisionSought: field "provision_sought" {
        ResourcedProvision = "resourced_provision" => "Resourced provision in a mainstream school",
        SenUnit = "sen_unit" => "SEN unit in a mainstream school",
        SpecialSchool = "special_school" => "Maintained special school or special academy",
        IndependentSpecial = "independent_special"
            => "Independent or non-maintained special school",
        AlternativeProvision = "alternative_provision"
            => "Alternative provision or pupil referral unit",
        SpecialistPost16 = "specialist_post_16" => "Specialist post-16 institution",
    }
}

impl ProvisionSought {
    /// Whether a placement in this category is the kind of place sought, so the child leaves
    /// the list when it is recorded. An interim place of another kind leaves them waiting.
    #[must_use]
    pub const fn is_met_by(self, category: PlacementCategory) -> bool {
        use PlacementCategory as C;
        match self {
            Self::ResourcedProvision => matches!(
                category,
                C::MainstreamLaMaintainedResourcedProvision
                    | C::MainstreamAcademyResourcedProvision
                    | C::MainstreamFreeSchoolResourcedProvision
            ),
            Self::SenUnit => matches!(
                category,
                C::MainstreamLaMaintainedSenUnit
                    | C::MainstreamAcademySenUnit
                    | C::MainstreamFreeSchoolSenUnit
            ),
            Self::SpecialSchool => {
                matches!(category, C::SpecialLaMaintained | C::SpecialAcademyFree)
            }
            Self::IndependentSpecial => {
                matches!(category, C::SpecialIndependent | C::SpecialNonMaintained)
            }
            Self::AlternativeProvision => matches!(
                category,
                C::ApPruAcademy | C::ApPruFreeSchool | C::ApPruLaMaintained
            ),
            Self::SpecialistPost16 => matches!(category, C::SpecialistPost16Institutions),
        }
    }
}

/// Calendar days from `since` to `on`: 0 on the day the child joined the list, never negative.
#[must_use]
pub fn days_waiting(since: NaiveDate, on: NaiveDate) -> i64 {
    (on - since).num_days().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::assert_code_set;

    #[test]
    fn the_provisions_are_a_code_set() {
        assert_code_set(
            &ProvisionSought::ALL,
            ProvisionSought::code,
            ProvisionSought::label,
        );
    }

    #[test]
    fn a_place_of_the_kind_sought_ends_the_wait() {
        use PlacementCategory as C;
        assert!(ProvisionSought::SpecialSchool.is_met_by(C::SpecialAcademyFree));
        assert!(!ProvisionSought::SpecialSchool.is_met_by(C::MainstreamAcademy));
        assert!(ProvisionSought::SenUnit.is_met_by(C::MainstreamAcademySenUnit));
        assert!(!ProvisionSought::SenUnit.is_met_by(C::MainstreamAcademyResourcedProvision));
        for sought in ProvisionSought::ALL {
            assert!(
                C::ALL.iter().any(|c| sought.is_met_by(*c)),
                "{sought} can be met"
            );
            assert!(!sought.is_met_by(C::OtherPlacementSettings));
        }
    }

    #[test]
    fn days_waiting_counts_calendar_days() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(days_waiting(d("2026-09-01"), d("2026-09-01")), 0);
        assert_eq!(days_waiting(d("2026-09-01"), d("2026-10-01")), 30);
        assert_eq!(days_waiting(d("2026-12-31"), d("2027-03-01")), 60);
        assert_eq!(days_waiting(d("2026-09-02"), d("2026-09-01")), 0);
    }
}
