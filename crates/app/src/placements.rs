//! Placements with their costs, and the children awaiting a specialist place.
//!
//! A placement is a child in a setting from a date (DESIGN.md §3). Recording one ends the
//! child's current placement the day before (their placement history), works out the DfE
//! placement category, takes place funding from the type of place and keeps the top-up, fees
//! and transport typed in (`domain::high_needs`, after `reference/funding.md`). Children
//! waiting for a specialist place are listed with the provision sought and reviewed at an
//! awaiting-placement panel, through the one panel mechanism (`casework::panels`).

use chrono::{DateTime, NaiveDate, Utc};
use domain::high_needs::{BudgetLine, ProvisionSought, charges_fees, days_waiting, place_funding};
use domain::{FieldError, Pence, PlacementCategory, SenProvisionKind, SettingType};
use store::{AwaitingListRow, AwaitingPlacementRow, PlacementCostRow, PlacementRow, Tx};

use crate::Store;
use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::casework::panels::{AWAITING_PLACEMENT_PANEL, add_item};
use crate::casework::parse_date;
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// A placement as typed into the form: amounts a year in pounds, as people write them.
#[derive(Debug, Clone, Default)]
pub struct NewPlacement {
    pub setting_id: String,
    /// YYYY-MM-DD.
    pub entry_on: String,
    /// Empty, `sen_unit` or `resourced_provision`.
    pub sen_provision: String,
    pub top_up: String,
    /// Fees for an independent place.
    pub fees: String,
    /// Home to school transport; empty when none is recorded.
    pub transport: String,
    pub hospital_education: bool,
}

/// One placement on a child's history, with its costs if recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementView {
    pub row: PlacementRow,
    pub setting: Option<String>,
    /// The DfE category, when the stored code is one.
    pub category: Option<PlacementCategory>,
    pub costs: Option<PlacementCostRow>,
    pub line: Option<BudgetLine>,
}

impl PlacementView {
    /// What the placement costs the high needs block a year (transport is not included).
    #[must_use]
    pub fn annual_high_needs(&self) -> Option<Pence> {
        self.costs
            .as_ref()
            .map(|c| Pence(c.place_funding_pence + c.top_up_pence + c.fees_pence))
    }
}

/// A child's placements, newest first, and whether they are waiting for a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildPlacements {
    pub name: String,
    pub placements: Vec<PlacementView>,
    pub awaiting: Vec<AwaitingChild>,
}

/// A child on the awaiting list with how long they have waited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwaitingChild {
    pub row: AwaitingListRow,
    pub provision: Option<ProvisionSought>,
    pub days_waiting: i64,
}

fn amount(field: &'static str, text: &str, problems: &mut Vec<FieldError>) -> Option<Pence> {
    if text.trim().is_empty() {
        return None;
    }
    match text.parse::<Pence>() {
        Ok(p) if p.is_negative() => {
            problems.push(FieldError::new(field, "enter an amount of £0 or more"));
            None
        }
        Ok(p) => Some(p),
        Err(e) => {
            problems.push(FieldError::new(field, e.problem));
            None
        }
    }
}

