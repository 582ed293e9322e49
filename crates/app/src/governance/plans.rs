//! Keeping an action plan (governance.md, "Action plans and programme tracking"): set one up
//! for a forum or the council, add workstreams, actions with an owner and a due date, risks and
//! measures of impact, and record reviews. A review adds a rating with its commentary and never
//! changes an earlier one, so the plan's history is kept whole. Each use case checks
//! `ManageActionPlans`, reports every problem of its input at once, and is audited.

use chrono::{NaiveDate, Utc};
use domain::FieldError;
use domain::governance::plans::{Direction, MeasureKind, Subject, Target, check_review};
use domain::governance::{ActionStatus, in_term};
use store::schema::{ForumOfficers as Fo, ForumSeats as Fs};
use store::{
    ActionPlanRow, ForumOfficerRow, ForumRow, ForumSeatRow, PlanActionRow, PlanMeasureRow,
    PlanRatingRow, PlanRiskRow, PlanWorkstreamRow, Record, Store, Tx,
};

use super::{audited, optional, optional_date};
use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// What is typed to set up a plan.
#[derive(Debug, Clone, Default)]
pub struct NewPlan {
    pub title: String,
    /// A forum's id, or empty for the council's own plan.
    pub forum_id: String,
    pub purpose: String,
}

/// What is typed to add an action to a workstream.
#[derive(Debug, Clone, Default)]
pub struct NewPlanAction {
    pub workstream_id: String,
    pub description: String,
    /// `officer-ID` or `member-SEAT` for a forum's plan, `staff-ID` for the council's.
    pub owner: String,
    pub due_on: String,
}

/// What is typed to add a risk.
#[derive(Debug, Clone, Default)]
pub struct NewRisk {
    /// Empty for a risk to the whole plan.
    pub workstream_id: String,
    pub description: String,
    pub mitigation: String,
    pub owner: String,
}

/// What is typed to add a measure.
#[derive(Debug, Clone, Default)]
pub struct NewMeasure {
    pub workstream_id: String,
    pub kind: String,
    pub target: String,
    pub direction: String,
}

/// What is typed at a review of one workstream, action or risk.
#[derive(Debug, Clone, Default)]
pub struct NewReview {
    /// `workstream-ID`, `action-ID` or `risk-ID`.
    pub subject: String,
    pub rag: String,
    pub commentary: String,
    pub rated_on: String,
    /// For an action: where it stands after the review; empty to leave it.
    pub status: String,
}

/// Sets up a plan owned by a forum of the council, or by the council.
pub async fn create_plan(store: &Store, actor: &Actor, new: NewPlan) -> Result<i64> {
    policy::authorise(actor, Action::ManageActionPlans)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let mut problems = Vec::new();
    let title = required(&mut problems, "title", &new.title, "enter the plan's title");
    let forum_id = match new.forum_id.trim() {
        "" => None,
        text => {
            let forum: Option<ForumRow> = match text.parse::<i64>() {
                Ok(id) => tx.record(la_id, id).await?,
                Err(_) => None,
            };
            if forum.is_none() {
                problems.push(FieldError::new(
                    "forum_id",
                    "select the forum that owns the plan, or the council",
                ));
            }
            forum.map(|f| f.forum_id)
        }
    };
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let plan_id = tx.allocate_ids(la_id, "action_plans", 1).await?;
    save(
        tx,
        actor,
        ActionPlanRow {
            la_id,
            plan_id,
            title,
            forum_id,
            purpose: optional(&new.purpose),
            created_by: actor.audit_name(),
            created_at: Utc::now(),
        },
        "plan.create",
        "action_plan",
        plan_id,
        None,
    )
    .await
}

/// Adds a workstream to a plan.
pub async fn add_workstream(
    store: &Store,
    actor: &Actor,
    plan_id: i64,
    title: &str,
    lead: &str,
) -> Result<i64> {
    policy::authorise(actor, Action::ManageActionPlans)?;
    let mut problems = Vec::new();
    let title = required(
        &mut problems,
        "title",
        title,
        "enter the workstream's title",
    );
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    load_plan(&mut tx, la_id, plan_id).await?;
    let workstream_id = tx.allocate_ids(la_id, "plan_workstreams", 1).await?;
    let row = PlanWorkstreamRow {
        la_id,
        workstream_id,
        plan_id,
        title,
        lead: optional(lead),
    };
    let detail = Some(format!("plan {plan_id}"));
    save(
        tx,
        actor,
        row,
        "plan.add_workstream",
        "plan_workstream",
        workstream_id,
        detail,
    )
    .await
}

