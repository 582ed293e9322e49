//! Children and young people: recording one, and opening their record (an audited read).

use chrono::NaiveDate;
use domain::{
    Ethnicity, FieldError, NcYear, Postcode, SenType, Sex, Uln, Upn, UpnUnknown, age_on,
    nc_year_on, validate_need_ranks,
};
use store::{ChildNeedRow, ChildRow, PlacementRow, PlanRow, Store};

use crate::actor::Actor;
use crate::audit::{self, Audited};
use crate::error::{AppError, Result};
use crate::policy::{self, Action};

/// A child or young person as typed: every field text, parsed here.
#[derive(Debug, Clone, Default)]
pub struct NewChild {
    pub forename: String,
    pub surname: String,
    /// YYYY-MM-DD.
    pub birth_date: String,
    pub sex: String,
    pub ethnicity: Option<String>,
    pub postcode: Option<String>,
    pub upn: Option<String>,
    pub uln: Option<String>,
    pub upn_unknown: Option<String>,
    /// SEN2 need codes, primary first.
    pub needs: Vec<String>,
}

/// A child's record as a caseworker sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildRecord {
    pub child_id: i64,
    pub forename: String,
    pub surname: String,
    pub birth_date: NaiveDate,
    pub age: u32,
    pub nc_year: NcYear,
    pub sex: String,
    pub ethnicity: Option<String>,
    pub postcode: Option<String>,
    pub upn: Option<String>,
    pub uln: Option<String>,
    pub upn_unknown: Option<String>,
    pub needs: Vec<SenType>,
    pub plans: Vec<PlanRow>,
    pub placements: Vec<PlacementRow>,
    /// Where they are now: the setting's name, or the kind of placement when there is no setting.
    pub current_setting: Option<String>,
    /// The people involved: family members with an account, as (name, role label).
    pub people: Vec<(String, String)>,
}

/// The oldest a young person can be and still have an EHC plan (Children and Families Act
/// 2014 s.83: a young person is over compulsory school age and under 25).
const OLDEST_AGE: u32 = 25;

/// Records a new child. All problems with the input are reported at once; nothing is saved
/// unless all is well.
pub async fn register_child(
    store: &Store,
    actor: &Actor,
    new: NewChild,
    today: NaiveDate,
) -> Result<i64> {
    policy::authorise(actor, Action::RegisterChild)?;
    let mut problems = Vec::new();
    let mut take = |r: Result<Option<String>, FieldError>| match r {
        Ok(v) => v,
        Err(e) => {
            problems.push(e);
            None
        }
    };
    let forename = take(required(
        "forename",
        &new.forename,
        "enter their first name",
    ));
    let surname = take(required("surname", &new.surname, "enter their last name"));
    let birth_date = take(parse_birth_date(&new.birth_date, today).map(|d| Some(d.to_string())));
    let sex = take(new.sex.parse::<Sex>().map(|s| Some(s.code().to_string())));
    let ethnicity = take(optional(&new.ethnicity, |s| {
        s.parse::<Ethnicity>().map(|e| e.code().to_string())
    }));
    let postcode = take(optional(&new.postcode, |s| {
        s.parse::<Postcode>().map(|p| p.as_str().to_string())
    }));
    let upn = take(optional(&new.upn, |s| {
        s.parse::<Upn>().map(|u| u.as_str().to_string())
    }));
    let uln = take(optional(&new.uln, |s| {
        s.parse::<Uln>().map(|u| u.to_string())
    }));
    let upn_unknown = take(optional(&new.upn_unknown, |s| {
        s.parse::<UpnUnknown>().map(|u| u.code().to_string())
    }));
    let mut needs = Vec::new();
    for (i, code) in new
        .needs
        .iter()
        .filter(|c| !c.trim().is_empty())
        .enumerate()
    {
        match code.parse::<SenType>() {
            Ok(t) => needs.push((u8::try_from(i + 1).unwrap_or(u8::MAX), t)),
            Err(e) => problems.push(e),
        }
    }
    if let Err(e) = validate_need_ranks(&needs) {
        problems.push(e);
    }
    // SEN2: a person needs a UPN, a ULN or a reason the UPN is unknown.
    if new.upn.as_deref().is_none_or(|s| s.trim().is_empty())
        && new.uln.as_deref().is_none_or(|s| s.trim().is_empty())
        && new
            .upn_unknown
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
    {
        problems.push(FieldError::new(
            "upn",
            "enter a UPN, a ULN, or the reason the UPN is unknown",
        ));
    }
    let (Some(forename), Some(surname), Some(birth_date), Some(sex)) =
        (forename, surname, birth_date, sex)
    else {
        return Err(AppError::Invalid(problems));
    };
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let birth_date = NaiveDate::parse_from_str(&birth_date, "%Y-%m-%d")
        .map_err(|_| FieldError::new("birth_date", "enter a real date"))?;

    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    if let Some(upn) = &upn
        && tx.child_by_upn(la_id, upn).await?.is_some()
    {
        return Err(AppError::Invalid(vec![FieldError::new(
            "upn",
            format!("{upn} is already recorded for another child: search for them instead"),
        )]));
    }
    let child_id = tx.allocate_ids(la_id, "children", 1).await?;
    tx.insert_children(&[ChildRow {
        la_id,
        child_id,
        forename,
        surname,
        birth_date,
        sex,
        ethnicity,
        postcode,
        address_line: None,
        upn,
        uln,
        upn_unknown,
    }])
    .await?;
    let need_rows: Vec<ChildNeedRow> = needs
        .iter()
        .map(|(rank, t)| ChildNeedRow {
            la_id,
            child_id,
            rank: i64::from(*rank),
            sen_type: t.code().into(),
        })
        .collect();
    tx.insert_child_needs(&need_rows).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "child.add",
            record_type: "child",
            record_id: Some(child_id.to_string()),
            child_id: Some(child_id),
            detail: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(child_id)
}

