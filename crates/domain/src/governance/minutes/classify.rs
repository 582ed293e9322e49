//! What one sentence of minutes records: an action with its owner, a decision, the presenters of
//! an item, or nothing the reader keeps.

use super::people::name_list;
use super::text::{bare, initials, is_name_word, is_title};
use super::{AttendanceGroup, Person};

/// What a sentence records.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Sentence {
    /// An action: "JS to circulate the paper", "Jane Smith agreed to …", "Action: JS to …",
    /// "Action: circulate the paper (JS)", or "Action: circulate the paper" with no owner.
    Action { owner: Option<String>, task: String },
    /// "Action: Jane Smith" alone: the owner of what the sentence before describes.
    OwnerOnly(String),
    /// A decision, in the words of the minutes.
    Decision(String),
    /// "Resolved:" or "Agreed:" alone: the decision is on the next line.
    DecisionFollows,
    /// "Jane Smith and John Doe will present …": who presents the item.
    Presenters(Vec<Person>),
    /// Anything else: discussion, questions, thanks.
    Other,
}

/// Capitalised words that start sentences but never name an owner.
const NOT_OWNERS: &[&str] = &[
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "there",
    "their",
    "they",
    "we",
    "he",
    "she",
    "his",
    "her",
    "you",
    "i",
    "a",
    "an",
    "all",
    "any",
    "each",
    "every",
    "some",
    "no",
    "not",
    "in",
    "on",
    "at",
    "for",
    "from",
    "with",
    "as",
    "if",
    "when",
    "where",
    "while",
    "following",
    "further",
    "after",
    "before",
    "also",
    "once",
    "between",
    "during",
    "please",
    "action",
    "actions",
    "agreed",
    "resolved",
    "decision",
    "minutes",
    "item",
    "items",
    "next",
    "date",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Bodies that take decisions rather than own actions: "The Forum agreed to …" is a decision.
const BODIES: &[&str] = &[
    "forum",
    "group",
    "committee",
    "board",
    "panel",
    "meeting",
    "sub-group",
    "subgroup",
];

/// Roles that may own an action after "The": "The Chair to write to the DfE".
const ROLES: &[&str] = &["chair", "vice-chair", "clerk", "secretary", "treasurer"];

/// Words after an owner that make the rest of the sentence their task.
const OWNER_LINKS: &[&str] = &[
    "to ",
    "agreed to ",
    "has agreed to ",
    "have agreed to ",
    "undertook to ",
    "offered to ",
    "is to ",
    "are to ",
    "was asked to ",
    "were asked to ",
];

/// Verbs of presenting, for "… will present the report".
const PRESENTING: &[&str] = &[
    "present",
    "update",
    "discuss",
    "introduce",
    "report",
    "outline",
    "give",
    "lead",
    "speak",
    "explain",
    "brief",
    "talk",
];

/// Classifies one sentence (already stripped of bullets).
pub(super) fn classify(sentence: &str) -> Sentence {
    if let Some(rest) = after_label(sentence, &["actions", "action"]) {
        return action_line(rest);
    }
    if let Some((owner, task)) = owner_and_task(sentence) {
        return Sentence::Action {
            owner: Some(owner),
            task,
        };
    }
    if let Some(d) = decision(sentence) {
        return d;
    }
    presenters(sentence).map_or(Sentence::Other, Sentence::Presenters)
}

/// The text after a leading label such as "Action:" or "RESOLVED –", if `s` starts with one
/// of `labels` followed by a colon or a dash.
pub(super) fn after_label<'a>(s: &'a str, labels: &[&str]) -> Option<&'a str> {
    let lower = s.to_lowercase();
    let label = labels.iter().find(|l| lower.starts_with(*l))?;
    let rest = s.get(label.len()..)?.trim_start();
    let rest = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix(['-', '–', '—']))?;
    Some(rest.trim())
}

/// "Action: …" in its forms.
fn action_line(rest: &str) -> Sentence {
    let rest = rest.trim_end_matches(['.', ' ']);
    if rest.is_empty() {
        return Sentence::Other;
    }
    if let Some((owner, task)) = owner_and_task(rest) {
        return Sentence::Action {
            owner: Some(owner),
            task,
        };
    }
    if let Some(owner) = whole_owner(rest) {
        return Sentence::OwnerOnly(owner);
    }
    let trailing = rest
        .strip_suffix(')')
        .and_then(|r| r.rsplit_once('('))
        .or_else(|| rest.rsplit_once(" – "))
        .or_else(|| rest.rsplit_once(" - "));
    if let Some((task, owner)) = trailing
        && let Some(owner) = whole_owner(owner)
    {
        return Sentence::Action {
            owner: Some(owner),
            task: task.trim().trim_end_matches([',', ' ']).to_owned(),
        };
    }
    Sentence::Action {
        owner: None,
        task: rest.to_owned(),
    }
}

