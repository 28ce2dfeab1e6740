"""Outreach over the API, with the same access rules as the pages: reads filter through the policy, writes call
actions (signed in, CSRF-checked)."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth

from wholeroute.access import policy
from wholeroute.access.models import Classification, Organisation
from wholeroute.geo.models import Country, Route
from wholeroute.outreach import actions, calendar, diffs, lines
from wholeroute.outreach.models import Endorsement, Event, JointMessage, OutreachEntry, Process
from wholeroute.partnerships.models import Partnership, SolutionType

router = Router(tags=["outreach"])


class ProcessOut(Schema):
    id: int
    registry_id: str | None
    name: str
    kind: str
    established: str
    secretariat: str
    sources: list[str]


class MemberOut(Schema):
    role: str
    group: str
    name: str
    country: str | None
    uncertain: bool
    source: str


class ProcessDetailOut(ProcessOut):
    members: list[MemberOut]
    members_uncertain: bool
    events: list[int]


class EventOut(Schema):
    id: int
    title: str
    kind: str
    start: datetime.date | None
    end: datetime.date | None
    precision: str
    when: str
    place: str
    countries: list[str]
    processes: list[int]
    classification: str
    uncertain: bool
    sources: list[str]


class VersionOut(Schema):
    number: int
    text: str
    written_by: str
    written_at: datetime.datetime
    change_note: str
    diff_from_previous: str


class EndorsementOut(Schema):
    id: int
    organisation: str
    state: str
    comment: str


class ConsultationOut(Schema):
    id: int
    version: int
    deadline: datetime.date
    endorsements: list[EndorsementOut]


class MessageOut(Schema):
    id: int
    topic: str
    owner: str
    status: str
    classification: str
    countries: list[str]
    adopted_at: datetime.datetime | None
    current_version: int


class MessageDetailOut(MessageOut):
    versions: list[VersionOut]
    consultations: list[ConsultationOut]


class EntryOut(Schema):
    id: int
    message_id: int
    country: str
    interlocutor: str
    raised_on: datetime.date
    event_id: int | None
    response: str
    raised_by: str


class CoverageOut(Schema):
    country: str
    name: str
    why: list[str]
    last_raised: datetime.date | None


class MessageIn(Schema):
    owner: str
    topic: str
    text: str
    countries: list[str] = []
    processes: list[str] = []
    solution_types: list[str] = []
    partnerships: list[int] = []
    events: list[int] = []
    classification: str = Classification.LIMITED


class ReviseIn(Schema):
    text: str
    change_note: str = ""


class ConsultIn(Schema):
    organisations: list[str]
    deadline: datetime.date
    note: str = ""


class AnswerIn(Schema):
    answer: str
    comment: str = ""


class AdoptIn(Schema):
    reason: str = ""


class EntryIn(Schema):
    owner: str
    message_id: int
    country: str
    interlocutor: str
    raised_on: datetime.date
    event_id: int | None = None
    response: str = ""
    classification: str = Classification.LIMITED


def _process_out(p):
    return {"id": p.pk, "registry_id": p.registry_id, "name": p.name, "kind": p.kind, "established": p.established,
            "secretariat": p.secretariat, "sources": p.sources}


def _event_out(e):
    return {"id": e.pk, "title": e.title, "kind": e.kind, "start": e.start, "end": e.end, "precision": e.precision,
            "when": e.when, "place": e.place, "countries": [c.code for c in e.countries.all()],
            "processes": [p.pk for p in e.processes.all()], "classification": e.classification,
            "uncertain": e.uncertain, "sources": e.sources}


def _message_out(m):
    return {"id": m.pk, "topic": m.topic, "owner": m.owner.slug, "status": m.status,
            "classification": m.classification, "countries": [c.code for c in m.countries.all()],
            "adopted_at": m.adopted_at, "current_version": m.current_version.number}


def _message_detail(m):
    versions = list(m.versions.select_related("written_by"))
    out = _message_out(m)
    out["versions"] = [{
        "number": v.number, "text": v.text, "written_by": v.written_by.email, "written_at": v.written_at,
        "change_note": v.change_note,
        "diff_from_previous": diffs.unified(versions[i - 1].text, v.text, f"v{v.number - 1}", f"v{v.number}")
        if i else "",
    } for i, v in enumerate(versions)]
    out["consultations"] = [{
        "id": c.pk, "version": c.version.number, "deadline": c.deadline,
        "endorsements": [{"id": e.pk, "organisation": e.organisation.slug, "state": e.state(), "comment": e.comment}
                         for e in c.endorsements.select_related("organisation", "consultation")],
    } for c in m.consultations.select_related("version")]
    return out


def _entry_out(x):
    return {"id": x.pk, "message_id": x.message_id, "country": x.country.code, "interlocutor": x.interlocutor,
            "raised_on": x.raised_on, "event_id": x.event_id, "response": x.response, "raised_by": x.owner.slug}


def _visible_or_404(user, obj):
    if not policy.can_view(user, obj):
        raise Http404
    return obj


def _countries(codes):
    found = {c.code: c for c in Country.objects.filter(code__in=[c.upper() for c in codes])}
    missing = [c for c in codes if c.upper() not in found]
    if missing:
        raise ValidationError({"countries": f"Unknown country codes: {', '.join(missing)}"})
    return list(found.values())


def _organisation(slug, field="owner"):
    org = Organisation.objects.filter(slug=slug, withdrawn_at__isnull=True).first()
    if org is None:
        raise ValidationError({field: f"Unknown organisation {slug!r}."})
    return org


@router.get("/processes", response=list[ProcessOut])
def processes(request):
    return [_process_out(p) for p in Process.objects.visible_to(request.user)]


@router.get("/processes/{ref}", response=ProcessDetailOut)
def process(request, ref: str):
    p = Process.objects.filter(registry_id=ref).first() or (
        Process.objects.filter(pk=int(ref)).first() if ref.isdigit() else None)
    if p is None:
        raise Http404
    _visible_or_404(request.user, p)
    out = _process_out(p)
    out["members"] = [{"role": m.role, "group": m.group, "name": m.name,
                       "country": m.country.code if m.country else None, "uncertain": m.uncertain,
                       "source": m.source} for m in p.members.select_related("country")]
    out["members_uncertain"] = p.members_uncertain
    out["events"] = list(calendar.for_process(request.user, p).values_list("pk", flat=True))
    return out


@router.get("/events", response=list[EventOut])
def events(request, country: str | None = None, route: str | None = None, process: str | None = None,
           month: str | None = None, upcoming: bool = False):
    """Events the caller may see; filter by country code, route slug, process registry id, month (YYYY-MM)."""
    user = request.user
    qs = calendar.visible_events(user)
    if country:
        qs = calendar.for_country(user, get_object_or_404(Country, code=country.upper()))
    if route:
        qs = qs.filter(pk__in=calendar.for_route(user, get_object_or_404(Route, slug=route)).values("pk"))
    if process:
        qs = qs.filter(processes__registry_id=process)
    if month:
        try:
            year, mon = (int(x) for x in month.split("-"))
            qs = qs.filter(pk__in=calendar.in_month(user, year, mon).values("pk"))
        except ValueError:
            raise ValidationError({"month": "Write the month as YYYY-MM."}) from None
    if upcoming:
        qs = qs.upcoming()
    return [_event_out(e) for e in qs.prefetch_related("countries", "processes")]


@router.get("/events/{event_id}", response=EventOut)
def event(request, event_id: int):
    return _event_out(_visible_or_404(request.user, get_object_or_404(Event, pk=event_id)))


@router.get("/messages", response=list[MessageOut])
def messages(request, status: str | None = None):
    qs = JointMessage.objects.visible_to(request.user).select_related("owner").prefetch_related("countries")
    if status:
        qs = qs.filter(status=status)
    return [_message_out(m) for m in qs]


@router.get("/messages/{message_id}", response=MessageDetailOut)
def message(request, message_id: int):
    return _message_detail(_visible_or_404(request.user, get_object_or_404(JointMessage, pk=message_id)))


@router.get("/lines/{country_code}", response=list[MessageDetailOut])
def lines_to_take(request, country_code: str):
    """Adopted joint messages for the country that the caller may see, current first."""
    country = get_object_or_404(Country, code=country_code.upper())
    return [_message_detail(m) for m in lines.lines_to_take(request.user, country)]


@router.get("/log", response=list[EntryOut])
def log(request, country: str | None = None):
    qs = OutreachEntry.objects.visible_to(request.user).select_related("country", "owner")
    if country:
        qs = qs.filter(country__code=country.upper())
    return [_entry_out(x) for x in qs]


@router.get("/not-approached/{solution_type}", response=list[CoverageOut])
def not_approached(request, solution_type: str, route: str | None = None):
    """Partner countries in scope for the solution type that no visible outreach-log entry has approached."""
    st = get_object_or_404(SolutionType, code=solution_type)
    r = get_object_or_404(Route, slug=route) if route else None
    return [{"country": row["country"].code, "name": row["country"].name, "why": row["why"], "last_raised": None}
            for row in lines.coverage(request.user, st, route=r) if row["last_raised"] is None]


@router.post("/messages", response={201: MessageDetailOut}, auth=django_auth)
def draft(request, payload: MessageIn):
    user = request.user
    procs = list(Process.objects.filter(registry_id__in=payload.processes))
    parts = [_visible_or_404(user, p) for p in Partnership.objects.filter(pk__in=payload.partnerships)]
    evs = [_visible_or_404(user, e) for e in Event.objects.filter(pk__in=payload.events)]
    m = actions.draft_message(user, owner=_organisation(payload.owner), topic=payload.topic, text=payload.text,
                              classification=payload.classification, countries=_countries(payload.countries),
                              processes=procs, partnerships=parts, events=evs,
                              solution_types=list(SolutionType.objects.filter(code__in=payload.solution_types)))
    return Status(201, _message_detail(m))


def _message_for(request, message_id):
    return _visible_or_404(request.user, get_object_or_404(JointMessage, pk=message_id))


@router.post("/messages/{message_id}/versions", response={201: MessageDetailOut}, auth=django_auth)
def revise(request, message_id: int, payload: ReviseIn):
    m = _message_for(request, message_id)
    actions.revise_message(request.user, m, text=payload.text, change_note=payload.change_note)
    return Status(201, _message_detail(m))


@router.post("/messages/{message_id}/consultations", response={201: MessageDetailOut}, auth=django_auth)
def consult(request, message_id: int, payload: ConsultIn):
    m = _message_for(request, message_id)
    orgs = [_organisation(slug, "organisations") for slug in payload.organisations]
    actions.request_endorsement(request.user, m, organisations=orgs, deadline=payload.deadline, note=payload.note)
    return Status(201, _message_detail(m))


@router.post("/endorsements/{endorsement_id}/answer", response=MessageDetailOut, auth=django_auth)
def answer(request, endorsement_id: int, payload: AnswerIn):
    e = get_object_or_404(Endorsement.objects.select_related("consultation__message"), pk=endorsement_id)
    m = _visible_or_404(request.user, e.consultation.message)
    actions.answer_endorsement(request.user, e, answer=payload.answer, comment=payload.comment)
    return _message_detail(m)


@router.post("/messages/{message_id}/adopt", response=MessageDetailOut, auth=django_auth)
def adopt(request, message_id: int, payload: AdoptIn):
    m = _message_for(request, message_id)
    return _message_detail(actions.adopt_message(request.user, m, reason=payload.reason))


@router.post("/log", response={201: EntryOut}, auth=django_auth)
def log_outreach(request, payload: EntryIn):
    user = request.user
    m = _message_for(request, payload.message_id)
    ev = _visible_or_404(user, get_object_or_404(Event, pk=payload.event_id)) if payload.event_id else None
    entry = actions.log_outreach(user, owner=_organisation(payload.owner), message=m,
                                 country=_countries([payload.country])[0], interlocutor=payload.interlocutor,
                                 raised_on=payload.raised_on, event=ev, response=payload.response,
                                 classification=payload.classification)
    return Status(201, _entry_out(entry))
