//! Preparing a forecast (forecasting.md §3): the starting population and every rate, estimated
//! from the historic transitions as Beta and Dirichlet posteriors with witan.send's priors.
//!
//! The rules are witan.send's, including those that shape its results (§9 Q5–Q7: cohorts in a
//! state not valid at their age leave the model, mover destinations take validity at the origin
//! year and include settings seen in the data, joiners exist only at NC years that had one), so
//! its forecasts and ours answer the same question. Only the sampling (§4.6) and the summaries
//! (§6.2, §6.1 Q4) differ; see [`super`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::input::{Inputs, NONSEND, Transition};
use super::sample::{BetaBinomial, DirichletMultinomial};
use super::{AYS, InputError, ay_index};
use crate::Pence;

/// A prepared forecast: everything the simulation needs, in dense tables indexed by NC year
/// (from [`super::MIN_AY`]) and state (`need × settings + setting`).
#[derive(Debug, Clone)]
pub struct Forecast {
    pub(super) needs: Vec<String>,
    pub(super) settings: Vec<String>,
    /// The January census the forecast starts from (§3.2).
    pub(super) seed_year: i32,
    /// The projected years, one after another (§2.2).
    pub(super) years: Vec<i32>,
    /// The seed year's SEND population by `[ay][state]`.
    pub(super) initial: Vec<u64>,
    /// The general population by projected year, then NC year.
    pub(super) background: Vec<[u64; AYS]>,
    /// The rates estimated from the transitions as they happened, and the seed year's costs.
    pub(super) rates: Rates,
    /// A scenario's rates (§7.2 `modify-transitions-date-range`), each with the position in
    /// [`Self::years`] of the first projected year it applies to, in ascending order; years
    /// before the first use [`Self::rates`]. Empty for a forecast without mitigations.
    pub(super) later: Vec<(usize, Rates)>,
}

/// The rates and costs of one projected year, in the dense layout of [`Forecast`].
#[derive(Debug, Clone)]
pub(super) struct Rates {
    /// The rates of a cohort by its NC year and state *before* ageing; `None` outside the valid
    /// states, which is what makes a cohort leave the model (§4.3 R2).
    pub cohorts: Vec<Option<CohortRates>>,
    /// Joiners by NC year: both the rate and the destinations must exist (§3.5).
    pub joiners: Vec<Option<Joiners>>,
    /// Annual cost of each state; 0 where `costs.csv` has none (§3.6).
    pub cost: Vec<Pence>,
    /// Limits on the places in a setting, applied in order after the year's moves and joins
    /// (`scenario`); none in a baseline.
    pub capacity: Vec<Capacity>,
}

/// At most `places` children in setting `setting` (a position in [`Forecast::settings`]); the
/// excess goes to `excess_to`, keeping NC year and need (see `scenario::Change::Capacity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Capacity {
    pub setting: usize,
    pub places: u64,
    pub excess_to: usize,
}

/// What may happen to one cohort in a year (§4.3 step 2).
#[derive(Debug, Clone)]
pub(super) struct CohortRates {
    pub leave: BetaBinomial,
    /// How many of those staying move, and where to; `None` when the setting lists no
    /// destinations (`can_leave`, §2.4) or none has any weight.
    pub moving: Option<(BetaBinomial, DirichletMultinomial)>,
    /// Whether a move is drawn: false also when no other setting is valid two NC years on from
    /// the origin, one beyond the aged cohort (§4.3 `can_move`, QUIRK).
    pub can_move: bool,
}

/// New plans at one NC year: how many of the year group (§3.4) and where (§3.5).
#[derive(Debug, Clone)]
pub(super) struct Joiners {
    pub rate: BetaBinomial,
    pub destinations: DirichletMultinomial,
}

/// Needs and settings as numbers, in code order.
struct Codes {
    needs: Vec<String>,
    settings: Vec<String>,
    need: HashMap<String, usize>,
    setting: HashMap<String, usize>,
}

