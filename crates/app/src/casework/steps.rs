//! What can be recorded next on a case: the same preconditions the use cases check, listed for
//! a page to offer. Whether the person may take a step is still the policy's decision, and each
//! use case checks its own precondition again when the step is taken.

use domain::clock::Stage;

use super::CaseView;

/// A step a caseworker can record on a case, each served by one use case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    RecordRequest,
    Decide,
    RequestAdvice,
    AdviceReceived,
    Exception,
    NoPlan,
    Draft,
    Comments,
    Final,
    ReviewMeeting,
    ReviewDecision,
    AmendedPlan,
    PhaseTransfer,
    PhaseTransferDone,
    ReassessmentRequest,
    ReassessmentDecision,
    ReassessedPlan,
    CeaseNotice,
    Cease,
    TransferIn,
    OpenMarker,
    CloseMarker,
}

/// The steps that fit where the case stands, in the order a caseworker would take them.
#[must_use]
pub fn next_steps(view: &CaseView) -> Vec<Step> {
    let file = &view.file;
    let stage = view.clock.as_ref().map_or(Stage::Closed, |c| c.stage);
    let request = file.current_request();
    let plan = file.current_plan().filter(|p| p.cease_on.is_none());
    let mut out = Vec::new();
    match stage {
        Stage::AwaitingDecision => out.extend([Step::Decide, Step::Exception]),
        Stage::Assessing => {
            out.push(Step::RequestAdvice);
            let outstanding = request.is_some_and(|r| {
                file.advice
                    .iter()
                    .any(|a| a.request_id == r.request_id && a.received_on.is_none())
            });
            if outstanding {
                out.push(Step::AdviceReceived);
            }
            out.extend([Step::Draft, Step::NoPlan, Step::Exception]);
        }
        Stage::DraftPlan => {
            if request.is_some_and(|r| r.comments_received_on.is_none()) {
                out.push(Step::Comments);
            }
            out.extend([Step::Final, Step::Exception]);
        }
        Stage::PlanInForce | Stage::Reviewing | Stage::Ceasing => {
            if let Some(plan) = plan {
                let reviews: Vec<_> = file
                    .reviews
                    .iter()
                    .filter(|r| r.plan_id == plan.plan_id)
                    .collect();
                // One review at a time: its decision, then any amended plan, then the next.
                let amending = reviews.iter().any(|r| {
                    r.amendments_proposed_on.is_some() && r.amended_plan_issued_on.is_none()
                });
                if reviews.iter().any(|r| r.decision.is_none()) {
                    out.push(Step::ReviewDecision);
                } else if amending {
                    out.push(Step::AmendedPlan);
                } else {
                    out.push(Step::ReviewMeeting);
                }
                let pending = file
                    .transfers
                    .iter()
                    .any(|t| t.plan_id == plan.plan_id && t.amended_on.is_none());
                out.push(if pending {
                    Step::PhaseTransferDone
                } else {
                    Step::PhaseTransfer
                });
                // One re-assessment at a time: the request, its decision, then the plan. The
                // council may also decide to re-assess when nobody asked.
                match file.open_reassessment(plan.plan_id) {
                    None => out.extend([Step::ReassessmentRequest, Step::ReassessmentDecision]),
                    Some(r) if r.decision.is_none() => out.push(Step::ReassessmentDecision),
                    Some(_) => out.push(Step::ReassessedPlan),
                }
                if plan.cease_notice_on.is_none() {
                    out.push(Step::CeaseNotice);
                }
                out.push(Step::Cease);
            }
        }
        Stage::Closed => out.extend([Step::RecordRequest, Step::TransferIn]),
    }
    if view.clock.is_some() {
        out.push(Step::OpenMarker);
    }
    if view.markers.iter().any(|m| m.closed_on.is_none()) {
        out.push(Step::CloseMarker);
    }
    out
}
