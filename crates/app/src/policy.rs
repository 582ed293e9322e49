//! The one place that answers "may this actor do this to this record?". No handler, template or
//! other use case decides access itself. A record the actor may not see answers "not found", so
//! its existence does not leak.
//!
//! This is the platform's first cut: council-wide actions by role. Per-record scoping for
//! SENCOs (their settings), professionals (requests sent to them) and families (linked
//! children) is added here, and only here, as those records arrive.

use domain::role::Role;

use crate::actor::{Actor, ActorKind};
use crate::error::AppError;

/// Something an actor wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Replace the council's data with a synthetic demo council.
    SeedDemoCouncil,
    /// Add staff and give them roles.
    ManageStaff,
    /// See the council's staff list.
    ListStaff,
    /// Record a new child or young person.
    RegisterChild,
    /// Open a child's record. `setting_id` is the setting of their current placement, which
    /// decides what a SENCO may see.
    ReadChild {
        child_id: i64,
        setting_id: Option<i64>,
    },
    /// See the council's headline figures (no personal data).
    ReadCouncilSummary,
    /// Search the council's children by name, UPN or date of birth.
    SearchChildren,
    /// See who has looked at records, and export the audit log.
    ReadAuditLog,
    /// See the council's settings (schools, colleges, providers).
    ReadSettings,
    /// Give a parent, carer or young person an account linked to children.
    ManageFamilyAccounts,
    /// Create and revoke one's own API tokens for scripts.
    ManageOwnApiTokens,
    /// Record what happens on an EHC case: requests, decisions, advice, plans, reviews.
    WorkOnCase,
    /// See one's own work tray of cases by next deadline.
    ReadWorkTray,
    /// See every officer's caseload and the council's overdue advice.
    ReadCaseload,
    /// Set up panel meetings, their members and the cases listed.
    RunPanels,
    /// See panel meetings and their decisions.
    ReadPanels,
    /// Record a panel's decision on a case.
    DecideAtPanel,
    /// Change how the council runs its casework (the under-fives review prompt).
    SetCaseworkOptions,
    /// Import or export the council's EHC casework as a file.
    TransferCaseworkData,
    /// See the list of a child's documents (each one then shown only if [`Action::ReadDocument`]
    /// allows it). `setting_id` is the setting of the child's current placement, as for
    /// [`Action::ReadChild`].
    ListDocuments {
        child_id: i64,
        setting_id: Option<i64>,
    },
    /// Add a document to a child's file.
    UploadDocument {
        child_id: i64,
        setting_id: Option<i64>,
    },
    /// Open (download) one document of a child. Whether it has been released to the family,
    /// and which family member uploaded it (if one did), decide what a family may open.
    ReadDocument {
        child_id: i64,
        setting_id: Option<i64>,
        released_to_family: bool,
        family_uploader: Option<i64>,
    },
    /// Let the child's family see a document.
    ReleaseDocument { child_id: i64 },
    /// See one's own notifications in the portal and mark them read. Anyone signed in has
    /// their own; the use case only ever reads the actor's.
    ReadOwnNotifications,
    /// Take part in a child's case from the portal: messages, views, comments on the draft.
    /// The family of a linked child, and the caseworkers who answer them.
    TakePartInCase { child_id: i64 },
    /// See the advice one has been asked for (professionals).
    ReadAdviceInbox,
    /// Read and answer one request for advice: the professional it was sent to, or the
    /// caseworkers who asked.
    GiveAdvice { adviser_staff_id: Option<i64> },
    /// See the pupils at one's own settings with an EHC case, and their reviews (SENCOs).
    ReadSchoolPupils,
    /// Arrange a pupil's annual review meeting and record the school's report. `setting_id`
    /// is where the pupil is placed now.
    ArrangeReview { setting_id: Option<i64> },
    /// Ask for an EHC needs assessment from the portal for one's own child or oneself (a
    /// family member; Children and Families Act 2014 s.36(1)).
    RequestAssessment,
    /// Ask for an EHC needs assessment for a pupil at one's own setting (a SENCO).
    RequestForPupil { setting_id: Option<i64> },
    /// Decide whether a parent or carer keeps access to a young person's record: the young
    /// person, or a caseworker recording what they said (Children and Families Act 2014 s.80).
    DecideParentAccess { child_id: i64 },
    /// Record a child's placement with its costs, and add a child to the awaiting-placement
    /// list (caseworkers and managers).
    RecordPlacement,
    /// See a child's placements with what they cost.
    ReadPlacementCosts { child_id: i64 },
    /// See the children awaiting a specialist place.
    ReadAwaitingPlacement,
    /// See committed cost by high needs budget line (finance officers and managers).
    ReadCommittedCost,
    /// See how the forecast's method would have done on the council's published caseloads
    /// (finance officers and managers).
    ReadBacktest,
    /// See the high needs budget, income, actuals and forecast outturn.
    ReadBudget,
    /// Set the high needs budget, record income and import ledger actuals.
    SetBudget,
    /// See the council's own demand and cost forecast and its DSG management plan.
    ReadForecast,
    /// Record, change and remove the DSG management plan's mitigations and compose scenarios.
    SetMitigations,
    /// Apply for top-up funding for a pupil placed at one's own setting (a SENCO), and see the
    /// school's applications. `setting_id` is the school applying.
    ApplyForTopUp { setting_id: Option<i64> },
    /// See every school's top-up applications and awards.
    ReadTopUpApplications,
    /// Load a funding model and choose the one new applications use.
    ManageFundingModels,
    /// See top-up payment schedules: the council's, or one's own school's (`setting_id`).
    ReadPayments { setting_id: Option<i64> },
    /// Set how often the council pays schools.
    SetFinanceOptions,
    /// See the council's forums (Schools Forum, panels, working groups): members, meetings
    /// with their unpublished papers and draft minutes, and the action tracker.
    ReadForums,
    /// Clerk a forum: membership, meetings, agendas and papers, attendance, declarations,
    /// votes, actions, publishing and minutes.
    ClerkForums,
    /// See what a forum has published: agendas, papers not marked confidential, approved
    /// minutes. Meetings are public (governance.md, "Openness"), so anyone may, signed in or not.
    ReadPublishedForums,
    /// See action plans (a SEND improvement or DSG deficit plan) with their ratings, risks and
    /// measures, and a meeting's report pack drawn from live figures.
    ReadActionPlans,
    /// Keep an action plan: add workstreams, actions, risks and measures, and record reviews.
    ManageActionPlans,
}

