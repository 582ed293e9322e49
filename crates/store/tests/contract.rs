//! The store's contract: every test here runs once on SQLite and once on PostgreSQL, through
//! the same public API, and must behave the same on both.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use store::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn council(la_id: i64, name: &str) -> LocalAuthorityRow {
    LocalAuthorityRow {
        la_id,
        ons_code: format!("E0600{la_id:04}"),
        name: name.into(),
        region_code: "E12000009".into(),
        region_name: "South West".into(),
        fictional: false,
    }
}

fn child(la_id: i64, child_id: i64, surname: &str, upn: Option<&str>) -> ChildRow {
    ChildRow {
        la_id,
        child_id,
        forename: "Amara".into(),
        surname: surname.into(),
        birth_date: date("2015-02-28"),
        sex: "F".into(),
        ethnicity: Some("WBRI".into()),
        postcode: Some("ZZ1 1AA".into()),
        address_line: None,
        upn: upn.map(str::to_string),
        uln: None,
        upn_unknown: None,
    }
}

async fn two_councils(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[
        council(801, "Bristol, City of"),
        council(802, "North Somerset"),
    ])
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn migrations_are_idempotent(store: &Store) {
    let again = store::migrate::run(store).await.unwrap();
    assert!(
        again.applied.is_empty(),
        "second run applied {:?}",
        again.applied
    );
    assert_eq!(again.from_version, store::migrate::latest_version());
}

async fn every_primary_key_starts_with_la_id(store: &Store) {
    let keys = store::introspect::primary_keys(store).await.unwrap();
    let tables = store::introspect::tables(store).await.unwrap();
    assert!(
        tables.len() >= 12,
        "expected the core tables, found {tables:?}"
    );
    for table in &tables {
        let key = keys
            .iter()
            .find(|(t, _)| t == table)
            .map(|(_, cols)| cols.clone());
        let key = key.unwrap_or_else(|| panic!("table {table} has no primary key"));
        if table == "schema_migrations" {
            // Describes the database itself, not a council (see store::schema).
            continue;
        }
        assert_eq!(
            key.first().map(String::as_str),
            Some("la_id"),
            "primary key of {table} is {key:?}"
        );
    }
}

/// Emptying a council (`Tx::delete_council_data`) must reach every table of council data.
async fn every_council_table_is_emptied_with_the_council(store: &Store) {
    let tables = store::introspect::tables(store).await.unwrap();
    let listed: std::collections::BTreeSet<&str> = store::schema::COUNCIL_TABLES_LEAF_FIRST
        .into_iter()
        .collect();
    for table in &tables {
        if table == "schema_migrations" || table == "local_authorities" {
            continue;
        }
        assert!(
            listed.contains(table.as_str()),
            "{table} is not in COUNCIL_TABLES_LEAF_FIRST"
        );
    }
}

async fn councils_upsert_and_read(store: &Store) {
    two_councils(store).await;
    let mut tx = store.begin().await.unwrap();
    let mut renamed = council(801, "Bristol");
    renamed.fictional = true;
    tx.upsert_local_authorities(&[renamed.clone()])
        .await
        .unwrap();
    assert_eq!(tx.local_authority(801).await.unwrap(), Some(renamed));
    assert_eq!(tx.local_authorities().await.unwrap().len(), 2);
    assert_eq!(tx.local_authority(999).await.unwrap(), None);
    tx.commit().await.unwrap();
}

async fn children_round_trip_with_needs(store: &Store) {
    two_councils(store).await;
    let mut tx = store.begin().await.unwrap();
    let mut c = child(801, 1, "Samplewood", Some("A801200012345"));
    c.address_line = Some("12 Sample Road".into());
    tx.insert_children(&[c.clone(), child(801, 2, "Testley", None)])
        .await
        .unwrap();
    tx.insert_child_needs(&[
        ChildNeedRow {
            la_id: 801,
            child_id: 1,
            rank: 2,
            sen_type: "SLCN".into(),
        },
        ChildNeedRow {
            la_id: 801,
            child_id: 1,
            rank: 1,
            sen_type: "ASD".into(),
        },
    ])
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.child(801, 1).await.unwrap(), Some(c.clone()));
    assert_eq!(
        tx.child_by_upn(801, "A801200012345").await.unwrap(),
        Some(c)
    );
    let needs: Vec<_> = tx
        .child_needs(801, 1)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.sen_type)
        .collect();
    assert_eq!(needs, ["ASD", "SLCN"], "needs come back primary first");
    let found = tx.children_by_surname(801, "Test", 10).await.unwrap();
    assert_eq!(found.iter().map(|c| c.child_id).collect::<Vec<_>>(), [2]);
    assert!(
        tx.children_by_surname(801, "%", 10)
            .await
            .unwrap()
            .is_empty(),
        "a typed % matches nothing"
    );
    assert_eq!(
        tx.children_by_surname(801, "sAMPLE", 10)
            .await
            .unwrap()
            .len(),
        1,
        "case is ignored"
    );
    tx.commit().await.unwrap();
}

