//! Minutes import through the real router, on both engines: the clerk pastes published minutes
//! for a forum whose members match them, checks the draft meeting read from them (nothing saved
//! yet), confirms it as the browser sends the form, and the meeting has the attendance, items,
//! decisions and actions with owners the minutes give. Minutes in other styles ("Action: Name",
//! "Name to …", "Name agreed to …", a substitute) give their actions and owners, an ambiguous
//! owner is left for the clerk, and bad input is refused naming the field.

#![allow(clippy::unwrap_used)]

mod common;
mod governance_support;

use app::governance::meetings;
use app::{Actor, Store};
use axum::http::StatusCode;
use chrono::NaiveDate;
use common::{get, la, post_form};
use domain::Role;
use domain::governance::Attendance;
use governance_support::{body, encode, field, form_fields, new_forum, ok, refused, set, setup};

const BATHNES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/minutes/bathnes-schools-forum-2021-12-07.txt"
);

/// Sets up a forum with these member seats (category, name) and officers (name, role).
async fn forum(
    r: &axum::Router,
    clerk: &str,
    members: &[(&str, &str)],
    officers: &[(&str, &str)],
) -> i64 {
    let forum = new_forum(r, clerk).await;
    for (category, name) in members {
        let body = format!("category={category}&member_name={}", encode(name));
        ok(
            r,
            &format!("/governance/forums/{forum}/seats"),
            clerk,
            &body,
        )
        .await;
    }
    for (name, role) in officers {
        let body = format!("officer_name={}&role_title={}", encode(name), encode(role));
        ok(
            r,
            &format!("/governance/forums/{forum}/officers"),
            clerk,
            &body,
        )
        .await;
    }
    forum
}

/// Pastes `text` and returns the confirmation page.
async fn read(r: &axum::Router, clerk: &str, forum: i64, text: &str) -> String {
    let path = format!("/governance/forums/{forum}/import");
    let (status, page, _) = post_form(r, &path, clerk, &format!("minutes={}", encode(text))).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Check the minutes"), "{page}");
    page
}

fn clerk_actor() -> Actor {
    Actor::staff(la(), 1, vec![Role::ForumClerk], "test")
}

