//! The Monte Carlo simulation (forecasting.md §4): each simulation steps the seed year's
//! population forward one year at a time, and each year is totalled before the next.
//!
//! Every simulation has its own random stream, ChaCha8 keyed by the seed with the simulation's
//! number as the stream, so a run is the same for a seed whatever the number of threads, and
//! simulation k of a 1,000-run is simulation k of a 100-run. The draw order within a simulation
//! is fixed (cohorts by NC year, then state; then joiners by NC year), unlike witan.send's hash
//! order (§9 Q1), which only mattered for reproducing its exact numbers.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::params::Forecast;
use super::{AYS, MIN_AY};
use crate::Pence;

/// NC years at or above this are not aged: the cohort ends (§4.3 step 1).
const AGEING_CEILING: i32 = 21;

/// What a part of the population is, for reading results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakdown {
    /// Everyone.
    Total,
    /// One NC year, from −5 to 25.
    AcademicYear(i32),
    /// One need, by its position in [`Forecast::needs`].
    Need(usize),
    /// One setting, by its position in [`Forecast::settings`].
    Setting(usize),
}

/// The totals of every simulation in every year, the seed year first.
#[derive(Debug, Clone)]
pub struct Runs {
    pub(super) years: Vec<i32>,
    pub(super) needs: Vec<String>,
    pub(super) settings: Vec<String>,
    pub(super) simulations: usize,
    /// Per simulation, per year: `[total, by NC year…, by need…, by setting…]`.
    counts: Vec<u64>,
    /// Per simulation, per year: the cost in pence.
    costs: Vec<i64>,
}

impl Runs {
    fn stride(&self) -> usize {
        1 + AYS + self.needs.len() + self.settings.len()
    }

    /// The calendar years, the seed year first.
    #[must_use]
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// How many simulations were run.
    #[must_use]
    pub fn simulations(&self) -> usize {
        self.simulations
    }

    /// The count of `part` in year number `year` (0 = seed year), one value per simulation.
    /// An NC year, need or setting out of range gives zeros.
    #[must_use]
    pub fn counts(&self, year: usize, part: Breakdown) -> Vec<u64> {
        let offset = match part {
            Breakdown::Total => Some(0),
            Breakdown::AcademicYear(a) => usize::try_from(a - MIN_AY)
                .ok()
                .filter(|&i| i < AYS)
                .map(|i| 1 + i),
            Breakdown::Need(n) => (n < self.needs.len()).then_some(1 + AYS + n),
            Breakdown::Setting(s) => {
                (s < self.settings.len()).then_some(1 + AYS + self.needs.len() + s)
            }
        };
        let (stride, n_years) = (self.stride(), self.years.len());
        (0..self.simulations)
            .map(|sim| offset.map_or(0, |o| self.counts[(sim * n_years + year) * stride + o]))
            .collect()
    }

    /// The total cost in year number `year`, one value per simulation.
    #[must_use]
    pub fn costs(&self, year: usize) -> Vec<Pence> {
        let n_years = self.years.len();
        (0..self.simulations)
            .map(|sim| Pence(self.costs[sim * n_years + year]))
            .collect()
    }
}

impl Forecast {
    /// Runs `simulations` simulations from `seed` on up to `threads` threads.
    #[must_use]
    pub fn run(&self, simulations: usize, seed: u64, threads: usize) -> Runs {
        let mut years = vec![self.seed_year];
        years.extend(&self.years);
        let mut runs = Runs {
            years,
            needs: self.needs.clone(),
            settings: self.settings.clone(),
            simulations,
            counts: Vec::new(),
            costs: Vec::new(),
        };
        let n_years = runs.years.len();
        let stride = runs.stride();
        runs.counts = vec![0; simulations * n_years * stride];
        runs.costs = vec![0; simulations * n_years];
        let per_thread = simulations.div_ceil(threads.max(1)).max(1);
        std::thread::scope(|scope| {
            let chunks = runs
                .counts
                .chunks_mut(per_thread * n_years * stride)
                .zip(runs.costs.chunks_mut(per_thread * n_years));
            for (i, (counts, costs)) in chunks.enumerate() {
                scope.spawn(move || {
                    let sims = counts
                        .chunks_mut(n_years * stride)
                        .zip(costs.chunks_mut(n_years));
                    for (j, (counts, costs)) in sims.enumerate() {
                        let mut rng = ChaCha8Rng::seed_from_u64(seed);
                        rng.set_stream((i * per_thread + j) as u64);
                        self.simulate(&mut rng, counts, costs);
                    }
                });
            }
        });
        runs
    }

