//! Reading a council's casework and writing it as rows of the CSV format, with the statutory
//! clock's deadlines on the day asked about.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::clock::{DeadlineKind, DeadlineState};
use store::{
    AdviceRow, ChildNeedRow, ChildRow, ExceptionRow, MarkerRow, PhaseTransferRow, PlanRow,
    ReassessmentRow, RequestRow, ReviewRow, Tx,
};

use super::exchange_columns::{Col, Kind, Line};
use crate::casework::CaseFile;
use crate::error::Result;

/// Everything the format carries about a council's casework, as stored.
#[derive(Debug, Default)]
pub(super) struct Holdings {
    pub under_five_review_months: Option<u32>,
    pub requests: Vec<RequestRow>,
    pub plans: Vec<PlanRow>,
    pub advice: Vec<AdviceRow>,
    pub exceptions: Vec<ExceptionRow>,
    pub reviews: Vec<ReviewRow>,
    pub transfers: Vec<PhaseTransferRow>,
    pub reassessments: Vec<ReassessmentRow>,
    pub markers: Vec<MarkerRow>,
}

impl Holdings {
    /// Reads every casework record of a council.
    pub(super) async fn read(tx: &mut Tx, la_id: i64) -> Result<Holdings> {
        Ok(Holdings {
            under_five_review_months: tx.under_five_review_months(la_id).await?,
            requests: tx.records_of_council(la_id).await?,
            plans: tx.records_of_council(la_id).await?,
            advice: tx.records_of_council(la_id).await?,
            exceptions: tx.records_of_council(la_id).await?,
            reviews: tx.records_of_council(la_id).await?,
            transfers: tx.records_of_council(la_id).await?,
            reassessments: tx.records_of_council(la_id).await?,
            markers: tx.records_of_council(la_id).await?,
        })
    }

    /// Each child with any casework record: their case file and their markers.
    fn by_child(self) -> BTreeMap<i64, (CaseFile, Vec<MarkerRow>)> {
        let mut out: BTreeMap<i64, (CaseFile, Vec<MarkerRow>)> = BTreeMap::new();
        let under_five = self.under_five_review_months;
        let mut entry = |child_id: i64| {
            let (file, _) = out.entry(child_id).or_default();
            file.under_five_review_months = under_five;
            child_id
        };
        let ids: Vec<i64> = self
            .requests
            .iter()
            .map(|r| r.child_id)
            .chain(self.plans.iter().map(|p| p.child_id))
            .chain(self.advice.iter().map(|a| a.child_id))
            .chain(self.exceptions.iter().map(|e| e.child_id))
            .chain(self.reviews.iter().map(|r| r.child_id))
            .chain(self.transfers.iter().map(|t| t.child_id))
            .chain(self.reassessments.iter().map(|r| r.child_id))
            .chain(self.markers.iter().map(|m| m.child_id))
            .collect();
        for id in ids {
            entry(id);
        }
        for r in self.requests {
            push(&mut out, r.child_id, |f| f.requests.push(r));
        }
        for p in self.plans {
            push(&mut out, p.child_id, |f| f.plans.push(p));
        }
        for a in self.advice {
            push(&mut out, a.child_id, |f| f.advice.push(a));
        }
        for e in self.exceptions {
            push(&mut out, e.child_id, |f| f.exceptions.push(e));
        }
        for r in self.reviews {
            push(&mut out, r.child_id, |f| f.reviews.push(r));
        }
        for t in self.transfers {
            push(&mut out, t.child_id, |f| f.transfers.push(t));
        }
        for r in self.reassessments {
            push(&mut out, r.child_id, |f| f.reassessments.push(r));
        }
        for m in self.markers {
            if let Some((_, markers)) = out.get_mut(&m.child_id) {
                markers.push(m);
            }
        }
        out
    }
}

fn push(
    out: &mut BTreeMap<i64, (CaseFile, Vec<MarkerRow>)>,
    child_id: i64,
    add: impl FnOnce(&mut CaseFile),
) {
    if let Some((file, _)) = out.get_mut(&child_id) {
        add(file);
    }
}

/// A child as the export writes them.
pub(super) struct ChildEntry {
    pub row: ChildRow,
    pub needs: Vec<ChildNeedRow>,
}

