//! What every top-up page shows about one application, for the school and the council alike:
//! where it is, the indicative amount with any cap breach, the needs and provision chosen, the
//! evidence and the panel's decision with the award.

use app::portal::long_date;
use app::topup::Application;
use domain::Pence;
use domain::topup::application::ApplicationState;
use domain::topup::costing::{Cap, Pricing};

use govuk::Component;

use crate::html::{escape, summary_list_html, table};

/// The state as a GOV.UK tag.
pub(crate) fn state_tag(state: ApplicationState) -> String {
    let colour = match state {
        ApplicationState::Draft => "grey",
        ApplicationState::Submitted => "blue",
        ApplicationState::AtPanel => "purple",
        ApplicationState::Approved => "green",
        ApplicationState::Amended => "turquoise",
        ApplicationState::Declined => "red",
        ApplicationState::Withdrawn => "orange",
    };
    format!(
        "<strong class=\"govuk-tag govuk-tag--{colour}\">{}</strong>",
        state.label()
    )
}

/// The indicative amount, or why there is none, with every cap breached and duplicates.
pub(crate) fn pricing_panel(app: &Application) -> String {
    let pricing: &Pricing = match &app.pricing {
        Ok(p) => p,
        Err(problems) => {
            let items: String = problems
                .iter()
                .map(|p| format!("<li>{}</li>", escape(&p.to_string())))
                .collect();
            let warning = govuk::WarningText {
                text: Some("The choices cannot be priced:".into()),
                ..Default::default()
            }
            .render();
            return format!("{warning}<ul class=\"govuk-list govuk-list--bullet\">{items}</ul>");
        }
    };
    let amount = match pricing.annual {
        Some(a) => format!(
            "<p class=\"govuk-body\">Indicative amount: <strong id=\"indicative\">{a} a year</strong> \
             ({} hours a week over {} weeks).</p>",
            pricing.total_weekly_hours, pricing.funded_weeks
        ),
        None => {
            "<p class=\"govuk-body\" id=\"indicative\">No indicative amount while the provision \
                 asked for is over a weekly cap.</p>"
                .into()
        }
    };
    let breaches: String = pricing
        .breaches
        .iter()
        .map(|b| {
            let which = match &b.cap {
                Cap::Code { code } => format!("the weekly cap for code {}", escape(code)),
                Cap::Total => "the total weekly cap".into(),
            };
            format!(
                "<li>{} hours asked for is over {which} of {} hours by {} hours</li>",
                b.hours, b.cap_hours, b.over_by_hours
            )
        })
        .collect();
    // Not an error summary: nothing typed is wrong, and the page has no field to link to.
    let breaches = if breaches.is_empty() {
        String::new()
    } else {
        let warning = govuk::WarningText {
            text: Some(
                "Over a weekly cap: reduce the provision asked for before submitting.".into(),
            ),
            ..Default::default()
        }
        .render();
        format!(
            "{warning}<ul class=\"govuk-list govuk-list--bullet\" id=\"breaches\">{breaches}</ul>"
        )
    };
    let panel = if pricing.needs_individual_costing {
        "<p class=\"govuk-body\">Some provision has no set rate: the panel will cost it.</p>"
    } else {
        ""
    };
    let duplicates = if pricing.duplicates.is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"govuk-body\">{} provisions are asked for under more than one area of \
             need; each counts. Check that is what you mean.</p>",
            pricing.duplicates.len()
        )
    };
    format!("<div class=\"govuk-inset-text\">{amount}{panel}{duplicates}</div>{breaches}")
}

/// The provisions chosen, by area of need, with their weekly hours and code.
pub(crate) fn provisions_table(app: &Application) -> String {
    let rows: Vec<Vec<String>> = app
        .package
        .review_order()
        .into_iter()
        .map(|c| {
            let p = app.model.provision(&c.provision);
            vec![
                escape(
                    app.model
                        .sub_area(&c.sub_area)
                        .map_or(&c.sub_area, |s| &s.label),
                ),
                escape(p.map_or(c.provision.as_str(), |p| p.text.as_str())),
                p.map(|p| p.weekly_hours_as_published.clone())
                    .unwrap_or_default(),
                escape(p.map_or("", |p| p.code.as_str())),
                if c.funding { "Yes" } else { "No" }.into(),
            ]
        })
        .collect();
    if rows.is_empty() {
        return "<p class=\"govuk-body\">No provision chosen yet.</p>".into();
    }
    table(
        "Provision chosen",
        &[
            "Area of need",
            "Provision",
            "Hours a week",
            "Code",
            "Funding asked",
        ],
        &rows,
    )
}

/// The application's facts, and for a decided one the panel's reasons and the award.
pub(crate) fn facts(app: &Application) -> String {
    let row = &app.row;
    let mut rows = vec![
        ("Reference", escape(&app.reference)),
        ("Pupil", escape(&app.child_name)),
        ("School", escape(&app.setting_name)),
        ("Status", state_tag(app.state)),
        ("Funding model", escape(&app.model.version().to_string())),
        (
            "Head teacher's agreement",
            match (&row.head_teacher, row.head_teacher_confirmed_on) {
                (Some(name), Some(on)) => format!("{} on {}", escape(name), long_date(on)),
                _ => "Not yet recorded".into(),
            },
        ),
        (
            "Evidence",
            if app.evidence.is_empty() {
                "None attached".into()
            } else {
                app.evidence
                    .iter()
                    .map(|(_, title, _)| escape(title))
                    .collect::<Vec<_>>()
                    .join("<br>")
            },
        ),
    ];
    if let Some(reasons) = &row.decision_reasons {
        rows.push(("Panel's reasons", escape(reasons)));
    }
    if let Some(a) = &app.award {
        rows.push((
            "Award",
            format!(
                "<span id=\"award\">{} a year from {} to {}</span>",
                Pence(a.annual_pence),
                long_date(a.starts_on),
                long_date(a.ends_on)
            ),
        ));
    }
    summary_list_html(&rows)
}

/// What the school wrote.
pub(crate) fn summary_text(app: &Application) -> String {
    if app.row.summary.is_empty() {
        return String::new();
    }
    format!(
        "<h2 class=\"govuk-heading-m\">What the school does now and why it needs more</h2>\
         <p class=\"govuk-body\">{}</p>",
        escape(&app.row.summary).replace('\n', "<br>")
    )
}
