//! Migration 3: the settings a member of staff acts for (a SENCO's school or schools), which
//! scopes what they may see to those settings' pupils.

use sea_query::{ForeignKey, ForeignKeyAction, Index, Table};

use super::columns::*;
use super::*;

pub fn staff_settings() -> Vec<SchemaChange> {
    vec![SchemaChange::Table(Box::new(
        Table::create()
            .table(StaffSettings::Table)
            .if_not_exists()
            .col(id(StaffSettings::LaId))
            .col(id(StaffSettings::StaffId))
            .col(id(StaffSettings::SettingId))
            .primary_key(
                Index::create()
                    .col(StaffSettings::LaId)
                    .col(StaffSettings::StaffId)
                    .col(StaffSettings::SettingId),
            )
            .foreign_key(
                ForeignKey::create()
                    .from_col(StaffSettings::LaId)
                    .from_col(StaffSettings::StaffId)
                    .to(Staff::Table, (Staff::LaId, Staff::StaffId))
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                ForeignKey::create()
                    .from_col(StaffSettings::LaId)
                    .from_col(StaffSettings::SettingId)
                    .to(Settings::Table, (Settings::LaId, Settings::SettingId))
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .take(),
    ))]
}
