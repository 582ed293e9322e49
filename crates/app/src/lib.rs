//! Highneeds use cases. Each one takes who is asking (an [`Actor`]), checks the policy
//! ([`policy`]), loads what it needs, applies the domain's rules, saves, and records an audit
//! event, all in one database transaction. This is the only crate that combines `domain`,
//! `store` and the policy; the web and CLI faces call these functions and nothing below them.

pub mod actor;
mod audit;
pub mod auth;
pub mod backtest;
pub mod casework;
pub mod children;
pub mod councils;
pub mod csv_text;
pub mod dashboard;
pub mod demo;
pub mod demo_budget;
mod demo_casework;
mod demo_governance;
mod demo_plans;
pub mod demo_topup;
pub mod document_store;
pub mod documents;
pub mod error;
pub mod families;
pub mod finance;
pub mod governance;
pub mod jobs;
pub mod mail;
pub mod notifications;
pub mod notify;
pub mod password;
pub mod placements;
pub mod policy;
pub mod portal;
pub mod settings;
pub mod staff;
#[cfg(feature = "testing")]
pub mod testing;
mod tokens;
pub mod topup;

pub use actor::{Actor, ActorKind};
pub use error::{AppError, Result};
/// The database handle the faces pass to use cases (they never query it themselves).
pub use store::{AdviceSubmissionRow, AuditRow, Location, Store};
