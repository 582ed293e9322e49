//! Pure types and rules for Highneeds, the system an English council uses to manage special
//! educational needs and disabilities (SEND): EHC plans, the SEN2 statutory return and high needs
//! funding.
//!
//! This crate holds the vocabulary every other crate shares and the rules that follow from law and
//! DfE standards: validated identifiers (UPN, ULN, URN, LA codes), money in pence, academic and
//! financial years, national curriculum years, the SEN2 code sets, the DfE placement categories,
//! the councils' top-up funding models ([`topup`]), what placements cost by high needs
//! budget line ([`high_needs`]), and the forecast of plans and their cost ([`forecast`]). It
//! does no IO, has no async and knows nothing of databases or HTTP, so each rule can be tested
//! on its own and the same rule is applied whether a value arrives from a form, an import or
//! the SEN2 XML. Values from outside are parsed once into these types ("parse, don't
//! validate"); a failure is a [`FieldError`] with a message fit to show the user.

pub mod clock;
mod codes;
pub mod dates;
pub mod error;
pub mod forecast;
pub mod governance;
pub mod high_needs;
pub mod ids;
pub mod measures;
pub mod money;
pub mod placement;
pub mod role;
pub mod sen2;
pub mod session;
pub mod topup;
pub mod young_person;

pub use dates::{
    AcademicYear, FinancialYear, NcYear, age_on, nc_year_for, nc_year_on, sen2_census_date,
};
pub use error::FieldError;
pub use ids::{
    ChildId, LaCode, OnsCode, PlacementId, PlanId, Postcode, RequestId, SettingId, StaffId, Ukprn,
    Uln, Upn, Urn,
};
pub use money::Pence;
pub use placement::{
    Phase, PlacementCategory, PlacementGroup, SenProvisionKind, SettingIdentifier, SettingType,
};
pub use role::Role;
pub use sen2::{
    AssessmentOutcome, CeaseReason, Ethnicity, RequestOutcome, ReviewOutcome, SenSetting, SenType,
    Sex, UpnUnknown, validate_need_ranks,
};
