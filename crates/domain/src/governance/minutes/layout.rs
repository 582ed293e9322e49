//! The layout of minutes: labelled lines ("Date", a tab, then the date; "Present: …"), item headings at the
//! start of a line or run into a paragraph, "AOB", and the cells a table adds (an item number
//! repeated, an owner's initials in an action column).

use super::text::initials;

/// The longest heading, in words, taken for an item title.
pub(super) const MAX_TITLE_WORDS: usize = 15;

/// A line's label and value: the first cell and the rest of a tabbed line, or the words before
/// a colon (at most five of them).
pub(super) fn label_of(cells: &[&str]) -> Option<(String, String)> {
    let first = *cells.first()?;
    if cells.len() > 1 && first.split_whitespace().count() <= 6 {
        let label = first.trim_end_matches(':').to_owned();
        return Some((label, cells[1..].join(" ")));
    }
    match first.split_once(':') {
        Some((label, rest)) => (label.split_whitespace().count() <= 5 && !label.trim().is_empty())
            .then(|| (label.trim().to_owned(), rest.trim().to_owned())),
        // A short line alone may be a heading whose value follows on the next line.
        None => (cells.len() == 1 && first.split_whitespace().count() <= 6)
            .then(|| (first.to_owned(), String::new())),
    }
}

/// A short heading that does not end like a sentence.
pub(super) fn is_heading(s: &str) -> bool {
    let s = s.trim();
    let words = s.split_whitespace().count();
    (1..=MAX_TITLE_WORDS).contains(&words)
        && s.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && !s.ends_with(['.', '?', '!', ';', ',', ':'])
}

/// "Agenda item", "Agenda item 12", "Item 5": the number, if the label is one of these.
pub(super) fn agenda_item_number(label: &str) -> Option<Option<u32>> {
    let rest = label
        .strip_prefix("agenda item")
        .or_else(|| label.strip_prefix("item"))?
        .trim();
    if rest.is_empty() {
        return Some(None);
    }
    rest.trim_end_matches(['.', ')']).parse().ok().map(Some)
}

/// A numbered item heading at the start of a line: "4.\tTitle", "7. Title\t7.", "5) Title".
/// Returns the number, the title and any text in later cells. The number must be higher than
/// the last item's, so numbered lists inside an item are not taken for items.
pub(super) fn leading_item(cells: &[&str], last: Option<u32>) -> Option<(u32, String, String)> {
    let first = *cells.first()?;
    let digits: String = first.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let after = first[digits.len()..].strip_prefix(['.', ')'])?;
    let (title, rest_cells) = if after.trim().is_empty() {
        (*cells.get(1)?, cells.get(2..).unwrap_or(&[]))
    } else if after.starts_with(char::is_whitespace) {
        (after.trim(), cells.get(1..).unwrap_or(&[]))
    } else {
        return None;
    };
    let number: u32 = digits.parse().ok()?;
    if last.is_some_and(|l| number <= l) || !is_heading(title) {
        return None;
    }
    let rest: Vec<&str> = rest_cells
        .iter()
        .copied()
        .filter(|c| !is_column_marker(c))
        .collect();
    Some((number, title.to_owned(), rest.join(" ")))
}

/// A table cell that only repeats an item number or an owner's initials, or heads the action
/// column ("6.", "JM", "ACTION").
pub(super) fn is_column_marker(cell: &str) -> bool {
    let c = cell.trim();
    c.eq_ignore_ascii_case("action") || initials(c).is_some() || {
        let number = c.trim_end_matches('.');
        !number.is_empty() && number.chars().all(|ch| ch.is_ascii_digit())
    }
}

pub(super) fn is_aob(cell: &str) -> bool {
    let c = cell.trim_end_matches([':', '.']).to_lowercase();
    matches!(
        c.as_str(),
        "aob" | "a.o.b" | "any other business" | "any other items"
    )
}

/// A heading for item `last + 1` run into a paragraph after a sentence ends: "… online. 6.
/// Hospital Education and Reintegration Service Image: …". Returns the text before it, the
/// title (its capitalised words, a final "Word:" left out as a label of what follows) and the
/// text after it.
pub(super) fn run_in_item(text: &str, last: Option<u32>) -> Option<(String, String, String)> {
    let marker = format!("{}. ", last? + 1);
    let mut from = 0;
    while let Some(found) = text[from..].find(&marker) {
        let at = from + found;
        from = at + marker.len();
        let before = text[..at].trim_end();
        let after_stop = before.ends_with(['.', '!', '?']) && at > before.len();
        if !after_stop {
            continue;
        }
        let rest = &text[at + marker.len()..];
        if let Some((title, used)) = run_in_title(rest) {
            return Some((before.to_owned(), title, rest[used..].trim().to_owned()));
        }
    }
    None
}

