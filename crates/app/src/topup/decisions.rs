//! The council's side of an application: the list of applications, listing one at a funding
//! panel, and recording the panel's decision with its reasons. An approval makes an award with
//! the amount a year, its dates, the budget line it is counted on and the funding model version
//! it was priced with (copied, so a later model never changes it). The SENCO is told.

use chrono::{DateTime, Utc};
use domain::high_needs::BudgetLine;
use domain::topup::application::{ApplicationState, AwardTerms, PanelOutcome, check_decision};
use domain::{FieldError, Pence, PlacementCategory};
use store::{PanelItemRow, PanelMeetingRow, TopupApplicationRow, TopupAwardRow, Tx};

use super::{ApplicationSummary, application_reference, models, open_application};
use crate::Store;
use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::casework::panels::{add_item, may_decide};
use crate::casework::parse_date;
use crate::error::{AppError, Result};
use crate::notify::{self, Notice, Recipient};
use crate::policy::{self, Action};

/// The panel that decides top-up applications.
pub const FUNDING_PANEL: &str = "funding";

/// Every application the council has been sent (drafts stay with their school), optionally in
/// one state, most recently changed first.
pub async fn council_applications(
    store: &Store,
    actor: &Actor,
    state: Option<ApplicationState>,
) -> Result<Vec<ApplicationSummary>> {
    policy::authorise(actor, Action::ReadTopUpApplications)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let rows = tx
        .topup_application_list(la_id, None)
        .await?
        .into_iter()
        .filter(|r| r.application.state != ApplicationState::Draft.code())
        .filter(|r| state.is_none_or(|s| r.application.state == s.code()))
        .collect();
    let out = super::summaries(la_id, rows)?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "topup.council_list",
            record_type: "topup_application",
            record_id: None,
            child_id: None,
            detail: Some(format!("{} applications listed", out.len())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(out)
}

/// The funding panel meetings an application can be listed at: those held on or after `from`,
/// soonest first. (A meeting already held has heard its list.)
pub async fn funding_meetings(
    store: &Store,
    actor: &Actor,
    from: chrono::NaiveDate,
) -> Result<Vec<PanelMeetingRow>> {
    policy::authorise(actor, Action::RunPanels)?;
    let mut tx = store.begin_read().await?;
    let rows: Vec<PanelMeetingRow> = tx.records_of_council(actor.la_id()).await?;
    tx.commit().await?;
    let mut rows: Vec<PanelMeetingRow> = rows
        .into_iter()
        .filter(|m| m.panel == FUNDING_PANEL && m.held_on >= from)
        .collect();
    rows.sort_by_key(|m| m.held_on);
    Ok(rows)
}

/// Lists a submitted application at a funding panel meeting: a panel item on the pupil's
/// case, asking the panel to decide it.
pub async fn list_at_panel(
    store: &Store,
    actor: &Actor,
    application_id: i64,
    meeting_id: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    policy::authorise(actor, Action::RunPanels)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let mut row = open_application(&mut tx, actor, application_id).await?;
    if row.state != ApplicationState::Submitted.code() {
        return Err(AppError::Conflict(
            "only a submitted application can be listed at a panel".into(),
        ));
    }
    let meeting = match meeting_id.trim().parse::<i64>() {
        Ok(id) => tx.record::<PanelMeetingRow>(la_id, id).await?,
        Err(_) => None,
    }
    .filter(|m| m.panel == FUNDING_PANEL)
    .ok_or_else(|| FieldError::new("meeting_id", "select a funding panel meeting"))?;
    let question = panel_question(la_id, application_id, row.indicative_pence);
    let item_id = add_item(&mut tx, la_id, meeting.meeting_id, row.child_id, &question).await?;
    row.panel_item_id = Some(item_id);
    row.state = ApplicationState::AtPanel.code().into();
    row.updated_at = now;
    tx.update_record(&row).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "topup.list_at_panel",
            record_type: "topup_application",
            record_id: Some(application_id.to_string()),
            child_id: Some(row.child_id),
            detail: Some(format!("meeting {}", meeting.meeting_id)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(item_id)
}

/// What the panel is asked about an application, as its item on the pupil's case says.
pub(crate) fn panel_question(la_id: i64, application_id: i64, indicative: Option<i64>) -> String {
    let reference = application_reference(la_id, application_id);
    match indicative {
        Some(p) => format!(
            "Top-up application {reference}: {} a year asked for",
            Pence(p)
        ),
        None => format!("Top-up application {reference}: provision for the panel to cost"),
    }
}

/// The panel item's decision (`casework::panels::DECISIONS`) and reasons for an outcome, so
/// the case timeline reads the funding decision as it reads any panel's.
pub(crate) fn item_decision(outcome: PanelOutcome, reasons: &str) -> (String, String) {
    let decision = if outcome == PanelOutcome::Decline {
        "declined"
    } else {
        "agreed"
    };
    (decision.into(), format!("{}: {reasons}", outcome.label()))
}

/// The panel's decision as typed into the form.
#[derive(Debug, Clone, Default)]
pub struct Decision {
    /// `approve`, `amend` or `decline`.
    pub outcome: String,
    /// The amount a year in pounds; for approval as asked, empty takes the indicative amount.
    pub annual: String,
    pub starts_on: String,
    pub ends_on: String,
    pub reasons: String,
}

/// Records the funding panel's decision on a listed application. Only someone who may decide
/// at that meeting may record it (`casework::panels::may_decide`).
pub async fn decide(
    store: &Store,
    actor: &Actor,
    application_id: i64,
    decision: &Decision,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    policy::authorise(actor, Action::DecideAtPanel)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let mut row = open_application(&mut tx, actor, application_id).await?;
    let (mut item, meeting) = listed_item(&mut tx, la_id, &row).await?;
    let members = tx.panel_members(la_id, meeting.meeting_id).await?;
    if !may_decide(actor, &members) {
        return Err(AppError::Forbidden(
            "record decisions of a panel you did not sit on".into(),
        ));
    }
    let (outcome, terms) = read_decision(decision, row.indicative_pence)?;
    check_decision(
        outcome,
        &decision.reasons,
        terms,
        row.indicative_pence.map(Pence),
    )
    .map_err(AppError::Invalid)?;
    let reasons = decision.reasons.trim().to_string();
    let (decided, item_reasons) = item_decision(outcome, &reasons);
    item.decision = Some(decided);
    item.reasons = Some(item_reasons);
    item.decided_on = Some(meeting.held_on);
    tx.update_record(&item).await?;
    let award_id = match terms.filter(|_| outcome != PanelOutcome::Decline) {
        Some(terms) => Some(
            award(
                &mut tx, actor, &row, outcome, terms, &reasons, &meeting, now,
            )
            .await?,
        ),
        None => None,
    };
    row.state = outcome.state().code().into();
    row.decision_reasons = Some(reasons);
    row.decided_at = Some(now);
    row.updated_at = now;
    tx.update_record(&row).await?;
    let notice = decided_notice(la_id, application_id, row.child_id, outcome);
    notify::notify(
        &mut tx,
        la_id,
        Recipient::Staff(row.senco_staff_id),
        &notice,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "topup.decide",
            record_type: "topup_application",
            record_id: Some(application_id.to_string()),
            child_id: Some(row.child_id),
            detail: Some(outcome.code().into()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(award_id)
}

/// The panel item an application is listed as, and its meeting.
async fn listed_item(
    tx: &mut Tx,
    la_id: i64,
    row: &TopupApplicationRow,
) -> Result<(PanelItemRow, PanelMeetingRow)> {
    let not_listed = || {
        AppError::Conflict(
            "list the application at a funding panel before recording a decision".into(),
        )
    };
    if row.state != ApplicationState::AtPanel.code() {
        return Err(not_listed());
    }
    let item: PanelItemRow = tx
        .record(la_id, row.panel_item_id.ok_or_else(not_listed)?)
        .await?
        .ok_or_else(not_listed)?;
    let meeting: PanelMeetingRow = tx
        .record(la_id, item.meeting_id)
        .await?
        .ok_or_else(not_listed)?;
    Ok((item, meeting))
}

/// The outcome and, for an approval, the award's terms; every field problem at once.
fn read_decision(
    d: &Decision,
    indicative: Option<i64>,
) -> Result<(PanelOutcome, Option<AwardTerms>)> {
    let mut problems = Vec::new();
    let outcome = PanelOutcome::parse(&d.outcome)
        .map_err(|_| problems.push(FieldError::new("outcome", "select the panel's decision")))
        .ok();
    if outcome == Some(PanelOutcome::Decline) {
        return Ok((PanelOutcome::Decline, None));
    }
    let annual = match (d.annual.trim(), outcome, indicative) {
        ("", Some(PanelOutcome::Approve), Some(p)) => Some(Pence(p)),
        ("", _, _) => {
            problems.push(FieldError::new("annual", "enter the amount a year"));
            None
        }
        (text, _, _) => text
            .parse::<Pence>()
            .map_err(|e| problems.push(FieldError::new("annual", e.problem)))
            .ok(),
    };
    let starts_on = parse_date("starts_on", &d.starts_on)
        .map_err(|e| problems.push(e))
        .ok();
    let ends_on = parse_date("ends_on", &d.ends_on)
        .map_err(|e| problems.push(e))
        .ok();
    // Every problem at once: the reasons too, though `check_decision` would also ask for them.
    if !problems.is_empty() && d.reasons.trim().is_empty() {
        problems.push(FieldError::new(
            "reasons",
            "give the panel's reasons; the school is told them",
        ));
    }
    match (outcome, annual, starts_on, ends_on, problems.is_empty()) {
        (Some(outcome), Some(annual), Some(starts_on), Some(ends_on), true) => Ok((
            outcome,
            Some(AwardTerms {
                annual,
                starts_on,
                ends_on,
            }),
        )),
        _ => Err(AppError::Invalid(problems)),
    }
}

/// Saves the award: the budget line follows the pupil's placement at the school
/// (`BudgetLine::for_placement`), and the model version is copied from the model priced with.
#[allow(clippy::too_many_arguments)] // one call site; each is a distinct part of the award
async fn award(
    tx: &mut Tx,
    actor: &Actor,
    row: &TopupApplicationRow,
    outcome: PanelOutcome,
    terms: AwardTerms,
    reasons: &str,
    meeting: &PanelMeetingRow,
    now: DateTime<Utc>,
) -> Result<i64> {
    let la_id = actor.la_id();
    let model = models::model_by_key(tx, la_id, row.model_key).await?;
    let version = model.version();
    let placements = tx.placements_for_child(la_id, row.child_id).await?;
    let category = placements
        .iter()
        .filter(|p| p.setting_id == Some(row.setting_id))
        .max_by_key(|p| p.entry_on)
        .and_then(|p| p.category.parse::<PlacementCategory>().ok())
        .unwrap_or(PlacementCategory::PlacementUnknown);
    let award_id = tx.allocate_ids(la_id, "topup_awards", 1).await?;
    tx.insert_records(&[TopupAwardRow {
        la_id,
        award_id,
        application_id: row.application_id,
        child_id: row.child_id,
        setting_id: row.setting_id,
        annual_pence: terms.annual.0,
        starts_on: terms.starts_on,
        ends_on: terms.ends_on,
        outcome: outcome.state().code().into(),
        reasons: reasons.into(),
        model_id: version.id.clone(),
        model_version: version.version.clone(),
        model_sha256: version.sha256.clone(),
        budget_line: BudgetLine::for_placement(category, false).code().into(),
        panel_meeting_id: Some(meeting.meeting_id),
        decided_by: actor.audit_name(),
        decided_at: now,
    }])
    .await?;
    Ok(award_id)
}

/// To the SENCO: the panel has decided (the reasons are on the application's page, where the
/// policy decides who reads them; no notice carries free text about a child).
fn decided_notice(la_id: i64, application_id: i64, child_id: i64, outcome: PanelOutcome) -> Notice {
    let reference = application_reference(la_id, application_id);
    let what = match outcome {
        PanelOutcome::Approve => "approved",
        PanelOutcome::Amend => "approved with changes to the amount or dates",
        PanelOutcome::Decline => "declined",
    };
    Notice {
        subject: format!("Top-up application {reference}: decision"),
        what_changed: format!("The funding panel has {what} top-up application {reference}."),
        what_next: "Sign in to read the panel's reasons and, for an award, the payments your \
                    school will receive."
            .into(),
        link: format!("/school/topup/{application_id}"),
        child_id: Some(child_id),
    }
}
