//! From a request to the decision whether to assess, advice and exceptions (SEND Regulations
//! 2014 regs 3 to 10).

use chrono::NaiveDate;
use domain::clock::{AdviceService, ExceptionReason, Stage};
use domain::{AssessmentOutcome, FieldError, RequestOutcome};
use store::{AdviceRow, ExceptionRow, RequestRow};

use super::{begin_case_write, finish_case_write, happened_on, not_in_future, parse_date};
use crate::Store;
use crate::actor::Actor;
use crate::error::{AppError, Result};

/// Who may ask for an EHC needs assessment (Children and Families Act 2014 s.36(1); SEN2
/// module 2 request source), as stored.
pub const REQUEST_SOURCES: [(&str, &str); 5] = [
    ("parent", "Parent or carer"),
    ("young_person", "Young person"),
    ("school", "School, college or early years setting"),
    ("professional", "Health, social care or other professional"),
    ("other", "Other"),
];

/// A request as typed.
#[derive(Debug, Clone, Default)]
pub struct NewRequest {
    /// YYYY-MM-DD: the day the council received it.
    pub received_on: String,
    /// One of [`REQUEST_SOURCES`].
    pub source: String,
}

/// Records a request for an EHC needs assessment. The 6-week and 20-week limits count from
/// `received_on` (regs 4(1) and 13(2)).
pub async fn record_request(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    new: NewRequest,
    today: NaiveDate,
) -> Result<i64> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let mut problems = Vec::new();
    let received = parse_date("received_on", &new.received_on)
        .and_then(|d| not_in_future("received_on", d, today));
    if !REQUEST_SOURCES.iter().any(|(code, _)| *code == new.source) {
        problems.push(FieldError::new("source", "select who made the request"));
    }
    let received = match received {
        Ok(d) => Some(d),
        Err(e) => {
            problems.push(e);
            None
        }
    };
    if let Some(clock) = file.clock(today)
        && matches!(
            clock.stage,
            Stage::AwaitingDecision | Stage::Assessing | Stage::DraftPlan
        )
    {
        return Err(AppError::Conflict(
            "this child already has a request under way; finish or withdraw it first".into(),
        ));
    }
    if let (Some(on), Some(last)) = (received, file.current_request())
        && on < last.received_on
    {
        problems.push(FieldError::new(
            "received_on",
            format!(
                "the date must be on or after the last request ({})",
                last.received_on
            ),
        ));
    }
    let (Some(received_on), true) = (received, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let la_id = actor.la_id();
    let request_id = tx.allocate_ids(la_id, "requests", 1).await?;
    tx.insert_records(&[RequestRow {
        la_id,
        request_id,
        child_id,
        received_on,
        source: new.source.clone(),
        outcome: RequestOutcome::Awaiting.code().into(),
        outcome_on: None,
        assessment_outcome: None,
        assessment_outcome_on: None,
        week20_exception: false,
        decision_reasons: None,
        draft_issued_on: None,
        comments_received_on: None,
    }])
    .await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "request.record",
        ("request", request_id),
        Some(format!("received {received_on} from {}", new.source)),
    )
    .await?;
    Ok(request_id)
}

/// The decision on a request as typed.
#[derive(Debug, Clone, Default)]
pub struct RequestDecision {
    /// YYYY-MM-DD: the day the decision was notified.
    pub decided_on: String,
    /// assess, refuse or withdrawn.
    pub outcome: String,
    /// Why, as told to the family. Required to refuse (reg 5(3): the notice gives reasons).
    pub reasons: String,
}

/// Records the decision whether to assess, or that the request was withdrawn.
pub async fn decide_request(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    decision: RequestDecision,
    today: NaiveDate,
) -> Result<()> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let Some(mut request) = file.current_request().cloned() else {
        return Err(AppError::NotFound("request for this child".into()));
    };
    if request.outcome != RequestOutcome::Awaiting.code() {
        return Err(AppError::Conflict(
            "the decision on this request has already been recorded".into(),
        ));
    }
    let mut problems = Vec::new();
    let outcome = match decision.outcome.as_str() {
        "assess" => Some(RequestOutcome::Yes),
        "refuse" => Some(RequestOutcome::No),
        "withdrawn" => Some(RequestOutcome::Withdrawn),
        _ => {
            problems.push(FieldError::new(
                "outcome",
                "select whether the council will assess",
            ));
            None
        }
    };
    let decided = happened_on(
        "decided_on",
        &decision.decided_on,
        today,
        request.received_on,
        "the request",
    );
    let reasons = decision.reasons.trim().to_string();
    if outcome == Some(RequestOutcome::No) && reasons.is_empty() {
        problems.push(FieldError::new(
            "reasons",
            "enter the reasons for refusing to assess",
        ));
    }
    let decided = decided.map_err(|e| problems.push(e)).ok();
    let (Some(outcome), Some(decided_on), true) = (outcome, decided, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    request.outcome = outcome.code().into();
    request.outcome_on = Some(decided_on);
    request.decision_reasons = (!reasons.is_empty()).then_some(reasons);
    tx.update_record(&request).await?;
    // The family hears of the decision (reg. 4(1) and 5(3)) in the same transaction.
    let notice = crate::notify::assessment_decided(child_id, outcome);
    crate::notify::notify_family(
        &mut tx,
        actor.la_id(),
        child_id,
        &notice,
        chrono::Utc::now(),
    )
    .await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "request.decide",
        ("request", request.request_id),
        Some(format!("{} on {decided_on}", decision.outcome)),
    )
    .await?;
    Ok(())
}

