//! Who sits on a Schools Forum, who counts towards its membership, and whether a meeting is
//! quorate.
//!
//! The categories follow `reference/governance.md` ("Members") and the Schools Forums (England)
//! Regulations 2012: schools members (maintained primary, secondary, special and nursery schools
//! and pupil referral units), academies members, non-schools members (for example the early years
//! private, voluntary and independent (PVI) providers' representative, 16 to 19 providers and
//! diocesan bodies), and observers. Officers attend and present but are not members, so they
//! have no seat here at all.

use crate::codes::code_enum;
use crate::error::FieldError;

code_enum! {
    /// The category of a seat on the forum.
    ///
    /// Schools members are split by the phase and type of maintained school they represent
    /// (the regulations ask for them "roughly in proportion to pupils", and some votes are by
    /// phase); non-schools members by the body they represent. An observer's seat is recorded so
    /// that attendance lists are complete, but it is not part of the membership.
    pub enum MemberCategory: field "member_category" {
        SchoolsPrimary = "schools_primary" => "Schools member: maintained primary schools",
        SchoolsSecondary = "schools_secondary" => "Schools member: maintained secondary schools",
        SchoolsSpecial = "schools_special" => "Schools member: maintained special schools",
        SchoolsNursery = "schools_nursery" => "Schools member: maintained nursery schools",
        SchoolsPru = "schools_pru"
            => "Schools member: pupil referral units and alternative provision",
        Academies = "academies" => "Academies member",
        EarlyYearsPvi = "early_years_pvi"
            => "Non-schools member: early years private, voluntary and independent providers",
        SixteenToNineteen = "sixteen_to_nineteen" => "Non-schools member: 16 to 19 providers",
        Diocesan = "diocesan" => "Non-schools member: diocesan bodies",
        NonSchoolsOther = "non_schools_other" => "Non-schools member: other bodies",
        Observer = "observer" => "Observer",
    }
}

code_enum! {
    /// The three kinds of member the regulations name, and observers.
    pub enum MemberGroup: field "member_group" {
        Schools = "schools" => "Schools members",
        Academies = "academies" => "Academies members",
        NonSchools = "non_schools" => "Non-schools members",
        Observer = "observer" => "Observers",
    }
}

impl MemberCategory {
    /// The group this category belongs to.
    #[must_use]
    pub const fn group(self) -> MemberGroup {
        match self {
            Self::SchoolsPrimary
            | Self::SchoolsSecondary
            | Self::SchoolsSpecial
            | Self::SchoolsNursery
            | Self::SchoolsPru => MemberGroup::Schools,
            Self::Academies => MemberGroup::Academies,
            Self::EarlyYearsPvi
            | Self::SixteenToNineteen
            | Self::Diocesan
            | Self::NonSchoolsOther => MemberGroup::NonSchools,
            Self::Observer => MemberGroup::Observer,
        }
    }

    /// Whether a seat of this category is part of the forum's membership, and so counts towards
    /// the quorum: every category but observers ("Observers may attend", governance.md).
    #[must_use]
    pub const fn is_member(self) -> bool {
        !matches!(self, Self::Observer)
    }
}

code_enum! {
    /// How the holder of a seat attended a meeting.
    pub enum Attendance: field "attendance" {
        /// The member was there.
        Present = "present" => "Present",
        /// A substitute attended in the member's place. The authority must let substitutes
        /// attend and vote for schools, academies and non-schools members (Schools Forums
        /// (England) Regulations 2012 reg. 8(8)), so a substitute counts for the member they
        /// replace.
        Substitute = "substitute" => "Substitute attended",
        /// The member sent apologies.
        Apologies = "apologies" => "Apologies",
        /// The member was absent without apologies.
        Absent = "absent" => "Absent",
    }
}

impl Attendance {
    /// Whether the seat was filled in the room: by the member or by their substitute.
    #[must_use]
    pub const fn is_present(self) -> bool {
        matches!(self, Self::Present | Self::Substitute)
    }
}

/// Whether a seat has a member, and if so how they attended the meeting in question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Occupancy {
    /// Nobody holds the seat. A vacancy is not part of the membership for the quorum.
    Vacant,
    /// A member holds the seat and attended (or not) as recorded.
    Filled(Attendance),
}

