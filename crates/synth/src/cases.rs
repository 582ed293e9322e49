//! The pieces of casework history: request and plan records before they are numbered, the
//! yearly counts they are made to, and the distributions their details are drawn from.

use chrono::NaiveDate;
use domain::{AssessmentOutcome, CeaseReason, RequestOutcome, SenType};
use rand::RngExt;

use crate::calendar::{add_days, between, birth_range_for_age, dec31, jan1, years_after};
use crate::calibration::{ACTIVITY_YEARS, Calibration};

/// 20 weeks, in days (SEND Regulations 2014 reg. 13(2)).
pub const TWENTY_WEEKS: i64 = 140;

/// A request and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSpec {
    pub received_on: NaiveDate,
    pub source: &'static str,
    pub outcome: RequestOutcome,
    pub outcome_on: NaiveDate,
    pub assessment_outcome: Option<AssessmentOutcome>,
    pub assessment_outcome_on: Option<NaiveDate>,
    pub week20_exception: bool,
}

/// A plan's dates.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSpec {
    pub start_on: NaiveDate,
    pub cease: Option<(NaiveDate, CeaseReason)>,
}

/// Who a case belongs to.
#[derive(Debug, Clone, PartialEq)]
pub enum Who {
    /// A child with an active plan: index into the profiles.
    Active(usize),
    /// A child with no active plan at the census.
    New {
        birth_date: NaiveDate,
        need: Option<SenType>,
    },
}

/// One request, with the plan it led to if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub who: Who,
    pub request: RequestSpec,
    pub plan: Option<PlanSpec>,
}

/// The scaled whole-number flows of one year.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub requests: u32,
    pub refused: u32,
    pub issued: u32,
    pub exceptions: u32,
    pub within_excl: u32,
    pub within_exc: u32,
    pub not_issued: u32,
    pub ceased: u32,
}

pub(crate) fn round(x: f64) -> u32 {
    if x.is_finite() && x > 0.0 {
        x.round() as u32
    } else {
        0
    }
}

/// The calibrated flows of each activity year scaled to `plans`.
pub fn counts(cal: &Calibration, plans: u32) -> Vec<(i32, Counts)> {
    let k = if cal.active_plans > 0 {
        f64::from(plans) / f64::from(cal.active_plans)
    } else {
        0.0
    };
    cal.flows
        .iter()
        .map(|f| {
            let issued = round(k * f.plans_issued_incl_exc);
            let excl = round(k * f.plans_issued_excl_exc).min(issued);
            let exceptions = issued - excl;
            let rate = f.within_20wk_rate_excl_exc().unwrap_or(0.0).clamp(0.0, 1.0);
            let exc_plans = f.plans_issued_incl_exc - f.plans_issued_excl_exc;
            let exc_rate = if exc_plans > 0.0 {
                ((f.within_20wk_incl_exc - f.within_20wk_excl_exc) / exc_plans).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let c = Counts {
                requests: round(k * f.requests_received),
                refused: round(k * f.requests_refused),
                issued,
                exceptions,
                within_excl: round(f64::from(excl) * rate).min(excl),
                within_exc: round(f64::from(exceptions) * exc_rate).min(exceptions),
                not_issued: round(k * f.assessed_plan_not_issued),
                ceased: round(k * f.ceased),
            };
            (f.activity_year, c)
        })
        .collect()
}

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// EHC plans replaced statements from 1 September 2014 (Children and Families Act 2014 Part 3).
pub(crate) fn first_plan_date() -> NaiveDate {
    date(2014, 9, 1)
}

pub(crate) fn window_start() -> NaiveDate {
    jan1(ACTIVITY_YEARS[0])
}

pub(crate) fn pre_window_end() -> NaiveDate {
    dec31(ACTIVITY_YEARS[0] - 1)
}

pub(crate) fn weighted<R: rand::Rng + ?Sized>(rng: &mut R, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return 0;
    }
    let mut x = rng.random_range(0.0..total);
    for (i, w) in weights.iter().enumerate() {
        x -= w;
        if x < 0.0 {
            return i;
        }
    }
    weights.len() - 1
}

