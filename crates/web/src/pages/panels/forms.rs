//! The forms and parts of the panel pages: what was typed, its errors, and the GOV.UK
//! components each form is made of.

use app::casework::panels::{DECISIONS, PANELS};
use govuk::{
    Checkboxes, ChoiceItem, ChoicesFieldset, Component, DateInput, Label, Legend, Radios, Select,
    SelectItem, Textarea,
};

use crate::html::{button, escape, form, summary_list};

pub(super) use crate::pages::form_support::{Problems, Typed, error_for, field_errors};

pub(super) fn select(
    id: &str,
    label: &str,
    value: &str,
    items: &[(String, String)],
    problems: &Problems,
) -> String {
    let mut options = vec![SelectItem {
        value: Some(String::new()),
        text: Some("Select".into()),
        ..Default::default()
    }];
    options.extend(items.iter().map(|(v, t)| SelectItem {
        value: Some(v.clone()),
        text: Some(t.clone()),
        ..Default::default()
    }));
    Select {
        id: Some(id.into()),
        name: Some(id.into()),
        items: options,
        value: Some(value.into()),
        label: Some(Label {
            text: Some(label.into()),
            ..Default::default()
        }),
        error_message: error_for(problems, id),
        ..Default::default()
    }
    .render()
}

pub(super) fn textarea(
    id: &str,
    name: &str,
    label: &str,
    value: &str,
    problems: &Problems,
) -> String {
    Textarea {
        id: Some(id.into()),
        name: Some(name.into()),
        value: Some(value.into()),
        rows: Some("3".into()),
        label: Some(Label {
            text: Some(label.into()),
            ..Default::default()
        }),
        error_message: error_for(problems, id),
        ..Default::default()
    }
    .render()
}

fn choices(codes: &[(&str, &str)]) -> Vec<Option<ChoiceItem>> {
    codes
        .iter()
        .map(|(value, text)| {
            Some(ChoiceItem {
                value: Some((*value).into()),
                text: Some((*text).into()),
                ..Default::default()
            })
        })
        .collect()
}

fn legend(text: &str) -> Option<ChoicesFieldset> {
    Some(ChoicesFieldset {
        legend: Some(Legend {
            text: Some(text.into()),
            classes: Some("govuk-fieldset__legend--s".into()),
            ..Default::default()
        }),
        ..Default::default()
    })
}

pub(super) fn new_meeting_form(
    csrf: &str,
    typed: &Typed,
    staff: &[(i64, String, Option<String>)],
    problems: &Problems,
) -> String {
    let panel = Radios {
        name: Some("panel".into()),
        items: choices(&PANELS),
        value: Some(typed.get("panel").into()),
        fieldset: legend("Panel"),
        error_message: error_for(problems, "panel"),
        ..Default::default()
    }
    .render();
    let mut values = std::collections::BTreeMap::new();
    for part in ["day", "month", "year"] {
        values.insert(
            part.to_string(),
            govuk::Scalar::Str(typed.get(&format!("held_on-{part}")).into()),
        );
    }
    let date = DateInput {
        id: Some("held_on".into()),
        name_prefix: Some("held_on".into()),
        values,
        fieldset: legend("Date of the meeting"),
        hint: Some(govuk::Hint {
            text: Some("For example, 27 3 2026".into()),
            ..Default::default()
        }),
        error_message: error_for(problems, "held_on-day"),
        ..Default::default()
    }
    .render();
    let people: Vec<(String, String)> = staff
        .iter()
        .map(|(id, name, service)| {
            let text = match service {
                Some(s) => format!("{name} ({s})"),
                None => name.clone(),
            };
            (id.to_string(), text)
        })
        .collect();
    let chair = select("chair", "Chair", typed.get("chair"), &people, problems);
    let members = Checkboxes {
        name: Some("members".into()),
        items: people
            .iter()
            .map(|(id, text)| {
                Some(ChoiceItem {
                    value: Some(id.clone()),
                    text: Some(text.clone()),
                    ..Default::default()
                })
            })
            .collect(),
        values: typed.all("members"),
        fieldset: legend("Members"),
        hint: Some(govuk::Hint {
            text: Some("Select everyone who sits on the panel. The chair is a member too.".into()),
            ..Default::default()
        }),
        classes: Some("govuk-checkboxes--small".into()),
        error_message: error_for(problems, "members"),
        ..Default::default()
    }
    .render();
    format!(
        "<h2 class=\"govuk-heading-m\">Set up a panel meeting</h2>{}",
        form(
            "/panels",
            csrf,
            &format!(
                "{panel}{date}{chair}{members}{}",
                button("Set up the meeting")
            )
        )
    )
}

