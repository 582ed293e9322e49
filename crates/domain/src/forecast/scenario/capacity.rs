//! Holding a setting to its places (a capacity mitigation), after a year's moves and joins.
//!
//! A full setting takes no one new, so the children displaced are first those who arrived this
//! year (joiners and movers in), chosen at random among them; only if the children who were
//! already there still exceed the places (a limit set below the current roll, i.e. places
//! withdrawn) are some of them moved too, again at random. Either way they go to the named
//! alternative setting with their NC year and need, where the model carries them on like any
//! other child there (and, as for any mover, if that setting does not take their NC year and
//! need they leave the model next year, §4.3 R2). Choosing "at random" is a multivariate
//! hypergeometric draw over the setting's cells, so every child there is equally likely to be
//! the one displaced.

use rand_distr::{Distribution, Hypergeometric};

use super::super::params::Capacity;
use super::super::stream::Stream;

/// Moves the excess over `limit.places` out of `limit.setting` in `next` (the year's
/// population by `[ay][state]`), newcomers first; `kept` holds, per cell, the children who were
/// already in the setting and stayed.
pub(in crate::forecast) fn hold_to_capacity(
    limit: Capacity,
    n_settings: usize,
    next: &mut [u64],
    kept: &mut [u64],
    rng: &mut Stream,
) {
    // States are need × settings + setting and the table is NC year × states, so every cell of
    // a setting is `setting` plus a multiple of the number of settings.
    let cells: Vec<usize> = (limit.setting..next.len()).step_by(n_settings).collect();
    let total: u64 = cells.iter().map(|&c| next[c]).sum();
    let Some(excess) = total.checked_sub(limit.places).filter(|&e| e > 0) else {
        return;
    };
    let arrived: Vec<u64> = cells.iter().map(|&c| next[c] - kept[c]).collect();
    let from_new = excess.min(arrived.iter().sum());
    let to = |c: usize| c - limit.setting + limit.excess_to;
    for (&c, k) in cells.iter().zip(choose(&arrived, from_new, rng)) {
        next[c] -= k;
        next[to(c)] += k;
    }
    let stayed: Vec<u64> = cells.iter().map(|&c| kept[c]).collect();
    for (&c, k) in cells.iter().zip(choose(&stayed, excess - from_new, rng)) {
        next[c] -= k;
        kept[c] -= k;
        next[to(c)] += k;
    }
}

/// Chooses `n` children at random from `counts` (at most their sum) and says how many from
/// each: count by count, a hypergeometric draw of how many of those still to choose come from
/// this one, out of the children not yet passed over.
fn choose(counts: &[u64], mut n: u64, rng: &mut Stream) -> Vec<u64> {
    let mut pool: u64 = counts.iter().sum();
    counts
        .iter()
        .map(|&here| {
            let k = if n == 0 {
                0
            } else if here == pool {
                n
            } else {
                // Only fails if `here > pool` or `n > pool`, which the sums rule out.
                Hypergeometric::new(pool, here, n).map_or(0, |h| h.sample(rng))
            };
            pool -= here;
            n -= k;
            k
        })
        .collect()
}
