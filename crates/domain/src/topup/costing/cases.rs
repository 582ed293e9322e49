//! Hand-worked cases on Bristol's published data: every code under, at and over its cap, the
//! total cap, duplicates, individually costed provisions and rounding ties. Each figure was
//! worked by hand from the data (rates and caps in funding-bristol.md §1.4) and checked again
//! with exact decimal arithmetic; the notes give the sums.

use super::testing::*;
use super::*;
use crate::topup::messages;

const AL: &str = "academicLearning";
const ELC: &str = "expressiveCommunication";
const SUI: &str = "socialUnderstandingAndInteraction";
const PHY: &str = "physical";

struct Case {
    name: &'static str,
    ticks: &'static [(&'static str, &'static str)],
    /// Weekly hours by code.
    hours: &'static [(&'static str, &'static str)],
    total_cap: i64,
    /// `(code or "total", hours over)`.
    breaches: &'static [(&'static str, &'static str)],
    /// Annual pence; `None` when blocked.
    annual: Option<i64>,
}

const CASES: &[Case] = &[
    Case {
        name: "A under its cap: 20 × 13.98 × 45.5 = 12,721.80",
        ticks: &[("PCID3_PTID3-1_PS5", AL)],
        hours: &[("A", "20")],
        total_cap: 35,
        breaches: &[],
        annual: Some(1_272_180),
    },
    Case {
        name: "A at its cap: 25 × 13.98 × 45.5 = 15,902.25",
        ticks: &[("PCID3_PTID3-1_PS4", AL)],
        hours: &[("A", "25")],
        total_cap: 35,
        breaches: &[],
        annual: Some(1_590_225),
    },
    Case {
        name: "A over its cap: 25 + 0.5",
        ticks: &[("PCID3_PTID3-1_PS4", AL), ("PCID2_PTID2-1_PS2", AL)],
        hours: &[("A", "25.5")],
        total_cap: 35,
        breaches: &[("A", "0.5")],
        annual: None,
    },
    Case {
        name: "A 24.5 h: 15,584.205 rounds half-up to 15,584.21",
        ticks: &[
            ("PCID3_PTID3-1_PS5", AL),
            ("PCID2_PTID2-1_PS4", AL),
            ("PCID2_PTID2-2_PS4", AL),
        ],
        hours: &[("A", "24.5")],
        total_cap: 35,
        breaches: &[],
        annual: Some(1_558_421),
    },
    Case {
        name: "B under its cap: 1.25 × 11.78 × 45.5 = 669.9875",
        ticks: &[("PCID5_PTID5-2_PS3", ELC)],
        hours: &[("B", "1.25")],
        total_cap: 35,
        breaches: &[],
        annual: Some(66_999),
    },
    Case {
        name: "B at its cap: 5 × 11.78 × 45.5 = 2,679.95",
        ticks: &[("PCID5_PTID5-1_PS4", ELC)],
        hours: &[("B", "5")],
        total_cap: 35,
        breaches: &[],
        annual: Some(267_995),
    },
    Case {
        name: "B over its cap alone: PCID7_PTID7-2_PS5 is 6 h",
        ticks: &[("PCID7_PTID7-2_PS5", PHY)],
        hours: &[("B", "6")],
        total_cap: 35,
        breaches: &[("B", "1")],
        annual: None,
    },
    Case {
        name: "C under its cap: 1 × 2.95 × 45.5 = 134.225, a tie, up to 134.23",
        ticks: &[("PCID5_PTID5-2_PS2", ELC)],
        hours: &[("C", "1")],
        total_cap: 35,
        breaches: &[],
        annual: Some(13_423),
    },
    Case {
        name: "C at its cap: 5 × 2.95 × 45.5 = 671.125, a tie, up to 671.13 (the app: 671.12)",
        ticks: &[("PCID7_PTID7-2_PS3", PHY)],
        hours: &[("C", "5")],
        total_cap: 35,
        breaches: &[],
        annual: Some(67_113),
    },
    Case {
        name: "C over its cap: 5 + 1",
        ticks: &[("PCID7_PTID7-2_PS3", PHY), ("PCID5_PTID5-2_PS2", PHY)],
        hours: &[("C", "6")],
        total_cap: 35,
        breaches: &[("C", "1")],
        annual: None,
    },
    Case {
        name: "D under its cap: 9 × 32.5 × 45.5 = 13,308.75",
        ticks: &[("PCID3_PTID3-10_PS3", ELC)],
        hours: &[("D", "9")],
        total_cap: 35,
        breaches: &[],
        annual: Some(1_330_875),
    },
    Case {
        name: "D at its cap of 15 (allcodes.txt's older 10 is not used): 22,181.25",
        ticks: &[("PCID3_PTID3-10_PS4", AL)],
        hours: &[("D", "15")],
        total_cap: 35,
        breaches: &[],
        annual: Some(2_218_125),
    },
    Case {
        name: "D over its cap: 15 + 2",
        ticks: &[("PCID3_PTID3-10_PS4", AL), ("PCID2_PTID2-5_PS1", AL)],
        hours: &[("D", "17")],
        total_cap: 35,
        breaches: &[("D", "2")],
        annual: None,
    },
    Case {
        name: "E under its cap: 10 × 0.79 × 45.5 = 359.45",
        ticks: &[("PCID3_PTID3-1_PS2", ELC)],
        hours: &[("E", "10")],
        total_cap: 35,
        breaches: &[],
        annual: Some(35_945),
    },
    Case {
        name: "E at its cap: 25 × 0.79 × 45.5 = 898.625, up to 898.63",
        ticks: &[("PCID3_PTID3-10_PS1", ELC)],
        hours: &[("E", "25")],
        total_cap: 35,
        breaches: &[],
        annual: Some(89_863),
    },
    Case {
        name: "E over its cap: 25 + 10; the total, 35, is at its cap and allowed",
        ticks: &[("PCID3_PTID3-10_PS1", ELC), ("PCID3_PTID3-1_PS2", ELC)],
        hours: &[("E", "35")],
        total_cap: 35,
        breaches: &[("E", "10")],
        annual: None,
    },
    Case {
        name: "F under its cap: 0.7692308 × 2.95 × 45.5 = 103.2500041",
        ticks: &[("PCID2_PTID2-3_PS3", AL)],
        hours: &[("F", "0.7692308")],
        total_cap: 35,
        breaches: &[],
        annual: Some(10_325),
    },
    Case {
        name: "F at its cap: 25 × 2.95 × 45.5 = 3,355.625, up to 3,355.63",
        ticks: &[("PCID3_PTID3-4_PS5", SUI)],
        hours: &[("F", "25")],
        total_cap: 35,
        breaches: &[],
        annual: Some(335_563),
    },
    Case {
        name: "F over its cap by exactly 0.52747253",
        ticks: &[("PCID3_PTID3-4_PS5", SUI), ("PCID2_PTID2-3_PS2", ELC)],
        hours: &[("F", "25.52747253")],
        total_cap: 35,
        breaches: &[("F", "0.52747253")],
        annual: None,
    },
    Case {
        name: "G, 2 hours a year: 0.043956 × 80 × 45.5 = 159.99984 → 160.00",
        ticks: &[("PCID1_PTID1-1_PS2", ELC)],
        hours: &[("G", "0.043956")],
        total_cap: 32,
        breaches: &[],
        annual: Some(16_000),
    },
    Case {
        name: "G under its cap of 0.16: 0.153846 × 80 × 45.5 = 559.99944",
        ticks: &[("PCID1_PTID1-1_PS4", ELC)],
        hours: &[("G", "0.153846")],
        total_cap: 32,
        breaches: &[],
        annual: Some(56_000),
    },
    Case {
        name: "G over its cap: 0.153846 + 0.043956",
        ticks: &[("PCID1_PTID1-1_PS4", ELC), ("PCID1_PTID1-1_PS2", AL)],
        hours: &[("G", "0.197802")],
        total_cap: 32,
        breaches: &[("G", "0.037802")],
        annual: None,
    },
    Case {
        name: "H under its cap of 0.4: 0.395604 × 50 × 45.5 = 899.9991",
        ticks: &[("PCID8_PTID8-1_PS5", ELC)],
        hours: &[("H", "0.395604")],
        total_cap: 32,
        breaches: &[],
        annual: Some(90_000),
    },
    Case {
        name: "H over its cap: 0.395604 + 0.087912",
        ticks: &[("PCID8_PTID8-1_PS5", ELC), ("PCID8_PTID8-1_PS2", AL)],
        hours: &[("H", "0.483516")],
        total_cap: 32,
        breaches: &[("H", "0.083516")],
        annual: None,
    },
    Case {
        name: "L at its cap of 1: ordinarily available, £0",
        ticks: &[("PCID2_PTID2-3_PS1", ELC)],
        hours: &[("L", "1")],
        total_cap: 32,
        breaches: &[],
        annual: Some(0),
    },
    Case {
        name: "L over its cap though it costs nothing (funding-bristol.md §3.4)",
        ticks: &[("PCID2_PTID2-3_PS1", ELC), ("PCID2_PTID2-4_PS2", SUI)],
        hours: &[("L", "1.076923")],
        total_cap: 32,
        breaches: &[("L", "0.076923")],
        annual: None,
    },
    Case {
        name: "Total at its cap: A 25 + E 10 = 35; 15,902.25 + 359.45",
        ticks: &[("PCID3_PTID3-1_PS4", AL), ("PCID3_PTID3-1_PS2", ELC)],
        hours: &[("A", "25"), ("E", "10")],
        total_cap: 35,
        breaches: &[],
        annual: Some(1_626_170),
    },
    Case {
        name: "Training (H) sorts last but the cap stays 35 (the app would use 32): 19,730.8748",
        ticks: &[
            ("PCID3_PTID3-1_PS4", AL),
            ("PCID2_PTID2-5_PS1", AL),
            ("PCID5_PTID5-1_PS3", ELC),
            ("PCID8_PTID8-1_PS2", AL),
        ],
        hours: &[("A", "25"), ("D", "2"), ("F", "5"), ("H", "0.087912")],
        total_cap: 35,
        breaches: &[],
        annual: Some(1_973_087),
    },
    Case {
        name: "Total over its cap: A 25 + F 15 = 40",
        ticks: &[("PCID3_PTID3-1_PS4", AL), ("PCID3_PTID3-1_PS3", ELC)],
        hours: &[("A", "25"), ("F", "15")],
        total_cap: 35,
        breaches: &[("total", "5")],
        annual: None,
    },
    Case {
        name: "A code and the total both over: one provision under two sub-areas",
        ticks: &[("PCID3_PTID3-1_PS4", AL), ("PCID3_PTID3-1_PS4", ELC)],
        hours: &[("A", "50")],
        total_cap: 35,
        breaches: &[("A", "25"), ("total", "15")],
        annual: None,
    },
    Case {
        name: "Only codes without a total cap: 32; 159.99984 + 199.9998 = 359.99964",
        ticks: &[
            ("PCID1_PTID1-1_PS2", ELC),
            ("PCID8_PTID8-1_PS2", ELC),
            ("PCID2_PTID2-3_PS1", ELC),
        ],
        hours: &[("G", "0.043956"), ("H", "0.087912"), ("L", "1")],
        total_cap: 32,
        breaches: &[],
        annual: Some(36_000),
    },
    Case {
        name: "Nothing asked for: £0 and the default cap",
        ticks: &[],
        hours: &[],
        total_cap: 32,
        breaches: &[],
        annual: Some(0),
    },
];

