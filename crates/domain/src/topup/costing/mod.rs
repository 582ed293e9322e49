//! Needs and provision costing: Bristol City Council's open top-up model, run exactly as
//! published (`reference/funding-bristol.md`; data in `shared/data/bristol-topup`).
//!
//! The model has three parts, each loaded from the council's JSON files as they are ([`load`]):
//!
//! - **Needs**: 4 areas, 10 sub-areas, and in each sub-area need statements in groups. A
//!   statement has a level: Expected, Targeted, or Blocks A, B and C ([`NeedLevel`]). The SENCO
//!   chooses at most one statement in a group, and never an Expected one (§2.1). A sub-area's
//!   level is the highest level chosen in it, over all its sub-categories (§2.2).
//! - **Provisions**: each has a level (A, B or C), fixed weekly hours and a funding code. A
//!   sub-area offers the provisions of the types its visibility lookup lists whose level its
//!   need level reaches: A offers A; B offers A and B; C offers all three. Targeted and Expected
//!   offer none (§1.5, §2.2).
//! - **Funding codes** ([`FundingCode`]): an hourly rate, a weekly cap on the hours of the code
//!   and a total weekly cap on all hours (§1.4).
//!
//! [`price`] costs a [`Package`] (the statements and provisions chosen) under the rules of
//! §3 and funding.md's "Decisions for Highneeds".

mod load;
mod package;
mod positions;
mod price;
mod raw;

#[cfg(test)]
mod cases;
#[cfg(test)]
mod cases_bristol;
#[cfg(test)]
mod props;
#[cfg(test)]
mod real_data;
#[cfg(test)]
mod testing;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

pub use load::{PUBLISHED_FOLDERS, SourceFile, load};
pub use package::{Choice, NeedsChange, Package};
pub use price::{Breach, Cap, Duplicate, Line, Pricing, price};

use super::{FundedWeeks, Hours, ModelVersion};
use crate::{FieldError, Pence};

/// The level of a need statement, and so of a sub-area: Expected < Targeted < A < B < C.
///
/// Bristol writes them `e`, `t`, `a`, `b` and `c` in the data and calls A, B and C "Blocks";
/// the level letter is deliberately not shown to SENCOs (funding-bristol.md §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NeedLevel {
    /// What most pupils of the age show; described, never chosen.
    Expected,
    /// Needs met from ordinarily available provision; unlocks no provision.
    Targeted,
    /// Block A.
    A,
    /// Block B.
    B,
    /// Block C, the highest.
    C,
}

impl NeedLevel {
    /// The level of a letter as the data writes it (`e`, `t`, `a`, `b`, `c`), in either case.
    #[must_use]
    pub fn from_letter(letter: &str) -> Option<Self> {
        match letter {
            "e" | "E" => Some(Self::Expected),
            "t" | "T" => Some(Self::Targeted),
            "a" | "A" => Some(Self::A),
            "b" | "B" => Some(Self::B),
            "c" | "C" => Some(Self::C),
            _ => None,
        }
    }

    /// The upper-case letter: `E`, `T`, `A`, `B` or `C`.
    #[must_use]
    pub const fn letter(self) -> &'static str {
        match self {
            Self::Expected => "E",
            Self::Targeted => "T",
            Self::A => "A",
            Self::B => "B",
            Self::C => "C",
        }
    }

    /// Whether a sub-area at this level offers a provision of `level` (funding-bristol.md §1.5):
    /// A offers A; B offers A and B; C offers A, B and C; Targeted and Expected offer nothing.
    #[must_use]
    pub const fn offers(self, level: ProvisionLevel) -> bool {
        matches!(
            (self, level),
            (Self::A, ProvisionLevel::A)
                | (Self::B, ProvisionLevel::A | ProvisionLevel::B)
                | (Self::C, _)
        )
    }

    /// Whether the sub-area's provision page opens at this level: at A, B and C; at Targeted
    /// and Expected needs are met with ordinarily available provision (funding-bristol.md §2.2).
    #[must_use]
    pub const fn opens_provision(self) -> bool {
        self.offers(ProvisionLevel::A)
    }

    /// The highest of some levels, or `None` for none (funding-bristol.md §2.2).
    #[must_use]
    pub fn highest(levels: impl IntoIterator<Item = Self>) -> Option<Self> {
        levels.into_iter().max()
    }
}

