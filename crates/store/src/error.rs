//! Store errors: each says in one line what went wrong and where, without internals a user
//! cannot act on.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// The `--db` / `DATABASE_URL` value could not be understood.
    #[error("--db: {0}")]
    BadLocation(String),
    /// A file was given that exists but is not a SQLite database.
    #[error("--db: {path} is not a SQLite database ({detail})")]
    NotADatabase { path: String, detail: String },
    /// The database server could not be reached or refused the connection.
    #[error("cannot reach the database at {target}: {detail}")]
    Unreachable { target: String, detail: String },
    /// A row that was asked for does not exist (for this council).
    #[error("{what} not found")]
    NotFound { what: String },
    /// A uniqueness rule was broken, e.g. a second staff member with the same email.
    #[error("{0}")]
    Conflict(String),
    /// A stored value no longer parses as its domain type: the data was changed outside
    /// Highneeds or by an older version.
    #[error("stored {field} is not valid: {detail}")]
    Corrupt { field: &'static str, detail: String },
    /// The schema on disk is newer than this program knows.
    #[error(
        "the database schema is at version {found}, newer than this program's {known}: upgrade highneeds"
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    pub fn corrupt(field: &'static str, detail: impl std::fmt::Display) -> Self {
        StoreError::Corrupt {
            field,
            detail: detail.to_string(),
        }
    }

    /// True when the error is a broken unique or primary key constraint.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Conflict(_) => true,
            StoreError::Database(sqlx::Error::Database(e)) => e.is_unique_violation(),
            _ => false,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
