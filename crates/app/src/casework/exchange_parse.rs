//! Reading one row of the CSV format into the record it describes, collecting every problem
//! with the row's own values. Links between rows and to the council's records are checked
//! afterwards (`exchange_check`).

use std::collections::HashMap;
use std::str::FromStr;

use chrono::NaiveDate;
use csv::StringRecord;
use domain::{Ethnicity, FieldError, LaCode, Postcode, SenType, Sex, Uln, Upn, UpnUnknown};
use store::{
    AdviceRow, ChildRow, ExceptionRow, MarkerRow, PhaseTransferRow, PlanRow, ReassessmentRow,
    RequestRow, ReviewRow,
};

use super::RowProblem;
use super::exchange_columns::{Col, Kind};

/// Where each column is in the file.
#[derive(Debug)]
pub(super) struct Header {
    index: HashMap<Col, usize>,
    width: usize,
}

impl Header {
    /// Reads the header row: every stored column must be there, each once; the computed ones
    /// may be left out. Column order is free.
    pub(super) fn read(record: &StringRecord) -> Result<Header, String> {
        let mut index = HashMap::new();
        let mut unknown = Vec::new();
        let mut twice = Vec::new();
        for (i, name) in record.iter().enumerate() {
            let name = name.trim().trim_start_matches('\u{feff}').trim();
            match Col::ALL.iter().find(|c| c.name() == name) {
                Some(col) => {
                    if index.insert(*col, i).is_some() {
                        twice.push(name.to_string());
                    }
                }
                None => unknown.push(if name.is_empty() {
                    format!("(blank, column {})", i + 1)
                } else {
                    name.to_string()
                }),
            }
        }
        let missing: Vec<&str> = Col::ALL
            .iter()
            .filter(|c| !c.may_be_left_out() && !index.contains_key(c))
            .map(|c| c.name())
            .collect();
        let mut wrong = Vec::new();
        if !missing.is_empty() {
            wrong.push(format!("missing columns: {}", missing.join(", ")));
        }
        if !unknown.is_empty() {
            wrong.push(format!("unknown columns: {}", unknown.join(", ")));
        }
        if !twice.is_empty() {
            wrong.push(format!("columns given twice: {}", twice.join(", ")));
        }
        if wrong.is_empty() {
            Ok(Header {
                index,
                width: record.len(),
            })
        } else {
            Err(format!(
                "the header row is not the EHC casework format ({}); see docs/formats/ehc.md",
                wrong.join("; ")
            ))
        }
    }
}

/// A child or young person as the file gives them.
#[derive(Debug, Clone)]
pub(super) struct ChildIn {
    pub row: ChildRow,
    /// SEN2 need codes, primary first.
    pub needs: Vec<String>,
}

/// The record a row describes, with the ids the file gives (children not yet matched).
#[derive(Debug, Clone)]
pub(super) enum Item {
    Council(Option<u32>),
    Child(ChildIn),
    Request(RequestRow),
    Advice(AdviceRow),
    Exception(ExceptionRow),
    Plan(PlanRow),
    Review(ReviewRow),
    Transfer(PhaseTransferRow),
    Reassessment(ReassessmentRow),
    Marker(MarkerRow),
    /// A case or deadline row: computed by the export, skipped on import.
    Computed,
}

/// One row read: the record, when its values could be read, and every problem found.
#[derive(Debug)]
pub(super) struct Parsed {
    pub row: u64,
    pub item: Option<Item>,
    pub problems: Vec<RowProblem>,
    /// The child, request or plan the row gives, by the file's id, as far as it could be read:
    /// rows linking to it are left out with it when it has problems.
    pub key: Option<(Kind, i64)>,
}

/// What reading a row needs to know besides the row.
pub(super) struct Context {
    pub la: LaCode,
    pub today: NaiveDate,
}

