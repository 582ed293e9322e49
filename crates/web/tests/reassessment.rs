//! Re-assessing a plan in force through the real router, on both engines: a request for
//! re-assessment, the decision within 15 days (SEND Regulations 2014 reg. 25(1)) and the plan
//! within 14 weeks of the decision (reg. 27(2)), each on the case's clock, timeline and tray; a
//! refusal needs its reasons; one re-assessment runs at a time.

#![allow(clippy::unwrap_used)]

mod casework_support;

use app::Store;
use axum::http::StatusCode;
use casework_support::*;
use chrono::{Days, Local};

async fn a_plan_is_reassessed_on_its_own_clock(store: &Store) {
    let c = council(store).await;
    let cw = Caseworker {
        router: &c.router,
        cookie: sign_in(store, "casey@example.org").await,
        child: c.amara,
    };
    let today = Local::now().date_naive();
    let on = |days: u64| today - Days::new(300) + Days::new(days);

    // A plan in force, transferred in from another council.
    let fields = with_date("transferred_on", on(0), &[("from_la", "803")]);
    cw.record("transfer-in", fields, "Plan transferred in")
        .await;
    let page = cw.case().await;
    assert!(page.contains("/case/reassessment-request\""), "{page}");

    // The school asks; the council answers on day 14 of 15 and decides to re-assess.
    let fields = with_date("received_on", on(200), &[("requested_by", "school")]);
    let page = cw
        .record(
            "reassessment-request",
            fields,
            "Request for re-assessment recorded",
        )
        .await;
    let clock = page.split("Statutory clock").nth(1).unwrap();
    let row = row_with(clock, "Decide whether to re-assess (1)");
    assert!(
        row.contains(&day(on(215))) && row.contains("Overdue"),
        "15 days from the request, not yet decided: {row}"
    );
    // Only the decision is offered now: no second request.
    assert!(!page.contains("/case/reassessment-request\""), "{page}");

    // A refusal needs reasons: the form says so and nothing is saved.
    let form = cw.form("reassessment-decision").await;
    let fields = with_date("decided_on", on(214), &[("decision", "refuse")]);
    let path = format!("/children/{}/case/reassessment-decision", c.amara);
    let (status, _, page) =
        post(&c.router, &path, &cw.cookie, Some(&csrf_of(&form)), &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Give the reasons for not re-assessing"),
        "{page}"
    );
    assert!(!cw.case().await.contains("Decision not to re-assess"));

    let fields = with_date("decided_on", on(214), &[("decision", "assess")]);
    let page = cw
        .record(
            "reassessment-decision",
            fields,
            "Decision on re-assessment recorded",
        )
        .await;
    let clock = page.split("Statutory clock").nth(1).unwrap();
    assert!(row_with(clock, "Decide whether to re-assess (1)").contains("Met on time"));
    let row = row_with(clock, "Plan after re-assessment 1");
    assert!(
        row.contains(&day(on(214) + Days::new(98))),
        "14 weeks from the decision: {row}"
    );
    assert!(page.contains("/case/reassessed-plan\""), "{page}");

    // The tray shows the re-assessment as the case's next deadline, before the annual review.
    let (status, tray) = get(&c.router, "/casework", &cw.cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        row_with(&tray, "Amara").contains("Plan after re-assessment 1"),
        "{tray}"
    );

    let fields = with_date(
        "issued_on",
        on(280),
        &[
            ("section_F", "Daily support from a specialist teacher."),
            ("summary", "Provision after re-assessment"),
        ],
    );
    let page = cw
        .record("reassessed-plan", fields, "Plan after re-assessment issued")
        .await;
    let clock = page.split("Statutory clock").nth(1).unwrap();
    assert!(row_with(clock, "Plan after re-assessment 1").contains("Met on time"));
    for step in [
        "Request for re-assessment received",
        "Decision to re-assess",
        "Provision after re-assessment",
    ] {
        assert!(page.contains(step), "{step}: {page}");
    }
    assert!(page.contains("Daily support from a specialist teacher."));
    // Done: a new request may follow.
    assert!(page.contains("/case/reassessment-request\""), "{page}");
}

async fn a_refusal_needs_a_request_and_is_shown_with_its_reasons(store: &Store) {
    let c = council(store).await;
    let cw = Caseworker {
        router: &c.router,
        cookie: sign_in(store, "casey@example.org").await,
        child: c.ben,
    };
    let today = Local::now().date_naive();
    let on = |days: u64| today - Days::new(200) + Days::new(days);
    let fields = with_date("transferred_on", on(0), &[("from_la", "803")]);
    cw.record("transfer-in", fields, "Plan transferred in")
        .await;

    // Nobody asked, so there is nothing to refuse.
    let form = cw.form("reassessment-decision").await;
    let fields = with_date(
        "decided_on",
        on(10),
        &[("decision", "refuse"), ("reasons", "Assessed recently")],
    );
    let path = format!("/children/{}/case/reassessment-decision", c.ben);
    let (status, _, page) =
        post(&c.router, &path, &cw.cookie, Some(&csrf_of(&form)), &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("There is no request for re-assessment to refuse"),
        "{page}"
    );

    let fields = with_date("received_on", on(20), &[("requested_by", "parent")]);
    cw.record(
        "reassessment-request",
        fields,
        "Request for re-assessment recorded",
    )
    .await;
    let fields = with_date(
        "decided_on",
        on(40),
        &[
            ("decision", "refuse"),
            ("reasons", "The needs were assessed 4 months ago."),
        ],
    );
    let page = cw
        .record(
            "reassessment-decision",
            fields,
            "Decision on re-assessment recorded",
        )
        .await;
    assert!(page.contains("Decision not to re-assess"), "{page}");
    assert!(page.contains("The needs were assessed 4 months ago."));
    assert!(page.contains("Parent or carer"), "who asked: {page}");
    let clock = page.split("Statutory clock").nth(1).unwrap();
    assert!(
        row_with(clock, "Decide whether to re-assess (1)").contains("Met late"),
        "decided on day 20 of 15: {clock}"
    );
    assert!(
        !clock.contains("Plan after re-assessment"),
        "a refusal starts no 14 weeks"
    );
    // The refusal closes it: another request may be recorded, but there is no plan to issue.
    assert!(page.contains("/case/reassessment-request\""));
    assert!(!page.contains("/case/reassessed-plan\""));
}

store::on_both_engines!(
    a_plan_is_reassessed_on_its_own_clock,
    a_refusal_needs_a_request_and_is_shown_with_its_reasons,
);
