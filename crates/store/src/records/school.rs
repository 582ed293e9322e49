//! What a school's SENCO sees: their pupils with an EHC case, and the reviews they arrange;
//! and what anyone asking for an assessment through the portal wrote.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Cond, Expr, ExprTrait, JoinType, Order, Query};

use super::record::{Record, record};
use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{
    Children as Ch, EhcCases as C, Placements as Pl, RequestDetails as Rd,
    ReviewArrangements as Ra, Settings as S,
};

/// A school's arrangements for a plan's annual review.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReviewArrangementRow {
    pub la_id: i64,
    pub child_id: i64,
    pub plan_id: i64,
    pub meeting_on: NaiveDate,
    pub invited: String,
    pub arranged_by: String,
    pub arranged_at: DateTime<Utc>,
    pub report_sent_on: Option<NaiveDate>,
}
record!(ReviewArrangementRow, Ra, key 3, child ChildId, order MeetingOn, [
    la_id => LaId, child_id => ChildId, plan_id => PlanId, meeting_on => MeetingOn,
    invited => Invited, arranged_by => ArrangedBy, arranged_at => ArrangedAt,
    report_sent_on => ReportSentOn,
]);

/// What the person asking for an assessment through the portal told the council.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RequestDetailsRow {
    pub la_id: i64,
    pub request_id: i64,
    pub child_id: i64,
    /// `family` or `staff`.
    pub requester_kind: String,
    pub requester_id: i64,
    /// `parent_carer`, `young_person` or `school`.
    pub relationship: String,
    pub setting_named: String,
    pub reasons: String,
    pub support_now: String,
    pub family_agrees: bool,
    pub submitted_at: DateTime<Utc>,
}
record!(RequestDetailsRow, Rd, key 2, child ChildId, order SubmittedAt, [
    la_id => LaId, request_id => RequestId, child_id => ChildId,
    requester_kind => RequesterKind, requester_id => RequesterId, relationship => Relationship,
    setting_named => SettingNamed, reasons => Reasons, support_now => SupportNow,
    family_agrees => FamilyAgrees, submitted_at => SubmittedAt,
]);

/// A pupil placed at one of the school's settings now, with their EHC case if they have one.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PupilRow {
    pub child_id: i64,
    pub forename: String,
    pub surname: String,
    pub birth_date: NaiveDate,
    pub setting_id: i64,
    pub setting: String,
    pub stage: Option<String>,
}

impl Tx {
    /// The pupils placed now at any of `setting_ids` who have an EHC case, by name.
    pub async fn pupils_with_cases(
        &mut self,
        la_id: i64,
        setting_ids: &[i64],
    ) -> Result<Vec<PupilRow>> {
        if setting_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = Query::select();
        q.columns([(Ch::Table, Ch::ChildId), (Ch::Table, Ch::Forename)])
            .columns([(Ch::Table, Ch::Surname), (Ch::Table, Ch::BirthDate)])
            .column((Pl::Table, Pl::SettingId))
            .expr_as(Expr::col((S::Table, S::Name)), "setting")
            .column((C::Table, C::Stage))
            .from(Pl::Table)
            .inner_join(
                Ch::Table,
                Cond::all()
                    .add(Expr::col((Ch::Table, Ch::LaId)).equals((Pl::Table, Pl::LaId)))
                    .add(Expr::col((Ch::Table, Ch::ChildId)).equals((Pl::Table, Pl::ChildId))),
            )
            .inner_join(
                S::Table,
                Cond::all()
                    .add(Expr::col((S::Table, S::LaId)).equals((Pl::Table, Pl::LaId)))
                    .add(Expr::col((S::Table, S::SettingId)).equals((Pl::Table, Pl::SettingId))),
            )
            .join(
                JoinType::InnerJoin,
                C::Table,
                Cond::all()
                    .add(Expr::col((C::Table, C::LaId)).equals((Pl::Table, Pl::LaId)))
                    .add(Expr::col((C::Table, C::ChildId)).equals((Pl::Table, Pl::ChildId))),
            )
            .and_where(Expr::col((Pl::Table, Pl::LaId)).eq(la_id))
            .and_where(Expr::col((Pl::Table, Pl::LeavingOn)).is_null())
            .and_where(Expr::col((Pl::Table, Pl::SettingId)).is_in(setting_ids.iter().copied()))
            .order_by((Ch::Table, Ch::Surname), Order::Asc)
            .order_by((Ch::Table, Ch::Forename), Order::Asc);
        self.fetch_all(&q).await
    }
}
