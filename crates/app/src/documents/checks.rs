//! What an uploaded file must be: what kind of document, which file types (found from the bytes
//! themselves, not from the name or the type the browser declared), how large, and a file name
//! that is safe to keep and hand back.

use domain::FieldError;

/// The largest document accepted. Scanned reports and plans fit easily; anything larger is
/// usually a video or a whole folder, which do not belong on a child's file.
pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;

/// What a document is, as stored, with its label.
pub const DOCUMENT_KINDS: [(&str, &str); 7] = [
    ("advice", "Advice for the assessment"),
    ("report", "Report"),
    ("evidence", "Evidence"),
    ("views", "Views of the child, young person or family"),
    ("draft_plan", "Draft EHC plan"),
    ("final_plan", "Final EHC plan"),
    ("other", "Something else"),
];

/// The kinds a parent, carer or young person adds. Advice and plans come from the council and
/// its advisers, so a family's upload is never filed as one of them.
pub const FAMILY_KINDS: [&str; 4] = ["views", "evidence", "report", "other"];

/// The longest title or file name kept, in characters.
const MAX_NAME_CHARS: usize = 150;

pub fn kind_label(kind: &str) -> &str {
    DOCUMENT_KINDS
        .iter()
        .find(|(code, _)| *code == kind)
        .map_or(kind, |(_, label)| label)
}

/// A file type the service accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
    Docx,
    Odt,
    Text,
}

/// How the accepted types are listed in messages.
const ACCEPTED: &str = "a PDF, PNG, JPEG, Word (DOCX), OpenDocument text (ODT) or plain text file";

impl FileType {
    const ALL: [FileType; 6] = [
        FileType::Pdf,
        FileType::Png,
        FileType::Jpeg,
        FileType::Docx,
        FileType::Odt,
        FileType::Text,
    ];

    /// The type stored and sent with the download.
    pub fn content_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
            FileType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileType::Odt => "application/vnd.oasis.opendocument.text",
            FileType::Text => "text/plain; charset=utf-8",
        }
    }

    fn name(self) -> &'static str {
        match self {
            FileType::Pdf => "a PDF",
            FileType::Png => "a PNG image",
            FileType::Jpeg => "a JPEG image",
            FileType::Docx => "a Word document",
            FileType::Odt => "an OpenDocument text file",
            FileType::Text => "a plain text file",
        }
    }

    /// File name endings of the type, the first one added to a name that has none.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Pdf => &["pdf"],
            FileType::Png => &["png"],
            FileType::Jpeg => &["jpg", "jpeg"],
            FileType::Docx => &["docx"],
            FileType::Odt => &["odt"],
            FileType::Text => &["txt"],
        }
    }

    /// Whether a type a browser declared (lower case, without parameters) names this type.
    fn declared_as(self, declared: &str) -> bool {
        let also: &[&str] = match self {
            FileType::Jpeg => &["image/pjpeg"],
            FileType::Text => &["text/plain"],
            _ => &[],
        };
        self.content_type() == declared || also.contains(&declared)
    }
}

/// A file as checked: its type, the name to keep, and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    pub file_type: FileType,
    pub file_name: String,
    pub size_bytes: usize,
}

/// Checks a file from an upload form: there is one, it is not empty or too large, its bytes are
/// one of the accepted types, and neither its name nor the type the browser declared says it is
/// something else. Every problem names the form's `file` field.
pub fn check_file(
    file_name: &str,
    declared_type: &str,
    bytes: &[u8],
) -> Result<CheckedFile, FieldError> {
    let problem = |text: String| FieldError::new("file", text);
    let file_name = clean_file_name(file_name);
    if bytes.is_empty() && file_name.is_none() {
        return Err(problem("select a file".into()));
    }
    if bytes.is_empty() {
        return Err(problem("the selected file is empty".into()));
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(problem(format!(
            "the selected file must be smaller than {} MB",
            MAX_DOCUMENT_BYTES / (1024 * 1024)
        )));
    }
    let Some(file_type) = sniff(bytes) else {
        return Err(problem(format!("the selected file must be {ACCEPTED}")));
    };
    let declared = declared_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    // A browser that does not know the type says octet-stream or nothing; anything else it
    // says must agree with the bytes.
    if !declared.is_empty() && declared != "application/octet-stream" {
        match FileType::ALL.iter().find(|t| t.declared_as(&declared)) {
            Some(said) if *said == file_type => {}
            Some(said) => {
                return Err(problem(format!(
                    "the selected file is not {}: its contents are {}",
                    said.name(),
                    file_type.name()
                )));
            }
            None => return Err(problem(format!("the selected file must be {ACCEPTED}"))),
        }
    }
    let file_name = file_name.unwrap_or_else(|| "document".into());
    let file_name = match extension(&file_name) {
        Some(ext) if file_type.extensions().contains(&ext.as_str()) => file_name,
        Some(ext) => {
            return Err(problem(format!(
                "the selected file’s name ends .{ext} but its contents are {}",
                file_type.name()
            )));
        }
        None => format!("{file_name}.{}", file_type.extensions()[0]),
    };
    Ok(CheckedFile {
        file_type,
        file_name,
        size_bytes: bytes.len(),
    })
}

