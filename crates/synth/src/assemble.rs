//! Puts the caseload, estate and history together into numbered records.

use chrono::NaiveDate;
use domain::dates::{nc_year_on, sen2_census_date};
use domain::{PlacementCategory, PlacementGroup, SenProvisionKind, SettingType};
use rand::RngExt;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::calendar::{add_days, between, sep1, term_start_before, years_after};
use crate::calibration::{CENSUS_YEAR, Calibration};
use crate::caseload::{self, Profile};
use crate::cases::{Case, Who};
use crate::estate::{self, Estate};
use crate::history;
use crate::model::{Child, Council, LocalAuthority, Placement, Plan, Request};
use crate::names::Postcodes;
use crate::people::{self, Facts};
use crate::placing::{self, Placed};
use crate::{as_of, caseworkers, forward, later, plan_text, steps};

/// Builds a council of `plans` active plans shaped on `cal`, as it stood on the census date:
/// its casework up to then, and the requests of early January still awaiting a decision.
/// The same as [`generate_to`] with today the census date.
pub fn generate(la: &LocalAuthority, cal: &Calibration, plans: u32, seed: u64) -> Council {
    generate_to(la, cal, plans, seed, sen2_census_date(CENSUS_YEAR))
}

/// Builds a council of `plans` active plans at the census shaped on `cal`, with its casework
/// carried on to `today` (a day before the census counts as the census): requests at the
/// council's 2024 rate taken through assessment at its own pace, plans reviewed, moving phase,
/// ceasing and arriving from other councils, so that on `today` there are cases at every stage.
///
/// The census caseload and the 2020-2024 history are the same whatever `today` is; the same
/// seed and the same `today` give the same council.
pub fn generate_to(
    la: &LocalAuthority,
    cal: &Calibration,
    plans: u32,
    seed: u64,
    today: NaiveDate,
) -> Council {
    let mut council = at_census(la, cal, plans, seed);
    let today = today.max(council.census_date);
    council.today = today;
    // Each stage draws from its own stream, so that adding to one leaves the others as they
    // were, and the census council is the same whatever `today` is.
    let stream = |n: u64| ChaCha8Rng::seed_from_u64(council_stream(seed, n));
    forward::roll(&mut council, cal, plans, &mut stream(1));
    steps::assessments(&mut council, &mut stream(2));
    later::reviews(&mut council, &mut stream(3));
    later::phase_transfers(&mut council, &mut stream(4));
    later::markers(&mut council, &mut stream(5));
    as_of::cut(&mut council);
    caseworkers::assign(&mut council, &mut stream(6));
    plan_text::versions(&mut council, &mut stream(7));
    council
}