    /// One simulation: the seed year's totals, then each projected year's (§4.2).
    fn simulate(&self, rng: &mut ChaCha8Rng, counts: &mut [u64], costs: &mut [i64]) {
        let stride = counts.len() / costs.len();
        let mut population = self.initial.clone();
        let mut next = vec![0; population.len()];
        self.total(&population, &mut counts[..stride], &mut costs[0]);
        for (y, background) in self.background.iter().enumerate() {
            next.fill(0);
            self.step(&population, &mut next, background, rng);
            std::mem::swap(&mut population, &mut next);
            let at = (y + 1) * stride;
            self.total(&population, &mut counts[at..at + stride], &mut costs[y + 1]);
        }
    }

    /// One year (§4.3): age every cohort, draw its leavers and movers, then the joiners.
    pub(super) fn step(
        &self,
        population: &[u64],
        next: &mut [u64],
        background: &[u64; AYS],
        rng: &mut ChaCha8Rng,
    ) {
        let n_states = self.cost.len();
        for (ai, row) in population.chunks(n_states).enumerate() {
            // Cohorts at the ceiling end here; below it, NC year a becomes a + 1, which is
            // always within −4…21, so witan.send's out-of-range leaver rule never applies.
            if MIN_AY + ai as i32 >= AGEING_CEILING {
                break;
            }
            let aged = (ai + 1) * n_states;
            for (x, &c) in row.iter().enumerate() {
                if c == 0 {
                    continue;
                }
                // A cohort whose state was not valid at its NC year leaves the model (R2).
                let Some(rates) = &self.cohorts[ai * n_states + x] else {
                    continue;
                };
                let stay = c - rates.leave.sample(c, rng);
                match &rates.moving {
                    Some((moving, destinations)) if rates.can_move => {
                        let movers = moving.sample(stay, rng);
                        next[aged + x] += stay - movers;
                        destinations.sample(movers, rng, &mut |to, k| {
                            next[aged + to as usize] += k;
                        });
                    }
                    _ => next[aged + x] += stay,
                }
            }
        }
        // Joiners arrive at their NC year and are not aged this year (§4.3 step 3).
        for (ai, joiners) in self.joiners.iter().enumerate() {
            let (Some(j), n) = (joiners, background[ai]) else {
                continue;
            };
            let joined = j.rate.sample(n, rng);
            j.destinations.sample(joined, rng, &mut |to, k| {
                next[ai * n_states + to as usize] += k;
            });
        }
    }

    /// Totals one year's population into `counts` (see [`Runs`]) and its cost in pence (§5):
    /// every child counts, in a valid state or not.
    fn total(&self, population: &[u64], counts: &mut [u64], cost: &mut i64) {
        let (n_states, n_needs) = (self.cost.len(), self.needs.len());
        let n_settings = self.settings.len();
        counts.fill(0);
        *cost = 0;
        for (ai, row) in population.chunks(n_states).enumerate() {
            for (x, &c) in row.iter().enumerate() {
                if c == 0 {
                    continue;
                }
                counts[0] += c;
                counts[1 + ai] += c;
                counts[1 + AYS + x / n_settings] += c;
                counts[1 + AYS + n_needs + x % n_settings] += c;
                // At most a few million children at tens of thousands of pounds: far inside i64.
                *cost += c as i64 * self.cost[x].get();
            }
        }
    }
}
