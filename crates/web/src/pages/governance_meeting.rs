//! A forum meeting as the clerk runs it: the quorum shown live from the attendance recorded,
//! matters arising from earlier meetings, the attendance form, each agenda item with its papers,
//! declarations, who may vote and the vote or consultation response, the actions agreed, and
//! publishing and minutes. The forms post to `governance_posts`.

use app::governance::meetings::{self, ItemView, MeetingView};
use app::governance::publishing::{item_kind_label, outcome_label};
use app::governance::{ForumItemRow, SeatAtMeeting};
use app::policy::{self, Action};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::Local;
use domain::governance::{Attendance, Interest, ItemKind, QUORUM_RULE, Quorum, Vote};

use super::governance::{SECTION, action_rows, day};
use super::governance_meeting_forms::{clerk_forms, item_clerk_forms};
use crate::html::{button, error_summary, escape, form, summary_list, table};
use crate::pages::case::tag;
use crate::pages::errors;
use crate::pages::form_support::{Problems, Typed, error_for, signed_in_page, textarea};
use crate::session::{self, ClientAddr};
use crate::state::AppState;

pub async fn show(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(meeting_id): Path<String>,
) -> Response {
    let path = format!("/governance/meetings/{meeting_id}");
    let current = match session::require(&state, &headers, &from, &path).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(meeting_id) = meeting_id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    page(&state, &current, meeting_id, &Typed::default(), &Vec::new()).await
}

/// The quorum as a panel: how many are present against how many are needed.
/// The seats with how each was attended; for the clerk, a select and a substitute's name for
/// each filled seat (`attendance-SEAT`, `substitute-SEAT`).
pub(crate) fn attendance_table(seats: &[SeatAtMeeting], clerk: bool) -> String {
    let choices: Vec<(String, String)> = Attendance::ALL
        .iter()
        .map(|a| (a.code().to_string(), a.label().to_string()))
        .collect();
    let rows: Vec<Vec<String>> = seats
        .iter()
        .map(|s| {
            let seat_id = s.seat.seat_id;
            let how = match (&s.holder, clerk) {
                (None, _) => tag("Vacant", "grey"),
                (Some(_), false) => escape(s.attendance.map_or("Not recorded", |a| a.label())),
                (Some(name), true) => {
                    let options: String = std::iter::once((String::new(), "Not recorded".to_string()))
                        .chain(choices.iter().cloned())
                        .map(|(v, t)| {
                            let selected = s.attendance.map(|a| a.code()) == Some(v.as_str())
                                || (v.is_empty() && s.attendance.is_none());
                            format!(
                                "<option value=\"{v}\"{}>{}</option>",
                                if selected { " selected" } else { "" },
                                escape(&t)
                            )
                        })
                        .collect();
                    format!(
                        "<label class=\"govuk-visually-hidden\" for=\"attendance-{seat_id}\">How {} attended</label>\
                         <select class=\"govuk-select\" id=\"attendance-{seat_id}\" name=\"attendance-{seat_id}\">{options}</select> \
                         <label class=\"govuk-visually-hidden\" for=\"substitute-{seat_id}\">Substitute for {}</label>\
                         <input class=\"govuk-input govuk-input--width-20\" id=\"substitute-{seat_id}\" name=\"substitute-{seat_id}\" \
                         value=\"{}\" placeholder=\"Substitute's name\">",
                        escape(name),
                        escape(name),
                        escape(s.substitute.as_deref().unwrap_or(""))
                    )
                }
            };
            vec![escape(s.category.label()), escape(&s.who()), how]
        })
        .collect();
    table("Attendance", &["Seat", "Member", "Attendance"], &rows)
}

