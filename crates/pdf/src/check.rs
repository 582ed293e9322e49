//! Reads back a PDF as this crate writes it (uncompressed, with a cross-reference table), to
//! check that it is whole and to get its text: the header and end-of-file marker, the
//! `startxref` offset landing on the table, every object the table lists found at its offset
//! under its number, the trailer naming the catalog, the page count, and the strings each
//! page's content shows, in order, decoded from WinAnsiEncoding.
//!
//! It is not a general PDF reader: compressed streams, object streams and incremental updates
//! are reported as problems, which is what they would be in a file of ours.

use crate::metrics::decode_byte;

/// What a PDF holds, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub version: String,
    pub objects: usize,
    pub pages: usize,
    /// Each string shown, one per line, in content stream order.
    pub text: String,
}

/// Checks `bytes` as a whole PDF and reads its text.
///
/// # Errors
/// What is wrong with the file, in words.
pub fn read(bytes: &[u8]) -> Result<Checked, String> {
    let version = bytes
        .strip_prefix(b"%PDF-")
        .and_then(|rest| rest.get(..3))
        .map(|v| String::from_utf8_lossy(v).to_string())
        .ok_or("no %PDF- header")?;
    let end = trim_end(bytes);
    if !end.ends_with(b"%%EOF") {
        return Err("no %%EOF at the end".into());
    }
    let at = rfind(end, b"startxref").ok_or("no startxref")?;
    let offset: usize = String::from_utf8_lossy(&end[at + 9..end.len() - 5])
        .trim()
        .parse()
        .map_err(|_| "startxref is not a number")?;
    let table = bytes.get(offset..).ok_or("startxref points past the end")?;
    if !table.starts_with(b"xref") {
        return Err(format!(
            "startxref {offset} does not point at the xref table"
        ));
    }
    let table = String::from_utf8_lossy(table);
    let mut lines = table.lines().skip(1);
    let header = lines.next().ok_or("empty xref table")?;
    let (first, count) = header.split_once(' ').ok_or("bad xref subsection")?;
    let (first, count): (usize, usize) = (
        first.parse().map_err(|_| "bad xref start")?,
        count.trim().parse().map_err(|_| "bad xref count")?,
    );
    let mut objects = 0;
    for number in first..first + count {
        let entry = lines.next().ok_or("xref table ends early")?;
        let parts: Vec<&str> = entry.split_whitespace().collect();
        if parts.get(2) != Some(&"n") {
            continue;
        }
        let at: usize = parts[0]
            .parse()
            .map_err(|_| format!("bad offset for {number}"))?;
        let expected = format!("{number} 0 obj");
        if !bytes
            .get(at..)
            .is_some_and(|b| b.starts_with(expected.as_bytes()))
        {
            return Err(format!("object {number} is not at offset {at}"));
        }
        objects += 1;
    }
    let trailer = &table[table.find("trailer").ok_or("no trailer")?..];
    if !trailer.contains("/Root") {
        return Err("the trailer names no catalog".into());
    }
    let body = &bytes[..offset];
    if find(body, b"/Filter").is_some() || find(body, b"/ObjStm").is_some() {
        return Err("compressed streams are not read here".into());
    }
    let pages = count_of(body, b"/Type /Page\n") + count_of(body, b"/Type /Page ");
    let mut text = String::new();
    let mut rest = body;
    while let Some(start) = find(rest, b"stream\n") {
        let stream = &rest[start + 7..];
        let stop = find(stream, b"endstream").ok_or("a stream has no end")?;
        shown(&stream[..stop], &mut text)?;
        rest = &stream[stop + 9..];
    }
    Ok(Checked {
        version,
        objects,
        pages,
        text,
    })
}

