//! Column and key builders the migrations share, so every table spells a type the same way.

use sea_query::{ColumnDef, ForeignKey, ForeignKeyAction, ForeignKeyCreateStatement, Iden};

use super::{Children, LocalAuthorities};

pub(super) fn id(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().take()
}
pub(super) fn opt_id(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).big_integer().null().take()
}
pub(super) fn text(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).text().not_null().take()
}
pub(super) fn opt_text(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).text().null().take()
}
pub(super) fn date(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).date().not_null().take()
}
pub(super) fn opt_date(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col).date().null().take()
}
pub(super) fn flag(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col)
        .boolean()
        .not_null()
        .default(false)
        .take()
}
pub(super) fn timestamp(col: impl Iden + 'static) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .take()
}

/// A foreign key to the council.
pub(super) fn to_council() -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_col(LocalAuthorities::LaId)
        .to(LocalAuthorities::Table, LocalAuthorities::LaId)
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

pub(super) fn to_child() -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_col(Children::LaId)
        .from_col(Children::ChildId)
        .to(Children::Table, (Children::LaId, Children::ChildId))
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}
