//! Expected new demand: what placements and awards not yet made will cost by 31 March.
//!
//! The method, from the council's own records rather than an assumed growth rate:
//!
//! 1. Look back over the 12 months before the remaining months begin (the window). Every
//!    placement cost and top-up award that started in the window is a new start on its line.
//! 2. Expect new starts on each line to go on at the same rate, `starts ÷ 12` a month, each
//!    costing the mean annual cost of the window's starts on that line.
//! 3. Starts arrive evenly through the `n` months left, in the middle of each month on
//!    average, and each costs pro rata from its start to 31 March: one starting in the `j`th
//!    month left runs `n − j + ½` months. Over the `n` months that is `n²/2` months of cost,
//!    so expected = (starts ÷ 12) × mean annual cost × (n² ÷ 2) ÷ 12, which is the sum of the
//!    starts' annual costs × n² ÷ 288, rounded once per line to the penny, halves away from
//!    zero.
//!
//! What it leaves out, on purpose: leavers the council does not know of yet (committed cost
//! already stops at every recorded leaving date), and moves between settings, which start a new
//! cost as they end an old one; a council with many moves will see demand on the high side.

use chrono::{Days, Months, NaiveDate};

use super::super::BudgetLine;
use super::super::commitment::Commitment;
use crate::dates::FinancialYear;
use crate::money::Pence;

/// The denominator of the method: 12 months a year × 12 for the monthly rate × 2 for the
/// average half-run (see the module's note).
const MONTHS_SQUARED_TWICE: i64 = 288;

/// New starts on one line in the window, and what is expected of the same by 31 March.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineDemand {
    pub line: BudgetLine,
    /// Placements and awards that started in the window.
    pub starts: usize,
    /// Their annual costs added together.
    pub annual_total: Pence,
    /// Expected new demand to 31 March.
    pub expected: Pence,
}

impl LineDemand {
    /// The mean annual cost of a start, to the penny (halves away from zero); zero with none.
    #[must_use]
    pub fn mean_annual_cost(&self) -> Pence {
        let starts = i64::try_from(self.starts).unwrap_or(i64::MAX);
        self.annual_total.pro_rata(1, starts)
    }
}

/// Expected new demand on every line, with the window it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDemand {
    /// The first and last days of the 12 months looked back over.
    pub window: (NaiveDate, NaiveDate),
    /// Whole months left in the year after the actuals (0 to 12).
    pub months_left: i64,
    /// Every line in [`BudgetLine::ALL`] order.
    pub lines: Vec<LineDemand>,
}

impl NewDemand {
    /// The expected new demand on one line.
    #[must_use]
    pub fn expected(&self, line: BudgetLine) -> Pence {
        self.lines
            .iter()
            .find(|l| l.line == line)
            .map_or(Pence::ZERO, |l| l.expected)
    }
}

/// Expected new demand from `remaining_from` (the first day of a month in `year`) to 31 March,
/// from the starts in the 12 months before it; nothing when no months remain (`None`).
#[must_use]
pub fn expected_new_demand(
    commitments: &[Commitment],
    year: FinancialYear,
    remaining_from: Option<NaiveDate>,
) -> NewDemand {
    let from = remaining_from.unwrap_or(year.end() + Days::new(1));
    let window = (from - Months::new(12), from - Days::new(1));
    let months_left = remaining_from.map_or(0, |from| {
        i64::from(super::Month::MARCH.number()) - i64::from(super::Month::of(from).number()) + 1
    });
    let lines = BudgetLine::ALL
        .iter()
        .map(|&line| {
            let starts: Vec<&Commitment> = commitments
                .iter()
                .filter(|c| c.line == line && c.starts_on >= window.0 && c.starts_on <= window.1)
                .collect();
            let annual_total: Pence = starts.iter().map(|c| c.annual).sum();
            LineDemand {
                line,
                starts: starts.len(),
                annual_total,
                expected: annual_total.pro_rata(months_left * months_left, MONTHS_SQUARED_TWICE),
            }
        })
        .collect();
    NewDemand {
        window,
        months_left,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn start(line: BudgetLine, on: &str, pounds: i64) -> Commitment {
        Commitment {
            line,
            annual: Pence::from_pounds(pounds),
            starts_on: d(on),
            last_day: None,
        }
    }

    #[test]
    fn six_months_left_take_a_quarter_of_a_years_starts() {
        // Actuals to September: 6 months left, n²/288 = 36/288 = 1/8 of the starts' annual
        // costs. Starts in the window (1 October 2025 to 30 September 2026): £40,000 + £20,000
        // on special schools; the one in September 2025 is too early and the one in October
        // 2026 is after the window.
        let year = FinancialYear::new(2026);
        let line = BudgetLine::TopUpSpecialMaintained;
        let commitments = [
            start(line, "2025-09-30", 99_000),
            start(line, "2025-10-01", 40_000),
            start(line, "2026-09-30", 20_000),
            start(line, "2026-10-01", 77_000),
        ];
        let demand = expected_new_demand(&commitments, year, Some(d("2026-10-01")));
        assert_eq!(demand.window, (d("2025-10-01"), d("2026-09-30")));
        assert_eq!(demand.months_left, 6);
        let special = demand.lines.iter().find(|l| l.line == line).unwrap();
        assert_eq!(special.starts, 2);
        assert_eq!(special.mean_annual_cost(), Pence::from_pounds(30_000));
        assert_eq!(special.expected, Pence::from_pounds(7_500));
        assert_eq!(demand.expected(BudgetLine::TopUpMainstream), Pence::ZERO);
    }

    #[test]
    fn a_whole_year_left_takes_half_a_years_starts_and_none_left_takes_nothing() {
        // 12 months: 144/288 = ½, as starts spread over the year run half of it on average.
        let year = FinancialYear::new(2026);
        let line = BudgetLine::TopUpMainstream;
        let commitments = [start(line, "2025-06-01", 10_001)];
        let demand = expected_new_demand(&commitments, year, Some(year.start()));
        assert_eq!(demand.months_left, 12);
        // £10,001 ÷ 2 = £5,000.50 exactly.
        assert_eq!(demand.expected(line), Pence(500_050));
        let none = expected_new_demand(&commitments, year, None);
        assert_eq!(none.months_left, 0);
        assert_eq!(none.expected(line), Pence::ZERO);
    }
}
