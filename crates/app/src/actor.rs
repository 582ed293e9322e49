//! Who is asking. Every use case takes an [`Actor`]; the policy module decides what it may do.

use domain::LaCode;
use domain::role::Role;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The council the actor is acting in.
    pub la: LaCode,
    pub kind: ActorKind,
    /// Where the request came from: an IP address, or "cli".
    pub from: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorKind {
    /// A signed-in member of staff or partner, with their roles in this council and the
    /// settings they act for (a SENCO's school; empty for council-wide staff).
    Staff {
        staff_id: i64,
        roles: Vec<Role>,
        settings: Vec<i64>,
    },
    /// A parent or carer (their linked children) or a young person (their own record).
    Family {
        person_id: i64,
        role: Role,
        children: Vec<i64>,
    },
    /// Someone not signed in (a failed sign-in, a page asked for without a session).
    Anonymous,
    /// Whoever runs `highneeds` on the server itself: they hold the database credentials
    /// already, so they may administer the installation; their actions are audited as "cli".
    Operator,
}

impl Actor {
    pub fn operator(la: LaCode) -> Actor {
        Actor {
            la,
            kind: ActorKind::Operator,
            from: "cli".into(),
        }
    }

    pub fn staff(la: LaCode, staff_id: i64, roles: Vec<Role>, from: impl Into<String>) -> Actor {
        Actor {
            la,
            kind: ActorKind::Staff {
                staff_id,
                roles,
                settings: Vec::new(),
            },
            from: from.into(),
        }
    }

    /// The same member of staff, acting for these settings.
    pub fn with_settings(mut self, setting_ids: Vec<i64>) -> Actor {
        if let ActorKind::Staff { settings, .. } = &mut self.kind {
            *settings = setting_ids;
        }
        self
    }

    /// The member of staff acting, if it is one.
    pub fn staff_id(&self) -> Option<i64> {
        match self.kind {
            ActorKind::Staff { staff_id, .. } => Some(staff_id),
            _ => None,
        }
    }

    /// The settings a member of staff works for (a SENCO's schools); none for anyone else.
    pub fn settings(&self) -> &[i64] {
        match &self.kind {
            ActorKind::Staff { settings, .. } => settings,
            _ => &[],
        }
    }

    pub fn has_role(&self, role: Role) -> bool {
        match &self.kind {
            ActorKind::Staff { roles, .. } => roles.contains(&role),
            ActorKind::Family { role: held, .. } => *held == role,
            ActorKind::Operator | ActorKind::Anonymous => false,
        }
    }

    pub fn anonymous(la: LaCode, from: impl Into<String>) -> Actor {
        Actor {
            la,
            kind: ActorKind::Anonymous,
            from: from.into(),
        }
    }

    pub fn is_operator(&self) -> bool {
        matches!(self.kind, ActorKind::Operator)
    }

    /// How the actor is written in the audit trail.
    pub fn audit_name(&self) -> String {
        match &self.kind {
            ActorKind::Staff { staff_id, .. } => format!("staff:{staff_id}"),
            ActorKind::Family { person_id, .. } => format!("family:{person_id}"),
            ActorKind::Anonymous => "anonymous".into(),
            ActorKind::Operator => "cli".into(),
        }
    }

    pub(crate) fn la_id(&self) -> i64 {
        i64::from(self.la.get())
    }
}
