//! Property tests over random packages of Bristol's provisions, each ticked under a sub-area
//! that shows it.

use proptest::prelude::*;

use super::testing::*;
use super::*;

/// Every (provision, sub-area) pair a SENCO could tick at Block C.
fn offered_pairs() -> Vec<(String, String)> {
    let m = bristol();
    m.sub_areas()
        .iter()
        .flat_map(|s| {
            m.offered(&s.id, NeedLevel::C)
                .unwrap_or_default()
                .into_iter()
                .map(|p| (p.id.clone(), s.id.clone()))
        })
        .collect()
}

/// A package of distinct pairs, in a random order.
fn packages(most: usize) -> impl Strategy<Value = Package> {
    prop::sample::subsequence(offered_pairs(), 0..=most)
        .prop_shuffle()
        .prop_map(|pairs| Package {
            need_statements: None,
            provisions: pairs.iter().map(|(p, s)| Choice::new(p, s)).collect(),
        })
}

fn priced(p: &Package) -> Pricing {
    price(bristol(), p).expect("offered pairs are valid")
}

proptest! {
    /// When an amount is given, no cap is exceeded; when one is, there is no amount and the
    /// breach says by how much.
    #[test]
    fn an_amount_means_every_cap_holds(p in packages(12)) {
        let r = priced(&p);
        prop_assert_eq!(r.annual.is_some(), r.breaches.is_empty());
        prop_assert_eq!(r.code_cap_exceeded || r.total_cap_exceeded, !r.breaches.is_empty());
        if r.annual.is_some() {
            prop_assert!(r.total_weekly_hours <= r.total_weekly_cap);
            for (code, hours) in &r.weekly_hours_by_code {
                if let Some(cap) = bristol().code(code).unwrap().code_weekly_cap {
                    prop_assert!(*hours <= cap, "{} {} > {}", code, hours, cap);
                }
            }
        }
        for b in &r.breaches {
            prop_assert!(b.over_by_hours > Hours::ZERO);
            prop_assert_eq!(b.hours - b.cap_hours, b.over_by_hours);
        }
        prop_assert_eq!(r.total_weekly_hours, r.weekly_hours_by_code.values().copied().sum::<Hours>());
    }

    /// Adding a provision never lowers any hours, the total or the cap (every cap Bristol sets
    /// is 35, above the default 32), and never lowers an amount.
    #[test]
    fn adding_a_provision_never_lowers_hours(p in packages(10), extra in prop::sample::select(offered_pairs())) {
        prop_assume!(!p.provisions.iter().any(|c| c.provision == extra.0 && c.sub_area == extra.1));
        let before = priced(&p);
        let mut more = p.clone();
        more.provisions.push(Choice::new(&extra.0, &extra.1));
        let after = priced(&more);
        prop_assert!(after.total_weekly_hours >= before.total_weekly_hours);
        prop_assert!(after.total_weekly_cap >= before.total_weekly_cap);
        for (code, hours) in &before.weekly_hours_by_code {
            prop_assert!(after.weekly_hours_by_code[code] >= *hours);
        }
        if let (Some(a), Some(b)) = (after.annual, before.annual) {
            prop_assert!(a >= b);
        }
        // A package over a cap stays over it.
        prop_assert!(before.annual.is_some() || after.annual.is_none());
    }

    /// The order of ticking never matters (funding.md: the total cap "never depends on the
    /// order of ticking").
    #[test]
    fn order_never_matters(p in packages(12), seed in any::<u64>()) {
        let mut shuffled = p.clone();
        let n = shuffled.provisions.len();
        if n > 1 {
            // A rotation by a random amount and a swap: enough to move every entry.
            shuffled.provisions.rotate_left(usize::try_from(seed % n as u64).unwrap());
            shuffled.provisions.swap(0, n - 1);
        }
        prop_assert_eq!(priced(&p), priced(&shuffled));
    }

    /// The amount is the exact sum of hours × rate × 45.5, rounded once to within half a penny.
    #[test]
    fn the_amount_is_exact_to_half_a_penny(p in packages(12)) {
        let r = priced(&p);
        if let Some(annual) = r.annual {
            // Σ units (10⁻⁸ h) × pence × 4 550 (weeks × 100) = annual × 10¹⁰.
            let exact: i128 = r
                .provisions
                .iter()
                .filter(|l| l.funding)
                .filter_map(|l| Some(i128::from(l.weekly_hours.units()) * i128::from(l.hourly_rate?.get())))
                .sum::<i128>() * 4_550;
            let error = i128::from(annual.get()) * 10_000_000_000 - exact;
            // Half-up: the rounded amount is above the exact one by at most half a penny, and
            // below it by less than half.
            prop_assert!(error > -5_000_000_000 && error <= 5_000_000_000, "{} off by {}", annual, error);
        }
    }

    /// Choosing a Block C statement in every sub-area makes every offered pair valid and
    /// changes no figure.
    #[test]
    fn block_c_needs_accept_every_offered_provision(p in packages(12)) {
        let m = bristol();
        let mut with_needs = p.clone();
        let block_c: Vec<String> = m
            .sub_areas()
            .iter()
            .filter_map(|s| {
                m.statements()
                    .iter()
                    .find(|st| st.sub_area == s.id && st.level == NeedLevel::C)
                    .map(|st| st.id.clone())
            })
            .collect();
        prop_assert_eq!(block_c.len(), 10);
        with_needs.need_statements = Some(block_c);
        let a = priced(&p);
        let b = priced(&with_needs);
        prop_assert_eq!(b.need_levels.as_ref().map(std::collections::BTreeMap::len), Some(10));
        prop_assert_eq!(a.annual, b.annual);
        prop_assert_eq!(a.breaches, b.breaches);
    }
}
