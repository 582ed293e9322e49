use std::collections::BTreeMap;

use chrono::Days;
use proptest::prelude::*;

use super::*;
use crate::codes::assert_code_set;
use crate::high_needs::commitment::days_in_year;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// £12,345.67 a year.
const ANNUAL: Pence = Pence(1_234_567);

fn funding(starts: &str, ends: &str, leaving: Option<&str>) -> Funding {
    Funding {
        annual: ANNUAL,
        starts_on: d(starts),
        ends_on: d(ends),
        leaving_on: leaving.map(d),
    }
}

/// Each payment as `(label, from, to, days, pence)`.
fn rows(payments: &[Payment]) -> Vec<(&str, String, String, i64, i64)> {
    payments
        .iter()
        .map(|p| {
            (
                p.period.label.as_str(),
                p.funded_from.to_string(),
                p.funded_to.to_string(),
                p.days,
                p.amount.get(),
            )
        })
        .collect()
}

fn total(payments: &[Payment]) -> Pence {
    payments.iter().map(|p| p.amount).sum()
}

#[test]
fn the_frequencies_are_a_code_set() {
    assert_code_set(
        &PaymentFrequency::ALL,
        PaymentFrequency::code,
        PaymentFrequency::label,
    );
}

#[test]
fn terms_and_months_are_named_and_bounded() {
    let terms = periods_between(PaymentFrequency::Termly, d("2026-09-01"), d("2027-08-31"));
    let shown: Vec<(&str, String, String)> = terms
        .iter()
        .map(|p| {
            (
                p.label.as_str(),
                p.starts_on.to_string(),
                p.ends_on.to_string(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("Autumn term 2026", "2026-09-01".into(), "2026-12-31".into()),
            ("Spring term 2027", "2027-01-01".into(), "2027-03-31".into()),
            ("Summer term 2027", "2027-04-01".into(), "2027-08-31".into()),
        ]
    );
    let months = periods_between(PaymentFrequency::Monthly, d("2026-09-30"), d("2027-02-01"));
    let labels: Vec<&str> = months.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "September 2026",
            "October 2026",
            "November 2026",
            "December 2026",
            "January 2027",
            "February 2027"
        ]
    );
    assert_eq!(months[5].ends_on, d("2027-02-28"));
    assert_eq!(
        periods_between(PaymentFrequency::Monthly, d("2028-02-10"), d("2028-02-10"))[0].ends_on,
        d("2028-02-29")
    );
    assert!(periods_between(PaymentFrequency::Termly, d("2027-01-02"), d("2027-01-01")).is_empty());
}

#[test]
fn a_full_financial_year_pays_the_annual_amount_termly() {
    // 2026-27 has 365 days: summer 153 (April to August), autumn 122, spring 90.
    // 1,234,567 × 153 ÷ 365 = 517,502.86 → 517,503.
    // 1,234,567 × 275 ÷ 365 = 930,152.51 → 930,153; less 517,503 is 412,650.
    // The whole year is 1,234,567; less 930,153 is 304,414.
    let payments = schedule(
        &funding("2026-04-01", "2027-03-31", None),
        PaymentFrequency::Termly,
    );
    assert_eq!(
        rows(&payments),
        [
            (
                "Summer term 2026",
                "2026-04-01".into(),
                "2026-08-31".into(),
                153,
                517_503
            ),
            (
                "Autumn term 2026",
                "2026-09-01".into(),
                "2026-12-31".into(),
                122,
                412_650
            ),
            (
                "Spring term 2027",
                "2027-01-01".into(),
                "2027-03-31".into(),
                90,
                304_414
            ),
        ]
    );
    assert_eq!(total(&payments), ANNUAL);
}

#[test]
fn a_full_financial_year_pays_the_annual_amount_monthly() {
    let payments = schedule(
        &funding("2026-04-01", "2027-03-31", None),
        PaymentFrequency::Monthly,
    );
    assert_eq!(payments.len(), 12);
    assert_eq!(total(&payments), ANNUAL);
    // April: 1,234,567 × 30 ÷ 365 = 101,471.26 → 101,471.
    assert_eq!(payments[0].period.label, "April 2026");
    assert_eq!(payments[0].amount, Pence(101_471));
    assert_eq!(payments[11].period.label, "March 2027");
    assert_eq!(payments.iter().map(|p| p.days).sum::<i64>(), 365);
}

