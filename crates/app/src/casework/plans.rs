//! The plan itself: the draft, the comment window, the final plan naming a placement, and every
//! version after (SEND Regulations 2014 regs 12 to 14 and 22; SEND Code of Practice 9.61-9.62).

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, Utc};
use domain::{AssessmentOutcome, FieldError, PlacementCategory, SettingType};
use store::{PlacementRow, PlanRow, PlanSectionRow, PlanVersionRow, Tx};

use super::requests::assessing_request;
use super::{
    begin_case_write, finish_case_write, happened_on, not_before, not_in_future, parse_date,
};
use crate::Store;
use crate::actor::Actor;
use crate::error::{AppError, Result};

/// The sections of an EHC plan (SEND Code of Practice 9.62), by letter. Section H holds both
/// H1 and H2 (social care provision under the Chronically Sick and Disabled Persons Act and
/// other social care provision).
pub const SECTIONS: [(&str, &str); 11] = [
    ("A", "Views, interests and aspirations"),
    ("B", "Special educational needs"),
    ("C", "Health needs related to SEN"),
    ("D", "Social care needs related to SEN"),
    ("E", "Outcomes"),
    ("F", "Special educational provision"),
    ("G", "Health provision"),
    ("H", "Social care provision"),
    ("I", "Placement"),
    ("J", "Personal budget"),
    ("K", "Advice and information"),
];

/// Days the parent or young person has to comment on a draft (reg 13(1)).
const COMMENT_DAYS: u64 = 15;

/// A version of the plan as typed: each section's text by letter, and what changed.
#[derive(Debug, Clone, Default)]
pub struct PlanText {
    /// YYYY-MM-DD.
    pub issued_on: String,
    /// Section letter to text; a section left out keeps the previous version's text.
    pub sections: BTreeMap<String, String>,
    /// A line on what this version changes.
    pub summary: String,
}

/// One version of the plan, with its sections, as pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVersion {
    pub row: PlanVersionRow,
    pub sections: Vec<PlanSectionRow>,
}

/// Serves the draft plan, after deciding to issue one. The draft does not name a school or
/// other institution in section I (SEND Code of Practice 9.78): the family may ask for one.
pub async fn issue_draft(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    text: PlanText,
    today: NaiveDate,
) -> Result<i64> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let mut request = assessing_request(&file)?;
    if request.draft_issued_on.is_some() {
        return Err(AppError::Conflict(
            "a draft plan has already been issued".into(),
        ));
    }
    let issued = parse_date("issued_on", &text.issued_on)
        .and_then(|d| not_in_future("issued_on", d, today))
        .and_then(|d| {
            not_before(
                "issued_on",
                d,
                request.outcome_on.unwrap_or(request.received_on),
                "the decision to assess",
            )
        })?;
    check_sections(&text.sections)?;
    request.draft_issued_on = Some(issued);
    request.assessment_outcome = Some(AssessmentOutcome::Yes.code().into());
    request.assessment_outcome_on = Some(issued);
    tx.update_record(&request).await?;
    let version_id = add_version(
        &mut tx,
        actor,
        child_id,
        NewVersion {
            request_id: Some(request.request_id),
            plan_id: None,
            status: "draft",
            issued_on: issued,
            named_setting_id: None,
            sections: &text.sections,
            summary: non_empty(&text.summary, "Draft plan"),
        },
    )
    .await?;
    let notice = crate::notify::draft_plan_issued(child_id, issued + Days::new(COMMENT_DAYS));
    crate::notify::notify_family(&mut tx, actor.la_id(), child_id, &notice, Utc::now()).await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "plan.draft",
        ("plan_version", version_id),
        Some(format!("draft issued {issued}")),
    )
    .await?;
    Ok(version_id)
}

/// Records the day the family's comments on the draft arrived.
pub async fn record_comments(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    received_on: &str,
    today: NaiveDate,
) -> Result<()> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let mut request = assessing_or_drafted(&file)?;
    let Some(draft) = request.draft_issued_on else {
        return Err(AppError::Conflict("no draft plan has been issued".into()));
    };
    let received = happened_on("received_on", received_on, today, draft, "the draft")?;
    request.comments_received_on = Some(received);
    tx.update_record(&request).await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "plan.comments",
        ("request", request.request_id),
        Some(format!("comments received {received}")),
    )
    .await?;
    Ok(())
}

/// The final plan as typed.
#[derive(Debug, Clone, Default)]
pub struct FinalPlan {
    pub text: PlanText,
    /// The school, college or other institution named in section I.
    pub named_setting_id: Option<i64>,
}

