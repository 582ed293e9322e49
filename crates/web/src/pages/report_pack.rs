//! A meeting's report pack, as a page (`/governance/meetings/{id}/report-pack`) and as a PDF
//! (`.../report-pack.pdf`): the high needs position and forecast outturn, the EHC measures,
//! the actions log (overdue first) and each action plan's RAG summary, from
//! `app::governance::report_pack`. Both are written from the same sections, so the PDF says
//! exactly what the page says, and each is stamped with when it was generated.

use app::governance::figures::share;
use app::governance::report_pack::{ReportPack, report_pack};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Timelike, Utc};
use domain::high_needs::BudgetLine;
use domain::measures::{EhcMeasures, Ratio};

use super::budget_view::cells;
use super::documents::content_disposition;
use super::governance::{SECTION, day, due_text};
use super::governance_plans::{MEASURE_HEADS, RAG_SUMMARY_HEADS};
use crate::html::{escape, numeric_table, table};
use crate::pages::errors;
use crate::pages::form_support::signed_in_page;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

/// A table of plain text.
struct Table {
    caption: String,
    heads: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Each column's share of the printed width.
    widths: Vec<f32>,
    numeric: bool,
}

/// A section of the pack: a heading, what it says, and its tables.
struct Section {
    heading: String,
    says: Vec<String>,
    tables: Vec<Table>,
}

fn heads(names: &[&str]) -> Vec<String> {
    names.iter().map(|h| (*h).to_string()).collect()
}

fn high_needs(pack: &ReportPack) -> Section {
    let p = &pack.figures.budget;
    let total = p.high_needs_total();
    let position = p.in_year_position();
    let mut rows: Vec<Vec<String>> = p
        .lines
        .iter()
        .filter(|l| l.line.is_some_and(BudgetLine::is_high_needs))
        .map(|l| cells(l.line.map_or("", BudgetLine::label).to_string(), l))
        .collect();
    rows.push(cells("High needs total".into(), &total));
    let through = p.actuals_through.map_or_else(
        || "No actuals have been imported for the year yet.".to_string(),
        |m| format!("Actuals are to the end of {} from the ledger.", m.name()),
    );
    Section {
        heading: format!("High needs position and forecast outturn, {}", p.year),
        says: vec![through],
        tables: vec![
            Table {
                caption: "In-year position".into(),
                heads: heads(&["Figure", "Amount"]),
                rows: vec![
                    vec!["Income".into(), p.income.to_string()],
                    vec![
                        "Forecast outturn on high needs lines".into(),
                        total.outturn().to_string(),
                    ],
                    vec![
                        if position.is_negative() {
                            "In-year deficit"
                        } else {
                            "In-year surplus"
                        }
                        .into(),
                        position.to_string(),
                    ],
                ],
                widths: vec![3.0, 1.5],
                numeric: true,
            },
            Table {
                caption: "Budget and forecast outturn by line".into(),
                heads: heads(&[
                    "Budget line",
                    "Budget",
                    "Actuals",
                    "Committed",
                    "New demand",
                    "Outturn",
                    "Variance",
                ]),
                rows,
                widths: vec![2.6, 1.4, 1.4, 1.4, 1.4, 1.4, 1.4],
                numeric: true,
            },
        ],
    }
}

/// Where a share is read from the council's measures.
type ShareOf = fn(&EhcMeasures) -> Ratio;

/// The DfE's EHC measures as the dashboard names them.
const EHC_MEASURES: [(&str, ShareOf); 6] = [
    ("Plans issued within 20 weeks, excluding exceptions", |m| {
        m.within_20_weeks_excl_exceptions
    }),
    ("Plans issued within 20 weeks, including exceptions", |m| {
        m.within_20_weeks_incl_exceptions
    }),
    ("Decisions whether to assess made within 6 weeks", |m| {
        m.decisions_within_6_weeks
    }),
    ("Requests refused", |m| m.requests_refused),
    ("Assessments not leading to a plan", |m| {
        m.assessments_without_plan
    }),
    ("Review decisions made within 4 weeks of the meeting", |m| {
        m.review_decisions_within_4_weeks
    }),
];

