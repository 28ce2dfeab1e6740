"""Briefing-pack downloads: the reader gets only what they may see; ?public=1 gives the PUBLIC-only variant."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from wholeroute.access import audit
from wholeroute.geo.models import Country, Route
from wholeroute.reports import packs

SUBJECTS = {"country": (Country, "code"), "route": (Route, "slug")}


def pack(request, kind, key, fmt):
    if kind not in SUBJECTS or fmt not in packs.RENDERERS:
        raise Http404
    model, field = SUBJECTS[kind]
    subject = get_object_or_404(model, **{field: key.upper() if field == "code" else key})
    public_only = request.GET.get("public") == "1" or not request.user.is_authenticated
    built = packs.build(kind, subject, request.user, public_only=public_only)
    render, content_type = packs.RENDERERS[fmt]
    response = HttpResponse(render(built), content_type=content_type)
    if fmt != "html":
        response["Content-Disposition"] = f'attachment; filename="{kind}-{key}-{built.classification.lower()}.{fmt}"'
    if built.classification != "PUBLIC":
        from django.db import transaction

        with transaction.atomic():
            audit.record(user=request.user, verb="reports.export", obj=subject,
                         after={"kind": kind, "format": fmt, "classification": built.classification})
    return response