/// Adds an action with its owner and due date to one of the plan's workstreams.
pub async fn add_action(
    store: &Store,
    actor: &Actor,
    plan_id: i64,
    new: NewPlanAction,
    today: NaiveDate,
) -> Result<i64> {
    policy::authorise(actor, Action::ManageActionPlans)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let plan = load_plan(&mut tx, la_id, plan_id).await?;
    let mut problems = Vec::new();
    let workstream_id = workstream(&mut tx, &plan, &new.workstream_id, false, &mut problems)
        .await?
        .flatten();
    let description = required(
        &mut problems,
        "description",
        &new.description,
        "enter what is to be done",
    );
    let owners = owners(&mut tx, &plan, today).await?;
    let owner = owners.into_iter().find(|o| o.value == new.owner.trim());
    if owner.is_none() {
        problems.push(FieldError::new("owner", "select who owns the action"));
    }
    let due_on = match optional_date("due_on", &new.due_on) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            problems.push(FieldError::new(
                "due_on",
                "enter the date the action is due",
            ));
            None
        }
        Err(e) => {
            problems.push(e);
            None
        }
    };
    let (Some(workstream_id), Some(owner), Some(due_on), true) =
        (workstream_id, owner, due_on, problems.is_empty())
    else {
        return Err(AppError::Invalid(problems));
    };
    let plan_action_id = tx.allocate_ids(la_id, "plan_actions", 1).await?;
    save(
        tx,
        actor,
        PlanActionRow {
            la_id,
            plan_action_id,
            plan_id,
            workstream_id,
            description,
            owner_kind: owner.kind.into(),
            owner_id: owner.id,
            owner_name: owner.name,
            due_on,
            status: ActionStatus::Open.code().into(),
            created_at: Utc::now(),
        },
        "plan.add_action",
        "plan_action",
        plan_action_id,
        Some(format!("plan {plan_id}")),
    )
    .await
}

