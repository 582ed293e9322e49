//! Where a child with an EHC plan is educated, in the categories the DfE publishes.
//!
//! The DfE's EHC plan statistics (`la_caseload_by_placement_2025.csv`, from the SEN2 caseload
//! tables) count plans by the type of setting attended, in leaf columns that add up to seven
//! totals. Recording each placement directly in those categories means a council's own counts can
//! be laid beside the national and statistical-neighbour figures without a hand-made mapping.
//! Settings are described by [`SettingType`] (and [`SenProvisionKind`] for a SEN unit or resourced
//! provision); placements without a URN or UKPRN by a SEN2 [`SenSetting`]. Both map to a
//! [`PlacementCategory`].

use crate::codes::code_enum;
use crate::sen2::SenSetting;

code_enum! {
    /// One of the seven DfE placement totals; the leaf categories add up to these.
    ///
    /// `ehc_plans = mainstream_total + special_total + ap_pru_total + fe_total + ed_elsewhere +
    /// nm_early_years + placement_unknown` (DfE EHC plan statistics, placement breakdown).
    pub enum PlacementGroup: field "placement_group" {
        Mainstream = "mainstream_total" => "Mainstream schools",
        Special = "special_total" => "Special schools",
        ApPru = "ap_pru_total" => "Alternative provision and pupil referral units",
        FurtherEducation = "fe_total" => "Further education",
        EducatedElsewhere = "ed_elsewhere" => "Educated elsewhere",
        EarlyYears = "nm_early_years" => "Non-maintained early years settings",
        Unknown = "placement_unknown" => "Placement not recorded",
    }
}

impl PlacementGroup {
    /// The total column in the DfE placement file (the same string as `code()`).
    #[must_use]
    pub const fn column(self) -> &'static str {
        self.code()
    }
}

code_enum! {
    /// A placement category: one leaf column of the DfE placement breakdown.
    ///
    /// The code is exactly the column name in `la_caseload_by_placement_2025.csv`. The four
    /// `neet*` columns are separate categories, not a breakdown of `neet`.
    pub enum PlacementCategory: field "placement_category" {
        MainstreamLaMaintained = "mainstream_la_maintained" => "Mainstream LA maintained school",
        MainstreamLaMaintainedResourcedProvision = "mainstream_la_maintained_resourced_provision"
            => "Resourced provision in a mainstream LA maintained school",
        MainstreamLaMaintainedSenUnit = "mainstream_la_maintained_senunit"
            => "SEN unit in a mainstream LA maintained school",
        MainstreamAcademy = "mainstream_academy" => "Mainstream academy",
        MainstreamAcademyResourcedProvision = "mainstream_academy_resourced_provision"
            => "Resourced provision in a mainstream academy",
        MainstreamAcademySenUnit = "mainstream_academy_senunit" => "SEN unit in a mainstream academy",
        MainstreamFreeSchool = "mainstream_free_school" => "Mainstream free school",
        MainstreamFreeSchoolResourcedProvision = "mainstream_free_school_resourced_provision"
            => "Resourced provision in a mainstream free school",
        MainstreamFreeSchoolSenUnit = "mainstream_free_school_senunit"
            => "SEN unit in a mainstream free school",
        MainstreamIndependent = "mainstream_independent" => "Mainstream independent school",
        SpecialLaMaintained = "special_la_maintained" => "LA maintained special school",
        SpecialAcademyFree = "special_academy_free" => "Special academy or free school",
        SpecialIndependent = "special_independent" => "Independent special school",
        SpecialNonMaintained = "special_non_maintained" => "Non-maintained special school",
        ApPruAcademy = "ap_pru_academy" => "Alternative provision academy",
        ApPruFreeSchool = "ap_pru_free_school" => "Alternative provision free school",
        ApPruLaMaintained = "ap_pru_la_maintained" => "Pupil referral unit (LA maintained)",
        GeneralFeTertiaryColleges = "general_fe_tertiary_colleges"
            => "General FE, tertiary or sixth-form college",
        SpecialistPost16Institutions = "specialist_post_16_institutions"
            => "Specialist post-16 institution",
        UkrlpProvider = "ukrlp_provider" => "Other provider on the UK Register of Learning Providers",
        ElectiveHomeEducation = "elective_home_education" => "Elective home education",
        OtherArrangementsLa = "other_arrangements_la" => "Other arrangements made by the LA",
        OtherArrangementsParents = "other_arrangements_parents" => "Other arrangements made by parents",
        OnlineProvider = "online_provider" => "Online provider",
        WSettings = "w_settings" => "School or establishment in Wales",
        OtherSchools = "other_schools"
            => "Other school (service children's education, secure unit, British school overseas and similar)",
        OtherPlacementSettings = "other_placement_settings"
            => "Other placement (awaiting provision, out of provision, setting type without a setting)",
        Neet = "neet" => "Not in education, employment or training",
        NeetNtci = "neet_ntci" => "Not in education or training: notice to cease issued",
        NeetOther = "neet_other" => "Not in education or training: other age groups",
        NeetOtherCsa = "neet_other_csa" => "Not in education or training: compulsory school age",
        NmEarlyYears = "nm_early_years" => "Non-maintained early years setting",
        PlacementUnknown = "placement_unknown" => "Placement not recorded",
    }
}

