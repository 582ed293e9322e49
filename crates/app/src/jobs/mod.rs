//! Background jobs: deadline reminders, caseworkers' digests and the sending of queued emails,
//! run from the `jobs` table by any number of workers (a task in each `highneeds serve`, or
//! `highneeds jobs run` from cron) without a job being done twice.
//!
//! How that holds:
//! - **Queued once.** Every job has a dedupe key, unique in the council: the day's reminder scan
//!   is `advice-reminders:2026-11-23`, one reminder is `advice-reminder:17:before`, one email is
//!   `send-email:42`. Queueing a key again does nothing, whoever tries.
//! - **Claimed by one worker.** A worker claims a few due jobs in a short write transaction
//!   and holds them for a lease ([`LEASE`]). On PostgreSQL the claim locks the rows it picks with
//!   `FOR UPDATE SKIP LOCKED`, so two workers claiming at once pick different jobs; on SQLite
//!   there is one writer at a time, so claims are made one after another.
//! - **Done with its effects.** A job that only writes to the database (a reminder, a digest)
//!   marks itself done in the same transaction as what it writes, and only while it still
//!   holds the job: if its lease ran out and another worker took the job, it rolls back.
//! - **Email outside any transaction.** An email is sent with no transaction open (SQLite's
//!   write lock is never held across the network); the outbox row and the job are then marked
//!   sent and done. A worker that dies between sending and marking sends again after its lease:
//!   at least once, never silently lost. A failed send leaves the email queued for a retry
//!   with backoff ([`backoff`]), and the change that caused it is already saved.
//!
//! Jobs are system work, not a person's request: they are not authorised by the policy, and
//! what they write is audited as actor `jobs` from the worker's id.

mod reminders;

use chrono::{DateTime, TimeDelta, Utc};
use domain::LaCode;
use store::{JobRow, NewAuditEvent, NewJob, Tx};

use crate::Store;
use crate::error::Result;
use crate::mail::Mailer;
use crate::notify::{self, SEND_EMAIL};

pub use reminders::{
    ADVICE_REMINDER, ADVICE_REMINDERS, DIGEST, OVERDUE_REMINDER_WINDOW_DAYS, REMINDER_DAYS_BEFORE,
    Reminder, reminder_due,
};

/// How long a worker holds a claimed job before another may take it: far longer than any job
/// takes (an SMTP conversation gives up within a minute).
pub const LEASE: TimeDelta = TimeDelta::minutes(5);
/// Jobs claimed at a time: few, so a burst of work (a morning's emails) is shared among the
/// workers rather than held by the first to ask while it sends one email after another.
const CLAIM_BATCH: u64 = 5;
/// Claims in one run at most, so a run always ends even if jobs keep being queued.
const MAX_ROUNDS: usize = 100;
/// Tries before a job is given up (its email marked failed): with [`backoff`], about 2 hours.
pub const MAX_ATTEMPTS: i64 = 8;

/// How long to wait before trying a failed job again: 1 minute, doubling, at most 6 hours.
pub fn backoff(attempts: i64) -> TimeDelta {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 16)).unwrap_or(16);
    TimeDelta::minutes(1i64 << doublings).min(TimeDelta::hours(6))
}

/// One worker: the council it works for, its name in the `jobs` table, and the service's
/// address for the links in emails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    pub la: LaCode,
    /// Unique among the workers sharing the database.
    pub id: String,
    /// Where people reach the service, e.g. `https://send.example.gov.uk`.
    pub public_url: String,
}

impl Worker {
    /// A worker with a fresh id: the process and a random part, so workers on different
    /// machines never share one.
    pub fn new(la: LaCode, public_url: impl Into<String>) -> Worker {
        let suffix =
            crate::tokens::random_hex(4).unwrap_or_else(|_| Utc::now().timestamp().to_string());
        Worker {
            la,
            id: format!("worker-{}-{suffix}", std::process::id()),
            public_url: public_url.into(),
        }
    }

    fn la_id(&self) -> i64 {
        i64::from(self.la.get())
    }
}

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    pub claimed: u32,
    pub done: u32,
    /// Failed and queued to try again.
    pub retried: u32,
    /// Failed [`MAX_ATTEMPTS`] times, or cannot run at all.
    pub given_up: u32,
    /// Taken over by another worker after this one's lease ran out; nothing was kept.
    pub lost: u32,
    pub emails_sent: u32,
}

