//! The person details of a synthetic child: name, sex, ethnicity, address, identifiers, needs.
//!
//! Sex and ethnicity are not in the tables synth is calibrated on, so they follow the national
//! picture: about seven in ten children with an EHC plan are boys, more so for autism and SEMH
//! and less so for physical and sensory needs; ethnicity is close to the national mix of pupils
//! with plans. About 27% of children have a secondary need, drawn with affinities for the
//! secondary needs that commonly go with each primary need.

use chrono::NaiveDate;
use domain::dates::nc_year_on;
use domain::ids::{Uln, Upn};
use domain::{Ethnicity, SenType, Sex, UpnUnknown};
use rand::RngExt;

use crate::model::Child;
use crate::names::{self, Postcodes};

/// The share of children whose plan records a secondary need as well as a primary one.
pub const SECONDARY_NEED_SHARE: f64 = 0.27;

/// The share of OTH primary needs recorded as Down syndrome, which SEN2 codes separately from
/// 2025 while the DfE statistics still count it under OTH.
const DOWN_SYNDROME_SHARE_OF_OTH: f64 = 0.15;

fn male_share(need: Option<SenType>) -> f64 {
    use SenType::*;
    match need {
        Some(Asd) => 0.78,
        Some(Semh) => 0.74,
        Some(Slcn) => 0.72,
        Some(Spld) => 0.65,
        Some(Mld | Oth) => 0.63,
        Some(Sld) => 0.62,
        Some(Pd | Vi | Msi) => 0.56,
        Some(Pmld | Hi | Ds) => 0.53,
        None => 0.70,
    }
}

const ETHNICITY: [(Ethnicity, f64); 20] = [
    (Ethnicity::Wbri, 66.0),
    (Ethnicity::Wiri, 0.3),
    (Ethnicity::Wirt, 0.2),
    (Ethnicity::Woth, 5.0),
    (Ethnicity::Wrom, 0.6),
    (Ethnicity::Mwbc, 1.6),
    (Ethnicity::Mwba, 0.8),
    (Ethnicity::Mwas, 1.2),
    (Ethnicity::Moth, 2.2),
    (Ethnicity::Aind, 2.0),
    (Ethnicity::Apkn, 4.0),
    (Ethnicity::Aban, 1.6),
    (Ethnicity::Aoth, 1.5),
    (Ethnicity::Bcrb, 1.2),
    (Ethnicity::Bafr, 4.0),
    (Ethnicity::Both, 1.0),
    (Ethnicity::Chne, 0.3),
    (Ethnicity::Ooth, 2.0),
    (Ethnicity::Refu, 1.0),
    (Ethnicity::Nobt, 3.5),
];

/// Base weights for a secondary need, before the affinity with the primary need.
const SECONDARY: [(SenType, f64); 12] = [
    (SenType::Slcn, 25.0),
    (SenType::Semh, 20.0),
    (SenType::Asd, 12.0),
    (SenType::Mld, 12.0),
    (SenType::Spld, 8.0),
    (SenType::Pd, 5.0),
    (SenType::Oth, 5.0),
    (SenType::Sld, 3.0),
    (SenType::Hi, 2.0),
    (SenType::Vi, 2.0),
    (SenType::Msi, 0.5),
    (SenType::Pmld, 0.5),
];

fn secondary_affinity(primary: SenType, secondary: SenType) -> f64 {
    use SenType::*;
    match (primary, secondary) {
        (Asd, Slcn) => 2.0,
        (Asd, Semh) | (Semh, Slcn) | (Slcn, Semh) => 1.3,
        (Semh, Asd) | (Oth | Ds, Slcn) => 2.0,
        (Mld, Slcn | Spld) | (Sld, Asd | Pd | Slcn) | (Slcn, Asd) | (Oth | Ds, Mld) => 1.5,
        (Pmld, Pd) => 4.0,
        (Pmld, Vi | Msi) => 3.0,
        (Pmld, Hi) => 2.0,
        (Pd, Slcn | Oth) => 1.5,
        _ => 1.0,
    }
}

fn pick<T: Copy, R: rand::Rng + ?Sized>(rng: &mut R, items: &[(T, f64)]) -> Option<T> {
    let total: f64 = items.iter().map(|i| i.1).sum();
    if total <= 0.0 {
        return None;
    }
    let mut x = rng.random_range(0.0..total);
    for (item, w) in items {
        x -= w;
        if x < 0.0 {
            return Some(*item);
        }
    }
    items.last().map(|i| i.0)
}

