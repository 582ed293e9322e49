//! Mitigations and scenarios (issue 7, point 4). Finance officers record mitigations (a named
//! change from a date, with theme, owner and RAG) and compose scenarios from them; finance
//! officers and SEND managers compare them. Each is applied to the council's own forecast by
//! the forecast engine (`domain::forecast::Forecast::with_mitigations`), run with the same seed
//! as the baseline, so its effect is the difference of the two runs, simulation by simulation
//! (`domain::forecast::Effect`). The effect on the deficit is the mean change in annual cost,
//! year by year (`domain::high_needs::dsg_finance::mitigated`).

use std::sync::{Arc, LazyLock};

use chrono::{NaiveDate, Utc};
use domain::forecast::{Effect, Forecast, Runs};
use domain::governance::rag::Rag;
use domain::high_needs::dsg_finance::{BlockYear, mitigated};
use domain::high_needs::mitigation::{ChangeKind, MitigationPlan, NewMitigation, Theme};
use domain::{Pence, PlacementCategory};
use store::{MitigationRow, ScenarioMitigationRow, ScenarioRow};

use super::forecast::{SEED, SIMULATIONS};
use super::memo::{Key, Memo};
use crate::Store;
use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::governance::audited;
use crate::policy::{self, Action};

/// A mitigation with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub mitigation_id: i64,
    pub plan: MitigationPlan,
}

/// A scenario with the mitigations in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    pub scenario_id: i64,
    pub name: String,
    pub mitigation_ids: Vec<i64>,
}

/// A stored row as a mitigation; a row with a code this version does not know is left out.
fn plan_of(r: MitigationRow) -> Option<Recorded> {
    Some(Recorded {
        mitigation_id: r.mitigation_id,
        plan: MitigationPlan {
            name: r.name,
            theme: Theme::parse(&r.theme).ok()?,
            owner: r.owner,
            rag: Rag::parse(&r.rag).ok()?,
            kind: ChangeKind::parse(&r.change_kind).ok()?,
            setting: PlacementCategory::parse(&r.setting).ok()?,
            basis_points: r.basis_points,
            places: r.places.and_then(|p| u64::try_from(p).ok()),
            excess_to: r.excess_to.and_then(|c| PlacementCategory::parse(&c).ok()),
            from: r.starts_on,
        },
    })
}

fn row_of(la_id: i64, mitigation_id: i64, plan: &MitigationPlan, actor: &Actor) -> MitigationRow {
    MitigationRow {
        la_id,
        mitigation_id,
        name: plan.name.clone(),
        theme: plan.theme.code().into(),
        owner: plan.owner.clone(),
        rag: plan.rag.code().into(),
        change_kind: plan.kind.code().into(),
        setting: plan.setting.code().into(),
        basis_points: plan.basis_points,
        places: plan.places.and_then(|p| i64::try_from(p).ok()),
        excess_to: plan.excess_to.map(|c| c.code().into()),
        starts_on: plan.from,
        recorded_by: actor.audit_name(),
        recorded_at: Utc::now(),
    }
}

