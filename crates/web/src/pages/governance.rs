//! Forums for staff: the list of the council's forums with a form to set one up, each forum's
//! membership by category (vacancies and terms shown), officers and meetings, the action
//! tracker across every forum (overdue first), and one action with its updates. The meeting
//! itself is `governance_meeting`; the public pages are `forums_public`. Every form posts with
//! its CSRF token; who may do what is the policy's decision.

use app::governance::forums::{self, NewSeat};
use app::governance::meetings;
use app::governance::{ActionView, FORUM_KINDS, forum_kind_label};
use app::policy::{self, Action};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Local, NaiveDate};
use domain::governance::{ActionStatus, MemberCategory};

use crate::html::{button, error_summary, escape, form, summary_list, table};
use crate::pages::case::tag;
use crate::pages::errors;
use crate::pages::form_support::{
    Problems, Typed, date_input, error_for, field_errors, radios, signed_in, signed_in_page,
    typed_input,
};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

pub(crate) const SECTION: &str = "/governance";

/// A date as pages show it.
pub(crate) fn day(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// A GOV.UK select for `name` with (value, text) options, the typed one selected.
pub(crate) fn select(
    name: &str,
    label: &str,
    options: &[(String, String)],
    typed: &str,
    problems: &Problems,
) -> String {
    select_or(name, label, "Select", options, typed, problems)
}

/// [`select`] whose empty first option reads `none` ("No owner").
pub(crate) fn select_or(
    name: &str,
    label: &str,
    none: &str,
    options: &[(String, String)],
    typed: &str,
    problems: &Problems,
) -> String {
    use govuk::Component;
    govuk::Select {
        id: Some(name.into()),
        name: Some(name.into()),
        items: std::iter::once((String::new(), none.to_string()))
            .chain(options.iter().cloned())
            .map(|(value, text)| govuk::SelectItem {
                selected: Some(value == typed),
                value: Some(value),
                text: Some(text),
                ..Default::default()
            })
            .collect(),
        label: Some(govuk::Label {
            text: Some(label.into()),
            classes: Some("govuk-label--s".into()),
            ..Default::default()
        }),
        error_message: error_for(problems, name),
        ..Default::default()
    }
    .render()
}

/// An action's status as a tag, red when overdue.
pub(crate) fn status_tag(view: &ActionView) -> String {
    if view.overdue {
        return tag("Overdue", "red");
    }
    let colour = match view.status {
        ActionStatus::Open => "blue",
        ActionStatus::InProgress => "yellow",
        ActionStatus::Done => "green",
        ActionStatus::Dropped => "grey",
    };
    tag(view.status.label(), colour)
}

/// When an action is due, in words: a date, or the meeting it reports to.
pub(crate) fn due_text(v: &ActionView) -> String {
    match (v.action.due_on, v.due_meeting_on) {
        (Some(d), _) => day(d),
        (None, Some(m)) => format!("Meeting of {}", day(m)),
        (None, None) => "Not set".into(),
    }
}

/// Rows of an action table: action, owner, due, status (and forum when `with_forum`).
pub(crate) fn action_rows(views: &[ActionView], with_forum: bool) -> Vec<Vec<String>> {
    views
        .iter()
        .map(|v| {
            let due = due_text(v);
            let mut row = vec![
                format!(
                    "<a class=\"govuk-link\" href=\"/governance/actions/{}\">{}</a>",
                    v.action.action_id,
                    escape(&v.action.description)
                ),
                escape(app::governance::owner_label(&v.action)),
                escape(&due),
                status_tag(v),
            ];
            if with_forum {
                row.insert(
                    0,
                    format!("{}<br>{}", escape(&v.forum_name), escape(&day(v.raised_on))),
                );
            }
            row
        })
        .collect()
}

/// The forums list, with the form to set one up for the clerk.
pub async fn list(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, SECTION).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    list_page(&state, &current, &Typed::default(), &Vec::new()).await
}

