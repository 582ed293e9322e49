//! The jobs that write notifications: reminders to professionals about advice due or overdue,
//! and caseworkers' daily digests. Each writes its messages, its audit events and its own
//! completion in one transaction.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use domain::clock::advice_due_on;
use domain::clock::deadline::DUE_SOON_DAYS;
use store::{AdviceRow, JobRow, NewJob};

use super::{Failure, Finished, Worker, audit, finish};
use crate::Store;
use crate::error::AppError;
use crate::notify::{self, Recipient};

/// The daily scan that queues each advice reminder that has fallen due.
pub const ADVICE_REMINDERS: &str = "advice_reminders";
/// One reminder to one adviser about one advice request.
pub const ADVICE_REMINDER: &str = "advice_reminder";
/// The daily summary for each caseworker.
pub const DIGEST: &str = "digest";

/// Days before advice is due that the adviser is reminded. A service choice, not a rule of
/// law: a week leaves time to write advice before the 6 weeks of reg 8 run out.
pub const REMINDER_DAYS_BEFORE: i64 = 7;
/// Days after the due date within which an overdue reminder is still sent. Advice overdue for
/// longer (imported history, a worker down for weeks) is chased by the caseworker, not by a
/// burst of late emails.
pub const OVERDUE_REMINDER_WINDOW_DAYS: i64 = 28;

/// Which reminder an advice request is owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    /// Due within [`REMINDER_DAYS_BEFORE`] days.
    Before,
    /// Past the due date: sent from the day after it.
    Overdue,
}

impl Reminder {
    fn code(self) -> &'static str {
        match self {
            Reminder::Before => "before",
            Reminder::Overdue => "overdue",
        }
    }
}

/// The reminder owed on `today` for advice due on `due_on` (6 weeks after the request, SEND
/// Regulations 2014 reg 8), if any. Each is sent at most once (the job's dedupe key), so a
/// scan that misses days still sends it when it next runs.
pub fn reminder_due(today: NaiveDate, due_on: NaiveDate) -> Option<Reminder> {
    let days_left = (due_on - today).num_days();
    if (0..=REMINDER_DAYS_BEFORE).contains(&days_left) {
        Some(Reminder::Before)
    } else if (-OVERDUE_REMINDER_WINDOW_DAYS..0).contains(&days_left) {
        Some(Reminder::Overdue)
    } else {
        None
    }
}

/// The day a daily job is for: its payload, or the day it runs.
fn job_day(job: &JobRow, now: DateTime<Utc>) -> NaiveDate {
    job.payload.trim().parse().unwrap_or(now.date_naive())
}

/// Queues a reminder job for each advice request from a professional with an account that is
/// owed one today. Queueing a reminder queued before does nothing.
pub(super) async fn queue_advice_reminders(
    store: &Store,
    worker: &Worker,
    job: &JobRow,
    now: DateTime<Utc>,
) -> Result<Finished, Failure> {
    let today = job_day(job, now);
    let mut tx = store.begin().await?;
    let mut queued = 0;
    for advice in tx.advice_awaited_from_advisers(job.la_id).await? {
        let Some(reminder) = reminder_due(today, advice_due_on(advice.requested_on)) else {
            continue;
        };
        let new = NewJob {
            la_id: job.la_id,
            kind: ADVICE_REMINDER.into(),
            dedupe_key: format!("advice-reminder:{}:{}", advice.advice_id, reminder.code()),
            payload: format!("{} {}", advice.advice_id, reminder.code()),
            run_after: now,
            created_at: now,
        };
        if tx.enqueue_job(&new).await? {
            queued += 1;
        }
    }
    if queued > 0 {
        audit(
            &mut tx,
            worker,
            "jobs.advice_reminders",
            ("job", job.job_id),
            None,
            format!("{queued} reminders queued for {today}"),
        )
        .await?;
    }
    Ok(finish(tx, worker, job, now).await?)
}

