//! Queries by record type. Each is one SeaQuery statement for both engines, scoped to a council.

pub mod audit;
pub mod authorities;
pub mod casework;
pub mod children;
pub mod settings;
pub mod sign_in;
pub mod staff;