/// A request for advice as typed.
#[derive(Debug, Clone, Default)]
pub struct NewAdvice {
    /// One of the [`AdviceService`] codes.
    pub service: String,
    /// The team or person asked.
    pub adviser: String,
    /// The professional asked, when they have an account (they may then see the child).
    pub adviser_staff_id: Option<i64>,
    /// YYYY-MM-DD.
    pub requested_on: String,
}

/// The professionals with an account, by id and name, to ask for advice through the portal.
pub async fn advisers(store: &Store, actor: &Actor) -> Result<Vec<(i64, String)>> {
    crate::policy::authorise(actor, crate::policy::Action::WorkOnCase)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let mut out = Vec::new();
    for id in tx
        .staff_with_role(la_id, domain::Role::Professional.code())
        .await?
    {
        if let Some(staff) = tx.staff_member(la_id, id).await? {
            out.push((id, staff.name));
        }
    }
    tx.commit().await?;
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// Asks a service for advice during an assessment; it is due within 6 weeks (reg 8).
pub async fn request_advice(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    new: NewAdvice,
    today: NaiveDate,
) -> Result<i64> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let request = assessing_request(&file)?;
    let mut problems = Vec::new();
    let service = new
        .service
        .parse::<AdviceService>()
        .map_err(|_| problems.push(FieldError::new("service", "select who is asked for advice")))
        .ok();
    let requested = happened_on(
        "requested_on",
        &new.requested_on,
        today,
        request.received_on,
        "the request",
    )
    .map_err(|e| problems.push(e))
    .ok();
    let (Some(service), Some(requested_on), true) = (service, requested, problems.is_empty())
    else {
        return Err(AppError::Invalid(problems));
    };
    let la_id = actor.la_id();
    let advice_id = tx.allocate_ids(la_id, "advice", 1).await?;
    let adviser = new.adviser.trim();
    tx.insert_records(&[AdviceRow {
        la_id,
        advice_id,
        request_id: request.request_id,
        child_id,
        service: service.code().into(),
        adviser: (!adviser.is_empty()).then(|| adviser.to_string()),
        adviser_staff_id: new.adviser_staff_id,
        requested_on,
        received_on: None,
    }])
    .await?;
    // A professional with an account is told in the same transaction, so the request and its
    // message are saved together; the email goes later from the outbox.
    if let Some(adviser) = new.adviser_staff_id {
        let due_on = domain::clock::advice_due_on(requested_on);
        let notice =
            crate::notify::advice_requested(la_id, advice_id, child_id, service.code(), due_on);
        let recipient = crate::notify::Recipient::Staff(adviser);
        crate::notify::notify(&mut tx, la_id, recipient, &notice, chrono::Utc::now())
            .await
            .map_err(|e| match e {
                AppError::NotFound(_) => AppError::from(FieldError::new(
                    "adviser_staff_id",
                    "select a professional with an account in this council",
                )),
                other => other,
            })?;
    }
    finish_case_write(
        tx,
        actor,
        child_id,
        "advice.request",
        ("advice", advice_id),
        Some(format!("{} on {requested_on}", service.code())),
    )
    .await?;
    Ok(advice_id)
}

/// Records that requested advice arrived.
pub async fn record_advice_received(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    advice_id: i64,
    received_on: &str,
    today: NaiveDate,
) -> Result<()> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let Some(mut advice) = file
        .advice
        .iter()
        .find(|a| a.advice_id == advice_id)
        .cloned()
    else {
        return Err(AppError::NotFound(format!("advice request {advice_id}")));
    };
    let received = happened_on(
        "received_on",
        received_on,
        today,
        advice.requested_on,
        "the request for it",
    )?;
    advice.received_on = Some(received);
    tx.update_record(&advice).await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "advice.receive",
        ("advice", advice_id),
        Some(format!("received {received}")),
    )
    .await?;
    Ok(())
}

/// An exception of reg 10(4) as typed.
#[derive(Debug, Clone, Default)]
pub struct NewException {
    /// One of the [`ExceptionReason`] codes.
    pub reason: String,
    pub from_on: String,
    pub to_on: String,
    pub note: String,
}

