//! Reading published Schools Forum minutes, as plain text, into a draft a clerk checks before it
//! is saved: attendance by group, the numbered items, decisions, and actions with their owners.
//!
//! governance.md ("Openness"): minutes record attendance, apologies, declarations, each item,
//! decisions and the actions agreed with an owner, and the next meeting goes through the
//! actions. Councils publish them as web pages or Word documents, so the text arrives with
//! table cells as tabs, repeated paragraphs, bullets and HTML fragments. The reader is a set of
//! general rules about how English minutes are written, not a template of one council:
//!
//! - Attendance: a heading made of attendance words ("Forum Members Present", "Apologies",
//!   "Officers Not Present", "Observers", "In attendance") followed, after a tab or a colon or on
//!   the following lines, by names separated by commas, semicolons or "and". A name may carry a
//!   title (Cllr), a role in brackets ("(Chair)") or its initials ("(JS)").
//! - Items: a line starting with a number and a full stop or bracket and a short heading that
//!   does not end like a sentence ("4.\tFamily Support and Play Service"), numbered upwards; a
//!   heading run into the previous paragraph ("… online. 6. Hospital Education …") when it is
//!   the next number; "Agenda item" followed by a heading; "AOB" or "Any other business".
//! - Actions: a sentence starting with an owner (initials, a name, "The Chair") followed by
//!   "to", "agreed to", "undertook to" and a task ("JS to circulate …", "Jane Smith agreed to
//!   …"), or a line starting "Action:" ("Action: JS to …", "ACTION: Jane Smith" after the
//!   sentence it refers to, "Action: circulate the slides (JS)").
//! - Decisions: "Resolved:" or "Agreed:" (with the decision on the same or the next line),
//!   "RESOLVED that …", "It was agreed …", "… were agreed …", "The Forum agreed …".
//! - Presenters: "Jane Smith and John Doe will present …".
//!
//! The same action or decision repeated by the extraction is kept once, under the item where it
//! first appears. "Name will …" is deliberately not read as an action: agendas use it for who
//! presents an item.

mod classify;
mod forum;
mod layout;
mod people;
mod text;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::codes::code_enum;
use classify::{Sentence, classify};
pub use forum::{ForumMatch, ForumPerson, OwnerFound, match_forum};
use layout::{
    agenda_item_number, is_aob, is_column_marker, is_heading, label_of, leading_item, run_in_item,
};
pub use people::{owner_candidates, resolve_owner, resolve_owners};
use text::{cells, find_date, is_blank, normalise, sentences};

code_enum! {
    /// A group of an attendance list.
    pub enum AttendanceGroup: field "attendance_group" {
        MembersPresent = "members_present" => "Members present",
        MembersApologies = "members_apologies" => "Members' apologies",
        MembersAbsent = "members_absent" => "Members not present",
        Observers = "observers" => "Observers",
        /// Attending in a member's place ("Substitutes: Ann Bee (for Cal Dee)").
        Substitutes = "substitutes" => "Substitutes",
        OfficersPresent = "officers_present" => "Officers present",
        OfficersAbsent = "officers_absent" => "Officers not present",
        /// Named as presenting an item ("… will present the report").
        Presenters = "presenters" => "Presenting",
    }
}

impl AttendanceGroup {
    /// Whether people in this group were at the meeting.
    #[must_use]
    pub const fn is_present(self) -> bool {
        !matches!(
            self,
            Self::MembersApologies | Self::MembersAbsent | Self::OfficersAbsent
        )
    }
}

/// Someone named in the minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The name as written, titles kept ("Cllr Dine Romero").
    pub name: String,
    /// The initials the minutes use for them: given in brackets, or the first letters of the
    /// name without titles ("DR", "MKK").
    pub initials: String,
    /// A role or other note written with the name ("Chair", "notes"), several joined by "; ".
    pub note: Option<String>,
    /// Where the minutes list them.
    pub group: AttendanceGroup,
}

