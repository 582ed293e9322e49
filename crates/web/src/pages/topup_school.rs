//! The SENCO's top-up pages: `/school/topup` (the school's applications and starting one),
//! `/school/topup/{id}` (the application as a task list: needs and provision by area of need,
//! the indicative amount, what the school does now, evidence, the head teacher's agreement,
//! submit), and the needs and provision pages of one area of need. Each handler calls one
//! `app::topup::applications` use case.

use app::topup::Application;
use app::topup::applications::{
    self as apps, NeedsSaved, application, pupils_to_apply_for, school_applications,
    start_application,
};
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Local, Utc};
use domain::topup::costing::NeedLevel;
use govuk::Component;

use super::topup_view::{facts, pricing_panel, provisions_table, state_tag, summary_text};
use crate::html::{button, error_summary, escape, form, table};
use crate::pages::errors;
use crate::pages::form_support::{
    Problems, Typed, field_errors, signed_in, signed_in_page, textarea, typed_input,
};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

fn page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    title: &str,
    body: String,
    has_errors: bool,
) -> Response {
    signed_in_page(state, current, "/school/topup", title, body, has_errors)
}

/// `/school/topup`: the school's applications, and a form to start one.
pub async fn list(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/school/topup").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    list_page(&state, &current, &Vec::new()).await
}

async fn list_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    problems: &Problems,
) -> Response {
    let today = Local::now().date_naive();
    let (applications, pupils) = match (
        school_applications(state.store(), &current.actor).await,
        pupils_to_apply_for(state.store(), &current.actor, today).await,
    ) {
        (Ok(a), Ok(p)) => (a, p),
        (Err(e), _) | (_, Err(e)) => return errors::for_app_error(state, &e),
    };
    let rows: Vec<Vec<String>> = applications
        .iter()
        .map(|a| {
            vec![
                format!(
                    "<a class=\"govuk-link\" href=\"/school/topup/{}\">{}</a>",
                    a.application_id,
                    escape(&a.reference)
                ),
                escape(&a.child_name),
                state_tag(a.state),
                a.indicative_pence
                    .map(|p| domain::Pence(p).to_string())
                    .unwrap_or_default(),
                app::portal::long_date(a.updated_at.date_naive()),
            ]
        })
        .collect();
    let listed = if rows.is_empty() {
        "<p class=\"govuk-body\">Your school has no applications yet.</p>".into()
    } else {
        table(
            "Your school's applications",
            &[
                "Reference",
                "Pupil",
                "Status",
                "Indicative a year",
                "Last changed",
            ],
            &rows,
        )
    };
    let select = govuk::Select {
        id: Some("child_id".into()),
        name: Some("child_id".into()),
        label: Some(govuk::Label {
            text: Some("Pupil".into()),
            classes: Some("govuk-label--s".into()),
            ..Default::default()
        }),
        items: std::iter::once(govuk::SelectItem {
            value: Some(String::new()),
            text: Some("Select the pupil".into()),
            ..Default::default()
        })
        .chain(pupils.iter().map(|p| govuk::SelectItem {
            value: Some(p.child_id.to_string()),
            text: Some(format!(
                "{} {}{}",
                p.forename,
                p.surname,
                p.upn.as_deref().map(|u| format!(" ({u})")).unwrap_or_default()
            )),
            ..Default::default()
        }))
        .collect(),
        error_message: crate::pages::form_support::error_for(problems, "child_id"),
        ..Default::default()
    }
    .render();
    let body = format!(
        "{errors}<h1 class=\"govuk-heading-l\">Top-up funding</h1>\
         <p class=\"govuk-body\">Apply for top-up (element 3) for a pupil whose needs cost more than \
         the school's notional SEN budget provides. Choose the pupil's needs and the provision you \
         make; the indicative amount updates as you save. The funding panel decides.</p>\
         {listed}<h2 class=\"govuk-heading-m\">Start an application</h2>{start}\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/school/payments\">Your school's top-up payments</a></p>",
        errors = error_summary(problems),
        start = form(
            "/school/topup",
            &current.csrf_token,
            &[select, button("Start an application")].concat()
        ),
    );
    page(state, current, "Top-up funding", body, !problems.is_empty())
}

