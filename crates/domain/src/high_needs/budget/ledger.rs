//! Reading a ledger extract: what the finance system says was spent, by year, month and line.
//!
//! The format is in `docs/formats/ledger.md`: a CSV file with a header row naming at least
//! `financial_year`, `month`, `budget_line` and `amount` (in any order; other columns, such as a
//! cost centre or narrative, are ignored), one row per transaction or per total. Every problem
//! in the file is reported, each at its row (the header is row 1, as a spreadsheet numbers
//! them) and column, so a file is fixed in one pass; a file with any problem is not used.

use std::collections::BTreeMap;

use super::super::BudgetLine;
use super::Month;
use crate::dates::FinancialYear;
use crate::forecast::InputError;
use crate::forecast::csv::Table;
use crate::money::Pence;

/// The columns a ledger extract must have.
pub const COLUMNS: [&str; 4] = ["financial_year", "month", "budget_line", "amount"];

/// One row of a ledger extract, or the total of a line in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerEntry {
    pub year: FinancialYear,
    pub month: Month,
    pub line: BudgetLine,
    pub amount: Pence,
}

/// Reads a ledger extract from text, named `file` in messages.
///
/// # Errors
/// Every problem found: a missing column, a row with too few fields, or a value that is not a
/// financial year, a month from 1 to 12, a budget line code or an amount in pounds and pence.
pub fn read_ledger(file: &str, text: &str) -> Result<Vec<LedgerEntry>, Vec<InputError>> {
    let table = Table::parse(file, text).map_err(|e| vec![e])?;
    let [year_at, month_at, line_at, amount_at] = table.columns(COLUMNS).map_err(|e| vec![e])?;
    let mut entries = Vec::with_capacity(table.records.len());
    let mut problems = Vec::new();
    for record in &table.records {
        let field = |at: usize| record.fields.get(at).map_or("", String::as_str);
        let problem = |at: usize, message: String| {
            InputError::at(file, record.line, Some(table.column_name(at)), message)
        };
        let year = field(year_at)
            .parse::<FinancialYear>()
            .map_err(|e| problem(year_at, e.problem));
        let month = field(month_at)
            .parse::<Month>()
            .map_err(|e| problem(month_at, e.problem));
        let line = BudgetLine::parse(field(line_at)).map_err(|e| problem(line_at, e.problem));
        let amount = field(amount_at)
            .parse::<Pence>()
            .map_err(|e| problem(amount_at, e.problem));
        match (year, month, line, amount) {
            (Ok(year), Ok(month), Ok(line), Ok(amount)) => entries.push(LedgerEntry {
                year,
                month,
                line,
                amount,
            }),
            (year, month, line, amount) => {
                problems.extend(year.err());
                problems.extend(month.err());
                problems.extend(line.err());
                problems.extend(amount.err());
            }
        }
    }
    if entries.is_empty() && problems.is_empty() {
        problems.push(InputError::file(file, "has no rows after the header"));
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(problems)
    }
}

