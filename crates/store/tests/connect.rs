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
