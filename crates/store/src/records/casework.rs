//! EHC casework records: requests for assessment (SEN2 modules 2 and 3), plans (4a) and
//! placements (5b), and the caseload counts reports are built from.

use chrono::NaiveDate;
use sea_query::{Cond, Expr, ExprTrait, Func, NullOrdering, Order, Query, SelectStatement};

use crate::engine::Tx;
use crate::error::Result;
use crate::records::record::Record;
use crate::schema::{AssessmentRequests as R, ChildNeeds as N, EhcPlans as P, Placements as Pl};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RequestRow {
    pub la_id: i64,
    pub request_id: i64,
    pub child_id: i64,
    pub received_on: NaiveDate,
    /// Who asked: parent, young_person, school, professional, other.
    pub source: String,
    /// SEN2 RequestOutcome: Y decided to assess, N refused, A awaiting, W withdrawn.
    pub outcome: String,
    pub outcome_on: Option<NaiveDate>,
    /// SEN2 AssessmentOutcome: Y plan issued, N not issued.
    pub assessment_outcome: Option<String>,
    pub assessment_outcome_on: Option<NaiveDate>,
    /// SEN2 Week20: a permitted exception to the 20-week limit applied.
    pub week20_exception: bool,
    /// Why the council decided to assess or not, as sent to the family.
    pub decision_reasons: Option<String>,
    /// The day the draft plan was served on the parent or young person.
    pub draft_issued_on: Option<NaiveDate>,
    /// The day their comments on the draft were received.
    pub comments_received_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanRow {
    pub la_id: i64,
    pub plan_id: i64,
    pub child_id: i64,
    pub request_id: Option<i64>,
    pub start_on: NaiveDate,
    pub cease_on: Option<NaiveDate>,
    /// SEN2 CeaseReason 1..9.
    pub cease_reason: Option<String>,
    /// The day the parent or young person was told the plan will cease (reg 31).
    pub cease_notice_on: Option<NaiveDate>,
    /// The council (three-digit LA code) the plan was transferred from (reg 15).
    pub transferred_in_from: Option<String>,
    /// The council the plan was transferred to when the child moved away.
    pub transferred_out_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlacementRow {
    pub la_id: i64,
    pub placement_id: i64,
    pub child_id: i64,
    pub setting_id: Option<i64>,
    /// SEN2 SENsetting code when the placement has no URN or UKPRN.
    pub sen_setting: Option<String>,
    /// `domain::placement::PlacementCategory` column name.
    pub category: String,
    pub entry_on: NaiveDate,
    pub leaving_on: Option<NaiveDate>,
    pub sen_unit: bool,
    pub resourced_provision: bool,
}

/// A request with the start date of the plan it led to, for timeliness measures.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RequestTimeline {
    pub request_id: i64,
    pub received_on: NaiveDate,
    pub outcome: String,
    pub outcome_on: Option<NaiveDate>,
    pub assessment_outcome: Option<String>,
    pub assessment_outcome_on: Option<NaiveDate>,
    pub week20_exception: bool,
    pub plan_start_on: Option<NaiveDate>,
}

/// A count for one value of a grouping key.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KeyCount {
    pub key: Option<String>,
    pub n: i64,
}

#[derive(sqlx::FromRow)]
struct Count {
    n: i64,
}

const REQUEST_COLUMNS: [R; 13] = [
    R::LaId,
    R::RequestId,
    R::ChildId,
    R::ReceivedOn,
    R::Source,
    R::Outcome,
    R::OutcomeOn,
    R::AssessmentOutcome,
    R::AssessmentOutcomeOn,
    R::Week20Exception,
    R::DecisionReasons,
    R::DraftIssuedOn,
    R::CommentsReceivedOn,
];
const PLAN_COLUMNS: [P; 10] = [
    P::LaId,
    P::PlanId,
    P::ChildId,
    P::RequestId,
    P::StartOn,
    P::CeaseOn,
    P::CeaseReason,
    P::CeaseNoticeOn,
    P::TransferredInFrom,
    P::TransferredOutTo,
];
const PLACEMENT_COLUMNS: [Pl; 10] = [
    Pl::LaId,
    Pl::PlacementId,
    Pl::ChildId,
    Pl::SettingId,
    Pl::SenSetting,
    Pl::Category,
    Pl::EntryOn,
    Pl::LeavingOn,
    Pl::SenUnit,
    Pl::ResourcedProvision,
];

