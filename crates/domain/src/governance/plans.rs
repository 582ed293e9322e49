//! Action plans: workstreams, actions, risks and measures, each rated red, amber or green at
//! every review with a commentary, and measures of impact read from live figures.
//!
//! governance.md ("Action plans and programme tracking"): a SEND action plan "has workstreams,
//! each with actions, an owner, a due date and a RAG rating (red, amber, green) updated at each
//! review with a commentary, risks with their own rating, and measures of impact (e.g. the
//! 20-week rate, the rate of refused assessments ...)". A rating is never overwritten: each
//! review adds one, and the latest is the current rating ([`current`]). A DSG deficit
//! management plan is presented to the forum at least termly (same reference, "DSG deficit"),
//! so the high needs in-year position is a measure too.

use chrono::NaiveDate;

use super::rag::Rag;
use crate::codes::code_enum;
use crate::error::FieldError;
use crate::money::Pence;

code_enum! {
    /// What a rating is of.
    pub enum Subject: field "subject" {
        Workstream = "workstream" => "Workstream",
        Action = "action" => "Action",
        Risk = "risk" => "Risk",
    }
}

code_enum! {
    /// A live figure a measure follows.
    pub enum MeasureKind: field "kind" {
        /// Plans issued within 20 weeks, excluding exceptions (SEND Regulations 2014, reg 13(2)),
        /// as the EHC dashboard counts them for the calendar year to date.
        TwentyWeekRate = "twenty_week_rate" => "Plans issued within 20 weeks, excluding exceptions",
        /// Requests refused of all decisions whether to assess, calendar year to date.
        RefusalRate = "refusal_rate" => "Requests for assessment refused",
        /// Income less forecast outturn on the high needs lines for the financial year: below
        /// zero, the in-year deficit.
        HighNeedsInYear = "high_needs_in_year" => "High needs in-year position (surplus or deficit)",
        /// The forecast outturn on the high needs lines for the financial year.
        HighNeedsOutturn = "high_needs_outturn" => "High needs forecast outturn",
    }
}

code_enum! {
    /// Which way a measure should move.
    pub enum Direction: field "direction" {
        Up = "up" => "Higher is better",
        Down = "down" => "Lower is better",
    }
}

/// How a measure's figures are written: a percentage to one decimal place, or money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Percent,
    Money,
}

impl MeasureKind {
    #[must_use]
    pub fn unit(self) -> Unit {
        match self {
            Self::TwentyWeekRate | Self::RefusalRate => Unit::Percent,
            Self::HighNeedsInYear | Self::HighNeedsOutturn => Unit::Money,
        }
    }
}

/// A measure's target in its unit's smallest step: tenths of a percent, or pence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target(pub i64);

impl Target {
    /// Reads a target as typed: a percentage such as `60` or `62.5` (`%` allowed), or an
    /// amount such as `-1,500,000` or `£250,000.00`.
    ///
    /// # Errors
    /// A [`FieldError`] on `target` naming what was expected.
    pub fn parse(unit: Unit, text: &str) -> Result<Self, FieldError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(FieldError::new("target", "enter the target"));
        }
        match unit {
            Unit::Percent => {
                let t = t.trim_end_matches('%').trim();
                let (whole, tenth) = t.split_once('.').unwrap_or((t, "0"));
                let whole: Option<i64> = whole.parse().ok().filter(|w| (0..=100).contains(w));
                let tenth: Option<i64> = (tenth.len() == 1).then(|| tenth.parse().ok()).flatten();
                match (whole, tenth) {
                    (Some(w), Some(d)) if w * 10 + d <= 1000 => Ok(Self(w * 10 + d)),
                    _ => Err(FieldError::new(
                        "target",
                        format!(
                            "'{t}' is not a percentage; enter one from 0 to 100, to one decimal place"
                        ),
                    )),
                }
            }
            Unit::Money => t
                .parse::<Pence>()
                .map(|p| Self(p.get()))
                .map_err(|e| FieldError::new("target", e.problem)),
        }
    }

    /// The target as the measure's unit writes it.
    #[must_use]
    pub fn show(self, unit: Unit) -> String {
        match unit {
            Unit::Percent => format!("{}.{}%", self.0 / 10, self.0 % 10),
            Unit::Money => Pence(self.0).to_string(),
        }
    }
}

/// A live figure, as the page it comes from shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// A share with its counts; `None` percent when there were no cases.
    Percent {
        percent: Option<f64>,
        numerator: u64,
        denominator: u64,
    },
    Money(Pence),
}

impl Figure {
    /// Whether the figure meets the target in the direction wanted; `None` with no cases.
    #[must_use]
    pub fn meets(&self, target: Target, direction: Direction) -> Option<bool> {
        // Compared in the target's steps: tenths of a percent, or pence.
        #[allow(clippy::cast_possible_truncation)]
        let value = match *self {
            Figure::Percent { percent, .. } => (percent? * 10.0).round() as i64,
            Figure::Money(p) => p.get(),
        };
        Some(match direction {
            Direction::Up => value >= target.0,
            Direction::Down => value <= target.0,
        })
    }

    /// The figure as the dashboard and budget pages write it.
    #[must_use]
    pub fn show(&self) -> String {
        match *self {
            Figure::Percent {
                percent: Some(p),
                numerator,
                denominator,
            } => format!("{p:.1}% ({numerator} of {denominator})"),
            Figure::Percent {
                percent: None,
                numerator,
                denominator,
            } => format!("No cases ({numerator} of {denominator})"),
            Figure::Money(p) => p.to_string(),
        }
    }
}

