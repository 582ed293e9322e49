//! The high needs budget through the real router, on both engines: a finance officer sets the
//! budget for 2026-27, adds the allocation and a 0.5% block transfer (refused first without the
//! forum's approval), imports a ledger file with errors (each named by row and column, nothing
//! imported), then a good one, then the same month again (replaced, not doubled), and reads
//! an outturn, variance and in-year position equal to sums worked by hand. A SEND manager reads
//! the page without the forms; a SENCO and a parent are refused.

#![allow(clippy::unwrap_used)]

mod common;

use app::Store;
use app::children::{NewChild, register_child};
use app::{Actor, families::NewFamilyMember, families::add_family_member};
use axum::http::StatusCode;
use chrono::{Local, Utc};
use common::{
    add_staff_members, family_cookie, get, la, post_form, post_multipart, router, staff_cookie,
};
use store::{PlacementCostRow, PlacementRow, SettingRow};

/// The cells of the table row whose first cell is `label`, tags removed.
fn row_of(page: &str, label: &str) -> Vec<String> {
    let at = page
        .find(&format!("<td class=\"govuk-table__cell\">{label}"))
        .unwrap_or_else(|| panic!("no row {label}"));
    let row = &page[at..page[at..].find("</tr>").unwrap() + at];
    row.split("<td class=\"govuk-table__cell")
        .skip(1)
        .map(|cell| {
            let cell = cell.split_once('>').unwrap().1;
            let cell = cell.split("</td>").next().unwrap();
            cell.replace("<strong>", "").replace("</strong>", "")
        })
        .collect()
}

