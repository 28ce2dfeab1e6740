"""Safeguards pages: thin views that read through the access policy and change state only through actions."""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from wholeroute.access import policy
from wholeroute.access.models import Organisation, Role
from wholeroute.partnerships.models import Partnership
from wholeroute.safeguards import actions, deadlines, exports, reviews, status, versions
from wholeroute.safeguards.forms import (
    AllegationForm,
    AllegationStatusForm,
    AnswerForm,
    DeadlineForm,
    MonitoringForm,
    MonitoringReportForm,
    ObligationForm,
    ReasonForm,
    ReviewCompleteForm,
    ReviewScheduleForm,
    ThresholdRuleForm,
)
from wholeroute.safeguards.models import (
    Allegation,
    LegalReform,
    MonitoringArrangement,
    Obligation,
    RightsAssessment,
    SuspensionProposal,
    SuspensionRule,
)


class _SignIn(Exception):
    pass


def _visible(request, obj):
    """The record if the user may see it; otherwise sign in (anonymous) or 404 (no hint that it exists)."""
    if not policy.can_view(request.user, obj):
        if not request.user.is_authenticated:
            raise _SignIn
        raise Http404
    return obj


def _signed_in(request):
    if not request.user.is_authenticated:
        raise _SignIn


def _guard(view):
    """Anonymous → sign-in page; refused by an action → 403; bad input → message and back to the page."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignIn:
            return redirect_to_login(request.get_full_path())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(request.POST.get("next") or request.path)

    return wrapped


def _form_invalid(request, form, what):
    messages.error(request, f"{what} not saved: " + "; ".join(
        f"{form.fields[f].label if f in form.fields else 'Form'}: {' '.join(e)}" for f, e in form.errors.items()))


def _owner_member(user, p) -> bool:
    """Suspension proposals and reviews carry assessments' conclusions: the owner's staff see them."""
    return policy.has_role(user, p.owner_id, Role.VIEWER)


@_guard
def overview(request):
    user = request.user
    today = datetime.date.today()
    rows = status.rows_for(user)
    allegations = Allegation.objects.visible_to(user).select_related("partnership")
    visible = Partnership.objects.visible_to(user)
    return render(request, "safeguards/overview.html", {
        "rows": rows, "columns": status.COLUMNS,
        "overdue_allegations": [a for a in allegations.exclude(status__in=Allegation.CLOSED) if a.overdue(today)],
        "overdue_monitoring": [m for m in MonitoringArrangement.objects.visible_to(user).select_related("partnership")
                               if m.is_overdue(today)],
        "overdue_reviews": reviews.overdue(visible.filter(owner_id__in=list(policy.roles(user))), today),
        "page_classification": "SENSITIVE" if user.is_authenticated and rows else "PUBLIC",
    })


def export(request, fmt):
    return exports.response(status.rows_for(request.user), fmt)


def checklist(request):
    """The checklist is public reference information: every item with its source, date and uncertainty."""
    return render(request, "safeguards/checklist.html", {
        "obligations": Obligation.objects.all(), "reforms": LegalReform.objects.all(),
        "rules": SuspensionRule.objects.filter(indicator__isnull=True).prefetch_related("obligations"),
        "page_classification": "PUBLIC",
    })


@_guard
def obligation(request, code):
    item = get_object_or_404(Obligation, code=code)
    may_edit = item.maintainer_id is not None and policy.can_administer(request.user, item.maintainer_id)
    form = ObligationForm(request.POST or None, instance=item) if may_edit else None
    if request.method == "POST":
        _signed_in(request)
        if not may_edit:
            raise PermissionDenied("Only admins of the organisation maintaining the checklist may change its items.")
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
            actions.update_obligation(request.user, item, reason=form.cleaned_data["reason"], **fields)
            messages.success(request, f"{item.title}: saved as version {item.version + 1}.")
            return redirect("safeguards:obligation", item.code)
        item.refresh_from_db()
    return render(request, "safeguards/obligation.html", {
        "o": item, "versions": item.versions.select_related("changed_by"), "form": form,
        "page_classification": "PUBLIC",
    })


@_guard
def deadline_settings(request):
    _signed_in(request)
    orgs = Organisation.objects.filter(pk__in=policy.organisations_with_role(request.user, Role.ADMIN))
    if not orgs:
        raise PermissionDenied("Only admins of an organisation may set its allegation deadlines.")
    org = get_object_or_404(orgs, pk=request.POST.get("organisation") or request.GET.get("organisation")
                            or orgs.first().pk)
    form = DeadlineForm(request.POST or None, initial={"acknowledgement_days": deadlines.acknowledgement_days(org),
                                                       "decision_days": deadlines.decision_days(org)})
    if request.method == "POST" and form.is_valid():
        actions.set_deadlines(request.user, org, **form.cleaned_data)
        messages.success(request, f"Allegation deadlines of {org} saved.")
        return redirect(f"{reverse('safeguards:deadlines')}?organisation={org.pk}")
    return render(request, "safeguards/deadlines.html", {"form": form, "org": org, "orgs": orgs,
                                                          "page_classification": "LIMITED"})


@require_POST
@_guard
def rule_active(request, pk):
    _signed_in(request)
    rule = get_object_or_404(SuspensionRule.objects.select_related("indicator__partnership"), pk=pk)
    if rule.indicator_id is not None:
        _visible(request, rule.indicator.partnership)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Give the reason for switching the rule on or off.")
    actions.set_rule_active(request.user, rule, active=request.POST.get("active") == "on",
                            reason=form.cleaned_data["reason"])
    messages.success(request, f"Rule {'switched on' if rule.active is False else 'switched off'}: {rule}.")
    if rule.indicator_id is not None:
        return redirect("safeguards:partnership", rule.indicator.partnership_id)
    return redirect("safeguards:checklist")


@_guard
def partnership(request, pk):
    p = _visible(request, get_object_or_404(Partnership, pk=pk))
    user = request.user
    insider = _owner_member(user, p)
    return render(request, "safeguards/partnership.html", {
        "p": p, "tab": "safeguards",
        "assessments": RightsAssessment.objects.visible_to(user).filter(partnership=p).select_related(
            "created_by", "decided_by").order_by("-version"),
        "monitoring": MonitoringArrangement.objects.visible_to(user).filter(partnership=p),
        "allegations": Allegation.objects.visible_to(user).filter(partnership=p),
        "proposals": SuspensionProposal.objects.filter(partnership=p).select_related("rule") if insider else [],
        "rules": SuspensionRule.objects.filter(indicator__partnership=p).select_related("indicator") if insider else [],
        "general_rules": SuspensionRule.objects.filter(indicator__isnull=True, active=True),
        "reviews": p.reviews.order_by("-due_on") if insider else [],
        "review_due": reviews.due_on(p) if insider else None, "today": datetime.date.today(),
        "can_change": policy.can_change(user, p), "can_approve": policy.can_approve(user, p),
        "monitoring_form": MonitoringForm(), "report_form": MonitoringReportForm(),
        "rule_form": ThresholdRuleForm(partnership=p), "schedule_form": ReviewScheduleForm(),
        "complete_form": ReviewCompleteForm(),
        "page_classification": "SENSITIVE" if user.is_authenticated else p.classification,
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
    editable = policy.can_change(request.user, a) and not a.is_locked
    if editable:
        for x in answers:
            x.form = AnswerForm(prefix=f"item{x.pk}", initial={
                "risk": x.risk if x.risk != "not_assessed" else "", "evidence": x.evidence,
                "evidence_url": x.evidence_url, "mitigation": x.mitigation, "responsible": x.responsible_id})
    return render(request, "safeguards/assessment.html", {
        "a": a, "p": a.partnership, "answers": answers,
        "changes": versions.compare(a.based_on, a) if a.based_on_id else None,
        "blocking": [x for x in answers if x.unmitigated_high_risk],
        "editable": editable,
        "can_approve": policy.can_approve(request.user, a, author=a.created_by)
        and request.user.pk != a.submitted_by_id,
        "page_classification": a.classification,
    })


@_guard
def compare(request, pk, other_pk):
    a = _visible(request, get_object_or_404(RightsAssessment, pk=pk))
    b = _visible(request, get_object_or_404(RightsAssessment, pk=other_pk, partnership_id=a.partnership_id))
    older, newer = sorted([a, b], key=lambda x: x.version)
    return render(request, "safeguards/compare.html", {
        "older": older, "newer": newer, "p": a.partnership, "rows": versions.compare(older, newer),
        "page_classification": a.classification,
    })


@require_POST
@_guard
def answer(request, pk, answer_pk):
    a = _visible(request, get_object_or_404(RightsAssessment, pk=pk))
    item = get_object_or_404(a.answers.select_related("obligation"), pk=answer_pk)
    form = AnswerForm(request.POST, prefix=f"item{item.pk}")
    if not form.is_valid():
        _form_invalid(request, form, item.obligation.title)
    else:
        actions.answer(request.user, a, item.obligation, **form.cleaned_data)
        messages.success(request, f"Saved: {item.obligation.title}.")
    return redirect(reverse("safeguards:assessment", args=[a.pk]) + f"#item-{item.pk}")


@require_POST
@_guard
def decide_assessment(request, pk, verb):
    a = _visible(request, get_object_or_404(RightsAssessment, pk=pk))
    reason = request.POST.get("reason", "")
    if verb == "submit":
        actions.submit_assessment(request.user, a)
        messages.success(request, f"Version {a.version} submitted for approval by a second person.")
    elif verb == "approve":
        actions.approve_assessment(request.user, a, reason=reason)
        messages.success(request, f"Version {a.version} approved.")
    else:
        actions.return_assessment(request.user, a, reason=reason)
        messages.success(request, f"Version {a.version} returned for changes.")
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
        policy.require_change(request.user, p)
        _form_invalid(request, form, "Monitoring arrangement")
    return redirect("safeguards:partnership", p.pk)


@require_POST
@_guard
def monitoring_report(request, pk):
    m = _visible(request, get_object_or_404(MonitoringArrangement, pk=pk))
    form = MonitoringReportForm(request.POST)
    if form.is_valid():
        actions.record_monitoring_report(request.user, m, **form.cleaned_data)
        messages.success(request, f"Report of {m.body_name} recorded.")
    else:
        policy.require_change(request.user, m)
        _form_invalid(request, form, "Monitoring report")
    return redirect("safeguards:partnership", m.partnership_id)


@_guard
def allegations(request):
    return render(request, "safeguards/allegations.html", {
        "allegations": Allegation.objects.visible_to(request.user).select_related("partnership").prefetch_related(
            "rights"),
        "page_classification": "SENSITIVE" if request.user.is_authenticated else "PUBLIC",
    })


@_guard
def new_allegation(request, pk):
    p = _visible(request, get_object_or_404(Partnership, pk=pk))
    _signed_in(request)
    policy.require(policy.can_create(request.user, p.owner),
                   "Only editors of the partnership's owning organisation may register allegations.")
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
    form = AllegationStatusForm(request.POST or None)
    form.fields["status"].choices = [(s, Allegation.Status(s).label) for s in sorted(Allegation.NEXT.get(a.status, []))]
    if request.method == "POST":
        policy.require_change(request.user, a)
        if form.is_valid():
            actions.advance_allegation(request.user, a, **form.cleaned_data)
            messages.success(request, "Allegation updated.")
            return redirect("safeguards:allegation", a.pk)
    return render(request, "safeguards/allegation.html", {
        "a": a, "form": form, "can_change": policy.can_change(request.user, a) and a.status not in Allegation.CLOSED,
        "overdue": a.overdue(), "proposals": a.proposals.select_related("rule"),
        "page_classification": a.classification,
    })


@require_POST
@_guard
def decide_proposal(request, pk, verb):
    proposal = get_object_or_404(SuspensionProposal.objects.select_related("partnership"), pk=pk)
    _visible(request, proposal.partnership)
    actions.decide_proposal(request.user, proposal, accept=verb == "accept", reason=request.POST.get("reason", ""))
    messages.success(request, "Partnership suspended." if verb == "accept" else "Proposal rejected.")
    return redirect("safeguards:partnership", proposal.partnership_id)


@require_POST
@_guard
def define_threshold_rule(request, pk):
    p = _visible(request, get_object_or_404(Partnership, pk=pk))
    policy.require_change(request.user, p)
    form = ThresholdRuleForm(request.POST, partnership=p)
    if form.is_valid():
        indicator = form.cleaned_data["indicator"]
        code = f"threshold-{indicator.pk}-{SuspensionRule.objects.filter(indicator=indicator).count() + 1}"
        actions.define_rule(request.user, code=code, kind=SuspensionRule.Kind.INDICATOR_THRESHOLD, **form.cleaned_data)
        messages.success(request, "Suspension rule recorded; it is checked whenever a value is reported.")
    else:
        _form_invalid(request, form, "Suspension rule")
    return redirect("safeguards:partnership", p.pk)


@require_POST
@_guard
def schedule_review(request, pk):
    p = _visible(request, get_object_or_404(Partnership, pk=pk))
    form = ReviewScheduleForm(request.POST)
    if form.is_valid():
        actions.schedule_review(request.user, p, **form.cleaned_data)
        messages.success(request, "Review date set.")
    else:
        policy.require_change(request.user, p)
        _form_invalid(request, form, "Review date")
    return redirect("safeguards:partnership", p.pk)


@require_POST
@_guard
def complete_review(request, pk):
    p = _visible(request, get_object_or_404(Partnership, pk=pk))
    form = ReviewCompleteForm(request.POST)
    if form.is_valid():
        actions.complete_review(request.user, p, **form.cleaned_data)
        messages.success(request, "Review recorded; the next one is scheduled.")
    else:
        policy.require_change(request.user, p)
        _form_invalid(request, form, "Review")
    return redirect("safeguards:partnership", p.pk)
