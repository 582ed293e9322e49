//! The records a synthetic council is made of.
//!
//! These are plain values, ready for another crate to write to the database or a return. Ids are
//! `i64` numbered from 1 within each kind of record, and records refer to each other by those ids.
//! The dated events of each case (advice, exceptions, reviews and the rest) are in
//! [`crate::events_model`].

use chrono::NaiveDate;
use domain::ids::{LaCode, OnsCode, Postcode, Ukprn, Uln, Upn, Urn};
use domain::{
    AssessmentOutcome, CeaseReason, Ethnicity, Phase, PlacementCategory, RequestOutcome,
    SenProvisionKind, SenSetting, SenType, SettingType, Sex, UpnUnknown,
};

use crate::events_model::{
    Advice, CaseOwner, Caseworker, Exception, Marker, PhaseTransfer, PlanVersion, Review,
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
    /// before a decision; `Awaiting` while the decision is still to be made.
    pub outcome: RequestOutcome,
    /// The day of the decision or withdrawal; `None` while awaiting a decision.
    pub outcome_on: Option<NaiveDate>,
    /// Whether a plan was issued after the assessment; `None` while it is under way.
    pub assessment_outcome: Option<AssessmentOutcome>,
    /// The day the council decided to issue a plan, which is the day the draft was served (the
    /// final plan is the plan's start), or the day it notified that it would not issue one.
    pub assessment_outcome_on: Option<NaiveDate>,
    /// Whether a permitted exception to the 20-week limit applied (SEN2 `Week20`).
    pub week20_exception: bool,
    /// Why the council decided as it did, as the decision letter says.
    pub decision_reasons: Option<&'static str>,
    /// The day the draft plan was served on the parent or young person.
    pub draft_issued_on: Option<NaiveDate>,
    /// The day their comments on the draft arrived.
    pub comments_received_on: Option<NaiveDate>,
}

/// An EHC plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub id: i64,
    pub child_id: i64,
    /// The request it followed; `None` for a plan transferred in from another council.
    pub request_id: Option<i64>,
    /// The day the final plan was issued (or, transferred in, the day it became this council's).
    pub start_on: NaiveDate,
    pub cease_on: Option<NaiveDate>,
    pub cease_reason: Option<CeaseReason>,
    /// The day the parent or young person was told the plan would cease (reg 31).
    pub cease_notice_on: Option<NaiveDate>,
    /// The council the plan was transferred from (reg 15).
    pub transferred_in_from: Option<LaCode>,
    /// The council the plan went to when the child moved away.
    pub transferred_out_to: Option<LaCode>,
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
    /// The day the casework runs to: nothing is dated after it. The census date for a council
    /// built as at the census.
    pub today: NaiveDate,
    /// The localities the council is divided into.
    pub areas: Vec<String>,
    pub settings: Vec<Setting>,
    pub children: Vec<Child>,
    pub requests: Vec<Request>,
    pub plans: Vec<Plan>,
    pub placements: Vec<Placement>,
    pub advice: Vec<Advice>,
    pub exceptions: Vec<Exception>,
    pub reviews: Vec<Review>,
    pub phase_transfers: Vec<PhaseTransfer>,
    pub plan_versions: Vec<PlanVersion>,
    pub markers: Vec<Marker>,
    pub caseworkers: Vec<Caseworker>,
    /// Who holds each child's case: one per child with a request or a plan.
    pub case_owners: Vec<CaseOwner>,
}

impl Council {
    /// Plans in force on the census date.
    pub fn active_plans(&self) -> impl Iterator<Item = &Plan> {
        let census = self.census_date;
        self.plans
            .iter()
            .filter(move |p| p.start_on <= census && p.cease_on.is_none_or(|c| c > census))
    }

    /// Plans in force on `on`.
    pub fn plans_in_force_on(&self, on: NaiveDate) -> impl Iterator<Item = &Plan> {
        self.plans
            .iter()
            .filter(move |p| p.start_on <= on && p.cease_on.is_none_or(|c| c > on))
    }

    /// Children whose case is open today: a plan in force, or a request not yet settled.
    pub fn open_cases(&self) -> usize {
        self.open_by_child().iter().filter(|&&o| o).count()
    }

    /// Whether each child's case is open today, by child id (index 0 is unused).
    pub(crate) fn open_by_child(&self) -> Vec<bool> {
        let mut open = vec![false; self.children.len() + 1];
        let mut has_plan = vec![false; self.requests.len() + 1];
        for p in &self.plans {
            if let Some(r) = p.request_id {
                has_plan[r as usize] = true;
            }
        }
        for p in self.plans_in_force_on(self.today) {
            open[p.child_id as usize] = true;
        }
        for r in &self.requests {
            // A draft served with the final still to come is open too.
            let drafted =
                r.assessment_outcome == Some(AssessmentOutcome::Yes) && !has_plan[r.id as usize];
            if r.is_open() || drafted {
                open[r.child_id as usize] = true;
            }
        }
        open
    }

    /// How many records of every kind the council holds, sections of plan text included.
    pub fn record_count(&self) -> usize {
        self.settings.len()
            + self
                .settings
                .iter()
                .map(|s| s.provisions.len())
                .sum::<usize>()
            + self.children.len()
            + self.children.iter().map(|c| c.needs.len()).sum::<usize>()
            + self.requests.len()
            + self.plans.len()
            + self.placements.len()
            + self.advice.len()
            + self.exceptions.len()
            + self.reviews.len()
            + self.phase_transfers.len()
            + self
                .plan_versions
                .iter()
                .map(|v| 1 + v.sections.len())
                .sum::<usize>()
            + self.markers.len()
            + self.caseworkers.len()
            + self.case_owners.len()
    }
}

impl Request {
    /// Whether the request is still awaiting a decision, or being assessed with no decision
    /// yet on a plan. (A request whose draft is out is open until its plan is made: see
    /// [`Council::open_cases`].)
    pub fn is_open(&self) -> bool {
        self.outcome == RequestOutcome::Awaiting
            || (self.outcome == RequestOutcome::Yes && self.assessment_outcome.is_none())
    }
}
