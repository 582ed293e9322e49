//! The plan on the case page: its current text by section, A to K, and every version with what
//! changed, who recorded it and when.

use app::casework::CaseView;
use app::casework::pages_support::CasePage;
use app::casework::plans::{PlanVersion, SECTIONS};
use govuk::{Component, InsetText};

use super::case::{day, summary_rows};
use crate::html::{escape, table};

/// What a version's stored status is called.
pub fn status_label(status: &str) -> &str {
    match status {
        "draft" => "Draft plan",
        "final" => "Final plan",
        "proposed_amendment" => "Proposed amendments",
        "amended" => "Amended plan",
        other => other,
    }
}

/// A setting's name, among those the case names.
pub fn setting_name(view: &CaseView, id: i64) -> Option<&str> {
    view.setting_names
        .iter()
        .find(|(known, _)| *known == id)
        .map(|(_, name)| name.as_str())
}

/// Text as paragraphs, one per line typed.
fn paragraphs(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("<p class=\"govuk-body\">{}</p>", escape(l)))
        .collect()
}

/// A version's sections, A to K, with the setting it names in section I.
fn sections(view: &CaseView, version: &PlanVersion) -> String {
    let rows: Vec<(String, String)> = SECTIONS
        .iter()
        .map(|(letter, title)| {
            let body = version
                .sections
                .iter()
                .find(|s| s.section == *letter)
                .map(|s| paragraphs(&s.body))
                .unwrap_or_default();
            let mut value = if body.is_empty() {
                "<p class=\"govuk-body\">Not written</p>".to_string()
            } else {
                body
            };
            if *letter == "I"
                && let Some(name) = version
                    .row
                    .named_setting_id
                    .and_then(|id| setting_name(view, id))
            {
                value.push_str(&format!(
                    "<p class=\"govuk-body\"><strong>Named: {}</strong></p>",
                    escape(name)
                ));
            }
            (format!("{letter}: {title}"), value)
        })
        .collect();
    let borrowed: Vec<(&str, String)> = rows.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    summary_rows(&borrowed)
}

/// The plan as it stands (the newest version that is not a proposal), and the list of versions.
pub fn plan_section(page: &CasePage) -> String {
    let view = &page.view;
    let child_id = view.child.child_id;
    let Some(current) = view
        .versions
        .iter()
        .filter(|v| v.row.status != "proposed_amendment")
        .max_by_key(|v| v.row.version_no)
    else {
        return "<h2 class=\"govuk-heading-m\">The plan</h2><p class=\"govuk-body\">No plan has been drafted here yet.</p>".into();
    };
    let newest = view.versions.iter().max_by_key(|v| v.row.version_no);
    let pending = newest
        .filter(|v| v.row.status == "proposed_amendment")
        .map(|v| {
            InsetText {
                html: Some(format!(
                    "Amendments were proposed on {}. <a class=\"govuk-link\" href=\"/children/{child_id}/case/versions/{}\">See the proposed amendments (version {})</a>.",
                    escape(&day(v.row.issued_on)),
                    v.row.version_id,
                    v.row.version_no
                )),
                ..Default::default()
            }
            .render()
        })
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = view
        .versions
        .iter()
        .rev()
        .map(|v| {
            vec![
                format!(
                    "<a class=\"govuk-link\" href=\"/children/{child_id}/case/versions/{}\">Version {}</a>",
                    v.row.version_id, v.row.version_no
                ),
                escape(status_label(&v.row.status)),
                escape(&day(v.row.issued_on)),
                escape(&changed(&v.row.changed_sections, &v.row.change_summary)),
                escape(page.author(v.row.author_staff_id).unwrap_or("Imported")),
            ]
        })
        .collect();
    format!(
        "<h2 class=\"govuk-heading-m\">The plan</h2>\
         <p class=\"govuk-body\">{}, version {}, issued {}.</p>{pending}{}{}",
        escape(status_label(&current.row.status)),
        current.row.version_no,
        escape(&day(current.row.issued_on)),
        sections(view, current),
        table(
            "Versions of the plan",
            &["Version", "What", "Issued", "What changed", "Recorded by"],
            &rows
        )
    )
}

fn changed(letters: &str, summary: &str) -> String {
    if letters.is_empty() {
        summary.to_string()
    } else {
        let which = if letters.contains(',') {
            "sections"
        } else {
            "section"
        };
        format!("{summary} ({which} {})", letters.replace(',', ", "))
    }
}

/// One version in full, for its own page.
pub fn version_body(page: &CasePage, version: &PlanVersion) -> String {
    let row = &version.row;
    let facts = summary_rows(&[
        ("Issued", escape(&day(row.issued_on))),
        (
            "What changed",
            escape(&changed(&row.changed_sections, &row.change_summary)),
        ),
        (
            "Recorded",
            escape(&format!(
                "{} by {}",
                row.recorded_at.format("%-d %B %Y %H:%M"),
                page.author(row.author_staff_id).unwrap_or("an import")
            )),
        ),
    ]);
    format!(
        "{facts}<h2 class=\"govuk-heading-m\">Sections</h2>{}",
        sections(&page.view, version)
    )
}
