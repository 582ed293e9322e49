//! A young person's consent for a parent or carer to keep access to their record once they are
//! past compulsory school age (see `domain::young_person`). The young person gives or withdraws
//! it themselves, or a caseworker records what they said.

use chrono::NaiveDate;
use store::ConsentRow;

use crate::Store;
use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};
use domain::Role;

fn authorise_consent(actor: &Actor, child_id: i64) -> Result<()> {
    policy::authorise(actor, Action::DecideParentAccess { child_id })
}

/// A parent or carer linked to a young person's record, and whether they may see it today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentAccess {
    pub person_id: i64,
    pub name: String,
    pub consent: Option<ConsentRow>,
    pub may_see: bool,
}

/// The parents and carers linked to the record, for the young person to decide about.
pub async fn parent_access(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    today: NaiveDate,
) -> Result<Vec<ParentAccess>> {
    authorise_consent(actor, child_id)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let Some(child) = tx.child(la_id, child_id).await? else {
        return Err(AppError::NotFound(format!("child {child_id}")));
    };
    let mut out = Vec::new();
    for member in tx.family_of_child(la_id, child_id).await? {
        if member.role == Role::YoungPerson.code() {
            continue;
        }
        let consent = tx
            .consents_of_person(la_id, member.person_id)
            .await?
            .into_iter()
            .find(|c| c.child_id == child_id);
        let may_see = domain::young_person::parent_may_see(
            child.birth_date,
            today,
            consent.as_ref().map(|c| domain::young_person::Consent {
                given_on: c.given_on,
                withdrawn_on: c.withdrawn_on,
            }),
        );
        out.push(ParentAccess {
            person_id: member.person_id,
            name: member.name,
            consent,
            may_see,
        });
    }
    tx.commit().await?;
    Ok(out)
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
