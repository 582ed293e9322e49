//! Placements and their costs: `/children/{id}/placements` (a child's placement history with
//! costs, a form to record a placement and one to add the child to the awaiting list),
//! `/placements/awaiting` (the children waiting for a specialist place) and
//! `/panels/{id}/awaiting` (list them at an awaiting-placement panel). Each handler calls one
//! `app::placements` use case; who may see costs is the policy's decision.

use app::placements::{
    ChildPlacements, NewPlacement, add_to_awaiting_list, awaiting_list, child_placements,
    list_awaiting_at_panel, record_placement,
};
use app::portal::long_date;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Local, Utc};
use domain::SenProvisionKind;
use domain::high_needs::ProvisionSought;
use govuk::Component;

use crate::html::{button, error_summary, escape, form, table};
use crate::pages::errors;
use crate::pages::form_support::{
    Problems, Typed, date_input, error_for, field_errors, radios, signed_in, signed_in_page,
    textarea, typed_input,
};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

fn money(pence: Option<i64>) -> String {
    pence.map_or_else(|| "Not recorded".into(), |p| domain::Pence(p).to_string())
}

fn history(c: &ChildPlacements) -> String {
    if c.placements.is_empty() {
        return "<p class=\"govuk-body\">No placements are recorded.</p>".into();
    }
    let rows: Vec<Vec<String>> = c
        .placements
        .iter()
        .map(|p| {
            let costs = p.costs.as_ref();
            vec![
                escape(p.setting.as_deref().unwrap_or("No setting")),
                escape(p.category.map_or(p.row.category.as_str(), |c| c.label())),
                format!(
                    "{} to {}",
                    long_date(p.row.entry_on),
                    p.row.leaving_on.map_or_else(|| "now".into(), long_date)
                ),
                money(costs.map(|c| c.place_funding_pence)),
                money(costs.map(|c| c.top_up_pence)),
                money(costs.map(|c| c.fees_pence)),
                money(costs.and_then(|c| c.transport_pence)),
                match costs {
                    Some(c) if c.out_of_area => "Yes".into(),
                    Some(_) => "No".into(),
                    None => String::new(),
                },
                escape(p.line.map_or("", |l| l.label())),
            ]
        })
        .collect();
    table(
        "Placement history, newest first (amounts a year)",
        &[
            "Setting",
            "Type of place",
            "Dates",
            "Place funding",
            "Top-up",
            "Fees",
            "Transport",
            "Out of area",
            "Budget line",
        ],
        &rows,
    )
}

fn placement_form(
    child_id: i64,
    csrf: &str,
    settings: &[app::settings::SettingSummary],
    typed: &Typed,
    problems: &Problems,
) -> String {
    let select = govuk::Select {
        id: Some("setting_id".into()),
        name: Some("setting_id".into()),
        value: Some(typed.get("setting_id").into()),
        label: Some(govuk::Label {
            text: Some("Setting".into()),
            classes: Some("govuk-label--s".into()),
            ..Default::default()
        }),
        items: std::iter::once(govuk::SelectItem {
            value: Some(String::new()),
            text: Some("Select the setting".into()),
            ..Default::default()
        })
        .chain(settings.iter().map(|s| govuk::SelectItem {
            value: Some(s.setting_id.to_string()),
            text: Some(s.name.clone()),
            ..Default::default()
        }))
        .collect(),
        error_message: error_for(problems, "setting_id"),
        ..Default::default()
    }
    .render();
    let provisions = [
        ("", "The school or college itself"),
        (SenProvisionKind::SenUnit.code(), "Its SEN unit"),
        (
            SenProvisionKind::ResourcedProvision.code(),
            "Its resourced provision",
        ),
    ];
    let pounds = Some("A year, in pounds, for example 12000");
    let inputs = [
        select,
        radios(
            "sen_provision",
            "Where in the setting",
            &provisions,
            typed.get("sen_provision"),
            problems,
        ),
        date_input(
            "entry_on",
            "Start date",
            "For example, 1 9 2026",
            typed,
            problems,
        ),
        "<p class=\"govuk-body\">Place funding follows from the type of place: £10,000 in special \
         schools and alternative provision, £6,000 in SEN units, resourced provision and further \
         education.</p>"
            .into(),
        typed_input(typed, problems, "top_up", "Top-up", pounds, None),
        typed_input(
            typed,
            problems,
            "fees",
            "Fees (independent schools only)",
            pounds,
            None,
        ),
        typed_input(
            typed,
            problems,
            "transport",
            "Home to school transport",
            Some("A year, in pounds; leave empty if none is arranged"),
            None,
        ),
        radios(
            "hospital_education",
            "Is the child taught by the hospital education service?",
            &[("no", "No"), ("yes", "Yes")],
            typed.get("hospital_education"),
            problems,
        ),
        button("Record the placement"),
    ]
    .concat();
    form(&format!("/children/{child_id}/placements"), csrf, &inputs)
}