/// Records a child's placement and its costs. The child's current placement ends the day
/// before; a child waiting for a place of this kind leaves the awaiting list.
pub async fn record_placement(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    new: &NewPlacement,
    now: DateTime<Utc>,
) -> Result<i64> {
    policy::authorise(actor, Action::RecordPlacement)?;
    let la_id = actor.la_id();
    let mut problems = Vec::new();
    let entry_on = parse_date("entry_on", &new.entry_on)
        .map_err(|e| problems.push(e))
        .ok();
    let provision = match new.sen_provision.trim() {
        "" => None,
        code => SenProvisionKind::parse(code)
            .map_err(|_| {
                problems.push(FieldError::new("sen_provision", "select the kind of place"))
            })
            .ok(),
    };
    let top_up = amount("top_up", &new.top_up, &mut problems).unwrap_or(Pence::ZERO);
    let fees = amount("fees", &new.fees, &mut problems).unwrap_or(Pence::ZERO);
    let transport = amount("transport", &new.transport, &mut problems);
    let mut tx = store.begin().await?;
    if tx.child(la_id, child_id).await?.is_none() {
        return Err(AppError::NotFound(format!("child {child_id}")));
    }
    let setting = match new.setting_id.trim().parse::<i64>() {
        Ok(id) => tx.setting(la_id, id).await?,
        Err(_) => None,
    };
    let Some(setting) = setting else {
        problems.push(FieldError::new("setting_id", "select the setting"));
        return Err(AppError::Invalid(problems));
    };
    let category =
        PlacementCategory::for_setting(setting.setting_type.parse::<SettingType>()?, provision);
    if fees != Pence::ZERO && !charges_fees(category) {
        problems.push(FieldError::new(
            "fees",
            "fees are for independent schools; record what this setting is paid as top-up",
        ));
    }
    let (Some(entry_on), true) = (entry_on, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    end_current_placements(&mut tx, la_id, child_id, entry_on).await?;
    let placement_id = tx.allocate_ids(la_id, "placements", 1).await?;
    tx.insert_placements(&[PlacementRow {
        la_id,
        placement_id,
        child_id,
        setting_id: Some(setting.setting_id),
        sen_setting: None,
        category: category.column().into(),
        entry_on,
        leaving_on: None,
        sen_unit: provision == Some(SenProvisionKind::SenUnit),
        resourced_provision: provision == Some(SenProvisionKind::ResourcedProvision),
    }])
    .await?;
    tx.insert_records(&[PlacementCostRow {
        la_id,
        placement_id,
        child_id,
        place_funding_pence: place_funding(category).get(),
        top_up_pence: top_up.get(),
        fees_pence: fees.get(),
        transport_pence: transport.map(Pence::get),
        out_of_area: !setting.in_area,
        hospital_education: new.hospital_education,
        recorded_by: actor.audit_name(),
        recorded_at: now,
    }])
    .await?;
    let waiting: Vec<AwaitingPlacementRow> = tx.records_of_child(la_id, child_id).await?;
    for mut entry in waiting.into_iter().filter(|w| w.placed_on.is_none()) {
        if ProvisionSought::parse(&entry.provision_sought).is_ok_and(|p| p.is_met_by(category)) {
            entry.placed_on = Some(entry_on.max(entry.since_on));
            tx.update_record(&entry).await?;
        }
    }
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "placement.record",
            record_type: "placement",
            record_id: Some(placement_id.to_string()),
            child_id: Some(child_id),
            detail: Some(format!("{} from {entry_on}", category.column())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(placement_id)
}

/// Ends the child's open placements the day before `entry_on`: a leaving date is the last day
/// at the setting, as casework records it. A placement that started on or after that day
/// cannot be followed by this one.
async fn end_current_placements(
    tx: &mut Tx,
    la_id: i64,
    child_id: i64,
    entry_on: NaiveDate,
) -> Result<()> {
    let placements: Vec<PlacementRow> = tx.records_of_child(la_id, child_id).await?;
    for mut p in placements.into_iter().filter(|p| p.leaving_on.is_none()) {
        if p.entry_on >= entry_on {
            return Err(AppError::Invalid(vec![FieldError::new(
                "entry_on",
                format!(
                    "the child's current placement started on {}; enter a later start date",
                    p.entry_on
                ),
            )]));
        }
        p.leaving_on = entry_on.pred_opt();
        tx.update_record(&p).await?;
    }
    Ok(())
}

/// A child's placements with their costs, newest first, and their place on the awaiting list.
/// The read is audited.
pub async fn child_placements(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    today: NaiveDate,
) -> Result<ChildPlacements> {
    policy::authorise(actor, Action::ReadPlacementCosts { child_id })?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let child = tx
        .child(la_id, child_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("child {child_id}")))?;
    let rows = tx.placements_for_child(la_id, child_id).await?;
    let costs: Vec<PlacementCostRow> = tx.records_of_child(la_id, child_id).await?;
    let mut placements = Vec::with_capacity(rows.len());
    for row in rows.into_iter().rev() {
        let setting = match row.setting_id {
            Some(id) => tx.setting(la_id, id).await?.map(|s| s.name),
            None => None,
        };
        let category = row.category.parse::<PlacementCategory>().ok();
        let costs = costs
            .iter()
            .find(|c| c.placement_id == row.placement_id)
            .cloned();
        let line = match (&costs, category) {
            (Some(c), Some(cat)) => Some(BudgetLine::for_placement(cat, c.hospital_education)),
            _ => None,
        };
        placements.push(PlacementView {
            row,
            setting,
            category,
            costs,
            line,
        });
    }
    let awaiting = tx
        .awaiting_list(la_id)
        .await?
        .into_iter()
        .filter(|a| a.child_id == child_id)
        .map(|row| awaiting_child(row, today))
        .collect();
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "placement.read",
            record_type: "child",
            record_id: Some(child_id.to_string()),
            child_id: Some(child_id),
            detail: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ChildPlacements {
        name: format!("{} {}", child.forename, child.surname),
        placements,
        awaiting,
    })
}

