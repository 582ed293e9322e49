//! The Dedicated Schools Grant's funding blocks, and what a finance officer records for the
//! three that are not the high needs block: each year's DSG allocation (after academy
//! recoupment) and planned expenditure, and the DSG balance brought forward at 1 April.
//!
//! The high needs block's figures come from its budget and the forecast (`super::dsg_finance`);
//! the schools, central school services and early years blocks are funded by formulae the
//! system does not model, so they are taken as the council's own figures. A block is recorded
//! whole or not at all for a year: an allocation without its expenditure would put the whole
//! allocation into the DSG's in-year position.

use crate::codes::code_enum;
use crate::error::FieldError;
use crate::money::Pence;

code_enum! {
    /// A block of the Dedicated Schools Grant, in the order the DSG management plan template
    /// lists them.
    pub enum FundingBlock: field "funding_block" {
        Schools = "schools" => "Schools block",
        CentralSchoolServices = "central_school_services" => "Central school services block",
        EarlyYears = "early_years" => "Early years block",
        HighNeeds = "high_needs" => "High needs block",
    }
}

impl FundingBlock {
    /// The blocks a finance officer records; the high needs block's figures come from its
    /// budget and forecast instead.
    pub const RECORDED: [Self; 3] = [Self::Schools, Self::CentralSchoolServices, Self::EarlyYears];

    /// The form field for the block's allocation.
    #[must_use]
    pub const fn allocation_field(self) -> &'static str {
        match self {
            Self::Schools => "schools_allocation",
            Self::CentralSchoolServices => "central_school_services_allocation",
            Self::EarlyYears => "early_years_allocation",
            Self::HighNeeds => "high_needs_allocation",
        }
    }

    /// The form field for the block's expenditure.
    #[must_use]
    pub const fn expenditure_field(self) -> &'static str {
        match self {
            Self::Schools => "schools_expenditure",
            Self::CentralSchoolServices => "central_school_services_expenditure",
            Self::EarlyYears => "early_years_expenditure",
            Self::HighNeeds => "high_needs_expenditure",
        }
    }

    /// The block's name inside a sentence: "the schools block".
    #[must_use]
    pub fn in_sentence(self) -> String {
        format!("the {}", self.label().to_lowercase())
    }
}

/// The form field for the DSG balance brought forward.
pub const BROUGHT_FORWARD_FIELD: &str = "brought_forward";

/// A block's figures for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockFigures {
    /// The DSG allocation, after academy recoupment.
    pub allocation: Pence,
    /// The planned (or, once the year is over, actual) expenditure.
    pub expenditure: Pence,
}

/// One block's figures as typed, in pounds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewBlockFigures {
    pub allocation: String,
    pub expenditure: String,
}

/// A year's figures as typed into the form: each recorded block's, and the balance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewDsgYear {
    /// Each block in [`FundingBlock::RECORDED`]; a block left out counts as left empty.
    pub blocks: Vec<(FundingBlock, NewBlockFigures)>,
    /// Pounds; below zero is a deficit. Empty when no balance is recorded.
    pub brought_forward: String,
}

/// A year's figures, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DsgYear {
    /// The blocks with figures, in [`FundingBlock::RECORDED`] order; a block not here has none
    /// for the year.
    pub blocks: Vec<(FundingBlock, BlockFigures)>,
    pub brought_forward: Option<Pence>,
}

impl NewDsgYear {
    /// Reads the form, every problem named by its field.
    ///
    /// # Errors
    /// Each amount that is not money; an allocation or expenditure below zero; a block with
    /// one of its two figures and not the other; the high needs block, whose figures come from
    /// its budget.
    pub fn parse(&self) -> Result<DsgYear, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut read = DsgYear::default();
        if let Some((block, _)) =
            (self.blocks.iter()).find(|(b, _)| !FundingBlock::RECORDED.contains(b))
        {
            problems.push(FieldError::new(
                block.allocation_field(),
                format!(
                    "{} comes from its budget and forecast, not this form",
                    block.in_sentence()
                ),
            ));
        }
        for block in FundingBlock::RECORDED {
            let typed = (self.blocks.iter())
                .rev()
                .find(|(b, _)| *b == block)
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            if let Some(figures) = block_figures(block, &typed, &mut problems) {
                read.blocks.push((block, figures));
            }
        }
        let balance = self.brought_forward.trim();
        if !balance.is_empty() {
            match balance.parse::<Pence>() {
                Ok(amount) => read.brought_forward = Some(amount),
                Err(e) => problems.push(FieldError::new(
                    BROUGHT_FORWARD_FIELD,
                    format!("the balance brought forward: {}", e.problem),
                )),
            }
        }
        if problems.is_empty() {
            Ok(read)
        } else {
            Err(problems)
        }
    }
}

