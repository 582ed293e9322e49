//! `highneeds import ehc` and `highneeds export ehc` through the real binary: the documented
//! example imports, a round trip gives the same file, problems are listed by row and column with
//! exit code 1, and bad files and arguments fail with one line.

#![allow(clippy::unwrap_used)]

mod common;
use std::path::{Path, PathBuf};

use common::*;

/// The example file in docs/formats/ehc.md.
fn documented_example() -> String {
    let doc = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/formats/ehc.md"),
    )
    .unwrap();
    let start = doc.find("```csv\n").unwrap() + "```csv\n".len();
    let end = start + doc[start..].find("```").unwrap();
    doc[start..end].to_string()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The header of the format without its computed columns, and one row per (column, value)
/// list, the council being 801.
fn file(rows: &[&[(&str, &str)]]) -> String {
    let header = documented_example().lines().next().unwrap().to_string();
    let columns: Vec<&str> = header.split(',').collect();
    let mut out = format!("{header}\n");
    for row in rows {
        let values: Vec<&str> = columns
            .iter()
            .map(|c| match row.iter().find(|(name, _)| name == c) {
                Some((_, v)) => *v,
                None if *c == "la_code" => "801",
                None => "",
            })
            .collect();
        out.push_str(&values.join(","));
        out.push('\n');
    }
    out
}