fn ehc(pack: &ReportPack) -> Section {
    let m = &pack.figures.ehc.council;
    let mut rows: Vec<Vec<String>> = EHC_MEASURES
        .iter()
        .map(|(name, get)| vec![(*name).to_string(), share(get(m)).show()])
        .collect();
    rows.push(vec![
        "Requests received".into(),
        m.requests_received.to_string(),
    ]);
    Section {
        heading: format!(
            "EHC measures, calendar year {} to date",
            pack.figures.calendar_year
        ),
        says: vec![
            "Measured as the Department for Education defines them, from the council's casework."
                .into(),
        ],
        tables: vec![Table {
            caption: "EHC needs assessments and plans".into(),
            heads: heads(&["Measure", "This council"]),
            rows,
            widths: vec![3.0, 1.5],
            numeric: false,
        }],
    }
}

fn actions(pack: &ReportPack) -> Section {
    let rows: Vec<Vec<String>> = pack
        .actions
        .iter()
        .map(|v| {
            let due = due_text(v);
            vec![
                day(v.raised_on),
                v.action.description.clone(),
                v.action.owner_name.clone(),
                due,
                if v.overdue {
                    "Overdue".into()
                } else {
                    v.status.label().to_string()
                },
            ]
        })
        .collect();
    let overdue = pack.actions.iter().filter(|v| v.overdue).count();
    Section {
        heading: "Actions log".into(),
        says: vec![format!(
            "{} open actions, {overdue} overdue, overdue first.",
            rows.len()
        )],
        tables: vec![Table {
            caption: "Open actions".into(),
            heads: heads(&["Raised", "Action", "Owner", "Due", "Status"]),
            rows,
            widths: vec![1.3, 3.4, 1.6, 1.3, 1.0],
            numeric: false,
        }],
    }
}

fn plans(pack: &ReportPack) -> Vec<Section> {
    pack.plans
        .iter()
        .map(|plan| {
            let summary = plan
                .workstreams
                .iter()
                .map(|w| {
                    vec![
                        w.row.title.clone(),
                        w.row.lead.clone().unwrap_or_else(|| "Not named".into()),
                        w.reviews
                            .rag()
                            .map_or("Not rated", |r| r.label())
                            .to_string(),
                        super::governance_plans::counted(&w.actions_rated),
                        w.actions.iter().filter(|a| a.overdue).count().to_string(),
                    ]
                })
                .collect();
            let measures = plan
                .measures
                .iter()
                .map(|m| {
                    vec![
                        m.kind.label().to_string(),
                        m.period.clone(),
                        m.figure.show(),
                        m.target.show(m.kind.unit()),
                        m.direction.label().to_string(),
                        match m.meets {
                            Some(true) => "Meets target",
                            Some(false) => "Below target",
                            None => "No cases yet",
                        }
                        .to_string(),
                    ]
                })
                .collect();
            Section {
                heading: format!("Action plan: {}", plan.plan.title),
                says: vec![format!("Owned by {}.", plan.owned_by)],
                tables: vec![
                    Table {
                        caption: "RAG summary by workstream".into(),
                        heads: heads(&RAG_SUMMARY_HEADS),
                        rows: summary,
                        widths: vec![3.0, 2.2, 1.0, 1.8, 1.0],
                        numeric: false,
                    },
                    Table {
                        caption: "Measures of impact".into(),
                        heads: heads(&MEASURE_HEADS),
                        rows: measures,
                        widths: vec![2.4, 1.6, 1.8, 1.2, 1.2, 1.1],
                        numeric: false,
                    },
                ],
            }
        })
        .collect()
}

