//! Fresh databases for tests: a SQLite file in a temporary folder, or a new PostgreSQL
//! database on the server named by `HIGHNEEDS_TEST_POSTGRES_URL` (default: the local server).
//! A PostgreSQL that cannot be reached fails the test: it is never skipped.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{AssertSqlSafe, Connection, PgConnection};

use crate::{Engine, Location, Store};

/// The server tests create their databases on, as an administrator URL.
pub fn postgres_admin_url() -> String {
    std::env::var("HIGHNEEDS_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// A database that exists for one test.
pub struct TestDb {
    pub store: Store,
    pub location: Location,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    /// A fresh, migrated database on the given engine.
    pub async fn new(engine: Engine) -> TestDb {
        let db = Self::empty(engine).await;
        crate::migrate::run(&db.store)
            .await
            .expect("migrations run on a fresh database");
        db
    }

    /// A fresh database with no schema.
    pub async fn empty(engine: Engine) -> TestDb {
        match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary folder");
                let location = Location::Sqlite(dir.path().join("test.db"));
                let store = Store::connect(&location).await.expect("open SQLite");
                TestDb {
                    store,
                    location,
                    _dir: Some(dir),
                    pg_name: None,
                }
            }
            Engine::Postgres => {
                let admin = postgres_admin_url();
                let name = format!(
                    "hn_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::Relaxed),
                    chrono::Utc::now().timestamp_micros() % 1_000_000
                );
                let mut conn = PgConnection::connect(&admin).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL must be running for the tests ({admin}): {e}")
                });
                sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("create test database");
                let _ = conn.close().await;
                let url = match admin.rsplit_once('/') {
                    Some((server, _)) => format!("{server}/{name}"),
                    None => panic!("HIGHNEEDS_TEST_POSTGRES_URL must end with /DATABASE"),
                };
                let location = Location::Postgres(url);
                let store = Store::connect(&location)
                    .await
                    .expect("connect to test database");
                TestDb {
                    store,
                    location,
                    _dir: None,
                    pg_name: Some(name),
                }
            }
        }
    }

    /// Closes the pool and drops a PostgreSQL test database (a SQLite folder goes on drop).
    pub async fn cleanup(self) {
        self.store.close().await;
        if let Some(name) = self.pg_name
            && let Ok(mut conn) = PgConnection::connect(&postgres_admin_url()).await
        {
            let _ = sqlx::query(AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut conn)
            .await;
            let _ = conn.close().await;
        }
    }
}

/// Bristol's council row, for tests that need a council to hang records on.
pub fn bristol() -> crate::LocalAuthorityRow {
    crate::LocalAuthorityRow {
        la_id: 801,
        ons_code: "E06000023".into(),
        name: "Bristol, City of".into(),
        region_code: "E12000009".into(),
        region_name: "South West".into(),
        fictional: false,
    }
}

/// Runs each named `async fn(&Store)` once on SQLite and once on PostgreSQL, as tests named
/// `sqlite::NAME` and `postgres::NAME`, each on a fresh database.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = $crate::testing::TestDb::new($crate::Engine::Sqlite).await;
                    super::$name(&db.store).await;
                    db.cleanup().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = $crate::testing::TestDb::new($crate::Engine::Postgres).await;
                    super::$name(&db.store).await;
                    db.cleanup().await;
                }
            )*
        }
    };
}
