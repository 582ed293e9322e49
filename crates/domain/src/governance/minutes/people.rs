//! People in minutes: attendance headings, lists of names, and matching an action's owner
//! ("JS", "Jane Smith", "Jane", "the Chair") to someone on the attendance list.

use super::text::{bare, initials, is_name_word, is_title};
use super::{AttendanceGroup, OwnerMatch, Person, PersonRef};

/// The attendance group an attendance heading names, such as "Forum Members Present",
/// "Apologies", "Officers Not Present", "Observers" or "In attendance". Only headings made of
/// attendance words are recognised, so that "Evidence: To build …" is not taken for one.
pub(super) fn attendance_heading(label: &str) -> Option<AttendanceGroup> {
    const VOCABULARY: &[&str] = &[
        "forum",
        "schools",
        "school",
        "members",
        "member",
        "present",
        "not",
        "absent",
        "apologies",
        "apology",
        "for",
        "absence",
        "received",
        "observers",
        "observer",
        "officers",
        "officer",
        "in",
        "attendance",
        "also",
        "la",
        "council",
        "local",
        "authority",
        "attending",
        "from",
        "without",
        "with",
        "the",
        "and",
        "voting",
        "substitute",
        "substitutes",
        "deputies",
    ];
    let lower = label.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 6 || !words.iter().all(|w| VOCABULARY.contains(w)) {
        return None;
    }
    let has = |w: &str| words.contains(&w);
    let away = has("absent") || has("apologies") || has("apology") || lower.contains("not present");
    let apologies = has("apologies") || has("apology");
    if has("observers") || has("observer") {
        return Some(AttendanceGroup::Observers);
    }
    if has("substitute") || has("substitutes") || has("deputies") {
        return Some(AttendanceGroup::Substitutes);
    }
    let officers =
        has("officers") || has("officer") || (has("attendance") && !has("members") && !away);
    if officers {
        return Some(if away {
            AttendanceGroup::OfficersAbsent
        } else {
            AttendanceGroup::OfficersPresent
        });
    }
    if apologies {
        Some(AttendanceGroup::MembersApologies)
    } else if away {
        Some(AttendanceGroup::MembersAbsent)
    } else if has("present") || has("attendance") || has("attending") {
        Some(AttendanceGroup::MembersPresent)
    } else {
        None
    }
}

/// Splits a list of names at commas, semicolons and "and", except inside brackets (a role such
/// as "(Head of Finance – Children and Education)" stays with its name).
fn split_list(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let at_top = depth == 0;
        if at_top && (rest.starts_with(" and ") || rest.starts_with(" & ")) {
            parts.push(std::mem::take(&mut current));
            rest = &rest[if rest.starts_with(" and ") { 5 } else { 3 }..];
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | ';' if at_top => {
                parts.push(std::mem::take(&mut current));
                rest = &rest[c.len_utf8()..];
                continue;
            }
            _ => {}
        }
        current.push(c);
        rest = &rest[c.len_utf8()..];
    }
    parts.push(current);
    parts
}

/// Reads a list of people ("Jo Marsh (Chair), Alun Williams, Cllr Dine Romero,") for `group`.
/// `None` when any entry does not look like a person's name, so that a sentence is never taken
/// for a list; empty entries (a trailing comma) are skipped.
pub(super) fn name_list(text: &str, group: AttendanceGroup) -> Option<Vec<Person>> {
    let mut people = Vec::new();
    for part in split_list(text) {
        let part = part.trim().trim_end_matches(['.', ':']).trim();
        if part.is_empty() {
            continue;
        }
        people.push(person(part, group)?);
    }
    (!people.is_empty()).then_some(people)
}

