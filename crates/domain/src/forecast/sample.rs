//! The two draws the model makes (forecasting.md §4.4): a beta-binomial (how many of a cohort
//! leave, move or join) and a Dirichlet-multinomial (where the movers or joiners go).
//!
//! Both are sampled exactly, with no approximation and none of the old sampler's bias (§4.6:
//! kixi.stats 0.4.3's BTRD step drifted every large binomial upward, which inflates witan.send's
//! published results by 0.3 % to 1.2 %). Each has two exact methods, chosen by size for speed:
//!
//! - **Small counts** (n ≤ [`URN_MAX`], nearly every cohort): the Pólya urn. Drawing the
//!   probabilities first and then n trials gives the same distribution as n sequential draws in
//!   which each outcome's weight is its prior α plus the times it has come up so far: for a
//!   sequence with kᵢ of outcome i, both give Π αᵢ^(kᵢ) / A^(n) (rising factorials, A = Σα). So
//!   BetaBinomial(n; α, β) is n trials where trial j succeeds with probability
//!   (α + successes)/(α + β + j), and DirichletMultinomial(n; α) is the Chinese-restaurant form
//!   of the same urn: draw j repeats an earlier draw (chosen uniformly) with probability
//!   j/(A + j) and is a fresh draw in proportion to α otherwise. n uniforms, no logarithms.
//! - **Large counts** (joiners from a whole year group, large councils): the compound itself.
//!   p ~ Beta(α, β) then Binomial(n, p); or weights wᵢ ~ Gamma(αᵢ) (a Dirichlet once normalised)
//!   then a multinomial as conditional binomials. `rand_distr`'s Beta (Cheng), Gamma
//!   (Marsaglia-Tsang) and Binomial (BINV below n·p = 10, BTPE above) are exact samplers.
//!
//! Tests below check the first two moments of both methods against the formulas.

use rand::{Rng, RngExt};
use rand_distr::{Beta, Binomial, Distribution, Gamma, Poisson};

/// The largest count sampled by the urn. Above it the compound draw is quicker; both are exact,
/// so the choice affects speed only (see `docs/PERFORMANCE.md`).
pub const URN_MAX: u64 = 24;

/// A Dirichlet-multinomial draws by the urn up to this many children per category, above
/// [`URN_MAX`] too (see [`DirichletMultinomial::sample`]).
pub const URN_PER_CATEGORY: u64 = 8;

/// BetaBinomial(n; α, β): a count out of n whose probability is itself uncertain, Beta(α, β).
#[derive(Debug, Clone)]
pub struct BetaBinomial {
    alpha: f64,
    total: f64,
    beta: Beta<f64>,
}

impl BetaBinomial {
    /// `None` unless both parameters are positive and finite.
    #[must_use]
    pub fn new(alpha: f64, beta: f64) -> Option<Self> {
        if !positive_and_finite(alpha, beta) {
            return None;
        }
        Some(Self {
            alpha,
            total: alpha + beta,
            beta: Beta::new(alpha, beta).ok()?,
        })
    }

    /// The parameters (α, β).
    #[must_use]
    pub fn params(&self) -> (f64, f64) {
        (self.alpha, self.total - self.alpha)
    }

    /// One draw out of `n`.
    pub fn sample<R: Rng + ?Sized>(&self, n: u64, rng: &mut R) -> u64 {
        match n {
            0 => 0,
            n if n <= URN_MAX => self.urn(n, rng),
            n => self.compound(n, rng),
        }
    }

    fn urn<R: Rng + ?Sized>(&self, n: u64, rng: &mut R) -> u64 {
        let mut successes = 0;
        let mut weight = self.total;
        for _ in 0..n {
            if rng.random::<f64>() * weight < self.alpha + successes as f64 {
                successes += 1;
            }
            weight += 1.0;
        }
        successes
    }

    fn compound<R: Rng + ?Sized>(&self, n: u64, rng: &mut R) -> u64 {
        binomial(n, self.beta.sample(rng), rng)
    }
}

/// Whether both parameters of a distribution are above 0 and finite (NaN is neither).
fn positive_and_finite(a: f64, b: f64) -> bool {
    a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite()
}

