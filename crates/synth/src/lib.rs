//! Synthetic councils for the Highneeds demo, tests and benchmarks.
//!
//! `synth` builds a whole council's SEND records in memory: the schools, colleges and other
//! settings it uses, the children and young people with EHC plans on the January 2025 SEN2
//! census date and where each is placed, five years of requests, assessments and plans issued
//! and ceased behind them, and the children who were refused an assessment or assessed without
//! a plan. Everything is synthetic and says so (invented surnames and streets, postcodes in a
//! fictional area, UPNs with LA code 999), and the same seed always gives the same council.
//!
//! The make-up of each council follows the DfE's published EHC plan statistics (`shared/data/dfe`,
//! embedded here): a real council's own January 2025 caseload by primary need, placement and age,
//! and its requests, assessments, 20-week timeliness and ceased plans for 2020-2024 (see
//! [`Calibration`]); or, for the fictional default council Exampleshire, the median council's.
//! Counts are split by largest remainder so the published shares are met to within a child; the
//! links between placement, age and need that the DfE does not publish come from iterative
//! proportional fitting of a seed that encodes which placements can hold which ages and which
//! needs are met where. There is no IO beyond reading the CSV text and no database: another crate
//! writes the records where they are needed.

pub mod apportion;
mod as_of;
mod assemble;
mod calendar;
mod calibrate;
mod calibration;
mod caseload;
mod cases;
mod caseworkers;
mod data;
mod error;
mod estate;
mod events_model;
mod forward;
pub mod funding_models;
mod history;
pub mod ipf;
mod later;
mod model;
mod names;
mod people;
mod places;
mod placing;
mod plan_text;
mod steps;
mod structure;
pub mod topup_packages;
pub mod unit_costs;

use std::str::FromStr;

use domain::ids::{LaCode, OnsCode};

pub use assemble::{generate, generate_to};
pub use calibration::{
    ACTIVITY_YEARS, AGE_COLUMNS, CENSUS_YEAR, Calibration, NEED_COLUMNS, YearFlows,
};
pub use cases::TWENTY_WEEKS;
pub use caseworkers::{CASES_PER_CASEWORKER, email_domain};
pub use data::{DfeTables, EMBEDDED_FILES};
pub use error::SynthError;
pub use estate::OUT_OF_AREA;
pub use events_model::{
    Advice, CaseOwner, Caseworker, Exception, Marker, MarkerKind, PLAN_SECTIONS, PhaseTransfer,
    PlanVersion, Review, VersionStatus,
};
pub use forward::OTHER_COUNCILS;
pub use model::{Child, Council, LocalAuthority, Placement, Plan, Request, SenProvision, Setting};
pub use names::POSTCODE_AREAS;
pub use placing::fits as setting_fits;
pub use plan_text::SYNTHETIC;
pub use steps::{ASSESS_REASONS, REFUSE_REASONS};

/// How big a council (or set of councils) to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Size {
    /// 3,000 active plans: quick to build, for tests and the demo.
    Small,
    /// 20,000 active plans, about the size of the largest councils, for benchmarks.
    Large,
    /// Every English council at its own January 2025 caseload (see [`national`]).
    National,
}

impl Size {
    /// The number of active plans made: 3,000, 20,000, or for `National` the 638,745 plans of
    /// all English councils in January 2025 (each council at its own caseload).
    pub const fn target_plans(self) -> u32 {
        match self {
            Size::Small => 3_000,
            Size::Large => 20_000,
            Size::National => 638_745,
        }
    }
}

impl FromStr for Size {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "small" => Ok(Size::Small),
            "large" => Ok(Size::Large),
            "national" => Ok(Size::National),
            other => Err(format!(
                "size must be small, large or national, not '{other}'"
            )),
        }
    }
}

/// The DfE LA code of Exampleshire. No council has it, and it is the LA code synthetic UPNs
/// carry.
pub const EXAMPLESHIRE_CODE: u16 = 999;

impl LocalAuthority {
    /// Exampleshire, the fictional default council (code 999, ONS code E99999999).
    pub fn exampleshire() -> Self {
        let Ok(code) = LaCode::new(EXAMPLESHIRE_CODE) else {
            unreachable!("999 is in the LA code range 100 to 999")
        };
        let Ok(ons_code) = "E99999999".parse::<OnsCode>() else {
            unreachable!("E99999999 has the ONS code format")
        };
        Self {
            code,
            ons_code,
            name: "Exampleshire".to_string(),
            region_code: "E12999999".to_string(),
            region_name: "Example region".to_string(),
            fictional: true,
        }
    }
}

