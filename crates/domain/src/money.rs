//! Money as a whole number of pence.
//!
//! Amounts are stored and added as `i64` pence (DESIGN §4): exact, the same in SQLite (which has
//! no decimal type) and PostgreSQL, and free of the rounding drift of floating point. Rounding
//! happens in one place, [`Pence::pro_rata`], with the rule written down. An `i64` holds about
//! ±£92 trillion, so the ordinary operators are used for adding up budgets and placements (they
//! panic on overflow in debug builds, like `i64`); the `checked_` forms are for values taken from
//! outside, such as imported files, where nothing bounds the size.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::FieldError;

const FIELD: &str = "amount";

/// An amount of money in pence; negative for credits, refunds and deficits.
///
/// `Display` gives pounds with thousands separators and two decimal places (`£1,234.56`,
/// `-£1,234.56`), as GOV.UK style writes money in tables. `FromStr` reads what people type:
/// `1234.56`, `£1,234.56`, `1234`, `-£12.5`. Serde writes the number of pence.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Pence(pub i64);

impl Pence {
    /// Nothing.
    pub const ZERO: Self = Self(0);

    /// Makes an amount from whole pounds (panics on overflow in debug builds, beyond ±£92
    /// trillion; use [`Self::checked_from_pounds`] for untrusted input).
    #[must_use]
    pub const fn from_pounds(pounds: i64) -> Self {
        Self(pounds * 100)
    }

    /// Makes an amount from whole pounds, or `None` if it does not fit.
    #[must_use]
    pub const fn checked_from_pounds(pounds: i64) -> Option<Self> {
        match pounds.checked_mul(100) {
            Some(p) => Some(Self(p)),
            None => None,
        }
    }

    /// The number of pence.
    #[must_use]
    pub const fn get(self) -> i64 {
        self.0
    }

    /// Whole pounds and the remaining pence, both truncated toward zero and carrying the sign of
    /// the amount: £12.34 is `(12, 34)` and -£12.34 is `(-12, -34)`.
    #[must_use]
    pub const fn pounds_and_pence(self) -> (i64, i64) {
        (self.0 / 100, self.0 % 100)
    }

    /// Pounds and pence with a point and nothing else (`1234.56`, `-0.05`), as forms and files
    /// write an amount; [`FromStr`] reads it back.
    #[must_use]
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Whether the amount is below zero.
    #[must_use]
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// `self + other`, or `None` on overflow.
    #[must_use]
    pub const fn checked_add(self, other: Self) -> Option<Self> {
        match self.0.checked_add(other.0) {
            Some(p) => Some(Self(p)),
            None => None,
        }
    }

    /// `self - other`, or `None` on overflow.
    #[must_use]
    pub const fn checked_sub(self, other: Self) -> Option<Self> {
        match self.0.checked_sub(other.0) {
            Some(p) => Some(Self(p)),
            None => None,
        }
    }

    /// `self × n`, or `None` on overflow.
    #[must_use]
    pub const fn checked_mul(self, n: i64) -> Option<Self> {
        match self.0.checked_mul(n) {
            Some(p) => Some(Self(p)),
            None => None,
        }
    }

    /// `self × part ÷ whole`, rounded to the nearest penny, or `None` if `whole` is 0 or the
    /// result does not fit.
    ///
    /// The product is formed in `i128`, so it cannot overflow before the division. Halves round
    /// away from zero (0.5p → 1p, -0.5p → -1p): the rule people use by hand and the one that
    /// makes a credit the exact mirror of the charge. Example: £100 × 1 ÷ 3 = 3,333.33...p →
    /// £33.33; 1p × 1 ÷ 2 = 0.5p → 1p.
    #[must_use]
    pub fn checked_pro_rata(self, part: i64, whole: i64) -> Option<Self> {
        if whole == 0 {
            return None;
        }
        let mut numerator = i128::from(self.0) * i128::from(part);
        let mut denominator = i128::from(whole);
        if denominator < 0 {
            numerator = -numerator;
            denominator = -denominator;
        }
        let quotient = numerator / denominator;
        let remainder = numerator % denominator;
        let rounded = if 2 * remainder.abs() >= denominator {
            quotient + numerator.signum()
        } else {
            quotient
        };
        i64::try_from(rounded).ok().map(Self)
    }

    /// `self × part ÷ whole`, rounded half away from zero, as [`Self::checked_pro_rata`].
    ///
    /// For apportioning an annual amount to days or weeks (`part` of `whole`). A `whole` of 0
    /// gives zero (a share of nothing), and a result too large for `i64` saturates; neither
    /// happens with real budgets, and `checked_pro_rata` reports both.
    #[must_use]
    pub fn pro_rata(self, part: i64, whole: i64) -> Self {
        if whole == 0 {
            return Self::ZERO;
        }
        self.checked_pro_rata(part, whole).unwrap_or({
            if (self.0 < 0) ^ (part < 0) ^ (whole < 0) {
                Self(i64::MIN)
            } else {
                Self(i64::MAX)
            }
        })
    }
}

