//! The demo council's high needs budget for the financial year it is shown in, built from its
//! own placements and awards so the budget page reads like a council's: a budget on each line
//! a little below what the year is heading for (as councils with a deficit set them), the high
//! needs allocation and a 0.5% schools block transfer approved by the forum, ledger actuals
//! for each month finished so far, and the DSG's other blocks with a deficit brought forward
//! for the DSG management plan's financial summary. It goes through the same use cases a
//! finance officer uses (`set_budget`, `add_income`, `import_actuals`, `record_dsg_year`), so
//! the demo exercises them.

use chrono::{Months, NaiveDate};
use domain::high_needs::budget::income::FORUM_LIMIT_BASIS_POINTS;
use domain::high_needs::budget::{Month, NewIncome, expected_new_demand};
use domain::high_needs::dsg_blocks::{FundingBlock, NewBlockFigures, NewDsgYear};
use domain::high_needs::{BudgetLine, committed_between};
use domain::{FinancialYear, Pence};

use crate::Store;
use crate::actor::Actor;
use crate::error::Result;
use crate::finance::budget::{add_income, set_budget};
use crate::finance::commitments;
use crate::finance::dsg_blocks::record_dsg_year;
use crate::finance::ledger::import_actuals;
use crate::policy::{self, Action};

/// What the demo budget holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BudgetDemo {
    pub year: Option<FinancialYear>,
    /// The budget on the high needs lines.
    pub budget: Pence,
    pub income: Pence,
    /// Months of actuals imported.
    pub months: usize,
    /// The DSG balance brought forward into the year (below zero a deficit).
    pub brought_forward: Pence,
}

/// Councils set budgets below what demand points to and carry the difference as a deficit:
/// the demo's budget is 97% of the year's commitments and expected new demand.
const BUDGET_PERCENT: i64 = 97;
/// The allocation covers 98% of the budget, the transfer and other income some of the rest.
const ALLOCATION_PERCENT: i64 = 98;
/// England's schools block is about 4.2 times its high needs block (2025-26: about £50bn
/// against £11.9bn, `reference/funding.md`), which sizes the block the transfer comes from.
const SCHOOLS_BLOCK_TENTHS: i64 = 42;
/// Academies' share of the schools block is recouped and paid to them directly; with most
/// secondary and some primary schools academies, a council keeps about 45% of it.
const SCHOOLS_KEPT_PERCENT: i64 = 45;
/// The central school services block is about 1% of the schools block (2025-26: about £0.5bn
/// against £50bn), and the early years block about two thirds of the high needs block (about
/// £8bn against £11.9bn), `reference/funding.md`.
const CENTRAL_PERCENT_OF_SCHOOLS: i64 = 1;
const EARLY_YEARS_PERCENT_OF_HIGH_NEEDS: i64 = 67;
/// Councils' cumulative DSG deficits came to about a fifth to a third of their high needs
/// allocations by 2025; the demo brings forward a deficit of a fifth.
const DEFICIT_PERCENT_OF_HIGH_NEEDS: i64 = 20;

/// Rounds to the nearest £1,000, as budgets are set.
fn thousands(amount: Pence) -> Pence {
    amount
        .pro_rata(1, 100_000)
        .checked_mul(100_000)
        .unwrap_or(amount)
}

/// A ledger's month differs from what placements commit (invoices come late, credits come
/// back): each line's month moves by −3% to +3%, the same way every run.
fn spread(line_index: usize, month: Month) -> i64 {
    let step = (line_index * 5 + usize::from(month.number()) * 3) % 7;
    i64::try_from(step).unwrap_or(3) - 3
}