/// Binomial(n, p), with p clamped to [0, 1] (a Beta draw can round to 0 or 1 exactly).
fn binomial<R: Rng + ?Sized>(n: u64, p: f64, rng: &mut R) -> u64 {
    let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
    Binomial::new(n, p).map_or(0, |b| b.sample(rng))
}

/// GammaPoisson(shape, rate): a count whose Poisson mean is itself uncertain, Gamma(shape, rate),
/// so a negative binomial with mean shape/rate and variance shape/rate · (1 + 1/rate).
///
/// It is the limit of [`BetaBinomial`] for a rare event over a large population of unknown size:
/// with p ~ Beta(α, β) and N ~ Binomial(n, p), n·p tends to Gamma(α, β/n) as n and β grow. The
/// backtest draws joiners with it from published totals that give no population
/// (`backtest::model`). Drawn as the compound, λ then Poisson(λ), both exact in `rand_distr`.
#[derive(Debug, Clone)]
pub struct GammaPoisson {
    shape: f64,
    rate: f64,
    gamma: Gamma<f64>,
}

impl GammaPoisson {
    /// `None` unless both parameters are positive and finite.
    #[must_use]
    pub fn new(shape: f64, rate: f64) -> Option<Self> {
        if !positive_and_finite(shape, rate) {
            return None;
        }
        Some(Self {
            shape,
            rate,
            gamma: Gamma::new(shape, 1.0 / rate).ok()?,
        })
    }

    /// The parameters (shape, rate).
    #[must_use]
    pub fn params(&self) -> (f64, f64) {
        (self.shape, self.rate)
    }

    /// One draw.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        let lambda = self.gamma.sample(rng);
        // A tiny shape can give λ = 0 exactly, where Poisson(0) is 0 but `Poisson::new` refuses.
        Poisson::new(lambda).map_or(0, |p| p.sample(rng) as u64)
    }
}

/// DirichletMultinomial(n; α₁…αₘ) over categories named by `u32` (the model's states).
#[derive(Debug, Clone)]
pub struct DirichletMultinomial {
    categories: Vec<u32>,
    alpha: Vec<f64>,
    /// Running sums of α, for drawing a category in proportion to α.
    cumulative: Vec<f64>,
    gammas: Vec<Gamma<f64>>,
}

impl DirichletMultinomial {
    /// `None` when there are no categories or an α is not positive and finite.
    #[must_use]
    pub fn new(categories: Vec<(u32, f64)>) -> Option<Self> {
        if categories.is_empty() {
            return None;
        }
        let mut cumulative = Vec::with_capacity(categories.len());
        let mut gammas = Vec::with_capacity(categories.len());
        let mut sum = 0.0;
        for &(_, a) in &categories {
            gammas.push(Gamma::new(a, 1.0).ok().filter(|_| a.is_finite())?);
            sum += a;
            cumulative.push(sum);
        }
        let (categories, alpha) = categories.into_iter().unzip();
        Some(Self {
            categories,
            alpha,
            cumulative,
            gammas,
        })
    }