/// Issues the final plan (reg 13(2): within 20 weeks of the request), naming the placement in
/// section I; the child's placement moves there from the day of issue. Not before the 15 days
/// for comments on the draft have passed, unless the comments have already arrived (reg 13(1)).
pub async fn issue_final(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    plan: FinalPlan,
    today: NaiveDate,
) -> Result<i64> {
    let (mut tx, file) = begin_case_write(store, actor, child_id).await?;
    let request = assessing_or_drafted(&file)?;
    let Some(draft) = request.draft_issued_on else {
        return Err(AppError::Conflict(
            "issue a draft plan before the final plan".into(),
        ));
    };
    let mut problems = Vec::new();
    let issued = happened_on("issued_on", &plan.text.issued_on, today, draft, "the draft")
        .map_err(|e| problems.push(e))
        .ok();
    let window_ends = draft + Days::new(COMMENT_DAYS);
    if let Some(on) = issued
        && on < window_ends
        && request.comments_received_on.is_none()
    {
        problems.push(FieldError::new(
            "issued_on",
            format!(
                "the family has until {window_ends} to comment on the draft (reg 13(1)); \
                 record their comments first or issue on or after that day"
            ),
        ));
    }
    let la_id = actor.la_id();
    let setting = match plan.named_setting_id {
        Some(id) => tx.setting(la_id, id).await?,
        None => None,
    };
    if setting.is_none() {
        problems.push(FieldError::new(
            "named_setting_id",
            "select the school or other institution named in section I",
        ));
    }
    if let Err(AppError::Invalid(more)) = check_sections(&plan.text.sections) {
        problems.extend(more);
    }
    let (Some(issued_on), Some(setting), true) = (issued, setting, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let plan_id = tx.allocate_ids(la_id, "plans", 1).await?;
    tx.insert_records(&[PlanRow {
        la_id,
        plan_id,
        child_id,
        request_id: Some(request.request_id),
        start_on: issued_on,
        cease_on: None,
        cease_reason: None,
        cease_notice_on: None,
        transferred_in_from: None,
        transferred_out_to: None,
    }])
    .await?;
    move_placement(&mut tx, la_id, child_id, &setting, issued_on).await?;
    let version_id = add_version(
        &mut tx,
        actor,
        child_id,
        NewVersion {
            request_id: Some(request.request_id),
            plan_id: Some(plan_id),
            status: "final",
            issued_on,
            named_setting_id: Some(setting.setting_id),
            sections: &plan.text.sections,
            summary: non_empty(&plan.text.summary, "Final plan"),
        },
    )
    .await?;
    let notice = crate::notify::final_plan_issued(child_id);
    crate::notify::notify_family(&mut tx, la_id, child_id, &notice, Utc::now()).await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        "plan.final",
        ("plan", plan_id),
        Some(format!(
            "final issued {issued_on}, naming {} (version {version_id})",
            setting.name
        )),
    )
    .await?;
    Ok(plan_id)
}

/// Ends the current placement the day before and starts one at the named setting, unless the
/// child is already there.
pub(crate) async fn move_placement(
    tx: &mut Tx,
    la_id: i64,
    child_id: i64,
    setting: &store::SettingRow,
    from: NaiveDate,
) -> Result<()> {
    let placements: Vec<PlacementRow> = tx.records_of_child(la_id, child_id).await?;
    let mut already_there = false;
    for mut p in placements.into_iter().filter(|p| p.leaving_on.is_none()) {
        if p.setting_id == Some(setting.setting_id) {
            already_there = true;
            continue;
        }
        p.leaving_on = Some(from.pred_opt().unwrap_or(from).max(p.entry_on));
        tx.update_record(&p).await?;
    }
    if already_there {
        return Ok(());
    }
    let setting_type = setting.setting_type.parse::<SettingType>()?;
    let placement_id = tx.allocate_ids(la_id, "placements", 1).await?;
    tx.insert_records(&[PlacementRow {
        la_id,
        placement_id,
        child_id,
        setting_id: Some(setting.setting_id),
        sen_setting: None,
        category: PlacementCategory::for_setting(setting_type, None)
            .column()
            .into(),
        entry_on: from,
        leaving_on: None,
        sen_unit: false,
        resourced_provision: false,
    }])
    .await?;
    Ok(())
}

/// A version about to be written.
pub(super) struct NewVersion<'a> {
    pub request_id: Option<i64>,
    pub plan_id: Option<i64>,
    pub status: &'static str,
    pub issued_on: NaiveDate,
    pub named_setting_id: Option<i64>,
    pub sections: &'a BTreeMap<String, String>,
    pub summary: String,
}

