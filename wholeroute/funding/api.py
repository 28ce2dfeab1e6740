"""Funding over the API, with the same access rules as the pages (reads filtered by the policy, writes through
actions with session authentication and CSRF)."""

import datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from wholeroute.access import policy
from wholeroute.funding import actions, guidelines, ledger
from wholeroute.funding.models import Commitment, Envelope, FundedAction, FundingRule, Instrument
from wholeroute.partnerships.models import Partnership

router = Router(tags=["funding"])


class InstrumentOut(Schema):
    slug: str
    name: str
    kind: str
    legal_basis: str
    period: str
    classification: str
    envelopes_eur: Decimal | None
    committed_eur: Decimal
    disbursed_eur: Decimal
    remaining_eur: Decimal | None


class EnvelopeOut(Schema):
    id: int
    registry_id: str | None
    instrument: str
    name: str
    period: str
    amount: Decimal | None
    currency: str
    price_basis: str
    uncertain: bool
    sources: list[str]
    classification: str


class CommitmentOut(Schema):
    id: int
    envelope_id: int
    partnership_id: int | None
    action_id: int | None
    title: str
    amount: Decimal
    currency: str
    eur_per_unit: Decimal | None
    rate_date: datetime.date | None
    rate_source: str
    amount_eur: Decimal
    committed_on: datetime.date
    status: str
    counts: bool
    guideline_check: dict
    classification: str


class CommitmentIn(Schema):
    envelope_id: int
    partnership_id: int | None = None
    action_id: int | None = None
    title: str
    amount: Decimal
    currency: str = "EUR"
    eur_per_unit: Decimal | None = None
    rate_date: datetime.date | None = None
    rate_source: str = ""
    committed_on: datetime.date
    channel: str
    purpose_code: str = ""
    migration_marker: str = ""
    oda_eligible: str = "unknown"
    classification: str = "LIMITED"


class DecisionIn(Schema):
    reason: str = ""


class CheckQuery(Schema):
    instrument: str = Field(..., description="instrument slug, e.g. ndici-global-europe")
    solution_types: list[str] = Field(default_factory=list, description="solution type codes, e.g. return-hub")
    on_date: datetime.date


class ActionOut(Schema):
    id: int
    iati_identifier: str
    title: str
    instrument: str | None
    date_start: datetime.date | None
    date_end: datetime.date | None
    budget: Decimal | None
    currency: str
    countries: list[str]
    classification: str


def _commitment_out(c):
    return {"id": c.pk, "envelope_id": c.envelope_id, "partnership_id": c.partnership_id, "action_id": c.action_id,
            "title": c.title, "amount": c.amount, "currency": c.currency, "eur_per_unit": c.eur_per_unit,
            "rate_date": c.rate_date, "rate_source": c.rate_source, "amount_eur": c.amount_eur,
            "committed_on": c.committed_on, "status": c.status, "counts": c.counts,
            "guideline_check": c.guideline_check, "classification": c.classification}


def _visible_or_404(user, obj):
    if not policy.can_view(user, obj):
        raise Http404
    return obj


@router.get("/instruments", response=list[InstrumentOut])
def instruments(request):
    """Instruments the caller may see, with envelopes, committed, disbursed and remaining money in EUR."""
    return [{"slug": r["instrument"].slug, "name": r["instrument"].name, "kind": r["instrument"].kind,
             "legal_basis": r["instrument"].legal_basis, "period": r["instrument"].period,
             "classification": r["classification"], "envelopes_eur": r["envelopes"] or None,
             "committed_eur": r["committed"], "disbursed_eur": r["disbursed"], "remaining_eur": r["remaining"]}
            for r in ledger.instrument_rows(request.user)]


@router.get("/envelopes", response=list[EnvelopeOut])
def envelopes(request, instrument: str | None = None):
    qs = Envelope.objects.visible_to(request.user).select_related("instrument")
    if instrument:
        qs = qs.filter(instrument__slug=instrument)
    return [{"id": e.pk, "registry_id": e.registry_id, "instrument": e.instrument.slug, "name": e.name,
             "period": e.period, "amount": e.amount, "currency": e.currency, "price_basis": e.price_basis,
             "uncertain": e.uncertain or e.amount_uncertain, "sources": e.sources,
             "classification": e.classification} for e in qs]


@router.get("/commitments", response=list[CommitmentOut])
def commitments(request, partnership_id: int | None = None, status: str | None = None):
    qs = Commitment.objects.visible_to(request.user)
    if partnership_id is not None:
        qs = qs.filter(partnership_id=partnership_id)
    if status:
        qs = qs.filter(status=status)
    return [_commitment_out(c) for c in qs]