fn awaiting_form(child_id: i64, csrf: &str, typed: &Typed, problems: &Problems) -> String {
    let options: Vec<(&str, &str)> = ProvisionSought::ALL
        .iter()
        .map(|p| (p.code(), p.label()))
        .collect();
    let inputs = [
        radios(
            "provision_sought",
            "Provision sought",
            &options,
            typed.get("provision_sought"),
            problems,
        ),
        date_input(
            "since_on",
            "Waiting since",
            "For example, 1 9 2026",
            typed,
            problems,
        ),
        textarea("notes", "Notes", None, typed.get("notes"), problems),
        button("Add to the awaiting list"),
    ]
    .concat();
    form(&format!("/children/{child_id}/awaiting"), csrf, &inputs)
}

async fn child_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    child_id: i64,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let today = Local::now().date_naive();
    let c = match child_placements(state.store(), &current.actor, child_id, today).await {
        Ok(c) => c,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let may_record = app::policy::permits(&current.actor, app::policy::Action::RecordPlacement);
    let waiting = match c.awaiting.first() {
        Some(a) => format!(
            "<div class=\"govuk-inset-text\">Awaiting a specialist place ({}) for {} days, since {}.</div>",
            escape(
                a.provision
                    .map_or(a.row.provision_sought.as_str(), |p| p.label())
            ),
            a.days_waiting,
            long_date(a.row.since_on)
        ),
        None => String::new(),
    };
    let forms = if may_record {
        let settings = match app::settings::list_settings(state.store(), &current.actor).await {
            Ok(s) => s,
            Err(e) => return errors::for_app_error(state, &e),
        };
        let awaiting = if c.awaiting.is_empty() {
            format!(
                "<h2 class=\"govuk-heading-m\">Waiting for a specialist place</h2>{}",
                awaiting_form(child_id, &current.csrf_token, typed, problems)
            )
        } else {
            String::new()
        };
        format!(
            "<h2 class=\"govuk-heading-m\">Record a placement</h2>\
             <p class=\"govuk-body\">The current placement ends the day before the new one starts.</p>{}{awaiting}",
            placement_form(child_id, &current.csrf_token, &settings, typed, problems)
        )
    } else {
        String::new()
    };
    let body = format!(
        "{errors}<a href=\"/children/{child_id}\" class=\"govuk-back-link\">Back to the record</a>\
         <span class=\"govuk-caption-l\">{name}</span><h1 class=\"govuk-heading-l\">Placements and costs</h1>\
         {waiting}{history}{forms}",
        errors = error_summary(problems),
        name = escape(&c.name),
        history = history(&c),
    );
    signed_in_page(
        state,
        current,
        "/children",
        "Placements and costs",
        body,
        !problems.is_empty(),
    )
}

/// `/children/{id}/placements`.
pub async fn child(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
) -> Response {
    let path = format!("/children/{child_id}/placements");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(child_id) = child_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    child_page(&state, &current, child_id, &Typed::default(), &Vec::new()).await
}

/// Posts to `/children/{id}/placements`: records a placement.
pub async fn post_placement(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(
        state,
        &from,
        &headers,
        &child_id,
        "placements",
        Typed(pairs),
    )
    .await
}