#[test]
fn hand_worked_cases() {
    let model = bristol();
    for case in CASES {
        let p = price(model, &package(None, case.ticks))
            .unwrap_or_else(|e| panic!("{}: {e:?}", case.name));
        let hours: Vec<(&str, Hours)> = case.hours.iter().map(|(c, x)| (*c, h(x))).collect();
        let got: Vec<(&str, Hours)> = p
            .weekly_hours_by_code
            .iter()
            .map(|(c, x)| (c.as_str(), *x))
            .collect();
        assert_eq!(got, hours, "{}", case.name);
        assert_eq!(
            p.total_weekly_hours,
            hours.iter().map(|(_, x)| *x).sum(),
            "{}",
            case.name
        );
        assert_eq!(
            p.total_weekly_cap,
            Hours::from_whole(case.total_cap),
            "{}",
            case.name
        );
        let breaches: Vec<(String, Hours)> = p
            .breaches
            .iter()
            .map(|b| match &b.cap {
                Cap::Code { code } => (code.clone(), b.over_by_hours),
                Cap::Total => ("total".to_owned(), b.over_by_hours),
            })
            .collect();
        let expected: Vec<(String, Hours)> = case
            .breaches
            .iter()
            .map(|(c, x)| ((*c).to_owned(), h(x)))
            .collect();
        assert_eq!(breaches, expected, "{}", case.name);
        assert_eq!(
            p.code_cap_exceeded,
            case.breaches.iter().any(|(c, _)| *c != "total"),
            "{}",
            case.name
        );
        assert_eq!(
            p.total_cap_exceeded,
            case.breaches.iter().any(|(c, _)| *c == "total"),
            "{}",
            case.name
        );
        assert_eq!(p.annual, case.annual.map(Pence), "{}", case.name);
    }
}

