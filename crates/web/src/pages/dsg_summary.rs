//! The DSG management plan's financial summary as the plan page shows it
//! (`app::finance::dsg_blocks::Summary`): the DSG deficit drawn, then the DSG total's table
//! with the balance brought forward and the cumulative balance, then a table for each funding
//! block; with every mitigation beside them when there are any. Nothing is worked out here but
//! the layout.

use app::finance::dsg_blocks::Summary;
use domain::Pence;
use domain::high_needs::dsg_blocks::FundingBlock;
use domain::high_needs::dsg_summary::{Basis, SummaryYear};

use crate::chart::{Scale, Series, grouped_bars};
use crate::html::{escape, numeric_table};

/// Where the other blocks and the balance are recorded.
pub(crate) const BLOCKS_PATH: &str = "/finance/dsg-blocks";

/// A deficit drawn as a positive bar in thousands of pounds; a surplus as none.
pub(crate) fn drawn_deficit(position: Pence) -> Option<f64> {
    Some((-position.get()).max(0) as f64 / 100_000.0)
}

/// The columns every table of the summary starts with.
const HEADS: [&str; 5] = [
    "Financial year",
    "Allocation",
    "Transfers",
    "Expenditure",
    "In-year position",
];

/// The section: how it is made, the chart, the DSG total, then each block.
pub(crate) fn finance_section(summary: &Summary) -> String {
    let years = &summary.years;
    let mitigated = summary.mitigated.as_deref();
    let Some(first) = years.first() else {
        return String::new();
    };
    let labels: Vec<String> = years.iter().map(|y| y.year.to_string()).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let mut series = vec![
        Series {
            name: "In-year deficit",
            values: years
                .iter()
                .map(|y| drawn_deficit(y.total.in_year))
                .collect(),
        },
        Series {
            name: "Cumulative deficit",
            values: years.iter().map(|y| drawn_deficit(y.cumulative)).collect(),
        },
    ];
    if let Some(m) = mitigated {
        series.push(Series {
            name: "Cumulative deficit with every mitigation",
            values: m.iter().map(|y| drawn_deficit(y.cumulative)).collect(),
        });
    }
    let chart = grouped_bars(
        "dsg-deficit",
        "DSG deficit by financial year, all funding blocks, £ thousands",
        &labels,
        &series,
        Scale::Count,
    );
    let balance = match &summary.balance {
        Some((amount, set)) => format!(
            "The DSG balance brought forward at 1 April {start} is {amount}, recorded by {by} on {on}.",
            start = first.year.start_year(),
            by = escape(&set.by),
            on = set.at.format("%-d %B %Y"),
        ),
        None => format!(
            "No DSG balance brought forward is recorded for {}, so the cumulative balance counts from \
             zero at its start.",
            first.year
        ),
    };
    let missing: Vec<String> = (first.blocks.iter())
        .filter(|b| b.basis == Basis::NotRecorded)
        .map(|b| escape(&b.block.in_sentence()))
        .collect();
    let warning = if missing.is_empty() {
        String::new()
    } else {
        format!(
            "<div class=\"govuk-inset-text\">No figures are recorded for {} in {} or before, so the DSG \
             total counts {} at nothing (a transfer out of the schools block still counts). \
             <a class=\"govuk-link\" href=\"{BLOCKS_PATH}?year={}\">Record the funding blocks</a>.</div>",
            missing.join(", "),
            first.year,
            if missing.len() == 1 { "it" } else { "them" },
            first.year.start_year(),
        )
    };
    let mut out = format!(
        "<h2 class=\"govuk-heading-m\">Financial summary</h2>\
         <p class=\"govuk-body\">Every block of the Dedicated Schools Grant, year by year. The high needs \
         block's first year is its budget's income and forecast outturn; later years hold the income and \
         grow the outturn as the forecast's cost grows, and its transfers in are the block transfers on \
         the budget page, taken out of the schools block, so across the DSG they net to zero. The schools, \
         central school services and early years blocks are the allocations (after academy recoupment) \
         and expenditure <a class=\"govuk-link\" href=\"{BLOCKS_PATH}?year={start}\">recorded for each \
         year</a>; a year with none recorded holds the latest earlier year's figures, as each table says. \
         {balance} The cumulative balance is the balance brought forward plus every in-year total since; \
         a position below zero is a deficit. With mitigations recorded, the high needs block's expenditure \
         with them adds the change they make to the forecast's annual cost, and nothing else changes \
         (<a class=\"govuk-link\" href=\"/finance/scenarios\">mitigations and scenarios</a>).</p>\
         {warning}{chart}{total}",
        start = first.year.start_year(),
        total = total_table(years, mitigated),
    );
    for block in FundingBlock::ALL {
        out.push_str(&block_table(block, years, mitigated));
    }
    out
}

/// The DSG total: every block added up, the balance brought forward and the cumulative balance.
fn total_table(years: &[SummaryYear], mitigated: Option<&[SummaryYear]>) -> String {
    let rows: Vec<Vec<String>> = (years.iter().enumerate())
        .map(|(i, y)| {
            let mut row = vec![
                y.year.to_string(),
                y.total.allocation.to_string(),
                y.total.transfers.to_string(),
                y.total.expenditure.to_string(),
                y.total.in_year.to_string(),
                y.brought_forward.to_string(),
                y.cumulative.to_string(),
            ];
            if let Some(m) = mitigated.and_then(|m| m.get(i)) {
                row.extend([
                    m.total.expenditure.to_string(),
                    m.total.in_year.to_string(),
                    m.cumulative.to_string(),
                ]);
            }
            row
        })
        .collect();
    let mut heads = HEADS.to_vec();
    heads.extend(["Balance brought forward", "Cumulative position"]);
    if mitigated.is_some() {
        heads.extend([
            "Expenditure with every mitigation",
            "In-year position with every mitigation",
            "Cumulative position with every mitigation",
        ]);
    }
    numeric_table("Financial summary: DSG total", &heads, &rows)
}

/// One block's years, with where its figures come from; the high needs block with every
/// mitigation beside it.
fn block_table(
    block: FundingBlock,
    years: &[SummaryYear],
    mitigated: Option<&[SummaryYear]>,
) -> String {
    let row_of = |y: &SummaryYear| y.blocks.iter().find(|b| b.block == block).copied();
    let with_mitigations = mitigated.filter(|_| block == FundingBlock::HighNeeds);
    let rows: Vec<Vec<String>> = (years.iter().enumerate())
        .filter_map(|(i, y)| {
            let b = row_of(y)?;
            let mut row = vec![
                y.year.to_string(),
                b.allocation.to_string(),
                b.transfers.to_string(),
                b.expenditure.to_string(),
                b.in_year.to_string(),
            ];
            if let Some(m) = with_mitigations.and_then(|m| m.get(i)).and_then(row_of) {
                row.extend([m.expenditure.to_string(), m.in_year.to_string()]);
            }
            row.push(escape(&b.basis.describe()));
            Some(row)
        })
        .collect();
    let mut heads = HEADS.to_vec();
    if with_mitigations.is_some() {
        heads.extend([
            "Expenditure with every mitigation",
            "In-year position with every mitigation",
        ]);
    }
    heads.push("Figures");
    let caption = format!("Financial summary: {}", block.label().to_lowercase());
    numeric_table(&caption, &heads, &rows)
}
