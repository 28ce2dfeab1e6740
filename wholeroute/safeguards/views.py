"""Safeguards pages: thin views that read through the access policy and change state only through actions."""

import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from wholeroute.access import policy
from wholeroute.partnerships.models import Partnership
from wholeroute.safeguards import actions, exports, status
from wholeroute.safeguards.forms import AllegationForm, MonitoringForm
from wholeroute.safeguards.models import (
    Allegation,
    MonitoringArrangement,
    Obligation,
    Review,
    RightsAssessment,
    SuspensionProposal,
)


def _visible(request, obj):
    if not policy.can_view(request.user, obj):
        if not request.user.is_authenticated:
            raise _SignIn
        raise Http404
    return obj


class _SignIn(Exception):
    pass


def _guard(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignIn:
            return redirect_to_login(request.get_full_path())
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                raise
            messages.error(request, " ".join(exc.messages))
            return redirect(request.POST.get("next") or request.path)

    wrapped.__name__ = view.__name__
    return wrapped


@_guard
def overview(request):
    rows = status.rows_for(request.user)
    today = datetime.date.today()
    allegations = Allegation.objects.visible_to(request.user).select_related("partnership")
    overdue_allegations = [a for a in allegations.exclude(status__in=Allegation.CLOSED) if a.overdue(today)]
    overdue_monitoring = [m for m in MonitoringArrangement.objects.visible_to(request.user).select_related("partnership")
                          if m.is_overdue(today)]
    visible_ids = Partnership.objects.visible_to(request.user).values("pk")
    overdue_reviews = Review.objects.filter(partnership__in=visible_ids, completed_on__isnull=True,
                                            due_on__lt=today).select_related("partnership")
    return render(request, "safeguards/overview.html", {
        "rows": rows, "overdue_allegations": overdue_allegations, "overdue_monitoring": overdue_monitoring,
        "overdue_reviews": overdue_reviews,
        "page_classification": "SENSITIVE" if request.user.is_authenticated and rows else "PUBLIC",
    })


def export(request, fmt):
    return exports.response(status.rows_for(request.user), fmt)


@_guard
def partnership(request, pk):
    p = _visible(request, get_object_or_404(Partnership, pk=pk))
    user = request.user
    return render(request, "safeguards/partnership.html", {
        "p": p, "tab": "safeguards",
        "assessments": RightsAssessment.objects.visible_to(user).filter(partnership=p).order_by("-version"),
        "monitoring": MonitoringArrangement.objects.visible_to(user).filter(partnership=p),
        "allegations": Allegation.objects.visible_to(user).filter(partnership=p),
        "proposals": SuspensionProposal.objects.filter(partnership=p) if policy.can_change(user, p) or
        policy.can_approve(user, p) else [],
        "reviews": p.reviews.all() if policy.can_view(user, p) else [],
        "can_change": policy.can_change(user, p), "can_approve": policy.can_approve(user, p),
        "monitoring_form": MonitoringForm(), "allegation_form": AllegationForm(partnership=p),
        "page_classification": "SENSITIVE" if user.is_authenticated else "PUBLIC",
    })


@require_POST
@_guard
def start_assessment(request, pk):
    p = _visible(request, get_object_or_404(Partnership, pk=pk))
    assessment = actions.start_assessment(request.user, p)
    return redirect("safeguards:assessment", assessment.pk)


@_guard
def assessment(request, pk):
    a = _visible(request, get_object_or_404(RightsAssessment.objects.select_related("partnership"), pk=pk))
    answers = list(a.answers.select_related("obligation", "responsible"))
    previous = {x.obligation_id: x for x in a.based_on.answers.all()} if a.based_on else {}
    changed = [x for x in answers if x.obligation_id in previous and (
        previous[x.obligation_id].risk, previous[x.obligation_id].mitigation) != (x.risk, x.mitigation)]
    return render(request, "safeguards/assessment.html", {
        "a": a, "p": a.partnership, "answers": answers, "changed": changed, "previous": previous,
        "editable": policy.can_change(request.user, a) and not a.is_locked,
        "can_approve": policy.can_approve(request.user, a, author=a.created_by)
        and request.user.pk != a.submitted_by_id,
        "risks": [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        "page_classification": a.classification,
    })


@require_POST
@_guard
def answer(request, pk, obligation_pk):
    a = _visible(request, get_object_or_404(RightsAssessment, pk=pk))
    obligation = get_object_or_404(Obligation, pk=obligation_pk)
    actions.answer(request.user, a, obligation, risk=request.POST.get("risk", ""),
                   evidence=request.POST.get("evidence", ""), evidence_url=request.POST.get("evidence_url", ""),
                   mitigation=request.POST.get("mitigation", ""))
    messages.success(request, f"Saved: {obligation.title}.")
    return redirect(f"{request.path.rsplit('/answer/', 1)[0]}/#item-{obligation.pk}")


@require_POST
@_guard
def decide_assessment(request, pk, verb):
    a = _visible(request, get_object_or_404(RightsAssessment, pk=pk))
    reason = request.POST.get("reason", "")
    if verb == "submit":
        actions.submit_assessment(request.user, a)
    elif verb == "approve":
        actions.approve_assessment(request.user, a, reason=reason)
    else:
        actions.return_assessment(request.user, a, reason=reason)
    messages.success(request, f"Assessment version {a.version}: {verb} done.")
    return redirect("safeguards:assessment", a.pk)


@require_POST
@_guard
def add_monitoring(request, pk):
    p = _visible(request, get_object_or_404(Partnership, pk=pk))
    form = MonitoringForm(request.POST)
    if form.is_valid():
        actions.record_monitoring(request.user, p, **form.cleaned_data)
        messages.success(request, "Monitoring arrangement recorded.")
    else:
        messages.error(request, "Monitoring arrangement not saved: " + "; ".join(
            f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()))
    return redirect("safeguards:partnership", p.pk)


@_guard
def allegations(request):
    return render(request, "safeguards/allegations.html", {
        "allegations": Allegation.objects.visible_to(request.user).select_related("partnership").prefetch_related("rights"),
        "today": datetime.date.today(),
        "page_classification": "SENSITIVE" if request.user.is_authenticated else "PUBLIC",
    })


@_guard
def new_allegation(request, pk):
    p = _visible(request, get_object_or_404(Partnership, pk=pk))
    form = AllegationForm(request.POST or None, partnership=p)
    if request.method == "POST" and form.is_valid():
        try:
            allegation = actions.record_allegation(request.user, p, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Allegation registered; deadlines set in working days.")
            return redirect("safeguards:allegation", allegation.pk)
    return render(request, "safeguards/allegation_form.html", {"form": form, "p": p, "page_classification": "SENSITIVE"})


@_guard
def allegation(request, pk):
    a = _visible(request, get_object_or_404(Allegation.objects.select_related("partnership"), pk=pk))
    if request.method == "POST":
        actions.advance_allegation(request.user, a, status=request.POST.get("status", ""),
                                   outcome=request.POST.get("outcome", ""), follow_up=request.POST.get("follow_up", ""))
        messages.success(request, "Allegation updated.")
        return redirect("safeguards:allegation", a.pk)
    return render(request, "safeguards/allegation.html", {
        "a": a, "next_statuses": [(s, Allegation.Status(s).label) for s in sorted(Allegation.NEXT.get(a.status, []))],
        "can_change": policy.can_change(request.user, a), "overdue": a.overdue(),
        "page_classification": a.classification,
    })


@require_POST
@_guard
def decide_proposal(request, pk, verb):
    proposal = get_object_or_404(SuspensionProposal.objects.select_related("partnership"), pk=pk)
    _visible(request, proposal.partnership)
    actions.decide_proposal(request.user, proposal, accept=verb == "accept", reason=request.POST.get("reason", ""))
    messages.success(request, "Decision recorded.")
    return redirect("safeguards:partnership", proposal.partnership_id)
