//! The text of the plans made since the census: each draft, final plan, proposed amendment and
//! amended plan, section by section (A to K), in a few short sentences that say plainly they
//! are synthetic. Plans made before 2025 have no text: a demo needs a handful to read, and
//! text for every historic plan would make the national build many times larger.

use chrono::NaiveDate;
use domain::SenType;
use domain::clock::ReviewDecision;
use domain::dates::age_on;
use rand::RngExt;
use rand::seq::IndexedRandom;

use crate::calendar::jan1;
use crate::calibration::CENSUS_YEAR;
use crate::events_model::{Advice, PLAN_SECTIONS, PlanVersion, VersionStatus};
use crate::model::{Child, Council};
use crate::places::Places;

/// Every section's text starts with this, so no one mistakes it for a real child's plan.
pub const SYNTHETIC: &str = "[Synthetic demo text]";

const INTERESTS: [&str; 10] = [
    "drawing",
    "football",
    "trains",
    "music",
    "swimming",
    "dinosaurs",
    "cooking",
    "computer games",
    "animals",
    "building models",
];
const ASPIRATIONS: [&str; 7] = [
    "make friends and feel settled at school",
    "read for pleasure",
    "travel to college on their own",
    "take part in clubs with their friends",
    "let adults know what they want and need",
    "work outdoors when they leave education",
    "live more independently as they grow up",
];
const HEALTH: [&str; 3] = [
    "No health needs related to their special educational needs have been identified.",
    "They are seen by community paediatrics once a year.",
    "They have a care plan at school for a long-term medical condition.",
];
const SOCIAL: [&str; 3] = [
    "They are not open to children's social care.",
    "The family have short breaks through the local offer.",
    "They are supported by the disabled children's team.",
];
const OUTCOMES: [&str; 6] = [
    "read and understand a short story",
    "ask an adult for help when they need it",
    "move between lessons calmly using a visual timetable",
    "use number facts to 20 with confidence",
    "travel to and from their setting with more independence",
    "take turns and share in small group work",
];
const PROGRAMMES: [&str; 5] = [
    "daily phonics",
    "speech and language",
    "emotional literacy",
    "fine motor skills",
    "social communication",
];
const HEALTH_PROVISION: [&str; 3] = [
    "None beyond universal health services.",
    "Speech and language therapy: a programme set by the therapist and reviewed each term.",
    "Occupational therapy: an assessment and a sensory programme for home and school.",
];
const SOCIAL_PROVISION: [&str; 2] = [
    "H1 and H2: none identified.",
    "H1: none. H2: short breaks as set out in the local offer.",
];

fn need_sentence(need: Option<SenType>) -> &'static str {
    use SenType::*;
    match need {
        Some(Asd) => {
            "They find changes in routine and busy, noisy places hard, and need help to \
             understand what others mean."
        }
        Some(Slcn) => {
            "They find it hard to follow spoken instructions and to put ideas into words."
        }
        Some(Semh) => {
            "They find it hard to manage strong feelings, which affects their learning and \
             friendships."
        }
        Some(Mld) => "They are working well below the level expected for their age.",
        Some(Sld | Pmld) => {
            "They need adult help with most everyday activities and learn best through routine."
        }
        Some(Spld) => "They have specific difficulties with reading and spelling.",
        Some(Pd) => "They have a physical disability that affects mobility and fine motor skills.",
        Some(Hi | Vi | Msi) => "They need information presented in ways they can see or hear.",
        Some(Oth | Ds) | None => "Their needs are described in the advice listed in section K.",
    }
}

/// What one version says, and where it stands.
struct Text<'a> {
    child: &'a Child,
    age: u32,
    status: VersionStatus,
    setting: Option<&'a str>,
    advice: &'a [Advice],
}

