//! Migrations: numbered, forward-only, each a list of SeaQuery schema statements rendered for
//! the engine at hand, applied in one transaction at start and by `highneeds migrate`.

use chrono::Utc;
use sea_query::{Expr, Func, Query};

use crate::engine::{Store, Tx};
use crate::error::{Result, StoreError};
use crate::schema::{self, SchemaChange, SchemaMigrations};

struct Migration {
    version: i64,
    name: &'static str,
    changes: fn() -> Vec<SchemaChange>,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "core records",
        changes: schema::core_records,
    },
    Migration {
        version: 2,
        name: "sign-in",
        changes: schema::sign_in,
    },
    Migration {
        version: 3,
        name: "staff settings",
        changes: schema::staff_settings,
    },
    Migration {
        version: 4,
        name: "casework",
        changes: schema::casework,
    },
    Migration {
        version: 5,
        name: "work tray order",
        changes: schema::work_tray_order,
    },
    Migration {
        version: 6,
        name: "documents",
        changes: schema::documents,
    },
    Migration {
        version: 7,
        name: "notifications and jobs",
        changes: schema::notifications_and_jobs,
    },
    Migration {
        version: 8,
        name: "portal",
        changes: schema::portal,
    },
    Migration {
        version: 9,
        name: "advice submissions",
        changes: schema::advice_submissions,
    },
    Migration {
        version: 10,
        name: "review arrangements",
        changes: schema::review_arrangements,
    },
    Migration {
        version: 11,
        name: "assessment requests made online",
        changes: schema::request_details,
    },
    Migration {
        version: 12,
        name: "placement costs and children awaiting a place",
        changes: schema::placement_costs,
    },
    Migration {
        version: 13,
        name: "top-up funding models, applications and awards",
        changes: schema::topup,
    },
    Migration {
        version: 14,
        name: "high needs budget, income and ledger actuals",
        changes: schema::budget,
    },
    Migration {
        version: 15,
        name: "Schools Forum and other forums",
        changes: schema::governance,
    },
    Migration {
        version: 16,
        name: "re-assessments",
        changes: schema::reassessments,
    },
    Migration {
        version: 17,
        name: "mitigations and scenarios",
        changes: schema::scenarios,
    },
    Migration {
        version: 18,
        name: "action plans",
        changes: schema::action_plans,
    },
    Migration {
        version: 19,
        name: "DSG funding blocks and balance brought forward",
        changes: schema::dsg_blocks,
    },
];

/// The schema version this program knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// What a migration run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    pub from_version: i64,
    pub to_version: i64,
    pub applied: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    version: Option<i64>,
}

/// Brings the schema up to date. Safe to run from several processes at once: on PostgreSQL a
/// transaction-scoped advisory lock serialises them, on SQLite the write lock does.
pub async fn run(store: &Store) -> Result<MigrationReport> {
    let mut tx = store.begin().await?;
    // An arbitrary constant naming the Highneeds migration lock.
    tx.execute_raw(None, Some("SELECT pg_advisory_xact_lock(4841564)"))
        .await?;
    tx.execute_schema(&schema::migrations_table()).await?;
    let from_version = current_version(&mut tx).await?;
    if from_version > latest_version() {
        return Err(StoreError::SchemaTooNew {
            found: from_version,
            known: latest_version(),
        });
    }
    let mut applied = Vec::new();
    for migration in MIGRATIONS.iter().filter(|m| m.version > from_version) {
        for change in (migration.changes)() {
            match change {
                SchemaChange::Table(t) => tx.execute_schema(t.as_ref()).await?,
                SchemaChange::Index(i) => tx.execute_schema(&i).await?,
                SchemaChange::Alter(a) => tx.execute_schema(&a).await?,
                SchemaChange::DropIndex(d) => tx.execute_schema(&d).await?,
            }
        }
        tx.execute(
            Query::insert()
                .into_table(SchemaMigrations::Table)
                .columns([
                    SchemaMigrations::Version,
                    SchemaMigrations::Name,
                    SchemaMigrations::AppliedAt,
                ])
                .values_panic([
                    migration.version.into(),
                    migration.name.into(),
                    Utc::now().into(),
                ]),
        )
        .await?;
        applied.push(format!("{} {}", migration.version, migration.name));
    }
    tx.commit().await?;
    Ok(MigrationReport {
        from_version,
        to_version: std::cmp::max(latest_version(), from_version),
        applied,
    })
}

async fn current_version(tx: &mut Tx) -> Result<i64> {
    let row: VersionRow = tx
        .fetch_one(
            Query::select()
                .expr_as(Func::max(Expr::col(SchemaMigrations::Version)), "version")
                .from(SchemaMigrations::Table),
        )
        .await?;
    Ok(row.version.unwrap_or(0))
}
