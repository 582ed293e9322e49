//! The dated events of one case: what the clock reads.
//!
//! These are plain records of what happened and when, as a caseworker enters them. Nothing here
//! computes a deadline; [`super::deadlines`] does that. Check a set of events with
//! [`CaseEvents::validate`] before relying on the deadlines worked out from it.

use chrono::NaiveDate;

/// Everything that has happened on one case, from the request for an EHC needs assessment to a
/// plan in force, its reviews and its ending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEvents {
    /// The day the local authority received the request for an EHC needs assessment, or became
    /// aware that one may be needed. Every assessment limit counts from here.
    pub request_received: NaiveDate,
    /// The decision whether to carry out an EHC needs assessment, and the day it was notified.
    pub decision: Option<(NaiveDate, AssessDecision)>,
    /// The advice and information the local authority asked for during the assessment.
    pub advice: Vec<AdviceRequest>,
    /// The decision after the assessment whether to issue a plan, and the day it was notified.
    pub assessment_outcome: Option<(NaiveDate, IssueDecision)>,
    /// The day the draft plan was served on the parent or young person.
    pub draft_issued: Option<NaiveDate>,
    /// The day the parent's or young person's comments on the draft were received.
    pub comments_received: Option<NaiveDate>,
    /// The day the final plan was issued.
    pub final_issued: Option<NaiveDate>,
    /// Periods when a limit does not apply (reg 10(4)).
    pub exceptions: Vec<Exception>,
    /// The day the plan in force was made. When empty, the day the final plan was issued is used.
    pub plan_made: Option<NaiveDate>,
    /// Reviews of the plan, in any order.
    pub reviews: Vec<Review>,
    /// A coming move between phases of education.
    pub phase_transfer: Option<PhaseTransfer>,
    /// Re-assessments of a plan in force.
    pub reassessments: Vec<Reassessment>,
    /// The day the parent or young person was notified that the plan will cease.
    pub cease_notice: Option<NaiveDate>,
    /// The day the plan stopped being maintained.
    pub ceased_on: Option<NaiveDate>,
    /// For a child under five, how many months after the plan is made or last reviewed to prompt
    /// an earlier review (SEND Code of Practice 9.178: consider reviewing every 3 to 6 months).
    pub under_five_review_interval: Option<u32>,
    /// The child's or young person's date of birth.
    pub birth_date: Option<NaiveDate>,
}

impl CaseEvents {
    /// A case with only its request: every other event is empty.
    #[must_use]
    pub const fn requested(request_received: NaiveDate) -> Self {
        Self {
            request_received,
            decision: None,
            advice: Vec::new(),
            assessment_outcome: None,
            draft_issued: None,
            comments_received: None,
            final_issued: None,
            exceptions: Vec::new(),
            plan_made: None,
            reviews: Vec::new(),
            phase_transfer: None,
            reassessments: Vec::new(),
            cease_notice: None,
            ceased_on: None,
            under_five_review_interval: None,
            birth_date: None,
        }
    }

    /// The day the plan in force was made: [`Self::plan_made`], or else the final issue date.
    #[must_use]
    pub fn plan_start(&self) -> Option<NaiveDate> {
        self.plan_made.or(self.final_issued)
    }

    /// The reviews in the order they were held.
    #[must_use]
    pub fn reviews_in_order(&self) -> Vec<&Review> {
        let mut reviews: Vec<&Review> = self.reviews.iter().collect();
        reviews.sort_by_key(|r| r.meeting_on);
        reviews
    }
}

/// Whether the local authority will carry out an EHC needs assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssessDecision {
    /// It will assess.
    Assess,
    /// It refuses to assess.
    Refuse,
}

/// Whether, after assessing, the local authority will issue an EHC plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IssueDecision {
    /// It will issue a plan (a draft follows).
    IssuePlan,
    /// It will not issue a plan.
    NoPlan,
}

/// Who was asked for advice during an assessment (reg 6(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AdviceService {
    /// An educational psychologist.
    EducationalPsychology,
    /// Health care professionals.
    Health,
    /// Social care.
    SocialCare,
    /// The school, college or early years setting, or another educational adviser.
    Education,
    /// Anyone else the local authority thinks appropriate.
    Other,
}