async fn list_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let all = match forums::list_forums(state.store(), &current.actor).await {
        Ok(f) => f,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|f| {
            vec![
                format!(
                    "<a class=\"govuk-link\" href=\"/governance/forums/{}\">{}</a>",
                    f.forum_id,
                    escape(&f.name)
                ),
                escape(forum_kind_label(&f.kind)),
            ]
        })
        .collect();
    let listed = if rows.is_empty() {
        "<p class=\"govuk-body\">No forums have been set up.</p>".to_string()
    } else {
        table("Forums", &["Forum", "Kind"], &rows)
    };
    let create = if policy::permits(&current.actor, Action::ClerkForums) {
        let kinds: Vec<(&str, &str)> = FORUM_KINDS.to_vec();
        format!(
            "<h2 class=\"govuk-heading-m\">Set up a forum</h2>{}",
            form(
                SECTION,
                &current.csrf_token,
                &format!(
                    "{}{}{}",
                    typed_input(typed, problems, "name", "Name", None, Some("off")),
                    radios("kind", "Kind of forum", &kinds, typed.get("kind"), problems),
                    button("Set up the forum")
                )
            )
        )
    } else {
        String::new()
    };
    let body = format!(
        "{}<h1 class=\"govuk-heading-l\">Forums</h1>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/governance/actions\">Action tracker</a> · \
         <a class=\"govuk-link\" href=\"/governance/plans\">Action plans</a> · \
         <a class=\"govuk-link\" href=\"/forums\">Published papers and minutes</a></p>{listed}{create}",
        error_summary(problems)
    );
    signed_in_page(
        state,
        current,
        SECTION,
        "Forums",
        body,
        !problems.is_empty(),
    )
}

