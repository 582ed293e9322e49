//! The statutory clock over 1,000,000 cases: `deadlines` and `next_deadline` for every case, as a
//! work tray sorting a whole caseload would call them.
//! Run: `cargo bench -p domain --bench clock`.
//!
//! The cases are synthetic and the same on every run (a fixed-seed xorshift), built before the
//! timed loop, at a mix of stages: see [`STAGES`].
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use chrono::{Datelike, Days, NaiveDate};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use domain::clock::{
    AdviceRequest, AdviceService, AssessDecision, CaseEvents, Exception, ExceptionReason,
    IssueDecision, PhaseTransfer, Review, ReviewDecision, TransferKind, deadlines, next_deadline,
};

const CASES: usize = 1_000_000;

/// The stages of the mix and their share, in cases per 100: assessments under way first, then
/// plans in force. Independently of the stage, one case in 8 has an exception of reg 10(4) during
/// its assessment; of the plans with reviews, one in 4 has a phase transfer coming (into a school
/// phase, secondary to post-16 or between post-16 institutions) and one in 10 is a child under
/// five with 6-monthly review prompts. Advice requests are recorded in no particular order, as a
/// caseworker may enter them.
const STAGES: [(Stage, u32); 8] = [
    (Stage::Requested, 6),
    (Stage::Refused, 5),
    (Stage::Assessing, 6),
    (Stage::AdviceOut, 8),
    (Stage::NoPlan, 3),
    (Stage::Drafted, 5),
    (Stage::FinalIssued, 17),
    (Stage::Reviewed, 50),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Just requested: no decision yet.
    Requested,
    /// Refused to assess.
    Refused,
    /// Decided to assess, no advice asked for yet.
    Assessing,
    /// Assessing, with advice asked of 2 to 5 services, some still out.
    AdviceOut,
    /// Assessed, and notified that no plan will be issued.
    NoPlan,
    /// Draft plan served, final not yet issued.
    Drafted,
    /// Final plan issued, no review yet.
    FinalIssued,
    /// A plan with 1 to 3 reviews, some with amendments.
    Reviewed,
}

/// A small, fixed-seed xorshift64: the same cases on every run.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number from 0 to `n - 1`.
    fn below(&mut self, n: u32) -> u32 {
        u32::try_from(self.next() % u64::from(n)).unwrap()
    }

    /// Days from `lo` to `hi`, both included.
    fn days(&mut self, lo: u32, hi: u32) -> Days {
        Days::new(u64::from(lo + self.below(hi - lo + 1)))
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: u32) -> bool {
        self.below(n) == 0
    }
}

fn stage(rng: &mut Xorshift) -> Stage {
    let mut roll = rng.below(100);
    for (stage, share) in STAGES {
        if roll < share {
            return stage;
        }
        roll -= share;
    }
    Stage::Reviewed
}

const SERVICES: [AdviceService; 5] = [
    AdviceService::EducationalPsychology,
    AdviceService::Health,
    AdviceService::SocialCare,
    AdviceService::Education,
    AdviceService::Other,
];
const REASONS: [ExceptionReason; 4] = [
    ExceptionReason::SchoolClosure,
    ExceptionReason::EarlyYearsClosure,
    ExceptionReason::PersonalCircumstances,
    ExceptionReason::AbsentFromArea,
];

/// One case at `stage`, valid by [`CaseEvents::validate`], looked at on `today`.
fn case(rng: &mut Xorshift, stage: Stage, today: NaiveDate) -> CaseEvents {
    // How long ago the request came: weeks for an assessment, years for a plan with reviews.
    let age = match stage {
        Stage::Requested => rng.days(0, 60),
        Stage::Refused | Stage::Assessing => rng.days(60, 120),
        Stage::AdviceOut => rng.days(70, 160),
        Stage::NoPlan => rng.days(150, 220),
        Stage::Drafted => rng.days(160, 220),
        Stage::FinalIssued => rng.days(210, 560),
        Stage::Reviewed => {
            let years = 365 * rng.below(3);
            rng.days(560 + years, 900 + years)
        }
    };
    let request = today - age;
    // Events still to come are not recorded yet.
    let past = |day: NaiveDate| (day <= today).then_some(day);
    let mut e = CaseEvents::requested(request);
    let decided = request + rng.days(14, 56);
    match stage {
        Stage::Requested => {}
        Stage::Refused => e.decision = Some((decided, AssessDecision::Refuse)),
        _ => e.decision = Some((decided, AssessDecision::Assess)),
    }
    if matches!(
        stage,
        Stage::AdviceOut | Stage::NoPlan | Stage::Drafted | Stage::FinalIssued | Stage::Reviewed
    ) {
        for service in SERVICES.iter().take(2 + rng.below(4) as usize) {
            let requested_on = decided + rng.days(0, 7);
            let received_on = (!(matches!(stage, Stage::AdviceOut) && rng.one_in(2)))
                .then(|| requested_on + rng.days(20, 60))
                .and_then(past);
            e.advice.push(AdviceRequest {
                service: *service,
                requested_on,
                received_on,
            });
        }
    }
    match stage {
        Stage::NoPlan => {
            e.assessment_outcome = Some((decided + rng.days(50, 90), IssueDecision::NoPlan));
        }
        Stage::Drafted | Stage::FinalIssued | Stage::Reviewed => {
            let draft = decided + rng.days(50, 100);
            e.draft_issued = Some(draft);
            if rng.one_in(2) {
                e.comments_received = past(draft + rng.days(5, 15));
            }
            if !matches!(stage, Stage::Drafted) {
                e.final_issued = Some(draft + rng.days(15, 45));
            }
        }
        _ => {}
    }
    if rng.one_in(8)
        && let Some(from) = past(request + rng.days(0, 120))
    {
        let reason = REASONS[rng.below(4) as usize];
        let to = from + rng.days(27, 60);
        e.exceptions.push(Exception { reason, from, to });
    }
    if let (Stage::Reviewed, Some(made)) = (stage, e.final_issued) {
        let mut previous = made;
        for _ in 0..=rng.below(3) {
            let meeting_on = previous + rng.days(300, 390);
            if meeting_on > today {
                break;
            }
            let mut review = Review::held(meeting_on);
            match rng.below(4) {
                0 => {}
                1 => {
                    review.decision =
                        past(meeting_on + rng.days(5, 40)).map(|on| (on, ReviewDecision::Maintain));
                }
                _ => {
                    if let Some(proposed) = past(meeting_on + rng.days(5, 40)) {
                        review.decision = Some((proposed, ReviewDecision::Amend));
                        review.amendments_proposed_on = Some(proposed);
                        if rng.one_in(2) {
                            review.amended_plan_issued = past(proposed + rng.days(15, 70));
                        }
                    }
                }
            }
            e.reviews.push(review);
            previous = meeting_on;
        }
        if rng.one_in(4) {
            let year = today.year() + i32::try_from(rng.below(2)).unwrap();
            let kind = match rng.below(3) {
                0 => TransferKind::IntoSchoolPhase { year },
                1 => TransferKind::SecondaryToPost16 { year },
                _ => TransferKind::BetweenPost16 {
                    transfer_on: today + rng.days(60, 400),
                },
            };
            let amended_on = rng.one_in(2).then(|| today - rng.days(0, 60));
            e.phase_transfer = Some(PhaseTransfer { kind, amended_on });
        }
        if rng.one_in(10) {
            e.under_five_review_interval = Some(6);
            e.birth_date = Some(request - rng.days(700, 1400));
        }
    }
    e
}