/// How a job ended when it did not fail.
enum Finished {
    Done,
    /// Done, and an email went out.
    Sent,
    Lost,
}

/// Why a job failed.
struct Failure {
    message: String,
    /// Trying again cannot help (an unknown kind, a missing row).
    permanent: bool,
}

impl From<crate::AppError> for Failure {
    fn from(e: crate::AppError) -> Self {
        Failure {
            message: e.to_string(),
            permanent: false,
        }
    }
}

impl From<store::StoreError> for Failure {
    fn from(e: store::StoreError) -> Self {
        Failure::from(crate::AppError::from(e))
    }
}

/// Queues the day's periodic jobs (the advice reminder scan and the caseworkers' digest),
/// each once per day whoever calls. Returns how many were newly queued.
pub async fn schedule_day(store: &Store, la: LaCode, now: DateTime<Utc>) -> Result<u32> {
    let la_id = i64::from(la.get());
    let today = now.date_naive();
    let wanted = [
        (ADVICE_REMINDERS, format!("advice-reminders:{today}")),
        (DIGEST, format!("digest:{today}")),
    ];
    // Nearly every call finds the day already scheduled: find out without the write lock.
    let mut missing = Vec::new();
    let mut tx = store.begin_read().await?;
    for (kind, key) in wanted {
        if !tx.job_queued(la_id, &key).await? {
            missing.push((kind, key));
        }
    }
    tx.commit().await?;
    if missing.is_empty() {
        return Ok(0);
    }
    let mut queued = 0;
    let mut tx = store.begin().await?;
    for (kind, key) in missing {
        let job = NewJob {
            la_id,
            kind: kind.into(),
            dedupe_key: key,
            payload: today.to_string(),
            run_after: now,
            created_at: now,
        };
        if tx.enqueue_job(&job).await? {
            queued += 1;
        }
    }
    tx.commit().await?;
    Ok(queued)
}

/// Claims and runs the council's due jobs until none is left (or [`MAX_ROUNDS`] claims),
/// including jobs the run itself queues. Emails wait in the outbox when `mailer` cannot send.
pub async fn run_due_jobs(
    store: &Store,
    mailer: &Mailer,
    worker: &Worker,
    now: DateTime<Utc>,
) -> Result<Report> {
    let skip: &[&str] = if mailer.can_send() {
        &[]
    } else {
        &[SEND_EMAIL]
    };
    let mut report = Report::default();
    for _ in 0..MAX_ROUNDS {
        let mut tx = store.begin().await?;
        let jobs = tx
            .claim_jobs(
                worker.la_id(),
                &worker.id,
                now,
                now + LEASE,
                CLAIM_BATCH,
                skip,
            )
            .await?;
        tx.commit().await?;
        if jobs.is_empty() {
            break;
        }
        for job in jobs {
            report.claimed += 1;
            match run_one(store, mailer, worker, &job, now).await {
                Ok(Finished::Done) => report.done += 1,
                Ok(Finished::Sent) => {
                    report.done += 1;
                    report.emails_sent += 1;
                }
                Ok(Finished::Lost) => report.lost += 1,
                Err(failure) => {
                    tracing::warn!(job = job.job_id, kind = %job.kind, error = %failure.message, "job failed");
                    match record_failure(store, worker, &job, now, &failure).await? {
                        Some(true) => report.given_up += 1,
                        Some(false) => report.retried += 1,
                        None => report.lost += 1,
                    }
                }
            }
        }
    }
    Ok(report)
}

/// One tick of a background worker: the day's jobs scheduled, then every due job run.
pub async fn tick(
    store: &Store,
    mailer: &Mailer,
    worker: &Worker,
    now: DateTime<Utc>,
) -> Result<Report> {
    schedule_day(store, worker.la, now).await?;
    run_due_jobs(store, mailer, worker, now).await
}

async fn run_one(
    store: &Store,
    mailer: &Mailer,
    worker: &Worker,
    job: &JobRow,
    now: DateTime<Utc>,
) -> Result<Finished, Failure> {
    match job.kind.as_str() {
        SEND_EMAIL => send_email(store, mailer, worker, job, now).await,
        ADVICE_REMINDERS => reminders::queue_advice_reminders(store, worker, job, now).await,
        ADVICE_REMINDER => reminders::advice_reminder(store, worker, job, now).await,
        DIGEST => reminders::digest(store, worker, job, now).await,
        other => Err(Failure {
            message: format!("no worker knows the job kind '{other}'"),
            permanent: true,
        }),
    }
}