/// Who made the request: young people over compulsory school age may ask for themselves
/// (Children and Families Act 2014 s.36(1)); otherwise parents most often, then schools.
pub(crate) fn source<R: rand::Rng + ?Sized>(rng: &mut R, age: u32) -> &'static str {
    const SOURCES: [&str; 5] = ["parent", "young_person", "school", "professional", "other"];
    let w: [f64; 5] = if age >= 16 {
        [25.0, 55.0, 10.0, 5.0, 5.0]
    } else {
        [62.0, 0.0, 28.0, 7.0, 3.0]
    };
    SOURCES[weighted(rng, &w)]
}

/// Age at request of children who are refused or not issued a plan: mostly early years and
/// primary, fewer after 16.
pub(crate) fn request_age<R: rand::Rng + ?Sized>(rng: &mut R) -> u32 {
    const W: [f64; 24] = [
        0.3, 1.0, 1.6, 2.0, 2.0, 1.9, 1.8, 1.7, 1.6, 1.6, 1.5, 1.3, 1.2, 1.1, 1.0, 0.6, 0.5, 0.3,
        0.2, 0.1, 0.1, 0.1, 0.1, 0.1,
    ];
    weighted(rng, &W) as u32 + 1
}

pub(crate) fn birth_for_age_on<R: rand::Rng + ?Sized>(
    rng: &mut R,
    on: NaiveDate,
    age: u32,
) -> NaiveDate {
    let (lo, hi) = birth_range_for_age(on, age);
    between(rng, lo, hi)
}

/// The date the LA decided whether to assess: usually within 6 weeks, sometimes late, and
/// never after `limit`.
pub(crate) fn decision_date<R: rand::Rng + ?Sized>(
    rng: &mut R,
    received: NaiveDate,
    limit: NaiveDate,
) -> NaiveDate {
    let days = if rng.random_bool(0.85) {
        rng.random_range(21..=42)
    } else {
        rng.random_range(43..=75)
    };
    add_days(received, days).min(limit).max(received)
}

/// Days from the request to the final plan: 12 to 20 weeks when on time; when late, 20 weeks
/// and a long tail (a mean of 10 weeks more, at most about a year in all), as councils with a
/// backlog see.
pub(crate) fn days_to_final<R: rand::Rng + ?Sized>(rng: &mut R, within: bool) -> i64 {
    if within {
        rng.random_range(84..=TWENTY_WEEKS)
    } else {
        let extra: f64 = -70.0 * (1.0 - rng.random_range(0.0..1.0f64)).ln();
        TWENTY_WEEKS + 1 + extra.min(220.0) as i64
    }
}

pub(crate) fn cease_reason_and_age<R: rand::Rng + ?Sized>(rng: &mut R) -> (CeaseReason, u32) {
    use CeaseReason as C;
    // Older young people mostly leave for work, study or by choice, or reach 25; younger
    // children's plans end because needs are met or the family moves.
    const REASONS: [(C, f64); 9] = [
        (C::MaximumAge, 8.0),
        (C::NeedsMetWithoutPlan, 18.0),
        (C::HigherEducation, 9.0),
        (C::PaidEmployment, 9.0),
        (C::TransferredToAnotherLa, 22.0),
        (C::NoLongerWishesToEngage, 17.0),
        (C::MovedOutsideEngland, 4.0),
        (C::Deceased, 1.0),
        (C::Other, 12.0),
    ];
    let weights: Vec<f64> = REASONS.iter().map(|r| r.1).collect();
    let reason = REASONS[weighted(rng, &weights)].0;
    let age = match reason {
        C::MaximumAge => 25,
        C::HigherEducation => rng.random_range(18..=21),
        C::PaidEmployment | C::NoLongerWishesToEngage => rng.random_range(17..=24),
        C::NeedsMetWithoutPlan => rng.random_range(4..=18),
        C::TransferredToAnotherLa | C::MovedOutsideEngland => rng.random_range(3..=19),
        C::Deceased => rng.random_range(2..=24),
        C::Other => rng.random_range(5..=24),
    };
    (reason, age)
}

