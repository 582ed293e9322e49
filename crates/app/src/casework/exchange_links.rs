//! The state of an import's check: the problems found, the rows left out, and what each file
//! id of a child, request and plan stands for.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use store::{ChildNeedRow, PlanRow, RequestRow};

use super::RowProblem;
use super::exchange_check::{Accepted, Existing};
use super::exchange_columns::{Col, Kind};
use super::exchange_parse::{ChildIn, Item, Parsed};

/// A link from a row to another record: the column holding it, what it names, and the id.
#[derive(Debug, Clone, Copy)]
pub(super) struct Link {
    col: Col,
    what: &'static str,
    id: i64,
}

impl Link {
    pub(super) fn request(id: i64) -> Link {
        Link {
            col: Col::RequestId,
            what: "request",
            id,
        }
    }

    fn plan(id: i64) -> Link {
        Link {
            col: Col::PlanId,
            what: "plan",
            id,
        }
    }
}

/// A record a link may reach: in the file and valid, or in the council; in the file on a row
/// that is not imported; or nowhere.
enum Target<T> {
    Found(T),
    Failed(u64),
    Missing,
}

/// Records that belong to a child.
trait OfChild {
    fn child(&self) -> i64;
}

impl OfChild for RequestRow {
    fn child(&self) -> i64 {
        self.child_id
    }
}

impl OfChild for PlanRow {
    fn child(&self) -> i64 {
        self.child_id
    }
}

