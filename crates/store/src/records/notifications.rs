//! Notifications in the portal and the outbox of emails waiting to be sent. Both are written in
//! the transaction of the change that caused them, so a change and its messages are saved
//! together or not at all; the outbox is emptied later by a job.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Func, Order, Query};

use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{AdviceRequests as Ad, Notifications as N, Outbox as O};

/// A message in one person's portal.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NotificationRow {
    pub la_id: i64,
    pub notification_id: i64,
    /// `staff` or `family`.
    pub recipient_kind: String,
    pub recipient_id: i64,
    pub child_id: Option<i64>,
    pub subject: String,
    /// What changed, then what to do next.
    pub body: String,
    pub link_path: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// An email in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EmailRow {
    pub la_id: i64,
    pub email_id: i64,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub link_path: String,
    /// `queued`, `sent` or `failed`.
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

const NOTIFICATION_COLUMNS: [N; 10] = [
    N::LaId,
    N::NotificationId,
    N::RecipientKind,
    N::RecipientId,
    N::ChildId,
    N::Subject,
    N::Body,
    N::LinkPath,
    N::CreatedAt,
    N::ReadAt,
];

const EMAIL_COLUMNS: [O; 11] = [
    O::LaId,
    O::EmailId,
    O::ToAddress,
    O::Subject,
    O::Body,
    O::LinkPath,
    O::State,
    O::Attempts,
    O::LastError,
    O::CreatedAt,
    O::SentAt,
];

#[derive(sqlx::FromRow)]
struct Count {
    n: i64,
}

impl Tx {
    pub async fn insert_notification(&mut self, row: &NotificationRow) -> Result<()> {
        self.execute(
            Query::insert()
                .into_table(N::Table)
                .columns(NOTIFICATION_COLUMNS)
                .values_panic([
                    row.la_id.into(),
                    row.notification_id.into(),
                    row.recipient_kind.clone().into(),
                    row.recipient_id.into(),
                    row.child_id.into(),
                    row.subject.clone().into(),
                    row.body.clone().into(),
                    row.link_path.clone().into(),
                    row.created_at.into(),
                    row.read_at.into(),
                ]),
        )
        .await?;
        Ok(())
    }

    /// One person's notifications, newest first.
    pub async fn notifications_for(
        &mut self,
        la_id: i64,
        recipient_kind: &str,
        recipient_id: i64,
        limit: u64,
    ) -> Result<Vec<NotificationRow>> {
        self.fetch_all(
            Query::select()
                .columns(NOTIFICATION_COLUMNS)
                .from(N::Table)
                .and_where(Expr::col(N::LaId).eq(la_id))
                .and_where(Expr::col(N::RecipientKind).eq(recipient_kind))
                .and_where(Expr::col(N::RecipientId).eq(recipient_id))
                .order_by(N::CreatedAt, Order::Desc)
                .order_by(N::NotificationId, Order::Desc)
                .limit(limit),
        )
        .await
    }

    /// One of a person's notifications (none if it is someone else's).
    pub async fn notification_of(
        &mut self,
        la_id: i64,
        recipient_kind: &str,
        recipient_id: i64,
        notification_id: i64,
    ) -> Result<Option<NotificationRow>> {
        self.fetch_optional(
            Query::select()
                .columns(NOTIFICATION_COLUMNS)
                .from(N::Table)
                .and_where(Expr::col(N::LaId).eq(la_id))
                .and_where(Expr::col(N::NotificationId).eq(notification_id))
                .and_where(Expr::col(N::RecipientKind).eq(recipient_kind))
                .and_where(Expr::col(N::RecipientId).eq(recipient_id)),
        )
        .await
    }

    /// How many of one person's notifications are unread.
    pub async fn unread_notifications(
        &mut self,
        la_id: i64,
        recipient_kind: &str,
        recipient_id: i64,
    ) -> Result<i64> {
        let c: Count = self
            .fetch_one(
                Query::select()
                    .expr_as(Func::count(Expr::col(N::NotificationId)), "n")
                    .from(N::Table)
                    .and_where(Expr::col(N::LaId).eq(la_id))
                    .and_where(Expr::col(N::RecipientKind).eq(recipient_kind))
                    .and_where(Expr::col(N::RecipientId).eq(recipient_id))
                    .and_where(Expr::col(N::ReadAt).is_null()),
            )
            .await?;
        Ok(c.n)
    }

