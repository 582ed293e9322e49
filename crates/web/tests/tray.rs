//! Work trays and caseloads through the real router, on both engines: a caseworker's cases in
//! the order of their next deadlines, the filters, whose tray a person may open, and the
//! manager's counts by officer and of outstanding advice.

#![allow(clippy::unwrap_used)]

use app::casework::requests::{
    NewAdvice, NewRequest, RequestDecision, decide_request, record_request, request_advice,
};
use app::casework::tray::assign_case;
use app::children::{NewChild, register_child};
use app::staff::{NewStaff, add_staff};
use app::{Actor, Store, auth};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Days, Local, NaiveDate, Utc};
use domain::{LaCode, Role};
use store::{PlacementRow, SettingRow};
use tower::ServiceExt;

const PASSWORD: &str = "a long enough password";

fn la() -> LaCode {
    LaCode::new(801).unwrap()
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn ago(days: u64) -> String {
    (today() - Days::new(days)).to_string()
}

struct Council {
    router: axum::Router,
    casey: i64,
    robin: i64,
    /// Child ids by forename.
    children: Vec<(&'static str, i64)>,
}

impl Council {
    fn child(&self, name: &str) -> i64 {
        self.children.iter().find(|(n, _)| *n == name).unwrap().1
    }
}

async fn staff(store: &Store, name: &str, email: &str, role: &str) -> i64 {
    let admin = Actor::staff(la(), 0, vec![Role::LaAdmin], "test");
    let new = NewStaff {
        name: name.into(),
        email: email.into(),
        roles: vec![role.into()],
        password: Some(PASSWORD.into()),
        ..Default::default()
    };
    add_staff(store, &admin, new).await.unwrap().staff_id
}

/// Casey holds five cases, Robin two; Ada, Dev and Bo are overdue or due soon, Cal is not yet
/// due, and Eli is being assessed.
async fn council(store: &Store) -> Council {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    let setting = |setting_id: i64, name: &str| SettingRow {
        la_id: 801,
        setting_id,
        urn: Some(990_000 + setting_id),
        ukprn: None,
        name: name.into(),
        phase: "primary".into(),
        setting_type: "mainstream_la_maintained".into(),
        area: "North".into(),
        in_area: true,
        postcode: None,
    };
    tx.insert_settings(&[
        setting(7, "Hillside Primary"),
        setting(8, "Riverside Academy"),
    ])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let casey = staff(
        store,
        "Casey Worker",
        "casey@example.org",
        "send_caseworker",
    )
    .await;
    let robin = staff(
        store,
        "Robin Worker",
        "robin@example.org",
        "send_caseworker",
    )
    .await;
    let morgan = staff(
        store,
        "Morgan Manager",
        "morgan@example.org",
        "send_manager",
    )
    .await;
    let manager = Actor::staff(la(), morgan, vec![Role::SendManager], "test");
    // (forename, need, setting, received days ago, decided days ago, caseworker)
    #[allow(clippy::type_complexity)]
    let cases: [(&str, &str, i64, u64, Option<u64>, i64); 7] = [
        ("Bo", "ASD", 8, 30, None, casey),       // due in 12 days: due soon
        ("Ada", "ASD", 7, 50, None, casey),      // 8 days overdue
        ("Cal", "SLCN", 7, 10, None, casey),     // due in 32 days
        ("Eli", "ASD", 8, 60, Some(20), casey),  // assessing
        ("Dev", "SLCN", 8, 45, None, casey),     // 3 days overdue
        ("Fay", "ASD", 7, 40, None, robin),      // due in 2 days
        ("Gus", "MLD", 7, 100, Some(60), robin), // assessing, advice outstanding
    ];
    let mut children = Vec::new();
    let mut placements = Vec::new();
    for (i, (name, need, setting_id, received, decided, worker)) in cases.into_iter().enumerate() {
        let child_id = register_child(
            store,
            &manager,
            NewChild {
                forename: name.into(),
                surname: "Traytest".into(),
                birth_date: "2016-05-04".into(),
                sex: "F".into(),
                upn_unknown: Some("UN1".into()),
                needs: vec![need.into()],
                ..Default::default()
            },
            today(),
        )
        .await
        .unwrap();
        let new = NewRequest {
            received_on: ago(received),
            source: "parent".into(),
        };
        record_request(store, &manager, child_id, new, today())
            .await
            .unwrap();
        if let Some(decided) = decided {
            let decision = RequestDecision {
                decided_on: ago(decided),
                outcome: "assess".into(),
                reasons: String::new(),
            };
            decide_request(store, &manager, child_id, decision, today())
                .await
                .unwrap();
        }
        assign_case(store, &manager, child_id, Some(worker))
            .await
            .unwrap();
        placements.push(PlacementRow {
            la_id: 801,
            placement_id: 9_000 + i64::try_from(i).unwrap(),
            child_id,
            setting_id: Some(setting_id),
            sen_setting: None,
            category: "mainstream".into(),
            entry_on: "2024-09-01".parse().unwrap(),
            leaving_on: None,
            sen_unit: false,
            resourced_provision: false,
        });
        children.push((name, child_id));
    }
    let mut tx = store.begin().await.unwrap();
    tx.insert_placements(&placements).await.unwrap();
    tx.commit().await.unwrap();
    let gus = children.iter().find(|(n, _)| *n == "Gus").unwrap().1;
    for (service, asked) in [("educational_psychology", 55), ("health", 10)] {
        let advice = NewAdvice {
            service: service.into(),
            adviser: "The service".into(),
            adviser_staff_id: None,
            requested_on: ago(asked),
        };
        request_advice(store, &manager, gus, advice, today())
            .await
            .unwrap();
    }
    let config = web::WebConfig {
        la: la(),
        council_name: "Bristol, City of".into(),
        secure_cookies: false,
        print_emails: false,
    };
    let router = web::router(web::AppState::new(
        store.clone(),
        config,
        web::Assets::default(),
    ));
    Council {
        router,
        casey,
        robin,
        children,
    }
}

async fn cookie(store: &Store, email: &str) -> String {
    let signed_in =
        auth::sign_in_staff(store, la(), email, PASSWORD, None, "127.0.0.1", Utc::now())
            .await
            .unwrap();
    format!("highneeds_session={}", signed_in.cookie)
}

async fn get(router: &axum::Router, path: &str, cookie: &str) -> (StatusCode, String) {
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 22)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// The children the page lists, in the order it lists them.
fn listed(page: &str) -> Vec<String> {
    page.split("/case\">")
        .skip(1)
        .filter_map(|rest| rest.split(' ').next())
        .map(str::to_string)
        .collect()
}

/// The due dates in the tray's table, in order.
fn due_dates(page: &str) -> Vec<NaiveDate> {
    page.split("<td class=\"govuk-table__cell\">")
        .filter_map(|cell| cell.split("</td>").next())
        .filter_map(|text| NaiveDate::parse_from_str(text, "%-d %b %Y").ok())
        .collect()
}

async fn a_caseworkers_tray_lists_their_cases_by_next_deadline(store: &Store) {
    let c = council(store).await;
    let casey = cookie(store, "casey@example.org").await;
    let (status, page) = get(&c.router, "/casework", &casey).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1 class=\"govuk-heading-l\">Your cases</h1>"));
    assert_eq!(listed(&page), ["Ada", "Dev", "Bo", "Cal", "Eli"], "{page}");
    let dates = due_dates(&page);
    assert_eq!(dates.len(), 5);
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert_eq!(
        dates[0],
        today() - Days::new(8),
        "6 weeks after Ada's request"
    );
    let ada_row = &page[page.find("Ada Traytest").unwrap()..];
    let ada_row = &ada_row[..ada_row.find("</tr>").unwrap()];
    for cell in [
        "Awaiting decision to assess",
        "govuk-tag--red\">Overdue",
        "Hillside Primary",
        "Autistic spectrum disorder",
    ] {
        assert!(ada_row.contains(cell), "{cell} in {ada_row}");
    }
    assert!(page.contains(&format!(
        "href=\"/children/{}/case\">Ada Traytest",
        c.child("Ada")
    )));
    assert!(page.contains("govuk-tag--yellow\">Due soon"));
    assert!(page.contains("govuk-tag--grey\">Not yet due"));
    assert!(!page.contains("Fay"), "another officer's case");
    assert!(
        page.contains(
            "href=\"/casework\" aria-current=\"true\"><strong class=\"govuk-service-navigation__active-fallback\">Your cases"
        ),
        "the navigation links to the tray, marked as the section shown"
    );
    assert!(
        !page.contains(">Caseloads</a>"),
        "only managers see caseloads"
    );
}

