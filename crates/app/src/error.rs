//! What a use case can answer besides success. The faces (web, CLI) turn these into an error
//! summary, problem JSON or one line on the terminal.

use domain::FieldError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AppError {
    /// The input had problems; each names its field. Nothing was saved.
    #[error("{}", join(.0))]
    Invalid(Vec<FieldError>),
    /// The record does not exist, or the actor may not know it exists.
    #[error("{0} not found")]
    NotFound(String),
    /// Sign-in failed or was paused; the message is safe to show.
    #[error("{0}")]
    Unauthenticated(String),
    /// The actor may not do this at all.
    #[error("you do not have permission to {0}")]
    Forbidden(String),
    /// The change clashes with what is already saved (e.g. an email already in use).
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(store::StoreError),
    /// Document storage (disk or object store) failed; nothing was saved.
    #[error(transparent)]
    Documents(#[from] crate::document_store::DocumentStoreError),
}

impl From<store::StoreError> for AppError {
    fn from(e: store::StoreError) -> Self {
        match e {
            store::StoreError::Conflict(message) => AppError::Conflict(message),
            store::StoreError::NotFound { what } => AppError::NotFound(what),
            other => AppError::Store(other),
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(vec![e])
    }
}

fn join(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