impl Record for RequestRow {
    type Col = R;
    const TABLE: R = R::Table;
    const COLUMNS: &'static [R] = &REQUEST_COLUMNS;
    const KEY: usize = 2;
    const CHILD: R = R::ChildId;
    const ORDER: R = R::ReceivedOn;
    fn values(&self) -> Vec<Expr> {
        vec![
            self.la_id.into(),
            self.request_id.into(),
            self.child_id.into(),
            self.received_on.into(),
            self.source.clone().into(),
            self.outcome.clone().into(),
            self.outcome_on.into(),
            self.assessment_outcome.clone().into(),
            self.assessment_outcome_on.into(),
            self.week20_exception.into(),
            self.decision_reasons.clone().into(),
            self.draft_issued_on.into(),
            self.comments_received_on.into(),
        ]
    }
}

impl Record for PlanRow {
    type Col = P;
    const TABLE: P = P::Table;
    const COLUMNS: &'static [P] = &PLAN_COLUMNS;
    const KEY: usize = 2;
    const CHILD: P = P::ChildId;
    const ORDER: P = P::StartOn;
    fn values(&self) -> Vec<Expr> {
        vec![
            self.la_id.into(),
            self.plan_id.into(),
            self.child_id.into(),
            self.request_id.into(),
            self.start_on.into(),
            self.cease_on.into(),
            self.cease_reason.clone().into(),
            self.cease_notice_on.into(),
            self.transferred_in_from.clone().into(),
            self.transferred_out_to.clone().into(),
        ]
    }
}

impl Record for PlacementRow {
    type Col = Pl;
    const TABLE: Pl = Pl::Table;
    const COLUMNS: &'static [Pl] = &PLACEMENT_COLUMNS;
    const KEY: usize = 2;
    const CHILD: Pl = Pl::ChildId;
    const ORDER: Pl = Pl::EntryOn;
    fn values(&self) -> Vec<Expr> {
        vec![
            self.la_id.into(),
            self.placement_id.into(),
            self.child_id.into(),
            self.setting_id.into(),
            self.sen_setting.clone().into(),
            self.category.clone().into(),
            self.entry_on.into(),
            self.leaving_on.into(),
            self.sen_unit.into(),
            self.resourced_provision.into(),
        ]
    }
}

/// Plans in force on `on`: started on or before it and not ceased by then.
fn plan_in_force(on: NaiveDate) -> Cond {
    Cond::all()
        .add(Expr::col((P::Table, P::StartOn)).lte(on))
        .add(
            Cond::any()
                .add(Expr::col((P::Table, P::CeaseOn)).is_null())
                .add(Expr::col((P::Table, P::CeaseOn)).gt(on)),
        )
}

impl Tx {
    pub async fn insert_requests(&mut self, rows: &[RequestRow]) -> Result<u64> {
        self.insert_records(rows).await
    }

    pub async fn insert_plans(&mut self, rows: &[PlanRow]) -> Result<u64> {
        self.insert_records(rows).await
    }

    pub async fn insert_placements(&mut self, rows: &[PlacementRow]) -> Result<u64> {
        self.insert_rows(
            Pl::Table,
            &PLACEMENT_COLUMNS,
            rows.iter().map(|r| {
                vec![
                    r.la_id.into(),
                    r.placement_id.into(),
                    r.child_id.into(),
                    r.setting_id.into(),
                    r.sen_setting.clone().into(),
                    r.category.clone().into(),
                    r.entry_on.into(),
                    r.leaving_on.into(),
                    r.sen_unit.into(),
                    r.resourced_provision.into(),
                ]
            }),
        )
        .await
    }

