//! High needs finance: committed cost by budget line for a financial year, and the budget
//! against it ([`budget`]: budget, income and the forecast outturn; [`ledger`]: actuals
//! imported from the finance system; [`forecast`]: the council's own demand and cost forecast;
//! [`dsg_plan`]: the DSG management plan's tables from the casework, budget and forecast;
//! [`dsg_blocks`]: the other funding blocks and the DSG balance, and the plan's financial
//! summary).
//!
//! Each placement with recorded costs maps to a budget line and is pro-rated to the days it
//! runs in the year (`domain::high_needs`). Each top-up award adds what its payments come to in
//! the year on the line it was given when decided, to its end date or the day the pupil left
//! (the same days the school is paid for, `crate::topup::payments`). Top-up agreed through an
//! application is counted from its award; a placement's own top-up field is for top-up agreed
//! with the placement itself (special schools, resourced provision), so nothing counts twice.
//! Finance officers and SEND managers read it; schools and families never do.

pub mod budget;
pub mod dsg_blocks;
pub mod dsg_plan;
pub mod forecast;
pub mod ledger;
pub mod memo;
pub mod scenarios;
pub mod sensitivity;

use chrono::NaiveDate;
use domain::high_needs::{AnnualCosts, BudgetLine, Commitment, CostedPlacement, committed_between};
use domain::{FinancialYear, Pence, PlacementCategory};
use store::Tx;

use crate::Store;
use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::Result;
use crate::policy::{self, Action};
use crate::topup::payments::with_leaving_dates;

/// Committed cost in one financial year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommittedCost {
    pub year: FinancialYear,
    /// Every budget line in order, with what is committed on it (zero where nothing is).
    pub lines: Vec<(BudgetLine, Pence)>,
    /// The placements with costs that run in the year.
    pub placements: usize,
    /// The top-up awards that run in the year.
    pub awards: usize,
}

impl CommittedCost {
    /// The total on high needs lines (transport is paid from the general fund).
    #[must_use]
    pub fn high_needs_total(&self) -> Pence {
        self.lines
            .iter()
            .filter(|(l, _)| l.is_high_needs())
            .map(|(_, a)| *a)
            .sum()
    }
}

/// Committed cost in pence by budget line for an April to March financial year, pro rata to
/// the days each placement runs in the year. The read is audited.
pub async fn committed_cost(
    store: &Store,
    actor: &Actor,
    year: FinancialYear,
) -> Result<CommittedCost> {
    policy::authorise(actor, Action::ReadCommittedCost)?;
    let mut tx = store.begin().await?;
    let found = commitments(&mut tx, actor.la_id(), year.start(), year.end()).await?;
    let lines = committed_between(&found.commitments, year, year.start(), year.end());
    audit_read(&mut tx, actor, "finance.committed_cost", year).await?;
    tx.commit().await?;
    Ok(CommittedCost {
        year,
        lines,
        placements: found.placements,
        awards: found.awards,
    })
}

/// Records that the actor read a year's figures (`action`).
pub(crate) async fn audit_read(
    tx: &mut Tx,
    actor: &Actor,
    action: &'static str,
    year: FinancialYear,
) -> Result<()> {
    audit::record(
        tx,
        actor,
        Audited {
            action,
            record_type: "budget",
            record_id: Some(year.to_string()),
            child_id: None,
            detail: None,
        },
    )
    .await
}

/// The council's commitments that run at some time from `from` to `to`, and how many
/// placements and awards they came from.
pub(crate) struct Found {
    pub commitments: Vec<Commitment>,
    pub placements: usize,
    pub awards: usize,
}

/// Every placement cost and top-up award running at some time from `from` to `to`, as
/// commitments on their budget lines. An award runs to its end date or the pupil's last day
/// at the school, whichever is first (the days the school is paid for).
pub(crate) async fn commitments(
    tx: &mut Tx,
    la_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Found> {
    let rows = tx.costed_placements_between(la_id, from, to).await?;
    let placements: Vec<CostedPlacement> = rows
        .iter()
        .map(|r| CostedPlacement {
            // A code the DfE does not publish is counted, not dropped: it falls to "other
            // arrangements" with placements whose category was never recorded.
            category: r
                .category
                .parse()
                .unwrap_or(PlacementCategory::PlacementUnknown),
            hospital_education: r.hospital_education,
            entry_on: r.entry_on,
            leaving_on: r.leaving_on,
            costs: AnnualCosts {
                place_funding: Pence(r.place_funding_pence),
                top_up: Pence(r.top_up_pence),
                fees: Pence(r.fees_pence),
                transport: r.transport_pence.map(Pence),
            },
        })
        .collect();
    let mut commitments: Vec<Commitment> = placements
        .iter()
        .flat_map(CostedPlacement::commitments)
        .collect();
    let awards = with_leaving_dates(tx.topup_award_list(la_id, (from, to), None).await?);
    commitments.extend(awards.iter().map(|(row, leaving)| {
        let award = &row.award;
        Commitment {
            line: award
                .budget_line
                .parse()
                .unwrap_or(BudgetLine::OtherArrangements),
            annual: Pence(award.annual_pence),
            starts_on: award.starts_on,
            last_day: Some(leaving.map_or(award.ends_on, |l| l.min(award.ends_on))),
        }
    }));
    Ok(Found {
        commitments,
        placements: placements.len(),
        awards: awards.len(),
    })
}
