//! The DfE's measures of EHC needs assessments, plans and reviews, worked out from a council's
//! own records, as pure functions.
//!
//! These are the measures of the DfE's "Education, health and care plans" statistics, built
//! from the SEN2 return (see the data README, section 1, `la_ehcp_timeseries.csv`), so that a
//! council can see during the year the figures the DfE will publish after it. Each measure of
//! [`EhcMeasures`] says which date places a case in a [`Period`], which cases make its
//! denominator and which its numerator, and cites the regulation that sets its limit.
//!
//! # Which date places a case in a period
//! Each case is placed by exactly one date, so the twelve months of a year add up to the year:
//!
//! | measure | placed by |
//! |---|---|
//! | requests received | the day the request was received |
//! | decisions within 6 weeks, refusals | the day the decision whether to assess was notified |
//! | assessments not leading to a plan | the day the assessment outcome was notified |
//! | plans within 20 weeks | the day the final plan was issued |
//! | review decisions within 4 weeks | the day of the review meeting |
//! | plans ceased | the day the plan ceased |
//!
//! So a plan issued in January 2024 on a request of November 2023 counts in 2024, the year it
//! was issued, as in the DfE's `plans_issued_incl_exc` ("EHC plans issued in `activity_year`").
//!
//! # Counting days
//! A limit of `n` weeks is met when the later date less the earlier is at most `7n` days: a plan
//! issued 140 days after the request is within 20 weeks, one issued after 141 days is not
//! ([`clock::within_20_weeks`]). The measures do not check the order of dates; a date before the
//! one it counts from is within any limit. Check a case with [`clock::CaseEvents::validate`]
//! before relying on its measures.
//!
//! # Year convention
//! The DfE labels its statistics by the January collection: the row `year = 2025` holds the
//! activity of calendar year 2024, `Period::Year(2024)` here ([`Period::sen2_activity_year`]).

mod facts;
mod period;

#[cfg(test)]
mod cases;
#[cfg(test)]
mod props;

use chrono::NaiveDate;

use crate::CeaseReason;
use crate::clock::{self, AssessDecision, IssueDecision};

pub use facts::{CeasedPlan, RequestFacts, ReviewFacts};
pub use period::{Period, Ratio};

/// Days in the 6-week limit to decide whether to assess (SEND Regulations 2014 reg 4 and
/// reg 5(1)).
const DECISION_LIMIT_DAYS: i64 = 6 * 7;

/// Days in the 4-week limit to notify the decision after an annual review meeting (SEND
/// Regulations 2014 reg 20(10)).
const REVIEW_DECISION_LIMIT_DAYS: i64 = 4 * 7;

/// The DfE's EHC measures for one period.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EhcMeasures {
    /// Initial requests for an EHC needs assessment received in the period.
    ///
    /// DfE: `requests_received`, "initial requests for an EHC needs assessment received during
    /// `activity_year`" (SEN2 module 2, `ReceivedDate`).
    pub requests_received: u64,

    /// Decisions whether to assess made within 6 weeks of the request.
    ///
    /// Denominator: requests whose decision whether to assess (to assess or to refuse) was
    /// notified in the period. Numerator: of those, the decisions notified at most 42 days
    /// after the request was received. The limit is SEND Regulations 2014 reg 4 and reg 5(1):
    /// the local authority must notify its decision within 6 weeks of the request. The DfE
    /// publishes this share without separating exceptions (84.8% in 2024), and the SEN2
    /// `Week20` flag concerns the 20-week limit only, so every decision is counted here.
    pub decisions_within_6_weeks: Ratio,

    /// Requests the local authority refused to assess.
    ///
    /// Denominator: requests whose decision whether to assess was notified in the period.
    /// Numerator: of those, the refusals. DfE: `requests_refused` ("requests where the LA
    /// decided not to assess") over `requests_refused + requests_decided_to_assess`
    /// (SEN2 `RequestOutcome` N and Y). Requests still awaiting a decision, or withdrawn
    /// before one, are in neither.
    pub requests_refused: Ratio,

    /// Completed assessments that did not lead to a plan.
    ///
    /// Denominator: assessments whose outcome (to issue a plan or not) was notified in the
    /// period. Numerator: of those, the decisions not to issue a plan. DfE:
    /// `assessments_plan_not_issued` over `assessments_plan_issued +
    /// assessments_plan_not_issued` (SEN2 `AssessmentOutcome` N and Y). The limit for notifying
    /// a decision not to issue is 16 weeks from the request (SEND Regulations 2014 reg 10(1)).
    pub assessments_without_plan: Ratio,

    /// EHC plans issued within 20 weeks, including exceptions.
    ///
    /// Denominator: final EHC plans issued in the period, on initial requests, whatever the
    /// request date. Numerator: of those, the plans issued at most 140 days after the request
    /// ([`clock::within_20_weeks`]). DfE: `plans_issued_within_20wk_incl_exc` over
    /// `plans_issued_incl_exc`. The limit is SEND Regulations 2014 reg 13(2).
    pub within_20_weeks_incl_exceptions: Ratio,

    /// EHC plans issued within 20 weeks, excluding exceptions: the DfE's headline timeliness
    /// measure (46.4% in 2024).
    ///
    /// As [`EhcMeasures::within_20_weeks_incl_exceptions`], leaving out of both numerator and
    /// denominator the plans whose request has `week20_exception` set (SEN2 `Week20` = 1: an
    /// exception of reg 10(4), applied to the 20-week limit by reg 13(3)). DfE:
    /// `plans_issued_within_20wk_excl_exc` over `plans_issued_excl_exc`. When every plan in
    /// the period was an exception the denominator is 0 and the percentage is blank, as the
    /// DfE publishes it.
    pub within_20_weeks_excl_exceptions: Ratio,

    /// Annual review meetings held in the period, whether or not the decision after them has
    /// been notified yet (DfE: `ar_review_meeting_held`, for the reviews in these records).
    pub review_meetings_held: u64,

    /// Decisions after an annual review notified within 4 weeks of the meeting.
    ///
    /// Denominator: reviews whose meeting was held in the period and whose decision (maintain,
    /// amend or cease) has been notified, on any day. Numerator: of those, the decisions
    /// notified at most 28 days after the meeting. Reviews still awaiting a decision are in
    /// [`EhcMeasures::review_meetings_held`] only. This follows the DfE's `ar_*` definitions:
    /// the published share is `ar_decision_within_4wk` ("reviews where the LA told the family
    /// its decision within 4 weeks of the meeting") over `ar_decision_within_4wk +
    /// ar_decision_after_4wk`, the decisions made (154,924 of 348,759, 44.4%, in 2024), not
    /// over the meetings held (453,761). The DfE takes each plan's latest review meeting on the
    /// January census; here each review is placed by its own meeting date. The limit is SEND
    /// Regulations 2014 reg 20(10).
    pub review_decisions_within_4_weeks: Ratio,

    /// EHC plans that ceased in the period, by SEN2 `CeaseReason`.
    ///
    /// DfE: `ceased_plans_total`, "EHC plans that ceased during `activity_year`, for any
    /// reason (person-level definition)", SEN2 module 4a `CeaseDate` and `CeaseReason`
    /// (Children and Families Act 2014 s.45; SEND Regulations 2014 regs 29 to 31).
    pub ceased: CeasedByReason,
}

