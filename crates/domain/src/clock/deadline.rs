//! A deadline and its state, and the counting rules that produce them.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::events::AdviceService;

/// How many days before a deadline it counts as due soon: two weeks.
pub const DUE_SOON_DAYS: i64 = 14;

/// What a deadline is for. Numbered kinds count from 1 in the order the reviews or
/// re-assessments were held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeadlineKind {
    /// Deciding whether to carry out an EHC needs assessment.
    DecisionToAssess,
    /// Advice from one of those consulted during the assessment.
    Advice(AdviceService),
    /// Notifying a decision, after assessing, not to issue a plan.
    NoPlanNotice,
    /// The parent's or young person's time to comment on the draft plan; the final plan may not
    /// be issued before it ends.
    DraftCommentWindow,
    /// Issuing the final plan.
    FinalPlan,
    /// Holding the `n`th annual review.
    AnnualReview(u32),
    /// An earlier review for a child under five, prompted after the plan is made or reviewed.
    UnderFiveReview(u32),
    /// Notifying the decision after the `n`th review.
    ReviewDecision(u32),
    /// The time to comment on the amendments proposed after the `n`th review; the amended plan
    /// may not be issued before it ends.
    AmendmentCommentWindow(u32),
    /// Issuing the amended plan after the `n`th review.
    AmendedPlan(u32),
    /// Amending the plan for a move between phases of education.
    PhaseTransfer,
    /// Notifying whether the council will re-assess, after the `n`th request for re-assessment.
    ReassessmentDecision(u32),
    /// Issuing the plan after the `n`th re-assessment.
    Reassessment(u32),
}

impl DeadlineKind {
    /// Whether this is a minimum period (a comment window) rather than a limit: it is respected
    /// when the act it holds back comes on or after its end, not before.
    #[must_use]
    pub const fn is_window(self) -> bool {
        matches!(
            self,
            Self::DraftCommentWindow | Self::AmendmentCommentWindow(_)
        )
    }
}

/// Where a deadline stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeadlineState {
    /// Not met, and more than two weeks away (for a window: still open, more than two weeks
    /// left).
    NotYetDue,
    /// Not met, and due within two weeks: today is on or before the due date and at most
    /// 14 days before it (for a window: still open).
    DueSoon,
    /// Not met, and the due date has passed.
    Overdue,
    /// Met on or before the due date (for a window: the act it holds back came on or after its
    /// end).
    MetOnTime,
    /// Met after the due date (for a window: the act it holds back came before the window
    /// ended, which breaches it).
    MetLate,
    /// A window that has ended with the act it holds back still to come. Nothing is owed on it;
    /// the next step has its own deadline.
    Elapsed,
    /// The limit did not apply, because an exception of reg 10(4) applied while it was running
    /// and the limit was not met in time.
    NotApplicable,
}

impl DeadlineState {
    /// Whether something is still owed: not yet due, due soon or overdue.
    #[must_use]
    pub const fn is_open(self) -> bool {
        matches!(self, Self::NotYetDue | Self::DueSoon | Self::Overdue)
    }
}

/// One statutory deadline of a case, worked out from its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Deadline {
    /// What it is for.
    pub kind: DeadlineKind,
    /// The event the time counts from.
    pub trigger: NaiveDate,
    /// The last day to meet it (for a window: the first day the act it holds back may come).
    pub due: NaiveDate,
    /// The day it was met (for a window: the day the act it holds back came).
    pub met_on: Option<NaiveDate>,
    /// Where it stands on the day asked about.
    pub state: DeadlineState,
    /// The law or guidance that sets it; for a [`DeadlineState::NotApplicable`] deadline, the
    /// regulation that lifts it.
    pub rule: &'static str,
}

impl Deadline {
    /// A limit (something to do by `due`), with its state on `today`.
    pub(super) fn limit(
        kind: DeadlineKind,
        trigger: NaiveDate,
        due: NaiveDate,
        met_on: Option<NaiveDate>,
        today: NaiveDate,
        rule: &'static str,
    ) -> Self {
        let state = match met_on {
            Some(met) if met <= due => DeadlineState::MetOnTime,
            Some(_) => DeadlineState::MetLate,
            None => open_state(due, today),
        };
        Self {
            kind,
            trigger,
            due,
            met_on,
            state,
            rule,
        }
    }

    /// A window (nothing may be done before `ends`), with its state on `today`. `act` is the day
    /// the act it holds back came.
    pub(super) fn window(
        kind: DeadlineKind,
        trigger: NaiveDate,
        ends: NaiveDate,
        act: Option<NaiveDate>,
        today: NaiveDate,
        rule: &'static str,
    ) -> Self {
        let state = match act {
            Some(day) if day >= ends => DeadlineState::MetOnTime,
            Some(_) => DeadlineState::MetLate,
            None if today >= ends => DeadlineState::Elapsed,
            None => open_state(ends, today),
        };
        Self {
            kind,
            trigger,
            due: ends,
            met_on: act,
            state,
            rule,
        }
    }
}