async fn the_filters_narrow_the_tray_and_keep_its_order(store: &Store) {
    let c = council(store).await;
    let casey = cookie(store, "casey@example.org").await;
    for (query, expected) in [
        ("state=overdue", vec!["Ada", "Dev"]),
        ("state=due_soon", vec!["Bo"]),
        ("state=not_yet_due", vec!["Cal", "Eli"]),
        ("stage=assessing", vec!["Eli"]),
        ("stage=awaiting_decision&need=SLCN", vec!["Dev", "Cal"]),
        ("need=ASD", vec!["Ada", "Bo", "Eli"]),
        ("setting=990007", vec!["Ada", "Cal"]),
        ("setting=990008&state=overdue", vec!["Dev"]),
        ("stage=draft_plan", vec![]),
    ] {
        let (status, page) = get(&c.router, &format!("/casework?{query}"), &casey).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert_eq!(listed(&page), expected, "{query}");
    }
    // The form shows the filters chosen.
    let (_, page) = get(&c.router, "/casework?stage=assessing&need=ASD", &casey).await;
    assert!(
        page.contains("<option value=\"assessing\" selected>"),
        "{page}"
    );
    assert!(page.contains("<option value=\"ASD\" selected>"));
    // A setting nobody has is an error on the form, not an empty tray.
    for bad in ["123456", "Hillside"] {
        let (status, page) = get(&c.router, &format!("/casework?setting={bad}"), &casey).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("<title>Error: Your cases"), "{page}");
        assert!(page.contains("govuk-error-summary"));
        assert!(page.contains("href=\"#setting\""));
        assert!(listed(&page).is_empty());
    }
}