/// One block's two figures, both or neither; `None` when neither was given or one is wrong.
fn block_figures(
    block: FundingBlock,
    typed: &NewBlockFigures,
    problems: &mut Vec<FieldError>,
) -> Option<BlockFigures> {
    let name = block.in_sentence();
    let amount =
        |text: &str, field: &'static str, what: &str, problems: &mut Vec<FieldError>| match text
            .parse::<Pence>(
        ) {
            Ok(a) if a.is_negative() => {
                problems.push(FieldError::new(
                    field,
                    format!("{what} for {name} must be zero or more"),
                ));
                None
            }
            Ok(a) => Some(a),
            Err(e) => {
                problems.push(FieldError::new(
                    field,
                    format!("{what} for {name}: {}", e.problem),
                ));
                None
            }
        };
    let (allocation, expenditure) = (typed.allocation.trim(), typed.expenditure.trim());
    match (allocation.is_empty(), expenditure.is_empty()) {
        (true, true) => None,
        (false, true) => {
            problems.push(FieldError::new(
                block.expenditure_field(),
                format!("enter the expenditure for {name} as well as its allocation, or neither"),
            ));
            amount(
                allocation,
                block.allocation_field(),
                "the allocation",
                problems,
            );
            None
        }
        (true, false) => {
            problems.push(FieldError::new(
                block.allocation_field(),
                format!("enter the allocation for {name} as well as its expenditure, or neither"),
            ));
            amount(
                expenditure,
                block.expenditure_field(),
                "the expenditure",
                problems,
            );
            None
        }
        (false, false) => {
            let a = amount(
                allocation,
                block.allocation_field(),
                "the allocation",
                problems,
            );
            let e = amount(
                expenditure,
                block.expenditure_field(),
                "the expenditure",
                problems,
            );
            Some(BlockFigures {
                allocation: a?,
                expenditure: e?,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(
        block: FundingBlock,
        allocation: &str,
        expenditure: &str,
    ) -> (FundingBlock, NewBlockFigures) {
        (
            block,
            NewBlockFigures {
                allocation: allocation.into(),
                expenditure: expenditure.into(),
            },
        )
    }

    #[test]
    fn a_year_reads_each_block_and_the_balance() {
        let read = NewDsgYear {
            blocks: vec![
                typed(FundingBlock::Schools, "£250,000,000", "248750000"),
                typed(FundingBlock::EarlyYears, "", " "),
                typed(
                    FundingBlock::CentralSchoolServices,
                    "2500000.5",
                    "2,500,000.50",
                ),
            ],
            brought_forward: "-7,250,000".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(
            read.blocks,
            vec![
                (
                    FundingBlock::Schools,
                    BlockFigures {
                        allocation: Pence(25_000_000_000),
                        expenditure: Pence(24_875_000_000),
                    }
                ),
                (
                    FundingBlock::CentralSchoolServices,
                    BlockFigures {
                        allocation: Pence(250_000_050),
                        expenditure: Pence(250_000_050),
                    }
                ),
            ],
            "in the template's order; the early years block left empty is not recorded"
        );
        assert_eq!(read.brought_forward, Some(Pence(-725_000_000)));
        assert_eq!(NewDsgYear::default().parse(), Ok(DsgYear::default()));
    }

    #[test]
    fn every_problem_names_its_field() {
        let problems = NewDsgYear {
            blocks: vec![
                typed(FundingBlock::Schools, "250000000", ""),
                typed(FundingBlock::CentralSchoolServices, "", "lots"),
                typed(FundingBlock::EarlyYears, "-1", "12.345"),
                typed(FundingBlock::HighNeeds, "1", "1"),
            ],
            brought_forward: "a deficit".into(),
        }
        .parse()
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            vec![
                "high_needs_allocation",
                "schools_expenditure",
                "central_school_services_allocation",
                "central_school_services_expenditure",
                "early_years_allocation",
                "early_years_expenditure",
                "brought_forward",
            ],
            "{problems:?}"
        );
        assert!(
            problems[1].problem.contains("the schools block"),
            "{problems:?}"
        );
        assert!(problems[4].problem.contains("zero or more"), "{problems:?}");
        assert!(
            problems[6].problem.contains("balance brought forward"),
            "{problems:?}"
        );
    }
}
