//! Static assets: the compiled stylesheet and GOV.UK Frontend's JavaScript, read once at start,
//! served under names that carry a hash of their content, with a year-long cache. Pages work
//! without them (and without JavaScript); a missing build is logged, not fatal.

use std::collections::HashMap;
use std::path::Path;

use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::state::AppState;

#[derive(Debug, Clone, Default)]
pub struct Assets {
    files: HashMap<String, (&'static str, Vec<u8>)>,
    stylesheet: Option<String>,
    script: Option<String>,
}

impl Assets {
    /// Loads the assets from the `frontend` folder (after `npm ci` and `npm run build`).
    pub fn load(frontend: &Path) -> Assets {
        let mut assets = Assets::default();
        let css = std::fs::read(frontend.join("dist/application.css"));
        let js = std::fs::read(
            frontend.join("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js"),
        );
        match css {
            Ok(bytes) => {
                assets.stylesheet = Some(assets.add("application", "css", "text/css", bytes))
            }
            Err(e) => tracing::warn!(
                "no stylesheet ({e}): run `npm ci && npm run build` in frontend/; pages are served unstyled"
            ),
        }
        if let Ok(bytes) = js {
            let govuk = assets.add("govuk-frontend", "js", "text/javascript", bytes);
            // A module that marks the page as JavaScript-enabled and starts the components.
            let init = format!(
                "import {{ initAll }} from '/assets/{govuk}';\n\
                 document.body.classList.add('js-enabled', 'govuk-frontend-supported');\ninitAll();\n"
            );
            assets.script = Some(assets.add("app", "js", "text/javascript", init.into_bytes()));
        }
        assets
    }

    fn add(&mut self, stem: &str, ext: &str, content_type: &'static str, bytes: Vec<u8>) -> String {
        let digest = Sha256::digest(&bytes);
        let hash: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
        let name = format!("{stem}-{hash}.{ext}");
        self.files.insert(name.clone(), (content_type, bytes));
        name
    }

    pub fn stylesheet_href(&self) -> Option<String> {
        self.stylesheet.as_ref().map(|n| format!("/assets/{n}"))
    }

    pub fn script_href(&self) -> Option<String> {
        self.script.as_ref().map(|n| format!("/assets/{n}"))
    }
}

pub async fn serve(State(state): State<AppState>, UrlPath(name): UrlPath<String>) -> Response {
    match state.assets().files.get(&name) {
        Some((content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            bytes.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