/// Two children in a maintained special school: one there since 2019 at £36,500 a year
/// (£10,000 place funding and £26,500 top-up), one from 1 May 2026 at £73,000.
async fn council(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.insert_settings(&[SettingRow {
        la_id: 801,
        setting_id: 4,
        urn: Some(990_004),
        ukprn: None,
        name: "Hillside Special".into(),
        phase: "all_through".into(),
        setting_type: "special_la_maintained".into(),
        area: "North".into(),
        in_area: true,
        postcode: None,
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let operator = Actor::operator(la());
    add_staff_members(
        store,
        &[
            ("Fay Finance", "fay@example.org", "finance_officer", vec![]),
            ("Mo Manager", "mo@example.org", "send_manager", vec![]),
            ("Sam Senco", "sam@example.org", "senco", vec![4]),
        ],
    )
    .await;
    let today = Local::now().date_naive();
    let mut children = Vec::new();
    for forename in ["Ada", "Ben"] {
        let id = register_child(
            store,
            &operator,
            NewChild {
                forename: forename.into(),
                surname: "Budgettest".into(),
                birth_date: "2014-03-01".into(),
                sex: "F".into(),
                upn_unknown: Some("UN1".into()),
                needs: vec!["SLCN".into()],
                ..Default::default()
            },
            today,
        )
        .await
        .unwrap();
        children.push(id);
    }
    let mut tx = store.begin().await.unwrap();
    let placement = |placement_id: i64, child_id: i64, entry_on: &str| PlacementRow {
        la_id: 801,
        placement_id,
        child_id,
        setting_id: Some(4),
        sen_setting: None,
        category: "special_la_maintained".into(),
        entry_on: entry_on.parse().unwrap(),
        leaving_on: None,
        sen_unit: false,
        resourced_provision: false,
    };
    tx.insert_placements(&[
        placement(901, children[0], "2019-09-01"),
        placement(902, children[1], "2026-05-01"),
    ])
    .await
    .unwrap();
    let cost = |placement_id: i64, child_id: i64, top_up: i64| PlacementCostRow {
        la_id: 801,
        placement_id,
        child_id,
        place_funding_pence: 1_000_000,
        top_up_pence: top_up,
        fees_pence: 0,
        transport_pence: None,
        out_of_area: false,
        hospital_education: false,
        recorded_by: "test".into(),
        recorded_at: Utc::now(),
    };
    tx.insert_records(&[
        cost(901, children[0], 2_650_000),
        cost(902, children[1], 6_300_000),
    ])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    add_family_member(
        store,
        &operator,
        NewFamilyMember {
            name: "Pat Parent".into(),
            email: "pat@example.org".into(),
            role: "parent_carer".into(),
            child_ids: vec![children[0]],
        },
        today,
    )
    .await
    .unwrap();
}

async fn budget_journey(store: &Store) {
    council(store).await;
    let router = router(store);
    let fay = staff_cookie(store, "fay@example.org").await;
    let page_path = "/finance/budget?year=2026";

    let (status, page) = get(&router, page_path, &fay).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("High needs budget 2026-27"), "{page}");
    assert!(
        page.contains("href=\"/finance/budget\""),
        "in the navigation"
    );
    assert!(page.contains("No actuals have been imported"), "{page}");
    assert!(page.contains("<label class=\"govuk-label\" for=\"line-top_up_special_maintained\">"));

    // A budget line that is not an amount is named; nothing is saved.
    let (status, page, _) = post_form(
        &router,
        "/finance/budget/lines",
        &fay,
        "year=2026&line-top_up_special_maintained=lots&line-transport=10000",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("There is a problem"), "{page}");
    assert!(
        page.contains("href=\"#line-top_up_special_maintained\""),
        "{page}"
    );
    assert!(
        page.contains("value=\"lots\""),
        "what was typed is shown again"
    );
    let (status, _, location) = post_form(
        &router,
        "/finance/budget/lines",
        &fay,
        "year=2026&line-top_up_special_maintained=500%2C000&line-transport=10000",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location.as_deref(),
        Some("/finance/budget?year=2026&done=budget")
    );

    // Income: the allocation, then a transfer refused without the forum's approval, then
    // given with it, its amount worked out from the schools block and the share.
    let income = |body: &str| format!("year=2026&{body}");
    let (status, ..) = post_form(
        &router,
        "/finance/budget/income",
        &fay,
        &income("kind=high_needs_allocation&description=DSG+high+needs+allocation&amount=400000"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let transfer = "kind=block_transfer&description=0.5%25+of+the+schools+block\
                    &schools_block=10%2C000%2C000&percentage=0.5";
    let (_, page, _) = post_form(&router, "/finance/budget/income", &fay, &income(transfer)).await;
    assert!(page.contains("href=\"#approval_reference\""), "{page}");
    assert!(page.contains("href=\"#approved_on-day\""), "{page}");
    let approved = format!(
        "{transfer}&approval_reference=SF+15+Jan+item+5\
         &approved_on-day=15&approved_on-month=1&approved_on-year=2026"
    );
    let (status, ..) = post_form(&router, "/finance/budget/income", &fay, &income(&approved)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // A file with errors: each is reported by row and column, and nothing is imported.
    let bad = "financial_year,month,budget_line,amount\n\
               2026-27,13,top_up_special_maintained,100\n\
               2026-27,1,swimming,12.345\n";
    let (_, page, _) = post_multipart(
        &router,
        "/finance/budget/actuals",
        &fay,
        &[("year", "2026")],
        ("ledger.csv", "text/csv", bad.as_bytes()),
    )
    .await;
    assert!(
        page.contains("Row 2, column month: enter the month as 1"),
        "{page}"
    );
    assert!(page.contains("Row 3, column budget_line:"), "{page}");
    assert!(page.contains("Row 3, column amount:"), "{page}");
    assert!(page.contains("No actuals have been imported"), "{page}");

    // A good file, then April again: April is replaced, not added to.
    let good = "financial_year,month,budget_line,amount,narrative\n\
                2026-27,1,top_up_special_maintained,150000.00,April top-ups\n\
                2026-27,6,top_up_special_maintained,\"50,000.00\",September\n\
                2026-27,3,transport,12000,June taxis\n";
    let (status, _, location) = post_multipart(
        &router,
        "/finance/budget/actuals",
        &fay,
        &[("year", "2026")],
        ("ledger.csv", "text/csv", good.as_bytes()),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location.as_deref(),
        Some("/finance/budget?year=2026&done=actuals")
    );
    let april = "financial_year,month,budget_line,amount\n\
                 2026-27,1,top_up_special_maintained,120000\n\
                 2026-27,1,top_up_special_maintained,80000\n";
    let (status, ..) = post_multipart(
        &router,
        "/finance/budget/actuals",
        &fay,
        &[("year", "2026")],
        ("april.csv", "text/csv", april.as_bytes()),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // By hand: actuals £200,000 + £50,000 to September; from 1 October, 182 days of 365 remain:
    // £36,500 × 182 ÷ 365 = £18,200 and £73,000 × 182 ÷ 365 = £36,400 committed; the only
    // start in the 12 months to 30 September is £73,000, so new demand is £73,000 × 6² ÷ 288 =
    // £9,125. Outturn £313,725; variance −£186,275 on a budget of £500,000.
    let (_, page) = get(&router, page_path, &fay).await;
    assert!(
        page.contains("Actuals are to the end of September"),
        "{page}"
    );
    assert_eq!(
        row_of(&page, "Top-up: maintained special schools"),
        [
            "Top-up: maintained special schools",
            "£500,000.00",
            "£250,000.00",
            "£54,600.00",
            "£9,125.00",
            "£313,725.00",
            "-£186,275.00"
        ]
    );
    let total = row_of(&page, "<strong>High needs total");
    assert_eq!(total[5..], ["£313,725.00", "-£186,275.00"]);
    // Transport is outside the high needs total: £12,000 spent on a budget of £10,000.
    let transport = row_of(&page, "Home to school transport");
    assert_eq!(transport[5..], ["£12,000.00", "£2,000.00"]);
    // Income £400,000 + 0.5% of £10,000,000 = £450,000, less £313,725.
    assert!(page.contains("£50,000.00"), "the transfer: {page}");
    assert!(page.contains("SF 15 Jan item 5 on 15 January 2026, 0.50% of the schools block"));
    assert!(page.contains("In-year surplus"), "{page}");
    assert!(page.contains("£136,275.00"), "{page}");
    assert!(page.contains("april.csv"), "the imports are listed");

    // Removing the transfer turns the surplus to £86,275.
    // The transfer was added last, so its button is the last.
    let at = page.rfind("/finance/budget/income/").unwrap();
    let remove = page[at..].split('"').next().unwrap().to_string();
    let (status, ..) = post_form(&router, &remove, &fay, "year=2026").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = get(&router, page_path, &fay).await;
    assert!(page.contains("£86,275.00"), "{page}");

    // A SEND manager reads it without the forms; a SENCO and a parent may not see it.
    let mo = staff_cookie(store, "mo@example.org").await;
    let (status, page) = get(&router, page_path, &mo).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("£313,725.00"));
    assert!(!page.contains("Save the budget"));
    let (status, ..) = post_form(&router, "/finance/budget/lines", &mo, "year=2026").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let sam = staff_cookie(store, "sam@example.org").await;
    let pat = family_cookie(store, "pat@example.org").await;
    for cookie in [&sam, &pat] {
        let (status, _) = get(&router, page_path, cookie).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, ..) = post_form(
        &router,
        "/finance/budget/lines",
        &sam,
        "year=2026&line-transport=1",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, page) = get(&router, "/dashboard", &sam).await;
    assert!(!page.contains("/finance/budget"));

    // Every change and every read is in the audit log.
    let (_, log) = get(&router, "/audit-log.csv", &mo).await;
    for action in [
        "finance.budget_set",
        "finance.income_add",
        "finance.income_remove",
        "finance.actuals_import",
        "finance.budget_position",
    ] {
        assert!(log.contains(action), "{action}: {log}");
    }
}

store::on_both_engines!(budget_journey);
