//! Sensitivity analysis for a DSG management plan: how the cost of high needs, and so the
//! deficit, moves if (a) the numbers of pupils in each provision or (b) the activity, i.e. spend
//! per pupil, within each provision is N % higher or lower than forecast.
//!
//! The two are different questions, and are computed differently:
//!
//! - **(a) pupils ±N %**: N % more (or fewer) children *entering* the provision each year than
//!   the forecast expects: its joiners and its movers in from other provisions, from the first
//!   projected year (the rate mitigations [`Flow::Joiners`] and [`Flow::MoversIn`] with factor
//!   1 ± N/100, so the forecast learns from a history with N % more or fewer such transitions,
//!   §7.2). The change is carried through the simulation: the extra children build up year on
//!   year as they stay, age, move on to other provisions (at those provisions' costs) and leave,
//!   and it is measured against the baseline with the same seed (common random numbers), so the
//!   chance of the year cancels. The effect therefore grows over the years and differs from a
//!   flat N % of the provision's spend.
//! - **(b) activity ±N %**: N % more (or less) spent on every child in the provision, with the
//!   same children: exactly ±N % of the provision's forecast cost, year by year, with no new
//!   simulation.
//!
//! The provisions are the caller's: one per setting ([`Provision::each_setting`]) or groups of
//! settings such as the DSG plan's placement categories. The tornado ([`Sensitivity::tornado`])
//! orders the eight-ish bars of one year by their swing, largest first.

use super::{Change, Flow, Mitigation, ScenarioError, effect::mean_pence};
use crate::Pence;
use crate::dates::sen2_census_date;
use crate::forecast::{Breakdown, Forecast, Inputs, Runs};

/// A provision type: a name and the settings it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provision {
    pub name: String,
    pub settings: Vec<String>,
}

impl Provision {
    /// One provision for each of the forecast's settings, named by its code.
    #[must_use]
    pub fn each_setting(forecast: &Forecast) -> Vec<Self> {
        forecast
            .settings()
            .iter()
            .map(|s| Self {
                name: s.clone(),
                settings: vec![s.clone()],
            })
            .collect()
    }

    /// One provision for each `setting-group` of `valid-states.csv` (§2.4), covering its
    /// settings, in the order the groups first appear.
    #[must_use]
    pub fn by_setting_group(inputs: &Inputs) -> Vec<Self> {
        let mut groups: Vec<Self> = Vec::new();
        for v in &inputs.valid_states {
            match groups.iter_mut().find(|g| g.name == v.group) {
                Some(g) => g.settings.push(v.setting.clone()),
                None => groups.push(Self {
                    name: v.group.clone(),
                    settings: vec![v.setting.clone()],
                }),
            }
        }
        groups
    }
}

/// Which sensitivity a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// (a) N % more or fewer pupils entering the provision.
    Pupils,
    /// (b) N % more or less spend per pupil in the provision.
    Activity,
}

/// One provision's sensitivities, each per projected year ([`Sensitivity::years`]), as
/// `[N % lower, N % higher]`: the change in the mean total cost of high needs, in pence.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvisionSensitivity {
    pub provision: String,
    /// (a): the change in cost with N % fewer and N % more pupils entering.
    pub pupils: [Vec<Pence>; 2],
    /// (a): the change in the mean number of children in the provision, for the table.
    pub children: [Vec<f64>; 2],
    /// (b): the change in cost with N % less and N % more spend per pupil.
    pub activity: [Vec<Pence>; 2],
}

/// The sensitivity of the forecast's cost to every provision.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    /// N.
    pub percent: f64,
    /// The projected years (the seed year, a census, has no sensitivity).
    pub years: Vec<i32>,
    /// The forecast's mean total cost in each projected year, for reference.
    pub baseline_cost: Vec<Pence>,
    pub provisions: Vec<ProvisionSensitivity>,
}

/// One bar of a tornado chart: a provision's sensitivity in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TornadoBar {
    pub provision: String,
    pub measure: Measure,
    /// The change in cost at N % lower and at N % higher.
    pub lower: Pence,
    pub higher: Pence,
}

impl TornadoBar {
    /// The width of the bar: how far apart the two ends are.
    #[must_use]
    pub fn swing(&self) -> Pence {
        Pence((self.higher.get() - self.lower.get()).abs())
    }
}

