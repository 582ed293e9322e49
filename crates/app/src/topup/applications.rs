//! A school's application for top-up funding, from the SENCO's side: start one for a pupil
//! placed at the school, choose need statements and provisions sub-area by sub-area (the
//! selection rules are `domain::topup::costing`, funding-bristol.md §2), see the indicative
//! amount and any cap breach after every save, add evidence and the head teacher's agreement,
//! and submit. Only a draft can be changed, and only by its school.

use chrono::{DateTime, NaiveDate, Utc};
use domain::FieldError;
use domain::topup::application::{ApplicationState, Readiness, check_submission};
use domain::topup::costing::{Choice, CostingModel, Package, price};
use store::{PlacedPupilRow, TopupApplicationRow, Tx};

use super::{Application, ApplicationSummary, application_reference, models, open_application};
use crate::Store;
use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::document_store::DocumentStore;
use crate::documents::{Links, NewDocument, store_document};
use crate::error::{AppError, Result};
use crate::notify::{self, Notice, Recipient};
use crate::policy::{self, Action};

/// The longest summary kept, in characters: about two pages.
const MAX_SUMMARY_CHARS: usize = 6_000;

/// The actor's settings they may apply for; refused when there are none.
fn applying_settings(actor: &Actor) -> Result<Vec<i64>> {
    policy::own_settings(actor, |setting_id| Action::ApplyForTopUp { setting_id })
}

