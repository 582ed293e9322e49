//! Files a professional attaches to the advice they were asked for (SEND Regulations 2014
//! reg. 6(1)): kept on the child's file as advice answering that request, for the caseworker
//! to read and release. Only the adviser the request was sent to, or a caseworker, may attach
//! or list them (`Action::GiveAdvice`); the professional still cannot open the child's file.

use store::DocumentRow;

use super::{DocumentSummary, Links, NewDocument, store_document};
use crate::Store;
use crate::actor::Actor;
use crate::document_store::DocumentStore;
use crate::error::Result;
use crate::portal::advice::open_request;

/// Attaches a file to the advice request `advice_id`, as advice on the child's file.
pub async fn attach_to_advice(
    store: &Store,
    documents: &DocumentStore,
    actor: &Actor,
    advice_id: i64,
    new: NewDocument,
) -> Result<i64> {
    let mut tx = store.begin().await?;
    let advice = open_request(&mut tx, actor, advice_id).await?;
    let new = NewDocument {
        kind: "advice".into(),
        advice_id: None,
        ..new
    };
    let child_id = advice.child_id;
    store_document(
        store,
        documents,
        actor,
        (tx, child_id),
        new,
        Ok(Links {
            advice_id: Some(advice_id),
            ..Links::default()
        }),
    )
    .await
}

/// The files attached to one request for advice, for the adviser's page: names and sizes.
pub async fn advice_attachments(
    store: &Store,
    actor: &Actor,
    advice_id: i64,
) -> Result<Vec<DocumentSummary>> {
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let advice = open_request(&mut tx, actor, advice_id).await?;
    let rows: Vec<DocumentRow> = tx.records_of_child(la_id, advice.child_id).await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.advice_id == Some(advice_id))
        .map(|row| DocumentSummary {
            document_id: row.document_id,
            kind: row.kind,
            title: row.title,
            file_name: row.file_name,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
            uploaded_by: row.uploaded_by,
            uploaded_at: row.uploaded_at,
            advice_id: row.advice_id,
            released_to_family: row.released_to_family,
            released_at: row.released_at,
        })
        .collect())
}
