//! How a child's documents page looks: the success banner, the table of documents with their
//! download links and, for those who may release, a button per document; the GOV.UK file upload
//! form; and the error summary. The handlers are in [`super::documents`].

use app::documents::{ChildDocuments, DocumentSummary, kind_label};
use axum::response::{Html, IntoResponse, Response};
use govuk::{
    BackLink, Component, ErrorMessage, ErrorSummary, ErrorSummaryItem, FileUpload, Hint, Label,
    NotificationBanner,
};

use super::case::{day, tag};
use super::case_fields::{Field, Values, render_field};
use crate::html::{button, escape, table};
use crate::layout::{Page, render};
use crate::state::AppState;

pub(super) fn success(heading: &str) -> String {
    NotificationBanner {
        type_: Some("success".into()),
        html: Some(format!(
            "<h3 class=\"govuk-notification-banner__heading\">{}</h3>",
            escape(heading)
        )),
        ..Default::default()
    }
    .render()
}

/// A size as people read it: 820 bytes, 34 KB, 1.2 MB.
pub(super) fn size(bytes: i64) -> String {
    const KB: i64 = 1024;
    if bytes < KB {
        format!("{bytes} bytes")
    } else if bytes < KB * KB {
        format!("{} KB", (bytes + KB / 2) / KB)
    } else {
        format!("{:.1} MB", bytes as f64 / (KB * KB) as f64)
    }
}

/// The whole page: the list, and the upload form for those who may add documents, with any
/// problems from the last upload and what was typed.
pub(super) fn render_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    list: &ChildDocuments,
    banner: &str,
    typed: &Values,
    problems: &[(String, String)],
) -> Response {
    let child_id = list.child_id;
    let back = BackLink {
        href: Some(format!("/children/{child_id}")),
        text: Some("Back to the record".into()),
        ..Default::default()
    }
    .render();
    let summary = error_summary(problems);
    let documents = documents_table(list, &current.csrf_token);
    let form = if list.may_upload {
        upload_form(list, &current.csrf_token, typed, problems)
    } else {
        String::new()
    };
    let body = format!(
        "{back}{summary}{banner}<span class=\"govuk-caption-l\">{}</span>\
         <h1 class=\"govuk-heading-l\">Documents</h1>{documents}{form}",
        escape(&list.child_name),
    );
    let title = format!("Documents – {}", list.child_name);
    Html(render(
        state,
        Page {
            title: &title,
            actor: Some(&current.actor),
            path: "/children",
            csrf_token: Some(&current.csrf_token),
            body,
            has_errors: !problems.is_empty(),
        },
    ))
    .into_response()
}

fn documents_table(list: &ChildDocuments, csrf_token: &str) -> String {
    if list.documents.is_empty() {
        return "<p class=\"govuk-body\">There are no documents to show yet.</p>".into();
    }
    let rows: Vec<Vec<String>> = list
        .documents
        .iter()
        .map(|d| {
            let mut cells = vec![
                format!(
                    "<a class=\"govuk-link\" href=\"/documents/{}\" download>{}</a>\
                     <br><span class=\"govuk-body-s\">{}, {}</span>",
                    d.document_id,
                    escape(&d.title),
                    escape(&d.file_name),
                    escape(&size(d.size_bytes))
                ),
                escape(kind_label(&d.kind)),
                escape(&d.uploaded_by),
                escape(&day(d.uploaded_at.date_naive())),
            ];
            if list.may_release {
                cells.push(shared_cell(d, csrf_token));
            }
            cells
        })
        .collect();
    // Whether the family can see a document is the business of those who release it; a
    // family sees only what it may open anyway.
    let mut heads = vec!["Document", "What it is", "Added by", "Added on"];
    if list.may_release {
        heads.push("Shared with the family");
    }
    table(
        &format!("{} documents", list.documents.len()),
        &heads,
        &rows,
    )
}

/// Whether the family sees the document, with a button to share it if not yet shared.
fn shared_cell(d: &DocumentSummary, csrf_token: &str) -> String {
    if d.released_to_family {
        tag("Shared", "green")
    } else {
        // A small form per document: works without JavaScript, and its button names
        // the document for screen readers.
        format!(
            "{}<form method=\"post\" action=\"/documents/{}/release\" novalidate>\
             <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">{}</form>",
            tag("Not shared", "grey"),
            d.document_id,
            escape(csrf_token),
            govuk::Button {
                html: Some(format!(
                    "Share<span class=\"govuk-visually-hidden\"> {}</span> with the family",
                    escape(&d.title)
                )),
                classes: Some(
                    "govuk-button--secondary govuk-!-margin-top-2 govuk-!-margin-bottom-0".into()
                ),
                ..Default::default()
            }
            .render()
        )
    }
}

fn upload_form(
    list: &ChildDocuments,
    csrf_token: &str,
    typed: &Values,
    problems: &[(String, String)],
) -> String {
    let error = |field: &str| {
        problems
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    };
    let shown = (!typed.0.is_empty()).then_some(typed);
    let mut fields = vec![Field::Radios {
        name: "kind",
        legend: "What is the document?",
        hint: None,
        options: list
            .kinds
            .iter()
            .map(|(code, label)| ((*code).to_string(), (*label).to_string()))
            .collect(),
    }];
    if !list.advice.is_empty() {
        fields.push(Field::Select {
            name: "advice_id",
            label: "Advice request it answers (optional)",
            hint: Some("Only for advice"),
            empty: "None",
            options: list
                .advice
                .iter()
                .map(|(id, label)| (id.to_string(), label.clone()))
                .collect(),
        });
    }
    fields.push(Field::Text {
        name: "title",
        label: "Title (optional)",
        hint: Some("For example, Educational psychology advice. Leave blank to use the file name"),
    });
    let inner: String = fields
        .iter()
        .map(|f| render_field(f, shown, error(f.name())))
        .collect();
    let file = FileUpload {
        id: Some("file".into()),
        name: Some("file".into()),
        label: Some(Label {
            text: Some("Upload a file".into()),
            classes: Some("govuk-label--m".into()),
            ..Default::default()
        }),
        hint: Some(Hint {
            text: Some(format!(
                "PDF, PNG, JPEG, Word (DOCX), OpenDocument text (ODT) or plain text, smaller than {} MB",
                app::documents::MAX_DOCUMENT_BYTES / (1024 * 1024)
            )),
            ..Default::default()
        }),
        error_message: error("file").map(|m| ErrorMessage {
            text: Some(m.into()),
            ..Default::default()
        }),
        ..Default::default()
    }
    .render();
    format!(
        "<h2 class=\"govuk-heading-m\">Add a document</h2>\
         <form method=\"post\" action=\"/children/{}/documents\" enctype=\"multipart/form-data\" novalidate>\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">{inner}{file}{}</form>",
        list.child_id,
        escape(csrf_token),
        button("Upload document"),
    )
}

/// The error summary, in the order the form asks, each linking to its field.
fn error_summary(problems: &[(String, String)]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let order = ["kind", "advice_id", "title", "file"];
    let mut sorted: Vec<&(String, String)> = problems.iter().collect();
    sorted.sort_by_key(|(f, _)| order.iter().position(|o| o == f).unwrap_or(order.len()));
    ErrorSummary {
        title_text: Some("There is a problem".into()),
        error_list: sorted
            .iter()
            .map(|(field, message)| ErrorSummaryItem {
                text: Some(message.clone()),
                href: Some(format!("#{field}")),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
    .render()
}
