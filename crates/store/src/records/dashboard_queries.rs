//! Queries behind the council's EHC dashboard: the dates of every request, plan and review,
//! and a cheap fingerprint of the casework the dashboard is computed from, so a computed
//! dashboard can be kept until the casework changes. Each is one statement for both engines,
//! scoped to a council.
//!
//! Requests and the plans they led to are read apart and matched by the caller: SQLite has no
//! index on a plan's request to join by, and a join made it read every plan for every request
//! (minutes on a council of 20,000 plans; two plain reads take milliseconds).

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

/// The dates of one request for an assessment, and what came of it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RequestDates {
    pub request_id: i64,
    pub received_on: NaiveDate,
    /// SEN2 RequestOutcome: Y, N, A or W.
    pub outcome: String,
    pub outcome_on: Option<NaiveDate>,
    /// SEN2 AssessmentOutcome: Y or N.
    pub assessment_outcome: Option<String>,
    pub assessment_outcome_on: Option<NaiveDate>,
    pub week20_exception: bool,
}

/// The start of a plan made on a request held here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanStart {
    pub request_id: i64,
    pub start_on: NaiveDate,
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
    /// Every request of a council with its decisions, by id.
    pub async fn request_dates(&mut self, la_id: i64) -> Result<Vec<RequestDates>> {
        self.fetch_all(
            Query::select()
                .columns([
                    R::RequestId,
                    R::ReceivedOn,
                    R::Outcome,
                    R::OutcomeOn,
                    R::AssessmentOutcome,
                    R::AssessmentOutcomeOn,
                    R::Week20Exception,
                ])
                .from(R::Table)
                .and_where(Expr::col(R::LaId).eq(la_id))
                .order_by(R::RequestId, Order::Asc),
        )
        .await
    }

    /// The start of every plan of a council made on a request held here.
    pub async fn plan_starts(&mut self, la_id: i64) -> Result<Vec<PlanStart>> {
        self.fetch_all(
            Query::select()
                .columns([P::RequestId, P::StartOn])
                .from(P::Table)
                .and_where(Expr::col(P::LaId).eq(la_id))
                .and_where(Expr::col(P::RequestId).is_not_null()),
        )
        .await
    }

    /// Every review of a council's plans, in no particular order (in meeting order, SQLite
    /// would read the table through its index a row at a time: five times slower).
    pub async fn review_dates(&mut self, la_id: i64) -> Result<Vec<ReviewDates>> {
        self.fetch_all(
            Query::select()
                .columns([Ar::MeetingOn, Ar::DecisionOn])
                .from(Ar::Table)
                .and_where(Expr::col(Ar::LaId).eq(la_id)),
        )
        .await
    }

    /// Fresh planner statistics for the casework tables after a bulk load (PostgreSQL; SQLite
    /// plans these queries well without them). Until autovacuum gets to them, PostgreSQL plans
    /// the work tray as if `ehc_cases` were empty, which made it 50 times slower on a large
    /// council.
    pub async fn refresh_casework_statistics(&mut self) -> Result<()> {
        self.execute_raw(
            None,
            Some(
                "ANALYZE ehc_cases, child_needs, placements, annual_reviews, advice_requests, \
                 assessment_requests, ehc_plans",
            ),
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
