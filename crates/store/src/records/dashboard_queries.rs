//! Queries behind the council's EHC dashboard: the dates of every review, and a cheap
//! fingerprint of the casework the dashboard is computed from, so a computed dashboard can be
//! kept until the casework changes. Each is one statement for both engines, scoped to a council.

use chrono::NaiveDate;
use sea_query::{Expr, ExprTrait, Order, Query, SelectStatement};

use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{
    AnnualReviews as Ar, AssessmentRequests as R, CaseworkOptions as Co, EhcPlans as P,
};

/// The dates of one review of a plan: the meeting, and the decision after it (if made).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct ReviewDates {
    pub meeting_on: NaiveDate,
    pub decision_on: Option<NaiveDate>,
}

/// What changes whenever the casework a dashboard reads changes.
///
/// `generation` moves on every casework write and every bulk refresh of the cases. Loading a
/// council afresh empties it (and so its generation) first; the highest request and plan ids
/// tell such a reload apart from the casework it replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, sqlx::FromRow)]
pub struct CaseworkFingerprint {
    pub generation: Option<i64>,
    pub last_request_id: Option<i64>,
    pub last_plan_id: Option<i64>,
}

impl Tx {
    /// Every review of a council's plans, by meeting date.
    pub async fn review_dates(&mut self, la_id: i64) -> Result<Vec<ReviewDates>> {
        self.fetch_all(
            Query::select()
                .columns([Ar::MeetingOn, Ar::DecisionOn])
                .from(Ar::Table)
                .and_where(Expr::col(Ar::LaId).eq(la_id))
                .order_by(Ar::MeetingOn, Order::Asc),
        )
        .await
    }

    /// The council's casework fingerprint: one statement of three key lookups.
    pub async fn casework_fingerprint(&mut self, la_id: i64) -> Result<CaseworkFingerprint> {
        let scalar = |select: SelectStatement| Expr::from(select);
        self.fetch_one(
            Query::select()
                .expr_as(
                    scalar(
                        Query::select()
                            .column(Co::Generation)
                            .from(Co::Table)
                            .and_where(Expr::col(Co::LaId).eq(la_id))
                            .take(),
                    ),
                    "generation",
                )
                .expr_as(
                    scalar(
                        Query::select()
                            .expr(Expr::col(R::RequestId).max())
                            .from(R::Table)
                            .and_where(Expr::col(R::LaId).eq(la_id))
                            .take(),
                    ),
                    "last_request_id",
                )
                .expr_as(
                    scalar(
                        Query::select()
                            .expr(Expr::col(P::PlanId).max())
                            .from(P::Table)
                            .and_where(Expr::col(P::LaId).eq(la_id))
                            .take(),
                    ),
                    "last_plan_id",
                ),
        )
        .await
    }
}
