//! Top-up funding (element 3) as pure rules: the models a council uses to turn a pupil's needs
//! into an annual amount, held as data and versioned.
//!
//! Councils decide top-ups in one of two shapes (`reference/funding.md`, "Deciding a top-up"),
//! and Highneeds supports both as configuration, not code:
//!
//! - [`costing`]: *needs and provision costing*, Bristol's open model. The SENCO chooses need
//!   statements and then provisions; each provision has fixed weekly hours and a funding code
//!   with an hourly rate and weekly caps; the annual amount is hours × rate × 45.5 weeks.
//! - [`band`]: a *band matrix*. A level for each area of need is scored into a band with an
//!   annual amount; a panel may override the band and records why.
//!
//! Every model carries a [`ModelVersion`]: who made it, its version, and the SHA-256 of the data
//! it was read from, so a decision can keep the exact version it was priced with and anyone can
//! check later that a set of files is that version.
//!
//! Hours are exact decimals ([`Hours`]) and money is whole pence ([`crate::Pence`]), rounded once;
//! see [`hours`] for why.

pub mod application;
pub mod band;
pub mod costing;
pub mod hours;

use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};

pub use hours::{FundedWeeks, Hours, WeeklyCost, annual_amount};

/// Which shape of model priced a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// Needs and provision costing ([`costing`]).
    NeedsAndProvision,
    /// Band matrix ([`band`]).
    BandMatrix,
}

/// The identity of one version of a funding model, kept with every price and decision made
/// with it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ModelVersion {
    /// The shape of the model.
    pub kind: ModelKind,
    /// The council's name for the model, such as `bristol-topup`.
    pub id: String,
    /// The council's version label; where the data carries none, the first 12 hex digits of
    /// `sha256`.
    pub version: String,
    /// SHA-256 (hex) over the data the model was read from: each file's path and bytes, in
    /// path order. Any change to a rate, cap or statement gives a different value.
    pub sha256: String,
}

impl fmt::Display for ModelVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} version {}", self.id, self.version)
    }
}

/// SHA-256 over named byte strings, in the order given. Each name and its bytes are preceded by
/// their lengths, so no two different sets of files give the same input to the hash.
pub(crate) fn sha256_of_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut hasher = Sha256::new();
    for (name, bytes) in files {
        hasher.update((name.len() as u64).to_be_bytes());
        hasher.update(name.as_bytes());
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A model's data could not be read: which file, where, and what is wrong.
///
/// `Display` gives `needs/1_communicationAndInteraction.json, line 12: statementLevel must be one
/// of e, t, a, b or c, not 'x'`, or the file alone when the problem has no one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ModelError {
    /// The file, as a path relative to the model's folder.
    pub file: String,
    /// The line (from 1), when the problem is at one place in the file.
    pub line: Option<usize>,
    /// What is wrong, in words a council's data officer understands.
    pub problem: String,
}

impl ModelError {
    /// A problem with `file` as a whole.
    pub(crate) fn file(file: &str, problem: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line: None,
            problem: problem.into(),
        }
    }

    /// A problem at `line` of `file`.
    pub(crate) fn at(file: &str, line: Option<usize>, problem: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line,
            problem: problem.into(),
        }
    }

    /// A JSON reading error in `file` (a model's, or a package priced with it), at serde's line,
    /// with serde's message less the position.
    #[must_use]
    pub fn json(file: &str, e: &serde_json::Error) -> Self {
        let message = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        let problem = message.strip_suffix(&position).unwrap_or(&message);
        let problem = if e.is_syntax() || e.is_eof() {
            format!("not valid JSON: {problem}")
        } else {
            problem.to_owned()
        };
        Self::at(file, (e.line() > 0).then_some(e.line()), problem)
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, line {line}: {}", self.file, self.problem),
            None => write!(f, "{}: {}", self.file, self.problem),
        }
    }
}

/// The line (from 1) of the `skip`-th (from 0) appearance of `"name"` in a JSON text: where a
/// value that fails a check between files is written.
pub(crate) fn line_of(text: &str, name: &str, skip: usize) -> Option<usize> {
    let quoted = format!("\"{name}\"");
    let (at, _) = text.match_indices(&quoted).nth(skip)?;
    Some(text[..at].matches('\n').count() + 1)
}

/// The text of a model file: UTF-8, with a byte order mark allowed (as Windows editors write).
pub(crate) fn utf8<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, ModelError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ModelError::file(file, format!("is not UTF-8 text ({e})")))?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Each problem as its message (`field: problem`), for comparing in tests.
#[cfg(test)]
pub(crate) fn messages<T: std::fmt::Debug>(
    result: Result<T, Vec<crate::FieldError>>,
) -> Vec<String> {
    match result {
        Ok(value) => panic!("expected problems, got {value:?}"),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_separates_names_from_bytes() {
        let a = sha256_of_files([("ab", b"c".as_slice())]);
        let b = sha256_of_files([("a", b"bc".as_slice())]);
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(a, sha256_of_files([("ab", b"c".as_slice())]));
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let e = ModelError::at(
            "needs/1.json",
            Some(12),
            "statementLevel must be one of e, t, a, b or c",
        );
        assert_eq!(
            e.to_string(),
            "needs/1.json, line 12: statementLevel must be one of e, t, a, b or c"
        );
        let e = serde_json::from_str::<serde_json::Value>("{\n\"a\": }").unwrap_err();
        let e = ModelError::json("x.json", &e);
        assert_eq!(e.line, Some(2));
        assert!(e.problem.starts_with("not valid JSON: "), "{e}");
        assert!(!e.problem.contains("column"), "{e}");
        assert!(
            utf8("x.json", b"\xff")
                .unwrap_err()
                .to_string()
                .contains("not UTF-8")
        );
        assert_eq!(utf8("x.json", "\u{feff}{}".as_bytes()).unwrap(), "{}");
    }
}
