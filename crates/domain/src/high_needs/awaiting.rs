//! Children awaiting a specialist place: the provision sought and how long they have waited.
//!
//! Councils keep a list of children with a plan naming a type of specialist provision that no
//! setting has yet offered, and review it at an awaiting-placement panel (DESIGN.md, "Panel").
//! Days waiting are calendar days from the day the child was added to the list.

use chrono::NaiveDate;

use crate::codes::code_enum;

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
    fn days_waiting_counts_calendar_days() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(days_waiting(d("2026-09-01"), d("2026-09-01")), 0);
        assert_eq!(days_waiting(d("2026-09-01"), d("2026-10-01")), 30);
        assert_eq!(days_waiting(d("2026-12-31"), d("2027-03-01")), 60);
        assert_eq!(days_waiting(d("2026-09-02"), d("2026-09-01")), 0);
    }
}
