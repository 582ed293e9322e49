//! A school's application for top-up funding, as rules: the states it passes through, what it
//! must hold before it is submitted, and what a panel decides.
//!
//! `reference/funding.md` ("Deciding a top-up"): the SENCO applies with the pupil's needs and
//! the provision the school makes, the head teacher agrees to it, and a panel approves, amends
//! or declines it with reasons. An award carries an amount a year, start and end dates and the
//! funding model version it was priced with.

use chrono::NaiveDate;

use crate::codes::code_enum;
use crate::{FieldError, Pence};

code_enum! {
    /// Where an application is.
    pub enum ApplicationState: field "state" {
        /// The school is writing it; only the school sees it.
        Draft = "draft" => "Draft",
        /// Sent to the council; waiting to be listed at a funding panel.
        Submitted = "submitted" => "Submitted",
        /// Listed at a funding panel meeting.
        AtPanel = "at_panel" => "With the panel",
        /// Approved as asked.
        Approved = "approved" => "Approved",
        /// Approved with a different amount or dates.
        Amended = "amended" => "Approved with changes",
        /// Declined, with reasons.
        Declined = "declined" => "Declined",
        /// Withdrawn by the school before a decision.
        Withdrawn = "withdrawn" => "Withdrawn",
    }
}

impl ApplicationState {
    /// Whether the school may still change it.
    #[must_use]
    pub const fn is_draft(self) -> bool {
        matches!(self, Self::Draft)
    }

    /// Whether the school may withdraw it: until it is listed at a panel.
    #[must_use]
    pub const fn may_withdraw(self) -> bool {
        matches!(self, Self::Draft | Self::Submitted)
    }

    /// Whether a panel has decided it.
    #[must_use]
    pub const fn is_decided(self) -> bool {
        matches!(self, Self::Approved | Self::Amended | Self::Declined)
    }

    /// Whether it waits for the council (submitted or listed).
    #[must_use]
    pub const fn is_with_council(self) -> bool {
        matches!(self, Self::Submitted | Self::AtPanel)
    }
}

code_enum! {
    /// What a funding panel decides on an application.
    pub enum PanelOutcome: field "outcome" {
        Approve = "approve" => "Approve as asked",
        Amend = "amend" => "Approve with a different amount or dates",
        Decline = "decline" => "Decline",
    }
}

impl PanelOutcome {
    /// The state the application moves to.
    #[must_use]
    pub const fn state(self) -> ApplicationState {
        match self {
            Self::Approve => ApplicationState::Approved,
            Self::Amend => ApplicationState::Amended,
            Self::Decline => ApplicationState::Declined,
        }
    }
}

/// What an application holds when the school asks to submit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readiness {
    /// The school has written what it does now and why it needs more.
    pub has_summary: bool,
    /// How many provisions funding is asked for.
    pub provisions_asked: usize,
    /// The model priced the package (no cap breached), or a provision needs the panel to
    /// cost it.
    pub priced_or_costed_by_panel: bool,
    /// The head teacher's name and agreement are recorded.
    pub head_teacher_confirmed: bool,
}

