//! `highneeds serve`: the HTTP face. Until the web foundation lands this is a plain status
//! page (which councils hold data, and how much: figures only, no personal data) and a health
//! check for load balancers.

use std::net::SocketAddr;

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use clap::Args;
use store::{Location, Store};

#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "HIGHNEEDS_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
}

pub async fn run(location: &Location, args: ServeArgs) -> anyhow::Result<()> {
    let store = crate::open(location).await?;
    serve(store, args.addr).await
}

pub fn router(store: Store) -> Router {
    Router::new()
        .route("/", get(status_page))
        .route("/healthz", get(health))
        .with_state(store)
}

/// Listens until Ctrl-C or SIGTERM, then finishes the requests in hand.
pub async fn serve(store: Store, addr: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("--addr {addr}: cannot listen there ({e})"))?;
    let actual = listener.local_addr().unwrap_or(addr);
    println!("Serving on http://{actual}/ (Ctrl-C to stop).");
    axum::serve(listener, router(store.clone()))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving HTTP")?;
    store.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
}

async fn health(State(store): State<Store>) -> Response {
    match store.begin().await {
        Ok(tx) => {
            let _ = tx.rollback().await;
            (StatusCode::OK, "ok").into_response()
        }
        Err(e) => {
            tracing::error!("health check: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

async fn status_page(State(store): State<Store>) -> Response {
    match app::councils::installation_status(&store).await {
        Ok(councils) => {
            let mut rows = String::new();
            for c in &councils {
                rows.push_str(&format!(
                    "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{} ({:03}){}</th>\
                     <td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td>\
                     <td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td>\
                     <td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td>\
                     <td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td></tr>",
                    escape(&c.name),
                    c.la_id,
                    if c.fictional { " — fictional" } else { "" },
                    c.counts.children,
                    c.counts.requests,
                    c.counts.plans,
                    c.counts.settings,
                ));
            }
            let body = if councils.is_empty() {
                "<p class=\"govuk-body\">No council holds any data yet. Run <code>highneeds demo</code> to build a synthetic one.</p>".to_string()
            } else {
                format!(
                    "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Councils in this database</caption>\
                     <thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Council</th>\
                     <th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Children and young people</th>\
                     <th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Requests for assessment</th>\
                     <th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">EHC plans (all time)</th>\
                     <th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Settings</th></tr></thead>\
                     <tbody class=\"govuk-table__body\">{rows}</tbody></table>"
                )
            };
            let page = format!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Status – Manage SEND and high needs</title>\
                 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\
                 <body style=\"font-family: Arial, sans-serif; margin: 2em;\"><main class=\"govuk-main-wrapper\" id=\"main-content\">\
                 <h1 class=\"govuk-heading-l\">Manage SEND and high needs</h1>\
                 <p class=\"govuk-body\">This server is running. The service pages arrive with the web foundation; until then this page shows what the database holds.</p>\
                 {body}</main></body></html>"
            );
            ([(header::CACHE_CONTROL, "no-store")], Html(page)).into_response()
        }
        Err(e) => {
            tracing::error!("status page: {e}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<h1>Sorry, there is a problem with the service</h1>"),
            )
                .into_response()
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
