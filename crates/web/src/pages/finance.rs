//! `/finance/committed?year=2026`: committed cost by high needs budget line for the financial
//! year starting in April of that year (`app::finance::committed_cost`), as a table.

use app::finance::committed_cost;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::Local;
use domain::FinancialYear;
use serde::Deserialize;

use crate::html::{escape, table};
use crate::pages::errors;
use crate::pages::form_support::signed_in_page;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct YearQuery {
    pub(crate) year: Option<String>,
}

/// The year asked for: `2026` or `2026-27`; this financial year when absent or unreadable.
pub(crate) fn year_of(asked: Option<&str>) -> FinancialYear {
    let today = FinancialYear::containing(Local::now().date_naive());
    let Some(text) = asked.map(str::trim) else {
        return today;
    };
    text.parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .map(FinancialYear::new)
        .or_else(|| text.parse::<FinancialYear>().ok())
        .unwrap_or(today)
}

pub async fn committed(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(q): Query<YearQuery>,
) -> Response {
    let path = "/finance/committed";
    let current = match session::require(&state, &headers, &from, path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let year = year_of(q.year.as_deref());
    let cost = match committed_cost(state.store(), &current.actor, year).await {
        Ok(c) => c,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let mut rows: Vec<Vec<String>> = cost
        .lines
        .iter()
        .map(|(line, amount)| vec![escape(line.label()), amount.to_string()])
        .collect();
    rows.push(vec![
        "<strong>High needs total (without transport)</strong>".into(),
        format!("<strong>{}</strong>", cost.high_needs_total()),
    ]);
    let start = year.start().format("%-d %B %Y");
    let end = year.end().format("%-d %B %Y");
    let body = format!(
        "<h1 class=\"govuk-heading-l\">Committed cost {year}</h1>\
         <p class=\"govuk-body\">What the {n} placements with recorded costs commit from {start} to {end}, \
         each pro rata to the days it runs in the year, by high needs budget line. Place funding, top-up \
         and fees count on the placement's line; home to school transport is paid from the general fund \
         and is not in the high needs total.</p>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"{path}?year={prev}\">{prev_label}</a> · \
         <a class=\"govuk-link\" href=\"{path}?year={next}\">{next_label}</a> · \
         <a class=\"govuk-link\" href=\"/finance/budget?year={this}\">High needs budget {year}</a></p>{table}",
        this = year.start_year(),
        n = cost.placements,
        prev = year.previous().start_year(),
        prev_label = year.previous(),
        next = year.next().start_year(),
        next_label = year.next(),
        table = table(
            &format!("Committed cost by budget line, {year}"),
            &["Budget line", "Committed"],
            &rows
        ),
    );
    signed_in_page(
        &state,
        &current,
        path,
        &format!("Committed cost {year}"),
        body,
        false,
    )
}
