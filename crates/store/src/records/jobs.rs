//! Background jobs shared by any number of server processes. A job is queued once per
//! dedupe key, claimed by one worker at a time for a lease, and marked done in the same
//! transaction as its effects.
//!
//! Claiming is one statement for both engines. On PostgreSQL the select takes row locks with
//! `FOR UPDATE SKIP LOCKED`, so two workers claiming at the same moment take different jobs
//! and neither waits; SeaQuery leaves the clause out for SQLite, which has no row locks and
//! needs none: a claim runs in a write transaction (`BEGIN IMMEDIATE`), and SQLite has one
//! writer at a time, so claims happen one after the other and each sees the claims before it.

use chrono::{DateTime, Utc};
use sea_query::{Cond, Expr, ExprTrait, LockBehavior, LockType, OnConflict, Order, Query};

use crate::engine::Tx;
use crate::error::{Result, StoreError};
use crate::schema::Jobs as J;

/// A queued job.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct JobRow {
    pub la_id: i64,
    pub job_id: i64,
    pub kind: String,
    pub dedupe_key: String,
    pub payload: String,
    pub run_after: DateTime<Utc>,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<DateTime<Utc>>,
    /// Times claimed, including this one.
    pub attempts: i64,
    pub done_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A job to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub la_id: i64,
    pub kind: String,
    /// The same key is queued at most once in a council, ever.
    pub dedupe_key: String,
    pub payload: String,
    pub run_after: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

const JOB_COLUMNS: [J; 12] = [
    J::LaId,
    J::JobId,
    J::Kind,
    J::DedupeKey,
    J::Payload,
    J::RunAfter,
    J::ClaimedBy,
    J::ClaimedUntil,
    J::Attempts,
    J::DoneAt,
    J::LastError,
    J::CreatedAt,
];

#[derive(sqlx::FromRow)]
struct JobKey {
    job_id: i64,
}

impl Tx {
    /// Whether a job with this key has ever been queued.
    pub async fn job_queued(&mut self, la_id: i64, dedupe_key: &str) -> Result<bool> {
        let found: Option<JobKey> = self
            .fetch_optional(
                Query::select()
                    .column(J::JobId)
                    .from(J::Table)
                    .and_where(Expr::col(J::LaId).eq(la_id))
                    .and_where(Expr::col(J::DedupeKey).eq(dedupe_key)),
            )
            .await?;
        Ok(found.is_some())
    }

    /// Queues a job unless its dedupe key has been queued before. Returns whether it was
    /// queued. Two transactions queueing the same key at once both succeed and one job exists:
    /// the unique index decides, and the loser's insert does nothing.
    pub async fn enqueue_job(&mut self, job: &NewJob) -> Result<bool> {
        if self.job_queued(job.la_id, &job.dedupe_key).await? {
            return Ok(false);
        }
        let job_id = self.allocate_ids(job.la_id, "jobs", 1).await?;
        let inserted = self
            .execute(
                Query::insert()
                    .into_table(J::Table)
                    .columns([
                        J::LaId,
                        J::JobId,
                        J::Kind,
                        J::DedupeKey,
                        J::Payload,
                        J::RunAfter,
                        J::CreatedAt,
                    ])
                    .values_panic([
                        job.la_id.into(),
                        job_id.into(),
                        job.kind.clone().into(),
                        job.dedupe_key.clone().into(),
                        job.payload.clone().into(),
                        job.run_after.into(),
                        job.created_at.into(),
                    ])
                    .on_conflict(
                        OnConflict::columns([J::LaId, J::DedupeKey])
                            .do_nothing()
                            .to_owned(),
                    ),
            )
            .await?;
        Ok(inserted == 1)
    }