#[test]
fn the_order_of_ticking_never_changes_the_price() {
    for case in CASES {
        let mut reversed = case.ticks.to_vec();
        reversed.reverse();
        let forward = price(bristol(), &package(None, case.ticks)).unwrap();
        let backward = price(bristol(), &package(None, &reversed)).unwrap();
        assert_eq!(forward, backward, "{}", case.name);
    }
}

#[test]
fn a_provision_with_no_rate_asks_the_panel_for_a_cost() {
    // Q (individually costed) beside A 2 h: the A line is priced, the Q line listed.
    let p = price(
        bristol(),
        &package(
            None,
            &[("PCID7_PTID7-1_PS4", PHY), ("PCID7_PTID7-3_PS2", PHY)],
        ),
    )
    .unwrap();
    assert_eq!(p.annual, Some(Pence(127_218)));
    assert!(p.needs_individual_costing);
    assert_eq!(p.individually_costed.len(), 1);
    assert_eq!(p.individually_costed[0].provision, "PCID7_PTID7-1_PS4");
    assert_eq!(p.individually_costed[0].hourly_rate, None);
    assert_eq!(p.total_weekly_cap, Hours::from_whole(35));

    // A Q provision with hours: they count towards the total, the amount is £0 and flagged.
    let p = price(bristol(), &package(None, &[("PCID8_PTID8-1_PS6", ELC)])).unwrap();
    assert_eq!(p.total_weekly_hours, h("0.131868"));
    assert_eq!(p.annual, Some(Pence::ZERO));
    assert!(p.needs_individual_costing);
}

