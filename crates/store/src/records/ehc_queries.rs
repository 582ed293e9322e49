//! Queries over EHC cases as a whole: casework options, the work tray, caseloads and
//! outstanding advice. Each is one statement for both engines, scoped to a council.

use chrono::NaiveDate;
use sea_query::{Cond, Expr, ExprTrait, Func, JoinType, NullOrdering, OnConflict, Order, Query};

use crate::engine::Tx;
use crate::error::Result;
use crate::records::case_events::PanelItemRow;
use crate::records::record::Record;
use crate::schema::{
    AdviceRequests as Ad, CaseworkOptions as Co, ChildNeeds as N, Children as Ch, EhcCases as C,
    PanelItems as Pi, PanelMembers as Pmb, Placements as Pl, Settings as S, Staff as St,
};

/// What a work tray lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrayFilter {
    /// One caseworker's cases; `None` for everyone's.
    pub caseworker_id: Option<i64>,
    /// Only cases at this stage (its code).
    pub stage: Option<String>,
    /// Only cases whose next deadline is on or after this day.
    pub due_from: Option<NaiveDate>,
    /// Only cases whose next deadline is on or before this day.
    pub due_to: Option<NaiveDate>,
    /// Only cases with something owed (leaves out closed cases and those with no deadline).
    pub owed_only: bool,
    /// Only children placed at this setting now.
    pub setting_id: Option<i64>,
    /// Only children with this primary need (SEN2 code).
    pub need: Option<String>,
    /// Only cases with no caseworker (overrides `caseworker_id`).
    pub unassigned: bool,
    pub limit: u64,
    pub offset: u64,
}

/// One line of a work tray.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TrayRow {
    pub child_id: i64,
    pub forename: String,
    pub surname: String,
    pub birth_date: NaiveDate,
    pub stage: String,
    pub next_due_on: Option<NaiveDate>,
    pub next_due_kind: Option<String>,
    pub caseworker_id: Option<i64>,
    pub caseworker: Option<String>,
    pub setting: Option<String>,
    pub primary_need: Option<String>,
}

/// A page of a work tray with how many cases its filter picks over all pages, read in one
/// statement so the two agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayPage {
    pub rows: Vec<TrayRow>,
    /// `None` when the page is empty: the count comes with each row.
    pub total: Option<u64>,
}

/// A tray row as read, with the count of the whole tray beside it.
#[derive(sqlx::FromRow)]
struct CountedTrayRow {
    #[sqlx(flatten)]
    row: TrayRow,
    total: i64,
}

/// One officer's caseload.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseloadRow {
    pub caseworker_id: Option<i64>,
    pub caseworker: Option<String>,
    /// Cases not closed.
    pub open: i64,
    /// Of those, with the next deadline passed.
    pub overdue: i64,
    /// Of those, with the next deadline within the due-soon window.
    pub due_soon: i64,
}

/// Advice outstanding from one service.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AdviceOutstandingRow {
    pub service: String,
    pub outstanding: i64,
    /// Of those, past the 6 weeks (requested before the cut-off day given).
    pub overdue: i64,
}

