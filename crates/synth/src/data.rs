//! The DfE tables synth is calibrated on, read from CSV text.
//!
//! The four files are copies of `shared/data/dfe` (see its README for every column): the EHC
//! plan time series by council and year, and the January 2025 caseload by primary need, by
//! placement and by age. They are embedded in the binary so a demo council can be built with no
//! files at hand; [`DfeTables::from_dir`] reads a newer copy instead. Cells are kept as published:
//! an empty cell is missing, never zero, and every numeric cell is checked when the file is read
//! so a malformed figure is reported with its file and line rather than discovered mid-generation.

use std::collections::HashMap;
use std::path::Path;

use domain::ids::{LaCode, OnsCode};

use crate::error::SynthError;
use crate::model::LocalAuthority;

/// File names, as in `shared/data/dfe`.
pub const TIMESERIES_FILE: &str = "la_ehcp_timeseries.csv";
pub const NEED_FILE: &str = "la_caseload_by_need_2025.csv";
pub const PLACEMENT_FILE: &str = "la_caseload_by_placement_2025.csv";
pub const AGE_FILE: &str = "la_caseload_by_age_2025.csv";

const TIMESERIES_CSV: &str = include_str!("../data/dfe/la_ehcp_timeseries.csv");
const NEED_CSV: &str = include_str!("../data/dfe/la_caseload_by_need_2025.csv");
const PLACEMENT_CSV: &str = include_str!("../data/dfe/la_caseload_by_placement_2025.csv");
const AGE_CSV: &str = include_str!("../data/dfe/la_caseload_by_age_2025.csv");

/// The embedded copies, by file name (for the test that they match `shared/data/dfe`).
pub const EMBEDDED_FILES: [(&str, &str); 4] = [
    (TIMESERIES_FILE, TIMESERIES_CSV),
    (NEED_FILE, NEED_CSV),
    (PLACEMENT_FILE, PLACEMENT_CSV),
    (AGE_FILE, AGE_CSV),
];

/// Columns that hold text; every other column must be a number or empty.
const TEXT_COLUMNS: [&str; 12] = [
    "geographic_level",
    "area_code",
    "area_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
    "sen2_basis",
    "source_caseload",
    "source_flows",
    "notes",
];

/// The geographic level of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    National,
    Regional,
    LocalAuthority,
}

/// Which row of a year to look up.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Area {
    England,
    Region(String),
    La(u16),
}

/// One row of a DfE table.
#[derive(Debug, Clone)]
pub struct Row {
    /// Line in the file (the header is line 1).
    pub line: u64,
    pub year: i32,
    pub level: Level,
    pub area_code: String,
    pub area_name: String,
    pub region_code: String,
    pub region_name: String,
    pub new_la_code: String,
    pub old_la_code: Option<u16>,
    pub la_name: String,
    values: Vec<Option<f64>>,
}

/// One DfE file, parsed.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: &'static str,
    columns: HashMap<String, usize>,
    rows: Vec<Row>,
    index: HashMap<(i32, Area), usize>,
}

