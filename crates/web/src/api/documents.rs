//! A child's documents over the API: the list as JSON, and one document's bytes. The same use
//! cases as the pages, so the same policy, audit and "not found" for what the caller may not
//! see.

use app::documents::{download_document, list_documents};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{app_problem, caller};
use crate::session::ClientAddr;
use crate::state::AppState;

pub async fn child_documents(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let actor = match caller(&state, &headers, &from).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match list_documents(state.store(), &actor, id).await {
        Ok(list) => Json(
            list.documents
                .iter()
                .map(|d| {
                    json!({
                        "id": d.document_id,
                        "kind": d.kind,
                        "title": d.title,
                        "file_name": d.file_name,
                        "content_type": d.content_type,
                        "size_bytes": d.size_bytes,
                        "uploaded_by": d.uploaded_by,
                        "uploaded_at": d.uploaded_at.to_rfc3339(),
                        "advice_id": d.advice_id,
                        "released_to_family": d.released_to_family,
                        "href": format!("/api/v1/documents/{}", d.document_id),
                    })
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(e) => app_problem(&e),
    }
}

pub async fn document(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let actor = match caller(&state, &headers, &from).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match download_document(state.store(), state.documents(), &actor, id).await {
        Ok(d) => crate::pages::documents::attachment(d),
        Err(e) => app_problem(&e),
    }
}