impl Tx {
    pub async fn under_five_review_months(&mut self, la_id: i64) -> Result<Option<u32>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            under_five_review_months: Option<i64>,
        }
        let row: Option<Row> = self
            .fetch_optional(
                Query::select()
                    .column(Co::UnderFiveReviewMonths)
                    .from(Co::Table)
                    .and_where(Expr::col(Co::LaId).eq(la_id)),
            )
            .await?;
        Ok(row
            .and_then(|r| r.under_five_review_months)
            .and_then(|m| u32::try_from(m).ok()))
    }

    pub async fn set_under_five_review_months(
        &mut self,
        la_id: i64,
        months: Option<u32>,
    ) -> Result<()> {
        let months = months.map(i64::from);
        self.execute(
            Query::insert()
                .into_table(Co::Table)
                .columns([Co::LaId, Co::UnderFiveReviewMonths])
                .values_panic([la_id.into(), months.into()])
                .on_conflict(
                    OnConflict::column(Co::LaId)
                        .update_column(Co::UnderFiveReviewMonths)
                        .to_owned(),
                ),
        )
        .await?;
        Ok(())
    }

    /// Every child's date of birth, for whole-council clock runs.
    pub async fn child_birth_dates(&mut self, la_id: i64) -> Result<Vec<(i64, NaiveDate)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            child_id: i64,
            birth_date: NaiveDate,
        }
        let rows: Vec<Row> = self
            .fetch_all(
                Query::select()
                    .columns([Ch::ChildId, Ch::BirthDate])
                    .from(Ch::Table)
                    .and_where(Expr::col(Ch::LaId).eq(la_id)),
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.child_id, r.birth_date))
            .collect())
    }

    /// Removes every case row of a council, before they are rebuilt from the events.
    pub async fn delete_cases(&mut self, la_id: i64) -> Result<u64> {
        self.execute(
            Query::delete()
                .from_table(C::Table)
                .and_where(Expr::col(C::LaId).eq(la_id)),
        )
        .await
    }

    /// Gives a case to a caseworker (or to no one).
    pub async fn assign_case(
        &mut self,
        la_id: i64,
        child_id: i64,
        caseworker_id: Option<i64>,
    ) -> Result<u64> {
        self.execute(
            Query::update()
                .table(C::Table)
                .value(C::CaseworkerId, caseworker_id)
                .and_where(Expr::col(C::LaId).eq(la_id))
                .and_where(Expr::col(C::ChildId).eq(child_id)),
        )
        .await
    }

    /// A page of a work tray: cases by next deadline, earliest first, cases owing nothing last,
    /// and how many cases the tray holds over all its pages.
    pub async fn work_tray(&mut self, la_id: i64, filter: &TrayFilter) -> Result<TrayPage> {
        // The page of cases is chosen first, from `ehc_cases` alone (joined only to what a
        // filter needs), in the order of the `cases_*_due_child` indexes; the names, setting and
        // need are then looked up for those 50 cases only, not for every case skipped over.
        // The count is a subquery of its own, worked out once for the statement, not per row:
        // one statement instead of two is one hand-off fewer to SQLite's connection thread (and
        // one round trip fewer to PostgreSQL) on every tray with more than one page.
        let mut page = tray_cases(la_id, filter);
        page.columns([
            (C::Table, C::LaId),
            (C::Table, C::ChildId),
            (C::Table, C::Stage),
            (C::Table, C::NextDueOn),
            (C::Table, C::NextDueKind),
            (C::Table, C::CaseworkerId),
        ]);
        tray_order(
            &mut page,
            (C::Table, C::NextDueOn),
            (C::Table, C::ChildId),
            filter.owed_only,
        );
        page.limit(Ord::max(filter.limit, 1)).offset(filter.offset);

        let c = sea_query::Alias::new("page");
        let mut q = Query::select();
        q.columns([
            (c.clone(), C::ChildId),
            (c.clone(), C::Stage),
            (c.clone(), C::NextDueOn),
            (c.clone(), C::NextDueKind),
            (c.clone(), C::CaseworkerId),
        ])
        .columns([
            (Ch::Table, Ch::Forename),
            (Ch::Table, Ch::Surname),
            (Ch::Table, Ch::BirthDate),
        ])
        .expr_as(Expr::col((St::Table, St::Name)), "caseworker")
        .expr_as(Expr::col((S::Table, S::Name)), "setting")
        .expr_as(Expr::col((N::Table, N::SenType)), "primary_need")
        .expr_as(Expr::from(tray_count(la_id, filter)), "total")
        .from_subquery(page, c.clone())
        .inner_join(
            Ch::Table,
            Cond::all()
                .add(Expr::col((Ch::Table, Ch::LaId)).equals((c.clone(), C::LaId)))
                .add(Expr::col((Ch::Table, Ch::ChildId)).equals((c.clone(), C::ChildId))),
        )
        .join(
            JoinType::LeftJoin,
            St::Table,
            Cond::all()
                .add(Expr::col((St::Table, St::LaId)).equals((c.clone(), C::LaId)))
                .add(Expr::col((St::Table, St::StaffId)).equals((c.clone(), C::CaseworkerId))),
        )
        .join(
            JoinType::LeftJoin,
            N::Table,
            Cond::all()
                .add(Expr::col((N::Table, N::LaId)).equals((c.clone(), C::LaId)))
                .add(Expr::col((N::Table, N::ChildId)).equals((c.clone(), C::ChildId)))
                .add(Expr::col((N::Table, N::Rank)).eq(1)),
        )
        // The current placement: the one without a leaving date. A child has at most one.
        .join(
            JoinType::LeftJoin,
            Pl::Table,
            Cond::all()
                .add(Expr::col((Pl::Table, Pl::LaId)).equals((c.clone(), C::LaId)))
                .add(Expr::col((Pl::Table, Pl::ChildId)).equals((c.clone(), C::ChildId)))
                .add(Expr::col((Pl::Table, Pl::LeavingOn)).is_null()),
        )
        .join(
            JoinType::LeftJoin,
            S::Table,
            Cond::all()
                .add(Expr::col((S::Table, S::LaId)).equals((Pl::Table, Pl::LaId)))
                .add(Expr::col((S::Table, S::SettingId)).equals((Pl::Table, Pl::SettingId))),
        );
        tray_order(
            &mut q,
            (c.clone(), C::NextDueOn),
            (c, C::ChildId),
            filter.owed_only,
        );
        let rows: Vec<CountedTrayRow> = self.fetch_all(&q).await?;
        let total = rows.first().map(|r| u64::try_from(r.total).unwrap_or(0));
        Ok(TrayPage {
            rows: rows.into_iter().map(|r| r.row).collect(),
            total,
        })
    }

    /// How many cases a tray filter picks, over all its pages.
    pub async fn work_tray_count(&mut self, la_id: i64, filter: &TrayFilter) -> Result<u64> {
        #[derive(sqlx::FromRow)]
        struct Count {
            n: i64,
        }
        let count: Count = self.fetch_one(&tray_count(la_id, filter)).await?;
        Ok(u64::try_from(count.n).unwrap_or(0))
    }

    /// Open cases by caseworker, with how many are overdue or due soon on `today`.
    pub async fn caseloads(
        &mut self,
        la_id: i64,
        today: NaiveDate,
        due_soon_until: NaiveDate,
    ) -> Result<Vec<CaseloadRow>> {
        let overdue = Expr::case(Expr::col((C::Table, C::NextDueOn)).lt(today), 1).finally(0);
        let soon = Expr::case(
            Expr::col((C::Table, C::NextDueOn))
                .gte(today)
                .and(Expr::col((C::Table, C::NextDueOn)).lte(due_soon_until)),
            1,
        )
        .finally(0);
        let mut q = Query::select();
        q.column((C::Table, C::CaseworkerId))
            .expr_as(Expr::col((St::Table, St::Name)).max(), "caseworker")
            .expr_as(Func::count(Expr::col((C::Table, C::ChildId))), "open")
            .expr_as(Func::sum(overdue), "overdue")
            .expr_as(Func::sum(soon), "due_soon")
            .from(C::Table)
            .join(
                JoinType::LeftJoin,
                St::Table,
                Cond::all()
                    .add(Expr::col((St::Table, St::LaId)).equals((C::Table, C::LaId)))
                    .add(Expr::col((St::Table, St::StaffId)).equals((C::Table, C::CaseworkerId))),
            )
            .and_where(Expr::col((C::Table, C::LaId)).eq(la_id))
            .and_where(Expr::col((C::Table, C::Stage)).ne("closed"))
            .group_by_col((C::Table, C::CaseworkerId))
            .order_by_with_nulls((C::Table, C::CaseworkerId), Order::Asc, NullOrdering::Last);
        self.fetch_all(&q).await
    }

    /// Advice requested and not yet received, by service; `overdue` counts requests made
    /// before `overdue_if_requested_before` (six weeks before today).
    pub async fn advice_outstanding(
        &mut self,
        la_id: i64,
        overdue_if_requested_before: NaiveDate,
    ) -> Result<Vec<AdviceOutstandingRow>> {
        let overdue = Expr::case(
            Expr::col(Ad::RequestedOn).lt(overdue_if_requested_before),
            1,
        )
        .finally(0);
        self.fetch_all(
            Query::select()
                .column(Ad::Service)
                .expr_as(Func::count(Expr::col(Ad::AdviceId)), "outstanding")
                .expr_as(Func::sum(overdue), "overdue")
                .from(Ad::Table)
                .and_where(Expr::col(Ad::LaId).eq(la_id))
                .and_where(Expr::col(Ad::ReceivedOn).is_null())
                .group_by_col(Ad::Service)
                .order_by(Ad::Service, Order::Asc),
        )
        .await
    }

    pub async fn add_panel_member(
        &mut self,
        la_id: i64,
        meeting_id: i64,
        staff_id: i64,
    ) -> Result<()> {
        self.execute(
            Query::insert()
                .into_table(Pmb::Table)
                .columns([Pmb::LaId, Pmb::MeetingId, Pmb::StaffId])
                .values_panic([la_id.into(), meeting_id.into(), staff_id.into()]),
        )
        .await?;
        Ok(())
    }

    /// The members of a panel meeting, with their names.
    pub async fn panel_members(
        &mut self,
        la_id: i64,
        meeting_id: i64,
    ) -> Result<Vec<(i64, String)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            staff_id: i64,
            name: String,
        }
        let rows: Vec<Row> = self
            .fetch_all(
                Query::select()
                    .column((Pmb::Table, Pmb::StaffId))
                    .column((St::Table, St::Name))
                    .from(Pmb::Table)
                    .inner_join(
                        St::Table,
                        Cond::all()
                            .add(Expr::col((St::Table, St::LaId)).equals((Pmb::Table, Pmb::LaId)))
                            .add(
                                Expr::col((St::Table, St::StaffId))
                                    .equals((Pmb::Table, Pmb::StaffId)),
                            ),
                    )
                    .and_where(Expr::col((Pmb::Table, Pmb::LaId)).eq(la_id))
                    .and_where(Expr::col((Pmb::Table, Pmb::MeetingId)).eq(meeting_id))
                    .order_by((St::Table, St::Name), Order::Asc),
            )
            .await?;
        Ok(rows.into_iter().map(|r| (r.staff_id, r.name)).collect())
    }

    /// The cases listed at a panel meeting, in the order listed.
    pub async fn panel_items(&mut self, la_id: i64, meeting_id: i64) -> Result<Vec<PanelItemRow>> {
        self.fetch_all(
            Query::select()
                .columns(PanelItemRow::COLUMNS.iter().copied())
                .from(Pi::Table)
                .and_where(Expr::col(Pi::LaId).eq(la_id))
                .and_where(Expr::col(Pi::MeetingId).eq(meeting_id))
                .order_by(Pi::ItemId, Order::Asc),
        )
        .await
    }

    /// The council's casework generation: it changes whenever any case changes.
    pub async fn casework_generation(&mut self, la_id: i64) -> Result<i64> {
        #[derive(sqlx::FromRow)]
        struct Row {
            generation: i64,
        }
        let row: Option<Row> = self
            .fetch_optional(
                Query::select()
                    .column(Co::Generation)
                    .from(Co::Table)
                    .and_where(Expr::col(Co::LaId).eq(la_id)),
            )
            .await?;
        Ok(row.map_or(0, |r| r.generation))
    }

    /// Marks the council's casework as changed.
    pub async fn bump_casework_generation(&mut self, la_id: i64) -> Result<()> {
        self.execute(
            Query::insert()
                .into_table(Co::Table)
                .columns([Co::LaId, Co::Generation])
                .values_panic([la_id.into(), 1i64.into()])
                .on_conflict(
                    OnConflict::column(Co::LaId)
                        .value(
                            Co::Generation,
                            Expr::col((Co::Table, Co::Generation)).add(1),
                        )
                        .to_owned(),
                ),
        )
        .await?;
        Ok(())
    }
}

