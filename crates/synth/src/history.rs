//! Five years of casework behind the caseload: requests, assessments, plans issued and ceased.
//!
//! For each activity year 2020 to 2024 the calibrated flows are scaled by `plans / caseload` and
//! rounded: requests received and refused, assessments ending with a plan or without one, plans
//! issued within 20 weeks (counted, as the DfE counts them, with and without the permitted
//! exceptions), and plans ceased. Plans issued in the window go to children who still hold a
//! plan at the census (the youngest first, since they cannot have had one earlier) and to
//! children whose plans later ceased; every other active plan started between the child's
//! second birthday and the end of 2019. Children refused an assessment or assessed without a
//! plan get records of their own. Requests the DfE counts but that have no outcome in these
//! figures are either still being assessed at the census (late 2024) or were withdrawn.
//!
//! Dates follow the SEND Regulations 2014: the decision whether to assess is due within 6 weeks
//! of the request (reg. 5(1)), a decision not to issue a plan within 16 weeks (reg. 10(1)), and
//! the final plan within 20 weeks (reg. 13(2)), unless an exception in reg. 10(4) or 13(3)
//! applies. A plan issued "within 20 weeks" here is one issued no more than 140 days after the
//! request was received.

use chrono::NaiveDate;
use domain::{AssessmentOutcome, CeaseReason, RequestOutcome, SenType};
use rand::RngExt;
use rand::seq::SliceRandom;

use crate::calendar::{add_days, between, dec31, jan1};
use crate::calibration::Calibration;
use crate::caseload::Profile;
use crate::cases::{
    Case, PlanSpec, RequestSpec, Who, birth_for_age_on, cease_reason_and_age, counts,
    days_to_final, decision_date, issue_range, pre_window_range, request_age, source, weighted,
    window_share, window_start,
};

/// A plan waiting for its dates: whose it is, their birth date, the latest date it may be
/// issued, and when and why it ceased, if it did.
struct Issue {
    who: Who,
    birth: NaiveDate,
    limit: NaiveDate,
    cease: Option<(NaiveDate, CeaseReason)>,
}

