//! The audit trail: append-only. There is an insert and there are reads; there is no update or
//! delete of an audit event anywhere in the store (emptying a demo council is the one exception,
//! and it removes the council's whole data, audit included).

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};

use crate::engine::Tx;
use crate::error::Result;
use crate::schema::AuditEvents as A;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    pub la_id: i64,
    pub event_id: i64,
    pub at: DateTime<Utc>,
    /// Who: "staff:12", "cli", "system".
    pub actor: String,
    /// What: e.g. "child.read", "staff.add".
    pub action: String,
    pub record_type: String,
    pub record_id: Option<String>,
    /// The child the record belongs to, so "who has looked at this child" is one indexed query.
    pub child_id: Option<i64>,
    /// From where: an IP address, or "cli".
    pub from_addr: String,
    pub detail: Option<String>,
}

/// An audit event before it has an id and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEvent {
    pub la_id: i64,
    pub actor: String,
    pub action: String,
    pub record_type: String,
    pub record_id: Option<String>,
    pub child_id: Option<i64>,
    pub from_addr: String,
    pub detail: Option<String>,
}

const COLUMNS: [A; 10] = [
    A::LaId,
    A::EventId,
    A::At,
    A::Actor,
    A::Action,
    A::RecordType,
    A::RecordId,
    A::ChildId,
    A::FromAddr,
    A::Detail,
];

impl Tx {
    /// Appends an event in the caller's transaction, so the event and the change it records
    /// are saved together or not at all.
    pub async fn append_audit(&mut self, event: NewAuditEvent) -> Result<AuditRow> {
        let event_id = self.allocate_ids(event.la_id, "audit_events", 1).await?;
        let row = AuditRow {
            la_id: event.la_id,
            event_id,
            at: Utc::now(),
            actor: event.actor,
            action: event.action,
            record_type: event.record_type,
            record_id: event.record_id,
            child_id: event.child_id,
            from_addr: event.from_addr,
            detail: event.detail,
        };
        self.execute(
            Query::insert()
                .into_table(A::Table)
                .columns(COLUMNS)
                .values_panic([
                    row.la_id.into(),
                    row.event_id.into(),
                    row.at.into(),
                    row.actor.clone().into(),
                    row.action.clone().into(),
                    row.record_type.clone().into(),
                    row.record_id.clone().into(),
                    row.child_id.into(),
                    row.from_addr.clone().into(),
                    row.detail.clone().into(),
                ]),
        )
        .await?;
        Ok(row)
    }

    /// Events about one child, newest first.
    pub async fn audit_for_child(
        &mut self,
        la_id: i64,
        child_id: i64,
        limit: u64,
    ) -> Result<Vec<AuditRow>> {
        self.fetch_all(
            Query::select()
                .columns(COLUMNS)
                .from(A::Table)
                .and_where(Expr::col(A::LaId).eq(la_id))
                .and_where(Expr::col(A::ChildId).eq(child_id))
                .order_by(A::EventId, Order::Desc)
                .limit(limit),
        )
        .await
    }

    /// A council's events, newest first.
    pub async fn audit_events(&mut self, la_id: i64, limit: u64) -> Result<Vec<AuditRow>> {
        self.fetch_all(
            Query::select()
                .columns(COLUMNS)
                .from(A::Table)
                .and_where(Expr::col(A::LaId).eq(la_id))
                .order_by(A::EventId, Order::Desc)
                .limit(limit),
        )
        .await
    }
}
