//! The Unique Pupil Number and its check letter.

use std::fmt;
use std::str::FromStr;

use super::{LaCode, serde_as_string};
use crate::FieldError;

const FIELD: &str = "upn";

/// The DfE check-letter table: remainders 0 to 22 map to these letters. I, O and S are left out
/// because they are easily misread as 1, 0 and 5.
const CHECK_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// A Unique Pupil Number: 13 characters, validated with the DfE check letter.
///
/// Layout (DfE "Unique pupil numbers (UPN)" guidance for schools and local authorities):
///
/// | characters | meaning |
/// |---|---|
/// | 1 | check letter |
/// | 2 to 4 | LA number of the allocating school or LA |
/// | 5 to 8 | DfE establishment number (or an LA-allocated number) |
/// | 9 to 10 | last two digits of the year of allocation |
/// | 11 to 13 | serial number; for a *temporary* UPN, two digits then a letter |
///
/// The check letter: multiply the value of each of characters 2 to 13 by its position (2 to 13)
/// and add; divide by 23; the remainder (0 to 22) indexes the table `A B C D E F G H J K L M N P
/// Q R T U V W X Y Z`. Digits count as their value; the letter in position 13 of a temporary UPN
/// counts as its index in the same table (A = 0, B = 1, ... Z = 22).
///
/// Input is trimmed and upper-cased; `Display` gives the 13 characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Upn([u8; 13]);

impl Upn {
    /// Prepends the check letter to a 12-character body (characters 2 to 13).
    ///
    /// Used where UPNs are made rather than received: LA-allocated temporary numbers and the
    /// synthetic data generator.
    ///
    /// # Errors
    /// When the body is not 11 digits followed by a digit or a check-table letter.
    pub fn new_with_check_letter(body12: &str) -> Result<Self, FieldError> {
        let body = body12.trim().to_ascii_uppercase();
        if body.len() != 12 {
            return Err(FieldError::new(
                FIELD,
                format!(
                    "a UPN without its check letter has 12 characters, not {}",
                    body.len()
                ),
            ));
        }
        let mut bytes = [0u8; 13];
        bytes[1..].copy_from_slice(body.as_bytes());
        let sum = check_sum(&bytes)?;
        bytes[0] = CHECK_LETTERS[sum];
        Ok(Self(bytes))
    }

    /// The 13 characters.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Every byte was checked to be ASCII when the value was made.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// Whether this is a temporary UPN (a letter in position 13), given when the permanent UPN
    /// is not yet known; it should be replaced by the permanent one when it is.
    #[must_use]
    pub fn is_temporary(&self) -> bool {
        self.0[12].is_ascii_uppercase()
    }

    /// The LA number in characters 2 to 4, if it is a valid LA code (100 to 999).
    #[must_use]
    pub fn la_code(&self) -> Option<LaCode> {
        self.as_str()[1..4].parse().ok()
    }

    /// Characters 5 to 8: the establishment number of the allocating school.
    #[must_use]
    pub fn establishment_number(&self) -> &str {
        &self.as_str()[4..8]
    }

    /// Characters 9 and 10: the last two digits of the year the UPN was allocated.
    #[must_use]
    pub fn year_of_allocation(&self) -> &str {
        &self.as_str()[8..10]
    }
}

/// Checks characters 2 to 13 of `bytes` and returns the remainder that picks the check letter.
fn check_sum(bytes: &[u8; 13]) -> Result<usize, FieldError> {
    let mut sum = 0usize;
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        let position = i + 1;
        let value = if b.is_ascii_digit() {
            usize::from(b - b'0')
        } else if position == 13 {
            CHECK_LETTERS.iter().position(|&l| l == b).ok_or_else(|| {
                FieldError::new(
                    FIELD,
                    format!(
                        "character 13 must be a digit, or a letter other than I, O or S for a \
                         temporary UPN, not '{}'",
                        char::from(b)
                    ),
                )
            })?
        } else {
            return Err(FieldError::new(
                FIELD,
                format!(
                    "characters 2 to 12 must be digits; character {position} is '{}'",
                    char::from(b)
                ),
            ));
        };
        sum += value * position;
    }
    Ok(sum % 23)
}

impl FromStr for Upn {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(FieldError::new(
                FIELD,
                "enter the UPN: 13 characters, like A801200100001",
            ));
        }
        let Ok(bytes) = <[u8; 13]>::try_from(s.as_bytes()) else {
            return Err(FieldError::new(
                FIELD,
                format!("a UPN has 13 characters, not {}", s.chars().count()),
            ));
        };
        if !CHECK_LETTERS.contains(&bytes[0]) {
            return Err(FieldError::new(
                FIELD,
                format!(
                    "the first character must be the check letter (A to Z, not I, O or S), not '{}'",
                    char::from(bytes[0])
                ),
            ));
        }
        let expected = CHECK_LETTERS[check_sum(&bytes)?];
        if bytes[0] != expected {
            return Err(FieldError::new(
                FIELD,
                format!(
                    "check letter should be '{}', not '{}'; check the number has been copied correctly",
                    char::from(expected),
                    char::from(bytes[0])
                ),
            ));
        }
        Ok(Self(bytes))
    }
}

