//! A case taken through the statutory process with the app's use cases, on both engines: what
//! the caseworker records, what the clock and the work tray then say, and what is refused.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use app::casework::plans::{FinalPlan, PlanText, issue_draft, issue_final, record_comments};
use app::casework::requests::{
    NewAdvice, NewException, NewRequest, RequestDecision, decide_request, record_advice_received,
    record_exception, record_request, request_advice,
};
use app::casework::reviews::{ReviewOutcome, decide_review, record_review_meeting};
use app::casework::tray::{TrayQuery, caseload_overview, work_tray};
use app::casework::{panels, view_case};
use app::children::{NewChild, register_child};
use app::staff::{NewStaff, add_staff};
use app::{Actor, AppError};
use chrono::NaiveDate;
use domain::clock::{DeadlineKind, DeadlineState, Stage};
use domain::{LaCode, Role};
use store::{SettingRow, Store};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const TODAY: &str = "2026-11-23";

struct Council {
    operator: Actor,
    caseworker: Actor,
    manager: Actor,
    child_id: i64,
    setting_id: i64,
}

async fn council(store: &Store) -> Council {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.insert_settings(&[SettingRow {
        la_id: 801,
        setting_id: 7,
        urn: Some(990_007),
        ukprn: None,
        name: "Hillside Primary".into(),
        phase: "primary".into(),
        setting_type: "mainstream_la_maintained".into(),
        area: "North".into(),
        in_area: true,
        postcode: None,
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let la = LaCode::new(801).unwrap();
    let operator = Actor::operator(la);
    let admin = Actor::staff(la, 0, vec![Role::LaAdmin], "test");
    let mut staff = Vec::new();
    for (name, role) in [
        ("Casey Worker", "send_caseworker"),
        ("Morgan Manager", "send_manager"),
    ] {
        let member = add_staff(
            store,
            &admin,
            NewStaff {
                name: name.into(),
                email: format!("{}@example.test", role),
                roles: vec![role.into()],
                ..Default::default()
            },
        )
        .await
        .unwrap();
        staff.push(member.staff_id);
    }
    let child_id = register_child(
        store,
        &operator,
        NewChild {
            forename: "Ada".into(),
            surname: "Testcase".into(),
            birth_date: "2018-02-10".into(),
            sex: "F".into(),
            upn_unknown: Some("UN1".into()),
            needs: vec!["ASD".into()],
            ..Default::default()
        },
        d(TODAY),
    )
    .await
    .unwrap();
    Council {
        caseworker: Actor::staff(la, staff[0], vec![Role::SendCaseworker], "test"),
        manager: Actor::staff(la, staff[1], vec![Role::SendManager], "test"),
        operator,
        child_id,
        setting_id: 7,
    }
}

fn sections(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect()
}

async fn a_case_runs_from_request_to_an_amended_plan(store: &Store) {
    let c = council(store).await;
    let today = d(TODAY);
    let (cw, child) = (&c.caseworker, c.child_id);
    record_request(
        store,
        cw,
        child,
        NewRequest {
            received_on: "2026-03-02".into(),
            source: "parent".into(),
        },
        today,
    )
    .await
    .unwrap();
    let case = view_case(store, cw, child, today).await.unwrap();
    let clock = case.clock.unwrap();
    assert_eq!(clock.stage, Stage::AwaitingDecision);
    // 6 weeks from 2 March 2026 is 13 April (reg 5(1)); by today it is overdue.
    let next = clock.next.unwrap();
    assert_eq!(
        (next.kind, next.due),
        (DeadlineKind::DecisionToAssess, d("2026-04-13"))
    );
    assert_eq!(case.caseworker.as_deref(), Some("Casey Worker"));

    // A bad date is refused, naming the field; nothing changes.
    let err = decide_request(
        store,
        cw,
        child,
        RequestDecision {
            decided_on: "2026-02-30".into(),
            outcome: "refuse".into(),
            reasons: String::new(),
        },
        today,
    )
    .await
    .unwrap_err();
    let AppError::Invalid(problems) = err else {
        panic!("{err:?}")
    };
    let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, ["reasons", "decided_on"]);

    decide_request(
        store,
        cw,
        child,
        RequestDecision {
            decided_on: "2026-04-10".into(),
            outcome: "assess".into(),
            reasons: "Needs the school cannot meet from its own resources".into(),
        },
        today,
    )
    .await
    .unwrap();
    let mut advice_ids = Vec::new();
    for service in ["educational_psychology", "health"] {
        advice_ids.push(
            request_advice(
                store,
                cw,
                child,
                NewAdvice {
                    service: service.into(),
                    adviser: "North team".into(),
                    adviser_staff_id: None,
                    requested_on: "2026-04-13".into(),
                },
                today,
            )
            .await
            .unwrap(),
        );
    }
    record_advice_received(store, cw, child, advice_ids[0], "2026-05-20", today)
        .await
        .unwrap();
    record_advice_received(store, cw, child, advice_ids[1], "2026-06-01", today)
        .await
        .unwrap();
    issue_draft(
        store,
        cw,
        child,
        PlanText {
            issued_on: "2026-06-15".into(),
            sections: sections(&[("A", "Ada loves trains."), ("F", "Daily small-group work.")]),
            summary: String::new(),
        },
        today,
    )
    .await
    .unwrap();
    // Too early: the family has 15 days to comment (reg 13(1)).
    let early = issue_final(
        store,
        cw,
        child,
        FinalPlan {
            text: PlanText {
                issued_on: "2026-06-20".into(),
                ..Default::default()
            },
            named_setting_id: Some(c.setting_id),
        },
        today,
    )
    .await
    .unwrap_err();
    assert!(early.to_string().contains("2026-06-30"), "{early}");
    record_comments(store, cw, child, "2026-06-25", today)
        .await
        .unwrap();
    issue_final(
        store,
        cw,
        child,
        FinalPlan {
            text: PlanText {
                issued_on: "2026-07-10".into(),
                sections: sections(&[("F", "Daily small-group work and speech therapy.")]),
                summary: "Final after comments".into(),
            },
            named_setting_id: Some(c.setting_id),
        },
        today,
    )
    .await
    .unwrap();
    let case = view_case(store, cw, child, today).await.unwrap();
    let clock = case.clock.as_ref().unwrap();
    assert_eq!(clock.stage, Stage::PlanInForce);
    let state = |kind| {
        clock
            .deadlines
            .iter()
            .find(|d| d.kind == kind)
            .map(|d| d.state)
    };
    // Request 2 March, final 10 July: 130 days, within 20 weeks (reg 13(2)).
    assert_eq!(
        state(DeadlineKind::FinalPlan),
        Some(DeadlineState::MetOnTime)
    );
    assert_eq!(
        state(DeadlineKind::Advice(domain::clock::AdviceService::Health)),
        Some(DeadlineState::MetLate)
    );
    assert_eq!(
        case.child.current_setting.as_deref(),
        Some("Hillside Primary")
    );
    assert_eq!(case.versions.len(), 2);
    assert_eq!(case.versions[1].row.status, "final");
    assert_eq!(case.versions[1].row.changed_sections, "F,I");
    let f = case.versions[1]
        .sections
        .iter()
        .find(|s| s.section == "F")
        .unwrap();
    assert!(f.body.contains("speech therapy"));

    record_review_meeting(store, cw, child, "2026-11-02", today)
        .await
        .unwrap();
    decide_review(
        store,
        cw,
        child,
        ReviewOutcome {
            decision: "amend".into(),
            decided_on: "2026-11-20".into(),
            amendments: PlanText {
                sections: sections(&[("E", "Travel to school independently.")]),
                ..Default::default()
            },
        },
        today,
    )
    .await
    .unwrap();
    let case = view_case(store, cw, child, today).await.unwrap();
    let clock = case.clock.unwrap();
    assert_eq!(clock.stage, Stage::Reviewing);
    let next = clock.next.unwrap();
    // Amended plan within 8 weeks of the proposals (reg 22): 20 November + 56 days.
    assert_eq!(
        (next.kind, next.due),
        (DeadlineKind::AmendedPlan(1), d("2027-01-15"))
    );

    // The caseworker's tray has the case with that deadline; the manager sees it too.
    let tray = work_tray(store, cw, &TrayQuery::default(), today)
        .await
        .unwrap();
    assert_eq!(tray.total, 1);
    let tray = tray.cases;
    assert_eq!(tray.len(), 1);
    assert_eq!(tray[0].row.next_due_on, Some(d("2027-01-15")));
    assert_eq!(tray[0].state, Some(DeadlineState::NotYetDue));
    let everyone = TrayQuery {
        everyone: true,
        ..Default::default()
    };
    assert!(work_tray(store, cw, &everyone, today).await.is_err());
    assert_eq!(
        work_tray(store, &c.manager, &everyone, today)
            .await
            .unwrap()
            .cases
            .len(),
        1
    );
    let overview = caseload_overview(store, &c.manager, today).await.unwrap();
    assert_eq!(overview.caseloads.len(), 1);
    assert_eq!(overview.caseloads[0].open, 1);
    assert!(overview.advice.is_empty(), "all advice arrived");

    // Every step was audited against the child.
    let mut tx = store.begin().await.unwrap();
    let actions: Vec<String> = tx
        .audit_for_child(801, child, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for expected in [
        "request.record",
        "request.decide",
        "advice.request",
        "advice.receive",
        "plan.draft",
        "plan.final",
        "review.decide",
    ] {
        assert!(actions.iter().any(|a| a == expected), "{expected}");
    }
    tx.rollback().await.unwrap();
    let _ = c.operator;
}

async fn an_exception_lifts_the_20_weeks_and_sets_week20(store: &Store) {
    let c = council(store).await;
    let today = d(TODAY);
    record_request(
        store,
        &c.caseworker,
        c.child_id,
        NewRequest {
            received_on: "2026-01-05".into(),
            source: "school".into(),
        },
        today,
    )
    .await
    .unwrap();
    // Absence from the area needs at least 4 weeks (reg 10(4)(d)).
    let short = record_exception(
        store,
        &c.caseworker,
        c.child_id,
        NewException {
            reason: "absent_from_area".into(),
            from_on: "2026-02-01".into(),
            to_on: "2026-02-10".into(),
            note: String::new(),
        },
        today,
    )
    .await
    .unwrap_err();
    assert!(short.to_string().contains("to_on"), "{short}");
    record_exception(
        store,
        &c.caseworker,
        c.child_id,
        NewException {
            reason: "absent_from_area".into(),
            from_on: "2026-02-01".into(),
            to_on: "2026-03-15".into(),
            note: "Family abroad".into(),
        },
        today,
    )
    .await
    .unwrap();
    let case = view_case(store, &c.caseworker, c.child_id, today)
        .await
        .unwrap();
    assert!(case.file.requests[0].week20_exception);
    let clock = case.clock.unwrap();
    let decision = clock
        .deadlines
        .iter()
        .find(|d| d.kind == DeadlineKind::DecisionToAssess)
        .unwrap();
    assert_eq!(decision.state, DeadlineState::NotApplicable);
}

async fn others_may_not_work_on_cases(store: &Store) {
    let c = council(store).await;
    let la = LaCode::new(801).unwrap();
    let finance = Actor::staff(la, 99, vec![Role::FinanceOfficer], "test");
    let err = record_request(
        store,
        &finance,
        c.child_id,
        NewRequest {
            received_on: "2026-01-05".into(),
            source: "parent".into(),
        },
        d(TODAY),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
    assert!(matches!(
        view_case(store, &finance, c.child_id, d(TODAY))
            .await
            .unwrap_err(),
        AppError::NotFound(_)
    ));
}

async fn a_panel_decides_a_listed_case(store: &Store) {
    let c = council(store).await;
    let la = LaCode::new(801).unwrap();
    let admin = Actor::staff(la, 0, vec![Role::LaAdmin], "test");
    let mut members = Vec::new();
    for name in ["Pat Panel", "Sam Elsewhere"] {
        members.push(
            add_staff(
                store,
                &admin,
                NewStaff {
                    name: name.into(),
                    email: format!("{}@example.test", name.replace(' ', ".")),
                    roles: vec!["panel_member".into()],
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .staff_id,
        );
    }
    let manager_id = c.manager.staff_id().unwrap();
    let meeting = panels::create_meeting(
        store,
        &c.manager,
        "assessment",
        "2026-11-18",
        Some(manager_id),
        &[members[0]],
    )
    .await
    .unwrap();
    let item = panels::list_case(
        store,
        &c.manager,
        meeting,
        c.child_id,
        "Should the council assess?",
    )
    .await
    .unwrap();
    let outsider = Actor::staff(la, members[1], vec![Role::PanelMember], "test");
    assert!(matches!(
        panels::decide_item(store, &outsider, item, "agreed", "Evidence is clear")
            .await
            .unwrap_err(),
        AppError::Forbidden(_)
    ));
    let member = Actor::staff(la, members[0], vec![Role::PanelMember], "test");
    let missing = panels::decide_item(store, &member, item, "agreed", " ")
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("reasons"), "{missing}");
    panels::decide_item(store, &member, item, "agreed", "Evidence is clear")
        .await
        .unwrap();
    let shown = panels::meeting(store, &member, meeting).await.unwrap();
    assert_eq!(shown.members.len(), 2);
    assert_eq!(shown.items[0].0.decision.as_deref(), Some("agreed"));
    assert_eq!(shown.items[0].1, "Ada Testcase");
    let case = view_case(store, &c.caseworker, c.child_id, d(TODAY))
        .await
        .unwrap();
    assert_eq!(case.panel_items.len(), 1);
    assert_eq!(
        case.panel_items[0].1.as_ref().map(|m| m.held_on),
        Some(d("2026-11-18"))
    );
}

async fn an_under_five_gets_an_earlier_review_prompt_when_the_council_asks(store: &Store) {
    let c = council(store).await;
    let toddler = register_child(
        store,
        &c.operator,
        NewChild {
            forename: "Bo".into(),
            surname: "Small".into(),
            birth_date: "2024-01-15".into(),
            sex: "M".into(),
            upn_unknown: Some("UN1".into()),
            ..Default::default()
        },
        d(TODAY),
    )
    .await
    .unwrap();
    app::casework::reviews::transfer_in(
        store,
        &c.caseworker,
        toddler,
        "802",
        "2026-06-01",
        d(TODAY),
    )
    .await
    .unwrap();
    let next = |store: &Store| {
        let cw = c.caseworker.clone();
        let store = store.clone();
        async move {
            let case = view_case(&store, &cw, toddler, d(TODAY)).await.unwrap();
            let n = case.clock.unwrap().next.unwrap();
            (n.kind, n.due)
        }
    };
    // Without the prompt: the annual review, 12 months after the plan was made here (reg 15).
    assert_eq!(
        next(store).await,
        (DeadlineKind::AnnualReview(1), d("2027-06-01"))
    );
    assert!(
        app::casework::set_under_five_review_months(store, &c.caseworker, Some(4))
            .await
            .is_err()
    );
    let bad = app::casework::set_under_five_review_months(store, &c.manager, Some(14))
        .await
        .unwrap_err();
    assert!(
        bad.to_string().contains("under_five_review_months"),
        "{bad}"
    );
    app::casework::set_under_five_review_months(store, &c.manager, Some(4))
        .await
        .unwrap();
    assert_eq!(
        next(store).await,
        (DeadlineKind::UnderFiveReview(1), d("2026-10-01"))
    );
    let tray = work_tray(store, &c.caseworker, &TrayQuery::default(), d(TODAY))
        .await
        .unwrap()
        .cases;
    assert_eq!(tray[0].row.next_due_on, Some(d("2026-10-01")));
    assert_eq!(tray[0].state, Some(DeadlineState::Overdue));
}

store::on_both_engines!(
    an_under_five_gets_an_earlier_review_prompt_when_the_council_asks,
    a_case_runs_from_request_to_an_amended_plan,
    an_exception_lifts_the_20_weeks_and_sets_week20,
    others_may_not_work_on_cases,
    a_panel_decides_a_listed_case,
);
