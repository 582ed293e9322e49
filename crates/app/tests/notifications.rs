//! Notifications and jobs on both engines, with a real SMTP server on 127.0.0.1 that keeps
//! what arrives: advice reminders reach the adviser alone and name no child; two workers
//! running at once send each email once; a relay that is down loses nothing.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::sync::Arc;

use app::casework::requests::{
    NewAdvice, NewRequest, RequestDecision, decide_request, record_request, request_advice,
};
use app::children::{NewChild, register_child};
use app::jobs::{Worker, run_due_jobs, tick};
use app::mail::Mailer;
use app::notifications::{mark_read, my_notifications};
use app::staff::{NewStaff, add_staff};
use app::testing::{Received, SmtpServer, closed_smtp_address};
use app::{Actor, AppError};
use chrono::{DateTime, Days, NaiveDate, TimeDelta, Utc};
use domain::{LaCode, Role};
use store::{AdviceRow, Store};

const PUBLIC_URL: &str = "http://service.test";

struct Council {
    caseworker: Actor,
    caseworker_email: String,
    /// Professionals with accounts: (actor, email).
    advisers: Vec<(Actor, String)>,
    child_id: i64,
    today: NaiveDate,
}

fn la() -> LaCode {
    LaCode::new(801).unwrap()
}

fn days_ago(today: NaiveDate, n: u64) -> String {
    today.checked_sub_days(Days::new(n)).unwrap().to_string()
}

/// A council with a caseworker, three professionals and a child ("Ada Testcase") being
/// assessed: the request came 60 days ago and the council decided to assess the day after.
async fn council(store: &Store) -> Council {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let admin = Actor::staff(la(), 0, vec![Role::LaAdmin], "test");
    let mut people = Vec::new();
    for (name, email, role) in [
        ("Casey Worker", "casey@example.test", "send_caseworker"),
        ("Pat Psychologist", "pat.ep@example.test", "professional"),
        ("Hari Health", "hari@example.test", "professional"),
        ("Sam Social", "sam@example.test", "professional"),
    ] {
        let member = add_staff(
            store,
            &admin,
            NewStaff {
                name: name.into(),
                email: email.into(),
                roles: vec![role.into()],
                ..Default::default()
            },
        )
        .await
        .unwrap();
        people.push((member.staff_id, email.to_string()));
    }
    let today = Utc::now().date_naive();
    let operator = Actor::operator(la());
    let child_id = register_child(
        store,
        &operator,
        NewChild {
            forename: "Ada".into(),
            surname: "Testcase".into(),
            birth_date: "2018-02-10".into(),
            sex: "F".into(),
            upn_unknown: Some("UN1".into()),
            ..Default::default()
        },
        today,
    )
    .await
    .unwrap();
    let caseworker = Actor::staff(la(), people[0].0, vec![Role::SendCaseworker], "test");
    record_request(
        store,
        &caseworker,
        child_id,
        NewRequest {
            received_on: days_ago(today, 60),
            source: "parent".into(),
        },
        today,
    )
    .await
    .unwrap();
    decide_request(
        store,
        &caseworker,
        child_id,
        RequestDecision {
            decided_on: days_ago(today, 59),
            outcome: "assess".into(),
            reasons: String::new(),
        },
        today,
    )
    .await
    .unwrap();
    let advisers = people[1..]
        .iter()
        .map(|(id, email)| {
            let actor = Actor::staff(la(), *id, vec![Role::Professional], "test");
            (actor, email.clone())
        })
        .collect();
    Council {
        caseworker,
        caseworker_email: people[0].1.clone(),
        advisers,
        child_id,
        today,
    }
}

/// Asks `adviser` for advice, `days` days ago.
async fn ask(store: &Store, c: &Council, adviser: usize, service: &str, days: u64) -> i64 {
    request_advice(
        store,
        &c.caseworker,
        c.child_id,
        NewAdvice {
            service: service.into(),
            adviser: "Psychology service".into(),
            adviser_staff_id: c.advisers[adviser].0.staff_id(),
            requested_on: days_ago(c.today, days),
        },
        c.today,
    )
    .await
    .unwrap()
}

fn worker(id: &str) -> Worker {
    Worker {
        la: la(),
        id: id.into(),
        public_url: PUBLIC_URL.into(),
    }
}

fn smtp_mailer(address: &str) -> Mailer {
    Mailer::smtp(address, "Bristol SEND <send@example.org>").unwrap()
}

fn subject(m: &Received) -> String {
    m.header("Subject").unwrap_or_default()
}

fn to(received: &[Received], address: &str) -> Vec<Received> {
    received
        .iter()
        .filter(|m| m.recipients.iter().any(|r| r == address))
        .cloned()
        .collect()
}