/// Reads the council's casework and the children it concerns; `None` for a child's entry means
/// the child row could not be found (which the schema's keys prevent).
pub(super) async fn read_export(
    tx: &mut Tx,
    la_id: i64,
) -> Result<(Holdings, BTreeMap<i64, ChildEntry>)> {
    let holdings = Holdings::read(tx, la_id).await?;
    let mut wanted: Vec<i64> = holdings
        .requests
        .iter()
        .map(|r| r.child_id)
        .chain(holdings.plans.iter().map(|p| p.child_id))
        .chain(holdings.markers.iter().map(|m| m.child_id))
        .chain(holdings.advice.iter().map(|a| a.child_id))
        .chain(holdings.exceptions.iter().map(|e| e.child_id))
        .chain(holdings.reviews.iter().map(|r| r.child_id))
        .chain(holdings.transfers.iter().map(|t| t.child_id))
        .chain(holdings.reassessments.iter().map(|r| r.child_id))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    // Every child of the council in one statement: an empty surname prefix matches them all.
    let limit = u64::try_from(i64::MAX).unwrap_or(u64::MAX);
    let mut all: BTreeMap<i64, ChildRow> = tx
        .children_by_surname(la_id, "", limit)
        .await?
        .into_iter()
        .map(|c| (c.child_id, c))
        .collect();
    let mut children = BTreeMap::new();
    for child_id in wanted {
        let row = match all.remove(&child_id) {
            Some(row) => row,
            None => match tx.child(la_id, child_id).await? {
                Some(row) => row,
                None => continue,
            },
        };
        let needs = tx.child_needs(la_id, child_id).await?;
        children.insert(child_id, ChildEntry { row, needs });
    }
    Ok((holdings, children))
}

/// The rows of the export, in order: the council, then each child with their records, the
/// case and its deadlines.
pub(super) fn lines(
    la_code: &str,
    holdings: Holdings,
    children: &BTreeMap<i64, ChildEntry>,
    as_of: NaiveDate,
) -> Vec<Line> {
    let mut out = Vec::new();
    let mut council = Line::new(la_code, Kind::Council);
    council.opt(
        Col::UnderFiveReviewMonths,
        holdings.under_five_review_months,
    );
    out.push(council);
    for (child_id, (mut file, mut markers)) in holdings.by_child() {
        let Some(child) = children.get(&child_id) else {
            continue;
        };
        file.birth_date = Some(child.row.birth_date);
        out.push(child_line(la_code, child));
        file.requests.sort_by_key(|r| r.request_id);
        file.advice.sort_by_key(|a| a.advice_id);
        file.exceptions.sort_by_key(|e| e.exception_id);
        file.plans.sort_by_key(|p| p.plan_id);
        file.reviews.sort_by_key(|r| r.review_id);
        file.transfers.sort_by_key(|t| t.transfer_id);
        file.reassessments.sort_by_key(|r| r.reassessment_id);
        markers.sort_by_key(|m| m.marker_id);
        out.extend(file.requests.iter().map(|r| request_line(la_code, r)));
        out.extend(file.advice.iter().map(|a| advice_line(la_code, a)));
        out.extend(file.exceptions.iter().map(|e| exception_line(la_code, e)));
        out.extend(file.plans.iter().map(|p| plan_line(la_code, p)));
        out.extend(file.reviews.iter().map(|r| review_line(la_code, r)));
        out.extend(file.transfers.iter().map(|t| transfer_line(la_code, t)));
        out.extend(
            file.reassessments
                .iter()
                .map(|r| reassessment_line(la_code, r)),
        );
        out.extend(markers.iter().map(|m| marker_line(la_code, m)));
        clock_lines(la_code, child_id, &file, as_of, &mut out);
    }
    out
}

