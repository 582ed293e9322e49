//! Asking for an EHC needs assessment online. `/request-an-assessment` explains what happens
//! and starts the journey; the email is checked with a code (`sign_in::Journey::Request`),
//! which makes an account if there is none; `/request-an-assessment/form` takes the request.
//! A SENCO asks for a pupil at `/school/request`. The use cases are `app::portal::request`.

use app::ActorKind;
use app::portal::long_date;
use app::portal::request::{FamilyRequest, RequestMade, SchoolRequest};
use axum::Form;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use govuk::{Component, Panel};
use serde::Deserialize;

use crate::html::{button, error_summary, escape, form};
use crate::pages::errors;
use crate::pages::form_support::{
    Problems, Typed, date_input, error_for, field_errors, radios, signed_in, signed_in_page,
    textarea, typed_input,
};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

const FORM_PATH: &str = "/request-an-assessment/form";

const RELATIONSHIPS: [(&str, &str); 2] = [
    ("parent_carer", "I am their parent or carer"),
    (
        "young_person",
        "I am the young person, over compulsory school age, asking for myself",
    ),
];

/// `/request-an-assessment`: the start page, open to anyone.
pub async fn start(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let signed_in_family = session::current(&state, &headers, &from)
        .await
        .is_some_and(|c| matches!(c.actor.kind, ActorKind::Family { .. }));
    let next = if signed_in_family {
        FORM_PATH
    } else {
        "/request-an-assessment/email"
    };
    let body = format!(
        "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\
         <h1 class=\"govuk-heading-l\">Ask for an education, health and care needs assessment</h1>\
         <p class=\"govuk-body\">An EHC needs assessment finds out what support a child or young \
         person with special educational needs needs, and whether they need an education, health \
         and care (EHC) plan.</p>\
         <p class=\"govuk-body\">You can ask if you are the parent or carer of a child aged 0 to \
         25, or a young person over compulsory school age asking for yourself. Schools and \
         nurseries can also ask, with your agreement.</p>\
         <h2 class=\"govuk-heading-m\">Before you start</h2>\
         <ul class=\"govuk-list govuk-list--bullet\"><li>you need an email address: we send a code \
         to it, and tell you there how the request is going</li>\
         <li>you will be asked why you are asking and what help your child has now</li>\
         <li>it takes about 15 minutes</li></ul>\
         <h2 class=\"govuk-heading-m\">What happens next</h2>\
         <p class=\"govuk-body\">We tell you within 6 weeks whether we will carry out an assessment. \
         If we do, the whole process, up to a final plan, takes no more than 20 weeks.</p>\
         <a href=\"{next}\" role=\"button\" draggable=\"false\" class=\"govuk-button govuk-button--start\" \
         data-module=\"govuk-button\">Start now<svg class=\"govuk-button__start-icon\" \
         xmlns=\"http://www.w3.org/2000/svg\" width=\"17.5\" height=\"19\" viewBox=\"0 0 33 40\" \
         aria-hidden=\"true\" focusable=\"false\"><path fill=\"currentColor\" \
         d=\"M0 0h13l20 20-20 20H0l20-20z\"/></svg></a></div></div>"
    );
    let page = crate::layout::Page {
        title: "Ask for an EHC needs assessment",
        actor: None,
        path: "/request-an-assessment",
        csrf_token: None,
        body,
        has_errors: false,
    };
    axum::response::Html(crate::layout::render(&state, page)).into_response()
}

fn family_form(typed: &Typed, problems: &Problems) -> String {
    let input = |name: &str, label: &str, hint: Option<&str>, autocomplete: Option<&str>| {
        typed_input(typed, problems, name, label, hint, autocomplete)
    };
    [
        "<h2 class=\"govuk-heading-m\">About you</h2>".to_string(),
        input("your_name", "Your full name", None, Some("name")),
        radios(
            "relationship",
            "Who is the request for?",
            &RELATIONSHIPS,
            typed.get("relationship"),
            problems,
        ),
        "<h2 class=\"govuk-heading-m\">About the child or young person</h2>".to_string(),
        input("forename", "First name", None, Some("off")),
        input("surname", "Last name", None, Some("off")),
        date_input(
            "birth_date",
            "Date of birth",
            "For example, 27 3 2019",
            typed,
            problems,
        ),
        input(
            "postcode",
            "Home postcode (optional)",
            Some("So we can check the council is the right one"),
            Some("postal-code"),
        ),
        input(
            "setting_named",
            "School, college or nursery (optional)",
            Some("Where they go now, if anywhere"),
            Some("off"),
        ),
        "<h2 class=\"govuk-heading-m\">Why you are asking</h2>".to_string(),
        textarea(
            "reasons",
            "Why are you asking for an assessment?",
            Some(
                "The difficulties they have with learning, communicating, behaviour, health or \
                 getting about, and why the help they get now is not enough.",
            ),
            typed.get("reasons"),
            problems,
        ),
        textarea(
            "support_now",
            "What help do they have now? (optional)",
            Some("At school or nursery, and from health or social care services."),
            typed.get("support_now"),
            problems,
        ),
        button("Send the request"),
    ]
    .concat()
}

