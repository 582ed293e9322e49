//! Checking the links of an imported file: each child matched to the council's children or
//! created, each record's id free, each advice, exception and plan tied to a request of the same
//! child, each review and phase transfer to a plan, and the dates that follow from those links.
//! A row whose own values or links are wrong is not imported, and neither is any row that
//! depends on it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use store::{
    AdviceRow, ChildNeedRow, ChildRow, ExceptionRow, MarkerRow, PhaseTransferRow, PlanRow,
    ReassessmentRow, RequestRow, ReviewRow, Tx,
};

use super::RowProblem;
use super::exchange_columns::{Col, Kind};
use super::exchange_export::Holdings;
use super::exchange_links::{Checker, Link};
use super::exchange_parse::{Item, Parsed};
use crate::error::Result;

/// What the council already holds that the file's rows may clash with or link to.
pub(super) struct Existing {
    /// Every child's id and date of birth.
    pub children: HashMap<i64, NaiveDate>,
    /// For each file child row (by row number): the council's child with the same UPN, and the
    /// council's child with the same id.
    pub lookups: HashMap<u64, (Option<ChildRow>, Option<ChildRow>)>,
    pub requests: HashMap<i64, RequestRow>,
    pub plans: HashMap<i64, PlanRow>,
    /// The requests that already have a plan.
    pub planned_requests: HashSet<i64>,
    /// The ids of every kind of record the council holds.
    pub ids: HashMap<Kind, HashSet<i64>>,
    pub under_five_review_months: Option<u32>,
}

impl Existing {
    pub(super) async fn read(tx: &mut Tx, la_id: i64, parsed: &[Parsed]) -> Result<Existing> {
        let children: HashMap<i64, NaiveDate> =
            tx.child_birth_dates(la_id).await?.into_iter().collect();
        let mut lookups = HashMap::new();
        if !children.is_empty() {
            for p in parsed {
                if let Some(Item::Child(c)) = &p.item {
                    let by_upn = match &c.row.upn {
                        Some(upn) => tx.child_by_upn(la_id, upn).await?,
                        None => None,
                    };
                    let by_id = if children.contains_key(&c.row.child_id) {
                        tx.child(la_id, c.row.child_id).await?
                    } else {
                        None
                    };
                    lookups.insert(p.row, (by_upn, by_id));
                }
            }
        }
        let h = Holdings::read(tx, la_id).await?;
        let ids = HashMap::from([
            (
                Kind::Request,
                h.requests.iter().map(|r| r.request_id).collect(),
            ),
            (Kind::Plan, h.plans.iter().map(|p| p.plan_id).collect()),
            (Kind::Advice, h.advice.iter().map(|a| a.advice_id).collect()),
            (
                Kind::Exception,
                h.exceptions.iter().map(|e| e.exception_id).collect(),
            ),
            (
                Kind::Review,
                h.reviews.iter().map(|r| r.review_id).collect(),
            ),
            (
                Kind::PhaseTransfer,
                h.transfers.iter().map(|t| t.transfer_id).collect(),
            ),
            (
                Kind::Reassessment,
                h.reassessments.iter().map(|r| r.reassessment_id).collect(),
            ),
            (
                Kind::Marker,
                h.markers.iter().map(|m| m.marker_id).collect(),
            ),
        ]);
        Ok(Existing {
            children,
            lookups,
            requests: h.requests.into_iter().map(|r| (r.request_id, r)).collect(),
            planned_requests: h.plans.iter().filter_map(|p| p.request_id).collect(),
            plans: h.plans.into_iter().map(|p| (p.plan_id, p)).collect(),
            ids,
            under_five_review_months: h.under_five_review_months,
        })
    }
}

/// The records to write, with the council's child ids.
#[derive(Debug, Default)]
pub(super) struct Accepted {
    /// The file's council row: the under-fives review prompt to set (`Some(None)` clears it).
    pub council: Option<Option<u32>>,
    pub children: Vec<ChildRow>,
    pub needs: Vec<ChildNeedRow>,
    /// Child rows that matched a child the council already holds (left unchanged).
    pub matched_children: u64,
    pub requests: Vec<RequestRow>,
    pub advice: Vec<AdviceRow>,
    pub exceptions: Vec<ExceptionRow>,
    pub plans: Vec<PlanRow>,
    pub reviews: Vec<ReviewRow>,
    pub transfers: Vec<PhaseTransferRow>,
    pub reassessments: Vec<ReassessmentRow>,
    pub markers: Vec<MarkerRow>,
    /// Case and deadline rows, skipped.
    pub computed: u64,
}

