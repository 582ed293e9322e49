//! EHC casework on the statutory clock: requests, decisions, advice, draft and final plans,
//! reviews, phase transfers, ceasing, transfers, mediation and tribunal, panels and work trays.
//!
//! Every write goes through [`begin_case_write`] and [`finish_case_write`], which check the
//! policy, audit the change and recompute the case's stage and next deadline in the same
//! transaction: the work tray is always true to the case's events.

mod ceasing;
pub mod exchange;
mod file;
pub mod pages_support;
pub mod panels;
pub mod plans;
pub mod reassessments;
pub mod requests;
pub mod reviews;
pub mod steps;
pub mod tray;
mod view;

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use store::{
    AdviceRow, CaseRow, ExceptionRow, PhaseTransferRow, PlanRow, ReassessmentRow, RequestRow,
    ReviewRow, Store, Tx,
};

pub use file::{CaseClock, CaseFile, next_owed, transfer_kind_code};
pub use view::{CaseView, view_case};

use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// Reads one child's case file.
pub(crate) async fn load_case_file(tx: &mut Tx, la_id: i64, child_id: i64) -> Result<CaseFile> {
    let child = tx
        .child(la_id, child_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("child {child_id}")))?;
    Ok(CaseFile {
        birth_date: Some(child.birth_date),
        requests: tx.records_of_child(la_id, child_id).await?,
        plans: tx.records_of_child(la_id, child_id).await?,
        advice: tx.records_of_child(la_id, child_id).await?,
        exceptions: tx.records_of_child(la_id, child_id).await?,
        reviews: tx.records_of_child(la_id, child_id).await?,
        transfers: tx.records_of_child(la_id, child_id).await?,
        reassessments: tx.records_of_child(la_id, child_id).await?,
        under_five_review_months: tx.under_five_review_months(la_id).await?,
    })
}

/// Recomputes one case's stage and next deadline after a change, keeping its caseworker, or
/// giving an unassigned case to `default_caseworker` (the caseworker who worked on it).
pub(crate) async fn refresh_case(
    tx: &mut Tx,
    la_id: i64,
    child_id: i64,
    default_caseworker: Option<i64>,
) -> Result<CaseRow> {
    let file = load_case_file(tx, la_id, child_id).await?;
    let existing: Option<CaseRow> = tx.record(la_id, child_id).await?;
    let row = case_row(
        la_id,
        child_id,
        &file,
        existing
            .as_ref()
            .and_then(|c| c.caseworker_id)
            .or(default_caseworker),
    );
    if existing.is_some() {
        tx.update_record(&row).await?;
    } else {
        tx.insert_records(std::slice::from_ref(&row)).await?;
    }
    Ok(row)
}

/// The case row for a case file: stage and next owed deadline, which do not depend on the day.
fn case_row(la_id: i64, child_id: i64, file: &CaseFile, caseworker_id: Option<i64>) -> CaseRow {
    // Any day gives the same stage and next owed deadline; the earliest possible is used.
    let clock = file.clock(NaiveDate::MIN);
    CaseRow {
        la_id,
        child_id,
        caseworker_id,
        stage: clock
            .as_ref()
            .map_or(domain::clock::Stage::Closed, |c| c.stage)
            .code()
            .into(),
        next_due_on: clock.as_ref().and_then(|c| c.next).map(|d| d.due),
        next_due_kind: clock.and_then(|c| c.next).map(|d| d.kind.code()),
        updated_at: Utc::now(),
    }
}

/// Recomputes every case of a council, after a bulk load or import: one row per child with a
/// request or a plan, keeping caseworkers already assigned. Returns how many cases there are.
pub async fn refresh_all_cases(tx: &mut Tx, la_id: i64) -> Result<u64> {
    let mut files: HashMap<i64, CaseFile> = HashMap::new();
    let under_five = tx.under_five_review_months(la_id).await?;
    for r in tx.records_of_council::<RequestRow>(la_id).await? {
        files.entry(r.child_id).or_default().requests.push(r);
    }
    for p in tx.records_of_council::<PlanRow>(la_id).await? {
        files.entry(p.child_id).or_default().plans.push(p);
    }
    for a in tx.records_of_council::<AdviceRow>(la_id).await? {
        if let Some(f) = files.get_mut(&a.child_id) {
            f.advice.push(a);
        }
    }
    for e in tx.records_of_council::<ExceptionRow>(la_id).await? {
        if let Some(f) = files.get_mut(&e.child_id) {
            f.exceptions.push(e);
        }
    }
    for r in tx.records_of_council::<ReviewRow>(la_id).await? {
        if let Some(f) = files.get_mut(&r.child_id) {
            f.reviews.push(r);
        }
    }
    for t in tx.records_of_council::<PhaseTransferRow>(la_id).await? {
        if let Some(f) = files.get_mut(&t.child_id) {
            f.transfers.push(t);
        }
    }
    for r in tx.records_of_council::<ReassessmentRow>(la_id).await? {
        if let Some(f) = files.get_mut(&r.child_id) {
            f.reassessments.push(r);
        }
    }
    for (child_id, birth_date) in tx.child_birth_dates(la_id).await? {
        if let Some(f) = files.get_mut(&child_id) {
            f.birth_date = Some(birth_date);
            f.under_five_review_months = under_five;
        }
    }
    let caseworkers: HashMap<i64, Option<i64>> = tx
        .records_of_council::<CaseRow>(la_id)
        .await?
        .into_iter()
        .map(|c| (c.child_id, c.caseworker_id))
        .collect();
    let mut rows: Vec<CaseRow> = files
        .iter()
        .map(|(child_id, file)| {
            let caseworker = caseworkers.get(child_id).copied().flatten();
            case_row(la_id, *child_id, file, caseworker)
        })
        .collect();
    rows.sort_by_key(|r| r.child_id);
    tx.delete_cases(la_id).await?;
    tx.bump_casework_generation(la_id).await?;
    Ok(tx.insert_records(&rows).await?)
}