/// The seed for one council of a national run: the run's seed mixed with the council's code
/// (SplitMix64), so each council is the same whichever others are built.
pub fn council_seed(seed: u64, code: LaCode) -> u64 {
    let mut z = seed ^ u64::from(code.get()).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One council: shaped like the council with DfE code `like` (and carrying its name and codes),
/// or like the median council as Exampleshire (`None`), with `plans` active plans (`None`: the
/// calibrated council's own January 2025 caseload).
///
/// # Errors
/// [`SynthError::UnknownLa`] when no English council has the code `like`.
pub fn council(
    tables: &DfeTables,
    like: Option<LaCode>,
    plans: Option<u32>,
    seed: u64,
) -> Result<Council, SynthError> {
    let cal = tables.calibrate(like)?;
    let la = match like.and_then(|code| tables.local_authority(code)) {
        Some(la) => la.clone(),
        None => LocalAuthority::exampleshire(),
    };
    Ok(generate(&la, &cal, plans.unwrap_or(cal.active_plans), seed))
}

/// Every English council with its own calibration, at its own January 2025 caseload.
///
/// A council whose figures cannot be read (none can with the embedded tables) is shaped like
/// the median council instead, and its `Calibration::source` says why.
pub fn national_calibrations(
    tables: &DfeTables,
) -> impl Iterator<Item = (LocalAuthority, Calibration)> + '_ {
    tables.local_authorities().into_iter().map(move |la| {
        let cal = match tables.calibrate(Some(la.code)) {
            Ok(cal) => cal,
            Err(e) => {
                let median = tables
                    .calibrate(None)
                    .unwrap_or_else(|_| empty_calibration());
                Calibration {
                    source: format!(
                        "{} (shaped like the median council because: {e})",
                        median.source
                    ),
                    ..median
                }
            }
        };
        (la, cal)
    })
}

/// Every English council at its own size and calibration as at the census, one at a time, so
/// a caller can write each and drop it before the next is built.
pub fn national(tables: &DfeTables, seed: u64) -> impl Iterator<Item = Council> + '_ {
    national_to(tables, seed, domain::dates::sen2_census_date(CENSUS_YEAR))
}

/// Every English council as [`national`] builds it, carried on to `today` (see [`generate_to`]).
pub fn national_to(
    tables: &DfeTables,
    seed: u64,
    today: chrono::NaiveDate,
) -> impl Iterator<Item = Council> + '_ {
    national_calibrations(tables).map(move |(la, cal)| {
        let plans = cal.active_plans;
        generate_to(&la, &cal, plans, council_seed(seed, la.code), today)
    })
}

fn empty_calibration() -> Calibration {
    Calibration {
        source: "no figures".to_string(),
        la: None,
        active_plans: 0,
        need_shares: Vec::new(),
        placement_shares: Vec::new(),
        age_shares: vec![0.0; AGE_COLUMNS.len()],
        flows: Vec::new(),
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exampleshire_is_fictional() {
        let e = LocalAuthority::exampleshire();
        assert_eq!(e.code.get(), 999);
        assert_eq!(e.ons_code.as_str(), "E99999999");
        assert!(e.fictional);
        let t = DfeTables::embedded().unwrap();
        assert!(t.local_authority(e.code).is_none());
    }

    #[test]
    fn sizes() {
        assert_eq!(Size::Small.target_plans(), 3_000);
        assert_eq!("Large".parse::<Size>(), Ok(Size::Large));
        assert!("huge".parse::<Size>().is_err());
    }

    #[test]
    fn one_council_by_code_or_median() {
        let t = DfeTables::embedded().unwrap();
        let c = council(&t, None, Some(50), 1).unwrap();
        assert!(c.la.fictional && c.calibration_source.starts_with("median"));
        let hartlepool = LaCode::new(805).unwrap();
        let c = council(&t, Some(hartlepool), None, 1).unwrap();
        assert_eq!(c.la.name, "Hartlepool");
        assert_eq!(
            c.active_plans().count() as u32,
            t.calibrate(Some(hartlepool)).unwrap().active_plans
        );
        assert!(council(&t, Some(LaCode::new(123).unwrap()), None, 1).is_err());
    }

    #[test]
    fn council_seeds_differ() {
        let a = council_seed(1, LaCode::new(801).unwrap());
        let b = council_seed(1, LaCode::new(802).unwrap());
        let c = council_seed(2, LaCode::new(801).unwrap());
        assert!(a != b && a != c);
    }
}
