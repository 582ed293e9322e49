//! Signing in and out. Staff sign in with email and password (argon2id), plus a TOTP code when
//! they have set one up; parents, carers and young people with a one-time code sent by email.
//! A session is a random token held in a cookie and stored hashed; it carries its own CSRF
//! token; it ends when idle or too old (`domain::session`). Every attempt is recorded for
//! throttling and audited. Staff scripts use API tokens, also stored hashed.

use chrono::{DateTime, Utc};
use domain::session::{self, SessionState};
use domain::{FieldError, LaCode, Role};
use store::{ApiTokenRow, SessionRow, Store, Tx};
use totp_rs::{Algorithm, Builder, Secret, Totp};

use crate::actor::{Actor, ActorKind};
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};
use crate::{password, staff::parse_email, tokens};

mod family;

use family::family_actor;
pub use family::{
    finish_email_check, finish_family_sign_in, start_email_check, start_family_sign_in,
};

/// A new session: the cookie value to set, and the token forms must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// `LA.TOKEN`: the council is part of the value so the session can be found by its key.
    pub cookie: String,
    pub csrf_token: String,
    pub actor: Actor,
}

/// What a valid session cookie stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentSession {
    pub actor: Actor,
    pub csrf_token: String,
}

const WRONG_PASSWORD: &str = "Enter a correct email address and password";
const WRONG_CODE: &str = "Enter the code from the most recent email we sent you";
const STAFF: &str = "staff";
const FAMILY: &str = "family";

/// A hash verified when the email matches nobody, so a wrong email takes as long as a wrong
/// password and response times do not reveal who has an account.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$VhSo5r7jBLWzyOZUG0kMNUNNf3D4OtQ7kdw0z0KVI1E";

fn throttled(wait: chrono::Duration) -> AppError {
    AppError::Unauthenticated(format!(
        "Too many attempts to sign in. Wait {} minutes, then try again",
        wait.num_minutes()
    ))
}

/// Signs a member of staff in.
pub async fn sign_in_staff(
    store: &Store,
    la: LaCode,
    email: &str,
    password_typed: &str,
    totp_code: Option<&str>,
    from: &str,
    now: DateTime<Utc>,
) -> Result<SignedIn> {
    let email = parse_email(email)?;
    let la_id = i64::from(la.get());
    let mut tx = store.begin().await?;
    let (account, address) = tx
        .failed_sign_ins_since(la_id, &email, from, now - session::THROTTLE_WINDOW)
        .await?;
    if let Err(t) = session::sign_in_allowed(account, address) {
        return Err(throttled(t.retry_after));
    }
    let staff = tx.staff_by_email(la_id, &email).await?;
    let hash = staff.as_ref().and_then(|s| s.password_hash.clone());
    let password_ok =
        password::verify(password_typed, hash.as_deref().unwrap_or(DECOY_HASH)) && hash.is_some();
    let mut second_factor_ok = true;
    if let (true, Some(s)) = (password_ok, &staff)
        && let Some(secret) = tx.staff_totp_secret(la_id, s.staff_id).await?
    {
        second_factor_ok = totp_code.is_some_and(|code| totp_matches(&secret, code, now));
    }
    let succeeded = password_ok && second_factor_ok;
    tx.record_sign_in_attempt(la_id, &email, from, succeeded, now)
        .await?;
    let (Some(staff), true) = (staff, succeeded) else {
        let actor = Actor::anonymous(la, from);
        let detail = if password_ok {
            "wrong or missing security code"
        } else {
            "wrong email or password"
        };
        audit_sign_in(
            &mut tx,
            &actor,
            "auth.sign_in_failed",
            None,
            Some(format!("{email}: {detail}")),
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::Unauthenticated(if password_ok {
            "Enter the security code from your authenticator app".into()
        } else {
            WRONG_PASSWORD.into()
        }));
    };
    let roles = parse_roles(&tx.staff_roles(la_id, staff.staff_id).await?);
    let settings = tx.staff_settings(la_id, staff.staff_id).await?;
    let actor = Actor::staff(la, staff.staff_id, roles, from).with_settings(settings);
    let signed_in = start_session(&mut tx, actor, STAFF, staff.staff_id, now).await?;
    tx.commit().await?;
    Ok(signed_in)
}

