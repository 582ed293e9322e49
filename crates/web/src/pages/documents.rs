//! A child's documents: the list (each one a download link), a GOV.UK file upload form for
//! those who may add documents, and a button for caseworkers to release a document to the
//! family. Downloads are served here too, as attachments. Who may see, add or release which
//! document is `app::documents`' and the policy's decision, asked again on every request.

use app::AppError;
use app::documents::{
    Download, NewDocument, download_document, list_documents, release_document, upload_document,
};
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::case_fields::Values;
use super::documents_view::{render_page, success};
use crate::pages::errors;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

/// The most fields an upload form is read for (it has four, and the token).
const MAX_FORM_FIELDS: usize = 16;
/// The longest answer read from a text field of the upload form.
const MAX_TEXT_BYTES: usize = 16 * 1024;

#[derive(Deserialize, Default)]
pub struct DocumentsQuery {
    /// What was just done, for the success banner: `uploaded` or `released`.
    #[serde(default)]
    done: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
    Query(query): Query<DocumentsQuery>,
) -> Response {
    let path = format!("/children/{child_id}/documents");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(child_id) = child_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let list = match list_documents(state.store(), &current.actor, child_id).await {
        Ok(l) => l,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let banner = match query.done.as_deref() {
        Some("uploaded") => success("Document uploaded"),
        Some("released") => success("Document shared with the family"),
        _ => String::new(),
    };
    render_page(&state, &current, &list, &banner, &Values::default(), &[])
}

/// What an upload form sent: its text fields, the file (name, declared type, bytes), and a
/// problem that stopped the reading.
pub(crate) struct Sent {
    pub(crate) values: Values,
    pub(crate) file: Option<(String, String, Vec<u8>)>,
    pub(crate) problem: Option<domain::FieldError>,
}

impl Sent {
    /// The document sent, titled by its `title` field, or the problem that stopped reading it.
    pub(crate) fn document(self) -> Result<app::documents::NewDocument, app::AppError> {
        if let Some(problem) = self.problem {
            return Err(app::AppError::Invalid(vec![problem]));
        }
        let (file_name, declared_type, bytes) = self.file.unwrap_or_default();
        Ok(app::documents::NewDocument {
            title: self.values.get("title").to_string(),
            file_name,
            declared_type,
            bytes,
            ..Default::default()
        })
    }
}

/// Reads the multipart form a chunk at a time, counting: a file over the limit is refused as
/// soon as it passes it, without reading the rest. This, not a limit on the whole body, bounds
/// the request, so the CSRF token (the form's first field) is always read before the refusal.
pub(crate) async fn read_upload(mut multipart: Multipart) -> Sent {
    let mut sent = Sent {
        values: Values::default(),
        file: None,
        problem: None,
    };
    let too_large = || {
        domain::FieldError::new(
            "file",
            format!(
                "the selected file must be smaller than {} MB",
                app::documents::MAX_DOCUMENT_BYTES / (1024 * 1024)
            ),
        )
    };
    let unreadable =
        || domain::FieldError::new("file", "the selected file could not be uploaded: try again");
    for _ in 0..MAX_FORM_FIELDS {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return sent,
            Err(_) => {
                sent.problem = Some(unreadable());
                return sent;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let is_file = name == "file";
        let limit = if is_file {
            app::documents::MAX_DOCUMENT_BYTES
        } else {
            MAX_TEXT_BYTES
        };
        let mut data = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if data.len() + chunk.len() > limit => {
                    sent.problem = Some(if is_file {
                        too_large()
                    } else {
                        let field = match name.as_str() {
                            "kind" => "kind",
                            "advice_id" => "advice_id",
                            _ => "title",
                        };
                        domain::FieldError::new(field, "the answer is too long")
                    });
                    return sent;
                }
                Ok(Some(chunk)) => data.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(_) => {
                    sent.problem = Some(unreadable());
                    return sent;
                }
            }
        }
        if is_file {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let declared = field.content_type().unwrap_or_default().to_string();
            sent.file = Some((file_name, declared, data));
        } else {
            sent.values
                .0
                .push((name, String::from_utf8_lossy(&data).into_owned()));
        }
    }
    sent
}

