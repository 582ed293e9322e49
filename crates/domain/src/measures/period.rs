//! The period a measure covers and the ratio it reports.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// The period a measure covers: a calendar year or a calendar month.
///
/// The DfE's flow measures are calendar years: the SEN2 return collected in January of year `Y`
/// reports activity in the calendar year `Y - 1` (see [`Period::sen2_activity_year`]), so the
/// statistics labelled "2025" describe `Period::Year(2024)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// A calendar year, 1 January to 31 December.
    Year(i32),
    /// A calendar month: the year and the month, 1 for January to 12 for December. A month
    /// outside 1 to 12 contains no day.
    Month(i32, u32),
}

impl Period {
    /// Whether `date` falls in the period, first and last day included.
    #[must_use]
    pub fn contains(self, date: NaiveDate) -> bool {
        match self {
            Self::Year(year) => date.year() == year,
            Self::Month(year, month) => date.year() == year && date.month() == month,
        }
    }

    /// The calendar year whose activity the SEN2 return collected in January of
    /// `collection_year` reports: the year before it (the DfE's `activity_year`, which is
    /// `year - 1` in the published time series).
    #[must_use]
    pub const fn sen2_activity_year(collection_year: i32) -> Self {
        Self::Year(collection_year - 1)
    }

    /// The twelve months of `year`, January first.
    #[must_use]
    pub fn months_of(year: i32) -> [Self; 12] {
        let mut months = [Self::Year(year); 12];
        for (month, slot) in (1..=12).zip(months.iter_mut()) {
            *slot = Self::Month(year, month);
        }
        months
    }
}

impl fmt::Display for Period {
    /// `2024` for a year, `2024-03` for a month.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(year) => write!(f, "{year}"),
            Self::Month(year, month) => write!(f, "{year}-{month:02}"),
        }
    }
}

/// A count of cases that met a measure (the numerator) out of the cases it applies to (the
/// denominator), as the DfE publishes each measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Ratio {
    /// The cases that met the measure.
    pub numerator: u64,
    /// The cases the measure applies to.
    pub denominator: u64,
}

impl Ratio {
    /// The percentage `numerator / denominator × 100`, rounded to one decimal place as the DfE
    /// publishes it, or `None` when the denominator is 0: the DfE leaves such a percentage blank
    /// rather than showing 0. A value exactly halfway between two tenths rounds up (6.25 gives
    /// 6.3); the DfE's England figures for 2022 to 2024 all give back the published value.
    ///
    /// The rounding is done in whole numbers, so a value that lies exactly halfway between two
    /// tenths always rounds up, which binary floating point alone would not guarantee.
    #[must_use]
    pub fn percent(self) -> Option<f64> {
        if self.denominator == 0 {
            return None;
        }
        let n = u128::from(self.numerator);
        let d = u128::from(self.denominator);
        // round(1000 n / d) with halves up = floor((2000 n + d) / 2d).
        let tenths = (2000 * n + d) / (2 * d);
        // Precision: `tenths` is exact below 2^53, i.e. for any ratio up to about 10^12 %.
        #[allow(clippy::cast_precision_loss)]
        let tenths = tenths as f64;
        Some(tenths / 10.0)
    }

    /// Adds one case to the denominator, and to the numerator when it met the measure.
    pub(super) const fn count(&mut self, met: bool) {
        self.denominator += 1;
        if met {
            self.numerator += 1;
        }
    }
}