impl Action {
    fn describe(self) -> &'static str {
        match self {
            Action::SeedDemoCouncil => "load a demo council",
            Action::ManageStaff => "manage staff",
            Action::ListStaff => "see the staff list",
            Action::RegisterChild => "record a child",
            Action::ReadChild { .. } => "see this child's record",
            Action::ReadCouncilSummary => "see the council's figures",
            Action::ManageFamilyAccounts => "manage family accounts",
            Action::SearchChildren => "search for children",
            Action::ReadSettings => "see settings",
            Action::ReadAuditLog => "see the audit log",
            Action::ManageOwnApiTokens => "create API tokens",
            Action::WorkOnCase => "work on EHC cases",
            Action::ReadWorkTray => "see a work tray",
            Action::ReadCaseload => "see caseloads",
            Action::RunPanels => "run panels",
            Action::ReadPanels => "see panels",
            Action::DecideAtPanel => "record panel decisions",
            Action::SetCaseworkOptions => "change casework settings",
            Action::TransferCaseworkData => "import or export casework",
            Action::ListDocuments { .. } => "see this child's documents",
            Action::UploadDocument { .. } => "add documents for this child",
            Action::ReadDocument { .. } => "open this document",
            Action::ReleaseDocument { .. } => "release documents to families",
            Action::ReadOwnNotifications => "see notifications",
            Action::TakePartInCase { .. } => "take part in this child's case",
            Action::ReadAdviceInbox => "see advice requests",
            Action::GiveAdvice { .. } => "give this advice",
            Action::ReadSchoolPupils => "see your school's pupils",
            Action::ArrangeReview { .. } => "arrange this pupil's review",
            Action::RequestAssessment => "ask for an assessment",
            Action::RequestForPupil { .. } => "ask for an assessment for this pupil",
            Action::DecideParentAccess { .. } => "decide who sees this record",
            Action::RecordPlacement => "record placements",
            Action::ReadPlacementCosts { .. } => "see this child's placement costs",
            Action::ReadAwaitingPlacement => "see the awaiting-placement list",
            Action::ReadCommittedCost => "see committed cost",
            Action::ReadBacktest => "see the forecast's backtest",
            Action::ReadBudget => "see the high needs budget",
            Action::SetBudget => "set the high needs budget",
            Action::ReadForecast => "see the forecast and DSG management plan",
            Action::SetMitigations => "change mitigations and scenarios",
            Action::ApplyForTopUp { .. } => "apply for top-up funding for this school",
            Action::ReadTopUpApplications => "see top-up applications",
            Action::ManageFundingModels => "manage funding models",
            Action::ReadPayments { .. } => "see payment schedules",
            Action::SetFinanceOptions => "change finance settings",
            Action::ReadForums => "see forums",
            Action::ClerkForums => "clerk forums",
            Action::ReadPublishedForums => "see published forum papers",
            Action::ReadActionPlans => "see action plans",
            Action::ManageActionPlans => "keep action plans",
        }
    }
}