/// Sets up a forum.
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let current = match signed_in(&state, &headers, &from, SECTION, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let created = forums::create_forum(
        state.store(),
        &current.actor,
        typed.get("name"),
        typed.get("kind"),
    )
    .await;
    match created {
        Ok(id) => Redirect::to(&format!("/governance/forums/{id}")).into_response(),
        Err(e) => match field_errors(e, |f| f.to_string()) {
            Ok(problems) => list_page(&state, &current, &typed, &problems).await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}

/// One forum: membership by category, officers, meetings.
pub async fn forum(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(forum_id): Path<String>,
) -> Response {
    let path = format!("/governance/forums/{forum_id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(forum_id) = forum_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    forum_page(&state, &current, forum_id, &Typed::default(), &Vec::new()).await
}

async fn forum_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    forum_id: i64,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let today = Local::now().date_naive();
    let view = match forums::forum(state.store(), &current.actor, forum_id, today).await {
        Ok(v) => v,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let c = &view.composition;
    let summary = summary_list(&[
        ("Kind", forum_kind_label(&view.forum.kind).to_string()),
        (
            "Seats",
            format!(
                "{} schools, {} academies, {} non-schools members; {} observers",
                c.schools, c.academies, c.non_schools, c.observers
            ),
        ),
        ("Vacancies", c.vacancies.to_string()),
        (
            "Constitution",
            c.check().map_or_else(
                |e| e.problem,
                |()| "Schools and academies members are at least two thirds".into(),
            ),
        ),
    ]);
    let clerk = policy::permits(&current.actor, Action::ClerkForums);
    let seat_rows: Vec<Vec<String>> = view
        .seats
        .iter()
        .map(|s| {
            let term = match (s.seat.term_starts_on, s.seat.term_ends_on) {
                (Some(a), Some(b)) => format!("{} to {}", day(a), day(b)),
                (Some(a), None) => format!("From {}", day(a)),
                (None, Some(b)) => format!("To {}", day(b)),
                (None, None) => String::new(),
            };
            let mut row = vec![
                escape(s.category.label()),
                s.holder
                    .as_deref()
                    .map_or_else(|| tag("Vacant", "grey"), escape),
                escape(s.seat.organisation.as_deref().unwrap_or("")),
                escape(&term),
            ];
            if clerk {
                row.push(format!(
                    "<a class=\"govuk-link\" href=\"/governance/seats/{}\">Change<span class=\"govuk-visually-hidden\"> the {} seat</span></a>",
                    s.seat.seat_id,
                    escape(s.category.label())
                ));
            }
            row
        })
        .collect();
    let mut heads = vec!["Seat", "Member", "Represents", "Term of office"];
    if clerk {
        heads.push("Change");
    }
    let seats = table("Membership", &heads, &seat_rows);
    let officer_rows: Vec<Vec<String>> = view
        .officers
        .iter()
        .map(|o| vec![escape(&o.name), escape(&o.role_title)])
        .collect();
    let officers = table("Officers who attend", &["Name", "Role"], &officer_rows);
    let meeting_rows: Vec<Vec<String>> = view
        .meetings
        .iter()
        .rev()
        .map(|m| {
            vec![
                format!(
                    "<a class=\"govuk-link\" href=\"/governance/meetings/{}\">{}</a>",
                    m.meeting_id,
                    day(m.held_on)
                ),
                if m.agenda_published_at.is_some() {
                    tag("Agenda published", "green")
                } else {
                    tag("Not published", "grey")
                },
                match (&m.minutes_text, m.minutes_approved_at) {
                    (_, Some(_)) => tag("Minutes approved", "green"),
                    (Some(_), None) => tag("Draft minutes", "yellow"),
                    _ => String::new(),
                },
            ]
        })
        .collect();
    let meetings_table = table("Meetings", &["Date", "Agenda", "Minutes"], &meeting_rows);
    let forms = if clerk {
        clerk_forms(&current.csrf_token, forum_id, typed, problems)
    } else {
        String::new()
    };
    let body = format!(
        "{}<a class=\"govuk-back-link\" href=\"/governance\">Forums</a>\
         <h1 class=\"govuk-heading-l\">{}</h1>{summary}{meetings_table}{seats}{officers}{forms}",
        error_summary(problems),
        escape(&view.forum.name)
    );
    signed_in_page(
        state,
        current,
        SECTION,
        &view.forum.name,
        body,
        !problems.is_empty(),
    )
}

/// The inputs of a seat: category, member, organisation and term.
pub(crate) fn seat_fields(typed: &Typed, problems: &Problems) -> String {
    let categories: Vec<(String, String)> = MemberCategory::ALL
        .iter()
        .map(|c| (c.code().to_string(), c.label().to_string()))
        .collect();
    format!(
        "{}{}{}{}{}",
        select(
            "category",
            "Seat",
            &categories,
            typed.get("category"),
            problems
        ),
        typed_input(
            typed,
            problems,
            "member_name",
            "Member",
            Some("Leave empty for a vacancy"),
            Some("off")
        ),
        typed_input(
            typed,
            problems,
            "organisation",
            "Represents",
            Some("The school, trust or body"),
            Some("off")
        ),
        date_input(
            "term_starts_on",
            "Term of office starts",
            "For example, 1 9 2025",
            typed,
            problems
        ),
        date_input(
            "term_ends_on",
            "Term of office ends",
            "For example, 31 8 2029",
            typed,
            problems
        ),
    )
}

/// A seat as typed into [`seat_fields`].
pub(crate) fn typed_seat(typed: &Typed) -> NewSeat {
    NewSeat {
        category: typed.get("category").into(),
        member_name: typed.get("member_name").into(),
        organisation: typed.get("organisation").into(),
        term_starts_on: typed.date("term_starts_on"),
        term_ends_on: typed.date("term_ends_on"),
    }
}

fn clerk_forms(csrf: &str, forum_id: i64, typed: &Typed, problems: &Problems) -> String {
    let seat = form(
        &format!("/governance/forums/{forum_id}/seats"),
        csrf,
        &format!("{}{}", seat_fields(typed, problems), button("Add the seat")),
    );
    let officer = form(
        &format!("/governance/forums/{forum_id}/officers"),
        csrf,
        &format!(
            "{}{}{}",
            typed_input(typed, problems, "officer_name", "Name", None, Some("off")),
            typed_input(
                typed,
                problems,
                "role_title",
                "Role",
                Some("For example, Head of finance"),
                Some("off")
            ),
            button("Add the officer")
        ),
    );
    let meeting = form(
        &format!("/governance/forums/{forum_id}/meetings"),
        csrf,
        &format!(
            "{}{}{}",
            date_input(
                "held_on",
                "Date of the meeting",
                "For example, 12 3 2026",
                typed,
                problems
            ),
            typed_input(typed, problems, "venue", "Venue", None, Some("off")),
            button("Set up the meeting")
        ),
    );
    format!(
        "<h2 class=\"govuk-heading-m\">Set up a meeting</h2>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/governance/forums/{forum_id}/import\">Import a meeting from its minutes</a></p>{meeting}\
         <h2 class=\"govuk-heading-m\">Add a seat</h2>{seat}\
         <h2 class=\"govuk-heading-m\">Add an officer</h2>{officer}"
    )
}

/// The clerk's forms on the forum page: `seats`, `officers` or `meetings`.
pub async fn post(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path((forum_id, what)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/governance/forums/{forum_id}/{what}");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(forum_id) = forum_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let (store, actor) = (state.store(), &current.actor);
    let done = match what.as_str() {
        "seats" => forums::add_seat(store, actor, forum_id, typed_seat(&typed))
            .await
            .map(|_| None),
        "officers" => forums::add_officer(
            store,
            actor,
            forum_id,
            typed.get("officer_name"),
            typed.get("role_title"),
        )
        .await
        .map(|_| None),
        "meetings" => meetings::create_meeting(
            store,
            actor,
            forum_id,
            &typed.date("held_on"),
            typed.get("venue"),
        )
        .await
        .map(Some),
        _ => return errors::not_found(&state),
    };
    match done {
        Ok(Some(meeting_id)) => {
            Redirect::to(&format!("/governance/meetings/{meeting_id}")).into_response()
        }
        Ok(None) => Redirect::to(&format!("/governance/forums/{forum_id}")).into_response(),
        Err(e) => match field_errors(e, |f| match f {
            "held_on" | "term_starts_on" | "term_ends_on" => format!("{f}-day"),
            other => other.to_string(),
        }) {
            Ok(problems) => forum_page(&state, &current, forum_id, &typed, &problems).await,
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}
