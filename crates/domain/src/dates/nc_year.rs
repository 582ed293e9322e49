//! National curriculum year groups.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{AcademicYear, age_on, ymd};
use crate::FieldError;

const FIELD: &str = "nc_year";

/// A national curriculum year group: `-2` N1, `-1` N2 (nursery), `0` Reception, `1` to `13` Year 1
/// to Year 13, and beyond.
///
/// The year group follows from the child's age on 31 August before the academic year starts:
/// age 4 is Reception, 5 is Year 1, and so on up to 16 in Year 12 and 17 in Year 13, so a child
/// normally starts Reception in the September after their fourth birthday (DfE school admissions
/// guidance; the school census uses the same age rule). Nursery years follow the school census
/// codes: age 3 is N2 (the year before Reception), age 2 is N1. Younger children are also given
/// N1, as there is no earlier year group. Young people over 17 continue as notional years 14
/// (age 18) to 21 (age 25), because EHC plans run to 25 and phase transfers are still planned by
/// year group. This is the *expected* year group for the child's age; a child taught out of year
/// group is recorded separately.
///
/// Serde writes the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NcYear(pub i8);

impl NcYear {
    /// Nursery, first year (aged 2 on 31 August, or younger).
    pub const N1: Self = Self(-2);
    /// Nursery, second year (aged 3 on 31 August).
    pub const N2: Self = Self(-1);
    /// Reception (aged 4 on 31 August).
    pub const RECEPTION: Self = Self(0);

    /// The year group for an age on 31 August at the start of the academic year.
    #[must_use]
    pub fn for_age_on_31_august(age: u32) -> Self {
        let years = i64::from(age) - 4;
        Self(i8::try_from(years.max(-2)).unwrap_or(i8::MAX))
    }

    /// The number: -2 N1, -1 N2, 0 Reception, 1 Year 1, ...
    #[must_use]
    pub const fn get(self) -> i8 {
        self.0
    }

    /// Whether this is a nursery year (N1 or N2).
    #[must_use]
    pub const fn is_nursery(self) -> bool {
        self.0 < 0
    }
}

/// The expected year group of a child born on `birth` during `year`.
#[must_use]
pub fn nc_year_for(birth: NaiveDate, year: AcademicYear) -> NcYear {
    NcYear::for_age_on_31_august(age_on(birth, ymd(year.start_year(), 8, 31)))
}

/// The expected year group of a child born on `birth` on `date`.
#[must_use]
pub fn nc_year_on(birth: NaiveDate, date: NaiveDate) -> NcYear {
    nc_year_for(birth, AcademicYear::containing(date))
}

impl fmt::Display for NcYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            i8::MIN..=-2 => f.write_str("N1"),
            -1 => f.write_str("N2"),
            0 => f.write_str("R"),
            n => write!(f, "Year {n}"),
        }
    }
}