/// What a write to a case starts with: the policy check, then the case file as it stands.
pub(crate) async fn begin_case_write(
    store: &Store,
    actor: &Actor,
    child_id: i64,
) -> Result<(Tx, CaseFile)> {
    policy::authorise(actor, Action::WorkOnCase)?;
    let mut tx = store.begin().await?;
    let file = load_case_file(&mut tx, actor.la_id(), child_id).await?;
    Ok((tx, file))
}

/// What every write to a case ends with: the audit event, the case's new stage and next
/// deadline, and the commit.
pub(crate) async fn finish_case_write(
    mut tx: Tx,
    actor: &Actor,
    child_id: i64,
    action: &str,
    record: (&str, i64),
    detail: Option<String>,
) -> Result<CaseRow> {
    audit::record(
        &mut tx,
        actor,
        Audited {
            action,
            record_type: record.0,
            record_id: Some(record.1.to_string()),
            child_id: Some(child_id),
            detail,
        },
    )
    .await?;
    let caseworker = actor
        .staff_id()
        .filter(|_| actor.has_role(domain::Role::SendCaseworker));
    let row = refresh_case(&mut tx, actor.la_id(), child_id, caseworker).await?;
    tx.bump_casework_generation(actor.la_id()).await?;
    tx.commit().await?;
    Ok(row)
}

/// Reads a date typed as YYYY-MM-DD for the named field.
pub(crate) fn parse_date(field: &'static str, text: &str) -> Result<NaiveDate, domain::FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(domain::FieldError::new(field, "enter a date"));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| domain::FieldError::new(field, "enter a real date, for example 2026-03-27"))
}

/// A date typed for something that has happened: a real date, not after today, and not before
/// `earlier` (`what` names it, as the message says).
pub(crate) fn happened_on(
    field: &'static str,
    text: &str,
    today: NaiveDate,
    earlier: NaiveDate,
    what: &str,
) -> Result<NaiveDate, domain::FieldError> {
    parse_date(field, text)
        .and_then(|d| not_in_future(field, d, today))
        .and_then(|d| not_before(field, d, earlier, what))
}

/// Refuses a date after today: casework records what has happened.
pub(crate) fn not_in_future(
    field: &'static str,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, domain::FieldError> {
    if date > today {
        Err(domain::FieldError::new(
            field,
            "the date must be today or in the past",
        ))
    } else {
        Ok(date)
    }
}

/// Refuses a date before another the case already holds.
pub(crate) fn not_before(
    field: &'static str,
    date: NaiveDate,
    earlier: NaiveDate,
    what: &str,
) -> Result<NaiveDate, domain::FieldError> {
    if date < earlier {
        Err(domain::FieldError::new(
            field,
            format!("the date must be on or after {what} ({earlier})"),
        ))
    } else {
        Ok(date)
    }
}

/// The council's under-fives review prompt: how many months after a plan is made or reviewed to
/// prompt an earlier review for a child under five (SEND Code of Practice 9.178 suggests every 3
/// to 6 months). `None` turns the prompt off. Every case is recomputed, since the prompt changes
/// what under-fives owe.
pub async fn set_under_five_review_months(
    store: &Store,
    actor: &Actor,
    months: Option<u32>,
) -> Result<()> {
    policy::authorise(actor, Action::SetCaseworkOptions)?;
    if let Some(m) = months
        && !(1..=11).contains(&m)
    {
        return Err(domain::FieldError::new(
            "under_five_review_months",
            "enter a number of months from 1 to 11, or leave it empty for no earlier prompt",
        )
        .into());
    }
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    tx.set_under_five_review_months(la_id, months).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "casework.options",
            record_type: "casework_options",
            record_id: None,
            child_id: None,
            detail: Some(format!("under-fives review prompt: {months:?} months")),
        },
    )
    .await?;
    refresh_all_cases(&mut tx, la_id).await?;
    tx.commit().await?;
    Ok(())
}

/// The council's under-fives review prompt, in months.
pub async fn under_five_review_months(store: &Store, actor: &Actor) -> Result<Option<u32>> {
    policy::authorise(actor, Action::ReadWorkTray)?;
    let mut tx = store.begin_read().await?;
    let months = tx.under_five_review_months(actor.la_id()).await?;
    tx.commit().await?;
    Ok(months)
}
