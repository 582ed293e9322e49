//! The business of a forum meeting: the kinds of agenda item, a member's vote, the actions agreed
//! with their status, which actions are overdue, the order of the action tracker, and which
//! actions come back to the next meeting as matters arising.
//!
//! governance.md ("Openness"): minutes record "each item, decisions and the actions agreed with
//! an owner; the next meeting starts by agreeing the last minutes and going through the actions
//! ('matters arising')". The seed papers ask for "an action plan that is carefully monitored
//! through the Action Tracker". Nothing here reads a clock: the caller passes today.

use chrono::NaiveDate;

use crate::codes::code_enum;

code_enum! {
    /// What an agenda item asks of the forum.
    pub enum ItemKind: field "kind" {
        /// A report for the forum to note.
        Information = "information" => "For information",
        /// A matter the forum decides by vote (governance.md, "Decisions the forum takes").
        Decision = "decision" => "For decision",
        /// A matter the council consults the forum on; the forum's response is recorded.
        Consultation = "consultation" => "For consultation",
    }
}

code_enum! {
    /// How one member voted on an item.
    pub enum Vote: field "vote" {
        For = "for" => "For",
        Against = "against" => "Against",
        Abstain = "abstain" => "Abstained",
    }
}

impl super::voting::RecordedVote {
    /// Adds one member's vote to the counts.
    pub fn add(&mut self, vote: Vote) {
        match vote {
            Vote::For => self.votes_for += 1,
            Vote::Against => self.votes_against += 1,
            Vote::Abstain => self.abstentions += 1,
        }
    }
}

code_enum! {
    /// Where an action stands.
    pub enum ActionStatus: field "status" {
        /// Agreed, not yet started.
        Open = "open" => "Open",
        /// Under way.
        InProgress = "in_progress" => "In progress",
        /// Done: reported back and closed.
        Done = "done" => "Done",
        /// No longer needed, by the forum's agreement.
        Dropped = "dropped" => "Dropped",
    }
}

impl ActionStatus {
    /// Whether the action still needs doing.
    #[must_use]
    pub const fn is_open(self) -> bool {
        matches!(self, Self::Open | Self::InProgress)
    }
}

/// Whether a member's term of office covers `on`. Terms are set by the council (governance.md,
/// "Members": "often four years"); either end may be open. Outside the term the seat is vacant,
/// so it drops out of the membership the quorum is reckoned on until it is filled again.
#[must_use]
pub fn in_term(starts_on: Option<NaiveDate>, ends_on: Option<NaiveDate>, on: NaiveDate) -> bool {
    starts_on.is_none_or(|s| s <= on) && ends_on.is_none_or(|e| on <= e)
}

/// An action as far as the tracker and matters arising need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionDue {
    pub status: ActionStatus,
    /// The date it is due, if one was set.
    pub due_on: Option<NaiveDate>,
    /// The date of the meeting it is due at, if it was set to report to a meeting.
    pub due_meeting_on: Option<NaiveDate>,
}

impl ActionDue {
    /// When the action is due: the date set, or else the date of the meeting it reports to.
    #[must_use]
    pub fn due(&self) -> Option<NaiveDate> {
        self.due_on.or(self.due_meeting_on)
    }

    /// Whether the action is still open after the day it was due. An action due today is not
    /// yet overdue: the owner has the whole day.
    #[must_use]
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && self.due().is_some_and(|d| d < today)
    }
}

/// The order of the action tracker: overdue actions first (longest overdue first), then other
/// open actions by due date (those with no date last), then closed ones. The sort key of one
/// action; compare keys to order actions, with ties broken by the caller (raised first).
#[must_use]
pub fn tracker_key(action: &ActionDue, today: NaiveDate) -> (u8, bool, Option<NaiveDate>) {
    let group = if action.is_overdue(today) {
        0
    } else if action.status.is_open() {
        1
    } else {
        2
    };
    let due = action.due();
    // `None` sorts before `Some` in Rust: the flag puts undated actions after dated ones.
    (group, due.is_none(), due)
}

