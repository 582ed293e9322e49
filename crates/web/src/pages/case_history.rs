//! The statutory clock as a table, and the case's timeline: everything recorded, in date order.

use app::casework::pages_support::CasePage;
use app::casework::requests::REQUEST_SOURCES;
use chrono::NaiveDate;
use domain::clock::{
    AdviceService, Deadline, DeadlineKind, DeadlineState, ExceptionReason, ReviewDecision,
};
use domain::{AssessmentOutcome, CeaseReason, RequestOutcome};
use govuk::{Component, Details};

use super::case::{day, tag};
use super::case_plan::{setting_name, status_label};
use super::case_questions::{marker_label, transfer_label};
use crate::html::{escape, table};

/// A deadline's state as a tag. A comment window is a minimum period, not a limit, so its
/// states read differently: it is open, ends, and is respected or not.
pub fn state_tag(d: &Deadline) -> String {
    let window = d.kind.is_window();
    let (text, colour) = match d.state {
        DeadlineState::NotYetDue if window => ("Open", "blue"),
        DeadlineState::NotYetDue => ("Not yet due", "blue"),
        DeadlineState::DueSoon if window => ("Ends soon", "yellow"),
        DeadlineState::DueSoon => ("Due soon", "orange"),
        DeadlineState::Overdue => ("Overdue", "red"),
        DeadlineState::MetOnTime if window => ("Respected", "green"),
        DeadlineState::MetOnTime => ("Met on time", "green"),
        DeadlineState::MetLate if window => ("Not respected", "pink"),
        DeadlineState::MetLate => ("Met late", "pink"),
        DeadlineState::Elapsed => ("Ended", "grey"),
        DeadlineState::NotApplicable => ("Not applicable (exception)", "grey"),
    };
    tag(text, colour)
}

/// What a deadline's time counts from, in words.
fn counts_from(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::DecisionToAssess | DeadlineKind::NoPlanNotice | DeadlineKind::FinalPlan => {
            "the request"
        }
        DeadlineKind::Advice(_) => "advice requested",
        DeadlineKind::DraftCommentWindow => "draft plan issued",
        DeadlineKind::AnnualReview(_) | DeadlineKind::UnderFiveReview(_) => {
            "plan made or last review"
        }
        DeadlineKind::ReviewDecision(_) => "review meeting",
        DeadlineKind::AmendmentCommentWindow(_) | DeadlineKind::AmendedPlan(_) => {
            "amendments proposed"
        }
        DeadlineKind::PhaseTransfer => "start of the school year",
        DeadlineKind::ReassessmentDecision(_) => "request for re-assessment",
        DeadlineKind::Reassessment(_) => "decision to re-assess",
    }
}

/// Every deadline of the case: what, counting from when, due when, met when, and where it
/// stands today, with the rule that sets (or lifts) it.
pub fn clock_table(page: &CasePage) -> String {
    let Some(clock) = &page.view.clock else {
        return String::new();
    };
    if clock.deadlines.is_empty() {
        return "<h2 class=\"govuk-heading-m\">Statutory clock</h2><p class=\"govuk-body\">No deadline is running.</p>".into();
    }
    let rows: Vec<Vec<String>> = clock
        .deadlines
        .iter()
        .map(|d| {
            let state = if d.state == DeadlineState::NotApplicable {
                format!(
                    "{}<p class=\"govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0\">{}</p>",
                    state_tag(d),
                    escape(d.rule)
                )
            } else {
                state_tag(d)
            };
            vec![
                escape(&d.kind.label()),
                format!(
                    "{}<br>({})",
                    escape(&day(d.trigger)),
                    counts_from(d.kind)
                ),
                escape(&day(d.due)),
                escape(&d.met_on.map_or_else(|| "Not yet".to_string(), day)),
                state,
            ]
        })
        .collect();
    let mut rules: Vec<&str> = clock.deadlines.iter().map(|d| d.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    let rules = Details {
        summary_text: Some("Where these deadlines come from".into()),
        html: Some(format!(
            "<ul class=\"govuk-list govuk-list--bullet\">{}</ul>",
            rules
                .iter()
                .map(|r| format!("<li>{}</li>", escape(r)))
                .collect::<String>()
        )),
        ..Default::default()
    }
    .render();
    format!(
        "{}{rules}",
        table(
            "Statutory clock",
            &["What", "Counts from", "Due", "Met on", "State"],
            &rows
        )
    )
}

/// One line of the timeline: when, what, and details already in HTML.
struct Event {
    on: NaiveDate,
    when: String,
    what: String,
    detail: String,
}

fn event(on: NaiveDate, what: impl Into<String>, detail: String) -> Event {
    Event {
        on,
        when: day(on),
        what: what.into(),
        detail,
    }
}

/// Who made a request, in words (the stored SEN2 source code if it is not one we know).
fn source_label(code: &str) -> &str {
    REQUEST_SOURCES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, l)| l)
}

