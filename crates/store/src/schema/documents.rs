//! Migration 6: documents on a child's file (advice, reports, evidence, views, plans). The
//! bytes live in object storage (`app::document_store`); a row here says what the document is,
//! who added it, where its bytes are and whether the family may see it.

use sea_query::{ColumnDef, ForeignKey, ForeignKeyAction, Iden, Index, Table};

use super::columns::*;
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum Documents {
    Table,
    LaId,
    DocumentId,
    ChildId,
    /// advice, report, evidence, views, draft_plan, final_plan or other.
    Kind,
    Title,
    /// The name it was uploaded with, cleaned of any folder, for the download.
    FileName,
    /// The type found in the bytes themselves, never the one the browser declared.
    ContentType,
    SizeBytes,
    /// SHA-256 of the bytes as lower-case hex, checked again on every download.
    Sha256,
    /// Where the bytes are in object storage. Holds no personal data: council, id, random.
    StorageKey,
    /// Who uploaded it, as the audit trail writes actors ("staff:12", "family:3").
    UploadedBy,
    /// `staff`, `family` or `operator`, with `uploader_id` the staff or family person id.
    UploaderKind,
    UploaderId,
    UploadedAt,
    /// The advice request the document answers, when it is advice.
    AdviceId,
    ReleasedToFamily,
    ReleasedAt,
    /// The top-up application the document is evidence for (migration 13).
    TopupApplicationId,
}

pub fn documents() -> Vec<SchemaChange> {
    let mut index = Index::create();
    index
        .name("documents_child")
        .table(Documents::Table)
        .if_not_exists()
        .col(Documents::LaId)
        .col(Documents::ChildId)
        .col(Documents::UploadedAt);
    vec![
        SchemaChange::Table(Box::new(
            Table::create()
                .table(Documents::Table)
                .if_not_exists()
                .col(id(Documents::LaId))
                .col(id(Documents::DocumentId))
                .col(id(Documents::ChildId))
                .col(text(Documents::Kind))
                .col(text(Documents::Title))
                .col(text(Documents::FileName))
                .col(text(Documents::ContentType))
                .col(id(Documents::SizeBytes))
                .col(text(Documents::Sha256))
                .col(text(Documents::StorageKey))
                .col(text(Documents::UploadedBy))
                .col(text(Documents::UploaderKind))
                .col(opt_id(Documents::UploaderId))
                .col(timestamp(Documents::UploadedAt))
                .col(opt_id(Documents::AdviceId))
                .col(flag(Documents::ReleasedToFamily))
                .col(
                    ColumnDef::new(Documents::ReleasedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .primary_key(
                    Index::create()
                        .col(Documents::LaId)
                        .col(Documents::DocumentId),
                )
                .foreign_key(&mut to_child())
                .foreign_key(
                    ForeignKey::create()
                        .from_col(Documents::LaId)
                        .from_col(Documents::AdviceId)
                        .to(
                            AdviceRequests::Table,
                            (AdviceRequests::LaId, AdviceRequests::AdviceId),
                        )
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .take(),
        )),
        SchemaChange::Index(index.take()),
    ]
}
