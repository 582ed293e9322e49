//! The four input files of a forecast, in witan.send's format (forecasting.md §2;
//! docs/formats/forecast.md), read from their text into typed rows.
//!
//! Columns are found by their header names, in any order; other columns are ignored. Each value
//! is checked where it is read, and a problem is reported with the file, line, column and what is
//! wrong. witan.send only warns about some of these (§2.6: a `NONSEND` in one of need and setting,
//! duplicate population rows); here they stop the forecast, because each one makes the result
//! depend on which half of an inconsistent row the model happens to read (§2.1, §2.2 QUIRK).

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use super::InputError;
use super::csv::{Record, Table};
use crate::Pence;

/// The code for "not in SEND" on either side of a transition (forecasting.md §0.3).
pub const NONSEND: &str = "NONSEND";

/// The lowest national curriculum year the model knows (witan.send's schema range, §0.3).
pub const MIN_AY: i32 = -5;
/// The highest national curriculum year the model knows (§0.3).
pub const MAX_AY: i32 = 25;

/// One child seen in two January censuses, a year apart (§2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The year of the first census.
    pub calendar_year: i32,
    /// Need, setting and NC year in the first census.
    pub need_1: String,
    pub setting_1: String,
    pub ay_1: i32,
    /// Need, setting and NC year in the next census.
    pub need_2: String,
    pub setting_2: String,
    pub ay_2: i32,
}

impl Transition {
    /// Whether the child was in SEND in the first census.
    #[must_use]
    pub fn in_send_1(&self) -> bool {
        self.setting_1 != NONSEND
    }

    /// Whether the child was in SEND in the next census.
    #[must_use]
    pub fn in_send_2(&self) -> bool {
        self.setting_2 != NONSEND
    }
}

/// The general population of one NC year in one calendar year (§2.2), which scales joiners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Population {
    pub calendar_year: i32,
    pub academic_year: i32,
    /// People; a fractional projection is truncated, as witan.send does.
    pub population: u64,
}

/// What a child with a need in a setting costs a year (§2.3): pounds in the file, exact pence
/// here, rounded half away from zero when the file gives fractions of a penny.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cost {
    pub need: String,
    pub setting: String,
    pub annual: Pence,
}

/// One row of `valid-states.csv` (§2.4): the NC years and needs a setting takes, and where its
/// movers may go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSetting {
    pub setting: String,
    /// Used only to group charts; kept for completeness.
    pub group: String,
    pub min_ay: i32,
    pub max_ay: i32,
    pub needs: Vec<String>,
    /// `setting->setting`: the settings a mover from here may go to, as listed.
    pub moves_to: Vec<String>,
}

/// The four files, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    pub transitions: Vec<Transition>,
    pub population: Vec<Population>,
    pub costs: Vec<Cost>,
    pub valid_states: Vec<ValidSetting>,
}

/// Reads `transitions.csv`. `file` names the file in messages.
///
/// # Errors
/// A missing column, an empty code, an NC year that is not a whole number in −5…25, or
/// `NONSEND` in one of need and setting but not the other.
pub fn parse_transitions(file: &str, text: &str) -> Result<Vec<Transition>, InputError> {
    let table = Table::parse(file, text)?;
    let [cy, s1, n1, a1, s2, n2, a2] = table.columns([
        "calendar-year",
        "setting-1",
        "need-1",
        "academic-year-1",
        "setting-2",
        "need-2",
        "academic-year-2",
    ])?;
    let rows = table.records.iter().map(|r| {
        let row = Row { table: &table, r };
        let t = Transition {
            calendar_year: row.year(cy)?,
            setting_1: row.code(s1)?,
            need_1: row.code(n1)?,
            ay_1: row.academic_year(a1)?,
            setting_2: row.code(s2)?,
            need_2: row.code(n2)?,
            ay_2: row.academic_year(a2)?,
        };
        for (need, setting, col) in [(&t.need_1, &t.setting_1, n1), (&t.need_2, &t.setting_2, n2)] {
            if (need == NONSEND) != (setting == NONSEND) {
                return Err(row.error(
                    col,
                    format!("{NONSEND} must be both the need and the setting, or neither (need `{need}`, setting `{setting}`)"),
                ));
            }
        }
        Ok(t)
    });
    let rows = rows.collect::<Result<Vec<_>, _>>()?;
    if rows.is_empty() {
        return Err(InputError::file(file, "has no transitions"));
    }
    Ok(rows)
}