/// The seed of one stage's stream: the council's seed mixed with the stage's number.
fn council_stream(seed: u64, n: u64) -> u64 {
    let mut z = seed.wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The council on the census date: settings, children, placements, and the requests and plans
/// of 2020-2024 and before.
fn at_census(la: &LocalAuthority, cal: &Calibration, plans: u32, seed: u64) -> Council {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let census = sen2_census_date(CENSUS_YEAR);
    let postcodes = Postcodes::new();
    let (profiles, _) = caseload::profiles(cal, plans, census, &mut rng);
    let nc: Vec<i8> = profiles
        .iter()
        .map(|p| nc_year_on(p.birth_date, census).get())
        .collect();
    let mut estate = estate::build(&profiles, &nc, &postcodes, &mut rng);
    let placed = placing::place(&profiles, &nc, &mut estate, &mut rng);
    let (cases, _) = history::build(cal, &profiles, census, &cal.need_shares, &mut rng);

    let mut children: Vec<Child> = Vec::with_capacity(profiles.len() + cases.len() / 2);
    for (i, p) in profiles.iter().enumerate() {
        let placed = &placed[i];
        let setting_type = placed.setting.map(|s| estate.settings[s].setting_type);
        let facts = Facts {
            id: i as i64 + 1,
            birth_date: p.birth_date,
            need: p.need,
            district: placed.home_area as u8 + 1,
            at_school: setting_type.is_some_and(is_school),
            post16_learner: p.category.group() == PlacementGroup::FurtherEducation,
        };
        children.push(people::child(&mut rng, &facts, census, &postcodes));
    }
    // Requests and plans, with the children who hold no active plan.
    let mut requests: Vec<Request> = Vec::with_capacity(cases.len());
    let mut plan_list: Vec<Plan> = Vec::with_capacity(cases.len());
    let mut start_of: Vec<Option<NaiveDate>> = vec![None; profiles.len()];
    let areas = estate.areas.len().max(1);
    for Case { who, request, plan } in cases {
        let child_id = match who {
            Who::Active(i) => {
                start_of[i] = plan.as_ref().map(|p| p.start_on);
                i as i64 + 1
            }
            Who::New { birth_date, need } => {
                let id = children.len() as i64 + 1;
                let facts = Facts {
                    id,
                    birth_date,
                    need,
                    district: rng.random_range(0..areas) as u8 + 1,
                    at_school: false,
                    post16_learner: false,
                };
                children.push(people::child(&mut rng, &facts, census, &postcodes));
                id
            }
        };
        let request_index = requests.len();
        requests.push(Request {
            id: 0,
            child_id,
            received_on: request.received_on,
            source: request.source,
            outcome: request.outcome,
            outcome_on: Some(request.outcome_on),
            assessment_outcome: request.assessment_outcome,
            assessment_outcome_on: request.assessment_outcome_on,
            week20_exception: request.week20_exception,
            decision_reasons: None,
            draft_issued_on: None,
            comments_received_on: None,
        });
        if let Some(plan) = plan {
            plan_list.push(Plan {
                id: 0,
                child_id,
                // Temporarily the request's index; replaced by its id below.
                request_id: Some(request_index as i64),
                start_on: plan.start_on,
                cease_on: plan.cease.map(|c| c.0),
                cease_reason: plan.cease.map(|c| c.1),
                cease_notice_on: None,
                transferred_in_from: None,
                transferred_out_to: None,
            });
        }
    }
    // Number requests by date received and plans by start date.
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by_key(|&i| (requests[i].received_on, requests[i].child_id, i));
    let mut id_of = vec![0i64; requests.len()];
    for (rank, &i) in order.iter().enumerate() {
        id_of[i] = rank as i64 + 1;
    }
    for (i, r) in requests.iter_mut().enumerate() {
        r.id = id_of[i];
    }
    requests.sort_by_key(|r| r.id);
    for p in &mut plan_list {
        p.request_id = p.request_id.and_then(|i| id_of.get(i as usize).copied());
    }
    plan_list.sort_by_key(|p| (p.start_on, p.child_id));
    for (i, p) in plan_list.iter_mut().enumerate() {
        p.id = i as i64 + 1;
    }

    let placements = placements(&profiles, &estate, &placed, &start_of, census, &mut rng);
    Council {
        la: la.clone(),
        calibration_source: cal.source.clone(),
        census_date: census,
        today: census,
        areas: estate.areas,
        settings: estate.settings,
        children,
        requests,
        plans: plan_list,
        placements,
        advice: Vec::new(),
        exceptions: Vec::new(),
        reviews: Vec::new(),
        phase_transfers: Vec::new(),
        plan_versions: Vec::new(),
        markers: Vec::new(),
        caseworkers: Vec::new(),
        case_owners: Vec::new(),
    }
}

fn is_school(t: SettingType) -> bool {
    !matches!(
        t,
        SettingType::GeneralFe
            | SettingType::SpecialistPost16
            | SettingType::OtherProvider
            | SettingType::EarlyYears
    )
}

/// One current placement per child with an active plan.
fn placements<R: rand::Rng + ?Sized>(
    profiles: &[Profile],
    estate: &Estate,
    placed: &[Placed],
    start_of: &[Option<NaiveDate>],
    census: NaiveDate,
    rng: &mut R,
) -> Vec<Placement> {
    let mut out = Vec::with_capacity(profiles.len());
    for (i, p) in profiles.iter().enumerate() {
        let placed = &placed[i];
        let provision = placed
            .setting
            .zip(placed.provision)
            .and_then(|(s, k)| estate.settings[s].provisions.get(k));
        let plan_start = start_of[i].unwrap_or(census);
        out.push(Placement {
            id: i as i64 + 1,
            child_id: i as i64 + 1,
            setting_id: placed.setting.map(|s| estate.settings[s].id),
            sen_setting: placed.sen_setting,
            category: p.category,
            entry_on: entry_date(rng, p, provision.is_some(), plan_start, census),
            leaving_on: None,
            provision_id: provision.map(|x| x.id),
            sen_unit: provision.is_some_and(|x| x.kind == SenProvisionKind::SenUnit),
            resourced_provision: provision
                .is_some_and(|x| x.kind == SenProvisionKind::ResourcedProvision),
        });
    }
    out
}

/// When the child joined the current placement. Mainstream pupils mostly joined at the start
/// of their phase (Reception, Year 7 or Year 12), some part-way through; specialist places
/// usually start from the September after the plan named them; other arrangements start when
/// the plan did or later.
fn entry_date<R: rand::Rng + ?Sized>(
    rng: &mut R,
    p: &Profile,
    in_provision: bool,
    plan_start: NaiveDate,
    census: NaiveDate,
) -> NaiveDate {
    let year = chrono::Datelike::year(&term_start_before(census));
    let nc = i32::from(nc_year_on(p.birth_date, census).get());
    let last = add_days(census, -1);
    let phase_start = match nc {
        i32::MIN..=-1 => sep1(year),
        0..=6 => sep1(year - nc),
        7..=11 => sep1(year - (nc - 7)),
        _ => sep1(year - (nc - 12).min(3)),
    };
    let entry = match p.category.group() {
        PlacementGroup::Mainstream if !in_provision => {
            if rng.random_bool(0.15) {
                between(rng, phase_start, last)
            } else {
                phase_start
            }
        }
        PlacementGroup::Mainstream | PlacementGroup::Special | PlacementGroup::ApPru => {
            let from = phase_start.max(term_start_before(plan_start));
            if rng.random_bool(0.6) {
                from
            } else {
                between(rng, from, last)
            }
        }
        PlacementGroup::FurtherEducation => phase_start,
        PlacementGroup::EarlyYears => between(
            rng,
            add_days(p.birth_date, 270).max(add_days(plan_start, -365)),
            last,
        ),
        PlacementGroup::EducatedElsewhere => {
            let from = if p.category == PlacementCategory::NeetOtherCsa || p.age < 16 {
                plan_start
            } else {
                plan_start.max(years_after(p.birth_date, 16))
            };
            between(rng, from, last)
        }
        PlacementGroup::Unknown => plan_start,
    };
    entry.min(last).max(add_days(p.birth_date, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DfeTables;

    #[test]
    fn tiny_councils_are_whole() {
        let cal = DfeTables::embedded().unwrap().calibrate(None).unwrap();
        let la = LocalAuthority::exampleshire();
        for plans in [0, 1, 7] {
            let c = generate(&la, &cal, plans, 3);
            assert_eq!(c.active_plans().count() as u32, plans);
            assert_eq!(c.placements.len() as u32, plans);
        }
    }

    #[test]
    fn records_are_numbered_from_one_and_refer_to_each_other() {
        let cal = DfeTables::embedded().unwrap().calibrate(None).unwrap();
        let c = generate(&LocalAuthority::exampleshire(), &cal, 300, 5);
        for (i, ch) in c.children.iter().enumerate() {
            assert_eq!(ch.id, i as i64 + 1);
        }
        for (i, r) in c.requests.iter().enumerate() {
            assert_eq!(r.id, i as i64 + 1);
            assert!(i == 0 || c.requests[i - 1].received_on <= r.received_on);
            assert!((1..=c.children.len() as i64).contains(&r.child_id));
        }
        for (i, p) in c.plans.iter().enumerate() {
            assert_eq!(p.id, i as i64 + 1);
            let r = &c.requests[p.request_id.unwrap() as usize - 1];
            assert_eq!(r.child_id, p.child_id);
        }
        let settings = c.settings.len() as i64;
        assert!(
            c.placements
                .iter()
                .all(|p| p.setting_id.is_none_or(|s| (1..=settings).contains(&s)))
        );
    }
}
