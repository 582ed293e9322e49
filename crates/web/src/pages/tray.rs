//! Work trays: a caseworker's cases by next deadline, filtered with a plain GET form and paged,
//! and a manager's view of caseloads by officer and outstanding advice by service. Whose tray a
//! person may see is the policy's decision (`app::casework::tray`).

use app::casework::tray::{
    CaseloadOverview, DueFilter, PAGE_SIZE, Tray, TrayCase, TrayQuery, caseload_overview, work_tray,
};
use app::{AppError, policy};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, Local, NaiveDate};
use domain::SenType;
use domain::clock::{AdviceService, DeadlineState, Stage};
use govuk::{Component, Label, Select, SelectItem};
use serde::Deserialize;

use crate::html::{button, error_summary, escape, table, text_input};
use crate::layout::{Page, render};
use crate::pages::errors;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

/// The tray's filters as typed into the address; anything unreadable is left out.
#[derive(Deserialize, Default, Clone)]
pub struct TrayParams {
    caseworker: Option<String>,
    everyone: Option<String>,
    stage: Option<String>,
    state: Option<String>,
    setting: Option<String>,
    need: Option<String>,
    page: Option<String>,
}

const STATES: [(&str, &str, DueFilter); 3] = [
    ("overdue", "Overdue", DueFilter::Overdue),
    ("due_soon", "Due soon (within 2 weeks)", DueFilter::DueSoon),
    ("not_yet_due", "Not yet due", DueFilter::NotYetDue),
];

fn given(value: Option<&String>) -> Option<&str> {
    value.map(|v| v.trim()).filter(|v| !v.is_empty())
}

impl TrayParams {
    /// The address of this tray with `page` in place of the current page.
    fn href(&self, page: u64) -> String {
        let pairs = [
            ("caseworker", given(self.caseworker.as_ref())),
            ("everyone", given(self.everyone.as_ref())),
            ("stage", given(self.stage.as_ref())),
            ("state", given(self.state.as_ref())),
            ("setting", given(self.setting.as_ref())),
            ("need", given(self.need.as_ref())),
        ];
        let mut query: Vec<String> = pairs
            .iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k}={}", encode(v))))
            .collect();
        if page > 1 {
            query.push(format!("page={page}"));
        }
        if query.is_empty() {
            "/casework".into()
        } else {
            format!("/casework?{}", query.join("&"))
        }
    }

    fn everyone(&self) -> bool {
        given(self.everyone.as_ref()).is_some_and(|v| v != "0")
    }
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn select(name: &str, label: &str, value: Option<&str>, items: &[(String, String)]) -> String {
    let mut options = vec![SelectItem {
        value: Some(String::new()),
        text: Some("Any".into()),
        ..Default::default()
    }];
    options.extend(items.iter().map(|(v, t)| SelectItem {
        value: Some(v.clone()),
        text: Some(t.clone()),
        ..Default::default()
    }));
    Select {
        id: Some(name.into()),
        name: Some(name.into()),
        items: options,
        value: value.map(str::to_string),
        label: Some(Label {
            text: Some(label.into()),
            ..Default::default()
        }),
        ..Default::default()
    }
    .render()
}

fn state_tag(state: Option<DeadlineState>) -> String {
    let (text, colour) = match state {
        Some(DeadlineState::Overdue) => ("Overdue", "govuk-tag--red"),
        Some(DeadlineState::DueSoon) => ("Due soon", "govuk-tag--yellow"),
        Some(DeadlineState::NotYetDue) => ("Not yet due", "govuk-tag--grey"),
        _ => return String::new(),
    };
    format!("<strong class=\"govuk-tag {colour}\">{text}</strong>")
}

/// A day as "5 Mar 2026": chrono's `format("%-d %b %Y")` reads its pattern afresh for each
/// of the page's 50 dates.
fn short_date(day: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {}",
        day.day(),
        MONTHS[day.month0() as usize % 12],
        day.year()
    )
}