/// Adds a risk to a plan or one of its workstreams.
pub async fn add_risk(store: &Store, actor: &Actor, plan_id: i64, new: NewRisk) -> Result<i64> {
    policy::authorise(actor, Action::ManageActionPlans)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let plan = load_plan(&mut tx, la_id, plan_id).await?;
    let mut problems = Vec::new();
    let workstream_id = workstream(&mut tx, &plan, &new.workstream_id, true, &mut problems).await?;
    let description = required(
        &mut problems,
        "description",
        &new.description,
        "enter the risk: what might happen and what it would do",
    );
    let (Some(workstream_id), true) = (workstream_id, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let risk_id = tx.allocate_ids(la_id, "plan_risks", 1).await?;
    save(
        tx,
        actor,
        PlanRiskRow {
            la_id,
            risk_id,
            plan_id,
            workstream_id,
            description,
            mitigation: optional(&new.mitigation),
            owner: optional(&new.owner),
        },
        "plan.add_risk",
        "plan_risk",
        risk_id,
        Some(format!("plan {plan_id}")),
    )
    .await
}

/// Adds a measure of impact: a live figure with its target and the direction wanted.
pub async fn add_measure(
    store: &Store,
    actor: &Actor,
    plan_id: i64,
    new: NewMeasure,
) -> Result<i64> {
    policy::authorise(actor, Action::ManageActionPlans)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let plan = load_plan(&mut tx, la_id, plan_id).await?;
    let mut problems = Vec::new();
    let workstream_id = workstream(&mut tx, &plan, &new.workstream_id, true, &mut problems).await?;
    let kind = MeasureKind::parse(new.kind.trim())
        .map_err(|_| problems.push(FieldError::new("kind", "select the figure to follow")))
        .ok();
    let target = kind.and_then(|k| {
        Target::parse(k.unit(), &new.target)
            .map_err(|e| problems.push(e))
            .ok()
    });
    let direction = Direction::parse(new.direction.trim())
        .map_err(|_| {
            problems.push(FieldError::new(
                "direction",
                "select whether higher or lower is better",
            ));
        })
        .ok();
    let (Some(workstream_id), Some(kind), Some(target), Some(direction), true) =
        (workstream_id, kind, target, direction, problems.is_empty())
    else {
        return Err(AppError::Invalid(problems));
    };
    let measure_id = tx.allocate_ids(la_id, "plan_measures", 1).await?;
    save(
        tx,
        actor,
        PlanMeasureRow {
            la_id,
            measure_id,
            plan_id,
            workstream_id,
            kind: kind.code().into(),
            target: target.0,
            direction: direction.code().into(),
        },
        "plan.add_measure",
        "plan_measure",
        measure_id,
        Some(kind.code().into()),
    )
    .await
}

/// Records a review of a workstream, action or risk: a new rating with its commentary, dated
/// and by whom. Earlier ratings are kept as they were.
pub async fn record_review(
    store: &Store,
    actor: &Actor,
    plan_id: i64,
    new: NewReview,
    today: NaiveDate,
) -> Result<i64> {
    policy::authorise(actor, Action::ManageActionPlans)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    load_plan(&mut tx, la_id, plan_id).await?;
    let mut problems = Vec::new();
    let subject = subject(&mut tx, la_id, plan_id, &new.subject).await?;
    if subject.is_none() {
        problems.push(FieldError::new(
            "subject",
            "select the workstream, action or risk reviewed",
        ));
    }
    let rated_on = optional_date("rated_on", &new.rated_on)
        .map_err(|e| problems.push(e))
        .ok()
        .flatten();
    let status = match new.status.trim() {
        "" => None,
        code => ActionStatus::parse(code)
            .map_err(|_| problems.push(FieldError::new("status", "select where the action stands")))
            .ok(),
    };
    let checked = check_review(&new.rag, &new.commentary, rated_on, today)
        .map_err(|found| problems.extend(found))
        .ok();
    let (Some((kind, subject_id, action)), Some((rag, commentary, rated_on)), true) =
        (subject, checked, problems.is_empty())
    else {
        return Err(AppError::Invalid(problems));
    };
    // A status belongs to an action alone; for a workstream or risk it is not asked.
    let status = status.filter(|_| action.is_some());
    if let (Some(mut action), Some(status)) = (action, status) {
        action.status = status.code().into();
        tx.update_record(&action).await?;
    }
    let rating_id = tx.allocate_ids(la_id, "plan_ratings", 1).await?;
    save(
        tx,
        actor,
        PlanRatingRow {
            la_id,
            rating_id,
            plan_id,
            subject: kind.code().into(),
            subject_id,
            rag: rag.code().into(),
            commentary,
            status: status.map(|s| s.code().into()),
            rated_on,
            rated_by: actor.audit_name(),
            recorded_at: Utc::now(),
        },
        "plan.review",
        "plan_rating",
        rating_id,
        Some(format!("{} {subject_id}: {}", kind.code(), rag.code())),
    )
    .await
}

/// Someone who may own an action: for a forum's plan, one of its officers or a member holding
/// a seat; for the council's own plan, a member of the council's staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// What the form sends: `officer-ID`, `member-SEAT` or `staff-ID`.
    pub value: String,
    /// `officer`, `member` or `staff`.
    pub kind: &'static str,
    pub id: i64,
    pub name: String,
}

impl Owner {
    fn new(kind: &'static str, id: i64, name: String) -> Self {
        Self {
            value: format!("{kind}-{id}"),
            kind,
            id,
            name,
        }
    }
}

