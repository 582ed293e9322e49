//! Running the real `highneeds` binary in tests.

#![allow(clippy::unwrap_used)]
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

pub fn highneeds(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_highneeds"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("HIGHNEEDS_ADDR")
        .output()
        .expect("run highneeds")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the command failed with exactly one line on stderr containing `expected`.
pub fn fails_with_one_line(o: &Output, expected: &str) {
    let err = stderr(o);
    assert!(
        !o.status.success(),
        "expected failure, got success; stdout: {}",
        stdout(o)
    );
    assert_eq!(o.status.code(), Some(1), "exit code; stderr: {err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line on stderr, got: {err}");
    assert!(lines[0].starts_with("error: "), "{err}");
    assert!(
        lines[0].contains(expected),
        "expected {expected:?} in: {err}"
    );
}

/// The DfE data folder shared beside the repository.
pub fn shared_dfe() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/dfe")
}

/// Bristol's published top-up model, shared beside the repository.
pub fn shared_bristol_topup() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/bristol-topup")
}
