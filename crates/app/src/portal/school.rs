//! The SENCO's side: the school's pupils with an EHC case, and the annual review tray. The
//! school arranges the review meeting, inviting people at least 2 weeks before, and sends its
//! report to the council within 2 weeks after it (SEND Regulations 2014 reg. 20; CFA 2014
//! s.44(1): a review at least every 12 months). A SENCO sees only pupils placed at their own
//! settings now.

use chrono::{DateTime, Days, NaiveDate, Utc};
use domain::FieldError;
use domain::clock::{DeadlineKind, DeadlineState, Stage};
use store::{PupilRow, ReviewArrangementRow};

use crate::Store;
use crate::actor::{Actor, ActorKind};
use crate::casework::{load_case_file, parse_date};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

use super::{audit_child, optional_text};

/// Days after the meeting for the school's report (reg. 20).
pub const REPORT_DAYS: u64 = 14;

/// A pupil on the school's list, with their next review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolPupil {
    pub row: PupilRow,
    pub stage: Option<Stage>,
    /// The plan in force, if any.
    pub plan_id: Option<i64>,
    /// The next annual (or under-fives) review still owed, and where it stands.
    pub review_due: Option<(NaiveDate, DeadlineState)>,
    /// What the school has arranged for this year's review of the current plan.
    pub arrangement: Option<ReviewArrangementRow>,
}

impl SchoolPupil {
    /// The last day for the school's report, once the meeting is arranged.
    #[must_use]
    pub fn report_due(&self) -> Option<NaiveDate> {
        self.arrangement
            .as_ref()
            .and_then(|a| a.meeting_on.checked_add_days(Days::new(REPORT_DAYS)))
    }
}

fn settings_of(actor: &Actor) -> Vec<i64> {
    match &actor.kind {
        ActorKind::Staff { settings, .. } => settings.clone(),
        _ => Vec::new(),
    }
}

async fn pupil(
    tx: &mut store::Tx,
    la_id: i64,
    row: PupilRow,
    today: NaiveDate,
) -> Result<SchoolPupil> {
    let file = load_case_file(tx, la_id, row.child_id).await?;
    let clock = file.clock(today);
    let plan_id = file
        .current_plan()
        .filter(|p| p.cease_on.is_none())
        .map(|p| p.plan_id);
    let review_due = clock.as_ref().and_then(|c| {
        c.deadlines
            .iter()
            .filter(|d| {
                matches!(
                    d.kind,
                    DeadlineKind::AnnualReview(_) | DeadlineKind::UnderFiveReview(_)
                ) && d.met_on.is_none()
                    && d.state.is_open()
            })
            .map(|d| (d.due, d.state))
            .min_by_key(|(due, _)| *due)
    });
    // This year's arrangements: a meeting to come, or one held in the last six months.
    let recent = today.checked_sub_days(Days::new(183)).unwrap_or(today);
    let arrangement = match plan_id {
        Some(plan_id) => tx
            .records_of_child::<ReviewArrangementRow>(la_id, row.child_id)
            .await?
            .into_iter()
            .filter(|a| a.plan_id == plan_id && a.meeting_on >= recent)
            .max_by_key(|a| a.meeting_on),
        None => None,
    };
    Ok(SchoolPupil {
        stage: row.stage.as_deref().and_then(|s| s.parse().ok()),
        plan_id,
        review_due,
        arrangement,
        row,
    })
}

