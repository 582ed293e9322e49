//! Which setting each child with a plan attends.
//!
//! Children in SEN units and resourced provisions are placed first: provisions are opened in
//! schools of the right type and phase, about one for every dozen children, each designated for
//! the need most common among the children it takes, and children go to a provision for their
//! own need where there is one. Everyone else goes to a setting of the right type and stage,
//! weighted by the setting's size and mostly in the child's own area; independent and
//! non-maintained special schools are chosen wherever they are, so most are out of area.

use std::collections::{BTreeMap, HashMap};

use domain::{Phase, PlacementCategory, SenProvisionKind, SenSetting, SenType, SettingType};
use rand::RngExt;
use rand::seq::SliceRandom;

use crate::apportion::apportion;
use crate::caseload::Profile;
use crate::estate::{AREAS, Estate, MAINSTREAM, Stage, setting_for, stage_of};
use crate::model::{SenProvision, Setting};

/// Where one child is placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Index into [`Estate::settings`].
    pub setting: Option<usize>,
    /// Index into that setting's provisions.
    pub provision: Option<usize>,
    pub sen_setting: Option<SenSetting>,
    /// Index into [`Estate::areas`] of the area the child lives in.
    pub home_area: usize,
}

/// The SEN2 setting code for a category with no setting. Online providers, Welsh schools and
/// "other schools" have no setting type of their own in the domain, so they are recorded as
/// `OTH` and keep their own category; `placement_unknown` has no code.
pub fn sen_setting_for(category: PlacementCategory) -> Option<SenSetting> {
    use PlacementCategory as C;
    match category {
        C::ElectiveHomeEducation => Some(SenSetting::Ehe),
        C::OtherArrangementsLa => Some(SenSetting::Ola),
        C::OtherArrangementsParents => Some(SenSetting::Opa),
        C::Neet => Some(SenSetting::Neet),
        C::NeetNtci => Some(SenSetting::Niec),
        C::NeetOther | C::NeetOtherCsa => Some(SenSetting::Nieo),
        C::OnlineProvider | C::WSettings | C::OtherSchools | C::OtherPlacementSettings => {
            Some(SenSetting::Oth)
        }
        _ => None,
    }
}

/// Whether `setting` can hold a child of `age` (and national curriculum year `nc`) placed in
/// `category`, through `provision` if given.
pub fn fits(
    setting: &Setting,
    provision: Option<&SenProvision>,
    category: PlacementCategory,
    age: u32,
    nc: i8,
) -> bool {
    let kind = provision.map(|p| p.kind);
    let phase_ok = match setting.phase {
        Phase::Primary => nc <= 6,
        Phase::Secondary => nc >= 7,
        _ => true,
    };
    PlacementCategory::for_setting(setting.setting_type, kind) == category
        && (setting.low_age..=setting.high_age).contains(&age)
        && phase_ok
}

/// Settings to choose among, with cumulative size weights for a weighted draw.
struct Pool {
    items: Vec<usize>,
    cumulative: Vec<f64>,
}

impl Pool {
    fn new(items: Vec<usize>, weights: &[f64]) -> Self {
        let mut total = 0.0;
        let cumulative = items
            .iter()
            .map(|&i| {
                total += weights[i];
                total
            })
            .collect();
        Self { items, cumulative }
    }

    fn draw<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> Option<usize> {
        let total = *self.cumulative.last()?;
        let x = rng.random_range(0.0..total);
        let k = self.cumulative.partition_point(|&c| c <= x);
        self.items.get(k.min(self.items.len() - 1)).copied()
    }
}

