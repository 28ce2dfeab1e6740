"""Partnership pages. Thin: access through wholeroute.access.policy, changes through actions."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from wholeroute.access import audit, policy
from wholeroute.access.models import Role
from wholeroute.geo.models import Country, Route
from wholeroute.partnerships import actions, gates, results
from wholeroute.partnerships.forms import (
    DocumentForm,
    IndicatorForm,
    OptionalReasonForm,
    OwnerChoiceForm,
    PartnershipForm,
    ReasonForm,
    RoleForm,
    TransitionRequestForm,
    ValueForm,
    VersionForm,
)
from wholeroute.partnerships.models import (
    Document,
    DocumentVersion,
    Fact,
    Partnership,
    Party,
    ResultIndicator,
    ResultValue,
    SolutionType,
    TransitionRequest,
)
from wholeroute.partnerships.spreadsheet import csv_response

SORTS = {
    "title": ("title",), "-title": ("-title",), "phase": ("phase", "title"), "signed": ("signed_or_announced",),
    "-signed": ("-signed_or_announced",), "updated": ("-updated_at",),
}


def _visible_or_404(request, obj):
    if policy.can_view(request.user, obj):
        return obj
    if not request.user.is_authenticated:
        raise _SignIn()
    raise Http404("No such record.")


class _SignIn(Exception):
    pass


def _guard(view):
    """Anonymous visitors asking for a record they may not see are sent to sign in; others get 404."""
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignIn:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _partnership(request, pk):
    return _visible_or_404(request, get_object_or_404(Partnership.objects.select_related("owner", "lead_organisation"),
                                                      pk=pk))


def _errors_into(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def filtered(request_get, user):
    """The visible partnerships matching the list filters (shared by the page, the CSV export and the API)."""
    qs = Partnership.objects.visible_to(user)
    g = request_get
    if g.get("country"):
        qs = qs.filter(countries__code=g["country"].upper())
    if g.get("route"):
        qs = qs.filter(routes__slug=g["route"])
    if g.get("solution"):
        qs = qs.filter(solution_types__code=g["solution"])
    if g.get("phase"):
        qs = qs.filter(phase=g["phase"])
    if g.get("instrument"):
        qs = qs.filter(instrument_kind=g["instrument"])
    if g.get("status"):
        qs = qs.filter(status_text__icontains=g["status"])
    if g.get("party"):
        party = g["party"]
        qs = qs.filter(parties__kind=Party.Kind.EU) if party.upper() == "EU" else qs.filter(
            Q(parties__country__code=party.upper()) | Q(parties__organisation__slug=party))
    if g.get("q"):
        q = g["q"]
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(status_text__icontains=q)
                       | Q(registry_id__icontains=q) | Q(facts__text__icontains=q))
    return qs.distinct().order_by(*SORTS.get(g.get("sort") or "title", ("title",)))


CSV_HEADER = ["id", "registry id", "title", "classification", "owner", "phase", "phase imported", "status",
              "status as of", "instrument", "solution types", "countries", "routes", "signed or announced",
              "entry into force", "ended", "sources"]


def partnership_list(request):
    qs = filtered(request.GET, request.user).select_related("owner").prefetch_related(
        "solution_types", "countries", "routes")
    if request.GET.get("format") == "csv":
        rows = ([p.pk, p.registry_id or "", p.title, p.classification, str(p.owner), p.get_phase_display(),
                 "yes" if p.phase_imported else "no", p.status_text, p.status_as_of, p.get_instrument_kind_display(),
                 "; ".join(s.name for s in p.solution_types.all()), "; ".join(c.code for c in p.countries.all()),
                 "; ".join(r.name for r in p.routes.all()), p.signed_or_announced, p.entry_into_force, p.ended,
                 " ".join(p.sources)] for p in qs.iterator(chunk_size=200))
        return csv_response("partnerships.csv", CSV_HEADER, rows)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "partnerships/list.html", {
        "page": page, "query": query.urlencode(), "filters": request.GET,
        "countries": Country.objects.filter(partnerships__isnull=False).distinct(),
        "routes": Route.objects.all(), "solution_types": SolutionType.objects.all(),
        "phases": Partnership.Phase.choices, "instruments": Partnership.InstrumentKind.choices,
        "sorts": [("title", "Title A–Z"), ("-title", "Title Z–A"), ("phase", "Phase"), ("-signed", "Newest signed"),
                  ("signed", "Oldest signed"), ("updated", "Recently changed")],
        "can_create": bool(policy.organisations_with_role(request.user, Role.EDITOR)),
        "page_classification": _highest(p.classification for p in page.object_list),
    })


def _highest(classifications):
    from wholeroute.access.models import CLASSIFICATION_RANK, Classification

    return max(classifications, key=CLASSIFICATION_RANK.__getitem__, default=Classification.PUBLIC)


@_guard
def partnership_detail(request, pk):
    p = _partnership(request, pk)
    facts = list(p.facts.all())
    by_kind = {}
    for f in facts:
        by_kind.setdefault(f.kind, []).append(f)
    dates = {f.label: f for f in by_kind.get(Fact.Kind.DATE, [])}
    documents = Document.objects.visible_to(request.user).filter(partnership=p).prefetch_related("versions")
    return render(request, "partnerships/detail.html", {
        "p": p, "parties": p.parties.select_related("country", "organisation"),
        "dates": [(label, getattr(p, name), dates.get(name)) for name, label in (
            ("signed_or_announced", "Signed or announced"), ("entry_into_force", "Entry into force"),
            ("applies_from", "Applies from"), ("ended", "Ended")) if getattr(p, name) or dates.get(name)],
        "status_fact": (by_kind.get(Fact.Kind.STATUS) or [None])[0],
        "fact_groups": [(Fact.Kind(k).label, by_kind[k]) for k in (
            Fact.Kind.KEY_TERM, Fact.Kind.MONEY, Fact.Kind.ACTOR, Fact.Kind.AGREEMENT, Fact.Kind.EVENT,
            Fact.Kind.CONTROVERSY, Fact.Kind.CONTEXT) if by_kind.get(k)],
        "roles": p.roles.filter(withdrawn_at__isnull=True).select_related("organisation", "function"),
        "documents": documents,
        "can_change": policy.can_change(request.user, p),
        "page_classification": p.classification,
    })


def _save_partnership(request, form, p=None, owner=None):
    data = dict(form.cleaned_data)
    data.pop("owner", None)
    try:
        if p is None:
            return actions.create_partnership(request.user, owner=owner, **data)
        return actions.update_partnership(request.user, p, **data)
    except ValidationError as exc:
        _errors_into(form, exc)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    return None


def partnership_create(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not policy.organisations_with_role(request.user, Role.EDITOR):
        raise PermissionDenied("Only editors may create partnerships.")
    owner_form = OwnerChoiceForm(request.POST or None, user=request.user, prefix="owner")
    form = PartnershipForm(request.POST or None)
    if request.method == "POST" and owner_form.is_valid() and form.is_valid():
        p = _save_partnership(request, form, owner=owner_form.cleaned_data["owner"])
        if p is not None:
            messages.success(request, f"Partnership “{p.title}” created in exploration.")
            return redirect("partnerships:detail", pk=p.pk)
    if len(owner_form.fields["owner"].queryset) == 1 and not owner_form.is_bound:
        owner_form.initial["owner"] = owner_form.fields["owner"].queryset.first()
    return render(request, "partnerships/edit.html", {"form": form, "owner_form": owner_form, "p": None})


@_guard
def partnership_edit(request, pk):
    p = _partnership(request, pk)
    if not policy.can_change(request.user, p):
        raise PermissionDenied("Only editors of the owning organisation may change this partnership.")
    form = PartnershipForm(request.POST or None, initial=PartnershipForm.initial_for(p))
    if request.method == "POST" and form.is_valid():
        if _save_partnership(request, form, p=p) is not None:
            messages.success(request, "Changes saved.")
            return redirect("partnerships:detail", pk=p.pk)
    return render(request, "partnerships/edit.html", {"form": form, "p": p, "page_classification": p.classification})


# --- lifecycle -------------------------------------------------------------------------------------------------

@_guard
def lifecycle(request, pk, request_form=None):
    p = _partnership(request, pk)
    pending = p.transition_requests.filter(status=TransitionRequest.Status.PENDING).select_related(
        "requested_by").first()
    user = request.user
    return render(request, "partnerships/lifecycle.html", {
        "p": p, "gates": gates.gate_table(p), "conditions": gates.CONDITIONS,
        "pending": pending,
        "may_request": policy.can_change(user, p) and pending is None and gates.NEXT_PHASES.get(p.phase),
        "may_decide": pending is not None and policy.can_approve(user, p, author=pending.requested_by),
        "is_requester": pending is not None and pending.requested_by_id == user.pk,
        "may_suspend": policy.can_approve(user, p),
        "request_form": request_form or TransitionRequestForm(phases=gates.NEXT_PHASES.get(p.phase, [])),
        "reason_form": ReasonForm(), "optional_reason_form": OptionalReasonForm(),
        "history": p.transition_requests.select_related("requested_by", "decided_by")[:20],
        "audit": audit.history(p)[:30] if policy.can_change(user, p) or policy.can_approve(user, p) else [],
        "page_classification": p.classification,
    })


@require_POST
@_guard
def request_transition(request, pk):
    p = _partnership(request, pk)
    form = TransitionRequestForm(request.POST, phases=gates.NEXT_PHASES.get(p.phase, []))
    if form.is_valid():
        try:
            actions.request_transition(request.user, p, **form.cleaned_data)
            messages.success(request, "Transition requested; a colleague with approval rights must approve it.")
            return redirect("partnerships:lifecycle", pk=p.pk)
        except ValidationError as exc:
            _errors_into(form, exc)
    return lifecycle(request, pk, request_form=form)


def _decide(request, pk, verb):
    req = get_object_or_404(TransitionRequest, pk=pk)
    _visible_or_404(request, req.partnership)
    form = (ReasonForm if verb == "reject" else OptionalReasonForm)(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason.")
        return redirect("partnerships:lifecycle", pk=req.partnership_id)
    try:
        if verb == "approve":
            actions.approve_transition(request.user, req, reason=form.cleaned_data["reason"])
            messages.success(request, f"Approved: the partnership is now in {req.get_to_phase_display().lower()}.")
        else:
            actions.reject_transition(request.user, req, reason=form.cleaned_data["reason"])
            messages.success(request, "Request rejected.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("partnerships:lifecycle", pk=req.partnership_id)


@require_POST
@_guard
def approve_transition(request, pk):
    return _decide(request, pk, "approve")


@require_POST
@_guard
def reject_transition(request, pk):
    return _decide(request, pk, "reject")


@require_POST
@_guard
def change_state(request, pk, verb):
    p = _partnership(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason; it is kept in the audit trail.")
        return redirect("partnerships:lifecycle", pk=p.pk)
    try:
        {"suspend": actions.suspend, "resume": actions.resume, "close": actions.close}[verb](
            request.user, p, reason=form.cleaned_data["reason"])
        messages.success(request, {"suspend": "Partnership suspended.", "resume": "Partnership resumed.",
                                   "close": "Partnership closed."}[verb])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("partnerships:lifecycle", pk=p.pk)


# --- roles -----------------------------------------------------------------------------------------------------

@_guard
def roles(request, pk):
    from wholeroute.actors.gaps import MandateIndex

    p = _partnership(request, pk)
    can_change = policy.can_change(request.user, p)
    form = RoleForm(request.POST or None) if can_change else None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("Only editors of the owning organisation may assign roles.")
        if form.is_valid():
            try:
                actions.assign_role(request.user, p, **form.cleaned_data)
                messages.success(request, "Role recorded.")
                return redirect("partnerships:roles", pk=p.pk)
            except ValidationError as exc:
                _errors_into(form, exc)
    index = MandateIndex()
    rows = [(a, index.check(a)) for a in p.roles.filter(withdrawn_at__isnull=True).select_related(
        "organisation", "function")]
    return render(request, "partnerships/roles.html", {"p": p, "rows": rows, "form": form,
                                                       "page_classification": p.classification})


# --- documents -------------------------------------------------------------------------------------------------

@_guard
def documents(request, pk):
    p = _partnership(request, pk)
    can_change = policy.can_change(request.user, p)
    form = None
    if can_change:
        form = DocumentForm(request.POST or None, request.FILES or None, initial={"classification": p.classification})
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("Only editors of the owning organisation may attach documents.")
        if form.is_valid():
            try:
                actions.add_document(request.user, p, title=form.cleaned_data["title"],
                                     upload=form.cleaned_data["file"], note=form.cleaned_data["note"],
                                     classification=form.cleaned_data["classification"])
                messages.success(request, "Document attached.")
                return redirect("partnerships:documents", pk=p.pk)
            except ValidationError as exc:
                _errors_into(form, exc)
    docs = Document.objects.visible_to(request.user).filter(partnership=p).prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by")))
    return render(request, "partnerships/documents.html", {
        "p": p, "documents": docs, "form": form, "page_classification": _highest(
            [p.classification, *[d.classification for d in docs]])})


@_guard
def document_detail(request, pk):
    document = _visible_or_404(request, get_object_or_404(Document.objects.select_related("partnership"), pk=pk))
    _visible_or_404(request, document.partnership)
    can_change = policy.can_change(request.user, document)
    form = VersionForm(request.POST or None, request.FILES or None) if can_change else None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("Only editors of the owning organisation may add versions.")
        if form.is_valid():
            try:
                actions.add_document_version(request.user, document, upload=form.cleaned_data["file"],
                                             note=form.cleaned_data["note"])
                messages.success(request, "New version uploaded.")
                return redirect("partnerships:document", pk=document.pk)
            except ValidationError as exc:
                _errors_into(form, exc)
    return render(request, "partnerships/document.html", {
        "document": document, "p": document.partnership, "form": form,
        "versions": document.versions.select_related("uploaded_by"),
        "page_classification": document.classification})


@_guard
def download(request, pk):
    version = get_object_or_404(DocumentVersion.objects.select_related("document__partnership"), pk=pk)
    _visible_or_404(request, version.document)
    _visible_or_404(request, version.document.partnership)
    response = FileResponse(version.file.open("rb"), as_attachment=True, filename=version.file_name,
                            content_type=version.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- results ---------------------------------------------------------------------------------------------------

@_guard
def results_page(request, pk, indicator_form=None, value_forms=None):
    p = _partnership(request, pk)
    can_change = policy.can_change(request.user, p)
    views = results.partnership_results(p, request.user)
    documents = Document.objects.visible_to(request.user).filter(partnership=p)
    value_forms = value_forms or {}
    if can_change:
        for view in views:
            view.form = value_forms.get(view.indicator.pk) or ValueForm(
                indicator=view.indicator, documents=documents, prefix=f"ind{view.indicator.pk}")
    return render(request, "partnerships/results.html", {
        "p": p, "views": views, "can_change": can_change,
        "can_approve": policy.can_approve(request.user, p),
        "indicator_form": indicator_form or (IndicatorForm() if can_change else None),
        "reason_form": OptionalReasonForm(),
        "page_classification": p.classification,
    })


@require_POST
@_guard
def define_indicator(request, pk):
    p = _partnership(request, pk)
    form = IndicatorForm(request.POST)
    if form.is_valid():
        try:
            actions.define_indicator(request.user, p, **form.cleaned_data)
            messages.success(request, "Indicator added.")
            return redirect("partnerships:results", pk=p.pk)
        except ValidationError as exc:
            _errors_into(form, exc)
    return results_page(request, pk, indicator_form=form)


@require_POST
@_guard
def report_value(request, pk):
    indicator = get_object_or_404(ResultIndicator.objects.select_related("partnership"), pk=pk)
    p = _visible_or_404(request, indicator.partnership)
    documents = Document.objects.visible_to(request.user).filter(partnership=p)
    form = ValueForm(request.POST, indicator=indicator, documents=documents, prefix=f"ind{indicator.pk}")
    if form.is_valid():
        try:
            data = dict(form.cleaned_data)
            actions.report_value(request.user, indicator, period=data["period"], value=data["value"],
                                 numerator=data["numerator"], denominator=data["denominator"],
                                 evidence=data["evidence"], breakdown=form.breakdown())
            messages.success(request, "Value reported.")
            return redirect(reverse("partnerships:results", args=[p.pk]) + f"#indicator-{indicator.pk}")
        except ValidationError as exc:
            _errors_into(form, exc)
    return results_page(request, p.pk, value_forms={indicator.pk: form})


@require_POST
@_guard
def decide_value(request, pk, verb):
    value = get_object_or_404(ResultValue.objects.select_related("indicator__partnership"), pk=pk)
    p = _visible_or_404(request, value.indicator.partnership)
    reason = request.POST.get("reason", "")
    try:
        {"verify": actions.verify_value, "dispute": actions.dispute_value, "unlock": actions.unlock_value}[verb](
            request.user, value, reason=reason)
        messages.success(request, {"verify": "Value verified and locked.", "dispute": "Value disputed.",
                                   "unlock": "Value unlocked."}[verb])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("partnerships:results", args=[p.pk]) + f"#indicator-{value.indicator_id}")

