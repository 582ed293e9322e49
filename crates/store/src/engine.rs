//! The one place the two engines differ: connecting, and handing a statement built once with
//! SeaQuery to the right driver. Every query elsewhere in the store is written once, as a
//! SeaQuery statement, and runs unchanged on SQLite and PostgreSQL (see docs/adr/0001-store.md).

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sea_query::{PostgresQueryBuilder, SchemaStatementBuilder, SqliteQueryBuilder};
use sea_query_sqlx::SqlxBinder;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteRow, SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, FromRow, Postgres, Sqlite};

use crate::error::{Result, StoreError};
use crate::location::{Engine, Location};

/// How long a SQLite writer waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// How much of the database file SQLite maps into memory (1 GiB; a large council is ~200 MB).
const SQLITE_MMAP_BYTES: &str = "1073741824";
/// How long to wait for a database connection before saying the database is unreachable.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// A row type that decodes from both engines' rows. Columns use types both engines share:
/// `i64` (BIGINT / INTEGER), `String`, `bool`, `NaiveDate`, `DateTime<Utc>` and `Option`s of them.
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

/// A connection pool to the council's database.
#[derive(Clone)]
pub struct Store {
    pools: Pools,
    location: Location,
    /// SQLite takes one writer at a time. Writers in this process wait their turn here, in
    /// order, rather than in SQLite's busy handler, which sleeps and retries (1 ms, then 2, 5,
    /// 10 and up to 100 ms) and so lets a late arrival overtake one that has waited long.
    sqlite_writer: Arc<tokio::sync::Mutex<()>>,
}

#[derive(Clone)]
enum Pools {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({} at {})", self.engine(), self.location)
    }
}

impl Store {
    /// Connects and checks the database answers, without touching the schema.
    pub async fn connect(location: &Location) -> Result<Store> {
        let pools = match location {
            Location::Sqlite(path) => Pools::Sqlite(connect_sqlite(path).await?),
            Location::Postgres(url) => Pools::Postgres(connect_postgres(url, location).await?),
        };
        Ok(Store {
            pools,
            location: location.clone(),
            sqlite_writer: Arc::new(tokio::sync::Mutex::new(())),
        })
    }

    /// Connects and brings the schema up to date: what `serve` and `demo` do at start.
    pub async fn open(location: &Location) -> Result<Store> {
        let store = Store::connect(location).await?;
        crate::migrate::run(&store).await?;
        Ok(store)
    }

    pub fn engine(&self) -> Engine {
        self.location.engine()
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Starts a transaction. Every use case runs in exactly one.
    ///
    /// On SQLite the transaction takes the write lock at once (`BEGIN IMMEDIATE`): nearly every
    /// use case writes (if only its audit event) after reading, and a deferred transaction that
    /// reads and then tries to write while another has committed fails with SQLITE_BUSY
    /// instead of waiting. Taking the lock up front makes writers queue: in this process on
    /// the store's writer turn (before taking a pooled connection, so waiting writers leave the
    /// pool to readers), and behind other processes on the busy timeout.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match &self.pools {
            Pools::Sqlite(pool) => {
                let turn = Arc::clone(&self.sqlite_writer).lock_owned().await;
                Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?, Some(turn))
            }
            Pools::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Starts a use case that only reads: a work tray, a list, a session check. It takes a
    /// pooled connection and no transaction (see [`Tx`]): on SQLite in WAL mode each statement
    /// reads its own snapshot side by side with other readers and with the one writer, instead
    /// of queueing for the write lock. It must not write, and a write through it is refused.
    pub async fn begin_read(&self) -> Result<Tx> {
        Ok(match &self.pools {
            Pools::Sqlite(pool) => Tx::SqliteRead(pool.acquire().await?),
            Pools::Postgres(pool) => Tx::PostgresRead(pool.acquire().await?),
        })
    }

    pub async fn close(&self) {
        match &self.pools {
            Pools::Sqlite(pool) => pool.close().await,
            Pools::Postgres(pool) => pool.close().await,
        }
    }
}

