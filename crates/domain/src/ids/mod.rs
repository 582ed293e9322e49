//! Validated identifiers: parse once at the edge, then carry a type that cannot be invalid.
//!
//! External references (LA numbers, ONS codes, URNs, UKPRNs, UPNs, ULNs, postcodes) arrive from
//! forms, imports and other systems. Each type here checks the value against the standard that
//! defines it when it is parsed, so code further in never re-checks and a wrong UPN cannot reach
//! the SEN2 return. Each has `FromStr` returning a [`FieldError`] naming the field, `Display` giving
//! the canonical form (which parses back to the same value) and serde as that string.
//!
//! The database key newtypes ([`ChildId`] and friends) are not validated beyond being positive:
//! they exist so that a child's key cannot be passed where a setting's is expected.

mod keys;
mod postcode;
mod uln;
mod upn;

use std::fmt;
use std::str::FromStr;

pub use keys::{ChildId, PlacementId, PlanId, RequestId, SettingId, StaffId};
pub use postcode::Postcode;
pub use uln::Uln;
pub use upn::Upn;

use crate::FieldError;

/// Implements serde for a type as its `Display` string, read back with `FromStr`.
macro_rules! serde_as_string {
    ($ty:ty) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use serde_as_string;

/// Parses `s` (already trimmed) as exactly `len` ASCII digits, with a user-facing message.
fn fixed_digits(field: &'static str, what: &str, s: &str, len: usize) -> Result<u32, FieldError> {
    if s.is_empty() {
        return Err(FieldError::new(
            field,
            format!("enter the {what}: {len} digits"),
        ));
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(
            field,
            format!("the {what} must be {len} digits only, not '{s}'"),
        ));
    }
    if s.len() != len {
        return Err(FieldError::new(
            field,
            format!("the {what} must be {len} digits, not {} ('{s}')", s.len()),
        ));
    }
    s.parse()
        .map_err(|_| FieldError::new(field, format!("the {what} must be {len} digits, not '{s}'")))
}

/// A DfE local authority number, three digits from 100 to 999 (for example 801, Bristol).
///
/// This is the "old" LA code the DfE uses in its returns and statistics (`old_la_code` in the DfE
/// files) and the one in the LEA field of a return header; it is also characters 2 to 4 of a UPN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LaCode(u16);

impl LaCode {
    /// Makes an LA code from its number.
    ///
    /// # Errors
    /// When `n` is outside 100 to 999.
    pub fn new(n: u16) -> Result<Self, FieldError> {
        if (100..=999).contains(&n) {
            Ok(Self(n))
        } else {
            Err(FieldError::new(
                "la_code",
                format!("an LA code is a number from 100 to 999, not {n}"),
            ))
        }
    }

    /// The number, for example 801.
    #[must_use]
    pub const fn get(self) -> u16 {
        self.0
    }
}

impl FromStr for LaCode {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n = fixed_digits("la_code", "LA code", s.trim(), 3)?;
        Self::new(u16::try_from(n).unwrap_or(0))
    }
}

impl fmt::Display for LaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}
serde_as_string!(LaCode);

/// An ONS (GSS) code for an English area: `E` followed by 8 digits, for example `E06000023`
/// (Bristol). The first two digits are the entity type (E06 unitary, E08 metropolitan district,
/// E09 London borough, E10 county), as in the ONS Register of Geographic Codes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OnsCode(String);

impl OnsCode {
    /// The code, for example `"E06000023"`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for OnsCode {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_uppercase();
        let valid =
            s.len() == 9 && s.starts_with('E') && s.bytes().skip(1).all(|b| b.is_ascii_digit());
        if valid {
            Ok(Self(s))
        } else if s.is_empty() {
            Err(FieldError::new(
                "ons_code",
                "enter the ONS code: E followed by 8 digits",
            ))
        } else {
            Err(FieldError::new(
                "ons_code",
                format!("an ONS code is E followed by 8 digits, like E06000023, not '{s}'"),
            ))
        }
    }
}

impl fmt::Display for OnsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
serde_as_string!(OnsCode);