#[test]
fn an_award_starting_mid_month_pays_from_its_start() {
    // From 15 September: 16 days of September, 1,234,567 × 16 ÷ 365 = 54,117.75 → 54,118.
    // October to date is 47 days: 1,234,567 × 47 ÷ 365 = 158,971.98 → 158,972, less 54,118.
    let payments = schedule(
        &funding("2026-09-15", "2027-08-31", None),
        PaymentFrequency::Monthly,
    );
    assert_eq!(
        rows(&payments[..2]),
        [
            (
                "September 2026",
                "2026-09-15".into(),
                "2026-09-30".into(),
                16,
                54_118
            ),
            (
                "October 2026",
                "2026-10-01".into(),
                "2026-10-31".into(),
                31,
                104_854
            ),
        ]
    );
    assert_eq!(payments.len(), 12);
    assert_eq!(payments.last().unwrap().period.label, "August 2027");
}

#[test]
fn a_leap_year_pays_29_february() {
    // 2027-28 holds 29 February 2028, so it has 366 days: £36,600 a year is £100 a day.
    let year = Funding {
        annual: Pence::from_pounds(36_600),
        starts_on: d("2027-04-01"),
        ends_on: d("2028-03-31"),
        leaving_on: None,
    };
    let monthly = schedule(&year, PaymentFrequency::Monthly);
    let february = &monthly[10];
    assert_eq!(february.period.label, "February 2028");
    assert_eq!(february.funded_to, d("2028-02-29"));
    assert_eq!(february.days, 29);
    assert_eq!(february.amount, Pence::from_pounds(2_900));
    assert_eq!(total(&monthly), Pence::from_pounds(36_600));
    let termly = schedule(&year, PaymentFrequency::Termly);
    assert_eq!(termly[2].period.label, "Spring term 2028");
    assert_eq!(termly[2].days, 91);
    assert_eq!(termly[2].amount, Pence::from_pounds(9_100));
}

#[test]
fn nothing_is_paid_when_the_award_ends_before_it_starts() {
    let backwards = funding("2026-09-01", "2026-08-31", None);
    assert!(schedule(&backwards, PaymentFrequency::Termly).is_empty());
    assert!(schedule(&backwards, PaymentFrequency::Monthly).is_empty());
    assert_eq!(backwards.funded_days(), 0);
    // Leaving before the award starts pays nothing either.
    let left = funding("2026-09-01", "2027-08-31", Some("2026-07-20"));
    assert!(schedule(&left, PaymentFrequency::Termly).is_empty());
    // One day is one payment.
    let one = funding("2026-09-01", "2026-09-01", None);
    assert_eq!(schedule(&one, PaymentFrequency::Monthly)[0].days, 1);
}

#[test]
fn a_pupil_who_leaves_mid_term_is_paid_to_the_leaving_date() {
    // £12,345.67 a year from 1 September 2026 to 31 August 2027; the pupil's last day is
    // 12 February 2027. Both terms lie in 2026-27 (365 days).
    // Autumn: 1 September to 31 December, 122 days: 1,234,567 × 122 ÷ 365 = 412,649.79
    //   → £4,126.50.
    // Spring: 1 January to 12 February, 31 + 12 = 43 days. To date 122 + 43 = 165 days:
    //   1,234,567 × 165 ÷ 365 = 558,091.93 → 558,092; less 412,650 is £1,454.42 (the same as
    //   43 days alone, 1,234,567 × 43 ÷ 365 = 145,442.13 → 145,442).
    // No summer payment.
    let left = funding("2026-09-01", "2027-08-31", Some("2027-02-12"));
    assert_eq!(left.last_day(), d("2027-02-12"));
    let payments = schedule(&left, PaymentFrequency::Termly);
    assert_eq!(
        rows(&payments),
        [
            (
                "Autumn term 2026",
                "2026-09-01".into(),
                "2026-12-31".into(),
                122,
                412_650
            ),
            (
                "Spring term 2027",
                "2027-01-01".into(),
                "2027-02-12".into(),
                43,
                145_442
            ),
        ]
    );
    assert_eq!(payments[1].amount.to_string(), "£1,454.42");
    // Monthly, the last payment is 1 to 12 February: 153 days to date → 517,503, less 141 days
    // to January's end (1,234,567 × 141 ÷ 365 = 476,914.07 → 476,914) is 40,589.
    let monthly = schedule(&left, PaymentFrequency::Monthly);
    let last = monthly.last().unwrap();
    assert_eq!(
        (
            last.period.label.as_str(),
            last.funded_to,
            last.days,
            last.amount
        ),
        ("February 2027", d("2027-02-12"), 12, Pence(40_589))
    );
    // Both schedules pay the same for the year.
    assert_eq!(total(&monthly), total(&payments));
    // A leaving date after the end date changes nothing.
    let stays = funding("2026-09-01", "2027-08-31", Some("2027-12-01"));
    assert_eq!(stays.last_day(), d("2027-08-31"));
}