/// Who a session cookie belongs to, if the session is still alive. Ends idle and expired
/// sessions as it finds them.
///
/// Nearly every page asks this, and nearly always it only reads, so it reads in a read
/// transaction; the rare write (ending a dead session, or noting activity once in a while)
/// follows in its own. Both writes are idempotent, so a request racing another loses nothing.
pub async fn current_session(
    store: &Store,
    cookie: &str,
    from: &str,
    now: DateTime<Utc>,
) -> Result<Option<CurrentSession>> {
    let Some((la, token)) = split_cookie(cookie) else {
        return Ok(None);
    };
    let la_id = i64::from(la.get());
    let token_hash = tokens::hash(token);
    let mut tx = store.begin_read().await?;
    // One statement for the session and, for staff, their roles and settings: this runs on
    // every signed-in request.
    let Some(found) = tx.session_with_staff(la_id, &token_hash, STAFF).await? else {
        tx.commit().await?;
        return Ok(None);
    };
    let row = found.session;
    let alive =
        session::session_state(row.created_at, row.last_seen_at, now) == SessionState::Active;
    let actor = if !alive {
        None
    } else if row.user_kind == STAFF {
        let roles = parse_roles(&found.roles);
        Some(Actor::staff(la, row.user_id, roles, from).with_settings(found.settings))
    } else {
        match tx.family_member(la_id, row.user_id).await? {
            Some(member) => {
                Some(family_actor(&mut tx, la, member.person_id, &member.role, from).await?)
            }
            None => None,
        }
    };
    tx.commit().await?;
    let Some(actor) = actor else {
        let mut tx = store.begin().await?;
        tx.delete_session(la_id, &token_hash).await?;
        tx.commit().await?;
        return Ok(None);
    };
    if session::needs_touch(row.last_seen_at, now) {
        let mut tx = store.begin().await?;
        tx.touch_session(la_id, &token_hash, now).await?;
        tx.commit().await?;
    }
    Ok(Some(CurrentSession {
        actor,
        csrf_token: row.csrf_token,
    }))
}