/// How an owner was matched to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OwnerMatch {
    /// By initials ("JS").
    Initials,
    /// By a role written with the name ("Chair").
    Role,
    /// By the whole name.
    Name,
    /// By part of the name ("Jane", "Jane Smith" for "Jane Smith-Jones").
    PartialName,
}

/// A person found for an owner: their position in the list searched (for a draft,
/// [`MinutesDraft::people`]) and how they were matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PersonRef {
    /// Index into the list of people searched.
    pub index: usize,
    /// How the owner text matched them.
    pub matched: OwnerMatch,
}

/// The people of one attendance group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceList {
    /// The group.
    pub group: AttendanceGroup,
    /// Its people, in the order the minutes list them.
    pub people: Vec<Person>,
}

/// An agenda item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesItem {
    /// Its number, if the minutes number it ("AOB" and single-item minutes often do not).
    pub number: Option<u32>,
    /// Its heading.
    pub title: String,
}

/// A decision, in the words of the minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesDecision {
    /// The sentence recording it.
    pub text: String,
    /// Index into [`MinutesDraft::items`] of the item it was taken under.
    pub item: Option<usize>,
}

/// An action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesAction {
    /// The owner as written ("JM", "Jane Smith", "JS and RC"), if one is given.
    pub owner_text: Option<String>,
    /// The owner found on the attendance list, when the owner text names exactly one person
    /// there (see [`resolve_owner`]); index into [`MinutesDraft::people`].
    pub owner: Option<PersonRef>,
    /// What is to be done ("circulate the Early Years Funding letter").
    pub description: String,
    /// Index into [`MinutesDraft::items`] of the item it belongs to.
    pub item: Option<usize>,
    /// The first full date written in the description, taken as the date it is due by.
    pub due: Option<NaiveDate>,
}

/// What [`parse_minutes`] found. A draft: every field is what the text appears to say, for a
/// person to confirm.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MinutesDraft {
    /// The meeting's title, from a "Meeting title" line.
    pub title: Option<String>,
    /// The meeting's date, from a "Date" line.
    pub meeting_date: Option<NaiveDate>,
    /// The next meeting's date, from a "Next meeting" or "Date of next meeting" line.
    pub next_meeting: Option<NaiveDate>,
    /// Attendance, one list per group, in the order first met.
    pub attendance: Vec<AttendanceList>,
    /// Agenda items in order.
    pub items: Vec<MinutesItem>,
    /// Decisions in order.
    pub decisions: Vec<MinutesDecision>,
    /// Actions in order.
    pub actions: Vec<MinutesAction>,
}

impl MinutesDraft {
    /// Everyone named, list by list: the people [`PersonRef::index`] refers to.
    #[must_use]
    pub fn people(&self) -> Vec<Person> {
        self.attendance
            .iter()
            .flat_map(|l| l.people.iter().cloned())
            .collect()
    }

    /// How many people are listed in `group`.
    #[must_use]
    pub fn count(&self, group: AttendanceGroup) -> usize {
        self.attendance
            .iter()
            .filter(|l| l.group == group)
            .map(|l| l.people.len())
            .sum()
    }

    /// The actions that have an owner.
    pub fn owned_actions(&self) -> impl Iterator<Item = &MinutesAction> {
        self.actions.iter().filter(|a| a.owner_text.is_some())
    }

    fn add_people(&mut self, group: AttendanceGroup, people: Vec<Person>) {
        let list = match self.attendance.iter().position(|l| l.group == group) {
            Some(i) => &mut self.attendance[i],
            None => {
                self.attendance.push(AttendanceList {
                    group,
                    people: Vec::new(),
                });
                let last = self.attendance.len() - 1;
                &mut self.attendance[last]
            }
        };
        for p in people {
            if !list.people.iter().any(|q| q.name == p.name) {
                list.people.push(p);
            }
        }
    }
}

