//! Backtest: how well would the forecast's method have done? For each council in DfE's published
//! series (`la_ehcp_timeseries.csv`), fit on the years up to January Y, forecast the January
//! caseloads of Y + 1 to Y + 3, and compare them with what was published, beside a straight-line
//! trend fitted on the same years (`docs/backtest.md`).
//!
//! - [`series`]: the published file, read from text (the caller does the IO).
//! - [`model`]: the forecast's method in aggregate (one state, published totals), simulated with
//!   the forecast's samplers; [`trend`]: the least-squares line.
//! - [`run`]: every council, with those that cannot be backtested listed and why; [`Backtest`]
//!   gives the mean absolute percentage error, the bias and the 95 % interval coverage by method
//!   and horizon.
//!
//! A council's numbers depend only on its own series, the options and the seed (its random
//! stream is keyed by its LA number), so backtesting one council gives the same result as
//! finding it in a run over all of them.

pub mod model;
pub mod series;
pub mod trend;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use model::Model;
pub use series::{Figures, Series, parse};
pub use trend::Trend;

use super::summary::Stats;

/// The years forecast after the last fitting year: Y + 1 to Y + 3.
pub const HORIZON: u32 = 3;

/// What to backtest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The last January used to fit (Y).
    pub fit_to: i32,
    /// How many years after Y to forecast and compare.
    pub horizon: u32,
    /// Simulations of the model per council.
    pub simulations: usize,
    pub seed: u64,
}

/// The two forecasts compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The forecast's method in aggregate ([`model`]); its point forecast is the simulations'
    /// mean.
    Model,
    /// The least-squares line ([`trend`]).
    Trend,
}

impl Method {
    pub const ALL: [Self; 2] = [Self::Model, Self::Trend];

    /// A short name for tables.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Model => "model",
            Self::Trend => "linear trend",
        }
    }
}

/// One council's forecast of one year, beside what happened.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// The January forecast.
    pub year: i32,
    /// Years after the last fitting year (1 for Y + 1).
    pub ahead: u32,
    /// The published caseload.
    pub actual: u64,
    /// The model's simulations: mean and 95 % bounds (2.5 % and 97.5 % nearest-rank).
    pub model: Stats,
    pub trend: f64,
    /// The trend's 95 % prediction interval, when it has residuals to estimate one.
    pub trend_95: Option<(f64, f64)>,
}

impl Outcome {
    /// The method's point forecast.
    #[must_use]
    pub fn forecast(&self, method: Method) -> f64 {
        match method {
            Method::Model => self.model.mean,
            Method::Trend => self.trend,
        }
    }

    /// The error as a percentage of the actual, signed: above 0 when the forecast was too high.
    /// Outcomes are only made for actuals above 0.
    #[must_use]
    pub fn percentage_error(&self, method: Method) -> f64 {
        let actual = self.actual as f64;
        100.0 * (self.forecast(method) - actual) / actual
    }

    /// The method's 95 % interval.
    #[must_use]
    pub fn interval(&self, method: Method) -> Option<(f64, f64)> {
        match method {
            Method::Model => Some((self.model.low_95, self.model.high_95)),
            Method::Trend => self.trend_95,
        }
    }
}

/// One council backtested.
#[derive(Debug, Clone)]
pub struct Council {
    pub code: String,
    pub name: String,
    pub model: Model,
    pub trend: Trend,
    /// Y + 1 to Y + horizon, in order.
    pub outcomes: Vec<Outcome>,
}

/// A council that could not be backtested, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub code: String,
    pub name: String,
    pub reason: String,
}

/// The accuracy of one method over a set of forecasts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accuracy {
    /// How many council-years it is over.
    pub forecasts: usize,
    /// Mean absolute percentage error.
    pub mape: f64,
    /// Mean signed percentage error: below 0 when the method forecast too few.
    pub bias: f64,
    /// The share (0 to 1) of actuals inside the 95 % interval, over the forecasts that have one.
    pub coverage: Option<f64>,
}