/// One seat on the forum at one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Seat {
    /// What the seat represents.
    pub category: MemberCategory,
    /// Whether it is held, and how its holder attended.
    pub occupancy: Occupancy,
}

impl Seat {
    /// A seat held by a member who attended as `attendance`.
    #[must_use]
    pub const fn filled(category: MemberCategory, attendance: Attendance) -> Self {
        Self {
            category,
            occupancy: Occupancy::Filled(attendance),
        }
    }

    /// A vacant seat.
    #[must_use]
    pub const fn vacant(category: MemberCategory) -> Self {
        Self {
            category,
            occupancy: Occupancy::Vacant,
        }
    }

    /// Whether the seat counts towards the membership on which the quorum is reckoned: a
    /// member's seat (not an observer's) that is not vacant.
    #[must_use]
    pub const fn counts_to_membership(self) -> bool {
        self.category.is_member() && matches!(self.occupancy, Occupancy::Filled(_))
    }

    /// Whether the seat counts as present for the quorum: it counts to the membership and its
    /// member or their substitute was there.
    #[must_use]
    pub const fn counts_as_present(self) -> bool {
        self.category.is_member()
            && matches!(self.occupancy, Occupancy::Filled(a) if a.is_present())
    }
}

/// Where a meeting stands against its quorum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Quorum {
    /// Members' seats that are filled: the total membership excluding vacancies and observers.
    pub membership: usize,
    /// How many of them must be present: see [`quorum_required`].
    pub required: usize,
    /// How many are present, counting substitutes for the members they replace.
    pub present: usize,
    /// Whether the meeting may take decisions.
    pub quorate: bool,
    /// How many more members (or substitutes) must arrive for it to be quorate; 0 when quorate.
    pub short_by: usize,
}

/// The rule, as shown next to a quorum figure.
pub const QUORUM_RULE: &str = "Schools Forums (England) Regulations 2012 reg. 8(3): a meeting is \
     quorate if at least two fifths (40%) of the total membership is present; vacancies are not \
     counted in the membership (governance.md)";

/// How many members must be present for a forum of `membership` members (vacancies and observers
/// already left out) to be quorate.
///
/// governance.md: "40% of the total membership (excluding vacancies) must be present for a
/// meeting to take decisions"; the regulations say "at least two fifths" (reg. 8(3)). Neither
/// gives a rounding, but "at least" 40% of a whole number of people means rounding up: with 16
/// members 40% is 6.4, and 6 present is less than 40%, so 7 are needed. Worked in whole numbers
/// as the smallest `n` with `5n >= 2 * membership`, so no floating point is involved.
///
/// A forum with no members at all cannot take decisions, so the answer is never below 1.
#[must_use]
pub const fn quorum_required(membership: usize) -> usize {
    // ceil(2m / 5) without overflowing for large m: whole fifths, then the remainder.
    let whole = membership / 5 * 2;
    let rest = (membership % 5 * 2).div_ceil(5);
    let needed = whole + rest;
    if needed == 0 { 1 } else { needed }
}

/// Whether a meeting with these seats and this attendance is quorate, and if not how many more
/// members are needed. See [`quorum_required`] and [`QUORUM_RULE`].
#[must_use]
pub fn quorum(seats: &[Seat]) -> Quorum {
    let membership = seats.iter().filter(|s| s.counts_to_membership()).count();
    let present = seats.iter().filter(|s| s.counts_as_present()).count();
    let required = quorum_required(membership);
    Quorum {
        membership,
        required,
        present,
        quorate: present >= required,
        short_by: required.saturating_sub(present),
    }
}

/// How the seats of a forum are made up, counting vacant seats: the constitution is about the
/// seats the council has set up, whether or not each is filled today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Composition {
    /// Schools members' seats.
    pub schools: usize,
    /// Academies members' seats.
    pub academies: usize,
    /// Non-schools members' seats.
    pub non_schools: usize,
    /// Observers' seats (not members).
    pub observers: usize,
    /// Members' seats that are vacant (already counted in the three groups above).
    pub vacancies: usize,
}

