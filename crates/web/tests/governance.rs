//! The Schools Forum through the real router, on both engines: a clerk sets up the forum with
//! members by category and a vacancy, builds a meeting, records attendance (the quorum shown,
//! and a decision refused while it is not met), records a vote on the funding formula (a
//! non-schools member's vote refused, a prejudicial interest refused), raises actions, sees them
//! as matters arising at the next meeting and on the tracker (overdue first), publishes the
//! agenda and papers, and has the minutes approved at the next meeting; the public pages show
//! only what is published, without signing in.

#![allow(clippy::unwrap_used)]

mod common;
mod governance_support;

use app::{Actor, Store};
use axum::http::StatusCode;
use common::{get, la, post_form, post_multipart, staff_cookie};
use governance_support::{new_forum, ok, refused, setup};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

/// The seats, in the order added (ids 1 to 6 on a fresh database).
const SEATS: [(&str, &str, &str); 6] = [
    ("schools_primary", "Pat Primary", "Sampleford Primary"),
    ("academies", "Ann Academy", "Riverside Academy Trust"),
    ("early_years_pvi", "Eve Early", "Little Acorns Nursery"),
    ("sixteen_to_nineteen", "Sam Sixteen", "City College"),
    ("diocesan", "", ""),
    ("observer", "Obi Observer", "Trade unions"),
];

async fn forum_with_two_meetings(r: &axum::Router, clerk: &str) -> (i64, i64, i64) {
    let forum = new_forum(r, clerk).await;
    for (category, name, org) in SEATS {
        let body = format!(
            "category={category}&member_name={}&organisation={}",
            name.replace(' ', "+"),
            org.replace(' ', "+")
        );
        ok(
            r,
            &format!("/governance/forums/{forum}/seats"),
            clerk,
            &body,
        )
        .await;
    }
    ok(
        r,
        &format!("/governance/forums/{forum}/officers"),
        clerk,
        "officer_name=Fiona+Finance&role_title=Head+of+schools+finance",
    )
    .await;
    let mut meetings = Vec::new();
    for (d, m, y) in [("15", "1", "2025"), ("12", "3", "2025")] {
        let body = format!("held_on-day={d}&held_on-month={m}&held_on-year={y}&venue=City+Hall");
        let at = ok(
            r,
            &format!("/governance/forums/{forum}/meetings"),
            clerk,
            &body,
        )
        .await;
        meetings.push(at.rsplit('/').next().unwrap().parse().unwrap());
    }
    (forum, meetings[0], meetings[1])
}

