//! `/finance/budget?year=2026`: the high needs budget for the financial year starting in April
//! of that year, its forecast outturn and variance by line, income and the in-year position
//! (`app::finance::budget`); and the forms behind it: set the budget, add or remove income,
//! import actuals from a ledger CSV (`app::finance::ledger`). Each form posts, and on success
//! redirects back to the page with a banner; on a problem the page is shown again with an
//! error summary and each message beside its field. No JavaScript is needed.

use app::AppError;
use app::finance::budget::{add_income, budget_position, remove_income, set_budget};
use app::finance::ledger::import_actuals;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use domain::FinancialYear;
use domain::high_needs::BudgetLine;
use domain::high_needs::budget::NewIncome;
use serde::Deserialize;

use super::budget_view::{Drawn, body, line_input};
use super::documents::read_upload;
use super::documents_view::success;
use super::finance::year_of;
use crate::pages::errors;
use crate::pages::form_support::{Problems, Typed, field_errors, signed_in, signed_in_page};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

const PATH: &str = "/finance/budget";

#[derive(Deserialize)]
pub struct BudgetQuery {
    year: Option<String>,
    /// What was just done, for the banner.
    done: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(q): Query<BudgetQuery>,
) -> Response {
    let current = match session::require(&state, &headers, &from, PATH).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let banner = match q.done.as_deref() {
        Some("budget") => success("Budget saved"),
        Some("income") => success("Income added"),
        Some("removed") => success("Income removed"),
        Some("actuals") => success("Actuals imported"),
        _ => String::new(),
    };
    let year = year_of(q.year.as_deref());
    show(
        &state,
        &current,
        year,
        &Typed::default(),
        &Vec::new(),
        banner,
    )
    .await
}

/// The page for `year`, with what was typed and its problems when a form failed.
async fn show(
    state: &AppState,
    current: &app::auth::CurrentSession,
    year: FinancialYear,
    typed: &Typed,
    problems: &Problems,
    banner: String,
) -> Response {
    let view = match budget_position(state.store(), &current.actor, year).await {
        Ok(v) => v,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let html = body(
        &view,
        &Drawn {
            csrf_token: &current.csrf_token,
            typed,
            problems,
            banner,
        },
    );
    let title = if problems.is_empty() {
        format!("High needs budget {year}")
    } else {
        format!("Error: High needs budget {year}")
    };
    signed_in_page(state, current, PATH, &title, html, !problems.is_empty())
}

/// A posted form's fields, the signed-in session with its token checked, and the year the
/// form is for; or the response to send instead.
async fn form_start(
    state: &AppState,
    headers: &HeaderMap,
    from: &str,
    pairs: Vec<(String, String)>,
) -> Result<(Typed, app::auth::CurrentSession, FinancialYear), Response> {
    let typed = Typed(pairs);
    let current = signed_in(state, headers, from, PATH, &typed).await?;
    let year = year_of(Some(typed.get("year")));
    Ok((typed, current, year))
}

fn done(year: FinancialYear, what: &str) -> Response {
    Redirect::to(&format!("{PATH}?year={}&done={what}", year.start_year())).into_response()
}

/// Shows the page again with the use case's problems, or answers its other error.
async fn again(
    state: &AppState,
    current: &app::auth::CurrentSession,
    year: FinancialYear,
    typed: &Typed,
    error: AppError,
    id_of: impl Fn(&str) -> String,
) -> Response {
    match field_errors(error, id_of) {
        Ok(problems) => show(state, current, year, typed, &problems, String::new()).await,
        Err(e) => errors::for_app_error(state, &e),
    }
}

/// `POST /finance/budget/lines`: every line's amount, as `line-CODE`.
pub async fn post_lines(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (typed, current, year) = match form_start(&state, &headers, &from, pairs).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    let amounts: Vec<(String, String)> = BudgetLine::ALL
        .iter()
        .map(|l| (l.code().to_string(), typed.get(&line_input(*l)).to_string()))
        .collect();
    match set_budget(state.store(), &current.actor, year, &amounts).await {
        Ok(()) => done(year, "budget"),
        Err(e) => {
            again(&state, &current, year, &typed, e, |field| {
                format!("line-{field}")
            })
            .await
        }
    }
}

/// `POST /finance/budget/income`.
pub async fn post_income(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (typed, current, year) = match form_start(&state, &headers, &from, pairs).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    let new = NewIncome {
        kind: typed.get("kind").into(),
        description: typed.get("description").into(),
        amount: typed.get("amount").into(),
        approval_reference: typed.get("approval_reference").into(),
        approved_on: typed.date("approved_on"),
        schools_block: typed.get("schools_block").into(),
        percentage: typed.get("percentage").into(),
    };
    match add_income(state.store(), &current.actor, year, &new).await {
        Ok(_) => done(year, "income"),
        Err(e) => {
            // The date input's error sits on its day box, as GOV.UK date inputs do.
            let id_of = |field: &str| match field {
                "approved_on" => "approved_on-day".to_string(),
                other => other.to_string(),
            };
            again(&state, &current, year, &typed, e, id_of).await
        }
    }
}

/// `POST /finance/budget/income/{id}/remove`.
pub async fn post_remove_income(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(income_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (_, current, year) = match form_start(&state, &headers, &from, pairs).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    let Ok(income_id) = income_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    match remove_income(state.store(), &current.actor, year, income_id).await {
        Ok(()) => done(year, "removed"),
        Err(e) => errors::for_app_error(&state, &e),
    }
}

/// `POST /finance/budget/actuals`: a multipart form with the ledger CSV as `file`.
pub async fn post_actuals(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let current = match session::require(&state, &headers, &from, PATH).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let sent = read_upload(multipart).await;
    // The token is the form's first field, so even a request stopped for its size has it.
    if !session::csrf_ok(Some(&current.csrf_token), sent.values.get("csrf_token")) {
        return errors::forbidden(&state);
    }
    let year = year_of(Some(sent.values.get("year")));
    let outcome = match sent.problem {
        Some(problem) => Err(AppError::Invalid(vec![problem])),
        None => {
            let (file_name, _, bytes) = sent.file.unwrap_or_default();
            import_actuals(state.store(), &current.actor, &file_name, &bytes).await
        }
    };
    match outcome {
        Ok(_) => done(year, "actuals"),
        Err(e) => {
            again(&state, &current, year, &Typed::default(), e, |_| {
                "file".to_string()
            })
            .await
        }
    }
}
