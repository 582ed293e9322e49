//! Mitigations and scenarios through the real router, on both engines, for a demo council: a
//! finance officer adds two mitigations (a form with problems first, each named), composes a
//! scenario of both, and reads each one's effect; the effect shown is the difference of the
//! forecast run with and without the mitigations with the same seed, worked out here from the
//! same inputs. A SEND manager reads but cannot change them; removing a mitigation takes it
//! out of the page.

#![allow(clippy::unwrap_used)]

mod common;

use app::Store;
use app::finance::forecast::{SEED, SIMULATIONS, latest_census, prepare};
use axum::http::StatusCode;
use chrono::Local;
use common::{demo_council_with_budget, get, post_form, router, staff_cookie};
use domain::Pence;
use domain::forecast::{Forecast, Runs};
use domain::high_needs::mitigation::NewMitigation;

/// The mean change in cost per year, rounded half away from zero, from two runs.
fn difference(base: &Runs, with: &Runs) -> Vec<Pence> {
    (0..base.years().len())
        .map(|y| {
            let n = base.simulations() as i128;
            let sum: i128 = (with.costs(y).iter().zip(base.costs(y)))
                .map(|(w, b)| i128::from(w.get()) - i128::from(b.get()))
                .sum();
            Pence(i64::try_from((2 * sum + sum.signum() * n) / (2 * n)).unwrap())
        })
        .collect()
}

/// The mean change in cost per year of the mitigation called `name` on the comparison.
fn effect_of_in(c: &app::finance::scenarios::Comparison, name: &str) -> Vec<Pence> {
    let (_, applied) = c
        .mitigations
        .iter()
        .find(|(m, _)| m.plan.name == name)
        .unwrap();
    let e = applied.effect.as_ref().unwrap();
    e.years.iter().map(|y| y.mean_cost).collect()
}

fn cost_cut() -> NewMitigation {
    NewMitigation {
        name: "Independent school fees negotiated down".into(),
        theme: "supply".into(),
        owner: "Head of commissioning".into(),
        rag: "amber".into(),
        change: "cost".into(),
        setting: "special_independent".into(),
        direction: "decrease".into(),
        percentage: "10".into(),
        from: "2026-09-01".into(),
        ..Default::default()
    }
}

fn fewer_moves() -> NewMitigation {
    NewMitigation {
        name: "Fewer moves into independent special schools".into(),
        theme: "demand".into(),
        owner: "Head of SEND".into(),
        rag: "green".into(),
        change: "movers_in".into(),
        setting: "special_independent".into(),
        direction: "decrease".into(),
        percentage: "20".into(),
        from: "2026-09-01".into(),
        ..Default::default()
    }
}

fn form_body(m: &NewMitigation) -> String {
    format!(
        "name={}&theme={}&owner={}&rag={}&change={}&setting={}&direction={}&percentage={}&places=&excess_to=&from={}",
        m.name.replace(' ', "+"),
        m.theme,
        m.owner.replace(' ', "+"),
        m.rag,
        m.change,
        m.setting,
        m.direction,
        m.percentage,
        m.from
    )
}

