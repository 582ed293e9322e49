//! Family accounts: a parent or carer linked to their children, or a young person linked to
//! their own record. They sign in with a code sent by email (see `auth`).

use chrono::{NaiveDate, Utc};
use domain::{FieldError, Role, age_on};
use store::{FamilyLinkRow, FamilyMemberRow, Store};

use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};
use crate::staff::parse_email;

/// From 16 the rights in the EHC process are the young person's own (Children and Families
/// Act 2014 s.80 and the SEND Code of Practice 2015, 8.13): they may hold an account.
pub const YOUNG_PERSON_FROM_AGE: u32 = 16;

#[derive(Debug, Clone, Default)]
pub struct NewFamilyMember {
    pub name: String,
    pub email: String,
    /// `parent_carer` or `young_person`.
    pub role: String,
    pub child_ids: Vec<i64>,
}

/// Gives a parent, carer or young person an account linked to children. Returns their id.
pub async fn add_family_member(
    store: &Store,
    actor: &Actor,
    new: NewFamilyMember,
    today: NaiveDate,
) -> Result<i64> {
    policy::authorise(actor, Action::ManageFamilyAccounts)?;
    let mut problems = Vec::new();
    let name = new.name.trim().to_string();
    if name.is_empty() {
        problems.push(FieldError::new("name", "enter their full name"));
    }
    let email = parse_email(&new.email).map_err(|e| problems.push(e)).ok();
    let role = match new.role.parse::<Role>() {
        Ok(r @ (Role::ParentCarer | Role::YoungPerson)) => Some(r),
        Ok(other) => {
            problems.push(FieldError::new(
                "role",
                format!("{other} is a staff role: add them with `user add`"),
            ));
            None
        }
        Err(e) => {
            problems.push(e);
            None
        }
    };
    if new.child_ids.is_empty() {
        problems.push(FieldError::new(
            "child",
            "link at least one child or young person",
        ));
    }
    if role == Some(Role::YoungPerson) && new.child_ids.len() != 1 {
        problems.push(FieldError::new(
            "child",
            "a young person's account is linked to their own record only",
        ));
    }
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    for &child_id in &new.child_ids {
        match tx.child(la_id, child_id).await? {
            None => problems.push(FieldError::new(
                "child",
                format!("there is no child {child_id}"),
            )),
            Some(c)
                if role == Some(Role::YoungPerson)
                    && age_on(c.birth_date, today) < YOUNG_PERSON_FROM_AGE =>
            {
                problems.push(FieldError::new(
                    "role",
                    format!("child {child_id} is under {YOUNG_PERSON_FROM_AGE}: their parent or carer holds the account"),
                ));
            }
            Some(_) => {}
        }
    }
    let (Some(email), Some(role), true) = (email, role, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let person_id = tx.allocate_ids(la_id, "family_members", 1).await?;
    tx.insert_family_member(&FamilyMemberRow {
        la_id,
        person_id,
        name,
        email,
        role: role.code().into(),
        created_at: Utc::now(),
    })
    .await?;
    let relationship = if role == Role::YoungPerson {
        "self"
    } else {
        "parent_carer"
    };
    let links: Vec<FamilyLinkRow> = new
        .child_ids
        .iter()
        .map(|&child_id| FamilyLinkRow {
            la_id,
            person_id,
            child_id,
            relationship: relationship.into(),
        })
        .collect();
    tx.insert_family_links(&links).await?;
    for &child_id in &new.child_ids {
        audit::record(
            &mut tx,
            actor,
            Audited {
                action: "family.link",
                record_type: "family_member",
                record_id: Some(person_id.to_string()),
                child_id: Some(child_id),
                detail: Some(role.code().into()),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(person_id)
}
