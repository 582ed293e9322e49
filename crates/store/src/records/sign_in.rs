//! Signing in: family members and their children, sign-in attempts, emailed codes and API
//! tokens (sessions are in [`super::sessions`]). Secrets arrive here already hashed; the store never sees a raw token.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Func, Order, Query};

use crate::engine::Tx;
use crate::error::{Result, StoreError};
use crate::schema::{
    ApiTokens as Tok, FamilyLinks as Fl, FamilyMembers as Fm, SignInAttempts as Att,
    SignInCodes as Code, Staff,
};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FamilyMemberRow {
    pub la_id: i64,
    pub person_id: i64,
    pub name: String,
    pub email: String,
    /// `parent_carer` or `young_person`.
    pub role: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FamilyLinkRow {
    pub la_id: i64,
    pub person_id: i64,
    pub child_id: i64,
    pub relationship: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SignInCodeRow {
    pub la_id: i64,
    pub code_id: i64,
    pub email: String,
    pub code_hash: String,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub failures: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiTokenRow {
    pub la_id: i64,
    pub token_id: i64,
    pub staff_id: i64,
    pub name: String,
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct Count {
    n: i64,
}

#[derive(sqlx::FromRow)]
struct Secret {
    totp_secret: Option<String>,
}

const MEMBER_COLUMNS: [Fm; 6] = [
    Fm::LaId,
    Fm::PersonId,
    Fm::Name,
    Fm::Email,
    Fm::Role,
    Fm::CreatedAt,
];
const CODE_COLUMNS: [Code; 7] = [
    Code::LaId,
    Code::CodeId,
    Code::Email,
    Code::CodeHash,
    Code::ExpiresAt,
    Code::UsedAt,
    Code::Failures,
];
const TOKEN_COLUMNS: [Tok; 7] = [
    Tok::LaId,
    Tok::TokenId,
    Tok::StaffId,
    Tok::Name,
    Tok::TokenHash,
    Tok::CreatedAt,
    Tok::RevokedAt,
];

impl Tx {
    pub async fn insert_family_member(&mut self, row: &FamilyMemberRow) -> Result<()> {
        let result = self
            .execute(
                Query::insert()
                    .into_table(Fm::Table)
                    .columns(MEMBER_COLUMNS)
                    .values_panic([
                        row.la_id.into(),
                        row.person_id.into(),
                        row.name.clone().into(),
                        row.email.clone().into(),
                        row.role.clone().into(),
                        row.created_at.into(),
                    ]),
            )
            .await;
        match result {
            Err(e) if e.is_unique_violation() => Err(StoreError::Conflict(format!(
                "email: {} already has a family account here",
                row.email
            ))),
            other => other.map(|_| ()),
        }
    }

    /// Changes a family member's name and role (`parent_carer` or `young_person`): someone who
    /// verified their email to ask for an assessment tells us who they are on the request.
    pub async fn update_family_member(
        &mut self,
        la_id: i64,
        person_id: i64,
        name: &str,
        role: &str,
    ) -> Result<()> {
        self.execute(
            Query::update()
                .table(Fm::Table)
                .values([(Fm::Name, name.into()), (Fm::Role, role.into())])
                .and_where(Expr::col(Fm::LaId).eq(la_id))
                .and_where(Expr::col(Fm::PersonId).eq(person_id)),
        )
        .await
        .map(|_| ())
    }

    pub async fn insert_family_links(&mut self, rows: &[FamilyLinkRow]) -> Result<u64> {
        self.insert_rows(
            Fl::Table,
            &[Fl::LaId, Fl::PersonId, Fl::ChildId, Fl::Relationship],
            rows.iter().map(|r| {
                vec![
                    r.la_id.into(),
                    r.person_id.into(),
                    r.child_id.into(),
                    r.relationship.clone().into(),
                ]
            }),
        )
        .await
    }

    pub async fn family_member(
        &mut self,
        la_id: i64,
        person_id: i64,
    ) -> Result<Option<FamilyMemberRow>> {
        self.fetch_optional(
            Query::select()
                .columns(MEMBER_COLUMNS)
                .from(Fm::Table)
                .and_where(Expr::col(Fm::LaId).eq(la_id))
                .and_where(Expr::col(Fm::PersonId).eq(person_id)),
        )
        .await
    }

    pub async fn family_member_by_email(
        &mut self,
        la_id: i64,
        email: &str,
    ) -> Result<Option<FamilyMemberRow>> {
        self.fetch_optional(
            Query::select()
                .columns(MEMBER_COLUMNS)
                .from(Fm::Table)
                .and_where(Expr::col(Fm::LaId).eq(la_id))
                .and_where(Expr::col(Fm::Email).eq(email)),
        )
        .await
    }

    /// The children a family member is linked to.
    pub async fn family_children(
        &mut self,
        la_id: i64,
        person_id: i64,
    ) -> Result<Vec<FamilyLinkRow>> {
        self.fetch_all(
            Query::select()
                .columns([Fl::LaId, Fl::PersonId, Fl::ChildId, Fl::Relationship])
                .from(Fl::Table)
                .and_where(Expr::col(Fl::LaId).eq(la_id))
                .and_where(Expr::col(Fl::PersonId).eq(person_id))
                .order_by(Fl::ChildId, Order::Asc),
        )
        .await
    }

    /// The family members linked to a child: (name, role), by name.
    pub async fn family_of_child(
        &mut self,
        la_id: i64,
        child_id: i64,
    ) -> Result<Vec<FamilyMemberRow>> {
        let mut q = Query::select();
        q.columns(MEMBER_COLUMNS.map(|c| (Fm::Table, c)))
            .from(Fm::Table)
            .inner_join(
                Fl::Table,
                sea_query::Cond::all()
                    .add(Expr::col((Fl::Table, Fl::LaId)).equals((Fm::Table, Fm::LaId)))
                    .add(Expr::col((Fl::Table, Fl::PersonId)).equals((Fm::Table, Fm::PersonId))),
            )
            .and_where(Expr::col((Fm::Table, Fm::LaId)).eq(la_id))
            .and_where(Expr::col((Fl::Table, Fl::ChildId)).eq(child_id))
            .order_by((Fm::Table, Fm::Name), Order::Asc);
        self.fetch_all(&q).await
    }

    pub async fn staff_totp_secret(&mut self, la_id: i64, staff_id: i64) -> Result<Option<String>> {
        let row: Option<Secret> = self
            .fetch_optional(
                Query::select()
                    .column(Staff::TotpSecret)
                    .from(Staff::Table)
                    .and_where(Expr::col(Staff::LaId).eq(la_id))
                    .and_where(Expr::col(Staff::StaffId).eq(staff_id)),
            )
            .await?;
        Ok(row.and_then(|r| r.totp_secret))
    }

    pub async fn set_staff_totp_secret(
        &mut self,
        la_id: i64,
        staff_id: i64,
        secret: Option<&str>,
    ) -> Result<()> {
        self.execute(
            Query::update()
                .table(Staff::Table)
                .value(Staff::TotpSecret, secret.map(str::to_string))
                .and_where(Expr::col(Staff::LaId).eq(la_id))
                .and_where(Expr::col(Staff::StaffId).eq(staff_id)),
        )
        .await?;
        Ok(())
    }

    pub async fn record_sign_in_attempt(
        &mut self,
        la_id: i64,
        email: &str,
        from_addr: &str,
        succeeded: bool,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let attempt_id = self.allocate_ids(la_id, "sign_in_attempts", 1).await?;
        self.execute(
            Query::insert()
                .into_table(Att::Table)
                .columns([
                    Att::LaId,
                    Att::AttemptId,
                    Att::At,
                    Att::Email,
                    Att::FromAddr,
                    Att::Succeeded,
                ])
                .values_panic([
                    la_id.into(),
                    attempt_id.into(),
                    at.into(),
                    email.into(),
                    from_addr.into(),
                    succeeded.into(),
                ]),
        )
        .await?;
        Ok(())
    }

    /// Failed attempts since `since` for an account (by email) and from an address.
    pub async fn failed_sign_ins_since(
        &mut self,
        la_id: i64,
        email: &str,
        from_addr: &str,
        since: DateTime<Utc>,
    ) -> Result<(i64, i64)> {
        let mut counts = [0i64; 2];
        for (i, (column, value)) in [(Att::Email, email), (Att::FromAddr, from_addr)]
            .into_iter()
            .enumerate()
        {
            let c: Count = self
                .fetch_one(
                    Query::select()
                        .expr_as(Func::count(Expr::col(Att::AttemptId)), "n")
                        .from(Att::Table)
                        .and_where(Expr::col(Att::LaId).eq(la_id))
                        .and_where(Expr::col(column).eq(value))
                        .and_where(Expr::col(Att::At).gte(since))
                        .and_where(Expr::col(Att::Succeeded).eq(false)),
                )
                .await?;
            counts[i] = c.n;
        }
        Ok((counts[0], counts[1]))
    }

    pub async fn insert_sign_in_code(&mut self, row: &SignInCodeRow) -> Result<()> {
        self.execute(
            Query::insert()
                .into_table(Code::Table)
                .columns(CODE_COLUMNS)
                .values_panic([
                    row.la_id.into(),
                    row.code_id.into(),
                    row.email.clone().into(),
                    row.code_hash.clone().into(),
                    row.expires_at.into(),
                    row.used_at.into(),
                    row.failures.into(),
                ]),
        )
        .await?;
        Ok(())
    }

    /// The newest code sent to an email address.
    pub async fn latest_sign_in_code(
        &mut self,
        la_id: i64,
        email: &str,
    ) -> Result<Option<SignInCodeRow>> {
        self.fetch_optional(
            Query::select()
                .columns(CODE_COLUMNS)
                .from(Code::Table)
                .and_where(Expr::col(Code::LaId).eq(la_id))
                .and_where(Expr::col(Code::Email).eq(email))
                .order_by(Code::CodeId, Order::Desc)
                .limit(1),
        )
        .await
    }

    pub async fn mark_sign_in_code(
        &mut self,
        la_id: i64,
        code_id: i64,
        used_at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let mut update = Query::update();
        update
            .table(Code::Table)
            .and_where(Expr::col(Code::LaId).eq(la_id))
            .and_where(Expr::col(Code::CodeId).eq(code_id));
        match used_at {
            Some(at) => update.value(Code::UsedAt, at),
            None => update.value(Code::Failures, Expr::col(Code::Failures).add(1)),
        };
        self.execute(&update).await?;
        Ok(())
    }

    pub async fn insert_api_token(&mut self, row: &ApiTokenRow) -> Result<()> {
        self.execute(
            Query::insert()
                .into_table(Tok::Table)
                .columns(TOKEN_COLUMNS)
                .values_panic([
                    row.la_id.into(),
                    row.token_id.into(),
                    row.staff_id.into(),
                    row.name.clone().into(),
                    row.token_hash.clone().into(),
                    row.created_at.into(),
                    row.revoked_at.into(),
                ]),
        )
        .await?;
        Ok(())
    }

    pub async fn api_token_by_hash(
        &mut self,
        la_id: i64,
        token_hash: &str,
    ) -> Result<Option<ApiTokenRow>> {
        self.fetch_optional(
            Query::select()
                .columns(TOKEN_COLUMNS)
                .from(Tok::Table)
                .and_where(Expr::col(Tok::LaId).eq(la_id))
                .and_where(Expr::col(Tok::TokenHash).eq(token_hash)),
        )
        .await
    }

    pub async fn revoke_api_token(
        &mut self,
        la_id: i64,
        token_id: i64,
        at: DateTime<Utc>,
    ) -> Result<u64> {
        self.execute(
            Query::update()
                .table(Tok::Table)
                .value(Tok::RevokedAt, at)
                .and_where(Expr::col(Tok::LaId).eq(la_id))
                .and_where(Expr::col(Tok::TokenId).eq(token_id)),
        )
        .await
    }

    pub async fn staff_member(
        &mut self,
        la_id: i64,
        staff_id: i64,
    ) -> Result<Option<crate::StaffRow>> {
        self.fetch_optional(
            Query::select()
                .columns([
                    Staff::LaId,
                    Staff::StaffId,
                    Staff::Name,
                    Staff::Email,
                    Staff::Service,
                    Staff::Team,
                    Staff::PasswordHash,
                    Staff::CreatedAt,
                ])
                .from(Staff::Table)
                .and_where(Expr::col(Staff::LaId).eq(la_id))
                .and_where(Expr::col(Staff::StaffId).eq(staff_id)),
        )
        .await
    }
}
