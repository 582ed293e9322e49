//! Migration 5: work tray indexes that end with the case, so a tray page is read in its own
//! order straight from the index (next deadline, then child) and stops after the page, instead
//! of reading and sorting all of a caseworker's cases for each page.

use sea_query::{Index, IndexDropStatement};

use super::{EhcCases, SchemaChange};

fn drop_index(name: &str) -> SchemaChange {
    let mut ix: IndexDropStatement = Index::drop();
    ix.name(name).table(EhcCases::Table).if_exists();
    SchemaChange::DropIndex(ix)
}

pub fn work_tray_order() -> Vec<SchemaChange> {
    vec![
        drop_index("cases_caseworker_due"),
        drop_index("cases_due"),
        super::casework_index(
            "cases_caseworker_due_child",
            &["la_id", "caseworker_id", "next_due_on", "child_id"],
        ),
        super::casework_index("cases_due_child", &["la_id", "next_due_on", "child_id"]),
    ]
}
