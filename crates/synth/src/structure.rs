//! What is known about how placement, age and need go together, written as seed weights.
//!
//! The DfE publishes each marginal separately; these weights supply only the interaction, and
//! [`crate::ipf`] fits them to a council's published marginals. Two kinds of knowledge go in:
//!
//! * **Structural zeros**: ages a kind of placement cannot hold. FE colleges, specialist post-16
//!   institutions and other learning providers take young people from 16 (Education and Skills
//!   Act 2008: participation after compulsory school age); the `neet` categories are defined for
//!   16 to 25; `neet_other_csa` and elective home education are for children of compulsory school
//!   age (Education Act 1996 ss.7-8); non-maintained early years settings take the under-5s;
//!   mainstream and special schools take ages 2 to 19; alternative provision and pupil referral
//!   units serve compulsory school age.
//! * **Affinities**: multipliers on how likely a need is in a kind of setting, from the national
//!   picture the DfE describes each year (special schools serve most children with SLD, PMLD and
//!   MSI; SPLD and SLCN are mostly met in mainstream; SEMH dominates alternative provision;
//!   non-maintained special schools are often sensory specialists). They are deliberately coarse:
//!   IPF corrects every total to the council's own figures.

use domain::{PlacementCategory as C, PlacementGroup, SenType};

/// Which side of the end of compulsory schooling a 16-year-old must be on in a category.
///
/// Age at the January census does not settle it: a 16-year-old born in the autumn is still in
/// Year 11, one born after New Year is in Year 12.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Any,
    /// Year 11 or below.
    CompulsorySchoolAge,
    /// Year 12 or above.
    Post16,
}

/// The youngest and oldest age (whole years at the census) a category can hold.
pub const fn age_range(c: C) -> (u32, u32) {
    match c {
        C::MainstreamLaMaintained
        | C::MainstreamAcademy
        | C::MainstreamFreeSchool
        | C::MainstreamIndependent
        | C::SpecialLaMaintained
        | C::SpecialAcademyFree
        | C::SpecialIndependent
        | C::SpecialNonMaintained => (2, 19),
        // A unit or resourced provision starts with the school's nursery or reception class.
        C::MainstreamLaMaintainedResourcedProvision
        | C::MainstreamLaMaintainedSenUnit
        | C::MainstreamAcademyResourcedProvision
        | C::MainstreamAcademySenUnit
        | C::MainstreamFreeSchoolResourcedProvision
        | C::MainstreamFreeSchoolSenUnit => (3, 19),
        C::ApPruAcademy | C::ApPruFreeSchool | C::ApPruLaMaintained => (5, 16),
        C::GeneralFeTertiaryColleges | C::SpecialistPost16Institutions | C::UkrlpProvider => {
            (16, 25)
        }
        C::ElectiveHomeEducation | C::NeetOtherCsa => (5, 16),
        C::OtherArrangementsLa | C::OtherArrangementsParents | C::OtherSchools => (4, 25),
        C::OnlineProvider => (5, 19),
        C::WSettings => (2, 25),
        C::Neet | C::NeetNtci | C::NeetOther => (16, 25),
        // Early years settings are for the under-5s, but a summer-born child may stay until
        // compulsory school age (School Admissions Code 2.17), and the DfE counts a few
        // 5-year-olds there (the Isle of Wight's 113 early years placements exceed its 82 under-5s).
        C::NmEarlyYears => (0, 5),
        C::OtherPlacementSettings | C::PlacementUnknown => (0, 25),
    }
}

/// The stage a 16-year-old in this category must be at.
pub const fn stage(c: C) -> Stage {
    match c {
        C::GeneralFeTertiaryColleges
        | C::SpecialistPost16Institutions
        | C::UkrlpProvider
        | C::Neet
        | C::NeetNtci
        | C::NeetOther => Stage::Post16,
        C::ApPruAcademy
        | C::ApPruFreeSchool
        | C::ApPruLaMaintained
        | C::ElectiveHomeEducation
        | C::NeetOtherCsa => Stage::CompulsorySchoolAge,
        _ => Stage::Any,
    }
}

/// Whether the category holds children of age band `band` (0: under 3; `i`: age `i + 2`).
pub fn band_allowed(c: C, band: usize) -> bool {
    let (lo, hi) = age_range(c);
    if band == 0 {
        lo <= 2
    } else {
        let age = band as u32 + 2;
        (lo..=hi).contains(&age)
    }
}

fn is_unit_or_rp(c: C) -> bool {
    matches!(
        c,
        C::MainstreamLaMaintainedResourcedProvision
            | C::MainstreamLaMaintainedSenUnit
            | C::MainstreamAcademyResourcedProvision
            | C::MainstreamAcademySenUnit
            | C::MainstreamFreeSchoolResourcedProvision
            | C::MainstreamFreeSchoolSenUnit
    )
}

