//! What a placement costs the high needs block, and where that cost is counted.
//!
//! A placement is a child in a setting from a date. Its annual costs are place funding (set by
//! the type of place), top-up (element 3), fees for an independent place, and home to school
//! transport where recorded (`reference/funding.md`, "The three elements"). Each cost rolls up
//! to one budget line: the section 251 high needs categories by setting type, so finance
//! officers read committed cost by line and by financial year ([`commitment`]). Children waiting
//! for a specialist place are listed with the provision sought ([`awaiting`]). A top-up award
//! is paid to the school termly or monthly, pro rata to the days funded in each period
//! ([`payments`]). The DSG management plan's tables come from the casework and the forecast
//! ([`dsg_plan`]: plans by category, age group and need; [`dsg_finance`]: the high needs
//! block's income, expenditure and in-year position by year; [`dsg_blocks`]: the other funding
//! blocks as the finance officer records them; [`dsg_summary`]: every block, the DSG total and
//! the cumulative DSG balance).

pub mod awaiting;
pub mod budget;
pub mod commitment;
pub mod dsg_blocks;
pub mod dsg_finance;
pub mod dsg_plan;
pub mod dsg_summary;
pub mod mitigation;
pub mod payments;

use crate::codes::code_enum;
use crate::money::Pence;
use crate::placement::{PlacementCategory, PlacementGroup};

pub use awaiting::{ProvisionSought, days_waiting};
pub use commitment::{
    AnnualCosts, Commitment, CostedPlacement, committed_between, committed_by_line,
    days_placed_in_year, days_running_between, pro_rata_to_year,
};
pub use payments::{Funding, Payment, PaymentFrequency, PaymentPeriod, periods_between, schedule};

code_enum! {
    /// A high needs budget line: the section 251 high needs categories (lines 1.2.1 to 1.2.6
    /// of the DfE's s251 budget and outturn returns) split by setting type, as councils report
    /// top-ups to their Schools Forum and in the DSG management plan.
    ///
    /// Home to school transport is paid from the council's general fund, not the high needs
    /// block, so it has its own line and is never added into a high needs total.
    pub enum BudgetLine: field "budget_line" {
        TopUpMainstream = "top_up_mainstream"
            => "Top-up: mainstream schools and academies",
        TopUpResourcedProvision = "top_up_resourced_provision"
            => "Top-up: resourced provision and SEN units",
        TopUpSpecialMaintained = "top_up_special_maintained"
            => "Top-up: maintained special schools",
        TopUpSpecialAcademy = "top_up_special_academy"
            => "Top-up: special academies and free schools",
        TopUpFurtherEducation = "top_up_further_education"
            => "Top-up: further education colleges",
        TopUpEarlyYears = "top_up_early_years" => "Top-up: early years providers",
        IndependentNonMaintained = "independent_non_maintained"
            => "Independent and non-maintained special schools, and independent schools",
        AlternativeProvision = "alternative_provision"
            => "Alternative provision and pupil referral units",
        Post16 = "post_16" => "Post-16: specialist post-16 institutions and other providers",
        HospitalEducation = "hospital_education" => "Hospital education",
        OtherArrangements = "other_arrangements"
            => "Education otherwise than at school and other arrangements",
        Transport = "transport"
            => "Home to school transport (general fund, outside the high needs block)",
    }
}

impl BudgetLine {
    /// Whether costs on this line are paid from the high needs block (all but transport).
    #[must_use]
    pub const fn is_high_needs(self) -> bool {
        !matches!(self, Self::Transport)
    }

    /// The line a placement's place funding, top-up and fees are counted in.
    ///
    /// Resourced provision and SEN units have their own line, whatever the school's type, as
    /// the DfE's placement statistics split them out. Independent mainstream schools sit with
    /// independent and non-maintained special schools: s251 line 1.2.3 ("top-up and other
    /// funding: non-maintained and independent providers"). A child taught by the hospital
    /// education service is counted on s251 line 1.2.6 whatever their home setting.
    #[must_use]
    pub const fn for_placement(category: PlacementCategory, hospital_education: bool) -> Self {
        use PlacementCategory as C;
        if hospital_education {
            return Self::HospitalEducation;
        }
        match category {
            C::MainstreamLaMaintained | C::MainstreamAcademy | C::MainstreamFreeSchool => {
                Self::TopUpMainstream
            }
            C::MainstreamLaMaintainedResourcedProvision
            | C::MainstreamLaMaintainedSenUnit
            | C::MainstreamAcademyResourcedProvision
            | C::MainstreamAcademySenUnit
            | C::MainstreamFreeSchoolResourcedProvision
            | C::MainstreamFreeSchoolSenUnit => Self::TopUpResourcedProvision,
            C::SpecialLaMaintained => Self::TopUpSpecialMaintained,
            C::SpecialAcademyFree => Self::TopUpSpecialAcademy,
            C::MainstreamIndependent | C::SpecialIndependent | C::SpecialNonMaintained => {
                Self::IndependentNonMaintained
            }
            C::ApPruAcademy | C::ApPruFreeSchool | C::ApPruLaMaintained => {
                Self::AlternativeProvision
            }
            C::GeneralFeTertiaryColleges => Self::TopUpFurtherEducation,
            C::SpecialistPost16Institutions | C::UkrlpProvider => Self::Post16,
            C::NmEarlyYears => Self::TopUpEarlyYears,
            _ => Self::OtherArrangements,
        }
    }
}

