//! Migration 7: notifications and jobs. Messages in the portal for one person, emails waiting
//! to be sent (an outbox written in the same transaction as the change that caused them), and
//! background jobs shared by any number of server processes.

use sea_query::{ColumnDef, Index, Table};

use super::columns::*;
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum Notifications {
    Table,
    LaId,
    NotificationId,
    /// `staff` or `family`.
    RecipientKind,
    /// The staff id or the family member's person id.
    RecipientId,
    /// The child the message is about, if any. Never shown to a recipient on its own account:
    /// the message text says what the recipient may know (see `app::notify`).
    ChildId,
    Subject,
    /// What changed, then what to do next.
    Body,
    /// Where in the service to act on it, as a path (`/casework`).
    LinkPath,
    CreatedAt,
    ReadAt,
}

#[derive(Iden, Clone, Copy)]
pub enum Outbox {
    Table,
    LaId,
    EmailId,
    ToAddress,
    Subject,
    Body,
    /// The path the email's sign-in link goes to, joined to the service's address when sent.
    LinkPath,
    /// `queued`, `sent` or `failed` (given up after repeated failures).
    State,
    Attempts,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(Iden, Clone, Copy)]
pub enum Jobs {
    Table,
    LaId,
    JobId,
    /// What to do: `send_email`, `advice_reminders`, `advice_reminder`, `digest`.
    Kind,
    /// Names the job's work so it can be queued only once (`advice-reminder:17:before`).
    DedupeKey,
    /// What the kind needs, as short text (an id, a date).
    Payload,
    RunAfter,
    /// The worker holding the job, and until when: a worker that dies loses it at the end of
    /// its lease and another takes it up.
    ClaimedBy,
    ClaimedUntil,
    Attempts,
    DoneAt,
    LastError,
    CreatedAt,
}

fn opt_timestamp(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().null().take()
}

fn counter(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .default(0)
        .take()
}

pub fn notifications_and_jobs() -> Vec<SchemaChange> {
    use SchemaChange::{Index as Ix, Table as T};
    vec![
        T(Box::new(
            Table::create()
                .table(Notifications::Table)
                .if_not_exists()
                .col(id(Notifications::LaId))
                .col(id(Notifications::NotificationId))
                .col(text(Notifications::RecipientKind))
                .col(id(Notifications::RecipientId))
                .col(opt_id(Notifications::ChildId))
                .col(text(Notifications::Subject))
                .col(text(Notifications::Body))
                .col(text(Notifications::LinkPath))
                .col(timestamp(Notifications::CreatedAt))
                .col(opt_timestamp(Notifications::ReadAt))
                .primary_key(
                    Index::create()
                        .col(Notifications::LaId)
                        .col(Notifications::NotificationId),
                )
                .foreign_key(&mut to_council())
                .foreign_key(&mut to_child())
                .take(),
        )),
        Ix(Index::create()
            .name("notifications_recipient")
            .table(Notifications::Table)
            .col(Notifications::LaId)
            .col(Notifications::RecipientKind)
            .col(Notifications::RecipientId)
            .col(Notifications::CreatedAt)
            .if_not_exists()
            .take()),
        T(Box::new(
            Table::create()
                .table(Outbox::Table)
                .if_not_exists()
                .col(id(Outbox::LaId))
                .col(id(Outbox::EmailId))
                .col(text(Outbox::ToAddress))
                .col(text(Outbox::Subject))
                .col(text(Outbox::Body))
                .col(text(Outbox::LinkPath))
                .col(text(Outbox::State))
                .col(counter(Outbox::Attempts))
                .col(opt_text(Outbox::LastError))
                .col(timestamp(Outbox::CreatedAt))
                .col(opt_timestamp(Outbox::SentAt))
                .primary_key(Index::create().col(Outbox::LaId).col(Outbox::EmailId))
                .foreign_key(&mut to_council())
                .take(),
        )),
        Ix(Index::create()
            .name("outbox_state")
            .table(Outbox::Table)
            .col(Outbox::LaId)
            .col(Outbox::State)
            .if_not_exists()
            .take()),
        T(Box::new(
            Table::create()
                .table(Jobs::Table)
                .if_not_exists()
                .col(id(Jobs::LaId))
                .col(id(Jobs::JobId))
                .col(text(Jobs::Kind))
                .col(text(Jobs::DedupeKey))
                .col(text(Jobs::Payload))
                .col(timestamp(Jobs::RunAfter))
                .col(opt_text(Jobs::ClaimedBy))
                .col(opt_timestamp(Jobs::ClaimedUntil))
                .col(counter(Jobs::Attempts))
                .col(opt_timestamp(Jobs::DoneAt))
                .col(opt_text(Jobs::LastError))
                .col(timestamp(Jobs::CreatedAt))
                .primary_key(Index::create().col(Jobs::LaId).col(Jobs::JobId))
                .foreign_key(&mut to_council())
                .take(),
        )),
        // The same work is never queued twice in a council: a second enqueue of a key does
        // nothing, whichever process tries.
        Ix(Index::create()
            .name("jobs_dedupe")
            .table(Jobs::Table)
            .col(Jobs::LaId)
            .col(Jobs::DedupeKey)
            .unique()
            .if_not_exists()
            .take()),
        // What a worker claims: the council's jobs not done, by when they may run.
        Ix(Index::create()
            .name("jobs_due")
            .table(Jobs::Table)
            .col(Jobs::LaId)
            .col(Jobs::DoneAt)
            .col(Jobs::RunAfter)
            .if_not_exists()
            .take()),
    ]
}
