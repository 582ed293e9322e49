//! Queries by record type. Each is one SeaQuery statement for both engines, scoped to a council.

pub mod action_plans;
pub mod audit;
pub mod authorities;
pub mod budget;
pub mod case_events;
pub mod casework;
pub mod children;
pub mod dashboard_queries;
pub mod documents;
pub mod dsg_blocks;
pub mod ehc_queries;
pub mod forecast_queries;
pub mod governance;
pub mod jobs;
pub mod notifications;
pub mod placement_costs;
pub mod portal;
pub mod record;
pub mod scenarios;
pub mod school;
pub mod sessions;
pub mod settings;
pub mod sign_in;
pub mod staff;
pub mod topup;
pub mod topup_lists;