/// What an item's vote decided: the outcome with the counts, or, for a decision read from
/// minutes that give no counts, the outcome alone. Empty before a decision.
pub(crate) fn outcome_paragraph(item: &ForumItemRow) -> String {
    let Some(outcome) = &item.outcome else {
        return String::new();
    };
    let counts = match (item.votes_for, item.votes_against, item.abstentions) {
        (None, None, None) => String::new(),
        (f, a, x) => format!(
            ": {} for, {} against, {} abstaining",
            f.unwrap_or(0),
            a.unwrap_or(0),
            x.unwrap_or(0)
        ),
    };
    format!(
        "<p class=\"govuk-body\" id=\"outcome-{}\"><strong>{}</strong>{counts}.</p>",
        item.item_id,
        escape(outcome_label(outcome))
    )
}

pub(crate) fn quorum_panel(q: &Quorum) -> String {
    let state = if q.quorate {
        tag("Quorate", "green")
    } else {
        tag("Not quorate", "red")
    };
    let more = if q.quorate {
        String::new()
    } else {
        format!(
            " {} more {} needed before a decision can be recorded.",
            q.short_by,
            if q.short_by == 1 {
                "member is"
            } else {
                "members are"
            }
        )
    };
    format!(
        "<div class=\"govuk-inset-text\" id=\"quorum\"><h2 class=\"govuk-heading-s\">Quorum {state}</h2>\
         <p class=\"govuk-body\">{} of {} members present; {} needed.{more}</p>\
         <p class=\"govuk-body-s\">{}</p></div>",
        q.present,
        q.membership,
        q.required,
        escape(QUORUM_RULE)
    )
}

pub(crate) async fn page(
    state: &AppState,
    current: &app::auth::CurrentSession,
    meeting_id: i64,
    typed: &Typed,
    problems: &Problems,
) -> Response {
    let today = Local::now().date_naive();
    let view = match meetings::meeting(state.store(), &current.actor, meeting_id, today).await {
        Ok(v) => v,
        Err(e) => return errors::for_app_error(state, &e),
    };
    let clerk = policy::permits(&current.actor, Action::ClerkForums);
    let csrf = current.csrf_token.as_str();
    let m = &view.meeting;
    let base = format!("/governance/meetings/{meeting_id}");
    let summary = summary_list(&[
        ("Forum", view.forum.name.clone()),
        ("Date", day(m.held_on)),
        ("Venue", m.venue.clone().unwrap_or_default()),
        (
            "Agenda",
            m.agenda_published_at.map_or_else(
                || "Not published".into(),
                |at| format!("Published {}", at.format("%-d %B %Y")),
            ),
        ),
        (
            "Minutes",
            match (&m.minutes_text, m.minutes_approved_on) {
                (_, Some(on)) => format!("Approved at the meeting of {}", day(on)),
                (Some(_), None) => "Draft, to be approved at the next meeting".into(),
                _ => "Not written yet".into(),
            },
        ),
    ]);
    let arising = if view.matters_arising.is_empty() {
        "<p class=\"govuk-body\">No actions from earlier meetings.</p>".to_string()
    } else {
        table(
            "Actions from earlier meetings",
            &["Raised", "Action", "Owner", "Due", "Status"],
            &action_rows(&view.matters_arising, true),
        )
    };
    let approve = match &view.previous {
        Some(p) if clerk && p.minutes_approved_at.is_none() && p.minutes_text.is_some() => form(
            &format!("{base}/approve-minutes"),
            csrf,
            &format!(
                "<p class=\"govuk-body\" id=\"approve\">Draft minutes of the meeting of {} are ready.</p>{}",
                day(p.held_on),
                button("Approve the last meeting's minutes")
            ),
        ),
        _ => String::new(),
    };
    let attendance = attendance_section(&view, clerk, csrf, &base);
    let items: String = view
        .items
        .iter()
        .map(|item| item_section(&view, item, clerk, csrf, typed, problems))
        .collect();
    let here = if view.actions.is_empty() {
        "<p class=\"govuk-body\">No actions raised at this meeting.</p>".to_string()
    } else {
        table(
            "Actions agreed at this meeting",
            &["Raised", "Action", "Owner", "Due", "Status"],
            &action_rows(&view.actions, true),
        )
    };
    let clerk_forms = if clerk {
        clerk_forms(&view, csrf, &base, typed, problems)
    } else {
        String::new()
    };
    let title = format!("{}, {}", view.forum.name, day(m.held_on));
    let body = format!(
        "{}<a class=\"govuk-back-link\" href=\"/governance/forums/{}\">{}</a>\
         <span class=\"govuk-caption-l\">Meeting</span><h1 class=\"govuk-heading-l\">{}</h1>{summary}\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"{base}/report-pack\">Report pack from live data</a></p>{}\
         <h2 class=\"govuk-heading-m\" id=\"matters-arising\">Matters arising</h2>{approve}{arising}\
         {attendance}<h2 class=\"govuk-heading-m\">Agenda</h2>{items}\
         <h2 class=\"govuk-heading-m\">Actions</h2>{here}{clerk_forms}",
        error_summary(problems),
        view.forum.forum_id,
        escape(&view.forum.name),
        escape(&title),
        quorum_panel(&view.quorum),
    );
    signed_in_page(state, current, SECTION, &title, body, !problems.is_empty())
}

