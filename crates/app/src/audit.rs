//! Building audit events from the actor, so every use case records who, from where, what and
//! which record the same way.

use store::{NewAuditEvent, Tx};

use crate::actor::Actor;
use crate::error::Result;

pub(crate) struct Audited<'a> {
    pub action: &'a str,
    pub record_type: &'a str,
    pub record_id: Option<String>,
    pub child_id: Option<i64>,
    pub detail: Option<String>,
}

/// Appends the event in the use case's own transaction.
pub(crate) async fn record(tx: &mut Tx, actor: &Actor, event: Audited<'_>) -> Result<()> {
    tx.append_audit(NewAuditEvent {
        la_id: actor.la_id(),
        actor: actor.audit_name(),
        action: event.action.into(),
        record_type: event.record_type.into(),
        record_id: event.record_id,
        child_id: event.child_id,
        from_addr: actor.from.clone(),
        detail: event.detail,
    })
    .await?;
    Ok(())
}
