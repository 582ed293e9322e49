//! The EHC timeliness dashboard: the council's own measures, computed from its casework the way
//! the DfE defines them, by calendar year and by month, beside its published DfE figures and
//! England's. Figures only; no personal data leaves this module.
//!
//! Working the measures out reads every request, plan, review and ceased plan of the council:
//! for a large council over 150,000 rows, half a second on SQLite. So a computed dashboard is
//! kept in memory, one per database, council and year, and used again for as long as the
//! council's casework fingerprint ([`store::records::dashboard_queries::CaseworkFingerprint`])
//! is unchanged: every casework write moves it on, so a read after a write always sees the
//! write. While one request works a dashboard out, others asking for the same one wait for it
//! instead of reading the council again. Each server process keeps its own; servers sharing a
//! PostgreSQL database each notice a write through the fingerprint.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use chrono::NaiveDate;
use domain::clock::{AssessDecision, IssueDecision};
use domain::measures::{self, CeasedPlan, EhcMeasures, Period, Ratio, RequestFacts, ReviewFacts};
use domain::{CeaseReason, RequestOutcome};
use store::Store;
use store::records::dashboard_queries::{CaseworkFingerprint, RequestDates};

use crate::actor::Actor;
use crate::error::Result;
use crate::policy::{self, Action};

/// A published DfE percentage with its numerator and denominator, where the DfE gives them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Published {
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub percent: Option<f64>,
}

impl Published {
    /// A share the DfE publishes as two counts: the percentage is worked out as the DfE rounds
    /// it ([`Ratio::percent`]).
    fn from_counts(numerator: Option<f64>, denominator: Option<f64>) -> Published {
        let percent = match (numerator.and_then(count), denominator.and_then(count)) {
            (Some(n), Some(d)) if n <= d => Ratio {
                numerator: n,
                denominator: d,
            }
            .percent(),
            _ => None,
        };
        Published {
            numerator,
            denominator,
            percent,
        }
    }
}

/// A published count as a whole number, when it is one.
fn count(value: f64) -> Option<u64> {
    (value >= 0.0 && value.fract() == 0.0 && value < 1e15).then(|| {
        // Checked above: a non-negative whole number well inside u64.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = value as u64;
        n
    })
}

/// The DfE's published figures for one area and calendar year (from the SEN2 collection of
/// the following January). A field the DfE did not publish for the year is empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PublishedYear {
    pub area: String,
    pub within_20_weeks_incl_exceptions: Published,
    pub within_20_weeks_excl_exceptions: Published,
    /// Not in the DfE's local authority tables: the national share is quoted in its release.
    pub decisions_within_6_weeks: Published,
    /// Refused over refused plus decided to assess.
    pub requests_refused: Published,
    /// Not issued over issued plus not issued.
    pub assessments_without_plan: Published,
    /// Decisions within 4 weeks over decisions made (`ar_*`, published from the 2025
    /// collection, for 2024).
    pub review_decisions_within_4_weeks: Published,
    pub requests_received: Option<f64>,
    pub ceased_total: Option<f64>,
}

