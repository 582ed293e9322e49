//! `/finance/dsg-blocks?year=2026`: what is recorded for the DSG's schools, central school
//! services and early years blocks in a financial year, and the DSG balance brought forward at
//! 1 April (`app::finance::dsg_blocks`), with the finance officer's form to record them. The
//! form posts; on success the page comes back with a banner, on a problem it is shown again
//! with an error summary, each message beside its field and everything typed still in the
//! form. No JavaScript is needed.

use app::finance::dsg_blocks::{DsgBlocksView, SetBy, dsg_blocks, record_dsg_year};
use axum::Form;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use domain::FinancialYear;
use domain::high_needs::dsg_blocks::{
    BROUGHT_FORWARD_FIELD, BlockFigures, FundingBlock, NewBlockFigures, NewDsgYear,
};

use super::documents_view::success;
use super::dsg_summary::BLOCKS_PATH;
use super::finance::year_of;
use crate::html::{button, error_summary, escape, form, numeric_table, summary_list};
use crate::pages::errors;
use crate::pages::form_support::{
    Problems, Typed, error_for, field_errors, signed_in, signed_in_page,
};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

#[derive(serde::Deserialize)]
pub struct BlocksQuery {
    year: Option<String>,
    /// What was just done, for the banner.
    done: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(q): Query<BlocksQuery>,
) -> Response {
    let current = match session::require(&state, &headers, &from, BLOCKS_PATH).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let banner = match q.done.as_deref() {
        Some("saved") => success("Funding blocks saved"),
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

/// The page for `year`, with what was typed and its problems when the form failed.
async fn show(
    state: &AppState,
    current: &app::auth::CurrentSession,
    year: FinancialYear,
    typed: &Typed,
    problems: &Problems,
    banner: String,
) -> Response {
    let view = match dsg_blocks(state.store(), &current.actor, year).await {
        Ok(v) => v,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let html = body(&view, &current.csrf_token, typed, problems, banner);
    let title = if problems.is_empty() {
        format!("DSG funding blocks {year}")
    } else {
        format!("Error: DSG funding blocks {year}")
    };
    // The page belongs with the DSG management plan in the navigation.
    signed_in_page(
        state,
        current,
        "/finance/dsg-plan",
        &title,
        html,
        !problems.is_empty(),
    )
}

/// `POST /finance/dsg-blocks`: each block's `*_allocation` and `*_expenditure`, and
/// `brought_forward`, for the form's `year`.
pub async fn post(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let current = match signed_in(&state, &headers, &from, BLOCKS_PATH, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let year = year_of(Some(typed.get("year")));
    let new = NewDsgYear {
        blocks: (FundingBlock::RECORDED.iter())
            .map(|&block| {
                (
                    block,
                    NewBlockFigures {
                        allocation: typed.get(block.allocation_field()).into(),
                        expenditure: typed.get(block.expenditure_field()).into(),
                    },
                )
            })
            .collect(),
        brought_forward: typed.get(BROUGHT_FORWARD_FIELD).into(),
    };
    match record_dsg_year(state.store(), &current.actor, year, &new).await {
        Ok(()) => Redirect::to(&format!(
            "{BLOCKS_PATH}?year={}&done=saved",
            year.start_year()
        ))
        .into_response(),
        Err(e) => match field_errors(e, str::to_owned) {
            Ok(problems) => show(&state, &current, year, &typed, &problems, String::new()).await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}

fn set_on(set: &SetBy) -> (String, String) {
    (escape(&set.by), set.at.format("%-d %B %Y").to_string())
}

fn body(
    view: &DsgBlocksView,
    csrf_token: &str,
    typed: &Typed,
    problems: &Problems,
    banner: String,
) -> String {
    let year = view.year;
    let rows: Vec<Vec<String>> = (view.blocks.iter())
        .map(|(block, recorded)| match recorded {
            Some((f, set)) => {
                let (by, on) = set_on(set);
                vec![
                    escape(block.label()),
                    f.allocation.to_string(),
                    f.expenditure.to_string(),
                    by,
                    on,
                ]
            }
            None => vec![
                escape(block.label()),
                "Not recorded".into(),
                String::new(),
                String::new(),
                String::new(),
            ],
        })
        .collect();
    let recorded = numeric_table(
        &format!("Funding blocks recorded for {year}"),
        &[
            "Funding block",
            "Allocation",
            "Expenditure",
            "Set by",
            "Set on",
        ],
        &rows,
    );
    let balance = summary_list(&[(
        "DSG balance brought forward at 1 April",
        view.brought_forward.as_ref().map_or_else(
            || "Not recorded".to_owned(),
            |(amount, set)| {
                format!(
                    "{amount}, set by {} on {}",
                    set.by,
                    set.at.format("%-d %B %Y")
                )
            },
        ),
    )]);
    let mut out = format!(
        "{banner}{errors}<h1 class=\"govuk-heading-l\">DSG funding blocks {year}</h1>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"{BLOCKS_PATH}?year={prev}\">{prev_label}</a> · \
         <a class=\"govuk-link\" href=\"{BLOCKS_PATH}?year={next}\">{next_label}</a> · \
         <a class=\"govuk-link\" href=\"/finance/dsg-plan\">DSG management plan</a> · \
         <a class=\"govuk-link\" href=\"/finance/budget?year={this}\">High needs budget {year}</a></p>\
         <p class=\"govuk-body\">The DSG management plan's financial summary sets the high needs block beside \
         the grant's other blocks. Record each block's DSG allocation for the year after academy recoupment, \
         and what the council plans to spend from it (what it spent, once the year is over); a year with \
         nothing recorded holds the latest earlier year's figures. The high needs block's income, block \
         transfers and expenditure come from its budget and the forecast. The balance brought forward is the \
         cumulative DSG surplus or deficit at 1 April: below zero is a deficit.</p>{recorded}{balance}",
        errors = error_summary(problems),
        prev = year.previous().start_year(),
        prev_label = year.previous(),
        next = year.next().start_year(),
        next_label = year.next(),
        this = year.start_year(),
    );
    if view.may_set {
        out.push_str(&blocks_form(view, csrf_token, typed, problems));
    }
    out
}

/// A money input showing `value`, with its error.
fn money(id: &str, label: &str, hint: Option<&str>, value: &str, problems: &Problems) -> String {
    let error = error_for(problems, id).and_then(|e| e.text);
    crate::html::money_input(id, label, value, hint, error.as_deref())
}

fn blocks_form(
    view: &DsgBlocksView,
    csrf_token: &str,
    typed: &Typed,
    problems: &Problems,
) -> String {
    // After a failed post, the form shows what was typed, so nothing is lost; else what is saved.
    let retyped = !typed.0.is_empty();
    let value = |field: &str, saved: Option<domain::Pence>| {
        if retyped {
            typed.get(field).to_owned()
        } else {
            saved.map_or_else(String::new, domain::Pence::plain)
        }
    };
    let blocks: String = (view.blocks.iter())
        .map(|(block, recorded)| {
            let saved = recorded.as_ref().map(|(f, _)| *f);
            let pick = |f: fn(&BlockFigures) -> domain::Pence| saved.as_ref().map(f);
            format!(
                "<fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">\
                 {legend}</legend>{allocation}{expenditure}</fieldset>",
                legend = escape(block.label()),
                allocation = money(
                    block.allocation_field(),
                    &format!("{} allocation, after academy recoupment", block.label()),
                    None,
                    &value(block.allocation_field(), pick(|f| f.allocation)),
                    problems,
                ),
                expenditure = money(
                    block.expenditure_field(),
                    &format!("{} expenditure", block.label()),
                    None,
                    &value(block.expenditure_field(), pick(|f| f.expenditure)),
                    problems,
                ),
            )
        })
        .collect();
    let balance = money(
        BROUGHT_FORWARD_FIELD,
        &format!(
            "DSG balance brought forward at 1 April {}",
            view.year.start_year()
        ),
        Some("Below zero is a deficit, for example -4500000"),
        &value(
            BROUGHT_FORWARD_FIELD,
            view.brought_forward.as_ref().map(|(b, _)| *b),
        ),
        problems,
    );
    let fields = format!(
        "<input type=\"hidden\" name=\"year\" value=\"{}\">{blocks}{balance}{}",
        view.year.start_year(),
        button("Save the funding blocks"),
    );
    format!(
        "<h2 class=\"govuk-heading-m\" id=\"record\">Record the funding blocks for {year}</h2>\
         <p class=\"govuk-body\">Amounts in pounds. Give a block both figures, or leave both empty for none \
         this year. Leave the balance empty if it is not known yet.</p>{form}",
        year = view.year,
        form = form(BLOCKS_PATH, csrf_token, &fields),
    )
}