async fn connect_sqlite(path: &std::path::Path) -> Result<SqlitePool> {
    if path.is_dir() {
        return Err(StoreError::BadLocation(format!(
            "{} is a folder, not a database file",
            path.display()
        )));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        return Err(StoreError::BadLocation(format!(
            "the folder {} does not exist",
            parent.display()
        )));
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        // WAL lets readers carry on while one writer writes; NORMAL sync is safe with WAL.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(SQLITE_BUSY_TIMEOUT)
        // Read pages through a memory map rather than a read() call each, and keep more of
        // them per connection (16 MB, against SQLite's 2 MB): a work tray touches a few hundred
        // index pages, and under load the copying was a fifth of the time a request took.
        .pragma("mmap_size", SQLITE_MMAP_BYTES)
        .pragma("cache_size", "-16384")
        // sqlx runs each connection on a thread of its own and hands the rows of a statement
        // over a channel of this many; when it is full the thread sleeps until the reader
        // makes room. 50 (sqlx's default) put a work tray's page of 50 rows and its end one
        // over, so the thread slept once per page; 256 holds any page this service shows.
        .row_buffer_size(256);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        // sqlx pings a pooled connection before handing it out, to find connections a server
        // has dropped. A SQLite connection is a thread of this process and cannot be dropped
        // under us (sqlx still pings it when it goes back to the pool); the ping was a round
        // trip to that thread, two of the seven a work tray made.
        .test_before_acquire(false)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(|e| sqlite_open_error(path, e))?;
    // Opening succeeds lazily on some damaged files; reading the catalogue proves it is SQLite.
    sqlx::query("SELECT count(*) FROM sqlite_master")
        .execute(&pool)
        .await
        .map_err(|e| sqlite_open_error(path, e))?;
    Ok(pool)
}

fn sqlite_open_error(path: &std::path::Path, e: sqlx::Error) -> StoreError {
    let detail = match &e {
        sqlx::Error::Database(db) => db.message().to_string(),
        other => other.to_string(),
    };
    if detail.contains("not a database")
        || detail.contains("malformed")
        || detail.contains("encrypted")
    {
        StoreError::NotADatabase {
            path: path.display().to_string(),
            detail,
        }
    } else {
        StoreError::BadLocation(format!("cannot open {}: {detail}", path.display()))
    }
}

/// How long a pooled PostgreSQL connection may sit unused before it is checked with a ping.
const PING_IF_IDLE_FOR: Duration = Duration::from_secs(10);

async fn connect_postgres(url: &str, location: &Location) -> Result<PgPool> {
    let options = PgConnectOptions::from_str(url).map_err(|e| {
        StoreError::BadLocation(format!("{location} is not a PostgreSQL URL ({e})"))
    })?;
    PgPoolOptions::new()
        .max_connections(16)
        // sqlx pings every connection before handing it out, to find one the server has
        // dropped: a round trip before each statement of a busy page (the work tray's p99 on
        // PostgreSQL sat at 45 to 62 ms with it). A connection in steady use was just used
        // successfully, so only one that has sat idle for `PING_IF_IDLE_FOR` is pinged, which
        // still finds those a server restart or an idle timeout has closed.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_IF_IDLE_FOR {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(|e| StoreError::Unreachable {
            target: location.to_string(),
            detail: describe_connect_error(&e),
        })
}

fn describe_connect_error(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::PoolTimedOut => "no answer within 5 seconds".into(),
        sqlx::Error::Database(db) => db.message().to_string(),
        other => other.to_string(),
    }
}

/// A transaction on either engine. Queries are built once with SeaQuery and rendered here for
/// the engine at hand.
///
/// A read ([`Store::begin_read`]) is not wrapped in BEGIN and COMMIT: each statement reads
/// its own consistent snapshot, as statements in a PostgreSQL READ COMMITTED transaction do
/// anyway. That saves two round trips per read (on SQLite, two wake-ups of the connection's
/// worker thread), which under load were a third of what a work tray cost. A read that needs
/// several statements to agree puts them in one statement. See docs/adr/0004-reads-without-transactions.md.
pub enum Tx {
    /// With the writer's turn when begun for writing (see [`Store::begin`]), held to the end.
    Sqlite(
        sqlx::Transaction<'static, Sqlite>,
        Option<tokio::sync::OwnedMutexGuard<()>>,
    ),
    Postgres(sqlx::Transaction<'static, Postgres>),
    /// A read on a pooled connection: statements only, no transaction.
    SqliteRead(PoolConnection<Sqlite>),
    PostgresRead(PoolConnection<Postgres>),
}

/// The connection a statement runs on.
enum Conn<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

impl Tx {
    pub fn engine(&self) -> Engine {
        match self {
            Tx::Sqlite(..) | Tx::SqliteRead(_) => Engine::Sqlite,
            Tx::Postgres(_) | Tx::PostgresRead(_) => Engine::Postgres,
        }
    }

    /// Whether this was begun as a read ([`Store::begin_read`]), which must not write.
    pub fn is_read(&self) -> bool {
        matches!(self, Tx::SqliteRead(_) | Tx::PostgresRead(_))
    }

    fn conn(&mut self) -> Conn<'_> {
        match self {
            Tx::Sqlite(tx, _) => Conn::Sqlite(tx),
            Tx::SqliteRead(c) => Conn::Sqlite(c),
            Tx::Postgres(tx) => Conn::Postgres(tx),
            Tx::PostgresRead(c) => Conn::Postgres(c),
        }
    }