fn child_line(la_code: &str, child: &ChildEntry) -> Line {
    let c = &child.row;
    let mut l = Line::new(la_code, Kind::Child);
    l.set(Col::ChildId, c.child_id.to_string());
    l.opt(Col::Upn, c.upn.as_ref());
    l.opt(Col::Uln, c.uln.as_ref());
    l.opt(Col::UpnUnknown, c.upn_unknown.as_ref());
    l.set(Col::Forename, c.forename.as_str());
    l.set(Col::Surname, c.surname.as_str());
    l.set(Col::BirthDate, c.birth_date.to_string());
    l.set(Col::Sex, c.sex.as_str());
    l.opt(Col::Ethnicity, c.ethnicity.as_ref());
    l.opt(Col::Postcode, c.postcode.as_ref());
    let need = |rank: i64| {
        child
            .needs
            .iter()
            .find(|n| n.rank == rank)
            .map(|n| n.sen_type.clone())
    };
    l.opt(Col::PrimaryNeed, need(1));
    l.opt(Col::SecondaryNeed, need(2));
    l
}

fn request_line(la_code: &str, r: &RequestRow) -> Line {
    let mut l = Line::new(la_code, Kind::Request);
    l.set(Col::ChildId, r.child_id.to_string());
    l.set(Col::RecordId, r.request_id.to_string());
    l.set(Col::ReceivedOn, r.received_on.to_string());
    l.set(Col::Source, r.source.as_str());
    l.set(Col::Decision, r.outcome.as_str());
    l.opt(Col::DecidedOn, r.outcome_on);
    l.opt(Col::Reasons, r.decision_reasons.as_ref());
    l.opt(Col::AssessmentOutcome, r.assessment_outcome.as_ref());
    l.opt(Col::AssessmentOutcomeOn, r.assessment_outcome_on);
    l.set(Col::Week20, if r.week20_exception { "1" } else { "0" });
    l.opt(Col::DraftIssuedOn, r.draft_issued_on);
    l.opt(Col::CommentsReceivedOn, r.comments_received_on);
    l
}

fn advice_line(la_code: &str, a: &AdviceRow) -> Line {
    let mut l = Line::new(la_code, Kind::Advice);
    l.set(Col::ChildId, a.child_id.to_string());
    l.set(Col::RecordId, a.advice_id.to_string());
    l.set(Col::RequestId, a.request_id.to_string());
    l.set(Col::Service, a.service.as_str());
    l.opt(Col::Adviser, a.adviser.as_ref());
    l.set(Col::RequestedOn, a.requested_on.to_string());
    l.opt(Col::ReceivedOn, a.received_on);
    l
}

fn exception_line(la_code: &str, e: &ExceptionRow) -> Line {
    let mut l = Line::new(la_code, Kind::Exception);
    l.set(Col::ChildId, e.child_id.to_string());
    l.set(Col::RecordId, e.exception_id.to_string());
    l.set(Col::RequestId, e.request_id.to_string());
    l.set(Col::ExceptionReason, e.reason.as_str());
    l.set(Col::FromOn, e.from_on.to_string());
    l.set(Col::ToOn, e.to_on.to_string());
    l.opt(Col::Note, e.note.as_ref());
    l
}

fn plan_line(la_code: &str, p: &PlanRow) -> Line {
    let mut l = Line::new(la_code, Kind::Plan);
    l.set(Col::ChildId, p.child_id.to_string());
    l.set(Col::RecordId, p.plan_id.to_string());
    l.opt(Col::RequestId, p.request_id);
    l.set(Col::StartOn, p.start_on.to_string());
    l.opt(Col::CeaseNoticeOn, p.cease_notice_on);
    l.opt(Col::CeaseOn, p.cease_on);
    l.opt(Col::CeaseReason, p.cease_reason.as_ref());
    l.opt(Col::TransferredInFrom, p.transferred_in_from.as_ref());
    l.opt(Col::TransferredOutTo, p.transferred_out_to.as_ref());
    l
}

fn review_line(la_code: &str, r: &ReviewRow) -> Line {
    let mut l = Line::new(la_code, Kind::Review);
    l.set(Col::ChildId, r.child_id.to_string());
    l.set(Col::RecordId, r.review_id.to_string());
    l.set(Col::PlanId, r.plan_id.to_string());
    l.set(Col::MeetingOn, r.meeting_on.to_string());
    l.opt(Col::Decision, r.decision.as_ref());
    l.opt(Col::DecidedOn, r.decision_on);
    l.opt(Col::AmendmentsProposedOn, r.amendments_proposed_on);
    l.opt(Col::AmendedPlanIssuedOn, r.amended_plan_issued_on);
    l
}

