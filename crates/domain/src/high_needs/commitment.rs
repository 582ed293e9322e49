//! Committed cost: what the council's placements cost in one financial year, by budget line.
//!
//! A placement's costs are annual amounts. The part committed in a financial year (1 April to
//! 31 March, the year of the high needs budget and the s251 returns) is pro rata to the days
//! placed in that year over the days in the year (365, or 366 when it holds 29 February), as
//! payments to schools are pro rata to days (`reference/funding.md`, "Awards and payments").
//! A placement runs from its entry date to its leaving date, both days included: the leaving
//! date is the last day at the setting, as casework records it when a child moves on.

use chrono::NaiveDate;

use super::BudgetLine;
use crate::dates::FinancialYear;
use crate::money::Pence;
use crate::placement::PlacementCategory;

/// A placement's costs for a whole year, in pence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnnualCosts {
    /// Place funding ([`super::place_funding`]).
    pub place_funding: Pence,
    /// Top-up (element 3).
    pub top_up: Pence,
    /// Fees for an independent place.
    pub fees: Pence,
    /// Home to school transport, where recorded.
    pub transport: Option<Pence>,
}

impl AnnualCosts {
    /// What the placement costs the high needs block a year: everything but transport.
    #[must_use]
    pub fn high_needs(&self) -> Pence {
        self.place_funding + self.top_up + self.fees
    }
}

/// A placement with what it costs, as the roll-up reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostedPlacement {
    pub category: PlacementCategory,
    /// Taught by the hospital education service (s251 line 1.2.6).
    pub hospital_education: bool,
    pub entry_on: NaiveDate,
    /// The last day at the setting; `None` while the child is there.
    pub leaving_on: Option<NaiveDate>,
    pub costs: AnnualCosts,
}

/// Days in the financial year: 365, or 366 when it holds 29 February.
#[must_use]
pub fn days_in_year(year: FinancialYear) -> i64 {
    (year.end() - year.start()).num_days() + 1
}

/// Days of the financial year the child is placed: from `entry_on` to `leaving_on`, both
/// included, within 1 April to 31 March. Zero when the placement lies outside the year or
/// ends before it starts.
#[must_use]
pub fn days_placed_in_year(
    entry_on: NaiveDate,
    leaving_on: Option<NaiveDate>,
    year: FinancialYear,
) -> i64 {
    days_running_between(entry_on, leaving_on, year.start(), year.end())
}

/// An annual amount pro rata to `days` of the financial year, rounded to the nearest penny
/// (halves away from zero, [`Pence::pro_rata`]). A full year gives the annual amount exactly.
#[must_use]
pub fn pro_rata_to_year(annual: Pence, days: i64, year: FinancialYear) -> Pence {
    annual.pro_rata(days, days_in_year(year))
}

/// One annual cost running on one budget line from a day to a last day: the high needs part of
/// a placement, its transport, or a top-up award. Committed cost and the budget's commitments
/// to the year end are both sums of these, so the two pages always agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commitment {
    pub line: BudgetLine,
    /// The cost for a whole year.
    pub annual: Pence,
    pub starts_on: NaiveDate,
    /// The last day paid for; `None` while it runs on.
    pub last_day: Option<NaiveDate>,
}

impl CostedPlacement {
    /// The placement's costs as commitments: place funding, top-up and fees on the
    /// placement's line ([`BudgetLine::for_placement`]), transport on its own line.
    pub fn commitments(&self) -> impl Iterator<Item = Commitment> + '_ {
        let at = |line, annual| Commitment {
            line,
            annual,
            starts_on: self.entry_on,
            last_day: self.leaving_on,
        };
        let line = BudgetLine::for_placement(self.category, self.hospital_education);
        std::iter::once(at(line, self.costs.high_needs())).chain(
            self.costs
                .transport
                .map(|transport| at(BudgetLine::Transport, transport)),
        )
    }
}

