"""Outreach pages: thin views that read through the access policy and change state only through `actions`."""

import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from wholeroute.access import policy
from wholeroute.access.models import CLASSIFICATION_RANK, Classification, Organisation, Role
from wholeroute.geo.models import Country, Route
from wholeroute.outreach import actions, calendar, diffs, ical, lines
from wholeroute.outreach.forms import (
    AdoptForm,
    AnswerForm,
    ConsultationForm,
    EventForm,
    MessageForm,
    OutreachEntryForm,
    ReviseForm,
)
from wholeroute.outreach.models import CalendarToken, Endorsement, Event, JointMessage, OutreachEntry, Process
from wholeroute.partnerships.models import Partnership, SolutionType


class _SignIn(Exception):
    pass


def _guard(view):
    """Anonymous visitors asking for a record they may not see are sent to sign in; others get 404/403."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignIn:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _visible(request, obj):
    if not policy.can_view(request.user, obj):
        if not request.user.is_authenticated:
            raise _SignIn
        raise Http404
    return obj


def _signed_in(request):
    if not request.user.is_authenticated:
        raise _SignIn


def _highest(*groups) -> str:
    levels = [o.classification for group in groups for o in group]
    return max(levels, key=CLASSIFICATION_RANK.__getitem__, default=Classification.PUBLIC)


def _errors_into(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- calendar --------------------------------------------------------------------------------------------------------

def _calendar_page(request, template, events, **context):
    events = list(events)
    coming, past, undated = calendar.split_past(events)
    return render(request, template, {
        "coming": coming, "past": past, "undated": undated, "page_classification": _highest(events),
        "routes": Route.objects.all(), **context,
    })


def upcoming(request):
    today = datetime.date.today()
    events = list(calendar.upcoming(request.user, today))
    processes = list(Process.objects.visible_to(request.user))
    return render(request, "outreach/calendar.html", {
        "coming": events, "today": today, "page_classification": _highest(events, processes),
        "routes": Route.objects.all(), "this_month": (today.year, today.month), "processes": processes,
    })


def month(request, year, month):
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise Http404
    first = datetime.date(year, month, 1)
    previous = first - datetime.timedelta(days=1)
    following = first + datetime.timedelta(days=32)
    events = list(calendar.in_month(request.user, year, month))
    return render(request, "outreach/month.html", {
        "events": events, "first": first, "previous": previous, "following": following,
        "page_classification": _highest(events),
    })


def by_country(request, code):
    country = get_object_or_404(Country, code=code.upper())
    return _calendar_page(request, "outreach/events_for.html", calendar.for_country(request.user, country),
                          heading=f"Events with {country.name}", country=country)


def by_route(request, slug):
    route = get_object_or_404(Route, slug=slug)
    return _calendar_page(request, "outreach/events_for.html", calendar.for_route(request.user, route),
                          heading=f"Events with countries on the {route.name} route", route=route)


def process_list(request):
    processes = list(Process.objects.visible_to(request.user).prefetch_related("events"))
    return render(request, "outreach/processes.html", {"processes": processes,
                                                       "page_classification": _highest(processes)})


@_guard
def process_detail(request, slug):
    process = Process.objects.filter(registry_id=slug).first()
    if process is None and slug.isdigit():
        process = Process.objects.filter(pk=int(slug)).first()
    if process is None:
        raise Http404
    _visible(request, process)
    events = list(calendar.for_process(request.user, process))
    coming, past, undated = calendar.split_past(events)
    members = process.members.select_related("country", "organisation")
    return render(request, "outreach/process.html", {
        "process": process, "members": members, "coming": coming, "past": past, "undated": undated,
        "page_classification": _highest([process], events),
    })


@_guard
def event_detail(request, pk):
    event = _visible(request, get_object_or_404(Event, pk=pk))
    user = request.user
    return render(request, "outreach/event.html", {
        "event": event, "processes": event.processes.visible_to(user),
        "partnerships": event.partnerships.visible_to(user), "countries": event.countries.all(),
        "organisations": event.organisations.all(),
        "messages_linked": event.joint_messages.visible_to(user),
        "can_change": policy.can_change(user, event), "page_classification": event.classification,
    })


@_guard
def event_create(request):
    _signed_in(request)
    if not policy.organisations_with_role(request.user, Role.EDITOR):
        raise PermissionDenied("Only editors may record events.")
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = actions.create_event(
                request.user, owner=data["owner"], title=data["title"], kind=data["kind"],
                start_text=data["start_text"], end_text=data["end_text"], place=data["place"],
                description=data["description"], classification=data["classification"],
                countries=data["countries"], processes=data["processes"], organisations=data["organisations"],
                partnerships=data["partnerships"], agenda_items=data["agenda"].splitlines(),
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, "Event recorded.")
            return redirect("outreach:event", event.pk)
    return render(request, "outreach/form.html", {"form": form, "title": "Record an event"})


# --- feeds -----------------------------------------------------------------------------------------------------------

def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def public_feed(request):
    """Every dated PUBLIC event (the anonymous user's view through the policy), optionally filtered."""
    from django.contrib.auth.models import AnonymousUser

    try:
        events = calendar.for_feed(AnonymousUser(), request.GET)
    except calendar.UnknownFilter as exc:
        return _unknown_filter(exc)
    return _ics(ical.build(events, name="wholeroute — public events" + calendar.feed_title(request.GET),
                           base_url=request.build_absolute_uri("/")[:-1]), "wholeroute-public.ics")


def private_feed(request, token):
    """The events the token's owner may see now. Unknown and revoked tokens are refused with 404."""
    record = CalendarToken.objects.select_related("user").filter(token_hash=actions.token_hash(token)).first()
    if record is None or record.revoked_at is not None or not record.user.is_active:
        raise Http404("No such calendar feed.")
    CalendarToken.objects.filter(pk=record.pk).update(last_used_at=datetime.datetime.now(datetime.UTC))
    try:
        events = calendar.for_feed(record.user, request.GET)
    except calendar.UnknownFilter as exc:
        return _unknown_filter(exc)
    return _ics(ical.build(events, name=f"wholeroute — events for {record.user.email}"
                           + calendar.feed_title(request.GET), base_url=request.build_absolute_uri("/")[:-1]),
                "wholeroute-private.ics")


def _unknown_filter(exc):
    """A feed filter naming nothing the user may see: 404 saying which filter, as plain text for whoever pastes the
    address into a browser (calendar applications show only that the subscription failed)."""
    return HttpResponseNotFound(f"No such calendar feed: {exc}.\n", content_type="text/plain; charset=utf-8")


def feeds(request):
    tokens = CalendarToken.objects.filter(user=request.user) if request.user.is_authenticated else []
    active = next((t for t in tokens if t.revoked_at is None), None)
    new_token = request.session.pop("outreach_new_calendar_token", None)
    return render(request, "outreach/feeds.html", {
        "active": active, "tokens": tokens,
        "new_url": request.build_absolute_uri(reverse("outreach:private_feed", args=[new_token])) if new_token else "",
        "public_url": request.build_absolute_uri(reverse("outreach:public_feed")),
        "organisations": Organisation.objects.filter(pk__in=policy.roles(request.user)).order_by("name")
        if request.user.is_authenticated else [],
    })


@require_POST
@_guard
def feed_issue(request):
    _signed_in(request)
    _, token = actions.issue_calendar_token(request.user)
    # Shown once on the next page, then dropped from the session.
    request.session["outreach_new_calendar_token"] = token
    return redirect("outreach:feeds")


@require_POST
@_guard
def feed_revoke(request):
    _signed_in(request)
    for record in CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True):
        actions.revoke_calendar_token(request.user, record)
    messages.success(request, "Your private calendar feed is revoked; its address no longer works.")
    return redirect("outreach:feeds")


