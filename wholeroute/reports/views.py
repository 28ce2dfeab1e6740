"""Briefing-pack downloads: the reader gets only what they may see; ?public=1 gives the PUBLIC-only variant."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wholeroute.access import audit
from wholeroute.reports import fiche, packs, subjects


def pack(request, kind, key, fmt):
    if kind not in subjects.KINDS or fmt not in packs.RENDERERS:
        raise Http404
    public_only = request.GET.get("public") == "1" or not request.user.is_authenticated
    try:
        subject = subjects.resolve(kind, key, request.user, public_only=public_only)
    except subjects.SubjectNotFound as exc:
        raise Http404(str(exc)) from None
    built = packs.build(kind, subject, request.user, public_only=public_only)
    render, content_type = packs.RENDERERS[fmt]
    response = HttpResponse(render(built), content_type=content_type)
    if fmt != "html":
        response["Content-Disposition"] = f'attachment; filename="{kind}-{key}-{built.classification.lower()}.{fmt}"'
    if built.classification != "PUBLIC":
        with transaction.atomic():
            audit.record(user=request.user, verb="reports.export", obj=subject,
                         after={"kind": kind, "format": fmt, "classification": built.classification})
    return response


# --- route dashboard ---------------------------------------------------------------------------------------------

def route_dashboard(request, slug):
    from django.shortcuts import get_object_or_404

    from wholeroute.geo.models import Route
    from wholeroute.reports import dashboard

    route = get_object_or_404(Route, slug=slug)
    sections = dashboard.route_dashboard(request.user, route)
    return render(request, "reports/route_dashboard.html", {
        "route": route, "sections": sections, "page_classification": fiche.highest_classification(sections)})


# --- packs generated in the background ---------------------------------------------------------------------------

def _my_pack(request, pk):
    from django.shortcuts import get_object_or_404

    from wholeroute.access import policy
    from wholeroute.reports.models import Pack

    pack = get_object_or_404(Pack, pk=pk, requested_by_id=request.user.pk)
    if not policy.can_view(request.user, pack):
        raise Http404
    return pack


@login_required
def pack_list(request):
    from wholeroute.reports import actions
    from wholeroute.reports.models import Pack

    error = ""
    if request.method == "POST":
        try:
            actions.request_pack(request.user, request.POST.get("kind", ""), request.POST.get("key", ""),
                                 request.POST.get("format", ""), public=request.POST.get("public") == "1")
            return redirect("reports:packs")
        except (ValidationError, PermissionDenied) as exc:
            error = "; ".join(exc.messages) if hasattr(exc, "messages") else str(exc)
    packs_of_user = list(Pack.objects.filter(requested_by=request.user).order_by("-created_at", "-id")[:100])
    return render(request, "reports/packs.html", {
        "packs": packs_of_user, "in_progress": any(p.status in ("queued", "running") for p in packs_of_user),
        "kinds": Pack.Kind.choices, "formats": Pack.Format.choices, "error": error,
        "initial": {k: request.GET.get(k, "") for k in ("kind", "key", "format")},
        "page_classification": fiche.highest_classification(
            [fiche.Section(key="p", title="p", classification=p.classification) for p in packs_of_user])})


@login_required
def pack_detail(request, pk):
    from wholeroute.reports import provenance

    pack = _my_pack(request, pk)
    changes = provenance.changed_since(pack) if pack.status == pack.Status.SUCCEEDED else []
    return render(request, "reports/pack_detail.html", {"pack": pack, "changes": changes,
                                                        "page_classification": pack.classification})


@login_required
def pack_download(request, pk):
    from django.http import FileResponse

    pack = _my_pack(request, pk)
    if pack.status != pack.Status.SUCCEEDED or not pack.file:
        raise Http404("This pack has no file (yet).")
    if pack.classification != "PUBLIC":
        with transaction.atomic():
            audit.record(user=request.user, verb="reports.export", obj=pack,
                         after={"kind": pack.kind, "key": pack.key, "format": pack.format,
                                "classification": pack.classification})
    response = FileResponse(pack.file.open("rb"), as_attachment=True, filename=pack.file_name,
                            content_type=packs.RENDERERS[pack.format][1])
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def pack_regenerate(request, pk):
    from wholeroute.reports import actions

    again = actions.regenerate_pack(request.user, _my_pack(request, pk))
    return redirect("reports:pack_detail", again.pk)


@login_required
@require_POST
def pack_retry(request, pk):
    from wholeroute.reports import actions

    pack = actions.retry_pack(request.user, _my_pack(request, pk))
    return redirect("reports:pack_detail", pack.pk)