impl FromStr for NeedLevel {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_letter(s.trim()).ok_or_else(|| {
            FieldError::new(
                "need_level",
                format!("'{s}' is not a need level: use E, T, A, B or C"),
            )
        })
    }
}

impl fmt::Display for NeedLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.letter())
    }
}

impl Serialize for NeedLevel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.letter())
    }
}

/// The lowest need level at which a provision is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProvisionLevel {
    /// Offered from Block A.
    A,
    /// Offered from Block B.
    B,
    /// Offered at Block C only.
    C,
}

impl ProvisionLevel {
    /// The letter: `A`, `B` or `C`.
    #[must_use]
    pub const fn letter(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
            Self::C => "C",
        }
    }
}

/// A sub-area of need: one needs page, and the unit that has a level and offers provisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubArea {
    /// `subAreaId`, such as `expressiveCommunication`.
    pub id: String,
    /// `subAreaNumber`, 1 to 10 in Bristol's data.
    pub number: u32,
    /// `subAreaLabel`, as published.
    pub label: String,
    /// `areaId`, such as `communicationAndInteraction`; the area is only a heading.
    pub area_id: String,
    /// `areaNumber`.
    pub area_number: u32,
    /// `areaLabel`, as published.
    pub area_label: String,
    /// The provision type ids the sub-area shows, in display order (its visibility lookup).
    pub shows: Vec<String>,
}

/// One need statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedStatement {
    /// `statementNumber`, such as `A1SA1SC1SG1STB2`.
    pub id: String,
    /// `statementGroupNumber`: at most one statement of a group may be chosen.
    pub group: String,
    /// `subCategoryId`.
    pub sub_category: String,
    /// `subCategoryLabel`, as published.
    pub sub_category_label: String,
    /// `statementLabel`, as published.
    pub label: String,
    /// `statementLevel`.
    pub level: NeedLevel,
    /// The sub-area's id.
    pub sub_area: String,
}

/// One provision a SENCO may tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provision {
    /// `provisionStatementId`, such as `PCID3_PTID3-1_PS4`.
    pub id: String,
    /// `provisionTypeId`, such as `PTID3-1`: a sub-area's lookup lists types.
    pub type_id: String,
    /// `provisionTypeLabel`.
    pub type_label: String,
    /// `provisionGroupId`, such as `PCID3`.
    pub group_id: String,
    /// `provisionGroup` label, as published.
    pub group_label: String,
    /// `specificProvision`: the text the SENCO reads.
    pub text: String,
    /// `level`.
    pub level: ProvisionLevel,
    /// `code`: the funding code that sets the rate and caps.
    pub code: String,
    /// The hours a week counted for funding; `""` and `"bespoke"` count as 0 (§3.1).
    pub weekly_hours: Hours,
    /// `hoursPerWeek` exactly as published.
    pub weekly_hours_as_published: String,
}

/// A funding code: the rate and the caps of the provisions that carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingCode {
    /// `Type`: the code letter.
    pub code: String,
    /// `Description`, as published.
    pub description: String,
    /// `CostPerHour`; `None` where the data leaves it blank (Bristol's code Q, "individually
    /// costed"): the panel sets a cost (funding.md, "Decisions for Highneeds").
    pub hourly_rate: Option<Pence>,
    /// `WeeklyCapInHoursForThisType`: the most hours a week of this code together; `None` for no
    /// cap (§3.4).
    pub code_weekly_cap: Option<Hours>,
    /// `WeeklyCapInHoursForDifferentTypes`: the total weekly cap this code sets, if any (§3.5).
    pub total_weekly_cap: Option<Hours>,
    /// `HnbBudget`: the high needs budget note, as published.
    pub hnb_budget: String,
}

