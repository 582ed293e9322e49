//! Writing CSV text for people's spreadsheets and councils' finance systems.

/// One field: RFC 4180 quoting, and a leading quote mark before `=`, `+`, `-` and `@` so a
/// spreadsheet does not run a cell as a formula.
#[must_use]
pub fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_never_formulas() {
        assert_eq!(field("Hill School"), "Hill School");
        assert_eq!(field("Hill, School"), "\"Hill, School\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