impl Table {
    /// Parses CSV text; `file` names the file in errors.
    pub fn parse(file: &'static str, text: &str) -> Result<Self, SynthError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| SynthError::csv(file, 1, e.to_string()))?
            .clone();
        let columns: HashMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_string(), i))
            .collect();
        let position = |name: &str| {
            columns
                .get(name)
                .copied()
                .ok_or_else(|| SynthError::MissingColumn {
                    file: file.to_string(),
                    column: name.to_string(),
                })
        };
        let year_col = position("year")?;
        let geo = [
            "geographic_level",
            "area_code",
            "area_name",
            "region_code",
            "region_name",
            "new_la_code",
            "old_la_code",
            "la_name",
        ]
        .map(position);
        let mut geo_cols = [0usize; 8];
        for (slot, col) in geo_cols.iter_mut().zip(geo) {
            *slot = col?;
        }
        let numeric: Vec<bool> = headers.iter().map(|h| !TEXT_COLUMNS.contains(&h)).collect();

        let mut rows = Vec::new();
        let mut index = HashMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                SynthError::csv(file, line, e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let cell = |i: usize| record.get(i).unwrap_or("").trim().to_string();
            let year: i32 = cell(year_col).parse().map_err(|_| {
                SynthError::csv(
                    file,
                    line,
                    format!("year '{}' is not a year", cell(year_col)),
                )
            })?;
            let level = match cell(geo_cols[0]).as_str() {
                "National" => Level::National,
                "Regional" => Level::Regional,
                "Local authority" => Level::LocalAuthority,
                other => {
                    return Err(SynthError::csv(
                        file,
                        line,
                        format!("unknown geographic_level '{other}'"),
                    ));
                }
            };
            let old = cell(geo_cols[6]);
            let old_la_code = if old.is_empty() {
                None
            } else {
                Some(old.parse::<u16>().map_err(|_| {
                    SynthError::csv(
                        file,
                        line,
                        format!("old_la_code '{old}' is not a DfE LA code"),
                    )
                })?)
            };
            let mut values = Vec::with_capacity(record.len());
            for (i, raw) in record.iter().enumerate() {
                let raw = raw.trim();
                if !numeric.get(i).copied().unwrap_or(false) || raw.is_empty() {
                    values.push(None);
                    continue;
                }
                let v: f64 = raw.parse().map_err(|_| {
                    SynthError::csv(
                        file,
                        line,
                        format!("column {} holds '{raw}', not a number", &headers[i]),
                    )
                })?;
                if !v.is_finite() {
                    return Err(SynthError::csv(
                        file,
                        line,
                        format!("column {} is not finite", &headers[i]),
                    ));
                }
                values.push(Some(v));
            }
            let row = Row {
                line,
                year,
                level,
                area_code: cell(geo_cols[1]),
                area_name: cell(geo_cols[2]),
                region_code: cell(geo_cols[3]),
                region_name: cell(geo_cols[4]),
                new_la_code: cell(geo_cols[5]),
                old_la_code,
                la_name: cell(geo_cols[7]),
                values,
            };
            let area = match (row.level, row.old_la_code) {
                (Level::National, _) => Area::England,
                (Level::Regional, _) => Area::Region(row.area_code.clone()),
                (Level::LocalAuthority, Some(code)) => Area::La(code),
                (Level::LocalAuthority, None) => {
                    return Err(SynthError::csv(
                        file,
                        line,
                        "a council row has no old_la_code".to_string(),
                    ));
                }
            };
            if index.insert((year, area), rows.len()).is_some() {
                return Err(SynthError::csv(
                    file,
                    line,
                    "a second row for the same year and area".to_string(),
                ));
            }
            rows.push(row);
        }
        Ok(Self {
            file,
            columns,
            rows,
            index,
        })
    }

    /// Every row, in file order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The row for `area` in `year`, if the file has one.
    pub fn row(&self, year: i32, area: &Area) -> Option<&Row> {
        self.index
            .get(&(year, area.clone()))
            .and_then(|&i| self.rows.get(i))
    }

    /// The index of a numeric column.
    pub fn column(&self, name: &str) -> Result<usize, SynthError> {
        self.columns
            .get(name)
            .copied()
            .ok_or_else(|| SynthError::MissingColumn {
                file: self.file.to_string(),
                column: name.to_string(),
            })
    }

    /// The value of `column` in `row`; `Ok(None)` when the cell is empty.
    pub fn value(&self, row: &Row, column: &str) -> Result<Option<f64>, SynthError> {
        let i = self.column(column)?;
        Ok(row.values.get(i).copied().flatten())
    }
}

/// The four DfE tables synth calibrates on.
#[derive(Debug, Clone)]
pub struct DfeTables {
    pub(crate) timeseries: Table,
    pub(crate) need: Table,
    pub(crate) placement: Table,
    pub(crate) age: Table,
    las: Vec<LocalAuthority>,
}

impl DfeTables {
    /// The copies embedded in the crate.
    ///
    /// # Errors
    /// Only if the embedded files were edited into an unreadable state.
    pub fn embedded() -> Result<Self, SynthError> {
        Self::from_csv_text(TIMESERIES_CSV, NEED_CSV, PLACEMENT_CSV, AGE_CSV)
    }

    /// Reads the four files from a folder laid out like `shared/data/dfe`.
    ///
    /// # Errors
    /// [`SynthError::Io`] when a file cannot be read, and the parse errors of [`Self::from_csv_text`].
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Self, SynthError> {
        let dir = dir.as_ref();
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|e| SynthError::Io {
                path: path.display().to_string(),
                message: e.to_string(),
            })
        };
        let (t, n, p, a) = (
            read(TIMESERIES_FILE)?,
            read(NEED_FILE)?,
            read(PLACEMENT_FILE)?,
            read(AGE_FILE)?,
        );
        Self::from_csv_text(&t, &n, &p, &a)
    }

    /// Parses the four files from text.
    ///
    /// # Errors
    /// [`SynthError::Csv`] with the file and line of the first malformed row, or
    /// [`SynthError::MissingColumn`].
    pub fn from_csv_text(
        timeseries: &str,
        need: &str,
        placement: &str,
        age: &str,
    ) -> Result<Self, SynthError> {
        let timeseries = Table::parse(TIMESERIES_FILE, timeseries)?;
        let las = councils(&timeseries)?;
        Ok(Self {
            timeseries,
            need: Table::parse(NEED_FILE, need)?,
            placement: Table::parse(PLACEMENT_FILE, placement)?,
            age: Table::parse(AGE_FILE, age)?,
            las,
        })
    }

    /// Every English council of the latest year in the time series (153 in 2025), in DfE code
    /// order.
    /// A published figure from `la_ehcp_timeseries.csv`: the given SEN2 collection year, for a
    /// council by DfE code or for England (`None`), by column name. `None` when the row or the
    /// cell is missing (blank in the source).
    pub fn published(&self, collection_year: i32, la: Option<u16>, column: &str) -> Option<f64> {
        let area = la.map_or(Area::England, Area::La);
        let row = self.timeseries.row(collection_year, &area)?;
        self.timeseries.value(row, column).ok().flatten()
    }

    /// The name of the area a published row belongs to (e.g. "England", "Bristol, City of").
    pub fn published_area_name(&self, collection_year: i32, la: Option<u16>) -> Option<String> {
        let area = la.map_or(Area::England, Area::La);
        self.timeseries
            .row(collection_year, &area)
            .map(|r| r.area_name.clone())
    }

    pub fn local_authorities(&self) -> Vec<LocalAuthority> {
        self.las.clone()
    }

    /// The council with DfE code `code` in the latest year, if there is one.
    pub fn local_authority(&self, code: LaCode) -> Option<&LocalAuthority> {
        self.las.iter().find(|la| la.code == code)
    }
}