/// Appends the strings shown in a content stream (literal or hex), one per line.
fn shown(content: &[u8], text: &mut String) -> Result<(), String> {
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'(' => {
                let mut depth = 1;
                let mut bytes = Vec::new();
                i += 1;
                while depth > 0 {
                    let b = *content.get(i).ok_or("a string has no end")?;
                    match b {
                        b'\\' => {
                            i += 1;
                            let e = *content.get(i).ok_or("a string has no end")?;
                            bytes.push(match e {
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                b'0'..=b'7' => {
                                    let digits: Vec<u8> = content[i..]
                                        .iter()
                                        .take(3)
                                        .take_while(|d| (b'0'..=b'7').contains(d))
                                        .copied()
                                        .collect();
                                    i += digits.len() - 1;
                                    digits
                                        .iter()
                                        .fold(0u8, |n, d| n.wrapping_mul(8) + (d - b'0'))
                                }
                                other => other,
                            });
                        }
                        b'(' => {
                            depth += 1;
                            bytes.push(b);
                        }
                        b')' => {
                            depth -= 1;
                            if depth > 0 {
                                bytes.push(b);
                            }
                        }
                        _ => bytes.push(b),
                    }
                    i += 1;
                }
                push_line(text, &bytes);
            }
            b'<' if content.get(i + 1) != Some(&b'<') => {
                let stop = content[i..]
                    .iter()
                    .position(|b| *b == b'>')
                    .ok_or("a hex string has no end")?;
                let hex: Vec<u8> = content[i + 1..i + stop]
                    .iter()
                    .filter(|b| b.is_ascii_hexdigit())
                    .copied()
                    .collect();
                let bytes: Vec<u8> = hex
                    .chunks(2)
                    .map(|pair| {
                        let digit = |d: u8| char::from(d).to_digit(16).unwrap_or(0);
                        let hi = digit(pair[0]);
                        let lo = pair.get(1).map_or(0, |d| digit(*d));
                        u8::try_from(hi * 16 + lo).unwrap_or(b'?')
                    })
                    .collect();
                push_line(text, &bytes);
                i += stop + 1;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

fn push_line(text: &mut String, bytes: &[u8]) {
    text.extend(bytes.iter().map(|b| decode_byte(*b)));
    text.push('\n');
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    &bytes[..end]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn count_of(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Block, Report, render};

    fn report() -> Report {
        Report {
            title: "Report pack (draft)".into(),
            stamp: "Generated 24 November 2026 at 09:15".into(),
            created: (2026, 11, 24, 9, 15, 0),
            blocks: vec![
                Block::Heading("High needs position".into()),
                Block::Paragraph("Forecast outturn £12,345,678.90 – above budget.".into()),
                Block::Table {
                    heads: vec!["Measure".into(), "Now".into()],
                    rows: vec![vec![
                        "Plans issued within 20 weeks".into(),
                        "45.2% (12 of 27)".into(),
                    ]],
                    widths: vec![2.0, 1.0],
                },
            ],
        }
    }

    #[test]
    fn a_rendered_report_reads_back_whole_with_its_text() {
        let bytes = render(&report());
        let checked = read(&bytes).unwrap();
        assert_eq!(checked.pages, 1);
        assert!(checked.objects >= 7, "{checked:?}");
        for line in [
            "Report pack (draft)",
            "High needs position",
            "45.2% (12 of 27)",
            "Page 1 of 1",
        ] {
            assert!(checked.text.contains(line), "{line}: {}", checked.text);
        }
        assert!(checked.text.contains("£12,345,678.90"), "{}", checked.text);
    }

    #[test]
    fn a_damaged_file_is_refused() {
        let bytes = render(&report());
        assert!(read(&bytes[..bytes.len() / 2]).is_err());
        let mut shifted = b"  ".to_vec();
        shifted.extend_from_slice(&bytes);
        assert!(read(&shifted).is_err());
        let mut moved = bytes.clone();
        let at = find(&moved, b"3 0 obj").unwrap();
        moved[at] = b'9';
        assert_eq!(
            read(&moved).unwrap_err(),
            "object 3 is not at offset ".to_string() + &at.to_string()
        );
    }
}