/// What the check has found so far.
pub(super) struct Checker<'a> {
    existing: &'a Existing,
    problems: &'a mut Vec<RowProblem>,
    /// Rows not to import.
    bad: HashSet<u64>,
    /// The first row giving each kind and id.
    first: HashMap<(Kind, i64), u64>,
    /// Each file child id: the council's child id and date of birth, or the row that failed.
    children: HashMap<i64, Result<(i64, NaiveDate), u64>>,
    upns: HashMap<String, u64>,
    /// Each file request and plan: the record, or the row that failed.
    requests: HashMap<i64, Result<RequestRow, u64>>,
    plans: HashMap<i64, Result<PlanRow, u64>>,
    /// Requests given a plan in the file, with the plan's row.
    planned: HashMap<i64, u64>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(existing: &'a Existing, problems: &'a mut Vec<RowProblem>) -> Self {
        Checker {
            existing,
            problems,
            bad: HashSet::new(),
            first: HashMap::new(),
            children: HashMap::new(),
            upns: HashMap::new(),
            requests: HashMap::new(),
            plans: HashMap::new(),
            planned: HashMap::new(),
        }
    }

    /// The rows whose own values could be read without a problem. The others' problems are
    /// kept, and the child, request or plan they give is marked as not imported.
    pub(super) fn take_valid(&mut self, parsed: Vec<Parsed>) -> Vec<(u64, Item)> {
        let mut rows = Vec::new();
        for p in parsed {
            match p.item {
                Some(item) if p.problems.is_empty() => rows.push((p.row, item)),
                _ => {
                    self.bad.insert(p.row);
                    self.problems.extend(p.problems);
                    match p.key {
                        Some((Kind::Child, id)) => {
                            self.children.insert(id, Err(p.row));
                        }
                        Some((Kind::Request, id)) => {
                            self.requests.insert(id, Err(p.row));
                        }
                        Some((Kind::Plan, id)) => {
                            self.plans.insert(id, Err(p.row));
                        }
                        _ => {}
                    }
                }
            }
        }
        rows
    }

    pub(super) fn add(&mut self, row: u64, col: Col, problem: impl Into<String>) {
        self.bad.insert(row);
        self.problems
            .push(RowProblem::new(row, Some(col.name()), problem));
    }

    /// A row left out because a row it links to is.
    fn follow(&mut self, row: u64, col: Col, problem: impl Into<String>) {
        self.bad.insert(row);
        let mut p = RowProblem::new(row, Some(col.name()), problem);
        p.follows = true;
        self.problems.push(p);
    }

    /// The row that first gave this kind and id, if it was not this one.
    pub(super) fn first_of(&mut self, kind: Kind, id: i64, row: u64) -> Option<u64> {
        let first = *self.first.entry((kind, id)).or_insert(row);
        (first != row).then_some(first)
    }

    /// Whether the id is new to both the file and the council; records a problem if not.
    pub(super) fn fresh_id(&mut self, kind: Kind, id: i64, row: u64) -> bool {
        let noun = kind.code().replace('_', " ");
        if let Some(first) = self.first_of(kind, id, row) {
            let problem = format!("{noun} {id} appears twice in the file (row {first})");
            self.add(row, Col::RecordId, problem);
            false
        } else if self
            .existing
            .ids
            .get(&kind)
            .is_some_and(|ids| ids.contains(&id))
        {
            let problem = format!("{noun} {id} is already recorded in this council");
            self.add(row, Col::RecordId, problem);
            false
        } else {
            true
        }
    }

    pub(super) fn not_before(
        &mut self,
        row: u64,
        col: Col,
        date: NaiveDate,
        earlier: NaiveDate,
        what: &str,
    ) {
        if let Err(e) = super::super::not_before(col.name(), date, earlier, what) {
            self.add(row, col, e.problem);
        }
    }

    /// Keeps a record unless its row has a problem.
    pub(super) fn keep<T>(&self, row: u64, record: T, into: &mut Vec<T>) {
        if !self.bad.contains(&row) {
            into.push(record);
        }
    }

    /// Checks a child row: matched to a child the council holds, or to be created.
    pub(super) fn child(&mut self, row: u64, child: &ChildIn, out: &mut Accepted) {
        let id = child.row.child_id;
        if let Some(first) = self.first_of(Kind::Child, id, row) {
            let problem = format!("child {id} appears twice in the file (row {first})");
            self.add(row, Col::ChildId, problem);
            return;
        }
        if let Some(upn) = &child.row.upn
            && let Some(first) = self.upns.insert(upn.clone(), row)
        {
            let problem = format!("UPN {upn} appears twice in the file (row {first})");
            self.add(row, Col::Upn, problem);
            self.children.insert(id, Err(row));
            return;
        }
        match self.match_child(row, child) {
            Some(Some(council_id)) => {
                out.matched_children += 1;
                self.children
                    .insert(id, Ok((council_id, child.row.birth_date)));
            }
            Some(None) => {
                self.children.insert(id, Ok((id, child.row.birth_date)));
                let la_id = child.row.la_id;
                out.needs.extend(
                    child
                        .needs
                        .iter()
                        .zip(1..)
                        .map(|(need, rank)| ChildNeedRow {
                            la_id,
                            child_id: id,
                            rank,
                            sen_type: need.clone(),
                        }),
                );
                out.children.push(child.row.clone());
            }
            None => {
                self.children.insert(id, Err(row));
            }
        }
    }

    /// Matches a file child to the council's children: `Some(Some(id))` the council's child
    /// `id`, `Some(None)` a new child, `None` a clash (with a problem recorded). A child with
    /// the same UPN is the same child; so is a child with the same id, name and date of birth.
    fn match_child(&mut self, row: u64, child: &ChildIn) -> Option<Option<i64>> {
        let c = &child.row;
        let Some((by_upn, by_id)) = self.existing.lookups.get(&row) else {
            return Some(None);
        };
        if let Some(found) = by_upn {
            if found.birth_date != c.birth_date {
                let problem = format!(
                    "UPN {} is child {} in this council, born {}",
                    found.upn.as_deref().unwrap_or_default(),
                    found.child_id,
                    found.birth_date
                );
                self.add(row, Col::BirthDate, problem);
                return None;
            }
            return Some(Some(found.child_id));
        }
        if let Some(found) = by_id {
            let same = found.birth_date == c.birth_date
                && found.surname.eq_ignore_ascii_case(&c.surname)
                && found.forename.eq_ignore_ascii_case(&c.forename)
                && (found.upn.is_none() || c.upn.is_none() || found.upn == c.upn);
            if !same {
                let problem = format!(
                    "child {} in this council is a different child (born {}): give this child an \
                     unused id",
                    found.child_id, found.birth_date
                );
                self.add(row, Col::ChildId, problem);
                return None;
            }
            return Some(Some(found.child_id));
        }
        Some(None)
    }

    /// The council's child id and date of birth for a file child id.
    pub(super) fn child_of(&mut self, row: u64, file_id: i64) -> Option<(i64, NaiveDate)> {
        match self.children.get(&file_id) {
            Some(Ok(found)) => Some(*found),
            Some(Err(failed)) => {
                let problem =
                    format!("child {file_id} is not imported (row {failed} has problems)");
                self.follow(row, Col::ChildId, problem);
                None
            }
            None => {
                if let Some(birth) = self.existing.children.get(&file_id) {
                    return Some((file_id, *birth));
                }
                let problem = format!("there is no child {file_id} in this file or in the council");
                self.add(row, Col::ChildId, problem);
                None
            }
        }
    }

    /// Checks a request row and keeps it for the rows that link to it.
    pub(super) fn request(&mut self, row: u64, mut r: RequestRow) {
        let fresh = self.fresh_id(Kind::Request, r.request_id, row);
        let child = self.child_of(row, r.child_id);
        if let Some((child_id, birth)) = child {
            r.child_id = child_id;
            let what = "the child's date of birth";
            self.not_before(row, Col::ReceivedOn, r.received_on, birth, what);
        }
        if fresh {
            let id = r.request_id;
            let entry = if child.is_some() && !self.bad.contains(&row) {
                Ok(r)
            } else {
                Err(row)
            };
            self.requests.insert(id, entry);
        }
    }

    /// Checks a plan row and keeps it for the rows that link to it.
    pub(super) fn plan(&mut self, row: u64, mut p: PlanRow) {
        let fresh = self.fresh_id(Kind::Plan, p.plan_id, row);
        let child = self.child_of(row, p.child_id);
        if let Some((child_id, _)) = child {
            p.child_id = child_id;
            if let Some(request_id) = p.request_id
                && let Some(r) = self.request_of(row, Link::request(request_id), child_id)
            {
                self.plan_request(row, &p, &r);
            }
        }
        if fresh {
            let id = p.plan_id;
            let entry = if child.is_some() && !self.bad.contains(&row) {
                Ok(p)
            } else {
                Err(row)
            };
            self.plans.insert(id, entry);
        }
    }

    /// Checks a plan against the request it came from.
    fn plan_request(&mut self, row: u64, p: &PlanRow, r: &RequestRow) {
        let id = r.request_id;
        if r.assessment_outcome.as_deref() != Some("Y") {
            let problem =
                format!("request {id} did not lead to a plan (its assessment_outcome is not Y)");
            self.add(row, Col::RequestId, problem);
        }
        self.not_before(row, Col::StartOn, p.start_on, r.received_on, "the request");
        if let Some(draft) = r.draft_issued_on {
            self.not_before(row, Col::StartOn, p.start_on, draft, "the draft plan");
        }
        if self.existing.planned_requests.contains(&id) {
            let problem = format!("request {id} already has a plan in this council");
            self.add(row, Col::RequestId, problem);
        } else if let Some(first) = self.planned.insert(id, row)
            && first != row
        {
            let problem = format!("request {id} already has a plan in this file (row {first})");
            self.add(row, Col::RequestId, problem);
        }
    }

    /// The request a row links to, when it exists and belongs to the row's child.
    pub(super) fn request_of(&mut self, row: u64, link: Link, child_id: i64) -> Option<RequestRow> {
        let target = match self.requests.get(&link.id) {
            Some(Ok(r)) => Target::Found(r.clone()),
            Some(Err(failed)) => Target::Failed(*failed),
            None => self
                .existing
                .requests
                .get(&link.id)
                .map_or(Target::Missing, |r| Target::Found(r.clone())),
        };
        self.linked(row, link, child_id, target)
    }

    /// The plan a row links to, when it exists and belongs to the row's child.
    pub(super) fn plan_of(&mut self, row: u64, id: i64, child_id: i64) -> Option<PlanRow> {
        let target = match self.plans.get(&id) {
            Some(Ok(p)) => Target::Found(p.clone()),
            Some(Err(failed)) => Target::Failed(*failed),
            None => self
                .existing
                .plans
                .get(&id)
                .map_or(Target::Missing, |p| Target::Found(p.clone())),
        };
        self.linked(row, Link::plan(id), child_id, target)
    }

    fn linked<T: OfChild>(
        &mut self,
        row: u64,
        link: Link,
        child_id: i64,
        target: Target<T>,
    ) -> Option<T> {
        let Link { col, what, id } = link;
        match target {
            Target::Found(t) if t.child() == child_id => Some(t),
            Target::Found(_) => {
                self.add(row, col, format!("{what} {id} belongs to another child"));
                None
            }
            Target::Failed(failed) => {
                let problem = format!("{what} {id} is not imported (row {failed} has problems)");
                self.follow(row, col, problem);
                None
            }
            Target::Missing => {
                let problem = format!("there is no {what} {id} in this file or in the council");
                self.add(row, col, problem);
                None
            }
        }
    }

    /// The requests to write, by id.
    pub(super) fn valid_requests(&mut self) -> Vec<RequestRow> {
        let mut out: Vec<RequestRow> = self.requests.drain().filter_map(|(_, r)| r.ok()).collect();
        out.sort_by_key(|r| r.request_id);
        out
    }

    /// The plans to write, by id.
    pub(super) fn valid_plans(&mut self) -> Vec<PlanRow> {
        let mut out: Vec<PlanRow> = self.plans.drain().filter_map(|(_, p)| p.ok()).collect();
        out.sort_by_key(|p| p.plan_id);
        out
    }
}
