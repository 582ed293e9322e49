//! What the demo council's placements and top-up awards cost, drawn around one council's
//! published 2022-23 unit costs (`reference/funding.md`, "The three elements"): mainstream
//! top-up mean £8,662; maintained or academy special £17,313 a place (£10,000 of it place
//! funding); independent mainstream £17,333; independent and non-maintained special £70,353
//! mean with a median of £50,000.

use domain::high_needs::place_funding;
use domain::topup::costing::{CostingModel, Package, Pricing, price};
use domain::{Pence, PlacementCategory};
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal};

use crate::topup_packages::PackageMaker;

/// The generator the demo's costs come from, seeded so a council's demo is the same each time.
pub type DemoRng = ChaCha8Rng;

/// A generator for the council `la_id`.
#[must_use]
pub fn demo_rng(la_id: i64) -> DemoRng {
    ChaCha8Rng::seed_from_u64(la_id.unsigned_abs().wrapping_mul(0x9E37_79B9))
}

/// A placement's annual costs besides place funding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawnCosts {
    pub top_up: Pence,
    pub fees: Pence,
    pub transport: Option<Pence>,
}

/// Whole pounds around `mean`, within ±`spread` of it (uniform).
fn around<R: Rng>(rng: &mut R, mean: i64, spread: i64) -> Pence {
    Pence::from_pounds(rng.random_range(mean - spread..=mean + spread))
}

/// Costs for one placement of `category`. Mainstream top-up comes from awards, not here, so a
/// mainstream place has none; a specialist place's top-up makes the place cost the published
/// figure with place funding.
pub fn placement_costs<R: Rng>(category: PlacementCategory, rng: &mut R) -> DrawnCosts {
    use PlacementCategory as C;
    let place = place_funding(category).0 / 100;
    let specialist_transport =
        |rng: &mut R| rng.random_ratio(3, 5).then(|| around(rng, 9_000, 5_000));
    match category {
        C::SpecialLaMaintained | C::SpecialAcademyFree => DrawnCosts {
            top_up: around(rng, 17_313 - place, 4_000),
            fees: Pence::ZERO,
            transport: specialist_transport(rng),
        },
        C::SpecialIndependent | C::SpecialNonMaintained => {
            // Lognormal with median £50,000 and mean near £70,000: exp(σ²/2) = 1.4.
            let fees = LogNormal::new(50_000f64.ln(), 0.82)
                .map_or(50_000.0, |d| d.sample(rng))
                .clamp(20_000.0, 300_000.0);
            #[allow(clippy::cast_possible_truncation)] // clamped to £300,000 above
            let fees = Pence::from_pounds(fees.round() as i64);
            let (top_up, fees) = if category == C::SpecialNonMaintained {
                (fees - Pence::from_pounds(place), Pence::ZERO)
            } else {
                (Pence::ZERO, fees)
            };
            DrawnCosts {
                top_up,
                fees,
                transport: specialist_transport(rng),
            }
        }
        C::MainstreamIndependent => DrawnCosts {
            top_up: Pence::ZERO,
            fees: around(rng, 17_333, 5_000),
            transport: None,
        },
        C::MainstreamLaMaintainedResourcedProvision
        | C::MainstreamLaMaintainedSenUnit
        | C::MainstreamAcademyResourcedProvision
        | C::MainstreamAcademySenUnit
        | C::MainstreamFreeSchoolResourcedProvision
        | C::MainstreamFreeSchoolSenUnit => DrawnCosts {
            top_up: around(rng, 9_000, 3_000),
            fees: Pence::ZERO,
            transport: rng.random_ratio(1, 4).then(|| around(rng, 5_000, 2_000)),
        },
        C::ApPruAcademy | C::ApPruFreeSchool | C::ApPruLaMaintained => DrawnCosts {
            top_up: around(rng, 8_000, 3_000),
            fees: Pence::ZERO,
            transport: None,
        },
        _ if place > 0 => DrawnCosts {
            // Further education and specialist post-16.
            top_up: around(rng, 7_000, 3_000),
            fees: Pence::ZERO,
            transport: None,
        },
        _ => DrawnCosts {
            top_up: Pence::ZERO,
            fees: Pence::ZERO,
            transport: None,
        },
    }
}

/// The band a demo award's package must price into: mainstream awards from £3,000 to
/// £16,000 a year, around the published mean of £8,662.
pub const AWARD_RANGE: (Pence, Pence) = (Pence::from_pounds(3_000), Pence::from_pounds(16_000));

/// A valid package that the model prices within [`AWARD_RANGE`], with its price; `None` if
/// none turns up in a few hundred tries (a model whose rates make that impossible).
pub fn award_package<R: Rng>(
    model: &CostingModel,
    maker: &PackageMaker,
    rng: &mut R,
) -> Option<(Package, Pricing)> {
    for _ in 0..400 {
        let package = maker.package(rng);
        let Ok(pricing) = price(model, &package) else {
            continue;
        };
        if pricing.needs_individual_costing {
            continue;
        }
        if let Some(annual) = pricing.annual
            && annual >= AWARD_RANGE.0
            && annual <= AWARD_RANGE.1
        {
            return Some((package, pricing));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topup_packages::bristol_model;

    #[test]
    fn specialist_places_cost_about_the_published_figures() {
        let mut rng = demo_rng(801);
        let n = 4_000;
        let mean = |category, rng: &mut DemoRng| {
            let total: i64 = (0..n)
                .map(|_| {
                    let c = placement_costs(category, rng);
                    (place_funding(category) + c.top_up + c.fees).0
                })
                .sum();
            total / n / 100
        };
        let special = mean(PlacementCategory::SpecialLaMaintained, &mut rng);
        assert!((16_800..17_800).contains(&special), "{special}");
        let independent = mean(PlacementCategory::SpecialIndependent, &mut rng);
        assert!((62_000..78_000).contains(&independent), "{independent}");
        let mainstream = placement_costs(PlacementCategory::MainstreamAcademy, &mut rng);
        assert_eq!(mainstream.top_up + mainstream.fees, Pence::ZERO);
    }

    #[test]
    fn award_packages_price_within_the_range() {
        let model = bristol_model().unwrap();
        let maker = PackageMaker::new(&model);
        let mut rng = demo_rng(801);
        let mut total = 0;
        for _ in 0..50 {
            let (_, pricing) = award_package(&model, &maker, &mut rng).unwrap();
            let annual = pricing.annual.unwrap();
            assert!(annual >= AWARD_RANGE.0 && annual <= AWARD_RANGE.1);
            total += annual.0;
        }
        let mean = total / 50 / 100;
        assert!((6_000..12_000).contains(&mean), "mean award £{mean}");
    }
}
