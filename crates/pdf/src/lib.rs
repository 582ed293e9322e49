//! Plain reports as PDF, with no IO: a title, headings, paragraphs and tables are laid out on
//! A4 pages in Helvetica (a base-14 font, so nothing is embedded and every reader shows it),
//! each page footed with the report's stamp and its page number. Built on `pdf-writer`, which
//! writes the objects; this crate does the layout ([ADR 5](../../../docs/adr/0005-report-pdf.md)).
//!
//! - [`Report`] and [`Block`]: what a report says.
//! - [`render`]: the PDF's bytes.
//! - [`check`]: reads a PDF this crate wrote back: its structure and its text.

pub mod check;
mod layout;
pub mod metrics;

use pdf_writer::{Content, Date, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

pub use layout::{PAGE_HEIGHT, PAGE_WIDTH};

/// One part of a report, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading.
    Heading(String),
    /// A paragraph, wrapped to the page.
    Paragraph(String),
    /// A table: column headings and rows of plain text, each column's share of the width.
    Table {
        heads: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<f32>,
    },
}

/// A report: its title, a stamp printed at the foot of every page (such as when it was
/// generated), when it was made, and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    pub stamp: String,
    /// Year, month, day, hour, minute, second (UTC), for the document's information.
    pub created: (u16, u8, u8, u8, u8, u8),
    pub blocks: Vec<Block>,
}

const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

/// The report as a PDF file.
#[must_use]
pub fn render(report: &Report) -> Vec<u8> {
    let pages = layout::pages(report);
    let count = i32::try_from(pages.len()).unwrap_or(i32::MAX);
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    // Each page is two objects: the page, then its content stream.
    let page_ref = |i: i32| Ref::new(6 + 2 * i);
    let content_ref = |i: i32| Ref::new(7 + 2 * i);

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids((0..count).map(page_ref)).count(count);
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    let (y, mo, d, h, mi, s) = report.created;
    pdf.document_info(info)
        .title(TextStr(&report.title))
        .producer(TextStr("Highneeds"))
        .creation_date(
            Date::new(y)
                .month(mo)
                .day(d)
                .hour(h)
                .minute(mi)
                .second(s)
                .utc_offset_hour(0),
        );
    for (i, ops) in (0..count).zip(&pages) {
        let mut page = pdf.page(page_ref(i));
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree)
            .contents(content_ref(i));
        page.resources()
            .fonts()
            .pair(REGULAR, regular)
            .pair(BOLD, bold);
        page.finish();
        let mut content = Content::new();
        for op in ops {
            match op {
                layout::Op::Text {
                    x,
                    y,
                    size,
                    bold,
                    text,
                } => {
                    content
                        .begin_text()
                        .set_font(if *bold { BOLD } else { REGULAR }, *size)
                        .next_line(*x, *y)
                        .show(Str(&metrics::encode(text)))
                        .end_text();
                }
                layout::Op::Rule { x1, x2, y } => {
                    content
                        .set_line_width(0.5)
                        .set_stroke_gray(0.6)
                        .move_to(*x1, *y)
                        .line_to(*x2, *y)
                        .stroke();
                }
            }
        }
        pdf.stream(content_ref(i), &content.finish());
    }
    pdf.finish()
}
