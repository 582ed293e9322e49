//! Mitigations in a DSG management plan (issue 7, point 4): a named change to how many children
//! join, leave or move between settings, to what a setting costs, or to its places, from a
//! date, with its theme, owner and RAG rating, as the template's workstream log keeps them
//! (`reference/funding.md`, "Block transfers and the deficit"; `reference/governance.md`).
//!
//! The form is read here ([`NewMitigation::parse`]), every problem naming its field; the change
//! itself is the forecast's ([`crate::forecast::Mitigation`]), applied to the council's own
//! forecast, whose settings are the DfE placement categories.

use chrono::NaiveDate;

use crate::codes::code_enum;
use crate::error::FieldError;
use crate::forecast::{Change, Flow, Mitigation};
use crate::governance::rag::Rag;
use crate::high_needs::budget::income::parse_percentage;
use crate::placement::PlacementCategory;

code_enum! {
    /// The template's two themes of mitigation.
    pub enum Theme: field "theme" {
        Demand = "demand" => "Demand management",
        Supply = "supply" => "Supply management",
    }
}

code_enum! {
    /// What a mitigation changes.
    pub enum ChangeKind: field "change" {
        Joiners = "joiners" => "New plans into the setting",
        Leavers = "leavers" => "Plans ending from the setting",
        MoversIn = "movers_in" => "Moves into the setting",
        MoversOut = "movers_out" => "Moves out of the setting",
        Cost = "cost" => "What a place in the setting costs",
        Capacity = "capacity" => "Places in the setting",
    }
}

/// A mitigation as the council records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MitigationPlan {
    pub name: String,
    pub theme: Theme,
    pub owner: String,
    pub rag: Rag,
    pub kind: ChangeKind,
    pub setting: PlacementCategory,
    /// The change in hundredths of a percent, below zero for fewer or cheaper (rates and cost).
    pub basis_points: i64,
    /// At most this many children (capacity).
    pub places: Option<u64>,
    /// Where children over capacity go (capacity).
    pub excess_to: Option<PlacementCategory>,
    pub from: NaiveDate,
}

impl MitigationPlan {
    /// The change as the forecast applies it.
    #[must_use]
    pub fn to_forecast(&self) -> Mitigation {
        let settings = vec![self.setting.code().to_owned()];
        let factor = (10_000 + self.basis_points) as f64 / 10_000.0;
        let rate = |flow| Change::Rate {
            flow,
            settings: settings.clone(),
            needs: Vec::new(),
            factor,
        };
        let change = match self.kind {
            ChangeKind::Joiners => rate(Flow::Joiners),
            ChangeKind::Leavers => rate(Flow::Leavers),
            ChangeKind::MoversIn => rate(Flow::MoversIn),
            ChangeKind::MoversOut => rate(Flow::MoversOut),
            ChangeKind::Cost => Change::Cost {
                settings: settings.clone(),
                needs: Vec::new(),
                factor,
            },
            ChangeKind::Capacity => Change::Capacity {
                setting: self.setting.code().to_owned(),
                places: self.places.unwrap_or(0),
                excess_to: self
                    .excess_to
                    .map_or_else(String::new, |c| c.code().to_owned()),
            },
        };
        Mitigation {
            change,
            from: self.from,
        }
    }

    /// The change in words: "20.00% fewer: moves into the setting (Independent special school)
    /// from 1 September 2026".
    #[must_use]
    pub fn describe(&self) -> String {
        let what = match self.kind {
            ChangeKind::Capacity => format!(
                "at most {} places, the rest to {}",
                self.places.unwrap_or(0),
                self.excess_to.map_or("", PlacementCategory::label)
            ),
            _ => {
                let more = if self.basis_points < 0 {
                    "less"
                } else {
                    "more"
                };
                format!(
                    "{}.{:02}% {more}",
                    self.basis_points.abs() / 100,
                    self.basis_points.abs() % 100
                )
            }
        };
        format!(
            "{}: {what} ({}) from {}",
            self.kind.label(),
            self.setting.label(),
            self.from.format("%-d %B %Y")
        )
    }
}

