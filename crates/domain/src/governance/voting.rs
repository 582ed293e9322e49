//! Who may vote on a forum item, checking a recorded vote, and what it decides.
//!
//! Rules (governance.md, "Voting"; Schools Forums (England) Regulations 2012 reg. 8(9) and
//! 8(10)): every member may vote on every matter put to a vote, except that on the schools
//! funding formula only schools members, academies members and the early years PVI
//! representative vote. A member declares interests before an item and does not vote where the
//! interest is prejudicial. Observers are not members and never vote. A substitute attends and
//! votes on behalf of the member they replace (reg. 8(8)).

use super::membership::{Attendance, MemberCategory, MemberGroup, Quorum};
use crate::codes::code_enum;
use crate::error::FieldError;

code_enum! {
    /// The kind of matter put to a vote, as far as it changes who may vote.
    ///
    /// Not modelled: de-delegation and other decisions that the school finance regulations give
    /// to the schools members of one phase only. governance.md does not describe those rules, so
    /// they are left out rather than guessed; until a kind is added for them, do not record such
    /// votes as [`DecisionKind::General`].
    pub enum DecisionKind: field "decision_kind" {
        /// A matter relating to the schools funding formula (reg. 8(10)).
        SchoolsFundingFormula = "schools_funding_formula" => "Schools funding formula",
        /// Any other matter put to a vote: all members present may vote (reg. 8(9)).
        General = "general" => "Other matters",
    }
}

code_enum! {
    /// An interest a member declared before the item.
    pub enum Interest: field "interest" {
        /// Nothing declared.
        None = "none" => "No interest declared",
        /// Declared, but not prejudicial: the member stays and may vote.
        Personal = "personal" => "Personal interest",
        /// Prejudicial: the member does not vote on the item (governance.md, "Voting").
        Prejudicial = "prejudicial" => "Prejudicial interest",
    }
}

code_enum! {
    /// Why someone at the meeting may not vote on an item.
    pub enum Ineligible: field "eligibility" {
        /// Observers are not members of the forum (governance.md, "Members").
        Observer = "observer" => "Observers do not vote",
        /// Only members at the meeting (or their substitutes) vote.
        NotPresent = "not_present" => "Not at the meeting",
        /// Reg. 8(10): non-schools members, other than the early years representative, do not
        /// vote on the schools funding formula.
        NonSchoolsOnFormula = "non_schools_on_formula"
            => "Only schools members, academies members and the early years PVI representative \
                vote on the schools funding formula",
        /// A prejudicial interest was declared on the item.
        PrejudicialInterest = "prejudicial_interest" => "Declared a prejudicial interest",
    }
}

/// A member's seat at a meeting, as far as voting on one item is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Voter {
    /// The category of the seat (for a substitute, the seat of the member they replace).
    pub category: MemberCategory,
    /// How the seat was attended.
    pub attendance: Attendance,
    /// What was declared on this item.
    pub interest: Interest,
}

/// Whether `voter` may vote on an item of kind `kind`; if not, the first reason that applies,
/// in the order: observer, not present, the funding formula rule, a prejudicial interest.
///
/// # Errors
/// The [`Ineligible`] reason.
pub fn may_vote(voter: &Voter, kind: DecisionKind) -> Result<(), Ineligible> {
    if !voter.category.is_member() {
        return Err(Ineligible::Observer);
    }
    if !voter.attendance.is_present() {
        return Err(Ineligible::NotPresent);
    }
    if kind == DecisionKind::SchoolsFundingFormula
        && voter.category.group() == MemberGroup::NonSchools
        && voter.category != MemberCategory::EarlyYearsPvi
    {
        return Err(Ineligible::NonSchoolsOnFormula);
    }
    if voter.interest == Interest::Prejudicial {
        return Err(Ineligible::PrejudicialInterest);
    }
    Ok(())
}

/// How many of `voters` may vote on an item of kind `kind`.
#[must_use]
pub fn eligible_voters(voters: &[Voter], kind: DecisionKind) -> usize {
    voters.iter().filter(|v| may_vote(v, kind).is_ok()).count()
}

/// The counts a clerk records for a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RecordedVote {
    /// Votes for the proposal.
    pub votes_for: usize,
    /// Votes against it.
    pub votes_against: usize,
    /// Eligible members who chose not to vote either way.
    pub abstentions: usize,
}

impl RecordedVote {
    /// All votes recorded, abstentions included.
    #[must_use]
    pub const fn total(&self) -> usize {
        self.votes_for + self.votes_against + self.abstentions
    }

