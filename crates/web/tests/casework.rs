//! EHC casework through the real router, on both engines: a caseworker takes a request to a
//! final plan and its first review through the forms, and the case page shows each step and
//! where every deadline stands. Bad input is reported against its field and saves nothing;
//! people without casework roles, and posts without the form's token, change nothing.

#![allow(clippy::unwrap_used)]

mod casework_support;

use app::Store;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use casework_support::*;
use chrono::{Days, Local};

async fn a_caseworker_takes_a_request_to_a_reviewed_plan(store: &Store) {
    let c = council(store).await;
    let cw = Caseworker {
        router: &c.router,
        cookie: sign_in(store, "casey@example.org").await,
        child: c.amara,
    };
    let today = Local::now().date_naive();
    let on = |days: u64| today - Days::new(180) + Days::new(days);

    let page = cw.case().await;
    assert!(
        page.contains("No request for an EHC needs assessment"),
        "{page}"
    );
    assert!(page.contains("What you can do next"), "{page}");
    let fields = with_date("received_on", on(0), &[("source", "school")]);
    cw.record("request", fields, "Request recorded").await;

    let fields = with_date("decided_on", on(30), &[("outcome", "assess")]);
    let page = cw.record("decision", fields, "Decision recorded").await;
    assert!(page.contains("Decided to assess"), "{page}");
    assert!(page.contains(">Assessing<"), "the stage moves on: {page}");

    for service in ["educational_psychology", "health"] {
        let more = [("service", service), ("adviser", "North team")];
        let fields = with_date("requested_on", on(35), &more);
        cw.record("advice", fields, "Request for advice recorded")
            .await;
    }
    // The educational psychologist's advice arrives; the health advice never does.
    let form = cw.form("advice-received").await;
    let psychology = form
        .split("name=\"advice_id\" type=\"radio\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    assert!(
        form.contains("Educational psychology from North team"),
        "{form}"
    );
    let fields = with_date("received_on", on(60), &[("advice_id", &psychology)]);
    cw.record("advice-received", fields, "Advice recorded as received")
        .await;

    let draft = [("section_A", VIEWS), ("section_F", PROVISION)];
    let fields = with_date("issued_on", on(90), &draft);
    cw.record("draft-plan", fields, "Draft plan issued").await;
    cw.record(
        "comments",
        date("received_on", on(100)),
        "Comments on the draft plan recorded",
    )
    .await;

    let form = cw.form("final-plan").await;
    assert!(
        form.contains("Weekly speech and language therapy.\nA quiet space at lunch."),
        "the final plan starts from the draft's text: {form}"
    );
    let mut fields = with_date("issued_on", on(120), &draft);
    fields.push(field("named_setting_id", "1"));
    fields.push(field("section_I", "A mainstream primary school."));
    let page = cw.record("final-plan", fields, "Final plan issued").await;
    assert!(page.contains("Final plan (version 2)"), "{page}");
    assert!(
        row_with(&page, "Final plan (version 2)").contains("Sections changed: I"),
        "only section I changed from the draft: {page}"
    );
    assert!(page.contains("Named: Sampleford Primary School"), "{page}");

    cw.record(
        "review-meeting",
        date("meeting_on", on(160)),
        "Review meeting recorded",
    )
    .await;
    let amend = [
        ("decision", "amend"),
        ("section_A", VIEWS),
        ("section_F", "Twice-weekly speech and language therapy."),
        ("summary", "More therapy"),
    ];
    let fields = with_date("decided_on", on(170), &amend);
    let page = cw
        .record(
            "review-decision",
            fields,
            "Decision after the review recorded",
        )
        .await;

    // Each step is on the timeline.
    for step in [
        "Request for an EHC needs assessment received",
        "School, college or early years setting",
        "Decided to assess",
        "Advice requested: Educational psychology",
        "Advice requested: Health",
        "Draft plan (version 1)",
        "Comments on the draft plan received",
        "Final plan (version 2)",
        "Annual review meeting",
        "Decision after review: Amend the plan",
        "Proposed amendments (version 3)",
    ] {
        assert!(page.contains(step), "{step}: {page}");
    }
    assert!(row_with(&page, "Proposed amendments (version 3)").contains("More therapy"));
    assert!(page.contains(">Reviewing<"), "{page}");
    // The clock: what was done in time, what is overdue, what is still to come.
    let clock = page.split("Statutory clock").nth(1).unwrap();
    for (what, state) in [
        ("Decide whether to assess", "Met on time"),
        ("Educational psychology advice", "Met on time"),
        ("Health advice", "Overdue"),
        ("Comments on the draft plan", "Respected"),
        ("Issue the final plan", "Met on time"),
        ("Decision after review 1", "Met on time"),
    ] {
        let row = row_with(clock, what);
        assert!(row.contains(state), "{what} should be {state}: {row}");
    }
    assert!(
        row_with(clock, "Issue the final plan").contains(&day(on(0) + Days::new(140))),
        "20 weeks from the request"
    );
    // The plan as it stands is the final plan; the proposal is linked, and each version opens.
    assert!(page.contains("Amendments were proposed on"), "{page}");
    assert!(
        page.contains("Weekly speech and language therapy."),
        "{page}"
    );
    let link = &page[..page.find(">View version 3<").unwrap()];
    let version = link
        .rsplit("/case/versions/")
        .next()
        .unwrap()
        .trim_end_matches('"');
    let (status, version_page) = get(
        &c.router,
        &format!("/children/{}/case/versions/{version}", c.amara),
        &cw.cookie,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        version_page.contains("Proposed amendments"),
        "{version_page}"
    );
    assert!(version_page.contains("Twice-weekly speech and language therapy."));
    // What can be done next follows the stage: the amended plan, not another meeting.
    assert!(page.contains("/case/amended-plan\""), "{page}");
    assert!(!page.contains("/case/review-meeting\""), "{page}");

    // The SENCO of the named school reads the case, without the links to change it.
    let senco = sign_in(store, "senco@example.org").await;
    let (status, page) = get(&c.router, &format!("/children/{}/case", c.amara), &senco).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Statutory clock") && !page.contains("What you can do next"));
    let (status, _) = get(
        &c.router,
        &format!("/children/{}/case/cease", c.amara),
        &senco,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn deadlines_due_soon_and_lifted_by_an_exception_show_as_such(store: &Store) {
    let c = council(store).await;
    let cookie = sign_in(store, "casey@example.org").await;
    let today = Local::now().date_naive();
    // Ben's request came 30 days ago: the decision is due in 12 days.
    let ben = Caseworker {
        router: &c.router,
        cookie: cookie.clone(),
        child: c.ben,
    };
    let fields = with_date(
        "received_on",
        today - Days::new(30),
        &[("source", "parent")],
    );
    let page = ben.record("request", fields, "Request recorded").await;
    assert!(
        row_with(&page, "Decide whether to assess").contains("Due soon"),
        "{page}"
    );
    // Cara's came 60 days ago, and her family was away for a month of it.
    let cara = Caseworker {
        router: &c.router,
        cookie,
        child: c.cara,
    };
    let received = today - Days::new(60);
    let fields = with_date("received_on", received, &[("source", "parent")]);
    let page = cara.record("request", fields, "Request recorded").await;
    assert!(
        row_with(&page, "Decide whether to assess").contains("Overdue"),
        "{page}"
    );
    let mut fields = date("from_on", received + Days::new(5));
    fields.extend(with_date(
        "to_on",
        received + Days::new(40),
        &[("reason", "absent_from_area")],
    ));
    let page = cara.record("exception", fields, "Exception recorded").await;
    let row = row_with(&page, "Decide whether to assess");
    assert!(
        row.contains("Not applicable (exception)") && row.contains("reg. 5(4)"),
        "{row}"
    );
    assert!(
        page.contains("Exception: Absent from the area for 4 weeks or more"),
        "{page}"
    );
}

async fn a_bad_date_is_reported_against_its_field_and_nothing_is_saved(store: &Store) {
    let c = council(store).await;
    let cw = Caseworker {
        router: &c.router,
        cookie: sign_in(store, "casey@example.org").await,
        child: c.amara,
    };
    let today = Local::now().date_naive();
    let fields = with_date(
        "received_on",
        today - Days::new(20),
        &[("source", "parent")],
    );
    cw.record("request", fields, "Request recorded").await;

    let csrf = csrf_of(&cw.form("decision").await);
    let fields = vec![
        field("outcome", "refuse"),
        field("decided_on-day", "31"),
        field("decided_on-month", "2"),
        field("decided_on-year", "2026"),
        field(
            "reasons",
            "Needs can be met from the school's own resources",
        ),
    ];
    let path = format!("/children/{}/case/decision", c.amara);
    let (status, _, page) = post(&c.router, &path, &cw.cookie, Some(&csrf), &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<title>Error: Record the decision whether to assess"),
        "{page}"
    );
    assert!(page.contains("govuk-error-summary"), "{page}");
    assert!(
        page.contains(
            "<a href=\"#decided_on-day\">Date the decision was notified must be a real date</a>"
        ),
        "the summary names the field and links to it: {page}"
    );
    assert!(
        page.contains("govuk-date-input__input govuk-input--error"),
        "{page}"
    );
    // What was typed is still there.
    assert!(
        page.contains("value=\"31\"") && page.contains("own resources</textarea>"),
        "{page}"
    );
    assert!(page.contains("value=\"refuse\" checked"), "{page}");
    // A refusal without reasons is reported with the date, both at once.
    let fields = vec![field("outcome", "refuse")];
    let (_, _, page) = post(&c.router, &path, &cw.cookie, Some(&csrf), &fields).await;
    assert!(
        page.contains("Enter the date the decision was notified"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"#reasons\">Enter the reasons for refusing to assess</a>"),
        "{page}"
    );

    let page = cw.case().await;
    assert!(
        !page.contains("Refused to assess"),
        "nothing was saved: {page}"
    );
    assert!(page.contains(">Awaiting decision to assess<"), "{page}");
    // A step that does not fit the stage is refused with the reason, not saved.
    let csrf = csrf_of(&cw.form("review-meeting").await);
    let path = format!("/children/{}/case/review-meeting", c.amara);
    let (status, _, page) = post(
        &c.router,
        &path,
        &cw.cookie,
        Some(&csrf),
        &date("meeting_on", today),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("This child has no plan in force"), "{page}");
}

async fn others_cannot_see_or_change_the_case(store: &Store) {
    let c = council(store).await;
    let today = Local::now().date_naive();
    let request = with_date(
        "received_on",
        today - Days::new(10),
        &[("source", "parent")],
    );
    // A finance officer: the case is "not found", and their posts change nothing.
    let finance = sign_in(store, "fin@example.org").await;
    let (status, page) = get(&c.router, &format!("/children/{}/case", c.amara), &finance).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!page.contains("Casefile"), "{page}");
    let (status, _) = get(
        &c.router,
        &format!("/children/{}/case/request", c.amara),
        &finance,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, dashboard) = get(&c.router, "/dashboard", &finance).await;
    let path = format!("/children/{}/case/request", c.amara);
    let (status, _, _) = post(
        &c.router,
        &path,
        &finance,
        Some(&csrf_of(&dashboard)),
        &request,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A caseworker's post without the form's token is refused.
    let cw = Caseworker {
        router: &c.router,
        cookie: sign_in(store, "casey@example.org").await,
        child: c.amara,
    };
    let (status, _, _) = post(&c.router, &path, &cw.cookie, None, &request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = post(&c.router, &path, &cw.cookie, Some("forged"), &request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let page = cw.case().await;
    assert!(
        page.contains("No request for an EHC needs assessment"),
        "nothing was saved: {page}"
    );
    // Without a session: sign in first.
    let request = Request::get(format!("/children/{}/case", c.amara))
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = send(&c.router, request).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/sign-in");
    // An unknown action or child is not found.
    let (status, _) = get(
        &c.router,
        &format!("/children/{}/case/no-such-step", c.amara),
        &cw.cookie,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(&c.router, "/children/999999/case", &cw.cookie).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

store::on_both_engines!(
    a_caseworker_takes_a_request_to_a_reviewed_plan,
    deadlines_due_soon_and_lifted_by_an_exception_show_as_such,
    a_bad_date_is_reported_against_its_field_and_nothing_is_saved,
    others_cannot_see_or_change_the_case,
);
