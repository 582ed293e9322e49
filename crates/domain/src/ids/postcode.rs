//! UK postcodes.

use std::fmt;
use std::str::FromStr;

use super::serde_as_string;
use crate::FieldError;

const FIELD: &str = "postcode";

/// A UK postcode in its standard form: upper case, one space before the inward code
/// (`BS1 5TR`).
///
/// Only the format is checked, not that the postcode exists: new postcodes appear every month,
/// and an address outside the council's area is still a valid address. The format follows the
/// published UK postcode pattern (Government Data Standards Catalogue, after BS 7666):
///
/// * outward code `A9`, `A99`, `AA9`, `AA99`, `A9A` or `AA9A`; inward code `9AA`;
/// * the first letter is not Q, V or X; the second letter is not I, J or Z;
/// * a letter in third place (`A9A`) is one of A B C D E F G H J K P S T U W; in fourth place
///   (`AA9A`) one of A B E H M N P R V W X Y;
/// * the inward letters are not C, I, K, M, O or V;
/// * and the special postcode `GIR 0AA`.
///
/// Spaces anywhere in the input are ignored and letters are upper-cased before checking, so
/// `bs15tr` and `BS1  5TR` are accepted as `BS1 5TR`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode(String);

impl Postcode {
    /// The postcode in standard form.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The outward code (before the space), for example `BS1`.
    #[must_use]
    pub fn outward(&self) -> &str {
        self.0
            .split_once(' ')
            .map_or(self.0.as_str(), |(outward, _)| outward)
    }

    /// The inward code (after the space), for example `5TR`.
    #[must_use]
    pub fn inward(&self) -> &str {
        self.0.split_once(' ').map_or("", |(_, inward)| inward)
    }
}

fn outward_is_valid(o: &[u8]) -> bool {
    let letter = |b: u8| b.is_ascii_uppercase();
    let digit = |b: u8| b.is_ascii_digit();
    let first = |b: u8| letter(b) && !b"QVX".contains(&b);
    let second = |b: u8| letter(b) && !b"IJZ".contains(&b);
    let third = |b: u8| b"ABCDEFGHJKPSTUW".contains(&b);
    let fourth = |b: u8| b"ABEHMNPRVWXY".contains(&b);
    match *o {
        [a, b] => first(a) && digit(b),
        [a, b, c] => {
            (first(a) && digit(b) && digit(c))
                || (first(a) && second(b) && digit(c))
                || (first(a) && digit(b) && third(c))
        }
        [a, b, c, d] => {
            (first(a) && second(b) && digit(c) && digit(d))
                || (first(a) && second(b) && digit(c) && fourth(d))
        }
        _ => false,
    }
}

fn inward_is_valid(i: &[u8]) -> bool {
    let letter = |b: u8| b.is_ascii_uppercase() && !b"CIKMOV".contains(&b);
    matches!(*i, [d, a, b] if d.is_ascii_digit() && letter(a) && letter(b))
}

impl FromStr for Postcode {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let compact: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.is_empty() {
            return Err(FieldError::new(FIELD, "enter a postcode, like BS1 5TR"));
        }
        let valid = compact == "GIR0AA"
            || (compact.is_ascii() && (5..=7).contains(&compact.len()) && {
                let (outward, inward) = compact.as_bytes().split_at(compact.len() - 3);
                outward_is_valid(outward) && inward_is_valid(inward)
            });
        if !valid {
            return Err(FieldError::new(
                FIELD,
                format!(
                    "enter a real postcode, like BS1 5TR; '{}' is not in the postcode format",
                    s.trim()
                ),
            ));
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        Ok(Self(format!("{outward} {inward}")))
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
serde_as_string!(Postcode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_outward_format_and_normalises() {
        for (input, expected) in [
            ("M1 1AE", "M1 1AE"),
            ("b338th", "B33 8TH"),
            ("CR2 6XH", "CR2 6XH"),
            ("DN55 1PT", "DN55 1PT"),
            ("W1A 1HQ", "W1A 1HQ"),
            ("ec1a1bb", "EC1A 1BB"),
            ("  BS1   5TR ", "BS1 5TR"),
            ("gir 0aa", "GIR 0AA"),
        ] {
            let postcode: Postcode = input.parse().unwrap();
            assert_eq!(postcode.as_str(), expected);
        }
        let postcode: Postcode = "EC1A 1BB".parse().unwrap();
        assert_eq!((postcode.outward(), postcode.inward()), ("EC1A", "1BB"));
    }

    #[test]
    fn rejects_bad_formats() {
        for input in [
            "BS1",
            "BS15",
            "1S1 5TR",
            "QS1 5TR",
            "BZ1 5TR",
            "BS1 5CR",
            "BS1 TR5",
            "BS123 5TR",
            "W1L 1HQ",
            "EC1C 1BB",
            "B\u{e9}1 5TR",
        ] {
            let e = input.parse::<Postcode>().unwrap_err();
            assert_eq!(e.field, "postcode", "{input}");
        }
        assert!(
            "".parse::<Postcode>()
                .unwrap_err()
                .problem
                .starts_with("enter a postcode")
        );
    }

    #[test]
    fn serde_as_the_standard_form() {
        let postcode: Postcode = serde_json::from_str("\"bs15tr\"").unwrap();
        assert_eq!(serde_json::to_string(&postcode).unwrap(), "\"BS1 5TR\"");
    }
}
