//! Documents on a child's file: advice, reports, evidence, the family's views, draft and final
//! plans. Uploads are checked (type from the bytes, size, name); every list and download is
//! authorised on its own and audited; a family sees a document once a caseworker releases it
//! to them, or when they uploaded it themselves.
//!
//! The bytes go to object storage ([`DocumentStore`]) before the row that points at them is
//! saved, so a saved row always has its bytes; if the row cannot be saved the bytes are removed
//! again. Storage keys carry no personal data, only the council, the document id and a random
//! part: `la/801/doc/42-5f0c…`.

pub mod advice;
pub(crate) mod checks;

use chrono::{DateTime, Utc};
use domain::FieldError;
use domain::clock::AdviceService;
use sha2::{Digest, Sha256};
use store::{AdviceRow, DocumentRow, Store, Tx};

pub use checks::{
    CheckedFile, DOCUMENT_KINDS, FAMILY_KINDS, FileType, MAX_DOCUMENT_BYTES, kind_label, sniff,
};

use crate::actor::{Actor, ActorKind};
use crate::audit::{self, Audited};
use crate::children::current_placement;
use crate::document_store::DocumentStore;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// A document as uploaded through a form or the API.
#[derive(Debug, Clone, Default)]
pub struct NewDocument {
    /// One of [`DOCUMENT_KINDS`].
    pub kind: String,
    /// Empty for the file name without its ending.
    pub title: String,
    /// The name the browser sent.
    pub file_name: String,
    /// The type the browser declared; checked against the bytes, never stored.
    pub declared_type: String,
    pub bytes: Vec<u8>,
    /// The advice request this answers, by id, for advice.
    pub advice_id: Option<String>,
}

/// One document in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSummary {
    pub document_id: i64,
    pub kind: String,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Who added it: a member of staff's name, the family member's name, or "the council".
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub advice_id: Option<i64>,
    pub released_to_family: bool,
    pub released_at: Option<DateTime<Utc>>,
}

/// A child's documents as the actor may see them, and what they may do with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildDocuments {
    pub child_id: i64,
    pub child_name: String,
    pub documents: Vec<DocumentSummary>,
    pub may_upload: bool,
    pub may_release: bool,
    /// The kinds the actor may file a document as, with their labels.
    pub kinds: Vec<(&'static str, &'static str)>,
    /// The child's advice requests a document can answer, as (advice id, label); only for
    /// those who work on cases.
    pub advice: Vec<(i64, String)>,
}

/// A document's bytes with what a download needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub document_id: i64,
    pub child_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The setting of the child's current placement: what a SENCO's access depends on.
async fn current_setting(tx: &mut Tx, la_id: i64, child_id: i64) -> Result<Option<i64>> {
    let placements = tx.placements_for_child(la_id, child_id).await?;
    Ok(current_placement(&placements).and_then(|p| p.setting_id))
}

/// How the actor is recorded as a document's uploader: kind and id.
fn uploader(actor: &Actor) -> (&'static str, Option<i64>) {
    match actor.kind {
        ActorKind::Staff { staff_id, .. } => ("staff", Some(staff_id)),
        ActorKind::Family { person_id, .. } => ("family", Some(person_id)),
        ActorKind::Operator | ActorKind::Anonymous => ("operator", None),
    }
}

fn read_action(row: &DocumentRow, setting_id: Option<i64>) -> Action {
    Action::ReadDocument {
        child_id: row.child_id,
        setting_id,
        released_to_family: row.released_to_family,
        family_uploader: (row.uploader_kind == "family")
            .then_some(row.uploader_id)
            .flatten(),
    }
}

/// The kinds the actor may file: families only their own kinds of evidence and views.
fn kinds_for(actor: &Actor) -> Vec<(&'static str, &'static str)> {
    let family = matches!(actor.kind, ActorKind::Family { .. });
    DOCUMENT_KINDS
        .iter()
        .filter(|(code, _)| !family || FAMILY_KINDS.contains(code))
        .copied()
        .collect()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Adds a document to a child's file and returns its id. Every problem with the input is
/// reported at once, each naming its field (`kind`, `title`, `file`, `advice_id`).
pub async fn upload_document(
    store: &Store,
    documents: &DocumentStore,
    actor: &Actor,
    child_id: i64,
    new: NewDocument,
) -> Result<i64> {
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let setting_id = current_setting(&mut tx, la_id, child_id).await?;
    policy::authorise(
        actor,
        Action::UploadDocument {
            child_id,
            setting_id,
        },
    )?;
    if tx.child(la_id, child_id).await?.is_none() {
        return Err(AppError::NotFound(format!("child {child_id}")));
    }
    let links = check_advice(&mut tx, actor, child_id, &new)
        .await?
        .map(|advice_id| Links {
            advice_id,
            ..Links::default()
        });
    store_document(store, documents, actor, (tx, child_id), new, links).await
}

/// What a stored document answers or supports, besides the child whose file it is on.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Links {
    /// The advice request it answers.
    pub advice_id: Option<i64>,
    /// The top-up application it is evidence for.
    pub topup_application_id: Option<i64>,
}

