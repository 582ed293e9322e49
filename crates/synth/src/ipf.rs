//! Iterative proportional fitting (IPF, also called raking or the RAS method).
//!
//! DfE publishes each council's caseload by placement, by age and by primary need, but never
//! the cross-tabulations. Sampling the three independently would put 3-year-olds in FE colleges
//! and send children with profound and multiple learning difficulties to pupil referral units.
//! Instead synth writes down a seed table that encodes what is known about the structure
//! (structural zeros where a placement cannot hold an age, and affinities between needs and
//! kinds of setting) and rakes it until its row and column sums match the published marginals.
//! IPF keeps every zero of the seed and, among all tables with the given marginals, returns the
//! one closest to the seed in the Kullback-Leibler sense: the published marginals are honoured
//! exactly and the seed supplies only the interaction.

/// A dense row-major table of non-negative reals.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Table {
    /// A `rows` x `cols` table of zeros.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Self {
            rows,
            cols,
            data: vec![0.0; rows * cols],
        }
    }

    /// Builds a table from a function of (row, column).
    pub fn from_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> f64) -> Self {
        let mut t = Self::zeros(rows, cols);
        for r in 0..rows {
            for c in 0..cols {
                t.data[r * cols + c] = f(r, c);
            }
        }
        t
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    pub fn get(&self, r: usize, c: usize) -> f64 {
        self.data[r * self.cols + c]
    }

    pub fn set(&mut self, r: usize, c: usize, v: f64) {
        self.data[r * self.cols + c] = v;
    }

    /// One row as a slice.
    pub fn row(&self, r: usize) -> &[f64] {
        &self.data[r * self.cols..(r + 1) * self.cols]
    }

    pub fn row_sums(&self) -> Vec<f64> {
        (0..self.rows).map(|r| self.row(r).iter().sum()).collect()
    }

    pub fn col_sums(&self) -> Vec<f64> {
        let mut sums = vec![0.0; self.cols];
        for r in 0..self.rows {
            for (s, v) in sums.iter_mut().zip(self.row(r)) {
                *s += v;
            }
        }
        sums
    }
}

/// The outcome of a fit.
#[derive(Debug, Clone)]
pub struct Fit {
    pub table: Table,
    pub iterations: usize,
    /// The largest absolute difference between a row or column sum and its target.
    pub max_error: f64,
    /// Whether `max_error` fell below the tolerance. It does not when the marginals are
    /// infeasible for the seed's zeros (e.g. more 20-year-olds than placements that admit
    /// them); the table is then the last iterate, which still matches the rows exactly.
    pub converged: bool,
}

/// Fits `seed` to `row_targets` and `col_targets` by alternately scaling rows and columns.
///
/// The column targets are rescaled to the row targets' total first. Negative or non-finite seed
/// cells count as zero. Iteration stops when every margin is within `tolerance` or after
/// `max_iterations` sweeps; the last step always scales rows, so the row sums are exact.
pub fn fit(
    seed: &Table,
    row_targets: &[f64],
    col_targets: &[f64],
    tolerance: f64,
    max_iterations: usize,
) -> Fit {
    assert_eq!(
        seed.rows,
        row_targets.len(),
        "row targets do not match the seed"
    );
    assert_eq!(
        seed.cols,
        col_targets.len(),
        "column targets do not match the seed"
    );
    let mut t = seed.clone();
    for v in &mut t.data {
        if !v.is_finite() || *v < 0.0 {
            *v = 0.0;
        }
    }
    let row_total: f64 = row_targets.iter().sum();
    let col_total: f64 = col_targets.iter().sum();
    let cols: Vec<f64> = if col_total > 0.0 {
        col_targets
            .iter()
            .map(|c| c * row_total / col_total)
            .collect()
    } else {
        col_targets.to_vec()
    };
    let mut iterations = 0;
    let mut max_error = f64::INFINITY;
    while iterations < max_iterations {
        iterations += 1;
        scale_cols(&mut t, &cols);
        scale_rows(&mut t, row_targets);
        max_error = margin_error(&t, row_targets, &cols);
        if max_error <= tolerance {
            break;
        }
    }
    Fit {
        table: t,
        iterations,
        max_error,
        converged: max_error <= tolerance,
    }
}

fn scale_rows(t: &mut Table, targets: &[f64]) {
    for (r, target) in targets.iter().enumerate() {
        let row = &mut t.data[r * t.cols..(r + 1) * t.cols];
        let sum: f64 = row.iter().sum();
        if sum > 0.0 {
            let k = target / sum;
            row.iter_mut().for_each(|v| *v *= k);
        }
    }
}