#[test]
fn duplicates_are_counted_and_flagged() {
    let p = price(
        bristol(),
        &package(
            None,
            &[("PCID5_PTID5-3_PS2", ELC), ("PCID5_PTID5-3_PS2", AL)],
        ),
    )
    .unwrap();
    assert_eq!(p.weekly_hours_by_code["A"], h("2"));
    assert_eq!(p.annual, Some(Pence(127_218)));
    assert_eq!(
        p.duplicates,
        [Duplicate {
            provision: "PCID5_PTID5-3_PS2".into(),
            sub_areas: vec![ELC.into(), AL.into()],
        }]
    );
    // Side by side in review order.
    let order: Vec<&str> = p.provisions.iter().map(|l| l.sub_area.as_str()).collect();
    assert_eq!(order, [ELC, AL]);
}

#[test]
fn a_provision_not_asked_for_is_listed_and_not_priced() {
    let mut pkg = package(
        None,
        &[("PCID3_PTID3-1_PS4", AL), ("PCID3_PTID3-1_PS5", ELC)],
    );
    pkg.provisions[0].funding = false;
    let p = price(bristol(), &pkg).unwrap();
    assert_eq!(p.weekly_hours_by_code["A"], h("20"));
    assert_eq!(p.annual, Some(Pence(1_272_180)));
    assert_eq!(p.provisions.len(), 2);
    assert!(p.duplicates.is_empty());
}

