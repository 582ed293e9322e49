//! Importing a file with problems, on both engines: each is reported by row and column and
//! nothing is imported, or, asked to, the valid rows are and the rest listed; children are
//! matched to the council's by UPN or id; files that are not the format are refused whole.

#![allow(clippy::unwrap_used)]

use app::casework::exchange::{
    Col, ImportError, ImportOptions, RowProblem, export_ehc, import_ehc,
};
use app::{Actor, AppError};
use chrono::NaiveDate;
use domain::{LaCode, Role};
use store::Store;

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

/// A file in the format, from (column, value) pairs per row; the header has every column.
fn file(rows: &[&[(&str, &str)]]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(Col::ALL.iter().map(|c| c.name())).unwrap();
    for row in rows {
        let line: Vec<&str> = Col::ALL
            .iter()
            .map(|c| {
                let found = row.iter().find(|(name, _)| *name == c.name());
                match (c.name(), found) {
                    (_, Some((_, v))) => *v,
                    ("la_code", None) => "801",
                    _ => "",
                }
            })
            .collect();
        w.write_record(line).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn messages(problems: &[RowProblem]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

const CHILD_1: &[(&str, &str)] = &[
    ("record", "child"),
    ("child_id", "1"),
    ("forename", "Ada"),
    ("surname", "Lovelace"),
    ("birth_date", "2015-12-10"),
    ("sex", "F"),
    ("upn_unknown", "UN2"),
];
const CHILD_3: &[(&str, &str)] = &[
    ("record", "child"),
    ("child_id", "3"),
    ("forename", "Cal"),
    ("surname", "Sample"),
    ("birth_date", "2014-01-01"),
    ("sex", "M"),
    ("upn", "D801234524001"),
    ("primary_need", "ASD"),
];
const REQUEST_3: &[(&str, &str)] = &[
    ("record", "request"),
    ("child_id", "3"),
    ("record_id", "3"),
    ("received_on", "2026-01-05"),
    ("source", "school"),
    ("decision", "N"),
    ("decided_on", "2026-02-01"),
    ("reasons", "Needs can be met at school"),
];

fn problem_file() -> String {
    file(&[
        &[("record", "council")],
        CHILD_1,
        &[
            ("record", "request"),
            ("child_id", "1"),
            ("record_id", "1"),
            ("received_on", "2026-01-05"),
            ("source", "parent"),
            ("decision", "Y"),
            ("decided_on", "2026-01-01"),
        ],
        &[
            ("record", "advice"),
            ("child_id", "1"),
            ("record_id", "1"),
            ("request_id", "1"),
            ("service", "health"),
            ("requested_on", "2026-02-01"),
        ],
        &[
            ("record", "child"),
            ("child_id", "2"),
            ("forename", "Ben"),
            ("surname", "Sample"),
            ("sex", "M"),
            ("upn_unknown", "UN2"),
        ],
        &[
            ("record", "request"),
            ("child_id", "2"),
            ("record_id", "2"),
            ("received_on", "2026-01-05"),
            ("source", "parent"),
            ("decision", "A"),
        ],
        CHILD_3,
        REQUEST_3,
        &[
            ("record", "plan"),
            ("child_id", "3"),
            ("record_id", "1"),
            ("request_id", "3"),
            ("start_on", "2026-05-01"),
        ],
        &[("record", "widget"), ("child_id", "3")],
        &[
            ("la_code", "802"),
            ("record", "marker"),
            ("child_id", "3"),
            ("record_id", "1"),
            ("kind", "mediation"),
            ("opened_on", "2026-01-01"),
        ],
        &[
            ("record", "review"),
            ("child_id", "3"),
            ("record_id", "1"),
            ("plan_id", "9"),
            ("meeting_on", "2026-06-01"),
            ("cease_on", "2026-07-01"),
        ],
        &[
            ("record", "deadline"),
            ("child_id", "3"),
            ("deadline", "final_plan"),
            ("due_on", "not even a date"),
        ],
    ])
}

async fn problems_are_reported_by_row_and_column_and_nothing_is_imported(store: &Store) {
    council(store).await;
    let text = problem_file();
    let err = import_ehc(
        store,
        &op(),
        text.as_bytes(),
        ImportOptions::default(),
        d(TODAY),
    )
    .await
    .unwrap_err();
    let ImportError::Rows(problems) = err else {
        panic!("expected row problems, got {err}");
    };
    assert_eq!(
        messages(&problems),
        [
            "row 4, column decided_on: the date must be on or after the request (2026-01-05)",
            "row 6, column birth_date: enter a date as YYYY-MM-DD",
            "row 10, column request_id: request 3 did not lead to a plan (its assessment_outcome is not Y)",
            "row 11, column record: 'widget' is not one of: council, child, request, advice, exception, plan, review, phase_transfer, reassessment, marker, case, deadline",
            "row 12, column la_code: the row is for council 802, but the import is into council 801",
            "row 13, column cease_on: review rows do not use this column: leave it empty",
        ]
    );
    let mut tx = store.begin().await.unwrap();
    assert!(tx.child_birth_dates(801).await.unwrap().is_empty());
    tx.commit().await.unwrap();

    // Asked to, it imports the rest and says why each other row was left out.
    let options = ImportOptions { skip_invalid: true };
    let report = import_ehc(store, &op(), text.as_bytes(), options, d(TODAY))
        .await
        .unwrap();
    assert_eq!(report.rows, 13);
    assert_eq!(report.computed_rows, 1);
    assert_eq!(report.skipped_rows, 8);
    assert_eq!(
        (report.imported.children_created, report.imported.requests),
        (2, 1)
    );
    assert_eq!(report.cases, 1);
    let follows: Vec<String> = report
        .skipped
        .iter()
        .filter(|p| p.follows)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        follows,
        [
            "row 5, column request_id: request 1 is not imported (row 4 has problems)",
            "row 7, column child_id: child 2 is not imported (row 6 has problems)",
        ]
    );

    // Again: the children match, the request's id is taken.
    let again = file(&[CHILD_1, CHILD_3, REQUEST_3]);
    let err = import_ehc(
        store,
        &op(),
        again.as_bytes(),
        ImportOptions::default(),
        d(TODAY),
    )
    .await
    .unwrap_err();
    let ImportError::Rows(problems) = err else {
        panic!("expected row problems, got {err}");
    };
    assert_eq!(
        messages(&problems),
        ["row 4, column record_id: request 3 is already recorded in this council"]
    );
}

async fn children_match_by_upn_and_clashing_ids_are_refused(store: &Store) {
    council(store).await;
    let options = ImportOptions::default();
    let first = file(&[CHILD_3]);
    import_ehc(store, &op(), first.as_bytes(), options, d(TODAY))
        .await
        .unwrap();
    // The same UPN under another id is the same child; child 3 under another name is not.
    let upn_match: &[(&str, &str)] = &[
        ("child_id", "40"),
        ("record", "child"),
        ("forename", "Cal"),
        ("surname", "Sample"),
        ("birth_date", "2014-01-01"),
        ("sex", "M"),
        ("upn", "D801234524001"),
    ];
    let request: &[(&str, &str)] = &[
        ("record", "request"),
        ("child_id", "40"),
        ("record_id", "8"),
        ("received_on", "2026-03-02"),
        ("source", "parent"),
        ("decision", "A"),
    ];
    let report = import_ehc(
        store,
        &op(),
        file(&[upn_match, request]).as_bytes(),
        options,
        d(TODAY),
    )
    .await
    .unwrap();
    assert_eq!(
        (
            report.imported.children_created,
            report.imported.children_matched
        ),
        (0, 1)
    );
    let mut tx = store.begin().await.unwrap();
    let requests: Vec<store::RequestRow> = tx.records_of_child(801, 3).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(requests.len(), 1);
    let clash: &[(&str, &str)] = &[
        ("record", "child"),
        ("child_id", "3"),
        ("forename", "Dora"),
        ("surname", "Other"),
        ("birth_date", "2012-01-01"),
        ("sex", "F"),
        ("upn_unknown", "UN2"),
    ];
    let err = import_ehc(store, &op(), file(&[clash]).as_bytes(), options, d(TODAY))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "1 problem in 1 of the file's rows; nothing was imported"
    );
    let ImportError::Rows(problems) = err else {
        panic!()
    };
    assert_eq!(
        messages(&problems),
        [
            "row 2, column child_id: child 3 in this council is a different child (born 2014-01-01): give this child an unused id"
        ]
    );
    // New records continue after the imported ids.
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.allocate_ids(801, "requests", 1).await.unwrap(), 9);
    tx.commit().await.unwrap();
}