/// Reads `population.csv`.
///
/// # Errors
/// A missing column, a value that is not a number, a negative population, or two rows for the
/// same calendar and NC year (witan.send sums them in one place and keeps the last in another).
pub fn parse_population(file: &str, text: &str) -> Result<Vec<Population>, InputError> {
    let table = Table::parse(file, text)?;
    let [cy, ay, pop] = table.columns(["calendar-year", "academic-year", "population"])?;
    unique_rows(&table, ay, |row| {
        let p = Population {
            calendar_year: row.year(cy)?,
            academic_year: row.academic_year(ay)?,
            population: row.count(pop)?,
        };
        let repeated = format!(
            "calendar year {} and academic year {} are",
            p.calendar_year, p.academic_year
        );
        Ok(((p.calendar_year, p.academic_year), repeated, p))
    })
}

/// Reads `costs.csv`.
///
/// # Errors
/// A missing column, an empty code, a cost that is not a non-negative amount of pounds, or a
/// (need, setting) given twice.
pub fn parse_costs(file: &str, text: &str) -> Result<Vec<Cost>, InputError> {
    let table = Table::parse(file, text)?;
    let [need, setting, cost] = table.columns(["need", "setting", "cost"])?;
    unique_rows(&table, setting, |row| {
        let c = Cost {
            need: row.code(need)?,
            setting: row.code(setting)?,
            annual: row.pounds(cost)?,
        };
        let repeated = format!("need {} in setting {} is", c.need, c.setting);
        Ok(((c.need.clone(), c.setting.clone()), repeated, c))
    })
}

/// Reads every record with `read`, which gives a row's key, the words for it (`setting A
/// is`) and its value, and refuses a key seen before, at column `col`.
fn unique_rows<K: Eq + Hash, T>(
    table: &Table<'_>,
    col: usize,
    read: impl Fn(&Row<'_>) -> Result<(K, String, T), InputError>,
) -> Result<Vec<T>, InputError> {
    let mut seen = HashMap::new();
    let mut rows = Vec::with_capacity(table.records.len());
    for r in &table.records {
        let row = Row { table, r };
        let (key, repeated, value) = read(&row)?;
        if let Some(first) = seen.insert(key, r.line) {
            return Err(row.error(col, format!("{repeated} already given at line {first}")));
        }
        rows.push(value);
    }
    Ok(rows)
}

/// Reads `valid-states.csv`.
///
/// # Errors
/// A missing column, an empty or `NONSEND` code, NC years out of order or outside −5…25, a
/// setting given twice, or a `setting->setting` entry naming a setting with no row.
pub fn parse_valid_states(file: &str, text: &str) -> Result<Vec<ValidSetting>, InputError> {
    let table = Table::parse(file, text)?;
    let [setting, group, min, max, needs, moves] = table.columns([
        "setting",
        "setting-group",
        "min-academic-year",
        "max-academic-year",
        "needs",
        "setting->setting",
    ])?;
    let rows = unique_rows(&table, setting, |row| {
        let v = ValidSetting {
            setting: row.code(setting)?,
            group: row.field(group).to_owned(),
            min_ay: row.academic_year(min)?,
            max_ay: row.academic_year(max)?,
            needs: row.list(needs)?,
            moves_to: row.list(moves)?,
        };
        if v.setting == NONSEND {
            return Err(row.error(setting, format!("{NONSEND} is not a setting")));
        }
        if v.min_ay > v.max_ay {
            return Err(row.error(
                max,
                format!("{} is below the minimum, {}", v.max_ay, v.min_ay),
            ));
        }
        Ok((v.setting.clone(), format!("setting {} is", v.setting), v))
    })?;
    let known: HashSet<&str> = rows.iter().map(|v| v.setting.as_str()).collect();
    for (v, r) in rows.iter().zip(&table.records) {
        if let Some(unknown) = v.moves_to.iter().find(|s| !known.contains(s.as_str())) {
            let row = Row { table: &table, r };
            return Err(row.error(moves, format!("setting {unknown} has no row in this file")));
        }
    }
    if rows.is_empty() {
        return Err(InputError::file(file, "has no settings"));
    }
    Ok(rows)
}

/// One record being read, for the helpers that check a field and name it in errors (shared
/// with `backtest::series`).
pub(super) struct Row<'a> {
    pub(super) table: &'a Table<'a>,
    pub(super) r: &'a Record,
}

