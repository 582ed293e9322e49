//! The demo council's casework beyond requests and plans: its caseworkers, the dated events of
//! each case (advice, exceptions, reviews, phase transfers, plan versions and their text,
//! mediation and appeals) and one case row per child, written in bulk inside the seeding
//! transaction. Also hands the demo sign-in caseworker a caseload of their own.

use chrono::{NaiveDate, NaiveTime, Utc};
use domain::Role;
use store::{
    AdviceRow, CaseRow, ExceptionRow, MarkerRow, PhaseTransferRow, PlanSectionRow, PlanVersionRow,
    Record, ReviewRow, StaffRoleRow, StaffRow, Store, Tx,
};

use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::Result;
use crate::policy::{self, Action};

/// Rows written per statement batch between progress reports.
const CHUNK: usize = 5_000;

/// Writes rows in batches, telling `progress` how many each wrote.
async fn write<R: Record>(
    tx: &mut Tx,
    rows: &[R],
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<()> {
    for chunk in rows.chunks(CHUNK) {
        progress(tx.insert_records(chunk).await?);
    }
    Ok(())
}

/// Writes the caseworkers. They have no password: they sign in once one is set for them.
pub(crate) async fn write_caseworkers(
    tx: &mut Tx,
    la_id: i64,
    council: &synth::Council,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<()> {
    let now = Utc::now();
    for w in &council.caseworkers {
        tx.insert_staff(&StaffRow {
            la_id,
            staff_id: w.id,
            name: w.name.clone(),
            email: w.email.to_lowercase(),
            service: Some("SEND casework".into()),
            team: Some(w.team.clone()),
            password_hash: None,
            created_at: now,
        })
        .await?;
    }
    let roles: Vec<StaffRoleRow> = council
        .caseworkers
        .iter()
        .map(|w| StaffRoleRow {
            la_id,
            staff_id: w.id,
            role: Role::SendCaseworker.code().into(),
        })
        .collect();
    tx.insert_staff_roles(&roles).await?;
    progress(roles.len() as u64);
    Ok(())
}

/// When a version was recorded: the morning of the day it was issued.
fn recorded_at(on: NaiveDate) -> chrono::DateTime<Utc> {
    on.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN))
        .and_utc()
}