/// A request for advice and, once it arrives, the day it was received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AdviceRequest {
    /// Who was asked.
    pub service: AdviceService,
    /// The day the local authority asked.
    pub requested_on: NaiveDate,
    /// The day the advice arrived.
    pub received_on: Option<NaiveDate>,
}

/// Why a limit did not apply: the four cases of reg 10(4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExceptionReason {
    /// (a) advice was asked of a school or college in the period from one week before it closed
    /// for at least 4 weeks to one week before it reopened. Record that period.
    SchoolClosure,
    /// (b) the same for an early years provider that did not operate for 4 weeks or more.
    EarlyYearsClosure,
    /// (c) exceptional personal circumstances affecting the child or their parent, or the young
    /// person.
    PersonalCircumstances,
    /// (d) the child or their parent, or the young person, was absent from the area for at least
    /// 4 weeks.
    AbsentFromArea,
}

impl ExceptionReason {
    /// Whether reg 10(4) requires the period to last at least 4 weeks.
    #[must_use]
    pub const fn needs_four_weeks(self) -> bool {
        !matches!(self, Self::PersonalCircumstances)
    }
}

/// A period, first and last day included, during which an exception of reg 10(4) applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Exception {
    /// Which of the four cases it was.
    pub reason: ExceptionReason,
    /// Its first day.
    pub from: NaiveDate,
    /// Its last day.
    pub to: NaiveDate,
}

/// The local authority's decision after a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewDecision {
    /// Keep the plan as it is.
    Maintain,
    /// Amend the plan (the proposed amendments go with the decision).
    Amend,
    /// Cease to maintain the plan.
    Cease,
}

/// A review of a plan: the meeting, the decision that follows and any amendment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Review {
    /// The day the review meeting was held.
    pub meeting_on: NaiveDate,
    /// The decision and the day it was notified.
    pub decision: Option<(NaiveDate, ReviewDecision)>,
    /// The day the proposed amendments were sent to the parent or young person.
    pub amendments_proposed_on: Option<NaiveDate>,
    /// The day the amended plan was issued.
    pub amended_plan_issued: Option<NaiveDate>,
}

impl Review {
    /// A review meeting with nothing after it yet.
    #[must_use]
    pub const fn held(meeting_on: NaiveDate) -> Self {
        Self {
            meeting_on,
            decision: None,
            amendments_proposed_on: None,
            amended_plan_issued: None,
        }
    }
}

/// A move between phases of education, which needs the plan reviewed and amended in time
/// (reg 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PhaseTransfer {
    /// Which move, and when.
    pub kind: TransferKind,
    /// The day the plan was amended (or confirmed) for the new phase.
    pub amended_on: Option<NaiveDate>,
}

/// The moves of reg 18, each with the date that sets its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransferKind {
    /// Into Reception, from infant to junior school, from primary to middle or secondary school,
    /// or from middle to secondary school, in the September of calendar year `year`.
    IntoSchoolPhase {
        /// The calendar year of the move.
        year: i32,
    },
    /// From secondary school to a post-16 institution, in the September of calendar year `year`.
    SecondaryToPost16 {
        /// The calendar year of the move.
        year: i32,
    },
    /// From one post-16 institution to another, on `transfer_on`.
    BetweenPost16 {
        /// The day the young person moves.
        transfer_on: NaiveDate,
    },
}

/// A re-assessment of a plan in force: asked for by the family or the school (reg 24), or
/// started by the council itself (CFA s.44), then decided, and the plan re-issued (reg 27).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Reassessment {
    /// The day a request for re-assessment was received; `None` when the council decided to
    /// re-assess without one.
    pub requested_on: Option<NaiveDate>,
    /// Whether to re-assess, and the day the decision was notified.
    pub decision: Option<(NaiveDate, AssessDecision)>,
    /// The day the plan, as amended or replaced after the re-assessment, was issued.
    pub plan_issued: Option<NaiveDate>,
}

impl Reassessment {
    /// The day it started: the request, or the council's own decision.
    #[must_use]
    pub fn started_on(&self) -> Option<NaiveDate> {
        self.requested_on.or(self.decision.map(|(on, _)| on))
    }

    /// The day the council decided to re-assess, if it did.
    #[must_use]
    pub fn reassess_on(&self) -> Option<NaiveDate> {
        match self.decision {
            Some((on, AssessDecision::Assess)) => Some(on),
            _ => None,
        }
    }
}