fn attendance_section(view: &MeetingView, clerk: bool, csrf: &str, base: &str) -> String {
    let listed = attendance_table(&view.seats, clerk);
    let officers: String = view
        .officers
        .iter()
        .map(|o| format!("<li>{} ({})</li>", escape(&o.name), escape(&o.role_title)))
        .collect();
    let officers = format!(
        "<h3 class=\"govuk-heading-s\">Officers attending</h3><ul class=\"govuk-list\">{officers}</ul>"
    );
    let inner = format!(
        "{listed}{}",
        if clerk {
            button("Save attendance")
        } else {
            String::new()
        }
    );
    let attendance = if clerk {
        form(&format!("{base}/attendance"), csrf, &inner)
    } else {
        inner
    };
    format!("<h2 class=\"govuk-heading-m\" id=\"attendance\">Attendance</h2>{attendance}{officers}")
}

fn item_section(
    view: &MeetingView,
    it: &ItemView,
    clerk: bool,
    csrf: &str,
    typed: &Typed,
    problems: &Problems,
) -> String {
    let item = &it.item;
    let id = item.item_id;
    let base = format!("/governance/meetings/{}/items/{id}", item.meeting_id);
    let who = |seat_id: i64| {
        view.seats
            .iter()
            .find(|s| s.seat.seat_id == seat_id)
            .map(app::governance::SeatAtMeeting::who)
            .unwrap_or_default()
    };
    let papers: String = it
        .papers
        .iter()
        .map(|p| {
            format!(
                "<li><a class=\"govuk-link\" href=\"/forums/papers/{}\">{}</a>{}</li>",
                p.paper_id,
                escape(&p.title),
                if p.confidential {
                    format!(" {}", tag("Confidential", "grey"))
                } else {
                    String::new()
                }
            )
        })
        .collect();
    let interests: String = it
        .interests
        .iter()
        .map(|i| {
            format!(
                "<li>{}: {}{}</li>",
                escape(&who(i.seat_id)),
                escape(Interest::parse(&i.interest).map_or("", |x| x.label())),
                i.detail
                    .as_deref()
                    .map(|d| format!(" ({})", escape(d)))
                    .unwrap_or_default()
            )
        })
        .collect();
    let mut parts = vec![summary_list(&[
        ("Kind", item_kind_label(&item.kind).to_string()),
        ("Presented by", item.presenter.clone().unwrap_or_default()),
        ("Summary", item.summary.clone().unwrap_or_default()),
    ])];
    if !papers.is_empty() {
        parts.push(format!(
            "<h4 class=\"govuk-heading-s\">Papers</h4><ul class=\"govuk-list\">{papers}</ul>"
        ));
    }
    if !interests.is_empty() {
        parts.push(format!("<h4 class=\"govuk-heading-s\">Declarations of interest</h4><ul class=\"govuk-list\">{interests}</ul>"));
    }
    if it.kind == ItemKind::Decision {
        parts.push(decision_part(view, it, clerk, csrf, &base, problems));
    }
    if it.kind == ItemKind::Consultation {
        parts.push(match &item.response {
            Some(r) => format!("<h4 class=\"govuk-heading-s\">The forum's response</h4><p class=\"govuk-body\">{}</p>", escape(r)),
            None => String::new(),
        });
        if clerk {
            parts.push(form(
                &format!("{base}/response"),
                csrf,
                &format!(
                    "{}{}",
                    textarea(
                        &format!("response-{id}"),
                        "The forum's response",
                        None,
                        typed.get(&format!("response-{id}")),
                        problems
                    ),
                    button("Save the response")
                ),
            ));
        }
    }
    if clerk {
        parts.push(item_clerk_forms(view, it, csrf, &base, typed, problems));
    }
    format!(
        "<section class=\"govuk-!-margin-bottom-8\" id=\"item-{id}\"><h3 class=\"govuk-heading-m\">{}. {} {}</h3>{}</section>",
        item.position,
        escape(&item.title),
        tag(item_kind_label(&item.kind), "blue"),
        parts.concat()
    )
}

