//! Asking for an EHC needs assessment online: a parent or carer for their child, a young person
//! for themselves (Children and Families Act 2014 s.36(1)), or a school's SENCO for a pupil
//! with the family's agreement (s.36(1) and SEND Code of Practice 9.8). The request is
//! received the day it is sent; the council has 6 weeks to decide whether to assess (SEND
//! Regulations 2014 reg. 4(1) and 5(1)), and the SEND team's managers are told at once so
//! someone picks the case up.

use chrono::{DateTime, NaiveDate, Utc};
use domain::clock::decision_due_on;
use domain::young_person::is_young_person;
use domain::{FieldError, Postcode, RequestOutcome, Role, Sex, Upn};
use store::{ChildRow, FamilyLinkRow, RequestDetailsRow, RequestRow, Tx};

use super::{audit_child, optional_text, required_text};
use crate::Store;
use crate::actor::{Actor, ActorKind};
use crate::casework::{load_case_file, refresh_case};
use crate::children::parse_birth_date;
use crate::error::{AppError, Result};
use crate::notify::{self, Recipient};
use crate::policy::{self, Action};

/// The longest name or school name a request takes.
const MAX_NAME: usize = 200;

/// What the family writes when they ask, as typed.
#[derive(Debug, Clone, Default)]
pub struct FamilyRequest {
    pub your_name: String,
    /// `parent_carer`, or `young_person` when they ask for themselves.
    pub relationship: String,
    pub forename: String,
    pub surname: String,
    /// YYYY-MM-DD.
    pub birth_date: String,
    pub postcode: String,
    /// The school, college or nursery they attend, in the family's words.
    pub setting_named: String,
    pub reasons: String,
    pub support_now: String,
}

/// What a SENCO writes when the school asks, as typed.
#[derive(Debug, Clone, Default)]
pub struct SchoolRequest {
    /// One of the SENCO's settings.
    pub setting_id: Option<i64>,
    pub forename: String,
    pub surname: String,
    pub birth_date: String,
    /// The pupil's unique pupil number: a school always has it.
    pub upn: String,
    pub reasons: String,
    pub support_now: String,
    /// The parent (or the young person) agrees to the request.
    pub family_agrees: bool,
}

/// A request made: the case it opened and the day the decision is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestMade {
    pub child_id: i64,
    pub request_id: i64,
    pub decision_due: NaiveDate,
}

fn short_text(field: &'static str, text: &str, what: &str) -> Result<String, FieldError> {
    let text = required_text(field, text, what)?;
    if text.chars().count() > MAX_NAME {
        return Err(FieldError::new(
            field,
            format!("must be {MAX_NAME} characters or fewer"),
        ));
    }
    Ok(text)
}

/// The checks both kinds of request share: the child's name and date of birth, and the reasons.
struct Common {
    forename: String,
    surname: String,
    birth_date: NaiveDate,
    reasons: String,
    support_now: String,
}

fn check_common(
    problems: &mut Vec<FieldError>,
    names: (&str, &str),
    birth_date: &str,
    reasons: &str,
    support_now: &str,
    today: NaiveDate,
) -> Option<Common> {
    let mut keep = |r: Result<String, FieldError>| r.map_err(|e| problems.push(e)).ok();
    let forename = keep(short_text("forename", names.0, "their first name"));
    let surname = keep(short_text("surname", names.1, "their last name"));
    let reasons = keep(required_text(
        "reasons",
        reasons,
        "why you are asking for an assessment",
    ));
    let support_now = keep(optional_text("support_now", support_now));
    let birth_date = parse_birth_date(birth_date, today)
        .map_err(|e| problems.push(e))
        .ok();
    Some(Common {
        forename: forename?,
        surname: surname?,
        birth_date: birth_date?,
        reasons: reasons?,
        support_now: support_now?,
    })
}

