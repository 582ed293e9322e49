//! Pricing a package: the checks on what was chosen, the caps and the annual amount
//! (funding-bristol.md §3, with funding.md's "Decisions for Highneeds").
//!
//! What Highneeds does where the published app is ambiguous or fragile (funding.md):
//!
//! - **One total weekly cap per package**: the largest total cap set on any code in the package
//!   (35 hours when it holds any of codes A to F), or 32 hours where none is set. The app takes
//!   the cap of the last entry in id order, so ticking a training item (code H) could lower the
//!   cap from 35 to 32 (§3.5); here the order of ticking never matters.
//! - **Exact money, rounded once**: hours × rate summed exactly, times 45.5 weeks, rounded
//!   half-up to the penny on the annual total ([`crate::topup::annual_amount`]).
//! - **A breach blocks the amount and says which cap, by how many hours.** Both checks always
//!   run, so every breach is listed at once (the app stops at the first code over its cap and
//!   then skips the total, §3.7). Hours equal to a cap are allowed: the test is "more than".
//! - **No rate (code Q) asks the panel for a cost**: the line is left out of the amount and
//!   listed in `individually_costed`; its hours still count towards the total cap, as in the
//!   app (§3.8).
//! - **Duplicates** (one provision ticked under different sub-areas) are counted each time, as
//!   in the app, and listed for the SENCO to review (§3.2).
//!
//! A package that breaks the selection rules (an unknown id, two statements of one group, a
//! provision its sub-area does not show or whose level the sub-area's needs do not reach) is not
//! priced: every problem is returned at once.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Choice, CostingModel, NeedLevel, Package};
use crate::topup::{FundedWeeks, Hours, WeeklyCost, annual_amount};
use crate::{FieldError, Pence};

/// What a package costs, or why it cannot be paid as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pricing {
    /// The annual amount of the provisions with a rate; `None` when a cap is breached.
    #[serde(rename = "annual_pence")]
    pub annual: Option<Pence>,
    /// Weekly hours asked for, by funding code (codes of the package only).
    pub weekly_hours_by_code: BTreeMap<String, Hours>,
    /// Weekly hours asked for, all codes together.
    pub total_weekly_hours: Hours,
    /// The package's total weekly cap.
    pub total_weekly_cap: Hours,
    /// Whether any code's hours are over its cap.
    pub code_cap_exceeded: bool,
    /// Whether the total hours are over the total cap.
    pub total_cap_exceeded: bool,
    /// Every cap breached, codes first (in code order), then the total.
    pub breaches: Vec<Breach>,
    /// Whether any provision has no rate and needs the panel to cost it.
    pub needs_individual_costing: bool,
    /// The provisions asked for that have no rate, in review order.
    pub individually_costed: Vec<Line>,
    /// Provisions asked for under more than one sub-area.
    pub duplicates: Vec<Duplicate>,
    /// Each sub-area's need level from the statements chosen; `None` when none were given.
    pub need_levels: Option<BTreeMap<String, NeedLevel>>,
    /// The weeks a year the amount pays for.
    pub funded_weeks: FundedWeeks,
    /// Every provision chosen, in review order (§3.2: by provision id, then sub-area in page
    /// order), with what it counts.
    pub provisions: Vec<Line>,
}

/// One provision chosen under one sub-area, as priced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// The provision's id.
    pub provision: String,
    /// The sub-area it was chosen under.
    pub sub_area: String,
    /// Its funding code.
    pub code: String,
    /// Its weekly hours.
    pub weekly_hours: Hours,
    /// The code's hourly rate in pence; `None` for individually costed.
    #[serde(rename = "hourly_rate_pence")]
    pub hourly_rate: Option<Pence>,
    /// Whether funding is asked for it; only those lines count.
    pub funding: bool,
}

/// Which cap a breach is of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "cap", rename_all = "snake_case")]
pub enum Cap {
    /// The weekly cap of one funding code.
    Code {
        /// The code.
        code: String,
    },
    /// The total weekly cap.
    Total,
}

/// A cap the package goes over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breach {
    /// Which cap.
    #[serde(flatten)]
    pub cap: Cap,
    /// The weekly hours asked for under it.
    pub hours: Hours,
    /// The cap.
    pub cap_hours: Hours,
    /// How many hours over: `hours - cap_hours`.
    pub over_by_hours: Hours,
}

/// One provision asked for under several sub-areas; each counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// The provision's id.
    pub provision: String,
    /// The sub-areas it is asked for under, in page order.
    pub sub_areas: Vec<String>,
}