pub(super) fn list_from_case_form(
    csrf: &str,
    typed: &Typed,
    upcoming: &[(String, String)],
    problems: &Problems,
) -> String {
    let child = escape(typed.get("child_id"));
    if upcoming.is_empty() {
        return format!(
            "<h2 class=\"govuk-heading-m\">List child {child} at a panel</h2>\
             <p class=\"govuk-body\">No panel meeting is coming up. Set one up below, then list the case at it.</p>"
        );
    }
    format!(
        "<h2 class=\"govuk-heading-m\">List child {child} at a panel</h2>{}",
        form(
            "/panels/items",
            csrf,
            &format!(
                "<input type=\"hidden\" name=\"child_id\" value=\"{child}\">{}{}{}",
                select(
                    "meeting",
                    "Meeting",
                    typed.get("meeting"),
                    upcoming,
                    problems
                ),
                textarea(
                    "question",
                    "question",
                    "What is the panel asked to decide?",
                    typed.get("question"),
                    problems
                ),
                button("List the case"),
            )
        )
    )
}

/// A case listed at a meeting, as the page shows it.
pub(super) struct Listed<'a> {
    pub(super) id: i64,
    pub(super) child_id: i64,
    pub(super) child: &'a str,
    pub(super) question: &'a str,
    pub(super) decision: Option<&'a str>,
    pub(super) reasons: Option<&'a str>,
}

pub(super) fn case_item(
    csrf: &str,
    meeting_id: i64,
    item: &Listed<'_>,
    decides: bool,
    typed: &Typed,
    problems: &Problems,
) -> String {
    let id = item.id;
    let child = item.child;
    let decision = item.decision.map(|code| {
        DECISIONS
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code, |(_, label)| label)
    });
    let mut rows = vec![("Question", item.question.to_string())];
    if let Some(decision) = decision {
        rows.push(("Decision", decision.to_string()));
        rows.push(("Reasons", item.reasons.unwrap_or_default().to_string()));
    }
    let decision_form = if decides && decision.is_none() {
        let radios = Radios {
            name: Some("decision".into()),
            id_prefix: Some(format!("decision-{id}")),
            items: choices(&DECISIONS),
            value: Some(typed.get(&format!("decision-{id}")).into()),
            fieldset: legend("The panel's decision"),
            error_message: error_for(problems, &format!("decision-{id}")),
            ..Default::default()
        }
        .render();
        form(
            &format!("/panels/{meeting_id}/items/{id}/decision"),
            csrf,
            &format!(
                "{radios}{}{}",
                textarea(
                    &format!("reasons-{id}"),
                    "reasons",
                    "Reasons for the decision",
                    typed.get(&format!("reasons-{id}")),
                    problems
                ),
                button("Record the decision")
            ),
        )
    } else {
        String::new()
    };
    format!(
        "<div class=\"govuk-summary-card\" id=\"item-{id}\"><div class=\"govuk-summary-card__title-wrapper\">\
         <h3 class=\"govuk-summary-card__title\"><a class=\"govuk-link\" href=\"/children/{}/case\">{}</a></h3></div>\
         <div class=\"govuk-summary-card__content\">{}{decision_form}</div></div>",
        item.child_id,
        escape(if child.is_empty() { "Child" } else { child }),
        summary_list(&rows),
    )
}
