//! Database key newtypes.
//!
//! Every record's key is an `i64` in the store; wrapping each in its own type means the compiler
//! rejects a `SettingId` passed where a `ChildId` is expected. They carry no rules beyond that.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::FieldError;

macro_rules! key {
    ($(#[$meta:meta])* $name:ident, $field:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The raw key.
            #[must_use]
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                Self(id)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        /// Reads a key from a URL or form: a positive whole number.
        impl FromStr for $name {
            type Err = FieldError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim().parse::<i64>() {
                    Ok(n) if n > 0 => Ok(Self(n)),
                    _ => Err(FieldError::new($field, format!("'{}' is not a valid reference number", s.trim()))),
                }
            }
        }
    };
}

key!(
    /// The key of a child or young person's record.
    ChildId, "child_id"
);
key!(
    /// The key of a setting (school, college, provider).
    SettingId, "setting_id"
);
key!(
    /// The key of a member of council staff or other user.
    StaffId, "staff_id"
);
key!(
    /// The key of an EHC plan.
    PlanId, "plan_id"
);
key!(
    /// The key of a request for an EHC needs assessment.
    RequestId, "request_id"
);
key!(
    /// The key of a placement.
    PlacementId, "placement_id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_transparent_and_display_as_numbers() {
        let id = ChildId(42);
        assert_eq!(id.to_string(), "42");
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<ChildId>("42").unwrap(), id);
        assert_eq!("42".parse::<PlanId>(), Ok(PlanId(42)));
        assert_eq!("0".parse::<PlanId>().unwrap_err().field, "plan_id");
        assert!("x".parse::<SettingId>().is_err());
        assert_eq!(PlacementId::from(7).get(), 7);
    }
}
