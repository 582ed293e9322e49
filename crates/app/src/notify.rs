//! Notifications: a message in one person's portal and, when they have an email address, the
//! same message queued in the outbox, both written in the transaction of the change that
//! caused them. A change and its messages are saved together or not at all; the email is sent
//! later by a job ([`crate::jobs`]), so a mail relay that is down never loses the change.
//!
//! Every message says what changed and what to do next, never just "you have new information".
//!
//! What a message may say (the rule these functions keep):
//! - **Email names no child, for anyone.** Email leaves the council's systems, is forwarded and
//!   read on shared devices. It says what changed by reference, what to do next, and links to
//!   sign in, where the policy decides what the reader sees.
//! - **Portal messages name no child either, for now.** A professional asked for advice was
//!   sent the child's details with the request through the council's own channel; the message
//!   gives the advice reference (`ADV-801-17`) and the due date so they can match it, which is
//!   all they need and no more than they already hold. Caseworkers' digests give counts and
//!   link to the work tray, where names are shown under the policy.
//!
//! Messages are therefore composed here from ids, dates and counts only ([`Notice`] builders
//! below); no caller passes free text about a child.

use chrono::{DateTime, NaiveDate, Utc};
use domain::clock::AdviceService;
use store::{EmailRow, NewJob, NotificationRow, Tx};

use crate::error::{AppError, Result};

/// The job kind that sends one queued email.
pub const SEND_EMAIL: &str = "send_email";

/// Who a message is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    /// A member of staff or a partner (SENCO, professional) by staff id.
    Staff(i64),
    /// A parent, carer or young person by person id.
    Family(i64),
}

impl Recipient {
    pub fn kind(self) -> &'static str {
        match self {
            Recipient::Staff(_) => "staff",
            Recipient::Family(_) => "family",
        }
    }

    pub fn id(self) -> i64 {
        match self {
            Recipient::Staff(id) | Recipient::Family(id) => id,
        }
    }
}

/// One message: what changed, what to do next, and where in the service to do it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub subject: String,
    pub what_changed: String,
    pub what_next: String,
    /// A path in the service (`/casework`); the email links to it through sign-in.
    pub link: String,
    /// The child the message is about, kept for the record and never shown by itself.
    pub child_id: Option<i64>,
}

/// What [`notify`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Queued {
    pub notification_id: i64,
    /// The outbox email, if the recipient has an address.
    pub email_id: Option<i64>,
}

/// Writes the portal message and queues the email (and the job that sends it) in the caller's
/// transaction. Fails if the recipient does not exist in the council.
pub async fn notify(
    tx: &mut Tx,
    la_id: i64,
    recipient: Recipient,
    notice: &Notice,
    now: DateTime<Utc>,
) -> Result<Queued> {
    let address = match recipient {
        Recipient::Staff(id) => tx.staff_member(la_id, id).await?.map(|s| s.email),
        Recipient::Family(id) => tx.family_member(la_id, id).await?.map(|f| f.email),
    }
    .ok_or_else(|| AppError::NotFound(format!("{} {}", recipient.kind(), recipient.id())))?;
    let notification_id = tx.allocate_ids(la_id, "notifications", 1).await?;
    tx.insert_notification(&NotificationRow {
        la_id,
        notification_id,
        recipient_kind: recipient.kind().into(),
        recipient_id: recipient.id(),
        child_id: notice.child_id,
        subject: notice.subject.clone(),
        body: format!("{}\n\n{}", notice.what_changed, notice.what_next),
        link_path: notice.link.clone(),
        created_at: now,
        read_at: None,
    })
    .await?;
    let address = address.trim();
    if address.is_empty() {
        return Ok(Queued {
            notification_id,
            email_id: None,
        });
    }
    let council = tx
        .local_authority(la_id)
        .await?
        .map_or_else(|| "Your council".to_string(), |c| c.name);
    let email_id = tx.allocate_ids(la_id, "outbox", 1).await?;
    tx.insert_email(&EmailRow {
        la_id,
        email_id,
        to_address: address.to_string(),
        subject: notice.subject.clone(),
        body: format!(
            "{}\n\n{}\n\n{council} SEND service",
            notice.what_changed, notice.what_next
        ),
        link_path: notice.link.clone(),
        state: "queued".into(),
        attempts: 0,
        last_error: None,
        created_at: now,
        sent_at: None,
    })
    .await?;
    tx.enqueue_job(&NewJob {
        la_id,
        kind: SEND_EMAIL.into(),
        dedupe_key: format!("send-email:{email_id}"),
        payload: email_id.to_string(),
        run_after: now,
        created_at: now,
    })
    .await?;
    Ok(Queued {
        notification_id,
        email_id: Some(email_id),
    })
}

/// The text of an email as sent: the queued body, then the link to sign in and act.
pub fn email_text(body: &str, public_url: &str, link_path: &str) -> String {
    format!(
        "{body}\n\nSign in to see it: {}{link_path}\n\nThis email holds no personal details: they \
         are in the service, after you sign in.",
        public_url.trim_end_matches('/')
    )
}

