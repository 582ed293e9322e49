//! The clerk's forms on a meeting page: per item (declare an interest, raise an action, add a
//! paper) and for the meeting (add an item, publish the agenda, draft minutes).

use app::governance::meetings::{ItemView, MeetingView};
use domain::governance::{DecisionKind, Interest, ItemKind};

use super::governance::{day, select};
use crate::html::{button, escape, form};
use crate::pages::form_support::{Problems, Typed, date_input, radios, textarea, typed_input};

pub(crate) fn item_clerk_forms(
    view: &MeetingView,
    it: &ItemView,
    csrf: &str,
    base: &str,
    typed: &Typed,
    problems: &Problems,
) -> String {
    let id = it.item.item_id;
    let members: Vec<(String, String)> = view
        .seats
        .iter()
        .filter(|s| s.holder.is_some())
        .map(|s| (s.seat.seat_id.to_string(), s.who()))
        .collect();
    let interests: Vec<(&str, &str)> = Interest::ALL
        .iter()
        .map(|i| (i.code(), i.label()))
        .collect();
    let name = |f: &str| format!("{f}-{id}");
    let declare = form(
        &format!("{base}/interests"),
        csrf,
        &format!(
            "{}{}{}{}",
            select(
                &name("seat"),
                "Member",
                &members,
                typed.get(&name("seat")),
                problems
            ),
            radios(
                &name("interest"),
                "Interest",
                &interests,
                typed.get(&name("interest")),
                problems
            ),
            typed_input(
                typed,
                problems,
                &name("detail"),
                "What the interest is",
                None,
                Some("off")
            ),
            button("Record the declaration")
        ),
    );
    let owners = owner_options(&view.seats, &view.officers);
    let later: Vec<(String, String)> = view
        .later
        .iter()
        .map(|m| (m.meeting_id.to_string(), day(m.held_on)))
        .collect();
    let action = form(
        &format!("{base}/actions"),
        csrf,
        &format!(
            "{}{}{}{}{}",
            textarea(
                &name("description"),
                "Action",
                None,
                typed.get(&name("description")),
                problems
            ),
            select(
                &name("owner"),
                "Owner",
                &owners,
                typed.get(&name("owner")),
                problems
            ),
            date_input(
                &name("due_on"),
                "Due date",
                "For example, 30 4 2026",
                typed,
                problems
            ),
            select(
                &name("due_meeting"),
                "Or report back to the meeting of",
                &later,
                typed.get(&name("due_meeting")),
                problems
            ),
            button("Raise the action")
        ),
    );
    let paper = format!(
        "<form method=\"post\" action=\"{base}/papers\" enctype=\"multipart/form-data\" novalidate>\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">{}\
         <div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"file-{id}\">Paper</label>\
         <input class=\"govuk-file-upload\" id=\"file-{id}\" name=\"file\" type=\"file\"></div>\
         <div class=\"govuk-checkboxes\"><div class=\"govuk-checkboxes__item\">\
         <input class=\"govuk-checkboxes__input\" id=\"confidential-{id}\" name=\"confidential\" type=\"checkbox\" value=\"yes\">\
         <label class=\"govuk-label govuk-checkboxes__label\" for=\"confidential-{id}\">Confidential: not to be published</label></div></div>{}</form>",
        escape(csrf),
        typed_input(
            typed,
            problems,
            "title",
            "Title of the paper",
            None,
            Some("off")
        ),
        button("Upload the paper")
    );
    // Only an item with nothing recorded against it may go (`meetings::remove_item`).
    let untouched = it.papers.is_empty()
        && it.interests.is_empty()
        && it.votes.is_empty()
        && it.item.outcome.is_none()
        && it.item.response.is_none()
        && !view.actions.iter().any(|a| a.action.item_id == Some(id));
    let remove = if untouched {
        use govuk::Component;
        form(
            &format!("{base}/remove"),
            csrf,
            &govuk::Button {
                text: Some("Remove the item".into()),
                classes: Some("govuk-button--warning".into()),
                ..Default::default()
            }
            .render(),
        )
    } else {
        String::new()
    };
    format!(
        "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span class=\"govuk-details__summary-text\">Record for this item</span></summary>\
         <div class=\"govuk-details__text\"><h4 class=\"govuk-heading-s\">Declare an interest</h4>{declare}\
         <h4 class=\"govuk-heading-s\">Raise an action</h4>{action}<h4 class=\"govuk-heading-s\">Add a paper</h4>{paper}{remove}</div></details>"
    )
}

pub(crate) fn clerk_forms(
    view: &MeetingView,
    csrf: &str,
    base: &str,
    typed: &Typed,
    problems: &Problems,
) -> String {
    let kinds: Vec<(&str, &str)> = ItemKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect();
    let decisions: Vec<(&str, &str)> = DecisionKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect();
    let add_item = form(
        &format!("{base}/items"),
        csrf,
        &format!(
            "{}{}{}{}{}{}{}",
            typed_input(typed, problems, "title", "Title", None, Some("off")),
            radios(
                "kind",
                "What the item is for",
                &kinds,
                typed.get("kind"),
                problems
            ),
            typed_input(
                typed,
                problems,
                "presenter",
                "Presented by",
                None,
                Some("off")
            ),
            textarea("summary", "Summary", None, typed.get("summary"), problems),
            radios(
                "decision_kind",
                "For a decision: what it is on",
                &decisions,
                typed.get("decision_kind"),
                problems
            ),
            textarea(
                "motion",
                "For a decision: the motion",
                None,
                typed.get("motion"),
                problems
            ),
            button("Add the item")
        ),
    );
    let m = &view.meeting;
    let publish = if m.agenda_published_at.is_none() {
        form(
            &format!("{base}/publish"),
            csrf,
            &button("Publish the agenda and papers"),
        )
    } else {
        String::new()
    };
    let minutes = if m.minutes_approved_at.is_none() {
        let text = if typed.get("minutes").is_empty() {
            m.minutes_text.clone().unwrap_or_default()
        } else {
            typed.get("minutes").to_string()
        };
        form(
            &format!("{base}/minutes"),
            csrf,
            &format!(
                "{}{}",
                textarea(
                    "minutes",
                    "Draft minutes",
                    Some("Approved at the next meeting, then published"),
                    &text,
                    problems
                ),
                button("Save the draft minutes")
            ),
        )
    } else {
        format!(
            "<p class=\"govuk-body\">{}</p>",
            escape(m.minutes_text.as_deref().unwrap_or(""))
        )
    };
    format!(
        "<h2 class=\"govuk-heading-m\">Add an agenda item</h2>{add_item}\
         <h2 class=\"govuk-heading-m\">Publish</h2>{publish}\
         <h2 class=\"govuk-heading-m\">Minutes</h2>{minutes}"
    )
}

/// Who may own an action, as select options: each member holding a seat (`member-SEAT`) and
/// each officer (`officer-ID`).
pub(crate) fn owner_options(
    seats: &[app::governance::SeatAtMeeting],
    officers: &[app::governance::ForumOfficerRow],
) -> Vec<(String, String)> {
    let mut owners: Vec<(String, String)> = seats
        .iter()
        .filter(|s| s.holder.is_some())
        .map(|s| (format!("member-{}", s.seat.seat_id), s.who()))
        .collect();
    owners.extend(officers.iter().map(|o| {
        (
            format!("officer-{}", o.officer_id),
            format!("{} (officer)", o.name),
        )
    }));
    owners
}