/// One calendar year: the council's measures from its casework, its published figures and
/// England's.
#[derive(Debug, Clone, PartialEq)]
pub struct YearFigures {
    pub year: i32,
    pub council: EhcMeasures,
    pub published: Option<PublishedYear>,
    pub england: Option<PublishedYear>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EhcDashboard {
    pub year: i32,
    pub council: EhcMeasures,
    pub months: Vec<(Period, EhcMeasures)>,
    /// The council's own published figures, when it is a real council with figures that year.
    pub published: Option<PublishedYear>,
    pub england: Option<PublishedYear>,
    /// Every year from the first the DfE published to the latest with casework, oldest first.
    pub years: Vec<YearFigures>,
}

/// The calendar years the DfE figures shipped with the release cover.
pub const PUBLISHED_YEARS: std::ops::RangeInclusive<i32> = 2014..=2024;

/// England's share of decisions whether to assess made within 6 weeks, by calendar year, as the
/// DfE's release "Education, health and care plans" (June 2025) states it. The local authority
/// tables do not carry this measure.
const ENGLAND_DECISIONS_WITHIN_6_WEEKS: [(i32, f64); 1] = [(2024, 84.8)];

/// The council's EHC dashboard for a calendar year.
pub async fn ehc_dashboard(store: &Store, actor: &Actor, year: i32) -> Result<Arc<EhcDashboard>> {
    policy::authorise(actor, Action::ReadCouncilSummary)?;
    council_dashboard(store, actor.la_id(), actor.la.get(), year).await
}

/// The dashboard of council `la` (id `la_id`) for a calendar year, for whichever use case has
/// authorised the reader: the dashboard page, and the action plans and report packs quoting it.
pub(crate) async fn council_dashboard(
    store: &Store,
    la_id: i64,
    la: u16,
    year: i32,
) -> Result<Arc<EhcDashboard>> {
    let fingerprint = {
        let mut tx = store.begin_read().await?;
        let f = tx.casework_fingerprint(la_id).await?;
        tx.commit().await?;
        f
    };
    // One computation at a time for each dashboard: those who ask meanwhile wait for it rather
    // than read the whole council again. No transaction is open while waiting.
    let slot = cache::slot((store.location().to_string(), la_id, year));
    let mut kept = slot.lock().await;
    if let Some((at, dashboard)) = kept.as_ref()
        && *at == fingerprint
    {
        return Ok(Arc::clone(dashboard));
    }
    // Read in one transaction, then work out with the database free for others.
    let mut tx = store.begin_read().await?;
    let fingerprint = tx.casework_fingerprint(la_id).await?;
    let requests = tx.request_dates(la_id).await?;
    let starts = tx.plan_starts(la_id).await?;
    let reviews = tx.review_dates(la_id).await?;
    let ceased = tx.ceased_plans(la_id).await?;
    tx.commit().await?;
    // The final plan issued on each request: the first plan made on it.
    let mut issued: HashMap<i64, NaiveDate> = HashMap::with_capacity(starts.len());
    for s in &starts {
        issued
            .entry(s.request_id)
            .and_modify(|on| *on = (*on).min(s.start_on))
            .or_insert(s.start_on);
    }
    let requests: Vec<RequestFacts> = requests
        .iter()
        .map(|r| facts(r, issued.get(&r.request_id).copied()))
        .collect();
    let reviews: Vec<ReviewFacts> = reviews
        .iter()
        .map(|r| ReviewFacts {
            meeting_on: r.meeting_on,
            decision_on: r.decision_on,
        })
        .collect();
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
    let dashboard = Arc::new(compute(year, la, &requests, &reviews, &ceased)?);
    *kept = Some((fingerprint, Arc::clone(&dashboard)));
    Ok(dashboard)
}

fn compute(
    year: i32,
    la: u16,
    requests: &[RequestFacts],
    reviews: &[ReviewFacts],
    ceased: &[CeasedPlan],
) -> Result<EhcDashboard> {
    let tables = crate::councils::dfe_tables()?;
    let latest_activity = requests
        .iter()
        .map(|r| r.received_on)
        .chain(reviews.iter().map(|r| r.meeting_on))
        .max()
        .map_or(*PUBLISHED_YEARS.end(), |d| chrono::Datelike::year(&d));
    let last = latest_activity.clamp(*PUBLISHED_YEARS.end(), *PUBLISHED_YEARS.end() + 5);
    let years = (*PUBLISHED_YEARS.start()..=last)
        .map(|y| YearFigures {
            year: y,
            council: measures::measures(Period::Year(y), requests, reviews, ceased),
            published: published_year(tables, y, Some(la)),
            england: published_year(tables, y, None),
        })
        .collect();
    Ok(EhcDashboard {
        year,
        council: measures::measures(Period::Year(year), requests, reviews, ceased),
        months: measures::by_month(year, requests, reviews, ceased),
        published: published_year(tables, year, Some(la)),
        england: published_year(tables, year, None),
        years,
    })
}

fn facts(t: &RequestDates, final_issued: Option<NaiveDate>) -> RequestFacts {
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
        final_issued,
        week20_exception: t.week20_exception,
    }
}

