//! What the demo Schools Forum says: its members, officers, agendas and minutes, kept apart
//! from the code that writes them.

use domain::governance::{DecisionKind, ItemKind, MemberCategory as C};

/// The seats: category, member, and what they represent when no school of the council fits.
pub(super) const SEATS: [(C, &str, &str); 16] = [
    (C::SchoolsPrimary, "Helen Price", "primary"),
    (C::SchoolsPrimary, "Gareth Owen", "primary"),
    (C::SchoolsPrimary, "Priya Shah", "primary"),
    (C::SchoolsSecondary, "Mark Ellis", "secondary"),
    (C::SchoolsSecondary, "Joanne Reid", "secondary"),
    (C::SchoolsSpecial, "Tom Hughes", "special"),
    (C::SchoolsNursery, "Angela Moss", "nursery"),
    (C::SchoolsPru, "Daniel Kerr", "alternative provision"),
    (C::Academies, "Sarah Whitfield", "Multi-academy trust"),
    (C::Academies, "Imran Qureshi", "Multi-academy trust"),
    (C::Academies, "Lucy Bennett", "Academy"),
    (C::Academies, "", ""),
    (
        C::EarlyYearsPvi,
        "Rachel Green",
        "Early years PVI providers",
    ),
    (
        C::SixteenToNineteen,
        "Colin Ward",
        "Further education college",
    ),
    (
        C::Diocesan,
        "Revd Ann Foster",
        "Diocesan board of education",
    ),
    (C::Observer, "Peter Lamb", "Joint trade unions"),
];

pub(super) const OFFICERS: [(&str, &str); 3] = [
    ("Dana Director", "Director of education"),
    ("Frankie Finance", "Head of schools finance"),
    ("Clerk Clarke", "Clerk to the forum"),
];

/// (meeting, title, kind, presenter, summary, decision kind, motion, response)
pub(super) type Item = (
    i64,
    &'static str,
    ItemKind,
    &'static str,
    &'static str,
    Option<DecisionKind>,
    &'static str,
    &'static str,
);

/// The agenda items of the autumn, recent and next meetings, in order.
pub(super) fn items(autumn: i64, recent: i64, next: i64) -> [Item; 8] {
    [
        (
            autumn,
            "High needs block: quarter 2 monitoring",
            ItemKind::Information,
            "Frankie Finance",
            "The forecast overspend on the high needs block and what drives it.",
            None,
            "",
            "",
        ),
        (
            autumn,
            "Dedicated schools grant deficit management plan",
            ItemKind::Information,
            "Dana Director",
            "The termly update on the deficit management plan.",
            None,
            "",
            "",
        ),
        (
            recent,
            "Schools funding formula 2026 to 2027",
            ItemKind::Decision,
            "Frankie Finance",
            "The local formula following the national funding formula, with the minimum funding guarantee.",
            Some(DecisionKind::SchoolsFundingFormula),
            "That the forum agrees the local schools funding formula for 2026 to 2027 as set out in the paper.",
            "",
        ),
        (
            recent,
            "Transfer of 0.5% from the schools block to the high needs block",
            ItemKind::Decision,
            "Frankie Finance",
            "A block transfer to reduce the high needs deficit.",
            Some(DecisionKind::General),
            "That the forum agrees a transfer of 0.5% of the schools block to the high needs block.",
            "",
        ),
        (
            recent,
            "Top-up funding arrangements",
            ItemKind::Consultation,
            "Dana Director",
            "Proposed changes to how top-up is banded and paid.",
            None,
            "",
            "The forum supports termly payments and asks for a review of the band descriptors with SENCOs.",
        ),
        (
            next,
            "Minutes of the last meeting and matters arising",
            ItemKind::Information,
            "Clerk Clarke",
            "To agree the minutes and go through the action tracker.",
            None,
            "",
            "",
        ),
        (
            next,
            "High needs block: quarter 3 monitoring",
            ItemKind::Information,
            "Frankie Finance",
            "The forecast and the deficit management plan.",
            None,
            "",
            "",
        ),
        (
            next,
            "Central school services block 2026 to 2027",
            ItemKind::Decision,
            "Frankie Finance",
            "Central spend on statutory duties and historic commitments.",
            Some(DecisionKind::General),
            "That the forum agrees the central school services budget for 2026 to 2027.",
            "",
        ),
    ]
}

pub(super) const AUTUMN_MINUTES: &str = "Present: as recorded. Apologies: Joanne Reid.\n\n\
    1. High needs block: quarter 2 monitoring. The forum noted the forecast overspend, driven by \
    growth in EHC plans and independent special school places.\n\n\
    2. Deficit management plan. The forum noted the termly update and asked for a data \
    presentation on plan growth by need at the next meeting.";

pub(super) const RECENT_MINUTES: &str = "Present: as recorded. Apologies: Gareth Owen, Revd Ann Foster. \
    Jo Turner attended as substitute for Rachel Green.\n\n\
    Matters arising: the data presentation was given; action closed.\n\n\
    3. Schools funding formula. Schools and academies members and the early years representative \
    voted; the motion was carried.\n\n\
    4. Block transfer. Sarah Whitfield declared a prejudicial interest and did not vote. The \
    motion was not carried; the council will write to the Secretary of State.\n\n\
    5. Top-up funding arrangements. The forum's response is recorded with the item.";