/// Sends one reminder to the adviser, unless the advice has arrived since it was queued (or a
/// "due soon" reminder comes too late to help: the overdue one follows).
pub(super) async fn advice_reminder(
    store: &Store,
    worker: &Worker,
    job: &JobRow,
    now: DateTime<Utc>,
) -> Result<Finished, Failure> {
    let bad = || Failure {
        message: format!("'{}' is not an advice reminder", job.payload),
        permanent: true,
    };
    let (id, which) = job.payload.trim().split_once(' ').ok_or_else(bad)?;
    let advice_id: i64 = id.parse().map_err(|_| bad())?;
    let which = match which {
        "before" => Reminder::Before,
        "overdue" => Reminder::Overdue,
        _ => return Err(bad()),
    };
    let mut tx = store.begin().await?;
    let advice: Option<AdviceRow> = tx.record(job.la_id, advice_id).await?;
    let owed = advice.filter(|a| a.received_on.is_none());
    if let Some((advice, adviser)) = owed.and_then(|a| a.adviser_staff_id.map(|s| (a, s))) {
        let due_on = advice_due_on(advice.requested_on);
        let notice = match which {
            Reminder::Before if now.date_naive() > due_on => None,
            Reminder::Before => Some(notify::advice_due_soon(
                job.la_id,
                advice_id,
                advice.child_id,
                due_on,
            )),
            Reminder::Overdue => Some(notify::advice_overdue(
                job.la_id,
                advice_id,
                advice.child_id,
                due_on,
            )),
        };
        if let Some(notice) = notice {
            match notify::notify(&mut tx, job.la_id, Recipient::Staff(adviser), &notice, now).await
            {
                Ok(queued) => {
                    audit(
                        &mut tx,
                        worker,
                        "notification.advice_reminder",
                        ("advice", advice_id),
                        Some(advice.child_id),
                        format!(
                            "{} reminder to staff:{adviser} (notification {})",
                            which.code(),
                            queued.notification_id
                        ),
                    )
                    .await?;
                }
                // The adviser's account has gone: there is no one to remind.
                Err(AppError::NotFound(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(finish(tx, worker, job, now).await?)
}

/// Sends each caseworker with cases overdue or due soon a summary: counts and a link to their
/// work tray, no names.
pub(super) async fn digest(
    store: &Store,
    worker: &Worker,
    job: &JobRow,
    now: DateTime<Utc>,
) -> Result<Finished, Failure> {
    let today = job_day(job, now);
    let soon_until = today + TimeDelta::days(DUE_SOON_DAYS);
    let mut tx = store.begin().await?;
    let mut sent = 0;
    for load in tx.caseloads(job.la_id, today, soon_until).await? {
        let Some(caseworker) = load.caseworker_id else {
            continue;
        };
        if load.overdue + load.due_soon == 0 {
            continue;
        }
        let notice = notify::caseworker_digest(today, load.overdue, load.due_soon, DUE_SOON_DAYS);
        notify::notify(
            &mut tx,
            job.la_id,
            Recipient::Staff(caseworker),
            &notice,
            now,
        )
        .await?;
        sent += 1;
    }
    if sent > 0 {
        audit(
            &mut tx,
            worker,
            "notification.digest",
            ("job", job.job_id),
            None,
            format!("{sent} caseworkers sent the digest for {today}"),
        )
        .await?;
    }
    Ok(finish(tx, worker, job, now).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn a_reminder_a_week_before_and_one_from_the_day_after_the_due_date() {
        // Advice asked for on 2026-10-12 is due 6 weeks later, on 2026-11-23 (reg 8).
        let due = advice_due_on(d("2026-10-12"));
        assert_eq!(due, d("2026-11-23"));
        assert_eq!(reminder_due(d("2026-11-15"), due), None);
        assert_eq!(reminder_due(d("2026-11-16"), due), Some(Reminder::Before));
        assert_eq!(reminder_due(d("2026-11-23"), due), Some(Reminder::Before));
        assert_eq!(reminder_due(d("2026-11-24"), due), Some(Reminder::Overdue));
        assert_eq!(reminder_due(d("2026-12-21"), due), Some(Reminder::Overdue));
        assert_eq!(reminder_due(d("2026-12-22"), due), None);
    }
}