/// Whether the actor may do the action.
pub fn permits(actor: &Actor, action: Action) -> bool {
    if action == Action::ReadPublishedForums {
        return true;
    }
    let roles = match &actor.kind {
        ActorKind::Operator => return true,
        ActorKind::Anonymous => return false,
        ActorKind::Family {
            person_id,
            children,
            role,
        } => {
            // Families see only the children linked to them, and nothing council-wide; they take
            // part in those children's cases from the portal. Of a
            // child's documents they open those released to them and those they uploaded.
            return match action {
                Action::ReadChild { child_id, .. }
                | Action::TakePartInCase { child_id }
                | Action::ListDocuments { child_id, .. }
                | Action::UploadDocument { child_id, .. } => children.contains(&child_id),
                Action::ReadDocument {
                    child_id,
                    released_to_family,
                    family_uploader,
                    ..
                } => {
                    children.contains(&child_id)
                        && (released_to_family || family_uploader == Some(*person_id))
                }
                Action::ReadOwnNotifications | Action::RequestAssessment => true,
                Action::DecideParentAccess { child_id } => {
                    *role == Role::YoungPerson && children.contains(&child_id)
                }
                _ => false,
            };
        }
        ActorKind::Staff {
            roles, settings, ..
        } => (roles, settings),
    };
    let (roles, settings) = roles;
    let any = |wanted: &[Role]| roles.iter().any(|r| wanted.contains(r));
    match action {
        Action::SeedDemoCouncil => false,
        Action::ManageStaff | Action::ListStaff => any(&[Role::LaAdmin]),
        Action::RegisterChild => any(&[Role::SendCaseworker, Role::SendManager]),
        Action::ReadChild { setting_id, .. } => {
            // Caseworkers and managers see every child in the council; a SENCO sees the pupils
            // placed at their own settings and no one else.
            any(&[Role::SendCaseworker, Role::SendManager])
                || (any(&[Role::Senco]) && setting_id.is_some_and(|s| settings.contains(&s)))
        }
        Action::ReadCouncilSummary | Action::ManageOwnApiTokens | Action::ReadSettings => {
            roles.iter().any(|r| r.is_staff())
        }
        Action::ManageFamilyAccounts => {
            any(&[Role::LaAdmin, Role::SendCaseworker, Role::SendManager])
        }
        Action::SearchChildren => any(&[Role::SendCaseworker, Role::SendManager]),
        Action::ReadAuditLog => any(&[Role::SendManager, Role::LaAdmin]),
        Action::ReadAdviceInbox => any(&[Role::Professional]),
        Action::ReadSchoolPupils => any(&[Role::Senco]),
        Action::ArrangeReview { setting_id } => {
            any(&[Role::SendCaseworker, Role::SendManager])
                || (any(&[Role::Senco]) && setting_id.is_some_and(|s| settings.contains(&s)))
        }
        Action::RequestForPupil { setting_id } => {
            any(&[Role::Senco]) && setting_id.is_some_and(|s| settings.contains(&s))
        }
        Action::RequestAssessment => false,
        Action::DecideParentAccess { .. } => any(&[Role::SendCaseworker, Role::SendManager]),
        Action::GiveAdvice { adviser_staff_id } => {
            // A professional answers only what was sent to them; caseworkers read what came.
            let own = matches!(&actor.kind, ActorKind::Staff { staff_id, .. }
                if adviser_staff_id == Some(*staff_id));
            (own && any(&[Role::Professional])) || any(&[Role::SendCaseworker, Role::SendManager])
        }
        Action::WorkOnCase | Action::ReadWorkTray | Action::TakePartInCase { .. } => {
            any(&[Role::SendCaseworker, Role::SendManager])
        }
        Action::ReadCaseload | Action::RunPanels | Action::TransferCaseworkData => {
            any(&[Role::SendManager])
        }
        Action::ReadPanels => any(&[Role::SendCaseworker, Role::SendManager, Role::PanelMember]),
        Action::DecideAtPanel => any(&[Role::SendManager, Role::PanelMember]),
        Action::SetCaseworkOptions => any(&[Role::SendManager, Role::LaAdmin]),
        Action::ListDocuments {
            child_id,
            setting_id,
        }
        | Action::UploadDocument {
            child_id,
            setting_id,
        }
        | Action::ReadDocument {
            child_id,
            setting_id,
            ..
        } => {
            // Staff handle a child's documents exactly when they may open the child's record:
            // caseworkers and managers for every child, a SENCO for pupils placed at their
            // settings. Professionals follow the same rule, so the cases that ReadChild opens
            // to them open the documents too, with nothing to change here.
            permits(
                actor,
                Action::ReadChild {
                    child_id,
                    setting_id,
                },
            )
        }
        Action::ReleaseDocument { .. } => any(&[Role::SendCaseworker, Role::SendManager]),
        Action::ReadOwnNotifications => true,
        Action::RecordPlacement => any(&[Role::SendCaseworker, Role::SendManager]),
        // What a placement costs is the council's business: caseworkers who arrange it and
        // finance officers who pay for it, never the school or the family.
        Action::ReadPlacementCosts { .. } => any(&[
            Role::SendCaseworker,
            Role::SendManager,
            Role::FinanceOfficer,
        ]),
        Action::ReadAwaitingPlacement => {
            any(&[Role::SendCaseworker, Role::SendManager, Role::PanelMember])
        }
        // The budget is read by those who read what is committed against it, and kept by
        // finance officers alone: they answer for it to the forum and the section 151 officer.
        Action::ReadCommittedCost
        | Action::ReadBacktest
        | Action::ReadBudget
        | Action::ReadForecast => any(&[Role::FinanceOfficer, Role::SendManager]),
        Action::SetBudget | Action::SetMitigations => any(&[Role::FinanceOfficer]),
        Action::ApplyForTopUp { setting_id } => {
            any(&[Role::Senco]) && setting_id.is_some_and(|s| settings.contains(&s))
        }
        Action::ReadTopUpApplications => any(&[
            Role::SendCaseworker,
            Role::SendManager,
            Role::PanelMember,
            Role::FinanceOfficer,
        ]),
        Action::ManageFundingModels => any(&[Role::SendManager, Role::LaAdmin]),
        // A school sees what it is paid; the council's finance officers and SEND managers see
        // every school's.
        Action::ReadPayments { setting_id } => {
            any(&[Role::FinanceOfficer, Role::SendManager])
                || (any(&[Role::Senco]) && setting_id.is_some_and(|s| settings.contains(&s)))
        }
        Action::SetFinanceOptions => any(&[Role::FinanceOfficer, Role::LaAdmin]),
        // The forum's members and the officers who report to it see its working papers; the
        // clerk (the role the council gives its democratic services officers) runs it.
        Action::ReadForums => any(&[
            Role::ForumClerk,
            Role::ForumMember,
            Role::SendManager,
            Role::FinanceOfficer,
            Role::LaAdmin,
        ]),
        Action::ClerkForums => any(&[Role::ForumClerk]),
        Action::ReadPublishedForums => true,
        // Plans are reported to the forum (governance.md: a DSG deficit management plan at
        // least termly), so whoever sees the forum's working papers sees them; they are kept
        // by the officers who answer for them and the clerk who records the forum's reviews.
        Action::ReadActionPlans => any(&[
            Role::ForumClerk,
            Role::ForumMember,
            Role::SendManager,
            Role::FinanceOfficer,
            Role::LaAdmin,
        ]),
        Action::ManageActionPlans => {
            any(&[Role::SendManager, Role::FinanceOfficer, Role::ForumClerk])
        }
    }
}