fn transfer_line(la_code: &str, t: &PhaseTransferRow) -> Line {
    let mut l = Line::new(la_code, Kind::PhaseTransfer);
    l.set(Col::ChildId, t.child_id.to_string());
    l.set(Col::RecordId, t.transfer_id.to_string());
    l.set(Col::PlanId, t.plan_id.to_string());
    l.set(Col::Kind, t.kind.as_str());
    l.opt(Col::TransferYear, t.transfer_year);
    l.opt(Col::TransferOn, t.transfer_on);
    l.opt(Col::AmendedOn, t.amended_on);
    l
}

fn reassessment_line(la_code: &str, r: &ReassessmentRow) -> Line {
    let mut l = Line::new(la_code, Kind::Reassessment);
    l.set(Col::ChildId, r.child_id.to_string());
    l.set(Col::RecordId, r.reassessment_id.to_string());
    l.set(Col::PlanId, r.plan_id.to_string());
    l.opt(Col::RequestedOn, r.requested_on);
    l.opt(Col::Source, r.requested_by.as_ref());
    l.opt(Col::Decision, r.decision.as_ref());
    l.opt(Col::DecidedOn, r.decided_on);
    l.opt(Col::Reasons, r.reasons.as_ref());
    l.opt(Col::PlanIssuedOn, r.plan_issued_on);
    l
}

fn marker_line(la_code: &str, m: &MarkerRow) -> Line {
    let mut l = Line::new(la_code, Kind::Marker);
    l.set(Col::ChildId, m.child_id.to_string());
    l.set(Col::RecordId, m.marker_id.to_string());
    l.set(Col::Kind, m.kind.as_str());
    l.set(Col::OpenedOn, m.opened_on.to_string());
    l.opt(Col::ClosedOn, m.closed_on);
    l.opt(Col::Outcome, m.outcome.as_ref());
    l
}

/// The case row and one row per deadline, from the clock on `as_of`.
fn clock_lines(
    la_code: &str,
    child_id: i64,
    file: &CaseFile,
    as_of: NaiveDate,
    out: &mut Vec<Line>,
) {
    let Some(clock) = file.clock(as_of) else {
        return;
    };
    let ids = |l: &mut Line| {
        l.set(Col::ChildId, child_id.to_string());
        l.opt(Col::RequestId, clock.request_id);
        l.opt(Col::PlanId, clock.plan_id);
    };
    let mut case = Line::new(la_code, Kind::Case);
    ids(&mut case);
    case.set(Col::Stage, clock.stage.code());
    case.opt(Col::Deadline, clock.next.map(|d| d.kind.code()));
    case.opt(Col::DueOn, clock.next.map(|d| d.due));
    out.push(case);
    for d in &clock.deadlines {
        let mut l = Line::new(la_code, Kind::Deadline);
        ids(&mut l);
        l.set(Col::Deadline, d.kind.code());
        l.set(Col::TriggerOn, d.trigger.to_string());
        l.set(Col::DueOn, d.due.to_string());
        l.opt(Col::MetOn, d.met_on);
        l.set(Col::State, state_code(d.state));
        l.set(Col::OnTime, on_time(d.kind, d.state));
        l.set(Col::Rule, d.rule);
        out.push(l);
    }
}

/// The code of a deadline's state in the `state` column.
#[must_use]
pub const fn state_code(state: DeadlineState) -> &'static str {
    match state {
        DeadlineState::NotYetDue => "not_yet_due",
        DeadlineState::DueSoon => "due_soon",
        DeadlineState::Overdue => "overdue",
        DeadlineState::MetOnTime => "met_on_time",
        DeadlineState::MetLate => "met_late",
        DeadlineState::Elapsed => "elapsed",
        DeadlineState::NotApplicable => "not_applicable",
    }
}

/// The `on_time` flag: `Y` met on time (for a comment window: respected), `N` met late or
/// overdue on the day asked about (for a window: breached), empty while not yet due, for a
/// window that has ended with nothing owed, and where an exception lifted the limit.
fn on_time(kind: DeadlineKind, state: DeadlineState) -> &'static str {
    match state {
        DeadlineState::MetOnTime => "Y",
        DeadlineState::MetLate => "N",
        DeadlineState::Overdue if !kind.is_window() => "N",
        _ => "",
    }
}
