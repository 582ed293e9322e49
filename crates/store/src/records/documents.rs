//! Documents on a child's file: one plain [`Record`] per document. The bytes themselves are in
//! object storage; the row says where (`storage_key`).

use chrono::{DateTime, Utc};
use sea_query::Expr;

use super::record::Record;
use crate::schema::Documents as D;

/// A document on a child's file.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DocumentRow {
    pub la_id: i64,
    pub document_id: i64,
    pub child_id: i64,
    /// advice, report, evidence, views, draft_plan, final_plan or other.
    pub kind: String,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    pub storage_key: String,
    /// The uploader as the audit trail names actors.
    pub uploaded_by: String,
    /// `staff`, `family` or `operator`.
    pub uploader_kind: String,
    /// The staff id or family person id of the uploader (none for the operator).
    pub uploader_id: Option<i64>,
    pub uploaded_at: DateTime<Utc>,
    pub advice_id: Option<i64>,
    pub released_to_family: bool,
    pub released_at: Option<DateTime<Utc>>,
    /// The top-up application it is evidence for.
    pub topup_application_id: Option<i64>,
}

impl Record for DocumentRow {
    type Col = D;
    const TABLE: D = D::Table;
    const COLUMNS: &'static [D] = &[
        D::LaId,
        D::DocumentId,
        D::ChildId,
        D::Kind,
        D::Title,
        D::FileName,
        D::ContentType,
        D::SizeBytes,
        D::Sha256,
        D::StorageKey,
        D::UploadedBy,
        D::UploaderKind,
        D::UploaderId,
        D::UploadedAt,
        D::AdviceId,
        D::ReleasedToFamily,
        D::ReleasedAt,
        D::TopupApplicationId,
    ];
    const KEY: usize = 2;
    const CHILD: D = D::ChildId;
    const ORDER: D = D::UploadedAt;

    fn values(&self) -> Vec<Expr> {
        vec![
            self.la_id.into(),
            self.document_id.into(),
            self.child_id.into(),
            self.kind.clone().into(),
            self.title.clone().into(),
            self.file_name.clone().into(),
            self.content_type.clone().into(),
            self.size_bytes.into(),
            self.sha256.clone().into(),
            self.storage_key.clone().into(),
            self.uploaded_by.clone().into(),
            self.uploader_kind.clone().into(),
            self.uploader_id.into(),
            self.uploaded_at.into(),
            self.advice_id.into(),
            self.released_to_family.into(),
            self.released_at.into(),
            self.topup_application_id.into(),
        ]
    }
}
