//! Action plans through the real router, on both engines: a SEND manager sets up the council's
//! plan, adds a workstream, an overdue action owned by an officer, a risk and measures; records
//! a red review and then an amber one, and the plan shows amber while the history keeps both
//! with their commentaries. A review without a commentary is refused, naming the field; a
//! forum member reads the plan but may not change it; a caseworker may not read it. On the demo
//! council, the plan's measures show the same figures as the EHC dashboard and the budget page.

#![allow(clippy::unwrap_used)]

mod common;

use app::{Actor, Store};
use axum::http::StatusCode;
use chrono::{Datelike, Local};
use common::{get, la, new_staff_cookie, post_form, router};

/// The text of the table cells after the cell reading `label`, in its row, tags removed.
pub fn cells_after(page: &str, label: &str) -> Vec<String> {
    let at = page
        .find(&format!(">{label}</td>"))
        .unwrap_or_else(|| panic!("no cell {label}: {page}"));
    let row_end = at + page[at..].find("</tr>").unwrap();
    page[at..row_end]
        .split("<td")
        .skip(1)
        .map(|cell| {
            plain(
                cell.split_once('>')
                    .unwrap()
                    .1
                    .split("</td>")
                    .next()
                    .unwrap(),
            )
        })
        .collect()
}

/// HTML with its tags taken out and spaces trimmed.
pub fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Posts a form and expects a redirect; returns where to.
async fn ok(r: &axum::Router, path: &str, cookie: &str, body: &str) -> String {
    let (status, page, location) = post_form(r, path, cookie, body).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{path} {body}: {page}");
    location.unwrap()
}

