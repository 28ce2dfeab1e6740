"""Funding pages: thin views that read through the access policy and change state only through actions."""

import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from wholeroute.access import policy
from wholeroute.access.models import Classification
from wholeroute.funding import actions, exports, guidelines, ledger, tracker
from wholeroute.funding.forms import CheckForm, CommitmentForm
from wholeroute.funding.iati import export as iati_export
from wholeroute.funding.models import Commitment, Envelope, FundedAction, FundingRule, Instrument
from wholeroute.geo.models import Country, Route
from wholeroute.partnerships.models import Partnership
from wholeroute.reports.fiche import Link, Section, Table, highest_classification


class _SignIn(Exception):
    pass


def _visible(request, obj):
    """The record if the user may see it; otherwise sign-in for anonymous visitors and 404 for others."""
    if not policy.can_view(request.user, obj):
        if not request.user.is_authenticated:
            raise _SignIn
        raise Http404
    return obj


def _guard(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignIn:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    return wrapped


def _page(request, title, sections, *, lead="", extra=None, template="funding/page.html", breadcrumbs=None):
    context = {"title": title, "lead": lead, "sections": sections, "breadcrumbs": breadcrumbs or [],
               "page_classification": highest_classification(sections)}
    context.update(extra or {})
    return render(request, template, context)


def overview(request):
    user = request.user
    sections = [ledger.overview_section(user)]
    envelopes = Envelope.objects.visible_to(user).select_related("instrument")
    sections.append(Section(
        key="funding-envelopes", title="Envelopes", order=50,
        classification=ledger._highest(*{e.classification for e in envelopes}),
        tables=[Table("Envelopes and their headline amounts",
                      ["Envelope", "Instrument", "Period", "Amount", "Currency", "Price basis", "Uncertain"],
                      [[Link(e.name, f"/funding/envelopes/{e.pk}/"), str(e.instrument), e.period, e.amount,
                        e.currency, e.price_basis or "not stated",
                        "yes" if e.uncertain or e.amount_uncertain else "no"] for e in envelopes],
                      numeric=[3])]))
    return _page(request, "Funding", sections,
                 lead="Instruments, envelopes, commitments and disbursements for migration partnerships, with the "
                      "funding guidelines and the target tracker.",
                 extra={"links": [("Funding guidelines", "/funding/guidelines/"),
                                  ("Check a planned commitment", "/funding/check/"),
                                  ("Target tracker", "/funding/tracker/"),
                                  ("Funded actions (EUTF, IATI)", "/funding/actions/"),
                                  ("Download as CSV", "/funding/instruments.csv"),
                                  ("Download as XLSX", "/funding/instruments.xlsx"),
                                  ("IATI 2.03 export of public actions", "/funding/iati.xml")]})


def export_instruments(request, fmt):
    return exports.table_response(ledger.overview_section(request.user).tables[0], "funding-instruments", fmt)


@_guard
def instrument(request, slug):
    obj = _visible(request, get_object_or_404(Instrument, slug=slug))
    user = request.user
    facts = [("Kind", obj.get_kind_display()), ("Legal basis", obj.legal_basis or "not recorded"),
             ("Period", obj.period or "not recorded"), ("What the money covers", obj.objectives or "not recorded"),
             ("Four-eyes threshold (EUR)", obj.approval_threshold)]
    about = Section(key="instrument", title="About the instrument", classification=obj.classification, facts=facts,
                    paragraphs=[obj.note] if obj.note else [], sources=obj.sources)
    envelopes = Envelope.objects.visible_to(user).filter(instrument=obj)
    env = Section(key="instrument-envelopes", title="Envelopes", order=20,
                  classification=ledger._highest(*{e.classification for e in envelopes}),
                  tables=[Table("Envelopes of this instrument", ["Envelope", "Amount", "Currency", "Period"],
                                [[Link(e.name, f"/funding/envelopes/{e.pk}/"), e.amount, e.currency, e.period]
                                 for e in envelopes], numeric=[1])])
    commitments = ledger._commitments_section(user, "instrument-commitments", "Commitments",
                                              Commitment.objects.visible_to(user).filter(envelope__instrument=obj),
                                              30, "No commitments you may see.")
    rules = FundingRule.objects.visible_to(user).filter(instrument=obj, is_current=True)
    rule_section = Section(key="instrument-rules", title="Funding guidelines", order=40,
                           tables=[_rules_table(rules, "Rules for this instrument")])
    sections = [about, env, commitments, rule_section, *tracker.instrument_sections(user, obj)]
    return _page(request, str(obj.name), sections, breadcrumbs=[("Funding", "/funding/")])


def _rules_table(rules, caption):
    return Table(caption, ["Rule", "Solution types", "Outcome", "Conditions", "Legal source", "In force", "Version",
                           "Uncertain"],
                 [[r.title, ", ".join(r.solution_types) or "every type", r.get_outcome_display(), r.conditions or "–",
                   r.legal_source or "–", f"{r.valid_from or '…'} to {r.valid_to or '…'}", r.version,
                   f"yes: {r.note}" if r.uncertain else "no"] for r in rules], numeric=[6])


@_guard
def envelope(request, pk):
    obj = _visible(request, get_object_or_404(Envelope.objects.select_related("instrument"), pk=pk))
    figures = Section(key="envelope-figures", title="Sourced figures", classification=obj.classification,
                      facts=[("Instrument", Link(str(obj.instrument), f"/funding/instruments/{obj.instrument.slug}/")),
                             ("Period", obj.period), ("Region", obj.region or "–")],
                      paragraphs=[f"Note: {obj.note}"] if obj.note else [],
                      tables=[Table("Amounts read in the sources", ["Amount", "Currency", "Price basis", "Covers",
                                                                    "Source", "Uncertain"],
                                    [[f.amount, f.currency, f.price_basis or "not stated", f.covers, f.source,
                                      f"yes: {f.note}" if f.uncertain else "no"] for f in obj.figures.all()],
                                    numeric=[0])],
                      sources=obj.sources)
    sections = [figures, ledger.envelope_section(request.user, obj)]
    return _page(request, obj.name, sections, breadcrumbs=[("Funding", "/funding/")])


def country(request, code):
    obj = get_object_or_404(Country, code=code.upper())
    return _page(request, f"Funding: {obj}", ledger.country_sections(request.user, obj),
                 breadcrumbs=[("Funding", "/funding/")])


def route(request, slug):
    obj = get_object_or_404(Route, slug=slug)
    return _page(request, f"Funding: {obj}", ledger.route_sections(request.user, obj),
                 breadcrumbs=[("Funding", "/funding/")])


@_guard
def partnership(request, pk):
    p = _visible(request, get_object_or_404(Partnership, pk=pk))
    user = request.user
    commitments = Commitment.objects.visible_to(user).filter(partnership=p).select_related(
        "envelope__instrument", "created_by")
    form = CommitmentForm(user=user) if policy.organisations_with_role(user, "editor") else None
    return _page(request, f"Funding line: {p.title}", [ledger.partnership_section(user, p)],
                 template="funding/partnership.html",
                 extra={"p": p, "commitments": commitments, "form": form,
                        "links": [("Download as CSV", f"/funding/partnerships/{p.pk}/commitments.csv"),
                                  ("Download as XLSX", f"/funding/partnerships/{p.pk}/commitments.xlsx")],
                        "approvable": {c.pk for c in commitments if c.status == Commitment.Status.PENDING
                                       and policy.can_approve(user, c, author=c.created_by)}},
                 breadcrumbs=[("Funding", "/funding/"), (p.title, f"/partnerships/{p.pk}/")])


@_guard
def export_partnership(request, pk, fmt):
    p = _visible(request, get_object_or_404(Partnership, pk=pk))
    commitments = Commitment.objects.visible_to(request.user).filter(partnership=p).select_related(
        "envelope__instrument").prefetch_related("disbursements")
    return exports.table_response(ledger.commitment_table(f"Funding line of {p.title}", commitments),
                                  f"funding-partnership-{p.pk}", fmt)


@require_POST
@_guard
def record_commitment(request, pk):
    p = _visible(request, get_object_or_404(Partnership, pk=pk))
    if not request.user.is_authenticated:
        raise _SignIn
    form = CommitmentForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "The commitment was not recorded: " + "; ".join(
            f"{form.fields[f].label if f in form.fields else f}: {' '.join(e)}" for f, e in form.errors.items()))
        return redirect("funding:partnership", p.pk)
    data = form.cleaned_data
    try:
        c = actions.record_commitment(
            request.user, envelope=data["envelope"], partnership=p, title=data["title"], amount=data["amount"],
            currency=data["currency"], eur_per_unit=data["eur_per_unit"], rate_date=data["rate_date"],
            rate_source=data["rate_source"], committed_on=data["committed_on"], channel=data["channel"],
            implementer_name=data["implementer_name"], purpose_code=data["purpose_code"],
            migration_marker=data["migration_marker"] or "", oda_eligible=data["oda_eligible"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("funding:partnership", p.pk)
    messages.success(request, f"Recorded: {c.get_status_display()}. Guidelines: {c.guideline_check.get('label')}.")
    return redirect("funding:partnership", p.pk)


@require_POST
@_guard
def decide_commitment(request, pk, verb):
    c = _visible(request, get_object_or_404(Commitment, pk=pk))
    reason = request.POST.get("reason", "")
    try:
        if verb == "approve":
            actions.approve_commitment(request.user, c, reason=reason)
        else:
            actions.reject_commitment(request.user, c, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise PermissionDenied(str(exc)) from None
    target = c.partnership_id
    return redirect("funding:partnership", target) if target else redirect("funding:overview")


def guidelines_page(request):
    rules = FundingRule.objects.visible_to(request.user).filter(is_current=True).select_related("instrument")
    by_instrument = {}
    for r in rules:
        by_instrument.setdefault(r.instrument, []).append(r)
    sections = [Section(key=f"rules-{i.slug}", title=str(i.name), classification=ledger._highest(
        *{r.classification for r in rs}), tables=[_rules_table(rs, f"Rules for {i}")],
        sources=sorted({r.source_url for r in rs if r.source_url})) for i, rs in by_instrument.items()]
    return _page(request, "Funding guidelines", sections,
                 lead="Instrument × solution type → eligible, conditional or not eligible, each with its rule text, "
                      "legal source and dates. Admins of the owning organisation edit rules; every edit is a new, "
                      "audited version.")


def check(request):
    form = CheckForm(request.GET or None, user=request.user)
    outcome = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        outcome = guidelines.check_commitment(data["instrument"], data["solution_types"], data["on_date"])
    return render(request, "funding/check.html", {"form": form, "outcome": outcome, "title": "Check a planned "
                                                                                              "commitment"})


def tracker_page(request):
    return _page(request, "Target tracker", tracker.sections(request.user),
                 lead="Share of each instrument on migration-relevant actions and ODA-eligible share, against the "
                      "targets, from the data held. Unknown is shown as unknown.")


def action_list(request):
    qs = FundedAction.objects.visible_to(request.user).select_related("instrument")
    country_code = request.GET.get("country", "").upper()
    if country_code:
        qs = qs.filter(countries__code=country_code)
    qs = qs.order_by("iati_identifier")[:1000]
    sections = [Section(key="actions", title="Funded actions",
                        classification=ledger._highest(*{a.classification for a in qs}),
                        tables=[Table("Funded actions (first 1,000)", ["Identifier", "Title", "Instrument", "Start",
                                                                       "End", "Budget (EUR)"],
                                      [[Link(str(a), f"/funding/actions/{a.pk}/"), a.title[:120], str(a.instrument or
                                                                                                       "–"),
                                        a.date_start, a.date_end, a.budget] for a in qs], numeric=[5])])]
    return _page(request, "Funded actions", sections)


@_guard
def action(request, pk):
    a = _visible(request, get_object_or_404(FundedAction.objects.select_related("instrument"), pk=pk))
    facts = [("Identifier", a.iati_identifier or "not published"), ("Instrument", str(a.instrument or "–")),
             ("Start", a.date_start or "not published"), ("End", a.date_end or "not published"),
             ("Budget", f"{a.budget:,.2f} {a.currency}" if a.budget is not None else "not published"),
             ("Countries", ", ".join(str(r.country) for r in a.recipients.select_related("country")) or "–"),
             ("EUTF objectives", ", ".join(a.topics) or "–")]
    about = Section(key="action", title="The action", classification=a.classification, facts=facts,
                    paragraphs=[a.description] if a.description else [], sources=a.links)
    participants = Section(key="action-participants", title="Organisations", classification=a.classification,
                           tables=[Table("Participating organisations", ["Organisation", "Role", "IATI type"],
                                         [[p.name, p.get_role_display(), p.org_type or "–"]
                                          for p in a.participants.all()])])
    results = Section(key="action-results", title="Results", classification=a.classification,
                      tables=[Table("Results indicators (empty where nothing is published)",
                                    ["Result", "Indicator", "Period", "Baseline", "Target", "Actual"],
                                    [[r.result_type[:80], r.title, f"{r.period_start or '…'} to {r.period_end or '…'}",
                                      r.baseline, r.target if r.target is not None else (r.target_text or None),
                                      r.actual if r.actual is not None else (r.actual_text or None)]
                                     for r in a.results.all()], numeric=[3, 4, 5])])
    return _page(request, a.title or str(a), [about, participants, results],
                 breadcrumbs=[("Funding", "/funding/"), ("Funded actions", "/funding/actions/")])


def iati_xml(request):
    result = iati_export.build()
    response = HttpResponse(result.to_bytes(), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wholeroute-iati-{datetime.date.today()}.xml"'
    response["X-Activities-Exported"] = str(result.exported)
    response["X-Activities-Skipped"] = str(len(result.skipped))
    return response


PUBLIC = Classification.PUBLIC
