//! Income to the high needs block in a year: the allocation, transfers from other blocks, and
//! anything else.
//!
//! `reference/funding.md`, "Block transfers and the deficit": a council may move up to 0.5% of
//! its schools block to the high needs block with Schools Forum approval; above 0.5%, or
//! without approval, it asks the Secretary of State (a disapplication). A transfer therefore
//! records the forum's approval (its reference and date), and the schools block and percentage
//! it came from where they are known, so the page can say when a disapplication is needed.

use chrono::NaiveDate;

use crate::codes::code_enum;
use crate::error::FieldError;
use crate::money::Pence;

code_enum! {
    /// Where a piece of high needs income comes from.
    pub enum IncomeKind: field "kind" {
        HighNeedsAllocation = "high_needs_allocation"
            => "High needs block allocation (DSG)",
        BlockTransfer = "block_transfer"
            => "Transfer from the schools block or another block",
        Other = "other" => "Other income",
    }
}

/// The most of its schools block a council may move with only the forum's approval: 0.5%,
/// in hundredths of a percent.
pub const FORUM_LIMIT_BASIS_POINTS: i64 = 50;

/// A transfer into the high needs block and the approval it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockTransfer {
    /// The forum's decision (minute or paper) approving it.
    pub approval_reference: String,
    pub approved_on: NaiveDate,
    /// The schools block it came from, if given.
    pub schools_block: Option<Pence>,
    /// The share of that block, in hundredths of a percent (0.5% is 50), if given.
    pub basis_points: Option<i64>,
}

/// One piece of income for the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomeItem {
    pub kind: IncomeKind,
    pub description: String,
    pub amount: Pence,
    /// Present exactly when `kind` is [`IncomeKind::BlockTransfer`].
    pub transfer: Option<BlockTransfer>,
}

impl IncomeItem {
    /// Whether the transfer is beyond what the forum alone may approve: more than 0.5% of the
    /// schools block, by the percentage given or by the amount against the block given.
    #[must_use]
    pub fn needs_disapplication(&self) -> bool {
        let Some(t) = &self.transfer else {
            return false;
        };
        let by_share = t
            .basis_points
            .is_some_and(|bp| bp > FORUM_LIMIT_BASIS_POINTS);
        // Against 0.5% of the block rounded to the penny as the amount itself is, so the
        // amount worked out from a 0.5% share is within the limit.
        let by_amount = t
            .schools_block
            .is_some_and(|block| self.amount > block.pro_rata(FORUM_LIMIT_BASIS_POINTS, 10_000));
        by_share || by_amount
    }
}

/// Income as typed into the form, every field as text.
#[derive(Debug, Clone, Default)]
pub struct NewIncome {
    pub kind: String,
    pub description: String,
    /// Pounds; for a transfer it may be left empty when the schools block and percentage are
    /// given, and is then worked out from them.
    pub amount: String,
    pub approval_reference: String,
    /// `YYYY-MM-DD`.
    pub approved_on: String,
    pub schools_block: String,
    /// A percentage such as `0.5`, at most two decimal places.
    pub percentage: String,
}