/// Whether an action raised at a meeting held on `raised_on` comes to the meeting held on
/// `meeting_on` as a matter arising, given the date of the meeting before it (`previous_on`).
///
/// An action comes back when it was raised at an earlier meeting and is still open (the forum
/// goes through the actions until each is closed), or when it was raised at the meeting just
/// before, open or not (so the forum hears what was done since it last met).
#[must_use]
pub fn is_matter_arising(
    action: &ActionDue,
    raised_on: NaiveDate,
    meeting_on: NaiveDate,
    previous_on: Option<NaiveDate>,
) -> bool {
    if raised_on >= meeting_on {
        return false;
    }
    action.status.is_open() || previous_on == Some(raised_on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::assert_code_set;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn action(status: ActionStatus, due: Option<&str>) -> ActionDue {
        ActionDue {
            status,
            due_on: due.map(d),
            due_meeting_on: None,
        }
    }

    #[test]
    fn code_sets_round_trip() {
        assert_code_set(&ItemKind::ALL, ItemKind::code, ItemKind::label);
        assert_code_set(&Vote::ALL, Vote::code, Vote::label);
        assert_code_set(&ActionStatus::ALL, ActionStatus::code, ActionStatus::label);
    }

    #[test]
    fn a_term_covers_its_first_and_last_days() {
        let (start, end) = (Some(d("2023-09-01")), Some(d("2027-08-31")));
        assert!(in_term(start, end, d("2023-09-01")));
        assert!(in_term(start, end, d("2027-08-31")));
        assert!(!in_term(start, end, d("2027-09-01")));
        assert!(!in_term(start, None, d("2023-08-31")));
        assert!(in_term(None, None, d("2000-01-01")));
    }

    #[test]
    fn overdue_is_open_and_past_its_day() {
        let today = d("2026-03-10");
        assert!(action(ActionStatus::Open, Some("2026-03-09")).is_overdue(today));
        assert!(!action(ActionStatus::Open, Some("2026-03-10")).is_overdue(today));
        assert!(!action(ActionStatus::Done, Some("2026-01-01")).is_overdue(today));
        assert!(!action(ActionStatus::InProgress, None).is_overdue(today));
        let to_meeting = ActionDue {
            status: ActionStatus::InProgress,
            due_on: None,
            due_meeting_on: Some(d("2026-02-01")),
        };
        assert!(to_meeting.is_overdue(today));
    }

    #[test]
    fn the_tracker_puts_overdue_first_then_open_by_date_then_closed() {
        let today = d("2026-03-10");
        let mut actions = [
            action(ActionStatus::Done, Some("2026-01-01")),
            action(ActionStatus::Open, None),
            action(ActionStatus::Open, Some("2026-04-01")),
            action(ActionStatus::Open, Some("2026-03-01")),
            action(ActionStatus::InProgress, Some("2026-02-01")),
        ];
        actions.sort_by_key(|a| tracker_key(a, today));
        let dues: Vec<_> = actions.iter().map(|a| (a.status, a.due_on)).collect();
        assert_eq!(
            dues,
            vec![
                (ActionStatus::InProgress, Some(d("2026-02-01"))),
                (ActionStatus::Open, Some(d("2026-03-01"))),
                (ActionStatus::Open, Some(d("2026-04-01"))),
                (ActionStatus::Open, None),
                (ActionStatus::Done, Some(d("2026-01-01"))),
            ]
        );
    }

    #[test]
    fn matters_arising_are_open_actions_and_everything_from_last_time() {
        let (earlier, previous, now) = (d("2025-10-01"), d("2026-01-15"), d("2026-03-10"));
        let open = action(ActionStatus::Open, None);
        let done = action(ActionStatus::Done, None);
        assert!(is_matter_arising(&open, earlier, now, Some(previous)));
        assert!(!is_matter_arising(&done, earlier, now, Some(previous)));
        assert!(is_matter_arising(&done, previous, now, Some(previous)));
        assert!(!is_matter_arising(&open, now, now, Some(previous)));
    }
}
