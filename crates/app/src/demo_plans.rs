//! The demo council's SEND improvement and DSG deficit management plan, owned by its Schools
//! Forum: three workstreams with actions owned by the forum's officers and members, two
//! reviews a term apart (so each rating has a history), risks with their own ratings, and
//! measures following the 20-week rate, the refusal rate and the high needs in-year position.
//! Written in the seeding transaction, after the forum.

use chrono::{Days, NaiveDate, Utc};
use domain::governance::ActionStatus;
use domain::governance::plans::{Direction, MeasureKind, Subject};
use store::schema::{ForumOfficers as Fo, ForumSeats as Fs};
use store::{
    ActionPlanRow, ForumOfficerRow, ForumRow, ForumSeatRow, PlanActionRow, PlanMeasureRow,
    PlanRatingRow, PlanRiskRow, PlanWorkstreamRow, Tx,
};

use crate::error::Result;

/// A workstream's two reviews: (rating a term ago, commentary), (rating now, commentary).
type TwoReviews = [(&'static str, &'static str); 2];

/// (workstream, lead, its reviews)
const WORKSTREAMS: [(&str, &str, TwoReviews); 3] = [
    (
        "Timeliness of EHC needs assessments",
        "Dana Director, Director of education",
        [
            (
                "red",
                "Fewer than half of plans issued within 20 weeks; two educational psychologist posts vacant.",
            ),
            (
                "amber",
                "One post filled and a locum in place; weekly tracking of assessments at risk has started.",
            ),
        ],
    ),
    (
        "Graduated response and support in mainstream schools",
        "Head of SEND",
        [
            (
                "amber",
                "Schools report they do not know which services are available at which stage.",
            ),
            (
                "green",
                "The one-page map of support by stage is drafted and has been tested with SENCOs.",
            ),
        ],
    ),
    (
        "High needs budget and DSG deficit management",
        "Frankie Finance, Head of schools finance",
        [
            (
                "amber",
                "Forecast overspend on independent special school placements.",
            ),
            (
                "red",
                "Forecast outturn has risen since quarter 2; the deficit will grow this year.",
            ),
        ],
    ),
];

/// (workstream index, action, owner: officer index or seat position, due in days (negative:
/// past), status, rating now)
type DemoAction = (
    usize,
    &'static str,
    Owner,
    i64,
    ActionStatus,
    Option<&'static str>,
);

#[derive(Clone, Copy)]
enum Owner {
    Officer(usize),
    Member(usize),
}

const ACTIONS: [DemoAction; 6] = [
    (
        0,
        "Recruit two educational psychologists",
        Owner::Officer(0),
        -14,
        ActionStatus::InProgress,
        Some("amber"),
    ),
    (
        0,
        "Track every assessment at risk of missing 20 weeks weekly",
        Owner::Officer(0),
        30,
        ActionStatus::InProgress,
        Some("green"),
    ),
    (
        1,
        "Publish a one-page map of support by stage of the graduated response",
        Owner::Member(0),
        45,
        ActionStatus::InProgress,
        Some("green"),
    ),
    (
        1,
        "Train SENCOs on what mainstream schools ordinarily provide",
        Owner::Member(1),
        90,
        ActionStatus::Open,
        None,
    ),
    (
        2,
        "Present the deficit management plan to the Schools Forum each term",
        Owner::Officer(1),
        21,
        ActionStatus::Open,
        Some("green"),
    ),
    (
        2,
        "Review independent special school placements costing over £60,000",
        Owner::Officer(1),
        -7,
        ActionStatus::Open,
        Some("red"),
    ),
];

/// (workstream, risk, mitigation, owner, rating)
const RISKS: [(Option<usize>, &str, &str, &str, &str); 2] = [
    (
        Some(0),
        "Educational psychologist posts stay vacant, so advice keeps arriving late",
        "Locum cover; a shared recruitment campaign with neighbouring councils",
        "Dana Director",
        "red",
    ),
    (
        None,
        "Requests for assessment keep rising faster than the service can grow",
        "Early support through the graduated response; monthly forecast of requests",
        "Head of SEND",
        "amber",
    ),
];

/// (measure, target in tenths of a percent or pence, direction)
const MEASURES: [(MeasureKind, i64, Direction); 3] = [
    (MeasureKind::TwentyWeekRate, 600, Direction::Up),
    (MeasureKind::RefusalRate, 250, Direction::Down),
    (MeasureKind::HighNeedsInYear, 0, Direction::Up),
];

fn day(today: NaiveDate, offset: i64) -> NaiveDate {
    let n = Days::new(offset.unsigned_abs());
    if offset < 0 {
        today.checked_sub_days(n)
    } else {
        today.checked_add_days(n)
    }
    .unwrap_or(today)
}