/// `s` as an owner when the whole of it names one ("Jane Smith", "JS/RC").
fn whole_owner(s: &str) -> Option<String> {
    let (owner, rest) = owner_phrase(s.trim())?;
    bare(rest).is_empty().then_some(owner)
}

/// "JS to circulate the paper" as ("JS", "circulate the paper").
fn owner_and_task(s: &str) -> Option<(String, String)> {
    let (owner, rest) = owner_phrase(s)?;
    let rest = rest.trim_start();
    let link = OWNER_LINKS.iter().find(|l| rest.starts_with(*l))?;
    let task = rest[link.len()..].trim();
    if !task.starts_with(|c: char| c.is_lowercase()) {
        return None;
    }
    let task = task.trim_end_matches(['.', ' ', ';']);
    Some((owner, task.to_owned()))
}

/// The owner at the start of `s`, and the rest of `s`: up to six initials, name words or
/// titles joined by "and", "&", "/" or commas ("JM", "Jane Smith", "Cllr Dine Romero", "JS and
/// RC", "The Chair"). A word repeated straight after itself ("OD OD", left by a table column) is
/// kept once. `None` when `s` does not start with one.
fn owner_phrase(s: &str) -> Option<(String, &str)> {
    let mut parts: Vec<String> = Vec::new();
    let mut end = 0;
    let mut names = 0;
    let mut offset = 0;
    let mut first = true;
    for token in s.split(' ') {
        let start = offset;
        offset += token.len() + 1;
        if token.is_empty() {
            continue;
        }
        if ["and", "&", "/"].contains(&token) {
            parts.push(token.to_owned());
            continue;
        }
        let word = token.trim_end_matches(',');
        let lower = word.to_lowercase();
        let role_after_the = first
            && lower == "the"
            && s[offset.min(s.len())..]
                .split(' ')
                .next()
                .is_some_and(|next| ROLES.contains(&bare(next).to_lowercase().as_str()));
        let is_owner_word = |w: &str| {
            let l = w.to_lowercase();
            (initials(w).is_some() || is_name_word(w) || is_title(w))
                && !NOT_OWNERS.contains(&l.as_str())
                && !BODIES.contains(&l.as_str())
        };
        if !(role_after_the || (!word.is_empty() && word.split('/').all(is_owner_word))) {
            break;
        }
        first = false;
        if parts.last().is_none_or(|last| *last != word) {
            parts.push(word.to_owned());
        }
        names += 1;
        end = start + word.len();
        if word.len() != token.len() {
            parts.push(",".to_owned());
        }
        if names > 6 {
            return None;
        }
    }
    while parts
        .last()
        .is_some_and(|p| [",", "and", "&", "/"].contains(&p.as_str()))
    {
        parts.pop();
    }
    if names == 0 || parts.is_empty() {
        return None;
    }
    let mut owner = String::new();
    for p in &parts {
        if !owner.is_empty() && p != "," {
            owner.push(' ');
        }
        owner.push_str(p);
    }
    Some((owner, &s[end..]))
}

/// A decision sentence: "Resolved: …", "RESOLVED that …", "Agreed: …", "It was agreed that
/// …", "The minutes were agreed as accurate", "The Forum agreed …", "Members resolved to …".
/// A member agreeing with a point ("HB agreed this would be a great idea") is not a decision.
fn decision(s: &str) -> Option<Sentence> {
    const PREFIXES: &[&str] = &["resolved", "agreed", "decision", "decided", "approved"];
    let lower = s.to_lowercase();
    for p in PREFIXES {
        if let Some(rest) = lower.strip_prefix(p) {
            let text = s
                .get(p.len()..)
                .unwrap_or("")
                .trim_start_matches([':', '-', '–', ' ', ',', '.']);
            if bare(rest).is_empty() {
                return Some(Sentence::DecisionFollows);
            }
            if rest.starts_with([':', '-', '–', ' ', ',']) {
                let keep = if rest.starts_with(' ') { s } else { text };
                return Some(Sentence::Decision(keep.trim().to_owned()));
            }
        }
    }
    const PASSIVE: &[&str] = &[
        "was agreed",
        "were agreed",
        "was resolved",
        "were resolved",
        "was approved",
        "were approved",
        "was endorsed",
        "were endorsed",
        "was decided",
        "was unanimously agreed",
        "were unanimously agreed",
    ];
    if PASSIVE.iter().any(|p| lower.contains(p)) {
        return Some(Sentence::Decision(s.trim().to_owned()));
    }
    const VERBS: &[&str] = &[
        "agreed", "resolved", "approved", "endorsed", "voted", "decided", "ratified",
    ];
    let mut words = lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'));
    let mut word = words.next()?;
    if word == "the" {
        word = words.next()?;
    }
    let mut body = false;
    while [
        "schools",
        "forum",
        "members",
        "group",
        "committee",
        "board",
        "panel",
        "meeting",
    ]
    .contains(&word)
    {
        body = true;
        word = words.next()?;
    }
    while ["unanimously", "also", "then", "therefore"].contains(&word) {
        word = words.next()?;
    }
    (body && VERBS.contains(&word)).then(|| Sentence::Decision(s.trim().to_owned()))
}

