//! A plan in force: annual reviews and amendments (regs 18 to 22) and phase transfers (reg
//! 18). Ceasing, transfers between councils, mediation and tribunal are in `super::ceasing`,
//! re-exported here so a plan's whole life is found in one place.

use chrono::NaiveDate;
use domain::FieldError;
use domain::clock::ReviewDecision;
use store::{PhaseTransferRow, PlanRow, ReviewRow};

use super::plans::{ChangedPlan, NewVersion, PlanText, add_version, issue_changed_plan};
use super::{
    CaseFile, begin_case_write, finish_case_write, happened_on, not_in_future, parse_date,
};
use crate::Store;
use crate::actor::Actor;
use crate::error::{AppError, Result};

pub use super::ceasing::{cease_plan, close_marker, give_cease_notice, open_marker, transfer_in};

/// The plan in force: the newest plan, not ceased.
pub(super) fn plan_in_force(file: &CaseFile) -> Result<PlanRow> {
    match file.current_plan() {
        Some(p) if p.cease_on.is_none() => Ok(p.clone()),
        _ => Err(AppError::Conflict("this child has no plan in force".into())),
    }
}

/// Records a review meeting (Children and Families Act 2014 s.44; reg 20).
pub async fn record_review_meeting(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    meeting_on: &str,
    today: NaiveDate,
) -> Result<i64> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let plan = plan_in_force(&file)?;
    if file
        .reviews
        .iter()
        .any(|r| r.plan_id == plan.plan_id && r.decision.is_none())
    {
        return Err(AppError::Conflict(
            "record the decision after the last review meeting first".into(),
        ));
    }
    let on = happened_on(
        "meeting_on",
        meeting_on,
        today,
        plan.start_on,
        "the plan was made",
    )?;
    let la_id = actor.la_id();
    let review_id = tx.allocate_ids(la_id, "reviews", 1).await?;
    tx.insert_records(&[ReviewRow {
        la_id,
        review_id,
        plan_id: plan.plan_id,
        child_id,
        meeting_on: on,
        decision: None,
        decision_on: None,
        amendments_proposed_on: None,
        amended_plan_issued_on: None,
    }])
    .await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "review.meeting",
        ("review", review_id),
        Some(format!("meeting held {on}")),
    )
    .await?;
    Ok(review_id)
}

/// The decision after a review as typed.
#[derive(Debug, Clone, Default)]
pub struct ReviewOutcome {
    /// maintain, amend or cease.
    pub decision: String,
    /// YYYY-MM-DD: the day the decision was notified (reg 20(10): within 4 weeks).
    pub decided_on: String,
    /// For `amend`: the proposed amendments, sent with the decision (reg 22).
    pub amendments: PlanText,
}

/// Records the decision after the latest review meeting. To amend, the proposed amendments are
/// sent with it and kept as a version of the plan.
pub async fn decide_review(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    outcome: ReviewOutcome,
    today: NaiveDate,
) -> Result<()> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let plan = plan_in_force(&file)?;
    let Some(mut review) = file
        .reviews
        .iter()
        .filter(|r| r.plan_id == plan.plan_id && r.decision.is_none())
        .max_by_key(|r| r.meeting_on)
        .cloned()
    else {
        return Err(AppError::Conflict(
            "there is no review meeting waiting for a decision".into(),
        ));
    };
    let mut problems = Vec::new();
    let decision = outcome
        .decision
        .parse::<ReviewDecision>()
        .map_err(|_| problems.push(FieldError::new("decision", "select the decision")))
        .ok();
    let decided = happened_on(
        "decided_on",
        &outcome.decided_on,
        today,
        review.meeting_on,
        "the review meeting",
    )
    .map_err(|e| problems.push(e))
    .ok();
    if decision == Some(ReviewDecision::Amend) && outcome.amendments.sections.is_empty() {
        problems.push(FieldError::new(
            "sections",
            "enter the proposed amendments to at least one section",
        ));
    }
    let (Some(decision), Some(on), true) = (decision, decided, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    review.decision = Some(decision.code().into());
    review.decision_on = Some(on);
    if decision == ReviewDecision::Amend {
        review.amendments_proposed_on = Some(on);
        add_version(
            &mut tx,
            actor,
            child_id,
            NewVersion {
                request_id: plan.request_id,
                plan_id: Some(plan.plan_id),
                status: "proposed_amendment",
                issued_on: on,
                named_setting_id: None,
                sections: &outcome.amendments.sections,
                summary: summary_or(&outcome.amendments.summary, "Proposed amendments"),
            },
        )
        .await?;
    }
    tx.update_record(&review).await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "review.decide",
        ("review", review.review_id),
        Some(format!("{} notified {on}", decision.code())),
    )
    .await?;
    Ok(())
}

