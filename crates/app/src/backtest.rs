//! The forecast's backtest on the signed-in council's own published caseloads
//! (`domain::forecast::backtest`, `docs/backtest.md`): fitted on the Januaries up to a year, its
//! forecasts of the next three beside what DfE published and beside a linear trend. The figures
//! are DfE's published series, which `synth` embeds, so nothing is read from the store and
//! nothing about a child is seen; finance officers and SEND managers read it.

use std::ops::RangeInclusive;

use domain::forecast::backtest::model::MIN_CASELOADS;
use domain::forecast::backtest::{self, Council, HORIZON, Options, Series};

use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// Simulations per backtest: enough for the mean and 95 % range to settle (a council's run is a
/// few milliseconds), as the command's default.
pub const SIMULATIONS: usize = 1000;
/// The seed, the command's default, so the page and the command agree.
pub const SEED: u64 = 50;

/// One council's backtest from one year.
#[derive(Debug, Clone)]
pub struct CouncilBacktest {
    /// The council's published series; `None` when DfE publishes none for its LA code (a
    /// fictional council).
    pub series: Option<Series>,
    pub fit_to: i32,
    /// The years a backtest can be fitted to: a published January three years later is needed.
    pub fit_years: RangeInclusive<i32>,
    /// The backtest, or why this council cannot be backtested from this year.
    pub result: std::result::Result<Council, String>,
}

/// The embedded series, parsed once per process.
fn all_series() -> Result<&'static [Series]> {
    static SERIES: std::sync::OnceLock<std::result::Result<Vec<Series>, String>> =
        std::sync::OnceLock::new();
    let (name, text) = synth::EMBEDDED_FILES[0];
    SERIES
        .get_or_init(|| backtest::parse(name, text).map_err(|e| e.to_string()))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(|e| AppError::Conflict(e.clone()))
}

/// The actor's council backtested from January `fit_to` (the latest possible year when `None`
/// or outside the published years).
///
/// # Errors
/// `Forbidden` unless the actor may read forecasts of cost and demand.
pub fn council_backtest(actor: &Actor, fit_to: Option<i32>) -> Result<CouncilBacktest> {
    policy::authorise(actor, Action::ReadBacktest)?;
    let all = all_series()?;
    let years = || all.iter().flat_map(|s| s.years.keys().copied());
    let (first_published, last_published) =
        (years().min().unwrap_or(0), years().max().unwrap_or(0));
    let fit_years = first_published + MIN_CASELOADS as i32 - 1..=last_published - HORIZON as i32;
    let fit_to = fit_to
        .filter(|y| fit_years.contains(y))
        .unwrap_or(*fit_years.end());
    let code = actor.la.to_string();
    let series = all.iter().find(|s| s.code == code).cloned();
    let options = Options {
        fit_to,
        horizon: HORIZON,
        simulations: SIMULATIONS,
        seed: SEED,
    };
    let result = series.as_ref().map_or_else(
        || Err(format!("DfE publishes no figures for LA code {code}")),
        |s| backtest::council(s, &options),
    );
    Ok(CouncilBacktest {
        series,
        fit_to,
        fit_years,
        result,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use domain::{LaCode, Role};

    fn staff(role: Role, la: u16) -> Actor {
        Actor::staff(LaCode::new(la).unwrap(), 1, vec![role], "test")
    }

    #[test]
    fn backtests_the_councils_own_series_and_keeps_to_the_published_years() {
        let b = council_backtest(&staff(Role::FinanceOfficer, 801), Some(2021)).unwrap();
        assert_eq!(b.fit_to, 2021);
        assert_eq!(b.fit_years, 2017..=2022);
        let c = b.result.unwrap();
        assert_eq!(c.code, "801");
        assert_eq!(c.outcomes[0].actual, 3424);
        let latest = council_backtest(&staff(Role::SendManager, 801), Some(1990)).unwrap();
        assert_eq!(latest.fit_to, 2022);
        // Northamptonshire was split in 2021: nothing to compare with.
        let split = council_backtest(&staff(Role::SendManager, 928), Some(2021)).unwrap();
        assert!(split.result.unwrap_err().contains("no January 2022"));
        assert!(matches!(
            council_backtest(&staff(Role::SendCaseworker, 801), None),
            Err(AppError::Forbidden(_))
        ));
    }
}
