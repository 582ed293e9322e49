//! The EHC timeliness dashboard: the DfE's measures by calendar year and by month from the
//! council's own casework, each with its numerator and denominator, beside the council's
//! published figures and England's. Every chart sits above a table of the same figures.

use app::dashboard::{EhcDashboard, PUBLISHED_YEARS, Published, PublishedYear, ehc_dashboard};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, Local};
use domain::measures::{EhcMeasures, Period, Ratio};
use serde::Deserialize;

use crate::chart::{Scale, Series, count_bars, grouped_bars, percent_bars};
use crate::html::{escape, table};
use crate::layout::{Page, render};
use crate::pages::errors;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

/// One of the DfE's shares: where it is read from, and the rule behind it.
struct Measure {
    id: &'static str,
    name: &'static str,
    /// What a case in the numerator did, for the column heading.
    met: &'static str,
    /// The cases the share is of, for the column heading.
    of: &'static str,
    rule: &'static str,
    council: fn(&EhcMeasures) -> Ratio,
    published: fn(&PublishedYear) -> Published,
}

fn measures() -> [Measure; 6] {
    [
        Measure {
            id: "twenty-weeks-excl",
            name: "Plans issued within 20 weeks, excluding exceptions",
            met: "Within 20 weeks",
            of: "Plans issued (no exception)",
            rule: "By the day the final plan was issued; on time when issued at most 140 days after the request \
                   (SEND Regulations 2014, regulation 13(2)), leaving out plans where an exception of regulation 10(4) applied.",
            council: |m| m.within_20_weeks_excl_exceptions,
            published: |p| p.within_20_weeks_excl_exceptions,
        },
        Measure {
            id: "twenty-weeks-incl",
            name: "Plans issued within 20 weeks, including exceptions",
            met: "Within 20 weeks",
            of: "Plans issued",
            rule: "By the day the final plan was issued, every plan counted (regulation 13(2)).",
            council: |m| m.within_20_weeks_incl_exceptions,
            published: |p| p.within_20_weeks_incl_exceptions,
        },
        Measure {
            id: "six-weeks",
            name: "Decisions whether to assess made within 6 weeks",
            met: "Within 6 weeks",
            of: "Decisions made",
            rule: "By the day the decision was notified; on time when at most 42 days after the request \
                   (regulations 4 and 5(1)).",
            council: |m| m.decisions_within_6_weeks,
            published: |p| p.decisions_within_6_weeks,
        },
        Measure {
            id: "refused",
            name: "Requests refused",
            met: "Refused",
            of: "Decisions made",
            rule: "By the day the decision was notified: refusals of all decisions whether to assess.",
            council: |m| m.requests_refused,
            published: |p| p.requests_refused,
        },
        Measure {
            id: "no-plan",
            name: "Assessments not leading to a plan",
            met: "No plan issued",
            of: "Assessments completed",
            rule: "By the day the outcome of the assessment was notified (regulation 10(1)).",
            council: |m| m.assessments_without_plan,
            published: |p| p.assessments_without_plan,
        },
        Measure {
            id: "reviews",
            name: "Review decisions made within 4 weeks of the meeting",
            met: "Within 4 weeks",
            of: "Review decisions made",
            rule: "By the day of the review meeting; on time when the decision to maintain, amend or cease \
                   was notified at most 28 days after it (regulation 20(10)).",
            council: |m| m.review_decisions_within_4_weeks,
            published: |p| p.review_decisions_within_4_weeks,
        },
    ]
}

fn ratio(r: Ratio) -> String {
    match r.percent() {
        Some(p) => format!("{p:.1}% ({} of {})", r.numerator, r.denominator),
        None => format!("No cases ({} of {})", r.numerator, r.denominator),
    }
}

fn published(p: Option<Published>) -> String {
    match p {
        Some(Published {
            numerator: Some(n),
            denominator: Some(d),
            percent: Some(pc),
        }) => format!("{pc:.1}% ({n:.0} of {d:.0})"),
        Some(Published {
            percent: Some(pc), ..
        }) => format!("{pc:.1}%"),
        _ => "Not published".into(),
    }
}

fn published_count(p: Option<&PublishedYear>, value: fn(&PublishedYear) -> Option<f64>) -> String {
    p.and_then(value)
        .map_or("Not published".into(), |v| format!("{v:.0}"))
}