    pub async fn requests_for_child(
        &mut self,
        la_id: i64,
        child_id: i64,
    ) -> Result<Vec<RequestRow>> {
        self.fetch_all(
            Query::select()
                .columns(REQUEST_COLUMNS)
                .from(R::Table)
                .and_where(Expr::col(R::LaId).eq(la_id))
                .and_where(Expr::col(R::ChildId).eq(child_id))
                .order_by(R::ReceivedOn, Order::Asc),
        )
        .await
    }

    pub async fn plans_for_child(&mut self, la_id: i64, child_id: i64) -> Result<Vec<PlanRow>> {
        self.fetch_all(
            Query::select()
                .columns(PLAN_COLUMNS)
                .from(P::Table)
                .and_where(Expr::col(P::LaId).eq(la_id))
                .and_where(Expr::col(P::ChildId).eq(child_id))
                .order_by(P::StartOn, Order::Asc),
        )
        .await
    }

    pub async fn placements_for_child(
        &mut self,
        la_id: i64,
        child_id: i64,
    ) -> Result<Vec<PlacementRow>> {
        self.fetch_all(
            Query::select()
                .columns(PLACEMENT_COLUMNS)
                .from(Pl::Table)
                .and_where(Expr::col(Pl::LaId).eq(la_id))
                .and_where(Expr::col(Pl::ChildId).eq(child_id))
                .order_by(Pl::EntryOn, Order::Asc),
        )
        .await
    }

    /// A council's placements that have not ended, by child.
    pub async fn current_placements(&mut self, la_id: i64) -> Result<Vec<PlacementRow>> {
        self.fetch_all(
            Query::select()
                .columns(PLACEMENT_COLUMNS)
                .from(Pl::Table)
                .and_where(Expr::col(Pl::LaId).eq(la_id))
                .and_where(Expr::col(Pl::LeavingOn).is_null())
                .order_by(Pl::ChildId, Order::Asc)
                .order_by(Pl::PlacementId, Order::Asc),
        )
        .await
    }

    /// Every request of a council with the start of the plan it led to (if any).
    pub async fn request_timelines(&mut self, la_id: i64) -> Result<Vec<RequestTimeline>> {
        let mut q = Query::select();
        q.columns([
            (R::Table, R::RequestId),
            (R::Table, R::ReceivedOn),
            (R::Table, R::Outcome),
            (R::Table, R::OutcomeOn),
            (R::Table, R::AssessmentOutcome),
            (R::Table, R::AssessmentOutcomeOn),
            (R::Table, R::Week20Exception),
        ])
        .expr_as(Expr::col((P::Table, P::StartOn)), "plan_start_on")
        .from(R::Table)
        .left_join(
            P::Table,
            Cond::all()
                .add(Expr::col((P::Table, P::LaId)).equals((R::Table, R::LaId)))
                .add(Expr::col((P::Table, P::RequestId)).equals((R::Table, R::RequestId))),
        )
        .and_where(Expr::col((R::Table, R::LaId)).eq(la_id))
        .order_by((R::Table, R::RequestId), Order::Asc);
        self.fetch_all(&q).await
    }

    /// Plans that have ceased, with their date and SEN2 reason.
    pub async fn ceased_plans(&mut self, la_id: i64) -> Result<Vec<PlanRow>> {
        self.fetch_all(
            Query::select()
                .columns(PLAN_COLUMNS)
                .from(P::Table)
                .and_where(Expr::col(P::LaId).eq(la_id))
                .and_where(Expr::col(P::CeaseOn).is_not_null())
                .order_by(P::CeaseOn, Order::Asc),
        )
        .await
    }

    /// Plans in force on a date (the SEN2 caseload on its census date).
    pub async fn count_plans_in_force(&mut self, la_id: i64, on: NaiveDate) -> Result<i64> {
        let count: Count = self
            .fetch_one(
                Query::select()
                    .expr_as(Func::count(Expr::col((P::Table, P::PlanId))), "n")
                    .from(P::Table)
                    .and_where(Expr::col((P::Table, P::LaId)).eq(la_id))
                    .cond_where(plan_in_force(on)),
            )
            .await?;
        Ok(count.n)
    }

