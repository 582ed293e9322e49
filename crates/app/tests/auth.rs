//! Signing in and out, through the app's use cases, on both engines.

#![allow(clippy::unwrap_used)]

use app::auth::{self, current_session};
use app::children::{NewChild, register_child, view_child};
use app::families::{NewFamilyMember, add_family_member};
use app::staff::{NewStaff, add_staff};
use app::{Actor, ActorKind, AppError};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use domain::{LaCode, Role};
use store::Store;

const PASSWORD: &str = "a long enough password";

fn la() -> LaCode {
    LaCode::new(801).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .unwrap()
}

fn today() -> NaiveDate {
    now().date_naive()
}

async fn council(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn caseworker(store: &Store) -> i64 {
    council(store).await;
    let staff = add_staff(
        store,
        &Actor::operator(la()),
        NewStaff {
            name: "Casey Caseworker".into(),
            email: "casey@example.org".into(),
            roles: vec!["send_caseworker".into()],
            password: Some(PASSWORD.into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    staff.staff_id
}

async fn child(store: &Store, forename: &str, birth_date: &str) -> i64 {
    let new = NewChild {
        forename: forename.into(),
        surname: "Samplewood".into(),
        birth_date: birth_date.into(),
        sex: "F".into(),
        upn_unknown: Some("UN1".into()),
        ..Default::default()
    };
    register_child(store, &Actor::operator(la()), new, today())
        .await
        .unwrap()
}

async fn staff_sign_in_starts_a_session_with_their_roles(store: &Store) {
    let staff_id = caseworker(store).await;
    let signed_in = auth::sign_in_staff(
        store,
        la(),
        "Casey@Example.org",
        PASSWORD,
        None,
        "10.0.0.1",
        now(),
    )
    .await
    .unwrap();
    assert!(signed_in.cookie.starts_with("801."), "{}", signed_in.cookie);
    let current = current_session(
        store,
        &signed_in.cookie,
        "10.0.0.1",
        now() + Duration::minutes(5),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        current.actor.kind,
        ActorKind::Staff {
            staff_id,
            roles: vec![Role::SendCaseworker],
            settings: vec![]
        }
    );
    assert_eq!(current.csrf_token, signed_in.csrf_token);
    assert!(
        current_session(store, "801.forged", "10.0.0.1", now())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        current_session(store, "802.".to_string().as_str(), "10.0.0.1", now())
            .await
            .unwrap()
            .is_none()
    );
}

async fn wrong_password_and_unknown_email_get_the_same_answer(store: &Store) {
    caseworker(store).await;
    let wrong = auth::sign_in_staff(
        store,
        la(),
        "casey@example.org",
        "not the password",
        None,
        "10.0.0.1",
        now(),
    )
    .await;
    let unknown = auth::sign_in_staff(
        store,
        la(),
        "nobody@example.org",
        PASSWORD,
        None,
        "10.0.0.1",
        now(),
    )
    .await;
    let (Err(AppError::Unauthenticated(a)), Err(AppError::Unauthenticated(b))) = (wrong, unknown)
    else {
        panic!("both must fail to authenticate");
    };
    assert_eq!(a, b);
    let mut tx = store.begin().await.unwrap();
    let failed = tx
        .audit_events(801, 10)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "auth.sign_in_failed")
        .count();
    assert_eq!(failed, 2, "each failure is audited");
}

async fn five_failures_pause_the_account_even_for_the_right_password(store: &Store) {
    caseworker(store).await;
    for i in 0..5 {
        let at = now() + Duration::minutes(i);
        assert!(
            auth::sign_in_staff(
                store,
                la(),
                "casey@example.org",
                "guess",
                None,
                "10.0.0.9",
                at
            )
            .await
            .is_err()
        );
    }
    let err = auth::sign_in_staff(
        store,
        la(),
        "casey@example.org",
        PASSWORD,
        None,
        "10.0.0.2",
        now() + Duration::minutes(6),
    )
    .await
    .unwrap_err();
    assert!(
        err.to_string().starts_with("Too many attempts to sign in"),
        "{err}"
    );
    // After the window the right password works again.
    let later = now() + Duration::minutes(30);
    assert!(
        auth::sign_in_staff(
            store,
            la(),
            "casey@example.org",
            PASSWORD,
            None,
            "10.0.0.2",
            later
        )
        .await
        .is_ok()
    );
}

async fn sessions_end_when_idle_and_after_twelve_hours(store: &Store) {
    caseworker(store).await;
    let s = auth::sign_in_staff(
        store,
        la(),
        "casey@example.org",
        PASSWORD,
        None,
        "10.0.0.1",
        now(),
    )
    .await
    .unwrap();
    assert!(
        current_session(store, &s.cookie, "x", now() + Duration::minutes(31))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        current_session(store, &s.cookie, "x", now() + Duration::minutes(32))
            .await
            .unwrap()
            .is_none(),
        "an idle session is gone, not revived"
    );
    let s = auth::sign_in_staff(
        store,
        la(),
        "casey@example.org",
        PASSWORD,
        None,
        "10.0.0.1",
        now(),
    )
    .await
    .unwrap();
    let mut at = now();
    for _ in 0..40 {
        at += Duration::minutes(20);
        if at - now() >= Duration::hours(12) {
            assert!(
                current_session(store, &s.cookie, "x", at)
                    .await
                    .unwrap()
                    .is_none()
            );
            return;
        }
        assert!(
            current_session(store, &s.cookie, "x", at)
                .await
                .unwrap()
                .is_some(),
            "active at {at}"
        );
    }
    panic!("the session outlived twelve hours");
}

async fn staff_with_totp_need_the_code(store: &Store) {
    let staff_id = caseworker(store).await;
    let secret = auth::set_up_totp(store, &Actor::operator(la()), staff_id)
        .await
        .unwrap();
    let err = auth::sign_in_staff(
        store,
        la(),
        "casey@example.org",
        PASSWORD,
        None,
        "10.0.0.1",
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Enter the security code from your authenticator app"
    );
    let code = auth::totp_code(&secret, now()).unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert!(
        auth::sign_in_staff(
            store,
            la(),
            "casey@example.org",
            PASSWORD,
            Some(wrong),
            "10.0.0.1",
            now()
        )
        .await
        .is_err()
    );
    assert!(
        auth::sign_in_staff(
            store,
            la(),
            "casey@example.org",
            PASSWORD,
            Some(&code),
            "10.0.0.1",
            now()
        )
        .await
        .is_ok()
    );
}

async fn a_parent_signs_in_with_an_emailed_code_and_sees_only_their_child(store: &Store) {
    caseworker(store).await;
    let theirs = child(store, "Amara", "2016-05-04").await;
    let another = child(store, "Ben", "2015-01-02").await;
    let caseworker = auth::sign_in_staff(
        store,
        la(),
        "casey@example.org",
        PASSWORD,
        None,
        "10.0.0.1",
        now(),
    )
    .await
    .unwrap()
    .actor;
    let new = NewFamilyMember {
        name: "Pat Parent".into(),
        email: "pat@example.org".into(),
        role: "parent_carer".into(),
        child_ids: vec![theirs],
    };
    add_family_member(store, &caseworker, new, today())
        .await
        .unwrap();

    assert_eq!(
        auth::start_family_sign_in(store, la(), "nobody@example.org", "10.1.1.1", now())
            .await
            .unwrap(),
        None
    );
    let code = auth::start_family_sign_in(store, la(), "pat@example.org", "10.1.1.1", now())
        .await
        .unwrap()
        .unwrap();
    let wrong = if code == "123456" { "654321" } else { "123456" };
    assert!(
        auth::finish_family_sign_in(store, la(), "pat@example.org", wrong, "10.1.1.1", now())
            .await
            .is_err()
    );
    let signed_in =
        auth::finish_family_sign_in(store, la(), "pat@example.org", &code, "10.1.1.1", now())
            .await
            .unwrap();
    assert!(
        auth::finish_family_sign_in(store, la(), "pat@example.org", &code, "10.1.1.1", now())
            .await
            .is_err(),
        "a code works once"
    );
    let parent = current_session(store, &signed_in.cookie, "10.1.1.1", now())
        .await
        .unwrap()
        .unwrap()
        .actor;
    assert!(parent.has_role(Role::ParentCarer));
    assert_eq!(
        view_child(store, &parent, theirs, today())
            .await
            .unwrap()
            .forename,
        "Amara"
    );
    let err = view_child(store, &parent, another, today())
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::NotFound(_)), "{err:?}");
    let mut tx = store.begin().await.unwrap();
    let reads = tx.audit_for_child(801, theirs, 10).await.unwrap();
    assert!(
        reads
            .iter()
            .any(|e| e.action == "child.read" && e.actor.starts_with("family:")),
        "{reads:?}"
    );
}

async fn a_young_person_account_needs_them_to_be_sixteen(store: &Store) {
    caseworker(store).await;
    let eleven = child(store, "Cal", "2015-03-03").await;
    let seventeen = child(store, "Dee", "2009-03-03").await;
    let new = |child_id| NewFamilyMember {
        name: "Young Person".into(),
        email: "yp@example.org".into(),
        role: "young_person".into(),
        child_ids: vec![child_id],
    };
    let err = add_family_member(store, &Actor::operator(la()), new(eleven), today())
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("is under 16: their parent or carer holds the account"),
        "{err}"
    );
    assert!(
        add_family_member(store, &Actor::operator(la()), new(seventeen), today())
            .await
            .is_ok()
    );
}

