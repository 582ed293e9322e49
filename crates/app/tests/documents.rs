//! Documents on a child's file with the app's use cases, on both engines: what is accepted and
//! stored, who may list, open, add and release which document, and that every download is
//! authorised and audited on its own.

#![allow(clippy::unwrap_used)]

use app::children::{NewChild, register_child};
use app::document_store::DocumentStore;
use app::documents::{
    MAX_DOCUMENT_BYTES, NewDocument, download_document, list_documents, release_document,
    upload_document,
};
use app::families::{NewFamilyMember, add_family_member};
use app::policy::{Action, permits};
use app::staff::{NewStaff, add_staff};
use app::{Actor, ActorKind, AppError};
use chrono::NaiveDate;
use domain::{LaCode, Role};
use store::{PlacementRow, SettingRow, Store};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

fn la() -> LaCode {
    LaCode::new(801).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

struct Council {
    caseworker: Actor,
    senco: Actor,
    professional: Actor,
    /// Placed at the SENCO's school.
    amara: i64,
    /// Placed nowhere.
    ben: i64,
    amara_parent: Actor,
    ben_parent: Actor,
}

fn family(person_id: i64, child_id: i64) -> Actor {
    Actor {
        la: la(),
        kind: ActorKind::Family {
            person_id,
            role: Role::ParentCarer,
            children: vec![child_id],
        },
        from: "test".into(),
    }
}

async fn council(store: &Store) -> Council {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.insert_settings(&[SettingRow {
        la_id: 801,
        setting_id: 1,
        urn: Some(990_001),
        ukprn: None,
        name: "Sampleford Primary School".into(),
        phase: "primary".into(),
        setting_type: "mainstream_academy".into(),
        area: "North".into(),
        in_area: true,
        postcode: None,
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let operator = Actor::operator(la());
    let mut ids = Vec::new();
    for (name, role, settings) in [
        ("Casey Worker", "send_caseworker", vec![]),
        ("Sam Senco", "senco", vec![1]),
        ("Pat Psychologist", "professional", vec![]),
    ] {
        let member = add_staff(
            store,
            &operator,
            NewStaff {
                name: name.into(),
                email: format!("{role}@example.test"),
                roles: vec![role.into()],
                setting_ids: settings,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        ids.push(member.staff_id);
    }
    let child = |forename: &str| NewChild {
        forename: forename.into(),
        surname: "Docfile".into(),
        birth_date: "2016-05-04".into(),
        sex: "F".into(),
        upn_unknown: Some("UN1".into()),
        ..Default::default()
    };
    let amara = register_child(store, &operator, child("Amara"), today())
        .await
        .unwrap();
    let ben = register_child(store, &operator, child("Ben"), today())
        .await
        .unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.insert_placements(&[PlacementRow {
        la_id: 801,
        placement_id: 1,
        child_id: amara,
        setting_id: Some(1),
        sen_setting: None,
        category: "mainstream_academy".into(),
        entry_on: NaiveDate::from_ymd_opt(2020, 9, 1).unwrap(),
        leaving_on: None,
        sen_unit: false,
        resourced_provision: false,
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut parents = Vec::new();
    for (email, child_id) in [
        ("amara.parent@example.test", amara),
        ("ben.parent@example.test", ben),
    ] {
        let person_id = add_family_member(
            store,
            &operator,
            NewFamilyMember {
                name: "A Parent".into(),
                email: email.into(),
                role: "parent_carer".into(),
                child_ids: vec![child_id],
            },
            today(),
        )
        .await
        .unwrap();
        parents.push(family(person_id, child_id));
    }
    Council {
        caseworker: Actor::staff(la(), ids[0], vec![Role::SendCaseworker], "test"),
        senco: Actor::staff(la(), ids[1], vec![Role::Senco], "test").with_settings(vec![1]),
        professional: Actor::staff(la(), ids[2], vec![Role::Professional], "test"),
        amara,
        ben,
        amara_parent: parents[0].clone(),
        ben_parent: parents[1].clone(),
    }
}

fn pdf(kind: &str, file_name: &str) -> NewDocument {
    NewDocument {
        kind: kind.into(),
        title: String::new(),
        file_name: file_name.into(),
        declared_type: "application/pdf".into(),
        bytes: PDF.to_vec(),
        advice_id: None,
    }
}

fn not_found<T>(r: Result<T, AppError>) -> bool {
    matches!(r, Err(AppError::NotFound(_)))
}

async fn downloads_audited(store: &Store, child_id: i64) -> Vec<(String, String)> {
    let mut tx = store.begin().await.unwrap();
    let events = tx.audit_for_child(801, child_id, 100).await.unwrap();
    tx.commit().await.unwrap();
    events
        .into_iter()
        .filter(|e| e.action.starts_with("document.download"))
        .map(|e| (e.action, e.actor))
        .collect()
}

async fn an_upload_round_trips_and_every_download_is_audited(store: &Store) {
    let c = council(store).await;
    let docs = DocumentStore::in_memory();
    let mut new = pdf("report", "C:\\fakepath\\School report.pdf");
    new.title = "  Summer term report ".into();
    let id = upload_document(store, &docs, &c.caseworker, c.amara, new)
        .await
        .unwrap();
    let list = list_documents(store, &c.caseworker, c.amara).await.unwrap();
    assert_eq!(list.child_name, "Amara Docfile");
    assert!(list.may_upload && list.may_release);
    let [doc] = list.documents.as_slice() else {
        panic!("one document: {:?}", list.documents)
    };
    assert_eq!(
        (doc.document_id, doc.title.as_str(), doc.file_name.as_str()),
        (id, "Summer term report", "School report.pdf")
    );
    assert_eq!(
        (doc.content_type.as_str(), doc.size_bytes),
        ("application/pdf", PDF.len() as i64)
    );
    assert_eq!(doc.uploaded_by, "Casey Worker");
    assert!(!doc.released_to_family);
    for _ in 0..2 {
        let got = download_document(store, &docs, &c.caseworker, id)
            .await
            .unwrap();
        assert_eq!(got.bytes, PDF);
        assert_eq!(got.file_name, "School report.pdf");
    }
    let actor = c.caseworker.audit_name();
    assert_eq!(
        downloads_audited(store, c.amara).await,
        vec![("document.download".to_string(), actor.clone()); 2],
        "each download is its own audit event"
    );
    let mut tx = store.begin().await.unwrap();
    let events = tx.audit_for_child(801, c.amara, 100).await.unwrap();
    tx.commit().await.unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action == "document.upload" && e.actor == actor)
    );
    assert!(events.iter().any(|e| e.action == "document.list"));
    // The key in storage carries no name, only the council, the id and a random part.
    let mut tx = store.begin().await.unwrap();
    let row: store::DocumentRow = tx.record(801, id).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    assert!(
        row.storage_key.starts_with(&format!("la/801/doc/{id}-"))
            && !row.storage_key.contains("School"),
        "{}",
        row.storage_key
    );
    let missing = download_document(store, &docs, &c.caseworker, id + 100).await;
    assert!(matches!(missing, Err(AppError::NotFound(_))), "{missing:?}");
}

async fn wrong_types_and_oversize_files_are_refused_against_the_file_field(store: &Store) {
    let c = council(store).await;
    let docs = DocumentStore::in_memory();
    let mut oversize = b"%PDF-".to_vec();
    oversize.resize(MAX_DOCUMENT_BYTES + 1, b'0');
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "setup.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
            "must be a PDF, PNG, JPEG",
        ),
        (
            "page.pdf",
            b"<!DOCTYPE html><script>alert(1)</script>",
            "must be a PDF, PNG, JPEG",
        ),
        ("notes.pdf", b"Just some words", "is not a PDF"),
        ("big.pdf", &oversize, "must be smaller than 20 MB"),
        ("empty.pdf", b"", "is empty"),
    ];
    for (name, bytes, problem) in cases {
        let mut new = pdf("report", name);
        new.bytes = bytes.to_vec();
        let err = upload_document(store, &docs, &c.caseworker, c.amara, new)
            .await
            .unwrap_err();
        let AppError::Invalid(problems) = err else {
            panic!("{name}: {err:?}")
        };
        assert_eq!(problems.len(), 1, "{name}: {problems:?}");
        assert_eq!(problems[0].field, "file", "{name}");
        assert!(
            problems[0].problem.contains(problem),
            "{name}: {}",
            problems[0].problem
        );
    }
    // All problems at once, each against its field.
    let mut new = pdf("", "");
    new.bytes.clear();
    let AppError::Invalid(problems) = upload_document(store, &docs, &c.caseworker, c.amara, new)
        .await
        .unwrap_err()
    else {
        panic!("invalid")
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, ["kind", "file"]);
    assert_eq!(problems[1].problem, "select a file");
    let list = list_documents(store, &c.caseworker, c.amara).await.unwrap();
    assert!(list.documents.is_empty(), "nothing refused is saved");
}

async fn a_family_sees_a_document_once_released_or_their_own(store: &Store) {
    let c = council(store).await;
    let docs = DocumentStore::in_memory();
    let id = upload_document(
        store,
        &docs,
        &c.caseworker,
        c.amara,
        pdf("draft_plan", "Draft.pdf"),
    )
    .await
    .unwrap();
    // Not yet released: not found for the family, and not in their list.
    assert!(not_found(
        download_document(store, &docs, &c.amara_parent, id).await
    ));
    let theirs = list_documents(store, &c.amara_parent, c.amara)
        .await
        .unwrap();
    assert!(theirs.documents.is_empty() && theirs.may_upload && !theirs.may_release);
    assert!(not_found(
        release_document(store, &c.amara_parent, id)
            .await
            .map(|_| ())
    ));
    assert_eq!(
        release_document(store, &c.caseworker, id).await.unwrap(),
        c.amara
    );
    // Releasing twice changes nothing.
    release_document(store, &c.caseworker, id).await.unwrap();
    let got = download_document(store, &docs, &c.amara_parent, id)
        .await
        .unwrap();
    assert_eq!(got.bytes, PDF);
    let theirs = list_documents(store, &c.amara_parent, c.amara)
        .await
        .unwrap();
    assert_eq!(theirs.documents.len(), 1);
    assert!(theirs.documents[0].released_to_family && theirs.documents[0].released_at.is_some());
    let released = release_document(store, &c.amara_parent, id).await;
    assert!(
        matches!(released, Err(AppError::Forbidden(_))),
        "{released:?}"
    );
    // Another child's parent: not found, released or not, by list and by download.
    assert!(not_found(
        download_document(store, &docs, &c.ben_parent, id).await
    ));
    assert!(not_found(
        list_documents(store, &c.ben_parent, c.amara).await
    ));
    assert!(not_found(
        upload_document(store, &docs, &c.ben_parent, c.amara, pdf("views", "v.pdf"))
            .await
            .map(|_| ())
    ));
    assert_eq!(
        downloads_audited(store, c.amara)
            .await
            .first()
            .map(|(a, _)| a.as_str()),
        Some("document.download_denied"),
        "a refused download is audited too"
    );
    // A family adds their own views; they may open them before release, the council too.
    let refused = upload_document(
        store,
        &docs,
        &c.amara_parent,
        c.amara,
        pdf("final_plan", "p.pdf"),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&refused, AppError::Invalid(p) if p[0].field == "kind"),
        "{refused:?}"
    );
    let own = upload_document(
        store,
        &docs,
        &c.amara_parent,
        c.amara,
        pdf("views", "Our views.pdf"),
    )
    .await
    .unwrap();
    assert_eq!(
        download_document(store, &docs, &c.amara_parent, own)
            .await
            .unwrap()
            .bytes,
        PDF
    );
    let staff_view = list_documents(store, &c.caseworker, c.amara).await.unwrap();
    assert_eq!(
        staff_view.documents[0].uploaded_by, "A Parent",
        "newest first"
    );
    assert!(!staff_view.documents[0].released_to_family);
}

async fn a_senco_handles_documents_of_pupils_at_their_settings_only(store: &Store) {
    let c = council(store).await;
    let docs = DocumentStore::in_memory();
    let at_school = upload_document(store, &docs, &c.senco, c.amara, pdf("evidence", "Plan.pdf"))
        .await
        .unwrap();
    assert_eq!(
        download_document(store, &docs, &c.senco, at_school)
            .await
            .unwrap()
            .bytes,
        PDF
    );
    let elsewhere = upload_document(store, &docs, &c.caseworker, c.ben, pdf("report", "R.pdf"))
        .await
        .unwrap();
    for refused in [
        download_document(store, &docs, &c.senco, elsewhere)
            .await
            .map(|_| ()),
        list_documents(store, &c.senco, c.ben).await.map(|_| ()),
        upload_document(store, &docs, &c.senco, c.ben, pdf("report", "x.pdf"))
            .await
            .map(|_| ()),
    ] {
        assert!(matches!(refused, Err(AppError::NotFound(_))), "{refused:?}");
    }
    let released = release_document(store, &c.senco, at_school).await;
    assert!(
        matches!(released, Err(AppError::Forbidden(_))),
        "{released:?}"
    );
    // Professionals are given no child's documents until their cases are scoped.
    assert!(matches!(
        list_documents(store, &c.professional, c.amara).await,
        Err(AppError::NotFound(_))
    ));
    assert!(!permits(
        &c.professional,
        Action::ReadDocument {
            child_id: c.amara,
            setting_id: Some(1),
            released_to_family: true,
            family_uploader: None,
        }
    ));
}

/// When storage cannot take the bytes, no row is saved: the file never points at nothing.
async fn nothing_is_saved_when_storage_fails(store: &Store) {
    let c = council(store).await;
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"a file where the folder should be").unwrap();
    let docs = DocumentStore::folder(blocker.join("documents"));
    let err = upload_document(store, &docs, &c.caseworker, c.amara, pdf("report", "r.pdf"))
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Documents(_)), "{err:?}");
    let list = list_documents(store, &c.caseworker, c.amara).await.unwrap();
    assert!(list.documents.is_empty());
    // And on disk, a document is kept in the folder and read back.
    let docs = DocumentStore::folder(dir.path().join("documents"));
    let id = upload_document(store, &docs, &c.caseworker, c.amara, pdf("report", "r.pdf"))
        .await
        .unwrap();
    assert_eq!(
        download_document(store, &docs, &c.caseworker, id)
            .await
            .unwrap()
            .bytes,
        PDF
    );
}

store::on_both_engines!(
    an_upload_round_trips_and_every_download_is_audited,
    wrong_types_and_oversize_files_are_refused_against_the_file_field,
    a_family_sees_a_document_once_released_or_their_own,
    a_senco_handles_documents_of_pupils_at_their_settings_only,
    nothing_is_saved_when_storage_fails,
);
