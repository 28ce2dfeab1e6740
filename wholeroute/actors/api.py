"""JSON API for mandates and the mandate-gap report (same access rules as the pages)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router

from wholeroute.access import policy
from wholeroute.actors import gaps
from wholeroute.actors.models import MandateHolder
from wholeroute.partnerships.models import Partnership

router = Router(tags=["actors"])


def _entry(e):
    return {"function": e.function.code, "permitted": e.permitted, "legal_basis": e.legal_basis,
            "geographic_scope": e.geographic_scope, "text": e.text, "source": e.source, "also_seen": e.also_seen,
            "uncertain": e.uncertain, "note": e.note}


@router.get("/mandates", summary="Mandates of organisations (public reference data)")
def list_mandates(request):
    return [{"code": h.code, "name": h.name, "kind": h.kind, "compiled": h.compiled}
            for h in MandateHolder.objects.all()]


@router.get("/mandates/{code}", summary="One mandate: what the organisation may and may not do, with sources")
def get_mandate(request, code: str):
    h = get_object_or_404(MandateHolder, code=code)
    return {"code": h.code, "name": h.name, "kind": h.kind, "compiled": h.compiled,
            "constituent_instruments": h.constituent_instruments, "general_limits": h.general_limits,
            "pending_changes": h.pending_changes,
            "entries": [_entry(e) for e in h.entries.select_related("function")]}


@router.get("/gaps", summary="Mandate-gap report over the partnerships the caller may see")
def mandate_gaps(request, partnership: int | None = None, all: bool = False):  # noqa: A002 — query name
    p = None
    if partnership is not None:
        p = Partnership.objects.filter(pk=partnership).first()
        if p is None or not policy.can_view(request.user, p):
            raise Http404
    findings = gaps.report(request.user, p, gaps_only=not all)
    return [{
        "partnership": f.assignment.partnership_id, "partnership_title": f.assignment.partnership.title,
        "organisation": f.assignment.organisation.slug, "phase": f.assignment.phase, "role": f.assignment.role,
        "function": f.assignment.function.code, "where": f.assignment.where, "verdict": f.verdict,
        "explanation": f.explanation, "legal_basis": f.entry.legal_basis if f.entry else "",
        "uncertain": bool(f.entry and f.entry.uncertain), "sources": f.sources,
    } for f in findings]
