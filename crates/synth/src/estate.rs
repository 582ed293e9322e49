//! The council's settings, and which setting each child with a plan attends.
//!
//! The estate is scaled to the council: a median council of about 3,500 plans has roughly 110
//! primary and 22 secondary schools, 4 to 8 special schools, 2 or 3 alternative provision
//! settings, 3 FE colleges, 2 specialist post-16 institutions and 25 early-years providers, and
//! places children in independent and non-maintained special schools, most of them outside its
//! area. It is built after the children are known, from their placements: every kind of setting
//! a child needs exists, mainstream schools are split between LA maintained, academy and free
//! schools as the children are, and SEN units and resourced provisions are opened where children
//! are placed in them, each designated for the need most common among its pupils.

use std::collections::BTreeMap;

use domain::ids::{Ukprn, Urn};
use domain::{Phase, PlacementCategory, SenProvisionKind, SettingIdentifier, SettingType};
use rand::RngExt;
use rand::seq::SliceRandom;

use crate::apportion::apportion;
use crate::caseload::Profile;
use crate::model::Setting;
use crate::names::{self, Postcodes};

/// Localities a council is divided into, in the order they are used.
pub(crate) const AREAS: [&str; 8] = [
    "Central",
    "North",
    "South",
    "East",
    "West",
    "Riverside",
    "Vale",
    "Hillside",
];
/// The name of the area of a setting outside the council.
pub const OUT_OF_AREA: &str = "Out of area";

/// The settings of a council, grouped for placing children.
#[derive(Debug, Clone)]
pub struct Estate {
    pub areas: Vec<String>,
    pub settings: Vec<Setting>,
    /// A size weight per setting: bigger settings take more children.
    pub weights: Vec<f64>,
    /// Mainstream schools of each type by the stage they teach.
    pub schools: BTreeMap<(SettingType, Stage), Vec<usize>>,
    /// Every other setting by type.
    pub by_type: BTreeMap<SettingType, Vec<usize>>,
}

/// A mainstream school's stage for a child, from the national curriculum year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Primary,
    Secondary,
    Sixth,
}

pub fn stage_of(nc: i8) -> Stage {
    match nc {
        i8::MIN..=6 => Stage::Primary,
        7..=11 => Stage::Secondary,
        _ => Stage::Sixth,
    }
}

/// The setting type and provision kind a category is reached through; `None` for categories
/// with no setting (elective home education, NEET and the like).
pub fn setting_for(category: PlacementCategory) -> Option<(SettingType, Option<SenProvisionKind>)> {
    let kinds = [
        None,
        Some(SenProvisionKind::SenUnit),
        Some(SenProvisionKind::ResourcedProvision),
    ];
    for t in SettingType::ALL {
        for k in kinds {
            if PlacementCategory::for_setting(t, k) == category {
                return Some((t, k));
            }
        }
    }
    None
}

struct Builder<'a, R: rand::Rng + ?Sized> {
    rng: &'a mut R,
    postcodes: &'a Postcodes,
    n_areas: usize,
    settings: Vec<Setting>,
    weights: Vec<f64>,
    places: Vec<String>,
    next_urn: u32,
    next_ukprn: u32,
}

impl<R: rand::Rng + ?Sized> Builder<'_, R> {
    fn place_name(&mut self) -> String {
        // Invented place names, each used once; past 400 they take a suffix.
        if self.places.is_empty() {
            let round = self.settings.len() / 400;
            let suffix = [
                "", " Park", " Green", " Hill", " Vale", " Meadow", " Cross", " End",
            ]
            .get(round % 8)
            .copied()
            .unwrap_or("");
            let extra = if round >= 8 {
                format!(" {}", round / 8 + 1)
            } else {
                String::new()
            };
            for s in names::STEMS {
                for e in names::ENDINGS {
                    self.places.push(format!("{s}{e}{suffix}{extra}"));
                }
            }
            self.places.shuffle(self.rng);
        }
        self.places.pop().unwrap_or_default()
    }

    fn add(
        &mut self,
        t: SettingType,
        phase: Phase,
        ages: (u32, u32),
        in_area: bool,
        name: &str,
    ) -> usize {
        let place = self.place_name();
        let (area, district) = if in_area {
            let a = self.rng.random_range(0..self.n_areas);
            (AREAS[a].to_string(), a as u8 + 1)
        } else {
            (OUT_OF_AREA.to_string(), self.rng.random_range(90..=98))
        };
        let (urn, ukprn) = match t.urn_or_ukprn() {
            SettingIdentifier::Urn => {
                self.next_urn += 1;
                (Urn::new(self.next_urn - 1).ok(), None)
            }
            SettingIdentifier::Ukprn => {
                self.next_ukprn += 1;
                (None, Ukprn::new(self.next_ukprn - 1).ok())
            }
        };
        let postcode = self.postcodes.make(self.rng, district);
        self.settings.push(Setting {
            id: self.settings.len() as i64 + 1,
            urn,
            ukprn,
            name: name.replace("{}", &place),
            phase,
            setting_type: t,
            area,
            in_area,
            postcode,
            low_age: ages.0,
            high_age: ages.1,
            provisions: Vec::new(),
        });
        self.weights.push(self.rng.random_range(0.5..1.5));
        self.settings.len() - 1
    }
}