fn awaiting_child(row: AwaitingListRow, today: NaiveDate) -> AwaitingChild {
    AwaitingChild {
        provision: ProvisionSought::parse(&row.provision_sought).ok(),
        days_waiting: days_waiting(row.since_on, today),
        row,
    }
}

/// Adds a child to the awaiting-placement list with the provision sought, from `since_on`.
pub async fn add_to_awaiting_list(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    provision_sought: &str,
    since_on: &str,
    notes: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    policy::authorise(actor, Action::RecordPlacement)?;
    let la_id = actor.la_id();
    let mut problems = Vec::new();
    let provision = ProvisionSought::parse(provision_sought)
        .map_err(|_| {
            problems.push(FieldError::new(
                "provision_sought",
                "select the provision sought",
            ));
        })
        .ok();
    let since = parse_date("since_on", since_on)
        .map_err(|e| problems.push(e))
        .ok();
    if since.is_some_and(|s| s > now.date_naive()) {
        problems.push(FieldError::new(
            "since_on",
            "the date cannot be in the future",
        ));
    }
    let (Some(provision), Some(since_on), true) = (provision, since, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let mut tx = store.begin().await?;
    if tx.child(la_id, child_id).await?.is_none() {
        return Err(AppError::NotFound(format!("child {child_id}")));
    }
    let waiting: Vec<AwaitingPlacementRow> = tx.records_of_child(la_id, child_id).await?;
    if waiting.iter().any(|w| w.placed_on.is_none()) {
        return Err(AppError::Conflict(
            "the child is already on the awaiting-placement list".into(),
        ));
    }
    let awaiting_id = tx.allocate_ids(la_id, "awaiting_placements", 1).await?;
    let notes = notes.trim();
    tx.insert_records(&[AwaitingPlacementRow {
        la_id,
        awaiting_id,
        child_id,
        provision_sought: provision.code().into(),
        notes: (!notes.is_empty()).then(|| notes.to_string()),
        since_on,
        placed_on: None,
        recorded_by: actor.audit_name(),
        recorded_at: now,
    }])
    .await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "awaiting.add",
            record_type: "awaiting_placement",
            record_id: Some(awaiting_id.to_string()),
            child_id: Some(child_id),
            detail: Some(provision.code().into()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(awaiting_id)
}

/// The children awaiting a specialist place, longest waiting first.
pub async fn awaiting_list(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<AwaitingChild>> {
    policy::authorise(actor, Action::ReadAwaitingPlacement)?;
    let mut tx = store.begin().await?;
    let rows = tx.awaiting_list(actor.la_id()).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "awaiting.list",
            record_type: "awaiting_placement",
            record_id: None,
            child_id: None,
            detail: Some(format!("{} children", rows.len())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(|r| awaiting_child(r, today)).collect())
}

/// Lists every child on the awaiting list at an awaiting-placement panel meeting, with the
/// provision sought and the days waiting as the question; children already listed at that
/// meeting are left as they are. Returns how many were listed.
pub async fn list_awaiting_at_panel(
    store: &Store,
    actor: &Actor,
    meeting_id: i64,
    today: NaiveDate,
) -> Result<usize> {
    policy::authorise(actor, Action::RunPanels)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let meeting: store::PanelMeetingRow = tx
        .record(la_id, meeting_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("panel meeting {meeting_id}")))?;
    if meeting.panel != AWAITING_PLACEMENT_PANEL {
        return Err(AppError::Conflict(
            "the awaiting list goes to an awaiting-placement panel".into(),
        ));
    }
    let listed: Vec<i64> = tx
        .panel_items(la_id, meeting_id)
        .await?
        .iter()
        .map(|i| i.child_id)
        .collect();
    let mut added = 0;
    for entry in tx.awaiting_list(la_id).await? {
        if listed.contains(&entry.child_id) {
            continue;
        }
        let waiting = awaiting_child(entry, today);
        let sought = match waiting.provision {
            Some(p) => p.label(),
            None => waiting.row.provision_sought.as_str(),
        };
        let question = format!(
            "Awaiting a specialist place: {sought}; waiting {} days since {}",
            waiting.days_waiting, waiting.row.since_on
        );
        add_item(&mut tx, la_id, meeting_id, waiting.row.child_id, &question).await?;
        added += 1;
    }
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "panel.list_awaiting",
            record_type: "panel_meeting",
            record_id: Some(meeting_id.to_string()),
            child_id: None,
            detail: Some(format!("{added} children listed")),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(added)
}
