//! The council's top-up pages: `/topup` (applications sent by schools, by state),
//! `/topup/{id}` (one application, listing it at a funding panel and recording the panel's
//! decision), and the payment schedules: `/finance/payments` with its CSV export for the
//! finance system, and `/school/payments` for a SENCO's own school.

use app::portal::long_date;
use app::topup::applications::application;
use app::topup::decisions::{
    Decision, council_applications, decide, funding_meetings, list_at_panel,
};
use app::topup::payments::{
    PaymentSchedule, Scope, payment_schedule, payments_csv, set_payment_frequency,
};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Local, Utc};
use domain::FinancialYear;
use domain::high_needs::payments::PaymentFrequency;
use domain::topup::application::{ApplicationState, PanelOutcome};

use super::topup_view::{facts, pricing_panel, provisions_table, state_tag, summary_text};
use crate::html::{button, error_summary, escape, form, table};
use crate::pages::errors;
use crate::pages::form_support::{
    Problems, Typed, date_input, field_errors, radios, signed_in, signed_in_page, textarea,
    typed_input,
};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

/// `/topup?state=…`: the applications schools have sent.
pub async fn list(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/topup").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let wanted = query
        .iter()
        .find(|(k, _)| k == "state")
        .and_then(|(_, v)| v.parse::<ApplicationState>().ok());
    let list = match council_applications(state.store(), &current.actor, wanted).await {
        Ok(l) => l,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let filters: String = ApplicationState::ALL
        .iter()
        .filter(|s| !s.is_draft())
        .map(|s| {
            format!(
                "<li><a class=\"govuk-link\" href=\"/topup?state={}\"{}>{}</a></li>",
                s.code(),
                if wanted == Some(*s) {
                    " aria-current=\"page\""
                } else {
                    ""
                },
                s.label()
            )
        })
        .collect();
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|a| {
            vec![
                format!(
                    "<a class=\"govuk-link\" href=\"/topup/{}\">{}</a>",
                    a.application_id,
                    escape(&a.reference)
                ),
                escape(&a.child_name),
                escape(&a.setting_name),
                state_tag(a.state),
                a.indicative_pence
                    .map(|p| domain::Pence(p).to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let content = if rows.is_empty() {
        "<p class=\"govuk-body\">No applications.</p>".into()
    } else {
        table(
            &format!("{} applications", rows.len()),
            &[
                "Reference",
                "Pupil",
                "School",
                "Status",
                "Indicative a year",
            ],
            &rows,
        )
    };
    let body = format!(
        "<h1 class=\"govuk-heading-l\">Top-up applications</h1>\
         <ul class=\"govuk-list\"><li><a class=\"govuk-link\" href=\"/topup\">All</a></li>{filters}</ul>{content}"
    );
    signed_in_page(
        &state,
        &current,
        "/topup",
        "Top-up applications",
        body,
        false,
    )
}

async fn show_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    id: i64,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let app = match application(state.store(), &current.actor, id).await {
        Ok(a) => a,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let csrf = &current.csrf_token;
    let action = match app.state {
        ApplicationState::Submitted => {
            match funding_meetings(state.store(), &current.actor, Local::now().date_naive()).await {
                Ok(meetings) => {
                    let options: Vec<(String, String)> = meetings
                        .iter()
                        .map(|m| {
                            (
                                m.meeting_id.to_string(),
                                format!("Funding panel, {}", long_date(m.held_on)),
                            )
                        })
                        .collect();
                    let options: Vec<(&str, &str)> = options
                        .iter()
                        .map(|(a, b)| (a.as_str(), b.as_str()))
                        .collect();
                    if options.is_empty() {
                        "<p class=\"govuk-body\">Set up a funding panel meeting on the <a class=\"govuk-link\" href=\"/panels\">panels page</a> to list this application.</p>".into()
                    } else {
                        form(
                            &format!("/topup/{id}/list"),
                            csrf,
                            &[
                                radios(
                                    "meeting_id",
                                    "List at a funding panel meeting",
                                    &options,
                                    typed.get("meeting_id"),
                                    problems,
                                ),
                                button("List the application"),
                            ]
                            .concat(),
                        )
                    }
                }
                Err(_) => String::new(),
            }
        }
        ApplicationState::AtPanel
            if app::policy::permits(&current.actor, app::policy::Action::DecideAtPanel) =>
        {
            let outcomes: Vec<(&str, &str)> = PanelOutcome::ALL
                .iter()
                .map(|o| (o.code(), o.label()))
                .collect();
            form(
                &format!("/topup/{id}/decide"),
                csrf,
                &[
                    "<h2 class=\"govuk-heading-m\">The panel's decision</h2>".to_string(),
                    radios("outcome", "Decision", &outcomes, typed.get("outcome"), problems),
                    typed_input(typed, problems, "annual", "Amount a year", Some("In pounds. To approve as asked, leave empty for the indicative amount."), None),
                    date_input("starts_on", "Funding starts", "For example, 1 9 2026", typed, problems),
                    date_input("ends_on", "Funding ends", "For example, 31 8 2027", typed, problems),
                    textarea("reasons", "Reasons", Some("The school is told these."), typed.get("reasons"), problems),
                    button("Record the decision"),
                ]
                .concat(),
            )
        }
        _ => String::new(),
    };
    let body = format!(
        "{errors}<a href=\"/topup\" class=\"govuk-back-link\">Back to applications</a>\
         <span class=\"govuk-caption-l\">{reference}</span><h1 class=\"govuk-heading-l\">Top-up application for {name}</h1>\
         {facts}{pricing}{provisions}{summary}{action}",
        errors = error_summary(problems),
        reference = escape(&app.reference),
        name = escape(&app.child_name),
        facts = facts(&app),
        pricing = pricing_panel(&app),
        provisions = provisions_table(&app),
        summary = summary_text(&app),
    );
    signed_in_page(
        state,
        current,
        "/topup",
        "Top-up application",
        body,
        !problems.is_empty(),
    )
}

/// `/topup/{id}`.
pub async fn show(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let path = format!("/topup/{id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    show_page(&state, &current, id, &Typed::default(), &Vec::new()).await
}

/// Posts to `/topup/{id}/list` and `/topup/{id}/decide`.
pub async fn post(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((id, what)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/topup/{id}");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let done = match what.as_str() {
        "list" => list_at_panel(
            state.store(),
            &current.actor,
            id,
            typed.get("meeting_id"),
            Utc::now(),
        )
        .await
        .map(|_| ()),
        "decide" => {
            let decision = Decision {
                outcome: typed.get("outcome").into(),
                annual: typed.get("annual").into(),
                starts_on: typed.date("starts_on"),
                ends_on: typed.date("ends_on"),
                reasons: typed.get("reasons").into(),
            };
            decide(state.store(), &current.actor, id, &decision, Utc::now())
                .await
                .map(|_| ())
        }
        _ => return errors::not_found(&state),
    };
    match done {
        Ok(()) => Redirect::to(&path).into_response(),
        Err(e) => match field_errors(e, |f| match f {
            "starts_on" | "ends_on" => format!("{f}-day"),
            "" => "outcome".into(),
            other => other.into(),
        }) {
            Ok(problems) => show_page(&state, &current, id, &typed, &problems).await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}

fn year_of(query: &[(String, String)]) -> FinancialYear {
    query
        .iter()
        .find(|(k, _)| k == "year")
        .and_then(|(_, v)| v.parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .map_or_else(
            || FinancialYear::containing(Local::now().date_naive()),
            FinancialYear::new,
        )
}

fn schedule_body(s: &PaymentSchedule, path: &str, csv: bool) -> String {
    let periods: Vec<Vec<String>> = s
        .by_period()
        .iter()
        .map(|(label, start, total)| vec![escape(label), long_date(*start), total.to_string()])
        .collect();
    let awards: Vec<Vec<String>> = s
        .awards
        .iter()
        .flat_map(|a| {
            a.payments.iter().map(move |p| {
                vec![
                    escape(&a.reference),
                    escape(&a.child_name),
                    escape(&a.setting_name),
                    escape(&p.period.label),
                    format!("{} to {}", long_date(p.funded_from), long_date(p.funded_to)),
                    p.days.to_string(),
                    p.amount.to_string(),
                ]
            })
        })
        .collect();
    let year = s.year;
    let start_year = year.start().format("%Y");
    let prev = year.start().year() - 1;
    let next = year.start().year() + 1;
    format!(
        "<h1 class=\"govuk-heading-l\">Top-up payments {year}</h1>\
         <p class=\"govuk-body\">Paid {frequency}, pro rata to the days in each period; payments stop at the \
         award's end date or the day the pupil left. Total for the year: <strong>{total}</strong>.</p>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"{path}?year={prev}\">Previous year</a> | \
         <a class=\"govuk-link\" href=\"{path}?year={next}\">Next year</a>{csv_link}</p>{periods}{awards}",
        frequency = s.frequency.code(),
        total = s.total(),
        csv_link = if csv {
            format!(
                " | <a class=\"govuk-link\" href=\"/finance/payments.csv?year={start_year}\">Download as CSV for the finance system</a>"
            )
        } else {
            String::new()
        },
        periods = if periods.is_empty() {
            "<p class=\"govuk-body\">No payments in this year.</p>".into()
        } else {
            table("Each payment run", &["Period", "Starts", "Total"], &periods)
        },
        awards = if awards.is_empty() {
            String::new()
        } else {
            table(
                "Payments by award",
                &[
                    "Reference",
                    "Pupil",
                    "School",
                    "Period",
                    "Funded",
                    "Days",
                    "Amount",
                ],
                &awards,
            )
        },
    )
}

/// `/finance/payments?year=2026`: every school's payments.
pub async fn payments(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    schedule_page(state, &from, &headers, &query, Scope::Council).await
}

/// `/school/payments?year=2026`: the SENCO's own school's payments.
pub async fn school_payments(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    schedule_page(state, &from, &headers, &query, Scope::MySchools).await
}

async fn schedule_page(
    state: AppState,
    from: &str,
    headers: &HeaderMap,
    query: &[(String, String)],
    scope: Scope,
) -> Response {
    let path = if scope == Scope::Council {
        "/finance/payments"
    } else {
        "/school/payments"
    };
    let current = match session::require(&state, headers, from, path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let year = year_of(query);
    let schedule = match payment_schedule(state.store(), &current.actor, year, scope).await {
        Ok(s) => s,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let mut body = schedule_body(&schedule, path, scope == Scope::Council);
    if scope == Scope::Council
        && app::policy::permits(&current.actor, app::policy::Action::SetFinanceOptions)
    {
        let options: Vec<(&str, &str)> = PaymentFrequency::ALL
            .iter()
            .map(|f| (f.code(), f.label()))
            .collect();
        body.push_str(&form(
            "/finance/payments/frequency",
            &current.csrf_token,
            &[
                "<h2 class=\"govuk-heading-m\">How often schools are paid</h2>".to_string(),
                radios(
                    "payment_frequency",
                    "Pay top-up to schools",
                    &options,
                    schedule.frequency.code(),
                    &Vec::new(),
                ),
                button("Save"),
            ]
            .concat(),
        ));
    }
    let nav = if scope == Scope::Council {
        "/finance/payments"
    } else {
        "/school/topup"
    };
    signed_in_page(&state, &current, nav, "Top-up payments", body, false)
}

/// Posts to `/finance/payments/frequency`: how often the council pays schools.
pub async fn set_frequency(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = "/finance/payments";
    let current = match signed_in(&state, &headers, &from, path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match set_payment_frequency(
        state.store(),
        &current.actor,
        typed.get("payment_frequency"),
    )
    .await
    {
        Ok(()) => Redirect::to(path).into_response(),
        Err(e) => errors::for_app_error(&state, &e),
    }
}

/// `/finance/payments.csv?year=2026`: the schedule for the finance system.
pub async fn payments_csv_file(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/finance/payments").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let year = year_of(&query);
    match payment_schedule(state.store(), &current.actor, year, Scope::Council).await {
        Ok(s) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"topup-payments-{}.csv\"",
                        year.start().format("%Y")
                    ),
                ),
            ],
            payments_csv(&s),
        )
            .into_response(),
        Err(e) => errors::for_app_error(&state, &e),
    }
}
