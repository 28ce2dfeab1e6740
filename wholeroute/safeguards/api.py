"""Safeguards over the API, with the same access rules as the pages (`access.policy`), writes through actions."""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth

from wholeroute.access import policy
from wholeroute.access.models import Role
from wholeroute.partnerships.models import Partnership
from wholeroute.safeguards import actions, reviews
from wholeroute.safeguards.models import (
    Allegation,
    MonitoringArrangement,
    Obligation,
    RightsAssessment,
    SuspensionProposal,
)
from wholeroute.safeguards.status import COLUMNS, rows_for

router = Router(tags=["safeguards"])


def _visible(user, model, pk, *related):
    obj = get_object_or_404(model.objects.select_related(*related), pk=pk)
    if not policy.can_view(user, obj):
        raise Http404
    return obj


class ObligationOut(Schema):
    code: str
    title: str
    instrument: str
    article: str
    summary: str
    legal_nature: str
    solution_types: list[str]
    applies_to_all: bool
    source: str
    official_text: str
    checked_on: datetime.date | None
    uncertain: bool
    note: str
    guidance: str
    version: int


class ObligationVersionOut(Schema):
    version: int
    changed_at: datetime.datetime
    reason: str
    data: dict


class ObligationDetailOut(ObligationOut):
    versions: list[ObligationVersionOut]


class StatusOut(Schema):
    partnership_id: int
    classification: str
    status: dict[str, str | int]


class AnswerOut(Schema):
    obligation: str
    risk: str
    evidence: str
    evidence_url: str
    mitigation: str
    responsible: str | None


class AssessmentOut(Schema):
    id: int
    partnership_id: int
    version: int
    based_on_id: int | None
    status: str
    classification: str
    created_by: str | None
    decided_by: str | None
    decision_reason: str


class AssessmentDetailOut(AssessmentOut):
    answers: list[AnswerOut]


class MonitoringOut(Schema):
    id: int
    body_name: str
    independence_basis: str
    access_places: str
    access_documents: str
    reporting_every_days: int
    last_report_on: datetime.date | None
    next_report_due: datetime.date
    overdue: bool


class AllegationOut(Schema):
    id: int
    partnership_id: int
    received_on: datetime.date
    source_kind: str
    severity: str
    status: str
    acknowledge_by: datetime.date
    decide_by: datetime.date
    overdue: str
    rights: list[str]


class AllegationDetailOut(AllegationOut):
    summary: str
    outcome: str
    follow_up: str
    owner: str


class ProposalOut(Schema):
    id: int
    rule: str
    status: str
    evidence: str
    created_at: datetime.datetime
    reason: str


class PartnershipSafeguardsOut(Schema):
    partnership_id: int
    phase: str
    assessments: list[AssessmentOut]
    monitoring: list[MonitoringOut]
    allegations: list[AllegationOut]
    next_review: datetime.date | None = None
    proposals: list[ProposalOut] = []


class AllegationIn(Schema):
    received_on: datetime.date
    source_kind: str
    severity: str
    summary: str
    rights: list[str]


class AllegationStatusIn(Schema):
    status: str
    outcome: str = ""
    follow_up: str = ""


class DecisionIn(Schema):
    verb: Literal["submit", "approve", "return"]
    reason: str = ""


class ProposalDecisionIn(Schema):
    accept: bool
    reason: str


def _obligation(o):
    return {f: getattr(o, f) for f in ObligationOut.model_fields}


def _assessment(a):
    return {"id": a.pk, "partnership_id": a.partnership_id, "version": a.version, "based_on_id": a.based_on_id,
            "status": a.status, "classification": a.classification,
            "created_by": str(a.created_by) if a.created_by else None,
            "decided_by": str(a.decided_by) if a.decided_by else None, "decision_reason": a.decision_reason}


def _monitoring(m):
    return {**{f: getattr(m, f) for f in ("id", "body_name", "independence_basis", "access_places",
                                          "access_documents", "reporting_every_days", "last_report_on")},
            "next_report_due": m.next_report_due, "overdue": m.is_overdue()}


def _allegation(a, detail=False):
    out = {"id": a.pk, "partnership_id": a.partnership_id, "received_on": a.received_on,
           "source_kind": a.source_kind, "severity": a.severity, "status": a.status,
           "acknowledge_by": a.acknowledge_by, "decide_by": a.decide_by, "overdue": a.overdue(),
           "rights": [r.code for r in a.rights.all()]}
    if detail:
        out.update(summary=a.summary, outcome=a.outcome, follow_up=a.follow_up, owner=str(a.owner))
    return out


@router.get("/checklist", response=list[ObligationOut])
def checklist(request, solution_type: str | None = None):
    """The legal obligations of the rights-assessment checklist (public reference information)."""
    items = Obligation.objects.all()
    return [_obligation(o) for o in items if solution_type is None or o.applies_to_all
            or solution_type in o.solution_types]


@router.get("/checklist/{code}", response=ObligationDetailOut)
def obligation(request, code: str):
    o = get_object_or_404(Obligation, code=code)
    return {**_obligation(o), "versions": [
        {"version": v.version, "changed_at": v.changed_at, "reason": v.reason, "data": v.data}
        for v in o.versions.all()]}