/// Prices `package` with `model`.
///
/// # Errors
/// Every problem with what was chosen, each naming the field (`need_statements` or
/// `provisions`) and the entry, when the package breaks the selection rules (§2). A package
/// that goes over a cap is not an error: it is priced with `annual` `None` and its breaches.
pub fn price(model: &CostingModel, package: &Package) -> Result<Pricing, Vec<FieldError>> {
    let mut problems = Vec::new();
    let levels = package
        .need_statements
        .as_deref()
        .map(|ids| check_needs(model, ids, &mut problems));
    let chosen = check_provisions(model, package, levels.as_deref(), &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    // The same map as `model.need_levels` of the statements chosen.
    let need_levels = levels.map(|levels| {
        levels
            .iter()
            .zip(&model.sub_areas)
            .filter_map(|(level, sub_area)| Some((sub_area.id.clone(), (*level)?)))
            .collect::<BTreeMap<String, NeedLevel>>()
    });

    let mut lines = Vec::with_capacity(chosen.len());
    for (choice, provision, sub_area) in chosen {
        let p = &model.provisions[provision];
        // Codes are checked on load.
        let Some(code) = model.code(&p.code) else {
            continue;
        };
        lines.push((
            model.positions.provision_rank[provision],
            model.sub_areas[sub_area].number,
            Line {
                provision: p.id.clone(),
                sub_area: choice.sub_area.clone(),
                code: p.code.clone(),
                weekly_hours: p.weekly_hours,
                hourly_rate: code.hourly_rate,
                funding: choice.funding,
            },
        ));
    }
    // Review order (§3.2): by provision id, so duplicates stand side by side, then by sub-area
    // in page order, so the result never depends on the order of ticking. The ids' places in
    // natural order were worked out on load (`natural_order`).
    lines.sort_by(|(a_rank, a_number, _), (b_rank, b_number, _)| {
        a_rank.cmp(b_rank).then(a_number.cmp(b_number))
    });
    let lines: Vec<Line> = lines.into_iter().map(|(_, _, line)| line).collect();
    let funded: Vec<&Line> = lines.iter().filter(|l| l.funding).collect();

    let mut weekly_hours_by_code = BTreeMap::<String, Hours>::new();
    for line in &funded {
        match weekly_hours_by_code.get_mut(&line.code) {
            Some(hours) => *hours += line.weekly_hours,
            None => {
                weekly_hours_by_code.insert(line.code.clone(), line.weekly_hours);
            }
        }
    }
    let total_weekly_hours: Hours = funded.iter().map(|l| l.weekly_hours).sum();

    let mut breaches: Vec<Breach> = weekly_hours_by_code
        .iter()
        .filter_map(|(code, &hours)| {
            let cap = model.code(code)?.code_weekly_cap?;
            over(Cap::Code { code: code.clone() }, hours, cap)
        })
        .collect();
    let code_cap_exceeded = !breaches.is_empty();
    let total_weekly_cap = weekly_hours_by_code
        .keys()
        .filter_map(|code| model.code(code)?.total_weekly_cap)
        .max()
        .unwrap_or(CostingModel::DEFAULT_TOTAL_WEEKLY_CAP);
    let total = over(Cap::Total, total_weekly_hours, total_weekly_cap);
    let total_cap_exceeded = total.is_some();
    breaches.extend(total);

    let weekly: WeeklyCost = funded
        .iter()
        .filter_map(|l| Some(WeeklyCost::of(l.weekly_hours, l.hourly_rate?)))
        .sum();
    let annual = if breaches.is_empty() {
        // Hours and rates are bounded on load, so the amount always fits.
        Some(
            annual_amount(weekly, CostingModel::FUNDED_WEEKS).ok_or_else(|| {
                vec![FieldError::new(
                    "provisions",
                    "the amount is too large to work out",
                )]
            })?,
        )
    } else {
        None
    };

    let individually_costed: Vec<Line> = funded
        .iter()
        .filter(|l| l.hourly_rate.is_none())
        .map(|&l| l.clone())
        .collect();
    Ok(Pricing {
        annual,
        weekly_hours_by_code,
        total_weekly_hours,
        total_weekly_cap,
        code_cap_exceeded,
        total_cap_exceeded,
        breaches,
        needs_individual_costing: !individually_costed.is_empty(),
        individually_costed,
        duplicates: duplicates(&funded),
        need_levels,
        funded_weeks: CostingModel::FUNDED_WEEKS,
        provisions: lines,
    })
}

/// The breach of `cap` by `hours`, if they are more than it.
fn over(cap: Cap, hours: Hours, cap_hours: Hours) -> Option<Breach> {
    (hours > cap_hours).then(|| Breach {
        cap,
        hours,
        cap_hours,
        over_by_hours: hours - cap_hours,
    })
}

/// Provisions asked for under more than one sub-area, from the funded lines in review order
/// (where the same provision's lines stand together).
fn duplicates(funded: &[&Line]) -> Vec<Duplicate> {
    let mut found: Vec<Duplicate> = Vec::new();
    for (i, line) in funded.iter().enumerate() {
        let same_as_before = i > 0 && funded[i - 1].provision == line.provision;
        match found.last_mut() {
            Some(d) if same_as_before && d.provision == line.provision => {
                d.sub_areas.push(line.sub_area.clone());
            }
            _ if same_as_before => found.push(Duplicate {
                provision: line.provision.clone(),
                sub_areas: vec![funded[i - 1].sub_area.clone(), line.sub_area.clone()],
            }),
            _ => {}
        }
    }
    found
}

/// Checks the need statements chosen (§2.1) and gives the level of each sub-area, by its
/// position in the model (§2.2): the highest level of the statements chosen in it, `None` where
/// none is.
fn check_needs(
    model: &CostingModel,
    ids: &[String],
    problems: &mut Vec<FieldError>,
) -> Vec<Option<NeedLevel>> {
    let problem = |n: usize, text: String| {
        FieldError::new("need_statements", format!("entry {}: {text}", n + 1))
    };
    let positions = &model.positions;
    // The statement last chosen in each group, by group number.
    let mut groups: Vec<Option<&str>> = vec![None; positions.groups];
    let mut levels: Vec<Option<NeedLevel>> = vec![None; model.sub_areas.len()];
    for (n, id) in ids.iter().enumerate() {
        let Some(&i) = model.statement_by_id.get(id.as_str()) else {
            problems.push(problem(
                n,
                format!("{id} is not a need statement of the model"),
            ));
            continue;
        };
        let statement = &model.statements[i];
        if let Some(level) = levels.get_mut(positions.statement_sub_area[i]) {
            *level = (*level).max(Some(statement.level));
        }
        if statement.level == NeedLevel::Expected {
            problems.push(problem(
                n,
                format!("{id} describes what is expected; it cannot be chosen"),
            ));
        }
        let before = groups
            .get_mut(positions.statement_group[i])
            .and_then(|last| last.replace(id));
        match before {
            Some(other) if other == id => {
                problems.push(problem(n, format!("{id} is chosen twice")));
            }
            Some(other) => problems.push(problem(
                n,
                format!(
                    "{id} and {other} are in the same group ({}); choose one",
                    statement.group
                ),
            )),
            None => {}
        }
    }
    levels
}

/// Checks each provision chosen: it exists, its sub-area exists and shows its type (§1.5), the
/// sub-area's need level reaches its level (when needs were given), and it is not chosen twice
/// under one sub-area. Gives each choice whose provision and sub-area exist, with their
/// positions in the model.
fn check_provisions<'a>(
    model: &CostingModel,
    package: &'a Package,
    need_levels: Option<&[Option<NeedLevel>]>,
    problems: &mut Vec<FieldError>,
) -> Vec<(&'a Choice, usize, usize)> {
    let problem =
        |n: usize, text: String| FieldError::new("provisions", format!("entry {}: {text}", n + 1));
    // Each (provision, sub-area) pair chosen so far: `provision * sub-areas + sub-area`.
    let mut seen = vec![false; model.provisions.len() * model.sub_areas.len()];
    let mut found = Vec::with_capacity(package.provisions.len());
    for (n, choice) in package.provisions.iter().enumerate() {
        let (id, sub_area_id) = (&choice.provision, &choice.sub_area);
        let provision = model.provision_by_id.get(id.as_str()).copied();
        let sub_area = model.sub_area_by_id.get(sub_area_id.as_str()).copied();
        if provision.is_none() {
            problems.push(problem(n, format!("{id} is not a provision of the model")));
        }
        if sub_area.is_none() {
            problems.push(problem(
                n,
                format!("{sub_area_id} is not a sub-area of the model"),
            ));
        }
        let (Some(p), Some(s)) = (provision, sub_area) else {
            continue;
        };
        found.push((choice, p, s));
        let provision = &model.provisions[p];
        if let Some(chosen) = seen.get_mut(p * model.sub_areas.len() + s)
            && std::mem::replace(chosen, true)
        {
            problems.push(problem(
                n,
                format!("{id} is chosen twice under {sub_area_id}"),
            ));
        }
        if !model.positions.shows(s, p) {
            problems.push(problem(
                n,
                format!(
                    "{sub_area_id} does not offer provisions of type {} ({}), such as {id}",
                    provision.type_id, provision.type_label
                ),
            ));
            continue;
        }
        let Some(levels) = need_levels else { continue };
        let needed = provision.level.letter();
        match levels.get(s).copied().flatten() {
            Some(level) if level.offers(provision.level) => {}
            Some(NeedLevel::Targeted | NeedLevel::Expected) => problems.push(problem(
                n,
                format!(
                    "the needs chosen in {sub_area_id} are at Targeted level, met from ordinarily available provision; {id} needs level {needed}"
                ),
            )),
            Some(level) => problems.push(problem(
                n,
                format!(
                    "{id} is offered from need level {needed}; the needs chosen in {sub_area_id} reach level {level}"
                ),
            )),
            None => problems.push(problem(
                n,
                format!(
                    "no need statement is chosen in {sub_area_id}, so it offers no provisions; {id} needs level {needed}"
                ),
            )),
        }
    }
    found
}
