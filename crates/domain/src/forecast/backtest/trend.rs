//! The comparison forecast: a straight line through the January caseloads of the fitting years
//! by ordinary least squares, extended. Its 95 % prediction interval is the textbook one for a
//! new observation, ŷ ± t(0.975, n − 2) · s · √(1 + 1/n + (x − x̄)²/Sxx), which assumes
//! independent normal residuals about the line; it is given so both methods' intervals can be
//! scored the same way, not because the assumption holds for a caseload.

/// A fitted line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trend {
    /// How many years the line was fitted on.
    pub points: usize,
    /// Plans a year.
    pub slope: f64,
    /// The mean year and the mean caseload; the line passes through them.
    mean_year: f64,
    mean_caseload: f64,
    /// Σ (x − x̄)².
    sxx: f64,
    /// The residual standard deviation (n − 2 degrees of freedom); `None` with two points.
    residual_sd: Option<f64>,
}

impl Trend {
    /// The least-squares line through `(year, caseload)` points; `None` with fewer than two
    /// distinct years.
    #[must_use]
    pub fn fit(points: &[(i32, f64)]) -> Option<Self> {
        let n = points.len() as f64;
        let mean_year = points.iter().map(|&(x, _)| f64::from(x)).sum::<f64>() / n;
        let mean_caseload = points.iter().map(|&(_, y)| y).sum::<f64>() / n;
        let sxx: f64 = points
            .iter()
            .map(|&(x, _)| (f64::from(x) - mean_year).powi(2))
            .sum();
        if points.len() < 2 || sxx <= 0.0 {
            return None;
        }
        let sxy: f64 = points
            .iter()
            .map(|&(x, y)| (f64::from(x) - mean_year) * (y - mean_caseload))
            .sum();
        let slope = sxy / sxx;
        let residual_sd = (points.len() > 2).then(|| {
            let sse: f64 = points
                .iter()
                .map(|&(x, y)| (y - mean_caseload - slope * (f64::from(x) - mean_year)).powi(2))
                .sum();
            (sse / (n - 2.0)).sqrt()
        });
        Some(Self {
            points: points.len(),
            slope,
            mean_year,
            mean_caseload,
            sxx,
            residual_sd,
        })
    }

    /// The line's caseload in January `year`.
    #[must_use]
    pub fn predict(&self, year: i32) -> f64 {
        self.mean_caseload + self.slope * (f64::from(year) - self.mean_year)
    }

    /// The 95 % prediction interval in January `year`; `None` when there is no residual to
    /// estimate the spread from (two points).
    #[must_use]
    pub fn interval(&self, year: i32) -> Option<(f64, f64)> {
        let s = self.residual_sd?;
        let n = self.points as f64;
        let dx = f64::from(year) - self.mean_year;
        let half = t_975(self.points - 2) * s * (1.0 + 1.0 / n + dx * dx / self.sxx).sqrt();
        let centre = self.predict(year);
        Some((centre - half, centre + half))
    }
}

/// Student's t 0.975 quantiles for 1 to 30 degrees of freedom (any statistics table).
const T_975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];

/// The t quantile with `df` degrees of freedom (at least 1); past the table, the normal's 1.96
/// with the first two terms of its Cornish-Fisher expansion, within 0.001 there.
fn t_975(df: usize) -> f64 {
    const Z: f64 = 1.959_964;
    match df {
        0 => f64::INFINITY,
        d if d <= T_975.len() => T_975[d - 1],
        d => {
            let d = d as f64;
            Z + (Z.powi(3) + Z) / (4.0 * d)
                + (5.0 * Z.powi(5) + 16.0 * Z.powi(3) + 3.0 * Z) / (96.0 * d * d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_worked_line_and_interval() {
        // x̄ = 2016, ȳ = 335/3, slope = (−1·−35/3 + 1·40/3)/2 = 12.5.
        let t = Trend::fit(&[(2015, 100.0), (2016, 110.0), (2017, 125.0)]).unwrap();
        assert!((t.slope - 12.5).abs() < 1e-12);
        assert!((t.predict(2018) - (335.0 / 3.0 + 25.0)).abs() < 1e-9);
        // Residuals 5/6, −5/3, 5/6: SSE = 25/6, s = √(25/6); at 2018 the factor is
        // √(1 + 1/3 + 4/2) = √(10/3), and t(1) = 12.706.
        let half = 12.706 * (25.0f64 / 6.0).sqrt() * (10.0f64 / 3.0).sqrt();
        let (low, high) = t.interval(2018).unwrap();
        assert!((high - t.predict(2018) - half).abs() < 1e-9);
        assert!((t.predict(2018) - low - half).abs() < 1e-9);
    }

    #[test]
    fn a_line_needs_two_years_and_an_interval_three() {
        assert!(Trend::fit(&[(2015, 1.0)]).is_none());
        assert!(Trend::fit(&[(2015, 1.0), (2015, 2.0)]).is_none());
        let t = Trend::fit(&[(2015, 1.0), (2016, 3.0)]).unwrap();
        assert_eq!(t.predict(2017), 5.0);
        assert!(t.interval(2017).is_none());
    }

    #[test]
    fn t_quantiles_join_the_table_smoothly() {
        assert_eq!(t_975(1), 12.706);
        assert!((t_975(31) - 2.0395).abs() < 0.001);
        assert!((t_975(1000) - 1.962).abs() < 0.001);
    }
}