# --- joint messages ----------------------------------------------------------------------------------------------------

def message_list(request):
    items = list(JointMessage.objects.visible_to(request.user).select_related("owner").prefetch_related("countries"))
    can_draft = policy.organisations_with_role(request.user, Role.EDITOR) and any(
        o.kind in actions.MESSAGE_OWNER_KINDS for o in _editor_orgs(request.user))
    return render(request, "outreach/messages.html", {"items": items, "can_draft": can_draft,
                                                      "page_classification": _highest(items)})


def _editor_orgs(user):
    from wholeroute.access.models import Organisation

    return Organisation.objects.filter(pk__in=policy.organisations_with_role(user, Role.EDITOR))


@_guard
def message_create(request):
    _signed_in(request)
    form = MessageForm(request.POST or None, user=request.user)
    if not form.fields["owner"].queryset.exists():
        raise PermissionDenied("Joint messages are drafted by editors of a Commission service or the EEAS.")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            message = actions.draft_message(
                request.user, owner=data["owner"], topic=data["topic"], text=data["text"],
                classification=data["classification"], countries=data["countries"], processes=data["processes"],
                partnerships=data["partnerships"], events=data["events"], solution_types=data["solution_types"],
                valid_until=data["valid_until"])
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, "Draft saved as version 1.")
            return redirect("outreach:message", message.pk)
    return render(request, "outreach/form.html", {"form": form, "title": "Draft a joint message"})