    /// Marks one of a person's notifications read (only theirs: the recipient is part of the
    /// match). Returns how many rows changed: 0 if it is not theirs or was already read.
    pub async fn mark_notification_read(
        &mut self,
        la_id: i64,
        recipient_kind: &str,
        recipient_id: i64,
        notification_id: i64,
        at: DateTime<Utc>,
    ) -> Result<u64> {
        self.execute(
            Query::update()
                .table(N::Table)
                .value(N::ReadAt, at)
                .and_where(Expr::col(N::LaId).eq(la_id))
                .and_where(Expr::col(N::RecipientKind).eq(recipient_kind))
                .and_where(Expr::col(N::RecipientId).eq(recipient_id))
                .and_where(Expr::col(N::NotificationId).eq(notification_id))
                .and_where(Expr::col(N::ReadAt).is_null()),
        )
        .await
    }

    pub async fn insert_email(&mut self, row: &EmailRow) -> Result<()> {
        self.execute(
            Query::insert()
                .into_table(O::Table)
                .columns(EMAIL_COLUMNS)
                .values_panic([
                    row.la_id.into(),
                    row.email_id.into(),
                    row.to_address.clone().into(),
                    row.subject.clone().into(),
                    row.body.clone().into(),
                    row.link_path.clone().into(),
                    row.state.clone().into(),
                    row.attempts.into(),
                    row.last_error.clone().into(),
                    row.created_at.into(),
                    row.sent_at.into(),
                ]),
        )
        .await?;
        Ok(())
    }

    pub async fn email(&mut self, la_id: i64, email_id: i64) -> Result<Option<EmailRow>> {
        self.fetch_optional(
            Query::select()
                .columns(EMAIL_COLUMNS)
                .from(O::Table)
                .and_where(Expr::col(O::LaId).eq(la_id))
                .and_where(Expr::col(O::EmailId).eq(email_id)),
        )
        .await
    }

    /// A council's emails, oldest first: for checks and the operator.
    pub async fn emails(&mut self, la_id: i64) -> Result<Vec<EmailRow>> {
        self.fetch_all(
            Query::select()
                .columns(EMAIL_COLUMNS)
                .from(O::Table)
                .and_where(Expr::col(O::LaId).eq(la_id))
                .order_by(O::EmailId, Order::Asc),
        )
        .await
    }

    /// Records one attempt to send an email: sent at `sent_at`, or failed with `error` (the
    /// email then stays `queued`, or becomes `failed` when `give_up`).
    pub async fn record_email_attempt(
        &mut self,
        la_id: i64,
        email_id: i64,
        outcome: std::result::Result<DateTime<Utc>, (&str, bool)>,
    ) -> Result<()> {
        let mut update = Query::update();
        update
            .table(O::Table)
            .value(O::Attempts, Expr::col(O::Attempts).add(1))
            .and_where(Expr::col(O::LaId).eq(la_id))
            .and_where(Expr::col(O::EmailId).eq(email_id));
        match outcome {
            Ok(at) => update.value(O::State, "sent").value(O::SentAt, at),
            Err((error, give_up)) => update
                .value(O::State, if give_up { "failed" } else { "queued" })
                .value(O::LastError, error),
        };
        self.execute(&update).await?;
        Ok(())
    }

    /// Advice asked of professionals with an account and not yet received: the requests the
    /// reminders are about.
    pub async fn advice_awaited_from_advisers(
        &mut self,
        la_id: i64,
    ) -> Result<Vec<crate::AdviceRow>> {
        use crate::records::record::Record;
        self.fetch_all(
            Query::select()
                .columns(crate::AdviceRow::COLUMNS.iter().copied())
                .from(Ad::Table)
                .and_where(Expr::col(Ad::LaId).eq(la_id))
                .and_where(Expr::col(Ad::ReceivedOn).is_null())
                .and_where(Expr::col(Ad::AdviserStaffId).is_not_null())
                .order_by(Ad::AdviceId, Order::Asc),
        )
        .await
    }
}
