//! The pages. Each handler finds out who is asking, calls one `app` use case, and renders the
//! result in the shared layout.

pub mod advice;
pub mod audit;
pub mod backtest;
pub mod budget;
mod budget_view;
pub mod case;
mod case_actions;
mod case_fields;
pub mod case_forms;
mod case_history;
mod case_plan;
mod case_questions;
pub mod children;
pub mod consent;
pub mod dashboard;
pub mod documents;
mod documents_view;
pub mod errors;
pub mod finance;
mod form_support;
pub mod home;
pub mod notifications;
pub mod panels;
pub mod placements;
pub mod portal;
pub mod request;
pub mod school;
pub mod settings;
pub mod sign_in;
pub mod topup_areas;
pub mod topup_council;
pub mod topup_school;
mod topup_view;
pub mod tray;