/// Ends one session.
pub async fn sign_out(store: &Store, cookie: &str) -> Result<()> {
    if let Some((la, token)) = split_cookie(cookie) {
        let mut tx = store.begin().await?;
        tx.delete_session(i64::from(la.get()), &tokens::hash(token))
            .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Ends every session of the actor, on every device.
pub async fn sign_out_everywhere(store: &Store, actor: &Actor) -> Result<u64> {
    let (kind, id) = match &actor.kind {
        ActorKind::Staff { staff_id, .. } => (STAFF, *staff_id),
        ActorKind::Family { person_id, .. } => (FAMILY, *person_id),
        ActorKind::Operator | ActorKind::Anonymous => {
            return Err(AppError::Forbidden(
                "sign out everywhere without a session".into(),
            ));
        }
    };
    let mut tx = store.begin().await?;
    let ended = tx.delete_sessions_of(actor.la_id(), kind, id).await?;
    audit_sign_in(
        &mut tx,
        actor,
        "auth.sign_out_everywhere",
        None,
        Some(format!("{ended} sessions ended")),
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// Creates an API token for the signed-in member of staff. The token is shown once.
pub async fn create_api_token(
    store: &Store,
    actor: &Actor,
    name: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    policy::authorise(actor, Action::ManageOwnApiTokens)?;
    let ActorKind::Staff { staff_id, .. } = actor.kind else {
        return Err(AppError::Forbidden("create API tokens".into()));
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(FieldError::new("name", "say what the token is for").into());
    }
    let token = format!("{}.hn_{}", actor.la, tokens::random_hex(32)?);
    let mut tx = store.begin().await?;
    let token_id = tx.allocate_ids(actor.la_id(), "api_tokens", 1).await?;
    tx.insert_api_token(&ApiTokenRow {
        la_id: actor.la_id(),
        token_id,
        staff_id,
        name: name.into(),
        token_hash: tokens::hash(&token),
        created_at: now,
        revoked_at: None,
    })
    .await?;
    audit_sign_in(
        &mut tx,
        actor,
        "auth.api_token_created",
        Some(token_id.to_string()),
        Some(name.into()),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The member of staff an API token (from an `Authorization: Bearer` header) stands for.
pub async fn api_token_actor(store: &Store, token: &str, from: &str) -> Result<Option<Actor>> {
    let Some((la, _)) = split_cookie(token) else {
        return Ok(None);
    };
    let la_id = i64::from(la.get());
    let mut tx = store.begin().await?;
    let row = tx.api_token_by_hash(la_id, &tokens::hash(token)).await?;
    let actor = match row {
        Some(t) if t.revoked_at.is_none() => {
            let roles = parse_roles(&tx.staff_roles(la_id, t.staff_id).await?);
            let settings = tx.staff_settings(la_id, t.staff_id).await?;
            Some(Actor::staff(la, t.staff_id, roles, from).with_settings(settings))
        }
        _ => None,
    };
    tx.commit().await?;
    Ok(actor)
}

/// Sets up TOTP for a member of staff and returns the secret (base32) to enter in an
/// authenticator app. From then on their sign-in needs a code.
pub async fn set_up_totp(store: &Store, actor: &Actor, staff_id: i64) -> Result<String> {
    policy::authorise(actor, Action::ManageStaff)?;
    let secret = Secret::from(tokens::random_bytes::<20>()?).to_base32();
    let mut tx = store.begin().await?;
    if tx.staff_member(actor.la_id(), staff_id).await?.is_none() {
        return Err(AppError::NotFound(format!("staff {staff_id}")));
    }
    tx.set_staff_totp_secret(actor.la_id(), staff_id, Some(&secret))
        .await?;
    audit_sign_in(
        &mut tx,
        actor,
        "auth.totp_set_up",
        Some(staff_id.to_string()),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(secret)
}

/// The current TOTP code for a secret (RFC 6238: SHA-1, 6 digits, 30-second steps).
pub fn totp_code(secret_base32: &str, now: DateTime<Utc>) -> Option<String> {
    let totp = totp_for(secret_base32)?;
    Some(
        totp.generate(u64::try_from(now.timestamp()).ok()?)
            .to_string(),
    )
}

fn totp_for(secret_base32: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret_base32).ok()?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_secret(secret)
        .build()
        .ok()
}

fn totp_matches(secret_base32: &str, code: &str, now: DateTime<Utc>) -> bool {
    let Ok(time) = u64::try_from(now.timestamp()) else {
        return false;
    };
    totp_for(secret_base32).is_some_and(|t| t.check(code.trim(), time).is_some())
}

async fn start_session(
    tx: &mut Tx,
    actor: Actor,
    kind: &str,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<SignedIn> {
    let token = tokens::random_hex(32)?;
    let csrf_token = tokens::random_hex(32)?;
    tx.insert_session(&SessionRow {
        la_id: actor.la_id(),
        token_hash: tokens::hash(&token),
        user_kind: kind.into(),
        user_id,
        created_at: now,
        last_seen_at: now,
        csrf_token: csrf_token.clone(),
        from_addr: actor.from.clone(),
    })
    .await?;
    audit_sign_in(tx, &actor, "auth.sign_in", None, None).await?;
    Ok(SignedIn {
        cookie: format!("{}.{token}", actor.la),
        csrf_token,
        actor,
    })
}

async fn audit_sign_in(
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    record_id: Option<String>,
    detail: Option<String>,
) -> Result<()> {
    audit::record(
        tx,
        actor,
        Audited {
            action,
            record_type: "sign_in",
            record_id,
            child_id: None,
            detail,
        },
    )
    .await
}

fn parse_roles(codes: &[String]) -> Vec<Role> {
    let mut roles: Vec<Role> = codes.iter().filter_map(|c| c.parse().ok()).collect();
    roles.sort();
    roles
}

/// `801.abcdef…` → (801, the whole value's token part).
fn split_cookie(value: &str) -> Option<(LaCode, &str)> {
    let (la, token) = value.split_once('.')?;
    let la = la.parse::<LaCode>().ok()?;
    (!token.is_empty()).then_some((la, token))
}

/// Records that someone without a session asked for a page that needs one (they are sent to
/// sign in). Nothing about them is known but where they came from.
pub async fn record_sign_in_required(
    store: &Store,
    la: LaCode,
    path: &str,
    from: &str,
) -> Result<()> {
    let actor = Actor::anonymous(la, from);
    let mut tx = store.begin().await?;
    let event = Audited {
        action: "auth.required",
        record_type: "page",
        record_id: Some(path.chars().take(200).collect()),
        child_id: None,
        detail: Some("no session: sent to sign in".into()),
    };
    audit::record(&mut tx, &actor, event).await?;
    tx.commit().await?;
    Ok(())
}

/// A random token for a form shown before sign-in (checked against a cookie, double-submit).
pub fn new_form_token() -> Result<String> {
    Ok(tokens::random_hex(32)?)
}

/// Creates an API token for a member of staff, named by email, on the operator's say-so
/// (`highneeds user token`). The token is shown once.
pub async fn create_api_token_for(
    store: &Store,
    operator: &Actor,
    email: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    policy::authorise(operator, Action::ManageStaff)?;
    let email = parse_email(email)?;
    let la_id = operator.la_id();
    let mut tx = store.begin().await?;
    let staff = tx
        .staff_by_email(la_id, &email)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("staff member {email}")))?;
    let roles = parse_roles(&tx.staff_roles(la_id, staff.staff_id).await?);
    tx.commit().await?;
    let actor = Actor::staff(operator.la, staff.staff_id, roles, operator.from.clone());
    create_api_token(store, &actor, name, now).await
}

/// The staff id for an email address, for the operator's commands.
pub async fn staff_id_for(store: &Store, operator: &Actor, email: &str) -> Result<i64> {
    policy::authorise(operator, Action::ManageStaff)?;
    let email = parse_email(email)?;
    let mut tx = store.begin().await?;
    let staff = tx.staff_by_email(operator.la_id(), &email).await?;
    tx.commit().await?;
    staff
        .map(|s| s.staff_id)
        .ok_or_else(|| AppError::NotFound(format!("staff member {email}")))
}
