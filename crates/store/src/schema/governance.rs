//! Migration 15: Schools Forum and other forums (governance.md). A forum has seats by category
//! (a seat with no member is a vacancy), officers who attend, and meetings; a meeting has agenda
//! items with papers, attendance per seat, declarations of interest and votes per item, and the
//! actions agreed, each with its updates.
//!
//! Seats, not people, are the unit: the quorum counts seats filled (vacancies excluded), a
//! substitute attends for a seat, and a vote is the seat's. Codes are the `domain::governance`
//! code sets. Paper bytes live in the document store, as documents' do; the row says what the
//! paper is and whether it may be published.

use sea_query::{ForeignKey, ForeignKeyAction, Iden, Index, Table, TableCreateStatement};

use super::columns::*;
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum Forums {
    Table,
    LaId,
    ForumId,
    Name,
    /// `schools_forum`, `panel` or `working_group`.
    Kind,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum ForumSeats {
    Table,
    LaId,
    SeatId,
    ForumId,
    /// `domain::governance::MemberCategory`.
    Category,
    /// Who holds the seat; null while it is vacant.
    MemberName,
    /// The school, academy trust or body the member comes from.
    Organisation,
    TermStartsOn,
    /// The day the term ends; from the next day the seat is vacant until filled again.
    TermEndsOn,
}

#[derive(Iden, Clone, Copy)]
pub enum ForumOfficers {
    Table,
    LaId,
    OfficerId,
    ForumId,
    Name,
    /// What they do for the forum: clerk, finance lead, director.
    RoleTitle,
}

#[derive(Iden, Clone, Copy)]
pub enum ForumMeetings {
    Table,
    LaId,
    MeetingId,
    ForumId,
    HeldOn,
    Venue,
    /// Set when the clerk publishes the agenda: the meeting shows on the public pages.
    AgendaPublishedAt,
    /// The clerk's minutes; published only once approved.
    MinutesText,
    /// The meeting at which these minutes were approved (the next one).
    MinutesApprovedAt,
    MinutesApprovedOn,
}

#[derive(Iden, Clone, Copy)]
pub enum ForumItems {
    Table,
    LaId,
    ItemId,
    MeetingId,
    Position,
    Title,
    /// `domain::governance::ItemKind`.
    Kind,
    Presenter,
    Summary,
    /// For a decision: `domain::governance::DecisionKind`, the motion, and once voted the
    /// outcome (`VoteOutcome`) with the counts.
    DecisionKind,
    Motion,
    Outcome,
    VotesFor,
    VotesAgainst,
    Abstentions,
    /// For a consultation: the forum's response.
    Response,
}

#[derive(Iden, Clone, Copy)]
pub enum ForumAttendance {
    Table,
    LaId,
    MeetingId,
    SeatId,
    /// `domain::governance::Attendance`.
    Attendance,
    SubstituteName,
}

#[derive(Iden, Clone, Copy)]
pub enum ForumInterests {
    Table,
    LaId,
    ItemId,
    SeatId,
    /// `domain::governance::Interest`.
    Interest,
    Detail,
}

#[derive(Iden, Clone, Copy)]
pub enum ForumVotes {
    Table,
    LaId,
    ItemId,
    SeatId,
    /// `domain::governance::Vote`.
    Vote,
}

#[derive(Iden, Clone, Copy)]
pub enum ForumPapers {
    Table,
    LaId,
    PaperId,
    ItemId,
    MeetingId,
    Title,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    StorageKey,
    /// Exempt from publication (the council's confidential papers): never on a public page.
    Confidential,
    UploadedBy,
    UploadedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum ForumActions {
    Table,
    LaId,
    ActionId,
    ForumId,
    MeetingId,
    ItemId,
    Description,
    /// `member` (a seat) or `officer`, and which.
    OwnerKind,
    OwnerId,
    OwnerName,
    DueOn,
    DueMeetingId,
    /// `domain::governance::ActionStatus`.
    Status,
    RaisedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum ForumActionUpdates {
    Table,
    LaId,
    UpdateId,
    ActionId,
    Status,
    Note,
    UpdatedBy,
    UpdatedAt,
}

pub(super) fn keyed(table: impl Iden + 'static, cols: &[&'static str]) -> TableCreateStatement {
    let mut key = Index::create();
    for col in cols {
        key.col(sea_query::Alias::new(*col));
    }
    Table::create()
        .table(table)
        .if_not_exists()
        .primary_key(&mut key)
        .take()
}

pub(super) fn parent(
    cols: [&'static str; 2],
    table: impl Iden + 'static,
    to: [&'static str; 2],
) -> sea_query::ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_col(sea_query::Alias::new(cols[0]))
        .from_col(sea_query::Alias::new(cols[1]))
        .to(
            table,
            (sea_query::Alias::new(to[0]), sea_query::Alias::new(to[1])),
        )
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

fn index(name: &str, table: impl Iden + 'static, cols: [&'static str; 2]) -> SchemaChange {
    let mut index = Index::create();
    index.name(name).table(table).if_not_exists();
    for col in cols {
        index.col(sea_query::Alias::new(col));
    }
    SchemaChange::Index(index.take())
}

pub fn governance() -> Vec<SchemaChange> {
    let table = |t: TableCreateStatement| SchemaChange::Table(Box::new(t));
    let forum = |cols| parent(cols, Forums::Table, ["la_id", "forum_id"]);
    let meeting = |cols| parent(cols, ForumMeetings::Table, ["la_id", "meeting_id"]);
    let item = |cols| parent(cols, ForumItems::Table, ["la_id", "item_id"]);
    let seat = |cols| parent(cols, ForumSeats::Table, ["la_id", "seat_id"]);
    vec![
        table(
            keyed(Forums::Table, &["la_id", "forum_id"])
                .col(id(Forums::LaId))
                .col(id(Forums::ForumId))
                .col(text(Forums::Name))
                .col(text(Forums::Kind))
                .col(timestamp(Forums::CreatedAt))
                .foreign_key(&mut to_council())
                .take(),
        ),
        table(
            keyed(ForumSeats::Table, &["la_id", "seat_id"])
                .col(id(ForumSeats::LaId))
                .col(id(ForumSeats::SeatId))
                .col(id(ForumSeats::ForumId))
                .col(text(ForumSeats::Category))
                .col(opt_text(ForumSeats::MemberName))
                .col(opt_text(ForumSeats::Organisation))
                .col(opt_date(ForumSeats::TermStartsOn))
                .col(opt_date(ForumSeats::TermEndsOn))
                .foreign_key(&mut forum(["la_id", "forum_id"]))
                .take(),
        ),
        table(
            keyed(ForumOfficers::Table, &["la_id", "officer_id"])
                .col(id(ForumOfficers::LaId))
                .col(id(ForumOfficers::OfficerId))
                .col(id(ForumOfficers::ForumId))
                .col(text(ForumOfficers::Name))
                .col(text(ForumOfficers::RoleTitle))
                .foreign_key(&mut forum(["la_id", "forum_id"]))
                .take(),
        ),
        table(
            keyed(ForumMeetings::Table, &["la_id", "meeting_id"])
                .col(id(ForumMeetings::LaId))
                .col(id(ForumMeetings::MeetingId))
                .col(id(ForumMeetings::ForumId))
                .col(date(ForumMeetings::HeldOn))
                .col(opt_text(ForumMeetings::Venue))
                .col(opt_timestamp(ForumMeetings::AgendaPublishedAt))
                .col(opt_text(ForumMeetings::MinutesText))
                .col(opt_id(ForumMeetings::MinutesApprovedAt))
                .col(opt_date(ForumMeetings::MinutesApprovedOn))
                .foreign_key(&mut forum(["la_id", "forum_id"]))
                .take(),
        ),
        table(
            keyed(ForumItems::Table, &["la_id", "item_id"])
                .col(id(ForumItems::LaId))
                .col(id(ForumItems::ItemId))
                .col(id(ForumItems::MeetingId))
                .col(id(ForumItems::Position))
                .col(text(ForumItems::Title))
                .col(text(ForumItems::Kind))
                .col(opt_text(ForumItems::Presenter))
                .col(opt_text(ForumItems::Summary))
                .col(opt_text(ForumItems::DecisionKind))
                .col(opt_text(ForumItems::Motion))
                .col(opt_text(ForumItems::Outcome))
                .col(opt_id(ForumItems::VotesFor))
                .col(opt_id(ForumItems::VotesAgainst))
                .col(opt_id(ForumItems::Abstentions))
                .col(opt_text(ForumItems::Response))
                .foreign_key(&mut meeting(["la_id", "meeting_id"]))
                .take(),
        ),
        table(
            keyed(ForumAttendance::Table, &["la_id", "meeting_id", "seat_id"])
                .col(id(ForumAttendance::LaId))
                .col(id(ForumAttendance::MeetingId))
                .col(id(ForumAttendance::SeatId))
                .col(text(ForumAttendance::Attendance))
                .col(opt_text(ForumAttendance::SubstituteName))
                .foreign_key(&mut meeting(["la_id", "meeting_id"]))
                .foreign_key(&mut seat(["la_id", "seat_id"]))
                .take(),
        ),
        table(
            keyed(ForumInterests::Table, &["la_id", "item_id", "seat_id"])
                .col(id(ForumInterests::LaId))
                .col(id(ForumInterests::ItemId))
                .col(id(ForumInterests::SeatId))
                .col(text(ForumInterests::Interest))
                .col(opt_text(ForumInterests::Detail))
                .foreign_key(&mut item(["la_id", "item_id"]))
                .foreign_key(&mut seat(["la_id", "seat_id"]))
                .take(),
        ),
        table(
            keyed(ForumVotes::Table, &["la_id", "item_id", "seat_id"])
                .col(id(ForumVotes::LaId))
                .col(id(ForumVotes::ItemId))
                .col(id(ForumVotes::SeatId))
                .col(text(ForumVotes::Vote))
                .foreign_key(&mut item(["la_id", "item_id"]))
                .foreign_key(&mut seat(["la_id", "seat_id"]))
                .take(),
        ),
        table(
            keyed(ForumPapers::Table, &["la_id", "paper_id"])
                .col(id(ForumPapers::LaId))
                .col(id(ForumPapers::PaperId))
                .col(id(ForumPapers::ItemId))
                .col(id(ForumPapers::MeetingId))
                .col(text(ForumPapers::Title))
                .col(text(ForumPapers::FileName))
                .col(text(ForumPapers::ContentType))
                .col(id(ForumPapers::SizeBytes))
                .col(text(ForumPapers::Sha256))
                .col(text(ForumPapers::StorageKey))
                .col(flag(ForumPapers::Confidential))
                .col(text(ForumPapers::UploadedBy))
                .col(timestamp(ForumPapers::UploadedAt))
                .foreign_key(&mut item(["la_id", "item_id"]))
                .take(),
        ),
        table(
            keyed(ForumActions::Table, &["la_id", "action_id"])
                .col(id(ForumActions::LaId))
                .col(id(ForumActions::ActionId))
                .col(id(ForumActions::ForumId))
                .col(id(ForumActions::MeetingId))
                .col(opt_id(ForumActions::ItemId))
                .col(text(ForumActions::Description))
                .col(text(ForumActions::OwnerKind))
                .col(id(ForumActions::OwnerId))
                .col(text(ForumActions::OwnerName))
                .col(opt_date(ForumActions::DueOn))
                .col(opt_id(ForumActions::DueMeetingId))
                .col(text(ForumActions::Status))
                .col(timestamp(ForumActions::RaisedAt))
                .foreign_key(&mut meeting(["la_id", "meeting_id"]))
                .take(),
        ),
        table(
            keyed(ForumActionUpdates::Table, &["la_id", "update_id"])
                .col(id(ForumActionUpdates::LaId))
                .col(id(ForumActionUpdates::UpdateId))
                .col(id(ForumActionUpdates::ActionId))
                .col(text(ForumActionUpdates::Status))
                .col(text(ForumActionUpdates::Note))
                .col(text(ForumActionUpdates::UpdatedBy))
                .col(timestamp(ForumActionUpdates::UpdatedAt))
                .foreign_key(&mut parent(
                    ["la_id", "action_id"],
                    ForumActions::Table,
                    ["la_id", "action_id"],
                ))
                .take(),
        ),
        index(
            "forum_seats_forum",
            ForumSeats::Table,
            ["la_id", "forum_id"],
        ),
        index(
            "forum_meetings_forum",
            ForumMeetings::Table,
            ["la_id", "forum_id"],
        ),
        index(
            "forum_items_meeting",
            ForumItems::Table,
            ["la_id", "meeting_id"],
        ),
        index(
            "forum_papers_meeting",
            ForumPapers::Table,
            ["la_id", "meeting_id"],
        ),
        index(
            "forum_actions_forum",
            ForumActions::Table,
            ["la_id", "forum_id"],
        ),
        index(
            "forum_action_updates_action",
            ForumActionUpdates::Table,
            ["la_id", "action_id"],
        ),
    ]
}

fn opt_timestamp(col: impl Iden + 'static) -> sea_query::ColumnDef {
    sea_query::ColumnDef::new(col)
        .timestamp_with_time_zone()
        .null()
        .take()
}