async fn an_advice_reminder_goes_to_the_adviser_alone_and_names_no_child(store: &Store) {
    let c = council(store).await;
    // Asked 36 days ago: due in 6 days (6 weeks, reg 8), so the week-before reminder is owed.
    let advice_id = ask(store, &c, 0, "educational_psychology", 36).await;
    let reference = format!("ADV-801-{advice_id}");
    let smtp = SmtpServer::start().await;
    let report = tick(
        store,
        &smtp_mailer(&smtp.address),
        &worker("w1"),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(
        report.given_up + report.retried + report.lost,
        0,
        "{report:?}"
    );

    let received = smtp.received();
    let pat = &c.advisers[0].1;
    let to_pat = to(&received, pat);
    let subjects: Vec<String> = to_pat.iter().map(subject).collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(subjects[0].starts_with(&format!("Advice requested: {reference}, due ")));
    assert!(subjects[1].starts_with(&format!("Reminder: advice {reference} is due ")));
    for message in &received {
        assert_eq!(message.recipients.len(), 1, "one recipient per email");
        let body = message.body();
        for name in ["Ada", "Testcase"] {
            assert!(!message.data.contains(name), "no child name: {body}");
        }
        assert!(
            body.contains("Sign in to see it: http://service.test/"),
            "{body}"
        );
    }
    let reminder = to_pat[1].body();
    assert!(
        reminder.contains(&format!(
            "reference {reference}, has not reached the council yet"
        )),
        "what changed: {reminder}"
    );
    assert!(
        reminder.contains("Send your advice to the SEND team by the due date"),
        "what to do next: {reminder}"
    );
    // The case's next deadline is that advice, due within 14 days: the caseworker's digest.
    let digest = to(&received, &c.caseworker_email);
    assert_eq!(digest.len(), 1);
    assert!(subject(&digest[0]).contains("0 overdue, 1 due soon"));
    assert!(digest[0].body().contains("/casework"));
    assert_eq!(received.len(), 3, "nobody else was written to");

    // Run again, and again tomorrow's worker would not repeat today's: nothing new is sent.
    let again = tick(
        store,
        &smtp_mailer(&smtp.address),
        &worker("w2"),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(again.emails_sent, 0, "{again:?}");
    assert_eq!(smtp.received().len(), 3);

    // The same messages are in the adviser's portal, newest first, and can be marked read.
    let pat_actor = &c.advisers[0].0;
    let inbox = my_notifications(store, pat_actor).await.unwrap();
    assert_eq!((inbox.notifications.len(), inbox.unread), (2, 2));
    let newest = &inbox.notifications[0];
    assert!(newest.subject.starts_with("Reminder:"), "{newest:?}");
    assert!(
        newest.what_next.starts_with("Send your advice"),
        "{newest:?}"
    );
    for n in &inbox.notifications {
        assert!(!n.what_changed.contains("Ada") && !n.subject.contains("Testcase"));
    }
    mark_read(store, pat_actor, newest.notification_id)
        .await
        .unwrap();
    assert_eq!(my_notifications(store, pat_actor).await.unwrap().unread, 1);
    // Someone else's notification is not found, and theirs are not listed.
    let err = mark_read(store, &c.caseworker, newest.notification_id)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::NotFound(_)), "{err:?}");
    let theirs = my_notifications(store, &c.caseworker).await.unwrap();
    assert_eq!(theirs.notifications.len(), 1, "only the digest");
    let err = my_notifications(store, &Actor::operator(la()))
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
}

async fn an_unknown_adviser_is_refused_and_nothing_is_saved(store: &Store) {
    let c = council(store).await;
    let err = request_advice(
        store,
        &c.caseworker,
        c.child_id,
        NewAdvice {
            service: "health".into(),
            adviser: String::new(),
            adviser_staff_id: Some(999),
            requested_on: days_ago(c.today, 1),
        },
        c.today,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Invalid(_)), "{err:?}");
    let mut tx = store.begin_read().await.unwrap();
    let advice: Vec<AdviceRow> = tx.records_of_child(801, c.child_id).await.unwrap();
    assert!(advice.is_empty());
    assert!(tx.emails(801).await.unwrap().is_empty());
}

async fn a_failed_send_keeps_the_email_queued_and_the_advice_saved(store: &Store) {
    let c = council(store).await;
    let advice_id = ask(store, &c, 1, "health", 2).await;
    let now = Utc::now();

    // No relay configured: the email waits in the outbox, untouched.
    let report = run_due_jobs(store, &Mailer::None, &worker("w1"), now)
        .await
        .unwrap();
    assert_eq!(report.claimed, 0, "{report:?}");

    // The relay is down: the send fails, and is queued to try again after a minute.
    let down = smtp_mailer(&closed_smtp_address().await);
    let report = run_due_jobs(store, &down, &worker("w1"), now)
        .await
        .unwrap();
    assert_eq!((report.retried, report.emails_sent), (1, 0), "{report:?}");
    let mut tx = store.begin_read().await.unwrap();
    let emails = tx.emails(801).await.unwrap();
    let advice: Option<AdviceRow> = tx.record(801, advice_id).await.unwrap();
    let jobs = tx.jobs(801).await.unwrap();
    tx.commit().await.unwrap();
    assert!(advice.is_some(), "the change is kept");
    assert_eq!(emails.len(), 1);
    assert_eq!(
        (emails[0].state.as_str(), emails[0].attempts),
        ("queued", 1)
    );
    assert!(emails[0].last_error.is_some());
    assert_eq!(jobs[0].done_at, None);
    assert!(jobs[0].run_after > now, "backoff: {:?}", jobs[0].run_after);
    let report = run_due_jobs(store, &down, &worker("w1"), now)
        .await
        .unwrap();
    assert_eq!(report.claimed, 0, "not tried again before the backoff");

    // The relay is back: the next run after the backoff sends it, once.
    let smtp = SmtpServer::start().await;
    let later = now + TimeDelta::minutes(2);
    let report = run_due_jobs(store, &smtp_mailer(&smtp.address), &worker("w2"), later)
        .await
        .unwrap();
    assert_eq!(report.emails_sent, 1, "{report:?}");
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].recipients, [c.advisers[1].1.clone()]);
    let mut tx = store.begin_read().await.unwrap();
    let email = tx.emails(801).await.unwrap().remove(0);
    assert_eq!((email.state.as_str(), email.attempts), ("sent", 2));
}