impl Add for Pence {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self(self.0 + other.0)
    }
}

impl Sub for Pence {
    type Output = Self;
    fn sub(self, other: Self) -> Self {
        Self(self.0 - other.0)
    }
}

impl Neg for Pence {
    type Output = Self;
    fn neg(self) -> Self {
        Self(-self.0)
    }
}

impl Mul<i64> for Pence {
    type Output = Self;
    fn mul(self, n: i64) -> Self {
        Self(self.0 * n)
    }
}

impl AddAssign for Pence {
    fn add_assign(&mut self, other: Self) {
        self.0 += other.0;
    }
}

impl SubAssign for Pence {
    fn sub_assign(&mut self, other: Self) {
        self.0 -= other.0;
    }
}

impl Sum for Pence {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Pence> for Pence {
    fn sum<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        iter.copied().sum()
    }
}

impl fmt::Display for Pence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let pounds = (abs / 100).to_string();
        let mut grouped = String::with_capacity(pounds.len() + pounds.len() / 3);
        for (i, c) in pounds.chars().enumerate() {
            if i > 0 && (pounds.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}£{grouped}.{:02}", abs % 100)
    }
}

/// Checks that commas in the pounds part separate groups of three digits, as in `1,234,567`.
fn commas_are_thousands_separators(pounds: &str) -> bool {
    let groups: Vec<&str> = pounds.split(',').collect();
    groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3))
}

