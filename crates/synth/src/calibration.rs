//! The figures a synthetic council is shaped on, taken from the DfE tables.
//!
//! A [`Calibration`] holds, for one council (or for a fictional "median" council), the January
//! 2025 caseload and its make-up by primary need, placement and age, and five years of flows:
//! requests, assessments, plans issued and their timeliness, and plans ceased. Each figure says
//! where it came from: a council's own cell where it has one, else its region's rate, else
//! England's, with every fallback written to [`Calibration::notes`] so a demo can say honestly
//! what it is built on.

use domain::ids::LaCode;
use domain::{PlacementCategory, SenType};

use crate::data::{Row, Table};
use crate::error::SynthError;

/// The January census the caseload describes (SEN2 collection year).
pub const CENSUS_YEAR: i32 = 2025;
/// The calendar years of activity synth reproduces (collection years 2021 to 2025).
pub const ACTIVITY_YEARS: [i32; 5] = [2020, 2021, 2022, 2023, 2024];

/// The 13 DfE need columns and the SEN2 type each stands for (`None`: need not recorded).
pub const NEED_COLUMNS: [(&str, Option<SenType>); 13] = [
    ("asd", Some(SenType::Asd)),
    ("hi", Some(SenType::Hi)),
    ("mld", Some(SenType::Mld)),
    ("msi", Some(SenType::Msi)),
    ("oth", Some(SenType::Oth)),
    ("pd", Some(SenType::Pd)),
    ("pmld", Some(SenType::Pmld)),
    ("semh", Some(SenType::Semh)),
    ("slcn", Some(SenType::Slcn)),
    ("sld", Some(SenType::Sld)),
    ("spld", Some(SenType::Spld)),
    ("vi", Some(SenType::Vi)),
    ("need_not_recorded", None),
];

/// The single-year age columns: under 3, then 3 to 25.
pub const AGE_COLUMNS: [&str; 24] = [
    "age_under_3",
    "age_3",
    "age_4",
    "age_5",
    "age_6",
    "age_7",
    "age_8",
    "age_9",
    "age_10",
    "age_11",
    "age_12",
    "age_13",
    "age_14",
    "age_15",
    "age_16",
    "age_17",
    "age_18",
    "age_19",
    "age_20",
    "age_21",
    "age_22",
    "age_23",
    "age_24",
    "age_25",
];

/// The age (in whole years at the census) of the youngest child in age band `i`, where band 0
/// is "under 3" and band `i >= 1` is age `i + 2`.
pub const fn band_age(i: usize) -> u32 {
    if i == 0 { 0 } else { i as u32 + 2 }
}

/// One calendar year of activity, as counts for the calibrated council.
///
/// Counts are real numbers: a median council's figures are medians of rates times its caseload.
#[derive(Debug, Clone, PartialEq)]
pub struct YearFlows {
    pub activity_year: i32,
    pub requests_received: f64,
    pub requests_refused: f64,
    pub assessed_plan_issued: f64,
    pub assessed_plan_not_issued: f64,
    pub plans_issued_incl_exc: f64,
    pub within_20wk_incl_exc: f64,
    pub plans_issued_excl_exc: f64,
    pub within_20wk_excl_exc: f64,
    pub ceased: f64,
}

impl YearFlows {
    /// The share of plans issued within 20 weeks, leaving out those where an exception applied
    /// (the DfE headline measure); `None` when every plan was an exception.
    pub fn within_20wk_rate_excl_exc(&self) -> Option<f64> {
        (self.plans_issued_excl_exc > 0.0)
            .then(|| self.within_20wk_excl_exc / self.plans_issued_excl_exc)
    }

    /// The share of plans issued in the year where an exception to the 20-week limit applied.
    pub fn exception_share(&self) -> f64 {
        if self.plans_issued_incl_exc > 0.0 {
            ((self.plans_issued_incl_exc - self.plans_issued_excl_exc) / self.plans_issued_incl_exc)
                .clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    pub(crate) fn from_values(activity_year: i32, v: &[f64; 9]) -> Self {
        Self {
            activity_year,
            requests_received: v[0],
            requests_refused: v[1],
            assessed_plan_issued: v[2],
            assessed_plan_not_issued: v[3],
            plans_issued_incl_exc: v[4],
            within_20wk_incl_exc: v[5],
            plans_issued_excl_exc: v[6],
            within_20wk_excl_exc: v[7],
            ceased: v[8],
        }
    }
}

/// The figures a council is shaped on, with where they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Where the figures come from, e.g. "Bristol, City of (801), DfE SEN2 2025".
    pub source: String,
    /// The council whose rows were used; `None` for the median council.
    pub la: Option<LaCode>,
    /// EHC plans maintained in January 2025.
    pub active_plans: u32,
    /// Shares of plans by primary need (the 13 DfE columns; `None` is need not recorded).
    pub need_shares: Vec<(Option<SenType>, f64)>,
    /// Shares of plans by leaf placement category, January 2025.
    pub placement_shares: Vec<(PlacementCategory, f64)>,
    /// Shares of plans by age at the census: index 0 under 3, index `i` age `i + 2`.
    pub age_shares: Vec<f64>,
    /// Activity years 2020 to 2024, in order.
    pub flows: Vec<YearFlows>,
    /// Every place a figure was not the council's own, and why.
    pub notes: Vec<String>,
}

impl Calibration {
    /// The flows for one activity year.
    pub fn year(&self, activity_year: i32) -> Option<&YearFlows> {
        self.flows.iter().find(|f| f.activity_year == activity_year)
    }

