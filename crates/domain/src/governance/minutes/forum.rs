//! Matching what minutes say to a forum's own people, so that a clerk confirming imported
//! minutes starts from the forum's seats and officers rather than from names as written: who
//! attended which seat (and who substituted for whom), and which member or officer owns each
//! action. Nothing is guessed: an owner that fits several people, or nobody, is left for the
//! clerk to settle.

use super::people::{initials_of, name_words, names_all, owner_candidates};
use super::text::is_title;
use super::{AttendanceGroup, MinutesAction, MinutesDraft, Person};

/// One of the forum's people: a member holding a seat, or an officer who attends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForumPerson {
    pub name: String,
    /// An officer's role ("Clerk", "Head of finance"), which minutes may name them by.
    pub role: Option<String>,
    pub officer: bool,
}

/// Whom of the forum's people an action's owner is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnerFound {
    /// No owner is written.
    NotWritten,
    /// Exactly one of the forum's people (index into the forum's people).
    One(usize),
    /// The owner text fits several of them, or names several ("JD and PP").
    Several(Vec<usize>),
    /// Nobody of the forum fits the owner text.
    Nobody,
}

/// What the minutes say about the forum's people.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ForumMatch {
    /// For each of the forum's people, the minutes' person who is them (index into
    /// [`MinutesDraft::people`]), if the minutes name them.
    pub named: Vec<Option<usize>>,
    /// (minutes' person, the forum member they sat in for).
    pub substitutes: Vec<(usize, usize)>,
    /// For each action of the draft, its owner among the forum's people.
    pub owners: Vec<OwnerFound>,
    /// The minutes' people found nowhere in the forum (guests, or people missing from it).
    pub unknown: Vec<usize>,
}

/// Matches `draft` against `forum`. A forum person is the minutes' person whose name has all
/// the words of theirs, titles aside ("Dine Romero" is "Cllr Dine Romero"); a substitute is a
/// minutes' person listed as substitute, or noted "substitute for" or "for" a member.
#[must_use]
pub fn match_forum(draft: &MinutesDraft, forum: &[ForumPerson]) -> ForumMatch {
    let people = draft.people();
    let named: Vec<Option<usize>> = forum
        .iter()
        .map(|f| {
            let wanted = name_words(&f.name);
            let found: Vec<usize> = (0..people.len())
                .filter(|&i| !wanted.is_empty() && names_all(&wanted, &people[i].name))
                .collect();
            match found.as_slice() {
                [one] => Some(*one),
                _ => None,
            }
        })
        .collect();
    let substitutes: Vec<(usize, usize)> = (0..people.len())
        .filter_map(|i| {
            let sat_for = substituted(&people[i])?;
            let wanted = name_words(&sat_for);
            let found: Vec<usize> = (0..forum.len())
                .filter(|&f| !forum[f].officer && names_all(&wanted, &forum[f].name))
                .collect();
            match found.as_slice() {
                [one] => Some((i, *one)),
                _ => None,
            }
        })
        .collect();
    let as_people = forum_as_people(forum, &named, &people);
    let owners = draft
        .actions
        .iter()
        .map(|a| owner_of(a, &named, &as_people))
        .collect();
    let unknown = (0..people.len())
        .filter(|i| !named.contains(&Some(*i)) && !substitutes.iter().any(|(s, _)| s == i))
        .filter(|&i| people[i].group != AttendanceGroup::Presenters)
        .collect();
    ForumMatch {
        named,
        substitutes,
        owners,
        unknown,
    }
}

/// The member a substitute sat in for, from their note: "substitute for Cal Dee", "deputising
/// for Cal Dee", "on behalf of Cal Dee", or under a substitutes heading just "for Cal Dee".
fn substituted(person: &Person) -> Option<String> {
    const LEADS: [&str; 7] = [
        "substitute for ",
        "substituting for ",
        "sub for ",
        "deputising for ",
        "deputy for ",
        "on behalf of ",
        "for ",
    ];
    let listed = person.group == AttendanceGroup::Substitutes;
    person.note.as_deref()?.split("; ").find_map(|note| {
        let lower = note.to_lowercase();
        let lead = LEADS.iter().find(|l| lower.starts_with(*l))?;
        if *lead == "for " && !listed {
            return None;
        }
        note.get(lead.len()..).map(|n| n.trim().to_owned())
    })
}

/// The forum's people as [`Person`]s for owner matching: initials from their names, an
/// officer's role as their note, and the attendance the minutes give them (so that, as with
/// minutes' own lists, someone at the meeting is preferred).
fn forum_as_people(
    forum: &[ForumPerson],
    named: &[Option<usize>],
    people: &[Person],
) -> Vec<Person> {
    forum
        .iter()
        .zip(named)
        .map(|(f, n)| {
            let words: Vec<&str> = f.name.split_whitespace().filter(|w| !is_title(w)).collect();
            let group = match n {
                Some(i) => people[*i].group,
                None if f.officer => AttendanceGroup::OfficersAbsent,
                None => AttendanceGroup::MembersAbsent,
            };
            Person {
                name: f.name.clone(),
                initials: n.map_or_else(|| initials_of(&words), |i| people[i].initials.clone()),
                note: f.role.clone(),
                group,
            }
        })
        .collect()
}