impl PlacementCategory {
    /// The leaf column in the DfE placement file (the same string as `code()`).
    #[must_use]
    pub const fn column(self) -> &'static str {
        self.code()
    }

    /// The DfE total this category is counted in.
    #[must_use]
    pub const fn group(self) -> PlacementGroup {
        use PlacementCategory as C;
        match self {
            C::MainstreamLaMaintained
            | C::MainstreamLaMaintainedResourcedProvision
            | C::MainstreamLaMaintainedSenUnit
            | C::MainstreamAcademy
            | C::MainstreamAcademyResourcedProvision
            | C::MainstreamAcademySenUnit
            | C::MainstreamFreeSchool
            | C::MainstreamFreeSchoolResourcedProvision
            | C::MainstreamFreeSchoolSenUnit
            | C::MainstreamIndependent => PlacementGroup::Mainstream,
            C::SpecialLaMaintained
            | C::SpecialAcademyFree
            | C::SpecialIndependent
            | C::SpecialNonMaintained => PlacementGroup::Special,
            C::ApPruAcademy | C::ApPruFreeSchool | C::ApPruLaMaintained => PlacementGroup::ApPru,
            C::GeneralFeTertiaryColleges | C::SpecialistPost16Institutions | C::UkrlpProvider => {
                PlacementGroup::FurtherEducation
            }
            C::ElectiveHomeEducation
            | C::OtherArrangementsLa
            | C::OtherArrangementsParents
            | C::OnlineProvider
            | C::WSettings
            | C::OtherSchools
            | C::OtherPlacementSettings
            | C::Neet
            | C::NeetNtci
            | C::NeetOther
            | C::NeetOtherCsa => PlacementGroup::EducatedElsewhere,
            C::NmEarlyYears => PlacementGroup::EarlyYears,
            C::PlacementUnknown => PlacementGroup::Unknown,
        }
    }

    /// The category of a placement at a setting with a URN or UKPRN.
    ///
    /// The DfE splits out SEN units and resourced provisions only for LA maintained, academy and
    /// free-school mainstream schools, so `provision` is ignored for every other setting type
    /// (an independent school's unit is counted as the school).
    #[must_use]
    pub const fn for_setting(setting: SettingType, provision: Option<SenProvisionKind>) -> Self {
        use SenProvisionKind::{ResourcedProvision as Rp, SenUnit as Unit};
        use SettingType as S;
        match (setting, provision) {
            (S::MainstreamLaMaintained, None) => Self::MainstreamLaMaintained,
            (S::MainstreamLaMaintained, Some(Rp)) => Self::MainstreamLaMaintainedResourcedProvision,
            (S::MainstreamLaMaintained, Some(Unit)) => Self::MainstreamLaMaintainedSenUnit,
            (S::MainstreamAcademy, None) => Self::MainstreamAcademy,
            (S::MainstreamAcademy, Some(Rp)) => Self::MainstreamAcademyResourcedProvision,
            (S::MainstreamAcademy, Some(Unit)) => Self::MainstreamAcademySenUnit,
            (S::MainstreamFreeSchool, None) => Self::MainstreamFreeSchool,
            (S::MainstreamFreeSchool, Some(Rp)) => Self::MainstreamFreeSchoolResourcedProvision,
            (S::MainstreamFreeSchool, Some(Unit)) => Self::MainstreamFreeSchoolSenUnit,
            (S::MainstreamIndependent, _) => Self::MainstreamIndependent,
            (S::SpecialLaMaintained, _) => Self::SpecialLaMaintained,
            (S::SpecialAcademyFree, _) => Self::SpecialAcademyFree,
            (S::SpecialIndependent, _) => Self::SpecialIndependent,
            (S::SpecialNonMaintained, _) => Self::SpecialNonMaintained,
            (S::ApAcademy, _) => Self::ApPruAcademy,
            (S::ApFreeSchool, _) => Self::ApPruFreeSchool,
            (S::PupilReferralUnit, _) => Self::ApPruLaMaintained,
            (S::GeneralFe, _) => Self::GeneralFeTertiaryColleges,
            (S::SpecialistPost16, _) => Self::SpecialistPost16Institutions,
            (S::OtherProvider, _) => Self::UkrlpProvider,
            (S::EarlyYears, _) => Self::NmEarlyYears,
        }
    }

    /// The category of a placement recorded by SEN2 `SENsetting` (no URN or UKPRN).
    ///
    /// `NIEO` ("not in education, other") is split by the DfE into compulsory school age
    /// (`neet_other_csa`) and other ages (`neet_other`). Without the child's age this returns
    /// `neet_other`; use [`Self::for_sen_setting_by_age`] when the age is known. `OTH` goes to
    /// `other_placement_settings`, the DfE's bucket for settings named by type only.
    #[must_use]
    pub const fn for_sen_setting(setting: SenSetting) -> Self {
        Self::for_sen_setting_by_age(setting, false)
    }

    /// As [`Self::for_sen_setting`], placing `NIEO` in `neet_other_csa` when the child is of
    /// compulsory school age (Education Act 1996 s.8).
    #[must_use]
    pub const fn for_sen_setting_by_age(setting: SenSetting, compulsory_school_age: bool) -> Self {
        match setting {
            SenSetting::Ola => Self::OtherArrangementsLa,
            SenSetting::Opa => Self::OtherArrangementsParents,
            SenSetting::Ehe => Self::ElectiveHomeEducation,
            SenSetting::Eyp => Self::NmEarlyYears,
            SenSetting::Oth => Self::OtherPlacementSettings,
            SenSetting::Neet => Self::Neet,
            SenSetting::Niec => Self::NeetNtci,
            SenSetting::Nieo if compulsory_school_age => Self::NeetOtherCsa,
            SenSetting::Nieo => Self::NeetOther,
        }
    }
}

