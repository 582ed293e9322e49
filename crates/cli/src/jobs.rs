//! Background jobs: the worker `highneeds serve` runs beside the web server, and
//! `highneeds jobs run`, which runs the due jobs once (for cron, or a server started with
//! `--jobs-every 0`). Any number of these may share a database: each job runs once
//! (see `app::jobs`).

use std::net::SocketAddr;
use std::time::Duration;

use app::jobs::{Report, Worker};
use app::mail::Mailer;
use clap::{Args, Subcommand};
use domain::LaCode;
use store::{Location, Store};

/// The background worker's settings, shared by `serve` and `demo`.
#[derive(Args, Clone, Debug)]
pub struct WorkerArgs {
    /// Seconds between runs of the background jobs (advice reminders, caseworkers' digests,
    /// queued emails). 0 turns the worker off, leaving jobs to other servers or to cron with
    /// `highneeds jobs run`.
    #[arg(
        long,
        env = "HIGHNEEDS_JOBS_EVERY",
        default_value_t = 30,
        value_name = "SECONDS"
    )]
    pub jobs_every: u64,
    /// The address people reach the service at, for the links in emails. Default: the
    /// address the server listens on.
    #[arg(long, env = "HIGHNEEDS_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
}

/// A worker running beside the web server.
pub struct RunningWorker {
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningWorker {
    /// Stops the worker once the job run in hand (if any) has finished, and waits for it.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Starts the background worker for one council, unless `--jobs-every 0`.
pub fn spawn_worker(
    store: Store,
    mailer: Mailer,
    la: LaCode,
    args: &WorkerArgs,
    listening: SocketAddr,
) -> Option<RunningWorker> {
    if args.jobs_every == 0 {
        return None;
    }
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{listening}"));
    let worker = Worker::new(la, public_url);
    let every = Duration::from_secs(args.jobs_every);
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = interval.tick() => {}
                _ = stopped.changed() => return,
            }
            // A run is never cut short: stopping waits for it, so no job is left half done.
            match app::jobs::tick(&store, &mailer, &worker, chrono::Utc::now()).await {
                Ok(report) if report.claimed > 0 => {
                    tracing::info!(worker = %worker.id, ?report, "background jobs run");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(worker = %worker.id, error = %e, "background jobs"),
            }
        }
    });
    Some(RunningWorker { stop, task })
}

#[derive(Subcommand)]
pub enum JobsCommand {
    /// Run the due jobs once and exit: the day's advice reminders and caseworkers' digest are
    /// queued (once a day, however often this runs), then every due job is run.
    Run(RunArgs),
}

#[derive(Args)]
pub struct RunArgs {
    /// The council, by DfE LA code.
    #[arg(long, env = "HIGHNEEDS_LA")]
    la: String,
    /// The mail relay, as HOST:PORT. Without it emails stay queued for a run that has one.
    #[arg(long, env = "HIGHNEEDS_SMTP")]
    smtp: Option<String>,
    /// The address email comes from.
    #[arg(
        long,
        env = "HIGHNEEDS_MAIL_FROM",
        default_value = "Manage SEND and high needs <no-reply@localhost>"
    )]
    mail_from: String,
    /// The address people reach the service at, for the links in emails.
    #[arg(
        long,
        env = "HIGHNEEDS_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080",
        value_name = "URL"
    )]
    public_url: String,
}

pub async fn run(location: &Location, command: JobsCommand) -> anyhow::Result<()> {
    let JobsCommand::Run(args) = command;
    let la = crate::parse_la(&args.la)?;
    let mailer = match &args.smtp {
        Some(smtp) => Mailer::smtp(smtp, &args.mail_from).map_err(anyhow::Error::msg)?,
        None => Mailer::None,
    };
    let store = crate::open(location).await?;
    let worker = Worker::new(la, args.public_url);
    let report = app::jobs::tick(&store, &mailer, &worker, chrono::Utc::now()).await;
    store.close().await;
    println!("{}", describe(&report?, mailer.can_send()));
    Ok(())
}

fn describe(r: &Report, can_send: bool) -> String {
    let mut line = format!(
        "{} jobs run: {} done, {} emails sent, {} to try again, {} given up.",
        r.claimed, r.done, r.emails_sent, r.retried, r.given_up
    );
    if !can_send {
        line.push_str(" Emails wait in the outbox until a run with --smtp.");
    }
    line
}