async fn signing_out_everywhere_ends_every_session(store: &Store) {
    caseworker(store).await;
    let a = auth::sign_in_staff(
        store,
        la(),
        "casey@example.org",
        PASSWORD,
        None,
        "10.0.0.1",
        now(),
    )
    .await
    .unwrap();
    let b = auth::sign_in_staff(
        store,
        la(),
        "casey@example.org",
        PASSWORD,
        None,
        "10.0.0.2",
        now(),
    )
    .await
    .unwrap();
    assert_eq!(auth::sign_out_everywhere(store, &a.actor).await.unwrap(), 2);
    assert!(
        current_session(store, &a.cookie, "x", now())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        current_session(store, &b.cookie, "x", now())
            .await
            .unwrap()
            .is_none()
    );
}

async fn api_tokens_act_as_their_staff_member(store: &Store) {
    let staff_id = caseworker(store).await;
    let s = auth::sign_in_staff(
        store,
        la(),
        "casey@example.org",
        PASSWORD,
        None,
        "10.0.0.1",
        now(),
    )
    .await
    .unwrap();
    let token = auth::create_api_token(store, &s.actor, "nightly extract", now())
        .await
        .unwrap();
    let actor = auth::api_token_actor(store, &token, "10.0.0.3")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        actor.kind,
        ActorKind::Staff {
            staff_id,
            roles: vec![Role::SendCaseworker],
            settings: vec![]
        }
    );
    assert!(
        auth::api_token_actor(store, "801.hn_forged", "10.0.0.3")
            .await
            .unwrap()
            .is_none()
    );
}

store::on_both_engines!(
    staff_sign_in_starts_a_session_with_their_roles,
    wrong_password_and_unknown_email_get_the_same_answer,
    five_failures_pause_the_account_even_for_the_right_password,
    sessions_end_when_idle_and_after_twelve_hours,
    staff_with_totp_need_the_code,
    a_parent_signs_in_with_an_emailed_code_and_sees_only_their_child,
    a_young_person_account_needs_them_to_be_sixteen,
    signing_out_everywhere_ends_every_session,
    api_tokens_act_as_their_staff_member,
);
