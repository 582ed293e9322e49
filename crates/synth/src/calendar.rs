//! Small date helpers for drawing synthetic dates.

use chrono::{Datelike, Days, Months, NaiveDate};
use rand::RngExt;

/// `date` moved back by `years` calendar years (29 February falls back to 28 February).
pub fn years_before(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(years * 12))
        .unwrap_or(NaiveDate::MIN)
}

/// `date` moved on by `years` calendar years.
pub fn years_after(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_add_months(Months::new(years * 12))
        .unwrap_or(NaiveDate::MAX)
}

/// `date` plus `days` (which may be negative).
pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        date.checked_add_days(Days::new(days.unsigned_abs()))
            .unwrap_or(NaiveDate::MAX)
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// A date drawn uniformly from `lo..=hi`; `lo` if the range is empty.
pub fn between<R: rand::Rng + ?Sized>(rng: &mut R, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
    let span = (hi - lo).num_days();
    if span <= 0 {
        return lo;
    }
    add_days(lo, rng.random_range(0..=span))
}

/// 1 January of `year`.
pub fn jan1(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// 31 December of `year`.
pub fn dec31(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// 1 September of `year`.
pub fn sep1(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 9, 1).unwrap_or(NaiveDate::MIN)
}

/// 31 August of `year`.
pub fn aug31(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 8, 31).unwrap_or(NaiveDate::MIN)
}

/// The 1 September on or before `date`.
pub fn term_start_before(date: NaiveDate) -> NaiveDate {
    let y = if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    };
    sep1(y)
}

/// The range of birth dates that make someone exactly `age` on `on`.
pub fn birth_range_for_age(on: NaiveDate, age: u32) -> (NaiveDate, NaiveDate) {
    let latest = years_before(on, age);
    let earliest = add_days(years_before(on, age + 1), 1);
    (earliest, latest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::dates::age_on;

    #[test]
    fn birth_ranges_give_the_age() {
        let census = NaiveDate::from_ymd_opt(2025, 1, 16).unwrap();
        for age in 0..26 {
            let (lo, hi) = birth_range_for_age(census, age);
            assert_eq!(age_on(lo, census), age);
            assert_eq!(age_on(hi, census), age);
            assert_eq!(age_on(add_days(lo, -1), census), age + 1);
        }
    }

    #[test]
    fn term_starts() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 16).unwrap();
        assert_eq!(term_start_before(d), sep1(2024));
        assert_eq!(term_start_before(sep1(2024)), sep1(2024));
    }
}
