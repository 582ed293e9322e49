//! The EHC casework CSV format, out and back in, on both engines: a hand-made council with every
//! kind of record and a synthetic council each survive a round trip into an empty database
//! unchanged, and the dashboard's measures can be worked out again from the export alone.
//! (Files with problems: `exchange_problems.rs`.)

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use app::Actor;
use app::casework::exchange::{ImportOptions, Kind, export_ehc, import_ehc};
use app::casework::plans::{FinalPlan, PlanText, issue_draft, issue_final, record_comments};
use app::casework::reassessments::{
    NewReassessmentRequest, ReassessmentDecision, decide_reassessment, issue_reassessed_plan,
    record_reassessment_request,
};
use app::casework::requests::{
    NewAdvice, NewException, NewRequest, RequestDecision, decide_no_plan, decide_request,
    record_advice_received, record_exception, record_request, request_advice,
};
use app::casework::reviews::{
    NewPhaseTransfer, ReviewOutcome, cease_plan, close_marker, complete_phase_transfer,
    decide_review, give_cease_notice, issue_amended_plan, open_marker, record_phase_transfer,
    record_review_meeting, transfer_in,
};
use app::children::{NewChild, register_child};
use chrono::{Datelike, NaiveDate};
use domain::measures::Ratio;
use domain::{CeaseReason, LaCode};
use store::testing::TestDb;
use store::{CaseRow, SettingRow, Store};

const TODAY: &str = "2026-11-23";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn op() -> Actor {
    Actor::operator(LaCode::new(801).unwrap())
}

