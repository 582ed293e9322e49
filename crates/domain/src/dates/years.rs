//! Academic and financial years.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use super::ymd;
use crate::FieldError;

/// Reads `2024/25`, `2024-25`, `2024/2025` or `2024-2025` into the starting year 2024.
fn parse_year_span(field: &'static str, example: &str, s: &str) -> Result<i32, FieldError> {
    let text = s.trim();
    let expected = || {
        FieldError::new(
            field,
            format!("enter the year like {example}, not '{text}'"),
        )
    };
    let (first, second) = text.split_once(['/', '-']).ok_or_else(expected)?;
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if first.len() != 4 || !all_digits(first) || !all_digits(second) {
        return Err(expected());
    }
    let start: i32 = first.parse().map_err(|_| expected())?;
    let next = start + 1;
    let matches = match second.len() {
        2 => second.parse::<i32>().ok() == Some(next % 100),
        4 => second.parse::<i32>().ok() == Some(next),
        _ => return Err(expected()),
    };
    if matches {
        Ok(start)
    } else {
        Err(FieldError::new(
            field,
            format!(
                "the second year should follow the first: {start} is followed by {next}, not '{second}'"
            ),
        ))
    }
}

macro_rules! year_type {
    (
        $(#[$meta:meta])*
        $name:ident, field $field:literal, start $month:literal, sep $sep:literal, example $example:literal
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(i32);

        impl $name {
            /// The year starting in calendar year `start_year`.
            #[must_use]
            pub const fn new(start_year: i32) -> Self {
                Self(start_year)
            }

            /// The calendar year it starts in.
            #[must_use]
            pub const fn start_year(self) -> i32 {
                self.0
            }

            /// The year that contains `date`.
            #[must_use]
            pub fn containing(date: NaiveDate) -> Self {
                if date.month() >= $month { Self(date.year()) } else { Self(date.year() - 1) }
            }

            /// Its first day.
            #[must_use]
            pub fn start(self) -> NaiveDate {
                ymd(self.0, $month, 1)
            }

            /// Its last day (the day before the next year starts).
            #[must_use]
            pub fn end(self) -> NaiveDate {
                self.next().start().pred_opt().unwrap_or(NaiveDate::MAX)
            }

            /// Whether `date` falls in this year.
            #[must_use]
            pub fn contains(self, date: NaiveDate) -> bool {
                Self::containing(date) == self
            }

            /// The following year.
            #[must_use]
            pub const fn next(self) -> Self {
                Self(self.0.saturating_add(1))
            }

            /// The year before.
            #[must_use]
            pub const fn previous(self) -> Self {
                Self(self.0.saturating_sub(1))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}{}{:02}", self.0, $sep, (self.0 + 1).rem_euclid(100))
            }
        }

        impl FromStr for $name {
            type Err = FieldError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse_year_span($field, $example, s).map(Self)
            }
        }

        crate::ids::serde_as_string!($name);
    };
}

year_type!(
    /// A school (academic) year, 1 September to 31 August, named by the calendar year it starts
    /// in and shown as `2024/25`. This is the DfE's year for school census data, ages and year
    /// groups (a child's age "on 31 August" sets their national curriculum year: see
    /// [`super::nc_year_for`]).
    AcademicYear, field "academic_year", start 9, sep "/", example "2024/25"
);

year_type!(
    /// A financial year, 1 April to 31 March, shown as `2024-25`: the year of council budgets,
    /// the Dedicated Schools Grant and the section 251 returns.
    FinancialYear, field "financial_year", start 4, sep "-", example "2024-25"
);

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::tests::d;
    use super::*;

    #[test]
    fn academic_years() {
        let year = AcademicYear::new(2024);
        assert_eq!(year.to_string(), "2024/25");
        assert_eq!(year.start(), d("2024-09-01"));
        assert_eq!(year.end(), d("2025-08-31"));
        assert_eq!(AcademicYear::containing(d("2024-09-01")), year);
        assert_eq!(AcademicYear::containing(d("2025-08-31")), year);
        assert_eq!(AcademicYear::containing(d("2024-08-31")), year.previous());
        assert_eq!(AcademicYear::new(1999).to_string(), "1999/00");
        assert!(year.contains(d("2025-01-16")));
        assert_eq!(year.next().start_year(), 2025);
    }

    #[test]
    fn financial_years() {
        let year = FinancialYear::new(2024);
        assert_eq!(year.to_string(), "2024-25");
        assert_eq!(year.start(), d("2024-04-01"));
        assert_eq!(year.end(), d("2025-03-31"));
        assert_eq!(FinancialYear::containing(d("2025-03-31")), year);
        assert_eq!(FinancialYear::containing(d("2025-04-01")), year.next());
    }

    #[test]
    fn parsing() {
        for s in ["2024/25", "2024-25", " 2024/2025 ", "2024-2025"] {
            assert_eq!(
                s.parse::<AcademicYear>(),
                Ok(AcademicYear::new(2024)),
                "{s}"
            );
            assert_eq!(
                s.parse::<FinancialYear>(),
                Ok(FinancialYear::new(2024)),
                "{s}"
            );
        }
        assert_eq!(
            "1999/00".parse::<AcademicYear>(),
            Ok(AcademicYear::new(1999))
        );
        let e = "2024/26".parse::<AcademicYear>().unwrap_err();
        assert_eq!(e.field, "academic_year");
        assert!(e.problem.contains("2024 is followed by 2025"), "{e}");
        for s in ["2024", "24/25", "2024/5", "2024/025", "abcd/ef", ""] {
            let e = s.parse::<FinancialYear>().unwrap_err();
            assert_eq!(e.field, "financial_year", "{s}");
        }
        assert!(
            "24/25"
                .parse::<FinancialYear>()
                .unwrap_err()
                .problem
                .contains("like 2024-25")
        );
    }

    #[test]
    fn serde_as_the_display_string() {
        let year = AcademicYear::new(2024);
        assert_eq!(serde_json::to_string(&year).unwrap(), "\"2024/25\"");
        assert_eq!(
            serde_json::from_str::<AcademicYear>("\"2024/25\"").unwrap(),
            year
        );
    }

    proptest! {
        #[test]
        fn every_day_of_a_year_is_contained_in_it(start in 1900i32..2200, offset in 0u64..366) {
            let academic = AcademicYear::new(start);
            let day = academic.start() + chrono::Days::new(offset);
            prop_assert_eq!(AcademicYear::containing(day) == academic, day <= academic.end());
            prop_assert_eq!(AcademicYear::containing(academic.start()), academic);
            prop_assert_eq!(AcademicYear::containing(academic.end()), academic);
            prop_assert_eq!(academic.next().start(), academic.end().succ_opt().unwrap());

            let financial = FinancialYear::new(start);
            let day = financial.start() + chrono::Days::new(offset);
            prop_assert_eq!(FinancialYear::containing(day) == financial, day <= financial.end());
            prop_assert_eq!(FinancialYear::containing(financial.end()), financial);
        }

        #[test]
        fn display_parses_back(start in 1000i32..9999) {
            let year = AcademicYear::new(start);
            prop_assert_eq!(year.to_string().parse::<AcademicYear>(), Ok(year));
            let year = FinancialYear::new(start);
            prop_assert_eq!(year.to_string().parse::<FinancialYear>(), Ok(year));
        }
    }
}