/// The mitigation form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct NewMitigation {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub rag: String,
    #[serde(default)]
    pub change: String,
    #[serde(default)]
    pub setting: String,
    /// `decrease` or `increase`.
    #[serde(default)]
    pub direction: String,
    #[serde(default)]
    pub percentage: String,
    #[serde(default)]
    pub places: String,
    #[serde(default)]
    pub excess_to: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub from: String,
}

impl NewMitigation {
    /// Checks the whole form, reporting every problem at once, each naming its field.
    ///
    /// # Errors
    /// Every field that cannot be accepted.
    pub fn parse(&self) -> Result<MitigationPlan, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut text = |value: &str, field: &'static str, what: &str| {
            let value = value.trim().to_owned();
            if value.is_empty() {
                problems.push(FieldError::new(field, format!("enter {what}")));
            } else if value.chars().count() > 200 {
                problems.push(FieldError::new(
                    field,
                    format!("{what} must be 200 characters or fewer"),
                ));
            }
            value
        };
        let name = text(&self.name, "name", "a name for the mitigation");
        let owner = text(&self.owner, "owner", "who owns the mitigation");
        let theme = pick(
            &mut problems,
            Theme::parse(&self.theme),
            "theme",
            "the theme",
        );
        let rag = pick(&mut problems, Rag::parse(&self.rag), "rag", "a RAG rating");
        let kind = pick(
            &mut problems,
            ChangeKind::parse(&self.change),
            "change",
            "what changes",
        );
        let setting = pick(
            &mut problems,
            PlacementCategory::parse(&self.setting),
            "setting",
            "the setting",
        );
        let from = pick(
            &mut problems,
            self.from
                .trim()
                .parse::<NaiveDate>()
                .map_err(|_| FieldError::new("from", "")),
            "from",
            "the date it starts, as YYYY-MM-DD",
        );
        let (mut basis_points, mut places, mut excess_to) = (0, None, None);
        if kind == Some(ChangeKind::Capacity) {
            match self.places.trim().parse::<u64>() {
                Ok(p) => places = Some(p),
                Err(_) => problems.push(FieldError::new(
                    "places",
                    "enter the number of places as a whole number",
                )),
            }
            match PlacementCategory::parse(&self.excess_to) {
                Ok(c) if Some(c) != setting => excess_to = Some(c),
                Ok(_) => problems.push(FieldError::new(
                    "excess_to",
                    "select a different setting for children over capacity",
                )),
                Err(_) => problems.push(FieldError::new(
                    "excess_to",
                    "select where children over capacity go",
                )),
            }
        } else if kind.is_some() {
            match parse_percentage(&self.percentage) {
                Ok(bp) if bp > 0 => {
                    basis_points = match self.direction.as_str() {
                        "decrease" => -bp,
                        "increase" => bp,
                        _ => {
                            problems.push(FieldError::new(
                                "direction",
                                "select whether it is a decrease or an increase",
                            ));
                            0
                        }
                    };
                }
                Ok(_) => problems.push(FieldError::new("percentage", "enter a percentage above 0")),
                Err(e) => problems.push(FieldError::new("percentage", e.problem)),
            }
        }
        match (theme, rag, kind, setting, from) {
            (Some(theme), Some(rag), Some(kind), Some(setting), Some(from))
                if problems.is_empty() =>
            {
                Ok(MitigationPlan {
                    name,
                    theme,
                    owner,
                    rag,
                    kind,
                    setting,
                    basis_points,
                    places,
                    excess_to,
                    from,
                })
            }
            _ => Err(problems),
        }
    }
}

/// The value of `result`, or none with a problem asking to select `what` on `field`.
fn pick<T>(
    problems: &mut Vec<FieldError>,
    result: Result<T, FieldError>,
    field: &'static str,
    what: &str,
) -> Option<T> {
    result
        .map_err(|_| problems.push(FieldError::new(field, format!("select {what}"))))
        .ok()
}