/// Records a period when the assessment limits did not apply (reg 10(4)); it lifts the 6-, 16-
/// and 20-week limits it overlaps and sets the SEN2 `Week20` flag when it touches the 20 weeks.
pub async fn record_exception(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    new: NewException,
    today: NaiveDate,
) -> Result<i64> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let Some(mut request) = file.current_request().cloned() else {
        return Err(AppError::NotFound("request for this child".into()));
    };
    // Exceptions lift the assessment limits only (regs 5(4), 10(4), 13(3)): once the final plan
    // is issued, or the request closed, there is nothing left for one to lift.
    if file
        .plans
        .iter()
        .any(|p| p.request_id == Some(request.request_id))
        || request.outcome == RequestOutcome::No.code()
        || request.outcome == RequestOutcome::Withdrawn.code()
        || request.assessment_outcome.as_deref() == Some(AssessmentOutcome::No.code())
    {
        return Err(AppError::Conflict(
            "exceptions can only be recorded while a request is being decided or assessed".into(),
        ));
    }
    let mut problems = Vec::new();
    let reason = new
        .reason
        .parse::<ExceptionReason>()
        .map_err(|_| problems.push(FieldError::new("reason", "select the reason")))
        .ok();
    let from = happened_on(
        "from_on",
        &new.from_on,
        today,
        request.received_on,
        "the request",
    )
    .map_err(|e| problems.push(e))
    .ok();
    let to = parse_date("to_on", &new.to_on)
        .map_err(|e| problems.push(e))
        .ok();
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            problems.push(FieldError::new(
                "to_on",
                "the end must be on or after the start",
            ));
        } else if reason.is_some_and(ExceptionReason::needs_four_weeks)
            && (to - from).num_days() + 1 < 28
        {
            problems.push(FieldError::new(
                "to_on",
                "this reason applies only to a period of at least 4 weeks (reg 10(4))",
            ));
        }
    }
    let (Some(reason), Some(from_on), Some(to_on), true) = (reason, from, to, problems.is_empty())
    else {
        return Err(AppError::Invalid(problems));
    };
    let la_id = actor.la_id();
    let exception_id = tx.allocate_ids(la_id, "exceptions", 1).await?;
    let note = new.note.trim();
    tx.insert_records(&[ExceptionRow {
        la_id,
        exception_id,
        request_id: request.request_id,
        child_id,
        reason: reason.code().into(),
        from_on,
        to_on,
        note: (!note.is_empty()).then(|| note.to_string()),
    }])
    .await?;
    // SEN2 Week20: an exception touched the 20 weeks from the request.
    let twenty_weeks = request.received_on + chrono::Days::new(140);
    if from_on <= twenty_weeks && to_on >= request.received_on && !request.week20_exception {
        request.week20_exception = true;
        tx.update_record(&request).await?;
    }
    finish_case_write(
        tx,
        actor,
        child_id,
        "exception.record",
        ("exception", exception_id),
        Some(format!("{} {from_on} to {to_on}", reason.code())),
    )
    .await?;
    Ok(exception_id)
}

/// Records the decision, after assessing, not to issue a plan (reg 10(1): within 16 weeks).
pub async fn decide_no_plan(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    decided_on: &str,
    reasons: &str,
    today: NaiveDate,
) -> Result<()> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let mut request = assessing_request(&file)?;
    let mut problems = Vec::new();
    let decided = happened_on(
        "decided_on",
        decided_on,
        today,
        request.received_on,
        "the request",
    )
    .map_err(|e| problems.push(e))
    .ok();
    if reasons.trim().is_empty() {
        problems.push(FieldError::new(
            "reasons",
            "enter the reasons for not issuing a plan",
        ));
    }
    let (Some(on), true) = (decided, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    request.assessment_outcome = Some(AssessmentOutcome::No.code().into());
    request.assessment_outcome_on = Some(on);
    // The reasons to assess stay; the reasons for no plan follow them, labelled.
    let no_plan = format!("Reasons for not issuing a plan: {}", reasons.trim());
    request.decision_reasons = Some(match request.decision_reasons.take() {
        Some(earlier) => format!("{earlier}\n\n{no_plan}"),
        None => no_plan,
    });
    tx.update_record(&request).await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "assessment.no_plan",
        ("request", request.request_id),
        Some(format!("no plan, notified {on}")),
    )
    .await?;
    Ok(())
}

/// The request being assessed: decided to assess, with no outcome yet.
pub(super) fn assessing_request(file: &super::CaseFile) -> Result<RequestRow> {
    match file.current_request() {
        Some(r) if r.outcome == RequestOutcome::Yes.code() && r.assessment_outcome.is_none() => {
            Ok(r.clone())
        }
        Some(_) => Err(AppError::Conflict(
            "this child has no assessment under way".into(),
        )),
        None => Err(AppError::NotFound("request for this child".into())),
    }
}