/// Posts to `/school/topup`: starts an application (or goes back to the pupil's draft).
pub async fn start(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let current = match signed_in(&state, &headers, &from, "/school/topup", &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(child_id) = typed.get("child_id").parse::<i64>() else {
        let problems = vec![("child_id".to_string(), "Select the pupil".to_string())];
        return list_page(&state, &current, &problems).await;
    };
    let today = Local::now().date_naive();
    match start_application(state.store(), &current.actor, child_id, today, Utc::now()).await {
        Ok(id) => Redirect::to(&format!("/school/topup/{id}")).into_response(),
        Err(e) => match field_errors(e, |_| "child_id".into()) {
            Ok(problems) => list_page(&state, &current, &problems).await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}

/// The areas of need with their level in words and links to their pages.
fn areas_table(app: &Application) -> String {
    let draft = app.state.is_draft();
    let rows: Vec<Vec<String>> = app
        .model
        .sub_areas()
        .iter()
        .map(|s| {
            let level = app.package.need_level(&app.model, &s.id);
            let chosen = app
                .package
                .provisions
                .iter()
                .filter(|c| c.sub_area == s.id)
                .count();
            let opens = level.is_some_and(NeedLevel::opens_provision);
            let words = match level {
                None => "No needs chosen",
                Some(_) if opens => "Needs identified: you may choose provision",
                Some(_) => "Needs can be met with ordinarily available provision",
            };
            let id = app.row.application_id;
            let links = if draft {
                let mut l = format!(
                    "<a class=\"govuk-link\" href=\"/school/topup/{id}/needs/{}\">Needs<span class=\"govuk-visually-hidden\"> in {}</span></a>",
                    escape(&s.id),
                    escape(&s.label)
                );
                if opens {
                    l.push_str(&format!(
                        " | <a class=\"govuk-link\" href=\"/school/topup/{id}/provision/{}\">Provision<span class=\"govuk-visually-hidden\"> in {}</span></a>",
                        escape(&s.id),
                        escape(&s.label)
                    ));
                }
                l
            } else {
                String::new()
            };
            vec![
                format!("{}<br><span class=\"govuk-body-s\">{}</span>", escape(&s.label), escape(&s.area_label)),
                words.into(),
                chosen.to_string(),
                links,
            ]
        })
        .collect();
    table(
        "Areas of need",
        &["Area of need", "Level", "Provisions chosen", "Change"],
        &rows,
    )
}

fn draft_forms(app: &Application, csrf: &str, typed: &Typed, problems: &Problems) -> String {
    let id = app.row.application_id;
    let funding: Vec<govuk::ChoiceItem> = app
        .package
        .review_order()
        .into_iter()
        .map(|c| govuk::ChoiceItem {
            value: Some(format!("{}|{}", c.provision, c.sub_area)),
            text: Some(format!(
                "{} ({})",
                app.model
                    .provision(&c.provision)
                    .map_or(c.provision.as_str(), |p| p.text.as_str()),
                app.model
                    .sub_area(&c.sub_area)
                    .map_or(c.sub_area.as_str(), |s| s.label.as_str())
            )),
            checked: Some(c.funding),
            ..Default::default()
        })
        .collect();
    let funding_form = if funding.is_empty() {
        String::new()
    } else {
        let boxes = govuk::Checkboxes {
            id_prefix: Some("funding".into()),
            name: Some("funding".into()),
            fieldset: Some(govuk::ChoicesFieldset {
                legend: Some(govuk::Legend {
                    text: Some("Which provision do you ask funding for?".into()),
                    classes: Some("govuk-fieldset__legend--s".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            items: funding.into_iter().map(Some).collect(),
            ..Default::default()
        }
        .render();
        form(
            &format!("/school/topup/{id}/funding"),
            csrf,
            &[boxes, button("Save the provision asked for")].concat(),
        )
    };
    let summary_value = if typed.get("summary").is_empty() {
        app.row.summary.as_str()
    } else {
        typed.get("summary")
    };
    let head = if typed.get("head_teacher").is_empty() {
        app.row.head_teacher.clone().unwrap_or_default()
    } else {
        typed.get("head_teacher").to_string()
    };
    let head_typed = Typed(vec![("head_teacher".into(), head)]);
    format!(
        "<h2 class=\"govuk-heading-m\">Provision asked for</h2>{funding_form}\
         <h2 class=\"govuk-heading-m\">What the school does now</h2>{summary}\
         <h2 class=\"govuk-heading-m\">Evidence</h2>\
         <form method=\"post\" action=\"/school/topup/{id}/evidence\" enctype=\"multipart/form-data\" novalidate>\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{token}\">{title}\
         <div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"file\">File (PDF, Word, image or text, up to 20 MB)</label>\
         <input class=\"govuk-file-upload\" id=\"file\" name=\"file\" type=\"file\"></div>{attach}</form>\
         <h2 class=\"govuk-heading-m\">Head teacher's agreement</h2>{head}\
         <h2 class=\"govuk-heading-m\">Send the application</h2>{submit}{withdraw}",
        summary = form(
            &format!("/school/topup/{id}/summary"),
            csrf,
            &[
                textarea(
                    "summary",
                    "What support the pupil has now, and why the school needs more",
                    Some("The panel reads this with the needs and provision you chose."),
                    summary_value,
                    problems
                ),
                button("Save")
            ]
            .concat()
        ),
        token = escape(csrf),
        title = typed_input(
            typed,
            problems,
            "title",
            "What the file is (optional)",
            None,
            None
        ),
        attach = button("Attach the file"),
        head = form(
            &format!("/school/topup/{id}/head-teacher"),
            csrf,
            &[
                typed_input(
                    &head_typed,
                    problems,
                    "head_teacher",
                    "Head teacher's name",
                    None,
                    Some("name")
                ),
                govuk::Checkboxes {
                    id_prefix: Some("agreed".into()),
                    name: Some("agreed".into()),
                    items: vec![Some(govuk::ChoiceItem {
                        value: Some("yes".into()),
                        text: Some(
                            "The head teacher has read and agreed to this application".into()
                        ),
                        checked: Some(app.row.head_teacher_confirmed_on.is_some()),
                        ..Default::default()
                    })],
                    error_message: crate::pages::form_support::error_for(problems, "agreed"),
                    ..Default::default()
                }
                .render(),
                button("Record the agreement"),
            ]
            .concat()
        ),
        submit = form(
            &format!("/school/topup/{id}/submit"),
            csrf,
            &button("Submit the application")
        ),
        withdraw = form(
            &format!("/school/topup/{id}/withdraw"),
            csrf,
            "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">Withdraw the application</button>"
        ),
    )
}

pub(crate) async fn application_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    application_id: i64,
    typed: &Typed,
    problems: &Problems,
    banner: &str,
) -> Response {
    let app = match application(state.store(), &current.actor, application_id).await {
        Ok(a) => a,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let forms = if app.state.is_draft() {
        draft_forms(&app, &current.csrf_token, typed, problems)
    } else if app.state.may_withdraw() {
        form(
            &format!("/school/topup/{application_id}/withdraw"),
            &current.csrf_token,
            "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">Withdraw the application</button>",
        )
    } else {
        String::new()
    };
    let body = format!(
        "{errors}{banner}<a href=\"/school/topup\" class=\"govuk-back-link\">Back to your applications</a>\
         <span class=\"govuk-caption-l\">{reference}</span><h1 class=\"govuk-heading-l\">Top-up application for {name}</h1>\
         {facts}{pricing}{areas}{provisions}{summary}{forms}",
        errors = error_summary(problems),
        reference = escape(&app.reference),
        name = escape(&app.child_name),
        facts = facts(&app),
        pricing = pricing_panel(&app),
        areas = areas_table(&app),
        provisions = provisions_table(&app),
        summary = if app.state.is_draft() {
            String::new()
        } else {
            summary_text(&app)
        },
    );
    page(
        state,
        current,
        "Top-up application",
        body,
        !problems.is_empty(),
    )
}

/// `/school/topup/{id}`.
pub async fn show(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let path = format!("/school/topup/{id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    application_page(&state, &current, id, &Typed::default(), &Vec::new(), "").await
}

/// Posts to `/school/topup/{id}/{what}`: the summary, funding ticks, head teacher, submit,
/// withdraw.
pub async fn post(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((id, what)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/school/topup/{id}");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let (store, actor, now) = (state.store(), &current.actor, Utc::now());
    let done = match what.as_str() {
        "summary" => apps::save_summary(store, actor, id, typed.get("summary"), now).await,
        "funding" => {
            let ticked: Vec<(String, String)> = typed
                .all("funding")
                .iter()
                .filter_map(|v| v.split_once('|'))
                .map(|(p, s)| (p.to_string(), s.to_string()))
                .collect();
            apps::ask_funding(store, actor, id, &ticked, now).await
        }
        "head-teacher" => {
            let today = Local::now().date_naive();
            let agreed = typed.get("agreed") == "yes";
            apps::confirm_head_teacher(
                store,
                actor,
                id,
                typed.get("head_teacher"),
                agreed,
                today,
                now,
            )
            .await
        }
        "submit" => apps::submit(store, actor, id, now).await,
        "withdraw" => apps::withdraw(store, actor, id, now).await,
        _ => return errors::not_found(&state),
    };
    match done {
        Ok(()) => Redirect::to(&path).into_response(),
        Err(e) => match field_errors(e, |f| {
            if f.is_empty() {
                "summary".into()
            } else {
                f.into()
            }
        }) {
            Ok(problems) => application_page(&state, &current, id, &typed, &problems, "").await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}

/// Posts to `/school/topup/{id}/evidence`: attaches a file.
pub async fn evidence(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Response {
    let path = format!("/school/topup/{id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let sent = super::documents::read_upload(multipart).await;
    if !session::csrf_ok(Some(&current.csrf_token), sent.values.get("csrf_token")) {
        return errors::forbidden(&state);
    }
    let outcome = match sent.document() {
        Err(e) => Err(e),
        Ok(new) => {
            apps::attach_evidence(state.store(), state.documents(), &current.actor, id, new).await
        }
    };
    match outcome {
        Ok(_) => Redirect::to(&path).into_response(),
        Err(e) => match field_errors(e, |f| {
            if f == "title" {
                "title".into()
            } else {
                "file".into()
            }
        }) {
            Ok(problems) => {
                application_page(&state, &current, id, &Typed::default(), &problems, "").await
            }
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}

/// `/school/topup/{id}/needs/{area}` and `/provision/{area}`: one area of need's page.
pub async fn area(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((id, what, sub_area)): Path<(String, String, String)>,
) -> Response {
    let path = format!("/school/topup/{id}/{what}/{sub_area}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    super::topup_areas::area_page(
        &state,
        &current,
        id,
        &what,
        &sub_area,
        &Typed::default(),
        &Vec::new(),
        false,
    )
    .await
}

/// Posts to the same: saves the area's needs or provision.
pub async fn post_area(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((id, what, sub_area)): Path<(String, String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/school/topup/{id}/{what}/{sub_area}");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let (store, actor, now) = (state.store(), &current.actor, Utc::now());
    let chosen: Vec<String> = typed
        .0
        .iter()
        .filter(|(k, v)| (k.starts_with("group-") || k.starts_with("type-")) && !v.is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    let done = match what.as_str() {
        "needs" => {
            let confirm = typed.get("confirm_removal") == "yes";
            match apps::save_needs(store, actor, id, &sub_area, &chosen, confirm, now).await {
                Ok(NeedsSaved::ConfirmRemoval { .. }) => {
                    return super::topup_areas::area_page(
                        &state,
                        &current,
                        id,
                        &what,
                        &sub_area,
                        &typed,
                        &Vec::new(),
                        true,
                    )
                    .await;
                }
                Ok(NeedsSaved::Saved { .. }) => Ok(()),
                Err(e) => Err(e),
            }
        }
        "provision" => apps::save_provisions(store, actor, id, &sub_area, &chosen, now).await,
        _ => return errors::not_found(&state),
    };
    match done {
        Ok(()) => Redirect::to(&format!("/school/topup/{id}")).into_response(),
        Err(e) => match field_errors(e, |_| "choices".into()) {
            Ok(problems) => {
                super::topup_areas::area_page(
                    &state, &current, id, &what, &sub_area, &typed, &problems, false,
                )
                .await
            }
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}
