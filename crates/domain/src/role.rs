//! The roles a person can hold in a council. What each role may do is decided in one place, the
//! policy module of the `app` crate; this is only the vocabulary.

use std::fmt;
use std::str::FromStr;

use crate::error::FieldError;

/// A role, held per council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Runs the system for the council: staff, roles, settings.
    LaAdmin,
    /// Handles EHC needs assessments, plans and reviews.
    SendCaseworker,
    /// Leads SEND casework: caseloads, timeliness, panels.
    SendManager,
    /// Keeps the high needs budget, payments and forecasts.
    FinanceOfficer,
    /// Sits on decision panels (assessment, funding, placement).
    PanelMember,
    /// Clerks the Schools Forum and other forums.
    ForumClerk,
    /// A member of the Schools Forum.
    ForumMember,
    /// A school's special educational needs co-ordinator, scoped to their settings.
    Senco,
    /// An educational psychologist, health or social care professional giving advice, scoped
    /// to the requests sent to them.
    Professional,
    /// A parent or carer, scoped to their linked children.
    ParentCarer,
    /// A young person (16 to 25), scoped to their own record.
    YoungPerson,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::LaAdmin,
        Role::SendCaseworker,
        Role::SendManager,
        Role::FinanceOfficer,
        Role::PanelMember,
        Role::ForumClerk,
        Role::ForumMember,
        Role::Senco,
        Role::Professional,
        Role::ParentCarer,
        Role::YoungPerson,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::LaAdmin => "la_admin",
            Role::SendCaseworker => "send_caseworker",
            Role::SendManager => "send_manager",
            Role::FinanceOfficer => "finance_officer",
            Role::PanelMember => "panel_member",
            Role::ForumClerk => "forum_clerk",
            Role::ForumMember => "forum_member",
            Role::Senco => "senco",
            Role::Professional => "professional",
            Role::ParentCarer => "parent_carer",
            Role::YoungPerson => "young_person",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::LaAdmin => "Council administrator",
            Role::SendCaseworker => "SEND caseworker",
            Role::SendManager => "SEND manager",
            Role::FinanceOfficer => "Finance officer",
            Role::PanelMember => "Panel member",
            Role::ForumClerk => "Forum clerk",
            Role::ForumMember => "Forum member",
            Role::Senco => "SENCO",
            Role::Professional => "Professional",
            Role::ParentCarer => "Parent or carer",
            Role::YoungPerson => "Young person",
        }
    }

    /// Council staff and partners sign in with a password; families with an emailed code.
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::ParentCarer | Role::YoungPerson)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Role {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        Role::ALL
            .into_iter()
            .find(|r| r.code() == wanted)
            .ok_or_else(|| {
                let known: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
                FieldError::new(
                    "role",
                    format!("'{s}' is not a role; use one of {}", known.join(", ")),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.code().parse::<Role>().unwrap(), role);
        }
        assert_eq!(
            "SEND-Caseworker".parse::<Role>().unwrap(),
            Role::SendCaseworker
        );
    }

    #[test]
    fn an_unknown_role_lists_the_known_ones() {
        let err = "boss".parse::<Role>().unwrap_err().to_string();
        assert!(
            err.starts_with("role: 'boss' is not a role; use one of la_admin, send_caseworker"),
            "{err}"
        );
    }

    #[test]
    fn families_are_not_staff() {
        assert!(!Role::ParentCarer.is_staff());
        assert!(!Role::YoungPerson.is_staff());
        assert!(Role::Senco.is_staff());
    }
}
