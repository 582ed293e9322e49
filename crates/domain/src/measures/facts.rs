//! The facts the measures read: plain, dated records of requests, reviews and ceased plans.

use chrono::NaiveDate;

use crate::CeaseReason;
use crate::clock::{self, AssessDecision, CaseEvents, IssueDecision, Review};

/// One initial request for an EHC needs assessment and what came of it (SEN2 modules 2 and 3).
///
/// Only initial requests belong here, as in the DfE's `requests_received`: not re-assessments of
/// a plan in force and not plans transferred in from another local authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RequestFacts {
    /// The day the request was received, or the local authority became aware that an assessment
    /// may be needed (SEN2 `ReceivedDate`). Every limit counts from here.
    pub received_on: NaiveDate,
    /// The decision whether to assess and the day it was notified (SEN2 `RequestOutcomeDate`,
    /// `RequestOutcome` Y or N). Empty while awaited, or when the request was withdrawn first.
    pub decision: Option<(NaiveDate, AssessDecision)>,
    /// The decision after the assessment whether to issue a plan and the day it was notified
    /// (SEN2 `AssessmentOutcomeDate`, `AssessmentOutcome` Y or N).
    pub assessment_outcome: Option<(NaiveDate, IssueDecision)>,
    /// The day the final EHC plan was issued.
    pub final_issued: Option<NaiveDate>,
    /// Whether an exception of reg 10(4) applied to the 20-week limit (SEN2 `Week20` = 1).
    pub week20_exception: bool,
}

impl RequestFacts {
    /// A request received on `received_on` with nothing after it yet.
    #[must_use]
    pub const fn received(received_on: NaiveDate) -> Self {
        Self {
            received_on,
            decision: None,
            assessment_outcome: None,
            final_issued: None,
            week20_exception: false,
        }
    }
}

impl From<&CaseEvents> for RequestFacts {
    /// The request of a case as the statutory clock records it; `week20_exception` is
    /// [`clock::exceptions_apply`], the rule behind SEN2's `Week20` flag.
    fn from(events: &CaseEvents) -> Self {
        Self {
            received_on: events.request_received,
            decision: events.decision,
            assessment_outcome: events.assessment_outcome,
            final_issued: events.final_issued,
            week20_exception: clock::exceptions_apply(events),
        }
    }
}

/// One annual review of an EHC plan (SEN2 module 5a `ReviewMeeting`, and the day the decision
/// after it was notified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReviewFacts {
    /// The day the review meeting was held.
    pub meeting_on: NaiveDate,
    /// The day the local authority notified its decision to maintain, amend or cease the plan.
    /// Empty while the decision is awaited.
    pub decision_on: Option<NaiveDate>,
}

impl From<&Review> for ReviewFacts {
    fn from(review: &Review) -> Self {
        Self {
            meeting_on: review.meeting_on,
            decision_on: review.decision.map(|(on, _)| on),
        }
    }
}

/// An EHC plan that ceased to be maintained (SEN2 module 4a `CeaseDate`, `CeaseReason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CeasedPlan {
    /// The day the plan ceased.
    pub ceased_on: NaiveDate,
    /// Why it ceased.
    pub reason: CeaseReason,
}
