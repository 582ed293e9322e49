//! Documents through the real router, on both engines: a caseworker uploads a file through the
//! GOV.UK upload form (multipart, with the form's CSRF token) and downloads the same bytes as an
//! attachment; a wrong type or an oversize file is refused against the `file` field; a family
//! gets "not found" for a document until it is released to them, and a parent of another child
//! gets "not found" by link and by API; every download is audited.

#![allow(clippy::unwrap_used)]

use app::auth;
use app::children::{NewChild, register_child};
use app::document_store::DocumentStore;
use app::documents::MAX_DOCUMENT_BYTES;
use app::families::{NewFamilyMember, add_family_member};
use app::staff::{NewStaff, add_staff};
use app::{Actor, Store};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::Utc;
use domain::LaCode;
use tower::ServiceExt;

const PASSWORD: &str = "a long enough password";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
const BOUNDARY: &str = "----highneeds-test-boundary";

fn la() -> LaCode {
    LaCode::new(801).unwrap()
}

struct Council {
    router: axum::Router,
    amara: i64,
    ben: i64,
    /// Session cookies.
    caseworker: String,
    finance: String,
    amara_parent: String,
    ben_parent: String,
}

async fn council(store: &Store) -> Council {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let operator = Actor::operator(la());
    let today = Utc::now().date_naive();
    let mut staff = Vec::new();
    for (email, role) in [
        ("casey@example.org", "send_caseworker"),
        ("fin@example.org", "finance_officer"),
    ] {
        let new = NewStaff {
            name: format!("{role} person"),
            email: email.into(),
            roles: vec![role.into()],
            password: Some(PASSWORD.into()),
            ..Default::default()
        };
        add_staff(store, &operator, new).await.unwrap();
        let s = auth::sign_in_staff(store, la(), email, PASSWORD, None, "127.0.0.1", Utc::now())
            .await
            .unwrap();
        staff.push(format!("highneeds_session={}", s.cookie));
    }
    let mut children = Vec::new();
    let mut parents = Vec::new();
    for (forename, email) in [
        ("Amara", "amara.parent@example.org"),
        ("Ben", "ben.parent@example.org"),
    ] {
        let child = NewChild {
            forename: forename.into(),
            surname: "Docfile".into(),
            birth_date: "2016-05-04".into(),
            sex: "F".into(),
            upn_unknown: Some("UN1".into()),
            ..Default::default()
        };
        let child_id = register_child(store, &operator, child, today)
            .await
            .unwrap();
        let parent = NewFamilyMember {
            name: format!("{forename}'s parent"),
            email: email.into(),
            role: "parent_carer".into(),
            child_ids: vec![child_id],
        };
        add_family_member(store, &operator, parent, today)
            .await
            .unwrap();
        let code = auth::start_family_sign_in(store, la(), email, "127.0.0.1", Utc::now())
            .await
            .unwrap()
            .unwrap();
        let s = auth::finish_family_sign_in(store, la(), email, &code, "127.0.0.1", Utc::now())
            .await
            .unwrap();
        children.push(child_id);
        parents.push(format!("highneeds_session={}", s.cookie));
    }
    let config = web::WebConfig {
        la: la(),
        council_name: "Bristol, City of".into(),
        secure_cookies: false,
        print_emails: false,
    };
    let state = web::AppState::new(store.clone(), config, web::Assets::default())
        .with_documents(DocumentStore::in_memory());
    Council {
        router: web::router(state),
        amara: children[0],
        ben: children[1],
        caseworker: staff[0].clone(),
        finance: staff[1].clone(),
        amara_parent: parents[0].clone(),
        ben_parent: parents[1].clone(),
    }
}

async fn send(router: &axum::Router, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 1 << 26)
        .await
        .unwrap();
    (status, headers, body.to_vec())
}

async fn get(router: &axum::Router, path: &str, cookie: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    send(router, request).await
}

async fn page(router: &axum::Router, path: &str, cookie: &str) -> (StatusCode, String) {
    let (status, _, body) = get(router, path, cookie).await;
    (status, String::from_utf8(body).unwrap())
}

