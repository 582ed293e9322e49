//! Forum rows (migration 15) and the two generic statements the governance use cases need
//! beyond [`Record`]'s: the rows whose columns equal some ids, and deleting them (attendance,
//! votes and declarations are replaced whole when the clerk records them again).

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Cond, Expr, ExprTrait, Query};

use super::record::{Record, record};
use crate::engine::Tx;
use crate::error::Result;
use crate::schema::{
    ForumActionUpdates as Fau, ForumActions as Fa, ForumAttendance as Fat, ForumInterests as Fi,
    ForumItems as Fit, ForumMeetings as Fm, ForumOfficers as Fo, ForumPapers as Fp,
    ForumSeats as Fs, ForumVotes as Fv, Forums as F,
};

/// A forum: the Schools Forum, a panel or a working group.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ForumRow {
    pub la_id: i64,
    pub forum_id: i64,
    pub name: String,
    pub kind: String,
    pub created_at: DateTime<Utc>,
}
record!(ForumRow, F, key 2, child ForumId, order Name, [
    la_id => LaId, forum_id => ForumId, name => Name, kind => Kind, created_at => CreatedAt,
]);

/// A seat on a forum, with its member (none while vacant) and their term of office.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ForumSeatRow {
    pub la_id: i64,
    pub seat_id: i64,
    pub forum_id: i64,
    pub category: String,
    pub member_name: Option<String>,
    pub organisation: Option<String>,
    pub term_starts_on: Option<NaiveDate>,
    pub term_ends_on: Option<NaiveDate>,
}
record!(ForumSeatRow, Fs, key 2, child ForumId, order SeatId, [
    la_id => LaId, seat_id => SeatId, forum_id => ForumId, category => Category,
    member_name => MemberName, organisation => Organisation, term_starts_on => TermStartsOn,
    term_ends_on => TermEndsOn,
]);

/// An officer who attends a forum and presents to it, not a member.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ForumOfficerRow {
    pub la_id: i64,
    pub officer_id: i64,
    pub forum_id: i64,
    pub name: String,
    pub role_title: String,
}
record!(ForumOfficerRow, Fo, key 2, child ForumId, order OfficerId, [
    la_id => LaId, officer_id => OfficerId, forum_id => ForumId, name => Name,
    role_title => RoleTitle,
]);

/// A meeting of a forum, with its publication and minutes.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ForumMeetingRow {
    pub la_id: i64,
    pub meeting_id: i64,
    pub forum_id: i64,
    pub held_on: NaiveDate,
    pub venue: Option<String>,
    pub agenda_published_at: Option<DateTime<Utc>>,
    pub minutes_text: Option<String>,
    pub minutes_approved_at: Option<i64>,
    pub minutes_approved_on: Option<NaiveDate>,
}
record!(ForumMeetingRow, Fm, key 2, child ForumId, order HeldOn, [
    la_id => LaId, meeting_id => MeetingId, forum_id => ForumId, held_on => HeldOn,
    venue => Venue, agenda_published_at => AgendaPublishedAt, minutes_text => MinutesText,
    minutes_approved_at => MinutesApprovedAt, minutes_approved_on => MinutesApprovedOn,
]);

/// An agenda item, with its decision or consultation response once recorded.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ForumItemRow {
    pub la_id: i64,
    pub item_id: i64,
    pub meeting_id: i64,
    pub position: i64,
    pub title: String,
    pub kind: String,
    pub presenter: Option<String>,
    pub summary: Option<String>,
    pub decision_kind: Option<String>,
    pub motion: Option<String>,
    pub outcome: Option<String>,
    pub votes_for: Option<i64>,
    pub votes_against: Option<i64>,
    pub abstentions: Option<i64>,
    pub response: Option<String>,
}
record!(ForumItemRow, Fit, key 2, child MeetingId, order Position, [
    la_id => LaId, item_id => ItemId, meeting_id => MeetingId, position => Position,
    title => Title, kind => Kind, presenter => Presenter, summary => Summary,
    decision_kind => DecisionKind, motion => Motion, outcome => Outcome,
    votes_for => VotesFor, votes_against => VotesAgainst, abstentions => Abstentions,
    response => Response,
]);