/// Adds a version: the previous version's sections with the given ones replacing theirs, and
/// the letters of the sections that changed. Versions are only ever added, never changed.
pub(super) async fn add_version(
    tx: &mut Tx,
    actor: &Actor,
    child_id: i64,
    new: NewVersion<'_>,
) -> Result<i64> {
    let la_id = actor.la_id();
    let previous = latest_version(tx, la_id, child_id).await?;
    let mut text: BTreeMap<String, String> = previous
        .as_ref()
        .map(|v| {
            v.sections
                .iter()
                .map(|s| (s.section.clone(), s.body.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut changed = Vec::new();
    for (letter, body) in new.sections {
        let body = body.trim();
        if text.get(letter).map(String::as_str) != Some(body) {
            changed.push(letter.clone());
            text.insert(letter.clone(), body.to_string());
        }
    }
    let previous_setting = previous.as_ref().and_then(|v| v.row.named_setting_id);
    if new.named_setting_id.is_some()
        && new.named_setting_id != previous_setting
        && !changed.iter().any(|l| l == "I")
    {
        changed.push("I".into());
    }
    changed.sort();
    let version_id = tx.allocate_ids(la_id, "plan_versions", 1).await?;
    let version_no = previous.as_ref().map_or(1, |v| v.row.version_no + 1);
    tx.insert_records(&[PlanVersionRow {
        la_id,
        version_id,
        child_id,
        request_id: new.request_id,
        plan_id: new.plan_id,
        version_no,
        status: new.status.into(),
        issued_on: new.issued_on,
        named_setting_id: new.named_setting_id.or(previous_setting),
        changed_sections: changed.join(","),
        change_summary: new.summary,
        author_staff_id: actor.staff_id(),
        recorded_at: Utc::now(),
    }])
    .await?;
    let sections: Vec<PlanSectionRow> = text
        .into_iter()
        .filter(|(_, body)| !body.is_empty())
        .map(|(section, body)| PlanSectionRow {
            la_id,
            version_id,
            section,
            body,
        })
        .collect();
    tx.insert_records(&sections).await?;
    Ok(version_id)
}

/// The newest version of a child's plan, with its sections.
pub(super) async fn latest_version(
    tx: &mut Tx,
    la_id: i64,
    child_id: i64,
) -> Result<Option<PlanVersion>> {
    let versions: Vec<PlanVersionRow> = tx.records_of_child(la_id, child_id).await?;
    let Some(row) = versions.into_iter().max_by_key(|v| v.version_no) else {
        return Ok(None);
    };
    let sections = tx.records_of_child(la_id, row.version_id).await?;
    Ok(Some(PlanVersion { row, sections }))
}

/// Every version of a child's plan, oldest first, with sections.
pub(super) async fn all_versions(
    tx: &mut Tx,
    la_id: i64,
    child_id: i64,
) -> Result<Vec<PlanVersion>> {
    let rows: Vec<PlanVersionRow> = tx.records_of_child(la_id, child_id).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let sections = tx.records_of_child(la_id, row.version_id).await?;
        out.push(PlanVersion { row, sections });
    }
    Ok(out)
}

/// Checks section letters are A to K.
fn check_sections(sections: &BTreeMap<String, String>) -> Result<()> {
    let mut problems = Vec::new();
    for letter in sections.keys() {
        if !SECTIONS.iter().any(|(l, _)| l == letter) {
            problems.push(FieldError::new(
                "sections",
                format!("'{letter}' is not a section of a plan (A to K)"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(problems))
    }
}

/// The request whose plan is being drafted or finalised.
fn assessing_or_drafted(file: &super::CaseFile) -> Result<store::RequestRow> {
    match file.current_request() {
        Some(r)
            if r.assessment_outcome.as_deref() == Some(AssessmentOutcome::Yes.code())
                && !file
                    .plans
                    .iter()
                    .any(|p| p.request_id == Some(r.request_id)) =>
        {
            Ok(r.clone())
        }
        _ => Err(AppError::Conflict(
            "this child has no draft plan waiting to be finalised".into(),
        )),
    }
}

fn non_empty(text: &str, default: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        default.into()
    } else {
        text.into()
    }
}

/// A plan in force issued again with changes: after a review (reg. 22) or a re-assessment
/// (reg. 27).
pub(super) struct ChangedPlan<'a> {
    pub plan: &'a PlanRow,
    pub text: &'a PlanText,
    pub named_setting_id: Option<i64>,
    pub issued_on: NaiveDate,
    /// The summary when none was typed.
    pub summary: &'static str,
    /// The audit action.
    pub action: &'static str,
}

/// Issues a changed plan: moves the placement where the named setting changes, adds the new
/// version with the sections that changed, and finishes the case write.
pub(super) async fn issue_changed_plan(
    mut tx: store::Tx,
    actor: &Actor,
    child_id: i64,
    changed: ChangedPlan<'_>,
) -> Result<i64> {
    let la_id = actor.la_id();
    let on = changed.issued_on;
    if let Some(id) = changed.named_setting_id {
        let setting = tx
            .setting(la_id, id)
            .await?
            .ok_or_else(|| FieldError::new("named_setting_id", "select a setting from the list"))?;
        super::plans::move_placement(&mut tx, la_id, child_id, &setting, on).await?;
    }
    let version_id = add_version(
        &mut tx,
        actor,
        child_id,
        NewVersion {
            request_id: changed.plan.request_id,
            plan_id: Some(changed.plan.plan_id),
            status: "amended",
            issued_on: on,
            named_setting_id: changed.named_setting_id,
            sections: &changed.text.sections,
            summary: super::reviews::summary_or(&changed.text.summary, changed.summary),
        },
    )
    .await?;
    finish_case_write(
        tx,
        actor,
        child_id,
        changed.action,
        ("plan_version", version_id),
        Some(format!("{} issued {on}", changed.summary.to_lowercase())),
    )
    .await?;
    Ok(version_id)
}
