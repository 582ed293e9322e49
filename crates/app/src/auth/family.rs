//! Families sign in with a one-time code sent by email: parents and carers, and young people
//! with their own record. Someone asking for an EHC needs assessment for the first time has no
//! account yet; the same code proves they hold the address, and their account is made then
//! (Children and Families Act 2014 s.36(1): a parent or young person may ask).

use chrono::{DateTime, Utc};
use domain::session;
use domain::young_person::{Consent, parent_may_see};
use domain::{LaCode, Role};
use store::{FamilyMemberRow, SignInCodeRow, Store, Tx};

use super::{FAMILY, SignedIn, WRONG_CODE, audit_sign_in, start_session, throttled};
use crate::actor::{Actor, ActorKind};
use crate::error::{AppError, Result};
use crate::{staff::parse_email, tokens};

/// Starts a family member's sign-in: returns the code to email if the address has an account.
/// The caller shows the same page either way, so the form does not reveal who has an account.
pub async fn start_family_sign_in(
    store: &Store,
    la: LaCode,
    email: &str,
    from: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    issue_code(store, la, email, from, now, false).await
}

/// Starts checking the email address of someone asking for an assessment: a code is issued
/// whether or not the address has an account, to email to it.
pub async fn start_email_check(
    store: &Store,
    la: LaCode,
    email: &str,
    from: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    issue_code(store, la, email, from, now, true)
        .await?
        .ok_or_else(|| AppError::Conflict("no code was issued".into()))
}

async fn issue_code(
    store: &Store,
    la: LaCode,
    email: &str,
    from: &str,
    now: DateTime<Utc>,
    any_address: bool,
) -> Result<Option<String>> {
    let email = parse_email(email)?;
    let la_id = i64::from(la.get());
    let mut tx = store.begin().await?;
    let (account, address) = tx
        .failed_sign_ins_since(la_id, &email, from, now - session::THROTTLE_WINDOW)
        .await?;
    if let Err(t) = session::sign_in_allowed(account, address) {
        return Err(throttled(t.retry_after));
    }
    if !any_address && tx.family_member_by_email(la_id, &email).await?.is_none() {
        tx.commit().await?;
        return Ok(None);
    }
    let code = tokens::random_code()?;
    let code_id = tx.allocate_ids(la_id, "sign_in_codes", 1).await?;
    tx.insert_sign_in_code(&SignInCodeRow {
        la_id,
        code_id,
        email: email.clone(),
        code_hash: tokens::hash(&format!("{code_id}:{code}")),
        expires_at: now + session::CODE_LIFETIME,
        used_at: None,
        failures: 0,
    })
    .await?;
    tx.commit().await?;
    Ok(Some(code))
}

/// Finishes a family member's sign-in with the emailed code.
pub async fn finish_family_sign_in(
    store: &Store,
    la: LaCode,
    email: &str,
    code: &str,
    from: &str,
    now: DateTime<Utc>,
) -> Result<SignedIn> {
    check_code(store, la, email, code, from, now, false).await
}

/// Finishes the email check of someone asking for an assessment: signs them in, making their
/// account (as a parent or carer, until their request says otherwise) if they have none.
pub async fn finish_email_check(
    store: &Store,
    la: LaCode,
    email: &str,
    code: &str,
    from: &str,
    now: DateTime<Utc>,
) -> Result<SignedIn> {
    check_code(store, la, email, code, from, now, true).await
}