impl Codes {
    fn new(inputs: &Inputs) -> Self {
        let mut needs = BTreeSet::new();
        let mut settings = BTreeSet::new();
        for v in &inputs.valid_states {
            settings.insert(v.setting.as_str());
            settings.extend(v.moves_to.iter().map(String::as_str));
            needs.extend(v.needs.iter().map(String::as_str));
        }
        for t in &inputs.transitions {
            needs.extend([t.need_1.as_str(), t.need_2.as_str()]);
            settings.extend([t.setting_1.as_str(), t.setting_2.as_str()]);
        }
        for c in &inputs.costs {
            needs.insert(c.need.as_str());
            settings.insert(c.setting.as_str());
        }
        needs.remove(NONSEND);
        settings.remove(NONSEND);
        let needs: Vec<String> = needs.into_iter().map(str::to_owned).collect();
        let settings: Vec<String> = settings.into_iter().map(str::to_owned).collect();
        let index = |v: &[String]| v.iter().cloned().enumerate().map(|(i, s)| (s, i)).collect();
        Self {
            need: index(&needs),
            setting: index(&settings),
            needs,
            settings,
        }
    }

    /// The state of a need and setting; `None` for NONSEND.
    fn state(&self, need: &str, setting: &str) -> Option<usize> {
        Some(self.need.get(need)? * self.settings.len() + self.setting.get(setting)?)
    }
}

/// A cohort key: (NC year, state).
type Key = (i32, usize);

impl Forecast {
    /// Prepares a forecast from the input files, read. `population_file` names that file in
    /// messages about rows it lacks.
    ///
    /// # Errors
    /// The population file lacks a year the joiner rates or the projection need, has no year
    /// after the seed year, or skips one; or a year had more joiners than people.
    pub fn estimate(inputs: &Inputs, population_file: &str) -> Result<Self, InputError> {
        Self::estimate_weighted(inputs, population_file, &|_| 1.0)
    }