/// Reads a percentage with at most two decimal places into hundredths of a percent.
///
/// # Errors
/// When it is not a number from 0 to 100 with at most two decimal places.
pub fn parse_percentage(text: &str) -> Result<i64, FieldError> {
    let text = text.trim().trim_end_matches('%').trim();
    let bad = || {
        FieldError::new(
            "percentage",
            format!("enter the percentage as a number like 0.5, not '{text}'"),
        )
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty()
        || !digits(whole)
        || !digits(fraction)
        || fraction.len() > 2
        || whole.len() > 3
    {
        return Err(bad());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let fraction: i64 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
    let basis_points = whole * 100 + fraction;
    if basis_points > 10_000 {
        return Err(FieldError::new(
            "percentage",
            "the percentage must be 100 or less",
        ));
    }
    Ok(basis_points)
}

/// Shows hundredths of a percent as a percentage: 50 is `0.50%`.
#[must_use]
pub fn format_percentage(basis_points: i64) -> String {
    format!("{}.{:02}%", basis_points / 100, basis_points % 100)
}

impl NewIncome {
    /// Checks the whole form, reporting every problem at once, each naming its field.
    ///
    /// # Errors
    /// Every field that cannot be accepted.
    pub fn parse(&self) -> Result<IncomeItem, Vec<FieldError>> {
        let mut problems = Vec::new();
        let kind = IncomeKind::parse(&self.kind)
            .map_err(|_| FieldError::new("kind", "select where the income comes from"))
            .map_err(|e| problems.push(e))
            .ok();
        let description = self.description.trim().to_string();
        if description.is_empty() {
            problems.push(FieldError::new(
                "description",
                "enter a description of the income",
            ));
        } else if description.chars().count() > 200 {
            problems.push(FieldError::new(
                "description",
                "the description must be 200 characters or fewer",
            ));
        }
        let optional_amount =
            |text: &str, field: &'static str| -> Result<Option<Pence>, FieldError> {
                if text.trim().is_empty() {
                    return Ok(None);
                }
                text.parse::<Pence>()
                    .map(Some)
                    .map_err(|e| FieldError::new(field, e.problem))
            };
        let mut amount = optional_amount(&self.amount, "amount")
            .map_err(|e| problems.push(e))
            .ok()
            .flatten();
        let transfer = if kind == Some(IncomeKind::BlockTransfer) {
            self.transfer(&mut problems)
        } else {
            None
        };
        if amount.is_none()
            && let Some(BlockTransfer {
                schools_block: Some(block),
                basis_points: Some(bp),
                ..
            }) = &transfer
        {
            // The share of the block, rounded to the penny, halves away from zero.
            amount = Some(block.pro_rata(*bp, 10_000));
        }
        match amount {
            Some(a) if a == Pence::ZERO => {
                problems.push(FieldError::new("amount", "the amount must not be zero"));
            }
            None if !problems.iter().any(|p| p.field == "amount") => {
                problems.push(FieldError::new(
                    "amount",
                    if kind == Some(IncomeKind::BlockTransfer) {
                        "enter the amount, or the schools block and the percentage moved"
                    } else {
                        "enter the amount, like 1234.56"
                    },
                ));
            }
            _ => {}
        }
        match (kind, amount) {
            (Some(kind), Some(amount)) if problems.is_empty() => Ok(IncomeItem {
                kind,
                description,
                amount,
                transfer,
            }),
            _ => Err(problems),
        }
    }

    /// The transfer's approval and source, each problem added to `problems`.
    fn transfer(&self, problems: &mut Vec<FieldError>) -> Option<BlockTransfer> {
        let approval_reference = self.approval_reference.trim().to_string();
        if approval_reference.is_empty() {
            problems.push(FieldError::new(
                "approval_reference",
                "enter the reference of the Schools Forum's approval",
            ));
        }
        let approved_on = NaiveDate::parse_from_str(self.approved_on.trim(), "%Y-%m-%d");
        if approved_on.is_err() {
            problems.push(FieldError::new(
                "approved_on",
                if self.approved_on.trim().is_empty() {
                    "enter the date the forum approved the transfer"
                } else {
                    "the date of approval must be a real date"
                },
            ));
        }
        let schools_block = if self.schools_block.trim().is_empty() {
            None
        } else {
            match self.schools_block.parse::<Pence>() {
                Ok(p) if p.get() > 0 => Some(p),
                Ok(_) => {
                    problems.push(FieldError::new(
                        "schools_block",
                        "the schools block must be more than zero",
                    ));
                    None
                }
                Err(e) => {
                    problems.push(FieldError::new("schools_block", e.problem));
                    None
                }
            }
        };
        let basis_points = if self.percentage.trim().is_empty() {
            None
        } else {
            parse_percentage(&self.percentage)
                .map_err(|e| problems.push(e))
                .ok()
        };
        Some(BlockTransfer {
            approval_reference,
            approved_on: approved_on.ok()?,
            schools_block,
            basis_points,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transfer(amount: &str, block: &str, percentage: &str) -> NewIncome {
        NewIncome {
            kind: "block_transfer".into(),
            description: "0.5% of the schools block".into(),
            amount: amount.into(),
            approval_reference: "SF-2026-03 item 5".into(),
            approved_on: "2026-01-15".into(),
            schools_block: block.into(),
            percentage: percentage.into(),
        }
    }

    #[test]
    fn a_transfer_works_out_its_amount_from_the_block_and_share() {
        let item = transfer("", "£312,456,789.00", "0.5").parse().unwrap();
        // £312,456,789 × 0.5% = £1,562,283.945 → £1,562,283.95 (half away from zero).
        assert_eq!(item.amount, Pence(156_228_395));
        let t = item.transfer.as_ref().unwrap();
        assert_eq!(t.basis_points, Some(50));
        assert!(!item.needs_disapplication());
        let more = transfer("2000000", "312456789", "").parse().unwrap();
        assert!(more.needs_disapplication());
        assert!(transfer("", "", "0.75").parse().is_err());
        assert!(
            transfer("10", "", "0.75")
                .parse()
                .unwrap()
                .needs_disapplication()
        );
    }

    #[test]
    fn every_problem_names_its_field() {
        let bad = NewIncome {
            kind: "block_transfer".into(),
            amount: "12.345".into(),
            approved_on: "2026-02-30".into(),
            schools_block: "-5".into(),
            percentage: "0.555".into(),
            ..Default::default()
        };
        let fields: Vec<&str> = bad.parse().unwrap_err().iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "description",
                "amount",
                "approval_reference",
                "approved_on",
                "schools_block",
                "percentage"
            ]
        );
        let none = NewIncome::default().parse().unwrap_err();
        let fields: Vec<&str> = none.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["kind", "description", "amount"]);
    }

    #[test]
    fn an_allocation_needs_no_approval() {
        let item = NewIncome {
            kind: "high_needs_allocation".into(),
            description: "2026-27 high needs allocation".into(),
            amount: "£61,234,000".into(),
            approval_reference: "ignored".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(item.amount, Pence::from_pounds(61_234_000));
        assert_eq!(item.transfer, None);
    }

    #[test]
    fn percentages_have_two_places_at_most() {
        assert_eq!(parse_percentage("0.5"), Ok(50));
        assert_eq!(parse_percentage("0.5%"), Ok(50));
        assert_eq!(parse_percentage("1"), Ok(100));
        assert_eq!(parse_percentage(".25"), Ok(25));
        assert!(parse_percentage("0.125").is_err());
        assert!(parse_percentage("abc").is_err());
        assert!(parse_percentage("101").is_err());
        assert_eq!(format_percentage(50), "0.50%");
    }
}
