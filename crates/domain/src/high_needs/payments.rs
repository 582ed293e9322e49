//! Payment schedules: what a top-up award pays a school in each payment period.
//!
//! An award pays an annual amount from its start date to its end date. Payments to schools are
//! pro rata to the days in each payment period, termly or monthly as the council sets, and stop
//! at the end date or when the child leaves (`reference/funding.md`, "Awards and payments"). The
//! leaving date is the last day at the setting and is paid for, as in [`super::commitment`].
//!
//! Every period lies inside one financial year (1 April to 31 March): the summer term starts on
//! 1 April and the spring term ends on 31 March, and months never cross a year. So a payment
//! belongs to exactly one year of the high needs budget, and the payments of a year add up to
//! what [`super::commitment`] counts as committed in it.
//!
//! **Rounding is cumulative within each financial year.** Rounding each payment on its own
//! would let the pennies drift: four monthly payments each rounded up can pay more than the
//! year. Instead each payment is the rounded amount due by the end of its period less the
//! rounded amount due before it, both counted from the start of its financial year:
//!
//! ```text
//! amount = round(annual × D_to_end / N) − round(annual × D_before / N)
//! ```
//!
//! where `D_to_end` and `D_before` are the funded days in the financial year up to the period's
//! last day and before its first day, and `N` is the days in the year (365, or 366 when it
//! holds 29 February, [`super::commitment::days_in_year`]). Rounding is [`Pence::pro_rata`]'s, to the nearest
//! penny with halves away from zero. The payments of a year then telescope to
//! `round(annual × funded days / N)`: a whole year pays the annual amount exactly, any part of a
//! year is within half a penny of the exact share, and termly and monthly schedules pay the same
//! in each year.

use chrono::{Datelike, NaiveDate};

use super::commitment::{days_placed_in_year, pro_rata_to_year};
use crate::codes::code_enum;
use crate::dates::FinancialYear;
use crate::money::Pence;

code_enum! {
    /// How often the council pays top-up to schools.
    pub enum PaymentFrequency: field "payment_frequency" {
        Termly = "termly" => "Termly: autumn (1 September to 31 December), spring (1 January to 31 March), summer (1 April to 31 August)",
        Monthly = "monthly" => "Monthly",
    }
}

/// One payment period: a term or a calendar month, both days included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentPeriod {
    /// As shown to schools and finance officers: "Autumn term 2026", "Spring term 2027",
    /// "Summer term 2027", "September 2026".
    pub label: String,
    /// Its first day.
    pub starts_on: NaiveDate,
    /// Its last day.
    pub ends_on: NaiveDate,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PaymentPeriod {
    /// The period of `frequency` that holds `date`. `None` only at the edges of chrono's
    /// calendar (about ±262,000 years), which no award reaches.
    #[must_use]
    pub fn containing(frequency: PaymentFrequency, date: NaiveDate) -> Option<Self> {
        let (year, month) = (date.year(), date.month());
        let (label, first_month, last_month) = match frequency {
            PaymentFrequency::Termly => match month {
                1..=3 => (format!("Spring term {year}"), 1, 3),
                4..=8 => (format!("Summer term {year}"), 4, 8),
                _ => (format!("Autumn term {year}"), 9, 12),
            },
            PaymentFrequency::Monthly => {
                let name = MONTHS.get(date.month0() as usize).copied().unwrap_or("");
                (format!("{name} {year}"), month, month)
            }
        };
        Some(Self {
            label,
            starts_on: NaiveDate::from_ymd_opt(year, first_month, 1)?,
            ends_on: last_day_of_month(year, last_month)?,
        })
    }

    /// The financial year the period lies in (every period lies in one).
    #[must_use]
    pub fn financial_year(&self) -> FinancialYear {
        FinancialYear::containing(self.starts_on)
    }

    /// Its days, both ends included.
    #[must_use]
    pub fn days(&self) -> i64 {
        (self.ends_on - self.starts_on).num_days() + 1
    }

    /// The period after this one.
    fn next(&self, frequency: PaymentFrequency) -> Option<Self> {
        Self::containing(frequency, self.ends_on.succ_opt()?)
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    if month == 12 {
        NaiveDate::from_ymd_opt(year, 12, 31)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?.pred_opt()
    }
}

/// Every period of `frequency` that overlaps `from..=to`, in date order (empty when to < from).
#[must_use]
pub fn periods_between(
    frequency: PaymentFrequency,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<PaymentPeriod> {
    let mut periods = Vec::new();
    if to < from {
        return periods;
    }
    let mut period = PaymentPeriod::containing(frequency, from);
    while let Some(p) = period {
        if p.starts_on > to {
            break;
        }
        period = p.next(frequency);
        periods.push(p);
    }
    periods
}

/// What an award pays for: an annual amount from a start date to an end date, both included,
/// cut short by the child leaving the setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Funding {
    /// The amount for a whole year.
    pub annual: Pence,
    /// The first day paid for.
    pub starts_on: NaiveDate,
    /// The award's end date: the last day paid for if the child stays.
    pub ends_on: NaiveDate,
    /// The child's last day at the setting, if they have left or are leaving.
    pub leaving_on: Option<NaiveDate>,
}

impl Funding {
    /// The last day paid for: the earlier of the end date and the leaving date.
    #[must_use]
    pub fn last_day(&self) -> NaiveDate {
        self.leaving_on
            .map_or(self.ends_on, |leaving| leaving.min(self.ends_on))
    }

    /// Days paid for, from the start date to [`Self::last_day`]; zero when it ends before it
    /// starts.
    #[must_use]
    pub fn funded_days(&self) -> i64 {
        ((self.last_day() - self.starts_on).num_days() + 1).max(0)
    }

    /// Funded days in `year` from its start to `through`, both included.
    fn days_in_year_through(&self, year: FinancialYear, through: NaiveDate) -> i64 {
        days_placed_in_year(self.starts_on, Some(self.last_day().min(through)), year)
    }
}

/// One payment: the days of one period that are funded, and what they pay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// The period paid for.
    pub period: PaymentPeriod,
    /// The first funded day of the period.
    pub funded_from: NaiveDate,
    /// The last funded day of the period.
    pub funded_to: NaiveDate,
    /// Funded days, both ends included.
    pub days: i64,
    /// The amount, rounded cumulatively within the financial year (see the module's notes).
    pub amount: Pence,
}

impl Payment {
    /// The financial year the payment is counted in.
    #[must_use]
    pub fn financial_year(&self) -> FinancialYear {
        self.period.financial_year()
    }
}

/// One payment for each period with at least one funded day, in date order.
///
/// Each amount is the cumulative share of the financial year due by the period's end less the
/// share due before it (see the module's notes), so a year's payments add up to
/// [`pro_rata_to_year`] of its funded days, exactly as committed cost counts it.
#[must_use]
pub fn schedule(funding: &Funding, frequency: PaymentFrequency) -> Vec<Payment> {
    let last_day = funding.last_day();
    periods_between(frequency, funding.starts_on, last_day)
        .into_iter()
        .map(|period| {
            let funded_from = period.starts_on.max(funding.starts_on);
            let funded_to = period.ends_on.min(last_day);
            let year = period.financial_year();
            let before = period
                .starts_on
                .pred_opt()
                .map_or(0, |day| funding.days_in_year_through(year, day));
            let to_end = funding.days_in_year_through(year, period.ends_on);
            let amount = pro_rata_to_year(funding.annual, to_end, year)
                - pro_rata_to_year(funding.annual, before, year);
            Payment {
                days: (funded_to - funded_from).num_days() + 1,
                period,
                funded_from,
                funded_to,
                amount,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
