//! A council's EHC casework as one CSV file, out and back in (docs/formats/ehc.md).
//!
//! The file has one row per record: the council's casework options, each child, and each
//! request, advice request, exception, plan, review, phase transfer, re-assessment and marker, each with its
//! own id and the ids it links to. The export adds, for each case, a `case` row (its stage and
//! next deadline) and a `deadline` row for every statutory deadline the clock works out on the
//! day asked about; the import skips those. Everything the statutory clock and the dashboard
//! read goes out and comes back, so a file imported into an empty council exports again
//! unchanged.
//!
//! An import checks every row before writing anything and reports each problem with its row and
//! column. Nothing is written if any row has a problem, unless the caller asks to skip invalid
//! rows: then the other rows are written, and any row linking to a skipped one is skipped too.
//! It writes in one transaction, records one audit event, and recomputes every case's stage and
//! next deadline.

#[path = "exchange_check.rs"]
mod exchange_check;
#[path = "exchange_columns.rs"]
mod exchange_columns;
#[path = "exchange_events.rs"]
mod exchange_events;
#[path = "exchange_export.rs"]
mod exchange_export;
#[path = "exchange_links.rs"]
mod exchange_links;
#[path = "exchange_parse.rs"]
mod exchange_parse;
#[path = "exchange_write.rs"]
mod exchange_write;

use std::fmt;
use std::io::Read;

use chrono::NaiveDate;
use store::Store;

pub use exchange_columns::{Col, Kind};
pub use exchange_export::state_code;

use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};
use exchange_check::{Existing, check};
use exchange_parse::{Context, Header, Parsed, parse_row};

/// A problem with one row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The row, counted as a spreadsheet counts them: the header is row 1.
    pub row: u64,
    /// The column, when the problem is with one value.
    pub column: Option<&'static str>,
    pub problem: String,
    /// Whether the row is left out only because a row it links to is.
    pub follows: bool,
}

impl RowProblem {
    pub(crate) fn new(row: u64, column: Option<&'static str>, problem: impl Into<String>) -> Self {
        RowProblem {
            row,
            column,
            problem: problem.into(),
            follows: false,
        }
    }
}

impl fmt::Display for RowProblem {
    /// `row 14, column decided_on: the date must be on or after the request (2026-01-05)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(column) => write!(f, "row {}, column {column}: {}", self.row, self.problem),
            None => write!(f, "row {}: {}", self.row, self.problem),
        }
    }
}

/// How to import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Import the valid rows and report the others, instead of importing nothing when any row
    /// has a problem.
    pub skip_invalid: bool,
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Children added to the council.
    pub children_created: u64,
    /// Child rows that matched a child the council already held (by UPN or id); those children
    /// are left as they were.
    pub children_matched: u64,
    pub requests: u64,
    pub advice: u64,
    pub exceptions: u64,
    pub plans: u64,
    pub reviews: u64,
    pub phase_transfers: u64,
    pub reassessments: u64,
    pub markers: u64,
    /// Whether the council's casework options were changed to the file's.
    pub council_options: bool,
}