code_enum! {
    /// The type of a setting (school, college or provider), as far as high needs work needs it.
    ///
    /// Based on the GIAS establishment types, grouped as the DfE placement statistics group them.
    pub enum SettingType: field "setting_type" {
        MainstreamLaMaintained = "mainstream_la_maintained"
            => "Mainstream school maintained by the local authority",
        MainstreamAcademy = "mainstream_academy" => "Mainstream academy",
        MainstreamFreeSchool = "mainstream_free_school" => "Mainstream free school",
        MainstreamIndependent = "mainstream_independent" => "Mainstream independent school",
        SpecialLaMaintained = "special_la_maintained"
            => "Special school maintained by the local authority",
        SpecialAcademyFree = "special_academy_free" => "Special academy or free school",
        SpecialIndependent = "special_independent" => "Independent special school",
        SpecialNonMaintained = "special_non_maintained" => "Non-maintained special school",
        ApAcademy = "ap_academy" => "Alternative provision academy",
        ApFreeSchool = "ap_free_school" => "Alternative provision free school",
        PupilReferralUnit = "pupil_referral_unit" => "Pupil referral unit",
        GeneralFe = "general_fe" => "General FE, tertiary or sixth-form college",
        SpecialistPost16 = "specialist_post_16" => "Specialist post-16 institution",
        OtherProvider = "other_provider" => "Other provider on the UK Register of Learning Providers",
        EarlyYears = "early_years" => "Early years provider",
    }
}

/// Which national register identifies a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingIdentifier {
    /// Unique Reference Number from Get Information about Schools (schools) or Ofsted (early years).
    Urn,
    /// UK Provider Reference Number from the UK Register of Learning Providers.
    Ukprn,
}

