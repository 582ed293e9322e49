//! Exact hours and funded weeks, and the one rounding of a top-up's annual amount.
//!
//! Bristol publishes each provision's weekly hours as a decimal string with up to eight places
//! ("0.52747253", "0.043956"): an occasional provision is its annual hours divided by 45.5 and
//! cut short (funding-bristol.md §3.1). Binary floating point cannot hold most of these exactly,
//! so sums drift and a package that is exactly at a cap could be judged over it. Minutes would not
//! do either: 0.043956 h is 2.63736 minutes. [`Hours`] therefore counts whole hundred-millionths
//! of an hour (10⁻⁸ h), which holds every published value exactly; sums and cap comparisons are
//! integer arithmetic. A value with more than eight decimal places is refused when the model is
//! loaded, never rounded.
//!
//! Money follows funding.md ("Decisions for Highneeds"): the amount is computed in exact decimal
//! and rounded half-up to the penny once, on the annual total ([`annual_amount`]).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::Pence;

/// Decimal places an [`Hours`] value holds.
const PLACES: usize = 8;
/// Units in one hour: 10⁸.
const PER_HOUR: i64 = 100_000_000;

/// A number of hours as an exact decimal with up to eight places.
///
/// `Display` writes the shortest exact decimal (`25`, `24.5`, `0.52747253`). Serde writes a JSON
/// number: a whole number of hours as an integer, otherwise the nearest double, which prints with
/// the same digits for every value in the data and reads back to exactly this value when rounded
/// to eight places (for anything under 10⁷ hours).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hours(i64);

impl Hours {
    /// No hours.
    pub const ZERO: Self = Self(0);

    /// Whole hours.
    #[must_use]
    pub const fn from_whole(hours: i64) -> Self {
        Self(hours * PER_HOUR)
    }

    /// A value in hundred-millionths of an hour.
    #[must_use]
    pub const fn from_units(units: i64) -> Self {
        Self(units)
    }

    /// The value in hundred-millionths of an hour.
    #[must_use]
    pub const fn units(self) -> i64 {
        self.0
    }

    /// `self + other`, or `None` on overflow.
    #[must_use]
    pub const fn checked_add(self, other: Self) -> Option<Self> {
        match self.0.checked_add(other.0) {
            Some(u) => Some(Self(u)),
            None => None,
        }
    }

    /// The value as the nearest `f64`, for JSON output only; no rule computes with it.
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    fn to_f64(self) -> f64 {
        self.0 as f64 / PER_HOUR as f64
    }
}

impl Add for Hours {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self(self.0 + other.0)
    }
}

impl AddAssign for Hours {
    fn add_assign(&mut self, other: Self) {
        self.0 += other.0;
    }
}

impl Sub for Hours {
    type Output = Self;
    fn sub(self, other: Self) -> Self {
        Self(self.0 - other.0)
    }
}

impl Sum for Hours {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, Add::add)
    }
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / PER_HOUR.unsigned_abs();
        let fraction = abs % PER_HOUR.unsigned_abs();
        if fraction == 0 {
            return write!(f, "{sign}{whole}");
        }
        let digits = format!("{fraction:0PLACES$}");
        write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
    }
}

impl FromStr for Hours {
    type Err = String;

    /// Reads a plain decimal such as `25`, `0.5` or `0.52747253`: digits, at most one point and at
    /// most eight decimal places, not negative. The message says what is wrong, for the loader to
    /// put beside the file and line.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{s}' is not a number of hours like 2.5");
        let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
        if whole.is_empty() && fraction.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        if fraction.len() > PLACES {
            return Err(format!(
                "'{s}' has more than {PLACES} decimal places; hours are kept exactly to {PLACES}"
            ));
        }
        let too_large = || format!("'{s}' is too many hours");
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| too_large())?
        };
        let fraction: i64 = format!("{fraction:0<PLACES$}").parse().map_err(|_| bad())?;
        whole
            .checked_mul(PER_HOUR)
            .and_then(|u| u.checked_add(fraction))
            .map(Self)
            .ok_or_else(too_large)
    }
}

impl Serialize for Hours {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0 % PER_HOUR == 0 {
            serializer.serialize_i64(self.0 / PER_HOUR)
        } else {
            serializer.serialize_f64(self.to_f64())
        }
    }
}

/// The number of weeks a year's top-up pays for, in hundredths of a week.
///
/// Bristol funds 45.5 weeks (funding-bristol.md §3.1); the school year is 39 weeks, and the extra
/// weeks pay for holiday cover and planning that the weekly hours leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FundedWeeks(i64);

impl FundedWeeks {
    /// Bristol's 45.5 weeks a year (`AssessmentService` L46 in the published app).
    pub const BRISTOL: Self = Self(4_550);

    /// Weeks given in hundredths: 45.5 weeks is 4 550.
    #[must_use]
    pub const fn from_hundredths(hundredths: i64) -> Self {
        Self(hundredths)
    }
}

impl fmt::Display for FundedWeeks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Hours and weeks print alike: the shortest exact decimal.
        Hours(self.0 * (PER_HOUR / 100)).fmt(f)
    }
}

impl Serialize for FundedWeeks {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Hours(self.0 * (PER_HOUR / 100)).serialize(serializer)
    }
}

/// A weekly cost held exactly: hours (10⁻⁸ h) times an hourly rate in pence, so the unit is
/// 10⁻⁸ of a penny. Adding lines never rounds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct WeeklyCost(i128);

impl WeeklyCost {
    /// Nothing a week.
    pub const ZERO: Self = Self(0);