async fn council(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn child(store: &Store, forename: &str, born: &str, upn: Option<&str>) -> i64 {
    let new = NewChild {
        forename: forename.into(),
        surname: "Exchange".into(),
        birth_date: born.into(),
        sex: "F".into(),
        upn: upn.map(Into::into),
        upn_unknown: upn.is_none().then(|| "UN1".into()),
        needs: vec!["SLCN".into(), "ASD".into()],
        ..Default::default()
    };
    register_child(store, &op(), new, d(TODAY)).await.unwrap()
}

async fn request(store: &Store, child: i64, on: &str) {
    let new = NewRequest {
        received_on: on.into(),
        source: "parent".into(),
    };
    record_request(store, &op(), child, new, d(TODAY))
        .await
        .unwrap();
}

async fn decide(store: &Store, child: i64, on: &str, outcome: &str) {
    let decision = RequestDecision {
        decided_on: on.into(),
        outcome: outcome.into(),
        reasons: "As the evidence shows".into(),
    };
    decide_request(store, &op(), child, decision, d(TODAY))
        .await
        .unwrap();
}

fn text(on: &str) -> PlanText {
    PlanText {
        issued_on: on.into(),
        sections: BTreeMap::from([("B".to_string(), format!("Needs as of {on}"))]),
        summary: String::new(),
    }
}

/// A child through to a final plan naming setting 7.
async fn planned(store: &Store, child: i64, requested: &str, draft: &str, issued: &str) {
    request(store, child, requested).await;
    let assess = d(requested) + chrono::Days::new(30);
    decide(store, child, &assess.to_string(), "assess").await;
    let (a, t) = (&op(), d(TODAY));
    issue_draft(store, a, child, text(draft), t).await.unwrap();
    let plan = FinalPlan {
        text: text(issued),
        named_setting_id: Some(7),
    };
    issue_final(store, a, child, plan, t).await.unwrap();
}

/// A council with every kind of record the format carries.
async fn hand_made(store: &Store) {
    council(store).await;
    let mut tx = store.begin().await.unwrap();
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
    tx.set_under_five_review_months(801, Some(4)).await.unwrap();
    tx.commit().await.unwrap();
    let (a, t) = (&op(), d(TODAY));

    // Ada: advice, an exception, comments, a final plan, an amended plan after review, a phase
    // transfer, notice to cease and ceasing on moving to another council.
    let ada = child(store, "Ada", "2016-02-10", Some("D801234524001")).await;
    request(store, ada, "2025-01-06").await;
    decide(store, ada, "2025-02-10", "assess").await;
    for service in ["educational_psychology", "health"] {
        let new = NewAdvice {
            service: service.into(),
            adviser: "North team, \"duty\" officer".into(),
            adviser_staff_id: None,
            requested_on: "2025-02-12".into(),
        };
        request_advice(store, a, ada, new, t).await.unwrap();
    }
    record_advice_received(store, a, ada, 1, "2025-03-20", t)
        .await
        .unwrap();
    let exception = NewException {
        reason: "personal_circumstances".into(),
        from_on: "2025-03-01".into(),
        to_on: "2025-03-10".into(),
        note: "Family bereavement,\nsee file".into(),
    };
    record_exception(store, a, ada, exception, t).await.unwrap();
    issue_draft(store, a, ada, text("2025-05-01"), t)
        .await
        .unwrap();
    record_comments(store, a, ada, "2025-05-08", t)
        .await
        .unwrap();
    let plan = FinalPlan {
        text: text("2025-05-20"),
        named_setting_id: Some(7),
    };
    issue_final(store, a, ada, plan, t).await.unwrap();
    record_review_meeting(store, a, ada, "2026-04-20", t)
        .await
        .unwrap();
    let outcome = ReviewOutcome {
        decision: "amend".into(),
        decided_on: "2026-05-05".into(),
        amendments: text("2026-05-05"),
    };
    decide_review(store, a, ada, outcome, t).await.unwrap();
    issue_amended_plan(store, a, ada, text("2026-06-10"), None, t)
        .await
        .unwrap();
    let transfer = NewPhaseTransfer {
        kind: "into_school_phase".into(),
        year: "2027".into(),
        transfer_on: String::new(),
    };
    record_phase_transfer(store, a, ada, transfer)
        .await
        .unwrap();
    complete_phase_transfer(store, a, ada, "2026-07-01", Some(7), t)
        .await
        .unwrap();
    give_cease_notice(store, a, ada, "2026-09-01", t)
        .await
        .unwrap();
    cease_plan(store, a, ada, "2026-10-01", "5", "802", t)
        .await
        .unwrap();

    // Ben refused, Cal withdrawn, Eve assessed without a plan, Gus awaiting a decision.
    let ben = child(store, "Ben", "2012-05-05", None).await;
    request(store, ben, "2026-01-05").await;
    decide(store, ben, "2026-02-02", "refuse").await;
    let cal = child(store, "Cal", "2013-06-06", None).await;
    request(store, cal, "2026-02-01").await;
    decide(store, cal, "2026-02-20", "withdrawn").await;
    let eve = child(store, "Eve", "2014-07-07", None).await;
    request(store, eve, "2026-03-02").await;
    decide(store, eve, "2026-04-01", "assess").await;
    decide_no_plan(store, a, eve, "2026-06-01", "Needs met at school", t)
        .await
        .unwrap();
    let gus = child(store, "Gus", "2015-08-08", None).await;
    request(store, gus, "2026-11-02").await;

    // Dee: a plan transferred in, a review awaiting its decision, a post-16 move coming,
    // mediation closed and an appeal open.
    let dee = child(store, "Dee", "2010-09-09", Some("G201000100001")).await;
    transfer_in(store, a, dee, "802", "2025-09-01", t)
        .await
        .unwrap();
    record_review_meeting(store, a, dee, "2026-08-20", t)
        .await
        .unwrap();
    let transfer = NewPhaseTransfer {
        kind: "secondary_to_post16".into(),
        year: "2027".into(),
        transfer_on: String::new(),
    };
    record_phase_transfer(store, a, dee, transfer)
        .await
        .unwrap();
    let mediation = open_marker(store, a, dee, "mediation", "2026-01-10", t)
        .await
        .unwrap();
    close_marker(store, a, dee, mediation, "2026-03-01", "Agreed", t)
        .await
        .unwrap();
    open_marker(store, a, dee, "tribunal", "2026-09-01", t)
        .await
        .unwrap();

    // Fay, under five, with a plan: the council's under-fives review prompt applies.
    let fay = child(store, "Fay", "2023-05-01", None).await;
    planned(store, fay, "2026-01-12", "2026-04-20", "2026-05-18").await;

    // Fay's parents ask for a re-assessment; the council re-assesses and issues the plan.
    // Dee's parent asks too, and is refused with reasons.
    let asked = |on: &str| NewReassessmentRequest {
        received_on: on.into(),
        requested_by: "parent".into(),
    };
    let decided = |decision: &str, on: &str, reasons: &str| ReassessmentDecision {
        decision: decision.into(),
        decided_on: on.into(),
        reasons: reasons.into(),
    };
    record_reassessment_request(store, a, fay, asked("2026-09-01"), t)
        .await
        .unwrap();
    decide_reassessment(store, a, fay, decided("assess", "2026-09-10", ""), t)
        .await
        .unwrap();
    issue_reassessed_plan(store, a, fay, text("2026-11-02"), None, t)
        .await
        .unwrap();
    record_reassessment_request(store, a, dee, asked("2026-10-01"), t)
        .await
        .unwrap();
    let refused = decided("refuse", "2026-10-20", "Assessed within the last 6 months");
    decide_reassessment(store, a, dee, refused, t)
        .await
        .unwrap();
}

/// Exports, imports into a fresh database on the same engine, exports again: the same file.
async fn round_trip(store: &Store, as_of: NaiveDate) -> (String, TestDb) {
    let first = export_ehc(store, &op(), as_of).await.unwrap();
    let fresh = TestDb::new(store.engine()).await;
    council(&fresh.store).await;
    let options = ImportOptions::default();
    let report = import_ehc(&fresh.store, &op(), first.csv.as_bytes(), options, d(TODAY))
        .await
        .unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.imported.children_created, first.children);
    let again = export_ehc(&fresh.store, &op(), as_of).await.unwrap();
    assert_eq!(
        first.csv, again.csv,
        "the export changed after a round trip"
    );
    // The work trays were rebuilt: every case row as in the source council.
    let cases = |s: Store| async move {
        let mut tx = s.begin().await.unwrap();
        let rows: Vec<CaseRow> = tx.records_of_council(801).await.unwrap();
        tx.commit().await.unwrap();
        let key = |c: CaseRow| (c.child_id, c.stage, c.next_due_on, c.next_due_kind);
        rows.into_iter().map(key).collect::<Vec<_>>()
    };
    assert_eq!(cases(store.clone()).await, cases(fresh.store.clone()).await);
    (first.csv, fresh)
}