#[test]
fn needs_unlock_provisions_up_to_their_level() {
    let at = |statement: &'static str, provision: &'static str| {
        price(bristol(), &package(Some(&[statement]), &[(provision, AL)]))
    };
    // Block C in academicLearning offers the C-level 25 h of in-class support.
    let p = at("A2SA3SC1SG1STC1", "PCID3_PTID3-1_PS4").unwrap();
    assert_eq!(p.annual, Some(Pence(1_590_225)));
    assert_eq!(p.need_levels.unwrap()[AL], NeedLevel::C);
    // Block B does not.
    let e = at("A2SA3SC1SG1STB1", "PCID3_PTID3-1_PS4").unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "provisions: entry 1: PCID3_PTID3-1_PS4 is offered from need level C; the needs chosen in academicLearning reach level B"
    );
    // Targeted offers nothing.
    let e = at("A2SA3SC1SG1STT1", "PCID5_PTID5-3_PS2").unwrap_err();
    assert!(e[0].problem.contains("Targeted level"), "{e:?}");
    // Needs in another sub-area do not count.
    let e = price(
        bristol(),
        &package(Some(&["A1SA1SC2SG2STC1"]), &[("PCID5_PTID5-3_PS2", AL)]),
    )
    .unwrap_err();
    assert!(
        e[0].problem
            .contains("no need statement is chosen in academicLearning"),
        "{e:?}"
    );
}

#[test]
fn every_selection_problem_is_reported_at_once() {
    let pkg = package(
        Some(&[
            "A2SA3SC1SG1STE1",
            "A2SA3SC1SG1STA1",
            "A2SA3SC1SG1STB1",
            "NOPE",
        ]),
        &[
            ("PCID2_PTID2-5_PS1", ELC),
            ("PCID9_X", AL),
            ("PCID5_PTID5-3_PS2", "nowhere"),
            ("PCID5_PTID5-3_PS2", AL),
            ("PCID5_PTID5-3_PS2", AL),
        ],
    );
    assert_eq!(
        messages(price(bristol(), &pkg)),
        [
            "need_statements: entry 1: A2SA3SC1SG1STE1 describes what is expected; it cannot be chosen",
            "need_statements: entry 2: A2SA3SC1SG1STA1 and A2SA3SC1SG1STE1 are in the same group (A2SA3SC1SG1); choose one",
            "need_statements: entry 3: A2SA3SC1SG1STB1 and A2SA3SC1SG1STA1 are in the same group (A2SA3SC1SG1); choose one",
            "need_statements: entry 4: NOPE is not a need statement of the model",
            "provisions: entry 1: expressiveCommunication does not offer provisions of type PTID2-5 (Post-16 tutoring), such as PCID2_PTID2-5_PS1",
            "provisions: entry 2: PCID9_X is not a provision of the model",
            "provisions: entry 3: nowhere is not a sub-area of the model",
            "provisions: entry 5: PCID5_PTID5-3_PS2 is chosen twice under academicLearning",
        ]
    );
}