/// Reads one data row (`row` is its number in the file, the header being row 1).
pub(super) fn parse_row(header: &Header, record: &StringRecord, row: u64, cx: &Context) -> Parsed {
    let mut f = Fields {
        header,
        record,
        row,
        la_id: i64::from(cx.la.get()),
        today: cx.today,
        problems: Vec::new(),
    };
    // A row may stop short (the missing values are empty), but not run past the header.
    if record.len() > header.width {
        f.problems.push(RowProblem::new(
            row,
            None,
            format!(
                "the row has {} values but the header has {} columns",
                record.len(),
                header.width
            ),
        ));
        return f.done(None);
    }
    let kind = match f.raw(Col::Record).parse::<Kind>() {
        Ok(kind) => kind,
        Err(e) => {
            f.problem(Col::Record, e.problem);
            return f.done(None);
        }
    };
    if kind.is_computed() {
        return f.done(Some(Item::Computed));
    }
    match f.raw(Col::LaCode).parse::<LaCode>() {
        Ok(code) if code == cx.la => {}
        Ok(code) => f.problem(
            Col::LaCode,
            format!(
                "the row is for council {code}, but the import is into council {}",
                cx.la
            ),
        ),
        Err(e) => f.problem(Col::LaCode, e.problem),
    }
    for col in Col::ALL {
        if !col.is_computed()
            && !matches!(col, Col::LaCode | Col::Record)
            && !kind.columns().contains(col)
            && !f.raw(*col).is_empty()
        {
            f.problem(
                *col,
                format!(
                    "{} rows do not use this column: leave it empty",
                    kind.code()
                ),
            );
        }
    }
    let key_col = match kind {
        Kind::Child => Some(Col::ChildId),
        Kind::Request | Kind::Plan => Some(Col::RecordId),
        _ => None,
    };
    let key = key_col.and_then(|col| f.raw(col).parse::<i64>().ok().map(|id| (kind, id)));
    let item = match kind {
        Kind::Council => f.council(),
        Kind::Child => f.child().map(Item::Child),
        Kind::Request => f.request().map(Item::Request),
        Kind::Advice => f.advice().map(Item::Advice),
        Kind::Exception => f.exception().map(Item::Exception),
        Kind::Plan => f.plan().map(Item::Plan),
        Kind::Review => f.review().map(Item::Review),
        Kind::PhaseTransfer => f.transfer().map(Item::Transfer),
        Kind::Reassessment => f.reassessment().map(Item::Reassessment),
        Kind::Marker => f.marker().map(Item::Marker),
        Kind::Case | Kind::Deadline => Some(Item::Computed),
    };
    let mut parsed = f.done(item);
    parsed.key = key;
    parsed
}

/// The values of one row, read column by column, with the problems found so far.
pub(super) struct Fields<'a> {
    header: &'a Header,
    record: &'a StringRecord,
    row: u64,
    pub(super) la_id: i64,
    today: NaiveDate,
    problems: Vec<RowProblem>,
}

