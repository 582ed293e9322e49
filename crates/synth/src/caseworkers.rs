//! The council's SEND caseworkers and who holds each case.
//!
//! Councils organise casework by locality, and a caseworker typically holds 150 or so open
//! cases, so each locality gets one caseworker for about every 150 open cases there (at least
//! one), and its cases are shared out in turn, open and closed cases separately so open
//! caseloads come out even.

use crate::events_model::{CaseOwner, Caseworker};
use crate::model::Council;
use crate::names;

/// Open cases a caseworker holds.
pub const CASES_PER_CASEWORKER: usize = 150;

/// The domain of synthetic staff email addresses for a council: its name in lower case with
/// hyphens, under the reserved `.example` top-level domain.
pub fn email_domain(council_name: &str) -> String {
    let mut slug = String::new();
    for ch in council_name.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "council.example".to_string()
    } else {
        format!("{slug}.example")
    }
}

/// The locality a child lives in, from their postcode district (districts are numbered from 1
/// in the order of `areas`).
fn area_of(outward: &str, areas: usize) -> usize {
    let digits: String = outward.chars().filter(char::is_ascii_digit).collect();
    let district: usize = digits.parse().unwrap_or(1);
    district.saturating_sub(1) % areas.max(1)
}

/// Makes the caseworkers and gives every child's case to one of them.
pub(crate) fn assign<R: rand::Rng + ?Sized>(c: &mut Council, rng: &mut R) {
    let areas = c.areas.len().max(1);
    let n = c.children.len();
    let open = c.open_by_child();
    let mut known = vec![false; n + 1];
    for child_id in c
        .plans
        .iter()
        .map(|p| p.child_id)
        .chain(c.requests.iter().map(|r| r.child_id))
    {
        known[child_id as usize] = true;
    }
    let area: Vec<usize> = c
        .children
        .iter()
        .map(|ch| area_of(ch.postcode.outward(), areas))
        .collect();
    let mut open_in = vec![0usize; areas];
    for ch in &c.children {
        if open[ch.id as usize] {
            open_in[area[ch.id as usize - 1]] += 1;
        }
    }
    let domain = email_domain(&c.la.name);
    let mut caseworkers = Vec::new();
    // The caseworkers of each area, as indices into `caseworkers`.
    let mut teams: Vec<Vec<usize>> = Vec::with_capacity(areas);
    for (a, &cases) in open_in.iter().enumerate() {
        let k = ((cases as f64 / CASES_PER_CASEWORKER as f64).round() as usize).max(1);
        let mut team = Vec::with_capacity(k);
        for _ in 0..k {
            let id = caseworkers.len() as i64 + 1;
            team.push(caseworkers.len());
            caseworkers.push(Caseworker {
                id,
                name: format!("{} {}", names::forename(rng, None), names::surname(rng)),
                email: format!("caseworker{id}@{domain}"),
                team: c.areas.get(a).cloned().unwrap_or_default(),
            });
        }
        teams.push(team);
    }
    let mut next_open = vec![0usize; areas];
    let mut next_closed = vec![0usize; areas];
    let mut owners = Vec::with_capacity(n);
    for ch in &c.children {
        let i = ch.id as usize;
        if !known[i] {
            continue;
        }
        let a = area[i - 1];
        let turn = if open[i] {
            &mut next_open[a]
        } else {
            &mut next_closed[a]
        };
        let team = &teams[a];
        let k = team[*turn % team.len()];
        *turn += 1;
        owners.push(CaseOwner {
            child_id: ch.id,
            caseworker_id: caseworkers[k].id,
        });
    }
    c.caseworkers = caseworkers;
    c.case_owners = owners;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_domains_are_reserved_and_plain() {
        assert_eq!(email_domain("Exampleshire"), "exampleshire.example");
        assert_eq!(email_domain("Bristol, City of"), "bristol-city-of.example");
        assert_eq!(email_domain("  "), "council.example");
    }

    #[test]
    fn areas_come_from_the_postcode_district() {
        assert_eq!(area_of("ZY1", 3), 0);
        assert_eq!(area_of("ZY3", 3), 2);
        assert_eq!(area_of("ZY4", 3), 0);
    }
}