/// The rows of an export as maps from column name to value, read with nothing but `csv`.
fn rows(csv_text: &str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let pairs = header.iter().zip(r.iter());
            pairs.map(|(h, v)| (h.to_string(), v.to_string())).collect()
        })
        .collect()
}

async fn every_record_kind_survives_a_round_trip(store: &Store) {
    hand_made(store).await;
    let (csv_text, fresh) = round_trip(store, d(TODAY)).await;
    let rows = rows(&csv_text);
    let kinds: BTreeSet<&str> = rows.iter().map(|r| r["record"].as_str()).collect();
    let all: BTreeSet<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
    assert_eq!(kinds, all);
    let first = &rows[0];
    assert_eq!(first["record"], "council");
    assert_eq!(first["under_five_review_months"], "4");
    // Ada's amended plan: her final plan's deadlines as of today, with their rules.
    let deadline = |kind: &str| {
        rows.iter()
            .find(|r| r["record"] == "deadline" && r["child_id"] == "1" && r["deadline"] == kind)
            .unwrap_or_else(|| panic!("no {kind} deadline for child 1"))
    };
    let decision = deadline("decision_to_assess");
    assert_eq!(
        (decision["due_on"].as_str(), decision["met_on"].as_str()),
        ("2025-02-17", "2025-02-10")
    );
    assert_eq!(
        (decision["state"].as_str(), decision["on_time"].as_str()),
        ("met_on_time", "Y")
    );
    assert!(
        decision["rule"].contains("reg. 5(1)"),
        "{}",
        decision["rule"]
    );
    let health = deadline("advice:health");
    assert_eq!(health["due_on"], "2025-03-26");
    let final_plan = deadline("final_plan");
    assert_eq!(final_plan["due_on"], "2025-05-26");
    assert_eq!(final_plan["on_time"], "Y");
    assert!(
        rows.iter()
            .any(|r| r["deadline"].starts_with("under_five_review:"))
    );
    // One audit event for the import, by the operator.
    let mut tx = fresh.store.begin().await.unwrap();
    let events = tx.audit_events(801, 100).await.unwrap();
    tx.commit().await.unwrap();
    let imports: Vec<_> = events
        .iter()
        .filter(|e| e.action == "casework.import")
        .collect();
    assert_eq!(imports.len(), 1);
    assert_eq!(imports[0].actor, "cli");
    assert!(imports[0].detail.as_deref().unwrap().contains("requests 6"));
    fresh.cleanup().await;
}

/// A small synthetic council from the generator the demo uses.
async fn synthetic(store: &Store) -> synth::Council {
    let tables = synth::DfeTables::embedded().unwrap();
    let la = LaCode::new(801).unwrap();
    let council = synth::council(&tables, Some(la), Some(150), 11).unwrap();
    app::demo::seed_council(store, &op(), &council, &mut |_| {})
        .await
        .unwrap();
    council
}

async fn a_synthetic_council_survives_a_round_trip(store: &Store) {
    let council = synthetic(store).await;
    let (csv_text, fresh) = round_trip(store, council.today).await;
    assert!(rows(&csv_text).iter().any(|r| r["record"] == "review"));
    fresh.cleanup().await;
}

/// Days from one date column of a row to another.
fn days(row: &HashMap<String, String>, from: &str, to: &str) -> i64 {
    (d(&row[to]) - d(&row[from])).num_days()
}