/// The title at the start of `rest`: capitalised words and the small words between them.
/// Returns the title and the bytes of `rest` it used.
fn run_in_title(rest: &str) -> Option<(String, usize)> {
    const SMALL: &[&str] = &[
        "and", "of", "the", "for", "in", "on", "to", "&", "with", "a", "an", "at", "by", "-", "–",
    ];
    let mut words: Vec<(&str, usize)> = Vec::new();
    let mut offset = 0;
    for word in rest.split(' ') {
        let start = offset;
        offset += word.len() + 1;
        if word.is_empty() {
            continue;
        }
        if word.ends_with(':') {
            break;
        }
        let capital = word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        if !(capital || SMALL.contains(&word)) || words.len() >= MAX_TITLE_WORDS {
            break;
        }
        words.push((word, start + word.len()));
    }
    while words.last().is_some_and(|(w, _)| SMALL.contains(w)) {
        words.pop();
    }
    let used = words.last().map_or(0, |&(_, end)| end);
    let title = words.iter().map(|&(w, _)| w).collect::<Vec<_>>().join(" ");
    let title = title.trim_end_matches([',', '.', ';']).to_owned();
    (!title.is_empty() && title.chars().any(char::is_alphabetic)).then_some((title, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_from_tabs_colons_and_short_lines() {
        let l = |c: &[&str]| label_of(c);
        assert_eq!(
            l(&["Officers Present", "A B, C D"]),
            Some(("Officers Present".into(), "A B, C D".into()))
        );
        assert_eq!(l(&["Present: A B"]), Some(("Present".into(), "A B".into())));
        assert_eq!(
            l(&["Date of next meeting"]),
            Some(("Date of next meeting".into(), "".into()))
        );
        assert_eq!(
            l(&["The chair welcomed everyone to the meeting and noted apologies"]),
            None
        );
    }

    #[test]
    fn item_headings_at_the_start_of_a_line() {
        let item = |c: &[&str], last| leading_item(c, last);
        assert_eq!(
            item(&["1.", "Apologies Received", "ACTION"], None),
            Some((1, "Apologies Received".into(), String::new()))
        );
        assert_eq!(
            item(&["7. Early Years Funding", "7."], Some(6)),
            Some((7, "Early Years Funding".into(), String::new()))
        );
        assert_eq!(item(&["5) Growth fund"], None).map(|i| i.0), Some(5));
        assert_eq!(item(&["3. Older"], Some(4)), None, "numbers only go up");
        assert_eq!(
            item(&["1. Co-production with parents."], None),
            None,
            "a sentence"
        );
        assert_eq!(item(&["4.1 The Forum noted"], None), None);
        assert_eq!(item(&["1 st February 2022"], None), None);
        assert_eq!(agenda_item_number("agenda item"), Some(None));
        assert_eq!(agenda_item_number("item 12"), Some(Some(12)));
        assert_eq!(agenda_item_number("item noted"), None);
    }

    #[test]
    fn a_heading_run_into_a_paragraph() {
        let found = run_in_item(
            "publicly available online. 6. Hospital Education and Reintegration Service Image: \
             Comparison of the service",
            Some(5),
        );
        assert_eq!(
            found,
            Some((
                "publicly available online.".into(),
                "Hospital Education and Reintegration Service".into(),
                "Image: Comparison of the service".into()
            ))
        );
        assert_eq!(
            run_in_item("see 6. Hospital Education", Some(5)),
            None,
            "no stop before"
        );
        assert_eq!(
            run_in_item("done. 7. Hospital", Some(5)),
            None,
            "not the next number"
        );
        assert_eq!(run_in_item("done. 6. Hospital", None), None);
    }

    #[test]
    fn table_column_markers() {
        for c in ["ACTION", "JM", "6.", "12"] {
            assert!(is_column_marker(c), "{c}");
        }
        for c in ["Jo Marsh", "to circulate", "."] {
            assert!(!is_column_marker(c), "{c}");
        }
        assert!(is_aob("AOB") && is_aob("Any other business:"));
    }
}
