//! Councils: the list of English local authorities, and what each holds.

use store::{CouncilCounts, LocalAuthorityRow, Store};

use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// Adds or refreshes every English council (and Exampleshire). Reference data, not personal
/// data: it runs with the migrations, before any actor exists, so it is not audited.
pub async fn load_local_authorities(
    store: &Store,
    councils: &[synth::LocalAuthority],
) -> Result<u64> {
    let rows: Vec<LocalAuthorityRow> = councils.iter().map(council_row).collect();
    let mut tx = store.begin().await?;
    let written = tx.upsert_local_authorities(&rows).await?;
    tx.commit().await?;
    Ok(written)
}

/// Every English council in the DfE figures the release ships with, plus Exampleshire.
pub fn english_councils() -> Result<Vec<synth::LocalAuthority>> {
    let tables = dfe_tables()?;
    let mut councils = tables.local_authorities();
    councils.push(synth::LocalAuthority::exampleshire());
    Ok(councils)
}

/// The DfE tables the release ships with, parsed once per process (they are about half a
/// megabyte of CSV; parsing them per request would cost more than the request).
pub(crate) fn dfe_tables() -> Result<&'static synth::DfeTables> {
    static TABLES: std::sync::OnceLock<Result<synth::DfeTables, String>> =
        std::sync::OnceLock::new();
    TABLES
        .get_or_init(|| synth::DfeTables::embedded().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| AppError::Conflict(e.clone()))
}

pub(crate) fn council_row(la: &synth::LocalAuthority) -> LocalAuthorityRow {
    LocalAuthorityRow {
        la_id: i64::from(la.code.get()),
        ons_code: la.ons_code.as_str().to_string(),
        name: la.name.clone(),
        region_code: la.region_code.clone(),
        region_name: la.region_name.clone(),
        fictional: la.fictional,
    }
}

/// A council's name and how much it holds: figures only, no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilStatus {
    pub la_id: i64,
    pub name: String,
    pub fictional: bool,
    pub counts: CouncilCounts,
}

/// The councils that hold any data, for the status page and `serve`'s start-up line.
pub async fn installation_status(store: &Store) -> Result<Vec<CouncilStatus>> {
    let mut tx = store.begin().await?;
    let mut out = Vec::new();
    for la in tx.local_authorities().await? {
        let counts = tx.council_counts(la.la_id).await?;
        if counts != CouncilCounts::default() {
            out.push(CouncilStatus {
                la_id: la.la_id,
                name: la.name,
                fictional: la.fictional,
                counts,
            });
        }
    }
    tx.commit().await?;
    Ok(out)
}

/// One council's figures, for an actor in that council.
pub async fn council_summary(store: &Store, actor: &Actor) -> Result<CouncilStatus> {
    policy::authorise(actor, Action::ReadCouncilSummary)?;
    let mut tx = store.begin().await?;
    let la = tx
        .local_authority(actor.la_id())
        .await?
        .ok_or_else(|| AppError::NotFound(format!("council {}", actor.la)))?;
    let counts = tx.council_counts(la.la_id).await?;
    tx.commit().await?;
    Ok(CouncilStatus {
        la_id: la.la_id,
        name: la.name,
        fictional: la.fictional,
        counts,
    })
}