/// A parent, carer or young person asks for an assessment. The child's record, the link to
/// the family's account, the request and what they wrote are saved together; the family and
/// the SEND managers are told.
pub async fn request_assessment(
    store: &Store,
    actor: &Actor,
    form: &FamilyRequest,
    now: DateTime<Utc>,
) -> Result<RequestMade> {
    policy::authorise(actor, Action::RequestAssessment)?;
    let ActorKind::Family {
        person_id,
        children,
        ..
    } = &actor.kind
    else {
        return Err(AppError::Forbidden(
            "ask for an assessment as a family".into(),
        ));
    };
    let person_id = *person_id;
    let today = now.date_naive();
    let mut problems = Vec::new();
    let your_name = short_text("your_name", &form.your_name, "your full name")
        .map_err(|e| problems.push(e))
        .ok();
    let for_self = match form.relationship.as_str() {
        "parent_carer" => Some(false),
        "young_person" => Some(true),
        _ => {
            problems.push(FieldError::new(
                "relationship",
                "select who the request is for",
            ));
            None
        }
    };
    let setting_named = optional_text("setting_named", &form.setting_named)
        .map_err(|e| problems.push(e))
        .ok();
    let postcode = match form.postcode.trim() {
        "" => None,
        text => text
            .parse::<Postcode>()
            .map(|p| p.as_str().to_string())
            .map_err(|e| problems.push(e))
            .ok(),
    };
    let common = check_common(
        &mut problems,
        (&form.forename, &form.surname),
        &form.birth_date,
        &form.reasons,
        &form.support_now,
        today,
    );
    if let (Some(true), Some(c)) = (for_self, &common)
        && !is_young_person(c.birth_date, today)
    {
        problems.push(FieldError::new(
            "relationship",
            "you can ask for yourself once you are over compulsory school age (after the last \
             Friday in June of year 11); until then your parent or carer asks",
        ));
    }
    if for_self == Some(true) && !children.is_empty() {
        problems.push(FieldError::new(
            "relationship",
            "this account is already linked to a child: a young person asks from their own \
             email address",
        ));
    }
    let (Some(your_name), Some(for_self), Some(setting_named), Some(c), true) = (
        your_name,
        for_self,
        setting_named,
        common,
        problems.is_empty(),
    ) else {
        return Err(AppError::Invalid(problems));
    };
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    for &linked in children {
        if let Some(child) = tx.child(la_id, linked).await?
            && child.birth_date == c.birth_date
            && child.forename.eq_ignore_ascii_case(&c.forename)
            && child.surname.eq_ignore_ascii_case(&c.surname)
        {
            return Err(AppError::Conflict(format!(
                "you have already told us about {} {}: follow their case from your home page",
                child.forename, child.surname
            )));
        }
    }
    let role = if for_self {
        Role::YoungPerson
    } else {
        Role::ParentCarer
    };
    tx.update_family_member(la_id, person_id, &your_name, role.code())
        .await?;
    let child_id = new_child(&mut tx, la_id, &c, postcode, None).await?;
    tx.insert_family_links(&[FamilyLinkRow {
        la_id,
        person_id,
        child_id,
        relationship: if for_self { "self" } else { "parent_carer" }.into(),
    }])
    .await?;
    let source = if for_self { "young_person" } else { "parent" };
    let details = Details {
        requester: ("family", person_id),
        relationship: role.code(),
        setting_named,
        family_agrees: true,
    };
    let made = record(&mut tx, actor, child_id, source, &c, details, now).await?;
    let notice = notify::request_received(child_id, made.decision_due);
    notify::notify(&mut tx, la_id, Recipient::Family(person_id), &notice, now).await?;
    tell_managers(&mut tx, la_id, child_id, "a family", made.decision_due, now).await?;
    tx.commit().await?;
    Ok(made)
}