/// Reads plain-text minutes into a [`MinutesDraft`]. Never fails: text it does not recognise is
/// left out. See the module documentation for the rules.
#[must_use]
pub fn parse_minutes(text: &str) -> MinutesDraft {
    let mut reader = Reader::default();
    for line in text.lines() {
        reader.line(&normalise(line));
    }
    let mut draft = reader.draft;
    let people = draft.people();
    for action in &mut draft.actions {
        action.owner = action
            .owner_text
            .as_deref()
            .and_then(|o| resolve_owner(o, &people));
    }
    draft
}

/// What the previous line leaves open for the next one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Pending {
    #[default]
    Nothing,
    /// "Agenda item" (perhaps with a number): the heading follows.
    ItemTitle(Option<u32>),
    /// "Resolved:": the decision follows.
    Decision,
    /// "Date of next meeting": the date follows.
    NextMeeting,
    /// An attendance heading alone, or a list ending in a comma: names follow, a line at a
    /// time or as a list. The flag is set once names have been read, so that a blank line then
    /// ends the list.
    Names(AttendanceGroup, bool),
}

#[derive(Default)]
struct Reader {
    draft: MinutesDraft,
    pending: Pending,
    /// The number of the last numbered item.
    last_number: Option<u32>,
    /// The sentence before, for "Action: JS" lines.
    last_sentence: Option<String>,
    /// The owner of an action read from the sentence before, so that a following
    /// "ACTION: JS" is not counted twice.
    last_owner: Option<String>,
}

impl Reader {
    fn current_item(&self) -> Option<usize> {
        self.draft.items.len().checked_sub(1)
    }

    fn line(&mut self, line: &str) {
        if is_blank(line) {
            if matches!(self.pending, Pending::Names(_, true)) {
                self.pending = Pending::Nothing;
            }
            return;
        }
        let cells = cells(line);
        let joined = cells.join(" ");
        match std::mem::take(&mut self.pending) {
            Pending::Nothing => {}
            Pending::ItemTitle(number) if is_heading(&joined) => {
                return self.push_item(number, &joined);
            }
            Pending::ItemTitle(_) => {}
            Pending::Decision => return self.push_decision(joined.trim().to_owned()),
            Pending::NextMeeting => {
                if let Some(date) = find_date(&joined) {
                    self.draft.next_meeting.get_or_insert(date);
                    return;
                }
            }
            Pending::Names(group, _) => {
                let heading =
                    label_of(&cells).is_some_and(|(l, _)| people::attendance_heading(&l).is_some());
                if !heading
                    && leading_item(&cells, self.last_number).is_none()
                    && let Some(people) = people::name_list(&joined, group)
                {
                    self.draft.add_people(group, people);
                    self.pending = Pending::Names(group, true);
                    return;
                }
            }
        }
        if let Some((label, rest)) = label_of(&cells)
            && self.labelled(&label, &rest)
        {
            return;
        }
        if let Some((number, title, rest)) = leading_item(&cells, self.last_number) {
            self.push_item(Some(number), &title);
            return self.text(&rest);
        }
        let first = cells.first().copied().unwrap_or("");
        if is_aob(first) {
            self.push_item(None, first.trim_end_matches([':', '.']));
            return self.text(&cells[1..].join(" "));
        }
        let body = match cells.as_slice() {
            [most @ .., last] if !most.is_empty() && is_column_marker(last) => most.join(" "),
            _ => joined,
        };
        self.text(&body);
    }

