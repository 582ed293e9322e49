//! The DSG management plan: the tables of the DfE's template (issue 7, point 3) built from the
//! council's casework and its forecast.
//!
//! A council with a DSG deficit keeps a deficit management plan in the DfE's template and takes
//! it to its Schools Forum at least termly (`reference/funding.md`, "Block transfers and the
//! deficit"; DfE, *DSG management plan: guidance for local authorities*). Its children and young
//! people tab counts EHC plans by placement category, by age group and by primary need, from the
//! SEN2 return, for the current January and the years the plan forecasts; its financial summary
//! gives each funding block's income and expenditure, the in-year position and the cumulative
//! balance.
//!
//! - **Placement categories**: the seven DfE placement totals ([`PlacementGroup`]), which
//!   partition every plan (the DfE EHC plan statistics' placement breakdown, `ehc_plans =
//!   mainstream_total + … + placement_unknown`), the SEN2 figures the template is filled from.
//! - **Age groups**: the five SEN2 age groups of the DfE EHC plan statistics ([`AgeGroup`]:
//!   under 5, 5 to 10, 11 to 15, 16 to 19, 20 to 25), by age on 31 August before the census
//!   (the age the NC year follows from: NC year + 4).
//! - **Primary needs**: the thirteen SEN2 need types ([`SenType`]).
//!
//! The current January is counted child by child, in every cell of category × age group × need.
//! A forecast year has the mean population of every NC year × need × setting, so its cells are
//! those means gathered into category × age group × need and rounded to whole plans by largest
//! remainder; its breakdowns are sums of the rounded cells, so they add up to the rounded mean
//! caseload as a counted year's do.

use std::collections::BTreeMap;

use crate::codes::code_enum;
use crate::forecast::YearForecast;
use crate::forecast::council::CensusState;
use crate::placement::{PlacementCategory, PlacementGroup};
use crate::sen2::SenType;

code_enum! {
    /// An SEN2 age group, as the DfE EHC plan statistics and the DSG management plan template
    /// count plans.
    pub enum AgeGroup: field "age_group" {
        Under5 = "under_5" => "Under 5",
        Age5To10 = "5_to_10" => "Aged 5 to 10",
        Age11To15 = "11_to_15" => "Aged 11 to 15",
        Age16To19 = "16_to_19" => "Aged 16 to 19",
        Age20To25 = "20_to_25" => "Aged 20 to 25",
    }
}

impl AgeGroup {
    /// The age group of a child in NC year `nc_year`, by their age on 31 August before it
    /// (Reception is age 4: `dates::NcYear`). Ages over 25 count with 20 to 25, as plans end
    /// by 25.
    #[must_use]
    pub const fn of_nc_year(nc_year: i32) -> Self {
        match nc_year + 4 {
            i32::MIN..=4 => Self::Under5,
            5..=10 => Self::Age5To10,
            11..=15 => Self::Age11To15,
            16..=19 => Self::Age16To19,
            _ => Self::Age20To25,
        }
    }
}

/// Whether a year's figures were counted or forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Counted from casework on the January census.
    Actual,
    /// The mean of the forecast's simulations, rounded to whole plans.
    Forecast,
}

impl Basis {
    /// The word the tables and files use.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Actual => "actual",
            Self::Forecast => "forecast",
        }
    }
}

/// The plans of one January, by category, age group and need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanTables {
    /// The January.
    pub year: i32,
    pub basis: Basis,
    pub total: u64,
    /// Every category in order, with zeros.
    pub by_category: Vec<(PlacementGroup, u64)>,
    pub by_age: Vec<(AgeGroup, u64)>,
    pub by_need: Vec<(SenType, u64)>,
    /// Every non-empty cell of category × age group × need.
    pub cells: Vec<((PlacementGroup, AgeGroup, SenType), u64)>,
}

impl PlanTables {
    /// The tables of a January counted from casework.
    #[must_use]
    pub fn actual(year: i32, states: &[CensusState]) -> Self {
        let mut cells: BTreeMap<(PlacementGroup, AgeGroup, SenType), u64> = BTreeMap::new();
        for s in states {
            let key = (s.category.group(), AgeGroup::of_nc_year(s.nc_year), s.need);
            *cells.entry(key).or_default() += 1;
        }
        Self::of_cells(year, Basis::Actual, cells)
    }