fn paragraph(label: &str, text: &str) -> String {
    format!(
        "<p class=\"govuk-body govuk-!-margin-bottom-1\">{}{}</p>",
        if label.is_empty() {
            String::new()
        } else {
            format!("{}: ", escape(label))
        },
        escape(text)
    )
}

fn label_of<T: std::str::FromStr>(code: &str, label: fn(T) -> &'static str) -> String {
    code.parse::<T>()
        .map_or_else(|_| code.to_string(), |t| label(t).to_string())
}

/// Everything recorded on the case, oldest first.
pub fn timeline(page: &CasePage) -> String {
    let view = &page.view;
    let file = &view.file;
    let child_id = view.child.child_id;
    let mut events = Vec::new();
    for r in &file.requests {
        events.push(event(
            r.received_on,
            "Request for an EHC needs assessment received",
            paragraph("From", source_label(&r.source)),
        ));
        let no_plan = r.assessment_outcome.as_deref() == Some(AssessmentOutcome::No.code());
        // One reasons field serves both decisions: it holds the later one's.
        let reasons = r.decision_reasons.as_deref().unwrap_or("");
        if let (Some(on), Ok(outcome)) = (r.outcome_on, r.outcome.parse::<RequestOutcome>()) {
            let what = match outcome {
                RequestOutcome::Yes => "Decided to assess",
                RequestOutcome::No => "Refused to assess",
                RequestOutcome::Withdrawn => "Request withdrawn",
                _ => outcome.label(),
            };
            let detail = if no_plan || reasons.is_empty() {
                String::new()
            } else {
                paragraph("Reasons", reasons)
            };
            events.push(event(on, what, detail));
        }
        if let Some(on) = r.comments_received_on {
            events.push(event(
                on,
                "Comments on the draft plan received",
                String::new(),
            ));
        }
        if let (true, Some(on)) = (no_plan, r.assessment_outcome_on) {
            events.push(event(
                on,
                "Decided not to issue a plan",
                paragraph("Reasons", reasons),
            ));
        }
    }
    for a in &file.advice {
        let service = label_of(&a.service, AdviceService::label);
        let due = view.clock.as_ref().and_then(|c| {
            c.deadlines.iter().find(|d| {
                d.trigger == a.requested_on
                    && a.service
                        .parse::<AdviceService>()
                        .is_ok_and(|s| d.kind == DeadlineKind::Advice(s))
            })
        });
        let mut detail = a
            .adviser
            .as_deref()
            .map(|w| paragraph("Asked", w))
            .unwrap_or_default();
        if let Some(d) = due {
            detail.push_str(&paragraph("Due", &day(d.due)));
        }
        detail.push_str(&paragraph(
            "Received",
            &a.received_on.map_or_else(|| "Not yet".to_string(), day),
        ));
        events.push(event(
            a.requested_on,
            format!("Advice requested: {service}"),
            detail,
        ));
    }
    for e in &file.exceptions {
        let mut detail = paragraph("", &format!("From {} to {}", day(e.from_on), day(e.to_on)));
        if let Some(note) = &e.note {
            detail.push_str(&paragraph("Note", note));
        }
        events.push(event(
            e.from_on,
            format!("Exception: {}", label_of(&e.reason, ExceptionReason::label)),
            detail,
        ));
    }
    for v in &view.versions {
        let row = &v.row;
        let mut detail = paragraph("", &row.change_summary);
        if !row.changed_sections.is_empty() {
            detail.push_str(&paragraph(
                "Sections changed",
                &row.changed_sections.replace(',', ", "),
            ));
        }
        if let Some(name) = row.named_setting_id.and_then(|id| setting_name(view, id)) {
            detail.push_str(&paragraph("Names", name));
        }
        detail.push_str(&paragraph(
            "Recorded",
            &format!(
                "{} by {}",
                row.recorded_at.format("%-d %B %Y %H:%M"),
                page.author(row.author_staff_id).unwrap_or("an import")
            ),
        ));
        detail.push_str(&format!(
            "<a class=\"govuk-link\" href=\"/children/{child_id}/case/versions/{}\">View version {}</a>",
            row.version_id, row.version_no
        ));
        events.push(event(
            row.issued_on,
            format!("{} (version {})", status_label(&row.status), row.version_no),
            detail,
        ));
    }
    plan_events(page, &mut events);
    events.sort_by_key(|e| e.on);
    let rows: Vec<Vec<String>> = events
        .into_iter()
        .map(|e| vec![escape(&e.when), escape(&e.what), e.detail])
        .collect();
    table("Timeline", &["Date", "What happened", "Details"], &rows)
}

