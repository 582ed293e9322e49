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
use domain::Role;
use domain::clock::AdviceService;
use domain::young_person::{Consent, parent_may_see};
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

/// Tells everyone in the child's family who may see the child's record today: the young
/// person, and a parent or carer (of a young person, only with their consent: Children and
/// Families Act 2014 s.80, [`domain::young_person::parent_may_see`]). Returns how many.
pub async fn notify_family(
    tx: &mut Tx,
    la_id: i64,
    child_id: i64,
    notice: &Notice,
    now: DateTime<Utc>,
) -> Result<usize> {
    let Some(child) = tx.child(la_id, child_id).await? else {
        return Ok(0);
    };
    let today = now.date_naive();
    let mut told = 0;
    for member in tx.family_of_child(la_id, child_id).await? {
        if member.role != Role::YoungPerson.code() {
            let consent = tx
                .consents_of_person(la_id, member.person_id)
                .await?
                .into_iter()
                .find(|c| c.child_id == child_id)
                .map(|c| Consent {
                    given_on: c.given_on,
                    withdrawn_on: c.withdrawn_on,
                });
            if !parent_may_see(child.birth_date, today, consent) {
                continue;
            }
        }
        notify(tx, la_id, Recipient::Family(member.person_id), notice, now).await?;
        told += 1;
    }
    Ok(told)
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

/// How a request for an assessment is referred to outside the service.
pub fn request_reference(la_id: i64, request_id: i64) -> String {
    format!("REQ-{la_id}-{request_id}")
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

/// The family asked for an EHC needs assessment online. The council must tell them within
/// 6 weeks whether it will assess (SEND Regulations 2014 reg. 4(1) and 5(1)).
pub fn request_received(child_id: i64, decision_due: NaiveDate) -> Notice {
    Notice {
        subject: "We have your request for an EHC needs assessment".into(),
        what_changed: "Your request for an education, health and care needs assessment has \
                       reached the council's SEND team."
            .into(),
        what_next: format!(
            "We will tell you by {} whether we will carry out the assessment (the law allows 6 \
             weeks). A caseworker may contact you before then. You can follow the request and \
             write your child's and your views online.",
            long_date(decision_due)
        ),
        link: format!("/children/{child_id}/progress"),
        child_id: Some(child_id),
    }
}

/// A request for an assessment arrived through the portal and no one has the case yet.
pub fn new_request_for_team(child_id: i64, source: &str, decision_due: NaiveDate) -> Notice {
    Notice {
        subject: format!(
            "New request for an EHC needs assessment: decide by {}",
            long_date(decision_due)
        ),
        what_changed: format!(
            "A request for an EHC needs assessment has arrived online from {source}."
        ),
        what_next: format!(
            "Give the case to a caseworker today. The decision whether to assess is due by {} \
             (SEND Regulations 2014, regulation 4(1)).",
            long_date(decision_due)
        ),
        link: format!("/children/{child_id}/case"),
        child_id: Some(child_id),
    }
}

/// The council decided whether to carry out an EHC needs assessment.
pub fn assessment_decided(child_id: i64, outcome: domain::RequestOutcome) -> Notice {
    use domain::RequestOutcome as O;
    let (subject, what_changed, what_next) = match outcome {
        O::Yes => (
            "We will carry out an EHC needs assessment",
            "The council has decided to carry out an education, health and care needs \
             assessment.",
            "We will now ask professionals for their advice; each has 6 weeks. Write your \
             child's and your views online if you have not yet: they will go into section A of \
             the plan.",
        ),
        O::No => (
            "We have decided not to carry out an EHC needs assessment",
            "The council has decided not to carry out an education, health and care needs \
             assessment. The reasons are set out online.",
            "If you disagree, you can ask for mediation and appeal to the First-tier Tribunal \
             within 2 months of the decision. Your caseworker can explain the decision.",
        ),
        _ => (
            "Your request for an EHC needs assessment has been closed",
            "The request for an education, health and care needs assessment has been recorded \
             as withdrawn.",
            "If this is not what you expected, reply in the case's messages.",
        ),
    };
    Notice {
        subject: subject.into(),
        what_changed: what_changed.into(),
        what_next: what_next.into(),
        link: format!("/children/{child_id}/progress"),
        child_id: Some(child_id),
    }
}

/// A professional's advice has been shared with the family.
pub fn advice_shared(child_id: i64, service: &str) -> Notice {
    let service = service_label(service).to_lowercase();
    Notice {
        subject: format!("You can now read the {service} advice"),
        what_changed: format!(
            "The {service} advice gathered for the EHC needs assessment has been shared with you."
        ),
        what_next: "Read it online. It will help you comment on the draft plan when it comes; \
                    tell your caseworker if anything in it is wrong."
            .into(),
        link: format!("/children/{child_id}/advice"),
        child_id: Some(child_id),
    }
}

/// The draft plan was issued; the family has 15 days to comment (reg. 13(1)).
pub fn draft_plan_issued(child_id: i64, comment_by: NaiveDate) -> Notice {
    Notice {
        subject: format!("Draft EHC plan: comment by {}", long_date(comment_by)),
        what_changed: "The draft education, health and care plan is ready.".into(),
        what_next: format!(
            "Read it and send your comments by {}, including the school or college you would \
             like named in the plan (SEND Regulations 2014, regulation 13). You can comment \
             online.",
            long_date(comment_by)
        ),
        link: format!("/children/{child_id}/draft-comments"),
        child_id: Some(child_id),
    }
}

/// The final plan was issued.
pub fn final_plan_issued(child_id: i64) -> Notice {
    Notice {
        subject: "The final EHC plan has been issued".into(),
        what_changed: "The final education, health and care plan has been issued, naming the \
                       school or other place in section I."
            .into(),
        what_next: "Read the plan online. If you disagree with it, you can ask for mediation and \
                    appeal to the First-tier Tribunal within 2 months. The plan will be reviewed \
                    at least every 12 months."
            .into(),
        link: format!("/children/{child_id}/progress"),
        child_id: Some(child_id),
    }
}

/// The family sent their comments on the draft plan (reg. 13(1)): the final plan may now be
/// issued without waiting for the 15 days to end.
pub fn draft_comments_received(child_id: i64) -> Notice {
    Notice {
        subject: "The family has commented on the draft plan".into(),
        what_changed: "A parent, carer or young person has sent their comments on the draft EHC \
                       plan, and may have asked for a school or college to be named."
            .into(),
        what_next: "Read the comments on the case, consult any school or college they asked for \
                    (SEND Regulations 2014, regulation 14), and issue the final plan."
            .into(),
        link: format!("/children/{child_id}/draft-comments"),
        child_id: Some(child_id),
    }
}
