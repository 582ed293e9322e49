//! The minutes reader against the two published samples in `shared/data/minutes` (expected
//! figures from its README) and hand-written minutes in other common styles.

use chrono::NaiveDate;

use super::*;
use AttendanceGroup as G;

/// `/work/main/crates/domain` → `/work/shared`: three levels up.
const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/minutes/");

fn sample(name: &str) -> String {
    let path = format!("{SAMPLES}{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// (owner text, owner's name, item number, description) of each owned action.
fn owned(d: &MinutesDraft) -> Vec<(String, Option<String>, Option<u32>, String)> {
    let people = d.people();
    d.owned_actions()
        .map(|a| {
            (
                a.owner_text.clone().unwrap_or_default(),
                a.owner.map(|r| people[r.index].name.clone()),
                a.item.and_then(|i| d.items[i].number),
                a.description.clone(),
            )
        })
        .collect()
}

#[test]
fn the_samples_are_where_the_tests_expect() {
    assert!(
        std::path::Path::new(SAMPLES).join("README.md").exists(),
        "{SAMPLES}"
    );
}

#[test]
fn bathnes_attendance_matches_the_readme() {
    let d = parse_minutes(&sample("bathnes-schools-forum-2021-12-07.txt"));
    assert_eq!(d.count(G::MembersPresent), 8);
    assert_eq!(d.count(G::MembersAbsent), 4);
    assert_eq!(d.count(G::Observers), 1);
    assert_eq!(d.count(G::OfficersPresent), 9);
    assert_eq!(d.count(G::OfficersAbsent), 1);
    assert_eq!(d.count(G::MembersApologies), 0);
    let chair = &d.attendance[0].people[0];
    assert_eq!(
        (chair.name.as_str(), chair.note.as_deref()),
        ("Jo Marsh", Some("Chair"))
    );
    assert_eq!(d.title.as_deref(), Some("SCHOOLS FORUM"));
    assert_eq!(d.meeting_date, date(2021, 12, 7));
    assert_eq!(d.next_meeting, date(2022, 2, 1));
}

#[test]
fn bathnes_items_are_seven_and_aob() {
    let d = parse_minutes(&sample("bathnes-schools-forum-2021-12-07.txt"));
    let items: Vec<(Option<u32>, &str)> = d
        .items
        .iter()
        .map(|i| (i.number, i.title.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            (Some(1), "Apologies Received"),
            (Some(2), "Declarations of Interest"),
            (Some(3), "Minutes of the last meeting 28 th September 2021"),
            (Some(4), "Family Support and Play Service"),
            (Some(5), "SEND Strategy"),
            (Some(6), "Hospital Education and Reintegration Service"),
            (Some(7), "Early Years Funding"),
            (None, "AOB"),
        ]
    );
}

#[test]
fn bathnes_has_exactly_the_five_owned_actions_of_the_readme() {
    let d = parse_minutes(&sample("bathnes-schools-forum-2021-12-07.txt"));
    let s = |x: &str| x.to_owned();
    assert_eq!(
        owned(&d),
        [
            (
                s("JM"),
                Some(s("Jo Marsh")),
                Some(3),
                s("circulate the Early Years Funding letter")
            ),
            (
                s("HB"),
                Some(s("Heather Brumby")),
                Some(4),
                s(
                    "provide an extract of the service specification and share the early help \
                   offer documents when finalised"
                )
            ),
            (
                s("RC"),
                Some(s("Rosemary Collard")),
                Some(5),
                s("bring a data presentation to a future Schools Forum")
            ),
            (
                s("OD"),
                Some(s("Olwyn Donnelly")),
                Some(6),
                s("share the HERS service specification")
            ),
            (
                s("PF"),
                Some(s("Philip Frankland")),
                Some(7),
                s("bring an update on Early Years Funding for the February 2022 agenda")
            ),
        ]
    );
    assert_eq!(d.actions.len(), 5, "no unowned actions either");
}

#[test]
fn bathnes_decisions_are_kept_once_under_their_items() {
    let d = parse_minutes(&sample("bathnes-schools-forum-2021-12-07.txt"));
    let by_item: Vec<(Option<u32>, &str)> = d
        .decisions
        .iter()
        .map(|x| (x.item.and_then(|i| d.items[i].number), &x.text[..30]))
        .collect();
    assert_eq!(
        by_item,
        [
            (Some(3), "The minutes of the meeting wer"),
            (Some(3), "The following actions were agr"),
            (Some(4), "It was agreed that the Family "),
            (Some(6), "The group agreed to move to a "),
        ]
    );
}

#[test]
fn bathnes_initials_shared_by_two_people_go_to_the_one_present() {
    let d = parse_minutes(&sample("bathnes-schools-forum-2021-12-07.txt"));
    let people = d.people();
    let name = |t: &str| resolve_owner(t, &people).map(|r| people[r.index].name.clone());
    // CC: Claire Crowther (present) and Colleen Collett (not present).
    assert_eq!(name("CC").as_deref(), Some("Claire Crowther"));
    assert_eq!(name("MKK").as_deref(), Some("Mary Kearney-Knowles"));
    assert_eq!(name("DR").as_deref(), Some("Cllr Dine Romero"));
}

#[test]
fn wiltshire_has_one_item_its_presenters_one_resolution_and_no_owned_actions() {
    let d = parse_minutes(&sample(
        "wiltshire-schools-forum-high-needs-update-2019.txt",
    ));
    assert_eq!(
        d.items,
        [MinutesItem {
            number: None,
            title: "High Needs Update".into()
        }]
    );
    let presenters: Vec<&str> = d.attendance[0]
        .people
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(d.attendance.len(), 1);
    assert_eq!(d.attendance[0].group, G::Presenters);
    assert_eq!(
        presenters,
        [
            "Marie Taylor",
            "Ben Bryant",
            "Karina Kulawik",
            "Helean Hughes",
            "Matt Sambrook"
        ]
    );
    assert_eq!(d.decisions.len(), 1);
    assert!(
        d.decisions[0]
            .text
            .starts_with("That Schools Forum support the proposals identified by ISOS"),
        "{:?}",
        d.decisions[0]
    );
    assert_eq!(d.decisions[0].item, Some(0));
    // The README lists no owned actions for this item, and the text gives none: follow-ups are
    // "It was suggested that …" and the resolution's "further reports are brought …".
    assert_eq!(d.actions, []);
    // Presenters named by first name alone still resolve.
    let people = d.people();
    let who = resolve_owner("Helean", &people).map(|r| people[r.index].name.clone());
    assert_eq!(who.as_deref(), Some("Helean Hughes"));
}

const HAND_WRITTEN: &str = "\
Anytown Council Schools Forum
Date: 14th March 2024
Present:
Jane Smith (Chair)
John Doe
Priya Kaur-Patel (PP)

Apologies: Sam Brown; Alex Green
In attendance: Robert Jones (Head of SEND), Lisa Wong (Clerk)

1. Welcome and apologies
The Chair welcomed members and apologies were noted.
2. High needs budget monitoring
Robert Jones presented the month 10 position. Updated figures to be shared with heads.
Action: Robert Jones
The figures for the autumn term will be circulated by 31 March 2024.
ACTION: JD
Jane Smith to bring the revised figures to the next meeting.
JD agreed to contact the special school heads.
Heads asked for a termly summary of top-up spend. ACTION: JS
3. De-delegation 2024-25
RESOLVED: that the de-delegation rates be approved.
ACTION: PP to circulate the rates to maintained schools
Action: update the funding pages (Lisa Wong)
Clerk to circulate the papers a week before the meeting.
Robert to share the panel dates.
JD and PP to meet the trust leads.
Any Other Business
None.
Date of next meeting
12 June 2024
";

#[test]
fn hand_written_minutes_give_attendance_items_and_dates() {
    let d = parse_minutes(HAND_WRITTEN);
    assert_eq!(d.count(G::MembersPresent), 3);
    assert_eq!(d.count(G::MembersApologies), 2);
    assert_eq!(d.count(G::OfficersPresent), 2);
    assert_eq!(d.meeting_date, date(2024, 3, 14));
    assert_eq!(d.next_meeting, date(2024, 6, 12));
    let titles: Vec<&str> = d.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Welcome and apologies",
            "High needs budget monitoring",
            "De-delegation 2024-25",
            "Any Other Business"
        ]
    );
    assert_eq!(d.decisions.len(), 1);
    assert_eq!(
        d.decisions[0].text,
        "that the de-delegation rates be approved."
    );
    assert_eq!(d.decisions[0].item, Some(2));
}

