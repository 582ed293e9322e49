//! The SEND demand and cost forecast: witan.send's Markov micro-simulation
//! (`reference/forecasting.md`), re-implemented with exact sampling.
//!
//! Children and young people with an EHC plan are counted by NC year, need and setting. From the
//! last January census the historic transitions imply, each simulated year ages every cohort by
//! one NC year; some of each cohort leave SEND, some of those staying move setting, and joiners
//! come from the general population of each NC year. Every rate is a Bayesian posterior (Beta for
//! how many, Dirichlet for where) from the historic transition counts and witan.send's priors, so
//! a simulation carries the uncertainty of the rates as well as the chance of the year. Costs are
//! a flat annual amount per need and setting. Many simulations give each year's mean, spread and
//! 95 % bounds.
//!
//! - [`input`]: the four CSV inputs in witan.send's format, read from text (no IO here).
//! - [`Forecast::estimate`] (`params`): the starting population and the rates (§3).
//! - [`Forecast::run`] (`simulate`): the simulations (§4), in parallel, reproducible by seed.
//! - [`summary`]: the statistics and witan.send's output files (§6).
//! - [`council`]: the four inputs derived from a council's own casework history.
//! - [`yearly`]: each year's plans, cost and breakdowns, for pages and the DSG plan.
//! - [`scenario`]: mitigations from a date (§7.2), their effect as the paired difference of
//!   two runs with the same seed, and the sensitivity of the cost to each provision.
//! - `stream`: one random stream per draw, so runs with the same seed share their randomness
//!   wherever their rates agree.
//! - [`backtest`]: the method in aggregate, fitted on DfE's published council series and
//!   scored on the years that followed, beside a linear trend.
//!
//! **Where this differs from witan.send, on purpose.** The model's rules are kept, quirks
//! included (§9 Q5–Q7), so the two answer the same question. What is not kept:
//! - the sampler: witan.send's published results used kixi.stats 0.4.3, whose binomial drifts
//!   upward for n·p ≥ 14 (§4.6), adding 0.3 % to its totals in the first year and 1.2 % by the
//!   fifth. Here every beta-binomial and Dirichlet-multinomial is sampled exactly
//!   ([`sample`]), and `crates/domain/tests/forecast_oracle.rs` checks the means against an
//!   independent implementation;
//! - HdrHistogram rounding of the statistics and the missing zeros in the need and setting
//!   summaries ([`summary`]);
//! - tolerance of inconsistent input: a `NONSEND` in only one of need and setting, duplicate
//!   population rows, or a gap in the projected years is an error naming the file and line.
//!
//! Money is exact: costs are read as pence and each year's total is summed in pence; the
//! statistics over simulations are then in pounds, as witan.send reports them.

pub mod backtest;
pub mod council;
pub(crate) mod csv;
pub mod input;
mod params;
pub mod sample;
pub mod scenario;
mod simulate;
mod stream;
pub mod summary;
pub mod yearly;

use std::fmt;

pub use input::{Inputs, MAX_AY, MIN_AY, NONSEND};
pub use params::Forecast;
pub use scenario::{Change, Effect, Flow, Mitigation, ScenarioError};
pub use simulate::{Breakdown, Runs};
pub use summary::{Stats, output_files};
pub use yearly::{YearForecast, yearly};

/// The number of NC years the model holds, −5 to 25.
pub(crate) const AYS: usize = (MAX_AY - MIN_AY + 1) as usize;

/// The position of an NC year (already checked to be in range) in the model's tables.
pub(crate) fn ay_index(ay: i32) -> usize {
    usize::try_from(ay - MIN_AY).unwrap_or(0).min(AYS - 1)
}

/// An input file could not be used: which file, where, and what is wrong.
///
/// `Display` gives `transitions.csv, line 12, column academic-year-1: `x` is not a whole
/// number`, leaving out the line or column when the problem has none.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    /// The file, as the caller named it.
    pub file: String,
    /// The line (from 1; the header is line 1).
    pub line: Option<usize>,
    /// The column, by its header name.
    pub column: Option<String>,
    /// What is wrong, in words a council's data officer understands.
    pub problem: String,
}

impl InputError {
    pub(crate) fn file(file: &str, problem: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line: None,
            column: None,
            problem: problem.into(),
        }
    }

    pub(crate) fn at(
        file: &str,
        line: usize,
        column: Option<&str>,
        problem: impl Into<String>,
    ) -> Self {
        Self {
            file: file.to_owned(),
            line: Some(line),
            column: column.map(str::to_owned),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// One input file: the name to use in messages and its text.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// The four input files of a forecast.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    pub transitions: Source<'a>,
    pub population: Source<'a>,
    pub costs: Source<'a>,
    pub valid_states: Source<'a>,
}

impl<'a> Sources<'a> {
    /// The four files' texts under witan.send's names (`transitions.csv`, `population.csv`,
    /// `costs.csv`, `valid-states.csv`), given in that order.
    #[must_use]
    pub fn witan(texts: &'a [String; 4]) -> Self {
        let [transitions, population, costs, valid_states] = texts;
        let source = |name, text| Source { name, text };
        Self {
            transitions: source("transitions.csv", transitions),
            population: source("population.csv", population),
            costs: source("costs.csv", costs),
            valid_states: source("valid-states.csv", valid_states),
        }
    }

    /// Reads the four files.
    ///
    /// # Errors
    /// The first problem found, naming its file, line and column.
    pub fn read(&self) -> Result<Inputs, InputError> {
        Ok(Inputs {
            transitions: input::parse_transitions(self.transitions.name, self.transitions.text)?,
            population: input::parse_population(self.population.name, self.population.text)?,
            costs: input::parse_costs(self.costs.name, self.costs.text)?,
            valid_states: input::parse_valid_states(
                self.valid_states.name,
                self.valid_states.text,
            )?,
        })
    }

    /// Reads the four files and prepares the forecast.
    ///
    /// # Errors
    /// As [`Self::read`] and [`Forecast::estimate`].
    pub fn forecast(&self) -> Result<Forecast, InputError> {
        Forecast::estimate(&self.read()?, self.population.name)
    }
}

#[cfg(test)]
mod council_tests;
#[cfg(test)]
pub(crate) mod tests;