/// The pupils at the SENCO's settings with an EHC case, the soonest review first.
pub async fn school_pupils(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<SchoolPupil>> {
    policy::authorise(actor, Action::ReadSchoolPupils)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let rows = tx.pupils_with_cases(la_id, &settings_of(actor)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(pupil(&mut tx, la_id, row, today).await?);
    }
    crate::audit::record(
        &mut tx,
        actor,
        crate::audit::Audited {
            action: "school.pupils",
            record_type: "setting",
            record_id: None,
            child_id: None,
            detail: Some(format!("{} pupils listed", out.len())),
        },
    )
    .await?;
    tx.commit().await?;
    out.sort_by_key(|p| (p.review_due.is_none(), p.review_due.map(|(d, _)| d)));
    Ok(out)
}

/// One pupil on the school's list, checked against the policy (a SENCO's own settings).
async fn open_pupil(
    tx: &mut store::Tx,
    actor: &Actor,
    child_id: i64,
    today: NaiveDate,
) -> Result<SchoolPupil> {
    let la_id = actor.la_id();
    let not_found = || AppError::NotFound(format!("child {child_id}"));
    let setting_id =
        crate::children::current_placement(&tx.placements_for_child(la_id, child_id).await?)
            .and_then(|p| p.setting_id);
    policy::authorise(actor, Action::ArrangeReview { setting_id }).map_err(|_| not_found())?;
    let setting_id = setting_id.ok_or_else(not_found)?;
    let row = tx
        .pupils_with_cases(la_id, &[setting_id])
        .await?
        .into_iter()
        .find(|p| p.child_id == child_id)
        .ok_or_else(not_found)?;
    pupil(tx, la_id, row, today).await
}

/// One pupil's review, for the arranging form.
pub async fn school_pupil(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    today: NaiveDate,
) -> Result<SchoolPupil> {
    let mut tx = store.begin().await?;
    let pupil = open_pupil(&mut tx, actor, child_id, today).await?;
    audit_child(
        &mut tx,
        actor,
        "school.pupil",
        ("child", child_id),
        child_id,
    )
    .await?;
    tx.commit().await?;
    Ok(pupil)
}

/// Records the review meeting the school has arranged, and who it invited.
pub async fn arrange_review(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    meeting_on: &str,
    invited: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let today = now.date_naive();
    let mut problems = Vec::new();
    let meeting = parse_date("meeting_on", meeting_on)
        .map_err(|e| problems.push(e))
        .ok();
    let invited = optional_text("invited", invited)
        .map_err(|e| problems.push(e))
        .unwrap_or_default();
    if invited.is_empty() && problems.iter().all(|p| p.field != "invited") {
        problems.push(FieldError::new(
            "invited",
            "enter who you have invited: the family, the young person and the professionals",
        ));
    }
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let pupil = open_pupil(&mut tx, actor, child_id, today).await?;
    let Some(plan_id) = pupil.plan_id else {
        return Err(AppError::Conflict(
            "this pupil has no plan in force to review".into(),
        ));
    };
    let (Some(meeting_on), true) = (meeting, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let row = ReviewArrangementRow {
        la_id,
        child_id,
        plan_id,
        meeting_on,
        invited,
        arranged_by: actor.audit_name(),
        arranged_at: now,
        report_sent_on: None,
    };
    if pupil.arrangement.is_some() {
        tx.update_record(&row).await?;
    } else {
        tx.insert_records(std::slice::from_ref(&row)).await?;
    }
    audit_child(
        &mut tx,
        actor,
        "review.arrange",
        ("plan", plan_id),
        child_id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records that the school's review report went to the council on `sent_on`.
pub async fn report_sent(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    sent_on: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let today = now.date_naive();
    let sent = parse_date("sent_on", sent_on)?;
    if sent > today {
        return Err(FieldError::new(
            "sent_on",
            "the date the report was sent must be today or in the past",
        )
        .into());
    }
    let mut tx = store.begin().await?;
    let pupil = open_pupil(&mut tx, actor, child_id, today).await?;
    let Some(mut arrangement) = pupil.arrangement else {
        return Err(AppError::Conflict(
            "arrange the review meeting before sending its report".into(),
        ));
    };
    if sent < arrangement.meeting_on {
        return Err(
            FieldError::new("sent_on", "the report is sent after the review meeting").into(),
        );
    }
    arrangement.report_sent_on = Some(sent);
    tx.update_record(&arrangement).await?;
    audit_child(
        &mut tx,
        actor,
        "review.report_sent",
        ("plan", arrangement.plan_id),
        child_id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The SENCO's own settings, by id and name, for the forms that ask which school.
pub async fn my_settings(store: &Store, actor: &Actor) -> Result<Vec<(i64, String)>> {
    policy::authorise(actor, Action::ReadSchoolPupils)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let mut out = Vec::new();
    for id in settings_of(actor) {
        if let Some(s) = tx.setting(la_id, id).await? {
            out.push((id, s.name));
        }
    }
    tx.commit().await?;
    Ok(out)
}