    /// The share for one placement category.
    pub fn placement_share(&self, category: PlacementCategory) -> f64 {
        self.placement_shares
            .iter()
            .find(|(c, _)| *c == category)
            .map_or(0.0, |(_, s)| *s)
    }
}

/// The flow measures, in an order where each one's base comes before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Requests,
    Refused,
    Issued,
    NotIssued,
    IssuedIncl,
    WithinIncl,
    IssuedExcl,
    WithinExcl,
    Ceased,
}

impl Flow {
    pub(crate) const ALL: [Flow; 9] = [
        Flow::Requests,
        Flow::Refused,
        Flow::Issued,
        Flow::NotIssued,
        Flow::IssuedIncl,
        Flow::WithinIncl,
        Flow::IssuedExcl,
        Flow::WithinExcl,
        Flow::Ceased,
    ];

    pub(crate) fn column(self, activity_year: i32) -> &'static str {
        match self {
            Flow::Requests => "requests_received",
            Flow::Refused => "requests_refused",
            Flow::Issued => "assessments_plan_issued",
            Flow::NotIssued => "assessments_plan_not_issued",
            Flow::IssuedIncl => "plans_issued_incl_exc",
            Flow::WithinIncl => "plans_issued_within_20wk_incl_exc",
            Flow::IssuedExcl => "plans_issued_excl_exc",
            Flow::WithinExcl => "plans_issued_within_20wk_excl_exc",
            // The person-level count exists from activity year 2022; before that only the
            // aggregate return's reasons for discontinuing a plan.
            Flow::Ceased if activity_year >= 2022 => "ceased_plans_total",
            Flow::Ceased => "discontinued_plans_sum_reasons",
        }
    }

    /// The measure this one is taken as a rate of when falling back or taking medians: rates of
    /// a parent measure keep a council's figures consistent with each other (refusals are a
    /// share of its own requests); `None` means a rate per plan maintained in January 2025.
    pub(crate) fn base(self) -> Option<Flow> {
        match self {
            Flow::Requests | Flow::Issued | Flow::Ceased => None,
            Flow::Refused => Some(Flow::Requests),
            Flow::NotIssued | Flow::IssuedIncl => Some(Flow::Issued),
            Flow::WithinIncl | Flow::IssuedExcl => Some(Flow::IssuedIncl),
            Flow::WithinExcl => Some(Flow::IssuedExcl),
        }
    }

    pub(crate) fn index(self) -> usize {
        Flow::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }
}

pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

pub(crate) fn normalise(shares: &mut [f64]) {
    let sum: f64 = shares.iter().sum();
    if sum > 0.0 {
        shares.iter_mut().for_each(|s| *s /= sum);
    }
}

/// The shares of `columns` in `row`, or `None` if any cell is blank or the total is zero.
pub(crate) fn row_shares(
    table: &Table,
    row: &Row,
    columns: &[&str],
) -> Result<Option<Vec<f64>>, SynthError> {
    let mut values = Vec::with_capacity(columns.len());
    for c in columns {
        match table.value(row, c)? {
            Some(v) => values.push(v.max(0.0)),
            None => return Ok(None),
        }
    }
    let total: f64 = values.iter().sum();
    if total <= 0.0 {
        return Ok(None);
    }
    Ok(Some(values.into_iter().map(|v| v / total).collect()))
}

pub(crate) fn placement_columns() -> Vec<&'static str> {
    PlacementCategory::ALL.iter().map(|c| c.column()).collect()
}

pub(crate) fn need_columns() -> Vec<&'static str> {
    NEED_COLUMNS.iter().map(|(c, _)| *c).collect()
}

/// The council's region and name from its January 2025 row.
pub(crate) struct Council<'a> {
    pub(crate) code: u16,
    pub(crate) row: &'a Row,
    /// January 2025 caseload; `None` if blank.
    pub(crate) plans: Option<f64>,
}