    /// The tables of whole-plan cells: the total and every breakdown are sums of the cells.
    fn of_cells(
        year: i32,
        basis: Basis,
        cells: BTreeMap<(PlacementGroup, AgeGroup, SenType), u64>,
    ) -> Self {
        let sum_by = |f: &dyn Fn(&(PlacementGroup, AgeGroup, SenType)) -> bool| -> u64 {
            cells.iter().filter(|(k, _)| f(k)).map(|(_, c)| c).sum()
        };
        Self {
            year,
            basis,
            total: cells.values().sum(),
            by_category: (PlacementGroup::ALL.iter())
                .map(|&g| (g, sum_by(&|k| k.0 == g)))
                .collect(),
            by_age: (AgeGroup::ALL.iter())
                .map(|&a| (a, sum_by(&|k| k.1 == a)))
                .collect(),
            by_need: (SenType::ALL.iter())
                .map(|&n| (n, sum_by(&|k| k.2 == n)))
                .collect(),
            cells: cells.into_iter().collect(),
        }
    }

    /// The tables of a forecast year. The forecast's mean population is known cell by cell (NC
    /// year × need × setting), so each cell of category × age group × need is the sum of its
    /// means; the cells are rounded to whole plans by largest remainder so that they add up to
    /// the rounded mean caseload, and every breakdown is the sum of its rounded cells: rows add
    /// to totals exactly as in a counted year. Settings and needs the forecast names by codes
    /// this version does not know count as `placement_unknown` and `OTH`.
    #[must_use]
    pub fn forecast(year: &YearForecast) -> Self {
        let total = year.plans.mean.max(0.0).round() as u64;
        let mut means: BTreeMap<(PlacementGroup, AgeGroup, SenType), f64> = BTreeMap::new();
        for (ay, need, setting, mean) in &year.by_cell {
            let group = PlacementCategory::parse(setting)
                .unwrap_or(PlacementCategory::PlacementUnknown)
                .group();
            let need = SenType::parse(need).unwrap_or(SenType::Oth);
            *means
                .entry((group, AgeGroup::of_nc_year(*ay), need))
                .or_default() += mean;
        }
        let shares: Vec<f64> = means.values().copied().collect();
        let cells: BTreeMap<_, u64> = (means.keys().copied())
            .zip(apportion(&shares, total))
            .filter(|&(_, n)| n > 0)
            .collect();
        Self::of_cells(year.year, Basis::Forecast, cells)
    }
}

/// Whole numbers proportional to `shares` that add up to `total`: each share's floor, then one
/// more to the largest remainders (Hamilton's method), ties to the first.
#[must_use]
pub fn apportion(shares: &[f64], total: u64) -> Vec<u64> {
    let sum: f64 = shares.iter().map(|s| s.max(0.0)).sum();
    if sum <= 0.0 {
        return vec![0; shares.len()];
    }
    let exact: Vec<f64> = (shares.iter())
        .map(|s| s.max(0.0) / sum * total as f64)
        .collect();
    let mut whole: Vec<u64> = exact.iter().map(|e| e.floor() as u64).collect();
    let short = total.saturating_sub(whole.iter().sum());
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    for &i in order
        .iter()
        .cycle()
        .take(usize::try_from(short).unwrap_or(0))
    {
        whole[i] += 1;
    }
    whole
}

/// The CSV header of the plan tables ([`plans_csv`], docs/formats/dsg-plan.md).
pub const PLANS_CSV_HEADER: &str = "year,basis,placement_category,age_group,primary_need,plans";

/// The plan tables as CSV: for each year, the total (every key blank), each breakdown (one key
/// given), and every non-empty cell (all three keys given).
#[must_use]
pub fn plans_csv(tables: &[PlanTables]) -> String {
    let mut out = String::from(PLANS_CSV_HEADER);
    out.push('\n');
    for t in tables {
        let mut row = |category: &str, age: &str, need: &str, plans: u64| {
            out.push_str(&format!(
                "{},{},{category},{age},{need},{plans}\n",
                t.year,
                t.basis.code()
            ));
        };
        row("", "", "", t.total);
        for (g, n) in &t.by_category {
            row(g.code(), "", "", *n);
        }
        for (a, n) in &t.by_age {
            row("", a.code(), "", *n);
        }
        for (need, n) in &t.by_need {
            row("", "", need.code(), *n);
        }
        for ((g, a, need), n) in &t.cells {
            row(g.code(), a.code(), need.code(), *n);
        }
    }
    out
}
