//! `/finance/backtest?fit_to=2021`: how the forecast's method would have done on the signed-in
//! council's own published caseloads (`app::backtest::council_backtest`, docs/backtest.md). The
//! published series, the model's forecast with its 95 % range and the linear trend are drawn as
//! lines above a table of the same figures. The council is always the signed-in one: an `la`
//! in the address other than its own code is refused rather than shown.

use app::backtest::{CouncilBacktest, SEED, SIMULATIONS, council_backtest};
use app::error::AppError;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use domain::forecast::backtest::{Accuracy, Council, Method};
use serde::Deserialize;

use crate::chart::{Band, Series, count_lines};
use crate::html::{escape, table};
use crate::pages::errors;
use crate::pages::form_support::signed_in_page;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

const PATH: &str = "/finance/backtest";
const TITLE: &str = "Forecast backtest";

#[derive(Deserialize)]
pub struct BacktestQuery {
    la: Option<String>,
    fit_to: Option<String>,
}

pub async fn backtest(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(q): Query<BacktestQuery>,
) -> Response {
    let current = match session::require(&state, &headers, &from, PATH).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let own = current.actor.la.to_string();
    if q.la.as_deref().is_some_and(|la| la.trim() != own) {
        // Another council's page is not this user's to know about.
        return errors::for_app_error(
            &state,
            &AppError::NotFound("that council's backtest".into()),
        );
    }
    let fit_to = q.fit_to.and_then(|y| y.trim().parse::<i32>().ok());
    let b = match council_backtest(&current.actor, fit_to) {
        Ok(b) => b,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    signed_in_page(&state, &current, PATH, TITLE, body(&b), false)
}

/// The page's content: the same backtest always gives the same content.
fn body(b: &CouncilBacktest) -> String {
    let name = b
        .series
        .as_ref()
        .map_or_else(String::new, |s| format!(": {}", escape(&s.name)));
    let years: String = b
        .fit_years
        .clone()
        .rev()
        .map(|y| {
            if y == b.fit_to {
                format!("<li><strong>Up to {y}</strong></li>")
            } else {
                format!("<li><a class=\"govuk-link\" href=\"{PATH}?fit_to={y}\">Up to {y}</a></li>")
            }
        })
        .collect();
    let result = match &b.result {
        Ok(c) => council(b, c),
        Err(reason) => format!(
            "<p class=\"govuk-body\">This council cannot be backtested from {}: {}.</p>",
            b.fit_to,
            escape(reason)
        ),
    };
    format!(
        "<h1 class=\"govuk-heading-l\">{TITLE}{name}</h1>\
         <p class=\"govuk-body\">How the forecast's method would have done: fitted on the council's published \
         January caseloads and new plans up to one year, its forecast of the next three Januaries beside what the \
         Department for Education then published, and beside a straight line through the same years. The method \
         is the forecast's with one group, \"has a plan\": the share of plans that leave each year and the new \
         plans a year are held at their averages over the years fitted on ({SIMULATIONS} simulations, seed {SEED}).</p>\
         <nav aria-label=\"Years fitted on\"><h2 class=\"govuk-heading-s\">Fitted on the Januaries</h2>\
         <ul class=\"govuk-list\">{years}</ul></nav>{result}"
    )
}

fn council(b: &CouncilBacktest, c: &Council) -> String {
    let Some(series) = &b.series else {
        return String::new();
    };
    let years: Vec<i32> = series.years.keys().copied().collect();
    let labels: Vec<String> = years.iter().map(ToString::to_string).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let outcome = |y: i32| c.outcomes.iter().find(|o| o.year == y);
    // The model starts from the last January fitted on, so its line joins the series there.
    let start = |y: i32| (y == b.fit_to).then_some(c.model.start_caseload as f64);
    #[allow(clippy::cast_precision_loss)] // caseloads are far below 2^53
    let published = years
        .iter()
        .map(|&y| series.caseload(y).map(|v| v as f64))
        .collect();
    let model = years
        .iter()
        .map(|&y| outcome(y).map(|o| o.model.mean).or_else(|| start(y)))
        .collect();
    // The line is drawn from its own value in the last January fitted on, which is not the
    // published one: it is fitted through all the years.
    let trend = years
        .iter()
        .map(|&y| {
            outcome(y)
                .map(|o| o.trend)
                .or_else(|| (y == b.fit_to).then(|| c.trend.predict(y)))
        })
        .collect();
    let band: Vec<Option<(f64, f64)>> = years
        .iter()
        .map(|&y| {
            outcome(y)
                .map(|o| (o.model.low_95, o.model.high_95))
                .or_else(|| start(y).map(|s| (s, s)))
        })
        .collect();
    let chart = count_lines(
        "backtest",
        &format!(
            "Children and young people with a plan each January: published, and forecast from {}",
            b.fit_to
        ),
        &labels,
        &[
            Series {
                name: "Published",
                values: published,
            },
            Series {
                name: "Model forecast (mean)",
                values: model,
            },
            Series {
                name: "Linear trend",
                values: trend,
            },
        ],
        Some(Band {
            name: "Model's 95% range",
            ranges: &band,
        }),
    );
    let rows: Vec<Vec<String>> = years
        .iter()
        .map(|&y| {
            let actual = series
                .caseload(y)
                .map_or_else(|| "Not published".to_owned(), |v| v.to_string());
            match outcome(y) {
                Some(o) => vec![
                    y.to_string(),
                    actual,
                    format!("{:.0}", o.model.mean),
                    format!("{:.0} to {:.0}", o.model.low_95, o.model.high_95),
                    format!("{:+.1}%", o.percentage_error(Method::Model)),
                    format!("{:.0}", o.trend),
                    format!("{:+.1}%", o.percentage_error(Method::Trend)),
                ],
                None => {
                    let mut row = vec![y.to_string(), actual];
                    row.extend(std::iter::repeat_n(String::new(), 5));
                    row
                }
            }
        })
        .collect();
    let figures = table(
        "Published and forecast caseloads",
        &[
            "January",
            "Published",
            "Model forecast",
            "Model 95% range",
            "Model error",
            "Linear trend",
            "Trend error",
        ],
        &rows,
    );
    let summary: String = Method::ALL
        .iter()
        .filter_map(|&m| {
            let a = Accuracy::of(m, &c.outcomes)?;
            Some(format!(
                "<li>{}: mean absolute percentage error {:.1}%{}</li>",
                capitalised(m.label()),
                a.mape,
                a.coverage.map_or_else(String::new, |cov| format!(
                    ", {:.0} of {} actuals inside its 95% range",
                    cov * a.forecasts as f64,
                    a.forecasts
                ))
            ))
        })
        .collect();
    format!(
        "<h2 class=\"govuk-heading-m\">Forecast from {fit_to}</h2>{chart}\
         <ul class=\"govuk-list govuk-list--bullet\">{summary}</ul>{figures}\
         <p class=\"govuk-body\">A 95% range that misses the published figure means demand changed in a way \
         the past years did not show; the forecast's own ranges assume the past rates hold, in the same way.</p>",
        fit_to = b.fit_to
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
