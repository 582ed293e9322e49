//! Schools Forum and other forums: membership, meetings with agendas and papers, attendance and
//! the quorum, declarations, votes, consultation responses, actions with matters arising and the
//! tracker, and what is published. The rules are `domain::governance`'s; this module loads the
//! rows, applies them and saves, one transaction per use case, each audited.
//!
//! - [`forums`]: forums, seats (members by category, vacancies, terms) and officers.
//! - [`meetings`]: meetings, agenda items, attendance and the meeting as the clerk sees it.
//! - [`decisions`]: declarations of interest, votes and consultation responses.
//! - [`actions`]: actions, their updates, and the tracker across forums.
//! - [`import`]: pasted minutes read into a draft meeting, created once the clerk confirms it.
//! - [`papers`]: papers for items, kept in the document store.
//! - [`publishing`]: publishing agendas, minutes from draft to approved, the public pages.
//! - [`plans`]: keeping action plans: workstreams, actions, risks, measures and reviews.
//! - [`plan_view`]: reading action plans with their ratings' history and live measures.
//! - [`report_pack`]: a meeting's report pack, drawn from live data when generated.
//! - [`figures`]: the live EHC and high needs figures plans and report packs quote.

pub mod actions;
pub mod decisions;
pub mod figures;
pub mod forums;
pub mod import;
pub mod meetings;
pub mod papers;
pub mod plan_view;
pub mod plans;
pub mod publishing;
pub mod report_pack;

use chrono::NaiveDate;
use domain::governance::{
    ActionDue, ActionStatus, Attendance, Interest, MemberCategory, Quorum, Seat, Voter, in_term,
    quorum,
};
use store::{ForumActionRow, ForumAttendanceRow, ForumMeetingRow, ForumRow, ForumSeatRow, Tx};
pub use store::{ForumItemRow, ForumOfficerRow};

use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};

/// The kinds of forum a council runs, as stored, with their names.
pub const FORUM_KINDS: [(&str, &str); 3] = [
    ("schools_forum", "Schools Forum"),
    ("panel", "Panel"),
    ("working_group", "Working group"),
];

/// The owner kind of an action nobody owns yet (imported minutes that name no owner, or one the
/// clerk could not place); its owner id is 0 and its owner name empty.
pub const NO_OWNER: &str = "none";

/// Who owns an action, as pages show it.
#[must_use]
pub fn owner_label(action: &ForumActionRow) -> &str {
    if action.owner_kind == NO_OWNER {
        "No owner"
    } else {
        &action.owner_name
    }
}

/// The name of a kind of forum.
#[must_use]
pub fn forum_kind_label(code: &str) -> &str {
    FORUM_KINDS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, label)| label)
}

/// A seat as it stood at one meeting: held (within its member's term) or vacant, and how it was
/// attended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatAtMeeting {
    pub seat: ForumSeatRow,
    pub category: MemberCategory,
    /// The member holding the seat on the day, if any.
    pub holder: Option<String>,
    pub attendance: Option<Attendance>,
    pub substitute: Option<String>,
}

impl SeatAtMeeting {
    /// The seat as the quorum rule sees it: a seat with no attendance recorded is a member who
    /// was not there.
    #[must_use]
    pub fn as_seat(&self) -> Seat {
        match self.holder {
            None => Seat::vacant(self.category),
            Some(_) => Seat::filled(self.category, self.attendance.unwrap_or(Attendance::Absent)),
        }
    }

    /// The seat as a voter on an item where `interest` was declared.
    #[must_use]
    pub fn as_voter(&self, interest: Interest) -> Voter {
        Voter {
            category: self.category,
            attendance: self.attendance.unwrap_or(Attendance::Absent),
            interest,
        }
    }

    /// Who sat in the seat: the member, or their substitute.
    #[must_use]
    pub fn who(&self) -> String {
        let member = self.holder.as_deref().unwrap_or("Vacant");
        match (&self.attendance, &self.substitute) {
            (Some(Attendance::Substitute), Some(sub)) => format!("{sub} (substitute for {member})"),
            _ => member.to_string(),
        }
    }
}

/// The seats of a forum at a meeting held on `on`, with the attendance recorded.
pub(crate) fn seats_at(
    seats: Vec<ForumSeatRow>,
    attendance: &[ForumAttendanceRow],
    on: NaiveDate,
) -> Vec<SeatAtMeeting> {
    seats
        .into_iter()
        .map(|seat| {
            let holder = seat
                .member_name
                .clone()
                .filter(|_| in_term(seat.term_starts_on, seat.term_ends_on, on));
            let recorded = attendance.iter().find(|a| a.seat_id == seat.seat_id);
            SeatAtMeeting {
                category: MemberCategory::parse(&seat.category)
                    .unwrap_or(MemberCategory::NonSchoolsOther),
                attendance: recorded.and_then(|a| Attendance::parse(&a.attendance).ok()),
                substitute: recorded.and_then(|a| a.substitute_name.clone()),
                holder,
                seat,
            }
        })
        .collect()
}