fn row(case: &TrayCase, with_caseworker: bool) -> Vec<String> {
    let r = &case.row;
    let mut cells = vec![
        format!(
            "<a class=\"govuk-link\" href=\"/children/{}/case\">{} {}</a>",
            r.child_id,
            escape(&r.forename),
            escape(&r.surname)
        ),
        escape(
            case.stage
                .map_or(r.stage.as_str(), |s| -> &str { s.label() }),
        ),
        escape(&case.next_kind.map(|k| k.label()).unwrap_or_default()),
        r.next_due_on.map(short_date).unwrap_or_default(),
        state_tag(case.state),
        escape(r.setting.as_deref().unwrap_or("Not recorded")),
        escape(
            &r.primary_need
                .as_deref()
                .map(|code| SenType::parse(code).map_or(code.to_string(), |n| n.label().into()))
                .unwrap_or_else(|| "Not recorded".into()),
        ),
    ];
    if with_caseworker {
        cells.push(escape(r.caseworker.as_deref().unwrap_or("Not assigned")));
    }
    cells
}

pub async fn tray(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(params): Query<TrayParams>,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/casework").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let actor = &current.actor;
    let today = Local::now().date_naive();
    let mut problems: Vec<(String, String)> = Vec::new();
    let setting_id = match given(params.setting.as_ref()) {
        None => None,
        Some(reference) => {
            match app::settings::setting_by_reference(state.store(), actor, reference).await {
                Ok(id) => Some(id),
                Err(AppError::Invalid(found)) => {
                    problems.extend(found.into_iter().map(|p| ("setting".into(), p.problem)));
                    None
                }
                Err(e) => return errors::for_app_error(&state, &e),
            }
        }
    };
    let page = given(params.page.as_ref())
        .and_then(|p| p.parse::<u64>().ok())
        .filter(|p| (1..=10_000).contains(p))
        .unwrap_or(1);
    let query = TrayQuery {
        caseworker_id: given(params.caseworker.as_ref()).and_then(|c| c.parse().ok()),
        everyone: params.everyone(),
        stage: given(params.stage.as_ref()).and_then(|s| s.parse().ok()),
        due: given(params.state.as_ref())
            .and_then(|s| STATES.iter().find(|(code, _, _)| *code == s))
            .map(|(_, _, f)| *f),
        setting_id,
        need: given(params.need.as_ref())
            .and_then(|n| SenType::parse(n).ok())
            .map(|n| n.code().to_string()),
        page,
    };
    let tray = if problems.is_empty() {
        match work_tray(state.store(), actor, &query, today).await {
            Ok(tray) => tray,
            Err(e) => return errors::for_app_error(&state, &e),
        }
    } else {
        Tray {
            cases: Vec::new(),
            total: 0,
        }
    };
    let cases = &tray.cases;
    let own = query.caseworker_id.is_none() || query.caseworker_id == actor.staff_id();
    let heading = if query.everyone {
        "Everyone's cases".to_string()
    } else if query.caseworker_id == Some(0) {
        "Cases not assigned to anyone".to_string()
    } else if own {
        "Your cases".to_string()
    } else {
        cases
            .iter()
            .find_map(|c| c.row.caseworker.clone())
            .map_or_else(|| "An officer's cases".into(), |n| format!("{n}'s cases"))
    };
    let manager = policy::permits(actor, policy::Action::ReadCaseload);
    let links = if manager {
        "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/casework/caseloads\">Caseloads by officer</a> · \
         <a class=\"govuk-link\" href=\"/casework?everyone=1\">Everyone's cases</a> · \
         <a class=\"govuk-link\" href=\"/casework\">Your cases</a></p>"
    } else {
        ""
    };
    let body = format!(
        "{errors}<span class=\"govuk-caption-l\">Casework</span><h1 class=\"govuk-heading-l\">{heading}</h1>{links}\
         {filters}{results}",
        errors = error_summary(&problems),
        heading = escape(&heading),
        filters = filters(&params, problems.first().map(|(_, m)| m.as_str())),
        results = results(&params, &tray, page, query.everyone || !own),
    );
    let page = Page {
        title: &heading,
        actor: Some(actor),
        path: "/casework",
        csrf_token: Some(&current.csrf_token),
        body,
        has_errors: !problems.is_empty(),
    };
    Html(render(&state, page)).into_response()
}