/// Checks an upload's file and title together, adding each problem to `problems`: the file
/// as [`check_file`] checks it, and the title as [`check_title`] does once the file is known.
pub(crate) fn check_upload(
    file_name: &str,
    declared_type: &str,
    bytes: &[u8],
    title: &str,
    problems: &mut Vec<FieldError>,
) -> (Option<CheckedFile>, Option<String>) {
    let file = check_file(file_name, declared_type, bytes)
        .map_err(|e| problems.push(e))
        .ok();
    let title = file
        .as_ref()
        .map(|f| check_title(title, &f.file_name))
        .transpose()
        .map_err(|e| problems.push(e))
        .ok()
        .flatten();
    (file, title)
}

/// The document's title: as typed, or the file name without its ending.
pub fn check_title(title: &str, file_name: &str) -> Result<String, FieldError> {
    let title = title.trim();
    if title.chars().count() > MAX_NAME_CHARS {
        return Err(FieldError::new(
            "title",
            format!("the title must be {MAX_NAME_CHARS} characters or fewer"),
        ));
    }
    if title.chars().any(char::is_control) {
        return Err(FieldError::new(
            "title",
            "the title must be a single line of text",
        ));
    }
    if !title.is_empty() {
        return Ok(title.to_string());
    }
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    Ok(stem.to_string())
}

/// What the bytes are, by their first bytes (and for zip-based documents, their contents).
pub fn sniff(bytes: &[u8]) -> Option<FileType> {
    if bytes.starts_with(b"%PDF-") {
        return Some(FileType::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(FileType::Png);
    }
    if bytes.starts_with(b"\xff\xd8\xff") {
        return Some(FileType::Jpeg);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return sniff_zip(bytes);
    }
    is_plain_text(bytes).then_some(FileType::Text)
}

/// A zip is accepted only as a Word or OpenDocument text document, and a Word document only
/// without macros: other zips (spreadsheets, archives, programs) could hide anything.
fn sniff_zip(bytes: &[u8]) -> Option<FileType> {
    // ODF puts an uncompressed `mimetype` entry first, at a fixed place (ODF 1.2 part 3, 3.3).
    if bytes.get(30..38) == Some(b"mimetype")
        && bytes
            .get(38..)
            .is_some_and(|rest| rest.starts_with(b"application/vnd.oasis.opendocument.text"))
        // …text-template and …text-master are other documents.
        && bytes.get(77) != Some(&b'-')
    {
        return Some(FileType::Odt);
    }
    // The zip's directory lists every entry's name uncompressed.
    if contains(bytes, b"[Content_Types].xml")
        && contains(bytes, b"word/document.xml")
        && !contains(bytes, b"vbaProject.bin")
    {
        return Some(FileType::Docx);
    }
    None
}

/// UTF-8 text with no control characters but tabs, line ends and page breaks, and not markup:
/// HTML or SVG is refused, as a browser would run its scripts.
fn is_plain_text(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let controls_ok = text
        .chars()
        .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\x0c'));
    controls_ok && !text.trim_start().starts_with('<')
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The name without any folder (old browsers send `C:\fakepath\…`), control characters or
/// surrounding spaces, at most [`MAX_NAME_CHARS`] long. `None` when nothing is left.
pub fn clean_file_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        return None;
    }
    let count = cleaned.chars().count();
    if count <= MAX_NAME_CHARS {
        return Some(cleaned.to_string());
    }
    // Keep the ending, which says the type, and shorten the rest.
    let ext = extension(cleaned)
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    let keep = MAX_NAME_CHARS.saturating_sub(ext.chars().count());
    Some(cleaned.chars().take(keep).collect::<String>() + &ext)
}

