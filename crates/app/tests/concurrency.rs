//! Many use cases at once: each reads and then writes its audit event, so on SQLite they must
//! queue for the write lock rather than fail. Found by the load benchmark.

#![allow(clippy::unwrap_used)]

use app::Actor;
use app::children::{NewChild, register_child, view_child};
use chrono::Utc;
use domain::LaCode;
use store::Store;

async fn forty_concurrent_reads_of_a_child_all_succeed(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let operator = Actor::operator(LaCode::new(801).unwrap());
    let today = Utc::now().date_naive();
    let new = NewChild {
        forename: "Amara".into(),
        surname: "Busywood".into(),
        birth_date: "2016-05-04".into(),
        sex: "F".into(),
        upn_unknown: Some("UN1".into()),
        ..Default::default()
    };
    let id = register_child(store, &operator, new, today).await.unwrap();
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let store = store.clone();
            let operator = operator.clone();
            tokio::spawn(async move {
                view_child(&store, &operator, id, today)
                    .await
                    .map(|c| c.child_id)
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), id);
    }
    let mut tx = store.begin().await.unwrap();
    let reads = tx
        .audit_for_child(801, id, 100)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == "child.read")
        .count();
    assert_eq!(reads, 40, "every read was audited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite() {
    let db = store::testing::TestDb::new(store::Engine::Sqlite).await;
    forty_concurrent_reads_of_a_child_all_succeed(&db.store).await;
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres() {
    let db = store::testing::TestDb::new(store::Engine::Postgres).await;
    forty_concurrent_reads_of_a_child_all_succeed(&db.store).await;
    db.cleanup().await;
}