@router.get("/commitments/{commitment_id}", response=CommitmentOut)
def commitment(request, commitment_id: int):
    return _commitment_out(_visible_or_404(request.user, get_object_or_404(Commitment, pk=commitment_id)))


@router.post("/commitments", response={201: CommitmentOut}, auth=django_auth)
def record_commitment(request, payload: CommitmentIn):
    """Record a commitment (editors). Above the instrument's threshold it awaits a second person's approval."""
    envelope = _visible_or_404(request.user, get_object_or_404(Envelope, pk=payload.envelope_id))
    partnership = get_object_or_404(Partnership, pk=payload.partnership_id) if payload.partnership_id else None
    action = get_object_or_404(FundedAction, pk=payload.action_id) if payload.action_id else None
    c = actions.record_commitment(
        request.user, envelope=envelope, partnership=partnership, action=action, title=payload.title,
        amount=payload.amount, currency=payload.currency, eur_per_unit=payload.eur_per_unit,
        rate_date=payload.rate_date, rate_source=payload.rate_source, committed_on=payload.committed_on,
        channel=payload.channel, purpose_code=payload.purpose_code, migration_marker=payload.migration_marker,
        oda_eligible=payload.oda_eligible, classification=payload.classification)
    return Status(201, _commitment_out(c))


@router.post("/commitments/{commitment_id}/approve", response=CommitmentOut, auth=django_auth)
def approve_commitment(request, commitment_id: int, payload: DecisionIn):
    """Approve a pending commitment: approvers of the owner, never its author (four eyes)."""
    c = _visible_or_404(request.user, get_object_or_404(Commitment, pk=commitment_id))
    return _commitment_out(actions.approve_commitment(request.user, c, reason=payload.reason))


@router.post("/commitments/{commitment_id}/reject", response=CommitmentOut, auth=django_auth)
def reject_commitment(request, commitment_id: int, payload: DecisionIn):
    c = _visible_or_404(request.user, get_object_or_404(Commitment, pk=commitment_id))
    return _commitment_out(actions.reject_commitment(request.user, c, reason=payload.reason))


@router.get("/check")
def check(request, query: Query[CheckQuery]):
    """The guideline check of a planned commitment: each rule applied, its outcome and why."""
    instrument = _visible_or_404(request.user, get_object_or_404(Instrument, slug=query.instrument))
    return guidelines.check_commitment(instrument, query.solution_types, query.on_date).as_dict()


@router.get("/rules")
def rules(request, instrument: str | None = None):
    qs = FundingRule.objects.visible_to(request.user).filter(is_current=True).select_related("instrument")
    if instrument:
        qs = qs.filter(instrument__slug=instrument)
    return [{"key": r.key, "version": r.version, "instrument": r.instrument.slug, "solution_types": r.solution_types,
             "outcome": r.outcome, "title": r.title, "rule_text": r.rule_text, "conditions": r.conditions,
             "legal_source": r.legal_source, "source_url": r.source_url, "valid_from": r.valid_from,
             "valid_to": r.valid_to, "uncertain": r.uncertain, "note": r.note} for r in qs]


@router.get("/actions", response=list[ActionOut])
def funded_actions(request, country: str | None = None, limit: int = 100, offset: int = 0):
    qs = FundedAction.objects.visible_to(request.user).select_related("instrument").prefetch_related(
        "recipients__country").order_by("iati_identifier", "id")
    if country:
        qs = qs.filter(countries__code=country.upper())
    limit = max(1, min(limit, 500))
    return [{"id": a.pk, "iati_identifier": a.iati_identifier, "title": a.title,
             "instrument": a.instrument.slug if a.instrument else None, "date_start": a.date_start,
             "date_end": a.date_end, "budget": a.budget, "currency": a.currency,
             "countries": [r.country.code for r in a.recipients.all()], "classification": a.classification}
            for a in qs[max(offset, 0): max(offset, 0) + limit]]


@router.get("/actions/{action_id}", response=ActionOut)
def funded_action(request, action_id: int):
    a = _visible_or_404(request.user, get_object_or_404(FundedAction, pk=action_id))
    return {"id": a.pk, "iati_identifier": a.iati_identifier, "title": a.title,
            "instrument": a.instrument.slug if a.instrument else None, "date_start": a.date_start,
            "date_end": a.date_end, "budget": a.budget, "currency": a.currency,
            "countries": [r.country.code for r in a.recipients.select_related("country")],
            "classification": a.classification}
