//! When the rights in the EHC process pass from the parent to the young person.
//!
//! A "young person" is over compulsory school age and under 25 (Children and Families Act 2014
//! s.83(2)); from then the decisions are theirs, and a parent takes part only as the young person
//! agrees (SEND Code of Practice 2015, 8.13 to 8.15). Compulsory school age ends on the school
//! leaving date, the last Friday in June, of the school year in which the child turns 16
//! (Education Act 1996 s.8(3) and (4); the Education (School Leaving Date) Order 1997).

use chrono::{Datelike, NaiveDate, Weekday};

/// The last day of compulsory school age for a child born on `birth`.
#[must_use]
pub fn end_of_compulsory_school_age(birth: NaiveDate) -> Option<NaiveDate> {
    let sixteenth = birth.with_year(birth.year() + 16).or_else(|| {
        // Born on 29 February: in a year without it, 16 is reached on 1 March.
        NaiveDate::from_ymd_opt(birth.year() + 16, 3, 1)
    })?;
    // Turning 16 from September belongs to the school year that ends the next summer; turning
    // 16 in July or August, after the leaving date, still leaves on that year's date (s.8(4)).
    let year = if sixteenth.month() >= 9 {
        sixteenth.year() + 1
    } else {
        sixteenth.year()
    };
    last_friday_of_june(year)
}

fn last_friday_of_june(year: i32) -> Option<NaiveDate> {
    let end = NaiveDate::from_ymd_opt(year, 6, 30)?;
    let back = (end.weekday().num_days_from_monday() + 7 - Weekday::Fri.num_days_from_monday()) % 7;
    end.checked_sub_days(chrono::Days::new(u64::from(back)))
}

/// Whether the record's decisions are the young person's own on `today`.
#[must_use]
pub fn is_young_person(birth: NaiveDate, today: NaiveDate) -> bool {
    end_of_compulsory_school_age(birth).is_some_and(|end| today > end)
}

/// Whether a parent or carer linked to the child may still see their record on `today`: always
/// while the child is of compulsory school age, and after that only with the young person's
/// consent, given and not withdrawn.
#[must_use]
pub fn parent_may_see(birth: NaiveDate, today: NaiveDate, consent: Option<Consent>) -> bool {
    !is_young_person(birth, today)
        || consent.is_some_and(|c| c.given_on <= today && c.withdrawn_on.is_none_or(|w| today < w))
}

/// A young person's consent to a parent's access, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consent {
    pub given_on: NaiveDate,
    pub withdrawn_on: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_school_leaving_date_is_the_last_friday_in_june_of_the_year_they_turn_16() {
        // Turns 16 on 10 March 2026: leaves on Friday 26 June 2026.
        assert_eq!(
            end_of_compulsory_school_age(d("2010-03-10")),
            Some(d("2026-06-26"))
        );
        // Turns 16 on 15 August 2026, after the leaving date: still 26 June 2026.
        assert_eq!(
            end_of_compulsory_school_age(d("2010-08-15")),
            Some(d("2026-06-26"))
        );
        // Turns 16 on 1 September 2025: the school year ending in summer 2026.
        assert_eq!(
            end_of_compulsory_school_age(d("2009-09-01")),
            Some(d("2026-06-26"))
        );
        // 30 June 2028 is a Friday.
        assert_eq!(
            end_of_compulsory_school_age(d("2012-01-01")),
            Some(d("2028-06-30"))
        );
        // Born on 29 February 2008: 16 on 1 March 2024, leaves on 28 June 2024.
        assert_eq!(
            end_of_compulsory_school_age(d("2008-02-29")),
            Some(d("2024-06-28"))
        );
    }

    #[test]
    fn a_parent_needs_consent_once_the_child_is_a_young_person() {
        let birth = d("2010-03-10");
        assert!(parent_may_see(birth, d("2026-06-26"), None));
        assert!(!parent_may_see(birth, d("2026-06-27"), None));
        let consent = Consent {
            given_on: d("2026-07-01"),
            withdrawn_on: None,
        };
        assert!(parent_may_see(birth, d("2026-07-01"), Some(consent)));
        assert!(!parent_may_see(birth, d("2026-06-30"), Some(consent)));
        let withdrawn = Consent {
            withdrawn_on: Some(d("2026-09-01")),
            ..consent
        };
        assert!(parent_may_see(birth, d("2026-08-31"), Some(withdrawn)));
        assert!(!parent_may_see(birth, d("2026-09-01"), Some(withdrawn)));
    }
}
