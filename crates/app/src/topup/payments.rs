//! Payments of top-up to schools: each award's schedule for a financial year, pro rata to the
//! days in each payment period and stopping at the award's end date or the day the pupil left
//! the school (`domain::high_needs::payments`, after `reference/funding.md`, "Awards and
//! payments"); the council's frequency (termly or monthly); and the CSV for its finance system.

use std::fmt::Write as _;

use chrono::NaiveDate;
use domain::high_needs::payments::{Funding, Payment, PaymentFrequency, schedule};
use domain::{FinancialYear, Pence};
use store::{AwardListRow, FinanceOptionsRow, TopupAwardRow, Tx};

use super::application_reference;
use crate::Store;
use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::Result;
use crate::policy::{self, Action};

/// One award's payments in the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledAward {
    pub award: TopupAwardRow,
    /// The application's reference, which the school and finance quote.
    pub reference: String,
    pub child_name: String,
    pub setting_name: String,
    pub setting_urn: Option<i64>,
    /// The pupil's last day at the school, when they have left.
    pub leaving_on: Option<NaiveDate>,
    pub payments: Vec<Payment>,
}

impl ScheduledAward {
    /// What the award pays in the year.
    #[must_use]
    pub fn total(&self) -> Pence {
        self.payments.iter().map(|p| p.amount).sum()
    }
}

/// The payment schedule for a financial year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentSchedule {
    pub year: FinancialYear,
    pub frequency: PaymentFrequency,
    pub awards: Vec<ScheduledAward>,
}

impl PaymentSchedule {
    /// Everything paid in the year.
    #[must_use]
    pub fn total(&self) -> Pence {
        self.awards.iter().map(ScheduledAward::total).sum()
    }

    /// The total of each payment period, in date order: what goes out on each payment run.
    #[must_use]
    pub fn by_period(&self) -> Vec<(String, NaiveDate, Pence)> {
        let mut periods: Vec<(String, NaiveDate, Pence)> = Vec::new();
        for p in self.awards.iter().flat_map(|a| &a.payments) {
            match periods
                .iter_mut()
                .find(|(_, start, _)| *start == p.period.starts_on)
            {
                Some((_, _, total)) => *total += p.amount,
                None => periods.push((p.period.label.clone(), p.period.starts_on, p.amount)),
            }
        }
        periods.sort_by_key(|(_, start, _)| *start);
        periods
    }
}

/// Whose payments to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every school's (finance officers and SEND managers).
    Council,
    /// The actor's own schools (a SENCO).
    MySchools,
}

/// How often the council pays schools; termly until it chooses.
pub async fn payment_frequency(store: &Store, actor: &Actor) -> Result<PaymentFrequency> {
    let mut tx = store.begin_read().await?;
    let frequency = frequency_in(&mut tx, actor.la_id()).await?;
    tx.commit().await?;
    Ok(frequency)
}

async fn frequency_in(tx: &mut Tx, la_id: i64) -> Result<PaymentFrequency> {
    let rows: Vec<FinanceOptionsRow> = tx.records_of_council(la_id).await?;
    Ok(rows
        .first()
        .and_then(|r| r.payment_frequency.parse().ok())
        .unwrap_or(PaymentFrequency::Termly))
}

