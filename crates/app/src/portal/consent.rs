//! A young person's consent for a parent or carer to keep access to their record once they are
//! past compulsory school age (see `domain::young_person`). The young person gives or withdraws
//! it themselves, or a caseworker records what they said.

use chrono::NaiveDate;
use store::ConsentRow;

use crate::Store;
use crate::actor::{Actor, ActorKind};
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};
use domain::Role;

/// Who may give or withdraw consent on the record: the young person, or a caseworker.
fn authorise_consent(actor: &Actor, child_id: i64) -> Result<()> {
    match &actor.kind {
        ActorKind::Family { role, children, .. } => {
            if *role == Role::YoungPerson && children.contains(&child_id) {
                Ok(())
            } else {
                Err(AppError::Forbidden(
                    "give consent: only the young person can".into(),
                ))
            }
        }
        _ => policy::authorise(actor, Action::WorkOnCase),
    }
}

/// Records that the young person lets this parent or carer keep access from `given_on`.
pub async fn give_consent(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    person_id: i64,
    given_on: NaiveDate,
) -> Result<()> {
    authorise_consent(actor, child_id)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let linked = tx
        .family_children(la_id, person_id)
        .await?
        .iter()
        .any(|l| l.child_id == child_id);
    if !linked {
        return Err(AppError::NotFound(format!(
            "family member {person_id} linked to child {child_id}"
        )));
    }
    let row = ConsentRow {
        la_id,
        child_id,
        person_id,
        given_on,
        withdrawn_on: None,
        recorded_by: actor.audit_name(),
    };
    let existing = tx
        .consents_of_person(la_id, person_id)
        .await?
        .into_iter()
        .any(|c| c.child_id == child_id);
    if existing {
        tx.update_record(&row).await?;
    } else {
        tx.insert_records(std::slice::from_ref(&row)).await?;
    }
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "consent.give",
            record_type: "family_member",
            record_id: Some(person_id.to_string()),
            child_id: Some(child_id),
            detail: Some(format!("from {given_on}")),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws the consent from `withdrawn_on`: the parent's access ends at their next request.
pub async fn withdraw_consent(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    person_id: i64,
    withdrawn_on: NaiveDate,
) -> Result<()> {
    authorise_consent(actor, child_id)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let Some(mut row) = tx
        .consents_of_person(la_id, person_id)
        .await?
        .into_iter()
        .find(|c| c.child_id == child_id)
    else {
        return Err(AppError::NotFound(format!(
            "consent for family member {person_id}"
        )));
    };
    row.withdrawn_on = Some(withdrawn_on);
    tx.update_record(&row).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "consent.withdraw",
            record_type: "family_member",
            record_id: Some(person_id.to_string()),
            child_id: Some(child_id),
            detail: Some(format!("from {withdrawn_on}")),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
