//! The columns and record kinds of the EHC casework CSV format (docs/formats/ehc.md): one
//! spelling for the export, the import and the documentation.

use std::fmt;
use std::str::FromStr;

use domain::FieldError;

/// Declares the columns: an enum, its CSV names in file order, and which are computed.
macro_rules! columns {
    ($($col:ident => $name:literal $(computed $computed:literal)?),+ $(,)?) => {
        /// A column of the file.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Col {
            $($col),+
        }

        impl Col {
            /// Every column, in the order the export writes them.
            pub const ALL: &'static [Col] = &[$(Col::$col),+];

            /// The column's name in the header.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Col::$col => $name),+
                }
            }

            /// Whether the export computes it from the statutory clock: such columns are
            /// ignored on import and may be left out of an imported file's header.
            #[must_use]
            pub const fn is_computed(self) -> bool {
                match self {
                    $(Col::$col => false $(|| $computed)?),+
                }
            }
        }
    };
}

columns! {
    LaCode => "la_code",
    Record => "record",
    ChildId => "child_id",
    RecordId => "record_id",
    RequestId => "request_id",
    PlanId => "plan_id",
    Upn => "upn",
    Uln => "uln",
    UpnUnknown => "upn_unknown",
    Forename => "forename",
    Surname => "surname",
    BirthDate => "birth_date",
    Sex => "sex",
    Ethnicity => "ethnicity",
    Postcode => "postcode",
    PrimaryNeed => "primary_need",
    SecondaryNeed => "secondary_need",
    ReceivedOn => "received_on",
    Source => "source",
    Decision => "decision",
    DecidedOn => "decided_on",
    Reasons => "reasons",
    AssessmentOutcome => "assessment_outcome",
    AssessmentOutcomeOn => "assessment_outcome_on",
    Week20 => "week20",
    DraftIssuedOn => "draft_issued_on",
    CommentsReceivedOn => "comments_received_on",
    Service => "service",
    Adviser => "adviser",
    RequestedOn => "requested_on",
    ExceptionReason => "exception_reason",
    FromOn => "from_on",
    ToOn => "to_on",
    Note => "note",
    StartOn => "start_on",
    CeaseNoticeOn => "cease_notice_on",
    CeaseOn => "cease_on",
    CeaseReason => "cease_reason",
    TransferredInFrom => "transferred_in_from",
    TransferredOutTo => "transferred_out_to",
    MeetingOn => "meeting_on",
    AmendmentsProposedOn => "amendments_proposed_on",
    AmendedPlanIssuedOn => "amended_plan_issued_on",
    Kind => "kind",
    TransferYear => "transfer_year",
    TransferOn => "transfer_on",
    AmendedOn => "amended_on",
    PlanIssuedOn => "plan_issued_on",
    OpenedOn => "opened_on",
    ClosedOn => "closed_on",
    Outcome => "outcome",
    UnderFiveReviewMonths => "under_five_review_months",
    Stage => "stage" computed true,
    Deadline => "deadline" computed true,
    TriggerOn => "trigger_on" computed true,
    DueOn => "due_on" computed true,
    MetOn => "met_on" computed true,
    State => "state" computed true,
    OnTime => "on_time" computed true,
    Rule => "rule" computed true,
}

impl Col {
    /// Whether a file may leave the column out (it then reads as empty): computed columns, and
    /// columns added to the format after files were first written, so those files still import.
    #[must_use]
    pub const fn may_be_left_out(self) -> bool {
        self.is_computed() || matches!(self, Col::PlanIssuedOn)
    }
}

