//! Low-level text handling for the minutes reader: cleaning a line extracted from a web page or
//! a Word table, table cells, sentences, words and dates.

use chrono::NaiveDate;

/// Cleans one line: unusual spaces become plain spaces, curly quotes straight ones, and HTML tag
/// fragments (`<u>`, `<th></th>`) and Markdown bold markers left by the extraction are removed.
/// Tabs are kept: they separate table cells.
pub(super) fn normalise(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' | '\u{2002}' | '\u{2003}' => {
                out.push(' ');
            }
            '\u{2018}' | '\u{2019}' => out.push('\''),
            '\u{201c}' | '\u{201d}' => out.push('"'),
            '\r' | '\u{200b}' | '\u{feff}' => {}
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
            }
            '<' => {
                let rest: String = chars.clone().take(40).collect();
                match html_tag_len(&rest) {
                    Some(n) => {
                        for _ in 0..n {
                            chars.next();
                        }
                    }
                    None => out.push('<'),
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// If `rest` (the text after a `<`) is an HTML tag such as `u>`, `/th>` or `a href="…">`, how
/// many characters it takes up to and including the `>`.
fn html_tag_len(rest: &str) -> Option<usize> {
    let body = rest.strip_prefix('/').unwrap_or(rest);
    let first = body.chars().next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let end = rest.chars().position(|c| c == '>')?;
    let inner: String = rest.chars().take(end).collect();
    inner
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " /=\"'-_:.#".contains(c))
        .then_some(end + 1)
}

/// The non-empty, trimmed cells of a tab-separated line.
pub(super) fn cells(line: &str) -> Vec<&str> {
    line.split('\t')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

/// Whether a line has no words at all (only spaces, bullets or punctuation).
pub(super) fn is_blank(line: &str) -> bool {
    !line.chars().any(char::is_alphanumeric)
}

/// Removes bullets, dashes, quotes and stray asterisks around a sentence.
pub(super) fn strip_decoration(s: &str) -> &str {
    let mut s = strip_bullets(s);
    if let Some(rest) = s.strip_prefix(['-', '–', '—'])
        && rest.starts_with(char::is_whitespace)
    {
        s = strip_bullets(rest);
    }
    s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '"'))
}

fn strip_bullets(s: &str) -> &str {
    s.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '•' | '·' | '▪' | '◦' | '‣' | '*' | '>' | '"')
    })
}

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "eg", "i.e", "ie", "mr", "mrs", "ms", "dr", "cllr", "no", "st", "approx", "vs", "cf",
    "prof", "rev", "revd", "inc", "ltd", "fig", "para", "ref",
];

/// Splits text into sentences at `.`, `!` or `?` followed by a space and a word that does not
/// start in lower case, and at bullets standing between spaces. A full stop after an
/// abbreviation or a single capital letter (an initial) does not end a sentence.
pub(super) fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let bullet =
            matches!(c, '•' | '·' | '▪') && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        if bullet {
            push_sentence(&mut out, &current);
            current.clear();
            i += 1;
            continue;
        }
        current.push(c);
        if matches!(c, '.' | '!' | '?') && ends_sentence(&chars, i, &current) {
            push_sentence(&mut out, &current);
            current.clear();
        }
        i += 1;
    }
    push_sentence(&mut out, &current);
    out
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let s = strip_decoration(s);
    if !is_blank(s) {
        out.push(s.to_owned());
    }
}

/// Whether the stop at `chars[i]` ends the sentence `so_far` (which includes it).
fn ends_sentence(chars: &[char], i: usize, so_far: &str) -> bool {
    let Some(after) = chars.get(i + 1) else {
        return true;
    };
    if !after.is_whitespace() {
        return false;
    }
    let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
    if next.is_some_and(|c| c.is_lowercase()) {
        return false;
    }
    if chars[i] != '.' {
        return true;
    }
    let word = so_far
        .trim_end_matches('.')
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_start_matches(['(', '"', '\'']);
    let lower = word.to_lowercase();
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    !(initial || ABBREVIATIONS.contains(&lower.as_str()))
}

/// `s` without punctuation at either end (keeps inner hyphens, apostrophes and full stops).
pub(super) fn bare(s: &str) -> &str {
    s.trim_matches(|c: char| !c.is_alphanumeric())
}

/// If `token` is written as initials (2 to 4 capitals, perhaps with full stops: `JS`, `MKK`,
/// `J.S.`), the capitals.
pub(super) fn initials(token: &str) -> Option<String> {
    let t = token.trim_end_matches([',', ';', ':', ')']);
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_uppercase() || c == '.') {
        return None;
    }
    let letters: String = t.chars().filter(char::is_ascii_uppercase).collect();
    (2..=4).contains(&letters.len()).then_some(letters)
}

/// Whether `token` looks like a word of a person's name: a capital followed by at least one
/// lower-case letter, with only letters, hyphens and apostrophes (`Jo`, `O'Brien`, `McKay`,
/// `Kearney-Knowles`).
pub(super) fn is_name_word(token: &str) -> bool {
    let mut chars = token.chars();
    chars.next().is_some_and(char::is_uppercase)
        && token.chars().any(char::is_lowercase)
        && token
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
}