#[test]
fn the_documented_example_imports_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let example = dir.path().join("example.csv");
    std::fs::write(&example, documented_example()).unwrap();

    let out = highneeds(&[
        "import",
        "ehc",
        path(&example),
        "--la",
        "801",
        "--db",
        path(&a),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let said = stdout(&out);
    assert!(
        said.contains(
            "into council 801: children created 1, children matched 0, requests 1, advice 1, \
             exceptions 0, plans 1, reviews 0, phase transfers 0, re-assessments 0, markers 0."
        ),
        "{said}"
    );
    assert!(
        said.contains("Set the council's casework options from the file."),
        "{said}"
    );
    assert!(said.contains("The council has 1 EHC cases."), "{said}");

    // To a file, with a line saying what was written.
    let exported = dir.path().join("export.csv");
    let out = highneeds(&[
        "export",
        "ehc",
        "--la",
        "801",
        "--as-of",
        "2026-03-31",
        "--out",
        path(&exported),
        "--db",
        path(&a),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 children, 12 rows, deadlines as of 2026-03-31"),
        "{}",
        stdout(&out)
    );
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(text.starts_with("la_code,record,child_id,"), "{text}");
    assert!(text.contains(",stage,deadline,trigger_on,due_on,met_on,state,on_time,rule\n"));
    // The final plan was issued on 12 January 2026, 133 days after the request: in time.
    let final_plan = text
        .lines()
        .find(|l| l.contains(",deadline,") && l.contains(",final_plan,"))
        .unwrap();
    assert!(
        final_plan.contains(",2025-09-01,2026-01-19,2026-01-12,met_on_time,Y,"),
        "{final_plan}"
    );
    // The under-fives prompt of the council row: 6 months after the plan was made.
    assert!(
        text.contains(",under_five_review:1,2026-01-12,2026-07-12,,not_yet_due,,"),
        "{text}"
    );

    // To standard output, and back into an empty database: the same file again.
    let out = highneeds(&[
        "export",
        "ehc",
        "--la",
        "801",
        "--as-of",
        "2026-03-31",
        "--db",
        path(&a),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), text);
    let out = highneeds(&[
        "import",
        "ehc",
        path(&exported),
        "--la",
        "801",
        "--db",
        path(&b),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Ignored 7 case and deadline rows"),
        "{}",
        stdout(&out)
    );
    let out = highneeds(&[
        "export",
        "ehc",
        "--la",
        "801",
        "--as-of",
        "2026-03-31",
        "--db",
        path(&b),
    ]);
    assert_eq!(stdout(&out), text);
}

#[test]
fn problems_are_listed_by_row_and_column_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hn.db");
    let csv = dir.path().join("requests.csv");
    let child: &[(&str, &str)] = &[
        ("record", "child"),
        ("child_id", "5"),
        ("forename", "Ben"),
        ("surname", "Sample"),
        ("birth_date", "2014-02-03"),
        ("sex", "M"),
        ("upn_unknown", "UN2"),
    ];
    let late: &[(&str, &str)] = &[
        ("record", "request"),
        ("child_id", "5"),
        ("record_id", "1"),
        ("received_on", "2026-01-05"),
        ("source", "parent"),
        ("decision", "Y"),
        ("decided_on", "2025-12-01"),
    ];
    let good: &[(&str, &str)] = &[
        ("record", "request"),
        ("child_id", "5"),
        ("record_id", "2"),
        ("received_on", "2026-02-05"),
        ("source", "school"),
        ("decision", "A"),
    ];
    let advice: &[(&str, &str)] = &[
        ("record", "advice"),
        ("child_id", "5"),
        ("record_id", "1"),
        ("request_id", "1"),
        ("service", "psychology"),
        ("requested_on", "2026-01-20"),
    ];
    std::fs::write(&csv, file(&[child, late, good, advice])).unwrap();
    let import = |extra: &[&str]| {
        let mut args = vec![
            "import",
            "ehc",
            path(&csv),
            "--la",
            "801",
            "--db",
            path(&db),
        ];
        args.extend_from_slice(extra);
        highneeds(&args)
    };

    let out = import(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let name = path(&csv);
    assert_eq!(
        stderr(&out),
        format!(
            "{name}: row 3, column decided_on: the date must be on or after the request (2026-01-05)\n\
             {name}: row 5, column service: 'psychology' is not one of: educational_psychology, health, social_care, education, other\n\
             error: 2 problems in 2 of the file's rows; nothing was imported: fix them, or use --skip-invalid to import the other rows\n"
        )
    );
    assert_eq!(stdout(&out), "");
    let out = highneeds(&[
        "export",
        "ehc",
        "--la",
        "801",
        "--as-of",
        "2026-03-31",
        "--db",
        path(&db),
    ]);
    assert_eq!(
        stdout(&out).lines().count(),
        2,
        "only the header and the council row"
    );

    let out = import(&["--skip-invalid"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{name}: skipped row 3, column decided_on:")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{name}: skipped row 5, column service:")),
        "{err}"
    );
    let said = stdout(&out);
    assert!(
        said.contains("children created 1, children matched 0, requests 1,"),
        "{said}"
    );
    assert!(
        said.contains("Skipped 2 rows with problems (listed on standard error)."),
        "{said}"
    );
    let out = highneeds(&[
        "export",
        "ehc",
        "--la",
        "801",
        "--as-of",
        "2026-03-31",
        "--db",
        path(&db),
    ]);
    let text = stdout(&out);
    assert!(text.contains("\n801,request,5,2,"), "{text}");
    assert!(text.contains("\n801,case,5,,2,,"), "{text}");
}

#[test]
fn bad_files_and_arguments_fail_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hn.db");
    let db = path(&db);
    let minutes = dir.path().join("minutes.txt");
    std::fs::write(&minutes, "Schools Forum minutes, 7 December 2021\nItem 1\n").unwrap();
    let out = highneeds(&["import", "ehc", path(&minutes), "--la", "801", "--db", db]);
    fails_with_one_line(
        &out,
        "minutes.txt: the header row is not the EHC casework format (missing columns: la_code,",
    );
    let binary = dir.path().join("photo.csv");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe").unwrap();
    let out = highneeds(&["import", "ehc", path(&binary), "--la", "801", "--db", db]);
    fails_with_one_line(&out, "photo.csv: the file is not UTF-8 text");
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let out = highneeds(&["import", "ehc", path(&empty), "--la", "801", "--db", db]);
    fails_with_one_line(&out, "empty.csv: the file is empty");
    let missing = dir.path().join("missing.csv");
    let out = highneeds(&["import", "ehc", path(&missing), "--la", "801", "--db", db]);
    fails_with_one_line(&out, "cannot open ");
    let out = highneeds(&["import", "ehc", path(&empty), "--la", "80", "--db", db]);
    fails_with_one_line(&out, "--la: ");
    let out = highneeds(&[
        "export",
        "ehc",
        "--la",
        "801",
        "--as-of",
        "31/03/2026",
        "--db",
        db,
    ]);
    fails_with_one_line(&out, "--as-of: '31/03/2026' is not a date: use YYYY-MM-DD");
    let out = highneeds(&[
        "export",
        "ehc",
        "--la",
        "801",
        "--as-of",
        "2026-03-31",
        "--out",
        path(&dir.path().join("no-such-folder/x.csv")),
        "--db",
        db,
    ]);
    fails_with_one_line(&out, "cannot write ");
}