/// Checks and stores a document for a child whose access the caller has already checked (in
/// `tx`, which is committed once the id is taken).
pub(crate) async fn store_document(
    store: &Store,
    documents: &DocumentStore,
    actor: &Actor,
    (mut tx, child_id): (Tx, i64),
    new: NewDocument,
    links: Result<Links, FieldError>,
) -> Result<i64> {
    let la_id = actor.la_id();
    let mut problems = Vec::new();
    let kinds = kinds_for(actor);
    if !kinds.iter().any(|(code, _)| *code == new.kind) {
        problems.push(FieldError::new("kind", "select what the document is"));
    }
    let (file, title) = checks::check_upload(
        &new.file_name,
        &new.declared_type,
        &new.bytes,
        &new.title,
        &mut problems,
    );
    let links = links.map_err(|e| problems.push(e)).ok().unwrap_or_default();
    let (Some(file), Some(title), true) = (file, title, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    // The id is taken before the bytes are written, so the key can carry it; an upload that
    // fails later leaves a gap in the ids, never two documents with one.
    let document_id = tx.allocate_ids(la_id, "documents", 1).await?;
    tx.commit().await?;

    let random = crate::tokens::random_hex(16)?;
    let storage_key = format!("la/{la_id}/doc/{document_id}-{random}");
    let (uploader_kind, uploader_id) = uploader(actor);
    let row = DocumentRow {
        la_id,
        document_id,
        child_id,
        kind: new.kind,
        title,
        file_name: file.file_name,
        content_type: file.file_type.content_type().into(),
        size_bytes: i64::try_from(file.size_bytes).unwrap_or(i64::MAX),
        sha256: hex(&Sha256::digest(&new.bytes)),
        storage_key,
        uploaded_by: actor.audit_name(),
        uploader_kind: uploader_kind.into(),
        uploader_id,
        uploaded_at: Utc::now(),
        advice_id: links.advice_id,
        released_to_family: false,
        released_at: None,
        topup_application_id: links.topup_application_id,
    };
    documents.put_new(&row.storage_key, new.bytes).await?;
    if let Err(e) = save_upload(store, actor, &row).await {
        // The row was not saved, so nothing points at the bytes: remove them.
        if let Err(cleanup) = documents.delete(&row.storage_key).await {
            tracing::error!(
                "document {document_id}: the row was not saved and its bytes could not be removed: {cleanup}"
            );
        }
        return Err(e);
    }
    Ok(document_id)
}

async fn save_upload(store: &Store, actor: &Actor, row: &DocumentRow) -> Result<()> {
    let mut tx = store.begin().await?;
    tx.insert_records(std::slice::from_ref(row)).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "document.upload",
            record_type: "document",
            record_id: Some(row.document_id.to_string()),
            child_id: Some(row.child_id),
            detail: Some(format!(
                "{} ({}, {} bytes)",
                row.kind, row.content_type, row.size_bytes
            )),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The advice request a document answers: only for advice, only one of this child's, and only
/// chosen by those who work on cases. The outer error is the store's; the inner the input's.
async fn check_advice(
    tx: &mut Tx,
    actor: &Actor,
    child_id: i64,
    new: &NewDocument,
) -> Result<Result<Option<i64>, FieldError>> {
    let Some(text) = new
        .advice_id
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    else {
        return Ok(Ok(None));
    };
    let problem = || FieldError::new("advice_id", "select one of this child’s advice requests");
    if new.kind != "advice" || !policy::permits(actor, Action::WorkOnCase) {
        return Ok(Err(FieldError::new(
            "advice_id",
            "only advice can answer an advice request",
        )));
    }
    let Ok(advice_id) = text.parse::<i64>() else {
        return Ok(Err(problem()));
    };
    let found: Option<AdviceRow> = tx.record(actor.la_id(), advice_id).await?;
    Ok(match found {
        Some(a) if a.child_id == child_id => Ok(Some(advice_id)),
        _ => Err(problem()),
    })
}

/// A child's documents, each one shown only if the actor may open it. The look is audited as a
/// read of the child's record.
pub async fn list_documents(store: &Store, actor: &Actor, child_id: i64) -> Result<ChildDocuments> {
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let setting_id = current_setting(&mut tx, la_id, child_id).await?;
    policy::authorise(
        actor,
        Action::ListDocuments {
            child_id,
            setting_id,
        },
    )?;
    let child = tx
        .child(la_id, child_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("child {child_id}")))?;
    let rows: Vec<DocumentRow> = tx.records_of_child(la_id, child_id).await?;
    let mut names: Vec<((String, Option<i64>), String)> = Vec::new();
    let mut documents = Vec::new();
    for row in rows
        .into_iter()
        .filter(|r| policy::permits(actor, read_action(r, setting_id)))
    {
        let who = (row.uploader_kind.clone(), row.uploader_id);
        let uploaded_by = match names.iter().find(|(k, _)| *k == who) {
            Some((_, name)) => name.clone(),
            None => {
                let name = uploader_name(&mut tx, la_id, &row).await?;
                names.push((who, name.clone()));
                name
            }
        };
        documents.push(DocumentSummary {
            document_id: row.document_id,
            kind: row.kind,
            title: row.title,
            file_name: row.file_name,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
            uploaded_by,
            uploaded_at: row.uploaded_at,
            advice_id: row.advice_id,
            released_to_family: row.released_to_family,
            released_at: row.released_at,
        });
    }
    // Newest first, as people look for what has just arrived.
    documents.reverse();
    let advice = if policy::permits(actor, Action::WorkOnCase) {
        let rows: Vec<AdviceRow> = tx.records_of_child(la_id, child_id).await?;
        rows.iter()
            .map(|a| {
                let service = a
                    .service
                    .parse::<AdviceService>()
                    .map_or_else(|_| a.service.clone(), |s| s.label().to_string());
                (
                    a.advice_id,
                    format!("{service} advice requested on {}", a.requested_on),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "document.list",
            record_type: "child",
            record_id: Some(child_id.to_string()),
            child_id: Some(child_id),
            detail: Some(format!("{} documents shown", documents.len())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ChildDocuments {
        child_id,
        child_name: format!("{} {}", child.forename, child.surname),
        documents,
        may_upload: policy::permits(
            actor,
            Action::UploadDocument {
                child_id,
                setting_id,
            },
        ),
        may_release: policy::permits(actor, Action::ReleaseDocument { child_id }),
        kinds: kinds_for(actor),
        advice,
    })
}

async fn uploader_name(tx: &mut Tx, la_id: i64, row: &DocumentRow) -> Result<String> {
    let found = match (row.uploader_kind.as_str(), row.uploader_id) {
        ("staff", Some(id)) => tx.staff_member(la_id, id).await?.map(|s| s.name),
        ("family", Some(id)) => tx.family_member(la_id, id).await?.map(|m| m.name),
        _ => None,
    };
    Ok(found.unwrap_or_else(|| "The council".into()))
}

/// A document's bytes. Every call is authorised afresh and audited (`document.download`, or
/// `document.download_denied` for a refusal) before any byte is read; a document the actor may
/// not open is "not found". The bytes are checked against the hash taken at upload.
pub async fn download_document(
    store: &Store,
    documents: &DocumentStore,
    actor: &Actor,
    document_id: i64,
) -> Result<Download> {
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let Some(row) = tx.record::<DocumentRow>(la_id, document_id).await? else {
        return Err(AppError::NotFound("document".into()));
    };
    let setting_id = current_setting(&mut tx, la_id, row.child_id).await?;
    let event = |action| Audited {
        action,
        record_type: "document",
        record_id: Some(document_id.to_string()),
        child_id: Some(row.child_id),
        detail: None,
    };
    if let Err(denied) = policy::authorise(actor, read_action(&row, setting_id)) {
        // A refused attempt is kept too: who tried to open which document, from where.
        audit::record(&mut tx, actor, event("document.download_denied")).await?;
        tx.commit().await?;
        return Err(denied);
    }
    audit::record(&mut tx, actor, event("document.download")).await?;
    tx.commit().await?;
    let bytes = documents.get(&row.storage_key).await?;
    if hex(&Sha256::digest(&bytes)) != row.sha256 {
        return Err(AppError::Store(store::StoreError::Corrupt {
            field: "document bytes",
            detail: format!("document {document_id} does not match the hash taken at upload"),
        }));
    }
    Ok(Download {
        document_id,
        child_id: row.child_id,
        file_name: row.file_name,
        content_type: row.content_type,
        bytes,
    })
}

/// Lets the child's family see a document. Releasing one already released changes nothing.
/// Returns the child's id.
pub async fn release_document(store: &Store, actor: &Actor, document_id: i64) -> Result<i64> {
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let Some(mut row) = tx.record::<DocumentRow>(la_id, document_id).await? else {
        return Err(AppError::NotFound("document".into()));
    };
    let setting_id = current_setting(&mut tx, la_id, row.child_id).await?;
    // Someone who may not open the document is told it does not exist; someone who may open
    // it but not release it is told so.
    policy::authorise(actor, read_action(&row, setting_id))?;
    policy::authorise(
        actor,
        Action::ReleaseDocument {
            child_id: row.child_id,
        },
    )?;
    if row.released_to_family {
        return Ok(row.child_id);
    }
    row.released_to_family = true;
    row.released_at = Some(Utc::now());
    tx.update_record(&row).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "document.release",
            record_type: "document",
            record_id: Some(document_id.to_string()),
            child_id: Some(row.child_id),
            detail: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row.child_id)
}