impl SettingType {
    /// Whether SEN2 identifies a placement at this setting by URN or by UKPRN.
    ///
    /// Schools and early-years providers have URNs; colleges, specialist post-16 institutions
    /// and other learning providers are reported by UKPRN (SEN2 modules 4b and 5b carry both
    /// fields, and post-16 providers are known to the ESFA by UKPRN).
    #[must_use]
    pub const fn urn_or_ukprn(self) -> SettingIdentifier {
        match self {
            Self::GeneralFe | Self::SpecialistPost16 | Self::OtherProvider => {
                SettingIdentifier::Ukprn
            }
            _ => SettingIdentifier::Urn,
        }
    }

    /// Whether a SEN unit or resourced provision at this setting is counted separately by the DfE.
    #[must_use]
    pub const fn has_counted_sen_provision(self) -> bool {
        matches!(
            self,
            Self::MainstreamLaMaintained | Self::MainstreamAcademy | Self::MainstreamFreeSchool
        )
    }
}

code_enum! {
    /// Specialist provision attached to a mainstream school (SEN2 `SENunitIndicator` and
    /// `ResourcedProvisionIndicator`).
    ///
    /// Resourced provision: places reserved for pupils with a particular type of need, taught
    /// mainly in mainstream classes. SEN unit: pupils taught mainly in separate classes. Both are
    /// described in the DfE high needs operational guidance.
    pub enum SenProvisionKind: field "sen_provision" {
        SenUnit = "sen_unit" => "SEN unit",
        ResourcedProvision = "resourced_provision" => "Resourced provision",
    }
}

