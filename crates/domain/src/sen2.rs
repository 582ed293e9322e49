//! SEN2 code sets: the closed lists of codes the statutory SEN2 return uses.
//!
//! SEN2 is the person-level return every council in England makes to the DfE each January about
//! children and young people with EHC plans. Its data items and their code sets are defined in the
//! DfE Common Basic Data Set (CBDS) and change by numbered change requests; the codes below follow
//! the CBDS lists as used by SEN2 (see `reference/sen2.md`). Casework stores these codes directly,
//! so the return is built from the records people actually work with rather than a mapped copy.

use std::collections::HashSet;

use crate::FieldError;
use crate::codes::code_enum;

code_enum! {
    /// Type of special educational need (SEN2 `SENtype`, CBDS "SEN type").
    ///
    /// A plan records up to two, ranked 1 (primary) and 2 (secondary): see
    /// [`validate_need_ranks`]. `DS` (Down syndrome) was added to the code set for 2025.
    pub enum SenType: field "sen_type" {
        Spld = "SPLD" => "Specific learning difficulty",
        Mld = "MLD" => "Moderate learning difficulty",
        Sld = "SLD" => "Severe learning difficulty",
        Pmld = "PMLD" => "Profound and multiple learning difficulty",
        Semh = "SEMH" => "Social, emotional and mental health",
        Slcn = "SLCN" => "Speech, language and communication needs",
        Hi = "HI" => "Hearing impairment",
        Vi = "VI" => "Vision impairment",
        Msi = "MSI" => "Multi-sensory impairment",
        Pd = "PD" => "Physical disability",
        Asd = "ASD" => "Autistic spectrum disorder",
        Oth = "OTH" => "Other difficulty or disability",
        Ds = "DS" => "Down syndrome",
    }
}

impl SenType {
    /// The column for this need in the DfE statistics file `la_caseload_by_need_2025.csv`.
    ///
    /// The published statistics have no Down syndrome column: the DfE counts plans whose primary
    /// need is Down syndrome under "other difficulty/disability", so `DS` maps to `"oth"` and our
    /// own figures stay comparable with the national ones.
    #[must_use]
    pub const fn dfe_column(self) -> &'static str {
        match self {
            Self::Spld => "spld",
            Self::Mld => "mld",
            Self::Sld => "sld",
            Self::Pmld => "pmld",
            Self::Semh => "semh",
            Self::Slcn => "slcn",
            Self::Hi => "hi",
            Self::Vi => "vi",
            Self::Msi => "msi",
            Self::Pd => "pd",
            Self::Asd => "asd",
            Self::Oth | Self::Ds => "oth",
        }
    }
}

code_enum! {
    /// Where a child is educated when the setting has no URN or UKPRN (SEN2 `SENsetting`).
    ///
    /// `OTH` and `NIEO` draw a query from the DfE at submission, so the interface should make them
    /// the last choice and ask for an explanation (`SENsettingOther`).
    pub enum SenSetting: field "sen_setting" {
        /// Children and Families Act 2014 s.61: provision otherwise than in a school or post-16 institution.
        Ola = "OLA" => "Education arranged by the local authority otherwise than at school (section 61)",
        /// Children and Families Act 2014 s.42(5); not elective home education.
        Opa = "OPA" => "Education arranged by parents (section 42(5)), not elective home education",
        Ehe = "EHE" => "Elective home education",
        Eyp = "EYP" => "Early years provider with no URN",
        Oth = "OTH" => "Another type of setting",
        Neet = "NEET" => "Not in education, employment or training (aged 16 to 25)",
        Niec = "NIEC" => "Not in education or training: notice to cease issued",
        Nieo = "NIEO" => "Not in education or training: other",
    }
}

code_enum! {
    /// Outcome of a request for an EHC needs assessment (SEN2 `RequestOutcome`).
    ///
    /// Children and Families Act 2014 s.36: the LA decides whether to assess; SEND Regulations
    /// 2014 reg. 5 gives it 6 weeks from the request.
    pub enum RequestOutcome: field "request_outcome" {
        Yes = "Y" => "Yes: decided to assess",
        No = "N" => "No: decided not to assess",
        Awaiting = "A" => "Awaiting decision",
        Withdrawn = "W" => "Withdrawn",
        Historical = "H" => "Historical",
    }
}

code_enum! {
    /// Outcome of an EHC needs assessment (SEN2 `AssessmentOutcome`): whether a plan is issued.
    ///
    /// The same codes as [`RequestOutcome`], kept as its own type so that a request outcome can
    /// never be stored where an assessment outcome belongs (Children and Families Act 2014 s.37).
    pub enum AssessmentOutcome: field "assessment_outcome" {
        Yes = "Y" => "Yes: decided to issue a plan",
        No = "N" => "No: decided not to issue a plan",
        Awaiting = "A" => "Awaiting decision",
        Withdrawn = "W" => "Withdrawn",
        Historical = "H" => "Historical",
    }
}