#[test]
fn an_award_across_two_financial_years_rounds_each_year_on_its_own() {
    // The summer term 2027 lies in 2027-28, which has 366 days:
    // 1,234,567 × 153 ÷ 366 = 516,088.89 → 516,089.
    let payments = schedule(
        &funding("2026-09-01", "2027-08-31", None),
        PaymentFrequency::Termly,
    );
    let amounts: Vec<i64> = payments.iter().map(|p| p.amount.get()).collect();
    assert_eq!(amounts, [412_650, 304_414, 516_089]);
    assert_eq!(payments[2].financial_year(), FinancialYear::new(2027));
}

/// A random award: start, length (negative for one that ends before it starts), leaving date.
fn fundings() -> impl Strategy<Value = Funding> {
    (
        0u64..4000,
        -30i64..1500,
        proptest::option::of(-60i64..1600),
        0i64..50_000_000_000,
    )
        .prop_map(|(start, length, leaving, annual)| {
            let starts_on = d("2015-01-01") + Days::new(start);
            let shift = |n: i64| {
                if n >= 0 {
                    starts_on + Days::new(n.unsigned_abs())
                } else {
                    starts_on - Days::new(n.unsigned_abs())
                }
            };
            Funding {
                annual: Pence(annual),
                starts_on,
                ends_on: shift(length),
                leaving_on: leaving.map(shift),
            }
        })
}

fn frequencies() -> impl Strategy<Value = PaymentFrequency> {
    prop::sample::select(PaymentFrequency::ALL.to_vec())
}

/// Payments added up by financial year.
fn by_year(payments: &[Payment]) -> BTreeMap<FinancialYear, Pence> {
    let mut years = BTreeMap::new();
    for p in payments {
        *years.entry(p.financial_year()).or_insert(Pence::ZERO) += p.amount;
    }
    years
}

proptest! {
    #[test]
    fn periods_follow_each_other_and_cover_the_dates(
        frequency in frequencies(),
        start in 0u64..4000,
        length in 0u64..1000,
    ) {
        let from = d("2015-01-01") + Days::new(start);
        let to = from + Days::new(length);
        let periods = periods_between(frequency, from, to);
        prop_assert!(periods[0].starts_on <= from && from <= periods[0].ends_on);
        let last = periods.last().unwrap();
        prop_assert!(last.starts_on <= to && to <= last.ends_on);
        for pair in periods.windows(2) {
            prop_assert_eq!(pair[0].ends_on.succ_opt(), Some(pair[1].starts_on));
        }
        for p in &periods {
            prop_assert_eq!(p.financial_year(), FinancialYear::containing(p.ends_on));
            prop_assert!(p.days() >= 28);
        }
    }

    #[test]
    fn days_sum_to_the_funded_days_and_stay_inside_the_award(
        f in fundings(),
        frequency in frequencies(),
    ) {
        let payments = schedule(&f, frequency);
        prop_assert_eq!(payments.iter().map(|p| p.days).sum::<i64>(), f.funded_days());
        for p in &payments {
            prop_assert!(f.starts_on <= p.funded_from);
            prop_assert!(p.funded_from <= p.funded_to);
            prop_assert!(p.funded_to <= f.last_day());
            prop_assert!(p.period.starts_on <= p.funded_from && p.funded_to <= p.period.ends_on);
            prop_assert_eq!(p.days, (p.funded_to - p.funded_from).num_days() + 1);
            prop_assert!(!p.amount.is_negative(), "{:?}", p);
        }
        for pair in payments.windows(2) {
            prop_assert_eq!(pair[0].funded_to.succ_opt(), Some(pair[1].funded_from));
        }
    }

    #[test]
    fn a_years_payments_are_its_pro_rata_share(f in fundings(), frequency in frequencies()) {
        let payments = schedule(&f, frequency);
        for (year, paid) in by_year(&payments) {
            let days = days_placed_in_year(f.starts_on, Some(f.last_day()), year);
            let n = days_in_year(year);
            // Within 1p of annual × days ÷ days in the year (in fact within half a penny).
            let error = i128::from(paid.get()) * i128::from(n)
                - i128::from(f.annual.get()) * i128::from(days);
            prop_assert!(error.abs() <= i128::from(n), "{} in {}: off by {}/{}", paid, year, error, n);
            // And exactly what committed cost counts for the year.
            prop_assert_eq!(paid, pro_rata_to_year(f.annual, days, year));
            if days == n {
                prop_assert_eq!(paid, f.annual);
            }
        }
    }

    #[test]
    fn termly_and_monthly_pay_the_same_each_year(f in fundings()) {
        let termly = by_year(&schedule(&f, PaymentFrequency::Termly));
        let monthly = by_year(&schedule(&f, PaymentFrequency::Monthly));
        prop_assert_eq!(termly, monthly);
    }
}