/// Writes every case's dated events. Requests and plans must be written first.
pub(crate) async fn write_events(
    tx: &mut Tx,
    la_id: i64,
    council: &synth::Council,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<()> {
    let advice: Vec<AdviceRow> = council
        .advice
        .iter()
        .map(|a| AdviceRow {
            la_id,
            advice_id: a.id,
            request_id: a.request_id,
            child_id: a.child_id,
            service: a.service.code().into(),
            adviser: Some(a.adviser.into()),
            adviser_staff_id: None,
            requested_on: a.requested_on,
            received_on: a.received_on,
        })
        .collect();
    write(tx, &advice, progress).await?;
    drop(advice);
    let exceptions: Vec<ExceptionRow> = council
        .exceptions
        .iter()
        .map(|e| ExceptionRow {
            la_id,
            exception_id: e.id,
            request_id: e.request_id,
            child_id: e.child_id,
            reason: e.reason.code().into(),
            from_on: e.from_on,
            to_on: e.to_on,
            note: Some(e.note.to_string()).filter(|n| !n.is_empty()),
        })
        .collect();
    write(tx, &exceptions, progress).await?;
    let reviews: Vec<ReviewRow> = council
        .reviews
        .iter()
        .map(|r| ReviewRow {
            la_id,
            review_id: r.id,
            plan_id: r.plan_id,
            child_id: r.child_id,
            meeting_on: r.meeting_on,
            decision: r.decision.map(|d| d.code().to_string()),
            decision_on: r.decision_on,
            amendments_proposed_on: r.amendments_proposed_on,
            amended_plan_issued_on: r.amended_plan_issued_on,
        })
        .collect();
    write(tx, &reviews, progress).await?;
    drop(reviews);
    let transfers: Vec<PhaseTransferRow> = council
        .phase_transfers
        .iter()
        .map(|t| PhaseTransferRow {
            la_id,
            transfer_id: t.id,
            plan_id: t.plan_id,
            child_id: t.child_id,
            kind: t.kind_code().into(),
            transfer_year: t.transfer_year().map(i64::from),
            transfer_on: t.transfer_on(),
            amended_on: t.amended_on,
            next_setting_id: t.next_setting_id,
        })
        .collect();
    write(tx, &transfers, progress).await?;
    let versions: Vec<PlanVersionRow> = council
        .plan_versions
        .iter()
        .map(|v| PlanVersionRow {
            la_id,
            version_id: v.id,
            child_id: v.child_id,
            request_id: v.request_id,
            plan_id: v.plan_id,
            version_no: v.version_no,
            status: v.status.code().into(),
            issued_on: v.issued_on,
            named_setting_id: v.named_setting_id,
            changed_sections: v.changed_sections.into(),
            change_summary: v.change_summary.into(),
            author_staff_id: v.author_id,
            recorded_at: recorded_at(v.issued_on),
        })
        .collect();
    write(tx, &versions, progress).await?;
    drop(versions);
    let sections: Vec<PlanSectionRow> = council
        .plan_versions
        .iter()
        .flat_map(|v| {
            synth::PLAN_SECTIONS
                .iter()
                .zip(&v.sections)
                .map(move |(section, body)| PlanSectionRow {
                    la_id,
                    version_id: v.id,
                    section: (*section).into(),
                    body: body.clone(),
                })
        })
        .collect();
    write(tx, &sections, progress).await?;
    drop(sections);
    let markers: Vec<MarkerRow> = council
        .markers
        .iter()
        .map(|m| MarkerRow {
            la_id,
            marker_id: m.id,
            child_id: m.child_id,
            kind: m.kind.code().into(),
            opened_on: m.opened_on,
            closed_on: m.closed_on,
            outcome: m.outcome.map(Into::into),
        })
        .collect();
    write(tx, &markers, progress).await?;
    Ok(())
}

/// Writes one case row per child with a request or a plan, with its caseworker. The stage and
/// next deadline are left for the clock to work out once every event is in.
pub(crate) async fn write_cases(
    tx: &mut Tx,
    la_id: i64,
    council: &synth::Council,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<()> {
    let now = Utc::now();
    let cases: Vec<CaseRow> = council
        .case_owners
        .iter()
        .map(|o| CaseRow {
            la_id,
            child_id: o.child_id,
            caseworker_id: Some(o.caseworker_id),
            stage: "pending".into(),
            next_due_on: None,
            next_due_kind: None,
            updated_at: now,
        })
        .collect();
    write(tx, &cases, progress).await
}

/// The id kinds the events use, with how many of each the council holds, to reserve after
/// seeding so later ids continue after the synthetic ones.
pub(crate) fn used_ids(council: &synth::Council) -> [(&'static str, usize); 7] {
    [
        ("staff", council.caseworkers.len()),
        ("advice", council.advice.len()),
        ("exceptions", council.exceptions.len()),
        ("reviews", council.reviews.len()),
        ("phase_transfers", council.phase_transfers.len()),
        ("plan_versions", council.plan_versions.len()),
        ("markers", council.markers.len()),
    ]
}

/// Gives the demo sign-in caseworker a caseload: every case of the synthetic caseworker of the
/// same team with the lowest staff id (or of any team, if none shares theirs) moves to them,
/// so the demo opens on a typical tray. Returns how many cases moved.
pub(crate) async fn take_over_caseload(
    store: &Store,
    actor: &Actor,
    staff_id: i64,
    team: &str,
) -> Result<usize> {
    policy::authorise(actor, Action::SeedDemoCouncil)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let cases: Vec<CaseRow> = tx.records_of_council(la_id).await?;
    let holders: std::collections::BTreeSet<i64> = cases
        .iter()
        .filter_map(|c| c.caseworker_id)
        .filter(|&id| id != staff_id)
        .collect();
    let same_team = tx
        .staff_list(la_id)
        .await?
        .into_iter()
        .filter(|s| s.team.as_deref() == Some(team) && holders.contains(&s.staff_id))
        .map(|s| s.staff_id)
        .min();
    let Some(from) = same_team.or_else(|| holders.first().copied()) else {
        tx.commit().await?;
        return Ok(0);
    };
    let mut moved = 0;
    for case in cases.into_iter().filter(|c| c.caseworker_id == Some(from)) {
        tx.update_record(&CaseRow {
            caseworker_id: Some(staff_id),
            ..case
        })
        .await?;
        moved += 1;
    }
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "cases.reassign",
            record_type: "staff",
            record_id: Some(staff_id.to_string()),
            child_id: None,
            detail: Some(format!(
                "the demo caseworker takes over the {moved} cases of staff {from}"
            )),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(moved)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use store::testing::TestDb;
    use store::{Engine, PlanSectionRow};

    use super::*;

    async fn the_demo_council_holds_its_casework_and_the_demo_caseworker_a_caseload(
        engine: Engine,
    ) {
        let db = TestDb::new(engine).await;
        let tables = synth::DfeTables::embedded().unwrap();
        let la = synth::LocalAuthority::exampleshire();
        let cal = tables.calibrate(None).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let council = synth::generate_to(&la, &cal, 600, 3, today);
        let actor = Actor::operator(la.code);
        let la_id = actor.la_id();
        crate::demo::seed_council(&db.store, &actor, &council, &mut |_| {})
            .await
            .unwrap();
        let mut tx = db.store.begin().await.unwrap();
        let advice: Vec<AdviceRow> = tx.records_of_council(la_id).await.unwrap();
        let exceptions: Vec<ExceptionRow> = tx.records_of_council(la_id).await.unwrap();
        let reviews: Vec<ReviewRow> = tx.records_of_council(la_id).await.unwrap();
        let transfers: Vec<PhaseTransferRow> = tx.records_of_council(la_id).await.unwrap();
        let versions: Vec<PlanVersionRow> = tx.records_of_council(la_id).await.unwrap();
        let sections: Vec<PlanSectionRow> = tx.records_of_council(la_id).await.unwrap();
        let markers: Vec<MarkerRow> = tx.records_of_council(la_id).await.unwrap();
        let cases: Vec<CaseRow> = tx.records_of_council(la_id).await.unwrap();
        assert_eq!(
            [
                advice.len(),
                exceptions.len(),
                reviews.len(),
                transfers.len(),
                versions.len(),
                sections.len(),
                markers.len(),
                cases.len(),
            ],
            [
                council.advice.len(),
                council.exceptions.len(),
                council.reviews.len(),
                council.phase_transfers.len(),
                council.plan_versions.len(),
                council.plan_versions.len() * synth::PLAN_SECTIONS.len(),
                council.markers.len(),
                council.case_owners.len(),
            ]
        );
        assert!(!reviews.is_empty() && !advice.is_empty() && !versions.is_empty());
        assert!(cases.iter().all(|c| c.caseworker_id.is_some()));
        // The clock finds cases at each stage, and keeps the caseworkers.
        crate::casework::refresh_all_cases(&mut tx, la_id)
            .await
            .unwrap();
        let cases: Vec<CaseRow> = tx.records_of_council(la_id).await.unwrap();
        assert!(cases.iter().all(|c| c.caseworker_id.is_some()));
        let stages: std::collections::BTreeSet<&str> =
            cases.iter().map(|c| c.stage.as_str()).collect();
        for stage in [
            "awaiting_decision",
            "assessing",
            "draft_plan",
            "plan_in_force",
            "reviewing",
            "closed",
        ] {
            assert!(stages.contains(stage), "no case at {stage}: {stages:?}");
        }
        tx.commit().await.unwrap();

        crate::demo::create_demo_staff(&db.store, &actor, "demo.highneeds.invalid")
            .await
            .unwrap();
        let mut tx = db.store.begin().await.unwrap();
        let staff = tx.staff_list(la_id).await.unwrap();
        let demo = tx
            .staff_by_email(la_id, "send.caseworker@demo.highneeds.invalid")
            .await
            .unwrap()
            .unwrap();
        // The sign-ins come after the synthetic caseworkers, whose ids they do not reuse.
        assert!(demo.staff_id > council.caseworkers.len() as i64);
        assert_eq!(staff.len(), council.caseworkers.len() + 9);
        let cases: Vec<CaseRow> = tx.records_of_council(la_id).await.unwrap();
        let held = cases
            .iter()
            .filter(|c| c.caseworker_id == Some(demo.staff_id))
            .count();
        assert!(held > 0, "the demo caseworker holds no cases");
        tx.commit().await.unwrap();
        db.cleanup().await;
    }

    #[tokio::test]
    async fn on_sqlite() {
        the_demo_council_holds_its_casework_and_the_demo_caseworker_a_caseload(Engine::Sqlite)
            .await;
    }

    #[tokio::test]
    async fn on_postgres() {
        the_demo_council_holds_its_casework_and_the_demo_caseworker_a_caseload(Engine::Postgres)
            .await;
    }
}
