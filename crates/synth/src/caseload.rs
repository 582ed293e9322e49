//! Who holds an active plan on the census date: placement, age and primary need.
//!
//! The council's caseload is split into whole numbers of children by placement (largest
//! remainder), then into ages within each placement and primary needs within each placement
//! using tables fitted by IPF to the published marginals (see [`crate::structure`] for the seed
//! and [`crate::ipf`] for the fit), rounded so that every placement total and, wherever the seed
//! allows it, every age and need total is exact. The draw is therefore stratified: the shares a
//! council publishes are reproduced to within a child, and only the pairing of individual
//! children within a placement is random.

use chrono::{Datelike, NaiveDate};
use domain::{PlacementCategory, SenType};
use rand::RngExt;
use rand::seq::SliceRandom;

use crate::apportion::{largest_remainder, round_table};
use crate::calendar::{aug31, birth_range_for_age, term_start_before};
use crate::calibration::{Calibration, band_age};
use crate::ipf::{self, Table};
use crate::structure::{self, Stage};

/// One child with an active plan, before names and settings are given.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub category: PlacementCategory,
    /// Age in whole years on the census date.
    pub age: u32,
    /// Primary need; `None` when the DfE records no need.
    pub need: Option<SenType>,
    pub birth_date: NaiveDate,
}

/// The fitted joint tables, kept for inspection and tests.
#[derive(Debug, Clone)]
pub struct Joint {
    /// Placement (rows, `PlacementCategory::ALL` order) by age band (columns).
    pub by_age: Vec<Vec<u64>>,
    /// Placement by need (columns in `Calibration::need_shares` order).
    pub by_need: Vec<Vec<u64>>,
    pub notes: Vec<String>,
}

const IPF_TOLERANCE: f64 = 1e-12;
const IPF_MAX_ITERATIONS: usize = 5_000;

/// Splits `plans` children into placement x age and placement x need counts.
pub fn joint_counts(cal: &Calibration, plans: u32) -> Joint {
    let cats = PlacementCategory::ALL;
    let p_shares: Vec<f64> = cats.iter().map(|c| cal.placement_share(*c)).collect();
    let p_counts = largest_remainder(u64::from(plans), &p_shares);
    let mut notes = Vec::new();

    let age_seed = Table::from_fn(cats.len(), cal.age_shares.len(), |r, b| {
        structure::age_seed(cats[r], b)
    });
    let age_fit = ipf::fit(
        &age_seed,
        &p_shares,
        &cal.age_shares,
        IPF_TOLERANCE,
        IPF_MAX_ITERATIONS,
    );
    if !age_fit.converged {
        notes.push(format!(
            "placement x age fit left a margin {:.2} points from the published one",
            age_fit.max_error * 100.0
        ));
    }
    let age_counts = largest_remainder(u64::from(plans), &cal.age_shares);
    let rows: Vec<Vec<f64>> = (0..cats.len())
        .map(|r| age_fit.table.row(r).to_vec())
        .collect();
    let by_age = round_table(&rows, &p_counts, &age_counts);

    let needs: Vec<Option<SenType>> = cal.need_shares.iter().map(|(n, _)| *n).collect();
    let n_shares: Vec<f64> = cal.need_shares.iter().map(|(_, s)| *s).collect();
    let need_seed = Table::from_fn(cats.len(), needs.len(), |r, n| {
        structure::need_affinity(cats[r], needs[n])
    });
    let need_fit = ipf::fit(
        &need_seed,
        &p_shares,
        &n_shares,
        IPF_TOLERANCE,
        IPF_MAX_ITERATIONS,
    );
    if !need_fit.converged {
        notes.push(format!(
            "placement x need fit left a margin {:.2} points from the published one",
            need_fit.max_error * 100.0
        ));
    }
    let need_counts = largest_remainder(u64::from(plans), &n_shares);
    let rows: Vec<Vec<f64>> = (0..cats.len())
        .map(|r| need_fit.table.row(r).to_vec())
        .collect();
    let by_need = round_table(&rows, &p_counts, &need_counts);
    Joint {
        by_age,
        by_need,
        notes,
    }
}

/// The children holding an active plan on `census`, in random order.
pub fn profiles<R: rand::Rng + ?Sized>(
    cal: &Calibration,
    plans: u32,
    census: NaiveDate,
    rng: &mut R,
) -> (Vec<Profile>, Vec<String>) {
    let joint = joint_counts(cal, plans);
    let needs: Vec<Option<SenType>> = cal.need_shares.iter().map(|(n, _)| *n).collect();
    let mut out = Vec::with_capacity(plans as usize);
    for (r, category) in PlacementCategory::ALL.into_iter().enumerate() {
        let mut ages: Vec<usize> = Vec::new();
        for (band, &n) in joint.by_age[r].iter().enumerate() {
            ages.extend(std::iter::repeat_n(band, n as usize));
        }
        let mut row_needs: Vec<Option<SenType>> = Vec::new();
        for (i, &n) in joint.by_need[r].iter().enumerate() {
            row_needs.extend(std::iter::repeat_n(needs[i], n as usize));
        }
        // Need and age are independent given the placement: pair them at random.
        row_needs.shuffle(rng);
        for (band, need) in ages.into_iter().zip(row_needs) {
            let age = age_in_band(category, band, rng);
            let birth_date = birth_date(category, age, census, rng);
            out.push(Profile {
                category,
                age,
                need,
                birth_date,
            });
        }
    }
    out.shuffle(rng);
    (out, joint.notes)
}

