//! The high needs budget page's HTML: the position by line with totals, the in-year surplus or
//! deficit, income, how new demand was worked out, the ledger imports, and (for those who may
//! set the budget) the forms to set it, add income and import actuals. Every figure comes from
//! `app::finance::budget::budget_position`; nothing is worked out here but the layout.

use app::finance::budget::BudgetView;
use domain::Pence;
use domain::high_needs::BudgetLine;
use domain::high_needs::budget::income::format_percentage;
use domain::high_needs::budget::{IncomeKind, LinePosition};
use govuk::{Component, FileUpload, Hint, Label};

use crate::html::{button, error_summary, escape, form, numeric_table, summary_list, table};
use crate::pages::form_support::{Problems, Typed, date_input, error_for, radios, typed_input};

/// What the page is drawn from besides the view: the form's token, what was typed into the
/// form that failed, its problems, and a banner after a change.
pub(crate) struct Drawn<'a> {
    pub csrf_token: &'a str,
    pub typed: &'a Typed,
    pub problems: &'a Problems,
    pub banner: String,
}

/// The id of the budget form's input for a line.
pub(crate) fn line_input(line: BudgetLine) -> String {
    format!("line-{}", line.code())
}

pub(crate) fn cells(label: String, l: &LinePosition) -> Vec<String> {
    vec![
        label,
        l.budget.to_string(),
        l.actuals.to_string(),
        l.committed.to_string(),
        l.new_demand.to_string(),
        l.outturn().to_string(),
        l.variance().to_string(),
    ]
}

fn bold(cells: Vec<String>) -> Vec<String> {
    cells
        .into_iter()
        .map(|c| format!("<strong>{c}</strong>"))
        .collect()
}

/// The page's body.
pub(crate) fn body(view: &BudgetView, drawn: &Drawn<'_>) -> String {
    let p = &view.position;
    let year = p.year;
    let path = "/finance/budget";
    let mut rows: Vec<Vec<String>> = p
        .lines
        .iter()
        .filter(|l| l.line.is_some_and(BudgetLine::is_high_needs))
        .map(|l| cells(escape(l.line.map_or("", BudgetLine::label)), l))
        .collect();
    let total = p.high_needs_total();
    rows.push(bold(cells("High needs total".into(), &total)));
    for l in p
        .lines
        .iter()
        .filter(|l| l.line == Some(BudgetLine::Transport))
    {
        rows.push(cells(escape(BudgetLine::Transport.label()), l));
    }
    let through = p.actuals_through.map_or_else(
        || "No actuals have been imported for this year yet".to_string(),
        |m| format!("Actuals are to the end of {} from the ledger", m.name()),
    );
    let remaining = p.remaining_from.map_or_else(
        || "the ledger covers the whole year.".to_string(),
        |from| {
            format!(
                "commitments and expected new demand run from {} to {}.",
                from.format("%-d %B %Y"),
                year.end().format("%-d %B %Y")
            )
        },
    );
    let position = p.in_year_position();
    let position_label = if position.is_negative() {
        "In-year deficit"
    } else {
        "In-year surplus"
    };
    let summary = summary_list(&[
        ("Income", p.income.to_string()),
        (
            "Forecast outturn on high needs lines",
            total.outturn().to_string(),
        ),
        (position_label, position.to_string()),
    ]);
    let lines_table = numeric_table(
        &format!("Budget and forecast outturn by line, {year}"),
        &[
            "Budget line",
            "Budget",
            "Actuals to date",
            "Committed to year end",
            "Expected new demand",
            "Forecast outturn",
            "Variance",
        ],
        &rows,
    );
    let mut out = format!(
        "{banner}{errors}<h1 class=\"govuk-heading-l\">High needs budget {year}</h1>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"{path}?year={prev}\">{prev_label}</a> · \
         <a class=\"govuk-link\" href=\"{path}?year={next}\">{next_label}</a> · \
         <a class=\"govuk-link\" href=\"/finance/committed?year={this}\">Committed cost {year}</a></p>\
         <p class=\"govuk-body\">{through}; {remaining} Forecast outturn is actuals, plus what live \
         placements and top-up awards commit to the year end, plus expected new demand. Variance is \
         outturn less budget: above zero is an overspend. Home to school transport is paid from the \
         general fund, so it is shown apart and is not in the high needs total or the in-year position.</p>\
         <h2 class=\"govuk-heading-m\">In-year position</h2>{summary}{lines_table}{demand}",
        banner = drawn.banner,
        errors = error_summary(drawn.problems),
        prev = year.previous().start_year(),
        prev_label = year.previous(),
        next = year.next().start_year(),
        next_label = year.next(),
        this = year.start_year(),
        demand = demand(view),
    );
    out.push_str(&income_table(view, drawn.csrf_token));
    if view.may_set {
        out.push_str(&budget_form(view, drawn));
        out.push_str(&income_form(view, drawn));
        out.push_str(&actuals_form(view, drawn));
    }
    out.push_str(&imports_table(view));
    out
}