/// The pack's title, its stamp and its sections.
fn written(pack: &ReportPack) -> (String, String, Vec<Section>) {
    let title = format!(
        "Report pack: {} meeting of {}",
        pack.forum.name,
        day(pack.meeting.held_on)
    );
    let stamp = format!(
        "Generated {} from live data",
        pack.generated_at.format("%-d %B %Y at %H:%M UTC")
    );
    let mut sections = vec![high_needs(pack), ehc(pack), actions(pack)];
    sections.extend(plans(pack));
    (title, stamp, sections)
}

async fn generate(
    state: &AppState,
    headers: &HeaderMap,
    from: &str,
    meeting_id: &str,
    path: &str,
) -> Result<(app::auth::CurrentSession, ReportPack), Response> {
    let current = session::require(state, headers, from, path).await?;
    let Ok(meeting_id) = meeting_id.parse::<i64>() else {
        return Err(errors::not_found(state));
    };
    match report_pack(state.store(), &current.actor, meeting_id, Utc::now()).await {
        Ok(pack) => Ok((current, pack)),
        Err(e) => Err(errors::for_app_error(state, &e)),
    }
}

/// The pack as a page.
pub async fn page(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(meeting_id): Path<String>,
) -> Response {
    let path = format!("/governance/meetings/{meeting_id}/report-pack");
    let (current, pack) = match generate(&state, &headers, &from, &meeting_id, &path).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let (title, stamp, sections) = written(&pack);
    let mut body = format!(
        "<a class=\"govuk-back-link\" href=\"/governance/meetings/{id}\">Meeting of {held}</a>\
         <h1 class=\"govuk-heading-l\">{title}</h1><p class=\"govuk-body\" id=\"generated\">{stamp}</p>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"{path}.pdf\" download>Download the report pack (PDF)</a></p>",
        id = pack.meeting.meeting_id,
        held = escape(&day(pack.meeting.held_on)),
        title = escape(&title),
        stamp = escape(&stamp),
    );
    for s in &sections {
        body.push_str(&format!(
            "<h2 class=\"govuk-heading-m\">{}</h2>",
            escape(&s.heading)
        ));
        for p in &s.says {
            body.push_str(&format!("<p class=\"govuk-body\">{}</p>", escape(p)));
        }
        for t in &s.tables {
            let rows: Vec<Vec<String>> = t
                .rows
                .iter()
                .map(|r| r.iter().map(|c| escape(c)).collect())
                .collect();
            let heads: Vec<&str> = t.heads.iter().map(String::as_str).collect();
            body.push_str(&if t.numeric {
                numeric_table(&t.caption, &heads, &rows)
            } else {
                table(&t.caption, &heads, &rows)
            });
        }
    }
    signed_in_page(&state, &current, SECTION, &title, body, false)
}

/// The pack as a PDF, to download.
pub async fn pdf(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(meeting_id): Path<String>,
) -> Response {
    let path = format!("/governance/meetings/{meeting_id}/report-pack.pdf");
    let (_, pack) = match generate(&state, &headers, &from, &meeting_id, &path).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let (title, stamp, sections) = written(&pack);
    let mut blocks = Vec::new();
    for s in sections {
        blocks.push(pdf::Block::Heading(s.heading));
        blocks.extend(s.says.into_iter().map(pdf::Block::Paragraph));
        for t in s.tables {
            blocks.push(pdf::Block::Paragraph(t.caption));
            blocks.push(pdf::Block::Table {
                heads: t.heads,
                rows: t.rows,
                widths: t.widths,
            });
        }
    }
    let at = pack.generated_at;
    // Calendar fields are small numbers: month, day, hour, minute and second fit a u8.
    let field = |n: u32| u8::try_from(n).unwrap_or(0);
    let bytes = pdf::render(&pdf::Report {
        title,
        stamp,
        created: (
            u16::try_from(at.year()).unwrap_or(0),
            field(at.month()),
            field(at.day()),
            field(at.hour()),
            field(at.minute()),
            field(at.second()),
        ),
        blocks,
    });
    let name = format!("report-pack-{}.pdf", pack.meeting.held_on);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (header::CONTENT_DISPOSITION, content_disposition(&name)),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response()
}
