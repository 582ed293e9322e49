//! Sessions: created at sign-in, read on every signed-in request (with the roles and settings
//! of a member of staff, in one statement), touched, and ended. Tokens arrive already hashed.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Query};

use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{Sessions as S, StaffRoles as Sr, StaffSettings as Ss};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    pub la_id: i64,
    pub token_hash: String,
    /// `staff` or `family`.
    pub user_kind: String,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub csrf_token: String,
    pub from_addr: String,
}

/// A session, and for a member of staff their roles and settings: what every signed-in request
/// needs to know who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionWithStaff {
    pub session: SessionRow,
    /// Role codes, sorted; empty for a family session.
    pub roles: Vec<String>,
    /// The settings a member of staff works for (a SENCO's schools), sorted.
    pub settings: Vec<i64>,
}

/// Joins a table of a member of staff's (`[table, la_id, staff_id]`) to a staff session.
fn of_staff<T: sea_query::Iden + Copy + 'static>(
    [table, la, staff]: [T; 3],
    staff_kind: &str,
) -> sea_query::Cond {
    sea_query::Cond::all()
        .add(Expr::col((table, la)).equals((S::Table, S::LaId)))
        .add(Expr::col((table, staff)).equals((S::Table, S::UserId)))
        .add(Expr::col((S::Table, S::UserKind)).eq(staff_kind))
}

/// One row of the session joined to a role and a setting of its member of staff.
#[derive(sqlx::FromRow)]
struct SessionStaffRow {
    #[sqlx(flatten)]
    session: SessionRow,
    role: Option<String>,
    setting_id: Option<i64>,
}

const SESSION_COLUMNS: [S; 8] = [
    S::LaId,
    S::TokenHash,
    S::UserKind,
    S::UserId,
    S::CreatedAt,
    S::LastSeenAt,
    S::CsrfToken,
    S::FromAddr,
];

impl Tx {
    pub async fn insert_session(&mut self, row: &SessionRow) -> Result<()> {
        self.execute(
            Query::insert()
                .into_table(S::Table)
                .columns(SESSION_COLUMNS)
                .values_panic([
                    row.la_id.into(),
                    row.token_hash.clone().into(),
                    row.user_kind.clone().into(),
                    row.user_id.into(),
                    row.created_at.into(),
                    row.last_seen_at.into(),
                    row.csrf_token.clone().into(),
                    row.from_addr.clone().into(),
                ]),
        )
        .await?;
        Ok(())
    }

    pub async fn session(&mut self, la_id: i64, token_hash: &str) -> Result<Option<SessionRow>> {
        self.fetch_optional(
            Query::select()
                .columns(SESSION_COLUMNS)
                .from(S::Table)
                .and_where(Expr::col(S::LaId).eq(la_id))
                .and_where(Expr::col(S::TokenHash).eq(token_hash)),
        )
        .await
    }

    /// The session with the roles and settings of its member of staff, in one statement: it is
    /// read on every signed-in request. `staff_kind` is the `user_kind` of staff sessions; other
    /// sessions come back with no roles or settings.
    pub async fn session_with_staff(
        &mut self,
        la_id: i64,
        token_hash: &str,
        staff_kind: &str,
    ) -> Result<Option<SessionWithStaff>> {
        let mut q = Query::select();
        q.columns(SESSION_COLUMNS.map(|c| (S::Table, c)))
            .column((Sr::Table, Sr::Role))
            .column((Ss::Table, Ss::SettingId))
            .from(S::Table)
            .left_join(
                Sr::Table,
                of_staff([Sr::Table, Sr::LaId, Sr::StaffId], staff_kind),
            )
            .left_join(
                Ss::Table,
                of_staff([Ss::Table, Ss::LaId, Ss::StaffId], staff_kind),
            )
            .and_where(Expr::col((S::Table, S::LaId)).eq(la_id))
            .and_where(Expr::col((S::Table, S::TokenHash)).eq(token_hash));
        let rows: Vec<SessionStaffRow> = self.fetch_all(&q).await?;
        let mut rows = rows.into_iter();
        let Some(first) = rows.next() else {
            return Ok(None);
        };
        let mut roles: Vec<String> = first.role.into_iter().collect();
        let mut settings: Vec<i64> = first.setting_id.into_iter().collect();
        for row in rows {
            roles.extend(row.role);
            settings.extend(row.setting_id);
        }
        // A member of staff with several roles and settings comes back once for each pair.
        roles.sort();
        roles.dedup();
        settings.sort_unstable();
        settings.dedup();
        Ok(Some(SessionWithStaff {
            session: first.session,
            roles,
            settings,
        }))
    }

    pub async fn touch_session(
        &mut self,
        la_id: i64,
        token_hash: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.execute(
            Query::update()
                .table(S::Table)
                .value(S::LastSeenAt, at)
                .and_where(Expr::col(S::LaId).eq(la_id))
                .and_where(Expr::col(S::TokenHash).eq(token_hash)),
        )
        .await?;
        Ok(())
    }

    pub async fn delete_session(&mut self, la_id: i64, token_hash: &str) -> Result<u64> {
        self.execute(
            Query::delete()
                .from_table(S::Table)
                .and_where(Expr::col(S::LaId).eq(la_id))
                .and_where(Expr::col(S::TokenHash).eq(token_hash)),
        )
        .await
    }

    /// Ends every session of one person ("sign out everywhere").
    pub async fn delete_sessions_of(
        &mut self,
        la_id: i64,
        user_kind: &str,
        user_id: i64,
    ) -> Result<u64> {
        self.execute(
            Query::delete()
                .from_table(S::Table)
                .and_where(Expr::col(S::LaId).eq(la_id))
                .and_where(Expr::col(S::UserKind).eq(user_kind))
                .and_where(Expr::col(S::UserId).eq(user_id)),
        )
        .await
    }
}
