//! Reading the schema back from the database's own catalogue, to check the rules the schema
//! promises (every primary key starts with `la_id`). The catalogues differ by engine, so this
//! is the one place with a query per engine; it is not an application query.

use crate::engine::Store;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
struct KeyColumn {
    table_name: String,
    column_name: String,
    position: i64,
}

/// Each table's primary key columns, in key order.
pub async fn primary_keys(store: &Store) -> Result<Vec<(String, Vec<String>)>> {
    let mut tx = store.begin().await?;
    let rows: Vec<KeyColumn> = tx
        .fetch_raw(
            "SELECT m.name AS table_name, p.name AS column_name, CAST(p.pk AS INTEGER) AS position \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND p.pk > 0 \
             ORDER BY m.name, p.pk",
            "SELECT tc.table_name::text AS table_name, kcu.column_name::text AS column_name, \
                    kcu.ordinal_position::bigint AS position \
             FROM information_schema.table_constraints tc \
             JOIN information_schema.key_column_usage kcu \
               ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema \
                  AND tc.table_name = kcu.table_name \
             WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema() \
             ORDER BY tc.table_name, kcu.ordinal_position",
        )
        .await?;
    tx.commit().await?;
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for row in rows {
        let _ = row.position;
        match out.last_mut() {
            Some((table, cols)) if *table == row.table_name => cols.push(row.column_name),
            _ => out.push((row.table_name, vec![row.column_name])),
        }
    }
    Ok(out)
}

/// Every table in the database, including those without a primary key.
pub async fn tables(store: &Store) -> Result<Vec<String>> {
    #[derive(sqlx::FromRow)]
    struct Name {
        name: String,
    }
    let mut tx = store.begin().await?;
    let rows: Vec<Name> = tx
        .fetch_raw(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
        )
        .await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}