/// How likely a plan that ceased for `reason` began in the window rather than before it.
pub(crate) fn window_share(reason: CeaseReason) -> f64 {
    match reason {
        CeaseReason::MaximumAge => 0.02,
        CeaseReason::HigherEducation
        | CeaseReason::PaidEmployment
        | CeaseReason::NoLongerWishesToEngage => 0.2,
        CeaseReason::NeedsMetWithoutPlan => 0.5,
        CeaseReason::TransferredToAnotherLa | CeaseReason::MovedOutsideEngland => 0.45,
        CeaseReason::Deceased => 0.3,
        CeaseReason::Other => 0.35,
    }
}

/// The range of dates a plan could be issued in `year` for a child born `birth`: not before the
/// first birthday, not after `limit`.
pub(crate) fn issue_range(
    year: i32,
    birth: NaiveDate,
    limit: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    let lo = jan1(year).max(years_after(birth, 1));
    let hi = dec31(year).min(limit);
    (lo <= hi).then_some((lo, hi))
}

/// A pre-window start: from the child's second birthday (and September 2014) to the end of 2019.
pub(crate) fn pre_window_range(
    birth: NaiveDate,
    limit: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    let lo = years_after(birth, 2).max(first_plan_date());
    let hi = pre_window_end().min(limit);
    (lo <= hi).then_some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DfeTables;
    use domain::ids::LaCode;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn counts_scale_the_calibrated_flows() {
        let t = DfeTables::embedded().unwrap();
        let cal = t.calibrate(Some(LaCode::new(801).unwrap())).unwrap();
        let own = counts(&cal, cal.active_plans);
        let (y, c) = own[4];
        assert_eq!(y, 2024);
        assert_eq!(
            (c.requests, c.refused, c.issued, c.not_issued, c.ceased),
            (1605, 271, 684, 49, 351)
        );
        assert_eq!(c.issued - c.exceptions, 678);
        assert_eq!(c.within_excl, 118);
        let half = counts(&cal, cal.active_plans / 2);
        assert!((f64::from(half[4].1.requests) - 802.5).abs() <= 1.0);
    }

    #[test]
    fn young_people_ask_for_themselves_and_children_do_not() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..1000 {
            assert_ne!(source(&mut rng, 10), "young_person");
        }
        let asked: usize = (0..1000)
            .filter(|_| source(&mut rng, 17) == "young_person")
            .count();
        assert!(asked > 400, "{asked}");
    }

    #[test]
    fn cease_reasons_fit_the_age() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        for _ in 0..5000 {
            let (reason, age) = cease_reason_and_age(&mut rng);
            match reason {
                CeaseReason::MaximumAge => assert_eq!(age, 25),
                CeaseReason::HigherEducation
                | CeaseReason::PaidEmployment
                | CeaseReason::NoLongerWishesToEngage => {
                    assert!(age >= 17)
                }
                _ => assert!(age <= 24),
            }
        }
    }

    #[test]
    fn ranges_respect_age_and_the_window() {
        let birth = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
        let limit = NaiveDate::from_ymd_opt(2025, 1, 15).unwrap();
        assert!(
            issue_range(2023, birth, limit).is_none(),
            "no plan before the first birthday"
        );
        let (lo, _) = issue_range(2024, birth, limit).unwrap();
        assert_eq!(lo, NaiveDate::from_ymd_opt(2024, 6, 1).unwrap());
        assert!(pre_window_range(birth, limit).is_none());
        let older = NaiveDate::from_ymd_opt(2010, 3, 1).unwrap();
        let (lo, hi) = pre_window_range(older, limit).unwrap();
        assert_eq!((lo, hi), (first_plan_date(), pre_window_end()));
    }
}