impl Accuracy {
    /// The accuracy of `method` over `outcomes`; `None` when there are none.
    pub fn of<'a>(method: Method, outcomes: impl IntoIterator<Item = &'a Outcome>) -> Option<Self> {
        let (mut n, mut abs, mut signed, mut with_interval, mut inside) = (0, 0.0, 0.0, 0, 0);
        for o in outcomes {
            let e = o.percentage_error(method);
            n += 1;
            abs += e.abs();
            signed += e;
            if let Some((low, high)) = o.interval(method) {
                with_interval += 1;
                let actual = o.actual as f64;
                inside += usize::from(low <= actual && actual <= high);
            }
        }
        (n > 0).then(|| Self {
            forecasts: n,
            mape: abs / n as f64,
            bias: signed / n as f64,
            coverage: (with_interval > 0).then(|| inside as f64 / f64::from(with_interval)),
        })
    }
}

/// The backtest of every council that could be backtested.
#[derive(Debug, Clone)]
pub struct Backtest {
    pub options: Options,
    pub councils: Vec<Council>,
    pub skipped: Vec<Skipped>,
}

impl Backtest {
    /// The accuracy of `method`, `ahead` years on or (with `None`) over every horizon; `None`
    /// when no council was backtested.
    #[must_use]
    pub fn accuracy(&self, method: Method, ahead: Option<u32>) -> Option<Accuracy> {
        let outcomes = self
            .councils
            .iter()
            .flat_map(|c| &c.outcomes)
            .filter(|o| ahead.is_none_or(|a| o.ahead == a));
        Accuracy::of(method, outcomes)
    }
}

/// Backtests every council in `series`.
#[must_use]
pub fn run(series: &[Series], options: &Options) -> Backtest {
    let mut backtest = Backtest {
        options: *options,
        councils: Vec::new(),
        skipped: Vec::new(),
    };
    for s in series {
        match council(s, options) {
            Ok(c) => backtest.councils.push(c),
            Err(reason) => backtest.skipped.push(Skipped {
                code: s.code.clone(),
                name: s.name.clone(),
                reason,
            }),
        }
    }
    backtest
}

/// Backtests one council.
///
/// # Errors
/// Why it cannot be: too few years to fit on, or no published caseload (or one of 0) to compare
/// a forecast year with.
pub fn council(series: &Series, options: &Options) -> Result<Council, String> {
    let model = Model::fit(series, options.fit_to)?;
    let points: Vec<(i32, f64)> = model
        .caseload_years
        .iter()
        .filter_map(|&y| Some((y, series.caseload(y)? as f64)))
        .collect();
    let trend = Trend::fit(&points).ok_or("too few caseloads for a trend")?;
    let mut actuals = Vec::new();
    for ahead in 1..=options.horizon {
        let year = options.fit_to + ahead as i32;
        match series.caseload(year) {
            None => return Err(format!("no January {year} caseload to compare with")),
            Some(0) => {
                return Err(format!(
                    "a January {year} caseload of 0 has no percentage error"
                ));
            }
            Some(actual) => actuals.push((ahead, year, actual)),
        }
    }

    let horizon = options.horizon as usize;
    let mut by_year = vec![Vec::with_capacity(options.simulations); horizon];
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    rng.set_stream(stream(&series.code));
    let mut path = Vec::with_capacity(horizon);
    for _ in 0..options.simulations {
        model.simulate(horizon, &mut rng, &mut path);
        for (values, &c) in by_year.iter_mut().zip(&path) {
            values.push(c as f64);
        }
    }
    let outcomes = actuals
        .into_iter()
        .zip(&by_year)
        .filter_map(|((ahead, year, actual), values)| {
            Some(Outcome {
                year,
                ahead,
                actual,
                model: Stats::of(values)?,
                trend: trend.predict(year),
                trend_95: trend.interval(year),
            })
        })
        .collect::<Vec<_>>();
    if outcomes.len() < horizon {
        return Err("no simulations were run".to_owned());
    }
    Ok(Council {
        code: series.code.clone(),
        name: series.name.clone(),
        model,
        trend,
        outcomes,
    })
}

/// A council's random stream: FNV-1a of its LA number, so it is fixed by the council alone.
fn stream(code: &str) -> u64 {
    code.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests;