/// Reads one entry of an attendance list: a name, perhaps with a title, a bracketed role or
/// initials, or a role after a dash ("Jane Smith – Headteacher").
pub(super) fn person(entry: &str, group: AttendanceGroup) -> Option<Person> {
    let mut notes: Vec<String> = Vec::new();
    let mut given_initials = None;
    let mut name = String::new();
    let mut rest = entry;
    while let Some(open) = rest.find('(') {
        name.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find(')').unwrap_or(after.len());
        let inside = after[..close].trim();
        match initials(inside) {
            Some(i) if !inside.contains(' ') => given_initials = Some(i),
            _ if !inside.is_empty() => notes.push(inside.to_owned()),
            _ => {}
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    name.push_str(rest);
    if let Some((before, role)) = name
        .split_once(" – ")
        .or_else(|| name.split_once(" - "))
        .map(|(b, r)| (b.to_owned(), r.trim().to_owned()))
    {
        if !role.is_empty() {
            notes.push(role);
        }
        name = before;
    }
    let name = join_hyphen_gaps(name.trim());
    let tokens: Vec<&str> = name.split_whitespace().collect();
    let names: Vec<&str> = tokens.iter().copied().filter(|t| !is_title(t)).collect();
    let valid = !names.is_empty()
        && names.len() <= 5
        && names
            .iter()
            .all(|t| is_name_word(t) || PARTICLES.contains(&t.to_lowercase().as_str()))
        && names.first().is_some_and(|t| is_name_word(t));
    if !valid {
        return None;
    }
    let initials = given_initials.unwrap_or_else(|| initials_of(&names));
    Some(Person {
        name: tokens.join(" "),
        initials,
        note: (!notes.is_empty()).then(|| notes.join("; ")),
        group,
    })
}

/// Lower-case words that may sit inside a name and take no initial.
const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "la", "le", "du", "da", "di",
];

/// "Kearney- Knowles" (a line break inside a double-barrelled name, as extracted) becomes
/// "Kearney-Knowles".
fn join_hyphen_gaps(name: &str) -> String {
    name.split_whitespace()
        .fold(String::new(), |mut acc, word| {
            if !acc.is_empty() && !acc.ends_with('-') {
                acc.push(' ');
            }
            acc.push_str(word);
            acc
        })
}

/// The initials minutes use for a name: the first letter of each word, and of each part of a
/// double-barrelled word ("Mary Kearney-Knowles" is MKK), leaving out titles and particles.
pub(super) fn initials_of(names: &[&str]) -> String {
    names
        .iter()
        .filter(|w| !PARTICLES.contains(&w.to_lowercase().as_str()))
        .flat_map(|w| w.split('-'))
        .filter_map(|part| part.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Lower-case name words without titles, for comparing names.
pub(super) fn name_words(name: &str) -> Vec<String> {
    name.split_whitespace()
        .filter(|t| !is_title(t))
        .map(|t| bare(t).to_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The person `owner_text` names, matched against `people` (usually [`MinutesDraft::people`]),
/// or `None` when nobody, or more than one person, matches.
///
/// Tried in order, stopping at the first rule that finds anyone: initials (`JS`, `J.S.`); a
/// role in brackets on the attendance list (`Chair` matches "Jo Marsh (Chair)"); the full name,
/// titles aside (`Cllr Dine Romero`, `dine romero`); part of the name (`Helean`, `Mary
/// Knowles`). Where two people match, the one at the meeting is preferred (an action is far more
/// often given to someone in the room); if that does not settle it, there is no answer rather
/// than a guess.
///
/// [`MinutesDraft::people`]: super::MinutesDraft::people
#[must_use]
pub fn resolve_owner(owner_text: &str, people: &[Person]) -> Option<PersonRef> {
    let (how, found) = owner_candidates(owner_text, people)?;
    pick(people, how, &found)
}

/// Everyone the first matching rule of [`resolve_owner`] finds for `owner_text` (indices into
/// `people`), with the rule; `None` when no rule applies. More than one means the text is
/// ambiguous, for a person to settle.
#[must_use]
pub fn owner_candidates(owner_text: &str, people: &[Person]) -> Option<(OwnerMatch, Vec<usize>)> {
    let text = owner_text
        .trim()
        .trim_start_matches("the ")
        .trim_start_matches("The ")
        .trim_matches(|c: char| !c.is_alphanumeric());
    if text.is_empty() {
        return None;
    }
    let all = |is: &dyn Fn(&Person) -> bool| -> Vec<usize> {
        (0..people.len()).filter(|&i| is(&people[i])).collect()
    };
    if let Some(letters) = initials(text) {
        return Some((OwnerMatch::Initials, all(&|p| p.initials == letters)));
    }
    let lower = text.to_lowercase();
    let by_role = all(&|p| {
        p.note
            .as_deref()
            .is_some_and(|n| n.split("; ").any(|n| n.eq_ignore_ascii_case(&lower)))
    });
    if !by_role.is_empty() {
        return Some((OwnerMatch::Role, by_role));
    }
    let wanted = name_words(text);
    if wanted.is_empty() {
        return None;
    }
    let full = all(&|p| name_words(&p.name) == wanted);
    if !full.is_empty() {
        return Some((OwnerMatch::Name, full));
    }
    let partial = all(&|p| names_all(&wanted, &p.name));
    Some((OwnerMatch::PartialName, partial))
}

/// Whether every word of `wanted` is a word of `name` (or a part of a double-barrelled one).
pub(super) fn names_all(wanted: &[String], name: &str) -> bool {
    let have: Vec<String> = name_words(name)
        .iter()
        .flat_map(|w| std::iter::once(w.clone()).chain(w.split('-').map(str::to_owned)))
        .collect();
    wanted.iter().all(|w| have.contains(w))
}

/// Every person an owner text names: "JM and RC", "JS/RC", "Jane Smith, John Doe". Each part is
/// returned with its match, or `None` where [`resolve_owner`] finds nobody.
#[must_use]
pub fn resolve_owners(owner_text: &str, people: &[Person]) -> Vec<(String, Option<PersonRef>)> {
    split_list(&owner_text.replace('/', ","))
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let found = resolve_owner(&p, people);
            (p, found)
        })
        .collect()
}

/// The one person of `found`, preferring those at the meeting when there are several.
fn pick(people: &[Person], how: OwnerMatch, found: &[usize]) -> Option<PersonRef> {
    let index = match found {
        [one] => Some(*one),
        [] => None,
        many => {
            let present: Vec<usize> = many
                .iter()
                .copied()
                .filter(|&i| people[i].group.is_present())
                .collect();
            match present.as_slice() {
                [one] => Some(*one),
                _ => None,
            }
        }
    }?;
    Some(PersonRef {
        index,
        matched: how,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use AttendanceGroup as G;

    #[test]
    fn headings() {
        let h = attendance_heading;
        assert_eq!(h("Forum Members Present"), Some(G::MembersPresent));
        assert_eq!(h("Forum Members Not Present"), Some(G::MembersAbsent));
        assert_eq!(h("Apologies for absence"), Some(G::MembersApologies));
        assert_eq!(h("Present"), Some(G::MembersPresent));
        assert_eq!(h("Absent"), Some(G::MembersAbsent));
        assert_eq!(h("Observers"), Some(G::Observers));
        assert_eq!(h("Officers Present"), Some(G::OfficersPresent));
        assert_eq!(h("Officers Not Present"), Some(G::OfficersAbsent));
        assert_eq!(h("In attendance"), Some(G::OfficersPresent));
        assert_eq!(h("Officer apologies"), Some(G::OfficersAbsent));
        assert_eq!(h("Substitutes"), Some(G::Substitutes));
        assert_eq!(h("Evidence"), None);
        assert_eq!(h("Distribution"), None);
        assert_eq!(h("Forum"), None);
    }

    #[test]
    fn people_with_titles_roles_and_initials() {
        let p = person("Jo Marsh (Chair)", G::MembersPresent).unwrap();
        assert_eq!((p.name.as_str(), p.initials.as_str()), ("Jo Marsh", "JM"));
        assert_eq!(p.note.as_deref(), Some("Chair"));
        let p = person("Cllr Dine Romero", G::MembersPresent).unwrap();
        assert_eq!(p.initials, "DR");
        let p = person("Mary Kearney- Knowles", G::OfficersPresent).unwrap();
        assert_eq!(
            (p.name.as_str(), p.initials.as_str()),
            ("Mary Kearney-Knowles", "MKK")
        );
        let p = person("Jane Smith (JSm) – Head, Oak", G::MembersPresent).unwrap();
        assert_eq!(
            p.initials, "JS",
            "JSm is not written as initials, so it is a note"
        );
        assert_eq!(p.note.as_deref(), Some("JSm; Head, Oak"));
        let p = person("Jane Smith (JAS) – Headteacher", G::MembersPresent).unwrap();
        assert_eq!(
            (p.initials.as_str(), p.note.as_deref()),
            ("JAS", Some("Headteacher"))
        );
        assert!(person("As above", G::MembersPresent).is_none());
        assert!(person("the meeting was held", G::MembersPresent).is_none());
    }

    #[test]
    fn lists_keep_bracketed_roles_together() {
        let list = name_list(
            "Helean Hughes (Director – Education & Skills) and Matt Sambrook (Head, Exeter House)",
            G::Presenters,
        )
        .unwrap();
        let names: Vec<&str> = list.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Helean Hughes", "Matt Sambrook"]);
        assert_eq!(
            list[0].note.as_deref(),
            Some("Director – Education & Skills")
        );
        assert_eq!(
            name_list("Ann Bee, Cal Dee,", G::MembersPresent)
                .unwrap()
                .len(),
            2
        );
        assert!(name_list("As above", G::MembersPresent).is_none());
    }

    fn people() -> Vec<Person> {
        let mut v = name_list(
            "Jo Marsh (Chair), Claire Crowther, Cllr Dine Romero",
            G::MembersPresent,
        )
        .unwrap();
        v.extend(name_list("Colleen Collett, Jo Stoaling", G::MembersAbsent).unwrap());
        v.extend(
            name_list(
                "Mary Kearney-Knowles, Samantha Bailey (Clerk)",
                G::OfficersPresent,
            )
            .unwrap(),
        );
        v
    }

    fn who(text: &str) -> Option<(String, OwnerMatch)> {
        let people = people();
        resolve_owner(text, &people).map(|r| (people[r.index].name.clone(), r.matched))
    }

    #[test]
    fn owners_resolve_by_initials_role_and_name() {
        let name = |t: &str| who(t).map(|(n, _)| n);
        assert_eq!(who("JM"), Some(("Jo Marsh".into(), OwnerMatch::Initials)));
        assert_eq!(name("J.M."), Some("Jo Marsh".into()));
        assert_eq!(name("MKK"), Some("Mary Kearney-Knowles".into()));
        assert_eq!(
            who("the Chair"),
            Some(("Jo Marsh".into(), OwnerMatch::Role))
        );
        assert_eq!(name("Clerk"), Some("Samantha Bailey".into()));
        assert_eq!(who("Cllr Dine Romero").map(|w| w.1), Some(OwnerMatch::Name));
        assert_eq!(name("dine romero"), Some("Cllr Dine Romero".into()));
        assert_eq!(
            who("Samantha"),
            Some(("Samantha Bailey".into(), OwnerMatch::PartialName))
        );
        assert_eq!(name("Mary Knowles"), Some("Mary Kearney-Knowles".into()));
    }

    #[test]
    fn ambiguous_owners_prefer_those_present_or_give_no_answer() {
        // CC: Claire Crowther (present) and Colleen Collett (not present).
        assert_eq!(who("CC").map(|w| w.0), Some("Claire Crowther".into()));
        // "Jo": Jo Marsh (present) and Jo Stoaling (not present).
        assert_eq!(who("Jo").map(|w| w.0), Some("Jo Marsh".into()));
        let mut two = people();
        two.push(person("Jane Mills", G::MembersPresent).unwrap());
        assert_eq!(resolve_owner("JM", &two), None);
        assert_eq!(who("XY"), None);
        assert_eq!(who("Bob"), None);
        assert_eq!(who(""), None);
    }

    #[test]
    fn several_owners() {
        let people = people();
        let found = resolve_owners("JM and MKK/Bob", &people);
        let names: Vec<(String, Option<String>)> = found
            .into_iter()
            .map(|(t, r)| (t, r.map(|r| people[r.index].name.clone())))
            .collect();
        assert_eq!(
            names,
            [
                ("JM".into(), Some("Jo Marsh".into())),
                ("MKK".into(), Some("Mary Kearney-Knowles".into())),
                ("Bob".into(), None),
            ]
        );
    }
}