async fn a_clerk_runs_the_schools_forum(store: &Store) {
    let (r, clerk, member) = setup(store).await;
    let (forum, first, second) = forum_with_two_meetings(&r, &clerk).await;

    // Membership by category, the vacancy shown and left out of the membership.
    let (_, page) = get(&r, &format!("/governance/forums/{forum}"), &member).await;
    assert!(
        page.contains("Eve Early") && page.contains("Vacant"),
        "{page}"
    );
    assert!(page.contains("Fiona Finance"), "{page}");
    assert!(
        !page.contains("Set up a meeting"),
        "a member does not clerk"
    );

    // An agenda: a formula decision and a general decision.
    let items = format!("/governance/meetings/{first}/items");
    ok(
        &r,
        &items,
        &clerk,
        "title=Schools+funding+formula+2025-26&kind=decision&presenter=Fiona+Finance\
         &decision_kind=schools_funding_formula&motion=Adopt+the+formula",
    )
    .await;
    ok(
        &r,
        &items,
        &clerk,
        "title=Falling+rolls+fund&kind=decision&decision_kind=general&motion=Keep+the+fund",
    )
    .await;
    let page = refused(&r, &items, &clerk, "title=&kind=decision&decision_kind=").await;
    assert!(
        page.contains("href=\"#title\"") && page.contains("href=\"#motion\""),
        "{page}"
    );

    // Attendance: one member present of four (vacancy and observer left out) is not quorate,
    // and no decision is recorded.
    let meeting = format!("/governance/meetings/{first}");
    ok(
        &r,
        &format!("{meeting}/attendance"),
        &clerk,
        "attendance-1=present&attendance-2=apologies&attendance-3=absent&attendance-4=apologies&attendance-6=present",
    )
    .await;
    let (_, page) = get(&r, &meeting, &clerk).await;
    assert!(page.contains("Not quorate"), "{page}");
    assert!(page.contains("1 of 4 members present; 2 needed"), "{page}");
    let votes = format!("{meeting}/items/1/votes");
    let page = refused(&r, &votes, &clerk, "vote-1=for").await;
    assert!(page.contains("not quorate"), "{page}");

    // A substitute counts for the member they replace; now quorate.
    ok(
        &r,
        &format!("{meeting}/attendance"),
        &clerk,
        "attendance-1=present&attendance-2=present&attendance-3=substitute&substitute-3=Sue+Sub\
         &attendance-4=present&attendance-6=present",
    )
    .await;
    let (_, page) = get(&r, &meeting, &clerk).await;
    assert!(
        page.contains("Quorate") && page.contains("4 of 4 members present; 2 needed"),
        "{page}"
    );
    assert!(
        page.contains("Sue Sub (substitute for Eve Early)"),
        "{page}"
    );

    // On the formula the 16 to 19 member and the observer may not vote.
    let page = refused(&r, &votes, &clerk, "vote-1=for&vote-4=for").await;
    assert!(
        page.contains("Sam Sixteen") && page.contains("may not vote"),
        "{page}"
    );
    let page = refused(&r, &votes, &clerk, "vote-6=against").await;
    assert!(page.contains("Obi Observer"), "{page}");
    ok(&r, &votes, &clerk, "vote-1=for&vote-2=for&vote-3=against").await;
    let (_, page) = get(&r, &meeting, &clerk).await;
    assert!(
        page.contains("<strong>Carried</strong>: 2 for, 1 against, 0 abstaining"),
        "{page}"
    );

    // A prejudicial interest stops a member voting on the item they declared it on.
    ok(
        &r,
        &format!("{meeting}/items/2/interests"),
        &clerk,
        "seat-2=2&interest-2=prejudicial&detail-2=Trustee+of+a+school+receiving+the+fund",
    )
    .await;
    let page = refused(
        &r,
        &format!("{meeting}/items/2/votes"),
        &clerk,
        "vote-2=for",
    )
    .await;
    assert!(
        page.contains("Ann Academy") && page.contains("prejudicial"),
        "{page}"
    );
    ok(
        &r,
        &format!("{meeting}/items/2/votes"),
        &clerk,
        "vote-4=for&vote-1=against",
    )
    .await;

    // Actions: one overdue, one due at the next meeting, one done.
    let actions = format!("{meeting}/items/1/actions");
    ok(
        &r,
        &actions,
        &clerk,
        "description-1=Send+the+formula+to+the+DfE&owner-1=officer-1\
         &due_on-1-day=31&due_on-1-month=1&due_on-1-year=2025",
    )
    .await;
    ok(
        &r,
        &actions,
        &clerk,
        &format!("description-1=Report+on+falling+rolls&owner-1=member-1&due_meeting-1={second}"),
    )
    .await;
    ok(
        &r,
        &actions,
        &clerk,
        "description-1=Circulate+the+briefing&owner-1=member-2\
         &due_on-1-day=1&due_on-1-month=1&due_on-1-year=2099",
    )
    .await;
    let page = refused(&r, &actions, &clerk, "description-1=&owner-1=").await;
    assert!(page.contains("href=\"#owner-1\""), "{page}");
    ok(
        &r,
        "/governance/actions/3",
        &clerk,
        "status=done&note=Sent+to+all+schools",
    )
    .await;

    // The next meeting goes through the actions under matters arising.
    let (_, page) = get(&r, &format!("/governance/meetings/{second}"), &member).await;
    let arising = &page[page.find("Matters arising").unwrap()..page.find(">Attendance<").unwrap()];
    for action in [
        "Send the formula to the DfE",
        "Report on falling rolls",
        "Circulate the briefing",
    ] {
        assert!(arising.contains(action), "{action}: {arising}");
    }

    // The tracker: overdue first, then open, then done.
    let (_, page) = get(&r, "/governance/actions", &member).await;
    let at = |s: &str| page.find(s).unwrap_or_else(|| panic!("{s}: {page}"));
    assert!(
        at("Send the formula") < at("Report on falling rolls"),
        "{page}"
    );
    assert!(
        at("Report on falling rolls") < at("Circulate the briefing"),
        "{page}"
    );
    assert!(page.contains("Overdue"), "{page}");

    public_pages(store, &r, &clerk, first, second).await;
}

