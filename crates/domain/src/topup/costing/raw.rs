//! The shapes of the published JSON files, and readers for their values.
//!
//! Every value is read as the published app reads it (funding-bristol.md §1.4, §3.1): numbers
//! arrive as strings and `""` means absent; `hoursPerWeek` of `""` or `"bespoke"` counts as 0.
//! Each value the rules use is checked inside the JSON reader, so a bad one is reported at its
//! own line. Cosmos metadata (`_rid`, `_ts`, ...) and documentation fields are not read.

use std::fmt::Display;
use std::str::FromStr;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::{NeedLevel, ProvisionLevel};
use crate::Pence;
use crate::topup::Hours;

/// No provision or cap may exceed the hours in a week; this also keeps every sum far from
/// overflowing.
const HOURS_IN_A_WEEK: Hours = Hours::from_whole(168);

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawNeeds {
    #[serde(deserialize_with = "count")]
    pub(super) area_number: u32,
    pub(super) area_id: String,
    pub(super) area_label: String,
    #[serde(deserialize_with = "count")]
    pub(super) sub_area_number: u32,
    pub(super) sub_area_id: String,
    pub(super) sub_area_label: String,
    pub(super) sub_category: Vec<RawSubCategory>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawSubCategory {
    pub(super) sub_category_id: String,
    pub(super) sub_category_label: String,
    pub(super) statement_group: Vec<RawGroup>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawGroup {
    pub(super) statement_group_number: String,
    pub(super) statements: Vec<RawStatement>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawStatement {
    pub(super) statement_number: String,
    pub(super) statement_label: String,
    #[serde(deserialize_with = "need_level")]
    pub(super) statement_level: NeedLevel,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawProvisionGroup {
    #[serde(deserialize_with = "count")]
    pub(super) id: u32,
    pub(super) provision_group: String,
    pub(super) provision_group_id: String,
    pub(super) provisions_type: Vec<RawType>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawType {
    pub(super) provision_type_label: String,
    pub(super) provisions: Vec<RawProvision>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawProvision {
    pub(super) provision_statement_id: String,
    pub(super) provision_type_id: String,
    pub(super) specific_provision: String,
    #[serde(deserialize_with = "provision_level")]
    pub(super) level: ProvisionLevel,
    pub(super) code: String,
    #[serde(deserialize_with = "weekly_hours")]
    pub(super) hours_per_week: (Hours, String),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawLookup {
    pub(super) sub_area_id: String,
    /// Despite the name, provision *type* ids, comma separated (§1.5).
    pub(super) provision_groups: String,
}

#[derive(Deserialize)]
pub(super) struct RawCode {
    #[serde(rename = "Type")]
    pub(super) code: String,
    #[serde(rename = "Description", default)]
    pub(super) description: String,
    #[serde(rename = "CostPerHour", deserialize_with = "rate")]
    pub(super) rate: Option<Pence>,
    #[serde(rename = "HnbBudget", default)]
    pub(super) hnb_budget: String,
    #[serde(rename = "WeeklyCapInHoursForThisType", deserialize_with = "cap")]
    pub(super) code_cap: Option<Hours>,
    #[serde(rename = "WeeklyCapInHoursForDifferentTypes", deserialize_with = "cap")]
    pub(super) total_cap: Option<Hours>,
}

/// A whole number written as a JSON number or a string of digits (`"4"`), as the data mixes
/// both.
fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    struct Count;
    impl Visitor<'_> for Count {
        type Value = u32;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<u32, E> {
            u32::try_from(n).map_err(|_| E::custom(format!("{n} is too large")))
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<u32, E> {
            s.parse()
                .map_err(|_| E::custom(format!("'{s}' is not a whole number")))
        }
    }
    d.deserialize_any(Count)
}

/// Reads a string and parses it with `parse`. The parse runs inside the JSON reader's visit of
/// the string, so a bad value is reported at its own line rather than at the end of the object
/// around it.
fn parsed<'de, D, T, E, F>(d: D, parse: F) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    E: Display,
    F: FnOnce(&str) -> Result<T, E>,
{
    struct Text<F>(F);
    impl<T, E: Display, F: FnOnce(&str) -> Result<T, E>> Visitor<'_> for Text<F> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<Error: de::Error>(self, s: &str) -> Result<T, Error> {
            (self.0)(s).map_err(Error::custom)
        }
    }
    d.deserialize_str(Text(parse))
}

fn need_level<'de, D: Deserializer<'de>>(d: D) -> Result<NeedLevel, D::Error> {
    // The data writes levels in lower case; the app lower-cases nothing, so neither do we.
    parsed(d, |s| match s {
        "e" => Ok(NeedLevel::Expected),
        "t" => Ok(NeedLevel::Targeted),
        "a" => Ok(NeedLevel::A),
        "b" => Ok(NeedLevel::B),
        "c" => Ok(NeedLevel::C),
        _ => Err(format!(
            "statementLevel must be one of e, t, a, b or c, not '{s}'"
        )),
    })
}

fn provision_level<'de, D: Deserializer<'de>>(d: D) -> Result<ProvisionLevel, D::Error> {
    parsed(d, |s| match s {
        "A" => Ok(ProvisionLevel::A),
        "B" => Ok(ProvisionLevel::B),
        "C" => Ok(ProvisionLevel::C),
        _ => Err(format!("level must be A, B or C, not '{s}'")),
    })
}

/// Hours within a week: a plain decimal from 0 to 168.
fn week_hours(field: &str, s: &str) -> Result<Hours, String> {
    let hours = Hours::from_str(s).map_err(|e| format!("{field}: {e}"))?;
    if hours > HOURS_IN_A_WEEK {
        return Err(format!("{field}: {s} is more hours than a week has"));
    }
    Ok(hours)
}

fn weekly_hours<'de, D: Deserializer<'de>>(d: D) -> Result<(Hours, String), D::Error> {
    // §3.1: the app counts "" and any text that is not a number as 0; the data uses only "" and
    // "bespoke" that way. Anything else that is not a number is refused here rather than
    // silently priced at nothing.
    parsed(d, |s| match s.trim() {
        "" | "bespoke" => Ok((Hours::ZERO, s.to_owned())),
        t => week_hours("hoursPerWeek", t).map(|h| (h, s.to_owned())),
    })
}

fn cap<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Hours>, D::Error> {
    // §1.4: an empty string is absent: no cap.
    parsed(d, |s| match s.trim() {
        "" => Ok(None),
        t => week_hours("weekly cap", t).map(Some),
    })
}

fn rate<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Pence>, D::Error> {
    // §3.8: an empty rate (code Q) means "individually costed".
    parsed(d, |s| match s.trim() {
        "" => Ok(None),
        t => match t.parse::<Pence>() {
            Ok(p) if !p.is_negative() => Ok(Some(p)),
            _ => Err(format!(
                "CostPerHour must be pounds and pence like 13.98, or empty, not '{s}'"
            )),
        },
    })
}
