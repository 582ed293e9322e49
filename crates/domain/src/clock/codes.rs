//! The stored codes of the clock's event types and deadline kinds, and their labels: one
//! spelling in the database, the CSV format (docs/formats/ehc.md) and the pages.

use std::fmt;
use std::str::FromStr;

use super::deadline::DeadlineKind;
use super::events::{AdviceService, ExceptionReason, ReviewDecision};
use crate::error::FieldError;

/// Implements `code`, `label`, `ALL`, `Display` (the label) and `FromStr` (the code).
macro_rules! coded {
    ($ty:ident, $field:literal, [$($variant:ident => $code:literal, $label:literal),+ $(,)?]) => {
        impl $ty {
            /// Every value, in the order forms list them.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];
            /// The stored code.
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self { $($ty::$variant => $code),+ }
            }
            /// The words a page shows.
            #[must_use]
            pub const fn label(self) -> &'static str {
                match self { $($ty::$variant => $label),+ }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
        impl FromStr for $ty {
            type Err = FieldError;
            fn from_str(s: &str) -> Result<Self, FieldError> {
                match s.trim() {
                    $($code => Ok($ty::$variant),)+
                    other => Err(FieldError::new(
                        $field,
                        format!(
                            "'{other}' is not one of: {}",
                            [$($code),+].join(", ")
                        ),
                    )),
                }
            }
        }
    };
}

coded!(AdviceService, "service", [
    EducationalPsychology => "educational_psychology", "Educational psychology",
    Health => "health", "Health",
    SocialCare => "social_care", "Social care",
    Education => "education", "Education",
    Other => "other", "Other",
]);

coded!(ExceptionReason, "reason", [
    SchoolClosure => "school_closure", "School or college closed for 4 weeks or more",
    EarlyYearsClosure => "early_years_closure", "Early years provider closed for 4 weeks or more",
    PersonalCircumstances => "personal_circumstances", "Exceptional personal circumstances",
    AbsentFromArea => "absent_from_area", "Absent from the area for 4 weeks or more",
]);

coded!(ReviewDecision, "decision", [
    Maintain => "maintain", "Maintain the plan",
    Amend => "amend", "Amend the plan",
    Cease => "cease", "Cease the plan",
]);

impl DeadlineKind {
    /// The stored code: `advice:health`, `annual_review:2`.
    #[must_use]
    pub fn code(self) -> String {
        match self {
            Self::DecisionToAssess => "decision_to_assess".into(),
            Self::Advice(s) => format!("advice:{}", s.code()),
            Self::NoPlanNotice => "no_plan_notice".into(),
            Self::DraftCommentWindow => "draft_comment_window".into(),
            Self::FinalPlan => "final_plan".into(),
            Self::AnnualReview(n) => format!("annual_review:{n}"),
            Self::UnderFiveReview(n) => format!("under_five_review:{n}"),
            Self::ReviewDecision(n) => format!("review_decision:{n}"),
            Self::AmendmentCommentWindow(n) => format!("amendment_comment_window:{n}"),
            Self::AmendedPlan(n) => format!("amended_plan:{n}"),
            Self::PhaseTransfer => "phase_transfer".into(),
            Self::ReassessmentDecision(n) => format!("reassessment_decision:{n}"),
            Self::Reassessment(n) => format!("reassessment:{n}"),
        }
    }

    /// What is due, in a caseworker's words.
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::DecisionToAssess => "Decide whether to assess".into(),
            Self::Advice(s) => format!("{} advice", s.label()),
            Self::NoPlanNotice => "Notify a decision not to issue a plan".into(),
            Self::DraftCommentWindow => "Comments on the draft plan".into(),
            Self::FinalPlan => "Issue the final plan".into(),
            Self::AnnualReview(n) => format!("Annual review {n}"),
            Self::UnderFiveReview(n) => format!("Early review {n} (under five)"),
            Self::ReviewDecision(n) => format!("Decision after review {n}"),
            Self::AmendmentCommentWindow(n) => format!("Comments on amendments after review {n}"),
            Self::AmendedPlan(n) => format!("Issue the amended plan after review {n}"),
            Self::PhaseTransfer => "Amend the plan for the phase transfer".into(),
            Self::ReassessmentDecision(n) => format!("Decide whether to re-assess ({n})"),
            Self::Reassessment(n) => format!("Plan after re-assessment {n}"),
        }
    }
}

impl FromStr for DeadlineKind {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let bad = || FieldError::new("deadline", format!("'{s}' is not a deadline"));
        let (name, n) = match s.split_once(':') {
            Some((name, rest)) => (name, Some(rest)),
            None => (s, None),
        };
        let number = || n.and_then(|n| n.parse::<u32>().ok()).ok_or_else(bad);
        Ok(match name {
            "decision_to_assess" => Self::DecisionToAssess,
            "advice" => Self::Advice(n.ok_or_else(bad)?.parse()?),
            "no_plan_notice" => Self::NoPlanNotice,
            "draft_comment_window" => Self::DraftCommentWindow,
            "final_plan" => Self::FinalPlan,
            "annual_review" => Self::AnnualReview(number()?),
            "under_five_review" => Self::UnderFiveReview(number()?),
            "review_decision" => Self::ReviewDecision(number()?),
            "amendment_comment_window" => Self::AmendmentCommentWindow(number()?),
            "amended_plan" => Self::AmendedPlan(number()?),
            "phase_transfer" => Self::PhaseTransfer,
            "reassessment_decision" => Self::ReassessmentDecision(number()?),
            "reassessment" => Self::Reassessment(number()?),
            _ => return Err(bad()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_as_themselves() {
        for s in AdviceService::ALL {
            assert_eq!(s.code().parse::<AdviceService>(), Ok(*s));
        }
        for r in ExceptionReason::ALL {
            assert_eq!(r.code().parse::<ExceptionReason>(), Ok(*r));
        }
        for kind in [
            DeadlineKind::DecisionToAssess,
            DeadlineKind::Advice(AdviceService::SocialCare),
            DeadlineKind::AnnualReview(3),
            DeadlineKind::AmendedPlan(1),
            DeadlineKind::PhaseTransfer,
            DeadlineKind::ReassessmentDecision(2),
            DeadlineKind::Reassessment(2),
        ] {
            assert_eq!(kind.code().parse::<DeadlineKind>(), Ok(kind));
        }
    }

    #[test]
    fn an_unknown_code_names_the_field_and_the_choices() {
        let err = "psychology".parse::<AdviceService>().unwrap_err();
        assert_eq!(err.field, "service");
        assert!(err.problem.contains("educational_psychology"), "{err}");
        assert!("annual_review:x".parse::<DeadlineKind>().is_err());
    }
}