/// Writes the demo council's budget for the financial year holding `today`.
pub async fn seed_budget(store: &Store, actor: &Actor, today: NaiveDate) -> Result<BudgetDemo> {
    policy::authorise(actor, Action::SeedDemoCouncil)?;
    let year = FinancialYear::containing(today);
    let mut tx = store.begin_read().await?;
    let found = commitments(
        &mut tx,
        actor.la_id(),
        year.start() - Months::new(12),
        year.end(),
    )
    .await?;
    tx.commit().await?;
    let committed = committed_between(&found.commitments, year, year.start(), year.end());
    let demand = expected_new_demand(&found.commitments, year, Some(year.start()));
    let budget: Vec<(BudgetLine, Pence)> = committed
        .iter()
        .map(|(line, amount)| {
            let heading_for = *amount + demand.expected(*line);
            (*line, thousands(heading_for.pro_rata(BUDGET_PERCENT, 100)))
        })
        .collect();
    let amounts: Vec<(String, String)> = budget
        .iter()
        .map(|(line, amount)| (line.code().to_string(), amount.plain()))
        .collect();
    set_budget(store, actor, year, &amounts).await?;
    let high_needs: Pence = budget
        .iter()
        .filter(|(l, _)| l.is_high_needs())
        .map(|(_, a)| *a)
        .sum();
    let allocation = thousands(high_needs.pro_rata(ALLOCATION_PERCENT, 100));
    let schools_block = thousands(allocation.pro_rata(SCHOOLS_BLOCK_TENTHS, 10));
    let forum_met = NaiveDate::from_ymd_opt(year.start_year(), 1, 15).unwrap_or(year.start());
    // A council with no costed placements has nothing to fund, and income must not be zero.
    let incomes = if allocation > Pence::ZERO {
        vec![
            NewIncome {
                kind: "high_needs_allocation".into(),
                description: format!("High needs block allocation {year} (DSG)"),
                amount: allocation.plain(),
                ..Default::default()
            },
            NewIncome {
                kind: "block_transfer".into(),
                description: "0.5% of the schools block".into(),
                approval_reference: format!("SF/{}/01 item 6", forum_met.format("%Y")),
                approved_on: forum_met.to_string(),
                schools_block: schools_block.plain(),
                percentage: "0.5".into(),
                ..Default::default()
            },
        ]
    } else {
        Vec::new()
    };
    let mut income = Pence::ZERO;
    for new in &incomes {
        add_income(store, actor, year, new).await?;
        income += new.parse().map_or(Pence::ZERO, |item| item.amount);
    }
    let brought_forward = if allocation > Pence::ZERO {
        seed_other_blocks(store, actor, year, allocation, schools_block).await?
    } else {
        Pence::ZERO
    };
    // Every month finished before today, as the finance system would export it.
    let finished: Vec<Month> = Month::all().filter(|m| m.last_day(year) < today).collect();
    if !finished.is_empty() {
        let mut csv = String::from("financial_year,month,budget_line,amount,narrative\n");
        for month in &finished {
            let spent = committed_between(
                &found.commitments,
                year,
                month.first_day(year),
                month.last_day(year),
            );
            for (index, (line, amount)) in spent.iter().enumerate() {
                if *amount == Pence::ZERO {
                    continue;
                }
                let actual = amount.pro_rata(100 + spread(index, *month), 100);
                csv.push_str(&format!(
                    "{year},{},{},{},{} payments\n",
                    month.number(),
                    line.code(),
                    actual.plain(),
                    month.name(),
                ));
            }
        }
        import_actuals(store, actor, "demo-ledger.csv", csv.as_bytes()).await?;
    }
    Ok(BudgetDemo {
        year: Some(year),
        budget: high_needs,
        income,
        months: finished.len(),
        brought_forward,
    })
}

/// The year's schools, central school services and early years blocks, sized from the high
/// needs allocation and the whole schools block, and a deficit brought forward; returns it.
async fn seed_other_blocks(
    store: &Store,
    actor: &Actor,
    year: FinancialYear,
    high_needs_allocation: Pence,
    schools_block: Pence,
) -> Result<Pence> {
    let transfer = schools_block.pro_rata(FORUM_LIMIT_BASIS_POINTS, 10_000);
    let schools = thousands(schools_block.pro_rata(SCHOOLS_KEPT_PERCENT, 100));
    let central = thousands(schools_block.pro_rata(CENTRAL_PERCENT_OF_SCHOOLS, 100));
    let early_years =
        thousands(high_needs_allocation.pro_rata(EARLY_YEARS_PERCENT_OF_HIGH_NEEDS, 100));
    let deficit = thousands(high_needs_allocation.pro_rata(DEFICIT_PERCENT_OF_HIGH_NEEDS, 100));
    let figures = |allocation: Pence, expenditure: Pence| NewBlockFigures {
        allocation: allocation.plain(),
        expenditure: expenditure.plain(),
    };
    let new = NewDsgYear {
        blocks: vec![
            // Schools' budgets are delegated whole: the block spends what the transfer leaves.
            (FundingBlock::Schools, figures(schools, schools - transfer)),
            // Central services run a little over (1%); early years a little under (1%), as
            // take-up of the entitlements falls short of the estimate funded.
            (
                FundingBlock::CentralSchoolServices,
                figures(central, central.pro_rata(101, 100)),
            ),
            (
                FundingBlock::EarlyYears,
                figures(early_years, early_years.pro_rata(99, 100)),
            ),
        ],
        brought_forward: (-deficit).plain(),
    };
    record_dsg_year(store, actor, year, &new).await?;
    Ok(-deficit)
}