/// The filter form: a GET form, so a filtered tray is an address that can be kept.
fn filters(params: &TrayParams, setting_error: Option<&str>) -> String {
    let stages: Vec<(String, String)> = Stage::ALL
        .iter()
        .map(|s| (s.code().to_string(), s.label().to_string()))
        .collect();
    let states: Vec<(String, String)> = STATES
        .iter()
        .map(|(code, label, _)| ((*code).to_string(), (*label).to_string()))
        .collect();
    let needs: Vec<(String, String)> = SenType::ALL
        .iter()
        .map(|n| (n.code().to_string(), n.label().to_string()))
        .collect();
    let keep: String = [
        ("caseworker", &params.caseworker),
        ("everyone", &params.everyone),
    ]
    .iter()
    .filter_map(|(k, v)| {
        given(v.as_ref()).map(|v| {
            format!(
                "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
                escape(v)
            )
        })
    })
    .collect();
    let column =
        |html: String| format!("<div class=\"govuk-grid-column-one-quarter\">{html}</div>");
    format!(
        "<form method=\"get\" action=\"/casework\" novalidate>{keep}\
         <h2 class=\"govuk-heading-m\">Filter cases</h2><div class=\"govuk-grid-row\">{}{}{}{}</div>\
         <div class=\"govuk-button-group\">{}<a class=\"govuk-link\" href=\"{}\">Clear filters</a></div></form>",
        column(select(
            "stage",
            "Stage",
            given(params.stage.as_ref()),
            &stages
        )),
        column(select(
            "state",
            "Next deadline",
            given(params.state.as_ref()),
            &states
        )),
        column(text_input(
            "setting",
            "School or setting (URN or UKPRN)",
            given(params.setting.as_ref()).unwrap_or(""),
            None,
            setting_error,
            Some("off"),
        )),
        column(select(
            "need",
            "Primary need",
            given(params.need.as_ref()),
            &needs
        )),
        button("Apply filters"),
        escape(
            &TrayParams {
                caseworker: params.caseworker.clone(),
                everyone: params.everyone.clone(),
                ..TrayParams::default()
            }
            .href(1)
        ),
    )
}

fn results(params: &TrayParams, tray: &Tray, page: u64, with_caseworker: bool) -> String {
    let cases = &tray.cases;
    if cases.is_empty() {
        return if page > 1 {
            format!(
                "<p class=\"govuk-body\">No more cases. <a class=\"govuk-link\" href=\"{}\">Back to the first page</a>.</p>",
                escape(&params.href(1))
            )
        } else {
            "<p class=\"govuk-body\">No cases match these filters.</p>".into()
        };
    }
    let mut heads = vec![
        "Child or young person",
        "Stage",
        "Next deadline",
        "Due",
        "State",
        "School or setting",
        "Primary need",
    ];
    if with_caseworker {
        heads.push("Caseworker");
    }
    let rows: Vec<Vec<String>> = cases.iter().map(|c| row(c, with_caseworker)).collect();
    let first = (page - 1) * PAGE_SIZE + 1;
    let pages = tray.total.div_ceil(PAGE_SIZE).max(1);
    let caption = format!(
        "Cases {first} to {} of {} by next deadline",
        first + cases.len() as u64 - 1,
        tray.total,
    );
    let previous = (page > 1).then(|| govuk::PaginationLink {
        href: Some(params.href(page - 1)),
        ..Default::default()
    });
    let next = (page < pages).then(|| govuk::PaginationLink {
        href: Some(params.href(page + 1)),
        ..Default::default()
    });
    let pagination = if previous.is_some() || next.is_some() {
        govuk::Pagination {
            previous,
            next,
            landmark_label: Some("Pages of cases".into()),
            ..Default::default()
        }
        .render()
    } else {
        String::new()
    };
    let count = if pages > 1 {
        format!("<p class=\"govuk-body\">Page {page} of {pages}</p>")
    } else {
        String::new()
    };
    format!("{}{count}{pagination}", table(&caption, &heads, &rows))
}

