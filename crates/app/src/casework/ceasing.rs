//! The end of a plan and its disputes: notice and ceasing (regs 29 to 31, with the SEN2
//! reasons), plans transferred in from another council (reg 15), and mediation and tribunal
//! markers.

use chrono::NaiveDate;
use domain::{CeaseReason, FieldError, LaCode};
use store::{MarkerRow, PlanRow};

use super::reviews::plan_in_force;
use super::{begin_case_write, finish_case_write, happened_on, not_in_future, parse_date};
use crate::Store;
use crate::actor::Actor;
use crate::error::{AppError, Result};

/// Gives notice that the plan will cease (reg 31(1): the parent or young person is told, with
/// their right of appeal, before it ceases).
pub async fn give_cease_notice(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    notified_on: &str,
    today: NaiveDate,
) -> Result<()> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let mut plan = plan_in_force(&file)?;
    let on = happened_on(
        "notified_on",
        notified_on,
        today,
        plan.start_on,
        "the plan was made",
    )?;
    plan.cease_notice_on = Some(on);
    tx.update_record(&plan).await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "plan.cease_notice",
        ("plan", plan.plan_id),
        None,
    )
    .await?;
    Ok(())
}

/// Ceases the plan with its SEN2 reason. Transferring to another council (reason 5) needs
/// the council's code, recorded with the plan (reg 15).
pub async fn cease_plan(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    ceased_on: &str,
    reason: &str,
    transferred_to: &str,
    today: NaiveDate,
) -> Result<()> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let mut plan = plan_in_force(&file)?;
    let mut problems = Vec::new();
    let on = happened_on(
        "ceased_on",
        ceased_on,
        today,
        plan.start_on,
        "the plan was made",
    )
    .map_err(|e| problems.push(e))
    .ok();
    let reason = reason
        .parse::<CeaseReason>()
        .map_err(|_| {
            problems.push(FieldError::new(
                "cease_reason",
                "select why the plan ceased",
            ))
        })
        .ok();
    let to = if reason == Some(CeaseReason::TransferredToAnotherLa) {
        match transferred_to
            .trim()
            .parse::<u16>()
            .ok()
            .and_then(|c| LaCode::new(c).ok())
        {
            Some(code) => Some(code.to_string()),
            None => {
                problems.push(FieldError::new(
                    "transferred_to",
                    "enter the three-digit code of the council the child moved to",
                ));
                None
            }
        }
    } else {
        None
    };
    let (Some(on), Some(reason), true) = (on, reason, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    plan.cease_on = Some(on);
    plan.cease_reason = Some(reason.code().into());
    plan.transferred_out_to = to;
    tx.update_record(&plan).await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "plan.cease",
        ("plan", plan.plan_id),
        Some(format!("ceased {on}, reason {}", reason.code())),
    )
    .await?;
    Ok(())
}

/// Records a plan transferred in from another council when the child moved here (reg 15): it
/// is treated as made by this council on the day of transfer, and reviewed from then.
pub async fn transfer_in(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    from_la: &str,
    transferred_on: &str,
    today: NaiveDate,
) -> Result<i64> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    if file.current_plan().is_some_and(|p| p.cease_on.is_none()) {
        return Err(AppError::Conflict(
            "this child already has a plan in force".into(),
        ));
    }
    let mut problems = Vec::new();
    let from = from_la
        .trim()
        .parse::<u16>()
        .ok()
        .and_then(|c| LaCode::new(c).ok())
        .filter(|c| *c != actor.la);
    if from.is_none() {
        problems.push(FieldError::new(
            "from_la",
            "enter the three-digit code of the council the plan came from",
        ));
    }
    let on = parse_date("transferred_on", transferred_on)
        .and_then(|d| not_in_future("transferred_on", d, today))
        .map_err(|e| problems.push(e))
        .ok();
    let (Some(from), Some(on), true) = (from, on, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let la_id = actor.la_id();
    let plan_id = tx.allocate_ids(la_id, "plans", 1).await?;
    tx.insert_records(&[PlanRow {
        la_id,
        plan_id,
        child_id,
        request_id: None,
        start_on: on,
        cease_on: None,
        cease_reason: None,
        cease_notice_on: None,
        transferred_in_from: Some(from.to_string()),
        transferred_out_to: None,
    }])
    .await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "plan.transfer_in",
        ("plan", plan_id),
        Some(format!("from {from} on {on}")),
    )
    .await?;
    Ok(plan_id)
}

/// Opens a mediation or tribunal marker on the case.
pub async fn open_marker(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    kind: &str,
    opened_on: &str,
    today: NaiveDate,
) -> Result<i64> {
    let (mut tx, _file) = begin_case_write(store, actor, child_id).await?;
    let mut problems = Vec::new();
    if !matches!(kind, "mediation" | "tribunal") {
        problems.push(FieldError::new("kind", "select mediation or tribunal"));
    }
    let on = parse_date("opened_on", opened_on)
        .and_then(|d| not_in_future("opened_on", d, today))
        .map_err(|e| problems.push(e))
        .ok();
    let (Some(on), true) = (on, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let la_id = actor.la_id();
    let marker_id = tx.allocate_ids(la_id, "markers", 1).await?;
    tx.insert_records(&[MarkerRow {
        la_id,
        marker_id,
        child_id,
        kind: kind.into(),
        opened_on: on,
        closed_on: None,
        outcome: None,
    }])
    .await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "marker.open",
        ("marker", marker_id),
        Some(kind.into()),
    )
    .await?;
    Ok(marker_id)
}

/// Closes a mediation or tribunal marker with its outcome.
pub async fn close_marker(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    marker_id: i64,
    closed_on: &str,
    outcome: &str,
    today: NaiveDate,
) -> Result<()> {
    let (mut tx, _file) = begin_case_write(store, actor, child_id).await?;
    let markers: Vec<MarkerRow> = tx.records_of_child(actor.la_id(), child_id).await?;
    let Some(mut marker) = markers.into_iter().find(|m| m.marker_id == marker_id) else {
        return Err(AppError::NotFound(format!("marker {marker_id}")));
    };
    let on = happened_on(
        "closed_on",
        closed_on,
        today,
        marker.opened_on,
        "it was opened",
    )?;
    marker.closed_on = Some(on);
    marker.outcome = Some(outcome.trim().to_string()).filter(|o| !o.is_empty());
    tx.update_record(&marker).await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "marker.close",
        ("marker", marker_id),
        None,
    )
    .await?;
    Ok(())
}