/// A Unique Reference Number: six digits, 100000 to 999999, given to schools by Get Information
/// about Schools and to early-years providers by Ofsted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Urn(u32);

impl Urn {
    /// Makes a URN from its number.
    ///
    /// # Errors
    /// When `n` is not six digits (100000 to 999999).
    pub fn new(n: u32) -> Result<Self, FieldError> {
        if (100_000..=999_999).contains(&n) {
            Ok(Self(n))
        } else {
            Err(FieldError::new(
                "urn",
                format!("a URN is 6 digits from 100000 to 999999, not {n}"),
            ))
        }
    }

    /// The number.
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl FromStr for Urn {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(fixed_digits("urn", "URN", s.trim(), 6)?)
    }
}

impl fmt::Display for Urn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
serde_as_string!(Urn);

/// A UK Provider Reference Number from the UK Register of Learning Providers: eight digits
/// starting with 1 (10000000 to 19999999). Colleges and other post-16 providers are identified
/// by UKPRN in SEN2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ukprn(u32);

impl Ukprn {
    /// Makes a UKPRN from its number.
    ///
    /// # Errors
    /// When `n` is not eight digits starting with 1.
    pub fn new(n: u32) -> Result<Self, FieldError> {
        if (10_000_000..=19_999_999).contains(&n) {
            Ok(Self(n))
        } else {
            Err(FieldError::new(
                "ukprn",
                format!("a UKPRN is 8 digits starting with 1, not {n}"),
            ))
        }
    }

    /// The number.
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl FromStr for Ukprn {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(fixed_digits("ukprn", "UKPRN", s.trim(), 8)?)
    }
}

impl fmt::Display for Ukprn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
serde_as_string!(Ukprn);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn la_codes() {
        assert_eq!("801".parse::<LaCode>().unwrap().get(), 801);
        assert_eq!(" 201 ".parse::<LaCode>().unwrap().to_string(), "201");
        assert!(
            "099"
                .parse::<LaCode>()
                .unwrap_err()
                .problem
                .contains("100 to 999")
        );
        assert!(
            "80".parse::<LaCode>()
                .unwrap_err()
                .problem
                .contains("3 digits, not 2")
        );
        assert!(
            "8O1"
                .parse::<LaCode>()
                .unwrap_err()
                .problem
                .contains("digits only")
        );
        assert_eq!(
            "".parse::<LaCode>().unwrap_err().to_string(),
            "la_code: enter the LA code: 3 digits"
        );
        assert!(LaCode::new(1000).is_err());
    }

    #[test]
    fn ons_codes() {
        let code: OnsCode = "e06000023".parse().unwrap();
        assert_eq!(code.as_str(), "E06000023");
        assert!("W06000015".parse::<OnsCode>().is_err());
        assert!("E0600002".parse::<OnsCode>().is_err());
        assert!("E0600002X".parse::<OnsCode>().is_err());
        assert_eq!("".parse::<OnsCode>().unwrap_err().field, "ons_code");
    }

    #[test]
    fn urns_and_ukprns() {
        assert_eq!("109139".parse::<Urn>().unwrap().get(), 109_139);
        assert!("099999".parse::<Urn>().is_err());
        assert!("1091390".parse::<Urn>().is_err());
        assert_eq!("10007193".parse::<Ukprn>().unwrap().to_string(), "10007193");
        assert!(
            "20007193"
                .parse::<Ukprn>()
                .unwrap_err()
                .problem
                .contains("starting with 1")
        );
        assert_eq!("1000719".parse::<Ukprn>().unwrap_err().field, "ukprn");
    }

    #[test]
    fn serde_uses_the_string_form() {
        let la: LaCode = "801".parse().unwrap();
        assert_eq!(serde_json::to_string(&la).unwrap(), "\"801\"");
        assert_eq!(serde_json::from_str::<LaCode>("\"801\"").unwrap(), la);
        assert!(serde_json::from_str::<Urn>("\"12\"").is_err());
        let ons: OnsCode = serde_json::from_str("\"E06000023\"").unwrap();
        assert_eq!(ons.to_string(), "E06000023");
    }
}
