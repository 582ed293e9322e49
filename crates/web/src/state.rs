//! What every handler shares: the database, the council this server serves, the assets, the
//! mailer and where documents are kept.

use std::sync::Arc;

use app::Store;
use app::document_store::DocumentStore;
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
    /// Print emails (sign-in codes) to the server's output instead of sending them. For the
    /// demo only; a real service gives a mail server (see [`crate::Mailer`]).
    pub print_emails: bool,
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    store: Store,
    config: WebConfig,
    assets: Assets,
    mailer: crate::Mailer,
    documents: DocumentStore,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig, assets: Assets) -> AppState {
        let mailer = if config.print_emails {
            crate::Mailer::Print
        } else {
            crate::Mailer::None
        };
        // Documents default to a folder beside the database, made when the first one arrives.
        let documents = DocumentStore::folder(DocumentStore::default_folder(store.location()));
        AppState(Arc::new(Inner {
            store,
            config,
            assets,
            mailer,
            documents,
        }))
    }

    /// The same state, keeping documents in this store.
    pub fn with_documents(self, documents: DocumentStore) -> AppState {
        let inner = match Arc::try_unwrap(self.0) {
            Ok(inner) => inner,
            Err(shared) => Inner {
                store: shared.store.clone(),
                config: shared.config.clone(),
                assets: shared.assets.clone(),
                mailer: shared.mailer.clone(),
                documents: shared.documents.clone(),
            },
        };
        AppState(Arc::new(Inner { documents, ..inner }))
    }

    /// Where documents' bytes are kept.
    pub fn documents(&self) -> &DocumentStore {
        &self.0.documents
    }

    /// The same state, sending email with this mailer.
    pub fn with_mailer(self, mailer: crate::Mailer) -> AppState {
        let inner = match Arc::try_unwrap(self.0) {
            Ok(inner) => inner,
            Err(shared) => Inner {
                store: shared.store.clone(),
                config: shared.config.clone(),
                assets: shared.assets.clone(),
                mailer: shared.mailer.clone(),
                documents: shared.documents.clone(),
            },
        };
        AppState(Arc::new(Inner { mailer, ..inner }))
    }

    pub fn mailer(&self) -> &crate::Mailer {
        &self.0.mailer
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
