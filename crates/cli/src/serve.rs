//! `highneeds serve`: the service over HTTP (the `web` crate's pages), for one council.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use app::document_store::DocumentStore;
use clap::Args;
use domain::LaCode;
use store::{Location, Store};

#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "HIGHNEEDS_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The council to serve, by DfE LA code. Default: the one council the database holds.
    #[arg(long, env = "HIGHNEEDS_LA")]
    pub la: Option<String>,
    /// The folder holding the built front-end assets (after `npm ci && npm run build`).
    #[arg(long, env = "HIGHNEEDS_FRONTEND", default_value = "frontend")]
    pub frontend: PathBuf,
    /// Mark cookies Secure. Use whenever the service is reached over HTTPS.
    #[arg(long, env = "HIGHNEEDS_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// The mail relay to send email through, as HOST:PORT (plain SMTP to a local relay).
    /// Without it families cannot be sent sign-in codes.
    #[arg(long, env = "HIGHNEEDS_SMTP")]
    pub smtp: Option<String>,
    /// The address email comes from.
    #[arg(
        long,
        env = "HIGHNEEDS_MAIL_FROM",
        default_value = "Manage SEND and high needs <no-reply@localhost>"
    )]
    pub mail_from: String,
    /// Where documents are kept: a folder, or with an `s3`/`azure` build an object store URL
    /// (s3://BUCKET/PREFIX, az://CONTAINER/PREFIX) with credentials from the environment.
    /// Default: a folder beside the SQLite database (NAME-documents), or highneeds-documents
    /// in the working folder for PostgreSQL.
    #[arg(long, env = "HIGHNEEDS_DOCUMENTS", value_name = "DIR")]
    pub documents: Option<String>,
    #[command(flatten)]
    pub jobs: crate::jobs::WorkerArgs,
}

pub async fn run(location: &Location, args: ServeArgs) -> anyhow::Result<()> {
    let store = crate::open(location).await?;
    let la = match &args.la {
        Some(code) => crate::parse_la(code)?,
        None => only_council(&store).await?,
    };
    serve(store, la, &args, false).await
}

async fn only_council(store: &Store) -> anyhow::Result<LaCode> {
    let councils = app::councils::installation_status(store).await?;
    match councils.as_slice() {
        [one] => Ok(LaCode::new(u16::try_from(one.la_id)?)?),
        [] => {
            anyhow::bail!("--la: no council holds any data yet; run `highneeds demo` or give --la")
        }
        _ => anyhow::bail!(
            "--la: this database holds {} councils; say which to serve",
            councils.len()
        ),
    }
}

/// Serves one council until Ctrl-C or SIGTERM, then finishes the requests in hand.
pub async fn serve(
    store: Store,
    la: LaCode,
    args: &ServeArgs,
    print_emails: bool,
) -> anyhow::Result<()> {
    let council_name = {
        let mut tx = store.begin().await?;
        let name = tx
            .local_authority(i64::from(la.get()))
            .await?
            .map(|c| c.name);
        tx.commit().await?;
        name.ok_or_else(|| anyhow::anyhow!("--la: no English council has DfE code {la}"))?
    };
    let config = web::WebConfig {
        la,
        council_name,
        secure_cookies: args.secure_cookies,
        print_emails,
    };
    let documents = match &args.documents {
        Some(spec) => DocumentStore::open(spec).map_err(|e| anyhow::anyhow!("--documents: {e}"))?,
        None => DocumentStore::folder(DocumentStore::default_folder(store.location())),
    };
    eprintln!("Documents are kept in {}.", documents.place());
    let mut state = web::AppState::new(store.clone(), config, web::Assets::load(&args.frontend))
        .with_documents(documents);
    if let Some(smtp) = &args.smtp {
        state = state
            .with_mailer(web::Mailer::smtp(smtp, &args.mail_from).map_err(anyhow::Error::msg)?);
    } else if !print_emails {
        eprintln!("warning: no --smtp given: families cannot be sent sign-in codes");
    }
    let addr = args.addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("--addr {addr}: cannot listen there ({e})"))?;
    let actual = listener.local_addr().unwrap_or(addr);
    println!("Serving on http://{actual}/ (Ctrl-C to stop).");
    // Reminders, digests and queued emails run beside the pages, and stop with them. The demo
    // prints emails to the terminal; its jobs' emails (a digest for every synthetic caseworker)
    // would bury the sign-ins printed there, so they wait in the outbox and show in the portal.
    // Given a relay, the demo sends them through it like any server.
    let jobs_mailer = if print_emails && args.smtp.is_none() {
        app::mail::Mailer::None
    } else {
        state.mailer().clone()
    };
    let worker = crate::jobs::spawn_worker(store.clone(), jobs_mailer, la, &args.jobs, actual);
    let served = axum::serve(
        listener,
        web::router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("serving HTTP");
    if let Some(worker) = worker {
        worker.stop().await;
    }
    served?;
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