fn form_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let body = format!(
        "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">{}\
         <h1 class=\"govuk-heading-l\">Ask for an EHC needs assessment</h1>{}</div></div>",
        error_summary(problems),
        form(
            FORM_PATH,
            &current.csrf_token,
            &family_form(typed, problems)
        ),
    );
    signed_in_page(
        state,
        current,
        "/dashboard",
        "Ask for an EHC needs assessment",
        body,
        !problems.is_empty(),
    )
}

/// `/request-an-assessment/form`: the request, once the email is checked.
pub async fn form_show(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, FORM_PATH).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !matches!(current.actor.kind, ActorKind::Family { .. }) {
        return errors::forbidden(&state);
    }
    form_page(&state, &current, &Typed::default(), &Vec::new())
}

pub async fn form_submit(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let current = match signed_in(&state, &headers, &from, FORM_PATH, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let request = FamilyRequest {
        your_name: typed.get("your_name").into(),
        relationship: typed.get("relationship").into(),
        forename: typed.get("forename").into(),
        surname: typed.get("surname").into(),
        birth_date: typed.date("birth_date"),
        postcode: typed.get("postcode").into(),
        setting_named: typed.get("setting_named").into(),
        reasons: typed.get("reasons").into(),
        support_now: typed.get("support_now").into(),
    };
    let made = app::portal::request::request_assessment(
        state.store(),
        &current.actor,
        &request,
        Utc::now(),
    )
    .await;
    match made {
        Ok(made) => Redirect::to(&sent_path(&made)).into_response(),
        Err(e) => match field_errors(e, field_id) {
            Ok(problems) => form_page(&state, &current, &typed, &problems),
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}

/// Problems on the date go to its day box; a problem with the whole request to the reasons.
fn field_id(field: &str) -> String {
    match field {
        "birth_date" => "birth_date-day".into(),
        "" => "reasons".into(),
        other => other.into(),
    }
}

fn sent_path(made: &RequestMade) -> String {
    format!(
        "/request-an-assessment/sent?child={}&request={}",
        made.child_id, made.request_id
    )
}

#[derive(Deserialize)]
pub struct SentQuery {
    child: i64,
    request: i64,
}

/// The confirmation, with the reference and what happens next.
pub async fn sent(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Query(q): Query<SentQuery>,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/request-an-assessment").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let today = Utc::now().date_naive();
    // Opening the case checks the reader may see the child.
    let view = match app::casework::view_case(state.store(), &current.actor, q.child, today).await {
        Ok(v) => v,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let Some(request) = view
        .file
        .requests
        .iter()
        .find(|r| r.request_id == q.request)
    else {
        return errors::not_found(&state);
    };
    let due = domain::clock::decision_due_on(request.received_on);
    let reference =
        app::notify::request_reference(i64::from(current.actor.la.get()), request.request_id);
    let panel = Panel {
        title_text: Some("Request sent".into()),
        html: Some(format!(
            "Your reference<br><strong>{}</strong>",
            escape(&reference)
        )),
        ..Default::default()
    }
    .render();
    let family = matches!(current.actor.kind, ActorKind::Family { .. });
    let follow = if family {
        format!(
            "<p class=\"govuk-body\">You can <a class=\"govuk-link\" href=\"/children/{id}/progress\">follow \
             the request</a> and <a class=\"govuk-link\" href=\"/children/{id}/views\">write your \
             child's and your views</a> at any time.</p>",
            id = q.child
        )
    } else {
        "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/school\">Back to your pupils</a></p>"
            .to_string()
    };
    let body = format!(
        "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">{panel}\
         <h2 class=\"govuk-heading-m\">What happens next</h2>\
         <p class=\"govuk-body\">The SEND team has your request for {name}, received on {received}. \
         We will say by <strong>{due}</strong> whether we will carry out an assessment (the law \
         allows 6 weeks).</p>{follow}</div></div>",
        name = escape(&format!("{} {}", view.child.forename, view.child.surname)),
        received = long_date(request.received_on),
        due = long_date(due),
    );
    signed_in_page(&state, &current, "/dashboard", "Request sent", body, false)
}

const SCHOOL_PATH: &str = "/school/request";

fn school_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    settings: &[(i64, String)],
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let input = |name: &str, label: &str, hint: Option<&str>| {
        typed_input(typed, problems, name, label, hint, Some("off"))
    };
    let options: Vec<(String, String)> = settings
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let options: Vec<(&str, &str)> = options
        .iter()
        .map(|(v, t)| (v.as_str(), t.as_str()))
        .collect();
    let chosen = if settings.len() == 1 {
        options.first().map_or("", |o| o.0)
    } else {
        typed.get("setting_id")
    };
    let agrees = typed.get("family_agrees") == "yes";
    let fields = [
        radios(
            "setting_id",
            "Pupil's school",
            &options,
            chosen,
            problems,
        ),
        input("forename", "Pupil's first name", None),
        input("surname", "Pupil's last name", None),
        date_input("birth_date", "Date of birth", "For example, 27 3 2016", typed, problems),
        input("upn", "Unique pupil number (UPN)", Some("13 characters, from your school's records")),
        textarea(
            "reasons",
            "Why is the school asking for an assessment?",
            Some("The pupil's needs, the support the school has put in place over time (assess, plan, do, review) and why it is not enough."),
            typed.get("reasons"),
            problems,
        ),
        textarea(
            "support_now",
            "Support in place now (optional)",
            Some("Including what it costs the school, and any advice from specialists."),
            typed.get("support_now"),
            problems,
        ),
        govuk::Checkboxes {
            name: Some("family_agrees".into()),
            id_prefix: Some("family_agrees".into()),
            items: vec![Some(govuk::ChoiceItem {
                value: Some("yes".into()),
                text: Some("The parent, or the young person, knows about this request and agrees to it".into()),
                checked: Some(agrees),
                ..Default::default()
            })],
            error_message: error_for(problems, "family_agrees"),
            ..Default::default()
        }
        .render(),
        button("Send the request"),
    ]
    .concat();
    let body = format!(
        "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">{}\
         <a href=\"/school\" class=\"govuk-back-link\">Back to your pupils</a>\
         <h1 class=\"govuk-heading-l\">Ask for an EHC needs assessment for a pupil</h1>{}</div></div>",
        error_summary(problems),
        form(SCHOOL_PATH, &current.csrf_token, &fields),
    );
    signed_in_page(
        state,
        current,
        "/school",
        "Ask for an assessment for a pupil",
        body,
        !problems.is_empty(),
    )
}

/// `/school/request`: a SENCO asks for a pupil.
pub async fn school_show(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, SCHOOL_PATH).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match app::portal::school::my_settings(state.store(), &current.actor).await {
        Ok(settings) => school_page(&state, &current, &settings, &Typed::default(), &Vec::new()),
        Err(e) => errors::for_app_error(&state, &e),
    }
}

pub async fn school_submit(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let current = match signed_in(&state, &headers, &from, SCHOOL_PATH, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let settings = match app::portal::school::my_settings(state.store(), &current.actor).await {
        Ok(s) => s,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let setting_id = typed.get("setting_id").parse::<i64>().ok().or_else(|| {
        // One school: it is the one.
        settings
            .first()
            .filter(|_| settings.len() == 1)
            .map(|s| s.0)
    });
    let request = SchoolRequest {
        setting_id,
        forename: typed.get("forename").into(),
        surname: typed.get("surname").into(),
        birth_date: typed.date("birth_date"),
        upn: typed.get("upn").into(),
        reasons: typed.get("reasons").into(),
        support_now: typed.get("support_now").into(),
        family_agrees: typed.get("family_agrees") == "yes",
    };
    let made = app::portal::request::request_for_pupil(
        state.store(),
        &current.actor,
        &request,
        Utc::now(),
    )
    .await;
    match made {
        Ok(made) => Redirect::to(&sent_path(&made)).into_response(),
        Err(e) => match field_errors(e, field_id) {
            Ok(problems) => school_page(&state, &current, &settings, &typed, &problems),
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}
