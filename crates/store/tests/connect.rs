//! Opening a database: the messages a person sees when `--db` is wrong.

#![allow(clippy::unwrap_used)]

use store::{Location, Store, StoreError};

#[tokio::test]
async fn a_file_that_is_not_a_database_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    let notes = "these are meeting notes, not a database ".repeat(200);
    std::fs::write(&path, &notes).unwrap();
    let err = Store::connect(&Location::Sqlite(path.clone()))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with("--db: "), "{message}");
    assert!(
        message.contains("notes.txt is not a SQLite database"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        notes,
        "the file is left as it was"
    );
}

#[tokio::test]
async fn a_missing_folder_is_named() {
    let err = Store::connect(&Location::parse("/no/such/folder/hn.db").unwrap())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "--db: the folder /no/such/folder does not exist"
    );
}

#[tokio::test]
async fn an_unreachable_postgres_says_where_and_why() {
    // Port 1 on loopback: nothing listens there.
    let location = Location::parse("postgres://hn:secret@127.0.0.1:1/highneeds").unwrap();
    let err = Store::connect(&location).await.unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, StoreError::Unreachable { .. }), "{err:?}");
    assert!(
        message.starts_with("cannot reach the database at postgres://hn:***@127.0.0.1:1/highneeds"),
        "{message}"
    );
    assert!(
        !message.contains("secret"),
        "the password is not shown: {message}"
    );
}

#[tokio::test]
async fn a_new_file_is_created_in_wal_mode_with_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let location = Location::Sqlite(dir.path().join("new.db"));
    let store = Store::open(&location).await.unwrap();
    let tables = store::introspect::tables(&store).await.unwrap();
    assert!(tables.contains(&"children".to_string()), "{tables:?}");
    store.close().await;
    assert!(dir.path().join("new.db").exists());
}

/// A page that only reads is served while a writer holds SQLite's write lock, from the
/// snapshot before the write, instead of waiting for the lock (WAL and a deferred transaction).
#[tokio::test]
async fn on_sqlite_a_reader_is_not_held_up_by_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&Location::Sqlite(dir.path().join("hn.db")))
        .await
        .unwrap();
    let council = store::testing::bristol();
    let mut writer = store.begin().await.unwrap();
    writer
        .upsert_local_authorities(std::slice::from_ref(&council))
        .await
        .unwrap();
    let read = async {
        let mut reader = store.begin_read().await.unwrap();
        let seen = reader.local_authority(council.la_id).await.unwrap();
        reader.commit().await.unwrap();
        seen
    };
    // Were the reader queued behind the writer, it would wait out the 10-second busy timeout.
    let seen = tokio::time::timeout(std::time::Duration::from_secs(5), read)
        .await
        .expect("the reader did not wait for the writer");
    assert_eq!(
        seen, None,
        "the reader sees the database as it was before the write"
    );
    writer.commit().await.unwrap();
    let mut reader = store.begin_read().await.unwrap();
    assert!(
        reader
            .local_authority(council.la_id)
            .await
            .unwrap()
            .is_some()
    );
    reader.commit().await.unwrap();
    store.close().await;
}

/// Many writers at once all get their turn, none fails with "database is locked", and none
/// is lost: each takes the next id in turn.
#[tokio::test]
async fn on_sqlite_concurrent_writers_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&Location::Sqlite(dir.path().join("hn.db")))
        .await
        .unwrap();
    let council = store::testing::bristol();
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(std::slice::from_ref(&council))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let writers = (0..64).map(|_| {
        let store = store.clone();
        tokio::spawn(async move {
            let mut tx = store.begin().await?;
            let id = tx.allocate_ids(council.la_id, "children", 1).await?;
            tx.commit().await?;
            Ok::<i64, StoreError>(id)
        })
    });
    let mut ids = Vec::new();
    for writer in writers.collect::<Vec<_>>() {
        ids.push(writer.await.unwrap().unwrap());
    }
    ids.sort_unstable();
    assert_eq!(ids, (1..=64).collect::<Vec<i64>>());
    store.close().await;
}