/// How expected new demand was worked out, for whoever checks the figures.
fn demand(view: &BudgetView) -> String {
    let d = &view.position.demand;
    let rows: Vec<Vec<String>> = d
        .lines
        .iter()
        .filter(|l| l.starts > 0)
        .map(|l| {
            vec![
                escape(l.line.label()),
                l.starts.to_string(),
                l.mean_annual_cost().to_string(),
                l.expected.to_string(),
            ]
        })
        .collect();
    let starts = if rows.is_empty() {
        "<p class=\"govuk-body\">No placements or awards started in that time.</p>".to_string()
    } else {
        numeric_table(
            "New starts and expected new demand by line",
            &[
                "Budget line",
                "Starts",
                "Mean annual cost",
                "Expected new demand",
            ],
            &rows,
        )
    };
    format!(
        "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">\
         <span class=\"govuk-details__summary-text\">How expected new demand is worked out</span></summary>\
         <div class=\"govuk-details__text\"><p class=\"govuk-body\">Placements and top-up awards that \
         started from {from} to {to} are expected to go on starting at the same rate each month, each \
         costing the mean annual cost of those starts, from the middle of its month to 31 March. With \
         {n} months left that is the starts' annual costs added up, times {n} squared, divided by 288.</p>\
         {starts}</div></details>",
        from = d.window.0.format("%-d %B %Y"),
        to = d.window.1.format("%-d %B %Y"),
        n = d.months_left,
    )
}

fn income_table(view: &BudgetView, csrf_token: &str) -> String {
    let year = view.position.year;
    let mut rows: Vec<Vec<String>> = view
        .income
        .iter()
        .map(|i| {
            let approval = i.item.transfer.as_ref().map_or_else(String::new, |t| {
                let mut text = format!(
                    "{} on {}",
                    escape(&t.approval_reference),
                    t.approved_on.format("%-d %B %Y")
                );
                if let Some(bp) = t.basis_points {
                    text.push_str(&format!(", {} of the schools block", format_percentage(bp)));
                }
                if let Some(block) = t.schools_block {
                    text.push_str(&format!(" ({block})"));
                }
                if i.item.needs_disapplication() {
                    text.push_str(
                        "<br><strong>Over 0.5% of the schools block: needs the Secretary of \
                         State's approval</strong>",
                    );
                }
                text
            });
            let mut row = vec![
                escape(i.item.kind.label()),
                escape(&i.item.description),
                approval,
                i.item.amount.to_string(),
            ];
            if view.may_set {
                row.push(form(
                    &format!("/finance/budget/income/{}/remove", i.income_id),
                    csrf_token,
                    &format!(
                        "<input type=\"hidden\" name=\"year\" value=\"{}\">\
                         <button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" \
                         data-module=\"govuk-button\">Remove<span class=\"govuk-visually-hidden\"> {}</span></button>",
                        year.start_year(),
                        escape(&i.item.description)
                    ),
                ));
            }
            row
        })
        .collect();
    let mut total = vec![
        "<strong>Total income</strong>".to_string(),
        String::new(),
        String::new(),
        format!("<strong>{}</strong>", view.position.income),
    ];
    let mut heads = vec!["Source", "Description", "Forum approval", "Amount"];
    if view.may_set {
        heads.push("Action");
        total.push(String::new());
    }
    rows.push(total);
    table(&format!("Income, {year}"), &heads, &rows)
}

/// A money input showing `value`, with its error.
fn money_input(id: &str, label: &str, value: &str, problems: &Problems) -> String {
    let error = error_for(problems, id).and_then(|e| e.text);
    crate::html::money_input(id, label, value, None, error.as_deref())
}

fn year_field(view: &BudgetView) -> String {
    format!(
        "<input type=\"hidden\" name=\"year\" value=\"{}\">",
        view.position.year.start_year()
    )
}