/// Every reason an application cannot be submitted yet, each naming the part of the
/// application to go back to. A package over a cap is not sent: funding-bristol.md §3.7 (the
/// published app blocks it), and the SENCO is shown by how much to reduce it.
///
/// # Errors
/// The list of problems, when there is at least one.
pub fn check_submission(r: Readiness) -> Result<(), Vec<FieldError>> {
    let mut problems = Vec::new();
    if !r.has_summary {
        problems.push(FieldError::new(
            "summary",
            "describe what the school does now and why the pupil needs more",
        ));
    }
    if r.provisions_asked == 0 {
        problems.push(FieldError::new(
            "provisions",
            "choose at least one provision to ask funding for",
        ));
    } else if !r.priced_or_costed_by_panel {
        problems.push(FieldError::new(
            "provisions",
            "the provision asked for is over a weekly cap; reduce it before submitting",
        ));
    }
    if !r.head_teacher_confirmed {
        problems.push(FieldError::new(
            "head_teacher",
            "record the head teacher's agreement to the application",
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// An award as the panel decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AwardTerms {
    pub annual: Pence,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// Checks the panel's decision: reasons are always given (they are sent to the school); an
/// approval or amendment has an amount of more than £0 and an end date on or after its start;
/// an amendment differs from what was asked. `indicative` is the model's amount, if it gave
/// one; approving as asked needs it unless an amount is entered (a provision costed by the
/// panel).
///
/// # Errors
/// Each problem, naming its field.
pub fn check_decision(
    outcome: PanelOutcome,
    reasons: &str,
    terms: Option<AwardTerms>,
    indicative: Option<Pence>,
) -> Result<(), Vec<FieldError>> {
    let mut problems = Vec::new();
    if reasons.trim().is_empty() {
        problems.push(FieldError::new(
            "reasons",
            "give the panel's reasons; the school is told them",
        ));
    }
    match (outcome, terms) {
        (PanelOutcome::Decline, _) => {}
        (_, None) => problems.push(FieldError::new(
            "annual",
            "enter the amount a year and the start and end dates",
        )),
        (_, Some(t)) => {
            if t.annual <= Pence::ZERO {
                problems.push(FieldError::new("annual", "enter an amount of more than £0"));
            }
            if t.ends_on < t.starts_on {
                problems.push(FieldError::new(
                    "ends_on",
                    "the end date must be on or after the start date",
                ));
            }
            if outcome == PanelOutcome::Amend && indicative == Some(t.annual) {
                problems.push(FieldError::new(
                    "annual",
                    "this is the amount asked for; choose approve, or enter the amended amount",
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::assert_code_set;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn states_and_outcomes_are_code_sets() {
        assert_code_set(
            &ApplicationState::ALL,
            ApplicationState::code,
            ApplicationState::label,
        );
        assert_code_set(&PanelOutcome::ALL, PanelOutcome::code, PanelOutcome::label);
        assert_eq!(PanelOutcome::Amend.state(), ApplicationState::Amended);
        assert!(ApplicationState::Declined.is_decided());
        assert!(!ApplicationState::AtPanel.is_decided());
        assert!(ApplicationState::AtPanel.is_with_council());
        assert!(ApplicationState::Submitted.may_withdraw());
        assert!(!ApplicationState::AtPanel.may_withdraw());
        assert!(!ApplicationState::Approved.may_withdraw());
    }

    #[test]
    fn submission_names_every_missing_part() {
        let ready = Readiness {
            has_summary: true,
            provisions_asked: 2,
            priced_or_costed_by_panel: true,
            head_teacher_confirmed: true,
        };
        assert_eq!(check_submission(ready), Ok(()));
        let fields = |r| {
            check_submission(r)
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(Readiness {
                has_summary: false,
                provisions_asked: 0,
                head_teacher_confirmed: false,
                ..ready
            }),
            ["summary", "provisions", "head_teacher"]
        );
        let over = check_submission(Readiness {
            priced_or_costed_by_panel: false,
            ..ready
        })
        .unwrap_err();
        assert!(
            over[0].to_string().contains("over a weekly cap"),
            "{over:?}"
        );
    }

    #[test]
    fn a_decision_needs_reasons_and_sound_terms() {
        let terms = AwardTerms {
            annual: Pence::from_pounds(5_000),
            starts_on: d("2026-09-01"),
            ends_on: d("2027-08-31"),
        };
        assert_eq!(
            check_decision(PanelOutcome::Approve, "Meets criteria", Some(terms), None),
            Ok(())
        );
        assert_eq!(
            check_decision(
                PanelOutcome::Decline,
                "Needs met from SEN support",
                None,
                None
            ),
            Ok(())
        );
        let fields = |r: Result<(), Vec<FieldError>>| {
            r.unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(check_decision(PanelOutcome::Decline, " ", None, None)),
            ["reasons"]
        );
        assert_eq!(
            fields(check_decision(PanelOutcome::Approve, "ok", None, None)),
            ["annual"]
        );
        let backwards = AwardTerms {
            ends_on: d("2026-08-31"),
            annual: Pence::ZERO,
            ..terms
        };
        assert_eq!(
            fields(check_decision(
                PanelOutcome::Approve,
                "ok",
                Some(backwards),
                None
            )),
            ["annual", "ends_on"]
        );
        assert_eq!(
            fields(check_decision(
                PanelOutcome::Amend,
                "ok",
                Some(terms),
                Some(terms.annual)
            )),
            ["annual"]
        );
    }
}