/// "Marie Taylor (Head of Finance) will update Schools Forum …": the people named before "will"
/// and a verb of presenting, when each is named in full.
fn presenters(s: &str) -> Option<Vec<Person>> {
    let (who, after) = s.split_once(" will ")?;
    let verb = after.split_whitespace().next()?;
    if !PRESENTING.contains(&verb) {
        return None;
    }
    let people = name_list(who, AttendanceGroup::Presenters)?;
    people
        .iter()
        .all(|p| p.name.split_whitespace().filter(|w| !is_title(w)).count() >= 2)
        .then_some(people)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(owner: &str, task: &str) -> Sentence {
        Sentence::Action {
            owner: Some(owner.into()),
            task: task.into(),
        }
    }

    #[test]
    fn owned_actions_in_common_styles() {
        assert_eq!(
            classify("JM to circulate the Early Years Funding letter."),
            action("JM", "circulate the Early Years Funding letter")
        );
        assert_eq!(
            classify("OD OD to share the HERS service specification."),
            action("OD", "share the HERS service specification")
        );
        assert_eq!(
            classify("Jane Smith agreed to circulate the paper."),
            action("Jane Smith", "circulate the paper")
        );
        assert_eq!(
            classify("Cllr Dine Romero to write to the minister"),
            action("Cllr Dine Romero", "write to the minister")
        );
        assert_eq!(
            classify("JS and RC to meet the trusts"),
            action("JS and RC", "meet the trusts")
        );
        assert_eq!(
            classify("JS/RC to meet the trusts"),
            action("JS/RC", "meet the trusts")
        );
        assert_eq!(
            classify("The Chair to write to the DfE."),
            action("The Chair", "write to the DfE")
        );
        assert_eq!(
            classify("ACTION: JS to circulate the slides"),
            action("JS", "circulate the slides")
        );
        assert_eq!(
            classify("Action – circulate the slides (Jane Smith)"),
            action("Jane Smith", "circulate the slides")
        );
        assert_eq!(classify("Action: JS"), Sentence::OwnerOnly("JS".into()));
        assert_eq!(
            classify("Action: Jane Smith."),
            Sentence::OwnerOnly("Jane Smith".into())
        );
        assert_eq!(
            classify("Action: review the banding framework"),
            Sentence::Action {
                owner: None,
                task: "review the banding framework".into()
            }
        );
        assert_eq!(classify("ACTION"), Sentence::Other);
    }

    #[test]
    fn discussion_is_not_an_action() {
        for s in [
            "HB agreed this would be a great idea.",
            "RC agreed that she has struggled to get the reports back.",
            "It would be beneficial to promote with secondary schools.",
            "Between April and May 2019, ISOS carried out broad engagements.",
            "Upskill schools to be able to support those with dyslexia",
            "The Forum to receive a report in March.",
            "JS to Circulate",
            "Helean reported that she would be going to the conference.",
        ] {
            assert_eq!(classify(s), Sentence::Other, "{s}");
        }
    }

    #[test]
    fn decisions() {
        let d = |s: &str| Sentence::Decision(s.into());
        assert_eq!(classify("Resolved:"), Sentence::DecisionFollows);
        assert_eq!(classify("RESOLVED"), Sentence::DecisionFollows);
        assert_eq!(
            classify("Resolved: That the forum approves the transfer."),
            d("That the forum approves the transfer.")
        );
        assert_eq!(
            classify("RESOLVED that the forum approves it."),
            d("RESOLVED that the forum approves it.")
        );
        assert_eq!(
            classify("It was agreed that the service will report twice a year."),
            d("It was agreed that the service will report twice a year.")
        );
        assert_eq!(
            classify("The group agreed to move to a weekly rate."),
            d("The group agreed to move to a weekly rate.")
        );
        assert_eq!(
            classify("The Schools Forum unanimously approved the budget."),
            d("The Schools Forum unanimously approved the budget.")
        );
        assert_eq!(
            classify("Forum Members agreed the de-delegation rates."),
            d("Forum Members agreed the de-delegation rates.")
        );
        assert_eq!(classify("The Forum thanked Ben."), Sentence::Other);
        assert_eq!(
            classify("The Forum accepted that it will take years."),
            Sentence::Other
        );
        assert_eq!(classify("Agreement was not reached."), Sentence::Other);
    }

    #[test]
    fn presenters_are_named_in_full() {
        let Sentence::Presenters(p) =
            classify("Ben Bryant and Karina Kulawik will present the recommendations.")
        else {
            panic!("not presenters");
        };
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].initials, "KK");
        assert_eq!(classify("Ben will present the report."), Sentence::Other);
        assert_eq!(classify("Ben Bryant will circulate it."), Sentence::Other);
    }
}