/// The state of an unmet deadline: "due within 2 weeks" means today is on or before the due date
/// and the due date is at most 14 days away.
fn open_state(due: NaiveDate, today: NaiveDate) -> DeadlineState {
    if today > due {
        DeadlineState::Overdue
    } else if days_from(today, due) <= DUE_SOON_DAYS {
        DeadlineState::DueSoon
    } else {
        DeadlineState::NotYetDue
    }
}

/// The days from `from` to `to`: within one year the difference of the days of the year,
/// otherwise chrono's count.
fn days_from(from: NaiveDate, to: NaiveDate) -> i64 {
    if from.year() == to.year() {
        i64::from(to.ordinal()) - i64::from(from.ordinal())
    } else {
        (to - from).num_days()
    }
}

/// `date` plus `days` calendar days, held at chrono's last date if it would pass it.
pub(super) fn plus_days(date: NaiveDate, days: u64) -> NaiveDate {
    // Within the same year, as most limits are, the day of the year gives the answer directly
    // (and the compiler can inline it, which it cannot do with chrono's general addition).
    // `with_ordinal` refuses a day past the end of the year, which takes the general path.
    if let Ok(days) = u32::try_from(days)
        && let Some(ordinal) = date.ordinal().checked_add(days)
        && let Some(same_year) = date.with_ordinal(ordinal)
    {
        return same_year;
    }
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// `date` plus `weeks` weeks: a week limit falls on the same weekday, `7 × weeks` calendar days
/// after the trigger (a request on day D has its 20-week limit on D + 140 days).
pub(super) fn plus_weeks(date: NaiveDate, weeks: u64) -> NaiveDate {
    plus_days(date, weeks * 7)
}

/// `date` plus `months` calendar months. A day that the target month lacks is clamped to its last
/// day (chrono's `checked_add_months`): 31 January plus 1 month is 28 or 29 February, and
/// 29 February plus 12 months is 28 February. Clamping never takes a limit past the month it should fall in, so
/// it can only bring a deadline earlier, never later.
pub(super) fn plus_months(date: NaiveDate, months: u32) -> NaiveDate {
    // Whole years, as every annual review is: the same day of the same month, found more cheaply
    // than by counting months. Only 29 February has no such day in a common year; it, like any
    // date chrono cannot hold, takes the general path below and is clamped there.
    if months.is_multiple_of(12)
        && let Some(year) = i32::try_from(months / 12)
            .ok()
            .and_then(|years| date.year().checked_add(years))
        && let Some(same_day) = date.with_year(year)
    {
        return same_day;
    }
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// `date` less `months` calendar months, clamped the same way: 31 July less 5 months is 28 or
/// 29 February, an earlier day than "31 February" would be, so the deadline is never late.
pub(super) fn minus_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use chrono::{Days, Months, NaiveDate};

    use super::{days_from, plus_days, plus_months};

    #[test]
    fn plus_days_and_days_from_agree_with_chrono_on_every_day() {
        // Every day from 2019 to 2029 plus 0 to 400 days, across year ends and leap days.
        let first = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default();
        for date in (0..4018).filter_map(|n| first.checked_add_days(Days::new(n))) {
            for days in 0..=400 {
                let chrono = date
                    .checked_add_days(Days::new(days))
                    .unwrap_or(NaiveDate::MAX);
                assert_eq!(plus_days(date, days), chrono, "{date} + {days} days");
                assert_eq!(
                    days_from(date, chrono),
                    (chrono - date).num_days(),
                    "{date}"
                );
            }
        }
        for (date, days) in [
            (NaiveDate::MAX, 0),
            (NaiveDate::MAX, 1),
            (NaiveDate::MIN, 1),
            (first, u64::from(u32::MAX)),
            (first, u64::MAX),
        ] {
            let chrono = date
                .checked_add_days(Days::new(days))
                .unwrap_or(NaiveDate::MAX);
            assert_eq!(plus_days(date, days), chrono, "{date} + {days} days");
        }
    }

    #[test]
    fn plus_months_agrees_with_chrono_on_every_day() {
        // Every day from 2019 to 2029, leap days included, and chrono's last dates.
        let first = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default();
        let days = (0..4018)
            .filter_map(|n| first.checked_add_days(Days::new(n)))
            .chain([NaiveDate::MAX, NaiveDate::MIN]);
        for date in days {
            for months in [
                1,
                5,
                6,
                11,
                12,
                24,
                36,
                120,
                u32::MAX - 3,
                u32::MAX / 12 * 12,
            ] {
                let chrono = date
                    .checked_add_months(Months::new(months))
                    .unwrap_or(NaiveDate::MAX);
                assert_eq!(
                    plus_months(date, months),
                    chrono,
                    "{date} + {months} months"
                );
            }
        }
    }
}
