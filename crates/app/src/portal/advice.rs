//! The professional's side: an inbox of the advice they have been asked for, with due dates,
//! and their advice written in sections (SEND Regulations 2014 reg. 6(1) and 8: advice within
//! 6 weeks of the request). A professional sees only the requests sent to them, and through
//! each only what it needs: the child's name, date of birth and setting, not the whole record.

use chrono::{DateTime, NaiveDate, Utc};
use domain::clock::{DeadlineState, advice_due_on};
use store::{AdviceRow, AdviceSubmissionRow};

use crate::Store;
use crate::actor::Actor;
use crate::casework::refresh_case;
use crate::error::{AppError, Result};
use crate::notify::{self, Recipient};
use crate::policy::{self, Action};

use super::{audit_child, optional_text};

/// One advice request in a professional's inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdviceItem {
    pub advice: AdviceRow,
    pub reference: String,
    pub child_name: String,
    pub birth_date: Option<NaiveDate>,
    pub due_on: NaiveDate,
    /// Where the 6 weeks stand on the day asked about.
    pub state: DeadlineState,
}

/// A request with what the professional wrote, if anything yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdviceRequestView {
    pub item: AdviceItem,
    /// The child's current school or setting, by name.
    pub setting: Option<String>,
    pub submission: Option<AdviceSubmissionRow>,
}

/// The advice as typed, by section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdviceText {
    pub needs: String,
    pub outcomes: String,
    pub provision: String,
    pub other: String,
}

fn state_on(due_on: NaiveDate, received: Option<NaiveDate>, today: NaiveDate) -> DeadlineState {
    match received {
        Some(on) if on <= due_on => DeadlineState::MetOnTime,
        Some(_) => DeadlineState::MetLate,
        None if today > due_on => DeadlineState::Overdue,
        None if (due_on - today).num_days() <= domain::clock::deadline::DUE_SOON_DAYS => {
            DeadlineState::DueSoon
        }
        None => DeadlineState::NotYetDue,
    }
}

async fn item(tx: &mut store::Tx, advice: AdviceRow, today: NaiveDate) -> Result<AdviceItem> {
    let child = tx.child(advice.la_id, advice.child_id).await?;
    let due_on = advice_due_on(advice.requested_on);
    Ok(AdviceItem {
        reference: notify::advice_reference(advice.la_id, advice.advice_id),
        child_name: child
            .as_ref()
            .map_or_else(String::new, |c| format!("{} {}", c.forename, c.surname)),
        birth_date: child.map(|c| c.birth_date),
        state: state_on(due_on, advice.received_on, today),
        due_on,
        advice,
    })
}

/// The advice the signed-in professional has been asked for, newest first.
pub async fn advice_inbox(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<AdviceItem>> {
    policy::authorise(actor, Action::ReadAdviceInbox)?;
    let Some(staff_id) = actor.staff_id() else {
        return Err(AppError::Forbidden("see advice requests".into()));
    };
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let rows = tx.advice_for_adviser(la_id, staff_id).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(item(&mut tx, row, today).await?);
    }
    tx.commit().await?;
    Ok(items)
}

/// The request and the child it is about, as far as the adviser needs. Opening it is audited.
pub(crate) async fn open_request(
    tx: &mut store::Tx,
    actor: &Actor,
    advice_id: i64,
) -> Result<AdviceRow> {
    let advice: Option<AdviceRow> = tx.record(actor.la_id(), advice_id).await?;
    let not_found = || AppError::NotFound(format!("advice request {advice_id}"));
    let advice = advice.ok_or_else(not_found)?;
    policy::authorise(
        actor,
        Action::GiveAdvice {
            adviser_staff_id: advice.adviser_staff_id,
        },
    )
    .map_err(|_| not_found())?;
    Ok(advice)
}

/// One advice request, for the professional to answer (or a caseworker to read).
pub async fn advice_request(
    store: &Store,
    actor: &Actor,
    advice_id: i64,
    today: NaiveDate,
) -> Result<AdviceRequestView> {
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let advice = open_request(&mut tx, actor, advice_id).await?;
    let child_id = advice.child_id;
    let setting =
        match crate::children::current_placement(&tx.placements_for_child(la_id, child_id).await?)
            .and_then(|p| p.setting_id)
        {
            Some(id) => tx.setting(la_id, id).await?.map(|s| s.name),
            None => None,
        };
    let submission: Option<AdviceSubmissionRow> = tx.record(la_id, advice_id).await?;
    audit_child(
        &mut tx,
        actor,
        "advice.open",
        ("advice", advice_id),
        child_id,
    )
    .await?;
    let item = item(&mut tx, advice, today).await?;
    tx.commit().await?;
    Ok(AdviceRequestView {
        item,
        setting,
        submission,
    })
}

