//! The pages. Each handler finds out who is asking, calls one `app` use case, and renders the
//! result in the shared layout.

pub mod audit;
pub mod children;
pub mod dashboard;
pub mod errors;
pub mod home;
pub mod settings;
pub mod sign_in;
