//! The access matrix: every route, for every role, allowed or refused exactly as the policy
//! says. A refused record is "not found" (its existence does not leak); a refused page is
//! "forbidden"; no session means sign in (pages) or 401 (API).

#![allow(clippy::unwrap_used)]

use app::auth;
use app::children::{NewChild, register_child};
use app::families::{NewFamilyMember, add_family_member};
use app::policy::{Action, permits};
use app::staff::{NewStaff, add_staff};
use app::{Actor, Store};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use domain::{LaCode, Role};
use store::{PlacementRow, SettingRow};
use tower::ServiceExt;

const PASSWORD: &str = "a long enough password";

fn la() -> LaCode {
    LaCode::new(801).unwrap()
}

/// A page or endpoint, what the policy must allow for it, and what a refusal looks like.
struct Route {
    path: String,
    action: Option<Action>,
    refused: StatusCode,
    api: bool,
}

async fn setup(store: &Store) -> (axum::Router, Vec<(String, Option<String>, Actor)>, i64, i64) {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.insert_settings(&[SettingRow {
        la_id: 801,
        setting_id: 1,
        urn: Some(990001),
        ukprn: None,
        name: "Sampleford Primary School".into(),
        phase: "primary".into(),
        setting_type: "mainstream_academy".into(),
        area: "North".into(),
        in_area: true,
        postcode: Some("ZY1 1AA".into()),
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let operator = Actor::operator(la());
    let today = Utc::now().date_naive();
    let child = |forename: &str, birth: &str| NewChild {
        forename: forename.into(),
        surname: "Matrix".into(),
        birth_date: birth.into(),
        sex: "M".into(),
        upn_unknown: Some("UN1".into()),
        ..Default::default()
    };
    let young = register_child(store, &operator, child("Young", "2008-01-01"), today)
        .await
        .unwrap();
    let other = register_child(store, &operator, child("Other", "2016-01-01"), today)
        .await
        .unwrap();
    // The young person is placed at the setting the SENCO works at; the other child is not.
    let mut tx = store.begin().await.unwrap();
    tx.insert_placements(&[PlacementRow {
        la_id: 801,
        placement_id: 1,
        child_id: young,
        setting_id: Some(1),
        sen_setting: None,
        category: "mainstream_academy".into(),
        entry_on: chrono::NaiveDate::from_ymd_opt(2020, 9, 1).unwrap(),
        leaving_on: None,
        sen_unit: false,
        resourced_provision: false,
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let mut people = Vec::new();
    for role in Role::ALL.into_iter().filter(|r| r.is_staff()) {
        let email = format!("{}@example.org", role.code());
        let new = NewStaff {
            name: role.label().into(),
            email: email.clone(),
            roles: vec![role.code().into()],
            password: Some(PASSWORD.into()),
            setting_ids: if role == Role::Senco { vec![1] } else { vec![] },
            ..Default::default()
        };
        add_staff(store, &operator, new).await.unwrap();
        let s = auth::sign_in_staff(store, la(), &email, PASSWORD, None, "127.0.0.1", Utc::now())
            .await
            .unwrap();
        people.push((role.code().to_string(), Some(s.cookie), s.actor));
    }
    for (role, email) in [
        ("parent_carer", "parent@example.org"),
        ("young_person", "young@example.org"),
    ] {
        let new = NewFamilyMember {
            name: role.into(),
            email: email.into(),
            role: role.into(),
            child_ids: vec![young],
        };
        let person = add_family_member(store, &operator, new, today)
            .await
            .unwrap();
        if role == "parent_carer" {
            // The young person is 18: their parent sees their record only with their consent.
            app::portal::give_consent(store, &operator, young, person, today)
                .await
                .unwrap();
        }
        let code = auth::start_family_sign_in(store, la(), email, "127.0.0.1", Utc::now())
            .await
            .unwrap()
            .unwrap();
        let s = auth::finish_family_sign_in(store, la(), email, &code, "127.0.0.1", Utc::now())
            .await
            .unwrap();
        people.push((role.to_string(), Some(s.cookie), s.actor));
    }
    people.push((
        "anonymous".into(),
        None,
        Actor::anonymous(la(), "127.0.0.1"),
    ));
    let config = web::WebConfig {
        la: la(),
        council_name: "Bristol, City of".into(),
        secure_cookies: false,
        print_emails: false,
    };
    let router = web::router(web::AppState::new(
        store.clone(),
        config,
        web::Assets::default(),
    ));
    (router, people, young, other)
}

fn routes(own: i64, other: i64) -> Vec<Route> {
    let page = |path: String, action: Option<Action>, refused| Route {
        path,
        action,
        refused,
        api: false,
    };
    let api = |path: String, action: Option<Action>, refused| Route {
        path,
        action,
        refused,
        api: true,
    };
    vec![
        page("/dashboard".into(), None, StatusCode::FORBIDDEN),
        page(
            "/children?q=Matrix".into(),
            Some(Action::SearchChildren),
            StatusCode::NOT_FOUND,
        ),
        page(
            format!("/children/{own}"),
            Some(Action::ReadChild {
                child_id: own,
                setting_id: Some(1),
            }),
            StatusCode::NOT_FOUND,
        ),
        page(
            format!("/children/{other}"),
            Some(Action::ReadChild {
                child_id: other,
                setting_id: None,
            }),
            StatusCode::NOT_FOUND,
        ),
        page(
            format!("/children/{own}/progress"),
            Some(Action::ReadChild {
                child_id: own,
                setting_id: Some(1),
            }),
            StatusCode::NOT_FOUND,
        ),
        page(
            format!("/children/{other}/progress"),
            Some(Action::ReadChild {
                child_id: other,
                setting_id: None,
            }),
            StatusCode::NOT_FOUND,
        ),
        page(
            format!("/children/{own}/messages"),
            Some(Action::TakePartInCase { child_id: own }),
            StatusCode::NOT_FOUND,
        ),
        page(
            format!("/children/{other}/messages"),
            Some(Action::TakePartInCase { child_id: other }),
            StatusCode::NOT_FOUND,
        ),
        page(
            format!("/children/{own}/draft-comments"),
            Some(Action::TakePartInCase { child_id: own }),
            StatusCode::NOT_FOUND,
        ),
        page(
            "/advice".into(),
            Some(Action::ReadAdviceInbox),
            StatusCode::FORBIDDEN,
        ),
        page(
            "/settings".into(),
            Some(Action::ReadSettings),
            StatusCode::FORBIDDEN,
        ),
        page(
            "/settings/1".into(),
            Some(Action::ReadSettings),
            StatusCode::FORBIDDEN,
        ),
        page(
            "/audit-log.csv".into(),
            Some(Action::ReadAuditLog),
            StatusCode::FORBIDDEN,
        ),
        page(
            "/finance/backtest?fit_to=2021".into(),
            Some(Action::ReadBacktest),
            StatusCode::FORBIDDEN,
        ),
        api(
            "/api/v1/children?q=Matrix".into(),
            Some(Action::SearchChildren),
            StatusCode::FORBIDDEN,
        ),
        api(
            format!("/api/v1/children/{own}"),
            Some(Action::ReadChild {
                child_id: own,
                setting_id: Some(1),
            }),
            StatusCode::NOT_FOUND,
        ),
        api(
            format!("/api/v1/children/{other}"),
            Some(Action::ReadChild {
                child_id: other,
                setting_id: None,
            }),
            StatusCode::NOT_FOUND,
        ),
        api(
            "/api/v1/settings".into(),
            Some(Action::ReadSettings),
            StatusCode::FORBIDDEN,
        ),
        api(
            "/api/v1/settings/1".into(),
            Some(Action::ReadSettings),
            StatusCode::FORBIDDEN,
        ),
    ]
}

async fn every_route_for_every_role_follows_the_policy(store: &Store) {
    let (router, people, own, other) = setup(store).await;
    let mut checked = 0;
    for route in routes(own, other) {
        for (who, cookie, actor) in &people {
            let mut request = Request::get(&route.path);
            if let Some(cookie) = cookie {
                request = request.header(header::COOKIE, format!("highneeds_session={cookie}"));
            }
            let response = router
                .clone()
                .oneshot(request.body(Body::empty()).unwrap())
                .await
                .unwrap();
            let status = response.status();
            let expected = if cookie.is_none() {
                if route.api {
                    StatusCode::UNAUTHORIZED
                } else {
                    StatusCode::SEE_OTHER
                }
            } else {
                let allowed = match route.action {
                    Some(action) => permits(actor, action),
                    None => true,
                };
                if allowed {
                    StatusCode::OK
                } else {
                    route.refused
                }
            };
            assert_eq!(status, expected, "{who} GET {}", route.path);
            checked += 1;
        }
    }
    assert_eq!(checked, 19 * 12, "19 routes × 12 kinds of person");
    // The headline cases, spelled out: a family opening another family's child, and a SENCO
    // opening a pupil who is not at their school.
    let parent = &people
        .iter()
        .find(|(who, ..)| who == "parent_carer")
        .unwrap()
        .2;
    assert!(permits(
        parent,
        Action::ReadChild {
            child_id: own,
            setting_id: Some(1)
        }
    ));
    assert!(!permits(
        parent,
        Action::ReadChild {
            child_id: other,
            setting_id: None
        }
    ));
    let senco = &people.iter().find(|(who, ..)| who == "senco").unwrap().2;
    assert!(permits(
        senco,
        Action::ReadChild {
            child_id: own,
            setting_id: Some(1)
        }
    ));
    assert!(!permits(
        senco,
        Action::ReadChild {
            child_id: other,
            setting_id: None
        }
    ));
    // Each refusal of a child's record is in the audit log.
    let mut tx = store.begin().await.unwrap();
    let denied = tx
        .audit_events(801, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "child.read_denied")
        .count();
    assert!(denied >= 10, "refused reads are audited ({denied})");
}

store::on_both_engines!(every_route_for_every_role_follows_the_policy);