    /// Checks the counts against the number of members present who may vote on the item
    /// (from [`eligible_voters`]). Fewer may be recorded than are eligible (a member may leave
    /// the room), never more.
    ///
    /// # Errors
    /// A [`FieldError`] on `votes_for`, `votes_against` or `abstentions` when one count alone is
    /// too high, or on `votes` when nothing is recorded or the three together are too high.
    pub fn validate(&self, eligible: usize) -> Result<(), FieldError> {
        let too_many = |field: &'static str, what: &str, n: usize| {
            FieldError::new(
                field,
                format!(
                    "{n} {what} recorded, but only {eligible} {} present may vote on this item",
                    members(eligible)
                ),
            )
        };
        if self.votes_for > eligible {
            return Err(too_many("votes_for", "votes for", self.votes_for));
        }
        if self.votes_against > eligible {
            return Err(too_many(
                "votes_against",
                "votes against",
                self.votes_against,
            ));
        }
        if self.abstentions > eligible {
            return Err(too_many("abstentions", "abstentions", self.abstentions));
        }
        let total = self.total();
        if total == 0 {
            return Err(FieldError::new(
                "votes",
                "enter the votes for, against and abstentions; none are recorded",
            ));
        }
        if total > eligible {
            return Err(FieldError::new(
                "votes",
                format!(
                    "{} for, {} against and {} abstaining add up to {total}, but only \
                     {eligible} {} present may vote on this item",
                    self.votes_for,
                    self.votes_against,
                    self.abstentions,
                    members(eligible)
                ),
            ));
        }
        Ok(())
    }
}

/// "member" or "members".
const fn members(n: usize) -> &'static str {
    if n == 1 { "member" } else { "members" }
}

code_enum! {
    /// What a vote decided.
    pub enum VoteOutcome: field "vote_outcome" {
        /// More votes for than against.
        Carried = "carried" => "Carried",
        /// More votes against than for.
        NotCarried = "not_carried" => "Not carried",
        /// As many for as against. Neither governance.md nor the regulations give the chair a
        /// casting vote, so a proposal without a majority for it is not carried.
        Tied = "tied" => "Not carried (tied vote)",
        /// The meeting was not quorate, so it could not take the decision (reg. 8(3)).
        Inquorate = "inquorate" => "Not decided (meeting not quorate)",
        /// Agreed as the minutes record it ("It was agreed …", "RESOLVED that …"), read from
        /// minutes that give no counts: the minutes are the forum's record of the decision.
        Minuted = "minuted" => "Agreed (as minuted)",
    }
}

impl VoteOutcome {
    /// Whether the proposal was agreed.
    #[must_use]
    pub const fn is_carried(self) -> bool {
        matches!(self, Self::Carried | Self::Minuted)
    }
}