/// The published figures for a calendar year: the DfE reports activity in year Y in the SEN2
/// collection of January Y+1 (see the DfE data README, "Year convention").
fn published_year(tables: &synth::DfeTables, year: i32, la: Option<u16>) -> Option<PublishedYear> {
    let collection = year + 1;
    let value = |column: &str| tables.published(collection, la, column);
    let sum = |a: &str, b: &str| Some(value(a)? + value(b)?);
    let decisions_within_6_weeks = Published {
        percent: ENGLAND_DECISIONS_WITHIN_6_WEEKS
            .iter()
            .find(|(y, _)| la.is_none() && *y == year)
            .map(|(_, p)| *p),
        ..Published::default()
    };
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
        decisions_within_6_weeks,
        requests_refused: Published::from_counts(
            value("requests_refused"),
            sum("requests_refused", "requests_decided_to_assess"),
        ),
        assessments_without_plan: Published::from_counts(
            value("assessments_plan_not_issued"),
            sum("assessments_plan_not_issued", "assessments_plan_issued"),
        ),
        review_decisions_within_4_weeks: Published {
            percent: value("ar_pct_decision_within_4wk"),
            ..Published::from_counts(
                value("ar_decision_within_4wk"),
                sum("ar_decision_within_4wk", "ar_decision_after_4wk"),
            )
        },
        requests_received: value("requests_received"),
        ceased_total: value("ceased_plans_total"),
    })
}

/// Computed dashboards kept between requests, by database, council and year, each with the
/// casework fingerprint it was computed at.
mod cache {
    use super::{Arc, CaseworkFingerprint, EhcDashboard, HashMap, LazyLock, Mutex};

    /// At most this many dashboards are kept; past it, the store starts afresh.
    const CAPACITY: usize = 512;

    type Key = (String, i64, i32);
    /// One dashboard as computed, or nothing yet; its lock is held while it is computed.
    pub(super) type Slot = tokio::sync::Mutex<Option<(CaseworkFingerprint, Arc<EhcDashboard>)>>;

    static KEPT: LazyLock<Mutex<HashMap<Key, Arc<Slot>>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));

    /// The slot for a dashboard, made empty the first time it is asked for.
    pub(super) fn slot(key: Key) -> Arc<Slot> {
        // A poisoned lock only means another request panicked while holding it: the map is
        // still whole, and at worst a dashboard is computed again.
        let mut kept = KEPT
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.len() >= CAPACITY && !kept.contains_key(&key) {
            kept.clear();
        }
        Arc::clone(kept.entry(key).or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_shares_are_worked_out_from_the_counts() {
        let p = Published::from_counts(Some(1.0), Some(3.0));
        assert_eq!(p.percent, Some(33.3));
        assert_eq!(Published::from_counts(None, Some(3.0)).percent, None);
        assert_eq!(Published::from_counts(Some(4.0), Some(3.0)).percent, None);
        assert_eq!(Published::from_counts(Some(0.5), Some(3.0)).percent, None);
    }

    #[test]
    fn englands_2024_figures_are_the_published_ones() {
        let tables = crate::councils::dfe_tables().unwrap();
        let england = published_year(tables, 2024, None).unwrap();
        assert_eq!(england.within_20_weeks_excl_exceptions.percent, Some(46.4));
        assert_eq!(england.review_decisions_within_4_weeks.percent, Some(44.4));
        assert_eq!(
            england.review_decisions_within_4_weeks.numerator,
            Some(154_924.0)
        );
        assert_eq!(england.decisions_within_6_weeks.percent, Some(84.8));
        assert_eq!(england.requests_refused.numerator, Some(38_889.0));
        assert!(england.requests_refused.percent.is_some());
        assert!(england.assessments_without_plan.percent.is_some());
        assert!(england.ceased_total.is_some());
        let earlier = published_year(tables, 2019, None).unwrap();
        assert_eq!(earlier.review_decisions_within_4_weeks.percent, None);
        assert_eq!(earlier.decisions_within_6_weeks.percent, None);
    }
}
