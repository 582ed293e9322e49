//! The band matrix against the example in docs/formats (so the documented example stays a
//! working model), hand-worked scores at each band's edge, overrides and bad matrices.

use proptest::prelude::*;

use super::*;
use crate::topup::messages;

const EXAMPLE: &str = include_str!("../../../../../docs/formats/topup-band-matrix.json");

fn example() -> BandMatrix {
    BandMatrix::from_json("topup-band-matrix.json", EXAMPLE.as_bytes()).unwrap()
}

fn request(levels: [u32; 4]) -> BandRequest {
    let areas = [
        "communication_and_interaction",
        "cognition_and_learning",
        "social_emotional_and_mental_health",
        "sensory_and_physical",
    ];
    BandRequest {
        levels: areas.iter().map(|a| a.to_string()).zip(levels).collect(),
        ..BandRequest::default()
    }
}

#[test]
fn the_documented_example_loads_with_its_version() {
    let m = example();
    assert_eq!(m.version().id, "exampleshire-mainstream");
    assert_eq!(m.version().version, "2026-04");
    assert_eq!(m.version().kind, ModelKind::BandMatrix);
    assert_eq!(m.version().sha256.len(), 64);
    assert_eq!(
        (m.areas().len(), m.levels().len(), m.bands().len()),
        (4, 5, 4)
    );
    assert_eq!(m.scoring(), Scoring::Sum);
}