impl Fields<'_> {
    fn done(self, item: Option<Item>) -> Parsed {
        Parsed {
            row: self.row,
            item,
            problems: self.problems,
            key: None,
        }
    }

    /// The trimmed text of a column; empty when the header lacks it.
    pub(super) fn raw(&self, col: Col) -> &str {
        self.header
            .index
            .get(&col)
            .and_then(|i| self.record.get(*i))
            .map_or("", str::trim)
    }

    pub(super) fn problem(&mut self, col: Col, problem: impl Into<String>) {
        self.problems
            .push(RowProblem::new(self.row, Some(col.name()), problem));
    }

    pub(super) fn text(&self, col: Col) -> Option<String> {
        let t = self.raw(col);
        (!t.is_empty()).then(|| t.to_string())
    }

    pub(super) fn required_text(&mut self, col: Col, what: &str) -> Option<String> {
        let t = self.text(col);
        if t.is_none() {
            self.problem(col, format!("enter {what}"));
        }
        t
    }

    /// A YYYY-MM-DD date, or `None` when empty.
    pub(super) fn date(&mut self, col: Col) -> Option<NaiveDate> {
        let t = self.raw(col);
        if t.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                let t = t.to_string();
                self.problem(
                    col,
                    format!("'{t}' is not a date: use YYYY-MM-DD, for example 2026-03-27"),
                );
                None
            }
        }
    }

    /// A date of something that has happened: not after the day of the import.
    pub(super) fn past(&mut self, col: Col) -> Option<NaiveDate> {
        let d = self.date(col)?;
        if d > self.today {
            self.problem(
                col,
                format!("the date must be today ({}) or in the past", self.today),
            );
            return None;
        }
        Some(d)
    }

    pub(super) fn required_past(&mut self, col: Col) -> Option<NaiveDate> {
        if self.raw(col).is_empty() {
            self.problem(col, "enter a date as YYYY-MM-DD");
            return None;
        }
        self.past(col)
    }

    /// Records a problem when `later` comes before `earlier`.
    pub(super) fn not_before(
        &mut self,
        col: Col,
        later: Option<NaiveDate>,
        earlier: Option<NaiveDate>,
        what: &str,
    ) {
        if let (Some(later), Some(earlier)) = (later, earlier)
            && let Err(e) = super::super::not_before(col.name(), later, earlier, what)
        {
            self.problem(col, e.problem);
        }
    }

    pub(super) fn id(&mut self, col: Col) -> Option<i64> {
        let t = self.raw(col);
        if t.is_empty() {
            return None;
        }
        match t.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                let t = t.to_string();
                self.problem(
                    col,
                    format!("'{t}' is not an id: use a whole number from 1"),
                );
                None
            }
        }
    }

    pub(super) fn required_id(&mut self, col: Col) -> Option<i64> {
        if self.raw(col).is_empty() {
            self.problem(col, "enter the id");
            return None;
        }
        self.id(col)
    }

    /// A code of a domain code set, or `None` when empty.
    pub(super) fn code<T: FromStr<Err = FieldError>>(&mut self, col: Col) -> Option<T> {
        let t = self.raw(col);
        if t.is_empty() {
            return None;
        }
        match t.parse::<T>() {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(col, e.problem);
                None
            }
        }
    }

    pub(super) fn required_code<T: FromStr<Err = FieldError>>(&mut self, col: Col) -> Option<T> {
        if self.raw(col).is_empty() {
            self.problem(col, "enter a code");
            return None;
        }
        self.code(col)
    }

    /// One of a fixed list of stored codes.
    pub(super) fn choice(&mut self, col: Col, choices: &[&str]) -> Option<String> {
        let t = self.raw(col);
        if choices.contains(&t) {
            return Some(t.to_string());
        }
        let problem = if t.is_empty() {
            format!("enter one of: {}", choices.join(", "))
        } else {
            format!("'{t}' is not one of: {}", choices.join(", "))
        };
        self.problem(col, problem);
        None
    }

    fn council(&mut self) -> Option<Item> {
        let t = self.raw(Col::UnderFiveReviewMonths);
        if t.is_empty() {
            return Some(Item::Council(None));
        }
        match t.parse::<u32>() {
            Ok(m) if (1..=11).contains(&m) => Some(Item::Council(Some(m))),
            _ => {
                self.problem(
                    Col::UnderFiveReviewMonths,
                    "enter a number of months from 1 to 11, or leave it empty",
                );
                None
            }
        }
    }

    fn child(&mut self) -> Option<ChildIn> {
        let child_id = self.required_id(Col::ChildId);
        let forename = self.required_text(Col::Forename, "their first name");
        let surname = self.required_text(Col::Surname, "their last name");
        let birth_date = self.required_past(Col::BirthDate);
        let sex = self.required_code::<Sex>(Col::Sex);
        let ethnicity = self.code::<Ethnicity>(Col::Ethnicity);
        let postcode = self.code::<Postcode>(Col::Postcode);
        let upn = self.code::<Upn>(Col::Upn);
        let uln = self.code::<Uln>(Col::Uln);
        let upn_unknown = self.code::<UpnUnknown>(Col::UpnUnknown);
        if [Col::Upn, Col::Uln, Col::UpnUnknown]
            .iter()
            .all(|c| self.raw(*c).is_empty())
        {
            // SEN2: a person needs a UPN, a ULN or a reason the UPN is unknown.
            self.problem(
                Col::Upn,
                "enter a UPN, a ULN, or the reason the UPN is unknown (upn_unknown)",
            );
        }
        let primary = self.code::<SenType>(Col::PrimaryNeed);
        let secondary = self.code::<SenType>(Col::SecondaryNeed);
        if !self.raw(Col::SecondaryNeed).is_empty() && self.raw(Col::PrimaryNeed).is_empty() {
            self.problem(
                Col::PrimaryNeed,
                "enter the primary need before a secondary one",
            );
        }
        if primary.is_some() && primary == secondary {
            self.problem(
                Col::SecondaryNeed,
                "the secondary need must differ from the primary",
            );
        }
        let (Some(child_id), Some(forename), Some(surname), Some(birth_date), Some(sex)) =
            (child_id, forename, surname, birth_date, sex)
        else {
            return None;
        };
        Some(ChildIn {
            row: ChildRow {
                la_id: self.la_id,
                child_id,
                forename,
                surname,
                birth_date,
                sex: sex.code().into(),
                ethnicity: ethnicity.map(|e| e.code().to_string()),
                postcode: postcode.map(|p| p.as_str().to_string()),
                address_line: None,
                upn: upn.map(|u| u.as_str().to_string()),
                uln: uln.map(|u| u.to_string()),
                upn_unknown: upn_unknown.map(|u| u.code().to_string()),
            },
            needs: primary
                .into_iter()
                .chain(secondary)
                .map(|n| n.code().to_string())
                .collect(),
        })
    }
}