/// The quorum of a meeting with these seats (`domain::governance::quorum`).
#[must_use]
pub fn quorum_of(seats: &[SeatAtMeeting]) -> Quorum {
    let seats: Vec<Seat> = seats.iter().map(SeatAtMeeting::as_seat).collect();
    quorum(&seats)
}

/// An action with what the tracker and matters arising show beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionView {
    pub action: ForumActionRow,
    pub status: ActionStatus,
    pub forum_name: String,
    /// The date of the meeting it was raised at.
    pub raised_on: NaiveDate,
    /// The date of the meeting it reports to, if set.
    pub due_meeting_on: Option<NaiveDate>,
    pub overdue: bool,
}

impl ActionView {
    pub(crate) fn due(&self) -> ActionDue {
        ActionDue {
            status: self.status,
            due_on: self.action.due_on,
            due_meeting_on: self.due_meeting_on,
        }
    }
}

/// Builds the views of `actions`, taking meeting dates from `meetings` and forum names from
/// `forums`.
pub(crate) fn action_views(
    actions: Vec<ForumActionRow>,
    meetings: &[ForumMeetingRow],
    forums: &[ForumRow],
    today: NaiveDate,
) -> Vec<ActionView> {
    let held_on = |id: i64| {
        meetings
            .iter()
            .find(|m| m.meeting_id == id)
            .map(|m| m.held_on)
    };
    actions
        .into_iter()
        .filter_map(|action| {
            let raised_on = held_on(action.meeting_id)?;
            let mut view = ActionView {
                status: ActionStatus::parse(&action.status).unwrap_or(ActionStatus::Open),
                forum_name: forums
                    .iter()
                    .find(|f| f.forum_id == action.forum_id)
                    .map(|f| f.name.clone())
                    .unwrap_or_default(),
                raised_on,
                due_meeting_on: action.due_meeting_id.and_then(held_on),
                overdue: false,
                action,
            };
            view.overdue = view.due().is_overdue(today);
            Some(view)
        })
        .collect()
}

/// A forum meeting, or not found.
pub(crate) async fn load_meeting(
    tx: &mut Tx,
    la_id: i64,
    meeting_id: i64,
) -> Result<ForumMeetingRow> {
    tx.record(la_id, meeting_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("forum meeting {meeting_id}")))
}

/// A forum, or not found.
pub(crate) async fn load_forum(tx: &mut Tx, la_id: i64, forum_id: i64) -> Result<ForumRow> {
    tx.record(la_id, forum_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("forum {forum_id}")))
}

/// The seats of a meeting's forum as they stood on the day, with attendance.
pub(crate) async fn load_seats(
    tx: &mut Tx,
    meeting: &ForumMeetingRow,
) -> Result<Vec<SeatAtMeeting>> {
    use store::schema::{ForumAttendance as Fat, ForumSeats as Fs};
    let la_id = meeting.la_id;
    let seats: Vec<ForumSeatRow> = tx
        .records_where(la_id, &[(Fs::ForumId, meeting.forum_id)])
        .await?;
    let attendance: Vec<ForumAttendanceRow> = tx
        .records_where(la_id, &[(Fat::MeetingId, meeting.meeting_id)])
        .await?;
    Ok(seats_at(seats, &attendance, meeting.held_on))
}

/// A meeting's agenda items in order, and every paper for them.
pub(crate) async fn items_and_papers(
    tx: &mut Tx,
    la_id: i64,
    meeting_id: i64,
) -> Result<(Vec<store::ForumItemRow>, Vec<store::ForumPaperRow>)> {
    use store::schema::{ForumItems as Fit, ForumPapers as Fp};
    let items = tx
        .records_where(la_id, &[(Fit::MeetingId, meeting_id)])
        .await?;
    let papers = tx
        .records_where(la_id, &[(Fp::MeetingId, meeting_id)])
        .await?;
    Ok((items, papers))
}

/// Records a governance change in the audit trail. No forum record concerns a child.
pub(crate) async fn audited(
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    record_type: &str,
    record_id: i64,
    detail: Option<String>,
) -> Result<()> {
    audit::record(
        tx,
        actor,
        Audited {
            action,
            record_type,
            record_id: Some(record_id.to_string()),
            child_id: None,
            detail,
        },
    )
    .await
}

/// Text typed into a form, trimmed; `None` when nothing was typed.
pub(crate) fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// A date typed as YYYY-MM-DD, or `None` when nothing was typed.
pub(crate) fn optional_date(
    field: &'static str,
    text: &str,
) -> std::result::Result<Option<NaiveDate>, domain::FieldError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    crate::casework::parse_date(field, text).map(Some)
}