/// Places every child, opening SEN units and resourced provisions as needed.
pub fn place<R: rand::Rng + ?Sized>(
    profiles: &[Profile],
    nc: &[i8],
    estate: &mut Estate,
    rng: &mut R,
) -> Vec<Placed> {
    let target: Vec<Option<(SettingType, Option<SenProvisionKind>)>> =
        profiles.iter().map(|p| setting_for(p.category)).collect();
    // Each child's home area, then SEN units and resourced provisions, then everyone else.
    let home: Vec<usize> = (0..profiles.len())
        .map(|_| rng.random_range(0..estate.areas.len().max(1)))
        .collect();
    let mut placed: Vec<Placed> = profiles
        .iter()
        .enumerate()
        .map(|(i, p)| Placed {
            setting: None,
            provision: None,
            sen_setting: sen_setting_for(p.category),
            home_area: home[i],
        })
        .collect();
    let mut groups: BTreeMap<(SettingType, SenProvisionKind, bool), Vec<usize>> = BTreeMap::new();
    for (i, t) in target.iter().enumerate() {
        if let Some((t, Some(k))) = t {
            groups
                .entry((*t, *k, stage_of(nc[i]) != Stage::Primary))
                .or_default()
                .push(i);
        }
    }
    for ((t, kind, secondary), children) in groups {
        let stage = if secondary {
            Stage::Secondary
        } else {
            Stage::Primary
        };
        let mut hosts = estate.schools.get(&(t, stage)).cloned().unwrap_or_default();
        hosts.shuffle(rng);
        if children.iter().any(|&c| stage_of(nc[c]) == Stage::Sixth) {
            // The first host has a sixth form, so every sixth former has somewhere to go.
            if let Some(pos) = hosts
                .iter()
                .position(|&h| estate.settings[h].high_age >= 19)
            {
                hosts.swap(0, pos);
            }
        }
        let m = children.len().div_ceil(12).max(1);
        let mut need_counts: BTreeMap<SenType, u32> = BTreeMap::new();
        for &c in &children {
            if let Some(n) = profiles[c].need {
                *need_counts.entry(n).or_default() += 1;
            }
        }
        let needs: Vec<SenType> = need_counts.keys().copied().collect();
        let weights: Vec<f64> = need_counts.values().map(|&v| f64::from(v)).collect();
        let mut foci: Vec<Option<SenType>> = Vec::new();
        for (n, k) in needs.iter().zip(apportion(m as u32, &weights)) {
            foci.extend(std::iter::repeat_n(Some(*n), k as usize));
        }
        foci.resize(m, None);
        let mut provs: Vec<(usize, usize, u32)> = Vec::new(); // (setting, provision index, load)
        for (j, focus) in foci.into_iter().enumerate() {
            let Some(&host) = hosts.get(j % hosts.len().max(1)) else {
                break;
            };
            let list = &mut estate.settings[host].provisions;
            list.push(SenProvision {
                id: 0,
                kind,
                need_focus: focus,
                places: 0,
            });
            provs.push((host, list.len() - 1, 0));
        }
        for &c in &children {
            let sixth = stage_of(nc[c]) == Stage::Sixth;
            let ok = |p: &(usize, usize, u32)| !sixth || estate.settings[p.0].high_age >= 19;
            let focus_of =
                |p: &(usize, usize, u32)| estate.settings[p.0].provisions[p.1].need_focus;
            let best = provs
                .iter()
                .enumerate()
                .filter(|(_, p)| ok(p))
                .min_by_key(|(j, p)| (focus_of(p) != profiles[c].need, p.2, *j))
                .map(|(j, _)| j);
            if let Some(j) = best {
                provs[j].2 += 1;
                placed[c].setting = Some(provs[j].0);
                placed[c].provision = Some(provs[j].1);
            }
        }
        for (s, p, load) in provs {
            let spare = rng.random_range(0..=3);
            estate.settings[s].provisions[p].places = load + spare;
        }
    }
    // Everyone else: a setting of the right type and stage, weighted by size, mostly in the
    // child's own area where there is one.
    let mut pools: HashMap<(SettingType, Stage, Option<usize>), Pool> = HashMap::new();
    for (i, t) in target.iter().enumerate() {
        if placed[i].setting.is_some() {
            continue;
        }
        let Some((t, _)) = *t else { continue };
        let (stage, local) = match t {
            t if MAINSTREAM.contains(&t) => (stage_of(nc[i]), 0.85),
            SettingType::SpecialLaMaintained | SettingType::SpecialAcademyFree => {
                (Stage::Primary, 0.6)
            }
            // Independent and non-maintained special schools are chosen for what they offer,
            // wherever they are.
            SettingType::SpecialIndependent | SettingType::SpecialNonMaintained => {
                (Stage::Primary, 0.0)
            }
            _ => (Stage::Primary, 0.5),
        };
        let all: &[usize] = if MAINSTREAM.contains(&t) {
            estate.schools.get(&(t, stage)).map_or(&[], Vec::as_slice)
        } else {
            estate.by_type.get(&t).map_or(&[], Vec::as_slice)
        };
        let area = home[i];
        let mut chosen = None;
        if rng.random_bool(local) {
            let pool = pools.entry((t, stage, Some(area))).or_insert_with(|| {
                let near = all
                    .iter()
                    .copied()
                    .filter(|&s| estate.settings[s].area == AREAS[area])
                    .collect();
                Pool::new(near, &estate.weights)
            });
            chosen = pool.draw(rng);
        }
        if chosen.is_none() {
            let pool = pools
                .entry((t, stage, None))
                .or_insert_with(|| Pool::new(all.to_vec(), &estate.weights));
            chosen = pool.draw(rng);
        }
        placed[i].setting = chosen;
    }
    // Provision ids, numbered through the estate.
    let mut next = 1;
    for s in &mut estate.settings {
        for p in &mut s.provisions {
            p.id = next;
            next += 1;
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::caseload::profiles;
    use crate::data::DfeTables;
    use crate::estate::build;
    use crate::names::Postcodes;
    use domain::dates::{nc_year_on, sen2_census_date};
    use domain::ids::LaCode;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn every_child_is_placed_where_they_fit() {
        let t = DfeTables::embedded().unwrap();
        let cal = t.calibrate(Some(LaCode::new(801).unwrap())).unwrap();
        let census = sen2_census_date(2025);
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let (ps, _) = profiles(&cal, 2500, census, &mut rng);
        let nc: Vec<i8> = ps
            .iter()
            .map(|p| nc_year_on(p.birth_date, census).get())
            .collect();
        let mut estate = build(&ps, &nc, &Postcodes::new(), &mut rng);
        let placed = place(&ps, &nc, &mut estate, &mut rng);
        let mut in_provision = 0;
        let mut matching_focus = 0;
        for (i, p) in ps.iter().enumerate() {
            let here = &placed[i];
            match here.setting {
                Some(s) => {
                    let setting = &estate.settings[s];
                    let provision = here.provision.map(|k| &setting.provisions[k]);
                    assert!(
                        fits(setting, provision, p.category, p.age, nc[i]),
                        "{p:?} at {setting:?}"
                    );
                    if let Some(provision) = provision {
                        in_provision += 1;
                        matching_focus += usize::from(provision.need_focus == p.need);
                    }
                }
                None => assert!(setting_for(p.category).is_none(), "{p:?} has no setting"),
            }
        }
        assert!(in_provision > 0);
        assert!(
            matching_focus * 2 > in_provision,
            "{matching_focus} of {in_provision}"
        );
        // Provision places cover the children in them, and ids run from 1.
        let mut ids = Vec::new();
        for (s, setting) in estate.settings.iter().enumerate() {
            for (k, provision) in setting.provisions.iter().enumerate() {
                let pupils = placed
                    .iter()
                    .filter(|x| x.setting == Some(s) && x.provision == Some(k))
                    .count();
                assert!(provision.places as usize >= pupils);
                ids.push(provision.id);
            }
        }
        assert_eq!(ids, (1..=ids.len() as i64).collect::<Vec<_>>());
    }

    #[test]
    fn settings_without_a_urn_have_sen2_codes() {
        assert_eq!(
            sen_setting_for(PlacementCategory::ElectiveHomeEducation),
            Some(SenSetting::Ehe)
        );
        assert_eq!(
            sen_setting_for(PlacementCategory::NeetOtherCsa),
            Some(SenSetting::Nieo)
        );
        assert_eq!(sen_setting_for(PlacementCategory::PlacementUnknown), None);
        for c in PlacementCategory::ALL {
            assert!(
                setting_for(c).is_some()
                    || sen_setting_for(c).is_some()
                    || c == PlacementCategory::PlacementUnknown
            );
            assert!(
                setting_for(c).is_none() || sen_setting_for(c).is_none(),
                "{c}"
            );
        }
    }
}