async fn bathnes_minutes_import_as_the_readme_describes(store: &Store) {
    let (r, clerk, _) = setup(store).await;
    let present = [
        "Jo Marsh",
        "Alun Williams",
        "Claire Crowther",
        "Dine Romero",
        "Kevin Burnett",
        "Louise Malik",
        "Roz Lambert",
        "Steven Mackay",
    ];
    let absent = ["Colleen Collett", "Dawn Sage", "Jo Stoaling", "Sara Willis"];
    let mut members: Vec<(&str, &str)> = present
        .iter()
        .chain(&absent)
        .enumerate()
        .map(|(i, n)| {
            (
                if i % 3 == 0 {
                    "academies"
                } else {
                    "schools_primary"
                },
                *n,
            )
        })
        .collect();
    members.push(("observer", "Amelia Hartley"));
    members.push(("early_years_pvi", ""));
    let officers = [
        ("Christopher Wilford", "Finance"),
        ("Heather Brumby", "Early help"),
        ("Mandy Bishop", "Director"),
        ("Mary Kearney-Knowles", "Director of Education"),
        ("Olwyn Donnelly", "HERS"),
        ("Philip Frankland", "Early years"),
        ("Richard Morgan", "Schools finance"),
        ("Rosemary Collard", "SEND"),
        ("Samantha Bailey", "Clerk"),
        ("Justine Kill", "Finance"),
    ];
    let forum = forum(&r, &clerk, &members, &officers).await;
    let (status, page) = get(&r, &format!("/governance/forums/{forum}/import"), &clerk).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Import minutes"), "{page}");

    let text = std::fs::read_to_string(BATHNES).unwrap();
    let page = read(&r, &clerk, forum, &text).await;
    for shown in [
        "7 December 2021",
        "1 February 2022",
        "Family Support and Play Service",
        "It was agreed that the Family Support and Play Service will continue",
        "bring a data presentation to a future Schools Forum",
        "8 of 12 members present; 5 needed",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    assert!(
        !page.contains("Check the owner"),
        "every owner is found: {page}"
    );
    let (_, forum_page) = get(&r, &format!("/governance/forums/{forum}"), &clerk).await;
    assert!(
        !forum_page.contains("Draft minutes"),
        "nothing saved before confirming"
    );

    let action = format!("/governance/forums/{forum}/import/confirm");
    let fields = form_fields(&page, &action);
    assert_eq!(field(&fields, "held_on-day"), "7");
    let at = ok(&r, &action, &clerk, &body(&fields)).await;
    let meeting: i64 = at.rsplit('/').next().unwrap().parse().unwrap();

    let today = NaiveDate::from_ymd_opt(2022, 1, 10).unwrap();
    let view = meetings::meeting(store, &clerk_actor(), meeting, today)
        .await
        .unwrap();
    assert_eq!(
        view.meeting.held_on,
        NaiveDate::from_ymd_opt(2021, 12, 7).unwrap()
    );
    let count = |a: Attendance, observer: bool| {
        view.seats
            .iter()
            .filter(|s| s.attendance == Some(a) && (s.category.code() == "observer") == observer)
            .count()
    };
    assert_eq!(count(Attendance::Present, false), 8);
    assert_eq!(count(Attendance::Absent, false), 4);
    assert_eq!(count(Attendance::Present, true), 1, "the observer");
    assert_eq!((view.quorum.present, view.quorum.membership), (8, 12));
    let titles: Vec<&str> = view.items.iter().map(|i| i.item.title.as_str()).collect();
    assert_eq!(titles.len(), 8, "{titles:?}");
    assert_eq!(titles[3], "Family Support and Play Service");
    assert_eq!(titles[7], "AOB");
    let decided: Vec<&str> = view
        .items
        .iter()
        .filter(|i| i.item.outcome.as_deref() == Some("minuted"))
        .map(|i| i.item.title.as_str())
        .collect();
    assert_eq!(
        decided,
        [
            "Minutes of the last meeting 28 th September 2021",
            "Family Support and Play Service",
            "Hospital Education and Reintegration Service"
        ]
    );
    let owners: Vec<(&str, &str, Option<&str>)> = view
        .actions
        .iter()
        .map(|a| {
            let item = view
                .items
                .iter()
                .find(|i| Some(i.item.item_id) == a.action.item_id)
                .map(|i| i.item.title.as_str());
            (
                a.action.owner_name.as_str(),
                a.action.owner_kind.as_str(),
                item,
            )
        })
        .collect();
    assert_eq!(
        owners,
        [
            (
                "Jo Marsh",
                "member",
                Some("Minutes of the last meeting 28 th September 2021")
            ),
            (
                "Heather Brumby",
                "officer",
                Some("Family Support and Play Service")
            ),
            ("Rosemary Collard", "officer", Some("SEND Strategy")),
            (
                "Olwyn Donnelly",
                "officer",
                Some("Hospital Education and Reintegration Service")
            ),
            ("Philip Frankland", "officer", Some("Early Years Funding")),
        ]
    );
    assert_eq!(
        view.actions[0].action.description,
        "circulate the Early Years Funding letter"
    );

    // The meeting page shows the decisions as minuted and the actions; the text is its draft
    // minutes.
    let (_, page) = get(&r, &at, &clerk).await;
    assert!(page.contains("Agreed (as minuted)"), "{page}");
    assert!(
        page.contains("share the HERS service specification"),
        "{page}"
    );
    assert!(
        view.meeting
            .minutes_text
            .as_deref()
            .unwrap()
            .contains("Jo Marsh (Chair)")
    );

    // Confirming twice does not make a second meeting.
    let page = refused(&r, &action, &clerk, &body(&fields)).await;
    assert!(page.contains("href=\"#held_on-day\""), "{page}");
    assert!(page.contains("already has a meeting"), "{page}");
}

const OTHER_STYLES: &str = "\
Anytown Council Schools Forum
Date: 14th March 2024
Present:
Jane Smith (Chair)
John Doe
Priya Kaur-Patel (PP)
Ann Bee (substitute for Cal Dee)

Apologies: Sam Brown; Alex Green
In attendance: Robert Jones (Head of SEND), Lisa Wong (Clerk), Guy Visitor

1. Welcome and apologies
The Chair welcomed members and apologies were noted.
2. High needs budget monitoring
Robert Jones presented the month 10 position. Updated figures to be shared with heads.
Action: Robert Jones
Jane Smith to bring the revised figures to the next meeting.
JD agreed to contact the special school heads.
3. De-delegation 2024-25
RESOLVED: that the de-delegation rates be approved.
ACTION: PP to circulate the rates to maintained schools by 30 April 2024
Clerk to circulate the papers a week before the meeting.
JD and PP to meet the trust leads.
Date of next meeting
12 June 2024
";

async fn minutes_in_other_styles_give_their_actions_and_owners(store: &Store) {
    let (r, clerk, member) = setup(store).await;
    let members = [
        ("schools_primary", "Jane Smith"),
        ("schools_secondary", "John Doe"),
        ("academies", "Priya Kaur-Patel"),
        ("academies", "Sam Brown"),
        ("schools_primary", "Alex Green"),
        ("early_years_pvi", "Cal Dee"),
    ];
    let officers = [("Robert Jones", "Head of SEND"), ("Lisa Wong", "Clerk")];
    let forum = forum(&r, &clerk, &members, &officers).await;
    let path = format!("/governance/forums/{forum}/import");

    // Nothing pasted, or nothing that reads as minutes, is refused naming the field.
    let page = refused(&r, &path, &clerk, "minutes=").await;
    assert!(page.contains("href=\"#minutes\""), "{page}");
    let page = refused(&r, &path, &clerk, "minutes=Lorem+ipsum+dolor.").await;
    assert!(
        page.contains("No date, attendance, items or actions"),
        "{page}"
    );
    // A forum member may not import.
    let (status, _, _) = post_form(&r, &path, &member, "minutes=x").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let page = read(&r, &clerk, forum, OTHER_STYLES).await;
    assert!(
        page.contains("could be John Doe or Priya Kaur-Patel"),
        "the two owners are flagged: {page}"
    );
    assert!(
        page.contains("Guy Visitor"),
        "not on the forum, shown: {page}"
    );
    let action = format!("{path}/confirm");
    let mut fields = form_fields(&page, &action);
    assert_eq!(field(&fields, "attendance-6"), "substitute");
    assert_eq!(field(&fields, "substitute-6"), "Ann Bee");
    assert_eq!(
        field(&fields, "owner-5"),
        "",
        "left for the clerk, as no owner"
    );

    // A date the clerk clears is asked for again, their other choices kept.
    set(&mut fields, "held_on-day", "");
    set(&mut fields, "owner-5", "member-2");
    let page = refused(&r, &action, &clerk, &body(&fields)).await;
    assert!(page.contains("href=\"#held_on-day\""), "{page}");
    let mut fields = form_fields(&page, &action);
    assert_eq!(field(&fields, "owner-5"), "member-2");
    set(&mut fields, "held_on-day", "14");

    // Decisions need a quorate meeting.
    let mut inquorate = fields.clone();
    for seat in 1..=6 {
        set(&mut inquorate, &format!("attendance-{seat}"), "absent");
    }
    let page = refused(&r, &action, &clerk, &body(&inquorate)).await;
    assert!(
        page.contains("href=\"#attendance\"") && page.contains("not quorate"),
        "{page}"
    );

    let at = ok(&r, &action, &clerk, &body(&fields)).await;
    let meeting: i64 = at.rsplit('/').next().unwrap().parse().unwrap();
    let today = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap();
    let view = meetings::meeting(store, &clerk_actor(), meeting, today)
        .await
        .unwrap();
    let seat = |n: &str| {
        view.seats
            .iter()
            .find(|s| s.holder.as_deref() == Some(n))
            .unwrap()
    };
    assert_eq!(seat("Cal Dee").who(), "Ann Bee (substitute for Cal Dee)");
    assert_eq!(seat("Sam Brown").attendance, Some(Attendance::Apologies));
    assert_eq!(seat("John Doe").attendance, Some(Attendance::Present));
    let actions: Vec<(&str, &str)> = view
        .actions
        .iter()
        .map(|a| (a.action.owner_name.as_str(), a.action.description.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("Robert Jones", "Updated figures to be shared with heads"),
            (
                "Jane Smith",
                "bring the revised figures to the next meeting"
            ),
            ("John Doe", "contact the special school heads"),
            (
                "Priya Kaur-Patel",
                "circulate the rates to maintained schools by 30 April 2024"
            ),
            (
                "Lisa Wong",
                "circulate the papers a week before the meeting"
            ),
            ("John Doe", "meet the trust leads"),
        ]
    );
    assert_eq!(
        view.actions[3].action.due_on,
        NaiveDate::from_ymd_opt(2024, 4, 30)
    );
    let decided = view
        .items
        .iter()
        .find(|i| i.item.outcome.is_some())
        .unwrap();
    assert_eq!(decided.item.title, "De-delegation 2024-25");
    assert_eq!(
        decided.item.motion.as_deref(),
        Some("that the de-delegation rates be approved.")
    );
}

store::on_both_engines!(
    bathnes_minutes_import_as_the_readme_describes,
    minutes_in_other_styles_give_their_actions_and_owners
);
