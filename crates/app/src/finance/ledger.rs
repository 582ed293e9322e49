//! Importing actuals from the finance system's ledger (`docs/formats/ledger.md`).
//!
//! A file is checked whole first: if any row has a problem, each is reported by row and column
//! and nothing is imported. A good file's rows are added up by year, month and line, and each
//! (year, month) it holds replaces what an earlier import said about that month, on every line
//! (a month's extract is the whole month), so importing the same month twice never doubles it.
//! Months the file does not hold are left as they were. Every import is kept, with the file's
//! name and SHA-256, in `ledger_imports`.

use chrono::Utc;
use domain::FieldError;
use domain::high_needs::budget::{monthly_totals, read_ledger};
use sha2::{Digest, Sha256};
use store::{LedgerActualRow, LedgerImportRow};

use crate::Store;
use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// The form field a file's problems are reported against.
const FIELD: &str = "file";

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub import_id: i64,
    /// Rows read from the file.
    pub rows: usize,
    /// The months replaced, as `April 2026-27`.
    pub months: Vec<String>,
}

/// Imports a ledger extract named `file_name`.
///
/// # Errors
/// `Invalid` with one problem per row and column that cannot be read (each saying
/// `Row 4, column amount: …`, the header being row 1), or one about the file as a whole; nothing
/// is imported.
pub async fn import_actuals(
    store: &Store,
    actor: &Actor,
    file_name: &str,
    bytes: &[u8],
) -> Result<Imported> {
    policy::authorise(actor, Action::SetBudget)?;
    if bytes.is_empty() {
        return Err(FieldError::new(FIELD, "select a ledger CSV file").into());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        FieldError::new(
            FIELD,
            "the file must be CSV text saved as UTF-8 (in Excel, “CSV UTF-8”)",
        )
    })?;
    let entries = read_ledger(file_name, text).map_err(|problems| {
        AppError::Invalid(
            problems
                .into_iter()
                .map(|p| {
                    let at = match (p.line, p.column.as_deref()) {
                        (Some(row), Some(column)) => format!("Row {row}, column {column}: "),
                        (Some(row), None) => format!("Row {row}: "),
                        _ => "The file ".to_string(),
                    };
                    FieldError::new(FIELD, format!("{at}{}", p.problem))
                })
                .collect(),
        )
    })?;
    let totals = monthly_totals(&entries).map_err(|e| FieldError::new(FIELD, e))?;
    let mut months: Vec<(i64, i64)> = totals
        .iter()
        .map(|t| (i64::from(t.year.start_year()), i64::from(t.month.number())))
        .collect();
    months.dedup();
    let month_names: Vec<String> = totals
        .iter()
        .map(|t| format!("{} {}", t.month, t.year))
        .fold(Vec::new(), |mut names, name| {
            if names.last() != Some(&name) {
                names.push(name);
            }
            names
        });
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let import_id = tx.allocate_ids(la_id, "ledger_imports", 1).await?;
    let import = LedgerImportRow {
        la_id,
        import_id,
        file_name: file_name.chars().take(200).collect(),
        sha256: Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        rows: i64::try_from(entries.len()).unwrap_or(i64::MAX),
        months: month_names.join(", "),
        imported_by: actor.audit_name(),
        imported_at: Utc::now(),
    };
    let actuals: Vec<LedgerActualRow> = totals
        .iter()
        .map(|t| LedgerActualRow {
            la_id,
            financial_year: i64::from(t.year.start_year()),
            month: i64::from(t.month.number()),
            budget_line: t.line.code().into(),
            amount_pence: t.amount.get(),
            import_id,
        })
        .collect();
    tx.replace_ledger_months(&import, &months, &actuals).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "finance.actuals_import",
            record_type: "ledger_import",
            record_id: Some(import_id.to_string()),
            child_id: None,
            detail: Some(format!("{} rows: {}", entries.len(), import.months)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Imported {
        import_id,
        rows: entries.len(),
        months: month_names,
    })
}
