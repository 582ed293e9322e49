//! The demo council: a synthetic council written into the database, and a sign-in for each
//! staff role. Only the operator may do this, and it empties the council's data first, so it is
//! meant for fictional Exampleshire or a copy of a real council's shape on a demo database.

use domain::Role;
use store::{
    ChildNeedRow, ChildRow, CouncilCounts, PlacementRow, PlanRow, RequestRow, SenProvisionRow,
    SettingRow, Store, Tx,
};

use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::councils::council_row;
use crate::demo_casework;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};
use crate::staff::{NewStaff, add_staff};

/// Rows written per statement batch between progress reports.
const CHUNK: usize = 5_000;

/// Writes a synthetic council, replacing whatever that council held, in one transaction: a
/// failure leaves the council as it was. `progress` is told how many rows each batch wrote.
pub async fn seed_council(
    store: &Store,
    actor: &Actor,
    council: &synth::Council,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<CouncilCounts> {
    policy::authorise(actor, Action::SeedDemoCouncil)?;
    if actor.la != council.la.code {
        return Err(AppError::Forbidden(format!(
            "load council {} while acting in {}",
            council.la.code, actor.la
        )));
    }
    let la_id = i64::from(council.la.code.get());
    let mut tx = store.begin().await?;
    tx.upsert_local_authorities(&[council_row(&council.la)])
        .await?;
    tx.empty_council(la_id).await?;
    // Parents first, then fresh planner statistics, then the rows that refer to them.
    write_settings(&mut tx, la_id, council, progress).await?;
    write_children(&mut tx, la_id, council, progress).await?;
    tx.refresh_statistics().await?;
    write_needs(&mut tx, la_id, council, progress).await?;
    write_casework(&mut tx, la_id, council, progress).await?;
    demo_casework::write_caseworkers(&mut tx, la_id, council, progress).await?;
    // The events refer to requests, plans and staff: the planner needs their sizes too.
    tx.refresh_statistics().await?;
    demo_casework::write_events(&mut tx, la_id, council, progress).await?;
    demo_casework::write_cases(&mut tx, la_id, council, progress).await?;
    // Later ids continue after the synthetic ones (staff added afterwards, such as the demo
    // sign-ins, come after the synthetic caseworkers).
    let used = [
        ("settings", council.settings.len()),
        (
            "setting_provisions",
            council.settings.iter().map(|s| s.provisions.len()).sum(),
        ),
        ("children", council.children.len()),
        ("requests", council.requests.len()),
        ("plans", council.plans.len()),
        ("placements", council.placements.len()),
    ];
    for (kind, used) in used.into_iter().chain(demo_casework::used_ids(council)) {
        tx.allocate_ids(la_id, kind, i64::try_from(used).unwrap_or(i64::MAX))
            .await?;
    }
    // The Schools Forum, its members representing the council's own schools.
    let settings = tx.settings(la_id).await?;
    crate::demo_governance::write_forum(&mut tx, la_id, council.today, &settings).await?;
    crate::demo_plans::write_plan(&mut tx, la_id, council.today).await?;
    // Each case's stage and next deadline, from the events just written.
    crate::casework::refresh_all_cases(&mut tx, la_id).await?;
    // PostgreSQL plans the work tray and dashboard queries from these tables' statistics; without
    // fresh ones after a bulk load it reads whole tables until autovacuum catches up.
    tx.refresh_casework_statistics().await?;
    let counts = tx.council_counts(la_id).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "council.seed_demo",
            record_type: "council",
            record_id: Some(council.la.code.to_string()),
            child_id: None,
            detail: Some(format!(
                "synthetic council calibrated on {}: {} children, {} plans",
                council.calibration_source, counts.children, counts.plans
            )),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(counts)
}

async fn write_settings(
    tx: &mut Tx,
    la_id: i64,
    council: &synth::Council,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<()> {
    let settings: Vec<SettingRow> = council
        .settings
        .iter()
        .map(|s| SettingRow {
            la_id,
            setting_id: s.id,
            urn: s.urn.map(|u| i64::from(u.get())),
            ukprn: s.ukprn.map(|u| i64::from(u.get())),
            name: s.name.clone(),
            phase: s.phase.code().into(),
            setting_type: s.setting_type.code().into(),
            area: s.area.clone(),
            in_area: s.in_area,
            postcode: Some(s.postcode.as_str().to_string()),
        })
        .collect();
    for chunk in settings.chunks(CHUNK) {
        progress(tx.insert_settings(chunk).await?);
    }
    let provisions: Vec<SenProvisionRow> = council
        .settings
        .iter()
        .flat_map(|s| {
            s.provisions.iter().map(move |p| SenProvisionRow {
                la_id,
                provision_id: p.id,
                setting_id: s.id,
                kind: p.kind.code().into(),
                need_focus: p.need_focus.map(|n| n.code().to_string()),
                places: i64::from(p.places),
            })
        })
        .collect();
    for chunk in provisions.chunks(CHUNK) {
        progress(tx.insert_sen_provisions(chunk).await?);
    }
    Ok(())
}

async fn write_children(
    tx: &mut Tx,
    la_id: i64,
    council: &synth::Council,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<()> {
    for chunk in council.children.chunks(CHUNK) {
        let children: Vec<ChildRow> = chunk
            .iter()
            .map(|c| ChildRow {
                la_id,
                child_id: c.id,
                forename: c.forename.clone(),
                surname: c.surname.clone(),
                birth_date: c.birth_date,
                sex: c.sex.code().into(),
                ethnicity: Some(c.ethnicity.code().into()),
                postcode: Some(c.postcode.as_str().to_string()),
                address_line: Some(c.address_line.clone()),
                upn: c.upn.as_ref().map(|u| u.as_str().to_string()),
                uln: c.uln.map(|u| u.to_string()),
                upn_unknown: c.upn_unknown.map(|u| u.code().to_string()),
            })
            .collect();
        progress(tx.insert_children(&children).await?);
    }
    Ok(())
}

async fn write_needs(
    tx: &mut Tx,
    la_id: i64,
    council: &synth::Council,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<()> {
    for chunk in council.children.chunks(CHUNK) {
        let needs: Vec<ChildNeedRow> = chunk
            .iter()
            .flat_map(|c| {
                c.needs
                    .iter()
                    .zip(1i64..)
                    .map(move |(t, rank)| ChildNeedRow {
                        la_id,
                        child_id: c.id,
                        rank,
                        sen_type: t.code().into(),
                    })
            })
            .collect();
        progress(tx.insert_child_needs(&needs).await?);
    }
    Ok(())
}

async fn write_casework(
    tx: &mut Tx,
    la_id: i64,
    council: &synth::Council,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<()> {
    for chunk in council.requests.chunks(CHUNK) {
        let rows: Vec<RequestRow> = chunk
            .iter()
            .map(|r| RequestRow {
                la_id,
                request_id: r.id,
                child_id: r.child_id,
                received_on: r.received_on,
                source: r.source.into(),
                outcome: r.outcome.code().into(),
                outcome_on: r.outcome_on,
                assessment_outcome: r.assessment_outcome.map(|a| a.code().to_string()),
                assessment_outcome_on: r.assessment_outcome_on,
                week20_exception: r.week20_exception,
                decision_reasons: r.decision_reasons.map(Into::into),
                draft_issued_on: r.draft_issued_on,
                comments_received_on: r.comments_received_on,
            })
            .collect();
        progress(tx.insert_requests(&rows).await?);
    }
    for chunk in council.plans.chunks(CHUNK) {
        let rows: Vec<PlanRow> = chunk
            .iter()
            .map(|p| PlanRow {
                la_id,
                plan_id: p.id,
                child_id: p.child_id,
                request_id: p.request_id,
                start_on: p.start_on,
                cease_on: p.cease_on,
                cease_reason: p.cease_reason.map(|c| c.code().to_string()),
                cease_notice_on: p.cease_notice_on,
                transferred_in_from: p.transferred_in_from.map(|c| c.to_string()),
                transferred_out_to: p.transferred_out_to.map(|c| c.to_string()),
            })
            .collect();
        progress(tx.insert_plans(&rows).await?);
    }
    for chunk in council.placements.chunks(CHUNK) {
        let rows: Vec<PlacementRow> = chunk
            .iter()
            .map(|p| PlacementRow {
                la_id,
                placement_id: p.id,
                child_id: p.child_id,
                setting_id: p.setting_id,
                sen_setting: p.sen_setting.map(|s| s.code().to_string()),
                category: p.category.column().into(),
                entry_on: p.entry_on,
                leaving_on: p.leaving_on,
                sen_unit: p.sen_unit,
                resourced_provision: p.resourced_provision,
            })
            .collect();
        progress(tx.insert_placements(&rows).await?);
    }
    Ok(())
}

/// Gives the demo council a parent (of a child under 16) and a young person (16 or over), each
/// signing in with a code sent by email. Returns (role, name, email, child id).
pub async fn create_demo_families(
    store: &Store,
    actor: &Actor,
    email_domain: &str,
    today: chrono::NaiveDate,
) -> Result<Vec<(Role, String, String, i64)>> {
    let mut tx = store.begin().await?;
    let candidates = tx.children_by_surname(actor.la_id(), "", 500).await?;
    tx.commit().await?;
    let child_aged = |young_person: bool| {
        candidates
            .iter()
            .find(|c| {
                (domain::age_on(c.birth_date, today) >= crate::families::YOUNG_PERSON_FROM_AGE)
                    == young_person
            })
            .map(|c| (c.child_id, format!("{} {}", c.forename, c.surname)))
    };
    let mut out = Vec::new();
    for (role, young_person) in [(Role::ParentCarer, false), (Role::YoungPerson, true)] {
        let Some((child_id, child_name)) = child_aged(young_person) else {
            continue;
        };
        let name = if young_person {
            child_name
        } else {
            format!("Parent of {child_name}")
        };
        let email = format!("{}@{email_domain}", role.code().replace('_', "."));
        let new = crate::families::NewFamilyMember {
            name: name.clone(),
            email: email.clone(),
            role: role.code().into(),
            child_ids: vec![child_id],
        };
        crate::families::add_family_member(store, actor, new, today).await?;
        out.push((role, name, email, child_id));
    }
    Ok(out)
}

/// A demo sign-in, printed once by `highneeds demo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSignIn {
    pub role: Role,
    pub name: String,
    pub email: String,
    pub password: String,
}

/// Creates one member of staff per staff role, each with a fresh random password. Families
/// sign in with an emailed code rather than a password, so they get no demo account here. The
/// caseworker takes over the caseload of a synthetic caseworker of their team.
pub async fn create_demo_staff(
    store: &Store,
    actor: &Actor,
    email_domain: &str,
) -> Result<Vec<DemoSignIn>> {
    let people: [(Role, &str, &str, &str); 9] = [
        (Role::LaAdmin, "Alex Admin", "Business support", "Systems"),
        (
            Role::SendCaseworker,
            "Casey Caseworker",
            "SEND casework",
            "North",
        ),
        (
            Role::SendManager,
            "Morgan Manager",
            "SEND casework",
            "Management",
        ),
        (
            Role::FinanceOfficer,
            "Frankie Finance",
            "Finance",
            "Schools finance",
        ),
        (
            Role::PanelMember,
            "Parker Panel",
            "SEND panels",
            "Assessment panel",
        ),
        (
            Role::ForumClerk,
            "Clerk Clarke",
            "Democratic services",
            "Schools Forum",
        ),
        (
            Role::ForumMember,
            "Forum Member",
            "Schools Forum",
            "Primary heads",
        ),
        (Role::Senco, "Sam SENCO", "Sampleford Primary School", "SEN"),
        (
            Role::Professional,
            "Ellis Psychologist",
            "Educational psychology",
            "EP service",
        ),
    ];
    let busiest = {
        let mut tx = store.begin().await?;
        let id = tx.busiest_setting(actor.la_id()).await?;
        let setting = match id {
            Some(id) => tx.setting(actor.la_id(), id).await?,
            None => None,
        };
        tx.commit().await?;
        setting
    };
    let mut out = Vec::new();
    for (role, name, service, team) in people {
        // The demo's SENCO works at the setting with the most pupils placed there.
        let (service, setting_ids) = match (&busiest, role) {
            (Some(s), Role::Senco) => (s.name.clone(), vec![s.setting_id]),
            (None, Role::Senco) => continue,
            _ => (service.to_string(), Vec::new()),
        };
        let password = crate::password::generate()?;
        let email = format!("{}@{email_domain}", role.code().replace('_', "."));
        let member = add_staff(
            store,
            actor,
            NewStaff {
                name: name.into(),
                email: email.clone(),
                service: Some(service),
                team: Some(team.into()),
                roles: vec![role.code().into()],
                password: Some(password.clone()),
                setting_ids,
            },
        )
        .await?;
        // The demo caseworker opens on a real tray: one synthetic caseworker's caseload.
        if role == Role::SendCaseworker {
            demo_casework::take_over_caseload(store, actor, member.staff_id, team).await?;
        }
        out.push(DemoSignIn {
            role,
            name: name.into(),
            email,
            password,
        });
    }
    Ok(out)
}
