//! Migration 19: the DSG's other funding blocks and its balance, for the DSG management plan's
//! financial summary. Per financial year, what a finance officer records for the schools,
//! central school services and early years blocks (`dsg_block_figures`: the DSG allocation after
//! academy recoupment and the planned expenditure), and the DSG balance brought forward at 1
//! April (`dsg_balances`: the cumulative surplus or deficit, below zero a deficit). Each row
//! says who set it and when; saving a year's form replaces that year's rows, keeping a row
//! whose figures did not change as it was. Financial years are the calendar year they start in.

use sea_query::{Iden, Index, Table};

use super::columns::*;
use super::*;

#[derive(Iden, Clone, Copy)]
pub enum DsgBlockFigures {
    Table,
    LaId,
    /// The calendar year the financial year starts in (2026 for 2026-27).
    FinancialYear,
    /// `domain::high_needs::dsg_blocks::FundingBlock` code (never `high_needs`).
    FundingBlock,
    AllocationPence,
    ExpenditurePence,
    SetBy,
    SetAt,
}

#[derive(Iden, Clone, Copy)]
pub enum DsgBalances {
    Table,
    LaId,
    FinancialYear,
    /// The DSG balance at 1 April of the year; below zero a deficit.
    BroughtForwardPence,
    SetBy,
    SetAt,
}

pub fn dsg_blocks() -> Vec<SchemaChange> {
    vec![
        SchemaChange::Table(Box::new(
            Table::create()
                .table(DsgBlockFigures::Table)
                .if_not_exists()
                .col(id(DsgBlockFigures::LaId))
                .col(id(DsgBlockFigures::FinancialYear))
                .col(text(DsgBlockFigures::FundingBlock))
                .col(id(DsgBlockFigures::AllocationPence))
                .col(id(DsgBlockFigures::ExpenditurePence))
                .col(text(DsgBlockFigures::SetBy))
                .col(timestamp(DsgBlockFigures::SetAt))
                .primary_key(
                    Index::create()
                        .col(DsgBlockFigures::LaId)
                        .col(DsgBlockFigures::FinancialYear)
                        .col(DsgBlockFigures::FundingBlock),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
        SchemaChange::Table(Box::new(
            Table::create()
                .table(DsgBalances::Table)
                .if_not_exists()
                .col(id(DsgBalances::LaId))
                .col(id(DsgBalances::FinancialYear))
                .col(id(DsgBalances::BroughtForwardPence))
                .col(text(DsgBalances::SetBy))
                .col(timestamp(DsgBalances::SetAt))
                .primary_key(
                    Index::create()
                        .col(DsgBalances::LaId)
                        .col(DsgBalances::FinancialYear),
                )
                .foreign_key(&mut to_council())
                .take(),
        )),
    ]
}