#[test]
fn hand_written_minutes_give_actions_in_every_style_with_owners() {
    let d = parse_minutes(HAND_WRITTEN);
    let s = |x: &str| x.to_owned();
    let name = |x: &str| Some(s(x));
    assert_eq!(
        owned(&d),
        [
            (
                s("Robert Jones"),
                name("Robert Jones"),
                Some(2),
                s("Updated figures to be shared with heads")
            ),
            (
                s("JD"),
                name("John Doe"),
                Some(2),
                s("The figures for the autumn term will be circulated by 31 March 2024")
            ),
            (
                s("Jane Smith"),
                name("Jane Smith"),
                Some(2),
                s("bring the revised figures to the next meeting")
            ),
            (
                s("JD"),
                name("John Doe"),
                Some(2),
                s("contact the special school heads")
            ),
            (
                s("JS"),
                name("Jane Smith"),
                Some(2),
                s("Heads asked for a termly summary of top-up spend")
            ),
            (
                s("PP"),
                name("Priya Kaur-Patel"),
                Some(3),
                s("circulate the rates to maintained schools")
            ),
            (
                s("Lisa Wong"),
                name("Lisa Wong"),
                Some(3),
                s("update the funding pages")
            ),
            (
                s("Clerk"),
                name("Lisa Wong"),
                Some(3),
                s("circulate the papers a week before the meeting")
            ),
            (
                s("Robert"),
                name("Robert Jones"),
                Some(3),
                s("share the panel dates")
            ),
            (s("JD and PP"), None, Some(3), s("meet the trust leads")),
        ]
    );
    assert_eq!(d.actions[1].due, date(2024, 3, 31));
    let people = d.people();
    let both: Vec<Option<usize>> = resolve_owners("JD and PP", &people)
        .into_iter()
        .map(|(_, r)| r.map(|r| r.index))
        .collect();
    assert_eq!(both, [Some(1), Some(2)]);
}

