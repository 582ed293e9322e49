//! Reading the rows of the EHC casework format that record what happened on a case: requests,
//! advice, exceptions, plans, reviews, phase transfers, re-assessments and markers. Each checks its own values
//! and the order of its own dates; links to other rows are checked later.

use domain::clock::{AdviceService, ExceptionReason, ReviewDecision};
use domain::{AssessmentOutcome, CeaseReason, LaCode, RequestOutcome};
use store::{
    AdviceRow, ExceptionRow, MarkerRow, PhaseTransferRow, PlanRow, ReassessmentRow, RequestRow,
    ReviewRow,
};

use super::exchange_columns::Col;
use super::exchange_parse::Fields;
use crate::casework::requests::REQUEST_SOURCES;

/// The shortest period reg 10(4)(a), (b) and (d) allow, first and last day included.
const FOUR_WEEKS_DAYS: i64 = 28;

impl Fields<'_> {
    pub(super) fn request(&mut self) -> Option<RequestRow> {
        let request_id = self.required_id(Col::RecordId);
        let child_id = self.required_id(Col::ChildId);
        let received_on = self.required_past(Col::ReceivedOn);
        let codes: Vec<&str> = REQUEST_SOURCES.iter().map(|(c, _)| *c).collect();
        let source = self.choice(Col::Source, &codes);
        let outcome = self.required_code::<RequestOutcome>(Col::Decision);
        let outcome_on = self.past(Col::DecidedOn);
        match outcome {
            Some(RequestOutcome::Yes | RequestOutcome::No)
                if self.raw(Col::DecidedOn).is_empty() =>
            {
                self.problem(Col::DecidedOn, "enter the day the decision was notified");
            }
            Some(RequestOutcome::Awaiting) if !self.raw(Col::DecidedOn).is_empty() => {
                self.problem(
                    Col::DecidedOn,
                    "leave it empty while the decision is awaited (A)",
                );
            }
            _ => {}
        }
        self.not_before(Col::DecidedOn, outcome_on, received_on, "the request");
        let assessment_outcome = self.code::<AssessmentOutcome>(Col::AssessmentOutcome);
        let assessment_outcome_on = self.past(Col::AssessmentOutcomeOn);
        let assessing = outcome == Some(RequestOutcome::Yes);
        if assessment_outcome.is_some() && outcome.is_some() && !assessing {
            self.problem(
                Col::AssessmentOutcome,
                "an assessment outcome needs the decision to assess (decision Y)",
            );
        }
        if matches!(
            assessment_outcome,
            Some(AssessmentOutcome::Yes | AssessmentOutcome::No)
        ) && self.raw(Col::AssessmentOutcomeOn).is_empty()
        {
            self.problem(
                Col::AssessmentOutcomeOn,
                "enter the day the outcome was notified",
            );
        }
        if !self.raw(Col::AssessmentOutcomeOn).is_empty()
            && self.raw(Col::AssessmentOutcome).is_empty()
        {
            self.problem(
                Col::AssessmentOutcome,
                "enter the outcome of the assessment",
            );
        }
        self.not_before(
            Col::AssessmentOutcomeOn,
            assessment_outcome_on,
            outcome_on,
            "the decision to assess",
        );
        let week20 = match self.raw(Col::Week20) {
            "1" => Some(true),
            "0" | "" => Some(false),
            other => {
                let other = other.to_string();
                self.problem(Col::Week20, format!("'{other}' is not one of: 1, 0"));
                None
            }
        };
        let draft = self.past(Col::DraftIssuedOn);
        if draft.is_some() && outcome.is_some() && !assessing {
            self.problem(
                Col::DraftIssuedOn,
                "a draft plan needs the decision to assess (decision Y)",
            );
        }
        self.not_before(
            Col::DraftIssuedOn,
            draft,
            outcome_on,
            "the decision to assess",
        );
        let comments = self.past(Col::CommentsReceivedOn);
        if !self.raw(Col::CommentsReceivedOn).is_empty() && self.raw(Col::DraftIssuedOn).is_empty()
        {
            self.problem(
                Col::CommentsReceivedOn,
                "record the draft plan before comments on it",
            );
        }
        self.not_before(Col::CommentsReceivedOn, comments, draft, "the draft plan");
        let (
            Some(request_id),
            Some(child_id),
            Some(received_on),
            Some(source),
            Some(outcome),
            Some(week20),
        ) = (request_id, child_id, received_on, source, outcome, week20)
        else {
            return None;
        };
        Some(RequestRow {
            la_id: self.la_id,
            request_id,
            child_id,
            received_on,
            source,
            outcome: outcome.code().into(),
            outcome_on,
            assessment_outcome: assessment_outcome.map(|a| a.code().to_string()),
            assessment_outcome_on,
            week20_exception: week20,
            decision_reasons: self.text(Col::Reasons),
            draft_issued_on: draft,
            comments_received_on: comments,
        })
    }

    pub(super) fn advice(&mut self) -> Option<AdviceRow> {
        let advice_id = self.required_id(Col::RecordId);
        let child_id = self.required_id(Col::ChildId);
        let request_id = self.required_id(Col::RequestId);
        let service = self.required_code::<AdviceService>(Col::Service);
        let requested_on = self.required_past(Col::RequestedOn);
        let received_on = self.past(Col::ReceivedOn);
        self.not_before(
            Col::ReceivedOn,
            received_on,
            requested_on,
            "the request for it",
        );
        Some(AdviceRow {
            la_id: self.la_id,
            advice_id: advice_id?,
            request_id: request_id?,
            child_id: child_id?,
            service: service?.code().into(),
            adviser: self.text(Col::Adviser),
            adviser_staff_id: None,
            requested_on: requested_on?,
            received_on,
        })
    }

    pub(super) fn exception(&mut self) -> Option<ExceptionRow> {
        let exception_id = self.required_id(Col::RecordId);
        let child_id = self.required_id(Col::ChildId);
        let request_id = self.required_id(Col::RequestId);
        let reason = self.required_code::<ExceptionReason>(Col::ExceptionReason);
        let from_on = self.date(Col::FromOn);
        let to_on = self.date(Col::ToOn);
        for col in [Col::FromOn, Col::ToOn] {
            if self.raw(col).is_empty() {
                self.problem(col, "enter a date as YYYY-MM-DD");
            }
        }
        if let (Some(from), Some(to)) = (from_on, to_on) {
            if to < from {
                self.problem(
                    Col::ToOn,
                    format!("the end must be on or after the start ({from})"),
                );
            } else if reason.is_some_and(ExceptionReason::needs_four_weeks)
                && (to - from).num_days() + 1 < FOUR_WEEKS_DAYS
            {
                self.problem(
                    Col::ToOn,
                    "this reason applies only to a period of at least 4 weeks (reg 10(4))",
                );
            }
        }
        Some(ExceptionRow {
            la_id: self.la_id,
            exception_id: exception_id?,
            request_id: request_id?,
            child_id: child_id?,
            reason: reason?.code().into(),
            from_on: from_on?,
            to_on: to_on?,
            note: self.text(Col::Note),
        })
    }

    pub(super) fn plan(&mut self) -> Option<PlanRow> {
        let plan_id = self.required_id(Col::RecordId);
        let child_id = self.required_id(Col::ChildId);
        let request_id = self.id(Col::RequestId);
        let start_on = self.required_past(Col::StartOn);
        let notice = self.past(Col::CeaseNoticeOn);
        self.not_before(Col::CeaseNoticeOn, notice, start_on, "the plan was made");
        let cease_on = self.past(Col::CeaseOn);
        self.not_before(Col::CeaseOn, cease_on, start_on, "the plan was made");
        self.not_before(Col::CeaseOn, cease_on, notice, "the notice to cease");
        let reason = self.code::<CeaseReason>(Col::CeaseReason);
        match (
            self.raw(Col::CeaseOn).is_empty(),
            self.raw(Col::CeaseReason).is_empty(),
        ) {
            (false, true) => self.problem(
                Col::CeaseReason,
                "enter why the plan ceased (SEN2 CeaseReason 1 to 9)",
            ),
            (true, false) => {
                self.problem(Col::CeaseReason, "the plan has not ceased: leave it empty");
            }
            _ => {}
        }
        let from = self.code::<LaCode>(Col::TransferredInFrom);
        let to = self.code::<LaCode>(Col::TransferredOutTo);
        Some(PlanRow {
            la_id: self.la_id,
            plan_id: plan_id?,
            child_id: child_id?,
            request_id,
            start_on: start_on?,
            cease_on,
            cease_reason: reason.map(|r| r.code().to_string()),
            cease_notice_on: notice,
            transferred_in_from: from.map(|c| c.to_string()),
            transferred_out_to: to.map(|c| c.to_string()),
        })
    }

    pub(super) fn review(&mut self) -> Option<ReviewRow> {
        let review_id = self.required_id(Col::RecordId);
        let child_id = self.required_id(Col::ChildId);
        let plan_id = self.required_id(Col::PlanId);
        let meeting_on = self.required_past(Col::MeetingOn);
        let decision = self.code::<ReviewDecision>(Col::Decision);
        let decided_on = self.past(Col::DecidedOn);
        match (
            self.raw(Col::Decision).is_empty(),
            self.raw(Col::DecidedOn).is_empty(),
        ) {
            (false, true) => {
                self.problem(Col::DecidedOn, "enter the day the decision was notified")
            }
            (true, false) => self.problem(
                Col::Decision,
                "enter the decision: maintain, amend or cease",
            ),
            _ => {}
        }
        self.not_before(Col::DecidedOn, decided_on, meeting_on, "the review meeting");
        let proposed = self.past(Col::AmendmentsProposedOn);
        self.not_before(
            Col::AmendmentsProposedOn,
            proposed,
            meeting_on,
            "the review meeting",
        );
        if proposed.is_some()
            && matches!(
                decision,
                Some(ReviewDecision::Maintain | ReviewDecision::Cease)
            )
        {
            self.problem(
                Col::Decision,
                "amendments were proposed after this review, so the decision is amend",
            );
        }
        let amended = self.past(Col::AmendedPlanIssuedOn);
        if !self.raw(Col::AmendedPlanIssuedOn).is_empty()
            && self.raw(Col::AmendmentsProposedOn).is_empty()
        {
            self.problem(
                Col::AmendedPlanIssuedOn,
                "record the proposed amendments before the amended plan",
            );
        }
        self.not_before(
            Col::AmendedPlanIssuedOn,
            amended,
            proposed,
            "the proposed amendments",
        );
        Some(ReviewRow {
            la_id: self.la_id,
            review_id: review_id?,
            plan_id: plan_id?,
            child_id: child_id?,
            meeting_on: meeting_on?,
            decision: decision.map(|d| d.code().to_string()),
            decision_on: decided_on,
            amendments_proposed_on: proposed,
            amended_plan_issued_on: amended,
        })
    }

    pub(super) fn transfer(&mut self) -> Option<PhaseTransferRow> {
        let transfer_id = self.required_id(Col::RecordId);
        let child_id = self.required_id(Col::ChildId);
        let plan_id = self.required_id(Col::PlanId);
        let kind = self.choice(
            Col::Kind,
            &["into_school_phase", "secondary_to_post16", "between_post16"],
        );
        let year_text = self.raw(Col::TransferYear).to_string();
        let on_text = self.raw(Col::TransferOn).to_string();
        let (mut year, mut transfer_on) = (None, None);
        match kind.as_deref() {
            Some("between_post16") => {
                if !year_text.is_empty() {
                    self.problem(Col::TransferYear, "a move between post-16 institutions has a day (transfer_on), not a year: leave it empty");
                }
                if on_text.is_empty() {
                    self.problem(Col::TransferOn, "enter the day of the move as YYYY-MM-DD");
                }
                transfer_on = Some(self.date(Col::TransferOn)?);
            }
            Some(_) => {
                if !on_text.is_empty() {
                    self.problem(
                        Col::TransferOn,
                        "a September move has a year (transfer_year), not a day: leave it empty",
                    );
                }
                match year_text.parse::<i64>() {
                    Ok(y) if (2000..=2100).contains(&y) => year = Some(y),
                    _ => {
                        self.problem(
                            Col::TransferYear,
                            "enter the calendar year of the move, like 2027",
                        );
                        return None;
                    }
                }
            }
            None => {}
        }
        let amended_on = self.past(Col::AmendedOn);
        Some(PhaseTransferRow {
            la_id: self.la_id,
            transfer_id: transfer_id?,
            plan_id: plan_id?,
            child_id: child_id?,
            kind: kind?,
            transfer_year: year,
            transfer_on,
            amended_on,
            next_setting_id: None,
        })
    }

    pub(super) fn reassessment(&mut self) -> Option<ReassessmentRow> {
        let reassessment_id = self.required_id(Col::RecordId);
        let child_id = self.required_id(Col::ChildId);
        let plan_id = self.required_id(Col::PlanId);
        let requested_on = self.past(Col::RequestedOn);
        let sources: Vec<&str> = REQUEST_SOURCES.iter().map(|(code, _)| *code).collect();
        let requested_by = if self.raw(Col::Source).is_empty() {
            None
        } else {
            self.choice(Col::Source, &sources)
        };
        if requested_on.is_some() != requested_by.is_some() {
            self.problem(
                Col::Source,
                "a request for re-assessment has both the day it was received (requested_on) and who asked (source); a re-assessment the council started has neither",
            );
        }
        let decision = if self.raw(Col::Decision).is_empty() {
            None
        } else {
            self.choice(Col::Decision, &["assess", "refuse"])
        };
        let decided_on = self.past(Col::DecidedOn);
        if decision.is_some() != decided_on.is_some() {
            self.problem(
                Col::DecidedOn,
                "a decision (assess or refuse) and the day it was notified (decided_on) go together",
            );
        }
        if decision.is_none() && requested_on.is_none() {
            self.problem(
                Col::RequestedOn,
                "a re-assessment starts with a request (requested_on) or a decision to re-assess (decided_on)",
            );
        }
        self.not_before(Col::DecidedOn, decided_on, requested_on, "the request");
        let reasons = self.text(Col::Reasons);
        if decision.as_deref() == Some("refuse") && reasons.is_none() {
            self.problem(Col::Reasons, "a refusal to re-assess gives its reasons");
        }
        let plan_issued_on = self.past(Col::PlanIssuedOn);
        if plan_issued_on.is_some() && decision.as_deref() != Some("assess") {
            self.problem(
                Col::PlanIssuedOn,
                "a plan follows only a decision to re-assess (decision assess)",
            );
        }
        self.not_before(
            Col::PlanIssuedOn,
            plan_issued_on,
            decided_on,
            "the decision to re-assess",
        );
        Some(ReassessmentRow {
            la_id: self.la_id,
            reassessment_id: reassessment_id?,
            plan_id: plan_id?,
            child_id: child_id?,
            requested_on,
            requested_by,
            decision,
            decided_on,
            reasons,
            plan_issued_on,
        })
    }

    pub(super) fn marker(&mut self) -> Option<MarkerRow> {
        let marker_id = self.required_id(Col::RecordId);
        let child_id = self.required_id(Col::ChildId);
        let kind = self.choice(Col::Kind, &["mediation", "tribunal"]);
        let opened_on = self.required_past(Col::OpenedOn);
        let closed_on = self.past(Col::ClosedOn);
        self.not_before(Col::ClosedOn, closed_on, opened_on, "it was opened");
        Some(MarkerRow {
            la_id: self.la_id,
            marker_id: marker_id?,
            child_id: child_id?,
            kind: kind?,
            opened_on: opened_on?,
            closed_on,
            outcome: self.text(Col::Outcome),
        })
    }
}