def _message_page(request, message, *, status=200, **forms):
    user = request.user
    versions = list(message.versions.select_related("written_by"))
    changes = [{"version": v, "segments": diffs.word_diff(p.text, v.text), "previous": p}
               for p, v in zip(versions, versions[1:], strict=False)]
    today = datetime.date.today()
    consultations = []
    for c in message.consultations.select_related("version", "requested_by").prefetch_related(
            "endorsements__organisation", "endorsements__answered_by"):
        rows = []
        for e in c.endorsements.all():
            can_answer = (not message.is_adopted and today <= c.deadline
                          and policy.has_role(user, e.organisation_id, Role.EDITOR))
            form = forms.get(f"answer_{e.pk}") or (AnswerForm(prefix=f"e{e.pk}") if can_answer else None)
            rows.append({"endorsement": e, "state": e.state(today), "label": e.state_label(today),
                         "form": form if can_answer else None})
        consultations.append({"consultation": c, "rows": rows})
    authors = {v.written_by_id for v in versions} | {message.created_by_id}
    can_change = policy.can_change(user, message) and not message.is_adopted
    can_adopt = (not message.is_adopted and policy.can_approve(user, message) and user.pk not in authors)
    return render(request, "outreach/message.html", {
        "message": message, "versions": versions, "current": versions[-1], "changes": list(reversed(changes)),
        "consultations": consultations, "can_change": can_change, "can_adopt": can_adopt,
        "objections": actions.open_objections(message),
        "revise_form": forms.get("revise") or (ReviseForm(initial={"text": versions[-1].text}) if can_change else None),
        "consult_form": forms.get("consult") or (ConsultationForm(message=message) if can_change else None),
        "adopt_form": forms.get("adopt") or (AdoptForm() if can_adopt else None),
        "countries": message.countries.all(), "processes": message.processes.visible_to(user),
        "partnerships": message.partnerships.visible_to(user), "events": message.events.visible_to(user),
        "solution_types": message.solution_types.all(),
        "entries": OutreachEntry.objects.visible_to(user).filter(message=message).select_related("country", "owner"),
        "page_classification": message.classification,
    }, status=status)


def _message_for(request, pk):
    return _visible(request, get_object_or_404(JointMessage.objects.select_related("owner"), pk=pk))


@_guard
def message_detail(request, pk):
    return _message_page(request, _message_for(request, pk))


@require_POST
@_guard
def message_revise(request, pk):
    message = _message_for(request, pk)
    form = ReviseForm(request.POST)
    if form.is_valid():
        try:
            version = actions.revise_message(request.user, message, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, f"Version {version.number} saved.")
            return redirect("outreach:message", message.pk)
    return _message_page(request, message, status=400, revise=form)