async fn council(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn a_manager_keeps_the_councils_plan(store: &Store) {
    council(store).await;
    let r = router(store);
    let manager = new_staff_cookie(store, "mo@example.org", "send_manager").await;
    let member = new_staff_cookie(store, "meg@example.org", "forum_member").await;
    let caseworker = new_staff_cookie(store, "cas@example.org", "send_caseworker").await;

    let plan = ok(
        &r,
        "/governance/plans",
        &manager,
        "title=SEND+improvement+plan&forum_id=&purpose=After+the+inspection",
    )
    .await;
    ok(
        &r,
        &format!("{plan}/workstreams"),
        &manager,
        "ws-title=Timeliness&ws-lead=Head+of+SEND",
    )
    .await;
    let (_, page) = get(&r, &plan, &manager).await;
    let ws = option_value(&page, "Timeliness");
    // The council's plan is owned by its staff.
    let owner = option_value(&page, "mo@example.org (officer)");
    let due = Local::now().date_naive() - chrono::Days::new(10);
    ok(
        &r,
        &format!("{plan}/actions"),
        &manager,
        &format!(
            "action-workstream={ws}&action-description=Recruit+two+EPs&action-owner={owner}\
             &action-due_on-day={}&action-due_on-month={}&action-due_on-year={}",
            due.day(),
            due.month(),
            due.year()
        ),
    )
    .await;
    ok(
        &r,
        &format!("{plan}/risks"),
        &manager,
        &format!("risk-workstream={ws}&risk-description=EP+posts+stay+vacant&risk-mitigation=Locums&risk-owner=Head+of+SEND"),
    )
    .await;
    ok(
        &r,
        &format!("{plan}/measures"),
        &manager,
        "measure-workstream=&measure-kind=twenty_week_rate&measure-target=60&measure-direction=up",
    )
    .await;

    // A measure with a bad target and a review without a commentary are refused, naming fields.
    let (status, page, _) = post_form(
        &r,
        &format!("{plan}/measures"),
        &manager,
        "measure-kind=refusal_rate&measure-target=lots&measure-direction=down",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("href=\"#measure-target\""), "{page}");
    let (status, page, _) = post_form(
        &r,
        &format!("{plan}/reviews"),
        &manager,
        &format!("review-subject=workstream-{ws}&review-rag=red&review-commentary=+"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("href=\"#review-commentary\"") && page.contains("Enter a commentary"),
        "{page}"
    );

    // Two reviews: red last month, amber today. The plan shows amber; both stay in the history.
    let month_ago = Local::now().date_naive() - chrono::Days::new(30);
    ok(
        &r,
        &format!("{plan}/reviews"),
        &manager,
        &format!(
            "review-subject=workstream-{ws}&review-rag=red&review-commentary=Half+of+plans+late\
             &review-rated_on-day={}&review-rated_on-month={}&review-rated_on-year={}",
            month_ago.day(),
            month_ago.month(),
            month_ago.year()
        ),
    )
    .await;
    ok(
        &r,
        &format!("{plan}/reviews"),
        &manager,
        &format!(
            "review-subject=workstream-{ws}&review-rag=amber&review-commentary=One+post+filled"
        ),
    )
    .await;
    let (_, page) = get(&r, &plan, &member).await;
    let summary = cells_after(&page, "Timeliness");
    assert_eq!(summary[0], "Head of SEND");
    assert_eq!(summary[1], "Amber", "{summary:?}");
    assert_eq!(summary[3], "1", "the action is overdue: {summary:?}");
    let history = &page[page.find("id=\"history\"").unwrap()..];
    let (amber, red) = (
        history.find("One post filled").unwrap(),
        history.find("Half of plans late").unwrap(),
    );
    assert!(
        amber < red,
        "newest first, the earlier rating kept: {history}"
    );
    assert_eq!(cells_after(history, "Workstream: Timeliness")[0], "Amber");
    assert!(!page.contains("Record a review"), "a member reads only");

    // A review of the action with its status; the action's rating and status show.
    let action = option_value(
        &manager_page(&r, &plan, &manager).await,
        "Action: Recruit two EPs",
    );
    ok(
        &r,
        &format!("{plan}/reviews"),
        &manager,
        &format!("review-subject={action}&review-rag=green&review-commentary=Both+posts+filled&review-status=done"),
    )
    .await;
    let (_, page) = get(&r, &plan, &manager).await;
    let row = cells_after(&page, "Recruit two EPs");
    assert_eq!(
        row[2..4],
        ["Done".to_string(), "Green".to_string()],
        "{row:?}"
    );

    // A forum member may not change the plan; a caseworker may not see it.
    let (status, _, _) = post_form(&r, &format!("{plan}/workstreams"), &member, "ws-title=X").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = get(&r, &plan, &caseworker).await;
    assert_ne!(status, StatusCode::OK);
    let (_, list) = get(&r, "/governance/plans", &member).await;
    assert!(
        list.contains("SEND improvement plan") && list.contains("The council"),
        "{list}"
    );
}

async fn manager_page(r: &axum::Router, plan: &str, cookie: &str) -> String {
    get(r, plan, cookie).await.1
}

/// The value of the `<option>` whose text is `text`.
fn option_value(page: &str, text: &str) -> String {
    let end = page
        .find(&format!(">{text}</option>"))
        .unwrap_or_else(|| panic!("no option {text}: {page}"));
    let start = page[..end].rfind("value=\"").unwrap() + "value=\"".len();
    page[start..start + page[start..].find('"').unwrap()].to_string()
}

/// The demo council, carried on to today, with its top-up funding and this year's budget.
pub async fn demo_council(store: &Store) {
    let today = Local::now().date_naive();
    let tables = synth::DfeTables::embedded().unwrap();
    let la = tables.local_authority(la()).unwrap().clone();
    let calibration = tables.calibrate(Some(la.code)).unwrap();
    let council = synth::generate_to(&la, &calibration, 300, 7, today);
    app::councils::load_local_authorities(store, std::slice::from_ref(&la))
        .await
        .unwrap();
    let operator = Actor::operator(la.code);
    app::demo::seed_council(store, &operator, &council, &mut |_| {})
        .await
        .unwrap();
    app::demo_topup::seed_topup(store, &operator, today, chrono::Utc::now())
        .await
        .unwrap();
    app::demo_budget::seed_budget(store, &operator, today)
        .await
        .unwrap();
}

/// The value beside a summary list key starting with `key`.
pub fn summary_value(page: &str, key: &str) -> String {
    let at = page
        .find(&format!("govuk-summary-list__key\">{key}"))
        .unwrap_or_else(|| panic!("no key {key}"));
    let value = &page[at..];
    let value = &value[value.find("<dd").unwrap()..];
    plain(&value[value.find('>').unwrap() + 1..value.find("</dd>").unwrap()])
}

async fn the_demo_plans_measures_are_the_live_figures(store: &Store) {
    demo_council(store).await;
    let r = router(store);
    let manager = new_staff_cookie(store, "mo@example.org", "send_manager").await;
    let (_, list) = get(&r, "/governance/plans", &manager).await;
    assert!(list.contains("Schools Forum"), "{list}");
    let at = list.find("/governance/plans/").unwrap();
    let plan: String = list[at..].chars().take_while(|c| *c != '"').collect();
    let (_, page) = get(&r, &plan, &manager).await;

    let year = Local::now().year();
    let (_, dashboard) = get(&r, &format!("/dashboard/ehc?year={year}"), &manager).await;
    for measure in [
        "Plans issued within 20 weeks, excluding exceptions",
        "Requests refused",
    ] {
        let live = cells_after(&dashboard, measure)[0].clone();
        let label = if measure == "Requests refused" {
            "Requests for assessment refused"
        } else {
            measure
        };
        let shown = cells_after(&page, label);
        assert_eq!(shown[0], format!("Calendar year {year} to date"));
        assert_eq!(shown[1], live, "{measure}");
        assert!(live.contains(" of "), "{live}");
    }
    let (_, budget) = get(&r, "/finance/budget", &manager).await;
    let position = summary_value(&budget, "In-year");
    let shown = cells_after(&page, "High needs in-year position (surplus or deficit)");
    assert_eq!(shown[1], position);
    assert!(position.contains('£'), "{position}");

    // Reviews a term apart: each workstream's rating has its history.
    let history = &page[page.find("id=\"history\"").unwrap()..];
    assert!(
        history.contains("Fewer than half of plans issued within 20 weeks"),
        "{history}"
    );
    assert!(
        history.contains("One post filled and a locum in place"),
        "{history}"
    );
    let summary = cells_after(&page, "Timeliness of EHC needs assessments");
    assert_eq!(summary[1], "Amber");
}

/// A response's status, headers and bytes.
async fn download(
    r: &axum::Router,
    path: &str,
    cookie: &str,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    use tower::ServiceExt;
    let response = r
        .clone()
        .oneshot(
            axum::http::Request::get(path)
                .header("cookie", cookie)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, headers, bytes.to_vec())
}

async fn the_report_pack_is_a_pdf_of_the_live_figures(store: &Store) {
    demo_council(store).await;
    let r = router(store);
    let manager = new_staff_cookie(store, "mo@example.org", "send_manager").await;
    let (_, forums) = get(&r, "/governance", &manager).await;
    let at = forums.find("/governance/forums/").unwrap();
    let forum: String = forums[at..].chars().take_while(|c| *c != '"').collect();
    let (_, forum_page) = get(&r, &forum, &manager).await;
    let at = forum_page.find("/governance/meetings/").unwrap();
    let meeting: String = forum_page[at..].chars().take_while(|c| *c != '"').collect();
    let (_, meeting_page) = get(&r, &meeting, &manager).await;
    assert!(
        meeting_page.contains(&format!("{meeting}/report-pack")),
        "{meeting_page}"
    );

    let (status, headers, bytes) =
        download(&r, &format!("{meeting}/report-pack.pdf"), &manager).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let pdf = pdf::check::read(&bytes).unwrap_or_else(|e| panic!("not a whole PDF: {e}"));
    assert!(pdf.pages >= 2, "{pdf:?}");
    let text = pdf.text;
    let (_, html) = get(&r, &format!("{meeting}/report-pack"), &manager).await;

    // The sections, each in the PDF and on the page.
    for section in [
        "High needs position and forecast outturn",
        "EHC measures, calendar year",
        "Actions log",
        "Action plan: SEND improvement and DSG deficit management plan",
        "RAG summary by workstream",
    ] {
        assert!(text.contains(section), "PDF lacks {section}: {text}");
        assert!(html.contains(section), "page lacks {section}");
    }
    let today = Local::now().date_naive();
    let stamp = format!("Generated {}", today.format("%-d %B %Y"));
    assert!(text.contains(&stamp) && html.contains(&stamp), "{text}");

    // Its figures are the live pages' figures, read now from the dashboard and the budget.
    let year = today.year();
    let (_, dashboard) = get(&r, &format!("/dashboard/ehc?year={year}"), &manager).await;
    for measure in [
        "Plans issued within 20 weeks, excluding exceptions",
        "Requests refused",
        "Decisions whether to assess made within 6 weeks",
    ] {
        let live = cells_after(&dashboard, measure)[0].clone();
        let line = format!("{measure}\n{live}\n");
        assert!(text.contains(&line), "PDF: {measure} is not {live}: {text}");
        assert_eq!(cells_after(&html, measure)[0], live);
    }
    let (_, budget) = get(&r, "/finance/budget", &manager).await;
    let outturn = summary_value(&budget, "Forecast outturn on high needs lines");
    let position = summary_value(&budget, "In-year");
    let income = summary_value(&budget, "Income");
    for (label, live) in [
        ("Forecast outturn on high needs lines", &outturn),
        ("Income", &income),
    ] {
        assert!(
            text.contains(&format!("{label}\n{live}\n")),
            "PDF: {label} is not {live}: {text}"
        );
    }
    assert!(
        text.contains(&format!("In-year deficit\n{position}\n"))
            || text.contains(&format!("In-year surplus\n{position}\n")),
        "{position}: {text}"
    );
    assert_eq!(cells_after(&html, "High needs total")[4], outturn);

    // The actions log: open actions, overdue first.
    let log = &text[text.find("Open actions").unwrap()..text.find("Action plan:").unwrap()];
    let last_overdue = log.rfind("\nOverdue\n").unwrap_or_else(|| panic!("{log}"));
    for later in ["\nOpen\n", "\nIn progress\n"] {
        assert!(log.find(later).is_none_or(|at| at > last_overdue), "{log}");
    }
    assert!(!log.contains("\nDone\n"), "{log}");
    let open = &html[html.find("Open actions").unwrap()..];
    let open = &open[open.find("<tbody").unwrap()..];
    let first_row = &open[..open.find("</tr>").unwrap()];
    assert!(first_row.ends_with("Overdue</td>"), "{first_row}");

    // A caseworker may not have the pack.
    let caseworker = new_staff_cookie(store, "cas@example.org", "send_caseworker").await;
    let (status, _, _) = download(&r, &format!("{meeting}/report-pack.pdf"), &caseworker).await;
    assert_ne!(status, StatusCode::OK);
}

store::on_both_engines!(
    a_manager_keeps_the_councils_plan,
    the_demo_plans_measures_are_the_live_figures,
    the_report_pack_is_a_pdf_of_the_live_figures
);
