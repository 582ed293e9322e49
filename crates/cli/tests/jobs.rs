//! `highneeds jobs run` through the real binary: the day's jobs are queued and run once,
//! however often cron calls it.

#![allow(clippy::unwrap_used)]

mod common;
use common::*;

#[test]
fn jobs_run_queues_the_days_jobs_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hn.db");
    let db = db.to_str().unwrap();
    let first = highneeds(&["jobs", "run", "--db", db, "--la", "801"]);
    assert!(first.status.success(), "{}", stderr(&first));
    // The advice reminder scan and the caseworkers' digest; nothing is owed in an empty council.
    assert!(
        stdout(&first).contains("2 jobs run: 2 done, 0 emails sent, 0 to try again, 0 given up."),
        "{}",
        stdout(&first)
    );
    assert!(
        stdout(&first).contains("Emails wait in the outbox until a run with --smtp."),
        "{}",
        stdout(&first)
    );
    let second = highneeds(&["jobs", "run", "--db", db, "--la", "801"]);
    assert!(
        stdout(&second).contains("0 jobs run"),
        "{}",
        stdout(&second)
    );
}

#[test]
fn jobs_run_refuses_a_bad_relay_address_before_touching_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hn.db");
    let out = highneeds(&[
        "jobs",
        "run",
        "--db",
        db.to_str().unwrap(),
        "--la",
        "801",
        "--smtp",
        "no-port",
    ]);
    fails_with_one_line(&out, "--smtp: 'no-port' is not HOST:PORT");
    assert!(!db.exists());
}
