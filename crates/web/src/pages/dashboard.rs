//! The EHC timeliness dashboard: the DfE's measures by year and month from the council's own
//! casework, beside its published figures and England's.

use app::dashboard::{EhcDashboard, PUBLISHED_YEARS, Published, ehc_dashboard};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use domain::measures::Ratio;
use serde::Deserialize;

use crate::chart::percent_bars;
use crate::html::{escape, table};
use crate::layout::{Page, render};
use crate::pages::errors;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
}

fn ratio(r: &Ratio) -> String {
    match r.percent() {
        Some(p) => format!("{p:.1}% ({} of {})", r.numerator, r.denominator),
        None => format!("No cases ({} of {})", r.numerator, r.denominator),
    }
}

fn published(p: Option<&Published>) -> String {
    match p {
        Some(Published {
            numerator: Some(n),
            denominator: Some(d),
            percent: Some(pc),
        }) => {
            format!("{pc:.1}% ({n:.0} of {d:.0})")
        }
        Some(Published {
            percent: Some(pc), ..
        }) => format!("{pc:.1}%"),
        _ => "Not published".into(),
    }
}

pub async fn ehc(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(q): Query<YearQuery>,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/dashboard/ehc").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let year = q
        .year
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or(*PUBLISHED_YEARS.end());
    let d: EhcDashboard = match ehc_dashboard(state.store(), &current.actor, year).await {
        Ok(d) => d,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let own = d.published.as_ref();
    let england = d.england.as_ref();
    let summary = table(
        &format!("EHC needs assessments and plans, {year}"),
        &[
            "Measure",
            "This council, from its casework",
            "This council, published by the DfE",
            "England, published by the DfE",
        ],
        &[
            vec![
                "Plans issued within 20 weeks, excluding exceptions".into(),
                ratio(&d.council.within_20_weeks_excl_exceptions),
                escape(&published(own.map(|p| &p.within_20_weeks_excl_exceptions))),
                escape(&published(
                    england.map(|p| &p.within_20_weeks_excl_exceptions),
                )),
            ],
            vec![
                "Plans issued within 20 weeks, including exceptions".into(),
                ratio(&d.council.within_20_weeks_incl_exceptions),
                escape(&published(own.map(|p| &p.within_20_weeks_incl_exceptions))),
                escape(&published(
                    england.map(|p| &p.within_20_weeks_incl_exceptions),
                )),
            ],
            vec![
                "Decisions whether to assess made within 6 weeks".into(),
                ratio(&d.council.decisions_within_6_weeks),
                "Not in the DfE tables shipped".into(),
                "Not in the DfE tables shipped".into(),
            ],
            vec![
                "Requests refused (of those decided)".into(),
                ratio(&d.council.requests_refused),
                own.and_then(|p| p.requests_refused)
                    .map_or("Not published".into(), |v| format!("{v:.0} refused")),
                england
                    .and_then(|p| p.requests_refused)
                    .map_or("Not published".into(), |v| format!("{v:.0} refused")),
            ],
            vec![
                "Assessments not leading to a plan".into(),
                ratio(&d.council.assessments_without_plan),
                String::new(),
                String::new(),
            ],
            vec![
                "Requests received".into(),
                d.council.requests_received.to_string(),
                own.and_then(|p| p.requests_received)
                    .map_or("Not published".into(), |v| format!("{v:.0}")),
                england
                    .and_then(|p| p.requests_received)
                    .map_or("Not published".into(), |v| format!("{v:.0}")),
            ],
            vec![
                "Plans ceased".into(),
                d.council.ceased.total().to_string(),
                String::new(),
                String::new(),
            ],
        ],
    );
    let bars: Vec<(String, Option<f64>)> = d
        .months
        .iter()
        .map(|(period, m)| {
            (
                period.to_string().chars().skip(5).collect(),
                m.within_20_weeks_excl_exceptions.percent(),
            )
        })
        .collect();
    let chart = percent_bars(
        "twenty-weeks",
        &format!("Plans issued within 20 weeks, excluding exceptions, by month of issue, {year}"),
        &bars,
    );
    let monthly = table(
        &format!("Plans issued within 20 weeks by month, {year}"),
        &[
            "Month",
            "Excluding exceptions",
            "Including exceptions",
            "Decisions within 6 weeks",
        ],
        &d.months
            .iter()
            .map(|(period, m)| {
                vec![
                    escape(&period.to_string()),
                    ratio(&m.within_20_weeks_excl_exceptions),
                    ratio(&m.within_20_weeks_incl_exceptions),
                    ratio(&m.decisions_within_6_weeks),
                ]
            })
            .collect::<Vec<_>>(),
    );
    let years: String = PUBLISHED_YEARS
        .rev()
        .map(|y| {
            if y == year {
                format!("<li><strong>{y}</strong></li>")
            } else {
                format!("<li><a class=\"govuk-link\" href=\"/dashboard/ehc?year={y}\">{y}</a></li>")
            }
        })
        .collect();
    let body = format!(
        "<h1 class=\"govuk-heading-l\">Timeliness of EHC needs assessments and plans</h1>\
         <p class=\"govuk-body\">Measured as the Department for Education defines them: a plan counts in the year it was issued, \
         and is on time when issued within 20 weeks (140 days) of the request (SEND Regulations 2014, regulation 13(2)).</p>\
         <nav aria-label=\"Years\"><ul class=\"govuk-list\">{years}</ul></nav>\
         {summary}<h2 class=\"govuk-heading-m\">By month</h2>{chart}{monthly}"
    );
    let page = Page {
        title: "Timeliness of EHC needs assessments and plans",
        actor: Some(&current.actor),
        path: "/dashboard/ehc",
        csrf_token: Some(&current.csrf_token),
        body,
        has_errors: false,
    };
    Html(render(&state, page)).into_response()
}
