//! The forecast's method in aggregate: one state, "has a plan", fitted on a council's published
//! totals and simulated with the forecast's own samplers.
//!
//! The published series has no children, only January caseloads S and new plans N, so the
//! per-cohort tables of `Forecast` collapse to one cohort. Year y's flows run from January y − 1
//! to January y (`new_ehc_plans` of year y is made in calendar year y − 1), so
//!
//! ```text
//! S_y = S_{y−1} − L_y + N_y,   hence the net leavers   L_y = S_{y−1} + N_y − S_y.
//! ```
//!
//! **Leavers** are net: plans ceased and transferred out, less plans transferred in (which are
//! not new plans). The published `ceased_plans_total` is not used: it exists only from 2023, and
//! it counts transfers out without the transfers in, so with new plans it would not add up to the
//! caseload (England 2023: 34,724 ceased against 22,913 net leavers). As in witan.send's leaver
//! Beta (forecasting.md §3.3) each plan in January is a trial, the counts are pooled over the
//! fitting years, and the prior is the pooled rate with a weight of one trial:
//! α = (A + ½)/(A + B + 1) + A and β = (B + ½)/(A + B + 1) + B, with A the net leavers and B the
//! plans that stayed. Pooling (rather than clamping each year) keeps the years in which more plans
//! arrived than left, which about one council-year in eight has; only a pooled A below 0 is
//! taken as 0, and the council is flagged. Each simulated year draws the leavers as a
//! beta-binomial of the caseload, with a fresh rate each year, as `Forecast::run` does per cohort.
//!
//! **Joiners** are the new plans. witan.send's joiner Beta (§3.4) has α = the mean joiners a year
//! (0.001 for a year with none) and β = the mean of the rest of the population, so it carries one
//! year's weight of evidence, and a year's joiners are BetaBinomial(population, α, β). The file
//! has no population, so the model takes the limit of that draw for a large, steady population:
//! Gamma(α, 1) for the expected count, then Poisson ([`GammaPoisson`]): mean α, variance 2α. A
//! steady population means the joining rate is held at its average over the fitting years, as
//! the full model holds each rate; a rising or falling trend in new plans is not extrapolated.

use rand::Rng;

use super::series::Series;
use crate::forecast::sample::{BetaBinomial, GammaPoisson};

/// The fewest January caseloads in a row, up to the last fitting year, a council needs: three
/// give two years of flows and a trend line with a residual.
pub const MIN_CASELOADS: usize = 3;

/// The fewest years of flows (caseload at both ends and the new plans between) a council needs.
pub const MIN_FLOW_YEARS: usize = 2;

/// witan.send's stand-in for a year with no joiners (§3.4), so a council that made no new plans
/// in a year still has a positive joining rate.
const NO_JOINERS: f64 = 0.001;

/// The aggregate model fitted on one council's series.
#[derive(Debug, Clone)]
pub struct Model {
    /// The last fitting year; the simulation starts from its January caseload.
    pub start_year: i32,
    pub start_caseload: u64,
    /// The years of January caseloads used (consecutive, ending at `start_year`).
    pub caseload_years: Vec<i32>,
    /// The years whose flows were used: year y is January y − 1 to January y.
    pub flow_years: Vec<i32>,
    /// Pooled net leavers (A) and plans that stayed (B) over the flow years.
    pub leavers: u64,
    pub stayed: u64,
    /// Whether the pooled net leavers came out below 0 and were taken as 0.
    pub leavers_clamped: bool,
    leave: BetaBinomial,
    join: GammaPoisson,
}

/// The consecutive years with a January caseload, ending at `fit_to` (empty when `fit_to` has
/// none). A gap or a boundary change ends the run, since it breaks the series.
#[must_use]
pub fn caseload_years(series: &Series, fit_to: i32) -> Vec<i32> {
    let mut years: Vec<i32> = (i32::MIN..=fit_to)
        .rev()
        .take_while(|&y| series.caseload(y).is_some())
        .collect();
    years.reverse();
    years
}

impl Model {
    /// Fits the model on the series up to January `fit_to`, using nothing later.
    ///
    /// # Errors
    /// Why the council cannot be fitted, in words for the report.
    pub fn fit(series: &Series, fit_to: i32) -> Result<Self, String> {
        let caseload_years = caseload_years(series, fit_to);
        if caseload_years.is_empty() {
            return Err(format!("no January {fit_to} caseload"));
        }
        if caseload_years.len() < MIN_CASELOADS {
            return Err(format!(
                "only {} January caseload{} in a row up to {fit_to}; at least {MIN_CASELOADS} are needed",
                caseload_years.len(),
                if caseload_years.len() == 1 { "" } else { "s" }
            ));
        }
        let mut flow_years = Vec::new();
        let (mut exposed, mut net_leavers, mut joiner_mean) = (0u64, 0i64, 0.0);
        let mut new_plans = Vec::new();
        for &y in &caseload_years[1..] {
            let (Some(before), Some(after), Some(new)) = (
                series.caseload(y - 1),
                series.caseload(y),
                series.new_plans(y),
            ) else {
                continue;
            };
            flow_years.push(y);
            exposed += before;
            net_leavers += before as i64 + new as i64 - after as i64;
            new_plans.push(new);
        }
        if flow_years.len() < MIN_FLOW_YEARS {
            return Err(format!(
                "new plans published for only {} of the years {} to {fit_to}; at least {MIN_FLOW_YEARS} are needed",
                flow_years.len(),
                caseload_years[1]
            ));
        }
        let years = new_plans.len() as f64;
        for &n in &new_plans {
            joiner_mean += if n > 0 { n as f64 / years } else { NO_JOINERS };
        }
        let leavers_clamped = net_leavers < 0;
        let leavers = u64::try_from(net_leavers).unwrap_or(0).min(exposed);
        let stayed = exposed - leavers;
        let (a, b) = (leavers as f64, stayed as f64);
        let prior = ((a + 0.5) / (a + b + 1.0), (b + 0.5) / (a + b + 1.0));
        let leave = BetaBinomial::new(prior.0 + a, prior.1 + b)
            .ok_or_else(|| format!("the leaving rate cannot be fitted ({a} of {exposed})"))?;
        let join = GammaPoisson::new(joiner_mean, 1.0)
            .ok_or_else(|| format!("the joining rate cannot be fitted (mean {joiner_mean})"))?;
        let start_caseload = series.caseload(fit_to).unwrap_or(0);
        Ok(Self {
            start_year: fit_to,
            start_caseload,
            caseload_years,
            flow_years,
            leavers,
            stayed,
            leavers_clamped,
            leave,
            join,
        })
    }

    /// The leaving rate's Beta posterior (α, β).
    #[must_use]
    pub fn leave_params(&self) -> (f64, f64) {
        self.leave.params()
    }

    /// The new plans' Gamma (shape, rate): its mean is the expected new plans a year.
    #[must_use]
    pub fn join_params(&self) -> (f64, f64) {
        self.join.params()
    }

    /// One simulation: the caseload in each of the `years` Januaries after the start, into
    /// `path` (cleared first).
    pub fn simulate<R: Rng + ?Sized>(&self, years: usize, rng: &mut R, path: &mut Vec<u64>) {
        path.clear();
        let mut caseload = self.start_caseload;
        for _ in 0..years {
            // Leavers first, from the January caseload, then the year's new plans (§4.3's order).
            caseload -= self.leave.sample(caseload, rng);
            caseload += self.join.sample(rng);
            path.push(caseload);
        }
    }
}