async fn files_that_are_not_the_format_are_refused_whole(store: &Store) {
    council(store).await;
    let options = ImportOptions::default();
    let today = d(TODAY);
    for (input, expected) in [
        (&b""[..], "the file is empty"),
        (
            &b"name,age\nAda,9\n"[..],
            "the header row is not the EHC casework format (missing columns: la_code, record,",
        ),
        (&b"\xff\xfe\x00\x01binary"[..], "not UTF-8"),
    ] {
        let err = import_ehc(store, &op(), input, options, today)
            .await
            .unwrap_err();
        assert!(matches!(err, ImportError::File(_)), "{err}");
        assert!(err.to_string().contains(expected), "{err}");
    }
    // Only managers may move casework in or out.
    let caseworker = Actor::staff(
        LaCode::new(801).unwrap(),
        1,
        vec![Role::SendCaseworker],
        "t",
    );
    let err = export_ehc(store, &caseworker, today).await.unwrap_err();
    assert!(matches!(err, AppError::Forbidden(_)), "{err}");
    let err = import_ehc(store, &caseworker, &b""[..], options, today)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ImportError::App(AppError::Forbidden(_))),
        "{err}"
    );
}

store::on_both_engines!(
    problems_are_reported_by_row_and_column_and_nothing_is_imported,
    children_match_by_upn_and_clashing_ids_are_refused,
    files_that_are_not_the_format_are_refused_whole,
);