/// The entries added up by year, month and line, in that order: a ledger lists transactions,
/// the budget reads each line's spend in each month.
///
/// # Errors
/// When a total is beyond what an amount can hold (about £92 trillion), naming the year, month
/// and line, as only a damaged file could get there.
pub fn monthly_totals(entries: &[LedgerEntry]) -> Result<Vec<LedgerEntry>, String> {
    let mut totals: BTreeMap<(FinancialYear, Month, BudgetLine), Pence> = BTreeMap::new();
    for e in entries {
        let total = totals.entry((e.year, e.month, e.line)).or_default();
        *total = total.checked_add(e.amount).ok_or_else(|| {
            format!(
                "the amounts for {} in {} {} add up to more than the system can hold",
                e.line.code(),
                e.month,
                e.year
            )
        })?;
    }
    Ok(totals
        .into_iter()
        .map(|((year, month, line), amount)| LedgerEntry {
            year,
            month,
            line,
            amount,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn a_written_ledger_reads_back_and_its_totals_keep_every_penny(
            rows in proptest::collection::vec(
                (2000i32..2100, 1i64..=12, 0usize..BudgetLine::ALL.len(),
                 -10_000_000_000i64..10_000_000_000),
                1..40,
            ),
        ) {
            let written: Vec<LedgerEntry> = rows
                .iter()
                .map(|&(year, month, line, amount)| LedgerEntry {
                    year: FinancialYear::new(year),
                    month: Month::new(month).unwrap(),
                    line: BudgetLine::ALL[line],
                    amount: Pence(amount),
                })
                .collect();
            // Amounts as people see them (`-£1,234.56`), quoted for their commas.
            let mut text = String::from("amount,budget_line,financial_year,month\r\n");
            for e in &written {
                text.push_str(&format!(
                    "\"{}\",{},{},{}\r\n",
                    e.amount,
                    e.line.code(),
                    e.year,
                    e.month.number()
                ));
            }
            let read = read_ledger("l.csv", &text).unwrap();
            prop_assert_eq!(&read, &written);
            let totals = monthly_totals(&read).unwrap();
            let sum = |es: &[LedgerEntry]| es.iter().map(|e| e.amount).sum::<Pence>();
            prop_assert_eq!(sum(&totals), sum(&written));
            let in_order = totals
                .windows(2)
                .all(|w| (w[0].year, w[0].month, w[0].line) < (w[1].year, w[1].month, w[1].line));
            prop_assert!(in_order, "one total per year, month and line, in order");
        }
    }

    #[test]
    fn reads_rows_in_any_column_order_and_adds_up_a_month() {
        let text = "cost_centre,amount,budget_line,month,financial_year\r\n\
                    HN01,\"1,200.50\",top_up_mainstream,1,2026-27\r\n\
                    HN01,-200.50,top_up_mainstream,1,2026-27\r\n\
                    HN02,£35000,transport,7,2026-27\r\n";
        let entries = read_ledger("ledger.csv", text).unwrap();
        assert_eq!(entries.len(), 3);
        let totals = monthly_totals(&entries).unwrap();
        assert_eq!(
            totals,
            [
                LedgerEntry {
                    year: FinancialYear::new(2026),
                    month: Month::APRIL,
                    line: BudgetLine::TopUpMainstream,
                    amount: Pence::from_pounds(1_000),
                },
                LedgerEntry {
                    year: FinancialYear::new(2026),
                    month: Month::new(7).unwrap(),
                    line: BudgetLine::Transport,
                    amount: Pence::from_pounds(35_000),
                },
            ]
        );
    }

    #[test]
    fn every_problem_is_named_by_row_and_column() {
        let text = "financial_year,month,budget_line,amount\n\
                    2026-27,13,top_up_mainstream,10.00\n\
                    2026,4,swimming,12.345\n\
                    2026-27,4,post_16,5.00\n";
        let problems = read_ledger("ledger.csv", text).unwrap_err();
        let at: Vec<(Option<usize>, Option<&str>)> = problems
            .iter()
            .map(|p| (p.line, p.column.as_deref()))
            .collect();
        assert_eq!(
            at,
            [
                (Some(2), Some("month")),
                (Some(3), Some("financial_year")),
                (Some(3), Some("budget_line")),
                (Some(3), Some("amount")),
            ]
        );
        assert!(problems[0].problem.contains("1 (April) to 12 (March)"));
    }

    #[test]
    fn a_missing_column_or_an_empty_file_is_one_problem() {
        let missing = read_ledger("l.csv", "financial_year,month,amount\n2026-27,1,5\n");
        assert!(missing.unwrap_err()[0].problem.contains("budget_line"));
        let empty = read_ledger("l.csv", "financial_year,month,budget_line,amount\n");
        assert_eq!(
            empty.unwrap_err()[0].problem,
            "has no rows after the header"
        );
        let short = read_ledger(
            "l.csv",
            "financial_year,month,budget_line,amount\n2026-27,1\n",
        );
        assert_eq!(short.unwrap_err().len(), 2);
    }
}
