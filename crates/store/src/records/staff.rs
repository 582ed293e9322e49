//! Staff and professionals (name, service, team) and their roles in a council.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};

use crate::engine::Tx;
use crate::error::{Result, StoreError};
use crate::schema::{Staff as S, StaffRoles as Sr, StaffSettings as Ss};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffRow {
    pub la_id: i64,
    pub staff_id: i64,
    pub name: String,
    /// Lower-cased; unique within the council.
    pub email: String,
    /// e.g. "SEND casework", "Educational psychology", "Finance".
    pub service: Option<String>,
    pub team: Option<String>,
    /// argon2id PHC string; None for people who do not sign in with a password.
    pub password_hash: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffRoleRow {
    pub la_id: i64,
    pub staff_id: i64,
    pub role: String,
}

const STAFF_COLUMNS: [S; 8] = [
    S::LaId,
    S::StaffId,
    S::Name,
    S::Email,
    S::Service,
    S::Team,
    S::PasswordHash,
    S::CreatedAt,
];

impl Tx {
    /// Adds a staff member. A second person with the same email in the council is a conflict.
    pub async fn insert_staff(&mut self, row: &StaffRow) -> Result<()> {
        let result = self
            .execute(
                Query::insert()
                    .into_table(S::Table)
                    .columns(STAFF_COLUMNS)
                    .values_panic([
                        row.la_id.into(),
                        row.staff_id.into(),
                        row.name.clone().into(),
                        row.email.clone().into(),
                        row.service.clone().into(),
                        row.team.clone().into(),
                        row.password_hash.clone().into(),
                        row.created_at.into(),
                    ]),
            )
            .await;
        match result {
            Err(e) if e.is_unique_violation() => Err(StoreError::Conflict(format!(
                "email: {} is already a staff member here",
                row.email
            ))),
            other => other.map(|_| ()),
        }
    }

    pub async fn insert_staff_roles(&mut self, rows: &[StaffRoleRow]) -> Result<u64> {
        self.insert_rows(
            Sr::Table,
            &[Sr::LaId, Sr::StaffId, Sr::Role],
            rows.iter()
                .map(|r| vec![r.la_id.into(), r.staff_id.into(), r.role.clone().into()]),
        )
        .await
    }

    pub async fn staff_by_email(&mut self, la_id: i64, email: &str) -> Result<Option<StaffRow>> {
        self.fetch_optional(
            Query::select()
                .columns(STAFF_COLUMNS)
                .from(S::Table)
                .and_where(Expr::col(S::LaId).eq(la_id))
                .and_where(Expr::col(S::Email).eq(email)),
        )
        .await
    }

    pub async fn staff_list(&mut self, la_id: i64) -> Result<Vec<StaffRow>> {
        self.fetch_all(
            Query::select()
                .columns(STAFF_COLUMNS)
                .from(S::Table)
                .and_where(Expr::col(S::LaId).eq(la_id))
                .order_by(S::Name, Order::Asc),
        )
        .await
    }

    /// Links a member of staff to the settings they act for.
    pub async fn insert_staff_settings(
        &mut self,
        la_id: i64,
        staff_id: i64,
        setting_ids: &[i64],
    ) -> Result<u64> {
        self.insert_rows(
            Ss::Table,
            &[Ss::LaId, Ss::StaffId, Ss::SettingId],
            setting_ids
                .iter()
                .map(|&s| vec![la_id.into(), staff_id.into(), s.into()]),
        )
        .await
    }

    pub async fn staff_settings(&mut self, la_id: i64, staff_id: i64) -> Result<Vec<i64>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            setting_id: i64,
        }
        let rows: Vec<Row> = self
            .fetch_all(
                Query::select()
                    .column(Ss::SettingId)
                    .from(Ss::Table)
                    .and_where(Expr::col(Ss::LaId).eq(la_id))
                    .and_where(Expr::col(Ss::StaffId).eq(staff_id))
                    .order_by(Ss::SettingId, Order::Asc),
            )
            .await?;
        Ok(rows.into_iter().map(|r| r.setting_id).collect())
    }

    /// The ids of the staff who hold a role, lowest first.
    pub async fn staff_with_role(&mut self, la_id: i64, role: &str) -> Result<Vec<i64>> {
        let rows: Vec<StaffRoleRow> = self
            .fetch_all(
                Query::select()
                    .columns([Sr::LaId, Sr::StaffId, Sr::Role])
                    .from(Sr::Table)
                    .and_where(Expr::col(Sr::LaId).eq(la_id))
                    .and_where(Expr::col(Sr::Role).eq(role))
                    .order_by(Sr::StaffId, Order::Asc),
            )
            .await?;
        Ok(rows.into_iter().map(|r| r.staff_id).collect())
    }

    pub async fn staff_roles(&mut self, la_id: i64, staff_id: i64) -> Result<Vec<String>> {
        let rows: Vec<StaffRoleRow> = self
            .fetch_all(
                Query::select()
                    .columns([Sr::LaId, Sr::StaffId, Sr::Role])
                    .from(Sr::Table)
                    .and_where(Expr::col(Sr::LaId).eq(la_id))
                    .and_where(Expr::col(Sr::StaffId).eq(staff_id))
                    .order_by(Sr::Role, Order::Asc),
            )
            .await?;
        Ok(rows.into_iter().map(|r| r.role).collect())
    }
}
