//! The dated events of each case behind the requests and plans, and who holds each case.
//!
//! Like the rest of the model these are plain values numbered from 1 within each kind. Codes are
//! the domain's own types (`domain::clock`), so the stored spelling lives in one place.

use chrono::NaiveDate;
use domain::clock::{AdviceService, ExceptionReason, ReviewDecision, TransferKind};

/// The sections of an EHC plan, A to K (SEND Regulations 2014 reg 12; H covers H1 and H2).
pub const PLAN_SECTIONS: [&str; 11] = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"];

/// Advice asked of a service during an assessment (SEND Regulations 2014 reg 6(1)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    pub id: i64,
    pub request_id: i64,
    pub child_id: i64,
    pub service: AdviceService,
    /// The team asked, as a caseworker would write it.
    pub adviser: &'static str,
    pub requested_on: NaiveDate,
    /// `None` while the advice is still awaited.
    pub received_on: Option<NaiveDate>,
}

/// A period when the 6-, 16- and 20-week limits did not apply (reg 10(4)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    pub id: i64,
    pub request_id: i64,
    pub child_id: i64,
    pub reason: ExceptionReason,
    pub from_on: NaiveDate,
    pub to_on: NaiveDate,
    pub note: &'static str,
}

/// A review of a plan: the meeting, the decision and any amendment (regs 18 to 22).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: i64,
    pub plan_id: i64,
    pub child_id: i64,
    pub meeting_on: NaiveDate,
    /// `None` while the decision after the meeting is still to be made.
    pub decision: Option<ReviewDecision>,
    pub decision_on: Option<NaiveDate>,
    pub amendments_proposed_on: Option<NaiveDate>,
    pub amended_plan_issued_on: Option<NaiveDate>,
}

/// A coming move between phases of education (reg 18).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhaseTransfer {
    pub id: i64,
    pub plan_id: i64,
    pub child_id: i64,
    pub kind: TransferKind,
    /// The day the plan was amended for the move; `None` while still to do.
    pub amended_on: Option<NaiveDate>,
    /// The setting the amended plan names.
    pub next_setting_id: Option<i64>,
}

impl PhaseTransfer {
    /// The stored code of the kind of move.
    pub fn kind_code(&self) -> &'static str {
        match self.kind {
            TransferKind::IntoSchoolPhase { .. } => "into_school_phase",
            TransferKind::SecondaryToPost16 { .. } => "secondary_to_post16",
            TransferKind::BetweenPost16 { .. } => "between_post16",
        }
    }

    /// The calendar year of a September move.
    pub fn transfer_year(&self) -> Option<i32> {
        match self.kind {
            TransferKind::IntoSchoolPhase { year } | TransferKind::SecondaryToPost16 { year } => {
                Some(year)
            }
            TransferKind::BetweenPost16 { .. } => None,
        }
    }

    /// The day of a move between post-16 institutions.
    pub fn transfer_on(&self) -> Option<NaiveDate> {
        match self.kind {
            TransferKind::BetweenPost16 { transfer_on } => Some(transfer_on),
            _ => None,
        }
    }
}

/// What a version of a plan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VersionStatus {
    Draft,
    Final,
    ProposedAmendment,
    Amended,
}

impl VersionStatus {
    /// The stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Final => "final",
            Self::ProposedAmendment => "proposed_amendment",
            Self::Amended => "amended",
        }
    }
}

/// One version of a plan's text: a draft, the final plan, proposed amendments or an amended plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVersion {
    pub id: i64,
    pub child_id: i64,
    pub request_id: Option<i64>,
    /// `None` for a draft: the plan is made when the final is issued.
    pub plan_id: Option<i64>,
    /// 1 for the first version of the child's plan, counting up.
    pub version_no: i64,
    pub status: VersionStatus,
    pub issued_on: NaiveDate,
    /// The setting section I names; a draft names none (Children and Families Act 2014 s.38(5)).
    pub named_setting_id: Option<i64>,
    /// The sections that differ from the version before, as letters: "B,F,I".
    pub changed_sections: &'static str,
    pub change_summary: &'static str,
    /// The caseworker who wrote it.
    pub author_id: Option<i64>,
    /// The text of each section, in the order of [`PLAN_SECTIONS`].
    pub sections: Vec<String>,
}

/// Mediation or an appeal to the First-tier Tribunal (SEND).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    Mediation,
    Tribunal,
}

impl MarkerKind {
    /// The stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Mediation => "mediation",
            Self::Tribunal => "tribunal",
        }
    }
}

/// Mediation or an appeal on a child's case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub id: i64,
    pub child_id: i64,
    pub kind: MarkerKind,
    pub opened_on: NaiveDate,
    /// `None` while it is still going on.
    pub closed_on: Option<NaiveDate>,
    pub outcome: Option<&'static str>,
}

/// A SEND caseworker of the council. They sign in with a password only once one is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caseworker {
    /// The staff id.
    pub id: i64,
    pub name: String,
    pub email: String,
    /// The locality whose cases they hold.
    pub team: String,
}

/// Who holds a child's case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseOwner {
    pub child_id: i64,
    pub caseworker_id: i64,
}