/// Soonest deadline first, then by child. When every listed case has a deadline the plain
/// ascending order is the index's own; "nulls last" (cases with nothing owed, listed when a
/// stage is asked for) makes SQLite sort, so it is asked for only when nulls can appear.
fn tray_order<D, I>(q: &mut sea_query::SelectStatement, due: D, child: I, owed_only: bool)
where
    D: sea_query::IntoColumnRef,
    I: sea_query::IntoColumnRef,
{
    if owed_only {
        q.order_by(due, Order::Asc);
    } else {
        q.order_by_with_nulls(due, Order::Asc, NullOrdering::Last);
    }
    q.order_by(child, Order::Asc);
}

/// How many cases a tray filter picks, as a statement of one row and one column, `n`.
fn tray_count(la_id: i64, filter: &TrayFilter) -> sea_query::SelectStatement {
    let mut q = tray_cases(la_id, filter);
    q.expr_as(Func::count(Expr::col((C::Table, C::ChildId))), "n");
    q
}

/// The cases a tray filter picks, with the joins only its filters need, and no columns yet:
/// a page of them, or their count.
fn tray_cases(la_id: i64, filter: &TrayFilter) -> sea_query::SelectStatement {
    let mut page = Query::select();
    page.from(C::Table)
        .and_where(Expr::col((C::Table, C::LaId)).eq(la_id));
    if filter.unassigned {
        page.and_where(Expr::col((C::Table, C::CaseworkerId)).is_null());
    } else if let Some(id) = filter.caseworker_id {
        page.and_where(Expr::col((C::Table, C::CaseworkerId)).eq(id));
    }
    if let Some(stage) = &filter.stage {
        page.and_where(Expr::col((C::Table, C::Stage)).eq(stage.as_str()));
    }
    if let Some(from) = filter.due_from {
        page.and_where(Expr::col((C::Table, C::NextDueOn)).gte(from));
    }
    if let Some(to) = filter.due_to {
        page.and_where(Expr::col((C::Table, C::NextDueOn)).lte(to));
    }
    if filter.owed_only {
        page.and_where(Expr::col((C::Table, C::NextDueOn)).is_not_null())
            .and_where(Expr::col((C::Table, C::Stage)).ne("closed"));
    }
    if let Some(setting) = filter.setting_id {
        page.inner_join(
            Pl::Table,
            Cond::all()
                .add(Expr::col((Pl::Table, Pl::LaId)).equals((C::Table, C::LaId)))
                .add(Expr::col((Pl::Table, Pl::ChildId)).equals((C::Table, C::ChildId)))
                .add(Expr::col((Pl::Table, Pl::LeavingOn)).is_null())
                .add(Expr::col((Pl::Table, Pl::SettingId)).eq(setting)),
        );
    }
    if let Some(need) = &filter.need {
        page.inner_join(
            N::Table,
            Cond::all()
                .add(Expr::col((N::Table, N::LaId)).equals((C::Table, C::LaId)))
                .add(Expr::col((N::Table, N::ChildId)).equals((C::Table, C::ChildId)))
                .add(Expr::col((N::Table, N::Rank)).eq(1))
                .add(Expr::col((N::Table, N::SenType)).eq(need.as_str())),
        );
    }
    page
}