/// What `vote` decided, with `eligible` members present who may vote on the item and the
/// meeting at `quorum`.
///
/// A simple majority of the votes cast decides; abstentions count for neither side. The
/// reference sets no other majority, so none is applied. A meeting that is not quorate cannot
/// take decisions (governance.md, "Quorum"), whatever the counts.
///
/// # Errors
/// The [`FieldError`] of [`RecordedVote::validate`] when the counts cannot be right.
pub fn outcome(
    vote: &RecordedVote,
    eligible: usize,
    quorum: &Quorum,
) -> Result<VoteOutcome, FieldError> {
    vote.validate(eligible)?;
    Ok(if !quorum.quorate {
        VoteOutcome::Inquorate
    } else if vote.votes_for > vote.votes_against {
        VoteOutcome::Carried
    } else if vote.votes_for == vote.votes_against {
        VoteOutcome::Tied
    } else {
        VoteOutcome::NotCarried
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::assert_code_set;
    use crate::governance::membership::{Seat, quorum};
    use proptest::prelude::*;

    use MemberCategory as C;

    fn voter(category: MemberCategory) -> Voter {
        Voter {
            category,
            attendance: Attendance::Present,
            interest: Interest::None,
        }
    }

    fn quorate() -> Quorum {
        quorum(&[Seat::filled(C::Academies, Attendance::Present)])
    }

    #[test]
    fn code_sets_round_trip() {
        assert_code_set(&DecisionKind::ALL, DecisionKind::code, DecisionKind::label);
        assert_code_set(&Interest::ALL, Interest::code, Interest::label);
        assert_code_set(&Ineligible::ALL, Ineligible::code, Ineligible::label);
        assert_code_set(&VoteOutcome::ALL, VoteOutcome::code, VoteOutcome::label);
    }

    #[test]
    fn on_the_formula_only_schools_academies_and_early_years_vote() {
        let formula = DecisionKind::SchoolsFundingFormula;
        for c in MemberCategory::ALL {
            let expected = match c.group() {
                MemberGroup::Schools | MemberGroup::Academies => Ok(()),
                MemberGroup::NonSchools if c == C::EarlyYearsPvi => Ok(()),
                MemberGroup::NonSchools => Err(Ineligible::NonSchoolsOnFormula),
                MemberGroup::Observer => Err(Ineligible::Observer),
            };
            assert_eq!(may_vote(&voter(c), formula), expected, "{c:?}");
        }
    }

    #[test]
    fn on_other_matters_every_member_votes_but_observers_never() {
        for c in MemberCategory::ALL {
            let expected = if c == C::Observer {
                Err(Ineligible::Observer)
            } else {
                Ok(())
            };
            assert_eq!(may_vote(&voter(c), DecisionKind::General), expected);
        }
    }

    #[test]
    fn a_prejudicial_interest_or_absence_stops_a_vote_but_a_substitute_votes() {
        let mut v = voter(C::SchoolsSecondary);
        v.interest = Interest::Personal;
        assert_eq!(may_vote(&v, DecisionKind::General), Ok(()));
        v.interest = Interest::Prejudicial;
        assert_eq!(
            may_vote(&v, DecisionKind::General),
            Err(Ineligible::PrejudicialInterest)
        );
        let mut sub = voter(C::Diocesan);
        sub.attendance = Attendance::Substitute;
        assert_eq!(may_vote(&sub, DecisionKind::General), Ok(()));
        sub.attendance = Attendance::Apologies;
        assert_eq!(
            may_vote(&sub, DecisionKind::General),
            Err(Ineligible::NotPresent)
        );
    }

    #[test]
    fn eligible_voters_counts_per_kind() {
        let mut voters = vec![
            voter(C::SchoolsPrimary),
            voter(C::Academies),
            voter(C::EarlyYearsPvi),
            voter(C::SixteenToNineteen),
            voter(C::Observer),
        ];
        voters[1].interest = Interest::Prejudicial;
        assert_eq!(eligible_voters(&voters, DecisionKind::General), 3);
        assert_eq!(
            eligible_voters(&voters, DecisionKind::SchoolsFundingFormula),
            2
        );
    }

    #[test]
    fn too_many_votes_name_the_field() {
        let vote = |f, a, x| RecordedVote {
            votes_for: f,
            votes_against: a,
            abstentions: x,
        };
        assert_eq!(vote(6, 0, 0).validate(5).unwrap_err().field, "votes_for");
        assert_eq!(
            vote(0, 6, 0).validate(5).unwrap_err().field,
            "votes_against"
        );
        assert_eq!(vote(0, 0, 6).validate(5).unwrap_err().field, "abstentions");
        let err = vote(3, 2, 1).validate(5).unwrap_err();
        assert_eq!(err.field, "votes");
        assert_eq!(
            err.problem,
            "3 for, 2 against and 1 abstaining add up to 6, but only 5 members present may \
             vote on this item"
        );
        assert_eq!(vote(0, 0, 0).validate(5).unwrap_err().field, "votes");
        let one = vote(2, 0, 0).validate(1).unwrap_err();
        assert!(one.problem.contains("only 1 member present"), "{one}");
        assert_eq!(vote(3, 1, 1).validate(5), Ok(()));
    }

    #[test]
    fn outcomes() {
        let q = quorate();
        let vote = |f, a, x| RecordedVote {
            votes_for: f,
            votes_against: a,
            abstentions: x,
        };
        assert_eq!(outcome(&vote(3, 2, 4), 9, &q), Ok(VoteOutcome::Carried));
        assert_eq!(outcome(&vote(2, 3, 0), 9, &q), Ok(VoteOutcome::NotCarried));
        assert_eq!(outcome(&vote(3, 3, 1), 9, &q), Ok(VoteOutcome::Tied));
        assert!(!VoteOutcome::Tied.is_carried());
        let inquorate = quorum(&[Seat::filled(C::Academies, Attendance::Absent)]);
        assert_eq!(
            outcome(&vote(3, 0, 0), 9, &inquorate),
            Ok(VoteOutcome::Inquorate)
        );
        assert!(outcome(&vote(9, 1, 0), 9, &q).is_err());
    }

    proptest! {
        #[test]
        fn validate_accepts_exactly_the_counts_that_fit(
            f in 0usize..30, a in 0usize..30, x in 0usize..30, eligible in 0usize..60,
        ) {
            let vote = RecordedVote { votes_for: f, votes_against: a, abstentions: x };
            let fits = f + a + x <= eligible && f + a + x > 0;
            prop_assert_eq!(vote.validate(eligible).is_ok(), fits);
            if fits {
                let o = outcome(&vote, eligible, &quorate()).unwrap();
                prop_assert_eq!(o.is_carried(), f > a);
            }
        }

        #[test]
        fn the_formula_never_has_more_voters_than_other_matters(
            picks in proptest::collection::vec(
                (0usize..11, 0usize..4, 0usize..3), 0..30),
        ) {
            let voters: Vec<Voter> = picks.iter().map(|&(c, a, i)| Voter {
                category: MemberCategory::ALL[c],
                attendance: Attendance::ALL[a],
                interest: Interest::ALL[i],
            }).collect();
            let general = eligible_voters(&voters, DecisionKind::General);
            let formula = eligible_voters(&voters, DecisionKind::SchoolsFundingFormula);
            prop_assert!(formula <= general);
            prop_assert!(general <= voters.len());
        }
    }
}
