//! `/finance/sensitivity?percent=N&year=Y`: how the forecast cost of high needs, and so the
//! deficit, moves with N % more or fewer pupils entering each provision type and with N % more
//! or less spend per pupil in each (`app::finance::sensitivity`). A GET form chooses N and the
//! year of the tornado chart, which sits above a table of the same figures; a second table
//! gives every projected year.

use app::error::AppError;
use app::finance::sensitivity::{DEFAULT_PERCENT, MAX_PERCENT, SensitivityReport, sensitivity};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::Local;
use domain::Pence;
use domain::forecast::scenario::{Measure, Sensitivity, TornadoBar};
use serde::Deserialize;

use crate::chart::{Swing, tornado};
use crate::html::{error_summary, escape, numeric_table, text_input};
use crate::pages::errors;
use crate::pages::form_support::{Problems, field_errors, signed_in_page};
use crate::pages::governance::select;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

const PATH: &str = "/finance/sensitivity";
const TITLE: &str = "Sensitivity analysis";

#[derive(Deserialize)]
pub struct PageQuery {
    percent: Option<String>,
    year: Option<String>,
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
    let percent = q.percent.unwrap_or_else(|| DEFAULT_PERCENT.to_string());
    let today = Local::now().date_naive();
    let (body, problems) = match sensitivity(state.store(), &current.actor, today, &percent).await {
        Ok(report) => report_body(&report, q.year.as_deref()),
        Err(e @ AppError::Invalid(_)) => match field_errors(e, str::to_owned) {
            Ok(problems) => (choose_form(&percent, None, &[], &problems), problems),
            Err(e) => return errors::for_app_error(&state, &e),
        },
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let title = if problems.is_empty() {
        TITLE.to_owned()
    } else {
        format!("Error: {TITLE}")
    };
    let html = format!(
        "{}<h1 class=\"govuk-heading-l\">{TITLE}</h1>{body}",
        error_summary(&problems)
    );
    signed_in_page(&state, &current, PATH, &title, html, !problems.is_empty())
}

/// The GET form choosing N and the tornado's year (when there are years to choose).
fn choose_form(percent: &str, year: Option<i32>, years: &[i32], problems: &Problems) -> String {
    let error = problems
        .iter()
        .find(|(f, _)| f == "percent")
        .map(|(_, m)| m.as_str());
    let percent_input = text_input(
        "percent",
        "Percentage higher and lower",
        percent,
        Some(&format!("A whole number from 1 to {MAX_PERCENT}")),
        error,
        None,
    );
    let year_select = if years.is_empty() {
        String::new()
    } else {
        let options: Vec<(String, String)> = years
            .iter()
            .map(|y| (y.to_string(), format!("January {y}")))
            .collect();
        let chosen = year.map(|y| y.to_string()).unwrap_or_default();
        select(
            "year",
            "Year of the tornado chart",
            &options,
            &chosen,
            problems,
        )
    };
    format!(
        "<form method=\"get\" action=\"{PATH}\" novalidate>{percent_input}{year_select}\
         <button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Show</button></form>"
    )
}

/// The page below the heading for a report, with any problem with the chosen year.
fn report_body(r: &SensitivityReport, year: Option<&str>) -> (String, Problems) {
    let s = match &r.outcome {
        Ok(s) => s,
        Err(reason) => {
            let text = format!(
                "<p class=\"govuk-body\">There is no forecast to test: the {}.</p>",
                escape(reason)
            );
            return (text, Vec::new());
        }
    };
    let last = s.years.last().copied();
    let mut problems = Vec::new();
    let chosen = match year.map(str::trim).filter(|y| !y.is_empty()) {
        None => last,
        Some(text) => match text.parse::<i32>().ok().filter(|y| s.years.contains(y)) {
            Some(y) => Some(y),
            None => {
                problems.push((
                    "year".to_owned(),
                    "Choose one of the years forecast for the tornado chart".to_owned(),
                ));
                last
            }
        },
    };
    let n = r.percent;
    let intro = format!(
        "<p class=\"govuk-body\">How the forecast cost of high needs moves if, in each type of provision, \
         (a) {n}% more or fewer children enter it each year than forecast (joining a plan there or moving \
         in from another provision, from the first year forecast; the change builds up as they stay, move \
         on and leave), or (b) {n}% more or less is spent on each child in it (exactly {n}% of its \
         forecast cost). Each is the forecast with the change less the forecast without it, from the \
         January {census} census, both run with the same {sims} simulations and seed {seed}, so the \
         figures are the same each time the page is read until the casework changes.</p>\
         <p class=\"govuk-body\">A positive figure is a rise in cost, and so a rise in the deficit (or a \
         smaller surplus) in the <a class=\"govuk-link\" href=\"/finance/dsg-plan\">DSG management plan</a>; \
         a negative figure is a fall. See also <a class=\"govuk-link\" href=\"/finance/scenarios\">mitigations \
         and scenarios</a>.</p>",
        census = r.census_year,
        sims = r.simulations,
        seed = r.seed,
    );
    let form = choose_form(&n.to_string(), chosen, &s.years, &problems);
    let chart = chosen.map_or_else(String::new, |y| tornado_section(s, n, y));
    (format!("{intro}{form}{chart}{}", by_year(s, n)), problems)
}

fn measure_label(measure: Measure) -> &'static str {
    match measure {
        Measure::Pupils => "pupils",
        Measure::Activity => "spend per pupil",
    }
}