/// The pupils placed at the SENCO's schools today, to choose whom to apply for.
pub async fn pupils_to_apply_for(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<PlacedPupilRow>> {
    let settings = applying_settings(actor)?;
    let mut tx = store.begin_read().await?;
    let pupils = tx.pupils_placed_at(actor.la_id(), &settings, today).await?;
    tx.commit().await?;
    Ok(pupils)
}

/// The school's applications, most recently changed first.
pub async fn school_applications(store: &Store, actor: &Actor) -> Result<Vec<ApplicationSummary>> {
    let settings = applying_settings(actor)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let rows = tx.topup_application_list(la_id, Some(&settings)).await?;
    let out = super::summaries(la_id, rows)?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "topup.school_list",
            record_type: "setting",
            record_id: None,
            child_id: None,
            detail: Some(format!("{} applications listed", out.len())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(out)
}

/// Starts an application for a pupil placed at the SENCO's school, priced with the council's
/// model in use. A pupil with a draft already goes back to it; one with an application the
/// council is considering cannot have a second.
pub async fn start_application(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<i64> {
    let settings = applying_settings(actor)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let pupil = tx
        .pupils_placed_at(la_id, &settings, today)
        .await?
        .into_iter()
        .find(|p| p.child_id == child_id)
        .ok_or_else(|| FieldError::new("child_id", "select a pupil placed at your school"))?;
    let setting_id = pupil.setting_id.unwrap_or_default();
    policy::authorise(
        actor,
        Action::ApplyForTopUp {
            setting_id: Some(setting_id),
        },
    )?;
    let Some((model_key, _)) = models::model_in_use(&mut tx, la_id).await? else {
        return Err(FieldError::new(
            "child_id",
            "the council has not set up its funding model yet; contact the SEND team",
        )
        .into());
    };
    let open: Vec<TopupApplicationRow> = tx.records_of_child(la_id, child_id).await?;
    for row in open.iter().filter(|r| r.setting_id == setting_id) {
        match row.state.parse::<ApplicationState>() {
            Ok(ApplicationState::Draft) => return Ok(row.application_id),
            Ok(state) if state.is_with_council() => {
                return Err(AppError::Conflict(format!(
                    "{} for this pupil is already with the council",
                    application_reference(la_id, row.application_id)
                )));
            }
            _ => {}
        }
    }
    let application_id = tx.allocate_ids(la_id, "topup_applications", 1).await?;
    tx.insert_records(&[TopupApplicationRow {
        la_id,
        application_id,
        child_id,
        setting_id,
        model_key,
        state: ApplicationState::Draft.code().into(),
        package: "{}".into(),
        indicative_pence: None,
        summary: String::new(),
        head_teacher: None,
        head_teacher_confirmed_on: None,
        panel_item_id: None,
        decision_reasons: None,
        senco_staff_id: actor.staff_id().unwrap_or_default(),
        created_at: now,
        updated_at: now,
        submitted_at: None,
        decided_at: None,
    }])
    .await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "topup.start",
            record_type: "topup_application",
            record_id: Some(application_id.to_string()),
            child_id: Some(child_id),
            detail: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(application_id)
}

/// One application with its package priced now, for the school or the council. The read is
/// audited against the child.
pub async fn application(store: &Store, actor: &Actor, application_id: i64) -> Result<Application> {
    let mut tx = store.begin().await?;
    let row = open_application(&mut tx, actor, application_id).await?;
    let child_id = row.child_id;
    let out = super::load(&mut tx, actor, row).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "topup.read",
            record_type: "topup_application",
            record_id: Some(application_id.to_string()),
            child_id: Some(child_id),
            detail: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(out)
}

/// A draft opened for a change by its school, with its model and package.
struct Draft {
    tx: Tx,
    row: TopupApplicationRow,
    model: std::sync::Arc<CostingModel>,
    package: Package,
}

async fn open_draft(store: &Store, actor: &Actor, application_id: i64) -> Result<Draft> {
    let mut tx = store.begin().await?;
    let row = open_application(&mut tx, actor, application_id).await?;
    policy::authorise(
        actor,
        Action::ApplyForTopUp {
            setting_id: Some(row.setting_id),
        },
    )?;
    if row.state != ApplicationState::Draft.code() {
        return Err(AppError::Conflict(
            "this application has been submitted and can no longer be changed".into(),
        ));
    }
    let model = models::model_by_key(&mut tx, actor.la_id(), row.model_key).await?;
    let package = super::package_of(&row)?;
    Ok(Draft {
        tx,
        row,
        model,
        package,
    })
}

/// Re-prices the package, saves the draft and audits the change.
async fn save_draft(mut d: Draft, actor: &Actor, action: &str, now: DateTime<Utc>) -> Result<()> {
    let pricing = price(&d.model, &d.package).map_err(AppError::Invalid)?;
    d.row.indicative_pence = pricing.annual.map(|p| p.0);
    d.row.package = serde_json::to_string(&d.package)
        .map_err(|e| store::StoreError::corrupt("topup_applications", e.to_string()))?;
    d.row.updated_at = now;
    d.tx.update_record(&d.row).await?;
    audit::record(
        &mut d.tx,
        actor,
        Audited {
            action,
            record_type: "topup_application",
            record_id: Some(d.row.application_id.to_string()),
            child_id: Some(d.row.child_id),
            detail: None,
        },
    )
    .await?;
    d.tx.commit().await?;
    Ok(())
}

/// What saving a needs page did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedsSaved {
    /// Saved; `removed` provisions of the sub-area went with a lower level.
    Saved { removed: usize },
    /// Not saved: the level would go down and the sub-area's `provisions` would be removed, so
    /// the SENCO is asked first (funding-bristol.md §2.4).
    ConfirmRemoval { provisions: usize },
}

/// Replaces the need statements chosen in one sub-area (§2.1).
pub async fn save_needs(
    store: &Store,
    actor: &Actor,
    application_id: i64,
    sub_area: &str,
    chosen: &[String],
    confirm_removal: bool,
    now: DateTime<Utc>,
) -> Result<NeedsSaved> {
    let mut d = open_draft(store, actor, application_id).await?;
    let ids: Vec<&str> = chosen.iter().map(String::as_str).collect();
    let change = d.package.choose_needs(&d.model, sub_area, &ids)?;
    let provisions = d
        .package
        .provisions
        .iter()
        .filter(|c| c.sub_area == sub_area)
        .count();
    let mut removed = 0;
    if change.lowered() && provisions > 0 {
        if !confirm_removal {
            return Ok(NeedsSaved::ConfirmRemoval { provisions });
        }
        removed = d.package.remove_sub_area_provisions(sub_area);
    }
    save_draft(d, actor, "topup.needs", now).await?;
    Ok(NeedsSaved::Saved { removed })
}

/// Replaces the provisions chosen in one sub-area: each must be offered there at the
/// sub-area's need level, at most one of each provision type (§2.3). Funding is asked for each
/// new choice until the SENCO unticks it on the review.
pub async fn save_provisions(
    store: &Store,
    actor: &Actor,
    application_id: i64,
    sub_area: &str,
    chosen: &[String],
    now: DateTime<Utc>,
) -> Result<()> {
    let mut d = open_draft(store, actor, application_id).await?;
    let level = d.package.need_level(&d.model, sub_area);
    let Some(level) = level.filter(|l| l.opens_provision()) else {
        return Err(FieldError::new(
            "provisions",
            "choose the pupil's needs in this area first; provisions open at a level of need \
             above ordinarily available",
        )
        .into());
    };
    let offered = d.model.offered(sub_area, level).unwrap_or_default();
    let mut types = Vec::new();
    let mut choices = Vec::new();
    for id in chosen.iter().filter(|id| !id.is_empty()) {
        let Some(p) = offered.iter().find(|p| &p.id == id) else {
            return Err(FieldError::new(
                "provisions",
                format!("{id} is not offered for this area at this level of need"),
            )
            .into());
        };
        if types.contains(&p.type_id) {
            return Err(FieldError::new(
                "provisions",
                format!("choose one provision of the type “{}”", p.type_label),
            )
            .into());
        }
        types.push(p.type_id.clone());
        let asked = d
            .package
            .provisions
            .iter()
            .find(|c| c.sub_area == sub_area && &c.provision == id)
            .is_none_or(|c| c.funding);
        choices.push(Choice {
            funding: asked,
            ..Choice::new(id, sub_area)
        });
    }
    d.package.remove_sub_area_provisions(sub_area);
    d.package.provisions.extend(choices);
    save_draft(d, actor, "topup.provisions", now).await
}

/// Sets which provisions funding is asked for (§3.3), as `(provision, sub_area)` pairs.
pub async fn ask_funding(
    store: &Store,
    actor: &Actor,
    application_id: i64,
    ticked: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<()> {
    let mut d = open_draft(store, actor, application_id).await?;
    let ticked: Vec<(&str, &str)> = ticked
        .iter()
        .map(|(p, s)| (p.as_str(), s.as_str()))
        .collect();
    d.package.request_funding(&ticked);
    save_draft(d, actor, "topup.funding", now).await
}

/// Saves what the school does now and why the pupil needs more.
pub async fn save_summary(
    store: &Store,
    actor: &Actor,
    application_id: i64,
    summary: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let summary = summary.trim();
    if summary.chars().count() > MAX_SUMMARY_CHARS {
        return Err(FieldError::new(
            "summary",
            format!("write {MAX_SUMMARY_CHARS} characters or fewer"),
        )
        .into());
    }
    let mut d = open_draft(store, actor, application_id).await?;
    d.row.summary = summary.into();
    save_draft(d, actor, "topup.summary", now).await
}

/// Records the head teacher's agreement to the application.
pub async fn confirm_head_teacher(
    store: &Store,
    actor: &Actor,
    application_id: i64,
    name: &str,
    agreed: bool,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut problems = Vec::new();
    let name = name.trim();
    if name.is_empty() {
        problems.push(FieldError::new(
            "head_teacher",
            "enter the head teacher's name",
        ));
    }
    if !agreed {
        problems.push(FieldError::new(
            "agreed",
            "confirm that the head teacher has agreed to the application",
        ));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let mut d = open_draft(store, actor, application_id).await?;
    d.row.head_teacher = Some(name.into());
    d.row.head_teacher_confirmed_on = Some(today);
    save_draft(d, actor, "topup.head_teacher", now).await
}

/// Attaches evidence to a draft: a document on the pupil's file, marked as this application's.
pub async fn attach_evidence(
    store: &Store,
    documents: &DocumentStore,
    actor: &Actor,
    application_id: i64,
    new: NewDocument,
) -> Result<i64> {
    let d = open_draft(store, actor, application_id).await?;
    let child_id = d.row.child_id;
    let new = NewDocument {
        kind: "evidence".into(),
        advice_id: None,
        ..new
    };
    let links = Links {
        topup_application_id: Some(application_id),
        ..Links::default()
    };
    store_document(store, documents, actor, (d.tx, child_id), new, Ok(links)).await
}

/// Sends the application to the council, if it is complete; the SEND managers are told.
pub async fn submit(
    store: &Store,
    actor: &Actor,
    application_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut d = open_draft(store, actor, application_id).await?;
    let pricing = price(&d.model, &d.package);
    check_submission(Readiness {
        has_summary: !d.row.summary.trim().is_empty(),
        provisions_asked: d.package.funded().count(),
        priced_or_costed_by_panel: pricing.as_ref().is_ok_and(|p| p.breaches.is_empty()),
        head_teacher_confirmed: d.row.head_teacher_confirmed_on.is_some(),
    })
    .map_err(AppError::Invalid)?;
    d.row.state = ApplicationState::Submitted.code().into();
    d.row.submitted_at = Some(now);
    let la_id = actor.la_id();
    let notice = submitted_notice(la_id, application_id, d.row.child_id);
    for staff_id in
        d.tx.staff_with_role(la_id, domain::Role::SendManager.code())
            .await?
    {
        notify::notify(&mut d.tx, la_id, Recipient::Staff(staff_id), &notice, now).await?;
    }
    save_draft(d, actor, "topup.submit", now).await
}

/// Withdraws an application the panel has not heard: a draft, or one submitted and not yet
/// listed. The school says so; the council keeps the record.
pub async fn withdraw(
    store: &Store,
    actor: &Actor,
    application_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut tx = store.begin().await?;
    let mut row = open_application(&mut tx, actor, application_id).await?;
    policy::authorise(
        actor,
        Action::ApplyForTopUp {
            setting_id: Some(row.setting_id),
        },
    )?;
    let state: ApplicationState = row.state.parse()?;
    if !state.may_withdraw() {
        return Err(AppError::Conflict(
            "an application listed at a panel or decided cannot be withdrawn".into(),
        ));
    }
    row.state = ApplicationState::Withdrawn.code().into();
    row.updated_at = now;
    tx.update_record(&row).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "topup.withdraw",
            record_type: "topup_application",
            record_id: Some(application_id.to_string()),
            child_id: Some(row.child_id),
            detail: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// To the SEND managers: a school has submitted an application (no child named, as every
/// notice; see `crate::notify`).
fn submitted_notice(la_id: i64, application_id: i64, child_id: i64) -> Notice {
    let reference = application_reference(la_id, application_id);
    Notice {
        subject: format!("Top-up application {reference} submitted"),
        what_changed: format!("A school has submitted top-up application {reference}."),
        what_next: "List it at a funding panel meeting.".into(),
        link: format!("/topup/{application_id}"),
        child_id: Some(child_id),
    }
}
