//! The error a domain type returns when a value from outside cannot be accepted.
//!
//! Every parser in this crate reports one [`FieldError`]: the field it was reading and, in words a
//! caseworker or data officer understands, what is wrong and what is expected. The web layer turns
//! these into GOV.UK error summaries (the message is shown next to the field) and the API into
//! problem JSON, so the messages must make sense on their own and never mention Rust types.

use std::fmt;

/// A value for a named field could not be accepted.
///
/// `field` is a stable machine name (`"upn"`, `"la_code"`, `"amount"`) that callers use to attach
/// the message to the right input; `problem` is the sentence shown to the user, for example
/// `"check letter should be 'K', not 'A'"`. `Display` gives `"{field}: {problem}"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldError {
    /// The field the value was for, in `snake_case`.
    pub field: &'static str,
    /// What is wrong with the value and what is expected instead.
    pub problem: String,
}

impl FieldError {
    /// Builds an error for `field` with a user-facing `problem`.
    #[must_use]
    pub fn new(field: &'static str, problem: impl Into<String>) -> Self {
        Self {
            field,
            problem: problem.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl std::error::Error for FieldError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_field_then_the_problem() {
        let e = FieldError::new("upn", "check letter should be 'K', not 'A'");
        assert_eq!(e.to_string(), "upn: check letter should be 'K', not 'A'");
    }

    #[test]
    fn is_a_std_error() {
        let e: Box<dyn std::error::Error> = Box::new(FieldError::new("amount", "enter an amount"));
        assert_eq!(e.to_string(), "amount: enter an amount");
    }
}
