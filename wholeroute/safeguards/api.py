"""Safeguards over the API, with the same access rules as the pages."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth

from wholeroute.access import policy
from wholeroute.partnerships.models import Partnership
from wholeroute.safeguards import actions
from wholeroute.safeguards.models import Allegation, Obligation
from wholeroute.safeguards.status import COLUMNS, rows_for

router = Router(tags=["safeguards"])


class StatusOut(Schema):
    partnership_id: int
    status: dict[str, str | int]


class AllegationOut(Schema):
    id: int
    partnership_id: int
    received_on: datetime.date
    source_kind: str
    severity: str
    status: str
    acknowledge_by: datetime.date
    decide_by: datetime.date
    rights: list[str]


class AllegationIn(Schema):
    received_on: datetime.date
    source_kind: str
    severity: str
    summary: str
    rights: list[str]


def _allegation_out(a):
    return {"id": a.pk, "partnership_id": a.partnership_id, "received_on": a.received_on,
            "source_kind": a.source_kind, "severity": a.severity, "status": a.status,
            "acknowledge_by": a.acknowledge_by, "decide_by": a.decide_by,
            "rights": [r.code for r in a.rights.all()]}


@router.get("/status", response=list[StatusOut])
def status(request):
    """Safeguards status of every partnership the caller may see."""
    return [{"partnership_id": r["partnership"].pk, "status": dict(zip(COLUMNS, r["values"], strict=True))}
            for r in rows_for(request.user)]


@router.get("/allegations", response=list[AllegationOut])
def allegations(request, partnership_id: int | None = None):
    qs = Allegation.objects.visible_to(request.user).prefetch_related("rights")
    if partnership_id is not None:
        qs = qs.filter(partnership_id=partnership_id)
    return [_allegation_out(a) for a in qs]


@router.post("/partnerships/{partnership_id}/allegations", response={201: AllegationOut}, auth=django_auth)
def record_allegation(request, partnership_id: int, payload: AllegationIn):
    p = get_object_or_404(Partnership, pk=partnership_id)
    policy.require_view(request.user, p)
    rights = list(Obligation.objects.filter(code__in=payload.rights))
    allegation = actions.record_allegation(request.user, p, received_on=payload.received_on,
                                           source_kind=payload.source_kind, severity=payload.severity,
                                           summary=payload.summary, rights=rights)
    return Status(201, _allegation_out(allegation))