async fn a_third_need_rank_is_refused(store: &Store) {
    two_councils(store).await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_children(&[child(801, 1, "Mockfield", None)])
        .await
        .unwrap();
    let err = tx
        .insert_child_needs(&[ChildNeedRow {
            la_id: 801,
            child_id: 1,
            rank: 3,
            sen_type: "HI".into(),
        }])
        .await;
    assert!(err.is_err(), "rank 3 must be refused by the schema");
}

async fn foreign_keys_are_enforced(store: &Store) {
    two_councils(store).await;
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .insert_child_needs(&[ChildNeedRow {
            la_id: 801,
            child_id: 42,
            rank: 1,
            sen_type: "HI".into(),
        }])
        .await;
    assert!(
        err.is_err(),
        "a need for a child that does not exist must be refused"
    );
    tx.rollback().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let err = tx.insert_children(&[child(555, 1, "Nowhere", None)]).await;
    assert!(
        err.is_err(),
        "a child of a council that does not exist must be refused"
    );
}

async fn councils_are_isolated(store: &Store) {
    two_councils(store).await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_children(&[child(801, 1, "Samplewood", Some("A801200012345"))])
        .await
        .unwrap();
    tx.insert_children(&[child(802, 1, "Exampleton", Some("A801200012345"))])
        .await
        .unwrap();
    assert_eq!(
        tx.child(801, 1).await.unwrap().unwrap().surname,
        "Samplewood"
    );
    assert_eq!(
        tx.child(802, 1).await.unwrap().unwrap().surname,
        "Exampleton"
    );
    assert_eq!(tx.council_counts(801).await.unwrap().children, 1);
    tx.commit().await.unwrap();
}

async fn the_same_upn_twice_in_a_council_is_refused(store: &Store) {
    two_councils(store).await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_children(&[child(801, 1, "A", Some("A801200012345"))])
        .await
        .unwrap();
    let err = tx
        .insert_children(&[child(801, 2, "B", Some("A801200012345"))])
        .await
        .unwrap_err();
    assert!(err.is_unique_violation(), "{err}");
}

async fn ids_come_in_blocks_per_council(store: &Store) {
    two_councils(store).await;
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.allocate_ids(801, "children", 100).await.unwrap(), 1);
    assert_eq!(tx.allocate_ids(801, "children", 1).await.unwrap(), 101);
    assert_eq!(tx.allocate_ids(802, "children", 5).await.unwrap(), 1);
    assert_eq!(tx.allocate_ids(801, "plans", 1).await.unwrap(), 1);
    tx.commit().await.unwrap();
}

async fn a_rolled_back_transaction_leaves_nothing(store: &Store) {
    two_councils(store).await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_children(&[child(801, 1, "Gone", None)])
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.child(801, 1).await.unwrap(), None);
}

async fn bulk_inserts_split_under_the_parameter_limit(store: &Store) {
    two_councils(store).await;
    let rows: Vec<ChildRow> = (1..=6_000)
        .map(|i| child(801, i, &format!("Bulk{i}"), None))
        .collect();
    let mut tx = store.begin().await.unwrap();
    // 6,000 rows × 12 columns = 72,000 parameters: more than either engine takes at once.
    assert_eq!(tx.insert_children(&rows).await.unwrap(), 6_000);
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.council_counts(801).await.unwrap().children, 6_000);
    assert_eq!(
        tx.child(801, 6_000).await.unwrap().unwrap().surname,
        "Bulk6000"
    );
}