/// Place funding a year for one place of this category (`reference/funding.md`, "Place
/// funding"): £10,000 in maintained special schools, special academies and free schools,
/// non-maintained special schools and pre-16 alternative provision or PRUs; £6,000 in SEN
/// units, resourced provision and further education. Mainstream places have none (the first
/// £6,000 is element 2 from the school's notional SEN budget) and independent schools charge
/// fees instead, so both are zero, as is every other arrangement.
#[must_use]
pub const fn place_funding(category: PlacementCategory) -> Pence {
    use PlacementCategory as C;
    match category {
        C::SpecialLaMaintained
        | C::SpecialAcademyFree
        | C::SpecialNonMaintained
        | C::ApPruAcademy
        | C::ApPruFreeSchool
        | C::ApPruLaMaintained => Pence::from_pounds(10_000),
        C::MainstreamLaMaintainedResourcedProvision
        | C::MainstreamLaMaintainedSenUnit
        | C::MainstreamAcademyResourcedProvision
        | C::MainstreamAcademySenUnit
        | C::MainstreamFreeSchoolResourcedProvision
        | C::MainstreamFreeSchoolSenUnit => Pence::from_pounds(6_000),
        _ if matches!(category.group(), PlacementGroup::FurtherEducation) => {
            Pence::from_pounds(6_000)
        }
        _ => Pence::ZERO,
    }
}

/// Whether a placement of this category may carry fees: independent schools charge fees
/// agreed per placement instead of place funding (`reference/funding.md`); every other
/// setting is paid place funding and top-up.
#[must_use]
pub const fn charges_fees(category: PlacementCategory) -> bool {
    matches!(
        category,
        PlacementCategory::SpecialIndependent | PlacementCategory::MainstreamIndependent
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::assert_code_set;
    use crate::placement::{SenProvisionKind, SettingType};

    #[test]
    fn the_lines_are_a_code_set() {
        assert_code_set(&BudgetLine::ALL, BudgetLine::code, BudgetLine::label);
        assert!(!BudgetLine::Transport.is_high_needs());
        assert!(BudgetLine::HospitalEducation.is_high_needs());
    }

    #[test]
    fn place_funding_follows_funding_md() {
        let cost = |t, p| place_funding(PlacementCategory::for_setting(t, p));
        let ten = Pence::from_pounds(10_000);
        let six = Pence::from_pounds(6_000);
        assert_eq!(cost(SettingType::SpecialLaMaintained, None), ten);
        assert_eq!(cost(SettingType::SpecialAcademyFree, None), ten);
        assert_eq!(cost(SettingType::SpecialNonMaintained, None), ten);
        assert_eq!(cost(SettingType::PupilReferralUnit, None), ten);
        assert_eq!(cost(SettingType::ApAcademy, None), ten);
        let unit = Some(SenProvisionKind::SenUnit);
        let rp = Some(SenProvisionKind::ResourcedProvision);
        assert_eq!(cost(SettingType::MainstreamAcademy, unit), six);
        assert_eq!(cost(SettingType::MainstreamLaMaintained, rp), six);
        assert_eq!(cost(SettingType::GeneralFe, None), six);
        assert_eq!(cost(SettingType::SpecialistPost16, None), six);
        assert_eq!(cost(SettingType::MainstreamAcademy, None), Pence::ZERO);
        assert_eq!(cost(SettingType::SpecialIndependent, None), Pence::ZERO);
        assert_eq!(cost(SettingType::EarlyYears, None), Pence::ZERO);
    }

    #[test]
    fn only_independent_places_charge_fees() {
        for category in PlacementCategory::ALL {
            let independent = matches!(
                category,
                PlacementCategory::SpecialIndependent | PlacementCategory::MainstreamIndependent
            );
            assert_eq!(charges_fees(category), independent, "{category}");
            if independent {
                assert_eq!(place_funding(category), Pence::ZERO, "{category}");
            }
        }
    }

    #[test]
    fn every_category_has_a_high_needs_line() {
        use BudgetLine as L;
        use PlacementCategory as C;
        for category in C::ALL {
            assert!(BudgetLine::for_placement(category, false).is_high_needs());
            assert_eq!(
                BudgetLine::for_placement(category, true),
                L::HospitalEducation
            );
        }
        let line = |c| BudgetLine::for_placement(c, false);
        assert_eq!(line(C::MainstreamAcademy), L::TopUpMainstream);
        assert_eq!(
            line(C::MainstreamAcademySenUnit),
            L::TopUpResourcedProvision
        );
        assert_eq!(line(C::SpecialLaMaintained), L::TopUpSpecialMaintained);
        assert_eq!(line(C::SpecialAcademyFree), L::TopUpSpecialAcademy);
        assert_eq!(line(C::SpecialIndependent), L::IndependentNonMaintained);
        assert_eq!(line(C::SpecialNonMaintained), L::IndependentNonMaintained);
        assert_eq!(line(C::MainstreamIndependent), L::IndependentNonMaintained);
        assert_eq!(line(C::ApPruLaMaintained), L::AlternativeProvision);
        assert_eq!(line(C::GeneralFeTertiaryColleges), L::TopUpFurtherEducation);
        assert_eq!(line(C::SpecialistPost16Institutions), L::Post16);
        assert_eq!(line(C::NmEarlyYears), L::TopUpEarlyYears);
        assert_eq!(line(C::ElectiveHomeEducation), L::OtherArrangements);
    }
}
