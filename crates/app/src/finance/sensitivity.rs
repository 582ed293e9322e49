//! Sensitivity analysis (issue 7, point 5): how the council's forecast cost of high needs, and
//! so its deficit, moves with N % more or fewer pupils entering each provision type, and with
//! N % more or less spend per pupil in each (`domain::forecast::scenario::Sensitivity`).
//!
//! The provision types are the DSG management plan's seven placement totals (the groups of the
//! DfE placement categories the forecast uses as settings), not every category: each is two
//! more forecast runs, and seven keeps the page quick. The runs use fewer simulations than the
//! forecast page ([`SIMULATIONS`]) because they share their random numbers with the baseline,
//! so the paired difference is steady with far fewer (`docs/PERFORMANCE.md`). Read as the
//! forecast is read, and audited the same way.

use std::sync::LazyLock;

use chrono::NaiveDate;
use domain::FieldError;
use domain::PlacementGroup;
use domain::forecast::Inputs;
use domain::forecast::scenario::{Provision, Sensitivity};

use super::audit_read;
use super::forecast::{SEED, current_financial_year, latest_census, prepare};
use super::memo::{Key, Memo};
use crate::Store;
use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// Simulations per run: enough for a steady paired difference, few enough to feel interactive.
pub const SIMULATIONS: usize = 50;
/// The percentage a page shows before the reader chooses one.
pub const DEFAULT_PERCENT: u32 = 10;
/// The largest percentage the page accepts: beyond it the question is a different forecast.
pub const MAX_PERCENT: u32 = 50;

/// Analyses kept by what they are computed from (`super::memo`).
static ANALYSES: LazyLock<Memo<std::result::Result<Sensitivity, String>>> =
    LazyLock::new(Memo::new);

/// The analysis, or why there is none.
#[derive(Debug, Clone)]
pub struct SensitivityReport {
    /// The January the forecast starts from.
    pub census_year: i32,
    pub percent: u32,
    pub simulations: usize,
    pub seed: u64,
    pub outcome: std::result::Result<Sensitivity, String>,
}

/// Reads the percentage a reader typed: a whole number from 1 to [`MAX_PERCENT`].
///
/// # Errors
/// A `FieldError` on `percent` saying what to enter.
pub fn parse_percent(text: &str) -> std::result::Result<u32, FieldError> {
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_PERCENT).contains(&n) => Ok(n),
        _ => Err(FieldError::new(
            "percent",
            format!("Enter the percentage as a whole number from 1 to {MAX_PERCENT}"),
        )),
    }
}

/// The provision types analysed: one per placement group the forecast's settings fall in,
/// named by the group's label.
#[must_use]
pub fn provisions(inputs: &Inputs) -> Vec<Provision> {
    Provision::by_setting_group(inputs)
        .into_iter()
        .map(|p| Provision {
            name: PlacementGroup::parse(&p.name).map_or(p.name, |g| g.label().to_owned()),
            settings: p.settings,
        })
        .collect()
}

/// How many threads the analysis spreads its runs over: what the machine has, at most four,
/// so one reader does not take every core from the others.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// The sensitivity of the council's forecast on `today` to `percent` (as typed). The read is
/// audited.
///
/// # Errors
/// `Forbidden` unless the actor may read the forecast; `Invalid` on `percent` unless it is a
/// whole number from 1 to [`MAX_PERCENT`].
pub async fn sensitivity(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    percent: &str,
) -> Result<SensitivityReport> {
    policy::authorise(actor, Action::ReadForecast)?;
    let percent = parse_percent(percent).map_err(|e| AppError::Invalid(vec![e]))?;
    let census_year = latest_census(today);
    let mut tx = store.begin().await?;
    let prepared = prepare(&mut tx, actor.la_id(), census_year).await?;
    audit_read(
        &mut tx,
        actor,
        "finance.sensitivity",
        current_financial_year(today),
    )
    .await?;
    tx.commit().await?;
    // Seconds of simulation: run off the async workers so other requests are not held up,
    // and kept until the inputs change (`super::memo`).
    let outcome = match prepared {
        Ok(p) => {
            let key = Key::of(&[&"sensitivity", &p.inputs, &percent, &SIMULATIONS, &SEED]);
            ANALYSES
                .get_or_compute(key, move || {
                    Sensitivity::analyse(
                        &p.inputs,
                        "population",
                        &[],
                        &provisions(&p.inputs),
                        f64::from(percent),
                        SIMULATIONS,
                        SEED,
                        threads(),
                    )
                    .map_err(|e| e.to_string())
                })
                .await
                .and_then(|a| (*a).clone())
        }
        Err(e) => Err(e),
    };
    Ok(SensitivityReport {
        census_year,
        percent,
        simulations: SIMULATIONS,
        seed: SEED,
        outcome,
    })
}