@require_POST
@_guard
def message_consult(request, pk):
    message = _message_for(request, pk)
    form = ConsultationForm(request.POST, message=message)
    if form.is_valid():
        try:
            actions.request_endorsement(request.user, message, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, "Endorsement requested.")
            return redirect("outreach:message", message.pk)
    return _message_page(request, message, status=400, consult=form)


@require_POST
@_guard
def endorsement_answer(request, pk):
    endorsement = get_object_or_404(Endorsement.objects.select_related("consultation__message"), pk=pk)
    message = _visible(request, endorsement.consultation.message)
    form = AnswerForm(request.POST, prefix=f"e{endorsement.pk}")
    if form.is_valid():
        try:
            actions.answer_endorsement(request.user, endorsement, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, f"Answer of {endorsement.organisation} recorded.")
            return redirect("outreach:message", message.pk)
    return _message_page(request, message, status=400, **{f"answer_{endorsement.pk}": form})


@require_POST
@_guard
def message_adopt(request, pk):
    message = _message_for(request, pk)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            actions.adopt_message(request.user, message, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, "Message adopted. Its text can no longer change.")
            return redirect("outreach:message", message.pk)
    return _message_page(request, message, status=400, adopt=form)


# --- lines-to-take and the outreach log ----------------------------------------------------------------------------

def lines_index(request):
    if request.GET.get("code"):
        return redirect("outreach:lines", request.GET["code"].upper())
    visible = JointMessage.objects.visible_to(request.user).filter(status=JointMessage.Status.ADOPTED)
    countries = Country.objects.filter(joint_messages__in=visible).distinct()
    return render(request, "outreach/lines_index.html", {
        "countries": countries, "all_countries": Country.objects.countries(),
        "page_classification": _highest(visible.only("classification")),
    })


def lines_for_country(request, code):
    country = get_object_or_404(Country, code=code.upper())
    items = lines.lines_to_take(request.user, country)
    today = datetime.date.today()
    return render(request, "outreach/lines.html", {
        "country": country, "items": [{"message": m, "current": m.is_current(today),
                                       "version": m.current_version} for m in items],
        "events": list(calendar.for_country(request.user, country).upcoming(today)[:10]),
        "page_classification": _highest(items),
    })


def log_list(request):
    entries = list(OutreachEntry.objects.visible_to(request.user).select_related("message", "country", "owner",
                                                                                   "event", "created_by"))
    return render(request, "outreach/log.html", {
        "entries": entries, "solution_types": SolutionType.objects.all(), "page_classification": _highest(entries),
        "can_log": request.user.is_authenticated and bool(policy.organisations_with_role(request.user, Role.EDITOR)),
    })


@_guard
def log_create(request):
    _signed_in(request)
    if not policy.organisations_with_role(request.user, Role.EDITOR):
        raise PermissionDenied("Only editors may record outreach.")
    form = OutreachEntryForm(request.POST or None, user=request.user,
                             initial={"message": request.GET.get("message"), "country": request.GET.get("country")})
    if request.method == "POST" and form.is_valid():
        try:
            actions.log_outreach(request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, "Outreach recorded.")
            return redirect("outreach:log")
    return render(request, "outreach/form.html", {
        "form": form, "title": "Record outreach",
        "warning": "Record institutions and officials' functions only (e.g. “Ministry of Interior, Director-General "
                   "for Migration”). Do not enter private persons' names, contact details or any data about "
                   "migrants.",
    })


def coverage(request, code):
    solution_type = get_object_or_404(SolutionType, code=code)
    route = Route.objects.filter(slug=request.GET.get("route", "")).first()
    rows = lines.coverage(request.user, solution_type, route=route)
    return render(request, "outreach/coverage.html", {
        "solution_type": solution_type, "route": route, "routes": Route.objects.all(),
        "not_approached": [r for r in rows if r["last_raised"] is None],
        "approached": [r for r in rows if r["last_raised"] is not None],
        # What the page draws on: the partnerships of that type and the log entries the user may see.
        "page_classification": _highest(
            Partnership.objects.visible_to(request.user).filter(solution_types=solution_type).only("classification"),
            OutreachEntry.objects.visible_to(request.user).only("classification")),
    })
