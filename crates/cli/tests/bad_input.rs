//! Bad input gives one clear line on stderr and a non-zero exit, and changes nothing.

#![allow(clippy::unwrap_used)]

mod common;
use common::*;

#[test]
fn a_file_that_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minutes.txt");
    let text = "Schools Forum minutes, 7 December 2021\n".repeat(100);
    std::fs::write(&path, &text).unwrap();
    let out = highneeds(&["migrate", "--db", path.to_str().unwrap()]);
    fails_with_one_line(&out, "minutes.txt is not a SQLite database");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "the file is untouched"
    );
}

#[test]
fn an_unreachable_postgres() {
    let out = highneeds(&[
        "migrate",
        "--db",
        "postgres://highneeds@127.0.0.1:1/highneeds",
    ]);
    fails_with_one_line(
        &out,
        "cannot reach the database at postgres://highneeds@127.0.0.1:1/highneeds",
    );
}

#[test]
fn an_unknown_database_kind() {
    let out = highneeds(&["migrate", "--db", "mysql://127.0.0.1/hn"]);
    fails_with_one_line(&out, "--db: unsupported database kind 'mysql'");
}

#[test]
fn an_unknown_like_code_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = highneeds(&[
        "demo",
        "--size",
        "small",
        "--like",
        "123",
        "--no-serve",
        "--db",
        db.to_str().unwrap(),
    ]);
    fails_with_one_line(&out, "--like 123: no English council has DfE code 123");
    assert!(!db.exists(), "no database was created");
    let out = highneeds(&[
        "demo",
        "--like",
        "bristol",
        "--no-serve",
        "--db",
        db.to_str().unwrap(),
    ]);
    fails_with_one_line(&out, "--like: ");
}

#[test]
fn a_upn_with_a_wrong_check_letter_is_refused_and_nothing_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hn.db");
    let db = db.to_str().unwrap();
    let base = [
        "child",
        "add",
        "--db",
        db,
        "--la",
        "801",
        "--forename",
        "Amara",
        "--surname",
        "Samplewood",
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(&["--birth-date", "2016-05-04", "--sex", "F", "--need", "ASD"]);
        args.extend_from_slice(extra);
        highneeds(&args)
    };
    // D801234524001 is valid; A801234524001 has the wrong check letter.
    let out = with(&["--upn", "A801234524001"]);
    fails_with_one_line(&out, "upn: check letter should be 'D', not 'A'");
    let out = highneeds(&["child", "show", "--db", db, "--la", "801", "1"]);
    fails_with_one_line(&out, "child 1 not found");

    let out = with(&["--upn", "D801234524001"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "Recorded child 1.");
    let out = highneeds(&["child", "show", "--db", db, "--la", "801", "1"]);
    assert!(
        stdout(&out).contains("Amara Samplewood (child 1)"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("Autistic"), "{}", stdout(&out));
}

#[test]
fn several_problems_are_reported_together_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hn.db");
    let out = highneeds(&[
        "child",
        "add",
        "--db",
        db.to_str().unwrap(),
        "--la",
        "801",
        "--forename",
        " ",
        "--surname",
        "X",
        "--birth-date",
        "31/02/2016",
        "--sex",
        "Q",
    ]);
    fails_with_one_line(&out, "forename: enter their first name");
    let err = stderr(&out);
    assert!(
        err.contains("birth_date: '31/02/2016' is not a date: use YYYY-MM-DD"),
        "{err}"
    );
    assert!(err.contains("sex: "), "{err}");
    assert!(
        err.contains("upn: enter a UPN, a ULN, or the reason the UPN is unknown"),
        "{err}"
    );
}

#[test]
fn an_unknown_council_code() {
    let out = highneeds(&["user", "list", "--la", "80", "--db", "unused.db"]);
    fails_with_one_line(&out, "--la: ");
}