    /// Claims up to `limit` of a council's due jobs for `worker` until `lease_until`: jobs not
    /// done, due by `now`, and not held by a worker whose lease is still running. Jobs of the
    /// kinds in `skip_kinds` are left for another worker. Must run in a write transaction
    /// ([`crate::Store::begin`]); commit it at once, then run the jobs.
    pub async fn claim_jobs(
        &mut self,
        la_id: i64,
        worker: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u64,
        skip_kinds: &[&str],
    ) -> Result<Vec<JobRow>> {
        if self.is_read() {
            return Err(StoreError::corrupt(
                "claim_jobs",
                "jobs are claimed in a write transaction, which serialises claimers on SQLite",
            ));
        }
        let mut due = Query::select();
        due.column(J::JobId)
            .from(J::Table)
            .and_where(Expr::col(J::LaId).eq(la_id))
            .and_where(Expr::col(J::DoneAt).is_null())
            .and_where(Expr::col(J::RunAfter).lte(now))
            .cond_where(
                Cond::any()
                    .add(Expr::col(J::ClaimedUntil).is_null())
                    .add(Expr::col(J::ClaimedUntil).lt(now)),
            )
            .order_by(J::RunAfter, Order::Asc)
            .order_by(J::JobId, Order::Asc)
            .limit(limit)
            .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        if !skip_kinds.is_empty() {
            due.and_where(Expr::col(J::Kind).is_not_in(skip_kinds.iter().copied()));
        }
        let ids: Vec<JobKey> = self.fetch_all(&due).await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut claimed: Vec<JobRow> = self
            .fetch_all(
                Query::update()
                    .table(J::Table)
                    .value(J::ClaimedBy, worker)
                    .value(J::ClaimedUntil, lease_until)
                    .value(J::Attempts, Expr::col(J::Attempts).add(1))
                    .and_where(Expr::col(J::LaId).eq(la_id))
                    .and_where(Expr::col(J::JobId).is_in(ids.iter().map(|k| k.job_id)))
                    .returning(Query::returning().columns(JOB_COLUMNS)),
            )
            .await?;
        claimed.sort_by_key(|j| (j.run_after, j.job_id));
        Ok(claimed)
    }

    /// Marks a job done (with the error that made the worker give up, if any), only while
    /// `worker` still holds it. Returns false if another worker has taken it over: the caller
    /// then rolls back whatever the job did.
    pub async fn finish_job(
        &mut self,
        la_id: i64,
        job_id: i64,
        worker: &str,
        at: DateTime<Utc>,
        error: Option<&str>,
    ) -> Result<bool> {
        let mut update = Query::update();
        update
            .table(J::Table)
            .value(J::DoneAt, at)
            .value(J::ClaimedUntil, None::<DateTime<Utc>>)
            .and_where(Expr::col(J::LaId).eq(la_id))
            .and_where(Expr::col(J::JobId).eq(job_id))
            .and_where(Expr::col(J::ClaimedBy).eq(worker))
            .and_where(Expr::col(J::DoneAt).is_null());
        if let Some(error) = error {
            update.value(J::LastError, error);
        }
        Ok(self.execute(&update).await? == 1)
    }

    /// Puts a failed job back in the queue to run again after `run_after`, only while `worker`
    /// still holds it.
    pub async fn retry_job(
        &mut self,
        la_id: i64,
        job_id: i64,
        worker: &str,
        run_after: DateTime<Utc>,
        error: &str,
    ) -> Result<bool> {
        let changed = self
            .execute(
                Query::update()
                    .table(J::Table)
                    .value(J::RunAfter, run_after)
                    .value(J::ClaimedBy, None::<String>)
                    .value(J::ClaimedUntil, None::<DateTime<Utc>>)
                    .value(J::LastError, error)
                    .and_where(Expr::col(J::LaId).eq(la_id))
                    .and_where(Expr::col(J::JobId).eq(job_id))
                    .and_where(Expr::col(J::ClaimedBy).eq(worker))
                    .and_where(Expr::col(J::DoneAt).is_null()),
            )
            .await?;
        Ok(changed == 1)
    }

    /// A council's jobs, oldest first: for checks and the operator.
    pub async fn jobs(&mut self, la_id: i64) -> Result<Vec<JobRow>> {
        self.fetch_all(
            Query::select()
                .columns(JOB_COLUMNS)
                .from(J::Table)
                .and_where(Expr::col(J::LaId).eq(la_id))
                .order_by(J::JobId, Order::Asc),
        )
        .await
    }
}