code_enum! {
    /// The LA's decision after an annual review (SEN2 `ReviewOutcome`; SEND Regulations 2014
    /// reg. 22: maintain, amend or cease the plan).
    pub enum ReviewOutcome: field "review_outcome" {
        Amend = "A" => "Amend the plan",
        Cease = "C" => "Cease the plan",
        Maintain = "M" => "Maintain the plan unchanged",
    }
}

code_enum! {
    /// Why a plan ceased (SEN2 `CeaseReason`; Children and Families Act 2014 s.45).
    pub enum CeaseReason: field "cease_reason" {
        MaximumAge = "1" => "Reached maximum age",
        NeedsMetWithoutPlan = "2" => "Needs met without a plan",
        HigherEducation = "3" => "Moved on to higher education",
        PaidEmployment = "4" => "Moved on to paid employment",
        TransferredToAnotherLa = "5" => "Transferred to another local authority",
        NoLongerWishesToEngage = "6" => "Young person no longer wishes to engage",
        MovedOutsideEngland = "7" => "Moved outside England",
        Deceased = "8" => "Deceased",
        Other = "9" => "Other",
    }
}

code_enum! {
    /// Why a child's UPN is not known (SEN2 `UPNunknown`, CBDS "UPN unknown" code set).
    ///
    /// Only UN1's wording is confirmed from the SEN2 reference we hold; the other labels are
    /// deliberately neutral until they are checked against the current CBDS list, so that the
    /// interface never shows a guessed meaning.
    pub enum UpnUnknown: field "upn_unknown" {
        Un1 = "UN1" => "Child is under 6 and not yet assigned a UPN",
        Un2 = "UN2" => "UPN unknown reason UN2",
        Un3 = "UN3" => "UPN unknown reason UN3",
        Un4 = "UN4" => "UPN unknown reason UN4",
        Un5 = "UN5" => "UPN unknown reason UN5",
        Un6 = "UN6" => "UPN unknown reason UN6",
        Un7 = "UN7" => "UPN unknown reason UN7",
        Un8 = "UN8" => "UPN unknown reason UN8",
        Un9 = "UN9" => "UPN unknown reason UN9",
        Un10 = "UN10" => "UPN unknown reason UN10",
    }
}

code_enum! {
    /// Sex (SEN2 `Sex`).
    ///
    /// Follows the CBDS gender codes `M` and `F`, with `U` for not known as DfE person-level
    /// collections allow when the sex has not been recorded.
    pub enum Sex: field "sex" {
        Male = "M" => "Male",
        Female = "F" => "Female",
        NotKnown = "U" => "Not known",
    }
}

code_enum! {
    /// Ethnicity (SEN2 `Ethnicity`): the CBDS main ethnicity codes, as used in the school census.
    pub enum Ethnicity: field "ethnicity" {
        Wbri = "WBRI" => "White - British",
        Wiri = "WIRI" => "White - Irish",
        Wirt = "WIRT" => "Traveller of Irish heritage",
        Woth = "WOTH" => "Any other White background",
        Wrom = "WROM" => "Gypsy/Roma",
        Mwbc = "MWBC" => "White and Black Caribbean",
        Mwba = "MWBA" => "White and Black African",
        Mwas = "MWAS" => "White and Asian",
        Moth = "MOTH" => "Any other mixed background",
        Aind = "AIND" => "Indian",
        Apkn = "APKN" => "Pakistani",
        Aban = "ABAN" => "Bangladeshi",
        Aoth = "AOTH" => "Any other Asian background",
        Bcrb = "BCRB" => "Black Caribbean",
        Bafr = "BAFR" => "Black - African",
        Both = "BOTH" => "Any other Black background",
        Chne = "CHNE" => "Chinese",
        Ooth = "OOTH" => "Any other ethnic group",
        Refu = "REFU" => "Refused",
        Nobt = "NOBT" => "Information not yet obtained",
    }
}