    /// Handles a "Label", tab, "value" line or a "Label: value" line it knows; false for other labels.
    fn labelled(&mut self, label: &str, rest: &str) -> bool {
        let lower = label.to_lowercase();
        let lower = lower.trim_end_matches([':', '.']).trim();
        if let Some(group) = people::attendance_heading(lower) {
            match people::name_list(rest, group) {
                Some(found) => {
                    self.draft.add_people(group, found);
                    if rest.trim_end().ends_with([',', ';']) || rest.trim_end().ends_with(" and") {
                        self.pending = Pending::Names(group, true);
                    }
                }
                None if rest.is_empty() => self.pending = Pending::Names(group, false),
                None => return false,
            }
            return true;
        }
        match lower {
            "date" | "meeting date" | "date of meeting" | "date and time" => {
                if let Some(d) = find_date(rest) {
                    self.draft.meeting_date.get_or_insert(d);
                }
                true
            }
            "meeting title" | "meeting" | "title" => {
                if !rest.is_empty() {
                    self.draft.title.get_or_insert_with(|| rest.to_owned());
                }
                true
            }
            "next meeting"
            | "date of next meeting"
            | "date of the next meeting"
            | "next meeting date" => {
                match find_date(rest) {
                    Some(d) => {
                        self.draft.next_meeting.get_or_insert(d);
                    }
                    None => self.pending = Pending::NextMeeting,
                }
                true
            }
            "minutes" if rest.is_empty() => true,
            "resolved" | "agreed" | "decision" | "decisions" if rest.is_empty() => {
                self.pending = Pending::Decision;
                true
            }
            "resolved" | "agreed" | "decision" | "decisions" => {
                self.push_decision(rest.to_owned());
                true
            }
            "action" | "actions" => {
                if !rest.is_empty() {
                    self.sentence(&format!("Action: {rest}"));
                }
                true
            }
            _ => match agenda_item_number(lower) {
                Some(number) if rest.is_empty() => {
                    self.pending = Pending::ItemTitle(number);
                    true
                }
                Some(number) if is_heading(rest) => {
                    self.push_item(number, rest);
                    true
                }
                _ => false,
            },
        }
    }

    fn push_item(&mut self, number: Option<u32>, title: &str) {
        if number.is_some() {
            self.last_number = number;
        }
        self.draft.items.push(MinutesItem {
            number,
            title: title.trim().to_owned(),
        });
        self.last_sentence = None;
        self.last_owner = None;
    }

    /// Reads running text: headings run into it, then sentence by sentence.
    fn text(&mut self, text: &str) {
        let mut rest = text.to_owned();
        while let Some((before, title, after)) = run_in_item(&rest, self.last_number) {
            for s in sentences(&before) {
                self.sentence(&s);
            }
            self.push_item(self.last_number.map(|n| n + 1), &title);
            rest = after;
        }
        for s in sentences(&rest) {
            self.sentence(&s);
        }
    }

    fn sentence(&mut self, s: &str) {
        let item = self.current_item();
        let mut owner_of_this = None;
        match classify(s) {
            Sentence::Action { owner, task } => {
                owner_of_this.clone_from(&owner);
                self.push_action(owner, task, item);
            }
            Sentence::OwnerOnly(owner) => {
                let already = self.last_owner.as_deref() == Some(owner.as_str());
                if !already && let Some(task) = self.last_sentence.clone() {
                    let task = task.trim_end_matches(['.', ' ']).to_owned();
                    self.push_action(Some(owner), task, item);
                }
                return;
            }
            Sentence::Decision(text) => self.push_decision(text),
            Sentence::DecisionFollows => self.pending = Pending::Decision,
            Sentence::Presenters(people) => {
                self.draft.add_people(AttendanceGroup::Presenters, people);
            }
            Sentence::Other => {}
        }
        self.last_sentence = Some(s.to_owned());
        self.last_owner = owner_of_this;
    }

    fn push_action(&mut self, owner: Option<String>, description: String, item: Option<usize>) {
        let key = (owner.as_deref().map(fold), fold(&description));
        let seen = self
            .draft
            .actions
            .iter()
            .any(|a| (a.owner_text.as_deref().map(fold), fold(&a.description)) == key);
        if seen || description.is_empty() {
            return;
        }
        self.draft.actions.push(MinutesAction {
            due: find_date(&description),
            owner_text: owner,
            owner: None,
            description,
            item,
        });
    }

    fn push_decision(&mut self, text: String) {
        let key = fold(&text);
        if key.is_empty() || self.draft.decisions.iter().any(|d| fold(&d.text) == key) {
            return;
        }
        let item = self.current_item();
        self.draft.decisions.push(MinutesDecision { text, item });
    }
}

/// Text folded for comparing repeats: letters and digits only, in lower case.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
