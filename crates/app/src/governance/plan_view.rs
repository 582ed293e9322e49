//! Reading action plans: the list with each plan's RAG summary, and one plan with its
//! workstreams, actions, risks and measures, each rating's history, and every measure's live
//! figure beside its target. The current rating is the latest review's
//! (`domain::governance::plans::current`); nothing is rated that no one has reviewed.

use chrono::NaiveDate;
use domain::governance::plans::{
    Direction, Figure, MeasureKind, RagCounts, Rating, Subject, Target, current,
};
use domain::governance::{ActionDue, ActionStatus, Rag};
use store::{
    ActionPlanRow, ForumRow, PlanActionRow, PlanMeasureRow, PlanRatingRow, PlanRiskRow,
    PlanWorkstreamRow, Store, Tx,
};

use super::figures::{LiveFigures, live_figures};
use super::plans::{Owner, load_plan, owners};
use crate::actor::Actor;
use crate::error::Result;
use crate::policy::{self, Action};

/// A workstream, action or risk's reviews, oldest first, and the current one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reviews {
    pub history: Vec<PlanRatingRow>,
    pub current: Option<Rating>,
}

impl Reviews {
    fn of(ratings: &[PlanRatingRow], subject: Subject, id: i64) -> Self {
        let mut history: Vec<PlanRatingRow> = ratings
            .iter()
            .filter(|r| r.subject == subject.code() && r.subject_id == id)
            .cloned()
            .collect();
        history.sort_by_key(|r| (r.rated_on, r.rating_id));
        let rated: Vec<Rating> = history
            .iter()
            .filter_map(|r| {
                Some(Rating {
                    id: r.rating_id,
                    rag: Rag::parse(&r.rag).ok()?,
                    rated_on: r.rated_on,
                    commentary: r.commentary.clone(),
                    by: r.rated_by.clone(),
                })
            })
            .collect();
        let current = current(&rated).cloned();
        Self { history, current }
    }