/// The seed weight of age band `band` in category `c`: zero outside the category's range, and
/// otherwise the rough shape of the age profile (primary and secondary years in schools, 16-19
/// in colleges, 19-25 in specialist post-16 institutions, young adults among the NEET).
pub fn age_seed(c: C, band: usize) -> f64 {
    if !band_allowed(c, band) {
        return 0.0;
    }
    let age = if band == 0 { 2 } else { band as u32 + 2 };
    let group = c.group();
    match (group, c) {
        (PlacementGroup::Mainstream, _) if is_unit_or_rp(c) => match age {
            3 => 0.1,
            4 => 0.6,
            5..=15 => 1.0,
            16..=18 => 0.2,
            _ => 0.02,
        },
        (PlacementGroup::Mainstream, _) => match age {
            0..=2 => 0.02,
            3 => 0.3,
            4 => 0.8,
            5..=10 => 1.0,
            11..=15 => 0.9,
            16..=17 => 0.35,
            18 => 0.2,
            _ => 0.03,
        },
        (PlacementGroup::Special, C::SpecialIndependent) => match age {
            0..=3 => 0.02,
            4..=10 => 0.5,
            11..=18 => 1.0,
            _ => 0.3,
        },
        (PlacementGroup::Special, _) => match age {
            0..=2 => 0.02,
            3 => 0.2,
            4 => 0.6,
            5..=15 => 1.0,
            16..=18 => 0.9,
            _ => 0.25,
        },
        (PlacementGroup::ApPru, _) => match age {
            5..=10 => 0.15,
            11 => 0.4,
            12..=15 => 1.0,
            _ => 0.3,
        },
        (_, C::GeneralFeTertiaryColleges) => match age {
            16..=17 => 1.0,
            18 => 0.9,
            19 => 0.7,
            20 => 0.4,
            21 => 0.25,
            _ => 0.1,
        },
        (_, C::SpecialistPost16Institutions) => match age {
            16..=18 => 0.6,
            19..=22 => 1.0,
            _ => 0.4,
        },
        (_, C::UkrlpProvider) => match age {
            16..=18 => 1.0,
            19..=21 => 0.8,
            _ => 0.4,
        },
        (_, C::ElectiveHomeEducation | C::NeetOtherCsa) => match age {
            5..=10 => 0.4,
            _ => 1.0,
        },
        (_, C::OtherArrangementsLa | C::OtherArrangementsParents | C::OtherSchools) => match age {
            4..=10 => 0.5,
            11..=16 => 1.0,
            17..=19 => 0.6,
            _ => 0.3,
        },
        (_, C::OnlineProvider) => match age {
            11..=16 => 1.0,
            _ => 0.4,
        },
        (_, C::WSettings) => match age {
            4..=18 => 1.0,
            _ => 0.3,
        },
        (_, C::Neet | C::NeetNtci | C::NeetOther) => match age {
            16..=17 => 0.3,
            _ => 1.0,
        },
        (_, C::NmEarlyYears) => match age {
            0..=3 => 1.0,
            4 => 0.5,
            _ => 0.01,
        },
        _ => {
            if band == 0 {
                0.5
            } else {
                1.0
            }
        }
    }
}