    /// The connection for a write: refused on a read, which has no transaction to hold it.
    fn writer(&mut self, what: &'static str) -> Result<Conn<'_>> {
        if self.is_read() {
            return Err(StoreError::corrupt(
                what,
                "a write was attempted in a read (Store::begin_read); use Store::begin",
            ));
        }
        Ok(self.conn())
    }

    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(tx, _) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
            // Nothing to commit: the connection goes back to the pool.
            Tx::SqliteRead(_) | Tx::PostgresRead(_) => {}
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<()> {
        match self {
            Tx::Sqlite(tx, _) => tx.rollback().await?,
            Tx::Postgres(tx) => tx.rollback().await?,
            Tx::SqliteRead(_) | Tx::PostgresRead(_) => {}
        }
        Ok(())
    }

    /// Runs an insert, update or delete; returns the rows affected.
    pub(crate) async fn execute<S: SqlxBinder>(&mut self, statement: &S) -> Result<u64> {
        let affected = match self.writer("execute")? {
            Conn::Sqlite(c) => {
                let (sql, values) = statement.build_sqlx(SqliteQueryBuilder);
                sqlx::query_with(AssertSqlSafe(sql), values)
                    .execute(c)
                    .await?
                    .rows_affected()
            }
            Conn::Postgres(c) => {
                let (sql, values) = statement.build_sqlx(PostgresQueryBuilder);
                sqlx::query_with(AssertSqlSafe(sql), values)
                    .execute(c)
                    .await?
                    .rows_affected()
            }
        };
        Ok(affected)
    }

    /// Runs a statement that returns rows (a select, or a write with RETURNING).
    pub(crate) async fn fetch_all<T: Row, S: SqlxBinder>(
        &mut self,
        statement: &S,
    ) -> Result<Vec<T>> {
        Ok(match self.conn() {
            Conn::Sqlite(c) => {
                let (sql, values) = statement.build_sqlx(SqliteQueryBuilder);
                sqlx::query_as_with(AssertSqlSafe(sql), values)
                    .fetch_all(c)
                    .await?
            }
            Conn::Postgres(c) => {
                let (sql, values) = statement.build_sqlx(PostgresQueryBuilder);
                sqlx::query_as_with(AssertSqlSafe(sql), values)
                    .fetch_all(c)
                    .await?
            }
        })
    }

    pub(crate) async fn fetch_optional<T: Row, S: SqlxBinder>(
        &mut self,
        statement: &S,
    ) -> Result<Option<T>> {
        Ok(match self.conn() {
            Conn::Sqlite(c) => {
                let (sql, values) = statement.build_sqlx(SqliteQueryBuilder);
                sqlx::query_as_with(AssertSqlSafe(sql), values)
                    .fetch_optional(c)
                    .await?
            }
            Conn::Postgres(c) => {
                let (sql, values) = statement.build_sqlx(PostgresQueryBuilder);
                sqlx::query_as_with(AssertSqlSafe(sql), values)
                    .fetch_optional(c)
                    .await?
            }
        })
    }

    pub(crate) async fn fetch_one<T: Row, S: SqlxBinder>(&mut self, statement: &S) -> Result<T> {
        self.fetch_optional(statement)
            .await?
            .ok_or_else(|| StoreError::NotFound { what: "row".into() })
    }

    /// Runs a schema statement (create table, create index).
    pub(crate) async fn execute_schema<S: SchemaStatementBuilder>(
        &mut self,
        statement: &S,
    ) -> Result<()> {
        match self.writer("execute_schema")? {
            Conn::Sqlite(c) => {
                let sql = statement.build(SqliteQueryBuilder);
                sqlx::query(AssertSqlSafe(sql)).execute(c).await?;
            }
            Conn::Postgres(c) => {
                let sql = statement.build(PostgresQueryBuilder);
                sqlx::query(AssertSqlSafe(sql)).execute(c).await?;
            }
        }
        Ok(())
    }

    /// Engine-specific SQL, for the few things with no portable form (catalogue reads, locks).
    /// Application queries never come through here.
    pub(crate) async fn fetch_raw<T: Row>(
        &mut self,
        sqlite: &'static str,
        postgres: &'static str,
    ) -> Result<Vec<T>> {
        Ok(match self.conn() {
            Conn::Sqlite(c) => sqlx::query_as(sqlite).fetch_all(c).await?,
            Conn::Postgres(c) => sqlx::query_as(postgres).fetch_all(c).await?,
        })
    }

    pub(crate) async fn execute_raw(
        &mut self,
        sqlite: Option<&'static str>,
        postgres: Option<&'static str>,
    ) -> Result<()> {
        match self.conn() {
            Conn::Sqlite(c) => {
                if let Some(sql) = sqlite {
                    sqlx::query(sql).execute(c).await?;
                }
            }
            Conn::Postgres(c) => {
                if let Some(sql) = postgres {
                    sqlx::query(sql).execute(c).await?;
                }
            }
        }
        Ok(())
    }
}
