//! `/finance/scenarios`: the DSG management plan's mitigations and scenarios
//! (`app::finance::scenarios`). The deficit with each scenario is drawn beside the unmitigated
//! one above a table of the same figures; each mitigation is listed with its effect on cost;
//! finance officers add, change and remove mitigations and compose scenarios from them.

use app::finance::scenarios::{Applied, Comparison, compare, next_september};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::Local;
use domain::PlacementCategory;
use domain::governance::rag::Rag;
use domain::high_needs::dsg_summary::SummaryYear;
use domain::high_needs::mitigation::{ChangeKind, Theme};
use govuk::Component;
use serde::Deserialize;

use crate::chart::{Scale, Series, grouped_bars};
use crate::html::{button, error_summary, escape, form, numeric_table, table};
use crate::pages::dsg_summary::drawn_deficit;
use crate::pages::errors;
use crate::pages::form_support::{Problems, Typed, radios, signed_in_page, typed_input};
use crate::pages::governance::select;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

pub(super) const PATH: &str = "/finance/scenarios";
pub(super) const TITLE: &str = "Mitigations and scenarios";

#[derive(Deserialize)]
pub struct PageQuery {
    done: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Response {
    let current = match session::require(&state, &headers, &from, PATH).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let banner = match q.done.as_deref() {
        Some("added") => success("Mitigation added"),
        Some("changed") => success("Mitigation changed"),
        Some("removed") => success("Mitigation removed"),
        Some("scenario") => success("Scenario added"),
        Some("scenario-removed") => success("Scenario removed"),
        _ => String::new(),
    };
    show(&state, &current, &Typed::default(), &Vec::new(), banner).await
}

fn success(text: &str) -> String {
    format!(
        "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\" \
         aria-labelledby=\"done-title\" data-module=\"govuk-notification-banner\">\
         <div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" \
         id=\"done-title\">Success</h2></div><div class=\"govuk-notification-banner__content\">\
         <p class=\"govuk-notification-banner__heading\">{}</p></div></div>",
        escape(text)
    )
}

pub(super) async fn show(
    state: &AppState,
    current: &app::auth::CurrentSession,
    typed: &Typed,
    problems: &Problems,
    banner: String,
) -> Response {
    let today = Local::now().date_naive();
    let c = match compare(state.store(), &current.actor, today).await {
        Ok(c) => c,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let mut html = format!("{banner}{}", error_summary(problems));
    html.push_str(&body(&c));
    if c.may_set {
        html.push_str(&mitigation_form(
            &c,
            typed,
            problems,
            &current.csrf_token,
            today,
        ));
        html.push_str(&scenario_form(&c, typed, problems, &current.csrf_token));
    }
    let title = if problems.is_empty() {
        TITLE.to_owned()
    } else {
        format!("Error: {TITLE}")
    };
    signed_in_page(state, current, PATH, &title, html, !problems.is_empty())
}

/// The last year's cumulative DSG balance, the figure the plan is judged by.
fn last_cumulative(years: &[SummaryYear]) -> String {
    years
        .last()
        .map_or_else(String::new, |y| y.cumulative.to_string())
}

/// The DSG summary with a set of mitigations applied: the other blocks and the balance as the
/// plan has them.
fn with_applied(c: &Comparison, applied: &Applied) -> Vec<SummaryYear> {
    c.plan.summary.with(&applied.high_needs)
}

fn body(c: &Comparison) -> String {
    let heading = format!("<h1 class=\"govuk-heading-l\">{TITLE}</h1>");
    if let Err(reason) = &c.plan.forecast.outcome {
        return format!(
            "{heading}<p class=\"govuk-body\">Mitigations are applied to the forecast, and there is none: the {}.</p>",
            escape(reason)
        );
    }
    let years = &c.plan.summary.years;
    let labels: Vec<String> = years.iter().map(|y| y.year.to_string()).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let deficit = |ys: &[SummaryYear]| -> Vec<Option<f64>> {
        ys.iter().map(|y| drawn_deficit(y.cumulative)).collect()
    };
    let mut lines: Vec<(String, Vec<SummaryYear>)> = vec![("No mitigations".into(), years.clone())];
    if let Some(all) = &c.plan.summary.mitigated {
        lines.push(("Every mitigation".into(), all.clone()));
    }
    for (s, applied) in &c.scenarios {
        lines.push((s.name.clone(), with_applied(c, applied)));
    }
    let series: Vec<Series<'_>> = (lines.iter())
        .map(|(name, ys)| Series {
            name,
            values: deficit(ys),
        })
        .collect();
    let chart = grouped_bars(
        "scenario-deficit",
        "Cumulative DSG deficit by financial year, £ thousands",
        &labels,
        &series,
        Scale::Count,
    );
    let mut heads = vec!["Financial year"];
    heads.extend(lines.iter().map(|(n, _)| n.as_str()));
    let rows: Vec<Vec<String>> = (years.iter().enumerate())
        .map(|(i, y)| {
            let mut row = vec![y.year.to_string()];
            row.extend(lines.iter().map(|(_, ys)| {
                ys.get(i)
                    .map_or_else(String::new, |y| y.cumulative.to_string())
            }));
            row
        })
        .collect();
    let trajectory = numeric_table(
        "Cumulative position by scenario (the DSG balance; below zero is a deficit)",
        &heads,
        &rows,
    );
    format!(
        "{heading}<p class=\"govuk-body\">Each mitigation changes the council's own forecast from its start date: \
         how many children join, leave or move into or out of a setting, what a place costs, or how many \
         places there are. Its effect is the forecast with it less the forecast without it, both run with \
         the same {sims} simulations and seed {seed}, so the difference is the mitigation's alone. The \
         change in annual cost is added to each year's high needs expenditure in the <a class=\"govuk-link\" \
         href=\"/finance/dsg-plan\">DSG management plan</a>, and the trajectory is the cumulative DSG \
         balance: the balance brought forward and every block's in-year position, as the plan's financial \
         summary has them.</p>\
         <h2 class=\"govuk-heading-m\">Deficit trajectory</h2>{chart}{trajectory}{mitigations}{scenarios}",
        sims = c.plan.forecast.simulations,
        seed = c.plan.forecast.seed,
        mitigations = mitigations_table(c),
        scenarios = scenarios_table(c),
    )
}

/// The mean change in annual cost in the last year forecast, or why there is none.
fn effect_cell(applied: &Applied) -> String {
    match &applied.effect {
        Ok(e) => e
            .years
            .last()
            .map_or_else(String::new, |y| y.mean_cost.to_string()),
        Err(reason) => format!("Cannot be applied: {}", escape(reason)),
    }
}

fn mitigations_table(c: &Comparison) -> String {
    if c.mitigations.is_empty() {
        return "<h2 class=\"govuk-heading-m\">Mitigations</h2><p class=\"govuk-body\">No mitigations are recorded yet.</p>"
            .into();
    }
    let last = c.plan.summary.years.last().map(|y| y.year.to_string());
    let rows: Vec<Vec<String>> = (c.mitigations.iter())
        .map(|(m, applied)| {
            let mut row = vec![
                escape(&m.plan.name),
                escape(m.plan.theme.label()),
                escape(&m.plan.owner),
                escape(m.plan.rag.label()),
                escape(&m.plan.describe()),
                effect_cell(applied),
                last_cumulative(&with_applied(c, applied)),
            ];
            if c.may_set {
                row.push(format!(
                    "<a class=\"govuk-link\" href=\"{PATH}/mitigations/{id}\">Change<span class=\"govuk-visually-hidden\"> {name}</span></a>",
                    id = m.mitigation_id,
                    name = escape(&m.plan.name)
                ));
            }
            row
        })
        .collect();
    let effect_head = format!(
        "Change in annual cost, January {}",
        c.plan
            .forecast
            .outcome
            .as_ref()
            .ok()
            .and_then(|r| r.years.last())
            .map_or(0, |y| y.year)
    );
    let position_head = format!("Cumulative position to {}", last.unwrap_or_default());
    let mut heads = vec![
        "Mitigation",
        "Theme",
        "Owner",
        "RAG",
        "Change",
        effect_head.as_str(),
        position_head.as_str(),
    ];
    if c.may_set {
        heads.push("Action");
    }
    format!(
        "<h2 class=\"govuk-heading-m\">Mitigations</h2>{}",
        table("Mitigations, each applied alone", &heads, &rows)
    )
}

fn scenarios_table(c: &Comparison) -> String {
    if c.scenarios.is_empty() {
        return "<h2 class=\"govuk-heading-m\">Scenarios</h2><p class=\"govuk-body\">No scenarios yet: a scenario combines mitigations.</p>".into();
    }
    let name_of = |id: i64| {
        (c.mitigations.iter())
            .find(|(m, _)| m.mitigation_id == id)
            .map_or_else(String::new, |(m, _)| escape(&m.plan.name))
    };
    let rows: Vec<Vec<String>> = (c.scenarios.iter())
        .map(|(s, applied)| {
            let names: Vec<String> = s.mitigation_ids.iter().map(|&id| name_of(id)).collect();
            vec![
                escape(&s.name),
                names.join("; "),
                effect_cell(applied),
                last_cumulative(&with_applied(c, applied)),
            ]
        })
        .collect();
    format!(
        "<h2 class=\"govuk-heading-m\">Scenarios</h2>{}",
        table(
            "Scenarios side by side",
            &[
                "Scenario",
                "Mitigations",
                "Change in annual cost, last January",
                "Cumulative position, last year"
            ],
            &rows
        )
    )
}

/// The settings a mitigation may name: those the forecast has.
fn settings(c: &Comparison) -> Vec<(String, String)> {
    let mut codes: Vec<PlacementCategory> = (c.plan.forecast.outcome.iter())
        .flat_map(|r| r.years.first())
        .flat_map(|y| y.by_setting.iter())
        .filter_map(|(code, _)| PlacementCategory::parse(code).ok())
        .collect();
    codes.dedup();
    codes
        .into_iter()
        .map(|c| (c.code().to_owned(), c.label().to_owned()))
        .collect()
}

/// The fields of the mitigation form, filled from `typed`.
pub(super) fn mitigation_fields(c: &Comparison, typed: &Typed, problems: &Problems) -> String {
    let settings = settings(c);
    let pairs = |all: &[(&str, &str)]| -> Vec<(String, String)> {
        all.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    };
    let kinds: Vec<(&str, &str)> = ChangeKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect();
    let themes: Vec<(&str, &str)> = Theme::ALL.iter().map(|t| (t.code(), t.label())).collect();
    let rags: Vec<(&str, &str)> = Rag::ALL.iter().map(|r| (r.code(), r.label())).collect();
    [
        typed_input(typed, problems, "name", "Name", None, None),
        radios("theme", "Theme", &themes, typed.get("theme"), problems),
        typed_input(typed, problems, "owner", "Owner", None, None),
        radios("rag", "RAG rating", &rags, typed.get("rag"), problems),
        select(
            "change",
            "What changes",
            &pairs(&kinds),
            typed.get("change"),
            problems,
        ),
        select(
            "setting",
            "Setting",
            &settings,
            typed.get("setting"),
            problems,
        ),
        radios(
            "direction",
            "Decrease or increase (rates and cost)",
            &[("decrease", "Decrease"), ("increase", "Increase")],
            typed.get("direction"),
            problems,
        ),
        typed_input(
            typed,
            problems,
            "percentage",
            "By what percentage (rates and cost)",
            Some("For example, 20"),
            None,
        ),
        typed_input(
            typed,
            problems,
            "places",
            "Places (capacity)",
            Some("The most children the setting takes"),
            None,
        ),
        select(
            "excess_to",
            "Where children over capacity go (capacity)",
            &settings,
            typed.get("excess_to"),
            problems,
        ),
        typed_input(
            typed,
            problems,
            "from",
            "From",
            Some("The day it starts, as YYYY-MM-DD, for example 2026-09-01"),
            None,
        ),
    ]
    .concat()
}

fn mitigation_form(
    c: &Comparison,
    typed: &Typed,
    problems: &Problems,
    csrf_token: &str,
    today: chrono::NaiveDate,
) -> String {
    let mut defaults = Typed(typed.0.clone());
    if typed.get("from").is_empty() {
        defaults
            .0
            .push(("from".into(), next_september(today).to_string()));
    }
    format!(
        "<h2 class=\"govuk-heading-m\" id=\"add-mitigation\">Add a mitigation</h2>{}",
        form(
            &format!("{PATH}/mitigations"),
            csrf_token,
            &format!(
                "{}{}",
                mitigation_fields(c, &defaults, problems),
                button("Add mitigation")
            )
        )
    )
}

fn scenario_form(c: &Comparison, typed: &Typed, problems: &Problems, csrf_token: &str) -> String {
    if c.mitigations.is_empty() {
        return String::new();
    }
    let chosen = typed.all("mitigations");
    let boxes = govuk::Checkboxes {
        id_prefix: Some("mitigations".into()),
        name: Some("mitigations".into()),
        fieldset: Some(govuk::ChoicesFieldset {
            legend: Some(govuk::Legend {
                text: Some("Mitigations in the scenario".into()),
                classes: Some("govuk-fieldset__legend--s".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        items: (c.mitigations.iter())
            .map(|(m, _)| {
                let id = m.mitigation_id.to_string();
                Some(govuk::ChoiceItem {
                    checked: Some(chosen.contains(&id)),
                    value: Some(id),
                    text: Some(m.plan.name.clone()),
                    ..Default::default()
                })
            })
            .collect(),
        error_message: crate::pages::form_support::error_for(problems, "mitigations"),
        ..Default::default()
    }
    .render();
    let removals: String = (c.scenarios.iter())
        .map(|(s, _)| {
            form(
                &format!("{PATH}/scenarios/{}/remove", s.scenario_id),
                csrf_token,
                &format!(
                    "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Remove scenario<span class=\"govuk-visually-hidden\"> {}</span></button>",
                    escape(&s.name)
                ),
            )
        })
        .collect();
    format!(
        "<h2 class=\"govuk-heading-m\">Compose a scenario</h2>{}{removals}",
        form(
            &format!("{PATH}/scenarios"),
            csrf_token,
            &format!(
                "{}{boxes}{}",
                typed_input(
                    typed,
                    problems,
                    "scenario_name",
                    "Scenario name",
                    None,
                    None
                ),
                button("Add scenario")
            )
        )
    )
}
