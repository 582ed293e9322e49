//! Re-assessing the needs of a child or young person with a plan in force.
//!
//! The parent, the young person or the school may ask for a re-assessment (SEND Regulations
//! 2014 reg. 24), and the council may start one itself (Children and Families Act 2014 s.44).
//! The council tells them whether it will re-assess within 15 days of a request (reg. 25(1)),
//! giving its reasons when it will not, and issues the plan, amended or replaced, within 14 weeks
//! of deciding to re-assess (reg. 27(2)). A re-assessment runs on the plan's own clock, not as a
//! new request: its advice and plan follow the same rules as a first assessment (reg. 26), but
//! the 20-week limit and the DfE's request figures do not count it.

use chrono::NaiveDate;
use store::{ReassessmentRow, Tx};

use super::file::ASSESS;
use super::plans::PlanText;
use super::plans::{ChangedPlan, issue_changed_plan};
use super::requests::REQUEST_SOURCES;
use super::reviews::plan_in_force;
use super::{begin_case_write, finish_case_write, happened_on};
use crate::Store;
use crate::actor::Actor;
use crate::error::{AppError, Result};

/// The stored decision not to re-assess.
const REFUSE: &str = "refuse";

/// A request for re-assessment as typed.
#[derive(Debug, Clone, Default)]
pub struct NewReassessmentRequest {
    /// YYYY-MM-DD: the day the council received it.
    pub received_on: String,
    /// Who asked: one of [`REQUEST_SOURCES`].
    pub requested_by: String,
}

/// Records a request to re-assess a plan in force (reg. 24). The 15 days to decide count from
/// `received_on`.
pub async fn record_reassessment_request(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    new: NewReassessmentRequest,
    today: NaiveDate,
) -> Result<i64> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let plan = plan_in_force(&file)?;
    if file.open_reassessment(plan.plan_id).is_some() {
        return Err(AppError::Conflict(
            "a re-assessment of this plan is already under way".into(),
        ));
    }
    let mut problems = Vec::new();
    let received = happened_on(
        "received_on",
        &new.received_on,
        today,
        plan.start_on,
        "the day the plan was made",
    )
    .map_err(|e| problems.push(e))
    .ok();
    if !REQUEST_SOURCES
        .iter()
        .any(|(code, _)| *code == new.requested_by)
    {
        problems.push(domain::FieldError::new(
            "requested_by",
            "select who asked for the re-assessment",
        ));
    }
    let Some(received) = received.filter(|_| problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let id = insert(
        &mut tx,
        ReassessmentRow {
            la_id: actor.la_id(),
            reassessment_id: 0,
            plan_id: plan.plan_id,
            child_id,
            requested_on: Some(received),
            requested_by: Some(new.requested_by.clone()),
            decision: None,
            decided_on: None,
            reasons: None,
            plan_issued_on: None,
        },
    )
    .await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "reassessment.request",
        ("reassessment", id),
        Some(new.requested_by),
    )
    .await?;
    Ok(id)
}

/// The decision whether to re-assess, as typed.
#[derive(Debug, Clone, Default)]
pub struct ReassessmentDecision {
    /// `assess` or `refuse`.
    pub decision: String,
    /// YYYY-MM-DD: the day the decision was notified.
    pub decided_on: String,
    /// Why, as the family was told; required to refuse.
    pub reasons: String,
}

/// Records the decision on the request for re-assessment, or the council's own decision to
/// re-assess when nobody asked (s.44). A refusal needs a request to refuse, and reasons.
pub async fn decide_reassessment(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    input: ReassessmentDecision,
    today: NaiveDate,
) -> Result<i64> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let plan = plan_in_force(&file)?;
    let open = file.open_reassessment(plan.plan_id).cloned();
    if open.as_ref().is_some_and(|r| r.decision.is_some()) {
        return Err(AppError::Conflict(
            "the re-assessment is decided: record the plan issued after it".into(),
        ));
    }
    let refuse = match input.decision.as_str() {
        ASSESS => false,
        REFUSE if open.is_some() => true,
        REFUSE => {
            return Err(AppError::Conflict(
                "there is no request for re-assessment to refuse".into(),
            ));
        }
        _ => {
            return Err(domain::FieldError::new(
                "decision",
                "select whether the council will re-assess",
            )
            .into());
        }
    };
    let since = open
        .as_ref()
        .and_then(|r| r.requested_on)
        .map_or((plan.start_on, "the day the plan was made"), |on| {
            (on, "the request")
        });
    let mut problems = Vec::new();
    let decided = happened_on("decided_on", &input.decided_on, today, since.0, since.1)
        .map_err(|e| problems.push(e))
        .ok();
    let reasons = input.reasons.trim().to_string();
    if refuse && reasons.is_empty() {
        problems.push(domain::FieldError::new(
            "reasons",
            "give the reasons for not re-assessing, as the family was told them",
        ));
    }
    let Some(decided) = decided.filter(|_| problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let decision = if refuse { REFUSE } else { ASSESS };
    let mut row = open.unwrap_or(ReassessmentRow {
        la_id: actor.la_id(),
        reassessment_id: 0,
        plan_id: plan.plan_id,
        child_id,
        requested_on: None,
        requested_by: None,
        decision: None,
        decided_on: None,
        reasons: None,
        plan_issued_on: None,
    });
    row.decision = Some(decision.into());
    row.decided_on = Some(decided);
    row.reasons = (!reasons.is_empty()).then_some(reasons);
    let id = if row.reassessment_id == 0 {
        insert(&mut tx, row).await?
    } else {
        tx.update_record(&row).await?;
        row.reassessment_id
    };
    finish_case_write(
        tx,
        actor,
        child_id,
        "reassessment.decide",
        ("reassessment", id),
        Some(decision.into()),
    )
    .await?;
    Ok(id)
}

/// Issues the plan after a re-assessment (reg. 27): a new version of the plan with the sections
/// that changed, and the named setting where it changes.
pub async fn issue_reassessed_plan(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    text: PlanText,
    named_setting_id: Option<i64>,
    today: NaiveDate,
) -> Result<i64> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let plan = plan_in_force(&file)?;
    let Some(mut row) = file
        .open_reassessment(plan.plan_id)
        .filter(|r| r.decision.as_deref() == Some(ASSESS))
        .cloned()
    else {
        return Err(AppError::Conflict(
            "there is no decision to re-assess waiting for its plan".into(),
        ));
    };
    let decided = row.decided_on.unwrap_or(plan.start_on);
    let on = happened_on(
        "issued_on",
        &text.issued_on,
        today,
        decided,
        "the decision to re-assess",
    )?;
    row.plan_issued_on = Some(on);
    tx.update_record(&row).await?;
    let changed = ChangedPlan {
        plan: &plan,
        text: &text,
        named_setting_id,
        issued_on: on,
        summary: "Plan after re-assessment",
        action: "plan.reassessed",
    };
    issue_changed_plan(tx, actor, child_id, changed).await
}

/// Saves a new re-assessment with the next id.
async fn insert(tx: &mut Tx, mut row: ReassessmentRow) -> Result<i64> {
    row.reassessment_id = tx.allocate_ids(row.la_id, "reassessments", 1).await?;
    tx.insert_records(std::slice::from_ref(&row)).await?;
    Ok(row.reassessment_id)
}
