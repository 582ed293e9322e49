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
//! generator per draw (forecasting.md §4.1 and Appendix A). Its state and increment ("gamma")
//! are both derived from the key by SplitMix's mixing functions, which are bijections, so
//! distinct sites get distinct streams. It passes BigCrush; setting one up costs three
//! multiplications, where a ChaCha block per site would cost more than the draws themselves.

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

/// SplitMix's gamma derivation (forecasting.md Appendix A, `mixGamma`): odd, with enough bit
/// transitions to step well.
const fn mix_gamma(mut z: u64) -> u64 {
    z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    z = (z ^ (z >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    z = (z ^ (z >> 33)) | 1;
    if (z ^ (z >> 1)).count_ones() < 24 {
        z ^ 0xaaaa_aaaa_aaaa_aaaa
    } else {
        z
    }
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
        let state = mix64(self.0 ^ mix64(site.wrapping_add(GOLDEN_GAMMA)));
        Stream {
            state,
            gamma: mix_gamma(state.wrapping_add(GOLDEN_GAMMA)),
        }
    }
}

/// One site's SplitMix64 stream.
#[derive(Debug, Clone)]
pub(super) struct Stream {
    state: u64,
    gamma: u64,
}

impl TryRng for Stream {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        // The high half, the better-mixed one.
        Ok((self.try_next_u64()? >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.state = self.state.wrapping_add(self.gamma);
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
    }
}
