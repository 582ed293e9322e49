//! Migration 8: what families send the council through the portal. Messages between a family
//! and the caseworker about one child; the child's and family's views for section A of the
//! plan, saved as they are written; comments on a draft plan with the setting asked for; and a
//! young person's consent for a parent to keep access from 16.

use sea_query::{
    ColumnDef, ForeignKey, ForeignKeyAction, ForeignKeyCreateStatement, Iden, Index, Table,
};

use super::columns::*;
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum CaseMessages {
    Table,
    LaId,
    MessageId,
    ChildId,
    /// `family` or `staff`: who wrote it.
    FromKind,
    /// The family member's person id or the member of staff's id.
    FromId,
    FromName,
    Body,
    SentAt,
    /// When the other side first read it.
    ReadAt,
}

#[derive(Iden, Clone, Copy)]
pub enum FamilyViews {
    Table,
    LaId,
    ChildId,
    PersonId,
    AboutMe,
    WhatMatters,
    HowToSupport,
    Hopes,
    UpdatedAt,
    /// When they sent them to the council; saving again after that sends nothing until they
    /// send again.
    SentAt,
}

#[derive(Iden, Clone, Copy)]
pub enum DraftComments {
    Table,
    LaId,
    CommentId,
    ChildId,
    RequestId,
    PersonId,
    Comments,
    /// The school, college or other setting they ask to be named (reg. 13(1)(b)), as typed.
    SettingAsked,
    SentOn,
}

#[derive(Iden, Clone, Copy)]
pub enum ParentConsents {
    Table,
    LaId,
    ChildId,
    PersonId,
    GivenOn,
    /// Set when the young person withdraws it.
    WithdrawnOn,
    RecordedBy,
}

/// A foreign key from the table's (la_id, person_id) to the family member.
fn to_family_member(
    la: impl Iden + 'static,
    person: impl Iden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_col(la)
        .from_col(person)
        .to(
            FamilyMembers::Table,
            (FamilyMembers::LaId, FamilyMembers::PersonId),
        )
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

pub fn portal() -> Vec<SchemaChange> {
    use SchemaChange::Table as T;
    vec![
        T(Box::new(
            Table::create()
                .table(CaseMessages::Table)
                .if_not_exists()
                .col(id(CaseMessages::LaId))
                .col(id(CaseMessages::MessageId))
                .col(id(CaseMessages::ChildId))
                .col(text(CaseMessages::FromKind))
                .col(id(CaseMessages::FromId))
                .col(text(CaseMessages::FromName))
                .col(text(CaseMessages::Body))
                .col(timestamp(CaseMessages::SentAt))
                .col(
                    ColumnDef::new(CaseMessages::ReadAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .primary_key(
                    Index::create()
                        .col(CaseMessages::LaId)
                        .col(CaseMessages::MessageId),
                )
                .foreign_key(&mut to_child())
                .take(),
        )),
        SchemaChange::Index(
            Index::create()
                .name("case_messages_child")
                .table(CaseMessages::Table)
                .col(CaseMessages::LaId)
                .col(CaseMessages::ChildId)
                .if_not_exists()
                .take(),
        ),
        T(Box::new(
            Table::create()
                .table(FamilyViews::Table)
                .if_not_exists()
                .col(id(FamilyViews::LaId))
                .col(id(FamilyViews::ChildId))
                .col(id(FamilyViews::PersonId))
                .col(text(FamilyViews::AboutMe))
                .col(text(FamilyViews::WhatMatters))
                .col(text(FamilyViews::HowToSupport))
                .col(text(FamilyViews::Hopes))
                .col(timestamp(FamilyViews::UpdatedAt))
                .col(
                    ColumnDef::new(FamilyViews::SentAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .primary_key(
                    Index::create()
                        .col(FamilyViews::LaId)
                        .col(FamilyViews::ChildId)
                        .col(FamilyViews::PersonId),
                )
                .foreign_key(&mut to_child())
                .foreign_key(&mut to_family_member(
                    FamilyViews::LaId,
                    FamilyViews::PersonId,
                ))
                .take(),
        )),
        T(Box::new(
            Table::create()
                .table(DraftComments::Table)
                .if_not_exists()
                .col(id(DraftComments::LaId))
                .col(id(DraftComments::CommentId))
                .col(id(DraftComments::ChildId))
                .col(id(DraftComments::RequestId))
                .col(id(DraftComments::PersonId))
                .col(text(DraftComments::Comments))
                .col(opt_text(DraftComments::SettingAsked))
                .col(date(DraftComments::SentOn))
                .primary_key(
                    Index::create()
                        .col(DraftComments::LaId)
                        .col(DraftComments::CommentId),
                )
                .foreign_key(&mut to_child())
                .foreign_key(&mut to_family_member(
                    DraftComments::LaId,
                    DraftComments::PersonId,
                ))
                .take(),
        )),
        T(Box::new(
            Table::create()
                .table(ParentConsents::Table)
                .if_not_exists()
                .col(id(ParentConsents::LaId))
                .col(id(ParentConsents::ChildId))
                .col(id(ParentConsents::PersonId))
                .col(date(ParentConsents::GivenOn))
                .col(opt_date(ParentConsents::WithdrawnOn))
                .col(text(ParentConsents::RecordedBy))
                .primary_key(
                    Index::create()
                        .col(ParentConsents::LaId)
                        .col(ParentConsents::ChildId)
                        .col(ParentConsents::PersonId),
                )
                .foreign_key(&mut to_child())
                .foreign_key(&mut to_family_member(
                    ParentConsents::LaId,
                    ParentConsents::PersonId,
                ))
                .take(),
        )),
    ]
}

#[derive(Iden, Clone, Copy)]
pub enum AdviceSubmissions {
    Table,
    LaId,
    AdviceId,
    ChildId,
    /// The professional who wrote it.
    StaffId,
    Needs,
    Outcomes,
    Provision,
    Other,
    SubmittedAt,
    /// When the caseworker shared it with the family (SEND Code of Practice 9.47: the family
    /// sees the advice with the draft plan, or sooner).
    ReleasedAt,
}

/// Migration 9: advice written by professionals in the portal, in sections.
pub fn advice_submissions() -> Vec<SchemaChange> {
    vec![SchemaChange::Table(Box::new(
        Table::create()
            .table(AdviceSubmissions::Table)
            .if_not_exists()
            .col(id(AdviceSubmissions::LaId))
            .col(id(AdviceSubmissions::AdviceId))
            .col(id(AdviceSubmissions::ChildId))
            .col(id(AdviceSubmissions::StaffId))
            .col(text(AdviceSubmissions::Needs))
            .col(text(AdviceSubmissions::Outcomes))
            .col(text(AdviceSubmissions::Provision))
            .col(text(AdviceSubmissions::Other))
            .col(timestamp(AdviceSubmissions::SubmittedAt))
            .col(
                ColumnDef::new(AdviceSubmissions::ReleasedAt)
                    .timestamp_with_time_zone()
                    .null(),
            )
            .primary_key(
                Index::create()
                    .col(AdviceSubmissions::LaId)
                    .col(AdviceSubmissions::AdviceId),
            )
            .foreign_key(&mut to_child())
            .foreign_key(
                &mut ForeignKey::create()
                    .from_col(AdviceSubmissions::LaId)
                    .from_col(AdviceSubmissions::AdviceId)
                    .to(
                        AdviceRequests::Table,
                        (AdviceRequests::LaId, AdviceRequests::AdviceId),
                    )
                    .on_delete(ForeignKeyAction::Cascade)
                    .take(),
            )
            .take(),
    ))]
}
