use chrono::Days;
use proptest::prelude::*;

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn line_of(p: &BudgetPosition, line: BudgetLine) -> LinePosition {
    *p.lines.iter().find(|l| l.line == Some(line)).unwrap()
}

#[test]
fn months_are_numbered_from_april() {
    let year = FinancialYear::new(2026);
    assert_eq!(Month::of(d("2026-04-30")), Month::APRIL);
    assert_eq!(Month::of(d("2027-01-01")).number(), 10);
    assert_eq!(Month::of(d("2027-03-31")), Month::MARCH);
    assert_eq!(Month::new(7).unwrap().first_day(year), d("2026-10-01"));
    assert_eq!(Month::new(11).unwrap().last_day(year), d("2027-02-28"));
    assert_eq!(
        Month::new(11).unwrap().last_day(FinancialYear::new(2027)),
        d("2028-02-29")
    );
    assert_eq!(Month::MARCH.last_day(year), year.end());
    assert_eq!("12".parse::<Month>().unwrap().name(), "March");
    assert!("0".parse::<Month>().is_err());
    assert!(Month::new(13).is_none());
    assert_eq!(Month::all().count(), 12);
}

/// A worked example, every figure by hand.
///
/// 2026-27, actuals to September (month 6): 6 months left, from 1 October 2026 (182 days of
/// the year's 365 remain).
/// - Special schools: budget £500,000; actuals £200,000 + £50,000; an open placement at
///   £36,500 a year commits £36,500 × 182 ÷ 365 = £18,200; one that started 1 May 2026 at
///   £73,000 a year commits £36,400 and is the only start in the window (1 October 2025 to
///   30 September 2026), so new demand is £73,000 × 36 ÷ 288 = £9,125. Outturn £313,725,
///   variance −£186,275.
/// - Transport: budget £10,000, actuals £12,000; outside the high needs totals.
/// - Income: allocation £400,000 and a transfer of £50,000: £450,000 − £313,725 = £136,275.
#[test]
fn outturn_variance_and_position_match_the_hand_sums() {
    let year = FinancialYear::new(2026);
    let special = BudgetLine::TopUpSpecialMaintained;
    let budget = [
        (special, Pence::from_pounds(500_000)),
        (BudgetLine::Transport, Pence::from_pounds(10_000)),
    ];
    let actuals = [
        Actual {
            line: special,
            month: Month::APRIL,
            amount: Pence::from_pounds(200_000),
        },
        Actual {
            line: special,
            month: Month::new(6).unwrap(),
            amount: Pence::from_pounds(50_000),
        },
        Actual {
            line: BudgetLine::Transport,
            month: Month::new(3).unwrap(),
            amount: Pence::from_pounds(12_000),
        },
    ];
    let commitments = [
        Commitment {
            line: special,
            annual: Pence::from_pounds(36_500),
            starts_on: d("2019-09-01"),
            last_day: None,
        },
        Commitment {
            line: special,
            annual: Pence::from_pounds(73_000),
            starts_on: d("2026-05-01"),
            last_day: None,
        },
        // Left in August: nothing remains committed.
        Commitment {
            line: special,
            annual: Pence::from_pounds(99_999),
            starts_on: d("2018-09-01"),
            last_day: Some(d("2026-08-31")),
        },
    ];
    let income = [
        IncomeItem {
            kind: IncomeKind::HighNeedsAllocation,
            description: "Allocation".into(),
            amount: Pence::from_pounds(400_000),
            transfer: None,
        },
        IncomeItem {
            kind: IncomeKind::Other,
            description: "Recoupment".into(),
            amount: Pence::from_pounds(50_000),
            transfer: None,
        },
    ];
    let p = position(&BudgetInputs {
        year,
        budget: &budget,
        actuals: &actuals,
        commitments: &commitments,
        income: &income,
    });
    assert_eq!(p.actuals_through, Month::new(6));
    assert_eq!(p.remaining_from, Some(d("2026-10-01")));
    assert_eq!(p.demand.months_left, 6);
    let s = line_of(&p, special);
    assert_eq!(s.actuals, Pence::from_pounds(250_000));
    assert_eq!(s.committed, Pence::from_pounds(18_200 + 36_400));
    assert_eq!(s.new_demand, Pence::from_pounds(9_125));
    assert_eq!(s.outturn(), Pence::from_pounds(313_725));
    assert_eq!(s.variance(), Pence::from_pounds(-186_275));
    let t = line_of(&p, BudgetLine::Transport);
    assert_eq!(t.variance(), Pence::from_pounds(2_000));
    let total = p.high_needs_total();
    assert_eq!(total.budget, Pence::from_pounds(500_000));
    assert_eq!(total.outturn(), Pence::from_pounds(313_725));
    assert_eq!(p.income, Pence::from_pounds(450_000));
    assert_eq!(p.in_year_position(), Pence::from_pounds(136_275));
}