    /// As [`Self::estimate`], with each historic transition counted `weight(t)` times instead
    /// of once in every rate: how a scenario changes rates (§7.2 `transitions-to-change`, with
    /// fractional counts where witan.send rounds to whole rows). The starting population is
    /// always the census as it was (§7.1).
    pub(super) fn estimate_weighted(
        inputs: &Inputs,
        population_file: &str,
        weight: &dyn Fn(&Transition) -> f64,
    ) -> Result<Self, InputError> {
        let codes = Codes::new(inputs);
        let n_settings = codes.settings.len();
        let state = |need: &str, setting: &str| codes.state(need, setting);
        let setting_of = |x: usize| x % n_settings;

        // V, the valid states (§2.4), and the lists derived from it.
        let mut valid: BTreeSet<Key> = BTreeSet::new();
        let mut moves_to: Vec<Vec<usize>> = vec![Vec::new(); n_settings];
        let mut year_settings: BTreeMap<i32, BTreeSet<usize>> = BTreeMap::new();
        for v in &inputs.valid_states {
            let s = codes.setting[&v.setting];
            moves_to[s] = v.moves_to.iter().map(|m| codes.setting[m]).collect();
            for a in v.min_ay..=v.max_ay {
                year_settings.entry(a).or_default().insert(s);
                for n in &v.needs {
                    valid.extend(state(n, &v.setting).map(|x| (a, x)));
                }
            }
        }
        let valid_ays: BTreeSet<i32> = valid.iter().map(|&(a, _)| a).collect();
        let can_leave = |s: usize| moves_to[s].len() > 1;

        // Observed counts (§3.3, §3.5).
        let mut leavers: HashMap<Key, [f64; 2]> = HashMap::new();
        let mut movers: HashMap<Key, [f64; 2]> = HashMap::new();
        let mut observed_moves: HashMap<Key, BTreeMap<usize, f64>> = HashMap::new();
        let mut moves_by_ay: BTreeMap<i32, BTreeMap<usize, f64>> = BTreeMap::new();
        let mut joins: BTreeMap<i32, BTreeMap<usize, f64>> = BTreeMap::new();
        let mut join_counts: HashMap<(i32, i32), f64> = HashMap::new();
        let mut initial = vec![0; AYS * codes.needs.len() * n_settings];
        let cy_max = seed_year(inputs) - 1;
        for t in &inputs.transitions {
            let w = weight(t);
            let from = state(&t.need_1, &t.setting_1);
            let to = state(&t.need_2, &t.setting_2);
            if t.need_1 == NONSEND {
                *join_counts.entry((t.calendar_year, t.ay_2)).or_default() += w;
            }
            if let (None, Some(to)) = (from, to) {
                *joins.entry(t.ay_2).or_default().entry(to).or_default() += w;
            }
            if let (Some(x), Some(to)) = (from.filter(|_| t.in_send_1()), to) {
                let moved = t.in_send_2() && t.setting_1 != t.setting_2;
                if t.in_send_2() {
                    movers.entry((t.ay_1, x)).or_default()[usize::from(!moved)] += w;
                }
                if moved {
                    *observed_moves
                        .entry((t.ay_1, x))
                        .or_default()
                        .entry(to)
                        .or_default() += w;
                    let s2 = codes.setting[&t.setting_2];
                    *moves_by_ay
                        .entry(t.ay_1)
                        .or_default()
                        .entry(s2)
                        .or_default() += w;
                }
            }
            if let Some(x) = from.filter(|_| t.in_send_1()) {
                leavers.entry((t.ay_1, x)).or_default()[usize::from(t.in_send_2())] += w;
            }
            if let Some(to) = to.filter(|_| t.calendar_year == cy_max) {
                initial[ay_index(t.ay_2) * codes.needs.len() * n_settings + to] += 1;
            }
        }

        // Mover destinations by NC year, carried forward to NC years with none (§3.3 step 3).
        for &a in &valid_ays {
            if moves_by_ay.get(&a).is_none_or(BTreeMap::is_empty) {
                let previous = moves_by_ay.get(&(a - 1)).cloned().unwrap_or_default();
                moves_by_ay.insert(a, previous);
            }
        }

        let leaver_prior = ay_priors(&leavers);
        let mover_prior = ay_priors(&movers);
        let n_states = codes.needs.len() * n_settings;
        let mut cohorts = vec![None; AYS * n_states];
        for &(a, x) in &valid {
            let (n, s) = (x / n_settings, setting_of(x));
            let beta = |prior: &HashMap<i32, (f64, f64)>, counts: &HashMap<Key, [f64; 2]>, flat| {
                let (pa, pb) = prior.get(&a).copied().unwrap_or(flat);
                let [c, d] = counts.get(&(a, x)).copied().unwrap_or_default();
                BetaBinomial::new(pa + c, pb + d)
            };
            let Some(leave) = beta(&leaver_prior, &leavers, (0.5, 0.5)) else {
                continue;
            };
            // Destinations: the settings seen at this NC year plus those allowed, less this one,
            // normalised to weigh 1, then the cohort's own moves (§3.3 step 4).
            let allowed: BTreeSet<usize> = moves_to[s]
                .iter()
                .copied()
                .filter(|&s2| valid.contains(&(a, n * n_settings + s2)))
                .collect();
            let mut prior = moves_by_ay.get(&a).cloned().unwrap_or_default();
            for &s2 in &allowed {
                *prior.entry(s2).or_default() += 1.0 / allowed.len() as f64;
            }
            prior.remove(&s);
            let z: f64 = prior.values().sum();
            let mut alpha: BTreeMap<usize, f64> = prior
                .into_iter()
                .map(|(s2, p)| (n * n_settings + s2, p / z))
                .collect();
            for (&to, &count) in observed_moves.get(&(a, x)).into_iter().flatten() {
                *alpha.entry(to).or_default() += count;
            }
            let destinations = DirichletMultinomial::new(weighed(alpha));
            let room = year_settings
                .get(&(a + 2))
                .is_some_and(|set| set.iter().any(|&s2| s2 != s));
            let moving = if can_leave(s) {
                beta(&mover_prior, &movers, (1.0, 1.0)).zip(destinations)
            } else {
                None
            };
            cohorts[ay_index(a) * n_states + x] = Some(CohortRates {
                leave,
                can_move: room && moving.is_some(),
                moving,
            });
        }

        let population = Populations::new(inputs, population_file);
        let joiners = estimate_joiners(
            inputs,
            &valid,
            &valid_ays,
            &joins,
            &join_counts,
            &population,
        )?;
        let (years, background) = population.projection(cy_max + 1)?;

        let mut cost = vec![Pence::ZERO; n_states];
        for c in &inputs.costs {
            if let Some(x) = state(&c.need, &c.setting) {
                cost[x] = c.annual;
            }
        }
        Ok(Self {
            needs: codes.needs,
            settings: codes.settings,
            seed_year: cy_max + 1,
            years,
            initial,
            background,
            rates: Rates {
                cohorts,
                joiners,
                cost,
                capacity: Vec::new(),
            },
            later: Vec::new(),
        })
    }

