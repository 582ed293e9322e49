//! The DfE's published EHC plan series by council (`la_ehcp_timeseries.csv`, described in
//! `../shared/data/dfe/README.md`), read from text with the forecast's own CSV reader.
//!
//! Only two measures are needed: the January caseload and the new plans made in the year before
//! it. Only `Local authority` rows are read; England's and the regions' rows are DfE's own totals,
//! not sums of the councils, so they are left out rather than backtested twice. Councils are
//! keyed by the DfE three-digit number (`old_la_code`), which stays the same when a council's
//! ONS code changes (Buckinghamshire, 2021) and changes when its boundary does (Dorset,
//! Northamptonshire, Cumbria), which is what a backtest needs: a series is one unbroken area.

use std::collections::BTreeMap;

use crate::forecast::InputError;
use crate::forecast::csv::Table;
use crate::forecast::input::Row;

/// The geographic level of a council's rows.
const LOCAL_AUTHORITY: &str = "Local authority";

/// One council's published figures, by SEN2 collection year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// The DfE three-digit LA number, e.g. `801`.
    pub code: String,
    /// The council's name in its latest row.
    pub name: String,
    /// The figures by collection year (January of that year).
    pub years: BTreeMap<i32, Figures>,
}

/// One council's figures for one collection year; `None` where the file has no value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// EHC plans, and statements of SEN until 2018, maintained in January
    /// (`ehc_plans_and_statements_jan`): the one continuous caseload series.
    pub caseload: Option<u64>,
    /// EHC plans made for the first time in the calendar year before (`new_ehc_plans`), so the
    /// flow between the previous January and this one.
    pub new_plans: Option<u64>,
}

impl Series {
    /// The January caseload of `year`, if published.
    #[must_use]
    pub fn caseload(&self, year: i32) -> Option<u64> {
        self.years.get(&year).and_then(|f| f.caseload)
    }

    /// The new plans made between January `year − 1` and January `year`, if published.
    #[must_use]
    pub fn new_plans(&self, year: i32) -> Option<u64> {
        self.years.get(&year).and_then(|f| f.new_plans)
    }
}

/// Reads the councils' series from the file's text, sorted by LA number. `file` names the file in
/// messages.
///
/// # Errors
/// A missing column, a row shorter than the header, a year or count that is not a whole number,
/// a council row with no LA number, or two rows for one council and year.
pub fn parse(file: &str, text: &str) -> Result<Vec<Series>, InputError> {
    let table = Table::parse(file, text)?;
    let [year, level, code, name, caseload, new_plans] = table.columns([
        "year",
        "geographic_level",
        "old_la_code",
        "la_name",
        "ehc_plans_and_statements_jan",
        "new_ehc_plans",
    ])?;
    let width = [year, level, code, name, caseload, new_plans]
        .into_iter()
        .max()
        .unwrap_or(0);
    let mut councils: BTreeMap<String, (Series, BTreeMap<i32, usize>)> = BTreeMap::new();
    for r in &table.records {
        let row = Row { table: &table, r };
        if r.fields.len() <= width {
            return Err(InputError::at(
                file,
                r.line,
                None,
                format!(
                    "the row has {} fields, too few for the columns read (the header names them)",
                    r.fields.len()
                ),
            ));
        }
        if row.field(level) != LOCAL_AUTHORITY {
            continue;
        }
        let y = row.year(year)?;
        let la = row.field(code);
        if la.is_empty() {
            return Err(row.error(code, "is empty on a local authority row"));
        }
        let figures = Figures {
            caseload: count(&row, caseload)?,
            new_plans: count(&row, new_plans)?,
        };
        let (series, lines) = councils.entry(la.to_owned()).or_insert_with(|| {
            (
                Series {
                    code: la.to_owned(),
                    name: String::new(),
                    years: BTreeMap::new(),
                },
                BTreeMap::new(),
            )
        });
        if let Some(first) = lines.insert(y, r.line) {
            return Err(row.error(
                year,
                format!("a second row for council {la} in {y} (the first is on line {first})"),
            ));
        }
        // Rows are in year order in DfE's file, but do not rely on it for the name.
        if series.years.keys().all(|&k| k < y) {
            row.field(name).clone_into(&mut series.name);
        }
        series.years.insert(y, figures);
    }
    Ok(councils.into_values().map(|(s, _)| s).collect())
}

/// A count: empty for "not published", otherwise a whole number of at least 0.
fn count(row: &Row<'_>, col: usize) -> Result<Option<u64>, InputError> {
    if row.field(col).is_empty() {
        return Ok(None);
    }
    let n = row.whole(col)?;
    u64::try_from(n)
        .map(Some)
        .map_err(|_| row.error(col, format!("{n} is negative; a count cannot be")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "year,geographic_level,old_la_code,la_name,ehc_plans_and_statements_jan,new_ehc_plans\n";

    #[test]
    fn reads_council_rows_only_with_gaps_as_none() {
        let text = format!(
            "{HEADER}2015,National,,,240183,1359\n\
             2015,Local authority,801,\"Bristol, City of\",2000,100\n\
             2016,Local authority,801,\"Bristol, City of\",2100,\n\
             2015,Local authority,420,Isles of Scilly,7,0\n"
        );
        let councils = parse("t.csv", &text).unwrap();
        assert_eq!(councils.len(), 2);
        assert_eq!(councils[0].code, "420");
        let bristol = &councils[1];
        assert_eq!(bristol.name, "Bristol, City of");
        assert_eq!(bristol.caseload(2016), Some(2100));
        assert_eq!(bristol.new_plans(2016), None);
        assert_eq!(bristol.new_plans(2015), Some(100));
        assert_eq!(bristol.caseload(2017), None);
    }

    #[test]
    fn names_the_line_and_column_of_a_problem() {
        let bad = |body: &str| parse("t.csv", &format!("{HEADER}{body}")).unwrap_err();
        let e = bad("2015,Local authority,801,Bristol,lots,1\n");
        assert_eq!(
            e.to_string(),
            "t.csv, line 2, column ehc_plans_and_statements_jan: `lots` is not a whole number"
        );
        let e = bad("2015,Local authority,801,Bristol,-3,1\n");
        assert_eq!(e.column.as_deref(), Some("ehc_plans_and_statements_jan"));
        let e = bad("2015,Local authority,,Bristol,3,1\n");
        assert_eq!(e.column.as_deref(), Some("old_la_code"));
        let e = bad("2015,Local authority,801,Bristol,3,1\n2015,Local authority,801,Bristol,4,1\n");
        assert_eq!(e.line, Some(3));
        assert!(e.problem.contains("line 2"), "{e}");
        let e = bad("2015,Local authority,801\n");
        assert_eq!((e.line, e.column.as_deref()), (Some(2), None));
        let e = parse("t.csv", "year,old_la_code\n").unwrap_err();
        assert!(e.problem.contains("geographic_level"), "{e}");
    }
}