/// Records a mitigation, or with `mitigation_id` changes one; returns its id.
///
/// # Errors
/// `Invalid` with every problem in the form; `NotFound` for an id the council does not have.
pub async fn save_mitigation(
    store: &Store,
    actor: &Actor,
    mitigation_id: Option<i64>,
    new: &NewMitigation,
) -> Result<i64> {
    policy::authorise(actor, Action::SetMitigations)?;
    let plan = new.parse().map_err(AppError::Invalid)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let id = match mitigation_id {
        Some(id) => {
            if tx.record::<MitigationRow>(la_id, id).await?.is_none() {
                return Err(AppError::NotFound(format!("mitigation {id}")));
            }
            tx.update_record(&row_of(la_id, id, &plan, actor)).await?;
            id
        }
        None => {
            let id = tx.allocate_ids(la_id, "mitigations", 1).await?;
            tx.insert_records(&[row_of(la_id, id, &plan, actor)])
                .await?;
            id
        }
    };
    let action = if mitigation_id.is_some() {
        "finance.mitigation_change"
    } else {
        "finance.mitigation_add"
    };
    audited(
        &mut tx,
        actor,
        action,
        "mitigation",
        id,
        Some(plan.describe()),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a mitigation, and so takes it out of every scenario.
///
/// # Errors
/// `NotFound` for an id the council does not have.
pub async fn remove_mitigation(store: &Store, actor: &Actor, mitigation_id: i64) -> Result<()> {
    policy::authorise(actor, Action::SetMitigations)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    tx.delete_where::<ScenarioMitigationRow>(
        la_id,
        &[(
            store::schema::ScenarioMitigations::MitigationId,
            mitigation_id,
        )],
    )
    .await?;
    let removed = tx
        .delete_where::<MitigationRow>(
            la_id,
            &[(store::schema::Mitigations::MitigationId, mitigation_id)],
        )
        .await?;
    if removed == 0 {
        return Err(AppError::NotFound(format!("mitigation {mitigation_id}")));
    }
    audited(
        &mut tx,
        actor,
        "finance.mitigation_remove",
        "mitigation",
        mitigation_id,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Composes a scenario from some of the council's mitigations, chosen by id as the form sends
/// them; returns its id.
///
/// # Errors
/// `Invalid` without a name or a mitigation, or naming a mitigation the council does not have
/// or an id that is not a number.
pub async fn add_scenario(
    store: &Store,
    actor: &Actor,
    name: &str,
    chosen: &[String],
) -> Result<i64> {
    policy::authorise(actor, Action::SetMitigations)?;
    let la_id = actor.la_id();
    let name = name.trim();
    let mut problems = Vec::new();
    let mut mitigation_ids = Vec::with_capacity(chosen.len());
    for text in chosen {
        match text.trim().parse::<i64>() {
            Ok(id) => mitigation_ids.push(id),
            Err(_) => problems.push(domain::FieldError::new(
                "mitigations",
                format!(
                    "“{}” is not a mitigation: choose from the list",
                    text.trim()
                ),
            )),
        }
    }
    if name.is_empty() {
        problems.push(domain::FieldError::new(
            "name",
            "enter a name for the scenario",
        ));
    }
    if chosen.is_empty() {
        problems.push(domain::FieldError::new(
            "mitigations",
            "select at least one mitigation",
        ));
    }
    let mut tx = store.begin().await?;
    for &id in &mitigation_ids {
        if tx.record::<MitigationRow>(la_id, id).await?.is_none() {
            problems.push(domain::FieldError::new(
                "mitigations",
                format!("there is no mitigation {id}"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let scenario_id = tx.allocate_ids(la_id, "scenarios", 1).await?;
    tx.insert_records(&[ScenarioRow {
        la_id,
        scenario_id,
        name: name.to_owned(),
        recorded_by: actor.audit_name(),
        recorded_at: Utc::now(),
    }])
    .await?;
    let mut ids = mitigation_ids;
    ids.sort_unstable();
    ids.dedup();
    let rows: Vec<ScenarioMitigationRow> = (ids.iter())
        .map(|&mitigation_id| ScenarioMitigationRow {
            la_id,
            scenario_id,
            mitigation_id,
        })
        .collect();
    tx.insert_records(&rows).await?;
    audited(
        &mut tx,
        actor,
        "finance.scenario_add",
        "scenario",
        scenario_id,
        Some(name.to_owned()),
    )
    .await?;
    tx.commit().await?;
    Ok(scenario_id)
}

/// Removes a scenario (its mitigations stay).
///
/// # Errors
/// `NotFound` for an id the council does not have.
pub async fn remove_scenario(store: &Store, actor: &Actor, scenario_id: i64) -> Result<()> {
    policy::authorise(actor, Action::SetMitigations)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    tx.delete_where::<ScenarioMitigationRow>(
        la_id,
        &[(store::schema::ScenarioMitigations::ScenarioId, scenario_id)],
    )
    .await?;
    let removed = tx
        .delete_where::<ScenarioRow>(
            la_id,
            &[(store::schema::Scenarios::ScenarioId, scenario_id)],
        )
        .await?;
    if removed == 0 {
        return Err(AppError::NotFound(format!("scenario {scenario_id}")));
    }
    audited(
        &mut tx,
        actor,
        "finance.scenario_remove",
        "scenario",
        scenario_id,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The council's mitigations and scenarios, as stored.
pub(crate) async fn load(tx: &mut store::Tx, la_id: i64) -> Result<(Vec<Recorded>, Vec<Scenario>)> {
    let mitigations: Vec<Recorded> = (tx.records_of_council::<MitigationRow>(la_id).await?)
        .into_iter()
        .filter_map(plan_of)
        .collect();
    let links: Vec<ScenarioMitigationRow> = tx.records_of_council(la_id).await?;
    let scenarios = (tx.records_of_council::<ScenarioRow>(la_id).await?)
        .into_iter()
        .map(|s| Scenario {
            scenario_id: s.scenario_id,
            name: s.name,
            mitigation_ids: (links.iter())
                .filter(|l| l.scenario_id == s.scenario_id)
                .map(|l| l.mitigation_id)
                .collect(),
        })
        .collect();
    Ok((mitigations, scenarios))
}

/// One set of mitigations applied: its effect and the deficit with it.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The effect on plans and cost, year by year (the census year first, always none); or
    /// why the mitigations cannot be applied.
    pub effect: std::result::Result<Effect, String>,
    /// The high needs block with the effect (the unmitigated years when there is none).
    pub high_needs: Vec<BlockYear>,
}

/// Effects of mitigations kept by what they are computed from (`super::memo`).
static EFFECTS: LazyLock<Memo<std::result::Result<Effect, String>>> = LazyLock::new(Memo::new);

/// Runs `plans` on the prepared forecast with the pages' seed and compares with `baseline`,
/// or finds the same comparison kept from an earlier reading.
pub(crate) async fn apply(
    inputs: &domain::forecast::Inputs,
    baseline: &Arc<Runs>,
    unmitigated: &[BlockYear],
    plans: &[&MitigationPlan],
) -> Applied {
    let mitigations: Vec<_> = plans.iter().map(|p| p.to_forecast()).collect();
    // The baseline is itself a function of the inputs, simulations and seed.
    let key = Key::of(&[&"effect", inputs, &mitigations, &SIMULATIONS, &SEED]);
    let (inputs, baseline) = (inputs.clone(), Arc::clone(baseline));
    let effect = EFFECTS
        .get_or_compute(key, move || {
            Forecast::with_mitigations(&inputs, "population", &mitigations)
                .map_err(|e| e.to_string())
                .and_then(|f| {
                    Effect::between(&baseline, &f.run(SIMULATIONS, SEED, 1))
                        .map_err(|e| e.to_string())
                })
        })
        .await
        .and_then(|e| (*e).clone());
    let high_needs = match &effect {
        Ok(e) => {
            let by_january: Vec<(i32, Pence)> =
                e.years.iter().map(|y| (y.year, y.mean_cost)).collect();
            mitigated(unmitigated, &by_january)
        }
        Err(_) => unmitigated.to_vec(),
    };
    Applied { effect, high_needs }
}

/// The date a form's "from" field shows for a new mitigation: the next 1 September.
#[must_use]
pub fn next_september(today: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let this = NaiveDate::from_ymd_opt(today.year(), 9, 1).unwrap_or(today);
    if this > today {
        this
    } else {
        NaiveDate::from_ymd_opt(today.year() + 1, 9, 1).unwrap_or(today)
    }
}

/// The comparison page: every mitigation alone, every scenario, side by side.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub plan: super::dsg_plan::DsgPlan,
    /// Each mitigation applied alone.
    pub mitigations: Vec<(Recorded, Applied)>,
    /// Each scenario applied.
    pub scenarios: Vec<(Scenario, Applied)>,
    /// Whether the reader may change them (to offer the forms).
    pub may_set: bool,
}

/// Mitigations and scenarios with their effects on `today`'s plan. The read is audited.
///
/// # Errors
/// `Forbidden` unless the actor may read the forecast.
pub async fn compare(store: &Store, actor: &Actor, today: NaiveDate) -> Result<Comparison> {
    let loaded = super::dsg_plan::load_plan(store, actor, today, "finance.scenarios").await?;
    let plan = loaded.plan;
    let (mut mitigations, mut scenarios) = (Vec::new(), Vec::new());
    if let Some((inputs, runs)) = &loaded.baseline {
        for m in &plan.mitigations {
            let applied = apply(inputs, runs, &plan.high_needs, &[&m.plan]).await;
            mitigations.push((m.clone(), applied));
        }
        for s in &loaded.scenarios {
            let chosen: Vec<&MitigationPlan> = (plan.mitigations.iter())
                .filter(|m| s.mitigation_ids.contains(&m.mitigation_id))
                .map(|m| &m.plan)
                .collect();
            let applied = apply(inputs, runs, &plan.high_needs, &chosen).await;
            scenarios.push((s.clone(), applied));
        }
    }
    Ok(Comparison {
        mitigations,
        scenarios,
        may_set: policy::permits(actor, Action::SetMitigations),
        plan,
    })
}