    /// The current rating's colour.
    #[must_use]
    pub fn rag(&self) -> Option<Rag> {
        self.current.as_ref().map(|r| r.rag)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanActionView {
    pub row: PlanActionRow,
    pub status: ActionStatus,
    pub overdue: bool,
    pub reviews: Reviews,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkstreamView {
    pub row: PlanWorkstreamRow,
    pub reviews: Reviews,
    pub actions: Vec<PlanActionView>,
    /// The actions' current ratings counted.
    pub actions_rated: RagCounts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskView {
    pub row: PlanRiskRow,
    pub reviews: Reviews,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeasureView {
    pub row: PlanMeasureRow,
    pub kind: MeasureKind,
    pub direction: Direction,
    pub target: Target,
    pub figure: Figure,
    pub period: String,
    /// Whether the figure meets the target; `None` with no cases yet.
    pub meets: Option<bool>,
}

/// A plan as its page and the report pack show it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanView {
    pub plan: ActionPlanRow,
    /// The forum's name, or "The council".
    pub owned_by: String,
    pub workstreams: Vec<WorkstreamView>,
    pub risks: Vec<RiskView>,
    pub measures: Vec<MeasureView>,
    /// Who may own a new action (for those who may keep the plan).
    pub owners: Vec<Owner>,
    pub may_manage: bool,
}

/// A plan in the list: who owns it and its workstreams' current ratings counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSummary {
    pub plan: ActionPlanRow,
    pub owned_by: String,
    pub workstreams: RagCounts,
}

/// Every action plan of the council, oldest first.
pub async fn list_plans(store: &Store, actor: &Actor) -> Result<Vec<PlanSummary>> {
    policy::authorise(actor, Action::ReadActionPlans)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let plans: Vec<ActionPlanRow> = tx.records_of_council(la_id).await?;
    let forums: Vec<ForumRow> = tx.records_of_council(la_id).await?;
    let workstreams: Vec<PlanWorkstreamRow> = tx.records_of_council(la_id).await?;
    let ratings: Vec<PlanRatingRow> = tx.records_of_council(la_id).await?;
    tx.commit().await?;
    Ok(plans
        .into_iter()
        .map(|plan| PlanSummary {
            owned_by: owned_by(&plan, &forums),
            workstreams: RagCounts::of(
                workstreams
                    .iter()
                    .filter(|w| w.plan_id == plan.plan_id)
                    .map(|w| Reviews::of(&ratings, Subject::Workstream, w.workstream_id).rag()),
            ),
            plan,
        })
        .collect())
}

/// One plan with its live measures, as they stand on `today`.
pub async fn plan(
    store: &Store,
    actor: &Actor,
    plan_id: i64,
    today: NaiveDate,
) -> Result<PlanView> {
    policy::authorise(actor, Action::ReadActionPlans)?;
    let la_id = actor.la_id();
    let figures = live_figures(store, la_id, actor.la.get(), today).await?;
    let mut tx = store.begin_read().await?;
    let plan = load_plan(&mut tx, la_id, plan_id).await?;
    let may_manage = policy::permits(actor, Action::ManageActionPlans);
    let owners = if may_manage {
        owners(&mut tx, &plan, today).await?
    } else {
        Vec::new()
    };
    let view = plan_in(&mut tx, plan, &figures, today, owners, may_manage).await?;
    tx.commit().await?;
    Ok(view)
}

/// Every plan owned by forum `forum_id` or by the council, read as `plan` reads one: what a
/// report pack to that forum shows. The caller has authorised the reader.
pub(crate) async fn plans_for_forum(
    tx: &mut Tx,
    la_id: i64,
    forum_id: i64,
    figures: &LiveFigures,
    today: NaiveDate,
) -> Result<Vec<PlanView>> {
    let plans: Vec<ActionPlanRow> = tx.records_of_council(la_id).await?;
    let mut views = Vec::new();
    for plan in plans
        .into_iter()
        .filter(|p| p.forum_id.is_none_or(|f| f == forum_id))
    {
        views.push(plan_in(tx, plan, figures, today, Vec::new(), false).await?);
    }
    Ok(views)
}

async fn plan_in(
    tx: &mut Tx,
    plan: ActionPlanRow,
    figures: &LiveFigures,
    today: NaiveDate,
    owners: Vec<Owner>,
    may_manage: bool,
) -> Result<PlanView> {
    let (la_id, plan_id) = (plan.la_id, plan.plan_id);
    let forums: Vec<ForumRow> = match plan.forum_id {
        Some(id) => tx.record(la_id, id).await?.into_iter().collect(),
        None => Vec::new(),
    };
    let workstreams: Vec<PlanWorkstreamRow> = tx.records_of_child(la_id, plan_id).await?;
    let actions: Vec<PlanActionRow> = tx.records_of_child(la_id, plan_id).await?;
    let risks: Vec<PlanRiskRow> = tx.records_of_child(la_id, plan_id).await?;
    let measures: Vec<PlanMeasureRow> = tx.records_of_child(la_id, plan_id).await?;
    let ratings: Vec<PlanRatingRow> = tx.records_of_child(la_id, plan_id).await?;
    let workstreams = workstreams
        .into_iter()
        .map(|row| {
            let actions: Vec<PlanActionView> = actions
                .iter()
                .filter(|a| a.workstream_id == row.workstream_id)
                .map(|a| {
                    let status = ActionStatus::parse(&a.status).unwrap_or(ActionStatus::Open);
                    PlanActionView {
                        overdue: ActionDue {
                            status,
                            due_on: Some(a.due_on),
                            due_meeting_on: None,
                        }
                        .is_overdue(today),
                        status,
                        reviews: Reviews::of(&ratings, Subject::Action, a.plan_action_id),
                        row: a.clone(),
                    }
                })
                .collect();
            WorkstreamView {
                reviews: Reviews::of(&ratings, Subject::Workstream, row.workstream_id),
                actions_rated: RagCounts::of(actions.iter().map(|a| a.reviews.rag())),
                actions,
                row,
            }
        })
        .collect();
    let risks = risks
        .into_iter()
        .map(|row| RiskView {
            reviews: Reviews::of(&ratings, Subject::Risk, row.risk_id),
            row,
        })
        .collect();
    let measures = measures
        .into_iter()
        .filter_map(|row| {
            // A measure of a kind this version does not know is left out rather than guessed.
            let kind = MeasureKind::parse(&row.kind).ok()?;
            let direction = Direction::parse(&row.direction).ok()?;
            let target = Target(row.target);
            let figure = figures.figure(kind);
            Some(MeasureView {
                meets: figure.meets(target, direction),
                period: figures.period(kind),
                figure,
                kind,
                direction,
                target,
                row,
            })
        })
        .collect();
    Ok(PlanView {
        owned_by: owned_by(&plan, &forums),
        plan,
        workstreams,
        risks,
        measures,
        owners,
        may_manage,
    })
}

fn owned_by(plan: &ActionPlanRow, forums: &[ForumRow]) -> String {
    plan.forum_id
        .and_then(|id| forums.iter().find(|f| f.forum_id == id))
        .map_or_else(|| "The council".to_string(), |f| f.name.clone())
}
