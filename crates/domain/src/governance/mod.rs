//! Schools Forum governance as pure rules: who sits on the forum, when a meeting is quorate, who
//! may vote on an item and what a recorded vote decides, RAG ratings for action plans, and a
//! reader that turns published plain-text minutes into a draft of attendance, items, decisions
//! and actions.
//!
//! The rules come from the Schools Forums (England) Regulations 2012 (made under s.47A of the
//! School Standards and Framework Act 1998) as summarised in `reference/governance.md`; each rule
//! cites its source next to the code. Nothing here reads a database or a clock: the caller passes
//! the seats, the attendance, the votes and "today".
//!
//! - [`business`]: agenda item kinds, votes, actions, the tracker order and matters arising.
//! - [`membership`]: member categories, seats, attendance and the quorum.
//! - [`voting`]: decision kinds, who may vote, checking a recorded vote and its outcome.
//! - [`rag`]: red, amber and green ratings.
//! - [`plans`]: action plans' reviews, current ratings, measures and targets.
//! - [`minutes`]: [`parse_minutes`] and [`resolve_owner`].

pub mod business;
pub mod membership;
pub mod minutes;
pub mod plans;
pub mod rag;
pub mod voting;

pub use business::{
    ActionDue, ActionStatus, ItemKind, Vote, in_term, is_matter_arising, tracker_key,
};
pub use membership::{
    Attendance, Composition, MemberCategory, MemberGroup, Occupancy, QUORUM_RULE, Quorum, Seat,
    composition, quorum, quorum_required,
};
pub use minutes::{
    AttendanceGroup, AttendanceList, ForumMatch, ForumPerson, MinutesAction, MinutesDecision,
    MinutesDraft, MinutesItem, OwnerFound, OwnerMatch, Person, PersonRef, match_forum,
    owner_candidates, parse_minutes, resolve_owner, resolve_owners,
};
pub use rag::Rag;
pub use voting::{
    DecisionKind, Ineligible, Interest, RecordedVote, VoteOutcome, Voter, eligible_voters,
    may_vote, outcome,
};