fn month_name(period: Period, long: bool) -> String {
    match period {
        Period::Month(year, month) => chrono::NaiveDate::from_ymd_opt(year, month, 1)
            .map(|d| {
                if long {
                    d.format("%B %Y").to_string()
                } else {
                    d.format("%b").to_string()
                }
            })
            .unwrap_or_else(|| period.to_string()),
        Period::Year(_) => period.to_string(),
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
    let this_year = Local::now().year();
    let year = q
        .year
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (*PUBLISHED_YEARS.start()..=this_year).contains(y))
        .unwrap_or(*PUBLISHED_YEARS.end());
    let d = match ehc_dashboard(state.store(), &current.actor, year).await {
        Ok(d) => d,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let body = rendered::body(&d, this_year);
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

/// The page's content for a dashboard: the same figures always give the same content.
fn body_for(d: &EhcDashboard, this_year: i32) -> String {
    let year = d.year;
    let years: String = (*PUBLISHED_YEARS.start()..=this_year)
        .rev()
        .map(|y| {
            if y == year {
                format!("<li><strong>{y}</strong></li>")
            } else {
                format!("<li><a class=\"govuk-link\" href=\"/dashboard/ehc?year={y}\">{y}</a></li>")
            }
        })
        .collect();
    let by_month: String = measures().iter().map(|m| monthly(d, m)).collect();
    format!(
        "<h1 class=\"govuk-heading-l\">Timeliness of EHC needs assessments and plans</h1>\
         <p class=\"govuk-body\">Measured as the Department for Education defines them, from the council's own casework. \
         Each measure counts a case in the calendar year and month of one date, given with the measure, so the months add up \
         to the year. The DfE publishes a year's figures the following June.</p>\
         <nav aria-label=\"Years\"><h2 class=\"govuk-heading-s\">Calendar year</h2>\
         <ul class=\"govuk-list\">{years}</ul></nav>\
         {summary}{trend}\
         <h2 class=\"govuk-heading-l\">{year} by month</h2>{by_month}{ceased}",
        summary = summary(d),
        trend = trend(d),
        ceased = ceased(d),
    )
}

/// Content already written for the dashboards the app keeps: while the casework is unchanged
/// the app hands back the same dashboard, and its content is not written again.
mod rendered {
    use std::sync::{Arc, LazyLock, Mutex, PoisonError, Weak};

    use super::EhcDashboard;

    type Written = Vec<(Weak<EhcDashboard>, i32, Arc<str>)>;

    static WRITTEN: LazyLock<Mutex<Written>> = LazyLock::new(|| Mutex::new(Vec::new()));

    /// At most this many are kept; the oldest go first.
    const CAPACITY: usize = 64;

    pub(super) fn body(d: &Arc<EhcDashboard>, this_year: i32) -> String {
        let found = {
            let written = WRITTEN.lock().unwrap_or_else(PoisonError::into_inner);
            written
                .iter()
                .find(|(w, y, _)| *y == this_year && std::ptr::eq(w.as_ptr(), Arc::as_ptr(d)))
                .map(|(_, _, body)| Arc::clone(body))
        };
        if let Some(body) = found {
            return body.to_string();
        }
        let body: Arc<str> = super::body_for(d, this_year).into();
        let mut written = WRITTEN.lock().unwrap_or_else(PoisonError::into_inner);
        written.retain(|(w, _, _)| w.strong_count() > 0);
        if written.len() >= CAPACITY {
            written.remove(0);
        }
        written.push((Arc::downgrade(d), this_year, Arc::clone(&body)));
        body.to_string()
    }
}

/// The year's figures, each measure beside the published ones.
fn summary(d: &EhcDashboard) -> String {
    let own = d.published.as_ref();
    let england = d.england.as_ref();
    let mut rows: Vec<Vec<String>> = measures()
        .iter()
        .map(|m| {
            vec![
                escape(m.name),
                ratio((m.council)(&d.council)),
                escape(&published(own.map(m.published))),
                escape(&published(england.map(m.published))),
            ]
        })
        .collect();
    rows.push(vec![
        "Requests received".into(),
        d.council.requests_received.to_string(),
        published_count(own, |p| p.requests_received),
        published_count(england, |p| p.requests_received),
    ]);
    rows.push(vec![
        "Review meetings held".into(),
        d.council.review_meetings_held.to_string(),
        "Not comparable (the DfE counts plans due a review)".into(),
        "Not comparable (the DfE counts plans due a review)".into(),
    ]);
    rows.push(vec![
        "Plans ceased".into(),
        d.council.ceased.total().to_string(),
        published_count(own, |p| p.ceased_total),
        published_count(england, |p| p.ceased_total),
    ]);
    table(
        &format!("EHC needs assessments and plans, {}", d.year),
        &[
            "Measure",
            "This council, from its casework",
            "This council, published by the DfE",
            "England, published by the DfE",
        ],
        &rows,
    )
}

/// The headline measure year by year, then every share year by year.
fn trend(d: &EhcDashboard) -> String {
    let labels: Vec<String> = d.years.iter().map(|y| y.year.to_string()).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let headline = |y: &app::dashboard::YearFigures| {
        (
            y.council.within_20_weeks_excl_exceptions.percent(),
            y.published
                .as_ref()
                .and_then(|p| p.within_20_weeks_excl_exceptions.percent),
            y.england
                .as_ref()
                .and_then(|p| p.within_20_weeks_excl_exceptions.percent),
        )
    };
    let mut series = vec![Series {
        name: "This council, from its casework",
        values: d.years.iter().map(|y| headline(y).0).collect(),
    }];
    if d.years.iter().any(|y| headline(y).1.is_some()) {
        series.push(Series {
            name: "This council, published",
            values: d.years.iter().map(|y| headline(y).1).collect(),
        });
    }
    series.push(Series {
        name: "England",
        values: d.years.iter().map(|y| headline(y).2).collect(),
    });
    let chart = grouped_bars(
        "twenty-weeks-by-year",
        "Plans issued within 20 weeks, excluding exceptions, by calendar year",
        &labels,
        &series,
        Scale::Percent,
    );
    let headline_rows: Vec<Vec<String>> = d
        .years
        .iter()
        .map(|y| {
            vec![
                y.year.to_string(),
                ratio(y.council.within_20_weeks_excl_exceptions),
                escape(&published(
                    y.published
                        .as_ref()
                        .map(|p| p.within_20_weeks_excl_exceptions),
                )),
                escape(&published(
                    y.england
                        .as_ref()
                        .map(|p| p.within_20_weeks_excl_exceptions),
                )),
            ]
        })
        .collect();
    let headline_table = table(
        "Plans issued within 20 weeks, excluding exceptions, by calendar year",
        &[
            "Year",
            "This council, from its casework",
            "This council, published by the DfE",
            "England, published by the DfE",
        ],
        &headline_rows,
    );
    let all = measures();
    let mut heads = vec!["Year"];
    heads.extend(all.iter().map(|m| m.name));
    let rows: Vec<Vec<String>> = d
        .years
        .iter()
        .map(|y| {
            let mut row = vec![y.year.to_string()];
            row.extend(all.iter().map(|m| ratio((m.council)(&y.council))));
            row
        })
        .collect();
    format!(
        "<h2 class=\"govuk-heading-l\">By calendar year</h2>{chart}{headline_table}\
         {}",
        table(
            "Every measure by calendar year, from the council's casework",
            &heads,
            &rows
        )
    )
}

/// One measure month by month: its chart above its numerators and denominators.
fn monthly(d: &EhcDashboard, m: &Measure) -> String {
    let bars: Vec<(String, Option<f64>)> = d
        .months
        .iter()
        .map(|(period, month)| (month_name(*period, false), (m.council)(month).percent()))
        .collect();
    let chart = percent_bars(
        &format!("{}-by-month", m.id),
        &format!("{}, by month, {}", m.name, d.year),
        &bars,
    );
    let mut rows: Vec<Vec<String>> = d
        .months
        .iter()
        .map(|(period, month)| {
            let r = (m.council)(month);
            vec![
                escape(&month_name(*period, true)),
                r.numerator.to_string(),
                r.denominator.to_string(),
                r.percent()
                    .map_or("No cases".into(), |p| format!("{p:.1}%")),
            ]
        })
        .collect();
    let year = (m.council)(&d.council);
    rows.push(vec![
        format!("<strong>{}</strong>", d.year),
        format!("<strong>{}</strong>", year.numerator),
        format!("<strong>{}</strong>", year.denominator),
        format!(
            "<strong>{}</strong>",
            year.percent()
                .map_or("No cases".into(), |p| format!("{p:.1}%"))
        ),
    ]);
    format!(
        "<h3 class=\"govuk-heading-m\" id=\"{id}\">{name}</h3><p class=\"govuk-body\">{rule}</p>{chart}{table}",
        id = m.id,
        name = escape(m.name),
        rule = escape(m.rule),
        table = table(
            &format!("{}, by month, {}", m.name, d.year),
            &["Month", m.met, m.of, "Percentage"],
            &rows
        ),
    )
}

/// Plans ceased in the year by SEN2 reason.
fn ceased(d: &EhcDashboard) -> String {
    let bars: Vec<(String, u64)> = d
        .council
        .ceased
        .iter()
        .map(|(reason, n)| (reason.code().to_string(), n))
        .collect();
    let chart = count_bars(
        "ceased-by-reason",
        &format!(
            "Plans ceased in {} by reason, numbered as the table below",
            d.year
        ),
        &bars,
    );
    let mut rows: Vec<Vec<String>> = d
        .council
        .ceased
        .iter()
        .map(|(reason, n)| vec![escape(reason.code()), escape(reason.label()), n.to_string()])
        .collect();
    rows.push(vec![
        String::new(),
        "<strong>All reasons</strong>".into(),
        format!("<strong>{}</strong>", d.council.ceased.total()),
    ]);
    format!(
        "<h3 class=\"govuk-heading-m\" id=\"ceased\">Plans ceased, by reason</h3>\
         <p class=\"govuk-body\">By the day the plan ceased, with the reason recorded for the SEN2 return \
         (Children and Families Act 2014, section 45).</p>{chart}{}",
        table(
            &format!("Plans ceased in {} by reason", d.year),
            &["SEN2 code", "Reason", "Plans ceased"],
            &rows
        )
    )
}
