//! Writing the checked records of an import, parents before the records that refer to them,
//! and moving the council's id sequences past the ids the file used.

use store::Tx;

use super::exchange_check::Accepted;
use crate::error::Result;

/// Writes every accepted record; `current_months` is the council's under-fives review prompt
/// before the import.
pub(super) async fn write(
    tx: &mut Tx,
    la_id: i64,
    accepted: &Accepted,
    current_months: Option<u32>,
) -> Result<()> {
    if let Some(months) = accepted.council
        && months != current_months
    {
        tx.set_under_five_review_months(la_id, months).await?;
    }
    tx.insert_children(&accepted.children).await?;
    tx.insert_child_needs(&accepted.needs).await?;
    tx.insert_records(&accepted.requests).await?;
    tx.insert_records(&accepted.plans).await?;
    tx.insert_records(&accepted.advice).await?;
    tx.insert_records(&accepted.exceptions).await?;
    tx.insert_records(&accepted.reviews).await?;
    tx.insert_records(&accepted.transfers).await?;
    tx.insert_records(&accepted.reassessments).await?;
    tx.insert_records(&accepted.markers).await?;
    let a = accepted;
    for (kind, max) in [
        ("children", a.children.iter().map(|c| c.child_id).max()),
        ("requests", a.requests.iter().map(|r| r.request_id).max()),
        ("plans", a.plans.iter().map(|p| p.plan_id).max()),
        ("advice", a.advice.iter().map(|r| r.advice_id).max()),
        (
            "exceptions",
            a.exceptions.iter().map(|e| e.exception_id).max(),
        ),
        ("reviews", a.reviews.iter().map(|r| r.review_id).max()),
        (
            "phase_transfers",
            a.transfers.iter().map(|t| t.transfer_id).max(),
        ),
        (
            "reassessments",
            a.reassessments.iter().map(|r| r.reassessment_id).max(),
        ),
        ("markers", a.markers.iter().map(|m| m.marker_id).max()),
    ] {
        if let Some(max) = max {
            continue_after(tx, la_id, kind, max).await?;
        }
    }
    Ok(())
}

/// Makes the next id of `kind` handed out by the council greater than `max`, so records added
/// later never take an imported record's id.
async fn continue_after(tx: &mut Tx, la_id: i64, kind: &str, max: i64) -> Result<()> {
    let next = tx.allocate_ids(la_id, kind, 0).await?;
    if max >= next {
        tx.allocate_ids(la_id, kind, max - next + 1).await?;
    }
    Ok(())
}