fn budget_form(view: &BudgetView, drawn: &Drawn<'_>) -> String {
    // Show what was typed only when it was this form that failed.
    let retyped = drawn.typed.0.iter().any(|(k, _)| k.starts_with("line-"));
    let inputs: String = view
        .position
        .lines
        .iter()
        .filter_map(|l| l.line.map(|line| (line, l.budget)))
        .map(|(line, budget)| {
            let id = line_input(line);
            let value = if retyped {
                drawn.typed.get(&id).to_string()
            } else if budget == Pence::ZERO {
                String::new()
            } else {
                budget.plain()
            };
            money_input(&id, line.label(), &value, drawn.problems)
        })
        .collect();
    format!(
        "<h2 class=\"govuk-heading-m\" id=\"set-budget\">Set the budget for {year}</h2>\
         <p class=\"govuk-body\">Amounts in pounds. Leave a line empty for no budget on it.</p>{form}",
        year = view.position.year,
        form = form(
            "/finance/budget/lines",
            drawn.csrf_token,
            &format!("{}{inputs}{}", year_field(view), button("Save the budget"))
        ),
    )
}

fn income_form(view: &BudgetView, drawn: &Drawn<'_>) -> String {
    let (t, p) = (drawn.typed, drawn.problems);
    let kinds: Vec<(&str, &str)> = IncomeKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect();
    let fields = format!(
        "{year}{kind}{description}{amount}\
         <fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">\
         For a block transfer</legend>\
         <p class=\"govuk-body\">The Schools Forum may approve moving up to 0.5% of the schools block. \
         Give the block and the percentage to have the amount worked out.</p>\
         {reference}{approved}{block}{percentage}</fieldset>{button}",
        year = year_field(view),
        kind = radios(
            "kind",
            "Where the income comes from",
            &kinds,
            t.get("kind"),
            p
        ),
        description = typed_input(t, p, "description", "Description", None, None),
        amount = money_input("amount", "Amount", t.get("amount"), p),
        reference = typed_input(
            t,
            p,
            "approval_reference",
            "Forum approval reference",
            Some("For example, the meeting and item number"),
            None
        ),
        approved = date_input(
            "approved_on",
            "Date the forum approved it",
            "For example, 15 1 2026",
            t,
            p
        ),
        block = money_input(
            "schools_block",
            "Schools block the transfer is from",
            t.get("schools_block"),
            p
        ),
        percentage = typed_input(
            t,
            p,
            "percentage",
            "Percentage of the schools block moved",
            Some("For example, 0.5"),
            None
        ),
        button = button("Add income"),
    );
    format!(
        "<h2 class=\"govuk-heading-m\" id=\"add-income\">Add income</h2>{}",
        form("/finance/budget/income", drawn.csrf_token, &fields)
    )
}

fn actuals_form(view: &BudgetView, drawn: &Drawn<'_>) -> String {
    let file = FileUpload {
        id: Some("file".into()),
        name: Some("file".into()),
        label: Some(Label {
            text: Some("Ledger extract (CSV)".into()),
            ..Default::default()
        }),
        hint: Some(Hint {
            text: Some(
                "Columns financial_year, month (1 is April, 12 is March), budget_line and amount \
                 in pounds. Each month in the file replaces what was imported for that month before."
                    .into(),
            ),
            ..Default::default()
        }),
        error_message: error_for(drawn.problems, "file"),
        ..Default::default()
    }
    .render();
    format!(
        "<h2 class=\"govuk-heading-m\" id=\"import-actuals\">Import actuals from the ledger</h2>\
         <form method=\"post\" action=\"/finance/budget/actuals\" enctype=\"multipart/form-data\" novalidate>\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{token}\">{year}{file}{button}</form>",
        token = escape(drawn.csrf_token),
        year = year_field(view),
        button = button("Import actuals"),
    )
}

fn imports_table(view: &BudgetView) -> String {
    if view.imports.is_empty() {
        return String::new();
    }
    let rows: Vec<Vec<String>> = view
        .imports
        .iter()
        .map(|i| {
            vec![
                i.imported_at.format("%-d %B %Y %H:%M").to_string(),
                escape(&i.file_name),
                i.rows.to_string(),
                escape(&i.months),
                escape(&i.imported_by),
            ]
        })
        .collect();
    table(
        "Latest ledger imports",
        &["Imported", "File", "Rows", "Months", "By"],
        &rows,
    )
}