/// A needs and provision costing model, as loaded from a council's files.
#[derive(Debug, Clone)]
pub struct CostingModel {
    version: ModelVersion,
    sub_areas: Vec<SubArea>,
    statements: Vec<NeedStatement>,
    provisions: Vec<Provision>,
    codes: BTreeMap<String, FundingCode>,
    sub_area_by_id: HashMap<String, usize>,
    statement_by_id: HashMap<String, usize>,
    provision_by_id: HashMap<String, usize>,
    positions: positions::Positions,
}

impl CostingModel {
    /// The total weekly cap where no code in a package sets one: 32 hours, the published app's
    /// default (funding-bristol.md §3.5; funding.md, "Decisions for Highneeds").
    pub const DEFAULT_TOTAL_WEEKLY_CAP: Hours = Hours::from_whole(32);

    /// The weeks a year's amount pays for: 45.5 (funding-bristol.md §3.1).
    pub const FUNDED_WEEKS: FundedWeeks = FundedWeeks::BRISTOL;

    /// Which model and version this is.
    #[must_use]
    pub fn version(&self) -> &ModelVersion {
        &self.version
    }

    /// The sub-areas, in `subAreaNumber` order.
    #[must_use]
    pub fn sub_areas(&self) -> &[SubArea] {
        &self.sub_areas
    }

    /// Every need statement, sub-area by sub-area, in the published order.
    #[must_use]
    pub fn statements(&self) -> &[NeedStatement] {
        &self.statements
    }

    /// Every provision, group by group (in the groups' numeric `id` order, as the app sorts
    /// them), then in the published order.
    #[must_use]
    pub fn provisions(&self) -> &[Provision] {
        &self.provisions
    }

    /// The funding codes, by code.
    #[must_use]
    pub fn codes(&self) -> &BTreeMap<String, FundingCode> {
        &self.codes
    }

    /// A sub-area by its id.
    #[must_use]
    pub fn sub_area(&self, id: &str) -> Option<&SubArea> {
        self.sub_area_by_id.get(id).map(|&i| &self.sub_areas[i])
    }

    /// A need statement by its id.
    #[must_use]
    pub fn statement(&self, id: &str) -> Option<&NeedStatement> {
        self.statement_by_id.get(id).map(|&i| &self.statements[i])
    }

    /// A provision by its id.
    #[must_use]
    pub fn provision(&self, id: &str) -> Option<&Provision> {
        self.provision_by_id.get(id).map(|&i| &self.provisions[i])
    }

    /// A funding code by its letter.
    #[must_use]
    pub fn code(&self, code: &str) -> Option<&FundingCode> {
        self.codes.get(code)
    }

    /// The provisions a sub-area offers at a need level, in the order the page shows them: type
    /// by type in the lookup's order, each type's provisions in published order (§1.5). `None`
    /// for an unknown sub-area; empty at Targeted or Expected.
    #[must_use]
    pub fn offered(&self, sub_area: &str, level: NeedLevel) -> Option<Vec<&Provision>> {
        let sub_area = self.sub_area(sub_area)?;
        Some(
            sub_area
                .shows
                .iter()
                .flat_map(|type_id| {
                    self.provisions
                        .iter()
                        .filter(move |p| &p.type_id == type_id && level.offers(p.level))
                })
                .collect(),
        )
    }

    /// The level of each sub-area with a statement among `chosen`: the highest level chosen in
    /// it (§2.2). Ids the model does not hold are passed over; [`price`] reports them.
    #[must_use]
    pub fn need_levels<'a>(
        &self,
        chosen: impl IntoIterator<Item = &'a str>,
    ) -> BTreeMap<String, NeedLevel> {
        let mut levels = BTreeMap::<String, NeedLevel>::new();
        for statement in chosen.into_iter().filter_map(|id| self.statement(id)) {
            match levels.get_mut(&statement.sub_area) {
                Some(level) => *level = (*level).max(statement.level),
                None => {
                    levels.insert(statement.sub_area.clone(), statement.level);
                }
            }
        }
        levels
    }
}