/// A school's SENCO asks for an assessment for a pupil, with the family's agreement. A pupil
/// the council knows (by UPN) must be placed at the SENCO's school; a pupil it does not know
/// is recorded, placed there from today.
pub async fn request_for_pupil(
    store: &Store,
    actor: &Actor,
    form: &SchoolRequest,
    now: DateTime<Utc>,
) -> Result<RequestMade> {
    policy::authorise(
        actor,
        Action::RequestForPupil {
            setting_id: form.setting_id,
        },
    )?;
    let today = now.date_naive();
    let mut problems = Vec::new();
    if form.setting_id.is_none() {
        problems.push(FieldError::new("setting_id", "select the pupil's school"));
    }
    let upn = form
        .upn
        .trim()
        .parse::<Upn>()
        .map(|u| u.as_str().to_string())
        .map_err(|e| problems.push(e))
        .ok();
    if !form.family_agrees {
        problems.push(FieldError::new(
            "family_agrees",
            "confirm the parent or young person agrees to the request: talk to them first \
             (SEND Code of Practice 9.8)",
        ));
    }
    let common = check_common(
        &mut problems,
        (&form.forename, &form.surname),
        &form.birth_date,
        &form.reasons,
        &form.support_now,
        today,
    );
    let (Some(setting_id), Some(upn), Some(c), true) =
        (form.setting_id, upn, common, problems.is_empty())
    else {
        return Err(AppError::Invalid(problems));
    };
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let setting = tx
        .setting(la_id, setting_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("setting {setting_id}")))?;
    let child_id = match tx.child_by_upn(la_id, &upn).await? {
        Some(known) => {
            let placements = tx.placements_for_child(la_id, known.child_id).await?;
            let here = crate::children::current_placement(&placements)
                .is_some_and(|p| p.setting_id == Some(setting_id));
            if !here {
                return Err(AppError::Invalid(vec![FieldError::new(
                    "upn",
                    format!(
                        "{upn} belongs to a pupil the council has at another school: ask the \
                         SEND team to update their record first"
                    ),
                )]));
            }
            let file = load_case_file(&mut tx, la_id, known.child_id).await?;
            if let Some(clock) = file.clock(today)
                && matches!(
                    clock.stage,
                    domain::clock::Stage::AwaitingDecision
                        | domain::clock::Stage::Assessing
                        | domain::clock::Stage::DraftPlan
                )
            {
                return Err(AppError::Conflict(
                    "this pupil already has a request under way: see its progress on the pupil's page"
                        .into(),
                ));
            }
            known.child_id
        }
        None => {
            let child_id = new_child(&mut tx, la_id, &c, None, Some(upn)).await?;
            crate::casework::plans::move_placement(&mut tx, la_id, child_id, &setting, today)
                .await?;
            child_id
        }
    };
    let staff_id = actor.staff_id().unwrap_or_default();
    let details = Details {
        requester: ("staff", staff_id),
        relationship: "school",
        setting_named: setting.name.clone(),
        family_agrees: true,
    };
    let made = record(&mut tx, actor, child_id, "school", &c, details, now).await?;
    tell_managers(&mut tx, la_id, child_id, "a school", made.decision_due, now).await?;
    tx.commit().await?;
    Ok(made)
}

async fn new_child(
    tx: &mut Tx,
    la_id: i64,
    c: &Common,
    postcode: Option<String>,
    upn: Option<String>,
) -> Result<i64> {
    let child_id = tx.allocate_ids(la_id, "children", 1).await?;
    tx.insert_children(&[ChildRow {
        la_id,
        child_id,
        forename: c.forename.clone(),
        surname: c.surname.clone(),
        birth_date: c.birth_date,
        // The family is not asked; the caseworker records it with the SEN2 details.
        sex: Sex::NotKnown.code().into(),
        ethnicity: None,
        postcode,
        address_line: None,
        upn,
        uln: None,
        upn_unknown: None,
    }])
    .await?;
    Ok(child_id)
}

struct Details {
    requester: (&'static str, i64),
    relationship: &'static str,
    setting_named: String,
    family_agrees: bool,
}

/// Saves the request and what was written with it, audits it and opens the case.
async fn record(
    tx: &mut Tx,
    actor: &Actor,
    child_id: i64,
    source: &str,
    c: &Common,
    details: Details,
    now: DateTime<Utc>,
) -> Result<RequestMade> {
    let la_id = actor.la_id();
    let received_on = now.date_naive();
    let request_id = tx.allocate_ids(la_id, "requests", 1).await?;
    tx.insert_records(&[RequestRow {
        la_id,
        request_id,
        child_id,
        received_on,
        source: source.into(),
        outcome: RequestOutcome::Awaiting.code().into(),
        outcome_on: None,
        assessment_outcome: None,
        assessment_outcome_on: None,
        week20_exception: false,
        decision_reasons: None,
        draft_issued_on: None,
        comments_received_on: None,
    }])
    .await?;
    tx.insert_records(&[RequestDetailsRow {
        la_id,
        request_id,
        child_id,
        requester_kind: details.requester.0.into(),
        requester_id: details.requester.1,
        relationship: details.relationship.into(),
        setting_named: details.setting_named,
        reasons: c.reasons.clone(),
        support_now: c.support_now.clone(),
        family_agrees: details.family_agrees,
        submitted_at: now,
    }])
    .await?;
    audit_child(
        tx,
        actor,
        "request.online",
        ("request", request_id),
        child_id,
    )
    .await?;
    refresh_case(tx, la_id, child_id, None).await?;
    tx.bump_casework_generation(la_id).await?;
    Ok(RequestMade {
        child_id,
        request_id,
        decision_due: decision_due_on(received_on),
    })
}

/// Every SEND manager hears of a request no one has yet.
async fn tell_managers(
    tx: &mut Tx,
    la_id: i64,
    child_id: i64,
    from: &str,
    decision_due: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    let notice = notify::new_request_for_team(child_id, from, decision_due);
    for staff_id in tx.staff_with_role(la_id, Role::SendManager.code()).await? {
        notify::notify(tx, la_id, Recipient::Staff(staff_id), &notice, now).await?;
    }
    Ok(())
}
