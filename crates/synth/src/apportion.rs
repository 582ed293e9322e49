//! Largest-remainder (Hamilton) apportionment.
//!
//! Synth turns calibrated shares into whole numbers of children many times over (placements,
//! ages within a placement, needs within a placement, settings within a phase). Rounding each
//! share on its own would make totals drift by a child or two per cell; apportioning by largest
//! remainder keeps the total exact and every count within one of its exact quota, so published
//! shares are reproduced to a fraction of a percentage point even for a small council.

/// Splits `total` into whole counts proportional to `weights`.
///
/// Each count is its quota `total * w / sum(w)` rounded down, and the units left over go to the
/// largest remainders (ties to the lower index, so the result is deterministic). The counts sum
/// to `total` exactly and each lies within one of its quota. Negative or non-finite weights count
/// as zero; if every weight is zero the total is spread evenly.
pub fn largest_remainder(total: u64, weights: &[f64]) -> Vec<u64> {
    if weights.is_empty() {
        return Vec::new();
    }
    let clean: Vec<f64> = weights
        .iter()
        .map(|w| if w.is_finite() && *w > 0.0 { *w } else { 0.0 })
        .collect();
    let sum: f64 = clean.iter().sum();
    let clean = if sum > 0.0 {
        clean
    } else {
        vec![1.0; weights.len()]
    };
    let sum: f64 = clean.iter().sum();
    let exact = total as f64;
    let mut counts = Vec::with_capacity(clean.len());
    let mut remainders = Vec::with_capacity(clean.len());
    let mut assigned: u64 = 0;
    for (i, w) in clean.iter().enumerate() {
        let quota = exact * w / sum;
        let floor = quota.floor();
        // `quota` is at most `total`, so the cast cannot overflow.
        let whole = floor as u64;
        counts.push(whole);
        assigned += whole;
        remainders.push((quota - floor, i));
    }
    // Floating point may leave the floors a unit over in pathological cases; take units back
    // from the smallest remainders if so.
    while assigned > total {
        if let Some(&(_, i)) = remainders
            .iter()
            .filter(|(_, i)| counts[*i] > 0)
            .min_by(|a, b| a.0.total_cmp(&b.0))
        {
            counts[i] -= 1;
            assigned -= 1;
        } else {
            break;
        }
    }
    let left = total - assigned;
    if left > 0 {
        // Largest remainder first; among equal remainders the lower index first. Zero weights
        // never receive a unit unless every weight is zero (handled above).
        remainders.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let eligible: Vec<usize> = remainders
            .iter()
            .filter(|(_, i)| clean[*i] > 0.0)
            .map(|(_, i)| *i)
            .collect();
        for k in 0..left as usize {
            let i = eligible[k % eligible.len()];
            counts[i] += 1;
        }
    }
    counts
}

/// Like [`largest_remainder`] for `u32` totals, the common case.
pub fn apportion(total: u32, weights: &[f64]) -> Vec<u32> {
    largest_remainder(u64::from(total), weights)
        .into_iter()
        .map(|c| u32::try_from(c).unwrap_or(u32::MAX))
        .collect()
}