impl fmt::Display for Upn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
serde_as_string!(Upn);

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Known-good UPNs, each worked out by hand:
    ///
    /// * body `801234524001`: 8×2 + 0×3 + 1×4 + 2×5 + 3×6 + 4×7 + 5×8 + 2×9 + 4×10 + 0×11 +
    ///   0×12 + 1×13 = 16 + 0 + 4 + 10 + 18 + 28 + 40 + 18 + 40 + 0 + 0 + 13 = 187;
    ///   187 = 8×23 + 3; table[3] = D, so `D801234524001`.
    /// * body `201000100001`: 2×2 + 1×4 + 1×8 + 1×13 = 29; 29 = 23 + 6; table[6] = G.
    /// * body `938200012345`: 18 + 9 + 32 + 10 + 0 + 0 + 0 + 9 + 20 + 33 + 48 + 65 = 244;
    ///   244 = 10×23 + 14; table[14] = Q (A0 B1 C2 D3 E4 F5 G6 H7 J8 K9 L10 M11 N12 P13 Q14).
    /// * temporary body `80123452400A`: as the first, but position 13 is A = 0 instead of 1, so
    ///   187 − 13 = 174 = 7×23 + 13; table[13] = P.
    /// * body `000000000000`: sum 0, so A.
    const KNOWN: &[(&str, &str)] = &[
        ("801234524001", "D801234524001"),
        ("201000100001", "G201000100001"),
        ("938200012345", "Q938200012345"),
        ("80123452400A", "P80123452400A"),
        ("000000000000", "A000000000000"),
    ];

    #[test]
    fn known_upns_compute_and_parse() {
        for &(body, upn) in KNOWN {
            assert_eq!(Upn::new_with_check_letter(body).unwrap().as_str(), upn);
            assert_eq!(upn.parse::<Upn>().unwrap().as_str(), upn);
        }
    }

    #[test]
    fn parts() {
        let upn: Upn = "D801234524001".parse().unwrap();
        assert_eq!(upn.la_code().map(LaCode::get), Some(801));
        assert_eq!(upn.establishment_number(), "2345");
        assert_eq!(upn.year_of_allocation(), "24");
        assert!(!upn.is_temporary());
        let temporary: Upn = " p80123452400a ".parse().unwrap();
        assert!(temporary.is_temporary());
        assert_eq!(temporary.to_string(), "P80123452400A");
        assert_eq!("A000000000000".parse::<Upn>().unwrap().la_code(), None);
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let wrong = "A801234524001".parse::<Upn>().unwrap_err();
        assert_eq!(wrong.field, "upn");
        assert!(
            wrong
                .problem
                .starts_with("check letter should be 'D', not 'A'"),
            "{wrong}"
        );
        assert!(
            "D80123452400"
                .parse::<Upn>()
                .unwrap_err()
                .problem
                .contains("13 characters, not 12")
        );
        assert!(
            "".parse::<Upn>()
                .unwrap_err()
                .problem
                .starts_with("enter the UPN")
        );
        assert!(
            "1801234524001"
                .parse::<Upn>()
                .unwrap_err()
                .problem
                .contains("first character")
        );
        assert!("I801234524001".parse::<Upn>().is_err());
        let letter = "D8012345X4001".parse::<Upn>().unwrap_err();
        assert!(letter.problem.contains("character 9 is 'X'"), "{letter}");
        assert!(
            "D80123452400S"
                .parse::<Upn>()
                .unwrap_err()
                .problem
                .contains("character 13")
        );
        assert!(Upn::new_with_check_letter("8012345240").is_err());
        assert!(Upn::new_with_check_letter("8012345240O1").is_err());
    }

    #[test]
    fn serde_as_the_13_characters() {
        let upn: Upn = "G201000100001".parse().unwrap();
        assert_eq!(serde_json::to_string(&upn).unwrap(), "\"G201000100001\"");
        assert_eq!(
            serde_json::from_str::<Upn>("\"G201000100001\"").unwrap(),
            upn
        );
        assert!(serde_json::from_str::<Upn>("\"A201000100001\"").is_err());
    }

    proptest! {
        #[test]
        fn every_digit_body_gets_a_upn_that_parses(body in "[0-9]{12}") {
            let upn = Upn::new_with_check_letter(&body).unwrap();
            prop_assert_eq!(&upn.as_str()[1..], body.as_str());
            prop_assert_eq!(upn.as_str().parse::<Upn>().unwrap(), upn);
        }

        #[test]
        fn every_temporary_body_gets_a_upn_that_parses(body in "[0-9]{11}[A-HJ-NP-RT-Z]") {
            let upn = Upn::new_with_check_letter(&body).unwrap();
            prop_assert!(upn.is_temporary());
            prop_assert_eq!(upn.as_str().parse::<Upn>().unwrap(), upn);
        }

        /// Weights 2 to 13 are all non-zero modulo 23 (a prime), so changing one digit by 1 to 9
        /// always changes the remainder and the check letter catches it.
        #[test]
        fn changing_one_digit_makes_it_invalid(
            body in "[0-9]{12}",
            position in 1usize..13,
            delta in 1u8..10,
        ) {
            let upn = Upn::new_with_check_letter(&body).unwrap();
            let mut bytes = upn.as_str().as_bytes().to_vec();
            bytes[position] = b'0' + (bytes[position] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(changed.parse::<Upn>().is_err(), "{} should be invalid", changed);
        }
    }
}
