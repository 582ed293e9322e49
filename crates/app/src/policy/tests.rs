//! Who may do what: the access matrix as the roles use it.

use super::*;
use domain::LaCode;

fn staff(roles: &[Role]) -> Actor {
    Actor::staff(LaCode::new(801).unwrap(), 1, roles.to_vec(), "127.0.0.1")
}

#[test]
fn caseworkers_read_children_and_others_are_told_not_found() {
    assert!(
        authorise(
            &staff(&[Role::SendCaseworker]),
            Action::ReadChild {
                child_id: 5,
                setting_id: None
            }
        )
        .is_ok()
    );
    for role in [
        Role::FinanceOfficer,
        Role::ForumMember,
        Role::Senco,
        Role::ParentCarer,
    ] {
        let err = authorise(
            &staff(&[role]),
            Action::ReadChild {
                child_id: 5,
                setting_id: None,
            },
        )
        .unwrap_err();
        assert!(matches!(err, AppError::NotFound(_)), "{role}: {err:?}");
    }
}

#[test]
fn a_senco_sees_only_pupils_at_their_settings() {
    let senco = staff(&[Role::Senco]).with_settings(vec![10]);
    assert!(permits(
        &senco,
        Action::ReadChild {
            child_id: 1,
            setting_id: Some(10)
        }
    ));
    assert!(!permits(
        &senco,
        Action::ReadChild {
            child_id: 2,
            setting_id: Some(11)
        }
    ));
    assert!(!permits(
        &senco,
        Action::ReadChild {
            child_id: 3,
            setting_id: None
        }
    ));
    assert!(!permits(
        &staff(&[Role::Senco]),
        Action::ReadChild {
            child_id: 1,
            setting_id: Some(10)
        }
    ));
}

#[test]
fn only_admins_manage_staff() {
    assert!(permits(&staff(&[Role::LaAdmin]), Action::ManageStaff));
    let err = authorise(&staff(&[Role::SendManager]), Action::ManageStaff).unwrap_err();
    assert_eq!(
        err.to_string(),
        "you do not have permission to manage staff"
    );
}

#[test]
fn the_operator_may_administer_but_staff_may_not_seed() {
    let operator = Actor::operator(LaCode::new(801).unwrap());
    assert!(permits(&operator, Action::SeedDemoCouncil));
    assert!(!permits(&staff(&[Role::LaAdmin]), Action::SeedDemoCouncil));
}

fn family(children: &[i64]) -> Actor {
    let kind = ActorKind::Family {
        person_id: 3,
        role: Role::ParentCarer,
        children: children.to_vec(),
    };
    Actor {
        la: LaCode::new(801).unwrap(),
        kind,
        from: "127.0.0.1".into(),
    }
}

#[test]
fn a_family_sees_its_own_children_and_no_other() {
    assert!(
        authorise(
            &family(&[5, 6]),
            Action::ReadChild {
                child_id: 6,
                setting_id: None
            }
        )
        .is_ok()
    );
    let err = authorise(
        &family(&[5, 6]),
        Action::ReadChild {
            child_id: 7,
            setting_id: None,
        },
    )
    .unwrap_err();
    assert!(
        matches!(err, AppError::NotFound(_)),
        "another family's child is not found: {err:?}"
    );
    assert!(!permits(&family(&[5]), Action::ReadCouncilSummary));
    assert!(!permits(&family(&[5]), Action::ManageOwnApiTokens));
}

#[test]
fn committed_cost_and_the_backtest_are_for_finance_officers_and_managers() {
    for action in [Action::ReadCommittedCost, Action::ReadBacktest] {
        for role in [Role::FinanceOfficer, Role::SendManager] {
            assert!(permits(&staff(&[role]), action), "{role}");
        }
        for role in [
            Role::Senco,
            Role::SendCaseworker,
            Role::ForumMember,
            Role::ParentCarer,
        ] {
            assert!(!permits(&staff(&[role]), action), "{role}");
        }
        assert!(!permits(&family(&[5]), action));
    }
    assert!(!permits(
        &family(&[5]),
        Action::ReadPlacementCosts { child_id: 5 }
    ));
    let senco = staff(&[Role::Senco]).with_settings(vec![10]);
    let err = authorise(&senco, Action::ReadPlacementCosts { child_id: 5 }).unwrap_err();
    assert!(matches!(err, AppError::NotFound(_)), "{err:?}");
    assert!(!permits(
        &staff(&[Role::FinanceOfficer]),
        Action::RecordPlacement
    ));
}

#[test]
fn finance_officers_keep_the_budget_and_managers_read_it() {
    let finance = staff(&[Role::FinanceOfficer]);
    assert!(permits(&finance, Action::SetBudget));
    assert!(permits(&finance, Action::ReadBudget));
    let manager = staff(&[Role::SendManager]);
    assert!(permits(&manager, Action::ReadBudget));
    assert!(permits(&manager, Action::ReadForecast));
    assert!(permits(&finance, Action::ReadForecast));
    assert!(permits(&finance, Action::SetMitigations));
    assert!(!permits(&manager, Action::SetMitigations));
    assert!(!permits(&manager, Action::SetBudget));
    for role in [
        Role::Senco,
        Role::ForumMember,
        Role::LaAdmin,
        Role::ParentCarer,
    ] {
        assert!(!permits(&staff(&[role]), Action::ReadBudget), "{role}");
        assert!(!permits(&staff(&[role]), Action::SetBudget), "{role}");
        assert!(!permits(&staff(&[role]), Action::ReadForecast), "{role}");
    }
}

#[test]
fn officers_and_the_clerk_keep_action_plans_and_the_forum_reads_them() {
    for role in [Role::SendManager, Role::FinanceOfficer, Role::ForumClerk] {
        assert!(
            permits(&staff(&[role]), Action::ManageActionPlans),
            "{role}"
        );
        assert!(permits(&staff(&[role]), Action::ReadActionPlans), "{role}");
    }
    let member = staff(&[Role::ForumMember]);
    assert!(permits(&member, Action::ReadActionPlans));
    assert!(!permits(&member, Action::ManageActionPlans));
    for role in [Role::SendCaseworker, Role::Senco] {
        assert!(!permits(&staff(&[role]), Action::ReadActionPlans), "{role}");
    }
    assert!(!permits(&family(&[5]), Action::ReadActionPlans));
}

#[test]
fn the_clerk_runs_forums_members_read_them_and_anyone_reads_what_is_published() {
    assert!(permits(&staff(&[Role::ForumClerk]), Action::ClerkForums));
    for role in [Role::ForumMember, Role::SendManager, Role::LaAdmin] {
        assert!(!permits(&staff(&[role]), Action::ClerkForums), "{role}");
        assert!(permits(&staff(&[role]), Action::ReadForums), "{role}");
    }
    assert!(!permits(&staff(&[Role::Senco]), Action::ReadForums));
    assert!(!permits(&family(&[5]), Action::ReadForums));
    let anyone = Actor::anonymous(LaCode::new(801).unwrap(), "127.0.0.1");
    assert!(permits(&anyone, Action::ReadPublishedForums));
    assert!(permits(&family(&[5]), Action::ReadPublishedForums));
}

#[test]
fn families_do_not_see_council_figures_through_staff_pages() {
    assert!(!permits(
        &staff(&[Role::ParentCarer]),
        Action::ReadCouncilSummary
    ));
    assert!(permits(
        &staff(&[Role::ForumMember]),
        Action::ReadCouncilSummary
    ));
}
