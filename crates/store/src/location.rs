//! Where the database lives: `--db` or `DATABASE_URL` takes a file path, `sqlite://…` or
//! `postgres://…` (`postgresql://` too).

use std::fmt;
use std::path::PathBuf;

use crate::error::StoreError;

#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// An embedded SQLite database in this file (created when missing).
    Sqlite(PathBuf),
    /// A PostgreSQL server, by connection URL.
    Postgres(String),
}

impl Location {
    pub fn parse(value: &str) -> Result<Self, StoreError> {
        let value = value.trim();
        if value.is_empty() {
            return Err(StoreError::BadLocation(
                "no database given: pass a file path, sqlite://PATH or postgres://…".into(),
            ));
        }
        if value.starts_with("postgres://") || value.starts_with("postgresql://") {
            return Ok(Location::Postgres(value.to_string()));
        }
        if let Some(rest) = value
            .strip_prefix("sqlite://")
            .or_else(|| value.strip_prefix("sqlite:"))
        {
            let path = rest.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err(StoreError::BadLocation(format!("{value} names no file")));
            }
            return Ok(Location::Sqlite(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = value.split_once("://") {
            return Err(StoreError::BadLocation(format!(
                "unsupported database kind '{scheme}': use a file path, sqlite://PATH or postgres://…"
            )));
        }
        Ok(Location::Sqlite(PathBuf::from(value)))
    }

    pub fn engine(&self) -> Engine {
        match self {
            Location::Sqlite(_) => Engine::Sqlite,
            Location::Postgres(_) => Engine::Postgres,
        }
    }
}

/// The URL with any password hidden, for messages and logs.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => write!(f, "{}", redact_password(url)),
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The two engines the store serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        })
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_form() {
        assert_eq!(
            Location::parse("demo.db").unwrap(),
            Location::Sqlite("demo.db".into())
        );
        assert_eq!(
            Location::parse("sqlite://x/y.db").unwrap(),
            Location::Sqlite("x/y.db".into())
        );
        assert_eq!(
            Location::parse("sqlite:y.db?mode=rwc").unwrap(),
            Location::Sqlite("y.db".into())
        );
        assert_eq!(
            Location::parse("postgres://h/db").unwrap().engine(),
            Engine::Postgres
        );
        assert_eq!(
            Location::parse("postgresql://h/db").unwrap().engine(),
            Engine::Postgres
        );
    }

    #[test]
    fn refuses_unknown_schemes_and_empty() {
        let err = Location::parse("mysql://h/db").unwrap_err().to_string();
        assert!(err.contains("unsupported database kind 'mysql'"), "{err}");
        assert!(Location::parse("  ").is_err());
        assert!(Location::parse("sqlite://").is_err());
    }

    #[test]
    fn hides_passwords() {
        let loc = Location::parse("postgres://hn:secret@db.example:5432/hn").unwrap();
        assert_eq!(loc.to_string(), "postgres://hn:***@db.example:5432/hn");
    }
}
