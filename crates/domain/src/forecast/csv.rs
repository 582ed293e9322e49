//! The few parts of RFC 4180 the witan.send input files use, read from text.
//!
//! The forecast's four inputs are small CSV files with a header row (forecasting.md §2).
//! `valid-states.csv` quotes its comma lists (`"T,U,V"`) and has no final newline; files saved
//! by Excel may start with a byte order mark and end lines with CRLF. This reader handles those
//! and nothing more, so `domain` keeps no IO and no CSV dependency; it remembers the line each
//! record starts on, so every problem can be reported at its line.

use super::InputError;

/// One record (row) of a file: the line it starts on (from 1, the header being line 1) and its
/// fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A file's header and records, with the file's name for messages.
#[derive(Debug)]
pub(crate) struct Table<'a> {
    pub file: &'a str,
    header: Vec<String>,
    pub records: Vec<Record>,
}

impl<'a> Table<'a> {
    /// Splits `text` into records. Blank lines are skipped; a quote left open is an error at the
    /// line where its field began.
    pub fn parse(file: &'a str, text: &str) -> Result<Self, InputError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut records = Vec::new();
        let mut fields = Vec::new();
        let mut field = String::new();
        let (mut line, mut record_line, mut quote_line) = (1, 1, 0);
        let mut in_quotes = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if in_quotes {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => in_quotes = false,
                    '\n' => {
                        line += 1;
                        field.push('\n');
                    }
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                '"' if field.is_empty() => {
                    in_quotes = true;
                    quote_line = line;
                }
                ',' => fields.push(std::mem::take(&mut field)),
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    fields.push(std::mem::take(&mut field));
                    push_record(&mut records, record_line, std::mem::take(&mut fields));
                    line += 1;
                    record_line = line;
                }
                _ => field.push(c),
            }
        }
        if in_quotes {
            return Err(InputError::at(
                file,
                quote_line,
                None,
                "a quoted field is never closed (a \" is missing)",
            ));
        }
        fields.push(field);
        push_record(&mut records, record_line, fields);
        if records.is_empty() {
            return Err(InputError::file(file, "is empty: it needs a header row"));
        }
        let header = records.remove(0);
        let header = header.fields.into_iter().map(|h| h.trim().to_owned());
        Ok(Self {
            file,
            header: header.collect(),
            records,
        })
    }

    /// The position of each named column, in the order asked; a missing column is an error
    /// naming it and the columns the file has.
    pub fn columns<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N], InputError> {
        let mut positions = [0; N];
        for (slot, name) in positions.iter_mut().zip(names) {
            *slot = self.header.iter().position(|h| h == name).ok_or_else(|| {
                InputError::at(
                    self.file,
                    1,
                    None,
                    format!(
                        "the header has no column `{name}` (it has: {})",
                        self.header.join(", ")
                    ),
                )
            })?;
        }
        Ok(positions)
    }

    /// The header's name for a column position.
    pub fn column_name(&self, position: usize) -> &str {
        self.header.get(position).map_or("", String::as_str)
    }
}

/// Keeps a record unless the line was blank.
fn push_record(records: &mut Vec<Record>, line: usize, fields: Vec<String>) {
    if fields.len() == 1 && fields[0].trim().is_empty() {
        return;
    }
    records.push(Record { line, fields });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_lists_crlf_a_bom_and_no_final_newline() {
        let t = Table::parse(
            "v.csv",
            "\u{feff}a,b\r\nx,\"T,U\"\r\n\r\n\"say \"\"hi\"\"\",2",
        )
        .unwrap();
        assert_eq!(t.columns(["b", "a"]).unwrap(), [1, 0]);
        assert_eq!(t.records.len(), 2);
        assert_eq!(t.records[0].fields, ["x", "T,U"]);
        assert_eq!(t.records[0].line, 2);
        assert_eq!(t.records[1].fields, ["say \"hi\"", "2"]);
        assert_eq!(t.records[1].line, 4);
    }

    #[test]
    fn names_a_missing_column_and_an_open_quote() {
        let t = Table::parse("v.csv", "a,b\n1,2\n").unwrap();
        let e = t.columns(["c"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "v.csv, line 1: the header has no column `c` (it has: a, b)"
        );
        let e = Table::parse("v.csv", "a\n\"x\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(Table::parse("v.csv", "").is_err());
    }
}
