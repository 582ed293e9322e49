//! `highneeds`: the command line face of Highneeds. It parses arguments, builds an actor, calls
//! the `app` use cases and prints what happened. Every failure is one line on stderr and a
//! non-zero exit; no panic reaches the person at the terminal.

mod backtest;
mod child;
mod demo;
mod ehc;
mod forecast;
mod jobs;
mod serve;
mod topup;
mod user;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use store::{Location, Store};

/// The default embedded database, in the current folder.
const DEFAULT_DB: &str = "highneeds-demo.db";

#[derive(Parser)]
#[command(
    name = "highneeds",
    version,
    about = "Manage SEND and high needs: EHC casework, top-up funding, high needs finance and governance for an English council.",
    long_about = "Manage SEND and high needs: EHC casework, top-up funding, high needs finance and governance for an English council.\n\nThe database is a SQLite file (the embedded default) or a PostgreSQL server, given by --db or DATABASE_URL as a file path, sqlite://PATH or postgres://USER@HOST/DB. The schema is brought up to date whenever highneeds opens it.\n\nStart with `highneeds demo`: it builds a synthetic council and serves it on http://127.0.0.1:8080."
)]
struct Cli {
    /// Database: a file path, sqlite://PATH or postgres://USER@HOST:PORT/DB.
    #[arg(long, global = true, env = "DATABASE_URL", default_value = DEFAULT_DB, hide_env_values = true)]
    db: String,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve Highneeds over HTTP (migrating the database first).
    Serve(serve::ServeArgs),
    /// Bring the database schema up to date and load the list of English councils.
    Migrate,
    /// Build a synthetic council calibrated on DfE figures, print its sign-ins and serve it.
    Demo(demo::DemoArgs),
    /// Add and list staff and their roles.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Record and look up children and young people.
    #[command(subcommand)]
    Child(child::ChildCommand),
    /// Import records from a file.
    #[command(subcommand)]
    Import(ehc::ImportCommand),
    /// Export records to a file.
    #[command(subcommand)]
    Export(ehc::ExportCommand),
    /// Run background jobs (reminders, digests, queued emails) once, for cron.
    #[command(subcommand)]
    Jobs(jobs::JobsCommand),
    /// Top-up funding: price a package with a funding model, or load a model into a council.
    #[command(subcommand)]
    Topup(topup::TopupCommand),
    /// Forecast plans and their cost, year by year, from historic transitions (witan.send's
    /// method and file formats; see docs/formats/forecast.md).
    Forecast(forecast::ForecastArgs),
    /// Score the forecast's method against DfE's published council series: fit on the years up to
    /// one January, forecast the next three and compare, beside a linear trend (see
    /// docs/backtest.md).
    Backtest(backtest::BacktestArgs),
}

// mimalloc rather than the C library's malloc: the server allocates on one thread and frees on
// another all the time (a row read by sqlx's SQLite thread, freed by the request's), which
// glibc's per-thread arenas do under a lock (see docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HIGHNEEDS_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let location = || Location::parse(&cli.db);
    match cli.command {
        Command::Serve(args) => serve::run(&location()?, args).await,
        Command::Migrate => migrate(&location()?).await,
        Command::Demo(args) => demo::run(&location()?, args).await,
        Command::User(command) => user::run(&location()?, command).await,
        Command::Child(command) => child::run(&location()?, command).await,
        Command::Import(command) => ehc::import(&location()?, command).await,
        Command::Export(command) => ehc::export(&location()?, command).await,
        Command::Jobs(command) => jobs::run(&location()?, command).await,
        Command::Topup(topup::TopupCommand::Install { la, model }) => {
            topup::install(&location()?, &la, &model).await
        }
        // Pricing reads files only: it neither needs nor checks a database.
        Command::Topup(command) => topup::run(command),
        // The forecast reads and writes files only.
        Command::Forecast(args) => forecast::run(args),
        Command::Backtest(args) => backtest::run(args),
    }
}

/// Opens the database, migrates it and makes sure every English council is listed.
pub(crate) async fn open(location: &Location) -> anyhow::Result<Store> {
    let store = Store::open(location).await?;
    app::councils::load_local_authorities(&store, &app::councils::english_councils()?).await?;
    Ok(store)
}

async fn migrate(location: &Location) -> anyhow::Result<()> {
    let store = Store::connect(location).await?;
    let report = store::migrate::run(&store).await?;
    let councils =
        app::councils::load_local_authorities(&store, &app::councils::english_councils()?).await?;
    if report.applied.is_empty() {
        println!(
            "{location} ({}) is up to date at schema version {}.",
            store.engine(),
            report.to_version
        );
    } else {
        println!(
            "{location} ({}) migrated from schema version {} to {}: {}.",
            store.engine(),
            report.from_version,
            report.to_version,
            report.applied.join(", ")
        );
    }
    println!("{councils} councils listed.");
    store.close().await;
    Ok(())
}

/// A council given on the command line, as its DfE code.
pub(crate) fn parse_la(text: &str) -> anyhow::Result<domain::LaCode> {
    text.parse::<domain::LaCode>()
        .map_err(|e| anyhow::anyhow!("--la: {}", e.problem))
}
