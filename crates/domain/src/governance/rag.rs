//! Red, amber and green ratings for actions, workstreams, risks and funded projects.
//!
//! governance.md ("Action plans and programme tracking"): each action in a SEND action plan has
//! an owner, a due date and "a RAG rating (red, amber, green) updated at each review with a
//! commentary"; risks carry their own rating, and programme reports rate each project. The
//! reference names only the three colours, so there is no blue or "complete" rating here: whether
//! an action is done is a status of the action, not a colour. Nor does the reference give a rule
//! for deriving a rating from the due date, so none is applied: a rating is a judgement recorded
//! by the owner at a review, and [`Rag`] only names it.

use crate::codes::code_enum;
use crate::error::FieldError;

code_enum! {
    /// A RAG rating. Ordered worst first (red, amber, green), so the smallest of a set of
    /// ratings is the most serious.
    pub enum Rag: field "rag" {
        /// Off track: the action will not be delivered as planned without intervention.
        Red = "red" => "Red",
        /// At risk: some slippage or concern, being managed.
        Amber = "amber" => "Amber",
        /// On track.
        Green = "green" => "Green",
    }
}

impl Rag {
    /// Reads a rating as trackers write it: the code in any case (`"Red"`, `"AMBER"`) or its
    /// initial letter (`"R"`, `"a"`), ignoring surrounding spaces. Action logs kept in
    /// spreadsheets use both, and both are unambiguous.
    ///
    /// # Errors
    /// A [`FieldError`] on `rag` when `s` is neither.
    pub fn parse_loose(s: &str) -> Result<Self, FieldError> {
        let t = s.trim();
        let by_letter = match t {
            "R" | "r" => Some(Self::Red),
            "A" | "a" => Some(Self::Amber),
            "G" | "g" => Some(Self::Green),
            _ => None,
        };
        match by_letter {
            Some(rag) => Ok(rag),
            None => Self::parse(t).map_err(|_| {
                FieldError::new(
                    Self::FIELD,
                    if t.is_empty() {
                        "enter a rating: red, amber or green".to_owned()
                    } else {
                        format!("'{t}' is not a rating; enter red, amber or green (or R, A, G)")
                    },
                )
            }),
        }
    }

    /// The most serious of `ratings`, or `None` if there are none.
    #[must_use]
    pub fn worst(ratings: impl IntoIterator<Item = Self>) -> Option<Self> {
        ratings.into_iter().min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::assert_code_set;

    #[test]
    fn codes_and_labels_round_trip() {
        assert_code_set(&Rag::ALL, Rag::code, Rag::label);
        assert_eq!(Rag::Amber.label(), "Amber");
        assert_eq!("green".parse::<Rag>(), Ok(Rag::Green));
        assert_eq!(" RED ".parse::<Rag>(), Ok(Rag::Red));
    }

    #[test]
    fn strict_parsing_rejects_letters_and_names_the_field() {
        let err = "blue".parse::<Rag>().unwrap_err();
        assert_eq!(err.field, "rag");
        assert!(err.problem.contains("red, amber, green"), "{err}");
        assert!("R".parse::<Rag>().is_err());
    }

    #[test]
    fn loose_parsing_takes_letters_and_any_case() {
        assert_eq!(Rag::parse_loose("R"), Ok(Rag::Red));
        assert_eq!(Rag::parse_loose(" a "), Ok(Rag::Amber));
        assert_eq!(Rag::parse_loose("GREEN"), Ok(Rag::Green));
        let err = Rag::parse_loose("complete").unwrap_err();
        assert_eq!(err.field, "rag");
        assert!(err.problem.contains("'complete'"), "{err}");
        assert_eq!(
            Rag::parse_loose(" ").unwrap_err().problem,
            "enter a rating: red, amber or green"
        );
    }

    #[test]
    fn worst_is_red_first() {
        assert_eq!(
            Rag::worst([Rag::Green, Rag::Red, Rag::Amber]),
            Some(Rag::Red)
        );
        assert_eq!(Rag::worst([Rag::Green, Rag::Amber]), Some(Rag::Amber));
        assert_eq!(Rag::worst([]), None);
    }
}