/// The age within a band: band 0 ("under 3") is 2 in a school and otherwise mostly 2, some 1.
/// Nobody is younger than 1, because a plan takes months to make and none is made before a
/// child's first birthday here.
fn age_in_band<R: rand::Rng + ?Sized>(
    category: PlacementCategory,
    band: usize,
    rng: &mut R,
) -> u32 {
    if band > 0 {
        return band_age(band);
    }
    let (lo, _) = structure::age_range(category);
    if lo >= 2 || rng.random_bool(0.7) {
        2
    } else {
        1
    }
}

/// A birth date giving `age` on `census`, uniform within that year of age, and on the right
/// side of the end of compulsory schooling for categories that need it.
pub fn birth_date<R: rand::Rng + ?Sized>(
    category: PlacementCategory,
    age: u32,
    census: NaiveDate,
    rng: &mut R,
) -> NaiveDate {
    let (mut lo, mut hi) = birth_range_for_age(census, age);
    // Year 12 and above on the census date means 16 or more on the 31 August before it.
    let cutoff = aug31(term_start_before(census).year() - 16);
    match structure::stage(category) {
        Stage::Post16 if hi > cutoff && lo <= cutoff => hi = cutoff,
        Stage::CompulsorySchoolAge if lo <= cutoff && hi > cutoff => {
            lo = crate::calendar::add_days(cutoff, 1)
        }
        _ => {}
    }
    crate::calendar::between(rng, lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DfeTables;
    use domain::dates::{age_on, nc_year_on};
    use domain::ids::LaCode;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// Counts of `items` by key, for tests and reports.
    fn shares_of<K: PartialEq + Copy>(items: impl Iterator<Item = K>, keys: &[K]) -> Vec<f64> {
        let mut counts = vec![0u64; keys.len()];
        let mut total = 0u64;
        for item in items {
            if let Some(i) = keys.iter().position(|k| *k == item) {
                counts[i] += 1;
            }
            total += 1;
        }
        counts
            .into_iter()
            .map(|c| {
                if total > 0 {
                    c as f64 / total as f64
                } else {
                    0.0
                }
            })
            .collect()
    }

    fn census() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 16).unwrap()
    }

    #[test]
    fn bristol_profiles_match_the_marginals() {
        let t = DfeTables::embedded().unwrap();
        let cal = t.calibrate(Some(LaCode::new(801).unwrap())).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let (ps, notes) = profiles(&cal, 3000, census(), &mut rng);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(ps.len(), 3000);
        let cats = PlacementCategory::ALL;
        let got = shares_of(ps.iter().map(|p| p.category), &cats);
        for (i, c) in cats.iter().enumerate() {
            assert!((got[i] - cal.placement_share(*c)).abs() < 0.001, "{c}");
        }
        let needs: Vec<Option<SenType>> = cal.need_shares.iter().map(|n| n.0).collect();
        let got = shares_of(ps.iter().map(|p| p.need), &needs);
        for (i, (_, s)) in cal.need_shares.iter().enumerate() {
            assert!((got[i] - s).abs() < 0.001);
        }
        for p in &ps {
            assert_eq!(age_on(p.birth_date, census()), p.age);
            let (lo, hi) = structure::age_range(p.category);
            assert!(
                (lo.max(1)..=hi).contains(&p.age),
                "{} aged {}",
                p.category,
                p.age
            );
            let nc = nc_year_on(p.birth_date, census()).get();
            match structure::stage(p.category) {
                Stage::Post16 => assert!(nc >= 12, "{} in year {nc}", p.category),
                Stage::CompulsorySchoolAge => assert!(nc <= 11, "{} in year {nc}", p.category),
                Stage::Any => {}
            }
        }
    }

    #[test]
    fn joint_tables_keep_structure() {
        let t = DfeTables::embedded().unwrap();
        let cal = t.calibrate(None).unwrap();
        let j = joint_counts(&cal, 3500);
        let cats = PlacementCategory::ALL;
        let row = |c: PlacementCategory| cats.iter().position(|x| *x == c).unwrap();
        // No 3-year-old in an FE college; no 20-year-old in a primary or secondary school.
        assert_eq!(
            j.by_age[row(PlacementCategory::GeneralFeTertiaryColleges)][1],
            0
        );
        assert_eq!(j.by_age[row(PlacementCategory::MainstreamAcademy)][18], 0);
        // Children with PMLD are far likelier in special schools than in mainstream.
        let pmld = cal
            .need_shares
            .iter()
            .position(|n| n.0 == Some(SenType::Pmld))
            .unwrap();
        let share = |c| {
            let r = &j.by_need[row(c)];
            r[pmld] as f64 / r.iter().sum::<u64>().max(1) as f64
        };
        assert!(
            share(PlacementCategory::SpecialLaMaintained)
                > 5.0 * share(PlacementCategory::MainstreamAcademy)
        );
    }

    #[test]
    fn every_council_fits() {
        let t = DfeTables::embedded().unwrap();
        let mut failed = Vec::new();
        for la in t.local_authorities() {
            let cal = t.calibrate(Some(la.code)).unwrap();
            let j = joint_counts(&cal, cal.active_plans);
            if !j.notes.is_empty() {
                failed.push(format!("{}: {:?}", la.name, j.notes));
            }
        }
        assert!(failed.is_empty(), "{failed:#?}");
    }
}