pub async fn upload(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
    multipart: Multipart,
) -> Response {
    let path = format!("/children/{child_id}/documents");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(child_id) = child_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let Sent {
        values,
        file,
        problem,
    } = read_upload(multipart).await;
    // The token is the form's first field, so even a request stopped for its size has it.
    if !session::csrf_ok(Some(&current.csrf_token), values.get("csrf_token")) {
        return errors::forbidden(&state);
    }
    let outcome = match problem {
        Some(problem) => Err(AppError::Invalid(vec![problem])),
        None => {
            let (file_name, declared_type, bytes) = file.unwrap_or_default();
            let new = NewDocument {
                kind: values.get("kind").to_string(),
                title: values.get("title").to_string(),
                file_name,
                declared_type,
                bytes,
                advice_id: Some(values.get("advice_id").to_string()),
            };
            upload_document(
                state.store(),
                state.documents(),
                &current.actor,
                child_id,
                new,
            )
            .await
        }
    };
    let problems: Vec<(String, String)> = match outcome {
        Ok(_) => {
            return Redirect::to(&format!("/children/{child_id}/documents?done=uploaded"))
                .into_response();
        }
        Err(AppError::Invalid(found)) => found
            .iter()
            .map(|p| (p.field.to_string(), capitalise(&p.problem)))
            .collect(),
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let list = match list_documents(state.store(), &current.actor, child_id).await {
        Ok(l) => l,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    render_page(&state, &current, &list, "", &values, &problems)
}

pub async fn download(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(document_id): Path<String>,
) -> Response {
    let path = format!("/documents/{document_id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(document_id) = document_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    match download_document(
        state.store(),
        state.documents(),
        &current.actor,
        document_id,
    )
    .await
    {
        Ok(d) => attachment(d),
        Err(e) => errors::for_app_error(&state, &e),
    }
}

pub async fn release(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(document_id): Path<String>,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let path = format!("/documents/{document_id}/release");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !session::csrf_ok(Some(&current.csrf_token), Values(values).get("csrf_token")) {
        return errors::forbidden(&state);
    }
    let Ok(document_id) = document_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    match release_document(state.store(), &current.actor, document_id).await {
        Ok(child_id) => {
            Redirect::to(&format!("/children/{child_id}/documents?done=released")).into_response()
        }
        Err(e) => errors::for_app_error(&state, &e),
    }
}

/// A document as a download: always an attachment (never shown in the browser, where a
/// document could run as a page), with the type found at upload and a file name that cannot
/// break the header.
pub(crate) fn attachment(download: Download) -> Response {
    let content_type = HeaderValue::from_str(&download.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    (
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                content_disposition(&download.file_name),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        download.bytes,
    )
        .into_response()
}

/// `attachment` with the name twice: plain ASCII for old browsers, and UTF-8 (RFC 6266, RFC
/// 8187) for the rest. Quotes, backslashes, control characters and anything outside a small
/// safe set become `_` in the plain name and are percent-encoded in the other.
pub(crate) fn content_disposition(file_name: &str) -> HeaderValue {
    let plain: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::documents_view::size;
    use super::*;

    #[test]
    fn download_names_cannot_break_the_header() {
        let value = content_disposition("Report \"final\";\r\nSet-Cookie: x=1 – é.pdf");
        let text = value.to_str().unwrap();
        assert!(
            text.starts_with("attachment; filename=\"Report _final____Set-Cookie_ x_1 _ _.pdf\"")
        );
        assert!(text.ends_with("filename*=UTF-8''Report%20%22final%22%3B%0D%0ASet-Cookie%3A%20x%3D1%20%E2%80%93%20%C3%A9.pdf"));
        assert_eq!(size(900), "900 bytes");
        assert_eq!(size(35_000), "34 KB");
        assert_eq!(size(1_300_000), "1.2 MB");
    }
}
