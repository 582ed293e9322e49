//! Migration 2: signing in. Families (parents, carers, young people) and their links to
//! children; sessions; sign-in attempts for throttling; emailed sign-in codes; API tokens for
//! staff scripts; an optional TOTP secret for staff. Secrets are stored only as hashes, except
//! the TOTP secret, which must be read back to check a code.

use sea_query::{ColumnDef, ForeignKey, ForeignKeyAction, Index, Table};

use super::columns::*;
use super::*;

pub fn sign_in() -> Vec<SchemaChange> {
    use SchemaChange::{Alter as A, Index as Ix, Table as T};
    vec![
        A(Table::alter()
            .table(Staff::Table)
            .add_column(ColumnDef::new(Staff::TotpSecret).text().null())
            .take()),
        T(Box::new(
            Table::create()
                .table(FamilyMembers::Table)
                .if_not_exists()
                .col(id(FamilyMembers::LaId))
                .col(id(FamilyMembers::PersonId))
                .col(text(FamilyMembers::Name))
                .col(text(FamilyMembers::Email))
                .col(text(FamilyMembers::Role))
                .col(timestamp(FamilyMembers::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(FamilyMembers::LaId)
                        .col(FamilyMembers::PersonId),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
        Ix(Index::create()
            .name("family_members_email")
            .table(FamilyMembers::Table)
            .col(FamilyMembers::LaId)
            .col(FamilyMembers::Email)
            .unique()
            .if_not_exists()
            .take()),
        T(Box::new(
            Table::create()
                .table(FamilyLinks::Table)
                .if_not_exists()
                .col(id(FamilyLinks::LaId))
                .col(id(FamilyLinks::PersonId))
                .col(id(FamilyLinks::ChildId))
                .col(text(FamilyLinks::Relationship))
                .primary_key(
                    Index::create()
                        .col(FamilyLinks::LaId)
                        .col(FamilyLinks::PersonId)
                        .col(FamilyLinks::ChildId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_col(FamilyLinks::LaId)
                        .from_col(FamilyLinks::PersonId)
                        .to(
                            FamilyMembers::Table,
                            (FamilyMembers::LaId, FamilyMembers::PersonId),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut to_child())
                .take(),
        )),
        T(Box::new(
            Table::create()
                .table(Sessions::Table)
                .if_not_exists()
                .col(id(Sessions::LaId))
                .col(text(Sessions::TokenHash))
                .col(text(Sessions::UserKind))
                .col(id(Sessions::UserId))
                .col(timestamp(Sessions::CreatedAt))
                .col(timestamp(Sessions::LastSeenAt))
                .col(text(Sessions::CsrfToken))
                .col(text(Sessions::FromAddr))
                .primary_key(Index::create().col(Sessions::LaId).col(Sessions::TokenHash))
                .foreign_key(&mut to_council())
                .take(),
        )),
        Ix(Index::create()
            .name("sessions_user")
            .table(Sessions::Table)
            .col(Sessions::LaId)
            .col(Sessions::UserKind)
            .col(Sessions::UserId)
            .if_not_exists()
            .take()),
        T(Box::new(
            Table::create()
                .table(SignInAttempts::Table)
                .if_not_exists()
                .col(id(SignInAttempts::LaId))
                .col(id(SignInAttempts::AttemptId))
                .col(timestamp(SignInAttempts::At))
                .col(text(SignInAttempts::Email))
                .col(text(SignInAttempts::FromAddr))
                .col(flag(SignInAttempts::Succeeded))
                .primary_key(
                    Index::create()
                        .col(SignInAttempts::LaId)
                        .col(SignInAttempts::AttemptId),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
        Ix(Index::create()
            .name("sign_in_attempts_email")
            .table(SignInAttempts::Table)
            .col(SignInAttempts::LaId)
            .col(SignInAttempts::Email)
            .col(SignInAttempts::At)
            .if_not_exists()
            .take()),
        Ix(Index::create()
            .name("sign_in_attempts_address")
            .table(SignInAttempts::Table)
            .col(SignInAttempts::LaId)
            .col(SignInAttempts::FromAddr)
            .col(SignInAttempts::At)
            .if_not_exists()
            .take()),
        T(Box::new(
            Table::create()
                .table(SignInCodes::Table)
                .if_not_exists()
                .col(id(SignInCodes::LaId))
                .col(id(SignInCodes::CodeId))
                .col(text(SignInCodes::Email))
                .col(text(SignInCodes::CodeHash))
                .col(timestamp(SignInCodes::ExpiresAt))
                .col(
                    ColumnDef::new(SignInCodes::UsedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(SignInCodes::Failures)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .primary_key(
                    Index::create()
                        .col(SignInCodes::LaId)
                        .col(SignInCodes::CodeId),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
        Ix(Index::create()
            .name("sign_in_codes_email")
            .table(SignInCodes::Table)
            .col(SignInCodes::LaId)
            .col(SignInCodes::Email)
            .if_not_exists()
            .take()),
        T(Box::new(
            Table::create()
                .table(ApiTokens::Table)
                .if_not_exists()
                .col(id(ApiTokens::LaId))
                .col(id(ApiTokens::TokenId))
                .col(id(ApiTokens::StaffId))
                .col(text(ApiTokens::Name))
                .col(text(ApiTokens::TokenHash))
                .col(timestamp(ApiTokens::CreatedAt))
                .col(
                    ColumnDef::new(ApiTokens::RevokedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .primary_key(Index::create().col(ApiTokens::LaId).col(ApiTokens::TokenId))
                .foreign_key(
                    ForeignKey::create()
                        .from_col(ApiTokens::LaId)
                        .from_col(ApiTokens::StaffId)
                        .to(Staff::Table, (Staff::LaId, Staff::StaffId))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )),
        Ix(Index::create()
            .name("api_tokens_hash")
            .table(ApiTokens::Table)
            .col(ApiTokens::LaId)
            .col(ApiTokens::TokenHash)
            .unique()
            .if_not_exists()
            .take()),
    ]
}