/// Titles that come before a name and are not part of its initials.
pub(super) const TITLES: &[&str] = &[
    "cllr",
    "councillor",
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "professor",
    "rev",
    "revd",
    "reverend",
    "sir",
    "dame",
];

/// Whether `token` is a title such as `Cllr` or `Dr.`.
pub(super) fn is_title(token: &str) -> bool {
    TITLES.contains(&bare(token).to_lowercase().as_str())
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The first calendar date written in `s` as English minutes write dates: `7 December 2021`,
/// `7th Dec 2021`, `7 th December 2021` (an extraction split), `Tuesday 7 December, 2021`, or
/// day first with slashes `07/12/2021`.
pub(super) fn find_date(s: &str) -> Option<NaiveDate> {
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    for (i, token) in tokens.iter().enumerate() {
        if let Some(date) = slashed_date(token) {
            return Some(date);
        }
        let Some((day, suffix_attached)) = day_of(token) else {
            continue;
        };
        let mut j = i + 1;
        if !suffix_attached
            && tokens
                .get(j)
                .is_some_and(|t| matches!(t.to_lowercase().as_str(), "st" | "nd" | "rd" | "th"))
        {
            j += 1;
        }
        if tokens.get(j).is_some_and(|t| t.eq_ignore_ascii_case("of")) {
            j += 1;
        }
        let month = tokens.get(j).and_then(|t| month_of(t));
        let year = tokens.get(j + 1).and_then(|t| year_of(t));
        if let (Some(month), Some(year)) = (month, year)
            && let Some(date) = NaiveDate::from_ymd_opt(year, month, day)
        {
            return Some(date);
        }
    }
    None
}

/// A day of the month, and whether an ordinal suffix was attached (`7th`).
fn day_of(token: &str) -> Option<(u32, bool)> {
    let digits: String = token.chars().take_while(char::is_ascii_digit).collect();
    let rest = &token[digits.len()..];
    let suffix = match rest.to_lowercase().as_str() {
        "" => false,
        "st" | "nd" | "rd" | "th" => true,
        _ => return None,
    };
    let day: u32 = digits.parse().ok()?;
    (1..=31).contains(&day).then_some((day, suffix))
}

fn month_of(token: &str) -> Option<u32> {
    let t = bare(token).to_lowercase();
    if t.len() < 3 {
        return None;
    }
    let n = MONTHS.iter().position(|m| m.starts_with(t.as_str()))?;
    u32::try_from(n + 1).ok()
}

fn year_of(token: &str) -> Option<i32> {
    let t = bare(token);
    if t.len() != 4 {
        return None;
    }
    let year: i32 = t.parse().ok()?;
    (1900..=2200).contains(&year).then_some(year)
}

/// `dd/mm/yyyy` (UK order).
fn slashed_date(token: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = bare(token).split('/').collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    NaiveDate::from_ymd_opt(year_of(y)?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates_in_the_styles_minutes_use() {
        assert_eq!(
            find_date("Tuesday 7 th December 2021 – via Teams"),
            date(2021, 12, 7)
        );
        assert_eq!(find_date("1 st February 2022"), date(2022, 2, 1));
        assert_eq!(find_date("on 3rd March, 2020 at 2pm"), date(2020, 3, 3));
        assert_eq!(find_date("the 21st of Sept 2023"), date(2023, 9, 21));
        assert_eq!(find_date("by 07/12/2021."), date(2021, 12, 7));
        assert_eq!(find_date("for the February 2022 agenda"), None);
        assert_eq!(find_date("31 February 2022"), None);
    }

    #[test]
    fn normalising_removes_extraction_noise() {
        assert_eq!(
            normalise("a\u{a0}b <u>link</u> **RC to go.** <th></th>\tx"),
            "a b link RC to go. \tx"
        );
        assert_eq!(normalise("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
        assert_eq!(normalise("\u{2018}quick wins\u{2019}"), "'quick wins'");
    }

    #[test]
    fn sentences_split_at_stops_but_not_at_initials_or_abbreviations() {
        let s = sentences(
            "JM thanked PF. JM to circulate the letter. noted: • CW asked e.g. this. \
             J. Smith agreed. Done",
        );
        assert_eq!(
            s,
            [
                "JM thanked PF.",
                "JM to circulate the letter. noted:",
                "CW asked e.g. this.",
                "J. Smith agreed.",
                "Done"
            ]
        );
    }

    #[test]
    fn words_of_names_and_initials() {
        assert_eq!(initials("MKK"), Some("MKK".into()));
        assert_eq!(initials("J.S.,"), Some("JS".into()));
        assert_eq!(initials("A"), None);
        assert_eq!(initials("SENCO"), None);
        assert!(is_name_word("Kearney-Knowles"));
        assert!(is_name_word("O'Brien"));
        assert!(!is_name_word("HB"));
        assert!(!is_name_word("the"));
        assert!(is_title("Cllr"));
        assert_eq!(strip_decoration("- **RC to bring.**"), "RC to bring.");
    }
}
