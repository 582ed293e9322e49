//! Papers for agenda items. A paper is checked as a child's document is
//! (`documents::checks`: a known type found from its bytes, agreeing with its name, at most
//! 20 MB) and its bytes go to the same document store, under a key holding no personal data.
//! Papers are not on any child's file, so they have their own rows (`forum_papers`). A paper
//! marked confidential (exempt from publication) is never shown on a public page.

use chrono::Utc;
use sha2::{Digest, Sha256};
use store::{ForumItemRow, ForumMeetingRow, ForumPaperRow, Store};

use super::{audited, load_meeting};
use crate::actor::Actor;
use crate::document_store::DocumentStore;
use crate::documents::{Download, checks, hex};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// A paper as uploaded.
#[derive(Debug, Clone, Default)]
pub struct NewPaper {
    pub title: String,
    pub file_name: String,
    pub declared_type: String,
    pub bytes: Vec<u8>,
    pub confidential: bool,
}

/// Adds a paper to an item. The bytes are written first, then the row and its audit event in
/// one transaction; if that fails the bytes are removed.
pub async fn upload_paper(
    store: &Store,
    documents: &DocumentStore,
    actor: &Actor,
    (meeting_id, item_id): (i64, i64),
    new: NewPaper,
) -> Result<i64> {
    policy::authorise(actor, Action::ClerkForums)?;
    let la_id = actor.la_id();
    let mut problems = Vec::new();
    let (file, title) = checks::check_upload(
        &new.file_name,
        &new.declared_type,
        &new.bytes,
        &new.title,
        &mut problems,
    );
    let mut tx = store.begin().await?;
    load_meeting(&mut tx, la_id, meeting_id).await?;
    let item: Option<ForumItemRow> = tx.record(la_id, item_id).await?;
    if item.is_none_or(|i| i.meeting_id != meeting_id) {
        return Err(AppError::NotFound(format!("agenda item {item_id}")));
    }
    let (Some(file), Some(title), true) = (file, title, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let paper_id = tx.allocate_ids(la_id, "forum_papers", 1).await?;
    tx.commit().await?;
    let random = crate::tokens::random_hex(16)?;
    let row = ForumPaperRow {
        la_id,
        paper_id,
        item_id,
        meeting_id,
        title,
        file_name: file.file_name,
        content_type: file.file_type.content_type().into(),
        size_bytes: i64::try_from(file.size_bytes).unwrap_or(i64::MAX),
        sha256: hex(&Sha256::digest(&new.bytes)),
        storage_key: format!("la/{la_id}/paper/{paper_id}-{random}"),
        confidential: new.confidential,
        uploaded_by: actor.audit_name(),
        uploaded_at: Utc::now(),
    };
    documents.put_new(&row.storage_key, new.bytes).await?;
    let saved = async {
        let mut tx = store.begin().await?;
        tx.insert_records(std::slice::from_ref(&row)).await?;
        let detail = format!(
            "{} bytes{}",
            row.size_bytes,
            if row.confidential {
                ", confidential"
            } else {
                ""
            }
        );
        audited(
            &mut tx,
            actor,
            "forum.upload_paper",
            "forum_paper",
            paper_id,
            Some(detail),
        )
        .await?;
        tx.commit().await?;
        Ok::<(), AppError>(())
    }
    .await;
    if let Err(e) = saved {
        // Nothing points at the bytes: remove them.
        if let Err(cleanup) = documents.delete(&row.storage_key).await {
            tracing::error!("paper {paper_id}: row not saved and bytes not removed: {cleanup}");
        }
        return Err(e);
    }
    Ok(paper_id)
}

/// Opens a paper. Staff who may read forums open any paper; anyone else only a paper that is
/// published: its meeting's agenda is published and it is not confidential. Anything else is
/// not found, so an unpublished paper's existence does not leak.
pub async fn download_paper(
    store: &Store,
    documents: &DocumentStore,
    actor: &Actor,
    paper_id: i64,
) -> Result<Download> {
    policy::authorise(actor, Action::ReadPublishedForums)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let paper: Option<ForumPaperRow> = tx.record(la_id, paper_id).await?;
    let not_found = || AppError::NotFound(format!("paper {paper_id}"));
    let paper = paper.ok_or_else(not_found)?;
    let meeting: ForumMeetingRow = load_meeting(&mut tx, la_id, paper.meeting_id).await?;
    tx.commit().await?;
    let published = meeting.agenda_published_at.is_some() && !paper.confidential;
    if !published && !policy::permits(actor, Action::ReadForums) {
        return Err(not_found());
    }
    let bytes = documents.get(&paper.storage_key).await?;
    if hex(&Sha256::digest(&bytes)) != paper.sha256 {
        tracing::error!("paper {paper_id}: stored bytes do not match their hash");
        return Err(not_found());
    }
    Ok(Download {
        document_id: paper_id,
        child_id: 0,
        file_name: paper.file_name,
        content_type: paper.content_type,
        bytes,
    })
}
