//! The records a synthetic council is made of.
//!
//! These are plain values, ready for another crate to write to the database or a return. Ids are
//! `i64` numbered from 1 within each kind of record, and records refer to each other by those ids.

use chrono::NaiveDate;
use domain::ids::{LaCode, OnsCode, Postcode, Ukprn, Uln, Upn, Urn};
use domain::{
    AssessmentOutcome, CeaseReason, Ethnicity, Phase, PlacementCategory, RequestOutcome,
    SenProvisionKind, SenSetting, SenType, SettingType, Sex, UpnUnknown,
};

/// An English council (local authority), or the fictional Exampleshire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalAuthority {
    /// DfE LA number, e.g. 801.
    pub code: LaCode,
    /// ONS code, e.g. E06000023.
    pub ons_code: OnsCode,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
    /// True for Exampleshire, which is no real council.
    pub fictional: bool,
}

/// A school, college, early-years or other provider.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub id: i64,
    pub urn: Option<Urn>,
    pub ukprn: Option<Ukprn>,
    pub name: String,
    pub phase: Phase,
    pub setting_type: SettingType,
    /// The locality of the council it is in ("North", "Central", ...), or "Out of area".
    pub area: String,
    /// Whether it is inside the council's boundary.
    pub in_area: bool,
    pub postcode: Postcode,
    /// The youngest and oldest ages (at the census) it takes.
    pub low_age: u32,
    pub high_age: u32,
    pub provisions: Vec<SenProvision>,
}

/// A SEN unit or resourced provision attached to a mainstream school.
#[derive(Debug, Clone, PartialEq)]
pub struct SenProvision {
    pub id: i64,
    pub kind: SenProvisionKind,
    /// The type of need it is designated for, if any.
    pub need_focus: Option<SenType>,
    pub places: u32,
}

/// A child or young person known to the council's SEND service.
#[derive(Debug, Clone, PartialEq)]
pub struct Child {
    pub id: i64,
    pub forename: String,
    pub surname: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub ethnicity: Ethnicity,
    pub postcode: Postcode,
    pub address_line: String,
    pub upn: Option<Upn>,
    pub uln: Option<Uln>,
    pub upn_unknown: Option<UpnUnknown>,
    /// Needs in rank order: `[primary]` or `[primary, secondary]`; empty when not recorded.
    pub needs: Vec<SenType>,
}

/// A request for an EHC needs assessment and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub id: i64,
    pub child_id: i64,
    pub received_on: NaiveDate,
    /// "parent", "young_person", "school", "professional" or "other".
    pub source: &'static str,
    /// The decision whether to assess: `Yes` or `No`; `Withdrawn` for a request withdrawn
    /// before a decision.
    pub outcome: RequestOutcome,
    pub outcome_on: NaiveDate,
    /// Whether a plan was issued after the assessment; `None` while it is under way.
    pub assessment_outcome: Option<AssessmentOutcome>,
    pub assessment_outcome_on: Option<NaiveDate>,
    /// Whether a permitted exception to the 20-week limit applied (SEN2 `Week20`).
    pub week20_exception: bool,
}

/// An EHC plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub id: i64,
    pub child_id: i64,
    pub request_id: Option<i64>,
    pub start_on: NaiveDate,
    pub cease_on: Option<NaiveDate>,
    pub cease_reason: Option<CeaseReason>,
}

/// Where a child with a plan is educated.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub id: i64,
    pub child_id: i64,
    /// The setting, for placements at a school, college or provider.
    pub setting_id: Option<i64>,
    /// The SEN2 setting code, for placements with no URN or UKPRN.
    pub sen_setting: Option<SenSetting>,
    pub category: PlacementCategory,
    pub entry_on: NaiveDate,
    pub leaving_on: Option<NaiveDate>,
    /// The SEN unit or resourced provision, for placements in one.
    pub provision_id: Option<i64>,
    pub sen_unit: bool,
    pub resourced_provision: bool,
}

/// A whole synthetic council.
#[derive(Debug, Clone, PartialEq)]
pub struct Council {
    pub la: LocalAuthority,
    /// Where the calibration came from (see [`crate::Calibration::source`]).
    pub calibration_source: String,
    /// The SEN2 census date the caseload is taken on.
    pub census_date: NaiveDate,
    pub settings: Vec<Setting>,
    pub children: Vec<Child>,
    pub requests: Vec<Request>,
    pub plans: Vec<Plan>,
    pub placements: Vec<Placement>,
}

impl Council {
    /// Plans in force on the census date.
    pub fn active_plans(&self) -> impl Iterator<Item = &Plan> {
        let census = self.census_date;
        self.plans
            .iter()
            .filter(move |p| p.start_on <= census && p.cease_on.is_none_or(|c| c > census))
    }
}