/// The needs recorded for a child whose DfE primary need is `primary`.
pub fn needs<R: rand::Rng + ?Sized>(rng: &mut R, primary: Option<SenType>) -> Vec<SenType> {
    let Some(mut primary) = primary else {
        return Vec::new();
    };
    if primary == SenType::Oth && rng.random_bool(DOWN_SYNDROME_SHARE_OF_OTH) {
        primary = SenType::Ds;
    }
    let mut out = vec![primary];
    if rng.random_bool(SECONDARY_NEED_SHARE) {
        let options: Vec<(SenType, f64)> = SECONDARY
            .iter()
            .filter(|(t, _)| *t != primary)
            .map(|(t, w)| (*t, w * secondary_affinity(primary, *t)))
            .collect();
        if let Some(s) = pick(rng, &options) {
            out.push(s);
        }
    }
    out
}

/// A ULN for the `n`th synthetic young person: 10 digits with a valid check digit, starting
/// 999 (then 998, ... when 999 gives no valid check digit for `n`).
pub fn uln(n: u64) -> Option<Uln> {
    let serial = n % 1_000_000;
    (990..=999u64).rev().find_map(|prefix| {
        let body = format!("{prefix}{serial:06}");
        let sum: u32 = body
            .bytes()
            .zip((2..=10).rev())
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        let remainder = sum % 11;
        if remainder == 0 {
            return None;
        }
        format!("{body}{}", 10 - remainder).parse().ok()
    })
}

/// What the person record needs to know about a child.
pub struct Facts {
    pub id: i64,
    pub birth_date: NaiveDate,
    pub need: Option<SenType>,
    /// Postcode district of the child's home.
    pub district: u8,
    /// Attends a school (so has a UPN even if under 5).
    pub at_school: bool,
    /// Attends a college or other post-16 provider (so has a ULN).
    pub post16_learner: bool,
}

/// Makes the person record.
pub fn child<R: rand::Rng + ?Sized>(
    rng: &mut R,
    facts: &Facts,
    census: NaiveDate,
    postcodes: &Postcodes,
) -> Child {
    let female = !rng.random_bool(male_share(facts.need));
    let sex = if female { Sex::Female } else { Sex::Male };
    let nc = nc_year_on(facts.birth_date, census).get();
    let n = u64::try_from(facts.id).unwrap_or(0);
    // Every child who has reached Reception, or is on a school roll, has a UPN; the DfE asks
    // for UN1 for under-5s who have not yet been given one.
    let (upn, upn_unknown) = if nc >= 0 || facts.at_school {
        (Upn::new_with_check_letter(&names::upn_body(n)).ok(), None)
    } else {
        (None, Some(UpnUnknown::Un1))
    };
    let uln = if nc >= 12 && (facts.post16_learner || rng.random_bool(0.5)) {
        uln(n)
    } else {
        None
    };
    Child {
        id: facts.id,
        forename: names::forename(rng, Some(female)).to_string(),
        surname: names::surname(rng),
        birth_date: facts.birth_date,
        sex,
        ethnicity: pick(rng, &ETHNICITY).unwrap_or(Ethnicity::Nobt),
        postcode: postcodes.make(rng, facts.district),
        address_line: names::address_line(rng),
        upn,
        uln,
        upn_unknown,
        needs: needs(rng, facts.need),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::collections::HashSet;

    #[test]
    fn ulns_validate_and_are_distinct() {
        let ulns: HashSet<u64> = (0..20_000).map(|n| uln(n).unwrap().get()).collect();
        assert_eq!(ulns.len(), 20_000);
    }

    #[test]
    fn secondary_needs_differ_from_the_primary() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut with_secondary = 0;
        for _ in 0..10_000 {
            let n = needs(&mut rng, Some(SenType::Asd));
            assert_eq!(n[0], SenType::Asd);
            if n.len() == 2 {
                assert_ne!(n[0], n[1]);
                with_secondary += 1;
            }
        }
        assert!((2_500..3_000).contains(&with_secondary), "{with_secondary}");
        assert!(needs(&mut rng, None).is_empty());
    }

    #[test]
    fn under_fives_out_of_school_have_un1() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let census = NaiveDate::from_ymd_opt(2025, 1, 16).unwrap();
        let facts = |birth, at_school| Facts {
            id: 5,
            birth_date: birth,
            need: Some(SenType::Slcn),
            district: 1,
            at_school,
            post16_learner: false,
        };
        let toddler = NaiveDate::from_ymd_opt(2022, 3, 1).unwrap();
        let c = child(&mut rng, &facts(toddler, false), census, &Postcodes::new());
        assert_eq!((c.upn, c.upn_unknown), (None, Some(UpnUnknown::Un1)));
        let pupil = NaiveDate::from_ymd_opt(2015, 3, 1).unwrap();
        let c = child(&mut rng, &facts(pupil, false), census, &Postcodes::new());
        let upn = c.upn.unwrap();
        assert_eq!(upn.la_code().unwrap().get(), 999);
        assert_eq!(upn.to_string().parse::<Upn>().unwrap(), upn);
    }
}