async fn a_scenarios_effect_is_the_difference_of_two_runs_with_the_same_seed(store: &Store) {
    demo_council_with_budget(store, 400).await;
    let r = router(store);
    let fay = staff_cookie(store, "fay@example.org").await;
    let path = "/finance/scenarios";

    let (status, page) = get(&r, path, &fay).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("No mitigations are recorded yet"), "{page}");
    assert!(
        page.contains("href=\"/finance/scenarios\""),
        "in the navigation"
    );

    // Nothing chosen: each problem named, nothing saved.
    let (status, page, _) = post_form(
        &r,
        "/finance/scenarios/mitigations",
        &fay,
        "name=&from=soon",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for field in ["name", "owner", "theme", "rag", "change", "setting", "from"] {
        assert!(
            page.contains(&format!("href=\"#{field}\"")),
            "{field}: {page}"
        );
    }

    for m in [cost_cut(), fewer_moves()] {
        let (status, _, location) =
            post_form(&r, "/finance/scenarios/mitigations", &fay, &form_body(&m)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location.as_deref(), Some("/finance/scenarios?done=added"));
    }
    let (_, page) = get(&r, path, &fay).await;
    let ids: Vec<String> = page
        .match_indices("/finance/scenarios/mitigations/")
        .map(|(i, m)| {
            page[i + m.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect()
        })
        .filter(|id: &String| !id.is_empty())
        .collect();
    assert_eq!(ids.len(), 2, "{page}");
    // A tampered choice is named, and no scenario is made.
    let (status, page, _) = post_form(
        &r,
        "/finance/scenarios/scenarios",
        &fay,
        &format!("scenario_name=Odd&mitigations={}&mitigations=abc", ids[0]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("href=\"#mitigations\"") && page.contains("“abc” is not a mitigation"),
        "{page}"
    );
    assert!(!page.contains(">Odd<"), "{page}");
    let (status, _, _) = post_form(
        &r,
        "/finance/scenarios/scenarios",
        &fay,
        &format!(
            "scenario_name=Both&mitigations={}&mitigations={}",
            ids[0], ids[1]
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // The same inputs, run here without and with the mitigations, with the pages' seed.
    let today = Local::now().date_naive();
    let mut tx = store.begin().await.unwrap();
    let prepared = prepare(&mut tx, 801, latest_census(today))
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    let base = prepared.forecast.run(SIMULATIONS, SEED, 1);
    let run_with = |ms: &[NewMitigation]| {
        let ms: Vec<_> = ms
            .iter()
            .map(|m| m.parse().unwrap().to_forecast())
            .collect();
        Forecast::with_mitigations(&prepared.inputs, "population", &ms)
            .unwrap()
            .run(SIMULATIONS, SEED, 1)
    };
    let alone = difference(&base, &run_with(&[cost_cut()]));
    let both = difference(&base, &run_with(&[cost_cut(), fewer_moves()]));
    assert_eq!(alone[0], Pence::ZERO, "the census year never changes");
    let last = *alone.last().unwrap();
    assert!(last < Pence::ZERO, "a 10% cut in fees saves money: {last}");

    let fay_actor = app::Actor::staff(common::la(), 0, vec![domain::Role::FinanceOfficer], "t");
    let c = app::finance::scenarios::compare(store, &fay_actor, today)
        .await
        .unwrap();
    assert_eq!(effect_of_in(&c, &cost_cut().name), alone);
    let (_, scenario) = &c.scenarios[0];
    let e = scenario.effect.as_ref().unwrap();
    assert_eq!(
        e.years.iter().map(|y| y.mean_cost).collect::<Vec<_>>(),
        both
    );
    // The deficit moves by the effect, year by year.
    for (plain, with) in c.plan.high_needs.iter().zip(&scenario.high_needs) {
        let january = plain.year.start_year() + 1;
        let y = e.years.iter().find(|y| y.year == january).unwrap();
        assert_eq!(with.expenditure, plain.expenditure + y.mean_cost);
    }

    let (_, page) = get(&r, path, &fay).await;
    assert!(page.contains(&last.to_string()), "{last}: {page}");

    // Runs are kept between readings, but a changed mitigation is run afresh: a 20% cut saves
    // what an independent run of 20% saves, not the kept 10%.
    let deeper = NewMitigation {
        percentage: "20".into(),
        ..cost_cut()
    };
    let (status, _, _) = post_form(
        &r,
        &format!("/finance/scenarios/mitigations/{}", ids[0]),
        &fay,
        &form_body(&deeper),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let c = app::finance::scenarios::compare(store, &fay_actor, today)
        .await
        .unwrap();
    assert_eq!(
        effect_of_in(&c, &deeper.name),
        difference(&base, &run_with(std::slice::from_ref(&deeper)))
    );
    assert_ne!(effect_of_in(&c, &deeper.name), alone);
    assert!(page.contains("id=\"scenario-deficit\""), "{page}");
    assert!(page.contains(">Both<"), "{page}");
    let (_, plan) = get(&r, "/finance/dsg-plan", &fay).await;
    assert!(
        plan.contains("Cumulative position with every mitigation"),
        "{plan}"
    );

    let manager = staff_cookie(store, "mo@example.org").await;
    let (status, page) = get(&r, path, &manager).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Add a mitigation"), "{page}");
    let (status, _, _) = post_form(
        &r,
        "/finance/scenarios/mitigations",
        &manager,
        &form_body(&cost_cut()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, _, _) = post_form(
        &r,
        &format!("/finance/scenarios/mitigations/{}/remove", ids[0]),
        &fay,
        "",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = get(&r, path, &fay).await;
    assert!(!page.contains(&cost_cut().name), "{page}");
}

store::on_both_engines!(a_scenarios_effect_is_the_difference_of_two_runs_with_the_same_seed);
