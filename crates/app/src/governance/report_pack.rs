//! A meeting's report pack ("RC to bring a data presentation to a future Schools Forum":
//! governance.md): the high needs position and forecast outturn from the budget, the EHC
//! measures from the casework, the forum's open actions (overdue first) and the RAG summary of
//! the action plans it follows, all read from live data when the pack is generated and stamped
//! with that moment. Nothing is stored: generating it again later shows the figures then.

use chrono::{DateTime, Utc};
use store::{ForumMeetingRow, ForumRow};

use super::actions::in_tracker_order;
use super::figures::{LiveFigures, live_figures};
use super::plan_view::{PlanView, plans_for_forum};
use super::{ActionView, action_views, audited, load_forum, load_meeting};
use crate::Store;
use crate::actor::Actor;
use crate::error::Result;
use crate::policy::{self, Action};

/// Everything a report pack shows, as it stood at `generated_at`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportPack {
    pub meeting: ForumMeetingRow,
    pub forum: ForumRow,
    pub generated_at: DateTime<Utc>,
    pub figures: LiveFigures,
    /// The forum's actions still open, overdue first.
    pub actions: Vec<ActionView>,
    /// The forum's own plans and the council's.
    pub plans: Vec<PlanView>,
}

/// Generates the pack for a meeting at `now`; the generation is audited.
pub async fn report_pack(
    store: &Store,
    actor: &Actor,
    meeting_id: i64,
    now: DateTime<Utc>,
) -> Result<ReportPack> {
    policy::authorise(actor, Action::ReadActionPlans)?;
    let la_id = actor.la_id();
    let today = now.date_naive();
    let figures = live_figures(store, la_id, actor.la.get(), today).await?;
    let mut tx = store.begin().await?;
    let meeting = load_meeting(&mut tx, la_id, meeting_id).await?;
    let forum = load_forum(&mut tx, la_id, meeting.forum_id).await?;
    let actions = tx.records_of_child(la_id, forum.forum_id).await?;
    let meetings: Vec<ForumMeetingRow> = tx.records_of_child(la_id, forum.forum_id).await?;
    let mut actions: Vec<ActionView> =
        action_views(actions, &meetings, std::slice::from_ref(&forum), today)
            .into_iter()
            .filter(|v| v.status.is_open())
            .collect();
    in_tracker_order(&mut actions, today);
    let plans = plans_for_forum(&mut tx, la_id, forum.forum_id, &figures, today).await?;
    audited(
        &mut tx,
        actor,
        "forum.report_pack",
        "forum_meeting",
        meeting_id,
        Some(now.to_rfc3339()),
    )
    .await?;
    tx.commit().await?;
    Ok(ReportPack {
        meeting,
        forum,
        generated_at: now,
        figures,
        actions,
        plans,
    })
}