    /// The year of the starting census.
    #[must_use]
    pub fn seed_year(&self) -> i32 {
        self.seed_year
    }

    /// The projected years.
    #[must_use]
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The needs, in code order (the order of the by-need results).
    #[must_use]
    pub fn needs(&self) -> &[String] {
        &self.needs
    }

    /// The settings, in code order (the order of the by-setting results).
    #[must_use]
    pub fn settings(&self) -> &[String] {
        &self.settings
    }

    /// Children and young people in the starting census.
    #[must_use]
    pub fn initial_total(&self) -> u64 {
        self.initial.iter().sum()
    }

    /// The same forecast for a council `factor` times the size: the starting population and the
    /// general population multiplied, every rate kept. For sizing runs and the national
    /// benchmark (docs/PERFORMANCE.md).
    #[must_use]
    pub fn scaled(mut self, factor: u64) -> Self {
        self.initial.iter_mut().for_each(|c| *c *= factor);
        for year in &mut self.background {
            year.iter_mut().for_each(|p| *p *= factor);
        }
        self
    }
}

/// The needs and settings of a forecast from these inputs, in code order, as
/// [`Forecast::needs`] and [`Forecast::settings`] will give them.
pub(super) fn needs_and_settings(inputs: &Inputs) -> (Vec<String>, Vec<String>) {
    let codes = Codes::new(inputs);
    (codes.needs, codes.settings)
}

/// The year of the census a forecast starts from: the year after the last transitions (§3.2).
/// The first projected year is the one after it (`Populations::projection`).
pub(super) fn seed_year(inputs: &Inputs) -> i32 {
    let cy_max = inputs.transitions.iter().map(|t| t.calendar_year).max();
    cy_max.unwrap_or_default() + 1
}

/// A Dirichlet's categories with their weights, leaving out any of weight 0: a scenario can
/// scale a category's only evidence to nothing (§7.2 `modify-transition-by 0`), and a category
/// that can never be drawn is no category.
fn weighed(alpha: BTreeMap<usize, f64>) -> Vec<(u32, f64)> {
    alpha
        .into_iter()
        .filter(|&(_, w)| w > 0.0)
        .map(|(x, w)| (x as u32, w))
        .collect()
}

/// Per NC year priors from all cohorts of that year (§3.3 step 2): the shares of the two
/// outcomes, plus ½ each, normalised to weigh 1. NC years with no observations have none here;
/// their flat prior is given where the rates are made.
fn ay_priors(counts: &HashMap<Key, [f64; 2]>) -> HashMap<i32, (f64, f64)> {
    let mut sums: HashMap<i32, [f64; 2]> = HashMap::new();
    for (&(a, _), &[c, d]) in counts {
        let s = sums.entry(a).or_default();
        s[0] += c;
        s[1] += d;
    }
    sums.into_iter()
        .map(|(a, [c, d])| (a, ((c + 0.5) / (c + d + 1.0), (d + 0.5) / (c + d + 1.0))))
        .collect()
}

