//! Calendar rules: ages, school and financial years, national curriculum years, census dates.
//!
//! SEND work runs on three calendars at once: the academic year (1 September to 31 August),
//! which sets a child's national curriculum year and phase transfers; the financial year
//! (1 April to 31 March), which sets budgets and the high needs block; and the SEN2 census in
//! January. All dates are calendar dates ([`NaiveDate`]) in England; no time zones are involved.

mod nc_year;
mod years;

use chrono::{Datelike, NaiveDate, Weekday};

pub use nc_year::{NcYear, nc_year_for, nc_year_on};
pub use years::{AcademicYear, FinancialYear};

/// A person's age in completed years on `date`; 0 if `date` is before `birth`.
///
/// A person attains an age at the start of the anniversary of their birth (Family Law Reform Act
/// 1969 s.9). For someone born on 29 February, in a year without one the anniversary is taken as
/// 1 March: the Act does not say so in terms, but this is the reading generally used in England
/// and Wales, and it means nobody is treated as older than they are.
#[must_use]
pub fn age_on(birth: NaiveDate, date: NaiveDate) -> u32 {
    if date <= birth {
        return 0;
    }
    let years = date.year() - birth.year();
    let birthday = if birth.month() == 2 && birth.day() == 29 && !is_leap_year(date.year()) {
        (3, 1)
    } else {
        (birth.month(), birth.day())
    };
    let had_birthday = (date.month(), date.day()) >= birthday;
    let completed = if had_birthday { years } else { years - 1 };
    u32::try_from(completed).unwrap_or(0)
}

/// Whether `year` has a 29 February (Gregorian calendar).
const fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The SEN2 census date for a collection year: the third Thursday of January.
///
/// SEN2 counts the plans in force on this date (DfE SEN2 guidance; `reference/sen2.md`), for
/// example 16 January 2025 for the 2025 return.
#[must_use]
pub fn sen2_census_date(collection_year: i32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(collection_year, 1, Weekday::Thu, 3)
        // Only outside chrono's range of about ±262,000 years.
        .unwrap_or(NaiveDate::MIN)
}

/// Builds a date that is known to exist, falling back to the ends of chrono's range for years
/// outside it (about ±262,000), which no real record reaches.
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    pub(super) fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn ages_in_completed_years() {
        assert_eq!(age_on(d("2018-08-31"), d("2024-08-31")), 6);
        assert_eq!(age_on(d("2018-08-31"), d("2024-08-30")), 5);
        assert_eq!(age_on(d("2018-09-01"), d("2024-08-31")), 5);
        assert_eq!(age_on(d("2000-01-01"), d("2025-12-31")), 25);
        assert_eq!(age_on(d("2024-03-01"), d("2024-03-01")), 0);
        assert_eq!(age_on(d("2024-03-01"), d("2023-03-01")), 0);
    }

    #[test]
    fn leap_day_birthdays_fall_on_1_march_in_other_years() {
        let birth = d("2016-02-29");
        assert_eq!(age_on(birth, d("2017-02-28")), 0);
        assert_eq!(age_on(birth, d("2017-03-01")), 1);
        assert_eq!(age_on(birth, d("2020-02-28")), 3);
        assert_eq!(age_on(birth, d("2020-02-29")), 4);
        assert_eq!(age_on(birth, d("2100-02-28")), 83);
        assert_eq!(age_on(birth, d("2100-03-01")), 84);
    }

    #[test]
    fn census_dates_from_the_sen2_reference() {
        assert_eq!(sen2_census_date(2024), d("2024-01-18"));
        assert_eq!(sen2_census_date(2025), d("2025-01-16"));
        assert_eq!(sen2_census_date(2026), d("2026-01-15"));
        assert_eq!(sen2_census_date(2027), d("2027-01-21"));
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2024) && is_leap_year(2000));
        assert!(!is_leap_year(2100) && !is_leap_year(2025));
    }

    proptest! {
        #[test]
        fn census_is_a_thursday_from_the_15th_to_the_21st(year in 1900i32..2200) {
            let date = sen2_census_date(year);
            prop_assert_eq!(date.weekday(), Weekday::Thu);
            prop_assert!((15..=21).contains(&date.day()) && date.month() == 1);
        }

        #[test]
        fn age_goes_up_by_one_each_birthday(
            birth in (0i32..80_000).prop_map(|n| ymd(1950, 1, 1) + chrono::Days::new(n as u64)),
            years in 1i32..100,
        ) {
            let later = birth.with_year(birth.year() + years)
                .unwrap_or_else(|| ymd(birth.year() + years, 3, 1));
            prop_assert_eq!(age_on(birth, later), years as u32);
            prop_assert_eq!(age_on(birth, later.pred_opt().unwrap()), years as u32 - 1);
        }
    }
}
