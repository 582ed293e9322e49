//! The council's funding models: loaded from their files, every version kept, one in use.
//!
//! A model is stored as the files it was read from (`funding_model_files`), not as parsed rows,
//! so its SHA-256 can be recomputed from what is stored and compared with the version an award
//! names. Parsing Bristol's model takes milliseconds, so each process parses a version once
//! and shares it, keyed by that SHA-256 (two councils loading the same files share one copy).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use chrono::{DateTime, Utc};
use domain::topup::ModelVersion;
use domain::topup::costing::{CostingModel, SourceFile, load};
use store::{FundingModelFileRow, FundingModelRow, Tx};

use crate::Store;
use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// The kind stored for a needs and provision costing model.
const COSTING: &str = "needs_and_provision";

static PARSED: LazyLock<Mutex<HashMap<String, Arc<CostingModel>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn cached(sha256: &str) -> Option<Arc<CostingModel>> {
    PARSED.lock().ok()?.get(sha256).cloned()
}

fn remember(model: CostingModel) -> Arc<CostingModel> {
    let model = Arc::new(model);
    if let Ok(mut parsed) = PARSED.lock() {
        parsed.insert(model.version().sha256.clone(), Arc::clone(&model));
    }
    model
}

/// Loads a needs and provision costing model from its files (Bristol's published layout) and
/// makes it the one new applications use. Loading the same files again makes no new version.
pub async fn install_model(
    store: &Store,
    actor: &Actor,
    model_id: &str,
    files: Vec<SourceFile>,
    now: DateTime<Utc>,
) -> Result<ModelVersion> {
    policy::authorise(actor, Action::ManageFundingModels)?;
    let mut tx = store.begin().await?;
    let version = install_in(&mut tx, actor, model_id, files, now).await?;
    tx.commit().await?;
    Ok(version)
}

/// [`install_model`] in the caller's transaction, for the demo's seeding.
pub(crate) async fn install_in(
    tx: &mut Tx,
    actor: &Actor,
    model_id: &str,
    files: Vec<SourceFile>,
    now: DateTime<Utc>,
) -> Result<ModelVersion> {
    let la_id = actor.la_id();
    let model = load(model_id, &files)
        .map_err(|e| AppError::Invalid(vec![domain::FieldError::new("model", e.to_string())]))?;
    let version = model.version().clone();
    let existing: Vec<FundingModelRow> = tx.records_of_council(la_id).await?;
    let model_key = match existing.iter().find(|m| m.sha256 == version.sha256) {
        Some(same) => same.model_key,
        None => {
            let model_key = tx.allocate_ids(la_id, "funding_models", 1).await?;
            tx.insert_records(&[FundingModelRow {
                la_id,
                model_key,
                kind: COSTING.into(),
                model_id: version.id.clone(),
                version: version.version.clone(),
                sha256: version.sha256.clone(),
                in_use: false,
                loaded_by: actor.audit_name(),
                loaded_at: now,
            }])
            .await?;
            let mut rows = Vec::with_capacity(files.len());
            for file in files {
                let content = String::from_utf8(file.bytes).map_err(|_| {
                    domain::FieldError::new("model", format!("{} is not UTF-8 text", file.path))
                })?;
                rows.push(FundingModelFileRow {
                    la_id,
                    model_key,
                    path: file.path,
                    content,
                });
            }
            tx.insert_records(&rows).await?;
            model_key
        }
    };
    tx.use_funding_model(la_id, model_key).await?;
    remember(model);
    audit::record(
        tx,
        actor,
        Audited {
            action: "topup.model_install",
            record_type: "funding_model",
            record_id: Some(model_key.to_string()),
            child_id: None,
            detail: Some(version.to_string()),
        },
    )
    .await?;
    Ok(version)
}

/// A stored model version, parsed (once per process).
pub(crate) async fn model_by_key(
    tx: &mut Tx,
    la_id: i64,
    model_key: i64,
) -> Result<Arc<CostingModel>> {
    let row: FundingModelRow = tx
        .record(la_id, model_key)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("funding model {model_key}")))?;
    if let Some(model) = cached(&row.sha256) {
        return Ok(model);
    }
    let files: Vec<FundingModelFileRow> = tx.select_files(la_id, model_key).await?;
    let files: Vec<SourceFile> = files
        .into_iter()
        .map(|f| SourceFile {
            path: f.path,
            bytes: f.content.into_bytes(),
        })
        .collect();
    let model = load(&row.model_id, &files)
        .map_err(|e| store::StoreError::corrupt("funding_model_files", e.to_string()))?;
    if model.version().sha256 != row.sha256 {
        return Err(store::StoreError::corrupt(
            "funding_model_files",
            format!("model {model_key} no longer matches its SHA-256"),
        )
        .into());
    }
    Ok(remember(model))
}

/// The model new applications use, with its key; `None` until the council loads one.
pub(crate) async fn model_in_use(
    tx: &mut Tx,
    la_id: i64,
) -> Result<Option<(i64, Arc<CostingModel>)>> {
    let Some(row) = tx.funding_model_in_use(la_id).await? else {
        return Ok(None);
    };
    let model = model_by_key(tx, la_id, row.model_key).await?;
    Ok(Some((row.model_key, model)))
}