/// Fails unless the actor may do the action. Refusals on a record say "not found".
pub fn authorise(actor: &Actor, action: Action) -> Result<(), AppError> {
    if permits(actor, action) {
        return Ok(());
    }
    Err(match action {
        Action::ReadChild { child_id, .. }
        | Action::TakePartInCase { child_id }
        | Action::DecideParentAccess { child_id }
        | Action::ReadPlacementCosts { child_id }
        | Action::ListDocuments { child_id, .. }
        | Action::UploadDocument { child_id, .. } => {
            AppError::NotFound(format!("child {child_id}"))
        }
        Action::ReadDocument { .. } => AppError::NotFound("document".into()),
        other => AppError::Forbidden(other.describe().into()),
    })
}

/// The actor's own settings (a SENCO's schools) for which `action` is allowed; refused, as
/// `authorise` refuses, when there are none.
pub fn own_settings(
    actor: &Actor,
    action: impl Fn(Option<i64>) -> Action,
) -> Result<Vec<i64>, AppError> {
    let settings: Vec<i64> = actor
        .settings()
        .iter()
        .copied()
        .filter(|s| permits(actor, action(Some(*s))))
        .collect();
    if settings.is_empty() {
        authorise(actor, action(None))?;
    }
    Ok(settings)
}

#[cfg(test)]
mod tests;