#[test]
fn with_no_actuals_the_whole_year_is_committed_and_with_march_nothing_is() {
    let year = FinancialYear::new(2026);
    let commitments = [Commitment {
        line: BudgetLine::Post16,
        annual: Pence::from_pounds(12_000),
        starts_on: d("2020-01-01"),
        last_day: None,
    }];
    let inputs = BudgetInputs {
        year,
        budget: &[],
        actuals: &[],
        commitments: &commitments,
        income: &[],
    };
    let p = position(&inputs);
    assert_eq!(p.remaining_from, Some(year.start()));
    assert_eq!(
        line_of(&p, BudgetLine::Post16).committed,
        Pence::from_pounds(12_000)
    );
    assert_eq!(p.in_year_position(), Pence::from_pounds(-12_000));
    let march = [Actual {
        line: BudgetLine::Post16,
        month: Month::MARCH,
        amount: Pence::from_pounds(11_000),
    }];
    let p = position(&BudgetInputs {
        actuals: &march,
        ..inputs
    });
    assert_eq!(p.remaining_from, None);
    assert_eq!(
        line_of(&p, BudgetLine::Post16).outturn(),
        Pence::from_pounds(11_000)
    );
}

fn commitment_strategy(year: FinancialYear) -> impl Strategy<Value = Commitment> {
    (
        0usize..BudgetLine::ALL.len(),
        0i64..20_000_000,
        0u64..900,
        proptest::option::of(0u64..900),
    )
        .prop_map(move |(line, annual, start, length)| {
            let starts_on = year.start() - Days::new(400) + Days::new(start);
            Commitment {
                line: BudgetLine::ALL[line],
                annual: Pence(annual),
                starts_on,
                last_day: length.map(|l| starts_on + Days::new(l)),
            }
        })
}

proptest! {
    #[test]
    fn the_totals_are_the_sums_of_the_lines(
        commitments in proptest::collection::vec(commitment_strategy(FinancialYear::new(2026)), 0..30),
        actuals in proptest::collection::vec(
            (0usize..BudgetLine::ALL.len(), 1i64..=12, -1_000_000i64..50_000_000), 0..30),
        budget in proptest::collection::vec((0usize..BudgetLine::ALL.len(), 0i64..900_000_000), 0..12),
        income in proptest::collection::vec(-1_000_000i64..900_000_000, 0..4),
    ) {
        let year = FinancialYear::new(2026);
        let actuals: Vec<Actual> = actuals
            .into_iter()
            .map(|(l, m, a)| Actual {
                line: BudgetLine::ALL[l],
                month: Month::new(m).unwrap(),
                amount: Pence(a),
            })
            .collect();
        let budget: Vec<(BudgetLine, Pence)> =
            budget.into_iter().map(|(l, a)| (BudgetLine::ALL[l], Pence(a))).collect();
        let income: Vec<IncomeItem> = income
            .into_iter()
            .map(|a| IncomeItem {
                kind: IncomeKind::Other,
                description: "x".into(),
                amount: Pence(a),
                transfer: None,
            })
            .collect();
        let p = position(&BudgetInputs {
            year,
            budget: &budget,
            actuals: &actuals,
            commitments: &commitments,
            income: &income,
        });
        prop_assert_eq!(p.lines.len(), BudgetLine::ALL.len());
        let high: Vec<&LinePosition> =
            p.lines.iter().filter(|l| l.line.is_some_and(BudgetLine::is_high_needs)).collect();
        let total = p.high_needs_total();
        prop_assert_eq!(total.outturn(), high.iter().map(|l| l.outturn()).sum::<Pence>());
        prop_assert_eq!(total.variance(), high.iter().map(|l| l.variance()).sum::<Pence>());
        for l in &p.lines {
            prop_assert_eq!(l.outturn(), l.actuals + l.committed + l.new_demand);
            prop_assert_eq!(l.variance(), l.outturn() - l.budget);
        }
        let all_actuals: Pence = actuals.iter().map(|a| a.amount).sum();
        prop_assert_eq!(p.lines.iter().map(|l| l.actuals).sum::<Pence>(), all_actuals);
        let income_total: Pence = income.iter().map(|i| i.amount).sum();
        prop_assert_eq!(p.in_year_position(), income_total - total.outturn());
        prop_assert!(p.lines.iter().all(|l| !l.committed.is_negative() && !l.new_demand.is_negative()));
    }

    #[test]
    fn months_of_commitments_add_up_to_the_year_within_a_penny_a_month(
        c in commitment_strategy(FinancialYear::new(2026)),
    ) {
        let year = FinancialYear::new(2026);
        let whole: Pence = committed_between(&[c], year, year.start(), year.end())
            .iter()
            .map(|(_, a)| *a)
            .sum();
        let by_month: Pence = Month::all()
            .flat_map(|m| committed_between(&[c], year, m.first_day(year), m.last_day(year)))
            .map(|(_, a)| a)
            .sum();
        prop_assert!((whole.get() - by_month.get()).abs() <= 12, "{whole} vs {by_month}");
    }

    #[test]
    fn new_demand_grows_with_the_months_left(
        commitments in proptest::collection::vec(commitment_strategy(FinancialYear::new(2026)), 0..20),
        through in 1i64..12,
    ) {
        // Fewer months left never expects more of the same starts. The window moves with the
        // months, so compare on starts that fall in both windows: those dated in the overlap.
        let year = FinancialYear::new(2026);
        let from = |m: i64| Month::new(m).map(|m| m.last_day(year) + Days::new(1));
        let later = expected_new_demand(&commitments, year, from(through));
        for l in &later.lines {
            let n = later.months_left;
            prop_assert_eq!(l.expected, l.annual_total.pro_rata(n * n, 288));
            prop_assert!(l.expected.get() <= l.annual_total.get() / 2 + 1);
        }
    }
}