/// Sends the professional's advice: kept in sections, and the request marked received today,
/// which moves the case's clock on. The caseworker is told. Sending again replaces the text
/// but keeps the day it first arrived.
pub async fn submit_advice(
    store: &Store,
    actor: &Actor,
    advice_id: i64,
    text: &AdviceText,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut problems = Vec::new();
    let mut field = |name: &'static str, value: &str| {
        optional_text(name, value)
            .map_err(|e| problems.push(e))
            .unwrap_or_default()
    };
    let needs = field("needs", &text.needs);
    let outcomes = field("outcomes", &text.outcomes);
    let provision = field("provision", &text.provision);
    let other = field("other", &text.other);
    if problems.is_empty() && needs.is_empty() {
        problems.push(domain::FieldError::new(
            "needs",
            "enter the child's needs as you found them",
        ));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let mut advice = open_request(&mut tx, actor, advice_id).await?;
    let Some(staff_id) = actor.staff_id() else {
        return Err(AppError::Forbidden("give advice".into()));
    };
    let child_id = advice.child_id;
    let existing: Option<AdviceSubmissionRow> = tx.record(la_id, advice_id).await?;
    let row = AdviceSubmissionRow {
        la_id,
        advice_id,
        child_id,
        staff_id,
        needs,
        outcomes,
        provision,
        other,
        submitted_at: now,
        released_at: existing.as_ref().and_then(|e| e.released_at),
    };
    if existing.is_some() {
        tx.update_record(&row).await?;
    } else {
        tx.insert_records(std::slice::from_ref(&row)).await?;
    }
    if advice.received_on.is_none() {
        advice.received_on = Some(now.date_naive());
        tx.update_record(&advice).await?;
    }
    audit_child(
        &mut tx,
        actor,
        "advice.submit",
        ("advice", advice_id),
        child_id,
    )
    .await?;
    let case = refresh_case(&mut tx, la_id, child_id, None).await?;
    tx.bump_casework_generation(la_id).await?;
    if let Some(caseworker) = case.caseworker_id {
        let notice = notify::advice_received(la_id, advice_id, child_id);
        notify::notify(&mut tx, la_id, Recipient::Staff(caseworker), &notice, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Shares a professional's advice with the child's family, who are told. The advice informs the
/// draft plan and the family sees it by the time the draft goes to them at the latest (SEND
/// Regulations 2014 reg. 13(1)(b) and SEND Code of Practice 9.47); a caseworker may share it
/// sooner. Sharing twice changes nothing.
pub async fn release_advice(
    store: &Store,
    actor: &Actor,
    advice_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    policy::authorise(actor, Action::WorkOnCase)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let advice: Option<AdviceRow> = tx.record(la_id, advice_id).await?;
    let advice = advice.ok_or_else(|| AppError::NotFound(format!("advice request {advice_id}")))?;
    let submission: Option<AdviceSubmissionRow> = tx.record(la_id, advice_id).await?;
    let Some(mut submission) = submission else {
        return Err(AppError::Conflict(
            "this advice has not been sent through the portal, so there is nothing to share; \
             upload the advice as a document and release that instead"
                .into(),
        ));
    };
    if submission.released_at.is_some() {
        tx.commit().await?;
        return Ok(());
    }
    submission.released_at = Some(now);
    tx.update_record(&submission).await?;
    audit_child(
        &mut tx,
        actor,
        "advice.release",
        ("advice", advice_id),
        advice.child_id,
    )
    .await?;
    let notice = notify::advice_shared(advice.child_id, &advice.service);
    notify::notify_family(&mut tx, la_id, advice.child_id, &notice, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Advice as the family reads it, once shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedAdvice {
    pub advice_id: i64,
    /// The service, in words ("Educational psychology").
    pub service: String,
    /// The team or person who gave it.
    pub adviser: Option<String>,
    pub submitted_on: NaiveDate,
    pub shared_on: Option<NaiveDate>,
    pub text: AdviceText,
}

/// The advice on a child's case that the reader may see: for the family, what has been shared
/// with them; for caseworkers, all that has arrived through the portal. Reading is audited.
pub async fn shared_advice(
    store: &Store,
    actor: &Actor,
    child_id: i64,
) -> Result<Vec<SharedAdvice>> {
    policy::authorise(actor, Action::TakePartInCase { child_id })?;
    let family = matches!(actor.kind, crate::actor::ActorKind::Family { .. });
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let submissions: Vec<AdviceSubmissionRow> = tx.records_of_child(la_id, child_id).await?;
    let mut out = Vec::new();
    for s in submissions {
        if family && s.released_at.is_none() {
            continue;
        }
        let advice: Option<AdviceRow> = tx.record(la_id, s.advice_id).await?;
        let Some(advice) = advice else { continue };
        out.push(SharedAdvice {
            advice_id: s.advice_id,
            service: advice
                .service
                .parse::<domain::clock::AdviceService>()
                .map_or_else(|_| advice.service.clone(), |a| a.label().to_string()),
            adviser: advice.adviser,
            submitted_on: s.submitted_at.date_naive(),
            shared_on: s.released_at.map(|t| t.date_naive()),
            text: AdviceText {
                needs: s.needs,
                outcomes: s.outcomes,
                provision: s.provision,
                other: s.other,
            },
        });
    }
    audit_child(&mut tx, actor, "advice.read", ("child", child_id), child_id).await?;
    tx.commit().await?;
    Ok(out)
}
