//! Minutes import for the clerk: a page to paste a meeting's minutes for a forum, and the
//! draft meeting read from them to check and confirm (`app::governance::import`). The
//! confirmation form carries the pasted text in a hidden field with the clerk's choices, and
//! the text is read again on confirm; nothing is saved before then. Works without JavaScript.

use app::governance::import::{self, ImportChoices, ImportPreview};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use domain::governance::Attendance;

use super::governance::{SECTION, day, select_or};
use super::governance_meeting::{attendance_table, quorum_panel};
use super::governance_meeting_forms::owner_options;
use crate::html::{button, error_summary, escape, form, summary_list, table};
use crate::pages::case::tag;
use crate::pages::errors;
use crate::pages::form_support::{
    Problems, Typed, date_input, field_errors, signed_in, signed_in_page, textarea, typed_input,
};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

fn base(forum_id: i64) -> String {
    format!("/governance/forums/{forum_id}/import")
}

/// The page to paste minutes on.
pub async fn paste(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(forum_id): Path<String>,
) -> Response {
    let path = format!("/governance/forums/{forum_id}/import");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(forum_id) = forum_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    if !app::policy::permits(&current.actor, app::policy::Action::ClerkForums) {
        return errors::forbidden(&state);
    }
    paste_page(&state, &current, forum_id, "", &Vec::new())
}

fn paste_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    forum_id: i64,
    text: &str,
    problems: &Problems,
) -> Response {
    let body = format!(
        "{}<a class=\"govuk-back-link\" href=\"/governance/forums/{forum_id}\">Back to the forum</a>\
         <h1 class=\"govuk-heading-l\">Import minutes</h1>\
         <p class=\"govuk-body\">Paste the minutes of one meeting as plain text, copied from the \
         published page or document. You will see what was read (the date, attendance, items, \
         decisions and actions with their owners) and can correct it before anything is saved.</p>{}",
        error_summary(problems),
        form(
            &base(forum_id),
            &current.csrf_token,
            &format!(
                "{}{}",
                textarea(
                    "minutes",
                    "The minutes",
                    Some("Attendance under headings such as Present, Apologies and Officers; numbered items; actions written as \u{201c}JS to \u{2026}\u{201d} or \u{201c}Action: Jane Smith\u{201d}"),
                    text,
                    problems
                )
                .replace("rows=\"6\"", "rows=\"20\""),
                button("Read the minutes")
            )
        )
    );
    signed_in_page(
        state,
        current,
        SECTION,
        "Import minutes",
        body,
        !problems.is_empty(),
    )
}