/// Reads `N1`, `N2`, `R`, `Reception`, `Year 7`, `Y7` or `7`.
impl FromStr for NcYear {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim().to_ascii_uppercase();
        match text.as_str() {
            "N1" => return Ok(Self::N1),
            "N2" => return Ok(Self::N2),
            "R" | "RECEPTION" => return Ok(Self::RECEPTION),
            _ => {}
        }
        let number = text
            .strip_prefix("YEAR")
            .or_else(|| text.strip_prefix('Y'))
            .unwrap_or(&text)
            .trim();
        match number.parse::<i8>() {
            Ok(n) if (1..=21).contains(&n) => Ok(Self(n)),
            _ => Err(FieldError::new(
                FIELD,
                format!(
                    "enter a year group: N1, N2, R or a year from 1 to 21, not '{}'",
                    s.trim()
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::tests::d;
    use super::*;

    /// Worked by hand for 2024/25, whose 31 August is 2024-08-31:
    /// born 2018-08-31 is 6 that day (birthday reached) → Year 2: Reception in 2022/23, the
    /// September after turning 4 on 2022-08-31. Born 2018-09-01 is still 5 → Year 1: turned 4 on
    /// 2022-09-01, so Reception in 2023/24.
    #[test]
    fn august_and_september_birthdays() {
        let year = AcademicYear::new(2024);
        assert_eq!(nc_year_for(d("2018-08-31"), year), NcYear(2));
        assert_eq!(nc_year_for(d("2018-09-01"), year), NcYear(1));
        assert_eq!(nc_year_for(d("2020-06-15"), year), NcYear::RECEPTION);
        assert_eq!(nc_year_for(d("2021-01-01"), year), NcYear::N2);
        assert_eq!(nc_year_for(d("2022-01-01"), year), NcYear::N1);
        assert_eq!(nc_year_for(d("2024-01-01"), year), NcYear::N1);
        assert_eq!(nc_year_for(d("2013-05-05"), year), NcYear(7));
        assert_eq!(nc_year_for(d("2008-01-01"), year), NcYear(12));
        assert_eq!(nc_year_for(d("2007-01-01"), year), NcYear(13));
        assert_eq!(nc_year_for(d("2006-01-01"), year), NcYear(14));
        assert_eq!(nc_year_for(d("1999-09-01"), year), NcYear(20));
    }

    #[test]
    fn on_a_date_uses_the_academic_year_it_falls_in() {
        let birth = d("2018-08-31");
        assert_eq!(nc_year_on(birth, d("2025-01-16")), NcYear(2));
        assert_eq!(nc_year_on(birth, d("2024-08-31")), NcYear(1));
        assert_eq!(nc_year_on(birth, d("2024-09-01")), NcYear(2));
    }

    #[test]
    fn leap_day_birth() {
        // Born 2016-02-29: 8 on 2024-08-31, so Year 4 in 2024/25.
        assert_eq!(
            nc_year_for(d("2016-02-29"), AcademicYear::new(2024)),
            NcYear(4)
        );
    }

    #[test]
    fn display_and_parse() {
        assert_eq!(NcYear::N1.to_string(), "N1");
        assert_eq!(NcYear::N2.to_string(), "N2");
        assert_eq!(NcYear::RECEPTION.to_string(), "R");
        assert_eq!(NcYear(7).to_string(), "Year 7");
        for n in -2..=21 {
            let year = NcYear(n);
            assert_eq!(year.to_string().parse::<NcYear>(), Ok(year));
        }
        assert_eq!("reception".parse::<NcYear>(), Ok(NcYear(0)));
        assert_eq!("Y11".parse::<NcYear>(), Ok(NcYear(11)));
        assert_eq!("11".parse::<NcYear>(), Ok(NcYear(11)));
        assert!(NcYear::N2.is_nursery() && !NcYear::RECEPTION.is_nursery());
        let e = "Year 0".parse::<NcYear>().unwrap_err();
        assert_eq!(e.field, "nc_year");
        assert!("22".parse::<NcYear>().is_err() && "".parse::<NcYear>().is_err());
        assert_eq!(serde_json::to_string(&NcYear(3)).unwrap(), "3");
    }

    proptest! {
        /// An older child is never in a lower year group, and children born a year apart are a
        /// year group apart (once both are past N1).
        #[test]
        fn year_group_falls_as_birth_date_rises(
            a in 0u64..20_000,
            b in 0u64..20_000,
            start in 2000i32..2060,
        ) {
            let base = d("1980-01-01");
            let (earlier, later) = (base + chrono::Days::new(a.min(b)), base + chrono::Days::new(a.max(b)));
            let year = AcademicYear::new(start);
            prop_assert!(nc_year_for(earlier, year) >= nc_year_for(later, year));
        }

        #[test]
        fn each_academic_year_moves_a_child_up_one(offset in 0u64..3_000, start in 2010i32..2040) {
            let birth = d("2000-01-01") + chrono::Days::new(offset);
            let year = AcademicYear::new(start);
            let now = nc_year_for(birth, year);
            if now.get() >= -1 {
                prop_assert_eq!(nc_year_for(birth, year.next()).get(), now.get() + 1);
            }
        }
    }
}