async fn check_code(
    store: &Store,
    la: LaCode,
    email: &str,
    code: &str,
    from: &str,
    now: DateTime<Utc>,
    make_account: bool,
) -> Result<SignedIn> {
    let email = parse_email(email)?;
    let la_id = i64::from(la.get());
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let mut tx = store.begin().await?;
    let (account, address) = tx
        .failed_sign_ins_since(la_id, &email, from, now - session::THROTTLE_WINDOW)
        .await?;
    if let Err(t) = session::sign_in_allowed(account, address) {
        return Err(throttled(t.retry_after));
    }
    let stored = tx.latest_sign_in_code(la_id, &email).await?;
    let mut member = tx.family_member_by_email(la_id, &email).await?;
    let matched = match &stored {
        Some(c) if session::code_usable(c.expires_at, c.used_at.is_some(), c.failures, now) => {
            tokens::same(
                &c.code_hash,
                &tokens::hash(&format!("{}:{code}", c.code_id)),
            )
        }
        _ => false,
    };
    tx.record_sign_in_attempt(la_id, &email, from, matched, now)
        .await?;
    if matched && member.is_none() && make_account {
        member = Some(new_account(&mut tx, la, &email, from, now).await?);
    }
    let (Some(member), Some(stored), true) = (member, stored.clone(), matched) else {
        if let Some(c) = stored {
            tx.mark_sign_in_code(la_id, c.code_id, None).await?;
        }
        let actor = Actor::anonymous(la, from);
        audit_sign_in(
            &mut tx,
            &actor,
            "auth.sign_in_failed",
            None,
            Some(format!("{email}: wrong or expired code")),
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::Unauthenticated(WRONG_CODE.into()));
    };
    tx.mark_sign_in_code(la_id, stored.code_id, Some(now))
        .await?;
    let actor = family_actor(&mut tx, la, member.person_id, &member.role, from).await?;
    let signed_in = start_session(&mut tx, actor, FAMILY, member.person_id, now).await?;
    tx.commit().await?;
    Ok(signed_in)
}

/// An account for someone who has just proved they hold `email`. It is linked to no child:
/// their request links it to the child it is about.
async fn new_account(
    tx: &mut Tx,
    la: LaCode,
    email: &str,
    from: &str,
    now: DateTime<Utc>,
) -> Result<FamilyMemberRow> {
    let la_id = i64::from(la.get());
    let person_id = tx.allocate_ids(la_id, "family_members", 1).await?;
    let row = FamilyMemberRow {
        la_id,
        person_id,
        name: String::new(),
        email: email.to_string(),
        role: Role::ParentCarer.code().into(),
        created_at: now,
    };
    tx.insert_family_member(&row).await?;
    let actor = Actor::anonymous(la, from);
    audit_sign_in(
        tx,
        &actor,
        "family.account_made",
        Some(person_id.to_string()),
        Some("email checked to ask for an assessment".into()),
    )
    .await?;
    Ok(row)
}

pub(super) async fn family_actor(
    tx: &mut Tx,
    la: LaCode,
    person_id: i64,
    role: &str,
    from: &str,
) -> Result<Actor> {
    let role = role
        .parse::<Role>()
        .map_err(|e| AppError::Conflict(format!("stored family role: {e}")))?;
    let la_id = i64::from(la.get());
    let links = tx.family_children(la_id, person_id).await?;
    let consents = if role == Role::ParentCarer {
        tx.consents_of_person(la_id, person_id).await?
    } else {
        Vec::new()
    };
    let today = Utc::now().date_naive();
    let mut children = Vec::with_capacity(links.len());
    for link in links {
        // From the end of compulsory school age the record is the young person's: a parent
        // keeps access only with their consent (domain::young_person).
        if role == Role::ParentCarer {
            let Some(child) = tx.child(la_id, link.child_id).await? else {
                continue;
            };
            let consent = consents
                .iter()
                .find(|c| c.child_id == link.child_id)
                .map(|c| Consent {
                    given_on: c.given_on,
                    withdrawn_on: c.withdrawn_on,
                });
            if !parent_may_see(child.birth_date, today, consent) {
                continue;
            }
        }
        children.push(link.child_id);
    }
    Ok(Actor {
        la,
        kind: ActorKind::Family {
            person_id,
            role,
            children,
        },
        from: from.into(),
    })
}
