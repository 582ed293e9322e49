//! Laying a report out on A4 pages: text wrapped by Helvetica's widths, tables with their
//! headings repeated on each page they run onto, and every page footed with the report's stamp
//! and "Page n of N".

use crate::metrics::width;
use crate::{Block, Report};

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const TOP: f32 = PAGE_HEIGHT - 56.0;
const BOTTOM: f32 = 64.0;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const CELL_PAD: f32 = 4.0;

/// What is drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
    },
}

/// Lines of `text` no wider than `max` at `size`: broken between words, and inside a word only
/// when it is wider than the line by itself.
pub(crate) fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let tried = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&tried, size, bold) <= max {
            line = tried;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if width(&line, size, bold) > max && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

struct Pages {
    done: Vec<Vec<Op>>,
    ops: Vec<Op>,
    y: f32,
}

impl Pages {
    /// Room for `height` more points on this page, or a new page.
    fn room(&mut self, height: f32) -> bool {
        if self.y - height < BOTTOM && !self.ops.is_empty() {
            self.done.push(std::mem::take(&mut self.ops));
            self.y = TOP;
            return false;
        }
        true
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, text: String) {
        self.ops.push(Op::Text {
            x,
            y: self.y,
            size,
            bold,
            text,
        });
    }

    fn lines(&mut self, text: &str, size: f32, bold: bool, leading: f32) {
        for line in wrap(text, size, bold, TEXT_WIDTH) {
            self.room(leading);
            self.y -= leading;
            self.text(MARGIN, size, bold, line);
        }
    }

    fn table(&mut self, heads: &[String], rows: &[Vec<String>], shares: &[f32]) {
        const SIZE: f32 = 8.5;
        const LEADING: f32 = 10.5;
        let total: f32 = shares.iter().sum::<f32>().max(f32::EPSILON);
        let widths: Vec<f32> = (0..heads.len())
            .map(|i| shares.get(i).copied().unwrap_or(1.0) / total * TEXT_WIDTH)
            .collect();
        let cells = |row: &[String], bold: bool| -> Vec<Vec<String>> {
            widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    wrap(
                        row.get(i).map_or("", String::as_str),
                        SIZE,
                        bold,
                        w - 2.0 * CELL_PAD,
                    )
                })
                .collect()
        };
        let head = cells(heads, true);
        let height = |c: &[Vec<String>]| {
            // Line counts are small; no precision is lost.
            #[allow(clippy::cast_precision_loss)]
            let n = c.iter().map(Vec::len).max().unwrap_or(1) as f32;
            n * LEADING + CELL_PAD
        };
        let draw = |pages: &mut Pages, row: &[Vec<String>], bold: bool| {
            let top = pages.y;
            let mut x = MARGIN;
            for (lines, w) in row.iter().zip(&widths) {
                let mut y = top;
                for line in lines {
                    y -= LEADING;
                    pages.ops.push(Op::Text {
                        x: x + CELL_PAD,
                        y,
                        size: SIZE,
                        bold,
                        text: line.clone(),
                    });
                }
                x += w;
            }
            pages.y = top - height(row);
            pages.ops.push(Op::Rule {
                x1: MARGIN,
                x2: MARGIN + TEXT_WIDTH,
                y: pages.y + CELL_PAD / 2.0,
            });
        };
        self.room(height(&head) + LEADING);
        draw(self, &head, true);
        for row in rows {
            let row = cells(row, false);
            if !self.room(height(&row)) {
                // A new page: the headings again, so every page of the table reads alone.
                draw(self, &head, true);
            }
            draw(self, &row, false);
        }
        self.y -= LEADING / 2.0;
    }
}

/// The report's pages, each a list of what is drawn on it, footers included.
pub(crate) fn pages(report: &Report) -> Vec<Vec<Op>> {
    let mut pages = Pages {
        done: Vec::new(),
        ops: Vec::new(),
        y: TOP,
    };
    pages.lines(&report.title, 18.0, true, 22.0);
    pages.y -= 4.0;
    for block in &report.blocks {
        match block {
            Block::Heading(text) => {
                // Keep a heading with at least the first lines after it.
                pages.room(60.0);
                pages.y -= 10.0;
                pages.lines(text, 13.0, true, 16.0);
                pages.y -= 2.0;
            }
            Block::Paragraph(text) => {
                pages.lines(text, 10.0, false, 13.0);
                pages.y -= 4.0;
            }
            Block::Table {
                heads,
                rows,
                widths,
            } => pages.table(heads, rows, widths),
        }
    }
    if !pages.ops.is_empty() || pages.done.is_empty() {
        pages.done.push(pages.ops);
    }
    let count = pages.done.len();
    for (n, ops) in pages.done.iter_mut().enumerate() {
        ops.push(Op::Text {
            x: MARGIN,
            y: 36.0,
            size: 8.0,
            bold: false,
            text: format!(
                "{} · {} · Page {} of {count}",
                report.title,
                report.stamp,
                n + 1
            ),
        });
    }
    pages.done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_no_wider_than_asked_and_lose_no_words() {
        let text = "The high needs block forecast outturn is above the budget for the year";
        let lines = wrap(text, 10.0, false, 120.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(
            lines.iter().all(|l| width(l, 10.0, false) <= 120.0),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), text);
        let long = wrap("Supercalifragilisticexpialidocious", 10.0, false, 40.0);
        assert!(long.len() > 1 && long.concat() == "Supercalifragilisticexpialidocious");
        assert_eq!(wrap("", 10.0, false, 40.0), vec![String::new()]);
    }

    #[test]
    fn long_tables_run_onto_pages_with_their_headings_and_every_page_is_numbered() {
        let rows: Vec<Vec<String>> = (0..150)
            .map(|i| vec![format!("Row {i}"), "£1,000.00".to_string()])
            .collect();
        let report = Report {
            title: "Pack".into(),
            stamp: "Generated 1 April 2026".into(),
            created: (2026, 4, 1, 9, 0, 0),
            blocks: vec![Block::Table {
                heads: vec!["What".into(), "Amount".into()],
                rows,
                widths: vec![3.0, 1.0],
            }],
        };
        let pages = pages(&report);
        assert!(pages.len() >= 3, "{}", pages.len());
        let texts = |ops: &Vec<Op>| -> Vec<String> {
            ops.iter()
                .filter_map(|op| match op {
                    Op::Text { text, y, .. } => {
                        assert!(*y >= 30.0, "{text} at {y} is off the page");
                        Some(text.clone())
                    }
                    Op::Rule { .. } => None,
                })
                .collect()
        };
        for (n, page) in pages.iter().enumerate() {
            let t = texts(page);
            assert!(t.contains(&"What".to_string()), "page {n}");
            assert!(
                t.last()
                    .unwrap()
                    .ends_with(&format!("Page {} of {}", n + 1, pages.len()))
            );
        }
        let all: Vec<String> = pages.iter().flat_map(texts).collect();
        assert!(all.contains(&"Row 0".to_string()) && all.contains(&"Row 149".to_string()));
    }
}