/// Pence as £ thousands for the chart's scale.
#[allow(clippy::cast_precision_loss)] // far below 2^53 pence
fn thousands(p: Pence) -> f64 {
    p.get() as f64 / 100_000.0
}

fn tornado_section(s: &Sensitivity, n: u32, year: i32) -> String {
    let bars: Vec<TornadoBar> = s.tornado(year);
    let labels: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", b.provision, measure_label(b.measure)))
        .collect();
    let swings: Vec<Swing<'_>> = bars
        .iter()
        .zip(&labels)
        .map(|(b, label)| Swing {
            label,
            lower: thousands(b.lower),
            higher: thousands(b.higher),
        })
        .collect();
    let lower = format!("{n}% lower");
    let higher = format!("{n}% higher");
    let chart = tornado(
        "sensitivity-tornado",
        &format!(
            "Change in the cost of high needs in January {year} with each provision's pupils or spend \
             per pupil {n}% lower and higher, largest swing first, £ thousands"
        ),
        [&lower, &higher],
        &swings,
    );
    let rows: Vec<Vec<String>> = bars
        .iter()
        .map(|b| {
            vec![
                escape(&b.provision),
                measure_label(b.measure).to_owned(),
                b.lower.to_string(),
                b.higher.to_string(),
                b.swing().to_string(),
            ]
        })
        .collect();
    let table = numeric_table(
        &format!("Change in cost, January {year}, largest swing first"),
        &["Provision", "Measure", &lower, &higher, "Swing"],
        &rows,
    );
    format!(
        "<h2 class=\"govuk-heading-m\">Tornado chart, January {year}</h2>{chart}<div id=\"tornado-table\">{table}</div>"
    )
}

/// Every provision and measure's change in cost, and so in the deficit, in each year.
fn by_year(s: &Sensitivity, n: u32) -> String {
    let years: Vec<String> = s.years.iter().map(|y| format!("January {y}")).collect();
    let mut heads = vec!["Provision", "Change"];
    heads.extend(years.iter().map(String::as_str));
    let money = |v: &[Pence]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
    let mut rows = vec![{
        let mut row = vec!["All provision".to_owned(), "Forecast cost".to_owned()];
        row.extend(money(&s.baseline_cost));
        row
    }];
    for p in &s.provisions {
        let changes = [
            (format!("{n}% fewer pupils entering"), &p.pupils[0]),
            (format!("{n}% more pupils entering"), &p.pupils[1]),
            (format!("{n}% less spend per pupil"), &p.activity[0]),
            (format!("{n}% more spend per pupil"), &p.activity[1]),
        ];
        for (change, values) in changes {
            let mut row = vec![escape(&p.provision), change];
            row.extend(money(values));
            rows.push(row);
        }
    }
    format!(
        "<h2 class=\"govuk-heading-m\">Change in the deficit by year</h2>{}",
        numeric_table(
            "Change in cost, and so in the deficit, each year forecast (positive: the deficit rises)",
            &heads,
            &rows
        )
    )
}