/// The plan's own events: made or transferred, reviews, phase transfers, ceasing, mediation,
/// tribunal and panels.
fn plan_events(page: &CasePage, events: &mut Vec<Event>) {
    let view = &page.view;
    for p in &view.file.plans {
        let has_final = view
            .versions
            .iter()
            .any(|v| v.row.plan_id == Some(p.plan_id) && v.row.status == "final");
        if let Some(from) = &p.transferred_in_from {
            events.push(event(
                p.start_on,
                format!("Plan transferred in from council {from}"),
                String::new(),
            ));
        } else if !has_final {
            // Plans recorded before the versions were (imports, earlier systems).
            events.push(event(p.start_on, "Plan made", String::new()));
        }
        if let Some(on) = p.cease_notice_on {
            events.push(event(
                on,
                "Notice given that the plan will cease",
                String::new(),
            ));
        }
        if let Some(on) = p.cease_on {
            let mut detail = p
                .cease_reason
                .as_deref()
                .map(|r| paragraph("Reason", &label_of(r, CeaseReason::label)))
                .unwrap_or_default();
            if let Some(to) = &p.transferred_out_to {
                detail.push_str(&paragraph("Transferred to council", to));
            }
            events.push(event(on, "Plan ceased", detail));
        }
    }
    for r in &view.reviews {
        events.push(event(r.meeting_on, "Annual review meeting", String::new()));
        if let (Some(on), Some(decision)) = (r.decision_on, r.decision.as_deref()) {
            events.push(event(
                on,
                format!(
                    "Decision after review: {}",
                    label_of(decision, ReviewDecision::label)
                ),
                String::new(),
            ));
        }
    }
    for t in &view.transfers {
        let when = match (t.transfer_year, t.transfer_on) {
            (_, Some(on)) => day(on),
            (Some(year), None) => format!("September {year}"),
            (None, None) => String::new(),
        };
        let sort = t
            .transfer_on
            .or_else(|| {
                t.transfer_year
                    .and_then(|y| i32::try_from(y).ok())
                    .and_then(|y| NaiveDate::from_ymd_opt(y, 9, 1))
            })
            .unwrap_or(NaiveDate::MAX);
        events.push(Event {
            on: sort,
            when,
            what: format!("Phase transfer: {}", transfer_label(&t.kind)),
            detail: String::new(),
        });
        if let Some(on) = t.amended_on {
            let detail = t
                .next_setting_id
                .and_then(|id| setting_name(view, id))
                .map(|n| paragraph("Next setting", n))
                .unwrap_or_default();
            events.push(event(on, "Plan amended for the phase transfer", detail));
        }
    }
    for r in &view.file.reassessments {
        if let Some(on) = r.requested_on {
            let who = r
                .requested_by
                .as_deref()
                .map(|code| paragraph("Asked by", source_label(code)))
                .unwrap_or_default();
            events.push(event(on, "Request for re-assessment received", who));
        }
        if let (Some(on), Some(decision)) = (r.decided_on, r.decision.as_deref()) {
            let what = if decision == "assess" {
                "Decision to re-assess"
            } else {
                "Decision not to re-assess"
            };
            let reasons = r
                .reasons
                .as_deref()
                .map(|t| paragraph("Reasons", t))
                .unwrap_or_default();
            events.push(event(on, what, reasons));
        }
    }
    for m in &view.markers {
        events.push(event(
            m.opened_on,
            format!("{} started", marker_label(&m.kind)),
            String::new(),
        ));
        if let Some(on) = m.closed_on {
            let detail = m
                .outcome
                .as_deref()
                .map(|o| paragraph("Outcome", o))
                .unwrap_or_default();
            events.push(event(
                on,
                format!("{} ended", marker_label(&m.kind)),
                detail,
            ));
        }
    }
    for (item, meeting) in &view.panel_items {
        let Some(on) = meeting.as_ref().map(|m| m.held_on).or(item.decided_on) else {
            continue;
        };
        let panel = meeting
            .as_ref()
            .map_or("Panel", |m| app::casework::panels::panel_label(&m.panel));
        let mut detail = paragraph("Asked", &item.question);
        let decision = item.decision.as_deref().map_or("Not yet decided", |d| {
            app::casework::panels::DECISIONS
                .iter()
                .find(|(c, _)| *c == d)
                .map_or(d, |(_, l)| l)
        });
        detail.push_str(&paragraph("Decision", decision));
        if let Some(reasons) = &item.reasons {
            detail.push_str(&paragraph("Reasons", reasons));
        }
        events.push(event(on, panel, detail));
    }
}