code_enum! {
    /// The phase of education a setting provides (after the GIAS phase of education).
    pub enum Phase: field "phase" {
        EarlyYears = "early_years" => "Early years",
        Primary = "primary" => "Primary",
        Middle = "middle" => "Middle",
        Secondary = "secondary" => "Secondary",
        AllThrough = "all_through" => "All-through",
        Post16 = "post_16" => "16 plus",
        NotApplicable = "not_applicable" => "Not applicable",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::codes::assert_code_set;

    const PLACEMENT_HEADER: &str = "year,geographic_level,area_code,area_name,region_code,\
region_name,new_la_code,old_la_code,la_name,ehc_plans,mainstream_la_maintained,\
mainstream_la_maintained_resourced_provision,mainstream_la_maintained_senunit,mainstream_academy,\
mainstream_academy_resourced_provision,mainstream_academy_senunit,mainstream_free_school,\
mainstream_free_school_resourced_provision,mainstream_free_school_senunit,mainstream_independent,\
mainstream_total,special_la_maintained,special_academy_free,special_independent,\
special_non_maintained,special_total,ap_pru_academy,ap_pru_free_school,ap_pru_la_maintained,\
ap_pru_total,general_fe_tertiary_colleges,specialist_post_16_institutions,ukrlp_provider,fe_total,\
elective_home_education,other_arrangements_la,other_arrangements_parents,online_provider,\
w_settings,other_schools,other_placement_settings,neet,neet_ntci,neet_other,neet_other_csa,\
ed_elsewhere,nm_early_years,placement_unknown,placement_sum,notes";

    #[test]
    fn code_sets_are_consistent() {
        assert_code_set(
            &PlacementGroup::ALL,
            PlacementGroup::code,
            PlacementGroup::label,
        );
        assert_code_set(
            &PlacementCategory::ALL,
            PlacementCategory::code,
            PlacementCategory::label,
        );
        assert_code_set(&SettingType::ALL, SettingType::code, SettingType::label);
        assert_code_set(
            &SenProvisionKind::ALL,
            SenProvisionKind::code,
            SenProvisionKind::label,
        );
        assert_code_set(&Phase::ALL, Phase::code, Phase::label);
    }

    /// Walks the DfE header: each leaf column belongs to the next total column to its right,
    /// except `nm_early_years` and `placement_unknown`, which are their own totals.
    #[test]
    fn categories_are_exactly_the_leaf_columns_in_their_groups() {
        let columns: Vec<&str> = PLACEMENT_HEADER.split(',').collect();
        let start = columns.iter().position(|c| *c == "ehc_plans").unwrap() + 1;
        let end = columns.iter().position(|c| *c == "placement_sum").unwrap();
        let mut pending = Vec::new();
        let mut seen = HashSet::new();
        for &column in &columns[start..end] {
            if let Ok(group) = column.parse::<PlacementGroup>() {
                if group == PlacementGroup::EarlyYears || group == PlacementGroup::Unknown {
                    let category: PlacementCategory = column.parse().unwrap();
                    assert_eq!(category.group(), group);
                    seen.insert(category);
                }
                for category in pending.drain(..) {
                    assert_eq!(PlacementCategory::group(category), group, "{category}");
                }
            } else {
                let category: PlacementCategory = column.parse().unwrap();
                assert_eq!(category.column(), column);
                seen.insert(category);
                pending.push(category);
            }
        }
        assert!(pending.is_empty());
        assert_eq!(seen.len(), PlacementCategory::ALL.len());
        for group in PlacementGroup::ALL {
            assert!(columns.contains(&group.column()), "{group}");
        }
    }

    #[test]
    fn settings_map_to_their_category() {
        use PlacementCategory as C;
        let rp = Some(SenProvisionKind::ResourcedProvision);
        let unit = Some(SenProvisionKind::SenUnit);
        assert_eq!(
            C::for_setting(SettingType::MainstreamAcademy, None),
            C::MainstreamAcademy
        );
        assert_eq!(
            C::for_setting(SettingType::MainstreamAcademy, rp),
            C::MainstreamAcademyResourcedProvision
        );
        assert_eq!(
            C::for_setting(SettingType::MainstreamLaMaintained, unit),
            C::MainstreamLaMaintainedSenUnit
        );
        assert_eq!(
            C::for_setting(SettingType::MainstreamFreeSchool, rp),
            C::MainstreamFreeSchoolResourcedProvision
        );
        assert_eq!(
            C::for_setting(SettingType::MainstreamIndependent, unit),
            C::MainstreamIndependent
        );
        assert_eq!(
            C::for_setting(SettingType::SpecialLaMaintained, rp),
            C::SpecialLaMaintained
        );
        assert_eq!(
            C::for_setting(SettingType::PupilReferralUnit, None),
            C::ApPruLaMaintained
        );
        assert_eq!(
            C::for_setting(SettingType::OtherProvider, None),
            C::UkrlpProvider
        );
        assert_eq!(
            C::for_setting(SettingType::EarlyYears, None),
            C::NmEarlyYears
        );
    }

    #[test]
    fn provision_is_split_out_only_where_the_dfe_counts_it() {
        for setting in SettingType::ALL {
            let plain = PlacementCategory::for_setting(setting, None);
            for kind in SenProvisionKind::ALL {
                let with = PlacementCategory::for_setting(setting, Some(kind));
                assert_eq!(
                    with != plain,
                    setting.has_counted_sen_provision(),
                    "{setting} {kind}"
                );
                assert_eq!(with.group(), plain.group());
            }
        }
    }

    #[test]
    fn sen_settings_map_to_educated_elsewhere_or_early_years() {
        use PlacementCategory as C;
        for setting in SenSetting::ALL {
            let group = C::for_sen_setting(setting).group();
            let expected = if setting == SenSetting::Eyp {
                PlacementGroup::EarlyYears
            } else {
                PlacementGroup::EducatedElsewhere
            };
            assert_eq!(group, expected, "{setting}");
        }
        assert_eq!(C::for_sen_setting(SenSetting::Nieo), C::NeetOther);
        assert_eq!(
            C::for_sen_setting_by_age(SenSetting::Nieo, true),
            C::NeetOtherCsa
        );
        assert_eq!(
            C::for_sen_setting_by_age(SenSetting::Niec, true),
            C::NeetNtci
        );
        assert_eq!(
            C::for_sen_setting(SenSetting::Oth),
            C::OtherPlacementSettings
        );
    }

    #[test]
    fn post_16_providers_use_ukprn() {
        assert_eq!(
            SettingType::GeneralFe.urn_or_ukprn(),
            SettingIdentifier::Ukprn
        );
        assert_eq!(
            SettingType::OtherProvider.urn_or_ukprn(),
            SettingIdentifier::Ukprn
        );
        assert_eq!(
            SettingType::SpecialIndependent.urn_or_ukprn(),
            SettingIdentifier::Urn
        );
        assert_eq!(
            SettingType::EarlyYears.urn_or_ukprn(),
            SettingIdentifier::Urn
        );
    }
}