/// The outcome of an import that wrote (all rows, or the valid ones).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Data rows read (the header not counted).
    pub rows: u64,
    pub imported: ImportCounts,
    /// Case and deadline rows, which the import skips.
    pub computed_rows: u64,
    /// The problems of the rows left out (with `skip_invalid`).
    pub skipped: Vec<RowProblem>,
    /// How many rows were left out.
    pub skipped_rows: u64,
    /// EHC cases in the council after the import.
    pub cases: u64,
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is not a CSV file of this format: one line saying why.
    #[error("{0}")]
    File(String),
    /// Rows have problems, each with its row and column.
    #[error("{} in {} of the file's rows; nothing was imported", plural(.0.len(), "problem"), count_rows(.0))]
    Rows(Vec<RowProblem>),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<store::StoreError> for ImportError {
    fn from(e: store::StoreError) -> Self {
        ImportError::App(e.into())
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn count_rows(problems: &[RowProblem]) -> usize {
    let mut rows: Vec<u64> = problems.iter().map(|p| p.row).collect();
    rows.sort_unstable();
    rows.dedup();
    rows.len()
}

/// An export: the CSV text and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EhcExport {
    /// The file, header first, UTF-8, lines ending in `\n`.
    pub csv: String,
    /// Children written.
    pub children: u64,
    /// Data rows written, computed ones included.
    pub rows: u64,
}

/// Exports the council's EHC casework, with every deadline's state on `as_of`. Audited as one
/// read of the whole council's casework.
pub async fn export_ehc(store: &Store, actor: &Actor, as_of: NaiveDate) -> Result<EhcExport> {
    policy::authorise(actor, Action::TransferCaseworkData)?;
    let la_id = actor.la_id();
    let la_code = actor.la.to_string();
    let mut tx = store.begin().await?;
    let (holdings, children) = exchange_export::read_export(&mut tx, la_id).await?;
    let lines = exchange_export::lines(&la_code, holdings, &children, as_of);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let unwritable =
        |e: &dyn fmt::Display| AppError::Conflict(format!("cannot write the export: {e}"));
    writer
        .write_record(Col::ALL.iter().map(|c| c.name()))
        .map_err(|e| unwritable(&e))?;
    for line in &lines {
        writer
            .write_record(line.values())
            .map_err(|e| unwritable(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| unwritable(&e))?;
    let csv = String::from_utf8(bytes).map_err(|e| unwritable(&e))?;
    let children = u64::try_from(children.len()).unwrap_or(u64::MAX);
    let rows = u64::try_from(lines.len()).unwrap_or(u64::MAX);
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "casework.export",
            record_type: "council",
            record_id: Some(la_code),
            child_id: None,
            detail: Some(format!(
                "EHC casework of {children} children, {rows} rows, deadlines as of {as_of}"
            )),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(EhcExport {
        csv,
        children,
        rows,
    })
}

/// Imports a file of the EHC casework format into the actor's council. `today` is the day of
/// the import: dates of things that have happened may not be after it.
pub async fn import_ehc<R: Read>(
    store: &Store,
    actor: &Actor,
    input: R,
    options: ImportOptions,
    today: NaiveDate,
) -> Result<ImportReport, ImportError> {
    policy::authorise(actor, Action::TransferCaseworkData)?;
    let parsed = read_rows(
        input,
        &Context {
            la: actor.la,
            today,
        },
    )?;
    let rows = u64::try_from(parsed.len()).unwrap_or(u64::MAX);
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    if tx.local_authority(la_id).await?.is_none() {
        return Err(AppError::NotFound(format!("council {}", actor.la)).into());
    }
    let existing = Existing::read(&mut tx, la_id, &parsed).await?;
    let mut problems = Vec::new();
    let accepted = check(parsed, &existing, &mut problems);
    problems.sort_by_key(|p| p.row);
    if !problems.is_empty() && !options.skip_invalid {
        problems.retain(|p| !p.follows);
        return Err(ImportError::Rows(problems));
    }
    exchange_write::write(&mut tx, la_id, &accepted, existing.under_five_review_months).await?;
    let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    let imported = ImportCounts {
        children_created: count(accepted.children.len()),
        children_matched: accepted.matched_children,
        requests: count(accepted.requests.len()),
        advice: count(accepted.advice.len()),
        exceptions: count(accepted.exceptions.len()),
        plans: count(accepted.plans.len()),
        reviews: count(accepted.reviews.len()),
        phase_transfers: count(accepted.transfers.len()),
        reassessments: count(accepted.reassessments.len()),
        markers: count(accepted.markers.len()),
        council_options: accepted
            .council
            .is_some_and(|months| months != existing.under_five_review_months),
    };
    let skipped_rows = count(count_rows(&problems));
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "casework.import",
            record_type: "council",
            record_id: Some(actor.la.to_string()),
            child_id: None,
            detail: Some(format!(
                "{rows} rows: {}; {skipped_rows} rows skipped",
                describe(&imported)
            )),
        },
    )
    .await?;
    let cases = super::refresh_all_cases(&mut tx, la_id).await?;
    tx.commit().await?;
    Ok(ImportReport {
        rows,
        imported,
        computed_rows: accepted.computed,
        skipped: problems,
        skipped_rows,
        cases,
    })
}

/// What was imported, in words: "children created 3, children matched 0, requests 4, ...".
#[must_use]
pub fn describe(c: &ImportCounts) -> String {
    format!(
        "children created {}, children matched {}, requests {}, advice {}, exceptions {}, \
         plans {}, reviews {}, phase transfers {}, re-assessments {}, markers {}",
        c.children_created,
        c.children_matched,
        c.requests,
        c.advice,
        c.exceptions,
        c.plans,
        c.reviews,
        c.phase_transfers,
        c.reassessments,
        c.markers,
    )
}

/// Reads the header and every row, without touching the database.
fn read_rows<R: Read>(input: R, cx: &Context) -> Result<Vec<Parsed>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return Err(ImportError::File(
                "the file is empty: expected the header row of the EHC casework format".into(),
            ));
        }
        Some(Err(e)) => return Err(ImportError::File(file_error(&e))),
        Some(Ok(record)) => Header::read(&record).map_err(ImportError::File)?,
    };
    let mut parsed = Vec::new();
    for (record, row) in records.zip(2u64..) {
        match record {
            Ok(record) if record.iter().all(|v| v.trim().is_empty()) => {}
            Ok(record) => parsed.push(parse_row(&header, &record, row, cx)),
            Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => parsed.push(Parsed {
                row,
                item: None,
                problems: vec![RowProblem::new(
                    row,
                    None,
                    "the row is not UTF-8 text: save the file as CSV UTF-8",
                )],
                key: None,
            }),
            Err(e) => return Err(ImportError::File(file_error(&e))),
        }
    }
    Ok(parsed)
}

fn file_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "the file is not UTF-8 text: save it as CSV UTF-8 with the header row of the EHC casework format".into()
        }
        csv::ErrorKind::Io(io) => format!("the file cannot be read: {io}"),
        _ => format!("the file is not a CSV file: {e}"),
    }
}