/// Checks every row's links; adds the problems to `problems` and returns what may be written.
/// Rows with problems of their own are left out first; a row that links to one of them is then
/// left out too, with a problem saying why.
pub(super) fn check(
    parsed: Vec<Parsed>,
    existing: &Existing,
    problems: &mut Vec<RowProblem>,
) -> Accepted {
    let mut c = Checker::new(existing, problems);
    let rows = c.take_valid(parsed);
    let mut out = Accepted::default();
    for (row, item) in &rows {
        match item {
            Item::Council(months) => {
                if let Some(first) = c.first_of(Kind::Council, 0, *row) {
                    let problem = format!("the file has a council row already (row {first})");
                    c.add(*row, Col::Record, problem);
                } else {
                    out.council = Some(*months);
                }
            }
            Item::Child(child) => c.child(*row, child, &mut out),
            Item::Computed => out.computed += 1,
            _ => {}
        }
    }
    for (row, item) in &rows {
        if let Item::Request(r) = item {
            c.request(*row, r.clone());
        }
    }
    for (row, item) in &rows {
        if let Item::Plan(p) = item {
            c.plan(*row, p.clone());
        }
    }
    for (row, item) in &rows {
        events(&mut c, *row, item, &mut out);
    }
    out.requests = c.valid_requests();
    out.plans = c.valid_plans();
    out
}

/// Checks a row linking to a request or a plan, or a marker, and keeps it if all is well.
fn events(c: &mut Checker, row: u64, item: &Item, out: &mut Accepted) {
    match item {
        Item::Advice(a) => {
            let mut a = a.clone();
            c.fresh_id(Kind::Advice, a.advice_id, row);
            if let Some((child_id, _)) = c.child_of(row, a.child_id) {
                a.child_id = child_id;
                let link = Link::request(a.request_id);
                if let Some(received_on) = c.request_of(row, link, child_id).map(|r| r.received_on)
                {
                    c.not_before(
                        row,
                        Col::RequestedOn,
                        a.requested_on,
                        received_on,
                        "the request",
                    );
                }
            }
            c.keep(row, a, &mut out.advice);
        }
        Item::Exception(e) => {
            let mut e = e.clone();
            c.fresh_id(Kind::Exception, e.exception_id, row);
            if let Some((child_id, _)) = c.child_of(row, e.child_id) {
                e.child_id = child_id;
                c.request_of(row, Link::request(e.request_id), child_id);
            }
            c.keep(row, e, &mut out.exceptions);
        }
        Item::Review(r) => {
            let mut r = r.clone();
            c.fresh_id(Kind::Review, r.review_id, row);
            if let Some((child_id, _)) = c.child_of(row, r.child_id) {
                r.child_id = child_id;
                if let Some(start_on) = c.plan_of(row, r.plan_id, child_id).map(|p| p.start_on) {
                    c.not_before(
                        row,
                        Col::MeetingOn,
                        r.meeting_on,
                        start_on,
                        "the plan was made",
                    );
                }
            }
            c.keep(row, r, &mut out.reviews);
        }
        Item::Transfer(t) => {
            let mut t = t.clone();
            c.fresh_id(Kind::PhaseTransfer, t.transfer_id, row);
            if let Some((child_id, _)) = c.child_of(row, t.child_id) {
                t.child_id = child_id;
                c.plan_of(row, t.plan_id, child_id);
            }
            c.keep(row, t, &mut out.transfers);
        }
        Item::Reassessment(r) => {
            let mut r = r.clone();
            c.fresh_id(Kind::Reassessment, r.reassessment_id, row);
            if let Some((child_id, _)) = c.child_of(row, r.child_id) {
                r.child_id = child_id;
                let started = r.requested_on.or(r.decided_on);
                if let (Some(start_on), Some(started)) = (
                    c.plan_of(row, r.plan_id, child_id).map(|p| p.start_on),
                    started,
                ) {
                    let col = if r.requested_on.is_some() {
                        Col::RequestedOn
                    } else {
                        Col::DecidedOn
                    };
                    c.not_before(row, col, started, start_on, "the plan was made");
                }
            }
            c.keep(row, r, &mut out.reassessments);
        }
        Item::Marker(m) => {
            let mut m = m.clone();
            c.fresh_id(Kind::Marker, m.marker_id, row);
            if let Some((child_id, _)) = c.child_of(row, m.child_id) {
                m.child_id = child_id;
            }
            c.keep(row, m, &mut out.markers);
        }
        _ => {}
    }
}