fn in_year(value: &str, year: i32) -> bool {
    !value.is_empty() && d(value).year() == year
}

/// Counts a ratio the DfE way: denominator the cases, numerator those that met the measure.
fn ratio<'a>(
    cases: impl Iterator<Item = &'a HashMap<String, String>>,
    met: impl Fn(&HashMap<String, String>) -> bool,
) -> Ratio {
    let mut r = Ratio::default();
    for case in cases {
        r.denominator += 1;
        r.numerator += u64::from(met(case));
    }
    r
}

async fn the_dashboard_can_be_worked_out_again_from_the_export(store: &Store) {
    let council = synthetic(store).await;
    let (csv_text, fresh) = round_trip(store, council.today).await;
    let rows = rows(&csv_text);
    let year = 2024;
    let of = |kind: &'static str| rows.iter().filter(move |r| r["record"] == kind);
    let requests: HashMap<&str, &HashMap<String, String>> = of("request")
        .map(|r| (r["record_id"].as_str(), r))
        .collect();
    // Each request with the final plan issued on it (measures by the day of issue).
    let issued: Vec<(&HashMap<String, String>, &str)> = of("plan")
        .filter(|p| !p["request_id"].is_empty())
        .map(|p| (requests[p["request_id"].as_str()], p["start_on"].as_str()))
        .filter(|(_, on)| in_year(on, year))
        .collect();
    let decided = of("request")
        .filter(|r| matches!(r["decision"].as_str(), "Y" | "N") && in_year(&r["decided_on"], year));
    let assessed = of("request").filter(|r| {
        matches!(r["assessment_outcome"].as_str(), "Y" | "N")
            && in_year(&r["assessment_outcome_on"], year)
    });
    let received = of("request")
        .filter(|r| in_year(&r["received_on"], year))
        .count() as u64;
    let within_6 = ratio(decided.clone(), |r| {
        days(r, "received_on", "decided_on") <= 42
    });
    let refused = ratio(decided, |r| r["decision"] == "N");
    let no_plan = ratio(assessed, |r| r["assessment_outcome"] == "N");
    let within_20 = |keep: &dyn Fn(&HashMap<String, String>) -> bool| {
        let mut r = Ratio::default();
        for (request, on) in issued.iter().filter(|(r, _)| keep(r)) {
            r.denominator += 1;
            r.numerator += u64::from((d(on) - d(&request["received_on"])).num_days() <= 140);
        }
        r
    };
    let incl = within_20(&|_| true);
    let excl = within_20(&|r| r["week20"] == "0");
    let meetings: Vec<_> = of("review")
        .filter(|r| in_year(&r["meeting_on"], year))
        .collect();
    let reviews = ratio(
        meetings
            .iter()
            .copied()
            .filter(|r| !r["decided_on"].is_empty()),
        |r| days(r, "meeting_on", "decided_on") <= 28,
    );
    let mut ceased: BTreeMap<String, u64> = BTreeMap::new();
    for p in of("plan").filter(|p| in_year(&p["cease_on"], year) && !p["cease_reason"].is_empty()) {
        *ceased.entry(p["cease_reason"].clone()).or_default() += 1;
    }

    for db in [store, &fresh.store] {
        let dash = app::dashboard::ehc_dashboard(db, &op(), year)
            .await
            .unwrap();
        let m = &dash.council;
        assert_eq!(m.requests_received, received);
        assert_eq!(m.decisions_within_6_weeks, within_6);
        assert_eq!(m.requests_refused, refused);
        assert_eq!(m.assessments_without_plan, no_plan);
        assert_eq!(m.within_20_weeks_incl_exceptions, incl);
        assert_eq!(m.within_20_weeks_excl_exceptions, excl);
        assert_eq!(m.review_meetings_held, meetings.len() as u64);
        assert_eq!(m.review_decisions_within_4_weeks, reviews);
        for reason in CeaseReason::ALL {
            let expected = ceased.get(reason.code()).copied().unwrap_or(0);
            assert_eq!(
                m.ceased.get(reason),
                expected,
                "ceased for reason {reason:?}"
            );
        }
    }
    // None of it is vacuous.
    for r in [within_6, refused, no_plan, incl, reviews] {
        assert!(r.denominator > 0, "an empty measure: {r:?}");
    }
    assert!(received > 0 && !ceased.is_empty());
    fresh.cleanup().await;
}

store::on_both_engines!(
    every_record_kind_survives_a_round_trip,
    a_synthetic_council_survives_a_round_trip,
    the_dashboard_can_be_worked_out_again_from_the_export,
);