/// Opens a child's record. The read itself is audited: who looked, when, from where.
pub async fn view_child(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    today: NaiveDate,
) -> Result<ChildRecord> {
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    // The policy needs to know where the child is placed (for SENCOs); nothing leaves this
    // function before the answer.
    let placements = tx.placements_for_child(la_id, child_id).await?;
    let current = current_placement(&placements);
    let setting_id = current.and_then(|p| p.setting_id);
    if let Err(denied) = policy::authorise(
        actor,
        Action::ReadChild {
            child_id,
            setting_id,
        },
    ) {
        // A refused look is recorded too: who tried to open which record, from where.
        audit::record(
            &mut tx,
            actor,
            Audited {
                action: "child.read_denied",
                record_type: "child",
                record_id: Some(child_id.to_string()),
                child_id: None,
                detail: None,
            },
        )
        .await?;
        tx.commit().await?;
        return Err(denied);
    }
    let row = tx
        .child(la_id, child_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("child {child_id}")))?;
    let needs = tx
        .child_needs(la_id, child_id)
        .await?
        .iter()
        .map(|n| n.sen_type.parse::<SenType>())
        .collect::<Result<Vec<_>, _>>()?;
    let plans = tx.plans_for_child(la_id, child_id).await?;
    let current_setting = match current {
        Some(p) => match p.setting_id {
            Some(setting_id) => tx.setting(la_id, setting_id).await?.map(|s| s.name),
            None => Some(
                p.category
                    .parse::<domain::PlacementCategory>()
                    .map_or_else(|_| p.category.clone(), |c| c.label().to_string()),
            ),
        },
        None => None,
    };
    let people = tx
        .family_of_child(la_id, child_id)
        .await?
        .into_iter()
        .map(|m| {
            let role = m
                .role
                .parse::<domain::Role>()
                .map_or(m.role.clone(), |r| r.label().to_string());
            (m.name, role)
        })
        .collect();
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "child.read",
            record_type: "child",
            record_id: Some(child_id.to_string()),
            child_id: Some(child_id),
            detail: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ChildRecord {
        child_id,
        age: age_on(row.birth_date, today),
        nc_year: nc_year_on(row.birth_date, today),
        forename: row.forename,
        surname: row.surname,
        birth_date: row.birth_date,
        sex: row.sex,
        ethnicity: row.ethnicity,
        postcode: row.postcode,
        upn: row.upn,
        uln: row.uln,
        upn_unknown: row.upn_unknown,
        needs,
        plans,
        placements,
        current_setting,
        people,
    })
}