/// Writes the demo plan for the council's Schools Forum (none if it has no forum).
pub(crate) async fn write_plan(tx: &mut Tx, la_id: i64, today: NaiveDate) -> Result<()> {
    let forums: Vec<ForumRow> = tx.records_of_council(la_id).await?;
    let Some(forum) = forums.first() else {
        return Ok(());
    };
    let officers: Vec<ForumOfficerRow> = tx
        .records_where(la_id, &[(Fo::ForumId, forum.forum_id)])
        .await?;
    let seats: Vec<ForumSeatRow> = tx
        .records_where(la_id, &[(Fs::ForumId, forum.forum_id)])
        .await?;
    let members: Vec<&ForumSeatRow> = seats.iter().filter(|s| s.member_name.is_some()).collect();
    let now = Utc::now();
    let plan_id = tx.allocate_ids(la_id, "action_plans", 1).await?;
    tx.insert_records(&[ActionPlanRow {
        la_id,
        plan_id,
        title: "SEND improvement and DSG deficit management plan".into(),
        forum_id: Some(forum.forum_id),
        purpose: Some(
            "The council's plan after the local area SEND inspection, with the deficit management plan \
             it presents to the Schools Forum each term."
                .into(),
        ),
        created_by: "Demo".into(),
        created_at: now,
    }])
    .await?;
    let first_ws = tx.allocate_ids(la_id, "plan_workstreams", 3).await?;
    let mut ratings: Vec<(Subject, i64, &str, &str, NaiveDate)> = Vec::new();
    let (term_ago, lately) = (day(today, -98), day(today, -14));
    let workstreams: Vec<PlanWorkstreamRow> = (first_ws..)
        .zip(WORKSTREAMS)
        .map(|(workstream_id, (title, lead, reviews))| {
            for ((rag, commentary), on) in reviews.into_iter().zip([term_ago, lately]) {
                ratings.push((Subject::Workstream, workstream_id, rag, commentary, on));
            }
            PlanWorkstreamRow {
                la_id,
                workstream_id,
                plan_id,
                title: title.into(),
                lead: Some(lead.into()),
            }
        })
        .collect();
    tx.insert_records(&workstreams).await?;
    let first_action = tx.allocate_ids(la_id, "plan_actions", 6).await?;
    let mut actions = Vec::new();
    for (plan_action_id, (ws, description, owner, due, status, rag)) in
        (first_action..).zip(ACTIONS)
    {
        let (kind, id, name) = match owner {
            Owner::Officer(i) => officers
                .get(i)
                .map(|o| ("officer", o.officer_id, o.name.clone())),
            Owner::Member(i) => members.get(i).map(|s| {
                (
                    "member",
                    s.seat_id,
                    s.member_name.clone().unwrap_or_default(),
                )
            }),
        }
        .unwrap_or(("officer", 0, "Head of SEND".into()));
        if let Some(rag) = rag {
            ratings.push((
                Subject::Action,
                plan_action_id,
                rag,
                "Reviewed at the last officers' meeting.",
                lately,
            ));
        }
        actions.push(PlanActionRow {
            la_id,
            plan_action_id,
            plan_id,
            workstream_id: first_ws + i64::try_from(ws).unwrap_or(0),
            description: description.into(),
            owner_kind: kind.into(),
            owner_id: id,
            owner_name: name,
            due_on: day(today, due),
            status: status.code().into(),
            created_at: now,
        });
    }
    tx.insert_records(&actions).await?;
    let first_risk = tx.allocate_ids(la_id, "plan_risks", 2).await?;
    let risks: Vec<PlanRiskRow> = (first_risk..)
        .zip(RISKS)
        .map(|(risk_id, (ws, description, mitigation, owner, rag))| {
            ratings.push((Subject::Risk, risk_id, rag, mitigation, lately));
            PlanRiskRow {
                la_id,
                risk_id,
                plan_id,
                workstream_id: ws.map(|w| first_ws + i64::try_from(w).unwrap_or(0)),
                description: description.into(),
                mitigation: Some(mitigation.into()),
                owner: Some(owner.into()),
            }
        })
        .collect();
    tx.insert_records(&risks).await?;
    let first_measure = tx.allocate_ids(la_id, "plan_measures", 3).await?;
    let measures: Vec<PlanMeasureRow> = (first_measure..)
        .zip(MEASURES)
        .map(|(measure_id, (kind, target, direction))| PlanMeasureRow {
            la_id,
            measure_id,
            plan_id,
            workstream_id: None,
            kind: kind.code().into(),
            target,
            direction: direction.code().into(),
        })
        .collect();
    tx.insert_records(&measures).await?;
    let count = i64::try_from(ratings.len()).unwrap_or(0);
    let first_rating = tx.allocate_ids(la_id, "plan_ratings", count).await?;
    let ratings: Vec<PlanRatingRow> = (first_rating..)
        .zip(ratings)
        .map(
            |(rating_id, (subject, subject_id, rag, commentary, rated_on))| PlanRatingRow {
                la_id,
                rating_id,
                plan_id,
                subject: subject.code().into(),
                subject_id,
                rag: rag.into(),
                commentary: commentary.into(),
                status: None,
                rated_on,
                rated_by: "Dana Director".into(),
                recorded_at: now,
            },
        )
        .collect();
    tx.insert_records(&ratings).await?;
    Ok(())
}
