//! The Monte Carlo simulation (forecasting.md §4): each simulation steps the seed year's
//! population forward one year at a time, and each year is totalled before the next.
//!
//! Every draw has its own random stream, keyed by the seed, the simulation and the draw's site
//! (`stream`), so a run is the same for a seed whatever the number of threads, simulation k of
//! a 1,000-run is simulation k of a 100-run, the order of the cohorts does not matter (unlike
//! witan.send's hash order, §9 Q1), and a scenario run with the same seed draws exactly as the
//! baseline wherever its rates are the baseline's (common random numbers, `scenario`).

use super::params::{Forecast, Rates};
use super::stream::{Draw, Simulation};
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runs {
    pub(super) years: Vec<i32>,
    pub(super) needs: Vec<String>,
    pub(super) settings: Vec<String>,
    pub(super) simulations: usize,
    /// Per simulation, per year: `[total, by NC year…, by need…, by setting…]`.
    counts: Vec<u64>,
    /// Per simulation, per year: `[total cost, by setting…]` in pence.
    costs: Vec<i64>,
    /// Per year, every state of every NC year (`[NC year][need][setting]`), summed over the
    /// simulations: the mean population cell by cell, which the DSG plan's forecast cells are.
    cell_sums: Vec<u64>,
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
        self.cost_at(year, 0)
    }

    /// The cost of the children in one setting (by its position in [`Forecast::settings`]) in
    /// year number `year`, one value per simulation; zeros for a setting out of range.
    #[must_use]
    pub fn setting_costs(&self, year: usize, setting: usize) -> Vec<Pence> {
        if setting >= self.settings.len() {
            return vec![Pence::ZERO; self.simulations];
        }
        self.cost_at(year, 1 + setting)
    }

    /// The mean count of every non-empty cell of NC year × need × setting in year number
    /// `year`, as `(NC year, need position, setting position, mean)` in that order.
    #[must_use]
    pub fn mean_cells(&self, year: usize) -> Vec<(i32, usize, usize, f64)> {
        let (n_needs, n_settings) = (self.needs.len(), self.settings.len());
        let n_cells = AYS * n_needs * n_settings;
        let n = self.simulations.max(1) as f64;
        (self.cell_sums.iter().skip(year * n_cells).take(n_cells))
            .enumerate()
            .filter(|&(_, &sum)| sum > 0)
            .map(|(i, &sum)| {
                let (ai, x) = (i / (n_needs * n_settings), i % (n_needs * n_settings));
                (
                    MIN_AY + ai as i32,
                    x / n_settings,
                    x % n_settings,
                    sum as f64 / n,
                )
            })
            .collect()
    }

    fn cost_at(&self, year: usize, offset: usize) -> Vec<Pence> {
        let (n_years, stride) = (self.years.len(), 1 + self.settings.len());
        (0..self.simulations)
            .map(|sim| Pence(self.costs[(sim * n_years + year) * stride + offset]))
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
            cell_sums: Vec::new(),
        };
        let n_years = runs.years.len();
        let stride = runs.stride();
        let cost_stride = 1 + self.settings.len();
        let n_cells = self.initial.len();
        runs.counts = vec![0; simulations * n_years * stride];
        runs.costs = vec![0; simulations * n_years * cost_stride];
        runs.cell_sums = vec![0; n_years * n_cells];
        let per_thread = simulations.div_ceil(threads.max(1)).max(1);
        let sums: Vec<Vec<u64>> = std::thread::scope(|scope| {
            let chunks = runs
                .counts
                .chunks_mut(per_thread * n_years * stride)
                .zip(runs.costs.chunks_mut(per_thread * n_years * cost_stride));
            let handles: Vec<_> = chunks
                .enumerate()
                .map(|(i, (counts, costs))| {
                    scope.spawn(move || {
                        // Each thread sums its own simulations' cells; the sums are added after.
                        let mut cells = vec![0; n_years * n_cells];
                        let sims = counts
                            .chunks_mut(n_years * stride)
                            .zip(costs.chunks_mut(n_years * cost_stride));
                        for (j, (counts, costs)) in sims.enumerate() {
                            let sim = Simulation::new(seed, (i * per_thread + j) as u64);
                            self.simulate(sim, counts, costs, &mut cells);
                        }
                        cells
                    })
                })
                .collect();
            // A simulation cannot panic on valid parameters; if one did, its thread's cells
            // are lost rather than the process.
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for part in sums {
            for (sum, c) in runs.cell_sums.iter_mut().zip(part) {
                *sum += c;
            }
        }
        runs
    }

    /// The rates of projected year number `y` (0 = the first after the seed year): the
    /// scenario's from its first year on, the baseline's before (§7.2).
    pub(super) fn rates_of(&self, y: usize) -> &Rates {
        self.later
            .iter()
            .rev()
            .find(|(from, _)| *from <= y)
            .map_or(&self.rates, |(_, rates)| rates)
    }

    /// One simulation: the seed year's totals, then each projected year's (§4.2).
    fn simulate(&self, sim: Simulation, counts: &mut [u64], costs: &mut [i64], cells: &mut [u64]) {
        let stride = counts.len() / (self.years.len() + 1);
        let cost_stride = costs.len() / (self.years.len() + 1);
        let mut population = self.initial.clone();
        let n_cells = population.len();
        let mut next = vec![0; population.len()];
        let mut kept = Vec::new();
        self.total(
            &self.rates,
            &population,
            &mut counts[..stride],
            &mut costs[..cost_stride],
            &mut cells[..n_cells],
        );
        for (y, background) in self.background.iter().enumerate() {
            let rates = self.rates_of(y);
            next.fill(0);
            self.step(rates, &population, &mut next, background, sim, y, &mut kept);
            std::mem::swap(&mut population, &mut next);
            let (at, cost_at) = ((y + 1) * stride, (y + 1) * cost_stride);
            self.total(
                rates,
                &population,
                &mut counts[at..at + stride],
                &mut costs[cost_at..cost_at + cost_stride],
                &mut cells[(y + 1) * n_cells..(y + 2) * n_cells],
            );
        }
    }

    /// One year (§4.3): age every cohort, draw its leavers and movers, then the joiners, then
    /// hold each limited setting to its places. `y` is the projected year's number, which
    /// keys the draws; `kept` is scratch space for the capacity limits.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn step(
        &self,
        rates: &Rates,
        population: &[u64],
        next: &mut [u64],
        background: &[u64; AYS],
        sim: Simulation,
        y: usize,
        kept: &mut Vec<u64>,
    ) {
        let n_states = rates.cost.len();
        let limited = !rates.capacity.is_empty();
        if limited {
            kept.clear();
            kept.resize(next.len(), 0);
        }
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
                let cell = ai * n_states + x;
                let Some(cohort) = &rates.cohorts[cell] else {
                    continue;
                };
                let stay = c - cohort
                    .leave
                    .sample(c, &mut sim.stream(y, Draw::Leavers, cell));
                // A stream is set up only for a draw that has children to draw for (a draw
                // of none draws no numbers, so this changes nothing but the time).
                let stayed = match &cohort.moving {
                    Some((moving, destinations)) if cohort.can_move && stay > 0 => {
                        let movers = moving.sample(stay, &mut sim.stream(y, Draw::Movers, cell));
                        if movers > 0 {
                            let mut rng = sim.stream(y, Draw::MoverDestinations, cell);
                            destinations.sample(movers, &mut rng, &mut |to, k| {
                                next[aged + to as usize] += k;
                            });
                        }
                        stay - movers
                    }
                    _ => stay,
                };
                next[aged + x] += stayed;
                if limited {
                    kept[aged + x] += stayed;
                }
            }
        }
        // Joiners arrive at their NC year and are not aged this year (§4.3 step 3).
        for (ai, joiners) in rates.joiners.iter().enumerate() {
            let (Some(j), n) = (joiners, background[ai]) else {
                continue;
            };
            let joined = j.rate.sample(n, &mut sim.stream(y, Draw::Joiners, ai));
            if joined > 0 {
                let mut rng = sim.stream(y, Draw::JoinerDestinations, ai);
                j.destinations.sample(joined, &mut rng, &mut |to, k| {
                    next[ai * n_states + to as usize] += k;
                });
            }
        }
        for (i, &limit) in rates.capacity.iter().enumerate() {
            let mut rng = sim.stream(y, Draw::Capacity, i);
            super::scenario::hold_to_capacity(limit, self.settings.len(), next, kept, &mut rng);
        }
    }

    /// Totals one year's population into `counts` (see [`Runs`]) and its cost in pence, in
    /// all and by setting, into `costs` (§5), and adds it to the running sums of its `cells`:
    /// every child counts, in a valid state or not.
    fn total(
        &self,
        rates: &Rates,
        population: &[u64],
        counts: &mut [u64],
        costs: &mut [i64],
        cells: &mut [u64],
    ) {
        let (n_states, n_needs) = (rates.cost.len(), self.needs.len());
        let n_settings = self.settings.len();
        counts.fill(0);
        costs.fill(0);
        for (ai, row) in population.chunks(n_states).enumerate() {
            for (x, &c) in row.iter().enumerate() {
                if c == 0 {
                    continue;
                }
                cells[ai * n_states + x] += c;
                counts[0] += c;
                counts[1 + ai] += c;
                counts[1 + AYS + x / n_settings] += c;
                counts[1 + AYS + n_needs + x % n_settings] += c;
                // At most a few million children at tens of thousands of pounds: far inside i64.
                let cost = c as i64 * rates.cost[x].get();
                costs[0] += cost;
                costs[1 + x % n_settings] += cost;
            }
        }
    }
}
