//! Property tests for the minutes reader: it never panics, and an owner written by initials or
//! by name is found on the attendance list it was written against.

use proptest::prelude::*;

use super::*;

const FIRST: &[&str] = &[
    "Anna", "Bilal", "Chloe", "Dev", "Erin", "Femi", "Grace", "Hugo",
];
const LAST: &[&str] = &[
    "Ashby",
    "Brook",
    "Cole",
    "Dunn",
    "Ede",
    "Fox",
    "Gale",
    "Hart-Ives",
];
const TASKS: &[&str] = &[
    "circulate the paper",
    "bring a report to the next meeting",
    "write to the trusts",
    "share the figures with heads",
];

/// Fragments that reach every path of the reader, for building odd texts.
const FRAGMENTS: &[&str] = &[
    "1.",
    "\t",
    "\n",
    " ",
    "Present:",
    "Apologies",
    "Officers Present",
    "Action:",
    "ACTION",
    "Resolved:",
    "It was agreed",
    "The Forum agreed",
    "JS to",
    "Jane Smith",
    "(Chair)",
    ",",
    " and ",
    "7 th December 2021",
    "Date of next meeting",
    "Agenda item",
    "AOB",
    ". 2. ",
    "Title:",
    "<u>",
    "**",
    "•",
    "\u{a0}",
    "é",
    "–",
    "(",
    ")",
    "12/13/2021",
    "3)",
];

proptest! {
    #[test]
    fn never_panics_on_any_text(text in ".{0,400}") {
        let d = parse_minutes(&text);
        for a in &d.actions {
            prop_assert!(a.item.is_none_or(|i| i < d.items.len()));
        }
    }

    #[test]
    fn never_panics_on_minutes_like_text(
        picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..80),
    ) {
        let text: String = picks.iter().map(|&i| FRAGMENTS[i]).collect();
        let d = parse_minutes(&text);
        let people = d.people();
        for a in &d.actions {
            prop_assert!(a.owner.is_none_or(|r| r.index < people.len()));
        }
    }

    #[test]
    fn owners_by_initials_or_name_resolve_to_the_person(
        order in Just((0..FIRST.len()).collect::<Vec<_>>()).prop_shuffle(),
        count in 1usize..=FIRST.len(),
        who in any::<prop::sample::Index>(),
        task in 0..TASKS.len(),
        by_name in any::<bool>(),
    ) {
        // Distinct first and last letters, so initials are unique.
        let names: Vec<String> = order[..count]
            .iter()
            .map(|&i| format!("{} {}", FIRST[i], LAST[i]))
            .collect();
        let owner_index = who.index(count);
        let person = people::person(&names[owner_index], G::MembersPresent).unwrap();
        let owner = if by_name { person.name.clone() } else { person.initials.clone() };
        let text = format!(
            "Present: {}\n1. Item\n{owner} to {}.\n{owner} to {}.\n",
            names.join(", "),
            TASKS[task],
            TASKS[task],
        );
        let d = parse_minutes(&text);
        prop_assert_eq!(d.count(G::MembersPresent), count);
        prop_assert_eq!(d.actions.len(), 1, "{}", text);
        let found = d.actions[0].owner.map(|r| r.index);
        prop_assert_eq!(found, Some(owner_index));
        prop_assert_eq!(&d.actions[0].description, TASKS[task]);
    }
}

use AttendanceGroup as G;