@router.get("/status", response=list[StatusOut])
def status(request):
    """Safeguards status of every partnership the caller may see."""
    return [{"partnership_id": r["partnership"].pk, "classification": r["classification"],
             "status": dict(zip(COLUMNS, r["values"], strict=True))} for r in rows_for(request.user)]


@router.get("/partnerships/{partnership_id}", response=PartnershipSafeguardsOut)
def partnership(request, partnership_id: int):
    """Assessments, monitoring and allegations of one partnership; reviews and proposals for its owner's staff."""
    user = request.user
    p = _visible(user, Partnership, partnership_id)
    out = {
        "partnership_id": p.pk, "phase": p.phase,
        "assessments": [_assessment(a) for a in RightsAssessment.objects.visible_to(user).filter(
            partnership=p).select_related("created_by", "decided_by")],
        "monitoring": [_monitoring(m) for m in MonitoringArrangement.objects.visible_to(user).filter(partnership=p)],
        "allegations": [_allegation(a) for a in Allegation.objects.visible_to(user).filter(
            partnership=p).prefetch_related("rights")],
    }
    if policy.has_role(user, p.owner_id, Role.VIEWER):
        out["next_review"] = reviews.due_on(p)
        out["proposals"] = [{"id": s.pk, "rule": s.rule.description, "status": s.status, "evidence": s.evidence,
                             "created_at": s.created_at, "reason": s.reason}
                            for s in SuspensionProposal.objects.filter(partnership=p).select_related("rule")]
    return out


@router.get("/assessments/{assessment_id}", response=AssessmentDetailOut)
def assessment(request, assessment_id: int):
    a = _visible(request.user, RightsAssessment, assessment_id, "created_by", "decided_by")
    return {**_assessment(a), "answers": [
        {"obligation": x.obligation.code, "risk": x.risk, "evidence": x.evidence, "evidence_url": x.evidence_url,
         "mitigation": x.mitigation, "responsible": str(x.responsible) if x.responsible else None}
        for x in a.answers.select_related("obligation", "responsible")]}


@router.post("/assessments/{assessment_id}/decision", response=AssessmentOut, auth=django_auth)
def decide_assessment(request, assessment_id: int, payload: DecisionIn):
    """Submit (editors), approve or return (approvers other than the author, with a reason)."""
    a = _visible(request.user, RightsAssessment, assessment_id)
    if payload.verb == "submit":
        a = actions.submit_assessment(request.user, a)
    elif payload.verb == "approve":
        a = actions.approve_assessment(request.user, a, reason=payload.reason)
    else:
        a = actions.return_assessment(request.user, a, reason=payload.reason)
    return _assessment(a)


@router.get("/allegations", response=list[AllegationOut])
def allegations(request, partnership_id: int | None = None, overdue: bool | None = None):
    qs = Allegation.objects.visible_to(request.user).prefetch_related("rights")
    if partnership_id is not None:
        qs = qs.filter(partnership_id=partnership_id)
    rows = [_allegation(a) for a in qs]
    return [r for r in rows if overdue is None or bool(r["overdue"]) == overdue]


@router.get("/allegations/{allegation_id}", response=AllegationDetailOut)
def allegation(request, allegation_id: int):
    return _allegation(_visible(request.user, Allegation, allegation_id, "owner"), detail=True)


@router.post("/partnerships/{partnership_id}/allegations", response={201: AllegationOut}, auth=django_auth)
def record_allegation(request, partnership_id: int, payload: AllegationIn):
    p = _visible(request.user, Partnership, partnership_id)
    rights = list(Obligation.objects.filter(code__in=payload.rights))
    unknown = set(payload.rights) - {o.code for o in rights}
    if unknown:
        raise ValidationError({"rights": f"Unknown checklist item(s): {', '.join(sorted(unknown))}."})
    allegation = actions.record_allegation(request.user, p, received_on=payload.received_on,
                                           source_kind=payload.source_kind, severity=payload.severity,
                                           summary=payload.summary, rights=rights)
    return Status(201, _allegation(allegation))


@router.post("/allegations/{allegation_id}/status", response=AllegationOut, auth=django_auth)
def advance_allegation(request, allegation_id: int, payload: AllegationStatusIn):
    a = _visible(request.user, Allegation, allegation_id)
    return _allegation(actions.advance_allegation(request.user, a, status=payload.status, outcome=payload.outcome,
                                                  follow_up=payload.follow_up))


@router.post("/proposals/{proposal_id}/decision", response=ProposalOut, auth=django_auth)
def decide_proposal(request, proposal_id: int, payload: ProposalDecisionIn):
    s = get_object_or_404(SuspensionProposal.objects.select_related("partnership", "rule"), pk=proposal_id)
    if not policy.has_role(request.user, s.partnership.owner_id, Role.VIEWER):
        raise Http404
    s = actions.decide_proposal(request.user, s, accept=payload.accept, reason=payload.reason)
    return {"id": s.pk, "rule": s.rule.description, "status": s.status, "evidence": s.evidence,
            "created_at": s.created_at, "reason": s.reason}