store::on_both_engines!(
    an_advice_reminder_goes_to_the_adviser_alone_and_names_no_child,
    an_unknown_adviser_is_refused_and_nothing_is_saved,
    a_failed_send_keeps_the_email_queued_and_the_advice_saved,
);

/// Two workers, each with its own connection pool as two server processes would have, run the
/// same due jobs at the same moment. Every email arrives exactly once.
async fn two_workers_at_once_send_each_reminder_once(engine: store::Engine) {
    let db = store::testing::TestDb::new(engine).await;
    let store = &db.store;
    let c = council(store).await;
    // Six requests for advice: two due within a week, two overdue, two not yet near.
    let mut owed = 0;
    for (adviser, service, days) in [
        (0, "educational_psychology", 36),
        (1, "health", 40),
        (2, "social_care", 45),
        (0, "other", 50),
        (1, "education", 10),
        (2, "other", 3),
    ] {
        ask(store, &c, adviser, service, days).await;
        if days >= 35 {
            owed += 1;
        }
    }
    let other_process = Store::connect(&db.location).await.unwrap();
    // A relay that takes a while over each message, so the two workers' sending overlaps.
    let smtp = SmtpServer::start_slow(std::time::Duration::from_millis(40)).await;
    let now: DateTime<Utc> = Utc::now();
    let start = Arc::new(tokio::sync::Barrier::new(2));
    let runs: Vec<_> = [(store.clone(), "a"), (other_process.clone(), "b")]
        .into_iter()
        .map(|(store, id)| {
            let (start, mailer) = (start.clone(), smtp_mailer(&smtp.address));
            tokio::spawn(async move {
                start.wait().await;
                // Each worker keeps at it, as a polling worker would, until no job is left.
                let mut total = app::jobs::Report::default();
                for _ in 0..50 {
                    let r = tick(&store, &mailer, &worker(id), now).await.unwrap();
                    total.claimed += r.claimed;
                    total.emails_sent += r.emails_sent;
                    total.retried += r.retried + r.given_up + r.lost;
                    let mut tx = store.begin_read().await.unwrap();
                    let left = tx.jobs(801).await.unwrap();
                    tx.commit().await.unwrap();
                    if left.iter().all(|j| j.done_at.is_some()) {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                }
                total
            })
        })
        .collect();
    let mut sent = 0;
    for run in runs {
        let report = run.await.unwrap();
        assert_eq!(report.retried, 0, "nothing failed or was lost: {report:?}");
        assert!(
            report.claimed > 0,
            "both workers did some of the work: {report:?}"
        );
        sent += report.emails_sent;
    }

    // Six "advice requested", one reminder per owed request, one digest for the caseworker.
    let expected = 6 + owed + 1;
    let received = smtp.received();
    let mut copies: BTreeMap<(String, String), u32> = BTreeMap::new();
    for m in &received {
        *copies
            .entry((m.recipients.join(","), subject(m)))
            .or_default() += 1;
    }
    assert!(copies.values().all(|n| *n == 1), "{copies:#?}");
    assert_eq!(received.len(), expected, "{copies:#?}");
    assert_eq!(sent as usize, expected);
    let reminders = copies
        .keys()
        .filter(|(_, s)| s.starts_with("Reminder:") || s.starts_with("Overdue:"))
        .count();
    assert_eq!(reminders, owed);

    let mut tx = store.begin_read().await.unwrap();
    let jobs = tx.jobs(801).await.unwrap();
    let emails = tx.emails(801).await.unwrap();
    tx.commit().await.unwrap();
    assert!(jobs.iter().all(|j| j.done_at.is_some()), "{jobs:#?}");
    assert!(
        emails.iter().all(|e| e.state == "sent" && e.attempts == 1),
        "{emails:#?}"
    );
    other_process.close().await;
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_two_workers_at_once_send_each_reminder_once() {
    two_workers_at_once_send_each_reminder_once(store::Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_two_workers_at_once_send_each_reminder_once() {
    two_workers_at_once_send_each_reminder_once(store::Engine::Postgres).await;
}