/// Builds the history for these active children.
pub fn build<R: rand::Rng + ?Sized>(
    cal: &Calibration,
    profiles: &[Profile],
    census: NaiveDate,
    need_weights: &[(Option<SenType>, f64)],
    rng: &mut R,
) -> (Vec<Case>, Vec<String>) {
    let counts = counts(cal, profiles.len() as u32);
    let mut notes = Vec::new();
    let day_before = add_days(census, -1);
    let mut slots: Vec<u32> = counts.iter().map(|(_, c)| c.issued).collect();
    let years: Vec<i32> = counts.iter().map(|(y, _)| *y).collect();
    let draw_need = |rng: &mut R| {
        let w: Vec<f64> = need_weights.iter().map(|n| n.1).collect();
        need_weights.get(weighted(rng, &w)).and_then(|n| n.0)
    };
    let mut cases: Vec<Case> = Vec::new();
    // (year index, plan) for plans issued in the window.
    let mut issued: Vec<(usize, Issue)> = Vec::new();
    let take_slot = |rng: &mut R, slots: &mut [u32], birth: NaiveDate, limit: NaiveDate| {
        let w: Vec<f64> = years
            .iter()
            .zip(slots.iter())
            .map(|(&y, &s)| {
                if s > 0 && issue_range(y, birth, limit).is_some() {
                    f64::from(s)
                } else {
                    0.0
                }
            })
            .collect();
        if w.iter().sum::<f64>() <= 0.0 {
            return None;
        }
        let i = weighted(rng, &w);
        slots[i] -= 1;
        Some(i)
    };

    // Children who cease, by year; pre-window plans for those who cannot or did not take a slot.
    let mut ceased_window: Vec<(bool, Issue)> = Vec::new();
    let mut pre: Vec<Issue> = Vec::new();
    for (y, c) in &counts {
        for _ in 0..c.ceased {
            let (reason, age) = cease_reason_and_age(rng);
            let cease_on = between(rng, jan1(*y), dec31(*y).min(day_before));
            let birth = birth_for_age_on(rng, cease_on, age);
            let who = Who::New {
                birth_date: birth,
                need: draw_need(rng),
            };
            let limit = add_days(cease_on, -30);
            let pre_ok = pre_window_range(birth, limit).is_some();
            let elapsed = ((cease_on - window_start()).num_days() as f64 / 730.0).clamp(0.0, 1.0);
            let must = !pre_ok;
            if must || rng.random_bool(window_share(reason) * elapsed) {
                ceased_window.push((
                    must,
                    Issue {
                        who,
                        birth,
                        limit,
                        cease: Some((cease_on, reason)),
                    },
                ));
            } else {
                pre.push(Issue {
                    who,
                    birth,
                    limit,
                    cease: Some((cease_on, reason)),
                });
            }
        }
    }
    // Active children who were too young for a plan before 2020 come first, youngest first.
    let mut order: Vec<usize> = (0..profiles.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(profiles[i].birth_date));
    let mandatory: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| pre_window_range(profiles[i].birth_date, day_before).is_none())
        .collect();
    let mut has_plan = vec![false; profiles.len()];
    for &i in &mandatory {
        let birth = profiles[i].birth_date;
        match take_slot(rng, &mut slots, birth, day_before) {
            Some(y) => issued.push((
                y,
                Issue {
                    who: Who::Active(i),
                    birth,
                    limit: day_before,
                    cease: None,
                },
            )),
            None => {
                // No slot left in a year the child was old enough: issue one more plan than
                // the figures say rather than leave a child on the caseload without a plan.
                let y = years.len() - 1;
                issued.push((
                    y,
                    Issue {
                        who: Who::Active(i),
                        birth,
                        limit: day_before,
                        cease: None,
                    },
                ));
            }
        }
        has_plan[i] = true;
    }
    // Ceased children who must start in the window, then those who chose to.
    ceased_window.sort_by_key(|(must, _)| !*must);
    for (must, plan) in ceased_window {
        match take_slot(rng, &mut slots, plan.birth, plan.limit) {
            Some(y) => issued.push((y, plan)),
            None if !must => pre.push(plan),
            None => {
                let y = years
                    .iter()
                    .rposition(|&yr| issue_range(yr, plan.birth, plan.limit).is_some())
                    .unwrap_or(0);
                issued.push((y, plan));
            }
        }
    }
    // The remaining slots go to other active children, weighted towards the young.
    let left: u32 = slots.iter().sum();
    let mut keyed: Vec<(f64, usize)> = order
        .iter()
        .copied()
        .filter(|&i| !has_plan[i])
        .map(|i| {
            let w = match profiles[i].age {
                0..=11 => 3.0,
                12..=15 => 2.0,
                16..=19 => 1.2,
                _ => 0.6,
            };
            // Efraimidis-Spirakis: the largest u^(1/w) form a weighted sample without replacement.
            let u: f64 = rng.random_range(f64::MIN_POSITIVE..1.0);
            (u.powf(1.0 / w), i)
        })
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<usize> = keyed.iter().take(left as usize).map(|k| k.1).collect();
    chosen.sort_by_key(|&i| std::cmp::Reverse(profiles[i].birth_date));
    for i in chosen {
        let birth = profiles[i].birth_date;
        if let Some(y) = take_slot(rng, &mut slots, birth, day_before) {
            issued.push((
                y,
                Issue {
                    who: Who::Active(i),
                    birth,
                    limit: day_before,
                    cease: None,
                },
            ));
            has_plan[i] = true;
        }
    }
    let unused: u32 = slots.iter().sum();
    if unused > 0 {
        notes.push(format!(
            "{unused} plans issued in 2020-2024 had no child to go to and were left out"
        ));
    }
    for (i, p) in profiles.iter().enumerate() {
        if !has_plan[i] {
            pre.push(Issue {
                who: Who::Active(i),
                birth: p.birth_date,
                limit: day_before,
                cease: None,
            });
        }
    }

    // Plans issued in the window: dates, exceptions and timeliness, year by year.
    let mut by_year: Vec<Vec<Issue>> = (0..years.len()).map(|_| Vec::new()).collect();
    for (y, plan) in issued {
        by_year[y].push(plan);
    }
    for (yi, mut plans) in by_year.into_iter().enumerate() {
        let c = counts[yi].1;
        plans.shuffle(rng);
        let exceptions = (c.exceptions as usize).min(plans.len());
        let within_exc = c.within_exc as usize;
        let within_excl = c.within_excl as usize;
        for (k, plan) in plans.into_iter().enumerate() {
            let exception = k < exceptions;
            let within = if exception {
                k < within_exc
            } else {
                k - exceptions < within_excl
            };
            let (lo, hi) =
                issue_range(years[yi], plan.birth, plan.limit).unwrap_or((plan.limit, plan.limit));
            let issue = between(rng, lo, hi);
            let days = days_to_final(rng, within)
                .min((issue - plan.birth).num_days() - 30)
                .max(1);
            let received = add_days(issue, -days);
            let age = domain::dates::age_on(plan.birth, received);
            let request = RequestSpec {
                received_on: received,
                source: source(rng, age),
                outcome: RequestOutcome::Yes,
                outcome_on: decision_date(rng, received, add_days(issue, -14)),
                assessment_outcome: Some(AssessmentOutcome::Yes),
                assessment_outcome_on: Some(issue),
                week20_exception: exception,
            };
            cases.push(Case {
                who: plan.who,
                request,
                plan: Some(PlanSpec {
                    start_on: issue,
                    cease: plan.cease,
                }),
            });
        }
    }
    // Plans that began before 2020.
    for Issue {
        who,
        birth,
        limit,
        cease,
    } in pre
    {
        let (lo, hi) = pre_window_range(birth, limit).unwrap_or((limit, limit));
        let start = between(rng, lo, hi);
        let days = rng
            .random_range(90..=170)
            .min((start - birth).num_days() - 30)
            .max(1);
        let received = add_days(start, -days);
        let request = RequestSpec {
            received_on: received,
            source: source(rng, domain::dates::age_on(birth, received)),
            outcome: RequestOutcome::Yes,
            outcome_on: decision_date(rng, received, add_days(start, -14)),
            assessment_outcome: Some(AssessmentOutcome::Yes),
            assessment_outcome_on: Some(start),
            week20_exception: false,
        };
        cases.push(Case {
            who,
            request,
            plan: Some(PlanSpec {
                start_on: start,
                cease,
            }),
        });
    }
    // Requests refused, and assessments that ended without a plan.
    let last_decision = add_days(census, -43);
    for (y, c) in &counts {
        for _ in 0..c.refused {
            let received = between(rng, jan1(*y), dec31(*y).min(last_decision));
            let age = request_age(rng);
            let birth = birth_for_age_on(rng, received, age);
            let request = RequestSpec {
                received_on: received,
                source: source(rng, age),
                outcome: RequestOutcome::No,
                outcome_on: decision_date(rng, received, day_before),
                assessment_outcome: None,
                assessment_outcome_on: None,
                week20_exception: false,
            };
            cases.push(Case {
                who: Who::New {
                    birth_date: birth,
                    need: draw_need(rng),
                },
                request,
                plan: None,
            });
        }
        for _ in 0..c.not_issued {
            let decided = between(rng, jan1(*y), dec31(*y).min(day_before));
            let received = add_days(decided, -rng.random_range(70..=112));
            let age = request_age(rng);
            let birth = birth_for_age_on(rng, received, age);
            let request = RequestSpec {
                received_on: received,
                source: source(rng, age),
                outcome: RequestOutcome::Yes,
                outcome_on: decision_date(rng, received, add_days(decided, -14)),
                assessment_outcome: Some(AssessmentOutcome::No),
                assessment_outcome_on: Some(decided),
                week20_exception: false,
            };
            cases.push(Case {
                who: Who::New {
                    birth_date: birth,
                    need: draw_need(rng),
                },
                request,
                plan: None,
            });
        }
    }
    // Requests received but not accounted for above: still being assessed at the census if
    // received in the last 40 weeks (which many councils' timeliness makes common), otherwise
    // withdrawn.
    let mut received_in = vec![0u32; years.len()];
    for case in &cases {
        if let Some(i) = years
            .iter()
            .position(|&y| chrono::Datelike::year(&case.request.received_on) == y)
        {
            received_in[i] += 1;
        }
    }
    let pending_from = add_days(census, -280);
    for (i, (y, c)) in counts.iter().enumerate() {
        for _ in received_in[i]..c.requests {
            let received = between(rng, jan1(*y), dec31(*y).min(last_decision));
            let age = request_age(rng);
            let birth = birth_for_age_on(rng, received, age);
            let pending = received >= pending_from;
            let request = RequestSpec {
                received_on: received,
                source: source(rng, age),
                outcome: if pending {
                    RequestOutcome::Yes
                } else {
                    RequestOutcome::Withdrawn
                },
                outcome_on: if pending {
                    decision_date(rng, received, day_before)
                } else {
                    add_days(received, rng.random_range(7..=60))
                },
                assessment_outcome: None,
                assessment_outcome_on: None,
                week20_exception: false,
            };
            cases.push(Case {
                who: Who::New {
                    birth_date: birth,
                    need: draw_need(rng),
                },
                request,
                plan: None,
            });
        }
    }
    (cases, notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::caseload::profiles;
    use crate::cases::Counts;
    use crate::data::DfeTables;
    use chrono::Datelike;
    use domain::dates::{age_on, sen2_census_date};
    use domain::ids::LaCode;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn history_reproduces_the_yearly_counts() {
        let t = DfeTables::embedded().unwrap();
        let cal = t.calibrate(Some(LaCode::new(801).unwrap())).unwrap();
        let census = sen2_census_date(2025);
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let (ps, _) = profiles(&cal, 2000, census, &mut rng);
        let (cases, notes) = build(&cal, &ps, census, &cal.need_shares, &mut rng);
        assert!(notes.is_empty(), "{notes:?}");
        let want: Vec<(i32, Counts)> = counts(&cal, 2000);
        for (y, c) in want {
            let in_year = |d: NaiveDate| d.year() == y;
            let issued = cases
                .iter()
                .filter(|k| k.plan.as_ref().is_some_and(|p| in_year(p.start_on)))
                .count();
            let ceased = cases
                .iter()
                .filter(|k| {
                    k.plan
                        .as_ref()
                        .and_then(|p| p.cease)
                        .is_some_and(|(d, _)| in_year(d))
                })
                .count();
            let refused = cases
                .iter()
                .filter(|k| {
                    k.request.outcome == RequestOutcome::No && in_year(k.request.received_on)
                })
                .count();
            let received = cases
                .iter()
                .filter(|k| in_year(k.request.received_on))
                .count();
            assert_eq!(issued as u32, c.issued, "{y} issued");
            assert_eq!(ceased as u32, c.ceased, "{y} ceased");
            assert_eq!(refused as u32, c.refused, "{y} refused");
            assert!(
                received as u32 >= c.requests,
                "{y} received {received} < {}",
                c.requests
            );
        }
        // Every active child has exactly one plan, in force at the census, made after age 1.
        let mut seen = vec![0; ps.len()];
        for k in &cases {
            if let Who::Active(i) = k.who {
                seen[i] += 1;
                let plan = k.plan.as_ref().unwrap();
                assert!(plan.cease.is_none() && plan.start_on < census);
                assert!(age_on(ps[i].birth_date, plan.start_on) >= 1);
                assert!(k.request.received_on >= ps[i].birth_date);
            }
        }
        assert!(seen.iter().all(|&n| n == 1));
        // Most plans issued in the window are still active at the census.
        let window: Vec<&Case> = cases
            .iter()
            .filter(|k| {
                k.plan
                    .as_ref()
                    .is_some_and(|p| p.start_on >= window_start())
            })
            .collect();
        let active = window
            .iter()
            .filter(|k| matches!(k.who, Who::Active(_)))
            .count();
        assert!(
            active * 10 > window.len() * 7,
            "{active} of {}",
            window.len()
        );
    }
}