/// A manager's view: caseload by officer, and advice outstanding by service.
pub async fn caseloads(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/casework/caseloads").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let today = Local::now().date_naive();
    let CaseloadOverview { caseloads, advice } =
        match caseload_overview(state.store(), &current.actor, today).await {
            Ok(o) => o,
            Err(e) => return errors::for_app_error(&state, &e),
        };
    let mut rows: Vec<Vec<String>> = caseloads
        .iter()
        .map(|c| {
            let name = escape(c.caseworker.as_deref().unwrap_or("Not assigned"));
            vec![
                match c.caseworker_id {
                    Some(id) => format!(
                        "<a class=\"govuk-link\" href=\"/casework?caseworker={id}\">{name}</a>"
                    ),
                    None => format!(
                        "<a class=\"govuk-link\" href=\"/casework?caseworker=0\">{name}</a>"
                    ),
                },
                c.open.to_string(),
                c.overdue.to_string(),
                c.due_soon.to_string(),
            ]
        })
        .collect();
    let (open, overdue, due_soon) = caseloads.iter().fold((0, 0, 0), |(a, b, c), r| {
        (a + r.open, b + r.overdue, c + r.due_soon)
    });
    rows.push(vec![
        "<strong>All officers</strong>".into(),
        format!("<strong>{open}</strong>"),
        format!("<strong>{overdue}</strong>"),
        format!("<strong>{due_soon}</strong>"),
    ]);
    let advice_rows: Vec<Vec<String>> = advice
        .iter()
        .map(|a| {
            vec![
                escape(
                    a.service
                        .parse::<AdviceService>()
                        .map_or(a.service.as_str(), |s| -> &str { s.label() }),
                ),
                a.outstanding.to_string(),
                a.overdue.to_string(),
            ]
        })
        .collect();
    let advice_table = if advice_rows.is_empty() {
        "<h2 class=\"govuk-heading-m\">Advice outstanding by service</h2>\
         <p class=\"govuk-body\">No advice is outstanding.</p>"
            .to_string()
    } else {
        table(
            "Advice outstanding by service",
            &[
                "Service",
                "Outstanding",
                "Overdue (asked for more than 6 weeks ago)",
            ],
            &advice_rows,
        )
    };
    let body = format!(
        "<span class=\"govuk-caption-l\">Casework</span><h1 class=\"govuk-heading-l\">Caseloads</h1>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/casework?everyone=1\">Everyone's cases by next deadline</a></p>\
         {}<p class=\"govuk-body\">Advice is due within 6 weeks of the request for it \
         (SEND Regulations 2014, regulation 8).</p>{advice_table}",
        table(
            "Open cases by officer",
            &["Officer", "Open cases", "Overdue", "Due within 2 weeks"],
            &rows
        ),
    );
    let page = Page {
        title: "Caseloads",
        actor: Some(&current.actor),
        path: "/casework/caseloads",
        csrf_token: Some(&current.csrf_token),
        body,
        has_errors: false,
    };
    Html(render(&state, page)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_dates_read_as_chrono_writes_them() {
        let mut day = NaiveDate::from_ymd_opt(2023, 12, 25).expect("day");
        for _ in 0..800 {
            assert_eq!(short_date(day), day.format("%-d %b %Y").to_string());
            day = day.succ_opt().expect("next day");
        }
    }
}