/// How a seat was attended at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ForumAttendanceRow {
    pub la_id: i64,
    pub meeting_id: i64,
    pub seat_id: i64,
    pub attendance: String,
    pub substitute_name: Option<String>,
}
record!(ForumAttendanceRow, Fat, key 3, child MeetingId, order SeatId, [
    la_id => LaId, meeting_id => MeetingId, seat_id => SeatId, attendance => Attendance,
    substitute_name => SubstituteName,
]);

/// An interest a seat's member declared on an item.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ForumInterestRow {
    pub la_id: i64,
    pub item_id: i64,
    pub seat_id: i64,
    pub interest: String,
    pub detail: Option<String>,
}
record!(ForumInterestRow, Fi, key 3, child ItemId, order SeatId, [
    la_id => LaId, item_id => ItemId, seat_id => SeatId, interest => Interest,
    detail => Detail,
]);

/// A seat's vote on an item.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ForumVoteRow {
    pub la_id: i64,
    pub item_id: i64,
    pub seat_id: i64,
    pub vote: String,
}
record!(ForumVoteRow, Fv, key 3, child ItemId, order SeatId, [
    la_id => LaId, item_id => ItemId, seat_id => SeatId, vote => Vote,
]);

/// A paper for an item; its bytes are in the document store under `storage_key`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ForumPaperRow {
    pub la_id: i64,
    pub paper_id: i64,
    pub item_id: i64,
    pub meeting_id: i64,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub confidential: bool,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}
record!(ForumPaperRow, Fp, key 2, child MeetingId, order ItemId, [
    la_id => LaId, paper_id => PaperId, item_id => ItemId, meeting_id => MeetingId,
    title => Title, file_name => FileName, content_type => ContentType,
    size_bytes => SizeBytes, sha256 => Sha256, storage_key => StorageKey,
    confidential => Confidential, uploaded_by => UploadedBy, uploaded_at => UploadedAt,
]);

/// An action agreed at a meeting, with its owner and when it is due.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ForumActionRow {
    pub la_id: i64,
    pub action_id: i64,
    pub forum_id: i64,
    pub meeting_id: i64,
    pub item_id: Option<i64>,
    pub description: String,
    pub owner_kind: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub due_on: Option<NaiveDate>,
    pub due_meeting_id: Option<i64>,
    pub status: String,
    pub raised_at: DateTime<Utc>,
}
record!(ForumActionRow, Fa, key 2, child ForumId, order RaisedAt, [
    la_id => LaId, action_id => ActionId, forum_id => ForumId, meeting_id => MeetingId,
    item_id => ItemId, description => Description, owner_kind => OwnerKind,
    owner_id => OwnerId, owner_name => OwnerName, due_on => DueOn,
    due_meeting_id => DueMeetingId, status => Status, raised_at => RaisedAt,
]);

/// A progress note on an action, with the status it left the action in.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ForumActionUpdateRow {
    pub la_id: i64,
    pub update_id: i64,
    pub action_id: i64,
    pub status: String,
    pub note: String,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}
record!(ForumActionUpdateRow, Fau, key 2, child ActionId, order UpdatedAt, [
    la_id => LaId, update_id => UpdateId, action_id => ActionId, status => Status,
    note => Note, updated_by => UpdatedBy, updated_at => UpdatedAt,
]);

impl Tx {
    /// A council's rows of one table whose columns equal the ids given, in the table's order.
    pub async fn records_where<R: Record>(
        &mut self,
        la_id: i64,
        equal: &[(R::Col, i64)],
    ) -> Result<Vec<R>> {
        let mut cond = Cond::all();
        for (col, value) in equal {
            cond = cond.add(Expr::col(*col).eq(*value));
        }
        self.select_records(la_id, cond).await
    }

    /// Deletes a council's rows of one table whose columns equal the ids given. At least one
    /// column must be given, so this never empties a council's table by mistake.
    pub async fn delete_where<R: Record>(
        &mut self,
        la_id: i64,
        equal: &[(R::Col, i64)],
    ) -> Result<u64> {
        if equal.is_empty() {
            return Ok(0);
        }
        let mut delete = Query::delete();
        delete
            .from_table(R::TABLE)
            .and_where(Expr::col(R::COLUMNS[0]).eq(la_id));
        for (col, value) in equal {
            delete.and_where(Expr::col(*col).eq(*value));
        }
        self.execute(&delete).await
    }
}
