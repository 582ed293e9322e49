//! Random streams for the simulation, one per draw site, so that two runs with the same seed
//! share their randomness wherever their rates agree (common random numbers).
//!
//! A *site* is one draw of one simulation: a cohort's leavers, its movers or their
//! destinations in a year, an NC year's joiners or theirs, a capacity limit's displaced
//! children. Each gets its own stream, keyed by the seed, the simulation and the site, so what
//! is drawn at a site depends on nothing else: not on the order of the cohorts, not on how
//! many draws another cohort made. A baseline and a scenario run with the same seed therefore
//! draw identically at every site whose count and rates are the same, a mitigation that changes
//! nothing changes nothing, and the difference between the two runs is the mitigation's effect
//! with the chance of the year cancelled out (see `scenario`). With one stream per simulation, a
//! single changed cohort would shift every later draw and bury the effect in noise.
//!
//! The generator is SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
//! generators", OOPSLA 2014), the generator witan.send itself draws with, also one fresh
//! generator per draw (forecasting.md §4.1 and Appendix A). A site's starting state is the
//! simulation's key and the site's number (spread by the golden gamma, an odd multiplier) passed
//! through SplitMix's output mixer, a bijection, so distinct sites start in distinct, unrelated
//! states; each stream then steps by the golden gamma, as `SplitMix64` seeded from a number
//! does. Streams starting at random points of the 2⁶⁴ cycle overlap only if two starts fall
//! within a few hundred steps of each other, a chance of about 10⁻¹⁰ in a whole run. Setting a
//! stream up costs three multiplications; a site draws a few numbers, so a heavier set-up
//! (a derived gamma, a ChaCha block) would cost more than the draws themselves.

use std::convert::Infallible;

use rand::TryRng;

/// The golden-ratio increment SplitMix starts from.
const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// Stafford's variant 13 mixer (SplitMix64's output function).
const fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What a site draws, to keep the streams of one cohort's draws apart.
#[derive(Debug, Clone, Copy)]
pub(super) enum Draw {
    Leavers = 0,
    Movers = 1,
    MoverDestinations = 2,
    Joiners = 3,
    JoinerDestinations = 4,
    Capacity = 5,
}

/// The key of one simulation, from which each site's stream is made.
#[derive(Debug, Clone, Copy)]
pub(super) struct Simulation(u64);

impl Simulation {
    pub(super) fn new(seed: u64, simulation: u64) -> Self {
        Self(mix64(mix64(seed ^ GOLDEN_GAMMA).wrapping_add(simulation)))
    }

    /// The stream of one site: a draw of kind `draw` in projected year `year` at position
    /// `cell` (a cohort's NC year × state, an NC year, or a capacity limit's number).
    pub(super) fn stream(self, year: usize, draw: Draw, cell: usize) -> Stream {
        let site = ((year as u64) << 40) ^ ((draw as u64) << 32) ^ cell as u64;
        Stream {
            state: mix64(self.0 ^ site.wrapping_mul(GOLDEN_GAMMA)),
        }
    }
}

/// One site's SplitMix64 stream.
#[derive(Debug, Clone)]
pub(super) struct Stream {
    state: u64,
}

impl TryRng for Stream {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        // The high half, the better-mixed one.
        Ok((self.try_next_u64()? >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        Ok(mix64(self.state))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let bytes = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn a_site_draws_the_same_whatever_else_is_drawn() {
        let sim = Simulation::new(50, 3);
        let a: Vec<u64> = (0..4)
            .map(|_| sim.stream(2, Draw::Leavers, 17).random())
            .collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut other = sim.stream(2, Draw::Movers, 17);
        let mut same = sim.stream(2, Draw::Leavers, 17);
        assert_ne!(other.random::<u64>(), same.random::<u64>());
        assert_ne!(
            Simulation::new(50, 4)
                .stream(2, Draw::Leavers, 17)
                .random::<u64>(),
            a[0]
        );
    }

    #[test]
    fn uniforms_look_uniform_across_sites() {
        // Mean and variance of U(0, 1) over one draw from each of many adjacent sites, the way
        // the simulation uses them: 1/2 and 1/12, within 5 standard errors.
        let sim = Simulation::new(7, 0);
        let n = 200_000;
        let xs: Vec<f64> = (0..n)
            .map(|c| sim.stream(1, Draw::Joiners, c).random::<f64>())
            .collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(
            (mean - 0.5).abs() < 5.0 * (1.0 / 12.0 / n as f64).sqrt(),
            "{mean}"
        );
        assert!(
            (var - 1.0 / 12.0).abs() < 5.0 * (1.0 / 180.0 / n as f64).sqrt(),
            "{var}"
        );
        // Neighbouring sites are unrelated: the lag-one correlation of their first draws, and
        // of each site's first and second draws, is 0 within 5 standard errors (1/√n).
        let lag = |pairs: &mut dyn Iterator<Item = (f64, f64)>| {
            let c: f64 = pairs.map(|(a, b)| (a - 0.5) * (b - 0.5)).sum();
            c / (n as f64 - 1.0) * 12.0
        };
        let neighbours = lag(&mut xs.windows(2).map(|w| (w[0], w[1])));
        assert!(neighbours.abs() < 5.0 / (n as f64).sqrt(), "{neighbours}");
        let within = lag(&mut (0..n - 1).map(|c| {
            let mut s = sim.stream(1, Draw::Joiners, c);
            (s.random::<f64>(), s.random::<f64>())
        }));
        assert!(within.abs() < 5.0 / (n as f64).sqrt(), "{within}");
    }
}
