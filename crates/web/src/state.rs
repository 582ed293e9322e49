//! What every handler shares: the database, the council this server serves, and the assets.

use std::sync::Arc;

use app::Store;
use domain::LaCode;

use crate::assets::Assets;

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The council this server serves.
    pub la: LaCode,
    pub council_name: String,
    /// Mark cookies Secure: on whenever the service is reached over HTTPS.
    pub secure_cookies: bool,
    /// Print emailed sign-in codes to the server's output instead of sending them. For the
    /// demo only, until email sending arrives; never on a real service.
    pub print_emails: bool,
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    store: Store,
    config: WebConfig,
    assets: Assets,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig, assets: Assets) -> AppState {
        AppState(Arc::new(Inner {
            store,
            config,
            assets,
        }))
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }

    pub fn config(&self) -> &WebConfig {
        &self.0.config
    }

    pub fn assets(&self) -> &Assets {
        &self.0.assets
    }
}