/// Days from `from` to `to` (both included) on which something running from `starts_on` to
/// `last_day` (both included; `None` for open) runs. Zero when they do not overlap.
#[must_use]
pub fn days_running_between(
    starts_on: NaiveDate,
    last_day: Option<NaiveDate>,
    from: NaiveDate,
    to: NaiveDate,
) -> i64 {
    let first = starts_on.max(from);
    let last = last_day.map_or(to, |l| l.min(to));
    if last < first {
        0
    } else {
        (last - first).num_days() + 1
    }
}

/// What the commitments cost from `from` to `to` (both included, clipped to the financial
/// year) by budget line, every line listed in [`BudgetLine::ALL`] order. Each commitment is
/// pro rata to its days in the span over the days in the year, rounded once to the penny
/// (halves away from zero), so a line's total is within half a penny per commitment of the
/// exact sum.
#[must_use]
pub fn committed_between(
    commitments: &[Commitment],
    year: FinancialYear,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(BudgetLine, Pence)> {
    let (from, to) = (from.max(year.start()), to.min(year.end()));
    let mut totals: Vec<(BudgetLine, Pence)> =
        BudgetLine::ALL.iter().map(|l| (*l, Pence::ZERO)).collect();
    for c in commitments {
        let days = days_running_between(c.starts_on, c.last_day, from, to);
        if days == 0 {
            continue;
        }
        if let Some((_, total)) = totals.iter_mut().find(|(l, _)| *l == c.line) {
            *total += pro_rata_to_year(c.annual, days, year);
        }
    }
    totals
}

/// Committed cost in the financial year by budget line, every line listed in
/// [`BudgetLine::ALL`] order (zero where nothing is committed): [`committed_between`] over the
/// placements' [`CostedPlacement::commitments`] for the whole year.
#[must_use]
pub fn committed_by_line(
    placements: &[CostedPlacement],
    year: FinancialYear,
) -> Vec<(BudgetLine, Pence)> {
    let commitments: Vec<Commitment> = placements
        .iter()
        .flat_map(CostedPlacement::commitments)
        .collect();
    committed_between(&commitments, year, year.start(), year.end())
}

#[cfg(test)]
mod tests {
    use chrono::Days;
    use proptest::prelude::*;

    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn placement(entry: &str, leaving: Option<&str>, top_up: i64) -> CostedPlacement {
        CostedPlacement {
            category: PlacementCategory::SpecialLaMaintained,
            hospital_education: false,
            entry_on: d(entry),
            leaving_on: leaving.map(d),
            costs: AnnualCosts {
                place_funding: Pence::from_pounds(10_000),
                top_up: Pence::from_pounds(top_up),
                fees: Pence::ZERO,
                transport: None,
            },
        }
    }

    #[test]
    fn days_are_counted_inclusively_within_april_to_march() {
        let year = FinancialYear::new(2026);
        assert_eq!(days_in_year(year), 365);
        assert_eq!(days_in_year(FinancialYear::new(2027)), 366);
        assert_eq!(days_placed_in_year(d("2020-01-01"), None, year), 365);
        assert_eq!(
            days_placed_in_year(d("2026-04-01"), Some(d("2026-04-01")), year),
            1
        );
        assert_eq!(days_placed_in_year(d("2027-03-31"), None, year), 1);
        assert_eq!(days_placed_in_year(d("2027-04-01"), None, year), 0);
        assert_eq!(
            days_placed_in_year(d("2025-09-01"), Some(d("2026-03-31")), year),
            0
        );
        assert_eq!(
            days_placed_in_year(d("2026-09-01"), Some(d("2026-08-31")), year),
            0
        );
    }

    #[test]
    fn a_placement_from_september_commits_seven_months() {
        // 1 September 2026 to 31 March 2027 is 212 days of 365: £27,313 × 212 ÷ 365.
        let year = FinancialYear::new(2026);
        let lines = committed_by_line(&[placement("2026-09-01", None, 17_313)], year);
        let (_, special) = lines
            .iter()
            .find(|(l, _)| *l == BudgetLine::TopUpSpecialMaintained)
            .unwrap();
        assert_eq!(*special, Pence(1_586_399));
        assert_eq!(lines.len(), BudgetLine::ALL.len());
    }

    #[test]
    fn transport_has_its_own_line_and_hospital_education_moves_the_rest() {
        let year = FinancialYear::new(2026);
        let mut p = placement("2026-04-01", None, 5_000);
        p.hospital_education = true;
        p.costs.transport = Some(Pence::from_pounds(3_650));
        let lines = committed_by_line(&[p], year);
        let amount = |line| lines.iter().find(|(l, _)| *l == line).unwrap().1;
        assert_eq!(
            amount(BudgetLine::HospitalEducation),
            Pence::from_pounds(15_000)
        );
        assert_eq!(amount(BudgetLine::Transport), Pence::from_pounds(3_650));
        assert_eq!(amount(BudgetLine::TopUpSpecialMaintained), Pence::ZERO);
    }

    proptest! {
        #[test]
        fn a_full_year_costs_the_annual_amount(
            start in 2000i32..2100,
            annual in 0i64..50_000_000_000,
            before in 0u64..2000,
            after in proptest::option::of(0u64..2000),
        ) {
            let year = FinancialYear::new(start);
            let entry = year.start() - Days::new(before);
            let leaving = after.map(|a| year.end() + Days::new(a));
            let days = days_placed_in_year(entry, leaving, year);
            prop_assert_eq!(days, days_in_year(year));
            prop_assert_eq!(pro_rata_to_year(Pence(annual), days, year), Pence(annual));
        }

        #[test]
        fn splitting_a_year_sums_to_the_whole_within_a_penny_a_part(
            start in 2000i32..2100,
            annual in 0i64..50_000_000_000,
            mut cuts in proptest::collection::vec(1u64..365, 0..6),
        ) {
            let year = FinancialYear::new(start);
            cuts.sort_unstable();
            cuts.dedup();
            // Parts [start, cut1 - 1], [cut1, cut2 - 1], ..., [cutN, end].
            let mut starts = vec![year.start()];
            starts.extend(cuts.iter().map(|c| year.start() + Days::new(*c)));
            let mut sum = Pence::ZERO;
            for (i, from) in starts.iter().enumerate() {
                let to = starts.get(i + 1).and_then(|n| n.pred_opt());
                let days = days_placed_in_year(*from, to, year);
                sum += pro_rata_to_year(Pence(annual), days, year);
            }
            let parts = i64::try_from(starts.len()).unwrap();
            prop_assert!((sum.get() - annual).abs() <= parts, "{sum:?} vs {annual} in {parts} parts");
        }

        #[test]
        fn the_lines_add_up_to_every_placement_pro_rated(
            start in 2000i32..2100,
            placements in proptest::collection::vec(
                (0usize..PlacementCategory::ALL.len(), 0u64..800, proptest::option::of(0u64..800),
                 0i64..10_000_000, proptest::option::of(0i64..1_000_000), any::<bool>()),
                0..20,
            ),
        ) {
            let year = FinancialYear::new(start);
            let base = year.start() - Days::new(200);
            let placements: Vec<CostedPlacement> = placements
                .into_iter()
                .map(|(c, entry, length, top_up, transport, hospital)| CostedPlacement {
                    category: PlacementCategory::ALL[c],
                    hospital_education: hospital,
                    entry_on: base + Days::new(entry),
                    leaving_on: length.map(|l| base + Days::new(entry + l)),
                    costs: AnnualCosts {
                        place_funding: super::super::place_funding(PlacementCategory::ALL[c]),
                        top_up: Pence(top_up),
                        fees: Pence::ZERO,
                        transport: transport.map(Pence),
                    },
                })
                .collect();
            let lines = committed_by_line(&placements, year);
            let expected: Pence = placements
                .iter()
                .map(|p| {
                    let days = days_placed_in_year(p.entry_on, p.leaving_on, year);
                    pro_rata_to_year(p.costs.high_needs(), days, year)
                        + p.costs.transport.map_or(Pence::ZERO, |t| pro_rata_to_year(t, days, year))
                })
                .sum();
            let total: Pence = lines.iter().map(|(_, a)| *a).sum();
            prop_assert_eq!(total, expected);
            prop_assert!(lines.iter().all(|(_, a)| !a.is_negative()));
        }
    }
}
