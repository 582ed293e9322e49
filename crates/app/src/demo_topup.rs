//! The demo council's top-up funding: Bristol's published model in use, termly payments, costs
//! on every current placement around published unit costs, an award for each pupil with a plan
//! in a mainstream school, and at the demo SENCO's school one application in each state, heard
//! at the funding panel meetings they were listed at (`synth::unit_costs`).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::high_needs::{BudgetLine, place_funding};
use domain::topup::application::{ApplicationState, PanelOutcome};
use domain::{AcademicYear, Pence, PlacementCategory, Role};
use store::{
    FinanceOptionsRow, PanelItemRow, PanelMeetingRow, PlacementCostRow, PlacementRow,
    TopupApplicationRow, TopupAwardRow, Tx,
};
use synth::funding_models::BRISTOL_TOPUP_ID;
use synth::topup_packages::{PackageMaker, bristol_files};
use synth::unit_costs::{DemoRng, award_package, demo_rng, placement_costs};

use crate::Store;
use crate::actor::Actor;
use crate::error::Result;
use crate::policy::{self, Action};
use crate::topup::decisions::{FUNDING_PANEL, item_decision, panel_question};

/// What the demo's top-up funding holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TopupDemo {
    pub placement_costs: usize,
    pub applications: usize,
    pub awards: usize,
    /// The mean award a year.
    pub mean_award: Pence,
}

/// The states the demo SENCO's school shows, one application each, in this order.
const SHOWCASE: [ApplicationState; 7] = [
    ApplicationState::Draft,
    ApplicationState::Submitted,
    ApplicationState::AtPanel,
    ApplicationState::Approved,
    ApplicationState::Amended,
    ApplicationState::Declined,
    ApplicationState::Withdrawn,
];

