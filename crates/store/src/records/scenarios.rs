//! Mitigations and scenarios: plain rows in and out (migration 17).

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::Expr;

use super::record::{Record, record};
use crate::schema::{Mitigations as M, ScenarioMitigations as Sm, Scenarios as S};

/// A mitigation as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MitigationRow {
    pub la_id: i64,
    pub mitigation_id: i64,
    pub name: String,
    pub theme: String,
    pub owner: String,
    pub rag: String,
    pub change_kind: String,
    pub setting: String,
    pub basis_points: i64,
    pub places: Option<i64>,
    pub excess_to: Option<String>,
    pub starts_on: NaiveDate,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}
record!(MitigationRow, M, key 2, child MitigationId, order MitigationId, [
    la_id => LaId, mitigation_id => MitigationId, name => Name, theme => Theme,
    owner => Owner, rag => Rag, change_kind => ChangeKind, setting => Setting,
    basis_points => BasisPoints, places => Places, excess_to => ExcessTo,
    starts_on => StartsOn, recorded_by => RecordedBy, recorded_at => RecordedAt,
]);

/// A scenario: a named set of mitigations.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ScenarioRow {
    pub la_id: i64,
    pub scenario_id: i64,
    pub name: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}
record!(ScenarioRow, S, key 2, child ScenarioId, order ScenarioId, [
    la_id => LaId, scenario_id => ScenarioId, name => Name, recorded_by => RecordedBy,
    recorded_at => RecordedAt,
]);

/// A mitigation in a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct ScenarioMitigationRow {
    pub la_id: i64,
    pub scenario_id: i64,
    pub mitigation_id: i64,
}
record!(ScenarioMitigationRow, Sm, key 3, child ScenarioId, order MitigationId, [
    la_id => LaId, scenario_id => ScenarioId, mitigation_id => MitigationId,
]);