async fn public_pages(store: &Store, r: &axum::Router, clerk: &str, first: i64, second: i64) {
    let meeting = format!("/governance/meetings/{first}");
    for fields in [
        vec![("title", "Formula consultation report")],
        vec![
            ("title", "Exempt pupil-level modelling"),
            ("confidential", "yes"),
        ],
    ] {
        let (status, page, _) = post_multipart(
            r,
            &format!("{meeting}/items/1/papers"),
            clerk,
            &fields,
            ("paper.pdf", "application/pdf", PDF),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    }
    ok(
        r,
        &format!("{meeting}/minutes"),
        clerk,
        "minutes=The+forum+adopted+the+formula.",
    )
    .await;

    // Nothing is public before the agenda is published.
    let (status, _) = get(r, &format!("/forums/meetings/{first}"), "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(r, "/forums/papers/1", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    ok(r, &format!("{meeting}/publish"), clerk, "").await;
    let (_, start) = get(r, "/", "").await;
    assert!(
        start.contains("href=\"/forums\""),
        "the start page links the forum papers"
    );
    let (status, page) = get(r, "/forums", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("/forums/meetings/{first}")),
        "{page}"
    );
    assert!(
        !page.contains(&format!("/forums/meetings/{second}")),
        "unpublished: {page}"
    );
    let (status, page) = get(r, &format!("/forums/meetings/{first}"), "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Formula consultation report"), "{page}");
    assert!(
        !page.contains("Exempt pupil-level modelling"),
        "confidential: {page}"
    );
    assert!(
        !page.contains("The forum adopted the formula"),
        "draft minutes: {page}"
    );
    assert!(
        !page.contains("Carried"),
        "decisions wait for the minutes: {page}"
    );
    let (status, _) = get(r, "/forums/papers/1", "").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = get(r, "/forums/papers/2", "").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a confidential paper is not public"
    );
    let (status, _) = get(r, "/forums/papers/2", clerk).await;
    assert_eq!(status, StatusCode::OK, "the clerk opens it");

    // The next meeting approves the minutes once it is quorate; then they are published.
    let next = format!("/governance/meetings/{second}");
    let page = refused(r, &format!("{next}/approve-minutes"), clerk, "").await;
    assert!(page.contains("not quorate"), "{page}");
    ok(
        r,
        &format!("{next}/attendance"),
        clerk,
        "attendance-1=present&attendance-2=present",
    )
    .await;
    ok(r, &format!("{next}/approve-minutes"), clerk, "").await;
    let (_, page) = get(r, &format!("/forums/meetings/{first}"), "").await;
    assert!(page.contains("The forum adopted the formula"), "{page}");
    assert!(
        page.contains("Carried") && page.contains("Sue Sub"),
        "{page}"
    );
    let page = refused(r, &format!("{meeting}/minutes"), clerk, "minutes=Changed").await;
    assert!(page.contains("approved"), "{page}");

    // Only the clerk clerks; a member is refused.
    let member = staff_cookie(store, "member@example.org").await;
    let (status, _, _) = post_form(r, &format!("{next}/publish"), &member, "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn the_demo_council_has_a_schools_forum(store: &Store) {
    let tables = synth::DfeTables::embedded().unwrap();
    let la = tables.local_authority(la()).unwrap().clone();
    let calibration = tables.calibrate(Some(la.code)).unwrap();
    let council = synth::generate(&la, &calibration, 300, 7);
    app::councils::load_local_authorities(store, std::slice::from_ref(&la))
        .await
        .unwrap();
    app::demo::seed_council(store, &Actor::operator(la.code), &council, &mut |_| {})
        .await
        .unwrap();
    let (r, clerk, _) = setup(store).await;

    let (_, page) = get(&r, "/governance", &clerk).await;
    let at = page.find("/governance/forums/").unwrap() + "/governance/forums/".len();
    let forum: String = page[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let (_, page) = get(&r, &format!("/governance/forums/{forum}"), &clerk).await;
    assert!(
        page.contains("Vacant") && page.contains("Rachel Green"),
        "{page}"
    );
    assert!(page.contains("at least two thirds"), "{page}");

    // The next meeting: agenda published, last time's open actions under matters arising.
    let meetings: Vec<String> = page
        .match_indices("/governance/meetings/")
        .map(|(i, m)| {
            page[i + m.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect()
        })
        .collect();
    let (_, next) = get(&r, &format!("/governance/meetings/{}", meetings[0]), &clerk).await;
    let arising = &next[next.find("Matters arising").unwrap()..next.find(">Attendance<").unwrap()];
    assert!(
        arising.contains("Write to the Secretary of State"),
        "{arising}"
    );
    let (_, recent) = get(&r, &format!("/governance/meetings/{}", meetings[1]), &clerk).await;
    assert!(recent.contains("<strong>Carried</strong>"), "{recent}");
    assert!(recent.contains("<strong>Not carried</strong>"), "{recent}");

    let (_, tracker) = get(&r, "/governance/actions", &clerk).await;
    // Overdue first, the closed action last.
    let rows = &tracker[tracker.find("<tbody").unwrap()..];
    assert!(
        rows.find("Overdue").unwrap() < rows.find(">Done<").unwrap(),
        "{tracker}"
    );

    // The autumn meeting's approved minutes are public; the recent draft is not.
    let (status, page) = get(&r, &format!("/forums/meetings/{}", meetings[2]), "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("quarter 2 monitoring") && page.contains("Approved"),
        "{page}"
    );
    let (_, page) = get(&r, &format!("/forums/meetings/{}", meetings[1]), "").await;
    assert!(
        !page.contains("did not vote"),
        "draft minutes stay private: {page}"
    );
}

store::on_both_engines!(
    a_clerk_runs_the_schools_forum,
    the_demo_council_has_a_schools_forum
);