async fn only_a_manager_opens_another_officers_tray(store: &Store) {
    let c = council(store).await;
    let casey = cookie(store, "casey@example.org").await;
    for path in [
        format!("/casework?caseworker={}", c.robin),
        "/casework?everyone=1".to_string(),
        "/casework/caseloads".to_string(),
    ] {
        let (status, _) = get(&c.router, &path, &casey).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    // Asking for one's own tray by id is the same tray.
    let (status, page) = get(
        &c.router,
        &format!("/casework?caseworker={}", c.casey),
        &casey,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed(&page).len(), 5);

    let morgan = cookie(store, "morgan@example.org").await;
    let (status, page) = get(
        &c.router,
        &format!("/casework?caseworker={}", c.robin),
        &morgan,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Robin Worker&#39;s cases"), "{page}");
    // Gus's advice from the educational psychologist was due 13 days ago; Fay's decision is
    // due in 2 days.
    assert_eq!(listed(&page), ["Gus", "Fay"]);
    // The filters keep whose tray it is.
    assert!(page.contains(&format!("name=\"caseworker\" value=\"{}\"", c.robin)));
    let (_, page) = get(&c.router, "/casework?everyone=1", &morgan).await;
    assert_eq!(listed(&page).len(), 7);
    assert!(page.contains("<th scope=\"col\" class=\"govuk-table__header\">Caseworker</th>"));
    let (_, page) = get(&c.router, "/casework?everyone=1&state=overdue", &morgan).await;
    assert_eq!(listed(&page), ["Gus", "Ada", "Dev"]);
}

async fn caseloads_count_each_officers_cases_and_outstanding_advice(store: &Store) {
    let c = council(store).await;
    let morgan = cookie(store, "morgan@example.org").await;
    let (status, page) = get(&c.router, "/casework/caseloads", &morgan).await;
    assert_eq!(status, StatusCode::OK);
    let row = |name: &str| {
        let start = page.find(&format!(">{name}</a>")).unwrap();
        let row = &page[start..];
        row[..row.find("</tr>").unwrap()]
            .split("<td class=\"govuk-table__cell\">")
            .skip(1)
            .map(|cell| cell.trim_end_matches("</td>").to_string())
            .collect::<Vec<_>>()
    };
    // Casey: five open, Ada and Dev overdue, Bo due within two weeks.
    assert_eq!(row("Casey Worker"), ["5", "2", "1"]);
    assert_eq!(row("Robin Worker"), ["2", "1", "1"]);
    assert!(page.contains(&format!(
        "href=\"/casework?caseworker={}\">Casey Worker</a>",
        c.casey
    )));
    let advice = &page[page.find("Advice outstanding by service").unwrap()..];
    let service = |label: &str| {
        let row = &advice[advice.find(label).unwrap()..];
        row[..row.find("</tr>").unwrap()]
            .split("<td class=\"govuk-table__cell\">")
            .skip(1)
            .map(|cell| cell.trim_end_matches("</td>").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        service("Educational psychology"),
        ["1", "1"],
        "asked 55 days ago"
    );
    assert_eq!(service("Health"), ["1", "0"], "asked 10 days ago");
    assert!(page.contains("href=\"/casework/caseloads\" aria-current=\"true\">"));
    assert!(
        page.contains("href=\"/casework\">Your cases</a>"),
        "only the most specific section is marked"
    );
}

/// A case nobody has yet is easy to lose: the manager finds them from the caseloads page.
async fn a_manager_finds_the_cases_no_one_has(store: &Store) {
    let c = council(store).await;
    let manager = Actor::staff(la(), 0, vec![Role::SendManager], "test");
    for name in ["Cal", "Ada"] {
        assign_case(store, &manager, c.child(name), None)
            .await
            .unwrap();
    }
    let morgan = cookie(store, "morgan@example.org").await;
    let (_, page) = get(&c.router, "/casework/caseloads", &morgan).await;
    assert!(
        page.contains("href=\"/casework?caseworker=0\">Not assigned</a>"),
        "{page}"
    );
    let (status, page) = get(&c.router, "/casework?caseworker=0", &morgan).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Cases not assigned to anyone"));
    assert_eq!(listed(&page), ["Ada", "Cal"], "soonest deadline first");
    let (_, page) = get(&c.router, "/casework?caseworker=0&state=overdue", &morgan).await;
    assert_eq!(listed(&page), ["Ada"]);
    // A caseworker cannot list them.
    let casey = cookie(store, "casey@example.org").await;
    let (status, _) = get(&c.router, "/casework?caseworker=0", &casey).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// A tray longer than a page says how many cases it holds and how many pages.
async fn a_long_tray_counts_its_cases_and_pages(store: &Store) {
    let c = council(store).await;
    let manager = Actor::staff(la(), 0, vec![Role::SendManager], "test");
    for n in 0..50 {
        let child_id = register_child(
            store,
            &manager,
            NewChild {
                forename: format!("Many{n}"),
                surname: "Traytest".into(),
                birth_date: "2016-05-04".into(),
                sex: "M".into(),
                upn_unknown: Some("UN1".into()),
                needs: vec!["SLCN".into()],
                ..Default::default()
            },
            today(),
        )
        .await
        .unwrap();
        let new = NewRequest {
            received_on: ago(5),
            source: "parent".into(),
        };
        record_request(store, &manager, child_id, new, today())
            .await
            .unwrap();
    }
    let morgan = cookie(store, "morgan@example.org").await;
    let (status, page) = get(&c.router, "/casework?everyone=1", &morgan).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Cases 1 to 50 of 57 by next deadline"),
        "{page}"
    );
    assert!(page.contains("Page 1 of 2"), "{page}");
    assert!(
        page.contains("everyone=1&amp;page=2"),
        "a link to the next page: {page}"
    );
    let (_, page) = get(&c.router, "/casework?everyone=1&page=2", &morgan).await;
    assert!(
        page.contains("Cases 51 to 57 of 57 by next deadline"),
        "{page}"
    );
    assert!(page.contains("Page 2 of 2"));
    assert!(!page.contains("page=3"), "no page after the last: {page}");
    // A short tray has one page and says so in its caption alone.
    let casey = cookie(store, "casey@example.org").await;
    let (_, page) = get(&c.router, "/casework", &casey).await;
    assert!(page.contains("Cases 1 to 5 of 5 by next deadline"));
    assert!(!page.contains("Page 1 of"));
}

store::on_both_engines!(
    a_long_tray_counts_its_cases_and_pages,
    a_manager_finds_the_cases_no_one_has,
    a_caseworkers_tray_lists_their_cases_by_next_deadline,
    the_filters_narrow_the_tray_and_keep_its_order,
    only_a_manager_opens_another_officers_tray,
    caseloads_count_each_officers_cases_and_outstanding_advice,
);