async fn staff_emails_are_unique_per_council(store: &Store) {
    two_councils(store).await;
    let row = |la_id, staff_id| StaffRow {
        la_id,
        staff_id,
        name: "Sam Caseworker".into(),
        email: "sam@example.org".into(),
        service: Some("SEND casework".into()),
        team: Some("North".into()),
        password_hash: None,
        created_at: chrono::Utc::now(),
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_staff(&row(801, 1)).await.unwrap();
    tx.insert_staff_roles(&[
        StaffRoleRow {
            la_id: 801,
            staff_id: 1,
            role: "send_caseworker".into(),
        },
        StaffRoleRow {
            la_id: 801,
            staff_id: 1,
            role: "panel_member".into(),
        },
    ])
    .await
    .unwrap();
    tx.insert_staff(&row(802, 1)).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let err = tx.insert_staff(&row(801, 2)).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    assert!(err.to_string().contains("sam@example.org"));
    tx.rollback().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let found = tx
        .staff_by_email(801, "sam@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.team.as_deref(), Some("North"));
    assert_eq!(
        tx.staff_roles(801, 1).await.unwrap(),
        ["panel_member", "send_caseworker"]
    );
}

async fn caseload_counts_follow_plans_in_force(store: &Store) {
    two_councils(store).await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_settings(&[SettingRow {
        la_id: 801,
        setting_id: 1,
        urn: Some(990001),
        ukprn: None,
        name: "Sampleford Primary School".into(),
        phase: "primary".into(),
        setting_type: "mainstream_la_maintained".into(),
        area: "North".into(),
        in_area: true,
        postcode: Some("ZZ1 2AB".into()),
    }])
    .await
    .unwrap();
    tx.insert_children(
        &(1..=3)
            .map(|i| child(801, i, "Count", None))
            .collect::<Vec<_>>(),
    )
    .await
    .unwrap();
    tx.insert_child_needs(&[
        ChildNeedRow {
            la_id: 801,
            child_id: 1,
            rank: 1,
            sen_type: "ASD".into(),
        },
        ChildNeedRow {
            la_id: 801,
            child_id: 2,
            rank: 1,
            sen_type: "ASD".into(),
        },
        ChildNeedRow {
            la_id: 801,
            child_id: 3,
            rank: 1,
            sen_type: "SEMH".into(),
        },
    ])
    .await
    .unwrap();
    let plan = |plan_id, child_id, start: &str, cease: Option<&str>| PlanRow {
        la_id: 801,
        plan_id,
        child_id,
        request_id: None,
        start_on: date(start),
        cease_on: cease.map(date),
        cease_reason: cease.map(|_| "2".into()),
        cease_notice_on: None,
        transferred_in_from: None,
        transferred_out_to: None,
    };
    tx.insert_plans(&[
        plan(1, 1, "2022-03-01", None),
        plan(2, 2, "2023-06-01", Some("2024-12-31")),
        plan(3, 3, "2025-02-01", None),
    ])
    .await
    .unwrap();
    tx.insert_placements(&[PlacementRow {
        la_id: 801,
        placement_id: 1,
        child_id: 1,
        setting_id: Some(1),
        sen_setting: None,
        category: "mainstream_la_maintained".into(),
        entry_on: date("2022-09-01"),
        leaving_on: None,
        sen_unit: false,
        resourced_provision: false,
    }])
    .await
    .unwrap();
    let census = date("2025-01-16");
    assert_eq!(tx.count_plans_in_force(801, census).await.unwrap(), 1);
    assert_eq!(
        tx.count_plans_in_force(801, date("2024-06-01"))
            .await
            .unwrap(),
        2
    );
    let by_need = tx
        .plans_in_force_by_primary_need(801, date("2024-06-01"))
        .await
        .unwrap();
    assert_eq!(
        by_need,
        [KeyCount {
            key: Some("ASD".into()),
            n: 2
        }]
    );
    let by_placement = tx
        .plans_in_force_by_placement(801, date("2024-06-01"))
        .await
        .unwrap();
    assert_eq!(
        by_placement,
        [
            KeyCount { key: None, n: 1 },
            KeyCount {
                key: Some("mainstream_la_maintained".into()),
                n: 1
            }
        ]
    );
    assert_eq!(
        tx.placements_for_child(801, 1).await.unwrap()[0].setting_id,
        Some(1)
    );
    assert_eq!(
        tx.plans_for_child(801, 2).await.unwrap()[0]
            .cease_reason
            .as_deref(),
        Some("2")
    );
}

async fn requests_round_trip(store: &Store) {
    two_councils(store).await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_children(&[child(801, 1, "Req", None)])
        .await
        .unwrap();
    let r = RequestRow {
        la_id: 801,
        request_id: 1,
        child_id: 1,
        received_on: date("2024-01-08"),
        source: "parent".into(),
        outcome: "Y".into(),
        outcome_on: Some(date("2024-02-16")),
        assessment_outcome: Some("Y".into()),
        assessment_outcome_on: Some(date("2024-05-20")),
        week20_exception: true,
        decision_reasons: Some("Evidence of needs the school cannot meet".into()),
        draft_issued_on: Some(date("2024-05-20")),
        comments_received_on: None,
    };
    tx.insert_requests(std::slice::from_ref(&r)).await.unwrap();
    assert_eq!(tx.requests_for_child(801, 1).await.unwrap(), [r]);
    assert_eq!(tx.count_requests(801).await.unwrap(), 1);
}

async fn audit_is_appended_and_read_newest_first(store: &Store) {
    two_councils(store).await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_children(&[child(801, 7, "Audited", None)])
        .await
        .unwrap();
    for action in ["child.add", "child.read"] {
        tx.append_audit(NewAuditEvent {
            la_id: 801,
            actor: "staff:1".into(),
            action: action.into(),
            record_type: "child".into(),
            record_id: Some("7".into()),
            child_id: Some(7),
            from_addr: "127.0.0.1".into(),
            detail: None,
        })
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let events = tx.audit_for_child(801, 7, 10).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["child.read", "child.add"]
    );
    assert!(tx.audit_for_child(802, 7, 10).await.unwrap().is_empty());
    assert_eq!(tx.audit_events(801, 1).await.unwrap().len(), 1);
}

async fn emptying_a_council_leaves_the_others(store: &Store) {
    two_councils(store).await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_children(&[child(801, 1, "Mine", None), child(801, 2, "Mine", None)])
        .await
        .unwrap();
    tx.insert_children(&[child(802, 1, "Theirs", None)])
        .await
        .unwrap();
    tx.allocate_ids(801, "children", 2).await.unwrap();
    tx.empty_council(801).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.council_counts(801).await.unwrap(),
        CouncilCounts::default()
    );
    assert_eq!(tx.council_counts(802).await.unwrap().children, 1);
    assert_eq!(
        tx.allocate_ids(801, "children", 1).await.unwrap(),
        1,
        "ids restart for an emptied council"
    );
    assert!(
        tx.local_authority(801).await.unwrap().is_some(),
        "the council itself stays"
    );
}

async fn statistics_refresh_inside_a_loading_transaction(store: &Store) {
    two_councils(store).await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_children(
        &(1..=50)
            .map(|i| child(801, i, "Stat", None))
            .collect::<Vec<_>>(),
    )
    .await
    .unwrap();
    tx.refresh_statistics().await.unwrap();
    tx.insert_child_needs(&[ChildNeedRow {
        la_id: 801,
        child_id: 50,
        rank: 1,
        sen_type: "VI".into(),
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.council_counts(801).await.unwrap().children, 50);
}

store::on_both_engines!(
    migrations_are_idempotent,
    every_primary_key_starts_with_la_id,
    every_council_table_is_emptied_with_the_council,
    councils_upsert_and_read,
    children_round_trip_with_needs,
    a_third_need_rank_is_refused,
    foreign_keys_are_enforced,
    councils_are_isolated,
    the_same_upn_twice_in_a_council_is_refused,
    ids_come_in_blocks_per_council,
    a_rolled_back_transaction_leaves_nothing,
    bulk_inserts_split_under_the_parameter_limit,
    staff_emails_are_unique_per_council,
    caseload_counts_follow_plans_in_force,
    requests_round_trip,
    audit_is_appended_and_read_newest_first,
    emptying_a_council_leaves_the_others,
    statistics_refresh_inside_a_loading_transaction,
);