#[test]
fn an_owner_column_after_an_action_sentence_is_not_a_second_action() {
    let d = parse_minutes(
        "1. Budget\nJS to circulate the budget paper.\nACTION: JS\nJS to circulate the budget paper.",
    );
    assert_eq!(d.actions.len(), 1);
    assert_eq!(d.actions[0].owner_text.as_deref(), Some("JS"));
}

#[test]
fn resolved_on_its_own_line_takes_the_next_line() {
    let d =
        parse_minutes("Item 4: Growth fund\nResolved\n\nThat the growth fund criteria be agreed.");
    assert_eq!(d.items[0].number, Some(4));
    assert_eq!(d.items[0].title, "Growth fund");
    assert_eq!(
        d.decisions[0].text,
        "That the growth fund criteria be agreed."
    );
}

#[test]
fn a_numbered_list_inside_an_item_is_not_a_list_of_items() {
    let d = parse_minutes(
        "5. SEND Strategy\nThe themes are:\n1. Co-production with parents.\n2. Partnerships.\n\
         6. Early Years",
    );
    let numbers: Vec<Option<u32>> = d.items.iter().map(|i| i.number).collect();
    assert_eq!(numbers, [Some(5), Some(6)]);
}

#[test]
fn empty_and_unrecognised_text_gives_an_empty_draft() {
    assert_eq!(parse_minutes(""), MinutesDraft::default());
    let d = parse_minutes("Lorem ipsum dolor sit amet.\n\u{a0}\n");
    assert_eq!(d, MinutesDraft::default());
}
