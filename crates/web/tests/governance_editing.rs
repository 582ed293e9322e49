//! Changing what a clerk set up, through the real router on both engines: a seat's member and
//! term changed, a seat set up in error removed while one with attendance is kept, and an
//! agenda item removed (the rest closing up) while one with an action is kept.

#![allow(clippy::unwrap_used)]

mod common;
mod governance_support;

use app::Store;
use axum::http::StatusCode;
use common::get;
use governance_support::{new_forum, ok, refused, setup};

async fn a_clerk_changes_seats_and_items(store: &Store) {
    let (r, clerk, member) = setup(store).await;
    let forum = new_forum(&r, &clerk).await;
    let seats = format!("/governance/forums/{forum}/seats");
    ok(
        &r,
        &seats,
        &clerk,
        "category=schools_primary&member_name=Pat+Primary",
    )
    .await;
    ok(
        &r,
        &seats,
        &clerk,
        "category=academies&member_name=Ann+Academy",
    )
    .await;
    ok(&r, &seats, &clerk, "category=diocesan&member_name=").await;
    let at = ok(
        &r,
        &format!("/governance/forums/{forum}/meetings"),
        &clerk,
        "held_on-day=12&held_on-month=3&held_on-year=2025",
    )
    .await;
    let meeting = at.rsplit('/').next().unwrap().to_string();

    // The seat's page is the clerk's; it shows the seat as it stands.
    let (status, page) = get(&r, "/governance/seats/1", &clerk).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("value=\"Pat Primary\""), "{page}");
    let (status, _) = get(&r, "/governance/seats/1", &member).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A new member for the seat, and a term that must end after it starts.
    ok(
        &r,
        "/governance/seats/1",
        &clerk,
        "category=schools_primary&member_name=Priya+Primary&organisation=Oak+Primary",
    )
    .await;
    let page = refused(
        &r,
        "/governance/seats/2",
        &clerk,
        "category=academies&member_name=Ann+Academy&term_starts_on-day=1&term_starts_on-month=9\
         &term_starts_on-year=2025&term_ends_on-day=1&term_ends_on-month=9&term_ends_on-year=2024",
    )
    .await;
    assert!(page.contains("href=\"#term_ends_on-day\""), "{page}");
    let (_, page) = get(&r, &format!("/governance/forums/{forum}"), &clerk).await;
    assert!(
        page.contains("Priya Primary") && !page.contains("Pat Primary"),
        "{page}"
    );

    // A seat with attendance at a meeting stays; the vacancy set up in error goes.
    ok(
        &r,
        &format!("/governance/meetings/{meeting}/attendance"),
        &clerk,
        "attendance-2=present",
    )
    .await;
    let page = refused(&r, "/governance/seats/2/remove", &clerk, "").await;
    assert!(page.contains("end the member"), "{page}");
    ok(&r, "/governance/seats/3/remove", &clerk, "").await;
    let (_, page) = get(&r, &format!("/governance/forums/{forum}"), &clerk).await;
    assert!(!page.contains("Diocesan"), "{page}");
    assert!(page.contains("Ann Academy"), "{page}");

    // Items: one removed, the next moving up; one with an action kept.
    let items = format!("/governance/meetings/{meeting}/items");
    for title in ["Added+in+error", "Growth+fund", "High+needs+update"] {
        ok(
            &r,
            &items,
            &clerk,
            &format!("title={title}&kind=information"),
        )
        .await;
    }
    ok(
        &r,
        &format!("{items}/3/actions"),
        &clerk,
        "description-3=Bring+the+figures&owner-3=member-2\
         &due_on-3-day=1&due_on-3-month=6&due_on-3-year=2025",
    )
    .await;
    ok(&r, &format!("{items}/1/remove"), &clerk, "").await;
    let (_, page) = get(&r, &format!("/governance/meetings/{meeting}"), &clerk).await;
    assert!(!page.contains("Added in error"), "{page}");
    assert!(
        page.contains("1. Growth fund") && page.contains("2. High needs update"),
        "{page}"
    );
    let page = refused(&r, &format!("{items}/3/remove"), &clerk, "").await;
    assert!(page.contains("part of the meeting"), "{page}");
}

store::on_both_engines!(a_clerk_changes_seats_and_items);