impl Sensitivity {
    /// Runs the analysis around the forecast with `scenario`'s mitigations (none for the
    /// unmitigated forecast): the baseline once, and two runs per provision for (a), each with
    /// `simulations` simulations from `seed`, spread over `threads` threads.
    ///
    /// # Errors
    /// The percentage is not above 0 and at most 100, a provision has no settings or one the
    /// forecast does not have, or, as [`Forecast::with_mitigations`], the scenario or inputs.
    #[allow(clippy::too_many_arguments)]
    pub fn analyse(
        inputs: &Inputs,
        population_file: &str,
        scenario: &[Mitigation],
        provisions: &[Provision],
        percent: f64,
        simulations: usize,
        seed: u64,
        threads: usize,
    ) -> Result<Self, ScenarioError> {
        let error = |field, problem: String| ScenarioError::Sensitivity { field, problem };
        if !(percent > 0.0 && percent <= 100.0) {
            return Err(error(
                "percent",
                format!("{percent} must be above 0 and at most 100"),
            ));
        }
        let base = Forecast::with_mitigations(inputs, population_file, scenario)?;
        let settings_of = |p: &Provision| -> Result<Vec<usize>, ScenarioError> {
            if p.settings.is_empty() {
                return Err(error("provisions", format!("{} has no settings", p.name)));
            }
            p.settings
                .iter()
                .map(|code| {
                    base.settings()
                        .iter()
                        .position(|s| s == code)
                        .ok_or_else(|| {
                            error(
                                "provisions",
                                format!(
                                    "{}: `{code}` is not one of the forecast's settings",
                                    p.name
                                ),
                            )
                        })
                })
                .collect()
        };
        let positions = provisions
            .iter()
            .map(settings_of)
            .collect::<Result<Vec<_>, _>>()?;
        let baseline = base.run(simulations, seed, threads);

        // (a): every variant is a scenario of its own, from the first projected year.
        let from = sen2_census_date(base.seed_year());
        let factor = percent / 100.0;
        let variants: Vec<Vec<Mitigation>> = provisions
            .iter()
            .flat_map(|p| [1.0 - factor, 1.0 + factor].map(|f| (p, f)))
            .map(|(p, f)| {
                let mut ms = scenario.to_vec();
                for flow in [Flow::Joiners, Flow::MoversIn] {
                    ms.push(Mitigation {
                        change: Change::Rate {
                            flow,
                            settings: p.settings.clone(),
                            needs: Vec::new(),
                            factor: f,
                        },
                        from,
                    });
                }
                ms
            })
            .collect();
        let runs = run_all(
            inputs,
            population_file,
            &variants,
            simulations,
            seed,
            threads,
        )?;

        let projected = 1..baseline.years().len();
        let in_provision = |runs: &Runs, y: usize, settings: &[usize]| -> (f64, Pence) {
            let n = runs.simulations().max(1) as f64;
            let children: u64 = settings
                .iter()
                .map(|&s| runs.counts(y, Breakdown::Setting(s)).iter().sum::<u64>())
                .sum();
            let mut cost = vec![0i64; runs.simulations()];
            for &s in settings {
                for (c, p) in cost.iter_mut().zip(runs.setting_costs(y, s)) {
                    *c += p.get();
                }
            }
            (children as f64 / n, mean_pence(&cost))
        };
        let total =
            |runs: &Runs, y| -> Vec<i64> { runs.costs(y).iter().map(|p| p.get()).collect() };
        let mut out = Vec::with_capacity(provisions.len());
        for (i, (p, settings)) in provisions.iter().zip(&positions).enumerate() {
            let mut row = ProvisionSensitivity {
                provision: p.name.clone(),
                pupils: [Vec::new(), Vec::new()],
                children: [Vec::new(), Vec::new()],
                activity: [Vec::new(), Vec::new()],
            };
            for y in projected.clone() {
                let (children, cost) = in_provision(&baseline, y, settings);
                let base_total = total(&baseline, y);
                for (side, sign) in [(0, -1.0), (1, 1.0)] {
                    let variant = &runs[2 * i + side];
                    let diff: Vec<i64> = total(variant, y)
                        .iter()
                        .zip(&base_total)
                        .map(|(v, b)| v - b)
                        .collect();
                    row.pupils[side].push(mean_pence(&diff));
                    row.children[side].push(in_provision(variant, y, settings).0 - children);
                    row.activity[side]
                        .push(Pence((cost.get() as f64 * sign * factor).round() as i64));
                }
            }
            out.push(row);
        }
        Ok(Self {
            percent,
            years: baseline.years()[1..].to_vec(),
            baseline_cost: projected
                .map(|y| mean_pence(&total(&baseline, y)))
                .collect(),
            provisions: out,
        })
    }

    /// The tornado chart of `year`: a bar for each provision and measure, the largest swing
    /// first (ties by provision, pupils before activity). Empty if `year` is not projected.
    #[must_use]
    pub fn tornado(&self, year: i32) -> Vec<TornadoBar> {
        let Some(y) = self.years.iter().position(|&v| v == year) else {
            return Vec::new();
        };
        let mut bars: Vec<TornadoBar> = self
            .provisions
            .iter()
            .flat_map(|p| {
                [
                    (Measure::Pupils, &p.pupils),
                    (Measure::Activity, &p.activity),
                ]
                .map(|(measure, sides)| TornadoBar {
                    provision: p.provision.clone(),
                    measure,
                    lower: sides[0][y],
                    higher: sides[1][y],
                })
            })
            .collect();
        // A stable sort keeps the provisions' order among equal swings.
        bars.sort_by_key(|b| std::cmp::Reverse(b.swing()));
        bars
    }
}

/// Prepares and runs each variant, spreading the variants over the threads (each run on one),
/// since preparing a forecast is itself a good part of the work.
fn run_all(
    inputs: &Inputs,
    population_file: &str,
    variants: &[Vec<Mitigation>],
    simulations: usize,
    seed: u64,
    threads: usize,
) -> Result<Vec<Runs>, ScenarioError> {
    let per_thread = variants.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = variants
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|ms| {
                            let f = Forecast::with_mitigations(inputs, population_file, ms)?;
                            Ok(f.run(simulations, seed, 1))
                        })
                        .collect::<Result<Vec<_>, ScenarioError>>()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(variants.len());
        for h in handles {
            let part = h.join().map_err(|_| ScenarioError::Sensitivity {
                field: "provisions",
                problem: "a variant's run failed".to_owned(),
            })??;
            all.extend(part);
        }
        Ok(all)
    })
}
