//! The band matrix: a level for each area of need, scored into a band with an annual amount
//! (`reference/funding.md`, "Deciding a top-up", shape 2).
//!
//! A council describes its matrix as data ([`BandMatrix::from_json`], format in
//! docs/formats/topup.md): its areas of need, the levels a need may be judged at and what each
//! level scores, how the areas' scores combine (their sum or the highest), and its bands, each
//! from a score upwards, with an annual amount or none for "individual package". One council's
//! mainstream bands, for example, are £1,600, £3,100 and £4,500, then individual packages.
//!
//! The panel may override the band the scores give; funding.md requires it to record why, so an
//! override without a reason is refused. Where the band (calculated or chosen) is an individual
//! package, the panel gives the amount it agreed.

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{ModelError, ModelKind, ModelVersion, line_of, sha256_of_files, utf8};
use crate::{FieldError, Pence};

/// One area of need, such as communication and interaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// The key a request uses, such as `communication_and_interaction`.
    pub id: String,
    /// The heading shown.
    pub label: String,
}

/// A level a need may be judged at, and what it scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// The level, as a request gives it.
    pub level: u32,
    /// What the level means.
    pub label: String,
    /// Its score.
    pub score: u32,
}

/// How the areas' scores make one score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// The scores added up.
    Sum,
    /// The highest score of any area.
    Highest,
}

/// A band: from a score upwards (to the next band), with its annual amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The band's name, such as `2`.
    pub band: String,
    /// What the band is, if the council names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The lowest score in the band.
    pub from_score: u32,
    /// The annual top-up; `None` for an individual package the panel costs.
    #[serde(rename = "annual_pence")]
    pub annual: Option<Pence>,
}

/// A council's band matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BandMatrix {
    version: ModelVersion,
    areas: Vec<Area>,
    levels: Vec<Level>,
    scoring: Scoring,
    bands: Vec<Band>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatrix {
    id: String,
    version: String,
    areas: Vec<Area>,
    levels: Vec<Level>,
    scoring: Scoring,
    bands: Vec<Band>,
}

/// A panel's decision to award another band than the scores give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelOverride {
    /// The band the panel awards.
    pub band: String,
    /// Why: required (funding.md).
    pub reason: String,
    /// The amount agreed, for a band that is an individual package (and only then).
    #[serde(
        default,
        rename = "annual_pence",
        skip_serializing_if = "Option::is_none"
    )]
    pub annual: Option<Pence>,
}

/// What a band matrix is asked: a level for every area, and the panel's override if any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandRequest {
    /// The level of each area, by area id.
    pub levels: BTreeMap<String, u32>,
    /// The panel's override.
    #[serde(default, rename = "override", skip_serializing_if = "Option::is_none")]
    pub panel_override: Option<PanelOverride>,
    /// For an individual package the scores reach without an override: the amount agreed.
    #[serde(
        default,
        rename = "individual_annual_pence",
        skip_serializing_if = "Option::is_none"
    )]
    pub individual_annual: Option<Pence>,
}

/// The outcome of a band matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BandDecision {
    /// Each area's score.
    pub scores: BTreeMap<String, u32>,
    /// The areas' scores combined.
    pub score: u32,
    /// The band the score falls in; `None` below the first band (no top-up).
    pub calculated_band: Option<String>,
    /// The band awarded: the panel's where it overrode, else the calculated one.
    pub band: Option<String>,
    /// The annual top-up; 0 below the first band; `None` for an individual package not yet
    /// costed.
    #[serde(rename = "annual_pence")]
    pub annual: Option<Pence>,
    /// Whether the band awarded is an individual package still to be costed.
    pub needs_individual_costing: bool,
    /// The panel's override, with its reason, as recorded.
    #[serde(rename = "override")]
    pub panel_override: Option<PanelOverride>,
}

