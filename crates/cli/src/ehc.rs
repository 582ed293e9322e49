//! `highneeds import ehc` and `highneeds export ehc`: a council's EHC casework as one CSV file
//! (docs/formats/ehc.md), out with every statutory deadline, and back in.

use std::io::Write;
use std::path::PathBuf;

use app::Actor;
use app::casework::exchange::{ImportError, ImportOptions, describe, export_ehc, import_ehc};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use store::Location;

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import EHC casework (children, requests, advice, exceptions, plans, reviews, phase
    /// transfers, markers) from a CSV file in the format of docs/formats/ehc.md. Every row is
    /// checked first; if any has a problem, each is listed with its row and column and nothing
    /// is imported.
    Ehc(ImportArgs),
}

#[derive(Args)]
pub struct ImportArgs {
    /// The council, by DfE LA code.
    #[arg(long)]
    la: String,
    /// The CSV file.
    file: PathBuf,
    /// Import the valid rows and list the others, instead of importing nothing.
    #[arg(long)]
    skip_invalid: bool,
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Export the council's EHC casework as a CSV file in the format of docs/formats/ehc.md,
    /// with every statutory deadline, its due date and where it stood on --as-of.
    Ehc(ExportArgs),
}

#[derive(Args)]
pub struct ExportArgs {
    /// The council, by DfE LA code.
    #[arg(long)]
    la: String,
    /// The day the deadlines' states are worked out for, YYYY-MM-DD.
    #[arg(long)]
    as_of: String,
    /// Write the file here instead of to standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub async fn import(location: &Location, command: ImportCommand) -> anyhow::Result<()> {
    let ImportCommand::Ehc(args) = command;
    let la = crate::parse_la(&args.la)?;
    let path = args.file.display().to_string();
    let file =
        std::fs::File::open(&args.file).map_err(|e| anyhow::anyhow!("cannot open {path}: {e}"))?;
    let today = chrono::Local::now().date_naive();
    let store = crate::open(location).await?;
    let options = ImportOptions {
        skip_invalid: args.skip_invalid,
    };
    let outcome = import_ehc(
        &store,
        &Actor::operator(la),
        std::io::BufReader::new(file),
        options,
        today,
    )
    .await;
    store.close().await;
    let report = match outcome {
        Ok(report) => report,
        Err(ImportError::Rows(problems)) => {
            for p in &problems {
                eprintln!("{path}: {p}");
            }
            anyhow::bail!(
                "{}: fix them, or use --skip-invalid to import the other rows",
                ImportError::Rows(problems)
            );
        }
        Err(ImportError::File(problem)) => anyhow::bail!("{path}: {problem}"),
        Err(ImportError::App(e)) => return Err(e.into()),
    };
    for p in &report.skipped {
        eprintln!("{path}: skipped {p}");
    }
    println!(
        "Imported {path} into council {la}: {}.",
        describe(&report.imported)
    );
    if report.imported.council_options {
        println!("Set the council's casework options from the file.");
    }
    if report.computed_rows > 0 {
        println!(
            "Ignored {} case and deadline rows (worked out again from the records).",
            report.computed_rows
        );
    }
    if report.skipped_rows > 0 {
        println!(
            "Skipped {} rows with problems (listed on standard error).",
            report.skipped_rows
        );
    }
    println!("The council has {} EHC cases.", report.cases);
    Ok(())
}

pub async fn export(location: &Location, command: ExportCommand) -> anyhow::Result<()> {
    let ExportCommand::Ehc(args) = command;
    let la = crate::parse_la(&args.la)?;
    let as_of = NaiveDate::parse_from_str(args.as_of.trim(), "%Y-%m-%d").map_err(|_| {
        anyhow::anyhow!(
            "--as-of: '{}' is not a date: use YYYY-MM-DD, for example 2026-03-31",
            args.as_of
        )
    })?;
    let store = crate::open(location).await?;
    let outcome = export_ehc(&store, &Actor::operator(la), as_of).await;
    store.close().await;
    let export = outcome?;
    match args.out {
        Some(path) => {
            std::fs::write(&path, export.csv.as_bytes())
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            println!(
                "Exported the EHC casework of council {la} to {}: {} children, {} rows, deadlines as of {as_of}.",
                path.display(),
                export.children,
                export.rows
            );
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(export.csv.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => {}
                // A reader that stops early (`| head`) is not a failure of the export.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => anyhow::bail!("cannot write the export: {e}"),
            }
        }
    }
    Ok(())
}