/// Posts to `/children/{id}/awaiting`: adds the child to the awaiting list.
pub async fn post_awaiting(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(child_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(state, &from, &headers, &child_id, "awaiting", Typed(pairs)).await
}

async fn post(
    state: AppState,
    from: &str,
    headers: &HeaderMap,
    child_id: &str,
    what: &str,
    typed: Typed,
) -> Response {
    let path = format!("/children/{child_id}/placements");
    let current = match signed_in(&state, headers, from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(child_id) = child_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let done = match what {
        "placements" => {
            let new = NewPlacement {
                setting_id: typed.get("setting_id").into(),
                entry_on: typed.date("entry_on"),
                sen_provision: typed.get("sen_provision").into(),
                top_up: typed.get("top_up").into(),
                fees: typed.get("fees").into(),
                transport: typed.get("transport").into(),
                hospital_education: typed.get("hospital_education") == "yes",
            };
            record_placement(state.store(), &current.actor, child_id, &new, Utc::now())
                .await
                .map(|_| ())
        }
        "awaiting" => add_to_awaiting_list(
            state.store(),
            &current.actor,
            child_id,
            typed.get("provision_sought"),
            &typed.date("since_on"),
            typed.get("notes"),
            Utc::now(),
        )
        .await
        .map(|_| ()),
        _ => return errors::not_found(&state),
    };
    let first = if what == "awaiting" {
        "provision_sought"
    } else {
        "setting_id"
    };
    match done {
        Ok(()) => Redirect::to(&path).into_response(),
        Err(e) => match field_errors(e, |f| match f {
            "" => first.into(),
            "entry_on" | "since_on" => format!("{f}-day"),
            other => other.into(),
        }) {
            Ok(problems) => child_page(&state, &current, child_id, &typed, &problems).await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}

/// `/placements/awaiting`: the awaiting-placement list, longest waiting first.
pub async fn awaiting(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let path = "/placements/awaiting";
    let current = match session::require(&state, &headers, &from, path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let today = Local::now().date_naive();
    let list = match awaiting_list(state.store(), &current.actor, today).await {
        Ok(l) => l,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|a| {
            vec![
                format!(
                    "<a class=\"govuk-link\" href=\"/children/{}/placements\">{} {}</a>",
                    a.row.child_id,
                    escape(&a.row.forename),
                    escape(&a.row.surname)
                ),
                escape(
                    a.provision
                        .map_or(a.row.provision_sought.as_str(), |p| p.label()),
                ),
                long_date(a.row.since_on),
                a.days_waiting.to_string(),
                escape(a.row.notes.as_deref().unwrap_or("")),
            ]
        })
        .collect();
    let content = if rows.is_empty() {
        "<p class=\"govuk-body\">No child is waiting for a specialist place.</p>".to_string()
    } else {
        table(
            &format!("{} children waiting", rows.len()),
            &[
                "Child",
                "Provision sought",
                "Waiting since",
                "Days waiting",
                "Notes",
            ],
            &rows,
        )
    };
    let body = format!(
        "<h1 class=\"govuk-heading-l\">Children awaiting a specialist place</h1>\
         <p class=\"govuk-body\">The list is reviewed at an awaiting-placement panel: set up a meeting on the \
         <a class=\"govuk-link\" href=\"/panels\">panels page</a> and list these children at it.</p>{content}"
    );
    signed_in_page(
        &state,
        &current,
        path,
        "Children awaiting a specialist place",
        body,
        false,
    )
}

/// Posts to `/panels/{id}/awaiting`: lists the awaiting children at the meeting.
pub async fn list_at_panel(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(meeting_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/panels/{meeting_id}");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(meeting_id) = meeting_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let today = Local::now().date_naive();
    match list_awaiting_at_panel(state.store(), &current.actor, meeting_id, today).await {
        Ok(_) => Redirect::to(&path).into_response(),
        Err(e) => errors::for_app_error(&state, &e),
    }
}