    /// `hours` at `rate` pence an hour.
    #[must_use]
    pub fn of(hours: Hours, rate: Pence) -> Self {
        Self(i128::from(hours.units()) * i128::from(rate.get()))
    }
}

impl Add for WeeklyCost {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self(self.0 + other.0)
    }
}

impl Sum for WeeklyCost {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, Add::add)
    }
}

/// The annual amount of a weekly cost over the funded weeks, rounded half-up to the penny once.
///
/// funding.md, "Decisions for Highneeds": "Money is computed in exact decimal and rounded half-up
/// to the penny once, on the annual total." Bristol's app rounds a binary double half-even
/// (funding-bristol.md §3.6), so on an exact tie such as 5 h × £2.95 × 45.5 = £671.125 it gives
/// £671.12 where this gives £671.13. `None` only if the amount does not fit in `i64` pence.
#[must_use]
pub fn annual_amount(weekly: WeeklyCost, weeks: FundedWeeks) -> Option<Pence> {
    // weekly is in 10⁻⁸ p, weeks in 10⁻² weeks: the product is in 10⁻¹⁰ p.
    const DIVISOR: i128 = 10_000_000_000;
    let exact = weekly.0.checked_mul(i128::from(weeks.0))?;
    // Half-up, with halves rounded away from zero for a (never expected) negative amount.
    let half = DIVISOR / 2;
    let rounded = if exact >= 0 {
        (exact + half) / DIVISOR
    } else {
        (exact - half) / DIVISOR
    };
    i64::try_from(rounded).ok().map(Pence)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn h(s: &str) -> Hours {
        s.parse().unwrap()
    }

    #[test]
    fn reads_the_published_hours_exactly() {
        assert_eq!(h("25"), Hours::from_whole(25));
        assert_eq!(h("0.5").units(), 50_000_000);
        assert_eq!(h("0.52747253").units(), 52_747_253);
        assert_eq!(h("0.39560").units(), 39_560_000);
        assert_eq!(h(".5"), h("0.5"));
        assert_eq!(h("7."), Hours::from_whole(7));
        assert_eq!(h("0.16") + h("0.24"), h("0.4"));
    }

    #[test]
    fn refuses_what_is_not_exact_hours() {
        for bad in ["", ".", "-1", "1e3", "abc", "1.2.3", " 1", "bespoke", "?20"] {
            assert!(bad.parse::<Hours>().is_err(), "{bad:?}");
        }
        let e = "0.123456789".parse::<Hours>().unwrap_err();
        assert!(e.contains("more than 8 decimal places"), "{e}");
        assert!(
            "99999999999999"
                .parse::<Hours>()
                .unwrap_err()
                .contains("too many")
        );
    }

    #[test]
    fn displays_the_shortest_exact_decimal() {
        assert_eq!(h("25").to_string(), "25");
        assert_eq!(h("24.50").to_string(), "24.5");
        assert_eq!(h("0.043956").to_string(), "0.043956");
        assert_eq!(Hours::ZERO.to_string(), "0");
        assert_eq!((h("1") - h("1.25")).to_string(), "-0.25");
        assert_eq!(FundedWeeks::BRISTOL.to_string(), "45.5");
    }

    #[test]
    fn serialises_as_json_numbers_with_the_same_digits() {
        let json = serde_json::to_string(&[h("25"), h("0.52747253"), h("25.52747253")]).unwrap();
        assert_eq!(json, "[25,0.52747253,25.52747253]");
    }

    #[test]
    fn rounds_once_half_up_on_the_annual_total() {
        let year = |hours: &str, pence: i64| {
            annual_amount(WeeklyCost::of(h(hours), Pence(pence)), FundedWeeks::BRISTOL)
        };
        // 5 × £2.95 × 45.5 = £671.125: half-up gives £671.13 (Bristol's app gives £671.12).
        assert_eq!(year("5", 295), Some(Pence(67_113)));
        // 24.5 × £13.98 × 45.5 = £15,584.205 → £15,584.21.
        assert_eq!(year("24.5", 1_398), Some(Pence(1_558_421)));
        // 0.043956 × £80 × 45.5 = £159.99984 → £160.00.
        assert_eq!(year("0.043956", 8_000), Some(Pence(16_000)));
        assert_eq!(year("0", 1_398), Some(Pence::ZERO));
        // Half a penny below zero rounds away from zero.
        assert_eq!(
            annual_amount(WeeklyCost(-1), FundedWeeks::from_hundredths(5_000_000_000)),
            Some(Pence(-1))
        );
    }

    proptest! {
        #[test]
        fn display_parses_back(units in 0_i64..1 << 50) {
            prop_assert_eq!(Hours(units).to_string().parse::<Hours>(), Ok(Hours(units)));
        }

        #[test]
        fn json_number_reads_back_to_the_same_hours(units in 0_i64..10_000_000 * PER_HOUR) {
            let json = serde_json::to_string(&Hours(units)).unwrap();
            let read: f64 = serde_json::from_str(&json).unwrap();
            #[allow(clippy::cast_possible_truncation)]
            let back = (read * 1e8).round() as i64;
            prop_assert_eq!(back, units);
        }

        #[test]
        fn annual_amount_is_within_half_a_penny_of_exact(
            units in 0_i64..40 * PER_HOUR,
            rate in 0_i64..10_000,
        ) {
            let got = annual_amount(WeeklyCost::of(Hours(units), Pence(rate)), FundedWeeks::BRISTOL)
                .unwrap();
            // exact annual pence × 10¹⁰ = units × rate × 4550
            let exact = i128::from(units) * i128::from(rate) * 4_550;
            let error = (i128::from(got.get()) * 10_000_000_000 - exact).abs();
            prop_assert!(error <= 5_000_000_000);
        }
    }
}
