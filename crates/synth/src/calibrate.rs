//! Calibrating a council on the DfE tables: a real council's own rows with fallbacks, or the
//! median of all councils for Exampleshire.
//!
//! A council's flows are read from its own cells. A blank cell falls back to its region's row,
//! then England's, taken as a rate of the measure it depends on (refusals per request, plans
//! issued within 20 weeks per plan issued, and so on; requests, plans issued and ceased per plan
//! maintained in January 2025) and applied to the council's own figures, so a fallback keeps the
//! council's size and its other figures. Every fallback is written to the notes.

use domain::PlacementCategory;
use domain::ids::LaCode;

use crate::calibration::{
    ACTIVITY_YEARS, AGE_COLUMNS, CENSUS_YEAR, Calibration, Council, Flow, NEED_COLUMNS, YearFlows,
    median, need_columns, normalise, placement_columns, row_shares,
};
use crate::data::{Area, DfeTables, Level, Table};
use crate::error::SynthError;

impl DfeTables {
    fn councils_2025(&self) -> Result<Vec<Council<'_>>, SynthError> {
        let ts = &self.timeseries;
        let mut out = Vec::new();
        for row in ts.rows() {
            if row.year == CENSUS_YEAR && row.level == Level::LocalAuthority {
                let plans = ts.value(row, "ehc_plans_jan")?;
                if let Some(code) = row.old_la_code {
                    out.push(Council { code, row, plans });
                }
            }
        }
        if out.is_empty() {
            return Err(SynthError::MissingData(format!(
                "{}: no council rows for {CENSUS_YEAR}",
                ts.file
            )));
        }
        Ok(out)
    }

    /// The calibration for a council (`Some(code)`) or for Exampleshire, the median council.
    ///
    /// # Errors
    /// [`SynthError::UnknownLa`] when no English council has `code` in 2025; a data error when a
    /// figure is blank for the council, its region and England alike.
    pub fn calibrate(&self, like: Option<LaCode>) -> Result<Calibration, SynthError> {
        let councils = self.councils_2025()?;
        match like {
            None => self.calibrate_median(&councils),
            Some(code) => match councils.iter().find(|c| c.code == code.get()) {
                Some(c) => self.calibrate_council(c),
                None => {
                    let example = councils
                        .iter()
                        .find(|c| c.code == 801)
                        .or_else(|| councils.first());
                    let (example_code, example_name) = match example {
                        Some(c) => (LaCode::new(c.code).ok(), c.row.la_name.clone()),
                        None => (None, String::new()),
                    };
                    Err(SynthError::UnknownLa {
                        code,
                        example_code: example_code.unwrap_or(code),
                        example_name,
                    })
                }
            },
        }
    }

    fn calibrate_council(&self, c: &Council<'_>) -> Result<Calibration, SynthError> {
        let mut notes = Vec::new();
        let name = c.row.la_name.clone();
        let plans = c.plans.ok_or_else(|| {
            SynthError::MissingData(format!(
                "{}: {name} has no ehc_plans_jan for {CENSUS_YEAR}",
                self.timeseries.file
            ))
        })?;
        let region = Area::Region(c.row.region_code.clone());
        let own = Area::La(c.code);
        let shares = |table: &Table, columns: &[&str], what: &str, notes: &mut Vec<String>| {
            for (i, area) in [&own, &region, &Area::England].into_iter().enumerate() {
                if let Some(row) = table.row(CENSUS_YEAR, area)
                    && let Some(s) = row_shares(table, row, columns)?
                {
                    if i > 0 {
                        notes.push(format!(
                            "{name}: January {CENSUS_YEAR} {what} blank in {}; used {}'s shares",
                            table.file, row.area_name
                        ));
                    }
                    return Ok(s);
                }
            }
            Err(SynthError::MissingData(format!(
                "{}: no {what} for {name}, its region or England",
                table.file
            )))
        };
        let need = shares(&self.need, &need_columns(), "primary need", &mut notes)?;
        let placement = shares(
            &self.placement,
            &placement_columns(),
            "placements",
            &mut notes,
        )?;
        let age = shares(&self.age, &AGE_COLUMNS, "ages", &mut notes)?;
        let flows = self.council_flows(c, plans, &region, &mut notes)?;
        Ok(Calibration {
            source: format!(
                "{name} ({:03}), DfE EHC plan statistics (SEN2) January {CENSUS_YEAR} and calendar years 2020-2024",
                c.code
            ),
            la: LaCode::new(c.code).ok(),
            active_plans: plans.round() as u32,
            need_shares: NEED_COLUMNS.iter().map(|(_, t)| *t).zip(need).collect(),
            placement_shares: PlacementCategory::ALL.into_iter().zip(placement).collect(),
            age_shares: age,
            flows,
            notes,
        })
    }

    /// One cell of the time series for the activity year `y`.
    fn flow_cell(&self, y: i32, area: &Area, column: &str) -> Result<Option<f64>, SynthError> {
        match self.timeseries.row(y + 1, area) {
            Some(row) => self.timeseries.value(row, column),
            None => Ok(None),
        }
    }

    /// An area's Jan 2025 caseload, the base of the per-plan rates.
    fn plans_2025(&self, area: &Area) -> Result<Option<f64>, SynthError> {
        match self.timeseries.row(CENSUS_YEAR, area) {
            Some(row) => self.timeseries.value(row, "ehc_plans_jan"),
            None => Ok(None),
        }
    }

    fn council_flows(
        &self,
        c: &Council<'_>,
        plans: f64,
        region: &Area,
        notes: &mut Vec<String>,
    ) -> Result<Vec<YearFlows>, SynthError> {
        let own = Area::La(c.code);
        let name = &c.row.la_name;
        let mut years = Vec::new();
        for y in ACTIVITY_YEARS {
            let mut v = [0.0f64; 9];
            // When every plan was classed as an exception the DfE leaves the rate excluding
            // exceptions blank (its denominator is 0): take those figures from the region.
            let mut excl_blank = false;
            for flow in Flow::ALL {
                let column = flow.column(y);
                let mut own_value = self.flow_cell(y, &own, column)?;
                if flow == Flow::IssuedExcl
                    && own_value == Some(0.0)
                    && v[Flow::IssuedIncl.index()] > 0.0
                {
                    excl_blank = true;
                    notes.push(format!(
                        "{name} {y}: every plan issued was classed as an exception to the 20-week limit, so the rate excluding exceptions is blank"
                    ));
                }
                if excl_blank && matches!(flow, Flow::IssuedExcl | Flow::WithinExcl) {
                    own_value = None;
                }
                if let Some(x) = own_value {
                    v[flow.index()] = x;
                    continue;
                }
                if flow == Flow::Ceased
                    && y < 2022
                    && let Some(x) = self.ceased_by_2022_ratio(y, &own)?
                {
                    notes.push(format!(
                        "{name} {y}: {column} blank; used its 2022 ceased plans per plan maintained"
                    ));
                    v[flow.index()] = x;
                    continue;
                }
                let own_base = match flow.base() {
                    None => plans,
                    Some(b) => v[b.index()],
                };
                let mut found = false;
                for area in [region, &Area::England] {
                    let Some(x) = self.flow_cell(y, area, column)? else {
                        continue;
                    };
                    let base = match flow.base() {
                        None => self.plans_2025(area)?,
                        Some(b) => self.flow_cell(y, area, b.column(y))?,
                    };
                    let Some(base) = base.filter(|b| *b > 0.0) else {
                        continue;
                    };
                    let area_name = self
                        .timeseries
                        .row(y + 1, area)
                        .map_or("England", |r| r.area_name.as_str());
                    notes.push(format!(
                        "{name} {y}: {column} blank; used {area_name}'s rate"
                    ));
                    v[flow.index()] = own_base * x / base;
                    found = true;
                    break;
                }
                if !found {
                    return Err(SynthError::MissingData(format!(
                        "{}: {column} for {y} is blank for {name}, its region and England",
                        self.timeseries.file
                    )));
                }
            }
            years.push(YearFlows::from_values(y, &v));
        }
        Ok(years)
    }

    /// Ceased plans in activity year `y` < 2022 at the council's own 2022 rate per plan
    /// maintained (the caseload of the following January).
    fn ceased_by_2022_ratio(&self, y: i32, own: &Area) -> Result<Option<f64>, SynthError> {
        let ceased = self.flow_cell(2022, own, "ceased_plans_total")?;
        let plans_2023 = self.flow_cell(2022, own, "ehc_plans_jan")?;
        // The caseload of the January after `y`, else the nearest later January the council has.
        let mut plans_after = None;
        for year in (y + 1)..=CENSUS_YEAR {
            if let Some(p) = self.flow_cell(year - 1, own, "ehc_plans_jan")? {
                plans_after = Some(p);
                break;
            }
        }
        Ok(match (ceased, plans_2023, plans_after) {
            (Some(c), Some(p), Some(after)) if p > 0.0 => Some(c / p * after),
            _ => None,
        })
    }

    fn calibrate_median(&self, councils: &[Council<'_>]) -> Result<Calibration, SynthError> {
        let n = councils.len();
        let median_shares = |table: &Table, columns: &[&str]| -> Result<Vec<f64>, SynthError> {
            let mut per_column: Vec<Vec<f64>> = vec![Vec::new(); columns.len()];
            for c in councils {
                if let Some(row) = table.row(CENSUS_YEAR, &Area::La(c.code))
                    && let Some(s) = row_shares(table, row, columns)?
                {
                    for (col, v) in per_column.iter_mut().zip(s) {
                        col.push(v);
                    }
                }
            }
            let mut out: Vec<f64> = per_column
                .iter_mut()
                .map(|v| median(v).unwrap_or(0.0))
                .collect();
            normalise(&mut out);
            Ok(out)
        };
        let need = median_shares(&self.need, &need_columns())?;
        let placement = median_shares(&self.placement, &placement_columns())?;
        let age = median_shares(&self.age, &AGE_COLUMNS)?;
        let mut plans: Vec<f64> = councils.iter().filter_map(|c| c.plans).collect();
        let active = median(&mut plans).unwrap_or(0.0);

        let mut flows = Vec::new();
        for y in ACTIVITY_YEARS {
            let mut v = [0.0f64; 9];
            for flow in Flow::ALL {
                let mut rates = Vec::new();
                for c in councils {
                    let own = Area::La(c.code);
                    let Some(x) = self.flow_cell(y, &own, flow.column(y))? else {
                        continue;
                    };
                    // A council that classed every plan as an exception has no rate excluding
                    // exceptions (see `council_flows`).
                    if flow == Flow::IssuedExcl && x == 0.0 {
                        continue;
                    }
                    let base = match flow.base() {
                        None => c.plans,
                        Some(b) => self.flow_cell(y, &own, b.column(y))?,
                    };
                    if let Some(base) = base.filter(|b| *b > 0.0) {
                        rates.push(x / base);
                    }
                }
                let rate = median(&mut rates).ok_or_else(|| {
                    SynthError::MissingData(format!(
                        "{}: no council has {} for {y}",
                        self.timeseries.file,
                        flow.column(y)
                    ))
                })?;
                let base = match flow.base() {
                    None => active,
                    Some(b) => v[b.index()],
                };
                v[flow.index()] = rate * base;
            }
            flows.push(YearFlows::from_values(y, &v));
        }
        Ok(Calibration {
            source: format!(
                "median of the {n} English councils, DfE EHC plan statistics (SEN2) January {CENSUS_YEAR} and calendar years 2020-2024"
            ),
            la: None,
            active_plans: active.round() as u32,
            need_shares: NEED_COLUMNS.iter().map(|(_, t)| *t).zip(need).collect(),
            placement_shares: PlacementCategory::ALL.into_iter().zip(placement).collect(),
            age_shares: age,
            flows,
            notes: vec![format!(
                "Exampleshire is fictional: each share is the median of the {n} councils' shares, renormalised; each flow is the median rate times the median caseload"
            )],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::SenType;

    fn tables() -> DfeTables {
        DfeTables::embedded().unwrap()
    }

    fn code(n: u16) -> Option<LaCode> {
        Some(LaCode::new(n).unwrap())
    }

    #[test]
    fn bristol_uses_its_own_rows() {
        let cal = tables().calibrate(code(801)).unwrap();
        assert_eq!(cal.active_plans, 4931);
        let asd = cal
            .need_shares
            .iter()
            .find(|(t, _)| *t == Some(SenType::Asd))
            .unwrap()
            .1;
        assert!((asd - 1603.0 / 4931.0).abs() < 1e-12);
        let fe = cal.placement_share(PlacementCategory::GeneralFeTertiaryColleges);
        assert!((fe - 688.0 / 4931.0).abs() < 1e-12);
        assert!((cal.age_shares[0] - 0.0).abs() < 1e-12);
        let y2024 = cal.year(2024).unwrap();
        assert_eq!(y2024.requests_received, 1605.0);
        assert_eq!(y2024.within_20wk_excl_exc, 118.0);
        // 2020 ceased plans come from the aggregate return's reasons.
        assert_eq!(cal.year(2020).unwrap().ceased, 317.0);
        assert!(cal.notes.is_empty(), "{:?}", cal.notes);
        for shares in [
            cal.need_shares.iter().map(|s| s.1).sum::<f64>(),
            cal.placement_shares.iter().map(|s| s.1).sum::<f64>(),
            cal.age_shares.iter().sum::<f64>(),
        ] {
            assert!((shares - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn blank_cells_fall_back_to_the_region() {
        let t = tables();
        // Cambridgeshire could not return placements in January 2025.
        let cal = t.calibrate(code(873)).unwrap();
        assert!(
            cal.notes
                .iter()
                .any(|n| n.contains("placements") && n.contains("East of England")),
            "{:?}",
            cal.notes
        );
        // Hackney's 2023 flows are blank.
        let cal = t.calibrate(code(204)).unwrap();
        assert!(
            cal.notes
                .iter()
                .any(|n| n.contains("2023") && n.contains("London")),
            "{:?}",
            cal.notes
        );
        assert!(cal.year(2023).unwrap().requests_received > 0.0);
        // Dorset classed every 2024 plan as an exception: its rate excluding exceptions is
        // blank, so that year's excluding-exceptions figures come from the South West.
        let cal = t.calibrate(code(838)).unwrap();
        let y = cal.year(2024).unwrap();
        assert_eq!(y.plans_issued_incl_exc, 585.0);
        assert!(y.plans_issued_excl_exc > 0.0 && y.within_20wk_rate_excl_exc().is_some());
        assert!(
            cal.notes.iter().any(|n| n.contains("exception")),
            "{:?}",
            cal.notes
        );
        assert!(
            cal.notes.iter().any(
                |n| n.contains("plans_issued_within_20wk_excl_exc") && n.contains("South West")
            ),
            "{:?}",
            cal.notes
        );
        // Cumberland did not exist before 2023.
        let cal = t.calibrate(code(942)).unwrap();
        assert!(cal.year(2020).unwrap().ceased > 0.0);
        assert!(
            cal.notes.iter().any(|n| n.contains("2020")),
            "{:?}",
            cal.notes
        );
    }

    #[test]
    fn median_council_is_shaped_on_medians() {
        let cal = tables().calibrate(None).unwrap();
        assert_eq!(cal.la, None);
        assert_eq!(cal.active_plans, 3267);
        let sum: f64 = cal.placement_shares.iter().map(|s| s.1).sum();
        assert!((sum - 1.0).abs() < 1e-9);
        let y = cal.year(2024).unwrap();
        let rate = y.within_20wk_rate_excl_exc().unwrap();
        assert!((0.2..0.8).contains(&rate), "{rate}");
        assert!(y.requests_received > y.plans_issued_incl_exc);
    }

    #[test]
    fn unknown_council_is_a_clear_error() {
        let e = tables().calibrate(code(123)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--like 123: no English council has DfE code 123 (e.g. 801 is Bristol, City of)"
        );
    }

    #[test]
    fn every_council_calibrates() {
        let t = tables();
        for la in t.local_authorities() {
            let cal = t.calibrate(Some(la.code)).unwrap();
            assert_eq!(cal.flows.len(), 5, "{}", la.name);
            for f in &cal.flows {
                assert!(
                    f.plans_issued_excl_exc <= f.plans_issued_incl_exc + 1e-9,
                    "{}",
                    la.name
                );
                assert!(f.ceased >= 0.0 && f.requests_received >= 0.0, "{}", la.name);
            }
        }
    }
}