/// The affinity of primary need `need` (`None`: not recorded) for category `c`.
pub fn need_affinity(c: C, need: Option<SenType>) -> f64 {
    use SenType::*;
    let Some(need) = need else {
        // Whether a need was recorded says nothing about the setting.
        return 1.0;
    };
    let table: &[(SenType, f64)] = match c {
        _ if is_unit_or_rp(c) => &[
            (Asd, 1.8),
            (Hi, 2.0),
            (Msi, 0.8),
            (Oth, 0.8),
            (Pmld, 0.2),
            (Semh, 0.6),
            (Slcn, 1.8),
            (Sld, 0.5),
            (Spld, 0.8),
            (Vi, 1.3),
        ],
        C::MainstreamLaMaintained | C::MainstreamAcademy | C::MainstreamFreeSchool => &[
            (Msi, 0.5),
            (Pd, 1.1),
            (Pmld, 0.1),
            (Slcn, 1.6),
            (Sld, 0.25),
            (Spld, 2.0),
            (Vi, 1.1),
        ],
        C::MainstreamIndependent => &[
            (Asd, 1.3),
            (Mld, 0.6),
            (Pmld, 0.05),
            (Sld, 0.2),
            (Spld, 2.5),
        ],
        C::SpecialLaMaintained | C::SpecialAcademyFree => &[
            (Asd, 1.3),
            (Hi, 0.6),
            (Mld, 1.4),
            (Msi, 3.0),
            (Oth, 0.8),
            (Pd, 1.2),
            (Pmld, 6.0),
            (Semh, 0.8),
            (Slcn, 0.4),
            (Sld, 4.0),
            (Spld, 0.15),
            (Vi, 0.6),
        ],
        C::SpecialIndependent => &[
            (Asd, 1.8),
            (Mld, 0.5),
            (Semh, 2.0),
            (Slcn, 0.4),
            (Spld, 0.3),
        ],
        C::SpecialNonMaintained => &[
            (Hi, 4.0),
            (Vi, 4.0),
            (Msi, 5.0),
            (Pd, 2.0),
            (Asd, 1.2),
            (Pmld, 2.0),
            (Semh, 0.5),
            (Spld, 0.3),
            (Slcn, 0.6),
        ],
        C::ApPruAcademy | C::ApPruFreeSchool | C::ApPruLaMaintained => &[
            (Asd, 0.8),
            (Hi, 0.3),
            (Mld, 0.8),
            (Msi, 0.1),
            (Pd, 0.2),
            (Pmld, 0.02),
            (Semh, 6.0),
            (Slcn, 0.5),
            (Sld, 0.05),
            (Spld, 0.8),
            (Vi, 0.3),
        ],
        C::GeneralFeTertiaryColleges => &[
            (Mld, 1.4),
            (Pmld, 0.2),
            (Semh, 0.9),
            (Slcn, 0.8),
            (Sld, 0.5),
            (Spld, 1.5),
        ],
        C::SpecialistPost16Institutions => &[
            (Asd, 1.5),
            (Msi, 2.0),
            (Pmld, 3.0),
            (Semh, 0.8),
            (Sld, 3.0),
            (Spld, 0.2),
        ],
        C::UkrlpProvider => &[
            (Mld, 1.3),
            (Pmld, 0.1),
            (Semh, 1.3),
            (Sld, 0.4),
            (Spld, 1.3),
        ],
        C::ElectiveHomeEducation => &[(Asd, 1.6), (Pmld, 0.1), (Semh, 1.6), (Sld, 0.2)],
        C::OtherArrangementsLa | C::OtherArrangementsParents | C::OnlineProvider => {
            &[(Asd, 1.5), (Pmld, 0.3), (Semh, 2.0)]
        }
        C::OtherSchools => &[(Semh, 2.0)],
        C::Neet | C::NeetNtci | C::NeetOther | C::NeetOtherCsa => {
            &[(Asd, 1.2), (Mld, 1.2), (Pmld, 0.1), (Semh, 2.0), (Sld, 0.2)]
        }
        C::NmEarlyYears => &[
            (Asd, 1.5),
            (Hi, 1.2),
            (Mld, 0.3),
            (Msi, 1.5),
            (Pd, 1.5),
            (Pmld, 1.5),
            (Semh, 0.2),
            (Slcn, 3.0),
            (Spld, 0.02),
        ],
        _ => &[],
    };
    table
        .iter()
        .find(|(t, _)| *t == need)
        .map_or(1.0, |(_, w)| *w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structural_zeros_follow_the_rules() {
        for c in C::ALL {
            let (lo, hi) = age_range(c);
            assert!(lo <= hi && hi <= 25, "{c}");
            match c.group() {
                PlacementGroup::FurtherEducation => assert_eq!(lo, 16, "{c}"),
                PlacementGroup::EarlyYears => assert!(hi <= 5),
                PlacementGroup::Mainstream | PlacementGroup::Special => {
                    assert!(lo >= 2 && hi <= 19, "{c}")
                }
                _ => {}
            }
        }
        assert!(!band_allowed(C::GeneralFeTertiaryColleges, 13)); // age 15
        assert!(band_allowed(C::GeneralFeTertiaryColleges, 14)); // age 16
        assert!(band_allowed(C::NmEarlyYears, 0));
        assert!(!band_allowed(C::NmEarlyYears, 4)); // age 6
        assert_eq!(age_seed(C::Neet, 13), 0.0);
        assert_eq!(age_range(C::NeetOtherCsa), (5, 16));
        assert_eq!(stage(C::NeetOtherCsa), Stage::CompulsorySchoolAge);
    }

    #[test]
    fn affinities_point_the_right_way() {
        let special = |n| need_affinity(C::SpecialLaMaintained, Some(n));
        let main = |n| need_affinity(C::MainstreamAcademy, Some(n));
        for n in [SenType::Sld, SenType::Pmld, SenType::Msi] {
            assert!(special(n) > 2.0 * main(n), "{n}");
        }
        for n in [SenType::Spld, SenType::Slcn] {
            assert!(main(n) > special(n), "{n}");
        }
        assert!(need_affinity(C::ApPruLaMaintained, Some(SenType::Semh)) > 3.0);
        assert_eq!(need_affinity(C::ApPruLaMaintained, None), 1.0);
    }
}