impl Row<'_> {
    pub(super) fn error(&self, col: usize, problem: impl Into<String>) -> InputError {
        InputError::at(
            self.table.file,
            self.r.line,
            Some(self.table.column_name(col)),
            problem,
        )
    }

    pub(super) fn field(&self, col: usize) -> &str {
        self.r.fields.get(col).map_or("", |f| f.trim())
    }

    /// A need or setting code: not empty.
    fn code(&self, col: usize) -> Result<String, InputError> {
        let text = self.field(col);
        if text.is_empty() {
            return Err(self.error(col, "is empty"));
        }
        Ok(text.to_owned())
    }

    /// A comma-separated list of codes, none empty.
    fn list(&self, col: usize) -> Result<Vec<String>, InputError> {
        let items: Vec<String> = self
            .field(col)
            .split(',')
            .map(|s| s.trim().to_owned())
            .collect();
        if items.iter().any(String::is_empty) {
            return Err(self.error(
                col,
                "must be a comma-separated list of codes, with none empty",
            ));
        }
        Ok(items)
    }

    /// A whole number, written as `12`, `-3` or `12.0` (witan.send reads numbers as decimals).
    pub(super) fn whole(&self, col: usize) -> Result<i64, InputError> {
        let text = self.field(col);
        let digits = text.strip_suffix(".0").unwrap_or(text);
        digits
            .parse::<i64>()
            .map_err(|_| self.error(col, format!("`{text}` is not a whole number")))
    }

    pub(super) fn year(&self, col: usize) -> Result<i32, InputError> {
        let y = self.whole(col)?;
        i32::try_from(y)
            .ok()
            .filter(|y| (1900..=2200).contains(y))
            .ok_or_else(|| self.error(col, format!("{y} is not a calendar year")))
    }

    fn academic_year(&self, col: usize) -> Result<i32, InputError> {
        let a = self.whole(col)?;
        i32::try_from(a)
            .ok()
            .filter(|a| (MIN_AY..=MAX_AY).contains(a))
            .ok_or_else(|| {
                self.error(
                    col,
                    format!("{a} is outside the academic years {MIN_AY} to {MAX_AY}"),
                )
            })
    }

    /// A number of people: a non-negative number, truncated to a whole one.
    fn count(&self, col: usize) -> Result<u64, InputError> {
        let text = self.field(col);
        let whole = text.split_once('.').map_or(text, |(w, f)| {
            if f.chars().all(|c| c.is_ascii_digit()) {
                w
            } else {
                text
            }
        });
        whole
            .parse::<u64>()
            .map_err(|_| self.error(col, format!("`{text}` is not a number of people")))
    }

    /// Pounds a year as exact pence: digits, optionally a point and more digits; beyond two
    /// decimal places the amount is rounded half away from zero to the penny.
    fn pounds(&self, col: usize) -> Result<Pence, InputError> {
        let text = self.field(col);
        let bad = || {
            self.error(
                col,
                format!("`{text}` is not an amount of pounds, such as 1000.0"),
            )
        };
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty()
            || !whole
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let pounds: i64 = whole.parse().map_err(|_| bad())?;
        let digit = |i: usize| i64::from(fraction.as_bytes().get(i).map_or(0, |b| b - b'0'));
        let pence = digit(0) * 10 + digit(1) + i64::from(digit(2) >= 5);
        Pence::checked_from_pounds(pounds)
            .and_then(|p| p.checked_add(Pence(pence)))
            .ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRANSITIONS: &str = "calendar-year,setting-1,need-1,academic-year-1,setting-2,need-2,academic-year-2\n\
        2013,NONSEND,NONSEND,-3,P,U,-2\n2013,B,X,5,B,X,6\n";

    #[test]
    fn reads_each_file_by_column_name() {
        let t = parse_transitions("t.csv", TRANSITIONS).unwrap();
        assert_eq!(t.len(), 2);
        assert!(!t[0].in_send_1() && t[0].in_send_2());
        assert_eq!((t[1].ay_1, t[1].need_2.as_str()), (5, "X"));
        let p = parse_population(
            "p.csv",
            "academic-year,calendar-year,population\n3,2013,9618.7\n",
        )
        .unwrap();
        assert_eq!(p[0].population, 9618);
        assert_eq!(p[0].academic_year, 3);
        let c = parse_costs(
            "c.csv",
            "need,setting,cost\nU,G,1000.0\nT,D,12.345\nT,E,7\n",
        )
        .unwrap();
        assert_eq!(c[0].annual, Pence(100_000));
        assert_eq!(c[1].annual, Pence(1_235));
        assert_eq!(c[2].annual, Pence(700));
        let v = parse_valid_states(
            "v.csv",
            "setting,setting-group,min-academic-year,max-academic-year,needs,setting->setting\n\
             A,g,-3,15,\"T,U\",\"A,B\"\nB,g,0,6,T,A",
        )
        .unwrap();
        assert_eq!(v[0].needs, ["T", "U"]);
        assert_eq!(v[1].moves_to, ["A"]);
    }

    #[test]
    fn problems_name_the_file_line_column_and_what_is_wrong() {
        let bad = TRANSITIONS.replace("2013,B,X,5", "2013,B,X,five");
        assert_eq!(
            parse_transitions("t.csv", &bad).unwrap_err().to_string(),
            "t.csv, line 3, column academic-year-1: `five` is not a whole number"
        );
        let bad = TRANSITIONS.replace("B,X,6", "NONSEND,X,6");
        assert_eq!(
            parse_transitions("t.csv", &bad).unwrap_err().to_string(),
            "t.csv, line 3, column need-2: NONSEND must be both the need and the setting, or neither (need `X`, setting `NONSEND`)"
        );
        let bad = TRANSITIONS.replace(",6\n", ",26\n");
        assert!(
            parse_transitions("t.csv", &bad)
                .unwrap_err()
                .to_string()
                .contains("outside")
        );
        let e = parse_population(
            "p.csv",
            "calendar-year,academic-year,population\n2013,1,5\n2013,1,6\n",
        );
        assert_eq!(
            e.unwrap_err().to_string(),
            "p.csv, line 3, column academic-year: calendar year 2013 and academic year 1 are already given at line 2"
        );
        let e = parse_costs("c.csv", "need,setting,cost\nU,G,-3\n").unwrap_err();
        assert_eq!(e.column.as_deref(), Some("cost"));
        let e = parse_valid_states(
            "v.csv",
            "setting,setting-group,min-academic-year,max-academic-year,needs,setting->setting\nA,g,1,0,T,A\n",
        );
        assert!(e.unwrap_err().to_string().contains("below the minimum"));
        let e = parse_valid_states(
            "v.csv",
            "setting,setting-group,min-academic-year,max-academic-year,needs,setting->setting\nA,g,0,1,T,\"A,Z\"\n",
        );
        assert_eq!(
            e.unwrap_err().to_string(),
            "v.csv, line 2, column setting->setting: setting Z has no row in this file"
        );
    }
}
