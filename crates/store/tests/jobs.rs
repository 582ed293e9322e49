//! The jobs table's contract on both engines: a dedupe key is queued once however many try at
//! once; claimers working at the same moment, each on its own connection pool as separate
//! server processes would be, never claim the same job; a lease that runs out lets another
//! worker take the job, and the first can then no longer finish it.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use store::testing::TestDb;
use store::{Engine, NewJob, Store};

async fn with_council(engine: Engine) -> TestDb {
    let db = TestDb::new(engine).await;
    let mut tx = db.store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    db
}

fn job(key: &str, now: DateTime<Utc>) -> NewJob {
    NewJob {
        la_id: 801,
        kind: "test".into(),
        dedupe_key: key.into(),
        payload: String::new(),
        run_after: now,
        created_at: now,
    }
}

async fn concurrent_claims_never_share_a_job(engine: Engine) {
    let db = with_council(engine).await;
    let now = Utc::now();
    let mut tx = db.store.begin().await.unwrap();
    for i in 0..200 {
        assert!(
            tx.enqueue_job(&job(&format!("job:{i}"), now))
                .await
                .unwrap()
        );
    }
    tx.commit().await.unwrap();
    let start = Arc::new(tokio::sync::Barrier::new(8));
    let mut claimers = Vec::new();
    for w in 0..8 {
        let store = Store::connect(&db.location).await.unwrap();
        let start = start.clone();
        claimers.push(tokio::spawn(async move {
            start.wait().await;
            let mut mine = Vec::new();
            loop {
                let mut tx = store.begin().await.unwrap();
                let jobs = tx
                    .claim_jobs(
                        801,
                        &format!("w{w}"),
                        now,
                        now + TimeDelta::minutes(5),
                        3,
                        &[],
                    )
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                if jobs.is_empty() {
                    break;
                }
                mine.extend(jobs.iter().map(|j| j.job_id));
            }
            store.close().await;
            mine
        }));
    }
    let mut claims: BTreeMap<i64, u32> = BTreeMap::new();
    let mut busy = 0;
    for claimer in claimers {
        let mine = claimer.await.unwrap();
        busy += usize::from(!mine.is_empty());
        for id in mine {
            *claims.entry(id).or_default() += 1;
        }
    }
    let twice: Vec<_> = claims.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "claimed more than once: {twice:?}");
    assert_eq!(claims.len(), 200, "every job claimed");
    assert!(busy > 1, "the claimers shared the work");
    db.cleanup().await;
}

async fn a_dedupe_key_is_queued_once_however_many_try(engine: Engine) {
    let db = with_council(engine).await;
    let now = Utc::now();
    let start = Arc::new(tokio::sync::Barrier::new(8));
    let tries: Vec<_> = (0..8)
        .map(|_| {
            let (store, start) = (db.store.clone(), start.clone());
            tokio::spawn(async move {
                start.wait().await;
                let mut tx = store.begin().await.unwrap();
                let queued = tx
                    .enqueue_job(&job("digest:2026-11-23", now))
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                queued
            })
        })
        .collect();
    let mut queued = 0;
    for t in tries {
        queued += u32::from(t.await.unwrap());
    }
    assert_eq!(queued, 1);
    let mut tx = db.store.begin_read().await.unwrap();
    assert_eq!(tx.jobs(801).await.unwrap().len(), 1);
    tx.commit().await.unwrap();
    db.cleanup().await;
}

async fn an_expired_lease_passes_the_job_on(engine: Engine) {
    let db = with_council(engine).await;
    let store = &db.store;
    let now = Utc::now();
    let mut tx = store.begin().await.unwrap();
    tx.enqueue_job(&job("reminder:1", now)).await.unwrap();
    let first = tx
        .claim_jobs(801, "w1", now, now + TimeDelta::minutes(5), 5, &[])
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].attempts, 1);
    // Held: nobody else gets it while the lease runs, nor a kind that is skipped.
    let none = tx
        .claim_jobs(801, "w2", now + TimeDelta::minutes(4), now, 5, &[])
        .await
        .unwrap();
    assert!(none.is_empty());
    // The lease runs out (w1 died, say): w2 takes the job, and w1 can no longer finish it.
    let later = now + TimeDelta::minutes(6);
    let second = tx
        .claim_jobs(801, "w2", later, later + TimeDelta::minutes(5), 5, &[])
        .await
        .unwrap();
    assert_eq!((second.len(), second[0].attempts), (1, 2));
    let id = second[0].job_id;
    assert!(!tx.finish_job(801, id, "w1", later, None).await.unwrap());
    assert!(tx.finish_job(801, id, "w2", later, None).await.unwrap());
    let done = tx
        .claim_jobs(801, "w3", later + TimeDelta::hours(1), later, 5, &[])
        .await
        .unwrap();
    assert!(done.is_empty(), "a done job is never claimed");
    // Skipped kinds stay for another worker.
    tx.enqueue_job(&job("other:1", now)).await.unwrap();
    let skipped = tx
        .claim_jobs(801, "w3", later, later, 5, &["test"])
        .await
        .unwrap();
    assert!(skipped.is_empty());
    tx.commit().await.unwrap();
    if engine == Engine::Sqlite {
        // A read transaction cannot serialise claimers on SQLite: refused.
        let mut read = store.begin_read().await.unwrap();
        assert!(
            read.claim_jobs(801, "w4", later, later, 5, &[])
                .await
                .is_err()
        );
    }
    db.cleanup().await;
}

macro_rules! both {
    ($($name:ident),*) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name(store::Engine::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name(store::Engine::Postgres).await;
                }
            )*
        }
    };
}

both!(
    concurrent_claims_never_share_a_job,
    a_dedupe_key_is_queued_once_however_many_try,
    an_expired_lease_passes_the_job_on
);
