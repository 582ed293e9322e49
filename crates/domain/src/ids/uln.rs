//! The Unique Learner Number.

use std::fmt;
use std::str::FromStr;

use super::serde_as_string;
use crate::FieldError;

const FIELD: &str = "uln";

/// A Unique Learner Number: 10 digits, the first 1 to 9, the last a check digit.
///
/// Issued by the Learning Records Service (LRS) to learners aged 14 and over; SEN2 accepts it in
/// place of a UPN for young people in further education. The check digit follows the checksum
/// the ESFA's Individualised Learner Record (ILR) specification gives for the ULN: multiply the
/// first nine digits by the weights 10, 9, 8, ..., 2 and add; take the remainder on dividing by
/// 11; the check digit is 10 minus that remainder, and a number whose remainder is 0 (which
/// would need a check digit of 10) is never issued. This is the algorithm as we understand it
/// from the ILR validation rules; it agrees with the worked example in the tests. The ILR's
/// "not known" placeholder 9999999999 fails the check, so it is rejected here too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uln(u64);

impl Uln {
    /// The number.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl FromStr for Uln {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(FieldError::new(FIELD, "enter the ULN: 10 digits"));
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                FIELD,
                format!("a ULN is 10 digits only, not '{s}'"),
            ));
        }
        if s.len() != 10 {
            return Err(FieldError::new(
                FIELD,
                format!("a ULN has 10 digits, not {}", s.len()),
            ));
        }
        let digits: Vec<u32> = s.bytes().map(|b| u32::from(b - b'0')).collect();
        if digits[0] == 0 {
            return Err(FieldError::new(FIELD, "a ULN cannot start with 0"));
        }
        let sum: u32 = digits[..9]
            .iter()
            .zip((2..=10).rev())
            .map(|(d, w)| d * w)
            .sum();
        let remainder = sum % 11;
        if remainder == 0 {
            return Err(FieldError::new(
                FIELD,
                "this is not a valid ULN; check the number has been copied correctly",
            ));
        }
        let expected = 10 - remainder;
        if digits[9] != expected {
            return Err(FieldError::new(
                FIELD,
                format!(
                    "check digit (the last digit) should be {expected}, not {}; check the number \
                     has been copied correctly",
                    digits[9]
                ),
            ));
        }
        let value = s
            .parse()
            .map_err(|_| FieldError::new(FIELD, format!("a ULN is 10 digits, not '{s}'")))?;
        Ok(Self(value))
    }
}

impl fmt::Display for Uln {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
serde_as_string!(Uln);

#[cfg(test)]
mod tests {
    use super::*;

    /// `1234567899`: 1×10 + 2×9 + 3×8 + 4×7 + 5×6 + 6×5 + 7×4 + 8×3 + 9×2 = 210;
    /// 210 = 19×11 + 1; check digit 10 − 1 = 9.
    /// `4000000003`: 4×10 = 40 = 3×11 + 7; check digit 3.
    /// `1000000000`: 10, remainder 10, check digit 0.
    #[test]
    fn known_ulns() {
        for uln in ["1234567899", "4000000003", "1000000000"] {
            assert_eq!(uln.parse::<Uln>().unwrap().to_string(), uln);
        }
    }

    #[test]
    fn errors() {
        let e = "1234567890".parse::<Uln>().unwrap_err();
        assert_eq!(e.field, "uln");
        assert!(
            e.problem
                .starts_with("check digit (the last digit) should be 9, not 0"),
            "{e}"
        );
        assert!(
            "0234567899"
                .parse::<Uln>()
                .unwrap_err()
                .problem
                .contains("start with 0")
        );
        assert!(
            "123456789"
                .parse::<Uln>()
                .unwrap_err()
                .problem
                .contains("not 9")
        );
        assert!(
            "12345678X9"
                .parse::<Uln>()
                .unwrap_err()
                .problem
                .contains("digits only")
        );
        assert!("9999999999".parse::<Uln>().is_err());
        // 1×10 + 6×2 = 22, remainder 0: no check digit works.
        for last in 0..10 {
            assert!(format!("100000006{last}").parse::<Uln>().is_err());
        }
    }

    #[test]
    fn serde_as_string() {
        let uln: Uln = "1234567899".parse().unwrap();
        assert_eq!(serde_json::to_string(&uln).unwrap(), "\"1234567899\"");
        assert_eq!(serde_json::from_str::<Uln>("\"1234567899\"").unwrap(), uln);
    }
}