/// Sets how often the council pays schools.
pub async fn set_payment_frequency(store: &Store, actor: &Actor, code: &str) -> Result<()> {
    policy::authorise(actor, Action::SetFinanceOptions)?;
    let frequency = PaymentFrequency::parse(code)?;
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let row = FinanceOptionsRow {
        la_id,
        payment_frequency: frequency.code().into(),
    };
    let existing: Vec<FinanceOptionsRow> = tx.records_of_council(la_id).await?;
    if existing.is_empty() {
        tx.insert_records(&[row]).await?;
    } else {
        tx.update_record(&row).await?;
    }
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "finance.payment_frequency",
            record_type: "finance_options",
            record_id: None,
            child_id: None,
            detail: Some(frequency.code().into()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Each award of a list once, with the pupil's last day at the award's school if they have
/// left: from the latest placement there that began by the award's end (the list gives them
/// in order of entry).
#[must_use]
pub fn with_leaving_dates(rows: Vec<AwardListRow>) -> Vec<(AwardListRow, Option<NaiveDate>)> {
    let mut out: Vec<(AwardListRow, Option<NaiveDate>)> = Vec::with_capacity(rows.len());
    for row in rows {
        let leaving = row.placement_leaving_on;
        match out.last_mut() {
            Some((last, left)) if last.award.award_id == row.award.award_id => *left = leaving,
            _ => out.push((row, leaving)),
        }
    }
    out
}

/// The payments of every award running in the year, for the council or the actor's schools.
/// The read is audited.
pub async fn payment_schedule(
    store: &Store,
    actor: &Actor,
    year: FinancialYear,
    scope: Scope,
) -> Result<PaymentSchedule> {
    let la_id = actor.la_id();
    let schools: Vec<i64> = match scope {
        Scope::Council => {
            policy::authorise(actor, Action::ReadPayments { setting_id: None })?;
            Vec::new()
        }
        Scope::MySchools => {
            policy::own_settings(actor, |setting_id| Action::ReadPayments { setting_id })?
        }
    };
    let mut tx = store.begin().await?;
    let frequency = frequency_in(&mut tx, la_id).await?;
    let settings = (scope == Scope::MySchools).then_some(schools.as_slice());
    let rows = tx
        .topup_award_list(la_id, (year.start(), year.end()), settings)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (row, leaving_on) in with_leaving_dates(rows) {
        let award = row.award;
        let funding = Funding {
            annual: Pence(award.annual_pence),
            starts_on: award.starts_on,
            ends_on: award.ends_on,
            leaving_on,
        };
        let payments: Vec<Payment> = schedule(&funding, frequency)
            .into_iter()
            .filter(|p| FinancialYear::containing(p.period.starts_on) == year)
            .collect();
        if payments.is_empty() {
            continue;
        }
        out.push(ScheduledAward {
            reference: application_reference(la_id, award.application_id),
            child_name: format!("{} {}", row.forename, row.surname),
            setting_name: row.setting_name.unwrap_or_default(),
            setting_urn: row.setting_urn,
            leaving_on,
            payments,
            award,
        });
    }
    out.sort_by(|a, b| (&a.setting_name, &a.reference).cmp(&(&b.setting_name, &b.reference)));
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "finance.payments",
            record_type: "budget",
            record_id: Some(year.to_string()),
            child_id: None,
            detail: Some(format!("{} awards", out.len())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(PaymentSchedule {
        year,
        frequency,
        awards: out,
    })
}

/// The schedule as CSV for the council's finance system: one row per payment, amounts in
/// pence and in pounds. Pupils are not named: the application reference identifies the award
/// to anyone entitled to look it up, and a finance system needs no more.
#[must_use]
pub fn payments_csv(schedule: &PaymentSchedule) -> String {
    let mut out = String::from(
        "period,period_starts_on,period_ends_on,setting_urn,setting_name,reference,budget_line,\
         funded_from,funded_to,days,amount_pence,amount_gbp\n",
    );
    for a in &schedule.awards {
        for p in &a.payments {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{}.{:02}",
                crate::csv_text::field(&p.period.label),
                p.period.starts_on,
                p.period.ends_on,
                a.setting_urn.map(|u| u.to_string()).unwrap_or_default(),
                crate::csv_text::field(&a.setting_name),
                a.reference,
                a.award.budget_line,
                p.funded_from,
                p.funded_to,
                p.days,
                p.amount.0,
                p.amount.0 / 100,
                (p.amount.0 % 100).abs(),
            );
        }
    }
    out
}