fn decision_part(
    view: &MeetingView,
    it: &ItemView,
    clerk: bool,
    csrf: &str,
    base: &str,
    problems: &Problems,
) -> String {
    let item = &it.item;
    let id = item.item_id;
    let on = it.decision_kind.map_or_else(String::new, |k| {
        format!(
            "<p class=\"govuk-body-s\">Decision on: {}</p>",
            escape(k.label())
        )
    });
    let mut out = format!(
        "<h4 class=\"govuk-heading-s\">Motion</h4><p class=\"govuk-body\">{}</p>{on}{}",
        escape(item.motion.as_deref().unwrap_or("")),
        outcome_paragraph(item)
    );
    // A decision read from minutes has no kind: it is the minutes' record, not a vote to take.
    if !clerk || it.decision_kind.is_none() {
        return out;
    }
    let rows: Vec<Vec<String>> = it
        .eligibility
        .iter()
        .filter_map(|(seat_id, may)| {
            let seat = view.seats.iter().find(|s| s.seat.seat_id == *seat_id)?;
            let recorded = it.votes.iter().find(|v| v.seat_id == *seat_id).map(|v| v.vote.as_str());
            let cell = match may {
                Err(reason) => escape(reason.label()),
                Ok(()) => {
                    let options: String = std::iter::once(("", "Did not vote"))
                        .chain(Vote::ALL.iter().map(|v| (v.code(), v.label())))
                        .map(|(v, t)| {
                            let selected = recorded == Some(v) || (v.is_empty() && recorded.is_none());
                            format!("<option value=\"{v}\"{}>{t}</option>", if selected { " selected" } else { "" })
                        })
                        .collect();
                    format!(
                        "<label class=\"govuk-visually-hidden\" for=\"vote-{seat_id}-{id}\">Vote of {}</label>\
                         <select class=\"govuk-select\" id=\"vote-{seat_id}-{id}\" name=\"vote-{seat_id}\">{options}</select>",
                        escape(&seat.who())
                    )
                }
            };
            Some(vec![escape(&seat.who()), escape(seat.category.label()), cell])
        })
        .collect();
    let error = error_for(problems, &format!("votes-{id}"))
        .and_then(|e| e.text)
        .map(|t| format!("<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {}</p>", escape(&t)))
        .unwrap_or_default();
    out.push_str(&form(
        &format!("{base}/votes"),
        csrf,
        &format!(
            "<div class=\"govuk-form-group{}\" id=\"votes-{id}\">{error}{}</div>{}",
            if error.is_empty() {
                ""
            } else {
                " govuk-form-group--error"
            },
            table("Votes", &["Member", "Seat", "Vote"], &rows),
            button("Record the vote")
        ),
    ));
    out
}
