use proptest::prelude::*;

use super::*;
use crate::codes::assert_code_set;
use crate::high_needs::dsg_finance::mitigated;

fn fy(start: i32) -> FinancialYear {
    FinancialYear::new(start)
}

fn pounds(p: i64) -> Pence {
    Pence(p * 100)
}

/// The high needs block from 2026-27: income £60m, expenditure rising £2m a year from £62m.
fn high_needs(years: i32) -> Vec<BlockYear> {
    (0..years)
        .map(|i| {
            let income = pounds(60_000_000);
            let expenditure = pounds(62_000_000 + 2_000_000 * i64::from(i));
            BlockYear {
                year: fy(2026 + i),
                income,
                expenditure,
                in_year: income - expenditure,
            }
        })
        .collect()
}

fn recorded(block: FundingBlock, year: i32, allocation: i64, expenditure: i64) -> RecordedBlock {
    RecordedBlock {
        block,
        year: fy(year),
        figures: BlockFigures {
            allocation: pounds(allocation),
            expenditure: pounds(expenditure),
        },
    }
}

fn inputs() -> SummaryInputs {
    SummaryInputs {
        recorded: vec![
            recorded(FundingBlock::Schools, 2026, 250_000_000, 248_750_000),
            recorded(
                FundingBlock::CentralSchoolServices,
                2026,
                2_500_000,
                2_550_000,
            ),
            recorded(FundingBlock::EarlyYears, 2025, 40_000_000, 39_500_000),
            recorded(FundingBlock::EarlyYears, 2028, 42_000_000, 41_000_000),
            recorded(FundingBlock::Schools, 2024, 1, 1),
        ],
        brought_forward: pounds(-7_000_000),
        transfers_in: pounds(1_250_000),
    }
}

fn block(y: &SummaryYear, block: FundingBlock) -> BlockRow {
    *y.blocks.iter().find(|b| b.block == block).unwrap()
}

#[test]
fn funding_blocks_are_a_code_set() {
    assert_code_set(&FundingBlock::ALL, FundingBlock::code, FundingBlock::label);
}

#[test]
fn each_year_has_every_block_adding_up_to_the_total() {
    let years = summary(&inputs(), &high_needs(4));
    assert_eq!(years.len(), 4);
    for y in &years {
        let order: Vec<FundingBlock> = y.blocks.iter().map(|b| b.block).collect();
        assert_eq!(order, FundingBlock::ALL.to_vec());
        let sum = |f: fn(&BlockRow) -> Pence| y.blocks.iter().map(f).sum::<Pence>();
        assert_eq!(y.total.allocation, sum(|b| b.allocation));
        assert_eq!(y.total.expenditure, sum(|b| b.expenditure));
        assert_eq!(y.total.in_year, sum(|b| b.in_year));
        assert_eq!(y.total.transfers, Pence::ZERO, "transfers net to zero");
        for b in &y.blocks {
            assert_eq!(
                b.in_year,
                b.allocation + b.transfers - b.expenditure,
                "{b:?}"
            );
        }
    }
    let first = &years[0];
    let hn = block(first, FundingBlock::HighNeeds);
    assert_eq!(hn.basis, Basis::Budget);
    assert_eq!(hn.transfers, pounds(1_250_000));
    assert_eq!(
        hn.allocation,
        pounds(58_750_000),
        "income less the transfer in"
    );
    assert_eq!(
        hn.in_year,
        pounds(-2_000_000),
        "the high needs block's own in-year"
    );
    assert_eq!(
        block(first, FundingBlock::Schools).transfers,
        pounds(-1_250_000)
    );
    // £250m − £1.25m − £248.75m; £2.5m − £2.55m; £40m − £39.5m (held); −£2m.
    assert_eq!(first.total.in_year, pounds(-50_000 + 500_000 - 2_000_000));
    assert_eq!(
        block(&years[1], FundingBlock::HighNeeds).basis,
        Basis::Forecast
    );
}

#[test]
fn the_cumulative_balance_is_the_balance_brought_forward_and_every_in_year_total() {
    let years = summary(&inputs(), &high_needs(5));
    let mut balance = pounds(-7_000_000);
    for y in &years {
        assert_eq!(y.brought_forward, balance, "{}", y.year);
        balance += y.total.in_year;
        assert_eq!(y.cumulative, balance, "{}", y.year);
    }
    let no_balance = summary(
        &SummaryInputs {
            brought_forward: Pence::ZERO,
            ..inputs()
        },
        &high_needs(5),
    );
    for (with, without) in years.iter().zip(&no_balance) {
        assert_eq!(with.cumulative - without.cumulative, pounds(-7_000_000));
    }
}