/// Who may own a plan's actions on `today`: a forum's officers and the members holding its
/// seats then, as for the forum's own actions; for the council's plan, its staff other than
/// school SENCOs (who work for their schools, not the council).
pub(crate) async fn owners(
    tx: &mut Tx,
    plan: &ActionPlanRow,
    today: NaiveDate,
) -> Result<Vec<Owner>> {
    let la_id = plan.la_id;
    let Some(forum_id) = plan.forum_id else {
        let sencos = tx
            .staff_with_role(la_id, domain::Role::Senco.code())
            .await?;
        return Ok(tx
            .staff_list(la_id)
            .await?
            .into_iter()
            .filter(|s| !sencos.contains(&s.staff_id))
            .map(|s| Owner::new("staff", s.staff_id, s.name))
            .collect());
    };
    let officers: Vec<ForumOfficerRow> =
        tx.records_where(la_id, &[(Fo::ForumId, forum_id)]).await?;
    let seats: Vec<ForumSeatRow> = tx.records_where(la_id, &[(Fs::ForumId, forum_id)]).await?;
    Ok(officers
        .into_iter()
        .map(|o| Owner::new("officer", o.officer_id, o.name))
        .chain(seats.into_iter().filter_map(|seat| {
            let name = seat
                .member_name
                .filter(|_| in_term(seat.term_starts_on, seat.term_ends_on, today))?;
            Some(Owner::new("member", seat.seat_id, name))
        }))
        .collect())
}

/// Saves one new row of a plan with its audit event, in the use case's transaction, and
/// answers the row's id.
async fn save<R: Record>(
    mut tx: Tx,
    actor: &Actor,
    row: R,
    event: &str,
    record_type: &str,
    id: i64,
    detail: Option<String>,
) -> Result<i64> {
    tx.insert_records(&[row]).await?;
    audited(&mut tx, actor, event, record_type, id, detail).await?;
    tx.commit().await?;
    Ok(id)
}

/// A plan of the council, or not found.
pub(crate) async fn load_plan(tx: &mut Tx, la_id: i64, plan_id: i64) -> Result<ActionPlanRow> {
    tx.record(la_id, plan_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("action plan {plan_id}")))
}

/// Trimmed text, or a problem on `field` when none was typed.
fn required(problems: &mut Vec<FieldError>, field: &'static str, text: &str, ask: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        problems.push(FieldError::new(field, ask));
    }
    text.to_string()
}

/// The workstream chosen, which must be the plan's: `Some(None)` for none when `optional`,
/// `None` after noting a problem.
async fn workstream(
    tx: &mut Tx,
    plan: &ActionPlanRow,
    chosen: &str,
    optional: bool,
    problems: &mut Vec<FieldError>,
) -> Result<Option<Option<i64>>> {
    let chosen = chosen.trim();
    if chosen.is_empty() && optional {
        return Ok(Some(None));
    }
    let found: Option<PlanWorkstreamRow> = match chosen.parse::<i64>() {
        Ok(id) => tx.record(plan.la_id, id).await?,
        Err(_) => None,
    };
    match found.filter(|w| w.plan_id == plan.plan_id) {
        Some(w) => Ok(Some(Some(w.workstream_id))),
        None => {
            problems.push(FieldError::new(
                "workstream_id",
                "select one of the plan's workstreams",
            ));
            Ok(None)
        }
    }
}

/// The subject of a review, which must be the plan's, with the action row when it is one.
async fn subject(
    tx: &mut Tx,
    la_id: i64,
    plan_id: i64,
    chosen: &str,
) -> Result<Option<(Subject, i64, Option<PlanActionRow>)>> {
    let Some((kind, id)) = chosen.trim().split_once('-') else {
        return Ok(None);
    };
    let (Ok(kind), Ok(id)) = (Subject::parse(kind), id.parse::<i64>()) else {
        return Ok(None);
    };
    let in_plan = match kind {
        Subject::Workstream => tx
            .record::<PlanWorkstreamRow>(la_id, id)
            .await?
            .is_some_and(|w| w.plan_id == plan_id),
        Subject::Risk => tx
            .record::<PlanRiskRow>(la_id, id)
            .await?
            .is_some_and(|r| r.plan_id == plan_id),
        Subject::Action => {
            let action = tx
                .record::<PlanActionRow>(la_id, id)
                .await?
                .filter(|a| a.plan_id == plan_id);
            return Ok(action.map(|a| (kind, id, Some(a))));
        }
    };
    Ok(in_plan.then_some((kind, id, None)))
}