fn csrf_of(page: &str) -> String {
    page.split("name=\"csrf_token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// A file as a browser's upload form sends it.
struct Upload<'a> {
    kind: &'a str,
    title: &'a str,
    file_name: &'a str,
    content_type: &'a str,
    bytes: &'a [u8],
}

/// Posts the upload form as multipart/form-data, with the CSRF token given (or none).
async fn upload(
    router: &axum::Router,
    child_id: i64,
    cookie: &str,
    csrf: Option<&str>,
    file: &Upload<'_>,
) -> (StatusCode, HeaderMap, String) {
    let mut body = Vec::new();
    let mut text = |name: &str, value: &str| {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    if let Some(token) = csrf {
        text("csrf_token", token);
    }
    text("kind", file.kind);
    text("title", file.title);
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n\
             Content-Type: {}\r\n\r\n",
            file.file_name, file.content_type
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let request = Request::post(format!("/children/{child_id}/documents"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    let (status, headers, body) = send(router, request).await;
    (status, headers, String::from_utf8(body).unwrap())
}

async fn release(router: &axum::Router, document_id: i64, cookie: &str, csrf: &str) -> StatusCode {
    let request = Request::post(format!("/documents/{document_id}/release"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(format!("csrf_token={csrf}")))
        .unwrap();
    send(router, request).await.0
}

/// The documents listed on a page, by the download links.
fn document_ids(page: &str) -> Vec<i64> {
    page.split("href=\"/documents/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

fn report(bytes: &[u8]) -> Upload<'_> {
    Upload {
        kind: "report",
        title: "School report",
        file_name: "School report.pdf",
        content_type: "application/pdf",
        bytes,
    }
}

async fn downloads_audited(store: &Store, child_id: i64) -> usize {
    let mut tx = store.begin().await.unwrap();
    let events = tx.audit_for_child(801, child_id, 500).await.unwrap();
    tx.commit().await.unwrap();
    events
        .iter()
        .filter(|e| e.action == "document.download")
        .count()
}

/// Uploads the report for Amara as the caseworker and returns its id.
async fn uploaded_report(c: &Council) -> i64 {
    let path = format!("/children/{}/documents", c.amara);
    let (_, form) = page(&c.router, &path, &c.caseworker).await;
    let csrf = csrf_of(&form);
    let (status, headers, _) =
        upload(&c.router, c.amara, &c.caseworker, Some(&csrf), &report(PDF)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], format!("{path}?done=uploaded"));
    let (_, listed) = page(&c.router, &path, &c.caseworker).await;
    *document_ids(&listed).first().unwrap()
}

async fn an_upload_downloads_as_the_same_bytes_and_each_download_is_audited(store: &Store) {
    let c = council(store).await;
    let path = format!("/children/{}/documents", c.amara);
    let (status, form) = page(&c.router, &path, &c.caseworker).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("enctype=\"multipart/form-data\""), "{form}");
    assert!(
        form.contains("class=\"govuk-file-upload\" id=\"file\" name=\"file\" type=\"file\""),
        "{form}"
    );
    assert!(form.contains("There are no documents to show yet"));
    let id = uploaded_report(&c).await;
    let (_, listed) = page(&c.router, &format!("{path}?done=uploaded"), &c.caseworker).await;
    assert!(
        listed.contains("Document uploaded") && listed.contains("School report"),
        "{listed}"
    );
    assert!(
        listed.contains(&format!("action=\"/documents/{id}/release\"")),
        "staff may release"
    );
    for expected in 1..=2 {
        let (status, headers, body) =
            get(&c.router, &format!("/documents/{id}"), &c.caseworker).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, PDF, "the bytes come back as uploaded");
        assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
        assert_eq!(
            headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"School report.pdf\"; filename*=UTF-8''School%20report.pdf"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(downloads_audited(store, c.amara).await, expected);
    }
    // Through the API too, with the same checks and audit.
    let (status, _, listed) = get(
        &c.router,
        &format!("/api/v1/children/{}/documents", c.amara),
        &c.caseworker,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let listed: serde_json::Value = serde_json::from_slice(&listed).unwrap();
    assert_eq!(listed[0]["id"], id);
    assert_eq!(listed[0]["released_to_family"], false);
    let (status, _, body) = get(&c.router, &format!("/api/v1/documents/{id}"), &c.caseworker).await;
    assert_eq!((status, body.as_slice()), (StatusCode::OK, PDF));
    assert_eq!(downloads_audited(store, c.amara).await, 3);
    // Without a session: sign in first, and nothing is read.
    let (status, headers, _) = get(&c.router, &format!("/documents/{id}"), "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/sign-in");
    // Staff whose role does not include the child's record: not found, as for the record.
    let (status, _, _) = get(&c.router, &format!("/documents/{id}"), &c.finance).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(downloads_audited(store, c.amara).await, 3);
}

async fn a_wrong_type_or_an_oversize_file_is_refused_against_the_file_field(store: &Store) {
    let c = council(store).await;
    let path = format!("/children/{}/documents", c.amara);
    let (_, form) = page(&c.router, &path, &c.caseworker).await;
    let csrf = csrf_of(&form);
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
    let html = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>".to_vec();
    let mut oversize = PDF.to_vec();
    oversize.resize(MAX_DOCUMENT_BYTES + 1, b' ');
    // Past what the server reads at all: cut off, and told the same.
    let mut far_too_big = oversize.clone();
    far_too_big.resize(MAX_DOCUMENT_BYTES + 2 * 1024 * 1024, b' ');
    let accepted = "The selected file must be a PDF, PNG, JPEG, Word (DOCX), OpenDocument text (ODT) or plain text file";
    let too_big = "The selected file must be smaller than 20 MB";
    for (what, bytes, message) in [
        ("a program called .pdf", &exe, accepted),
        ("a web page called .pdf", &html, accepted),
        ("one byte over the limit", &oversize, too_big),
        ("far over the limit", &far_too_big, too_big),
    ] {
        let (status, _, body) = upload(
            &c.router,
            c.amara,
            &c.caseworker,
            Some(&csrf),
            &report(bytes),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{what}");
        assert!(body.contains("<title>Error: Documents"), "{what}");
        assert!(
            body.contains(&format!("<a href=\"#file\">{message}</a>")),
            "{what}: the summary links to the file field: {body}"
        );
        assert!(
            body.contains(&format!("<p id=\"file-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {message}")),
            "{what}: the message is on the field: {body}"
        );
        assert!(
            body.contains("value=\"School report\""),
            "{what}: the title typed is kept"
        );
    }
    // No kind, no file: both reported, in the form's order.
    let (_, _, body) = upload(
        &c.router,
        c.amara,
        &c.caseworker,
        Some(&csrf),
        &Upload {
            kind: "",
            title: "",
            file_name: "",
            content_type: "application/octet-stream",
            bytes: b"",
        },
    )
    .await;
    let kind = body
        .find("<a href=\"#kind\">Select what the document is</a>")
        .unwrap();
    let file = body.find("<a href=\"#file\">Select a file</a>").unwrap();
    assert!(kind < file);
    let (_, listed) = page(&c.router, &path, &c.caseworker).await;
    assert!(document_ids(&listed).is_empty(), "nothing refused is saved");
}

async fn multipart_posts_need_the_form_token(store: &Store) {
    let c = council(store).await;
    let (status, _, _) = upload(&c.router, c.amara, &c.caseworker, None, &report(PDF)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = upload(
        &c.router,
        c.amara,
        &c.caseworker,
        Some("forged"),
        &report(PDF),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, listed) = page(
        &c.router,
        &format!("/children/{}/documents", c.amara),
        &c.caseworker,
    )
    .await;
    assert!(document_ids(&listed).is_empty());
    let id = uploaded_report(&c).await;
    assert_eq!(
        release(&c.router, id, &c.caseworker, "forged").await,
        StatusCode::FORBIDDEN
    );
    let (status, _, _) = get(&c.router, &format!("/documents/{id}"), &c.amara_parent).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a forged release shares nothing"
    );
}

async fn a_family_gets_a_document_only_once_released_and_others_never(store: &Store) {
    let c = council(store).await;
    let id = uploaded_report(&c).await;
    let link = format!("/documents/{id}");
    let api = format!("/api/v1/documents/{id}");
    let (status, _, _) = get(&c.router, &link, &c.amara_parent).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not yet released");
    let (status, listed) = page(
        &c.router,
        &format!("/children/{}/documents", c.amara),
        &c.amara_parent,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        document_ids(&listed).is_empty(),
        "an unreleased document is not listed to the family"
    );
    assert!(!listed.contains("/release\""), "families release nothing");
    let parent_csrf = csrf_of(&listed);
    assert_eq!(
        release(&c.router, id, &c.amara_parent, &parent_csrf).await,
        StatusCode::NOT_FOUND
    );

    let (_, staff_page) = page(
        &c.router,
        &format!("/children/{}/documents", c.amara),
        &c.caseworker,
    )
    .await;
    assert_eq!(
        release(&c.router, id, &c.caseworker, &csrf_of(&staff_page)).await,
        StatusCode::SEE_OTHER
    );
    let (status, headers, body) = get(&c.router, &link, &c.amara_parent).await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::OK, PDF),
        "released: the family may open it"
    );
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    let (_, listed) = page(
        &c.router,
        &format!("/children/{}/documents", c.amara),
        &c.amara_parent,
    )
    .await;
    assert_eq!(document_ids(&listed), [id]);
    let (status, _, body) = get(&c.router, &api, &c.amara_parent).await;
    assert_eq!((status, body.as_slice()), (StatusCode::OK, PDF));

    // Ben's parent: not found by link and by API, for the document and for Amara's list.
    for path in [
        link.clone(),
        api.clone(),
        format!("/children/{}/documents", c.amara),
        format!("/api/v1/children/{}/documents", c.amara),
    ] {
        let (status, _, _) = get(&c.router, &path, &c.ben_parent).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (_, bens) = page(
        &c.router,
        &format!("/children/{}/documents", c.ben),
        &c.ben_parent,
    )
    .await;
    let (status, _, _) = upload(
        &c.router,
        c.amara,
        &c.ben_parent,
        Some(&csrf_of(&bens)),
        &report(PDF),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "nor may they add to Amara's file"
    );
    assert_eq!(
        downloads_audited(store, c.amara).await,
        2,
        "the two the family opened"
    );
}

store::on_both_engines!(
    an_upload_downloads_as_the_same_bytes_and_each_download_is_audited,
    a_wrong_type_or_an_oversize_file_is_refused_against_the_file_field,
    multipart_posts_need_the_form_token,
    a_family_gets_a_document_only_once_released_and_others_never,
);