fn owner_of(action: &MinutesAction, named: &[Option<usize>], forum: &[Person]) -> OwnerFound {
    let Some(text) = action.owner_text.as_deref() else {
        return OwnerFound::NotWritten;
    };
    // Already matched to someone on the minutes' own lists: that person, if the forum has them.
    if let Some(owner) = action.owner
        && let [one] = (0..named.len())
            .filter(|&f| named[f] == Some(owner.index))
            .collect::<Vec<_>>()
            .as_slice()
    {
        return OwnerFound::One(*one);
    }
    let parts = super::resolve_owners(text, forum);
    if parts.len() > 1 {
        let mut all: Vec<usize> = Vec::new();
        for (part, _) in &parts {
            for i in owner_candidates(part, forum)
                .map(|(_, f)| f)
                .unwrap_or_default()
            {
                if !all.contains(&i) {
                    all.push(i);
                }
            }
        }
        return OwnerFound::Several(all);
    }
    match owner_candidates(text, forum) {
        None => OwnerFound::Nobody,
        Some((_, found)) => match found.as_slice() {
            [] => OwnerFound::Nobody,
            [one] => OwnerFound::One(*one),
            many => {
                let present: Vec<usize> = many
                    .iter()
                    .copied()
                    .filter(|&i| forum[i].group.is_present())
                    .collect();
                match present.as_slice() {
                    [one] => OwnerFound::One(*one),
                    _ => OwnerFound::Several(many.to_vec()),
                }
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_minutes;
    use super::*;

    fn member(name: &str) -> ForumPerson {
        ForumPerson {
            name: name.into(),
            role: None,
            officer: false,
        }
    }

    fn officer(name: &str, role: &str) -> ForumPerson {
        ForumPerson {
            name: name.into(),
            role: Some(role.into()),
            officer: true,
        }
    }

    const MINUTES: &str = "\
Present: Jane Smith (Chair), Cllr Dine Romero, Ann Bee (substitute for Cal Dee)
Apologies: Sam Brown
In attendance: Robert Jones, Lisa Wong (Clerk), Guest Speaker-Person
1. Budget
JS to circulate the budget paper.
Action: Robert
Dine Romero agreed to write to the minister.
Clerk to book the room.
RB to chase the academies.
JS and RJ to meet the trust leads.
Sam to send the figures.
";

    fn forum() -> Vec<ForumPerson> {
        vec![
            member("Jane Smith"),
            member("Dine Romero"),
            member("Cal Dee"),
            member("Sam Brown"),
            member("Sam Bright"),
            officer("Robert Jones", "Head of SEND"),
            officer("Lisa Wong", "Clerk"),
        ]
    }

    #[test]
    fn the_forums_people_are_found_in_the_minutes_titles_aside() {
        let d = parse_minutes(MINUTES);
        let people = d.people();
        let m = match_forum(&d, &forum());
        let named: Vec<Option<&str>> = m
            .named
            .iter()
            .map(|n| n.map(|i| people[i].name.as_str()))
            .collect();
        assert_eq!(
            named,
            [
                Some("Jane Smith"),
                Some("Cllr Dine Romero"),
                None,
                Some("Sam Brown"),
                None,
                Some("Robert Jones"),
                Some("Lisa Wong"),
            ]
        );
        let subs: Vec<(&str, usize)> = m
            .substitutes
            .iter()
            .map(|(p, f)| (people[*p].name.as_str(), *f))
            .collect();
        assert_eq!(subs, [("Ann Bee", 2)]);
        let unknown: Vec<&str> = m.unknown.iter().map(|i| people[*i].name.as_str()).collect();
        assert_eq!(unknown, ["Guest Speaker-Person"]);
    }

    #[test]
    fn owners_resolve_to_the_forum_or_are_left_for_the_clerk() {
        let d = parse_minutes(MINUTES);
        let m = match_forum(&d, &forum());
        let texts: Vec<Option<&str>> = d.actions.iter().map(|a| a.owner_text.as_deref()).collect();
        assert_eq!(
            texts,
            [
                Some("JS"),
                Some("Robert"),
                Some("Dine Romero"),
                Some("Clerk"),
                Some("RB"),
                Some("JS and RJ"),
                Some("Sam"),
            ]
        );
        assert_eq!(
            m.owners,
            [
                OwnerFound::One(0),
                OwnerFound::One(5),
                OwnerFound::One(1),
                OwnerFound::One(6),
                OwnerFound::Nobody,
                OwnerFound::Several(vec![0, 5]),
                // The only Sam the minutes name is Sam Brown, so Sam Bright is not a candidate.
                OwnerFound::One(3),
            ]
        );
    }

    #[test]
    fn substitutes_listed_under_their_own_heading() {
        let d = parse_minutes("Substitutes: Ann Bee (for Cal Dee)\n1. Budget\n");
        let m = match_forum(&d, &forum());
        assert_eq!(m.substitutes, [(0, 2)]);
        assert!(m.unknown.is_empty());
    }
}