fn scale_cols(t: &mut Table, targets: &[f64]) {
    let sums = t.col_sums();
    let factors: Vec<f64> = sums
        .iter()
        .zip(targets)
        .map(|(s, target)| if *s > 0.0 { target / s } else { 0.0 })
        .collect();
    for r in 0..t.rows {
        let row = &mut t.data[r * t.cols..(r + 1) * t.cols];
        for (v, k) in row.iter_mut().zip(&factors) {
            *v *= k;
        }
    }
}

fn margin_error(t: &Table, rows: &[f64], cols: &[f64]) -> f64 {
    let r = t
        .row_sums()
        .iter()
        .zip(rows)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    let c = t
        .col_sums()
        .iter()
        .zip(cols)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    r.max(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fits_a_small_table() {
        let seed = Table::from_fn(2, 2, |_, _| 1.0);
        let f = fit(&seed, &[0.3, 0.7], &[0.6, 0.4], 1e-12, 1000);
        assert!(f.converged);
        // With a flat seed IPF returns the independence table.
        assert!((f.table.get(0, 0) - 0.18).abs() < 1e-12);
        assert!((f.table.get(1, 1) - 0.28).abs() < 1e-12);
    }

    #[test]
    fn keeps_structural_zeros() {
        let seed = Table::from_fn(3, 3, |r, c| if r == 0 && c == 2 { 0.0 } else { 1.0 });
        let f = fit(&seed, &[0.2, 0.3, 0.5], &[0.4, 0.3, 0.3], 1e-12, 10_000);
        assert!(f.converged);
        assert_eq!(f.table.get(0, 2), 0.0);
    }

    #[test]
    fn reports_infeasible_marginals() {
        // Row 0 can only go to column 0, which is too small for it.
        let seed = Table::from_fn(2, 2, |r, c| if r == 0 && c == 1 { 0.0 } else { 1.0 });
        let f = fit(&seed, &[0.8, 0.2], &[0.5, 0.5], 1e-9, 500);
        assert!(!f.converged);
        let rows = f.table.row_sums();
        assert!((rows[0] - 0.8).abs() < 1e-12 && (rows[1] - 0.2).abs() < 1e-12);
    }

    fn feasible_case() -> impl Strategy<Value = (Table, Vec<f64>, Vec<f64>)> {
        (2usize..8, 2usize..8).prop_flat_map(|(rows, cols)| {
            let cells = rows * cols;
            (
                proptest::collection::vec(0.01f64..10.0, cells),
                proptest::collection::vec(0.01f64..10.0, cells),
                proptest::collection::vec(proptest::bool::weighted(0.2), cells),
            )
                .prop_map(move |(truth, seed, zero)| {
                    // Zeros shared by truth and seed, but never a whole row or column.
                    let is_zero =
                        |r: usize, c: usize| zero[r * cols + c] && r != c % rows && c != r % cols;
                    let truth = Table::from_fn(rows, cols, |r, c| {
                        if is_zero(r, c) {
                            0.0
                        } else {
                            truth[r * cols + c]
                        }
                    });
                    let total: f64 = truth.row_sums().iter().sum();
                    let rs = truth.row_sums().iter().map(|v| v / total).collect();
                    let cs = truth.col_sums().iter().map(|v| v / total).collect();
                    let seed = Table::from_fn(rows, cols, |r, c| {
                        if is_zero(r, c) {
                            0.0
                        } else {
                            seed[r * cols + c]
                        }
                    });
                    (seed, rs, cs)
                })
        })
    }

    proptest! {
        #[test]
        fn reproduces_both_marginals_when_feasible((seed, rows, cols) in feasible_case()) {
            let f = fit(&seed, &rows, &cols, 1e-12, 100_000);
            let got_r = f.table.row_sums();
            let got_c = f.table.col_sums();
            for (a, b) in got_r.iter().zip(&rows) {
                prop_assert!((a - b).abs() < 1e-9, "row {} vs {}", a, b);
            }
            for (a, b) in got_c.iter().zip(&cols) {
                prop_assert!((a - b).abs() < 1e-9, "col {} vs {}", a, b);
            }
            for r in 0..seed.rows() {
                for c in 0..seed.cols() {
                    if seed.get(r, c) == 0.0 {
                        prop_assert_eq!(f.table.get(r, c), 0.0);
                    }
                }
            }
        }
    }
}