fn sections<R: rand::Rng + ?Sized>(rng: &mut R, t: &Text) -> Vec<String> {
    let name = &t.child.forename;
    let need = t.child.needs.first().copied();
    let pick = |rng: &mut R, list: &[&'static str]| list.choose(rng).copied().unwrap_or("");
    let likes: Vec<&str> = INTERESTS.sample(rng, 2).copied().collect();
    let a = format!(
        "{name} likes {}. {name} and their family would like them to {}.",
        likes.join(" and "),
        pick(rng, &ASPIRATIONS)
    );
    let b = format!(
        "{name}'s main need is {}. {}",
        need.map_or("not yet recorded".to_string(), |n| n.label().to_lowercase()),
        need_sentence(need)
    );
    let e = format!(
        "By the end of the next key stage {name} will {}.",
        pick(rng, &OUTCOMES)
    );
    let f = format!(
        "{} hours a week of support from a trained teaching assistant; a {} programme \
         delivered {} times a week; progress checked each term.",
        rng.random_range(5..=25),
        pick(rng, &PROGRAMMES),
        rng.random_range(2..=5)
    );
    let i = match (t.status, t.setting) {
        (VersionStatus::Draft, _) => "No school or other institution is named in a draft plan \
             (Children and Families Act 2014 s.38(5)); the family may ask for one."
            .to_string(),
        (_, Some(s)) => format!("{s}."),
        (_, None) => format!(
            "Education otherwise than at a school, arranged by the council for a child of {}.",
            t.age
        ),
    };
    let j = if rng.random_bool(0.15) {
        format!(
            "A personal budget of £{} a year for activities outside school.",
            rng.random_range(10..=40) * 100
        )
    } else {
        "No personal budget has been requested.".to_string()
    };
    let k = if t.advice.is_empty() {
        "The advice gathered for the assessment is held on the child's record.".to_string()
    } else {
        let parts: Vec<String> = t
            .advice
            .iter()
            .map(|a| match a.received_on {
                Some(d) => format!("{} ({})", a.service.label().to_lowercase(), d),
                None => format!("{} (awaited)", a.service.label().to_lowercase()),
            })
            .collect();
        format!("Advice and information: {}.", parts.join("; "))
    };
    let c = pick(rng, &HEALTH).to_string();
    let d = pick(rng, &SOCIAL).to_string();
    let g = pick(rng, &HEALTH_PROVISION).to_string();
    let h = pick(rng, &SOCIAL_PROVISION).to_string();
    [a, b, c, d, e, f, g, h, i, j, k]
        .into_iter()
        .map(|s| format!("{SYNTHETIC} {s}"))
        .collect()
}

/// The versions of every plan drafted since 1 January 2025, numbered in order.
pub(crate) fn versions<R: rand::Rng + ?Sized>(c: &mut Council, rng: &mut R) {
    let from = jan1(CENSUS_YEAR);
    let places = Places::new(&c.settings);
    let mut plan_of = vec![None; c.requests.len() + 1];
    for p in &c.plans {
        if let Some(r) = p.request_id {
            plan_of[r as usize] = Some(p);
        }
    }
    let mut placed = vec![None; c.children.len() + 1];
    for pl in &c.placements {
        placed[pl.child_id as usize] = pl.setting_id;
    }
    let mut owner = vec![None; c.children.len() + 1];
    for o in &c.case_owners {
        owner[o.child_id as usize] = Some(o.caseworker_id);
    }
    let mut reviews_of = vec![Vec::new(); c.plans.len() + 1];
    for r in &c.reviews {
        if r.decision == Some(ReviewDecision::Amend) {
            reviews_of[r.plan_id as usize].push(r);
        }
    }
    // Advice is stored in request order, so one pass finds each request's run.
    let mut advice_at = vec![(0, 0); c.requests.len() + 1];
    for (i, a) in c.advice.iter().enumerate() {
        let run = &mut advice_at[a.request_id as usize];
        if run.1 == 0 {
            run.0 = i;
        }
        run.1 = i + 1;
    }
    let mut out: Vec<PlanVersion> = Vec::new();
    for r in &c.requests {
        let Some(draft_on) = r.draft_issued_on.filter(|d| *d >= from) else {
            continue;
        };
        let child = &c.children[r.child_id as usize - 1];
        let (lo, hi) = advice_at[r.id as usize];
        let advice = &c.advice[lo..hi.max(lo)];
        let plan = plan_of[r.id as usize];
        let author = owner[child.id as usize];
        let mut add = |rng: &mut R,
                       status: VersionStatus,
                       on: NaiveDate,
                       setting: Option<i64>,
                       changed: &'static str,
                       summary: &'static str| {
            let name = setting
                .and_then(|id| c.settings.iter().find(|s| s.id == id))
                .map(|s| s.name.as_str());
            let text = Text {
                child,
                age: age_on(child.birth_date, on),
                status,
                setting: name,
                advice,
            };
            let version_no = out
                .iter()
                .rev()
                .take_while(|v| v.child_id == child.id)
                .count();
            out.push(PlanVersion {
                id: out.len() as i64 + 1,
                child_id: child.id,
                request_id: Some(r.id),
                plan_id: plan
                    .filter(|_| status != VersionStatus::Draft)
                    .map(|p| p.id),
                version_no: version_no as i64 + 1,
                status,
                issued_on: on,
                named_setting_id: setting,
                changed_sections: changed,
                change_summary: summary,
                author_id: author,
                sections: sections(rng, &text),
            });
        };
        add(
            rng,
            VersionStatus::Draft,
            draft_on,
            None,
            "A,B,C,D,E,F,G,H,I,J,K",
            "Draft plan for the family's comments",
        );
        let Some(plan) = plan else {
            continue;
        };
        let setting = places.pick(
            rng,
            age_on(child.birth_date, plan.start_on),
            placed[child.id as usize],
        );
        add(
            rng,
            VersionStatus::Final,
            plan.start_on,
            setting,
            "F,I",
            "Final plan: provision made specific after comments; setting named",
        );
        for review in &reviews_of[plan.id as usize] {
            if let Some(on) = review.amendments_proposed_on {
                add(
                    rng,
                    VersionStatus::ProposedAmendment,
                    on,
                    setting,
                    "B,E,F",
                    "Amendments proposed after the annual review",
                );
            }
            if let Some(on) = review.amended_plan_issued_on {
                add(
                    rng,
                    VersionStatus::Amended,
                    on,
                    setting,
                    "B,E,F",
                    "Amended plan issued after the annual review",
                );
            }
        }
    }
    debug_assert!(out.iter().all(|v| v.sections.len() == PLAN_SECTIONS.len()));
    c.plan_versions = out;
}
