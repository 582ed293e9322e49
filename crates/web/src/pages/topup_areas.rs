//! One area of need in a top-up application: the needs page (one choice per statement group,
//! funding-bristol.md §2.1, with the Expected statement as the group's reference point) and the
//! provision page (at most one provision of each type offered at the area's level, §2.3).

use app::topup::applications::application;
use axum::response::Response;
use domain::topup::costing::NeedLevel;
use govuk::Component;

use crate::html::{button, error_summary, escape, form};
use crate::pages::errors;
use crate::pages::form_support::{Problems, Typed, signed_in_page};
use crate::state::AppState;

/// Renders the needs or provision page of `sub_area`; `confirm` asks before a lower level
/// removes the area's provision (§2.4), keeping what was chosen.
#[allow(clippy::too_many_arguments)] // one page, two entry points
pub(crate) async fn area_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    application_id: i64,
    what: &str,
    sub_area: &str,
    typed: &Typed,
    problems: &Problems,
    confirm: bool,
) -> Response {
    let app = match application(state.store(), &current.actor, application_id).await {
        Ok(a) => a,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let Some(area) = app.model.sub_area(sub_area) else {
        return errors::not_found(state);
    };
    let posted = !typed.0.is_empty();
    let inner = match what {
        "needs" => needs_fields(&app, sub_area, typed, posted, confirm),
        "provision" => match provision_fields(&app, sub_area, typed, posted) {
            Some(fields) => fields,
            None => return errors::not_found(state),
        },
        _ => return errors::not_found(state),
    };
    let title = if what == "needs" {
        "Needs"
    } else {
        "Provision"
    };
    let body = format!(
        "{errors}<a href=\"/school/topup/{application_id}\" class=\"govuk-back-link\">Back to the application</a>\
         <span class=\"govuk-caption-l\">{caption}</span><h1 class=\"govuk-heading-l\">{title}: {label}</h1>{form}",
        errors = error_summary(problems),
        caption = escape(&format!("{} — {}", app.reference, area.area_label)),
        label = escape(&area.label),
        form = form(
            &format!("/school/topup/{application_id}/{what}/{sub_area}"),
            &current.csrf_token,
            &inner
        ),
    );
    signed_in_page(
        state,
        current,
        "/school/topup",
        &format!("{title}: {}", area.label),
        body,
        !problems.is_empty(),
    )
}

fn needs_fields(
    app: &app::topup::Application,
    sub_area: &str,
    typed: &Typed,
    posted: bool,
    confirm: bool,
) -> String {
    let chosen: Vec<&str> = app
        .package
        .need_statements
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(String::as_str)
        .collect();
    let mut out = String::from(
        "<p class=\"govuk-body\">For each group, choose the statement that best describes the \
         pupil, or none. The first statement of each group describes what is expected for most \
         pupils.</p>",
    );
    if confirm {
        out.push_str(
            &govuk::WarningText {
                text: Some(
                    "These needs are at a lower level, so the provision chosen for this area will \
                     be removed. Save again to confirm, or go back to keep it."
                        .into(),
                ),
                ..Default::default()
            }
            .render(),
        );
        out.push_str("<input type=\"hidden\" name=\"confirm_removal\" value=\"yes\">");
    }
    let statements: Vec<_> = app
        .model
        .statements()
        .iter()
        .filter(|s| s.sub_area == sub_area)
        .collect();
    let mut category = "";
    let mut group = "";
    let mut items: Vec<Option<govuk::ChoiceItem>> = Vec::new();
    let mut expected = String::new();
    let flush = |group: &str, expected: &str, items: &mut Vec<Option<govuk::ChoiceItem>>| {
        if items.is_empty() {
            return String::new();
        }
        let name = format!("group-{group}");
        let none_checked = !items.iter().flatten().any(|i| i.checked == Some(true));
        items.push(Some(govuk::ChoiceItem {
            divider: Some("or".into()),
            ..Default::default()
        }));
        items.push(Some(govuk::ChoiceItem {
            value: Some(String::new()),
            text: Some("None of these".into()),
            checked: Some(none_checked),
            ..Default::default()
        }));
        govuk::Radios {
            id_prefix: Some(name.clone()),
            name: Some(name),
            fieldset: Some(govuk::ChoicesFieldset {
                legend: Some(govuk::Legend {
                    text: Some(if expected.is_empty() {
                        "Choose one".into()
                    } else {
                        format!("Expected: {expected}")
                    }),
                    classes: Some("govuk-fieldset__legend--s".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            items: std::mem::take(items),
            ..Default::default()
        }
        .render()
    };
    for s in statements {
        if s.group != group {
            out.push_str(&flush(group, &expected, &mut items));
            expected.clear();
            group = &s.group;
        }
        if s.sub_category != category {
            category = &s.sub_category;
            out.push_str(&format!(
                "<h2 class=\"govuk-heading-m\">{}</h2>",
                escape(&s.sub_category_label)
            ));
        }
        if s.level == NeedLevel::Expected {
            expected = s.label.clone();
            continue;
        }
        let checked = if posted {
            typed.get(&format!("group-{}", s.group)) == s.id
        } else {
            chosen.contains(&s.id.as_str())
        };
        items.push(Some(govuk::ChoiceItem {
            value: Some(s.id.clone()),
            text: Some(s.label.clone()),
            checked: Some(checked),
            ..Default::default()
        }));
    }
    out.push_str(&flush(group, &expected, &mut items));
    out.push_str(&button("Save the needs"));
    out
}

fn provision_fields(
    app: &app::topup::Application,
    sub_area: &str,
    typed: &Typed,
    posted: bool,
) -> Option<String> {
    let level = app.package.need_level(&app.model, sub_area)?;
    let offered = app.model.offered(sub_area, level)?;
    if offered.is_empty() {
        return None;
    }
    let mut out = String::from(
        "<p class=\"govuk-body\">Choose the provision the school makes for the pupil in this area \
         of need, at most one of each kind.</p>",
    );
    let mut types: Vec<(&str, &str, Vec<&domain::topup::costing::Provision>)> = Vec::new();
    for p in offered {
        match types.iter_mut().find(|(t, _, _)| *t == p.type_id) {
            Some((_, _, list)) => list.push(p),
            None => types.push((&p.type_id, &p.type_label, vec![p])),
        }
    }
    for (type_id, label, provisions) in types {
        let name = format!("type-{type_id}");
        let selected = if posted {
            typed.get(&name).to_string()
        } else {
            app.package
                .provisions
                .iter()
                .find(|c| c.sub_area == sub_area && provisions.iter().any(|p| p.id == c.provision))
                .map(|c| c.provision.clone())
                .unwrap_or_default()
        };
        out.push_str(
            &govuk::Select {
                id: Some(name.clone()),
                name: Some(name),
                value: Some(selected),
                label: Some(govuk::Label {
                    text: Some(label.to_string()),
                    classes: Some("govuk-label--s".into()),
                    ..Default::default()
                }),
                items: std::iter::once(govuk::SelectItem {
                    value: Some(String::new()),
                    text: Some("Select provision".into()),
                    ..Default::default()
                })
                .chain(provisions.iter().map(|p| govuk::SelectItem {
                    value: Some(p.id.clone()),
                    text: Some(if p.weekly_hours_as_published.is_empty() {
                        p.text.clone()
                    } else {
                        format!("{} ({} hours a week)", p.text, p.weekly_hours_as_published)
                    }),
                    ..Default::default()
                }))
                .collect(),
                ..Default::default()
            }
            .render(),
        );
    }
    out.push_str(&button("Save the provision"));
    Some(out)
}