/// The cases, and how many there are at each stage.
fn cases(today: NaiveDate) -> (Vec<CaseEvents>, Vec<(Stage, usize)>) {
    let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);
    let mut counts: Vec<(Stage, usize)> = STAGES.iter().map(|&(s, _)| (s, 0)).collect();
    let all = (0..CASES)
        .map(|_| {
            let stage = stage(&mut rng);
            if let Some(count) = counts.iter_mut().find(|(s, _)| *s == stage) {
                count.1 += 1;
            }
            case(&mut rng, stage, today)
        })
        .collect();
    (all, counts)
}

/// What the cases hold, printed once before measuring.
fn describe(all: &[CaseEvents], counts: &[(Stage, usize)], today: NaiveDate) {
    let stages: Vec<String> = counts.iter().map(|(s, n)| format!("{s:?} {n}")).collect();
    let with = |f: &dyn Fn(&CaseEvents) -> bool| all.iter().filter(|e| f(e)).count();
    let mut deadline_count = 0usize;
    let mut open = 0usize;
    for events in all {
        let found = deadlines(events, today);
        deadline_count += found.len();
        open += usize::from(next_deadline(&found).is_some());
    }
    eprintln!(
        "{} cases on {today}: {}; with an exception {}; with a phase transfer {}; plans with 1, \
         2, 3 reviews {}, {}, {}; {deadline_count} deadlines, {open} cases with one still owed",
        all.len(),
        stages.join(", "),
        with(&|e| !e.exceptions.is_empty()),
        with(&|e| e.phase_transfer.is_some()),
        with(&|e| e.reviews.len() == 1),
        with(&|e| e.reviews.len() == 2),
        with(&|e| e.reviews.len() == 3),
    );
}

fn benches(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2025, 11, 3).unwrap();
    let (all, counts) = cases(today);
    assert!(all.iter().all(|e| e.validate().is_ok()));
    describe(&all, &counts, today);

    let mut group = c.benchmark_group("clock");
    group.throughput(Throughput::Elements(CASES as u64));
    // A pass takes a fifth of a second or more: ten samples of equal size, not criterion's
    // growing ones, keep the run to about a minute on two cores.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("deadlines and next_deadline, 1,000,000 cases", |b| {
        b.iter(|| every_case(&all, today));
    });
    // On a shared machine the wall clock also counts the time other jobs held the core; this
    // counts only the time the measuring thread ran. On a quiet machine the two agree.
    if thread_cpu_ns().is_some() {
        group.bench_function(
            "deadlines and next_deadline, 1,000,000 cases, on-CPU time",
            |b| {
                b.iter_custom(|iters| {
                    let start = thread_cpu_ns().unwrap_or(0);
                    for _ in 0..iters {
                        black_box(every_case(&all, today));
                    }
                    Duration::from_nanos(thread_cpu_ns().unwrap_or(0).saturating_sub(start))
                });
            },
        );
    }
    group.finish();
}

/// The timed work: every case's deadlines and its next deadline. Returns how many cases have a
/// deadline still owed, so that none of the work can be skipped.
fn every_case(all: &[CaseEvents], today: NaiveDate) -> u32 {
    let mut open = 0u32;
    for events in all {
        let found = deadlines(black_box(events), today);
        if next_deadline(&found).is_some() {
            open += 1;
        }
    }
    open
}

/// Nanoseconds the calling thread has spent running, from Linux's scheduler statistics; `None`
/// where they cannot be read.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

criterion_group!(clock_benches, benches);
criterion_main!(clock_benches);
