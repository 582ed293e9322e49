//! What families send through the portal: messages, views, draft comments and consents.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Expr, ExprTrait, Query};

use super::record::{Record, record};
use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{
    AdviceRequests as Ad, AdviceSubmissions as As, CaseMessages as Msg, DraftComments as Dc,
    FamilyViews as Fv, ParentConsents as Pc,
};

/// A message between a family and the council about one child.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MessageRow {
    pub la_id: i64,
    pub message_id: i64,
    pub child_id: i64,
    /// `family` or `staff`.
    pub from_kind: String,
    pub from_id: i64,
    pub from_name: String,
    pub body: String,
    pub sent_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}
record!(MessageRow, Msg, key 2, child ChildId, order SentAt, [
    la_id => LaId, message_id => MessageId, child_id => ChildId, from_kind => FromKind,
    from_id => FromId, from_name => FromName, body => Body, sent_at => SentAt, read_at => ReadAt,
]);

/// A child's and family's views for section A, as one family member wrote them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FamilyViewsRow {
    pub la_id: i64,
    pub child_id: i64,
    pub person_id: i64,
    pub about_me: String,
    pub what_matters: String,
    pub how_to_support: String,
    pub hopes: String,
    pub updated_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}
record!(FamilyViewsRow, Fv, key 3, child ChildId, order UpdatedAt, [
    la_id => LaId, child_id => ChildId, person_id => PersonId, about_me => AboutMe,
    what_matters => WhatMatters, how_to_support => HowToSupport, hopes => Hopes,
    updated_at => UpdatedAt, sent_at => SentAt,
]);

/// A family's comments on a draft plan (SEND Regulations 2014 reg. 13(1)).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DraftCommentRow {
    pub la_id: i64,
    pub comment_id: i64,
    pub child_id: i64,
    pub request_id: i64,
    pub person_id: i64,
    pub comments: String,
    pub setting_asked: Option<String>,
    pub sent_on: NaiveDate,
}
record!(DraftCommentRow, Dc, key 2, child ChildId, order SentOn, [
    la_id => LaId, comment_id => CommentId, child_id => ChildId, request_id => RequestId,
    person_id => PersonId, comments => Comments, setting_asked => SettingAsked,
    sent_on => SentOn,
]);

/// A young person's consent for a parent to keep access to their record.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ConsentRow {
    pub la_id: i64,
    pub child_id: i64,
    pub person_id: i64,
    pub given_on: NaiveDate,
    pub withdrawn_on: Option<NaiveDate>,
    pub recorded_by: String,
}
record!(ConsentRow, Pc, key 3, child ChildId, order GivenOn, [
    la_id => LaId, child_id => ChildId, person_id => PersonId, given_on => GivenOn,
    withdrawn_on => WithdrawnOn, recorded_by => RecordedBy,
]);

impl Tx {
    /// Marks as read the messages about a child that the other side sent (`from_kind`).
    pub async fn mark_messages_read(
        &mut self,
        la_id: i64,
        child_id: i64,
        from_kind: &str,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        self.execute(
            Query::update()
                .table(Msg::Table)
                .value(Msg::ReadAt, now)
                .and_where(Expr::col(Msg::LaId).eq(la_id))
                .and_where(Expr::col(Msg::ChildId).eq(child_id))
                .and_where(Expr::col(Msg::FromKind).eq(from_kind))
                .and_where(Expr::col(Msg::ReadAt).is_null()),
        )
        .await
    }

    /// The consents a family member holds, for every child: who they may still see from 16.
    pub async fn consents_of_person(
        &mut self,
        la_id: i64,
        person_id: i64,
    ) -> Result<Vec<ConsentRow>> {
        self.fetch_all(
            Query::select()
                .columns(ConsentRow::COLUMNS.iter().copied())
                .from(Pc::Table)
                .and_where(Expr::col(Pc::LaId).eq(la_id))
                .and_where(Expr::col(Pc::PersonId).eq(person_id)),
        )
        .await
    }
}

/// Advice a professional wrote in the portal, in sections (SEND Regulations 2014 reg. 6(1)).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AdviceSubmissionRow {
    pub la_id: i64,
    pub advice_id: i64,
    pub child_id: i64,
    pub staff_id: i64,
    pub needs: String,
    pub outcomes: String,
    pub provision: String,
    pub other: String,
    pub submitted_at: DateTime<Utc>,
    pub released_at: Option<DateTime<Utc>>,
}
record!(AdviceSubmissionRow, As, key 2, child ChildId, order SubmittedAt, [
    la_id => LaId, advice_id => AdviceId, child_id => ChildId, staff_id => StaffId,
    needs => Needs, outcomes => Outcomes, provision => Provision, other => Other,
    submitted_at => SubmittedAt, released_at => ReleasedAt,
]);

impl Tx {
    /// The advice a professional has been asked for, newest request first.
    pub async fn advice_for_adviser(
        &mut self,
        la_id: i64,
        staff_id: i64,
    ) -> Result<Vec<crate::AdviceRow>> {
        self.fetch_all(
            Query::select()
                .columns(crate::AdviceRow::COLUMNS.iter().copied())
                .from(Ad::Table)
                .and_where(Expr::col(Ad::LaId).eq(la_id))
                .and_where(Expr::col(Ad::AdviserStaffId).eq(staff_id))
                .order_by(Ad::RequestedOn, sea_query::Order::Desc)
                .order_by(Ad::AdviceId, sea_query::Order::Desc),
        )
        .await
    }
}