impl BandMatrix {
    /// Reads a matrix from its JSON file; `file` names it in errors.
    ///
    /// # Errors
    /// Not UTF-8 JSON of the format, or a matrix that cannot be used: no areas, levels or bands,
    /// an area, level or band given twice, bands not in rising order of score, or a negative
    /// amount. The error names the file and, where it can, the line.
    pub fn from_json(file: &str, bytes: &[u8]) -> Result<Self, ModelError> {
        let text = utf8(file, bytes)?;
        let raw: RawMatrix = serde_json::from_str(text).map_err(|e| ModelError::json(file, &e))?;
        let at_nth = |name: &str, skip: usize, problem: String| {
            ModelError::at(file, line_of(text, name, skip), problem)
        };
        let at = |name: &str, problem: String| at_nth(name, 0, problem);
        for (field, value) in [("id", &raw.id), ("version", &raw.version)] {
            if value.trim().is_empty() {
                return Err(at(field, format!("{field} must not be empty")));
            }
        }
        for (field, empty) in [
            ("areas", raw.areas.is_empty()),
            ("levels", raw.levels.is_empty()),
            ("bands", raw.bands.is_empty()),
        ] {
            if empty {
                return Err(at(field, format!("{field} must list at least one")));
            }
        }
        let mut areas = HashSet::new();
        if let Some(a) = raw.areas.iter().find(|a| !areas.insert(&a.id)) {
            return Err(at_nth(&a.id, 1, format!("area {} is listed twice", a.id)));
        }
        let mut levels = HashSet::new();
        if let Some(l) = raw.levels.iter().find(|l| !levels.insert(l.level)) {
            return Err(at("levels", format!("level {} is listed twice", l.level)));
        }
        let mut bands = HashSet::new();
        if let Some(b) = raw.bands.iter().find(|b| !bands.insert(&b.band)) {
            return Err(at_nth(
                &b.band,
                1,
                format!("band {} is listed twice", b.band),
            ));
        }
        for pair in raw.bands.windows(2) {
            if pair[1].from_score <= pair[0].from_score {
                return Err(at(
                    &pair[1].band,
                    format!(
                        "band {} must start at a higher score than band {} ({})",
                        pair[1].band, pair[0].band, pair[0].from_score
                    ),
                ));
            }
        }
        if let Some(b) = raw
            .bands
            .iter()
            .find(|b| b.annual.is_some_and(Pence::is_negative))
        {
            return Err(at(
                &b.band,
                format!("band {}'s amount must not be negative", b.band),
            ));
        }
        let sha256 = sha256_of_files([(file, bytes)]);
        Ok(Self {
            version: ModelVersion {
                kind: ModelKind::BandMatrix,
                id: raw.id,
                version: raw.version,
                sha256,
            },
            areas: raw.areas,
            levels: raw.levels,
            scoring: raw.scoring,
            bands: raw.bands,
        })
    }

    /// Which model and version this is.
    #[must_use]
    pub fn version(&self) -> &ModelVersion {
        &self.version
    }

    /// The areas of need.
    #[must_use]
    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    /// The levels and their scores.
    #[must_use]
    pub fn levels(&self) -> &[Level] {
        &self.levels
    }

    /// How scores combine.
    #[must_use]
    pub fn scoring(&self) -> Scoring {
        self.scoring
    }

    /// The bands, lowest first.
    #[must_use]
    pub fn bands(&self) -> &[Band] {
        &self.bands
    }

    /// The band a score falls in: the last band starting at or below it.
    #[must_use]
    pub fn band_for(&self, score: u32) -> Option<&Band> {
        self.bands.iter().rev().find(|b| b.from_score <= score)
    }

    fn band(&self, name: &str) -> Option<&Band> {
        self.bands.iter().find(|b| b.band == name)
    }

    /// Scores a request into a band and applies the panel's override.
    ///
    /// # Errors
    /// Every problem at once: an area without a level, an area or level the matrix does not
    /// have, an override without a reason or to a band that does not exist, an amount for a
    /// band that has its own, or a negative amount.
    pub fn decide(&self, request: &BandRequest) -> Result<BandDecision, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut scores = BTreeMap::new();
        for area in &self.areas {
            match request.levels.get(&area.id) {
                None => problems.push(FieldError::new(
                    "levels",
                    format!("give a level for {} ({})", area.id, area.label),
                )),
                Some(&level) => match self.levels.iter().find(|l| l.level == level) {
                    Some(l) => {
                        scores.insert(area.id.clone(), l.score);
                    }
                    None => problems.push(FieldError::new(
                        "levels",
                        format!("{}: {level} is not a level of the matrix", area.id),
                    )),
                },
            }
        }
        for area in request.levels.keys() {
            if !self.areas.iter().any(|a| &a.id == area) {
                problems.push(FieldError::new(
                    "levels",
                    format!("{area} is not an area of need of the matrix"),
                ));
            }
        }
        let score = match self.scoring {
            Scoring::Sum => scores.values().sum(),
            Scoring::Highest => scores.values().copied().max().unwrap_or(0),
        };
        let calculated = self.band_for(score);
        let awarded = match &request.panel_override {
            None => calculated,
            Some(o) => {
                if o.reason.trim().is_empty() {
                    problems.push(FieldError::new(
                        "override",
                        "the panel must record why it overrides the band",
                    ));
                }
                let band = self.band(&o.band);
                if band.is_none() {
                    problems.push(FieldError::new(
                        "override",
                        format!("{} is not a band of the matrix", o.band),
                    ));
                }
                band
            }
        };
        let agreed = match &request.panel_override {
            Some(o) => o.annual,
            None => request.individual_annual,
        };
        if agreed.is_some_and(Pence::is_negative) {
            problems.push(FieldError::new(
                "annual_pence",
                "an amount must not be negative",
            ));
        }
        if let (Some(band), Some(_)) = (awarded.filter(|b| b.annual.is_some()), agreed) {
            problems.push(FieldError::new(
                "annual_pence",
                format!(
                    "band {} has its own amount; an amount is given only for an individual package",
                    band.band
                ),
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let annual = match awarded {
            None => Some(Pence::ZERO),
            Some(band) => band.annual.or(agreed),
        };
        Ok(BandDecision {
            scores,
            score,
            calculated_band: calculated.map(|b| b.band.clone()),
            band: awarded.map(|b| b.band.clone()),
            annual,
            needs_individual_costing: annual.is_none(),
            panel_override: request.panel_override.clone(),
        })
    }
}