impl FromStr for Pence {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        if text.is_empty() {
            return Err(FieldError::new(FIELD, "enter an amount, like 1234.56"));
        }
        let bad = || {
            FieldError::new(
                FIELD,
                format!("enter an amount in pounds, like 1234.56 or £1,234.56, not '{text}'"),
            )
        };
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest.strip_prefix('£').unwrap_or(rest)),
            None => match text.strip_prefix('£') {
                Some(rest) => match rest.strip_prefix('-') {
                    Some(rest) => (true, rest),
                    None => (false, rest),
                },
                None => (false, text),
            },
        };
        let (pounds, pence) = match rest.split_once('.') {
            Some((pounds, pence)) => (pounds, Some(pence)),
            None => (rest, None),
        };
        if pounds.is_empty() && pence.is_none_or(str::is_empty) {
            return Err(bad());
        }
        if !pounds.bytes().all(|b| b.is_ascii_digit() || b == b',')
            || !commas_are_thousands_separators(pounds)
        {
            return Err(bad());
        }
        let pence_value = match pence {
            None | Some("") => 0,
            Some(p) if !p.bytes().all(|b| b.is_ascii_digit()) => return Err(bad()),
            Some(p) if p.len() > 2 => {
                return Err(FieldError::new(
                    FIELD,
                    format!("an amount can have at most 2 decimal places (pence), not '{text}'"),
                ));
            }
            Some(p) if p.len() == 1 => i64::from(p.as_bytes()[0] - b'0') * 10,
            Some(p) => p.parse::<i64>().map_err(|_| bad())?,
        };
        let digits: String = pounds.chars().filter(|c| *c != ',').collect();
        let too_large = || FieldError::new(FIELD, format!("'{text}' is too large an amount"));
        let pound_value: i64 = if digits.is_empty() {
            0
        } else {
            digits.parse().map_err(|_| too_large())?
        };
        let total = pound_value
            .checked_mul(100)
            .and_then(|p| p.checked_add(pence_value))
            .ok_or_else(too_large)?;
        Ok(Self(if negative { -total } else { total }))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn displays_pounds_with_separators() {
        assert_eq!(Pence(123_456).to_string(), "£1,234.56");
        assert_eq!(Pence(-123_456).to_string(), "-£1,234.56");
        assert_eq!(Pence(0).to_string(), "£0.00");
        assert_eq!(Pence(5).to_string(), "£0.05");
        assert_eq!(Pence(-5).to_string(), "-£0.05");
        assert_eq!(Pence(100_000_000).to_string(), "£1,000,000.00");
        assert_eq!(Pence(99_999).to_string(), "£999.99");
        assert_eq!(Pence(i64::MIN).to_string(), "-£92,233,720,368,547,758.08");
    }

    #[test]
    fn parses_what_people_type() {
        for (input, pence) in [
            ("1234.56", 123_456),
            ("£1,234.56", 123_456),
            ("1234", 123_400),
            (" 12.5 ", 1_250),
            ("-£1,234.56", -123_456),
            ("£-3", -300),
            (".5", 50),
            ("6000.", 600_000),
            ("1,000,000", 100_000_000),
            ("0", 0),
        ] {
            assert_eq!(input.parse::<Pence>(), Ok(Pence(pence)), "{input}");
        }
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        for input in [
            "", "£", "-", ".", "12.345", "1,23", "12,34.00", "abc", "1.2.3", "£1 000", "++1",
        ] {
            let e = input.parse::<Pence>().unwrap_err();
            assert_eq!(e.field, "amount", "{input}");
        }
        assert!(
            "12.345"
                .parse::<Pence>()
                .unwrap_err()
                .problem
                .contains("2 decimal places")
        );
        assert!(
            "99999999999999999999"
                .parse::<Pence>()
                .unwrap_err()
                .problem
                .contains("too large")
        );
    }

    #[test]
    fn arithmetic() {
        let mut total = Pence::from_pounds(6_000);
        total += Pence(50);
        total -= Pence(25);
        assert_eq!(total, Pence(600_025));
        assert_eq!(-total, Pence(-600_025));
        assert_eq!(Pence(10) * 3, Pence(30));
        assert_eq!([Pence(1), Pence(2)].iter().sum::<Pence>(), Pence(3));
        assert_eq!(
            vec![Pence(1), Pence(-2)].into_iter().sum::<Pence>(),
            Pence(-1)
        );
        assert_eq!(Pence(-1_234).pounds_and_pence(), (-12, -34));
        assert_eq!(Pence(123_456_789).plain(), "1234567.89");
        assert_eq!(Pence(-5).plain(), "-0.05");
        for p in [
            Pence(0),
            Pence(-5),
            Pence(99),
            Pence(-123_456_789),
            Pence(i64::MAX),
        ] {
            assert_eq!(p.plain().parse::<Pence>(), Ok(p), "{p}");
        }
        assert_eq!(Pence(i64::MAX).checked_add(Pence(1)), None);
        assert_eq!(Pence(i64::MIN).checked_sub(Pence(1)), None);
        assert_eq!(Pence(i64::MAX).checked_mul(2), None);
        assert_eq!(Pence::checked_from_pounds(i64::MAX), None);
        assert!(Pence(-1).is_negative());
    }

    #[test]
    fn pro_rata_rounds_half_away_from_zero() {
        assert_eq!(Pence::from_pounds(100).pro_rata(1, 3), Pence(3_333));
        assert_eq!(Pence::from_pounds(100).pro_rata(2, 3), Pence(6_667));
        assert_eq!(Pence(1).pro_rata(1, 2), Pence(1));
        assert_eq!(Pence(-1).pro_rata(1, 2), Pence(-1));
        assert_eq!(Pence(1).pro_rata(1, -2), Pence(-1));
        assert_eq!(Pence(3).pro_rata(1, 4), Pence(1));
        assert_eq!(Pence(1).pro_rata(1, 3), Pence(0));
        assert_eq!(Pence(5).pro_rata(7, 0), Pence::ZERO);
        assert_eq!(Pence(5).checked_pro_rata(7, 0), None);
        assert_eq!(
            Pence(i64::MAX).pro_rata(i64::MAX, i64::MAX),
            Pence(i64::MAX)
        );
        assert_eq!(Pence(i64::MAX).checked_pro_rata(2, 1), None);
        assert_eq!(Pence(i64::MAX).pro_rata(2, 1), Pence(i64::MAX));
        assert_eq!(Pence(i64::MAX).pro_rata(-2, 1), Pence(i64::MIN));
        // A year's top-up of £12,345.67 for 190 of 365 days.
        assert_eq!(Pence(1_234_567).pro_rata(190, 365), Pence(642_651));
    }

    #[test]
    fn serde_as_pence() {
        assert_eq!(serde_json::to_string(&Pence(123)).unwrap(), "123");
        assert_eq!(serde_json::from_str::<Pence>("-5").unwrap(), Pence(-5));
    }

    proptest! {
        #[test]
        fn display_parses_back(p in any::<i64>().prop_filter("MIN has no positive", |p| *p != i64::MIN)) {
            prop_assert_eq!(Pence(p).to_string().parse::<Pence>(), Ok(Pence(p)));
        }

        #[test]
        fn add_then_sub_is_identity(a in -1_i64 << 60..1 << 60, b in -1_i64 << 60..1 << 60) {
            prop_assert_eq!(Pence(a) + Pence(b) - Pence(b), Pence(a));
            prop_assert_eq!(Pence(a).checked_add(Pence(b)), Some(Pence(a + b)));
        }

        #[test]
        fn pro_rata_is_within_half_a_penny(
            p in -1_i64 << 40..1 << 40,
            part in 0_i64..100_000,
            whole in 1_i64..100_000,
        ) {
            let got = i128::from(Pence(p).pro_rata(part, whole).get());
            let exact_times_whole = i128::from(p) * i128::from(part);
            let error_times_whole = (got * i128::from(whole) - exact_times_whole).abs();
            prop_assert!(2 * error_times_whole <= i128::from(whole));
        }

        #[test]
        fn pro_rata_is_symmetric_and_whole_is_identity(
            p in -1_i64 << 50..1 << 50,
            part in -1000_i64..1000,
            whole in 1_i64..1000,
        ) {
            prop_assert_eq!(Pence(-p).pro_rata(part, whole), -Pence(p).pro_rata(part, whole));
            prop_assert_eq!(Pence(p).pro_rata(whole, whole), Pence(p));
            prop_assert_eq!(Pence(p).pro_rata(0, whole), Pence::ZERO);
        }
    }
}
