//! The EHC timeliness dashboard: the council's own measures, computed from its casework the way
//! the DfE defines them, beside its published DfE figures and England's. Figures only; no
//! personal data leaves this module.

use domain::clock::{AssessDecision, IssueDecision};
use domain::measures::{self, CeasedPlan, EhcMeasures, Period, RequestFacts};
use domain::{CeaseReason, RequestOutcome};
use store::{RequestTimeline, Store};

use crate::actor::Actor;
use crate::error::Result;
use crate::policy::{self, Action};

/// A published DfE percentage with its numerator and denominator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Published {
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub percent: Option<f64>,
}

/// The DfE's published figures for one area and calendar year (from the SEN2 collection of
/// the following January).
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedYear {
    pub area: String,
    pub within_20_weeks_incl_exceptions: Published,
    pub within_20_weeks_excl_exceptions: Published,
    pub requests_received: Option<f64>,
    pub requests_refused: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EhcDashboard {
    pub year: i32,
    pub council: EhcMeasures,
    pub months: Vec<(Period, EhcMeasures)>,
    /// The council's own published figures, when it is a real council with figures that year.
    pub published: Option<PublishedYear>,
    pub england: Option<PublishedYear>,
}

/// The calendar years the DfE figures shipped with the release cover.
pub const PUBLISHED_YEARS: std::ops::RangeInclusive<i32> = 2014..=2024;

pub async fn ehc_dashboard(store: &Store, actor: &Actor, year: i32) -> Result<EhcDashboard> {
    policy::authorise(actor, Action::ReadCouncilSummary)?;
    let mut tx = store.begin().await?;
    let timelines = tx.request_timelines(actor.la_id()).await?;
    let ceased = tx.ceased_plans(actor.la_id()).await?;
    tx.commit().await?;
    let requests: Vec<RequestFacts> = timelines.iter().map(facts).collect();
    let ceased: Vec<CeasedPlan> = ceased
        .iter()
        .filter_map(|p| {
            let reason = p.cease_reason.as_deref()?.parse::<CeaseReason>().ok()?;
            Some(CeasedPlan {
                ceased_on: p.cease_on?,
                reason,
            })
        })
        .collect();
    let council = measures::measures(Period::Year(year), &requests, &[], &ceased);
    let months = measures::by_month(year, &requests, &[], &ceased);
    let tables = crate::councils::dfe_tables()?;
    let own = published_year(tables, year, Some(actor.la.get()));
    let england = published_year(tables, year, None);
    Ok(EhcDashboard {
        year,
        council,
        months,
        published: own,
        england,
    })
}

fn facts(t: &RequestTimeline) -> RequestFacts {
    let decision = match (t.outcome.parse::<RequestOutcome>(), t.outcome_on) {
        (Ok(RequestOutcome::Yes), Some(on)) => Some((on, AssessDecision::Assess)),
        (Ok(RequestOutcome::No), Some(on)) => Some((on, AssessDecision::Refuse)),
        _ => None,
    };
    let assessment_outcome = match (t.assessment_outcome.as_deref(), t.assessment_outcome_on) {
        (Some("Y"), Some(on)) => Some((on, IssueDecision::IssuePlan)),
        (Some("N"), Some(on)) => Some((on, IssueDecision::NoPlan)),
        _ => None,
    };
    RequestFacts {
        received_on: t.received_on,
        decision,
        assessment_outcome,
        final_issued: t.plan_start_on,
        week20_exception: t.week20_exception,
    }
}

/// The published figures for a calendar year: the DfE reports activity in year Y in the SEN2
/// collection of January Y+1 (see the DfE data README, "Year convention").
fn published_year(tables: &synth::DfeTables, year: i32, la: Option<u16>) -> Option<PublishedYear> {
    let collection = year + 1;
    let value = |column: &str| tables.published(collection, la, column);
    Some(PublishedYear {
        area: tables.published_area_name(collection, la)?,
        within_20_weeks_incl_exceptions: Published {
            numerator: value("plans_issued_within_20wk_incl_exc"),
            denominator: value("plans_issued_incl_exc"),
            percent: value("pct_within_20wk_incl_exc"),
        },
        within_20_weeks_excl_exceptions: Published {
            numerator: value("plans_issued_within_20wk_excl_exc"),
            denominator: value("plans_issued_excl_exc"),
            percent: value("pct_within_20wk_excl_exc"),
        },
        requests_received: value("requests_received"),
        requests_refused: value("requests_refused"),
    })
}
