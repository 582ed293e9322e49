//! The shape shared by every fixed code set (SEN2 codes, DfE statistics columns, setting types).
//!
//! A code set is a closed list where each value has a code, written in returns, files and the
//! database, and a label shown to people. The [`code_enum!`] macro writes the same API for each:
//! `code()`, `label()`, `ALL`, `parse`/`FromStr` returning [`FieldError`](crate::FieldError),
//! `Display` (the code, so that `to_string()` and `parse()` round-trip) and serde as the code
//! string. Writing it once keeps the code sets identical in behaviour and stops a new value being
//! added to the enum but forgotten in the parser.

use crate::FieldError;

/// Declares a code-set enum. Each variant is `Variant = "CODE" => "Label",`.
///
/// Parsing trims surrounding spaces and ignores ASCII case, because codes arrive typed by hand
/// or from spreadsheets as often as from XML; the stored and exported form is always `code()`.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident: field $field:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal => $label:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order of the code set.
            pub const ALL: [Self; [$($code),+].len()] = [$(Self::$variant),+];

            /// The field name used in error messages about this code set.
            pub const FIELD: &'static str = $field;

            /// The code as written in returns, files and the database.
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self { $(Self::$variant => $code,)+ }
            }

            /// The description shown to people.
            #[must_use]
            pub const fn label(self) -> &'static str {
                match self { $(Self::$variant => $label,)+ }
            }

            /// Reads a code, ignoring surrounding spaces and ASCII case.
            ///
            /// # Errors
            /// A [`FieldError`](crate::FieldError) naming the field and listing the valid codes
            /// when `s` is not one of them.
            pub fn parse(s: &str) -> Result<Self, $crate::FieldError> {
                let wanted = s.trim();
                Self::ALL
                    .into_iter()
                    .find(|v| v.code().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| {
                        $crate::codes::unknown_code($field, wanted, &Self::ALL.map(Self::code))
                    })
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::FieldError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(d)?;
                Self::parse(&s).map_err(::serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use code_enum;

/// The message for a value that is not in a code set.
pub(crate) fn unknown_code(field: &'static str, got: &str, codes: &[&str]) -> FieldError {
    let expected = codes.join(", ");
    if got.is_empty() {
        FieldError::new(field, format!("enter a code: one of {expected}"))
    } else {
        FieldError::new(
            field,
            format!("'{got}' is not a recognised code; expected one of {expected}"),
        )
    }
}

/// Checks the invariants every code set must keep: codes and labels unique and non-empty,
/// `parse(code())`, `parse` of the lower-case code, `Display` and serde all round-trip.
#[cfg(test)]
pub(crate) fn assert_code_set<T>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) where
    T: Copy
        + Eq
        + std::fmt::Debug
        + std::fmt::Display
        + std::str::FromStr<Err = FieldError>
        + serde::Serialize
        + serde::de::DeserializeOwned,
{
    let mut codes = std::collections::HashSet::new();
    let mut labels = std::collections::HashSet::new();
    for &v in all {
        assert!(
            !code(v).is_empty() && !label(v).is_empty(),
            "{v:?} has an empty code or label"
        );
        assert!(codes.insert(code(v)), "duplicate code {}", code(v));
        assert!(labels.insert(label(v)), "duplicate label {}", label(v));
        assert_eq!(code(v).parse::<T>(), Ok(v));
        assert_eq!(
            format!(" {} ", code(v).to_ascii_lowercase()).parse::<T>(),
            Ok(v)
        );
        assert_eq!(v.to_string(), code(v));
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, format!("\"{}\"", code(v)));
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v);
    }
    assert!("no such code".parse::<T>().is_err());
    assert!(serde_json::from_str::<T>("\"no such code\"").is_err());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_asks_for_a_code() {
        let e = unknown_code("sex", "", &["M", "F"]);
        assert_eq!(e.to_string(), "sex: enter a code: one of M, F");
    }

    #[test]
    fn unknown_input_is_quoted_with_the_valid_codes() {
        let e = unknown_code("sex", "X", &["M", "F"]);
        assert_eq!(
            e.to_string(),
            "sex: 'X' is not a recognised code; expected one of M, F"
        );
    }
}
