//! Staff and professionals: adding them with their roles, and listing them.

use chrono::Utc;
use domain::{FieldError, Role};
use store::{StaffRoleRow, StaffRow, Store};

use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::password;
use crate::policy::{self, Action};

/// A new member of staff, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewStaff {
    pub name: String,
    pub email: String,
    pub service: Option<String>,
    pub team: Option<String>,
    pub roles: Vec<String>,
    /// None: they cannot sign in with a password until one is set.
    pub password: Option<String>,
    /// The settings they act for, by id: a SENCO's school or schools.
    pub setting_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub staff_id: i64,
    pub name: String,
    pub email: String,
    pub service: Option<String>,
    pub team: Option<String>,
    pub roles: Vec<Role>,
}

/// Adds a member of staff with their roles. All problems with the input are reported at once.
pub async fn add_staff(store: &Store, actor: &Actor, new: NewStaff) -> Result<StaffMember> {
    policy::authorise(actor, Action::ManageStaff)?;
    let mut problems = Vec::new();
    let name = new.name.trim().to_string();
    if name.is_empty() {
        problems.push(FieldError::new("name", "enter their full name"));
    }
    let email = match parse_email(&new.email) {
        Ok(email) => email,
        Err(e) => {
            problems.push(e);
            String::new()
        }
    };
    let mut roles = Vec::new();
    for text in &new.roles {
        match text.parse::<Role>() {
            Ok(role) if !role.is_staff() => problems.push(FieldError::new(
                "role",
                format!(
                    "{role} is for families, who sign in with a code sent by email, not as staff"
                ),
            )),
            Ok(role) if !roles.contains(&role) => roles.push(role),
            Ok(_) => {}
            Err(e) => problems.push(e),
        }
    }
    if new.roles.is_empty() {
        problems.push(FieldError::new("role", "give at least one role"));
    }
    let password_hash = match new.password.as_deref().map(password::hash).transpose() {
        Ok(hash) => hash,
        Err(e) => {
            problems.push(e);
            None
        }
    };
    if roles.contains(&Role::Senco) && new.setting_ids.is_empty() {
        problems.push(FieldError::new(
            "setting",
            "a SENCO acts for at least one setting: say which",
        ));
    }
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    for &setting_id in &new.setting_ids {
        if tx.setting(la_id, setting_id).await?.is_none() {
            problems.push(FieldError::new(
                "setting",
                format!("there is no setting {setting_id}"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    roles.sort();

    let staff_id = tx.allocate_ids(la_id, "staff", 1).await?;
    let clean = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let row = StaffRow {
        la_id,
        staff_id,
        name,
        email,
        service: clean(new.service),
        team: clean(new.team),
        password_hash,
        created_at: Utc::now(),
    };
    tx.insert_staff(&row).await?;
    let role_rows: Vec<StaffRoleRow> = roles
        .iter()
        .map(|r| StaffRoleRow {
            la_id,
            staff_id,
            role: r.code().into(),
        })
        .collect();
    tx.insert_staff_roles(&role_rows).await?;
    tx.insert_staff_settings(la_id, staff_id, &new.setting_ids)
        .await?;
    let codes: Vec<&str> = roles.iter().map(|r| r.code()).collect();
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "staff.add",
            record_type: "staff",
            record_id: Some(staff_id.to_string()),
            child_id: None,
            detail: Some(format!(
                "roles: {}; settings: {:?}",
                codes.join(", "),
                new.setting_ids
            )),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(StaffMember {
        staff_id,
        name: row.name,
        email: row.email,
        service: row.service,
        team: row.team,
        roles,
    })
}

/// The council's staff with their roles, by name.
pub async fn list_staff(store: &Store, actor: &Actor) -> Result<Vec<StaffMember>> {
    policy::authorise(actor, Action::ListStaff)?;
    let mut tx = store.begin().await?;
    let mut out = Vec::new();
    for row in tx.staff_list(actor.la_id()).await? {
        let mut roles: Vec<Role> = tx
            .staff_roles(row.la_id, row.staff_id)
            .await?
            .iter()
            .filter_map(|code| code.parse::<Role>().ok())
            .collect();
        roles.sort();
        out.push(StaffMember {
            staff_id: row.staff_id,
            name: row.name,
            email: row.email,
            service: row.service,
            team: row.team,
            roles,
        });
    }
    tx.commit().await?;
    Ok(out)
}

/// Email addresses are compared lower-cased. The check is deliberately loose (one @, a dot in
/// the domain, no spaces): the real test is the sign-in email arriving.
pub fn parse_email(text: &str) -> Result<String, FieldError> {
    let email = text.trim().to_lowercase();
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if email.is_empty() {
        Err(FieldError::new("email", "enter an email address"))
    } else if valid {
        Ok(email)
    } else {
        Err(FieldError::new(
            "email",
            format!(
                "'{}' is not an email address, like name@example.org",
                text.trim()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(
            parse_email(" Sam.Smith@Example.ORG ").unwrap(),
            "sam.smith@example.org"
        );
        for bad in [
            "sam",
            "sam@",
            "@example.org",
            "sam@example",
            "sam smith@example.org",
            "a@b@c.org",
        ] {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_email("").unwrap_err().to_string(),
            "email: enter an email address"
        );
    }
}