/// One review's rating of a workstream, action or risk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    /// The order ratings were recorded in, to break ties on the same day.
    pub id: i64,
    pub rag: Rag,
    pub rated_on: NaiveDate,
    pub commentary: String,
    pub by: String,
}

/// The current rating: the latest review's (by date, then the order recorded). Earlier ones
/// stay as the history.
#[must_use]
pub fn current(ratings: &[Rating]) -> Option<&Rating> {
    ratings.iter().max_by_key(|r| (r.rated_on, r.id))
}

/// Checks a review before it is recorded: a rating, a commentary and a date not in the future.
///
/// # Errors
/// Every problem at once, each naming its field.
pub fn check_review(
    rag: &str,
    commentary: &str,
    rated_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(Rag, String, NaiveDate), Vec<FieldError>> {
    let mut problems = Vec::new();
    let rag = Rag::parse_loose(rag).map_err(|e| problems.push(e)).ok();
    let commentary = commentary.trim();
    if commentary.is_empty() {
        problems.push(FieldError::new(
            "commentary",
            "enter a commentary: why the rating is what it is",
        ));
    }
    let rated_on = rated_on.unwrap_or(today);
    if rated_on > today {
        problems.push(FieldError::new(
            "rated_on",
            "the review date must be today or in the past",
        ));
    }
    match (rag, problems.is_empty()) {
        (Some(rag), true) => Ok((rag, commentary.to_string(), rated_on)),
        _ => Err(problems),
    }
}

/// How a workstream stands: its own current rating and its actions' current ratings counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RagCounts {
    pub red: usize,
    pub amber: usize,
    pub green: usize,
    pub not_rated: usize,
}

impl RagCounts {
    /// Counts current ratings, `None` for an item not yet rated.
    #[must_use]
    pub fn of(ratings: impl IntoIterator<Item = Option<Rag>>) -> Self {
        let mut counts = Self::default();
        for rag in ratings {
            match rag {
                Some(Rag::Red) => counts.red += 1,
                Some(Rag::Amber) => counts.amber += 1,
                Some(Rag::Green) => counts.green += 1,
                None => counts.not_rated += 1,
            }
        }
        counts
    }

    /// The worst rating counted, or `None` when nothing is rated.
    #[must_use]
    pub fn worst(&self) -> Option<Rag> {
        [
            (self.red, Rag::Red),
            (self.amber, Rag::Amber),
            (self.green, Rag::Green),
        ]
        .into_iter()
        .find(|(n, _)| *n > 0)
        .map(|(_, rag)| rag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn rating(id: i64, rag: Rag, on: u32) -> Rating {
        Rating {
            id,
            rag,
            rated_on: day(on),
            commentary: format!("review {id}"),
            by: "Reviewer".into(),
        }
    }

    #[test]
    fn the_latest_review_is_current_and_earlier_ones_stay() {
        let history = [
            rating(1, Rag::Red, 1),
            rating(3, Rag::Green, 10),
            rating(2, Rag::Amber, 10),
        ];
        assert_eq!(current(&history).unwrap().rag, Rag::Green);
        assert_eq!(current(&history[..1]).unwrap().rag, Rag::Red);
        assert_eq!(current(&[]), None);
    }

    #[test]
    fn a_review_needs_a_rating_and_a_commentary_and_is_not_in_the_future() {
        let problems = check_review("purple", " ", Some(day(20)), day(10)).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["rag", "commentary", "rated_on"]);
        let (rag, text, on) = check_review("A", " Slipping ", None, day(10)).unwrap();
        assert_eq!((rag, text.as_str(), on), (Rag::Amber, "Slipping", day(10)));
    }

    #[test]
    fn targets_read_as_percentages_or_money() {
        assert_eq!(Target::parse(Unit::Percent, "62.5%"), Ok(Target(625)));
        assert_eq!(Target::parse(Unit::Percent, "60"), Ok(Target(600)));
        assert!(Target::parse(Unit::Percent, "101").is_err());
        assert!(Target::parse(Unit::Percent, "6.25").is_err());
        assert_eq!(
            Target::parse(Unit::Money, "-1,500,000"),
            Ok(Target(-150_000_000))
        );
        assert_eq!(Target::parse(Unit::Money, "£0"), Ok(Target(0)));
        let err = Target::parse(Unit::Money, "lots").unwrap_err();
        assert_eq!(err.field, "target");
        assert_eq!(Target(625).show(Unit::Percent), "62.5%");
        assert_eq!(Target(-150_000_000).show(Unit::Money), "-£1,500,000.00");
    }

    #[test]
    fn a_figure_meets_its_target_in_the_direction_wanted() {
        let rate = Figure::Percent {
            percent: Some(62.5),
            numerator: 5,
            denominator: 8,
        };
        assert_eq!(rate.meets(Target(600), Direction::Up), Some(true));
        assert_eq!(rate.meets(Target(600), Direction::Down), Some(false));
        assert_eq!(rate.show(), "62.5% (5 of 8)");
        let none = Figure::Percent {
            percent: None,
            numerator: 0,
            denominator: 0,
        };
        assert_eq!(none.meets(Target(600), Direction::Up), None);
        let deficit = Figure::Money(Pence(-200_000_000));
        assert_eq!(deficit.meets(Target(0), Direction::Up), Some(false));
        assert_eq!(deficit.show(), "-£2,000,000.00");
    }

    #[test]
    fn counts_give_the_worst_rating() {
        let counts = RagCounts::of([Some(Rag::Green), None, Some(Rag::Amber)]);
        assert_eq!((counts.amber, counts.green, counts.not_rated), (1, 1, 1));
        assert_eq!(counts.worst(), Some(Rag::Amber));
        assert_eq!(RagCounts::of([None]).worst(), None);
    }
}
