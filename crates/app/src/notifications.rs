//! One's own notifications in the portal: the list, newest first, and marking one read. A
//! person only ever sees their own; what each message may say is decided in [`crate::notify`].

use chrono::{DateTime, Utc};

use crate::Store;
use crate::actor::{Actor, ActorKind};
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::notify::Recipient;
use crate::policy::{self, Action};

/// How many notifications the list shows.
const LIST_LIMIT: u64 = 100;

/// One notification as its recipient sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationView {
    pub notification_id: i64,
    pub subject: String,
    pub what_changed: String,
    pub what_next: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// One's notifications and how many are unread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbox {
    pub notifications: Vec<NotificationView>,
    pub unread: i64,
}

fn recipient_of(actor: &Actor) -> Result<Recipient> {
    match &actor.kind {
        ActorKind::Staff { staff_id, .. } => Ok(Recipient::Staff(*staff_id)),
        ActorKind::Family { person_id, .. } => Ok(Recipient::Family(*person_id)),
        ActorKind::Operator | ActorKind::Anonymous => {
            Err(AppError::Forbidden("see notifications".into()))
        }
    }
}

/// The actor's own notifications, newest first.
pub async fn my_notifications(store: &Store, actor: &Actor) -> Result<Inbox> {
    policy::authorise(actor, Action::ReadOwnNotifications)?;
    let me = recipient_of(actor)?;
    let la_id = actor.la_id();
    let mut tx = store.begin_read().await?;
    let rows = tx
        .notifications_for(la_id, me.kind(), me.id(), LIST_LIMIT)
        .await?;
    let unread = tx.unread_notifications(la_id, me.kind(), me.id()).await?;
    tx.commit().await?;
    let notifications = rows
        .into_iter()
        .map(|r| {
            let (what_changed, what_next) = match r.body.split_once("\n\n") {
                Some((changed, next)) => (changed.to_string(), next.to_string()),
                None => (r.body.clone(), String::new()),
            };
            NotificationView {
                notification_id: r.notification_id,
                subject: r.subject,
                what_changed,
                what_next,
                link: r.link_path,
                created_at: r.created_at,
                read: r.read_at.is_some(),
            }
        })
        .collect();
    Ok(Inbox {
        notifications,
        unread,
    })
}

/// Marks one of the actor's notifications read. Someone else's is "not found"; one already
/// read stays as it was.
pub async fn mark_read(store: &Store, actor: &Actor, notification_id: i64) -> Result<()> {
    policy::authorise(actor, Action::ReadOwnNotifications)?;
    let me = recipient_of(actor)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let Some(row) = tx
        .notification_of(la_id, me.kind(), me.id(), notification_id)
        .await?
    else {
        return Err(AppError::NotFound(format!(
            "notification {notification_id}"
        )));
    };
    if row.read_at.is_some() {
        tx.commit().await?;
        return Ok(());
    }
    tx.mark_notification_read(la_id, me.kind(), me.id(), notification_id, Utc::now())
        .await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "notification.read",
            record_type: "notification",
            record_id: Some(notification_id.to_string()),
            child_id: None,
            detail: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