#[test]
fn a_year_not_recorded_holds_the_latest_earlier_years_figures() {
    let years = summary(&inputs(), &high_needs(4));
    let basis = |y: usize, b: FundingBlock| block(&years[y], b).basis;
    assert_eq!(basis(0, FundingBlock::Schools), Basis::Recorded);
    assert_eq!(basis(1, FundingBlock::Schools), Basis::Held(fy(2026)));
    assert_eq!(basis(3, FundingBlock::Schools), Basis::Held(fy(2026)));
    assert_eq!(
        block(&years[3], FundingBlock::Schools).allocation,
        pounds(250_000_000)
    );
    assert_eq!(basis(0, FundingBlock::EarlyYears), Basis::Held(fy(2025)));
    assert_eq!(basis(1, FundingBlock::EarlyYears), Basis::Held(fy(2025)));
    assert_eq!(basis(2, FundingBlock::EarlyYears), Basis::Recorded);
    assert_eq!(basis(3, FundingBlock::EarlyYears), Basis::Held(fy(2028)));
    assert_eq!(
        block(&years[3], FundingBlock::EarlyYears).expenditure,
        pounds(41_000_000)
    );

    let none = summary(
        &SummaryInputs {
            recorded: Vec::new(),
            ..inputs()
        },
        &high_needs(2),
    );
    let schools = block(&none[0], FundingBlock::Schools);
    assert_eq!(schools.basis, Basis::NotRecorded);
    assert_eq!(
        (schools.allocation, schools.expenditure),
        (Pence::ZERO, Pence::ZERO)
    );
    assert_eq!(
        schools.transfers,
        pounds(-1_250_000),
        "the transfer still leaves the schools block"
    );
    assert_eq!(
        none[0].total.in_year,
        pounds(-2_000_000) - pounds(1_250_000)
    );
}

#[test]
fn mitigating_changes_only_the_high_needs_expenditure_and_what_adds_up_from_it() {
    let plain_hn = high_needs(4);
    let effect = [(2028, pounds(-500_000)), (2029, pounds(-900_000))];
    let plain = summary(&inputs(), &plain_hn);
    let with = summary(&inputs(), &mitigated(&plain_hn, &effect));
    let mut saved = Pence::ZERO;
    for (p, m) in plain.iter().zip(&with) {
        let change = (effect.iter())
            .find(|(j, _)| *j == p.year.start_year() + 1)
            .map_or(Pence::ZERO, |(_, e)| *e);
        for (pb, mb) in p.blocks.iter().zip(&m.blocks) {
            if pb.block == FundingBlock::HighNeeds {
                assert_eq!(mb.expenditure, pb.expenditure + change);
                assert_eq!((mb.allocation, mb.transfers), (pb.allocation, pb.transfers));
            } else {
                assert_eq!(mb, pb);
            }
        }
        assert_eq!(m.total.expenditure, p.total.expenditure + change);
        saved -= change;
        assert_eq!(m.cumulative, p.cumulative + saved, "{}", p.year);
    }
}

#[test]
fn the_csv_has_every_block_and_the_total_each_year() {
    let years = summary(&inputs(), &high_needs(2));
    let csv = finance_csv(&years, Some(&years));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], FINANCE_CSV_HEADER);
    assert_eq!(lines.len(), 1 + 2 * 2 * 5);
    assert_eq!(
        lines[1],
        "unmitigated,2026-27,schools,recorded,2026-27,250000000.00,-1250000.00,248750000.00,0.00,,"
    );
    assert_eq!(
        lines[3],
        "unmitigated,2026-27,early_years,held,2025-26,40000000.00,0.00,39500000.00,500000.00,,"
    );
    assert_eq!(
        lines[4],
        "unmitigated,2026-27,high_needs,budget,,58750000.00,1250000.00,62000000.00,-2000000.00,,"
    );
    assert_eq!(
        lines[5],
        "unmitigated,2026-27,dsg_total,,,351250000.00,0.00,352800000.00,-1550000.00,-7000000.00,-8550000.00"
    );
    assert!(lines[11].starts_with("mitigated,2026-27,schools,"));
    let header_fields = FINANCE_CSV_HEADER.split(',').count();
    assert!(lines.iter().all(|l| l.split(',').count() == header_fields));
}

proptest! {
    #[test]
    fn any_summary_adds_up(
        figures in proptest::collection::vec((0usize..3, 2020i32..2032, 0i64..400_000_000, 0i64..400_000_000), 0..12),
        hn in proptest::collection::vec((0i64..100_000_000, 0i64..100_000_000), 1..7),
        brought_forward in -50_000_000i64..50_000_000,
        transfers_in in 0i64..2_000_000,
    ) {
        let inputs = SummaryInputs {
            recorded: figures
                .iter()
                .map(|&(b, y, a, e)| recorded(FundingBlock::RECORDED[b], y, a, e))
                .collect(),
            brought_forward: pounds(brought_forward),
            transfers_in: pounds(transfers_in),
        };
        let hn: Vec<BlockYear> = (hn.iter().enumerate())
            .map(|(i, &(inc, exp))| BlockYear {
                year: fy(2026 + i32::try_from(i).unwrap()),
                income: pounds(inc),
                expenditure: pounds(exp),
                in_year: pounds(inc - exp),
            })
            .collect();
        let years = summary(&inputs, &hn);
        prop_assert_eq!(years.len(), hn.len());
        let mut balance = inputs.brought_forward;
        for (y, h) in years.iter().zip(&hn) {
            prop_assert_eq!(y.total.transfers, Pence::ZERO);
            prop_assert_eq!(y.total.in_year, y.blocks.iter().map(|b| b.in_year).sum::<Pence>());
            prop_assert_eq!(block(y, FundingBlock::HighNeeds).in_year, h.in_year);
            prop_assert_eq!(
                block(y, FundingBlock::Schools).transfers,
                -block(y, FundingBlock::HighNeeds).transfers
            );
            prop_assert_eq!(y.brought_forward, balance);
            balance += y.total.in_year;
            prop_assert_eq!(y.cumulative, balance);
        }
    }
}
