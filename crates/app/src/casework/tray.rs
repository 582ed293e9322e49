//! Work trays: a caseworker's cases by next deadline, and a manager's view of caseloads and
//! outstanding advice. Each is one indexed query: the next deadline of every case is kept up to
//! date as the case changes (see [`super::refresh_case`]), so nothing is worked out per read.

use chrono::{Days, NaiveDate};
use domain::clock::{DeadlineKind, DeadlineState, Stage};
use store::{AdviceOutstandingRow, CaseloadRow, TrayFilter, TrayRow};

use crate::Store;
use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// How many cases a tray page lists.
pub const PAGE_SIZE: u64 = 50;

/// Where the next deadline stands, for filtering a tray.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueFilter {
    Overdue,
    DueSoon,
    NotYetDue,
}

/// What a tray is asked for, as typed (all optional).
#[derive(Debug, Clone, Default)]
pub struct TrayQuery {
    /// Whose cases: `None` for one's own; a manager may ask for anyone's, or `Some(0)` for
    /// cases with no caseworker.
    pub caseworker_id: Option<i64>,
    /// Managers only: every officer's cases.
    pub everyone: bool,
    pub stage: Option<Stage>,
    pub due: Option<DueFilter>,
    pub setting_id: Option<i64>,
    /// SEN2 need code.
    pub need: Option<String>,
    /// Page number from 1.
    pub page: u64,
}

/// One case in a tray, with its next deadline's state on the day asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayCase {
    pub row: TrayRow,
    pub stage: Option<Stage>,
    pub next_kind: Option<DeadlineKind>,
    pub state: Option<DeadlineState>,
}

/// A page of a work tray, and how many cases the tray holds over all its pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tray {
    pub cases: Vec<TrayCase>,
    pub total: u64,
}

/// A work tray: the actor's own cases (or, for a manager, anyone's), sorted by next deadline.
pub async fn work_tray(
    store: &Store,
    actor: &Actor,
    query: &TrayQuery,
    today: NaiveDate,
) -> Result<Tray> {
    policy::authorise(actor, Action::ReadWorkTray)?;
    let own = actor.staff_id();
    let caseworker_id = match (query.everyone, query.caseworker_id) {
        (false, None) => own,
        (false, Some(id)) if Some(id) == own => own,
        (everyone, other) => {
            policy::authorise(actor, Action::ReadCaseload)?;
            if everyone { None } else { other }
        }
    };
    let soon = today + Days::new(14);
    let (due_from, due_to) = match query.due {
        None => (None, None),
        Some(DueFilter::Overdue) => (None, today.pred_opt()),
        Some(DueFilter::DueSoon) => (Some(today), Some(soon)),
        Some(DueFilter::NotYetDue) => (soon.succ_opt(), None),
    };
    let filter = TrayFilter {
        caseworker_id,
        stage: query.stage.map(|s| s.code().to_string()),
        due_from,
        due_to,
        owed_only: query.stage.is_none() || query.due.is_some(),
        setting_id: query.setting_id,
        need: query.need.clone(),
        unassigned: caseworker_id == Some(0),
        limit: PAGE_SIZE,
        offset: query.page.saturating_sub(1) * PAGE_SIZE,
    };
    let mut tx = store.begin_read().await?;
    // One statement gives the page and the count of the whole tray; only a page past the last
    // (an address kept from when the tray was longer) comes back empty and is counted apart.
    let page = tx.work_tray(actor.la_id(), &filter).await?;
    let total = match page.total {
        Some(total) => total,
        None if filter.offset == 0 => 0,
        None => tx.work_tray_count(actor.la_id(), &filter).await?,
    };
    let rows = page.rows;
    tx.commit().await?;
    let cases = rows
        .into_iter()
        .map(|row| {
            let state = row.next_due_on.map(|due| due_state(due, today));
            TrayCase {
                stage: row.stage.parse().ok(),
                next_kind: row.next_due_kind.as_deref().and_then(|k| k.parse().ok()),
                state,
                row,
            }
        })
        .collect();
    Ok(Tray { cases, total })
}

/// The state of an unmet deadline due on `due`, on `today` (as the clock counts it).
fn due_state(due: NaiveDate, today: NaiveDate) -> DeadlineState {
    if today > due {
        DeadlineState::Overdue
    } else if (due - today).num_days() <= domain::clock::deadline::DUE_SOON_DAYS {
        DeadlineState::DueSoon
    } else {
        DeadlineState::NotYetDue
    }
}

/// A manager's view: open cases per officer, and advice outstanding per service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseloadOverview {
    pub caseloads: Vec<CaseloadRow>,
    pub advice: Vec<AdviceOutstandingRow>,
}

pub async fn caseload_overview(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
) -> Result<CaseloadOverview> {
    policy::authorise(actor, Action::ReadCaseload)?;
    let six_weeks_ago = today
        .checked_sub_days(Days::new(42))
        .ok_or_else(|| AppError::Conflict("date out of range".into()))?;
    let mut tx = store.begin_read().await?;
    let caseloads = tx
        .caseloads(actor.la_id(), today, today + Days::new(14))
        .await?;
    let advice = tx.advice_outstanding(actor.la_id(), six_weeks_ago).await?;
    tx.commit().await?;
    Ok(CaseloadOverview { caseloads, advice })
}

/// Gives a case to a caseworker (managers), or takes an unassigned one (caseworkers).
pub async fn assign_case(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    caseworker_id: Option<i64>,
) -> Result<()> {
    let taking_own = caseworker_id.is_some() && caseworker_id == actor.staff_id();
    policy::authorise(
        actor,
        if taking_own {
            Action::WorkOnCase
        } else {
            Action::ReadCaseload
        },
    )?;
    let mut tx = store.begin().await?;
    if tx
        .assign_case(actor.la_id(), child_id, caseworker_id)
        .await?
        == 0
    {
        return Err(AppError::NotFound(format!("case of child {child_id}")));
    }
    crate::audit::record(
        &mut tx,
        actor,
        crate::audit::Audited {
            action: "case.assign",
            record_type: "case",
            record_id: Some(child_id.to_string()),
            child_id: Some(child_id),
            detail: caseworker_id.map(|id| format!("to staff {id}")),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