/// Marks the job done and commits what it did, or rolls it all back if another worker has
/// taken the job over.
async fn finish(mut tx: Tx, worker: &Worker, job: &JobRow, now: DateTime<Utc>) -> Result<Finished> {
    if tx
        .finish_job(job.la_id, job.job_id, &worker.id, now, None)
        .await?
    {
        tx.commit().await?;
        Ok(Finished::Done)
    } else {
        tx.rollback().await?;
        Ok(Finished::Lost)
    }
}

/// Sends one queued email, then marks it sent and the job done.
async fn send_email(
    store: &Store,
    mailer: &Mailer,
    worker: &Worker,
    job: &JobRow,
    now: DateTime<Utc>,
) -> Result<Finished, Failure> {
    let email_id: i64 = job.payload.trim().parse().map_err(|_| Failure {
        message: format!("'{}' is not an email id", job.payload),
        permanent: true,
    })?;
    let mut tx = store.begin_read().await?;
    let email = tx.email(job.la_id, email_id).await?;
    tx.commit().await?;
    let Some(email) = email.filter(|e| e.state == "queued") else {
        // Sent or given up already (or gone): nothing to send.
        return Ok(finish(store.begin().await?, worker, job, now).await?);
    };
    let text = notify::email_text(&email.body, &worker.public_url, &email.link_path);
    mailer
        .send(&email.to_address, &email.subject, &text)
        .await
        .map_err(|message| Failure {
            message,
            permanent: false,
        })?;
    let mut tx = store.begin().await?;
    // Sent is sent: the outbox says so even if another worker has since taken the job.
    tx.record_email_attempt(job.la_id, email_id, Ok(now))
        .await?;
    let kept = tx
        .finish_job(job.la_id, job.job_id, &worker.id, now, None)
        .await?;
    tx.commit().await?;
    Ok(if kept { Finished::Sent } else { Finished::Lost })
}

/// Puts a failed job back for another try after [`backoff`], or gives it up; an email's
/// outbox row records the attempt. Returns whether it was given up, or `None` if another worker
/// holds the job now.
async fn record_failure(
    store: &Store,
    worker: &Worker,
    job: &JobRow,
    now: DateTime<Utc>,
    failure: &Failure,
) -> Result<Option<bool>> {
    let give_up = failure.permanent || job.attempts >= MAX_ATTEMPTS;
    let mut tx = store.begin().await?;
    let kept = if give_up {
        tx.finish_job(
            job.la_id,
            job.job_id,
            &worker.id,
            now,
            Some(&failure.message),
        )
        .await?
    } else {
        tx.retry_job(
            job.la_id,
            job.job_id,
            &worker.id,
            now + backoff(job.attempts),
            &failure.message,
        )
        .await?
    };
    if !kept {
        tx.rollback().await?;
        return Ok(None);
    }
    if job.kind == SEND_EMAIL
        && let Ok(email_id) = job.payload.trim().parse::<i64>()
    {
        tx.record_email_attempt(job.la_id, email_id, Err((&failure.message, give_up)))
            .await?;
    }
    tx.commit().await?;
    Ok(Some(give_up))
}

/// Appends an audit event for something a job wrote.
async fn audit(
    tx: &mut Tx,
    worker: &Worker,
    action: &str,
    record: (&str, i64),
    child_id: Option<i64>,
    detail: String,
) -> Result<()> {
    tx.append_audit(NewAuditEvent {
        la_id: worker.la_id(),
        actor: "jobs".into(),
        action: action.into(),
        record_type: record.0.into(),
        record_id: Some(record.1.to_string()),
        child_id,
        from_addr: worker.id.clone(),
        detail: Some(detail),
    })
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_a_minute_to_at_most_six_hours() {
        assert_eq!(backoff(1), TimeDelta::minutes(1));
        assert_eq!(backoff(2), TimeDelta::minutes(2));
        assert_eq!(backoff(4), TimeDelta::minutes(8));
        assert_eq!(backoff(20), TimeDelta::hours(6));
        assert_eq!(backoff(0), TimeDelta::minutes(1));
    }
}