/// How the advice is referred to outside the service: the council and the advice request's id.
pub fn advice_reference(la_id: i64, advice_id: i64) -> String {
    format!("ADV-{la_id}-{advice_id}")
}

/// A date as GOV.UK writes it: 6 January 2027.
fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

fn service_label(code: &str) -> &'static str {
    code.parse::<AdviceService>()
        .map_or("Advice", AdviceService::label)
}

/// The adviser was asked for advice on an EHC needs assessment (SEND Regulations 2014 reg 6(1));
/// it is due within 6 weeks (reg 8).
pub fn advice_requested(
    la_id: i64,
    advice_id: i64,
    child_id: i64,
    service: &str,
    due_on: NaiveDate,
) -> Notice {
    let reference = advice_reference(la_id, advice_id);
    Notice {
        subject: format!("Advice requested: {reference}, due {}", long_date(due_on)),
        what_changed: format!(
            "The council has asked you for {} advice for an EHC needs assessment, reference \
             {reference}.",
            service_label(service).to_lowercase()
        ),
        what_next: format!(
            "Send your advice by {}. The law allows 6 weeks from the request (SEND Regulations \
             2014, regulation 8). If you cannot meet this date, tell the SEND team now.",
            long_date(due_on)
        ),
        link: "/notifications".into(),
        child_id: Some(child_id),
    }
}

/// Advice is due soon and has not arrived.
pub fn advice_due_soon(la_id: i64, advice_id: i64, child_id: i64, due_on: NaiveDate) -> Notice {
    let reference = advice_reference(la_id, advice_id);
    Notice {
        subject: format!("Reminder: advice {reference} is due {}", long_date(due_on)),
        what_changed: format!(
            "The advice you were asked for, reference {reference}, has not reached the council \
             yet. It is due on {}.",
            long_date(due_on)
        ),
        what_next: "Send your advice to the SEND team by the due date, quoting the reference. If \
                    you have sent it already, no action is needed."
            .into(),
        link: "/notifications".into(),
        child_id: Some(child_id),
    }
}

/// Advice is past its due date and has not arrived.
pub fn advice_overdue(la_id: i64, advice_id: i64, child_id: i64, due_on: NaiveDate) -> Notice {
    let reference = advice_reference(la_id, advice_id);
    Notice {
        subject: format!("Overdue: advice {reference} was due {}", long_date(due_on)),
        what_changed: format!(
            "The advice you were asked for, reference {reference}, was due on {} and has not \
             reached the council. The family's assessment is waiting for it.",
            long_date(due_on)
        ),
        what_next: "Send your advice to the SEND team today, quoting the reference, or tell them \
                    when it will come."
            .into(),
        link: "/notifications".into(),
        child_id: Some(child_id),
    }
}

/// A caseworker's morning summary: counts only, and a link to the work tray.
pub fn caseworker_digest(on: NaiveDate, overdue: i64, due_soon: i64, soon_days: i64) -> Notice {
    let cases = |n: i64| {
        if n == 1 {
            "1 case".to_string()
        } else {
            format!("{n} cases")
        }
    };
    Notice {
        subject: format!(
            "Your cases on {}: {overdue} overdue, {due_soon} due soon",
            long_date(on)
        ),
        what_changed: format!(
            "On {}, {} of yours have a deadline that has passed and {} have one due in the next \
             {soon_days} days.",
            long_date(on),
            cases(overdue),
            cases(due_soon)
        ),
        what_next: "Open your work tray, earliest deadline first: record what has happened, or \
                    ask your manager to move a case you cannot take forward."
            .into(),
        link: "/casework".into(),
        child_id: None,
    }
}

/// A family wrote to the council about their child's case.
pub fn message_from_family(child_id: i64) -> Notice {
    Notice {
        subject: "New message from a family".into(),
        what_changed: "A parent, carer or young person has sent a message about their EHC case."
            .into(),
        what_next: "Read it and reply in the case's messages. Families are told when you reply."
            .into(),
        link: format!("/children/{child_id}/messages"),
        child_id: Some(child_id),
    }
}

/// The caseworker answered a family's messages.
pub fn message_from_caseworker(child_id: i64) -> Notice {
    Notice {
        subject: "Your caseworker has sent you a message".into(),
        what_changed: "Your caseworker has written to you about the EHC case.".into(),
        what_next: "Sign in to read the message. You can reply on the same page.".into(),
        link: format!("/children/{child_id}/messages"),
        child_id: Some(child_id),
    }
}

/// A professional sent their advice through the portal.
pub fn advice_received(la_id: i64, advice_id: i64, child_id: i64) -> Notice {
    let reference = advice_reference(la_id, advice_id);
    Notice {
        subject: format!("Advice received: {reference}"),
        what_changed: format!("The advice asked for under reference {reference} has arrived."),
        what_next: "Read it on the case, and share it with the family when it is ready to go \
                    with the draft plan."
            .into(),
        link: format!("/children/{child_id}/case"),
        child_id: Some(child_id),
    }
}
