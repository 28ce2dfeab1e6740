"""JSON API for partnerships: reads filtered by the access policy, writes through actions (session + CSRF)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth

from wholeroute.access import policy
from wholeroute.access.models import Organisation
from wholeroute.geo.models import Country, Route
from wholeroute.partnerships import actions, gates, results, views
from wholeroute.partnerships.models import (
    Partnership,
    ResultIndicator,
    RoleAssignment,
    SolutionType,
    TransitionRequest,
)

router = Router(tags=["partnerships"])


class ListFilters(Schema):
    country: str | None = Field(None, description="ISO alpha-2 code of a partner country or state party")
    route: str | None = Field(None, description="route slug, e.g. central-mediterranean")
    solution: str | None = Field(None, description="solution type code, e.g. return-hub")
    phase: str | None = None
    instrument: str | None = None
    status: str | None = Field(None, description="text the status contains")
    party: str | None = Field(None, description="EU, a country code or an organisation slug")
    q: str | None = Field(None, description="search in titles, summaries, status and facts")
    sort: str | None = Field(None, description="title, -title, phase, signed, -signed, updated")
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


def _visible(user, pk) -> Partnership:
    p = get_object_or_404(Partnership.objects.select_related("owner", "lead_organisation"), pk=pk)
    if not policy.can_view(user, p):
        raise Http404
    return p


def _summary(p):
    return {
        "id": p.pk, "registry_id": p.registry_id, "title": p.title, "classification": p.classification,
        "owner": p.owner.slug, "phase": p.phase, "phase_imported": p.phase_imported, "status": p.status_text,
        "status_as_of": p.status_as_of, "instrument_kind": p.instrument_kind,
        "solution_types": [s.code for s in p.solution_types.all()],
        "countries": [c.code for c in p.countries.all()], "routes": [r.slug for r in p.routes.all()],
        "signed_or_announced": p.signed_or_announced, "entry_into_force": p.entry_into_force, "ended": p.ended,
    }


@router.get("/", summary="Partnerships the caller may see, filtered")
def list_partnerships(request, filters: Query[ListFilters]):
    params = QueryDict(mutable=True)
    for key, value in filters.dict().items():
        if value not in (None, "") and key not in ("limit", "offset"):
            params[key] = value
    qs = views.filtered(params, request.user).select_related("owner").prefetch_related(
        "solution_types", "countries", "routes")
    total = qs.count()
    items = [_summary(p) for p in qs[filters.offset:filters.offset + filters.limit]]
    return {"count": total, "items": items}


@router.get("/{int:pk}", summary="One partnership with its sourced facts")
def get_partnership(request, pk: int):
    p = _visible(request.user, pk)
    data = _summary(p)
    data.update({
        "summary": p.summary, "legal_basis": p.legal_basis, "legal_instrument": p.legal_instrument,
        "instrument_note": p.instrument_note, "scoping_note": p.scoping_note, "no_eu_funds": p.no_eu_funds,
        "lead_organisation": p.lead_organisation.slug if p.lead_organisation else None,
        "applies_from": p.applies_from, "sources": p.sources, "parties_uncertain": p.parties_uncertain,
        "parties": [{"kind": x.kind, "name": x.name, "country": x.country.code if x.country else None}
                    for x in p.parties.select_related("country")],
        "facts": [{"kind": f.kind, "label": f.label, "text": f.text, "date": f.date,
                   "amount": float(f.amount) if f.amount is not None else None, "currency": f.currency,
                   "sources": f.sources, "uncertain": f.uncertain, "note": f.note} for f in p.facts.all()],
        "gates": {row["phase"]: row["missing"] for row in gates.gate_table(p)},
    })
    return data


class PartnershipIn(Schema):
    owner: str | None = Field(None, description="slug of the owning organisation (create only)")
    title: str | None = None
    summary: str | None = None
    classification: str | None = None
    instrument_kind: str | None = None
    legal_basis: str | None = None
    legal_instrument: str | None = None
    scoping_note: str | None = None
    lead_organisation: str | None = Field(None, description="organisation slug")
    no_eu_funds: bool | None = None
    signed_or_announced: str | None = None
    entry_into_force: str | None = None
    ended: str | None = None
    status_text: str | None = None
    status_as_of: str | None = None
    solution_types: list[str] | None = None
    countries: list[str] | None = None
    routes: list[str] | None = None


def _resolve_fields(data: dict) -> dict:
    fields = {k: v for k, v in data.items() if v is not None and k != "owner"}
    errors = {}
    if "lead_organisation" in fields:
        fields["lead_organisation"] = Organisation.objects.filter(slug=fields["lead_organisation"]).first()
        if fields["lead_organisation"] is None:
            errors["lead_organisation"] = f"No organisation {data['lead_organisation']!r}."
    for name, model, key in (("solution_types", SolutionType, "code"), ("countries", Country, "code"),
                             ("routes", Route, "slug")):
        if name in fields:
            wanted = [str(x).upper() if name == "countries" else x for x in fields[name]]
            found = list(model.objects.filter(**{f"{key}__in": wanted}))
            unknown = sorted(set(wanted) - {getattr(o, key) for o in found})
            if unknown:
                errors[name] = f"Unknown: {', '.join(unknown)}."
            fields[name] = found
    if errors:
        raise ValidationError(errors)
    return fields


@router.post("/", auth=django_auth, summary="Create a partnership (editors of the owner)", response={201: dict})
def create_partnership(request, payload: PartnershipIn):
    owner = Organisation.objects.filter(slug=payload.owner or "").first()
    if owner is None:
        raise ValidationError({"owner": "Give the slug of the owning organisation."})
    p = actions.create_partnership(request.user, owner=owner, **_resolve_fields(payload.dict()))
    return 201, get_partnership(request, p.pk)


@router.patch("/{int:pk}", auth=django_auth, summary="Change a partnership (editors of the owner)")
def update_partnership(request, pk: int, payload: PartnershipIn):
    p = _visible(request.user, pk)
    actions.update_partnership(request.user, p, **_resolve_fields(payload.dict()))
    return get_partnership(request, pk)


class TransitionIn(Schema):
    to_phase: str
    reason: str


class DecisionIn(Schema):
    reason: str = ""


def _transition(t):
    return {"id": t.pk, "partnership": t.partnership_id, "from_phase": t.from_phase, "to_phase": t.to_phase,
            "reason": t.reason, "status": t.status, "requested_by": t.requested_by.email,
            "decided_by": t.decided_by.email if t.decided_by else None, "decision_reason": t.decision_reason}


@router.post("/{int:pk}/transitions", auth=django_auth, response={201: dict},
             summary="Request a move to another phase; refused with the missing gate conditions")
def request_transition(request, pk: int, payload: TransitionIn):
    p = _visible(request.user, pk)
    return 201, _transition(actions.request_transition(request.user, p, to_phase=payload.to_phase,
                                                       reason=payload.reason))


def _request(user, pk):
    t = get_object_or_404(TransitionRequest.objects.select_related("partnership", "requested_by"), pk=pk)
    if not policy.can_view(user, t.partnership):
        raise Http404
    return t


@router.post("/transitions/{int:pk}/approve", auth=django_auth,
             summary="Approve a transition (approvers of the owner, never the requester)")
def approve_transition(request, pk: int, payload: DecisionIn):
    t = actions.approve_transition(request.user, _request(request.user, pk), reason=payload.reason)
    return _transition(t)


@router.post("/transitions/{int:pk}/reject", auth=django_auth, summary="Reject (or withdraw) a transition")
def reject_transition(request, pk: int, payload: DecisionIn):
    return _transition(actions.reject_transition(request.user, _request(request.user, pk), reason=payload.reason))


def _role(r):
    return {"id": r.pk, "partnership": r.partnership_id, "organisation": r.organisation.slug if r.organisation else None,
            "phase": r.phase, "role": r.role, "function": r.function.code, "where": r.where, "note": r.note}


@router.get("/{int:pk}/roles", summary="Roles in a partnership")
def list_roles(request, pk: int):
    p = _visible(request.user, pk)
    return [_role(r) for r in p.roles.filter(withdrawn_at__isnull=True).select_related("organisation", "function")]


class RoleIn(Schema):
    organisation: str | None = Field(None, description="organisation slug; empty for an open need")
    phase: str
    role: str
    function: str = Field(description="function code from the mandate vocabulary")
    where: str = RoleAssignment.Where.THIRD_COUNTRIES
    note: str = ""


@router.post("/{int:pk}/roles", auth=django_auth, response={201: dict}, summary="Assign a role")
def assign_role(request, pk: int, payload: RoleIn):
    from wholeroute.actors.models import Function

    p = _visible(request.user, pk)
    errors = {}
    org = None
    if payload.organisation:
        org = Organisation.objects.filter(slug=payload.organisation).first()
        if org is None:
            errors["organisation"] = f"No organisation {payload.organisation!r}."
    function = Function.objects.filter(code=payload.function).first()
    if function is None:
        errors["function"] = f"Unknown function {payload.function!r}."
    if errors:
        raise ValidationError(errors)
    r = actions.assign_role(request.user, p, organisation=org, phase=payload.phase, role=payload.role,
                            function=function, where=payload.where, note=payload.note)
    return 201, _role(r)


def _indicator(view):
    ind = view.indicator
    return {
        "id": ind.pk, "name": ind.name, "unit": ind.unit, "measure": ind.measure,
        "numerator_label": ind.numerator_label, "denominator_label": ind.denominator_label,
        "beneficiary_group": ind.beneficiary_group, "disaggregation": ind.disaggregation,
        "baseline": {"value": _num(ind.baseline_value), "date": ind.baseline_date},
        "target": {"value": _num(ind.target_value), "date": ind.target_date},
        "series": ind.series_id,
        "values": [{"id": v.pk, "period": v.period, "value": _num(v.value), "numerator": _num(v.numerator),
                    "denominator": _num(v.denominator), "breakdown": v.breakdown, "status": v.status,
                    "locked": v.locked, "evidence": v.evidence_id, "flags": flags} for v, flags in view.rows],
    }


def _num(value):
    return None if value is None else float(value)


@router.get("/{int:pk}/indicators", summary="Results framework of a partnership, values with their flags")
def list_indicators(request, pk: int):
    p = _visible(request.user, pk)
    return [_indicator(v) for v in results.partnership_results(p, request.user)]


class IndicatorIn(Schema):
    name: str
    unit: str
    measure: str = ResultIndicator.Measure.COUNT
    numerator_label: str = ""
    denominator_label: str = ""
    beneficiary_group: str = ""
    baseline_value: str | float | None = None
    target_value: str | float | None = None
    plausibility_max: str | float | None = None
    disaggregation: list[str] = []


@router.post("/{int:pk}/indicators", auth=django_auth, response={201: dict}, summary="Add an indicator")
def define_indicator(request, pk: int, payload: IndicatorIn):
    p = _visible(request.user, pk)
    ind = actions.define_indicator(request.user, p, **payload.dict())
    return 201, {"id": ind.pk, "name": ind.name}


class ValueIn(Schema):
    period: str
    value: str | float | None = None
    numerator: str | float | None = None
    denominator: str | float | None = None
    breakdown: dict[str, dict[str, str | float]] = {}


@router.post("/indicators/{int:pk}/values", auth=django_auth, response={201: dict},
             summary="Report a value (numbers only; free text is refused)")
def report_value(request, pk: int, payload: ValueIn):
    ind = get_object_or_404(ResultIndicator.objects.select_related("partnership"), pk=pk)
    if not policy.can_view(request.user, ind.partnership):
        raise Http404
    if not policy.can_change(request.user, ind.partnership):
        raise PermissionDenied("Only editors of the owning organisation may report values.")
    v = actions.report_value(request.user, ind, **payload.dict())
    return 201, {"id": v.pk, "period": v.period, "status": v.status}