/// Checks the ranked needs recorded on one plan (SEN2 module 5c, `SENtype` and `SENtypeRank`).
///
/// SEN2 allows at most two needs, ranked 1 (primary) and 2 (secondary). So: no more than two
/// entries; each rank is 1 or 2 and used once; if any need is recorded, one is ranked 1 (a
/// secondary need without a primary one cannot be reported); and the same type is not given twice.
/// An empty list is accepted here, because whether a need is required depends on the plan's stage.
///
/// # Errors
/// A [`FieldError`] for field `"sen_type_rank"` (or `"sen_type"` for a repeated type).
pub fn validate_need_ranks(needs: &[(u8, SenType)]) -> Result<(), FieldError> {
    const FIELD: &str = "sen_type_rank";
    if needs.len() > 2 {
        return Err(FieldError::new(
            FIELD,
            format!(
                "record at most two needs (a primary and a secondary), not {}",
                needs.len()
            ),
        ));
    }
    let mut ranks = HashSet::new();
    let mut types = HashSet::new();
    for &(rank, sen_type) in needs {
        if !(1..=2).contains(&rank) {
            return Err(FieldError::new(
                FIELD,
                format!("rank must be 1 (primary need) or 2 (secondary need), not {rank}"),
            ));
        }
        if !ranks.insert(rank) {
            return Err(FieldError::new(
                FIELD,
                format!("rank {rank} is given to more than one need"),
            ));
        }
        if !types.insert(sen_type) {
            return Err(FieldError::new(
                SenType::FIELD,
                format!(
                    "{} is recorded twice; give a different secondary need or leave it out",
                    sen_type.label()
                ),
            ));
        }
    }
    if !needs.is_empty() && !ranks.contains(&1) {
        return Err(FieldError::new(
            FIELD,
            "a secondary need is recorded without a primary need (rank 1)",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::assert_code_set;

    #[test]
    fn code_sets_are_consistent() {
        assert_code_set(&SenType::ALL, SenType::code, SenType::label);
        assert_code_set(&SenSetting::ALL, SenSetting::code, SenSetting::label);
        assert_code_set(
            &RequestOutcome::ALL,
            RequestOutcome::code,
            RequestOutcome::label,
        );
        assert_code_set(
            &AssessmentOutcome::ALL,
            AssessmentOutcome::code,
            AssessmentOutcome::label,
        );
        assert_code_set(
            &ReviewOutcome::ALL,
            ReviewOutcome::code,
            ReviewOutcome::label,
        );
        assert_code_set(&CeaseReason::ALL, CeaseReason::code, CeaseReason::label);
        assert_code_set(&UpnUnknown::ALL, UpnUnknown::code, UpnUnknown::label);
        assert_code_set(&Sex::ALL, Sex::code, Sex::label);
        assert_code_set(&Ethnicity::ALL, Ethnicity::code, Ethnicity::label);
    }

    #[test]
    fn code_set_sizes_match_the_reference() {
        assert_eq!(SenType::ALL.len(), 13);
        assert_eq!(SenSetting::ALL.len(), 8);
        assert_eq!(CeaseReason::ALL.len(), 9);
        assert_eq!(UpnUnknown::ALL.len(), 10);
        assert_eq!(Ethnicity::ALL.len(), 20);
    }

    #[test]
    fn dfe_columns_are_the_need_file_columns() {
        let header = "asd,hi,mld,msi,oth,pd,pmld,semh,slcn,sld,spld,vi";
        let columns: HashSet<&str> = header.split(',').collect();
        let ours: HashSet<&str> = SenType::ALL.iter().map(|t| t.dfe_column()).collect();
        assert_eq!(ours, columns);
        assert_eq!(SenType::Ds.dfe_column(), "oth");
        assert_eq!(SenType::Spld.dfe_column(), "spld");
    }

    #[test]
    fn parse_errors_name_the_field() {
        let e = "XYZ".parse::<SenType>().unwrap_err();
        assert_eq!(e.field, "sen_type");
        assert!(
            e.problem.contains("'XYZ'") && e.problem.contains("SPLD"),
            "{e}"
        );
        assert_eq!(
            "10".parse::<CeaseReason>().unwrap_err().field,
            "cease_reason"
        );
        assert_eq!("un10".parse::<UpnUnknown>(), Ok(UpnUnknown::Un10));
    }

    #[test]
    fn need_ranks_accept_valid_combinations() {
        assert!(validate_need_ranks(&[]).is_ok());
        assert!(validate_need_ranks(&[(1, SenType::Asd)]).is_ok());
        assert!(validate_need_ranks(&[(1, SenType::Asd), (2, SenType::Slcn)]).is_ok());
        assert!(validate_need_ranks(&[(2, SenType::Slcn), (1, SenType::Asd)]).is_ok());
    }

    #[test]
    fn need_ranks_reject_invalid_combinations() {
        let three = [(1, SenType::Asd), (2, SenType::Slcn), (2, SenType::Mld)];
        assert!(
            validate_need_ranks(&three)
                .unwrap_err()
                .problem
                .contains("at most two")
        );
        assert!(
            validate_need_ranks(&[(3, SenType::Asd)])
                .unwrap_err()
                .problem
                .contains("not 3")
        );
        assert!(validate_need_ranks(&[(0, SenType::Asd)]).is_err());
        let same_rank = [(1, SenType::Asd), (1, SenType::Slcn)];
        assert!(
            validate_need_ranks(&same_rank)
                .unwrap_err()
                .problem
                .contains("rank 1")
        );
        let same_type = [(1, SenType::Asd), (2, SenType::Asd)];
        assert_eq!(
            validate_need_ranks(&same_type).unwrap_err().field,
            "sen_type"
        );
        let no_primary = [(2, SenType::Asd)];
        assert!(
            validate_need_ranks(&no_primary)
                .unwrap_err()
                .problem
                .contains("without a primary")
        );
    }
}