/// The councils of the latest year in the time series.
fn councils(ts: &Table) -> Result<Vec<LocalAuthority>, SynthError> {
    let latest = ts
        .rows()
        .iter()
        .map(|r| r.year)
        .max()
        .ok_or_else(|| SynthError::MissingData(format!("{}: no rows", ts.file)))?;
    let mut out = Vec::new();
    for row in ts.rows() {
        if row.year != latest || row.level != Level::LocalAuthority {
            continue;
        }
        let bad = |e: domain::FieldError| SynthError::csv(ts.file, row.line, e.to_string());
        let code = row.old_la_code.unwrap_or(0);
        out.push(LocalAuthority {
            code: LaCode::new(code).map_err(bad)?,
            ons_code: row.new_la_code.parse::<OnsCode>().map_err(bad)?,
            name: row.la_name.clone(),
            region_code: row.region_code.clone(),
            region_name: row.region_name.clone(),
            fictional: false,
        });
    }
    out.sort_by_key(|la| la.code);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_parse() {
        let t = DfeTables::embedded().unwrap();
        assert_eq!(t.timeseries.rows().len(), 1782);
        assert_eq!(t.need.rows().len(), 163);
        assert_eq!(t.placement.rows().len(), 326);
        assert_eq!(t.age.rows().len(), 326);
        let bristol = t.timeseries.row(2025, &Area::La(801)).unwrap();
        assert_eq!(bristol.la_name, "Bristol, City of");
        assert_eq!(
            t.timeseries.value(bristol, "ehc_plans_jan").unwrap(),
            Some(4931.0)
        );
        // A blank cell is missing, not zero.
        assert_eq!(
            t.timeseries
                .value(bristol, "discontinued_plans_sum_reasons")
                .unwrap(),
            None
        );
        let england = t.timeseries.row(2025, &Area::England).unwrap();
        assert_eq!(
            t.timeseries.value(england, "ehc_plans_jan").unwrap(),
            Some(638_745.0)
        );
    }

    #[test]
    fn embedded_files_match_the_shared_copies() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/dfe/");
        for (name, embedded) in EMBEDDED_FILES {
            let shared = std::fs::read(format!("{dir}{name}")).unwrap();
            assert!(
                shared == embedded.as_bytes(),
                "{name} differs from shared/data/dfe"
            );
        }
    }

    #[test]
    fn malformed_numbers_name_file_and_line() {
        let text = "year,geographic_level,area_code,area_name,region_code,region_name,new_la_code,old_la_code,la_name,ehc_plans\n\
2025,National,E92000001,England,,,,,,100\n\
2025,Local authority,E1,X,R,Region,E1,801,X,ten\n";
        let e = Table::parse(NEED_FILE, text).unwrap_err();
        assert_eq!(
            e.to_string(),
            "la_caseload_by_need_2025.csv line 3: column ehc_plans holds 'ten', not a number"
        );
    }

    #[test]
    fn lists_the_153_councils_of_2025() {
        let t = DfeTables::embedded().unwrap();
        let las = t.local_authorities();
        assert_eq!(las.len(), 153);
        let bristol = t.local_authority(LaCode::new(801).unwrap()).unwrap();
        assert_eq!(bristol.name, "Bristol, City of");
        assert_eq!(bristol.ons_code.as_str(), "E06000023");
        assert_eq!(bristol.region_name, "South West");
        assert!(las.iter().all(|la| !la.fictional && la.code.get() != 999));
    }

    #[test]
    fn missing_files_are_reported() {
        let e = DfeTables::from_dir("/nonexistent/dfe").unwrap_err();
        assert!(e.to_string().contains("la_ehcp_timeseries.csv"), "{e}");
    }

    #[test]
    fn reads_the_shared_folder() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/dfe/");
        let t = DfeTables::from_dir(dir).unwrap();
        assert_eq!(t.age.rows().len(), 326);
    }
}