impl fmt::Display for Col {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a row describes: the `record` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// The council's casework options.
    Council,
    /// A child or young person (SEN2 module 1 and the needs of module 5c).
    Child,
    /// A request for an EHC needs assessment (SEN2 modules 2 and 3).
    Request,
    /// Advice asked for during an assessment (reg 6(1), reg 8).
    Advice,
    /// A period when the assessment limits did not apply (reg 10(4)).
    Exception,
    /// An EHC plan (SEN2 module 4a).
    Plan,
    /// A review of a plan (regs 18 to 22).
    Review,
    /// A move between phases of education (reg 18).
    PhaseTransfer,
    /// A re-assessment of a plan in force (regs 24 to 27).
    Reassessment,
    /// Mediation or an appeal to the Tribunal.
    Marker,
    /// Computed: where the case stands and its next deadline.
    Case,
    /// Computed: one statutory deadline of the case.
    Deadline,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::Council,
        Kind::Child,
        Kind::Request,
        Kind::Advice,
        Kind::Exception,
        Kind::Plan,
        Kind::Review,
        Kind::PhaseTransfer,
        Kind::Reassessment,
        Kind::Marker,
        Kind::Case,
        Kind::Deadline,
    ];

    /// The value of the `record` column.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Kind::Council => "council",
            Kind::Child => "child",
            Kind::Request => "request",
            Kind::Advice => "advice",
            Kind::Exception => "exception",
            Kind::Plan => "plan",
            Kind::Review => "review",
            Kind::PhaseTransfer => "phase_transfer",
            Kind::Reassessment => "reassessment",
            Kind::Marker => "marker",
            Kind::Case => "case",
            Kind::Deadline => "deadline",
        }
    }

    /// Whether rows of this kind are computed by the export (and skipped on import).
    #[must_use]
    pub const fn is_computed(self) -> bool {
        matches!(self, Kind::Case | Kind::Deadline)
    }

    /// The columns a row of this kind fills, besides `la_code` and `record`. Any other column
    /// must be empty on import (computed columns are ignored).
    #[must_use]
    pub const fn columns(self) -> &'static [Col] {
        use Col as C;
        match self {
            Kind::Council => &[C::UnderFiveReviewMonths],
            Kind::Child => &[
                C::ChildId,
                C::Upn,
                C::Uln,
                C::UpnUnknown,
                C::Forename,
                C::Surname,
                C::BirthDate,
                C::Sex,
                C::Ethnicity,
                C::Postcode,
                C::PrimaryNeed,
                C::SecondaryNeed,
            ],
            Kind::Request => &[
                C::ChildId,
                C::RecordId,
                C::ReceivedOn,
                C::Source,
                C::Decision,
                C::DecidedOn,
                C::Reasons,
                C::AssessmentOutcome,
                C::AssessmentOutcomeOn,
                C::Week20,
                C::DraftIssuedOn,
                C::CommentsReceivedOn,
            ],
            Kind::Advice => &[
                C::ChildId,
                C::RecordId,
                C::RequestId,
                C::Service,
                C::Adviser,
                C::RequestedOn,
                C::ReceivedOn,
            ],
            Kind::Exception => &[
                C::ChildId,
                C::RecordId,
                C::RequestId,
                C::ExceptionReason,
                C::FromOn,
                C::ToOn,
                C::Note,
            ],
            Kind::Plan => &[
                C::ChildId,
                C::RecordId,
                C::RequestId,
                C::StartOn,
                C::CeaseNoticeOn,
                C::CeaseOn,
                C::CeaseReason,
                C::TransferredInFrom,
                C::TransferredOutTo,
            ],
            Kind::Review => &[
                C::ChildId,
                C::RecordId,
                C::PlanId,
                C::MeetingOn,
                C::Decision,
                C::DecidedOn,
                C::AmendmentsProposedOn,
                C::AmendedPlanIssuedOn,
            ],
            Kind::PhaseTransfer => &[
                C::ChildId,
                C::RecordId,
                C::PlanId,
                C::Kind,
                C::TransferYear,
                C::TransferOn,
                C::AmendedOn,
            ],
            Kind::Reassessment => &[
                C::ChildId,
                C::RecordId,
                C::PlanId,
                C::RequestedOn,
                C::Source,
                C::Decision,
                C::DecidedOn,
                C::Reasons,
                C::PlanIssuedOn,
            ],
            Kind::Marker => &[
                C::ChildId,
                C::RecordId,
                C::Kind,
                C::OpenedOn,
                C::ClosedOn,
                C::Outcome,
            ],
            Kind::Case => &[
                C::ChildId,
                C::RequestId,
                C::PlanId,
                C::Stage,
                C::Deadline,
                C::DueOn,
            ],
            Kind::Deadline => &[
                C::ChildId,
                C::RequestId,
                C::PlanId,
                C::Deadline,
                C::TriggerOn,
                C::DueOn,
                C::MetOn,
                C::State,
                C::OnTime,
                C::Rule,
            ],
        }
    }
}

impl FromStr for Kind {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let s = s.trim();
        Kind::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .ok_or_else(|| {
                FieldError::new(
                    "record",
                    format!(
                        "'{s}' is not one of: {}",
                        Kind::ALL.map(Kind::code).join(", ")
                    ),
                )
            })
    }
}

/// One row as text, a value for every column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line {
    values: Vec<String>,
}

impl Line {
    /// A row of `kind` for the council `la_code`, every other column empty.
    pub(super) fn new(la_code: &str, kind: Kind) -> Line {
        let mut line = Line {
            values: vec![String::new(); Col::ALL.len()],
        };
        line.set(Col::LaCode, la_code);
        line.set(Col::Record, kind.code());
        line
    }

    pub(super) fn set(&mut self, col: Col, value: impl Into<String>) {
        self.values[col as usize] = value.into();
    }

    /// Sets the column when there is a value, leaving it empty otherwise.
    pub(super) fn opt<T: ToString>(&mut self, col: Col, value: Option<T>) {
        if let Some(v) = value {
            self.set(col, v.to_string());
        }
    }

    pub(super) fn values(&self) -> &[String] {
        &self.values
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn column_names_and_record_codes_are_unique_and_read_back() {
        let names: HashSet<&str> = Col::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), Col::ALL.len());
        for kind in Kind::ALL {
            assert_eq!(kind.code().parse::<Kind>(), Ok(kind));
        }
        assert!("widget".parse::<Kind>().is_err());
    }

    #[test]
    fn stored_rows_use_stored_columns_and_computed_rows_the_computed_ones() {
        for kind in Kind::ALL {
            let cols = kind.columns();
            assert_eq!(
                cols.iter().collect::<HashSet<_>>().len(),
                cols.len(),
                "{kind:?}"
            );
            if !kind.is_computed() {
                assert!(cols.iter().all(|c| !c.is_computed()), "{kind:?}");
            }
        }
        // Every stored column is used by some stored kind.
        for col in Col::ALL.iter().filter(|c| !c.is_computed()) {
            let used = Kind::ALL
                .iter()
                .any(|k| !k.is_computed() && k.columns().contains(col));
            assert!(used || matches!(col, Col::LaCode | Col::Record), "{col}");
        }
    }
}