#[test]
fn scores_fall_into_bands_at_each_edge() {
    let m = example();
    // (levels, score, band, annual pence); level 4 scores 5.
    type Case = ([u32; 4], u32, Option<&'static str>, Option<i64>);
    let cases: [Case; 8] = [
        ([0, 0, 0, 0], 0, None, Some(0)),
        ([1, 1, 1, 0], 3, None, Some(0)),
        ([1, 1, 1, 1], 4, Some("1"), Some(160_000)),
        ([2, 2, 2, 0], 6, Some("1"), Some(160_000)),
        ([2, 2, 2, 1], 7, Some("2"), Some(310_000)),
        ([3, 3, 2, 2], 10, Some("3"), Some(450_000)),
        ([4, 4, 2, 0], 12, Some("3"), Some(450_000)),
        ([4, 4, 3, 0], 13, Some("4"), None),
    ];
    for (levels, score, band, annual) in cases {
        let d = m.decide(&request(levels)).unwrap();
        assert_eq!(d.score, score, "{levels:?}");
        assert_eq!(d.calculated_band.as_deref(), band, "{levels:?}");
        assert_eq!(d.band, d.calculated_band);
        assert_eq!(d.annual, annual.map(Pence), "{levels:?}");
        assert_eq!(d.needs_individual_costing, annual.is_none());
    }
}

#[test]
fn an_individual_package_takes_the_amount_agreed() {
    let mut r = request([4, 4, 4, 4]);
    r.individual_annual = Some(Pence::from_pounds(23_500));
    let d = example().decide(&r).unwrap();
    assert_eq!(d.band.as_deref(), Some("4"));
    assert_eq!(d.annual, Some(Pence::from_pounds(23_500)));
    assert!(!d.needs_individual_costing);
    let mut r = request([1, 1, 1, 1]);
    r.individual_annual = Some(Pence(1));
    let e = example().decide(&r).unwrap_err();
    assert!(e[0].problem.contains("band 1 has its own amount"), "{e:?}");
}

#[test]
fn highest_scoring_takes_the_highest_area() {
    let text = EXAMPLE.replace("\"sum\"", "\"highest\"");
    let m = BandMatrix::from_json("m.json", text.as_bytes()).unwrap();
    let d = m.decide(&request([4, 1, 0, 0])).unwrap();
    assert_eq!((d.score, d.band.as_deref()), (5, Some("1")));
    assert_ne!(m.version().sha256, example().version().sha256);
}

#[test]
fn the_panel_overrides_with_a_recorded_reason() {
    let m = example();
    let mut r = request([2, 2, 2, 1]);
    r.panel_override = Some(PanelOverride {
        band: "3".into(),
        reason: "Needs rose after the autumn review; EP report of 12 March".into(),
        annual: None,
    });
    let d = m.decide(&r).unwrap();
    assert_eq!(d.calculated_band.as_deref(), Some("2"));
    assert_eq!(d.band.as_deref(), Some("3"));
    assert_eq!(d.annual, Some(Pence(450_000)));
    assert_eq!(d.panel_override, r.panel_override);

    // To an individual package, with the amount agreed.
    r.panel_override = Some(PanelOverride {
        band: "4".into(),
        reason: "Medical needs need a trained adult all day".into(),
        annual: Some(Pence::from_pounds(18_000)),
    });
    let d = m.decide(&r).unwrap();
    assert_eq!(d.annual, Some(Pence::from_pounds(18_000)));

    // To an individual package, not yet costed.
    r.panel_override.as_mut().unwrap().annual = None;
    let d = m.decide(&r).unwrap();
    assert_eq!((d.annual, d.needs_individual_costing), (None, true));
}

#[test]
fn an_override_without_a_reason_or_band_is_refused() {
    let m = example();
    let mut r = request([1, 1, 1, 1]);
    r.panel_override = Some(PanelOverride {
        band: "9".into(),
        reason: "  ".into(),
        annual: Some(Pence(-1)),
    });
    assert_eq!(
        messages(m.decide(&r)),
        [
            "override: the panel must record why it overrides the band",
            "override: 9 is not a band of the matrix",
            "annual_pence: an amount must not be negative",
        ]
    );
    r.panel_override = Some(PanelOverride {
        band: "2".into(),
        reason: "Evidence".into(),
        annual: Some(Pence(5)),
    });
    let e = m.decide(&r).unwrap_err();
    assert!(e[0].problem.contains("band 2 has its own amount"), "{e:?}");
}

#[test]
fn every_area_needs_a_known_level() {
    let m = example();
    let mut r = request([1, 7, 1, 1]);
    r.levels.remove("sensory_and_physical");
    r.levels.insert("speech".into(), 1);
    assert_eq!(
        messages(m.decide(&r)),
        [
            "levels: cognition_and_learning: 7 is not a level of the matrix",
            "levels: give a level for sensory_and_physical (Sensory and physical)",
            "levels: speech is not an area of need of the matrix",
        ]
    );
}

#[test]
fn bad_matrices_name_the_file_and_line() {
    for (from, to, expected) in [
        (
            "\"from_score\": 10",
            "\"from_score\": 7",
            "bands.json, line 21: band 3 must start at a higher score than band 2 (7)",
        ),
        (
            "\"2026-04\"",
            "\"\"",
            "bands.json, line 3: version must not be empty",
        ),
        (
            "\"sum\"",
            "\"average\"",
            "bands.json, line 17: unknown variant `average`, expected `sum` or `highest`",
        ),
        (
            "\"band\": \"4\"",
            "\"band\": \"3\"",
            "bands.json, line 22: band 3 is listed twice",
        ),
        (
            "160000",
            "-160000",
            "bands.json, line 19: band 1's amount must not be negative",
        ),
    ] {
        let text = EXAMPLE.replace(from, to);
        let e = BandMatrix::from_json("bands.json", text.as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), expected);
    }
    let e = BandMatrix::from_json("bands.json", b"{").unwrap_err();
    assert_eq!(
        e.to_string(),
        "bands.json, line 1: not valid JSON: EOF while parsing an object"
    );
}

proptest! {
    /// A higher level in any one area never gives a lower band or amount (bands rise with score).
    #[test]
    fn raising_a_level_never_lowers_the_band(levels in prop::array::uniform4(0_u32..5), area in 0_usize..4, up in 1_u32..5) {
        let m = example();
        let low = m.decide(&request(levels)).unwrap();
        let mut raised = levels;
        raised[area] = (raised[area] + up).min(4);
        let high = m.decide(&request(raised)).unwrap();
        prop_assert!(high.score >= low.score);
        let position = |b: &Option<String>| b.as_ref().and_then(|b| m.bands().iter().position(|x| &x.band == b));
        prop_assert!(position(&high.band) >= position(&low.band));
        if let (Some(h), Some(l)) = (high.annual, low.annual) {
            prop_assert!(h >= l);
        }
    }
}