/// Counts of ceased plans for each SEN2 `CeaseReason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CeasedByReason {
    /// Indexed by the reason's place in [`CeaseReason::ALL`].
    counts: [u64; CeaseReason::ALL.len()],
}

impl CeasedByReason {
    /// Plans ceased for `reason`.
    #[must_use]
    pub const fn get(&self, reason: CeaseReason) -> u64 {
        self.counts[reason as usize]
    }

    /// Plans ceased for any reason (the DfE's `ceased_plans_total`).
    #[must_use]
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Each reason with its count, in the order of the code set, zeros included.
    pub fn iter(&self) -> impl Iterator<Item = (CeaseReason, u64)> + '_ {
        CeaseReason::ALL
            .into_iter()
            .zip(self.counts.iter().copied())
    }

    /// Counts one more plan ceased for `reason`.
    const fn add(&mut self, reason: CeaseReason) {
        self.counts[reason as usize] += 1;
    }
}

/// The DfE's EHC measures for `period`, from a council's requests, annual reviews and ceased
/// plans. See [`EhcMeasures`] for the definition of each measure and the module documentation
/// for the date that places each case in the period.
#[must_use]
pub fn measures(
    period: Period,
    requests: &[RequestFacts],
    reviews: &[ReviewFacts],
    ceased: &[CeasedPlan],
) -> EhcMeasures {
    let mut m = EhcMeasures::default();
    for request in requests {
        if period.contains(request.received_on) {
            m.requests_received += 1;
        }
        if let Some((decided_on, decision)) = request.decision
            && period.contains(decided_on)
        {
            m.decisions_within_6_weeks
                .count(days_between(request.received_on, decided_on) <= DECISION_LIMIT_DAYS);
            m.requests_refused.count(decision == AssessDecision::Refuse);
        }
        if let Some((outcome_on, outcome)) = request.assessment_outcome
            && period.contains(outcome_on)
        {
            m.assessments_without_plan
                .count(outcome == IssueDecision::NoPlan);
        }
        if let Some(issued) = request.final_issued
            && period.contains(issued)
        {
            let in_time = clock::within_20_weeks(request.received_on, issued);
            m.within_20_weeks_incl_exceptions.count(in_time);
            if !request.week20_exception {
                m.within_20_weeks_excl_exceptions.count(in_time);
            }
        }
    }
    for review in reviews.iter().filter(|r| period.contains(r.meeting_on)) {
        m.review_meetings_held += 1;
        if let Some(decided_on) = review.decision_on {
            m.review_decisions_within_4_weeks
                .count(days_between(review.meeting_on, decided_on) <= REVIEW_DECISION_LIMIT_DAYS);
        }
    }
    for plan in ceased.iter().filter(|c| period.contains(c.ceased_on)) {
        m.ceased.add(plan.reason);
    }
    m
}

/// The measures for each month of `year`, January first: a council's monthly dashboard of the
/// figures the DfE will publish for the year. Every count and every numerator and denominator
/// of the twelve months adds up to those of [`measures`] for `Period::Year(year)`.
#[must_use]
pub fn by_month(
    year: i32,
    requests: &[RequestFacts],
    reviews: &[ReviewFacts],
    ceased: &[CeasedPlan],
) -> Vec<(Period, EhcMeasures)> {
    Period::months_of(year)
        .into_iter()
        .map(|month| (month, measures(month, requests, reviews, ceased)))
        .collect()
}

/// Calendar days from `from` to `to`: negative when `to` is earlier.
fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}