/// Reads the pasted minutes and shows the draft meeting to confirm.
pub async fn read(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(forum_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/governance/forums/{forum_id}/import");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(forum_id) = forum_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let text = typed.get("minutes");
    match import::preview_import(state.store(), &current.actor, forum_id, text).await {
        Ok(preview) => {
            let typed = suggested(&preview);
            confirm_page(&state, &current, text, &preview, &typed, &Vec::new())
        }
        Err(e) => match field_errors(e, |f| f.to_string()) {
            Ok(problems) => paste_page(&state, &current, forum_id, text, &problems),
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}

/// The confirmation form filled with what was read.
fn suggested(preview: &ImportPreview) -> Typed {
    let mut typed = Vec::new();
    if let Some(d) = preview.draft.meeting_date {
        for (part, value) in [
            ("day", d.format("%-d")),
            ("month", d.format("%-m")),
            ("year", d.format("%Y")),
        ] {
            typed.push((format!("held_on-{part}"), value.to_string()));
        }
    }
    for (i, a) in preview.actions.iter().enumerate() {
        typed.push((format!("owner-{i}"), a.owner.clone()));
    }
    Typed(typed)
}

fn confirm_page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    text: &str,
    preview: &ImportPreview,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let forum_id = preview.forum.forum_id;
    let d = &preview.draft;
    let mut seats = preview.seats.clone();
    if !problems.is_empty() {
        // Shown again as the clerk set them, not as first read.
        for s in &mut seats {
            let id = s.seat.seat_id;
            s.attendance = Attendance::parse(typed.get(&format!("attendance-{id}"))).ok();
            s.substitute = Some(typed.get(&format!("substitute-{id}")).to_string())
                .filter(|t| !t.trim().is_empty());
        }
    }
    let read = summary_list(&[
        (
            "Meeting",
            d.title.clone().unwrap_or_else(|| "Not given".into()),
        ),
        (
            "Date",
            d.meeting_date.map_or_else(|| "Not found".into(), day),
        ),
        (
            "Next meeting",
            d.next_meeting.map_or_else(|| "Not given".into(), day),
        ),
    ]);
    let attendance_read: Vec<Vec<String>> = d
        .attendance
        .iter()
        .map(|list| {
            let names: Vec<String> = list.people.iter().map(|p| p.name.clone()).collect();
            vec![
                escape(list.group.label()),
                list.people.len().to_string(),
                escape(&names.join(", ")),
            ]
        })
        .collect();
    let attendance_read = table(
        "Attendance in the minutes",
        &["List", "People", "Names"],
        &attendance_read,
    );
    let unknown = if preview.unknown.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = preview
            .unknown
            .iter()
            .map(|p| format!("<li>{} ({})</li>", escape(&p.name), escape(p.group.label())))
            .collect();
        format!(
            "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>\
             <strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>\
             Not members or officers of this forum, so not recorded:</strong></div><ul class=\"govuk-list govuk-list--bullet\">{}</ul>",
            names.concat()
        )
    };
    let officers = if preview.officers_present.is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"govuk-body\">Officers present: {}.</p>",
            escape(&preview.officers_present.join(", "))
        )
    };
    let items: Vec<String> = d
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let decisions: Vec<String> = d
                .decisions
                .iter()
                .filter(|x| x.item == Some(i))
                .map(|x| format!("<li>{}</li>", escape(&x.text)))
                .collect();
            let number = item.number.map_or_else(String::new, |n| format!("{n}. "));
            let decided = if decisions.is_empty() {
                tag("For information", "grey")
            } else {
                format!(
                    "{}<ul class=\"govuk-list govuk-list--bullet\">{}</ul>",
                    tag("Decision", "blue"),
                    decisions.concat()
                )
            };
            format!(
                "<li><strong>{number}{}</strong> {decided}</li>",
                escape(&item.title)
            )
        })
        .collect();
    let items = if items.is_empty() {
        "<p class=\"govuk-body\">No numbered items were found.</p>".to_string()
    } else {
        format!("<ol class=\"govuk-list\">{}</ol>", items.concat())
    };
    let owners = owner_options(&seats, &preview.officers);
    let actions: Vec<String> = preview
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let name = format!("owner-{i}");
            let chosen = typed.get(&name);
            let flag = a.flag.as_deref().map_or_else(String::new, |f| {
                format!(
                    "<p class=\"govuk-body\">{} {}</p>",
                    tag("Check the owner", "orange"),
                    escape(f)
                )
            });
            let rows = summary_list(&[
                ("Item", a.item.clone().unwrap_or_else(|| "None".into())),
                (
                    "Owner in the minutes",
                    a.owner_text.clone().unwrap_or_else(|| "None".into()),
                ),
                ("Due", a.due.map_or_else(|| "Not given".into(), day)),
            ]);
            format!(
                "<div class=\"govuk-!-margin-bottom-6\" id=\"action-{i}\"><h3 class=\"govuk-heading-s\">{}. {}</h3>{rows}{flag}{}</div>",
                i + 1,
                escape(&a.description),
                select_or(&name, "Owner", "No owner", &owners, chosen, problems)
            )
        })
        .collect();
    let actions = if actions.is_empty() {
        "<p class=\"govuk-body\">No actions were found.</p>".to_string()
    } else {
        actions.concat()
    };
    let mut hidden = format!(
        "<input type=\"hidden\" name=\"minutes\" value=\"{}\">",
        escape(text)
    );
    hidden.push_str(&attendance_table(&seats, true));
    let inner = format!(
        "<h2 class=\"govuk-heading-m\">The meeting</h2>{read}{}{}\
         <h2 class=\"govuk-heading-m\" id=\"attendance\">Attendance</h2>{attendance_read}{officers}{unknown}\
         <p class=\"govuk-body\">Each seat as the minutes give it; correct any that are wrong. \
         A substitute needs their name.</p>{hidden}{}\
         <h2 class=\"govuk-heading-m\">Items and decisions</h2>{items}\
         <h2 class=\"govuk-heading-m\" id=\"owner\">Actions</h2>{actions}\
         <div class=\"govuk-inset-text\">Nothing has been saved yet. Confirming creates the meeting \
         with this attendance, its items and decisions, and the actions with their owners; the \
         text becomes its draft minutes.</div>{}",
        date_input(
            "held_on",
            "Date of the meeting",
            "For example, 7 12 2021",
            typed,
            problems
        ),
        typed_input(typed, problems, "venue", "Venue", None, Some("off")),
        quorum_panel(&app::governance::quorum_of(&seats)),
        button("Confirm and create the meeting")
    );
    let body = format!(
        "{}<a class=\"govuk-back-link\" href=\"{}\">Paste different minutes</a>\
         <span class=\"govuk-caption-l\">{}</span>\
         <h1 class=\"govuk-heading-l\">Check the minutes</h1>{}",
        error_summary(problems),
        base(forum_id),
        escape(&preview.forum.name),
        form(
            &format!("{}/confirm", base(forum_id)),
            &current.csrf_token,
            &inner
        )
    );
    signed_in_page(
        state,
        current,
        SECTION,
        "Check the minutes",
        body,
        !problems.is_empty(),
    )
}

