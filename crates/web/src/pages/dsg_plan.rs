//! `/finance/forecast`: the council's own forecast of plans and their cost
//! (`app::finance::forecast`), and `/finance/dsg-plan`: the DSG management plan's tables
//! (`app::finance::dsg_plan`), with `/finance/dsg-plan/plans.csv` and
//! `/finance/dsg-plan/finance.csv` (docs/formats/dsg-plan.md). Charts sit above tables of the
//! same figures.

use app::finance::dsg_plan::{DsgPlan, dsg_plan};
use app::finance::forecast::{CouncilForecast, HISTORY_YEARS, council_forecast};
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use chrono::Local;
use domain::high_needs::dsg_plan::{PlanTables, plans_csv};
use domain::high_needs::dsg_summary::finance_csv;

use super::dsg_summary::finance_section;
use crate::chart::{Band, Series, count_lines};
use crate::html::{escape, numeric_table};
use crate::pages::errors;
use crate::pages::form_support::signed_in_page;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

const FORECAST_PATH: &str = "/finance/forecast";
const PLAN_PATH: &str = "/finance/dsg-plan";

pub async fn forecast(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, FORECAST_PATH).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let today = Local::now().date_naive();
    match council_forecast(state.store(), &current.actor, today).await {
        Ok(f) => {
            let body = forecast_body(&f);
            signed_in_page(&state, &current, FORECAST_PATH, "Forecast", body, false)
        }
        Err(e) => errors::for_app_error(&state, &e),
    }
}

/// How the forecast was made, in a sentence for each page that shows it.
fn method(f: &CouncilForecast) -> String {
    format!(
        "The forecast learns how children joined, left and moved between settings from the council's own \
         casework over the {HISTORY_YEARS} Januaries up to {census}, and runs {sims} simulations from the \
         plans in force in January {census} (seed {seed}, so the figures are the same each time the page \
         is read until the casework changes). Costs are each need and setting's mean annual cost on the \
         placements recorded in January {census}.",
        census = f.census_year,
        sims = f.simulations,
        seed = f.seed,
    )
}

fn forecast_body(f: &CouncilForecast) -> String {
    let heading = "<h1 class=\"govuk-heading-l\">Forecast of plans and their cost</h1>";
    let run = match &f.outcome {
        Ok(run) => run,
        Err(reason) => {
            return format!(
                "{heading}<p class=\"govuk-body\">There is no forecast: the {}.</p>",
                escape(reason)
            );
        }
    };
    let labels: Vec<String> = run.years.iter().map(|y| y.year.to_string()).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let band: Vec<Option<(f64, f64)>> = (run.years.iter())
        .map(|y| Some((y.plans.low_95, y.plans.high_95)))
        .collect();
    let chart = count_lines(
        "forecast-plans",
        "Children and young people with a plan each January: counted, then forecast",
        &labels,
        &[Series {
            name: "Plans (mean)",
            values: run.years.iter().map(|y| Some(y.plans.mean)).collect(),
        }],
        Some(Band {
            name: "95% range",
            ranges: &band,
        }),
    );
    let rows: Vec<Vec<String>> = (run.years.iter())
        .map(|y| {
            vec![
                y.year.to_string(),
                if y.year == f.census_year {
                    "Counted".into()
                } else {
                    "Forecast".into()
                },
                format!("{:.0}", y.plans.mean),
                format!("{:.0} to {:.0}", y.plans.low_95, y.plans.high_95),
                pounds(y.cost.mean),
                format!("{} to {}", pounds(y.cost.low_95), pounds(y.cost.high_95)),
            ]
        })
        .collect();
    let table = numeric_table(
        "Plans and their annual cost by January",
        &[
            "January",
            "Basis",
            "Plans",
            "Plans, 95% range",
            "Annual cost",
            "Annual cost, 95% range",
        ],
        &rows,
    );
    let uncosted = if run.uncosted_settings.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = (run.uncosted_settings.iter())
            .map(|c| escape(c.label()))
            .collect();
        format!(
            "<div class=\"govuk-inset-text\">No costs are recorded for placements in these settings, so the \
             forecast costs them at nothing: {}.</div>",
            names.join("; ")
        )
    };
    format!(
        "{heading}<p class=\"govuk-body\">{method}</p>{uncosted}{chart}{table}\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"{PLAN_PATH}\">DSG management plan</a></p>",
        method = method(f),
    )
}

/// Whole pounds with separators, from a mean in pounds.
fn pounds(value: f64) -> String {
    domain::Pence((value * 100.0).round() as i64).to_string()
}

pub async fn plan(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, PLAN_PATH).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let today = Local::now().date_naive();
    match dsg_plan(state.store(), &current.actor, today).await {
        Ok(p) => {
            let body = plan_body(&p);
            signed_in_page(
                &state,
                &current,
                PLAN_PATH,
                "DSG management plan",
                body,
                false,
            )
        }
        Err(e) => errors::for_app_error(&state, &e),
    }
}