/// Splits `total` across `demand`, at least one each where there is demand.
fn at_least_one(total: u32, demand: &[u32]) -> Vec<u32> {
    let needed = demand.iter().filter(|&&d| d > 0).count() as u32;
    let weights: Vec<f64> = demand.iter().map(|&d| f64::from(d)).collect();
    let extra = apportion(total.max(needed) - needed, &weights);
    demand
        .iter()
        .zip(extra)
        .map(|(&d, e)| if d > 0 { e + 1 } else { 0 })
        .collect()
}

/// A kind of setting other than a mainstream school: its type, phase, ages, how many, the share
/// in the council's area, and a name pattern.
type Kind = (SettingType, Phase, (u32, u32), u32, f64, &'static str);

pub(crate) const MAINSTREAM: [SettingType; 3] = [
    SettingType::MainstreamLaMaintained,
    SettingType::MainstreamAcademy,
    SettingType::MainstreamFreeSchool,
];

/// Builds the estate for these children (`nc`: each one's national curriculum year).
pub fn build<R: rand::Rng + ?Sized>(
    profiles: &[Profile],
    nc: &[i8],
    postcodes: &Postcodes,
    rng: &mut R,
) -> Estate {
    let plans = profiles.len() as f64;
    let scale = plans / 3500.0;
    let n_areas = (3 + profiles.len() / 2500).clamp(3, AREAS.len());
    let mut b = Builder {
        rng,
        postcodes,
        n_areas,
        settings: Vec::new(),
        weights: Vec::new(),
        places: Vec::new(),
        next_urn: 990_000,
        next_ukprn: 19_900_000,
    };
    let target: Vec<Option<(SettingType, Option<SenProvisionKind>)>> =
        profiles.iter().map(|p| setting_for(p.category)).collect();
    let mut demand: BTreeMap<(SettingType, bool), u32> = BTreeMap::new();
    for (i, t) in target.iter().enumerate() {
        if let Some((t, _)) = t {
            let secondary = stage_of(nc[i]) != Stage::Primary;
            *demand.entry((*t, secondary)).or_default() += 1;
        }
    }
    let count = |t: SettingType| {
        demand.get(&(t, false)).copied().unwrap_or(0) + demand.get(&(t, true)).copied().unwrap_or(0)
    };
    let sized = |base: f64| (base * scale).round() as u32;

    // Mainstream schools by type and stage. About 60% of secondaries have a sixth form.
    let mut schools: BTreeMap<(SettingType, Stage), Vec<usize>> = BTreeMap::new();
    let primary_demand: Vec<u32> = MAINSTREAM
        .iter()
        .map(|t| demand.get(&(*t, false)).copied().unwrap_or(0))
        .collect();
    let secondary_demand: Vec<u32> = MAINSTREAM
        .iter()
        .map(|t| demand.get(&(*t, true)).copied().unwrap_or(0))
        .collect();
    let primaries = at_least_one(sized(110.0), &primary_demand);
    let secondaries = at_least_one(sized(22.0), &secondary_demand);
    let sixth_needed: Vec<bool> = MAINSTREAM
        .iter()
        .map(|t| {
            target
                .iter()
                .zip(nc)
                .any(|(x, n)| x.is_some_and(|(st, _)| st == *t) && stage_of(*n) == Stage::Sixth)
        })
        .collect();
    for (ti, t) in MAINSTREAM.into_iter().enumerate() {
        let (p_name, s_name) = match t {
            SettingType::MainstreamLaMaintained => ("{} Primary School", "{} School"),
            SettingType::MainstreamAcademy => ("{} Primary Academy", "{} Academy"),
            _ => ("{} Primary Free School", "{} Free School"),
        };
        for _ in 0..primaries[ti] {
            let i = b.add(t, Phase::Primary, (2, 11), true, p_name);
            schools.entry((t, Stage::Primary)).or_default().push(i);
        }
        for k in 0..secondaries[ti] {
            let sixth = (k == 0 && sixth_needed[ti]) || b.rng.random_bool(0.6);
            let i = b.add(
                t,
                Phase::Secondary,
                (11, if sixth { 19 } else { 16 }),
                true,
                s_name,
            );
            schools.entry((t, Stage::Secondary)).or_default().push(i);
            if sixth {
                schools.entry((t, Stage::Sixth)).or_default().push(i);
            }
        }
    }

    // Other settings, by type: (type, phase, ages, how many, share in area, name).
    let special_demand = [
        count(SettingType::SpecialLaMaintained),
        count(SettingType::SpecialAcademyFree),
    ];
    let specials = at_least_one(sized(6.0), &special_demand);
    let ap_types = [
        SettingType::ApAcademy,
        SettingType::ApFreeSchool,
        SettingType::PupilReferralUnit,
    ];
    let aps = at_least_one(sized(2.5), &ap_types.map(count));
    let if_needed = |t: SettingType, n: u32| if count(t) > 0 { n.max(1) } else { 0 };
    let others: Vec<Kind> = vec![
        (
            SettingType::SpecialLaMaintained,
            Phase::AllThrough,
            (2, 19),
            specials[0],
            1.0,
            "{} Special School",
        ),
        (
            SettingType::SpecialAcademyFree,
            Phase::AllThrough,
            (2, 19),
            specials[1],
            1.0,
            "{} Special Academy",
        ),
        (
            SettingType::SpecialIndependent,
            Phase::AllThrough,
            (2, 19),
            count(SettingType::SpecialIndependent).div_ceil(5),
            0.25,
            "{} House School",
        ),
        (
            SettingType::SpecialNonMaintained,
            Phase::AllThrough,
            (2, 19),
            count(SettingType::SpecialNonMaintained).div_ceil(3),
            0.2,
            "{} Park School",
        ),
        (
            SettingType::MainstreamIndependent,
            Phase::AllThrough,
            (2, 19),
            count(SettingType::MainstreamIndependent).div_ceil(6),
            0.7,
            "{} Independent School",
        ),
        (
            SettingType::ApAcademy,
            Phase::AllThrough,
            (5, 16),
            aps[0],
            1.0,
            "{} Alternative Provision Academy",
        ),
        (
            SettingType::ApFreeSchool,
            Phase::AllThrough,
            (5, 16),
            aps[1],
            1.0,
            "{} Alternative Provision Free School",
        ),
        (
            SettingType::PupilReferralUnit,
            Phase::AllThrough,
            (5, 16),
            aps[2],
            1.0,
            "{} Pupil Referral Unit",
        ),
        (
            SettingType::GeneralFe,
            Phase::Post16,
            (16, 25),
            if_needed(SettingType::GeneralFe, sized(3.0)),
            0.9,
            "{} College",
        ),
        (
            SettingType::SpecialistPost16,
            Phase::Post16,
            (16, 25),
            if_needed(SettingType::SpecialistPost16, sized(2.0)),
            0.5,
            "{} Specialist College",
        ),
        (
            SettingType::OtherProvider,
            Phase::Post16,
            (16, 25),
            if_needed(SettingType::OtherProvider, sized(3.0)),
            0.8,
            "{} Training Centre",
        ),
        (
            SettingType::EarlyYears,
            Phase::EarlyYears,
            (0, 5),
            if_needed(SettingType::EarlyYears, sized(25.0)),
            1.0,
            "{} Day Nursery",
        ),
    ];
    let mut by_type: BTreeMap<SettingType, Vec<usize>> = BTreeMap::new();
    for (t, phase, ages, n, local, name) in others {
        for k in 0..n {
            // The first of each kind is in area when any are, so a small council has one.
            let in_area = (k == 0 && local >= 0.5) || b.rng.random_bool(local);
            let i = b.add(t, phase, ages, in_area, name);
            by_type.entry(t).or_default().push(i);
        }
    }
    Estate {
        areas: AREAS[..n_areas].iter().map(|a| (*a).to_string()).collect(),
        settings: b.settings,
        weights: b.weights,
        schools,
        by_type,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::caseload::profiles;
    use crate::data::DfeTables;
    use domain::dates::{nc_year_on, sen2_census_date};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::collections::HashSet;

    fn median_estate(plans: u32) -> Estate {
        let cal = DfeTables::embedded().unwrap().calibrate(None).unwrap();
        let census = sen2_census_date(2025);
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let (ps, _) = profiles(&cal, plans, census, &mut rng);
        let nc: Vec<i8> = ps
            .iter()
            .map(|p| nc_year_on(p.birth_date, census).get())
            .collect();
        build(&ps, &nc, &Postcodes::new(), &mut rng)
    }

    #[test]
    fn a_median_council_has_a_median_estate() {
        let e = median_estate(3500);
        let count = |f: &dyn Fn(&Setting) -> bool| e.settings.iter().filter(|s| f(s)).count();
        let primary = count(&|s| s.phase == Phase::Primary);
        let secondary = count(&|s| s.phase == Phase::Secondary);
        let special = count(&|s| {
            matches!(
                s.setting_type,
                SettingType::SpecialLaMaintained | SettingType::SpecialAcademyFree
            )
        });
        let ap = count(&|s| {
            matches!(
                s.setting_type,
                SettingType::ApAcademy | SettingType::ApFreeSchool | SettingType::PupilReferralUnit
            )
        });
        assert!((105..=115).contains(&primary), "{primary} primary schools");
        assert!(
            (20..=24).contains(&secondary),
            "{secondary} secondary schools"
        );
        assert!((4..=8).contains(&special), "{special} special schools");
        assert!((2..=3).contains(&ap), "{ap} AP settings");
        assert_eq!(count(&|s| s.setting_type == SettingType::GeneralFe), 3);
        assert_eq!(
            count(&|s| s.setting_type == SettingType::SpecialistPost16),
            2
        );
        assert_eq!(count(&|s| s.setting_type == SettingType::EarlyYears), 25);
        let independent: Vec<&Setting> = e
            .settings
            .iter()
            .filter(|s| s.setting_type == SettingType::SpecialIndependent)
            .collect();
        assert!(independent.len() >= 10);
        let out = independent.iter().filter(|s| !s.in_area).count();
        assert!(
            out * 2 > independent.len(),
            "{out} of {} out of area",
            independent.len()
        );
        assert!(
            independent
                .iter()
                .all(|s| s.in_area == (s.area != OUT_OF_AREA))
        );
    }

    #[test]
    fn settings_are_numbered_and_identified_uniquely() {
        let e = median_estate(1200);
        let mut urns = HashSet::new();
        let mut names = HashSet::new();
        for (i, s) in e.settings.iter().enumerate() {
            assert_eq!(s.id, i as i64 + 1);
            assert_eq!(
                s.urn.is_some(),
                s.setting_type.urn_or_ukprn() == SettingIdentifier::Urn
            );
            assert_eq!(
                s.ukprn.is_some(),
                s.setting_type.urn_or_ukprn() == SettingIdentifier::Ukprn
            );
            assert!(urns.insert((s.urn, s.ukprn)));
            assert!(names.insert(s.name.clone()), "{}", s.name);
            assert!(s.low_age <= s.high_age);
        }
    }

    #[test]
    fn categories_with_settings_map_back() {
        for c in PlacementCategory::ALL {
            if let Some((t, k)) = setting_for(c) {
                assert_eq!(PlacementCategory::for_setting(t, k), c);
            }
        }
        assert_eq!(setting_for(PlacementCategory::Neet), None);
        assert_eq!(
            setting_for(PlacementCategory::MainstreamAcademySenUnit),
            Some((
                SettingType::MainstreamAcademy,
                Some(SenProvisionKind::SenUnit)
            ))
        );
    }
}
