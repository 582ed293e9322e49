//! `migrate`, `user` and `serve` through the real binary.

#![allow(clippy::unwrap_used)]

mod common;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use common::*;

#[test]
fn migrate_twice_says_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hn.db");
    let first = highneeds(&["migrate", "--db", db.to_str().unwrap()]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).contains(&format!(
            "migrated from schema version 0 to {}",
            store::migrate::latest_version()
        )),
        "{}",
        stdout(&first)
    );
    assert!(
        stdout(&first).contains("councils listed"),
        "{}",
        stdout(&first)
    );
    let second = highneeds(&["migrate", "--db", &format!("sqlite://{}", db.display())]);
    assert!(
        stdout(&second).contains(&format!(
            "is up to date at schema version {}",
            store::migrate::latest_version()
        )),
        "{}",
        stdout(&second)
    );
}

#[test]
fn staff_are_added_with_roles_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hn.db");
    let db = db.to_str().unwrap();
    let out = highneeds(&[
        "user",
        "add",
        "--db",
        db,
        "--la",
        "801",
        "--name",
        "Priya Patel",
        "--email",
        "Priya.Patel@Example.org",
        "--role",
        "send_caseworker",
        "--role",
        "panel_member",
        "--service",
        "SEND casework",
        "--team",
        "East",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "Added Priya Patel <priya.patel@example.org> as staff 1 with roles: send_caseworker, panel_member."
    );
    let again = highneeds(&[
        "user",
        "add",
        "--db",
        db,
        "--la",
        "801",
        "--name",
        "P Patel",
        "--email",
        "priya.patel@example.org",
        "--role",
        "panel_member",
    ]);
    fails_with_one_line(
        &again,
        "email: priya.patel@example.org is already a staff member here",
    );
    let family = highneeds(&[
        "user",
        "add",
        "--db",
        db,
        "--la",
        "801",
        "--name",
        "A Parent",
        "--email",
        "parent@example.org",
        "--role",
        "parent_carer",
    ]);
    fails_with_one_line(&family, "role: parent_carer is for families");
    let list = highneeds(&["user", "list", "--db", db, "--la", "801"]);
    let listed = stdout(&list);
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(
        listed.contains("priya.patel@example.org")
            && listed.contains("send_caseworker, panel_member"),
        "{listed}"
    );
}

#[test]
fn a_password_from_stdin_must_be_long_enough() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hn.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_highneeds"))
        .args([
            "user",
            "add",
            "--db",
            db.to_str().unwrap(),
            "--la",
            "801",
            "--name",
            "Short Pass",
        ])
        .args([
            "--email",
            "short@example.org",
            "--role",
            "la_admin",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"tooshort\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    fails_with_one_line(&out, "password: use at least 12 characters");
}

#[test]
fn serve_shows_the_service_and_guards_childrens_records() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hn.db");
    let db = db.to_str().unwrap();
    let nothing = highneeds(&["serve", "--db", db, "--addr", "127.0.0.1:0"]);
    fails_with_one_line(&nothing, "--la: no council holds any data yet");
    let added = highneeds(&[
        "child",
        "add",
        "--db",
        db,
        "--la",
        "801",
        "--forename",
        "Amara",
        "--surname",
        "Testley",
        "--birth-date",
        "2019-10-01",
        "--sex",
        "F",
        "--upn-unknown",
        "UN1",
    ]);
    assert!(added.status.success(), "{}", stderr(&added));
    let mut server = Command::new(env!("CARGO_BIN_EXE_highneeds"))
        .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("Serving on http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_string();
    let get = |path: &str| {
        let mut stream = TcpStream::connect(&addr).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    };
    let start = get("/");
    let child = get("/children/1");
    let health = get("/healthz");
    let _ = server.kill();
    let _ = server.wait();
    assert!(start.starts_with("HTTP/1.1 200"), "{start}");
    assert!(
        start.contains("Manage SEND and high needs") && start.contains("Bristol, City of"),
        "{start}"
    );
    assert!(
        child.starts_with("HTTP/1.1 303") && child.contains("location: /sign-in"),
        "{child}"
    );
    assert!(
        !child.contains("Testley"),
        "no personal data without a session"
    );
    assert!(
        health.starts_with("HTTP/1.1 200") && health.ends_with("ok"),
        "{health}"
    );
}
