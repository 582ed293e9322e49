//! What can go wrong when reading the DfE tables or choosing a council to shape on.

use domain::ids::LaCode;

/// An error from synth. Every message is one line, fit to print from the command line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SynthError {
    /// A row of a DfE file could not be read.
    #[error("{file} line {line}: {message}")]
    Csv {
        file: String,
        line: u64,
        message: String,
    },
    /// A DfE file lacks a column synth needs.
    #[error("{file}: no column named {column}")]
    MissingColumn { file: String, column: String },
    /// A DfE file could not be read from disk.
    #[error("cannot read {path}: {message}")]
    Io { path: String, message: String },
    /// `--like` named a code that no English council has.
    #[error(
        "--like {code}: no English council has DfE code {code} (e.g. {example_code} is {example_name})"
    )]
    UnknownLa {
        code: LaCode,
        example_code: LaCode,
        example_name: String,
    },
    /// The tables lack a figure synth cannot do without (for example no 2025 rows at all).
    #[error("{0}")]
    MissingData(String),
}

impl SynthError {
    pub(crate) fn csv(file: &str, line: u64, message: String) -> Self {
        Self::Csv {
            file: file.to_string(),
            line,
            message,
        }
    }
}