/// The placement a child is in now: the newest one without a leaving date.
pub(crate) fn current_placement(placements: &[PlacementRow]) -> Option<&PlacementRow> {
    placements
        .iter()
        .filter(|p| p.leaving_on.is_none())
        .max_by_key(|p| p.entry_on)
}

fn required(field: &'static str, text: &str, problem: &str) -> Result<Option<String>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        Err(FieldError::new(field, problem))
    } else {
        Ok(Some(text.to_string()))
    }
}

fn optional(
    text: &Option<String>,
    parse: impl Fn(&str) -> Result<String, FieldError>,
) -> Result<Option<String>, FieldError> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => parse(t).map(Some),
    }
}

pub(crate) fn parse_birth_date(text: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new("birth_date", "enter their date of birth"));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            "birth_date",
            format!("'{text}' is not a date: use YYYY-MM-DD"),
        )
    })?;
    if date > today {
        return Err(FieldError::new(
            "birth_date",
            "date of birth must be today or in the past",
        ));
    }
    if age_on(date, today) > OLDEST_AGE {
        return Err(FieldError::new(
            "birth_date",
            format!("they are over {OLDEST_AGE}, too old for an EHC plan"),
        ));
    }
    Ok(date)
}

/// One line of a search result: enough to pick the right child, nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildMatch {
    pub child_id: i64,
    pub name: String,
    pub birth_date: NaiveDate,
    pub upn: Option<String>,
}

/// The most results a search returns; a longer list means the search should be narrower.
pub const SEARCH_LIMIT: u64 = 50;

/// Finds children by UPN, by date of birth (YYYY-MM-DD or DD/MM/YYYY) or by the start of the
/// surname. The search and its terms are audited, as the results are personal data.
pub async fn search_children(store: &Store, actor: &Actor, query: &str) -> Result<Vec<ChildMatch>> {
    policy::authorise(actor, Action::SearchChildren)?;
    let query = query.trim();
    if query.is_empty() {
        return Err(FieldError::new("q", "enter a name, UPN or date of birth").into());
    }
    let la_id = actor.la_id();
    let mut tx = store.begin().await?;
    let rows = if let Ok(upn) = query.parse::<Upn>() {
        tx.child_by_upn(la_id, upn.as_str())
            .await?
            .into_iter()
            .collect()
    } else if let Some(date) = parse_search_date(query) {
        tx.children_by_birth_date(la_id, date, SEARCH_LIMIT).await?
    } else {
        tx.children_by_surname(la_id, query, SEARCH_LIMIT).await?
    };
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "child.search",
            record_type: "child",
            record_id: None,
            child_id: None,
            detail: Some(format!("{} results for '{query}'", rows.len())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|c| ChildMatch {
            child_id: c.child_id,
            name: format!("{} {}", c.forename, c.surname),
            birth_date: c.birth_date,
            upn: c.upn,
        })
        .collect())
}

fn parse_search_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

/// Who has looked at a child's record, newest first: for managers, and itself audited.
pub async fn child_access_log(
    store: &Store,
    actor: &Actor,
    child_id: i64,
    limit: u64,
) -> Result<Vec<store::AuditRow>> {
    policy::authorise(actor, Action::ReadAuditLog)?;
    let mut tx = store.begin().await?;
    let rows = tx.audit_for_child(actor.la_id(), child_id, limit).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "audit.read",
            record_type: "child",
            record_id: Some(child_id.to_string()),
            child_id: Some(child_id),
            detail: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// The council's audit log for export, newest first. The export is itself audited.
pub async fn export_audit_log(
    store: &Store,
    actor: &Actor,
    limit: u64,
) -> Result<Vec<store::AuditRow>> {
    policy::authorise(actor, Action::ReadAuditLog)?;
    let mut tx = store.begin().await?;
    let rows = tx.audit_events(actor.la_id(), limit).await?;
    audit::record(
        &mut tx,
        actor,
        Audited {
            action: "audit.export",
            record_type: "audit_log",
            record_id: None,
            child_id: None,
            detail: Some(format!("{} events", rows.len())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(rows)
}