fn plan_body(p: &DsgPlan) -> String {
    let heading = format!(
        "<h1 class=\"govuk-heading-l\">DSG management plan from {}</h1>",
        p.year
    );
    if let Err(reason) = &p.forecast.outcome {
        return format!(
            "{heading}<p class=\"govuk-body\">The plan needs a forecast, and there is none: the {}.</p>",
            escape(reason)
        );
    }
    format!(
        "{heading}<p class=\"govuk-body\">The tables of the Department for Education's DSG management plan \
         template, from the council's casework, its high needs budget for {year} and its forecast. {method}</p>\
         <p class=\"govuk-body\">Download: <a class=\"govuk-link\" href=\"{PLAN_PATH}/finance.csv\" download>financial \
         summary (CSV)</a> · <a class=\"govuk-link\" href=\"{PLAN_PATH}/plans.csv\" download>plans by category, age \
         group and need (CSV)</a> · <a class=\"govuk-link\" href=\"{FORECAST_PATH}\">the forecast</a></p>\
         {finance}{plans}",
        year = p.year,
        method = method(&p.forecast),
        finance = finance_section(&p.summary),
        plans = plans_section(&p.plans),
    )
}

/// The plans by category, age group and need, one column a January.
fn plans_section(plans: &[PlanTables]) -> String {
    let labels: Vec<String> = plans.iter().map(|t| t.year.to_string()).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    #[allow(clippy::cast_precision_loss)] // caseloads are far below 2^53
    let chart = count_lines(
        "dsg-plans",
        "Plans each January: counted, then forecast",
        &labels,
        &[Series {
            name: "Plans",
            values: plans.iter().map(|t| Some(t.total as f64)).collect(),
        }],
        None,
    );
    let mut heads = vec![String::new()];
    heads.extend(plans.iter().map(|t| match t.basis {
        domain::high_needs::dsg_plan::Basis::Actual => format!("January {} (counted)", t.year),
        domain::high_needs::dsg_plan::Basis::Forecast => format!("January {} (forecast)", t.year),
    }));
    let table_of = |caption: &str, first: &str, rows: Vec<(String, Vec<u64>)>| {
        let mut heads: Vec<&str> = heads.iter().map(String::as_str).collect();
        heads[0] = first;
        let mut cells: Vec<Vec<String>> = rows
            .into_iter()
            .map(|(label, counts)| {
                let mut row = vec![escape(&label)];
                row.extend(counts.iter().map(u64::to_string));
                row
            })
            .collect();
        let mut total = vec!["<strong>Total</strong>".to_owned()];
        total.extend(
            plans
                .iter()
                .map(|t| format!("<strong>{}</strong>", t.total)),
        );
        cells.push(total);
        numeric_table(caption, &heads, &cells)
    };
    let column = |pick: &dyn Fn(&PlanTables) -> Vec<(String, u64)>| -> Vec<(String, Vec<u64>)> {
        let first = plans.first().map(pick).unwrap_or_default();
        (first.iter().enumerate())
            .map(|(i, (label, _))| {
                let counts = plans.iter().map(|t| pick(t)[i].1).collect();
                (label.clone(), counts)
            })
            .collect()
    };
    let by_category = column(&|t| {
        (t.by_category.iter())
            .map(|(g, n)| (g.label().to_owned(), *n))
            .collect()
    });
    let by_age = column(&|t| {
        (t.by_age.iter())
            .map(|(a, n)| (a.label().to_owned(), *n))
            .collect()
    });
    let by_need = column(&|t| {
        (t.by_need.iter())
            .map(|(n, c)| (format!("{} ({})", n.label(), n.code()), *c))
            .collect()
    });
    format!(
        "<h2 class=\"govuk-heading-m\">Children and young people with a plan</h2>\
         <p class=\"govuk-body\">Counted on the January census from casework, then the forecast's mean, each \
         breakdown rounded to whole plans so that it adds up to the year's total.</p>{chart}{}{}{}",
        table_of(
            "Plans by placement category",
            "Placement category",
            by_category
        ),
        table_of("Plans by age group", "Age group", by_age),
        table_of("Plans by primary need", "Primary need", by_need),
    )
}

/// A CSV file to download.
fn csv_file(name: &'static str, text: String) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        text,
    )
        .into_response()
}

pub async fn plans_file(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let path = "/finance/dsg-plan/plans.csv";
    let current = match session::require(&state, &headers, &from, path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match dsg_plan(state.store(), &current.actor, Local::now().date_naive()).await {
        Ok(p) => csv_file("dsg-plan-plans.csv", plans_csv(&p.plans)),
        Err(e) => errors::for_app_error(&state, &e),
    }
}

pub async fn finance_file(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let path = "/finance/dsg-plan/finance.csv";
    let current = match session::require(&state, &headers, &from, path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match dsg_plan(state.store(), &current.actor, Local::now().date_naive()).await {
        Ok(p) => csv_file(
            "dsg-plan-finance.csv",
            finance_csv(&p.summary.years, p.summary.mitigated.as_deref()),
        ),
        Err(e) => errors::for_app_error(&state, &e),
    }
}