/// Creates the meeting from the minutes as the clerk confirmed them.
pub async fn confirm(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(forum_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let typed = Typed(pairs);
    let path = format!("/governance/forums/{forum_id}/import/confirm");
    let current = match signed_in(&state, &headers, &from, &path, &typed).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(forum_id) = forum_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let text = typed.get("minutes").to_string();
    let attendance = typed
        .0
        .iter()
        .filter_map(|(k, v)| {
            let seat: i64 = k.strip_prefix("attendance-")?.parse().ok()?;
            let substitute = typed.get(&format!("substitute-{seat}")).to_string();
            Some((seat, v.clone(), substitute))
        })
        .collect();
    let owners = (0..)
        .map_while(|i| {
            let name = format!("owner-{i}");
            typed
                .0
                .iter()
                .any(|(k, _)| *k == name)
                .then(|| typed.get(&name).to_string())
        })
        .collect();
    let choices = ImportChoices {
        text: text.clone(),
        held_on: typed.date("held_on"),
        venue: typed.get("venue").into(),
        attendance,
        owners,
    };
    let (store, actor) = (state.store(), &current.actor);
    match import::import_minutes(store, actor, forum_id, &choices).await {
        Ok(meeting_id) => {
            Redirect::to(&format!("/governance/meetings/{meeting_id}")).into_response()
        }
        Err(e) => match field_errors(e, |f| match f {
            "held_on" => "held_on-day".to_string(),
            other => other.to_string(),
        }) {
            Ok(problems) if problems.iter().any(|(f, _)| f == "minutes") => {
                paste_page(&state, &current, forum_id, &text, &problems)
            }
            Ok(problems) => match import::preview_import(store, actor, forum_id, &text).await {
                Ok(preview) => confirm_page(&state, &current, &text, &preview, &typed, &problems),
                Err(e) => errors::for_app_error(&state, &e),
            },
            Err(e) => errors::for_app_error(&state, &e),
        },
    }
}