/// The lower-cased ending after the last dot, if the name has one.
fn extension(name: &str) -> Option<String> {
    name.rsplit_once('.')
        .map(|(stem, ext)| (stem, ext.to_ascii_lowercase()))
        .filter(|(stem, ext)| !stem.is_empty() && !ext.is_empty() && !ext.contains(' '))
        .map(|(_, ext)| ext)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docx() -> Vec<u8> {
        let mut b = b"PK\x03\x04".to_vec();
        b.extend_from_slice(&[0; 26]);
        b.extend_from_slice(b"[Content_Types].xml....word/document.xml....");
        b
    }

    fn odt() -> Vec<u8> {
        let mut b = b"PK\x03\x04".to_vec();
        b.extend_from_slice(&[0; 26]);
        b.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.textPK");
        b
    }

    #[test]
    fn types_are_found_from_the_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(FileType::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(FileType::Png));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0..JFIF"), Some(FileType::Jpeg));
        assert_eq!(sniff(&docx()), Some(FileType::Docx));
        assert_eq!(sniff(&odt()), Some(FileType::Odt));
        assert_eq!(
            sniff("Notes from the meeting.\r\n– Amara".as_bytes()),
            Some(FileType::Text)
        );
        assert_eq!(
            sniff(b"MZ\x90\x00\x03\x00\x00\x00"),
            None,
            "a Windows program"
        );
        assert_eq!(sniff(b"  <!DOCTYPE html><script>alert(1)</script>"), None);
        assert_eq!(sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(sniff(b"PK\x03\x04 just a zip"), None);
        let mut macros = docx();
        macros.extend_from_slice(b"word/vbaProject.bin");
        assert_eq!(sniff(&macros), None, "a Word document with macros");
        let mut ods = b"PK\x03\x04".to_vec();
        ods.extend_from_slice(&[0; 26]);
        ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(sniff(&ods), None, "a spreadsheet is not a text document");
    }

    #[test]
    fn the_declared_type_and_name_must_agree_with_the_bytes() {
        let pdf = b"%PDF-1.4 report";
        let ok = check_file("C:\\fakepath\\Report.PDF", "application/pdf", pdf).unwrap();
        assert_eq!(ok.file_name, "Report.PDF");
        assert_eq!(ok.file_type.content_type(), "application/pdf");
        let e = check_file(
            "page.pdf",
            "application/pdf",
            b"<html><body>hi</body></html>",
        );
        assert_eq!(e.unwrap_err().field, "file");
        let e = check_file("setup.pdf", "application/pdf", b"MZ\x90\x00\x03\x00").unwrap_err();
        assert_eq!(
            (e.field, e.problem.contains("must be a PDF")),
            ("file", true)
        );
        let e = check_file("notes.pdf", "application/pdf", b"plain words").unwrap_err();
        assert_eq!(
            e.problem,
            "the selected file is not a PDF: its contents are a plain text file"
        );
        let e = check_file("report.docx", "application/octet-stream", pdf).unwrap_err();
        assert!(e.problem.contains("ends .docx"), "{}", e.problem);
        let e = check_file("x.pdf", "text/html", pdf).unwrap_err();
        assert!(e.problem.contains("must be a PDF, PNG"), "{}", e.problem);
        let named = check_file("scan", "", pdf).unwrap();
        assert_eq!(named.file_name, "scan.pdf");
        let text = check_file("notes.txt", "text/plain; charset=utf-8", b"hello").unwrap();
        assert_eq!(text.file_type, FileType::Text);
    }

    #[test]
    fn empty_missing_and_oversize_files_are_refused() {
        assert_eq!(
            check_file("", "", b"").unwrap_err().problem,
            "select a file"
        );
        assert_eq!(
            check_file("a.txt", "text/plain", b"").unwrap_err().problem,
            "the selected file is empty"
        );
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_DOCUMENT_BYTES + 1, b' ');
        let e = check_file("big.pdf", "application/pdf", &big).unwrap_err();
        assert_eq!(
            (e.field, e.problem.as_str()),
            ("file", "the selected file must be smaller than 20 MB")
        );
        big.truncate(MAX_DOCUMENT_BYTES);
        assert!(check_file("big.pdf", "application/pdf", &big).is_ok());
    }

    #[test]
    fn names_are_cleaned_and_titles_default_to_them() {
        assert_eq!(
            clean_file_name("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(clean_file_name("a\u{0}b\n.pdf").as_deref(), Some("ab.pdf"));
        assert_eq!(clean_file_name(" .. "), None);
        let long = format!("{}.pdf", "x".repeat(400));
        let cleaned = clean_file_name(&long).unwrap();
        assert_eq!(cleaned.chars().count(), MAX_NAME_CHARS);
        assert!(cleaned.ends_with(".pdf"));
        assert_eq!(check_title("  ", "EP report.pdf").unwrap(), "EP report");
        assert_eq!(check_title(" Views ", "x.pdf").unwrap(), "Views");
        assert_eq!(check_title("a\nb", "x.pdf").unwrap_err().field, "title");
    }
}