impl Composition {
    /// All members' seats: schools, academies and non-schools.
    #[must_use]
    pub const fn membership(&self) -> usize {
        self.schools + self.academies + self.non_schools
    }

    /// Checks that schools and academies members together are at least two thirds of the forum
    /// (governance.md, "Members"), worked in whole numbers as `3 * (schools + academies) >= 2 *
    /// membership`.
    ///
    /// # Errors
    /// A [`FieldError`] on `seats` saying how many seats there are of each kind when they are
    /// not, or when the forum has no members' seats at all.
    pub fn check(&self) -> Result<(), FieldError> {
        let members = self.membership();
        if members == 0 {
            return Err(FieldError::new(
                "seats",
                "add at least one schools or academies member's seat",
            ));
        }
        let school_side = self.schools + self.academies;
        if 3 * school_side < 2 * members {
            return Err(FieldError::new(
                "seats",
                format!(
                    "schools and academies members must be at least two thirds of the forum, \
                     but are {school_side} of {members} seats; add schools or academies seats \
                     or remove non-schools seats"
                ),
            ));
        }
        Ok(())
    }
}

/// Counts the seats of a forum by group.
#[must_use]
pub fn composition(seats: &[Seat]) -> Composition {
    let mut c = Composition::default();
    for seat in seats {
        match seat.category.group() {
            MemberGroup::Schools => c.schools += 1,
            MemberGroup::Academies => c.academies += 1,
            MemberGroup::NonSchools => c.non_schools += 1,
            MemberGroup::Observer => c.observers += 1,
        }
        if seat.category.is_member() && seat.occupancy == Occupancy::Vacant {
            c.vacancies += 1;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::assert_code_set;
    use proptest::prelude::*;

    use Attendance::{Absent, Apologies, Present, Substitute};
    use MemberCategory::{Academies, EarlyYearsPvi, Observer, SchoolsPrimary, SchoolsSecondary};

    #[test]
    fn code_sets_round_trip() {
        assert_code_set(
            &MemberCategory::ALL,
            MemberCategory::code,
            MemberCategory::label,
        );
        assert_code_set(&MemberGroup::ALL, MemberGroup::code, MemberGroup::label);
        assert_code_set(&Attendance::ALL, Attendance::code, Attendance::label);
    }

    #[test]
    fn observers_are_not_members_and_everyone_else_is() {
        for c in MemberCategory::ALL {
            assert_eq!(c.is_member(), c != Observer, "{c:?}");
        }
        assert_eq!(EarlyYearsPvi.group(), MemberGroup::NonSchools);
        assert_eq!(MemberCategory::SchoolsPru.group(), MemberGroup::Schools);
    }

    #[test]
    fn forty_percent_rounds_up() {
        // 40% of 10 is exactly 4; of 16 is 6.4, so 7; of 20 is 8; of 1 is 0.4, so 1.
        assert_eq!(quorum_required(10), 4);
        assert_eq!(quorum_required(16), 7);
        assert_eq!(quorum_required(20), 8);
        assert_eq!(quorum_required(1), 1);
        assert_eq!(quorum_required(0), 1);
    }

    #[test]
    fn vacancies_and_observers_do_not_count() {
        // 12 seats: 2 vacant, 1 observer (present): membership 9, quorum 4.
        let mut seats = vec![Seat::vacant(SchoolsPrimary), Seat::vacant(Academies)];
        seats.push(Seat::filled(Observer, Present));
        seats.extend((0..3).map(|_| Seat::filled(SchoolsSecondary, Present)));
        seats.extend((0..6).map(|_| Seat::filled(Academies, Apologies)));
        let q = quorum(&seats);
        assert_eq!(q.membership, 9);
        assert_eq!(q.required, 4);
        assert_eq!(q.present, 3);
        assert!(!q.quorate);
        assert_eq!(q.short_by, 1);
    }

    #[test]
    fn a_substitute_counts_for_the_member_they_replace() {
        let mut seats: Vec<Seat> = (0..3).map(|_| Seat::filled(Academies, Present)).collect();
        seats.extend((0..5).map(|_| Seat::filled(SchoolsPrimary, Absent)));
        seats.push(Seat::filled(EarlyYearsPvi, Substitute));
        seats.push(Seat::filled(EarlyYearsPvi, Absent));
        let q = quorum(&seats);
        assert_eq!((q.membership, q.required, q.present), (10, 4, 4));
        assert!(q.quorate);
        assert_eq!(q.short_by, 0);
    }

    #[test]
    fn the_bathnes_meeting_of_twelve_members_with_eight_present_is_quorate() {
        // Minutes of 7 December 2021: 8 members present, 4 not present, 1 observer.
        let mut seats: Vec<Seat> = (0..8)
            .map(|_| Seat::filled(SchoolsPrimary, Present))
            .collect();
        seats.extend((0..4).map(|_| Seat::filled(Academies, Absent)));
        seats.push(Seat::filled(Observer, Present));
        let q = quorum(&seats);
        assert_eq!((q.membership, q.required, q.present), (12, 5, 8));
        assert!(q.quorate);
    }

    #[test]
    fn composition_needs_two_thirds_schools_and_academies() {
        let mut seats: Vec<Seat> = (0..6)
            .map(|_| Seat::filled(SchoolsPrimary, Present))
            .collect();
        seats.extend((0..4).map(|_| Seat::vacant(EarlyYearsPvi)));
        seats.push(Seat::filled(Observer, Present));
        let c = composition(&seats);
        assert_eq!(
            (c.schools, c.non_schools, c.observers, c.vacancies),
            (6, 4, 1, 4)
        );
        let err = c.check().unwrap_err();
        assert_eq!(err.field, "seats");
        assert!(err.problem.contains("6 of 10"), "{err}");
        seats.pop();
        seats.pop(); // 6 of 9: exactly two thirds
        assert_eq!(composition(&seats).check(), Ok(()));
        assert!(
            composition(&[Seat::filled(Observer, Present)])
                .check()
                .is_err()
        );
    }

    fn seat() -> impl Strategy<Value = Seat> {
        let category = proptest::sample::select(MemberCategory::ALL.to_vec());
        let occupancy = prop_oneof![
            Just(Occupancy::Vacant),
            proptest::sample::select(Attendance::ALL.to_vec()).prop_map(Occupancy::Filled),
        ];
        (category, occupancy).prop_map(|(category, occupancy)| Seat {
            category,
            occupancy,
        })
    }

    proptest! {
        #[test]
        fn required_is_the_smallest_count_at_or_over_forty_percent(m in 0usize..100_000) {
            let r = quorum_required(m);
            prop_assert!(5 * r >= 2 * m);
            prop_assert!(r >= 1);
            if r > 1 {
                prop_assert!(5 * (r - 1) < 2 * m);
            }
        }

        #[test]
        fn quorum_is_consistent(seats in proptest::collection::vec(seat(), 0..40)) {
            let q = quorum(&seats);
            prop_assert!(q.present <= q.membership);
            prop_assert_eq!(q.quorate, q.short_by == 0);
            prop_assert!(q.present + q.short_by >= q.required);
            if !q.quorate {
                prop_assert_eq!(q.present + q.short_by, q.required);
            }
        }

        #[test]
        fn adding_observers_or_vacancies_changes_nothing(
            seats in proptest::collection::vec(seat(), 0..40),
            extra in 0usize..5,
        ) {
            let before = quorum(&seats);
            let mut more = seats.clone();
            more.extend((0..extra).map(|_| Seat::filled(Observer, Present)));
            more.extend((0..extra).map(|_| Seat::vacant(SchoolsPrimary)));
            prop_assert_eq!(quorum(&more), before);
        }

        #[test]
        fn one_more_present_never_loses_the_quorum(
            seats in proptest::collection::vec(seat(), 0..40),
        ) {
            let mut more = seats.clone();
            more.push(Seat::filled(Academies, Present));
            let (before, after) = (quorum(&seats), quorum(&more));
            prop_assert!(after.short_by <= before.short_by);
            // An absent member joining can only make the meeting harder to make quorate.
            let mut absent = seats;
            absent.push(Seat::filled(Academies, Absent));
            prop_assert!(quorum(&absent).short_by >= before.short_by);
        }
    }
}