/// Writes the demo council's top-up funding, after its staff exist (the SENCO and panel).
pub async fn seed_topup(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<TopupDemo> {
    policy::authorise(actor, Action::SeedDemoCouncil)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    crate::topup::models::install_in(&mut tx, actor, BRISTOL_TOPUP_ID, bristol_files(), now)
        .await?;
    let Some((model_key, model)) = crate::topup::models::model_in_use(&mut tx, la_id).await? else {
        return Ok(TopupDemo::default());
    };
    tx.insert_records(&[FinanceOptionsRow {
        la_id,
        payment_frequency: "termly".into(),
    }])
    .await?;
    let mut rng = demo_rng(la_id);
    let placements = tx.current_placements(la_id).await?;
    let placement_costs = write_placement_costs(&mut tx, la_id, &placements, &mut rng, now).await?;

    let senco = tx
        .staff_with_role(la_id, Role::Senco.code())
        .await?
        .first()
        .copied();
    let senco_school = match senco {
        Some(id) => tx.staff_settings(la_id, id).await?.first().copied(),
        None => None,
    };
    // Pupils with a plan in a mainstream school have their top-up through an application; at
    // the demo SENCO's school, whatever its type, the first pupils show one of each state.
    let mut at_school = 0;
    let mainstream: Vec<(&PlacementRow, i64, PlacementCategory)> = placements
        .iter()
        .filter_map(|p| Some((p, p.setting_id?, p.category.parse().ok()?)))
        .filter(|(_, setting_id, c)| {
            let showcase = Some(*setting_id) == senco_school && at_school < SHOWCASE.len();
            at_school += usize::from(showcase);
            showcase || BudgetLine::for_placement(*c, false) == BudgetLine::TopUpMainstream
        })
        .collect();
    let count = i64::try_from(mainstream.len()).unwrap_or(0);
    let first_application = tx.allocate_ids(la_id, "topup_applications", count).await?;
    let first_award = tx.allocate_ids(la_id, "topup_awards", count).await?;
    let meetings = write_meetings(&mut tx, la_id, today).await?;
    let year_start = AcademicYear::containing(today).start();
    let maker = PackageMaker::new(&model);
    let version = model.version().clone();
    let mut applications = Vec::new();
    let mut awards = Vec::new();
    let mut items = Vec::new();
    let mut shown = 0;
    for (i, (placement, setting_id, category)) in mainstream.into_iter().enumerate() {
        let Some((package, pricing)) = award_package(&model, &maker, &mut rng) else {
            continue;
        };
        let offset = i64::try_from(i).unwrap_or(0);
        let showcase = Some(setting_id) == senco_school && shown < SHOWCASE.len();
        let state = if showcase {
            shown += 1;
            SHOWCASE[shown - 1]
        } else {
            ApplicationState::Approved
        };
        let indicative = pricing.annual.unwrap_or(Pence::ZERO);
        let application_id = first_application + offset;
        let mut row = TopupApplicationRow {
            la_id,
            application_id,
            child_id: placement.child_id,
            setting_id,
            model_key,
            state: state.code().into(),
            package: serde_json::to_string(&package).unwrap_or_else(|_| "{}".into()),
            indicative_pence: Some(indicative.0),
            summary: "Small-group and one-to-one support beyond what the school's notional SEN \
                      budget provides; the pupil's needs are set out in the EHC plan."
                .into(),
            head_teacher: Some("Head teacher".into()),
            head_teacher_confirmed_on: Some(today - Duration::days(40)),
            panel_item_id: None,
            decision_reasons: None,
            senco_staff_id: senco.unwrap_or_default(),
            created_at: now - Duration::days(45),
            updated_at: now - Duration::days(30),
            submitted_at: Some(now - Duration::days(38)),
            decided_at: None,
        };
        let starts_on = year_start.max(placement.entry_on);
        let mut annual = indicative;
        let mut meeting = None;
        match state {
            ApplicationState::Draft => {
                row.summary = String::new();
                row.head_teacher = None;
                row.head_teacher_confirmed_on = None;
                row.submitted_at = None;
            }
            ApplicationState::Submitted | ApplicationState::Withdrawn => {}
            ApplicationState::AtPanel => meeting = Some((meetings.1, None)),
            ApplicationState::Approved if showcase => {
                meeting = Some((
                    meetings.0,
                    Some((PanelOutcome::Approve, "Needs and provision match the plan.")),
                ));
            }
            ApplicationState::Amended => {
                annual = Pence((indicative.0 * 9 / 10 / 10_000) * 10_000);
                meeting = Some((
                    meetings.0,
                    Some((
                        PanelOutcome::Amend,
                        "One-to-one hours reduced as the pupil now has a small-group place.",
                    )),
                ));
            }
            ApplicationState::Declined => {
                meeting = Some((
                    meetings.0,
                    Some((
                        PanelOutcome::Decline,
                        "The needs described can be met from the school's notional SEN budget.",
                    )),
                ));
            }
            ApplicationState::Approved => {
                row.decision_reasons = Some("Agreed at the funding panel.".into());
            }
        }
        if let Some(((meeting_id, held_on), decision)) = meeting {
            let item_id = tx.allocate_ids(la_id, "panel_items", 1).await?;
            let recorded = decision.map(|(outcome, reasons)| item_decision(outcome, reasons));
            items.push(PanelItemRow {
                la_id,
                item_id,
                meeting_id,
                child_id: placement.child_id,
                question: panel_question(la_id, application_id, Some(indicative.0)),
                decision: recorded.as_ref().map(|(d, _)| d.clone()),
                reasons: recorded.map(|(_, r)| r),
                decided_on: decision.map(|_| held_on),
            });
            row.panel_item_id = Some(item_id);
            if let Some((_, reasons)) = decision {
                row.decision_reasons = Some(reasons.into());
                row.decided_at = Some(now - Duration::days(28));
            }
        }
        if matches!(
            state,
            ApplicationState::Approved | ApplicationState::Amended
        ) {
            row.decided_at = row.decided_at.or(Some(now - Duration::days(60)));
            awards.push(TopupAwardRow {
                la_id,
                award_id: first_award + offset,
                application_id,
                child_id: placement.child_id,
                setting_id,
                annual_pence: annual.0,
                starts_on,
                ends_on: AcademicYear::containing(today).end(),
                outcome: state.code().into(),
                reasons: row.decision_reasons.clone().unwrap_or_default(),
                model_id: version.id.clone(),
                model_version: version.version.clone(),
                model_sha256: version.sha256.clone(),
                budget_line: BudgetLine::for_placement(category, false).code().into(),
                panel_meeting_id: row.panel_item_id.map(|_| meetings.0.0),
                decided_by: "demo".into(),
                decided_at: row.decided_at.unwrap_or(now),
            });
        }
        applications.push(row);
    }
    tx.insert_records(&items).await?;
    tx.insert_records(&applications).await?;
    tx.insert_records(&awards).await?;
    tx.commit().await?;
    let total: i64 = awards.iter().map(|a| a.annual_pence).sum();
    Ok(TopupDemo {
        placement_costs,
        applications: applications.len(),
        awards: awards.len(),
        mean_award: Pence(total / i64::try_from(awards.len().max(1)).unwrap_or(1)),
    })
}

/// Costs on every current placement with a setting, around published unit costs.
async fn write_placement_costs(
    tx: &mut Tx,
    la_id: i64,
    placements: &[PlacementRow],
    rng: &mut DemoRng,
    now: DateTime<Utc>,
) -> Result<usize> {
    let out_of_area: std::collections::HashSet<i64> = tx
        .settings(la_id)
        .await?
        .into_iter()
        .filter(|s| !s.in_area)
        .map(|s| s.setting_id)
        .collect();
    let mut rows = Vec::new();
    for p in placements {
        let (Some(setting_id), Ok(category)) =
            (p.setting_id, p.category.parse::<PlacementCategory>())
        else {
            continue;
        };
        let drawn = placement_costs(category, rng);
        rows.push(PlacementCostRow {
            la_id,
            placement_id: p.placement_id,
            child_id: p.child_id,
            place_funding_pence: place_funding(category).0,
            top_up_pence: drawn.top_up.0,
            fees_pence: drawn.fees.0,
            transport_pence: drawn.transport.map(|t| t.0),
            out_of_area: out_of_area.contains(&setting_id),
            hospital_education: false,
            recorded_by: "demo".into(),
            recorded_at: now,
        });
    }
    tx.insert_records(&rows).await?;
    Ok(rows.len())
}

/// Two funding panel meetings, chaired by the SEND manager with the panel member: one four
/// weeks ago that decided applications, one in two weeks with an application listed. Each as
/// (id, date).
async fn write_meetings(
    tx: &mut Tx,
    la_id: i64,
    today: NaiveDate,
) -> Result<((i64, NaiveDate), (i64, NaiveDate))> {
    let chair = tx
        .staff_with_role(la_id, Role::SendManager.code())
        .await?
        .first()
        .copied();
    let members = tx.staff_with_role(la_id, Role::PanelMember.code()).await?;
    let mut out = Vec::new();
    for held_on in [today - Duration::days(28), today + Duration::days(14)] {
        let meeting_id = tx.allocate_ids(la_id, "panel_meetings", 1).await?;
        tx.insert_records(&[PanelMeetingRow {
            la_id,
            meeting_id,
            panel: FUNDING_PANEL.into(),
            held_on,
            chair_staff_id: chair,
        }])
        .await?;
        for staff_id in chair.iter().chain(&members) {
            tx.add_panel_member(la_id, meeting_id, *staff_id).await?;
        }
        out.push((meeting_id, held_on));
    }
    Ok((out[0], out[1]))
}