    /// Plans in force on a date by the child's primary need (key None: no need recorded).
    pub async fn plans_in_force_by_primary_need(
        &mut self,
        la_id: i64,
        on: NaiveDate,
    ) -> Result<Vec<KeyCount>> {
        let mut q = plans_in_force_select(la_id, on);
        q.left_join(
            N::Table,
            Cond::all()
                .add(Expr::col((N::Table, N::LaId)).equals((P::Table, P::LaId)))
                .add(Expr::col((N::Table, N::ChildId)).equals((P::Table, P::ChildId)))
                .add(Expr::col((N::Table, N::Rank)).eq(1)),
        )
        .expr_as(Expr::col((N::Table, N::SenType)), "key")
        .group_by_col((N::Table, N::SenType))
        .order_by_with_nulls((N::Table, N::SenType), Order::Asc, NullOrdering::First);
        self.fetch_all(&q).await
    }

    /// Plans in force on a date by the category of the child's placement on that date
    /// (key None: no placement recorded).
    pub async fn plans_in_force_by_placement(
        &mut self,
        la_id: i64,
        on: NaiveDate,
    ) -> Result<Vec<KeyCount>> {
        let mut q = plans_in_force_select(la_id, on);
        q.left_join(
            Pl::Table,
            Cond::all()
                .add(Expr::col((Pl::Table, Pl::LaId)).equals((P::Table, P::LaId)))
                .add(Expr::col((Pl::Table, Pl::ChildId)).equals((P::Table, P::ChildId)))
                .add(Expr::col((Pl::Table, Pl::EntryOn)).lte(on))
                .add(
                    Cond::any()
                        .add(Expr::col((Pl::Table, Pl::LeavingOn)).is_null())
                        .add(Expr::col((Pl::Table, Pl::LeavingOn)).gt(on)),
                ),
        )
        .expr_as(Expr::col((Pl::Table, Pl::Category)), "key")
        .group_by_col((Pl::Table, Pl::Category))
        .order_by_with_nulls((Pl::Table, Pl::Category), Order::Asc, NullOrdering::First);
        self.fetch_all(&q).await
    }

    /// The setting with the most children placed there now, for the demo's SENCO.
    pub async fn busiest_setting(&mut self, la_id: i64) -> Result<Option<i64>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            setting_id: Option<i64>,
            n: i64,
        }
        let rows: Vec<Row> = self
            .fetch_all(
                Query::select()
                    .column(Pl::SettingId)
                    .expr_as(Func::count(Expr::col(Pl::PlacementId)), "n")
                    .from(Pl::Table)
                    .and_where(Expr::col(Pl::LaId).eq(la_id))
                    .and_where(Expr::col(Pl::SettingId).is_not_null())
                    .and_where(Expr::col(Pl::LeavingOn).is_null())
                    .group_by_col(Pl::SettingId)
                    .order_by_expr(Func::count(Expr::col(Pl::PlacementId)).into(), Order::Desc)
                    .order_by(Pl::SettingId, Order::Asc)
                    .limit(1),
            )
            .await?;
        Ok(rows
            .into_iter()
            .next()
            .filter(|r| r.n > 0)
            .and_then(|r| r.setting_id))
    }

    pub async fn count_requests(&mut self, la_id: i64) -> Result<i64> {
        let count: Count = self
            .fetch_one(
                Query::select()
                    .expr_as(Func::count(Expr::col(R::RequestId)), "n")
                    .from(R::Table)
                    .and_where(Expr::col(R::LaId).eq(la_id)),
            )
            .await?;
        Ok(count.n)
    }
}

fn plans_in_force_select(la_id: i64, on: NaiveDate) -> SelectStatement {
    Query::select()
        .expr_as(Func::count(Expr::col((P::Table, P::PlanId))), "n")
        .from(P::Table)
        .and_where(Expr::col((P::Table, P::LaId)).eq(la_id))
        .cond_where(plan_in_force(on))
        .take()
}