/// Issues the amended plan after a review (reg 22: within 8 weeks of the proposals, and not
/// before the 15 days to comment on them have passed).
pub async fn issue_amended_plan(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    text: PlanText,
    named_setting_id: Option<i64>,
    today: NaiveDate,
) -> Result<i64> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let plan = plan_in_force(&file)?;
    let Some(mut review) = file
        .reviews
        .iter()
        .filter(|r| {
            r.plan_id == plan.plan_id
                && r.amendments_proposed_on.is_some()
                && r.amended_plan_issued_on.is_none()
        })
        .max_by_key(|r| r.meeting_on)
        .cloned()
    else {
        return Err(AppError::Conflict(
            "there are no proposed amendments waiting to be issued".into(),
        ));
    };
    let proposed = review.amendments_proposed_on.unwrap_or(review.meeting_on);
    let on = happened_on(
        "issued_on",
        &text.issued_on,
        today,
        proposed,
        "the proposed amendments",
    )?;
    review.amended_plan_issued_on = Some(on);
    tx.update_record(&review).await?;
    let changed = ChangedPlan {
        plan: &plan,
        text: &text,
        named_setting_id,
        issued_on: on,
        summary: "Amended plan after review",
        action: "plan.amend",
    };
    issue_changed_plan(tx, actor, child_id, changed).await
}

/// A coming phase transfer as typed.
#[derive(Debug, Clone, Default)]
pub struct NewPhaseTransfer {
    /// into_school_phase, secondary_to_post16 or between_post16.
    pub kind: String,
    /// The calendar year of a September move.
    pub year: String,
    /// YYYY-MM-DD: the day of a move between post-16 institutions.
    pub transfer_on: String,
}

/// Records a coming move between phases: the plan must be reviewed and amended by 15 February
/// (into a school phase) or 31 March (secondary to post-16) of the year of transfer, or 5 months
/// before a move between post-16 institutions (reg 18).
pub async fn record_phase_transfer(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    new: NewPhaseTransfer,
) -> Result<i64> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let plan = plan_in_force(&file)?;
    let mut problems = Vec::new();
    let (year, transfer_on) = match new.kind.as_str() {
        "into_school_phase" | "secondary_to_post16" => match new.year.trim().parse::<i64>() {
            Ok(y) if (2000..=2100).contains(&y) => (Some(y), None),
            _ => {
                problems.push(FieldError::new(
                    "year",
                    "enter the year of the move, like 2027",
                ));
                (None, None)
            }
        },
        "between_post16" => match parse_date("transfer_on", &new.transfer_on) {
            Ok(d) => (None, Some(d)),
            Err(e) => {
                problems.push(e);
                (None, None)
            }
        },
        _ => {
            problems.push(FieldError::new("kind", "select the kind of move"));
            (None, None)
        }
    };
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let la_id = actor.la_id();
    let transfer_id = tx.allocate_ids(la_id, "phase_transfers", 1).await?;
    tx.insert_records(&[PhaseTransferRow {
        la_id,
        transfer_id,
        plan_id: plan.plan_id,
        child_id,
        kind: new.kind.clone(),
        transfer_year: year,
        transfer_on,
        amended_on: None,
        next_setting_id: None,
    }])
    .await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "phase_transfer.record",
        ("phase_transfer", transfer_id),
        Some(new.kind),
    )
    .await?;
    Ok(transfer_id)
}

/// Records that the plan was amended for the coming phase, naming the next setting.
pub async fn complete_phase_transfer(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    amended_on: &str,
    next_setting_id: Option<i64>,
    today: NaiveDate,
) -> Result<()> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let plan = plan_in_force(&file)?;
    let Some(mut transfer) = file
        .transfers
        .iter()
        .filter(|t| t.plan_id == plan.plan_id && t.amended_on.is_none())
        .max_by_key(|t| t.transfer_id)
        .cloned()
    else {
        return Err(AppError::Conflict(
            "there is no phase transfer to complete".into(),
        ));
    };
    let on =
        parse_date("amended_on", amended_on).and_then(|d| not_in_future("amended_on", d, today))?;
    transfer.amended_on = Some(on);
    transfer.next_setting_id = next_setting_id;
    tx.update_record(&transfer).await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "phase_transfer.amend",
        ("phase_transfer", transfer.transfer_id),
        Some(format!("plan amended {on}")),
    )
    .await?;
    Ok(())
}

pub(super) fn summary_or(text: &str, default: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        default.into()
    } else {
        text.into()
    }
}