/// The general population, by calendar year and NC year.
struct Populations<'a> {
    by_year: BTreeMap<i32, BTreeMap<i32, u64>>,
    file: &'a str,
}

impl<'a> Populations<'a> {
    fn new(inputs: &Inputs, file: &'a str) -> Self {
        let mut by_year: BTreeMap<i32, BTreeMap<i32, u64>> = BTreeMap::new();
        for p in &inputs.population {
            by_year
                .entry(p.calendar_year)
                .or_default()
                .insert(p.academic_year, p.population);
        }
        Self { by_year, file }
    }

    fn get(&self, year: i32, ay: i32) -> Result<f64, InputError> {
        let p = self.by_year.get(&year).and_then(|y| y.get(&ay));
        p.map(|&p| p as f64).ok_or_else(|| {
            InputError::file(
                self.file,
                format!("has no row for calendar year {year}, academic year {ay}, which the joining rates need"),
            )
        })
    }

    /// The years after the seed year, which must follow one another, and their populations.
    fn projection(&self, seed_year: i32) -> Result<(Vec<i32>, Vec<[u64; AYS]>), InputError> {
        let years: Vec<i32> = self
            .by_year
            .range(seed_year + 1..)
            .map(|(&y, _)| y)
            .collect();
        if years.is_empty() {
            return Err(InputError::file(
                self.file,
                format!(
                    "has no calendar year after {seed_year}, the year the forecast starts from, so there is nothing to forecast"
                ),
            ));
        }
        let mut background = Vec::with_capacity(years.len());
        for (&y, expected) in years.iter().zip(seed_year + 1..) {
            if y != expected {
                return Err(InputError::file(
                    self.file,
                    format!(
                        "skips calendar year {expected}: the forecast moves one year at a time"
                    ),
                ));
            }
            let mut row = [0; AYS];
            for (&a, &p) in &self.by_year[&y] {
                row[ay_index(a)] = p;
            }
            background.push(row);
        }
        Ok((years, background))
    }
}

/// Joiner rates and destinations by NC year (§3.4, §3.5).
fn estimate_joiners(
    inputs: &Inputs,
    valid: &BTreeSet<Key>,
    valid_ays: &BTreeSet<i32>,
    joins: &BTreeMap<i32, BTreeMap<usize, f64>>,
    join_counts: &HashMap<(i32, i32), f64>,
    population: &Populations<'_>,
) -> Result<Vec<Option<Joiners>>, InputError> {
    let years: BTreeSet<i32> = inputs.transitions.iter().map(|t| t.calendar_year).collect();
    let n_years = years.len() as f64;
    let mut joiners = vec![None; AYS];
    for &a in valid_ays {
        let Some(observed) = joins.get(&a) else {
            continue;
        };
        let (mut alpha, mut beta) = (0.0, 0.0);
        for &cy in &years {
            // The side-1 year's population with the side-2 NC year (§3.4 QUIRK).
            let pop = population.get(cy, a)?;
            let j = join_counts.get(&(cy, a)).copied().unwrap_or(0.0);
            if j > 0.0 {
                alpha += j / n_years;
                beta += (pop - j) / n_years;
            } else {
                // A year with no joiners still counts, as a small pseudo-count.
                alpha += 0.001;
                beta += pop / n_years;
            }
        }
        let rate = BetaBinomial::new(alpha, beta).ok_or_else(|| {
            InputError::file(
                population.file,
                format!("academic year {a}: more children joined SEND than the population of their year group"),
            )
        })?;
        let states: Vec<usize> = valid
            .iter()
            .filter(|(b, _)| *b == a)
            .map(|&(_, x)| x)
            .collect();
        let mut alpha: BTreeMap<usize, f64> = states
            .iter()
            .map(|&x| (x, 1.0 / states.len() as f64))
            .collect();
        for (&x, &c) in observed {
            *alpha.entry(x).or_default() += c;
        }
        let destinations = DirichletMultinomial::new(weighed(alpha));
        joiners[ay_index(a)] = destinations.map(|destinations| Joiners { rate, destinations });
    }
    Ok(joiners)
}