    /// The categories and their α, in order.
    pub fn alphas(&self) -> impl Iterator<Item = (u32, f64)> + '_ {
        self.categories
            .iter()
            .copied()
            .zip(self.alpha.iter().copied())
    }

    /// Draws `n` and hands each category's count (only those above 0) to `add`.
    ///
    /// The urn costs a uniform or two and a binary search per child; the compound costs a
    /// gamma and a binomial (a `pow` each) per category, about as much as eight or more
    /// children in the urn, so the urn is used up to [`URN_PER_CATEGORY`] children a category
    /// (joiners and movers spread over many states).
    pub fn sample<R: Rng + ?Sized>(&self, n: u64, rng: &mut R, add: &mut impl FnMut(u32, u64)) {
        match n {
            0 => {}
            n if n <= URN_MAX => self.urn(n, rng, add),
            n if n <= URN_PER_CATEGORY * self.categories.len() as u64 => {
                self.large_urn(n, rng, add);
            }
            n => self.compound(n, rng, add),
        }
    }

    fn total(&self) -> f64 {
        self.cumulative.last().copied().unwrap_or(0.0)
    }

    /// A category drawn in proportion to α.
    fn fresh<R: Rng + ?Sized>(&self, rng: &mut R) -> usize {
        let target = rng.random::<f64>() * self.total();
        self.cumulative
            .partition_point(|&c| c <= target)
            .min(self.cumulative.len() - 1)
    }

    fn urn<R: Rng + ?Sized>(&self, n: u64, rng: &mut R, add: &mut impl FnMut(u32, u64)) {
        let mut draws = [0usize; URN_MAX as usize];
        let total = self.total();
        for j in 0..n as usize {
            let u = rng.random::<f64>() * (total + j as f64);
            draws[j] = if u < total {
                self.fresh(rng)
            } else {
                // Repeat one of the j earlier draws, each equally likely.
                draws[((u - total) as usize).min(j - 1)]
            };
        }
        for &d in &draws[..n as usize] {
            add(self.categories[d], 1);
        }
    }

    /// The urn for more than [`URN_MAX`] draws: the same steps, its draws kept on the heap
    /// and counted per category at the end.
    fn large_urn<R: Rng + ?Sized>(&self, n: u64, rng: &mut R, add: &mut impl FnMut(u32, u64)) {
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        let mut draws: Vec<u32> = Vec::with_capacity(n);
        let total = self.total();
        for j in 0..n {
            let u = rng.random::<f64>() * (total + j as f64);
            let d = if u < total || j == 0 {
                self.fresh(rng) as u32
            } else {
                draws[((u - total) as usize).min(j - 1)]
            };
            draws.push(d);
        }
        let mut counts = vec![0u64; self.categories.len()];
        for d in draws {
            counts[d as usize] += 1;
        }
        for (i, &c) in counts.iter().enumerate() {
            if c > 0 {
                add(self.categories[i], c);
            }
        }
    }

    fn compound<R: Rng + ?Sized>(&self, n: u64, rng: &mut R, add: &mut impl FnMut(u32, u64)) {
        let weights: Vec<f64> = loop {
            let w: Vec<f64> = self.gammas.iter().map(|g| g.sample(rng)).collect();
            // All weights underflowing to 0 has probability ~0; draw again if it happens.
            if w.iter().sum::<f64>() > 0.0 {
                break w;
            }
        };
        // Category i takes Binomial(left, wᵢ / Σ_{j ≥ i} wⱼ) of what is left; the last takes
        // the rest. Summing from the end keeps each ratio exact to rounding.
        let mut rest: f64 = weights.iter().sum();
        let mut left = n;
        let last = weights.len() - 1;
        for (i, &w) in weights.iter().enumerate() {
            let x = if i == last {
                left
            } else {
                binomial(left, w / rest, rng)
            };
            if x > 0 {
                add(self.categories[i], x);
            }
            left -= x;
            rest -= w;
            if left == 0 {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// Checks a sample's mean and variance each within 5 standard errors of the formulas. The
    /// variance's standard error comes from the sample's fourth central moment.
    fn check(xs: &[f64], mean: f64, var: f64) {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
        let m4 = xs.iter().map(|x| (x - m).powi(4)).sum::<f64>() / n;
        let se = (var / n).sqrt();
        let se_var = ((m4 - v * v).max(0.0) / n).sqrt();
        assert!(
            (m - mean).abs() < 5.0 * se,
            "mean {m}, expected {mean} ± {se}"
        );
        assert!(
            (v - var).abs() < 5.0 * se_var,
            "variance {v}, expected {var} ± {se_var}"
        );
    }

    /// One way of drawing a Dirichlet-multinomial, for checking each method.
    type DrawWith = fn(&DirichletMultinomial, u64, &mut ChaCha8Rng, &mut dyn FnMut(u32, u64));

    fn bb_moments(n: f64, a: f64, b: f64) -> (f64, f64) {
        let t = a + b;
        (n * a / t, n * a * b * (t + n) / (t * t * (t + 1.0)))
    }

    #[test]
    fn beta_binomial_moments_by_urn_and_by_compound() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        // A leaver-like rate, a mover-like rate with a flat prior, a joiner-like concentrated
        // rate over a whole year group.
        for (a, b) in [(0.52, 13.98), (1.079, 7.92), (3.0, 2.0)] {
            let bb = BetaBinomial::new(a, b).unwrap();
            for n in [1, 7, URN_MAX] {
                let xs: Vec<f64> = (0..200_000).map(|_| bb.urn(n, &mut rng) as f64).collect();
                let (mean, var) = bb_moments(n as f64, a, b);
                check(&xs, mean, var);
                let xs: Vec<f64> = (0..200_000)
                    .map(|_| bb.compound(n, &mut rng) as f64)
                    .collect();
                check(&xs, mean, var);
            }
        }
        let (a, b) = (41.0 / 4.0, 12195.0 / 2.0);
        let bb = BetaBinomial::new(a, b).unwrap();
        let xs: Vec<f64> = (0..200_000)
            .map(|_| bb.sample(6871, &mut rng) as f64)
            .collect();
        let (mean, var) = bb_moments(6871.0, a, b);
        check(&xs, mean, var);
        assert!(BetaBinomial::new(0.0, 1.0).is_none());
        assert_eq!(bb.sample(0, &mut rng), 0);
    }

    #[test]
    fn gamma_poisson_moments() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        // A small council's joiners (with witan.send's 0.001 for a year with none), a large one's,
        // and a concentrated posterior.
        for (shape, rate) in [(0.251, 1.0), (2400.0, 1.0), (600.0, 6.0)] {
            let gp = GammaPoisson::new(shape, rate).unwrap();
            let xs: Vec<f64> = (0..200_000).map(|_| gp.sample(&mut rng) as f64).collect();
            let mean = shape / rate;
            check(&xs, mean, mean * (1.0 + 1.0 / rate));
        }
        assert!(GammaPoisson::new(0.0, 1.0).is_none());
        assert!(GammaPoisson::new(1.0, f64::INFINITY).is_none());
    }

    #[test]
    fn dirichlet_multinomial_moments_by_urn_and_by_compound() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        // A mover prior: one large weight, one middling, several small (forecasting.md §3.3
        // example for (15, U-E)), plus an observed count.
        let alpha = [0.5921, 0.3026, 0.0132, 0.0132, 0.0132, 0.0132, 2.0];
        let dm = DirichletMultinomial::new(
            alpha
                .iter()
                .enumerate()
                .map(|(i, &a)| (i as u32, a))
                .collect(),
        )
        .unwrap();
        let total: f64 = alpha.iter().sum();
        let methods: [(&str, DrawWith); 3] = [
            ("sample", |dm, n, rng, add| {
                dm.sample(n, rng, &mut |c, x| add(c, x))
            }),
            ("large urn", |dm, n, rng, add| {
                dm.large_urn(n, rng, &mut |c, x| add(c, x))
            }),
            ("compound", |dm, n, rng, add| {
                dm.compound(n, rng, &mut |c, x| add(c, x))
            }),
        ];
        for ((method, draw), n) in methods
            .iter()
            .flat_map(|m| [1u64, 5, URN_MAX, 200].map(|n| (m, n)))
        {
            let mut counts = vec![Vec::with_capacity(100_000); alpha.len()];
            for _ in 0..100_000 {
                let mut one = vec![0u64; alpha.len()];
                draw(&dm, n, &mut rng, &mut |c, x| one[c as usize] += x);
                assert_eq!(one.iter().sum::<u64>(), n, "{method}");
                for (c, x) in counts.iter_mut().zip(one) {
                    c.push(x as f64);
                }
            }
            for (xs, a) in counts.iter().zip(alpha) {
                let (n, p) = (n as f64, a / total);
                check(xs, n * p, n * p * (1.0 - p) * (n + total) / (1.0 + total));
            }
        }
        assert!(DirichletMultinomial::new(vec![]).is_none());
        assert!(DirichletMultinomial::new(vec![(0, 0.0)]).is_none());
    }
}