/// Rounds a table of non-negative reals to whole numbers with the given row and column totals
/// ("controlled rounding").
///
/// Each row is first scaled to its total; cells that are zero stay zero (structural zeros).
/// Every cell becomes its value rounded down or up. Row totals are always met exactly. Column
/// totals are met exactly whenever a one-step exchange between two rows can reach them, which
/// covers tables fitted by [`crate::ipf`]; otherwise the leftover units go to the columns
/// furthest below their totals. `col_totals` should sum to the same as `row_totals`.
pub fn round_table(real: &[Vec<f64>], row_totals: &[u64], col_totals: &[u64]) -> Vec<Vec<u64>> {
    let rows = real.len();
    let cols = col_totals.len();
    let mut scaled = vec![vec![0.0f64; cols]; rows];
    let mut out = vec![vec![0u64; cols]; rows];
    let mut row_left = vec![0i64; rows];
    let mut col_left: Vec<i64> = col_totals.iter().map(|&c| c as i64).collect();
    for r in 0..rows {
        let clean: Vec<f64> = (0..cols)
            .map(|c| {
                real[r]
                    .get(c)
                    .copied()
                    .filter(|v| v.is_finite() && *v > 0.0)
                    .unwrap_or(0.0)
            })
            .collect();
        let sum: f64 = clean.iter().sum();
        let total = row_totals[r];
        if sum > 0.0 {
            for c in 0..cols {
                scaled[r][c] = clean[c] * total as f64 / sum;
                let floor = scaled[r][c].floor();
                out[r][c] = floor as u64;
                col_left[c] -= floor as i64;
            }
        }
        row_left[r] = total as i64 - out[r].iter().sum::<u64>() as i64;
    }
    // Pass 1: the largest fractional parts first, where both the row and the column still lack
    // units.
    let mut cells: Vec<(f64, usize, usize)> = Vec::new();
    for (r, row) in scaled.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if *v > 0.0 {
                cells.push((v - v.floor(), r, c));
            }
        }
    }
    cells.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for &(frac, r, c) in &cells {
        if frac > 0.0 && row_left[r] > 0 && col_left[c] > 0 && (out[r][c] as f64) < scaled[r][c] {
            out[r][c] += 1;
            row_left[r] -= 1;
            col_left[c] -= 1;
        }
    }
    // Pass 2: rows still short. Try a cell whose column lacks units; else move a unit of another
    // row out of a full column into one that lacks units; else take the column furthest below.
    for r in 0..rows {
        while row_left[r] > 0 {
            let allowed: Vec<usize> = (0..cols).filter(|&c| scaled[r][c] > 0.0).collect();
            if allowed.is_empty() {
                // Nothing in this row can hold a unit: give it to the column furthest below.
                let c = (0..cols)
                    .max_by_key(|&c| (col_left[c], std::cmp::Reverse(c)))
                    .unwrap_or(0);
                out[r][c] += row_left[r] as u64;
                col_left[c] -= row_left[r];
                row_left[r] = 0;
                break;
            }
            if let Some(&c) = allowed
                .iter()
                .filter(|&&c| col_left[c] > 0)
                .max_by(|&&a, &&b| col_left[a].cmp(&col_left[b]).then(b.cmp(&a)))
            {
                out[r][c] += 1;
                row_left[r] -= 1;
                col_left[c] -= 1;
                continue;
            }
            let mut exchanged = false;
            'search: for &c in &allowed {
                for r2 in 0..rows {
                    if r2 == r || out[r2][c] == 0 {
                        continue;
                    }
                    for c2 in 0..cols {
                        if c2 != c && col_left[c2] > 0 && scaled[r2][c2] > 0.0 {
                            out[r2][c] -= 1;
                            out[r2][c2] += 1;
                            col_left[c2] -= 1;
                            out[r][c] += 1;
                            row_left[r] -= 1;
                            exchanged = true;
                            break 'search;
                        }
                    }
                }
            }
            if !exchanged {
                let c = allowed
                    .iter()
                    .copied()
                    .max_by(|&a, &b| col_left[a].cmp(&col_left[b]).then(b.cmp(&a)))
                    .unwrap_or(0);
                out[r][c] += 1;
                row_left[r] -= 1;
                col_left[c] -= 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_a_simple_case() {
        assert_eq!(largest_remainder(10, &[1.0, 1.0, 1.0]), vec![4, 3, 3]);
        assert_eq!(largest_remainder(7, &[0.5, 0.25, 0.25]), vec![3, 2, 2]);
        assert_eq!(largest_remainder(0, &[0.5, 0.5]), vec![0, 0]);
    }

    #[test]
    fn zero_weights_get_nothing() {
        assert_eq!(largest_remainder(5, &[0.0, 1.0, 0.0]), vec![0, 5, 0]);
        assert_eq!(largest_remainder(5, &[f64::NAN, -1.0, 2.0]), vec![0, 0, 5]);
    }

    #[test]
    fn all_zero_weights_spread_evenly() {
        assert_eq!(largest_remainder(5, &[0.0, 0.0]), vec![3, 2]);
        assert!(largest_remainder(5, &[]).is_empty());
    }

    proptest! {
        #[test]
        fn sums_exactly_and_stays_within_one_of_quota(
            total in 0u64..200_000,
            weights in proptest::collection::vec(0.0f64..1000.0, 1..40),
        ) {
            let counts = largest_remainder(total, &weights);
            prop_assert_eq!(counts.len(), weights.len());
            prop_assert_eq!(counts.iter().sum::<u64>(), total);
            let sum: f64 = weights.iter().sum();
            if sum > 0.0 {
                for (c, w) in counts.iter().zip(&weights) {
                    let quota = total as f64 * w / sum;
                    prop_assert!((*c as f64 - quota).abs() < 1.0 + 1e-6,
                        "count {} quota {}", c, quota);
                }
            }
        }
    }

    #[test]
    fn rounds_a_table_to_both_margins() {
        let real = vec![vec![0.5, 0.5, 0.0], vec![0.25, 0.25, 0.5]];
        let out = round_table(&real, &[3, 5], &[3, 3, 2]);
        assert_eq!(
            out.iter()
                .map(|r| r.iter().sum::<u64>())
                .collect::<Vec<_>>(),
            vec![3, 5]
        );
        assert_eq!(out[0][2], 0);
        let cols: Vec<u64> = (0..3).map(|c| out[0][c] + out[1][c]).collect();
        assert_eq!(cols, vec![3, 3, 2]);
    }

    proptest! {
        #[test]
        fn controlled_rounding_meets_rows_exactly_and_columns_when_free(
            cells in proptest::collection::vec(0.01f64..5.0, 12..=12),
            rows in proptest::collection::vec(0u64..500, 3..=3),
        ) {
            // A 3 x 4 table; its column totals are apportioned from its own column sums.
            let real: Vec<Vec<f64>> = cells.chunks(4).map(<[f64]>::to_vec).collect();
            let mut scaled = real.clone();
            for (r, row) in scaled.iter_mut().enumerate() {
                let s: f64 = row.iter().sum();
                row.iter_mut().for_each(|v| *v *= rows[r] as f64 / s);
            }
            let col_real: Vec<f64> = (0..4).map(|c| scaled.iter().map(|r| r[c]).sum()).collect();
            let total: u64 = rows.iter().sum();
            let cols = largest_remainder(total, &col_real);
            let out = round_table(&real, &rows, &cols);
            for (r, row) in out.iter().enumerate() {
                prop_assert_eq!(row.iter().sum::<u64>(), rows[r]);
                for (c, v) in row.iter().enumerate() {
                    prop_assert!((*v as f64 - scaled[r][c]).abs() < 2.0);
                }
            }
            for (c, target) in cols.iter().enumerate() {
                prop_assert_eq!(out.iter().map(|r| r[c]).sum::<u64>(), *target);
            }
        }
    }
}
