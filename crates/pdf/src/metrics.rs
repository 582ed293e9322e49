//! Helvetica and Helvetica-Bold, two of the PDF base-14 fonts every reader has: their glyph
//! widths from Adobe's font metrics (thousandths of the font size), and text in the
//! WinAnsiEncoding the fonts are set with, so "£", dashes and curly quotes print as themselves.

/// Widths of ASCII 32 (space) to 126 (tilde) in Helvetica.
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0 to 9
    278, 278, 584, 584, 584, 556, 1015, // : to @
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A to M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N to Z
    278, 278, 278, 469, 556, 333, // [ to `
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a to m
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n to z
    334, 260, 334, 584, // { to ~
];

/// Widths of ASCII 32 (space) to 126 (tilde) in Helvetica-Bold.
const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278,
    278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0 to 9
    333, 333, 584, 584, 584, 611, 975, // : to @
    722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, // A to M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N to Z
    333, 278, 333, 584, 556, 333, // [ to `
    556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, // a to m
    611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, // n to z
    389, 280, 389, 584, // { to ~
];

/// Characters beyond ASCII that reports use, with their WinAnsiEncoding code and widths
/// (regular, bold).
const EXTRA: [(char, u8, u16, u16); 9] = [
    ('£', 0xA3, 556, 556),
    ('–', 0x96, 556, 556),
    ('—', 0x97, 1000, 1000),
    ('‘', 0x91, 222, 278),
    ('’', 0x92, 222, 278),
    ('“', 0x93, 333, 500),
    ('”', 0x94, 333, 500),
    ('•', 0x95, 350, 350),
    ('·', 0xB7, 278, 278),
];

/// The WinAnsiEncoding byte for a character; `?` for one the fonts cannot show. A minus sign
/// prints as a hyphen and a no-break space as a space, which is how they read.
#[must_use]
pub fn encode_char(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{2212}' => b'-',
        '\u{a0}' => b' ',
        _ => EXTRA
            .iter()
            .find(|(e, ..)| *e == c)
            .map_or(b'?', |(_, code, ..)| *code),
    }
}

/// Text in WinAnsiEncoding.
#[must_use]
pub fn encode(text: &str) -> Vec<u8> {
    text.chars().map(encode_char).collect()
}

/// The character a WinAnsiEncoding byte stands for, as [`encode_char`] writes it.
#[must_use]
pub fn decode_byte(b: u8) -> char {
    match b {
        b' '..=b'~' => b as char,
        _ => EXTRA
            .iter()
            .find(|(_, code, ..)| *code == b)
            .map_or('?', |(c, ..)| *c),
    }
}

/// The width of `text` in points at `size`.
#[must_use]
pub fn width(text: &str, size: f32, bold: bool) -> f32 {
    let table = if bold { &BOLD } else { &REGULAR };
    let units: u32 = text
        .chars()
        .map(|c| {
            let b = encode_char(c);
            match b {
                b' '..=b'~' => u32::from(table[usize::from(b - b' ')]),
                _ => EXTRA
                    .iter()
                    .find(|(_, code, ..)| *code == b)
                    .map_or(556, |e| u32::from(if bold { e.3 } else { e.2 })),
            }
        })
        .sum();
    // Widths are thousandths of the size; a page's text is far below f32's exact range.
    #[allow(clippy::cast_precision_loss)]
    let units = units as f32;
    units * size / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_adobes() {
        // "Hello": H 722, e 556, l 222, l 222, o 556 = 2278 at 1000.
        assert!((width("Hello", 1000.0, false) - 2278.0).abs() < 0.01);
        // Bold: H 722, e 556, l 278, l 278, o 611 = 2445.
        assert!((width("Hello", 1000.0, true) - 2445.0).abs() < 0.01);
        assert!((width("£1", 10.0, false) - 11.12).abs() < 0.01);
    }

    #[test]
    fn pounds_and_dashes_round_trip_through_the_encoding() {
        let bytes = encode("£1,200 – “ok” é");
        let back: String = bytes.iter().map(|b| decode_byte(*b)).collect();
        assert_eq!(back, "£1,200 – “ok” ?");
        assert_eq!(encode("\u{2212}5"), b"-5");
    }
}
