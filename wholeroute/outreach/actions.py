"""State changes of the outreach app: one function per verb, one transaction, a policy check and an audit row.

`user=None` is the system (the registry seed); every other caller is a signed-in staff user.
"""

import datetime
import hashlib
import re
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wholeroute.access import audit, policy
from wholeroute.access.markings import refuse_eu_classified_marking
from wholeroute.access.models import Classification, Organisation, Role
from wholeroute.outreach import eventdates
from wholeroute.outreach.models import (
    CalendarToken,
    Consultation,
    Endorsement,
    Event,
    JointMessage,
    MessageVersion,
    OutreachEntry,
    Process,
    ProcessMember,
)

MESSAGE_OWNER_KINDS = {Organisation.Kind.COMMISSION, Organisation.Kind.EEAS}


def _is_system(user):
    return user is None


def _require_text(value, field, message):
    if not (value or "").strip():
        raise ValidationError({field: message})


def _full_clean(obj, exclude=None):
    obj.full_clean(exclude=exclude, validate_unique=False)


# --- registry ----------------------------------------------------------------------------------------------------

PROCESS_FIELDS = ["name", "kind", "established", "established_place", "founding_note", "scope", "leadership",
                  "secretariat", "secretariat_organisation_id", "key_documents", "members_note", "members_uncertain",
                  "sources", "fact_sources", "details"]
EVENT_FIELDS = ["title", "kind", "start", "end", "precision", "place", "description", "participants_text",
                "outcomes", "sources", "uncertain", "note"]


def _member_key(m: dict):
    return (m["role"], m["group"], m["name"], m["country_id"], m["organisation_id"], m["source"], m["uncertain"],
            m["order"])


@transaction.atomic
def import_registry_process(user, *, owner, fields: dict, members: list[dict], events: list[dict]) -> str:
    """Create or update a process of the sourced registry with its members and dated events.

    Returns 'created', 'updated' or 'unchanged'; an unchanged record writes nothing (no audit row). Events that
    disappeared from the registry are withdrawn, never deleted.
    """
    if not _is_system(user):
        raise PermissionDenied("The process registry is imported by the system (wholeroute seed), not by users.")
    process = Process.objects.select_for_update().filter(registry_id=fields["registry_id"]).first()
    created = process is None
    changed = created
    if created:
        process = Process(registry_id=fields["registry_id"], owner=owner, classification=Classification.PUBLIC)
        before = None
    else:
        before = audit.snapshot(process)
    for name in PROCESS_FIELDS:
        if getattr(process, name) != fields.get(name, getattr(process, name)):
            setattr(process, name, fields[name])
            changed = True
    if changed:
        _full_clean(process, exclude=["shared_with"])
        process.save()
    # Members: derived from the registry file, so rows no longer in it are replaced.
    wanted = [_member_key(m) for m in members]
    current = [_member_key(m) for m in process.members.order_by("id").values(
        "role", "group", "name", "country_id", "organisation_id", "source", "uncertain", "order")]
    if wanted != current:
        process.members.all().delete()
        ProcessMember.objects.bulk_create([ProcessMember(process=process, **m) for m in members])
        changed = True
    keys = set()
    for item in events:
        item = dict(item)
        keys.add(item["registry_key"])
        countries = item.pop("countries", [])
        organisations = item.pop("organisations", [])
        partnerships = item.pop("partnerships", [])
        event = Event.objects.select_for_update().filter(registry_key=item["registry_key"]).first()
        if event is None:
            event = Event(owner=owner, classification=Classification.PUBLIC, **item)
            _full_clean(event, exclude=["shared_with"])
            event.save()
            event.processes.add(process)
            event.countries.set(countries)
            event.organisations.set(organisations)
            event.partnerships.set(partnerships)
            audit.record(user=user, verb="outreach_event.import", obj=event, after=audit.snapshot(event),
                         organisation=owner)
            changed = True
            continue
        event_before = audit.snapshot(event)
        for name in EVENT_FIELDS:
            setattr(event, name, item[name])
        event.withdrawn_at = None
        event.countries.set(countries)
        event.organisations.set(organisations)
        event.partnerships.set(partnerships)
        if process.pk not in event_before["processes"]:
            event.processes.add(process)
        after = audit.snapshot(event)
        if {k: v for k, v in after.items() if k != "updated_at"} != {
                k: v for k, v in event_before.items() if k != "updated_at"}:
            _full_clean(event, exclude=["shared_with"])
            event.save()
            audit.record(user=user, verb="outreach_event.import", obj=event, before=event_before,
                         after=audit.snapshot(event), organisation=owner)
            changed = True
    for stale in process.events.filter(registry_key__isnull=False, withdrawn_at__isnull=True).exclude(
            registry_key__in=keys):
        stale.withdrawn_at = timezone.now()
        stale.withdrawn_reason = "No longer in the process registry."
        stale.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
        audit.record(user=user, verb="outreach_event.withdraw", obj=stale, reason=stale.withdrawn_reason,
                     organisation=owner)
        changed = True
    if not changed:
        return "unchanged"
    audit.record(user=user, verb="outreach_process.import", obj=process, before=before,
                 after=audit.snapshot(process), organisation=owner)
    return "created" if created else "updated"


@transaction.atomic
def create_process(user, *, owner, name, kind, classification=Classification.LIMITED, scope="", secretariat="",
                   countries=(), sources=()) -> Process:
    """An editor of `owner` records a process or dialogue (e.g. a bilateral dialogue) with its member countries."""
    if not policy.can_create(user, owner):
        raise PermissionDenied("Only editors of the owning organisation may record processes.")
    _require_text(name, "name", "Give the process a name.")
    process = Process(owner=owner, created_by=user, name=name.strip(), kind=kind, classification=classification,
                      scope=scope, secretariat=secretariat, sources=list(sources))
    _full_clean(process, exclude=["shared_with"])
    process.save()
    ProcessMember.objects.bulk_create([
        ProcessMember(process=process, role=ProcessMember.Role.MEMBER, country=c, name=c.name, order=i)
        for i, c in enumerate(countries)])
    audit.record(user=user, verb="outreach_process.create", obj=process,
                 after={**audit.snapshot(process), "members": [c.pk for c in countries]})
    return process


# --- events ------------------------------------------------------------------------------------------------------

@transaction.atomic
def create_event(user, *, owner, title, kind, start_text="", end_text="", place="", description="",
                 classification=Classification.LIMITED, countries=(), processes=(), organisations=(),
                 partnerships=(), agenda_items=(), outcomes=(), sources=()) -> Event:
    """An editor of `owner` records an event; dates as precise as known (YYYY-MM-DD, YYYY-MM or YYYY)."""
    if not policy.can_create(user, owner):
        raise PermissionDenied("Only editors of the owning organisation may record events.")
    _require_text(title, "title", "Give the event a title.")
    try:
        start, end, precision = eventdates.from_text(start_text, end_text)
    except ValueError as exc:
        raise ValidationError({"start_text": str(exc)}) from None
    for p in list(processes) + list(partnerships):
        policy.require_view(user, p)
    event = Event(owner=owner, created_by=user, title=title.strip(), kind=kind, start=start, end=end,
                  precision=precision, place=place, description=description, classification=classification,
                  agenda_items=[a for a in agenda_items if a.strip()], outcomes=list(outcomes), sources=list(sources))
    _full_clean(event, exclude=["shared_with"])
    event.save()
    event.countries.set(countries)
    event.processes.set(processes)
    event.organisations.set(organisations)
    event.partnerships.set(partnerships)
    audit.record(user=user, verb="outreach_event.create", obj=event, after=audit.snapshot(event))
    return event


@transaction.atomic
def withdraw_event(user, event, *, reason) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    policy.require_change(user, event)
    _require_text(reason, "reason", "Say why the event is withdrawn.")
    before = audit.snapshot(event)
    event.withdrawn_at = timezone.now()
    event.withdrawn_reason = reason
    event.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
    audit.record(user=user, verb="outreach_event.withdraw", obj=event, before=before, after=audit.snapshot(event),
                 reason=reason)
    return event


# --- private calendar feeds ----------------------------------------------------------------------------------------

def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _token_snapshot(t):
    return audit.snapshot(t, fields=["user", "hint", "created_at", "revoked_at"])


@transaction.atomic
def issue_calendar_token(user) -> tuple[CalendarToken, str]:
    """A new private feed token for the user (any previous one is revoked). The token is returned only here."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to get a private calendar feed.")
    for old in CalendarToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True):
        _revoke(user, old, reason="replaced by a new token")
    token = secrets.token_urlsafe(32)
    record = CalendarToken.objects.create(user=user, token_hash=token_hash(token), hint=token[:6])
    audit.record(user=user, verb="outreach_calendar_token.issue", obj=record, after=_token_snapshot(record))
    return record, token


def _revoke(user, record, *, reason):
    before = _token_snapshot(record)
    record.revoked_at = timezone.now()
    record.save(update_fields=["revoked_at"])
    audit.record(user=user, verb="outreach_calendar_token.revoke", obj=record, before=before,
                 after=_token_snapshot(record), reason=reason)


@transaction.atomic
def revoke_calendar_token(user, record, *, reason="revoked by its owner") -> CalendarToken:
    record = CalendarToken.objects.select_for_update().get(pk=record.pk)
    if record.user_id != getattr(user, "pk", None):
        raise PermissionDenied("Only the owner of a calendar feed may revoke it.")
    if record.revoked_at is None:
        _revoke(user, record, reason=reason)
    return record


# --- joint messages ------------------------------------------------------------------------------------------------

def _require_open(message):
    if message.status == JointMessage.Status.ADOPTED:
        raise ValidationError({"__all__": f"“{message.topic}” was adopted on {message.adopted_at:%-d %B %Y} and "
                                          "can no longer change."})


def _check_text(text, field="text"):
    _require_text(text, field, "Write the text of the message.")
    refuse_eu_classified_marking(text, field)


@transaction.atomic
def draft_message(user, *, owner, topic, text, classification=Classification.LIMITED, countries=(), processes=(),
                  partnerships=(), events=(), solution_types=(), valid_until=None) -> JointMessage:
    """A Commission service or the EEAS drafts a joint message; its text becomes version 1."""
    if owner.kind not in MESSAGE_OWNER_KINDS:
        raise ValidationError({"owner": "Joint messages are owned by a Commission service or the EEAS."})
    if not policy.can_create(user, owner):
        raise PermissionDenied("Only editors of the owning organisation may draft joint messages.")
    _require_text(topic, "topic", "Give the message a topic.")
    _check_text(text)
    if not (countries or processes):
        raise ValidationError({"countries": "Say which countries or which process the message is for."})
    for linked in list(processes) + list(partnerships) + list(events):
        policy.require_view(user, linked)
    message = JointMessage(owner=owner, created_by=user, topic=topic.strip(), classification=classification,
                           valid_until=valid_until)
    _full_clean(message, exclude=["shared_with"])
    message.save()
    message.countries.set(countries)
    message.processes.set(processes)
    message.partnerships.set(partnerships)
    message.events.set(events)
    message.solution_types.set(solution_types)
    version = MessageVersion.objects.create(message=message, number=1, text=text.strip(), written_by=user,
                                            change_note="first draft")
    audit.record(user=user, verb="outreach_message.draft", obj=message,
                 after={**audit.snapshot(message), "version": version.number, "text": version.text})
    return message


@transaction.atomic
def revise_message(user, message, *, text, change_note="") -> MessageVersion:
    """The owner writes a new version (the previous ones stay, and the page shows the difference)."""
    message = JointMessage.objects.select_for_update().get(pk=message.pk)
    policy.require_change(user, message)
    _require_open(message)
    _check_text(text)
    current = message.current_version
    if current.text == text.strip():
        raise ValidationError({"text": f"The text is the same as version {current.number}."})
    version = MessageVersion.objects.create(message=message, number=current.number + 1, text=text.strip(),
                                            written_by=user, change_note=change_note.strip())
    message.save(update_fields=["updated_at"])
    audit.record(user=user, verb="outreach_message.revise", obj=message,
                 before={"version": current.number, "text": current.text},
                 after={"version": version.number, "text": version.text}, reason=change_note)
    return version


@transaction.atomic
def request_endorsement(user, message, *, organisations, deadline: datetime.date, note="") -> Consultation:
    """The owner asks chosen organisations to endorse the current version by a deadline.

    The message is shared with them, so they can read it whatever its classification.
    """
    message = JointMessage.objects.select_for_update().get(pk=message.pk)
    policy.require_change(user, message)
    _require_open(message)
    organisations = [o for o in organisations if o.pk != message.owner_id]
    if not organisations:
        raise ValidationError({"organisations": "Choose at least one organisation other than the owner."})
    if deadline is None or deadline < datetime.date.today():
        raise ValidationError({"deadline": "The deadline must be today or later."})
    version = message.current_version
    consultation = Consultation.objects.create(message=message, version=version, deadline=deadline,
                                               requested_by=user, note=note)
    Endorsement.objects.bulk_create([Endorsement(consultation=consultation, organisation=o) for o in organisations])
    before = audit.snapshot(message)
    message.shared_with.add(*organisations)
    message.status = JointMessage.Status.CONSULTATION
    message.save(update_fields=["status", "updated_at"])
    audit.record(user=user, verb="outreach_message.request_endorsement", obj=message, before=before,
                 after={**audit.snapshot(message), "version": version.number, "deadline": deadline,
                        "asked": sorted(o.pk for o in organisations)}, reason=note)
    return consultation


@transaction.atomic
def answer_endorsement(user, endorsement, *, answer, comment="") -> Endorsement:
    """An editor (or higher) of the asked organisation endorses, endorses with comments, or objects with reasons."""
    endorsement = Endorsement.objects.select_for_update().select_related(
        "consultation__message", "consultation__version").get(pk=endorsement.pk)
    consultation = endorsement.consultation
    message = consultation.message
    if not policy.has_role(user, endorsement.organisation_id, Role.EDITOR):
        raise PermissionDenied(f"Only editors of {endorsement.organisation} may answer for it.")
    _require_open(message)
    if datetime.date.today() > consultation.deadline:
        raise ValidationError({"answer": f"The deadline ({consultation.deadline:%-d %B %Y}) has passed; no answer "
                                         "is recorded as silence. Ask the owner for a new consultation."})
    if answer not in Endorsement.Answer.values:
        raise ValidationError({"answer": "Choose endorse, endorse with comments or object."})
    if answer == Endorsement.Answer.ENDORSE_WITH_COMMENTS:
        _require_text(comment, "comment", "Write your comments.")
    if answer == Endorsement.Answer.OBJECT:
        _require_text(comment, "comment", "An objection needs its reasons.")
    refuse_eu_classified_marking(comment, "comment")
    before = audit.snapshot(endorsement)
    endorsement.answer = answer
    endorsement.comment = comment.strip()
    endorsement.answered_by = user
    endorsement.answered_at = timezone.now()
    endorsement.save()
    audit.record(user=user, verb="outreach_message.answer", obj=endorsement, before=before,
                 after=audit.snapshot(endorsement), organisation=endorsement.organisation)
    return endorsement


def open_objections(message) -> list[Endorsement]:
    """Objections to the current version in its latest consultation round."""
    current = message.current_version
    latest = message.consultations.filter(version=current).order_by("-requested_at", "-id").first()
    if latest is None:
        return []
    return list(latest.endorsements.filter(answer=Endorsement.Answer.OBJECT).select_related("organisation"))


@transaction.atomic
def adopt_message(user, message, *, reason="") -> JointMessage:
    """An approver of the owner who wrote none of its versions adopts the current text; it is then immutable."""
    message = JointMessage.objects.select_for_update().get(pk=message.pk)
    _require_open(message)
    authors = set(message.versions.values_list("written_by_id", flat=True)) | {message.created_by_id}
    if getattr(user, "pk", None) in authors:
        raise PermissionDenied("Four eyes: someone who drafted or revised this message cannot adopt it.")
    policy.require_approve(user, message)
    objections = open_objections(message)
    if objections and not (reason or "").strip():
        names = ", ".join(str(e.organisation) for e in objections)
        raise ValidationError({"reason": f"{names} objected to this version: say why it is adopted nonetheless."})
    before = audit.snapshot(message)
    version = message.current_version
    message.status = JointMessage.Status.ADOPTED
    message.adopted_at = timezone.now()
    message.adopted_by = user
    message.adoption_reason = (reason or "").strip()
    message.save(update_fields=["status", "adopted_at", "adopted_by", "adoption_reason", "updated_at"])
    audit.record(user=user, verb="outreach_message.adopt", obj=message, before=before,
                 after={**audit.snapshot(message), "version": version.number, "text": version.text}, reason=reason)
    return message


# --- outreach log --------------------------------------------------------------------------------------------------

# An interlocutor is an institution or a function: refuse what is evidently a private person's contact data.
_CONTACT_DATA = [
    ("an e-mail address", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
    ("a phone number", re.compile(r"\+?\d[\d ().-]{7,}\d")),
]


def _refuse_contact_data(text, field):
    found = [label for label, pattern in _CONTACT_DATA if pattern.search(text or "")]
    if found:
        raise ValidationError({field: "Record the institution or the official's function only — remove "
                                      + " and ".join(found) + "."})


@transaction.atomic
def log_outreach(user, *, owner, message, country, interlocutor, raised_on, event=None, response="",
                 classification=Classification.LIMITED) -> OutreachEntry:
    """Record that someone of `owner` raised a joint message with a partner-country interlocutor."""
    if not policy.can_create(user, owner):
        raise PermissionDenied("Only editors of your organisation may record outreach.")
    policy.require_view(user, message)
    if event is not None:
        policy.require_view(user, event)
    _require_text(interlocutor, "interlocutor", "Name the institution or the official's function.")
    _refuse_contact_data(interlocutor, "interlocutor")
    _refuse_contact_data(response, "response")
    if raised_on is None:
        raise ValidationError({"raised_on": "Say when the message was raised."})
    if raised_on > datetime.date.today():
        raise ValidationError({"raised_on": "The date is in the future: log outreach once it has happened."})
    entry = OutreachEntry(owner=owner, created_by=user, message=message, country=country,
                          interlocutor=interlocutor.strip(), raised_on=raised_on, event=event,
                          response=response.strip(), classification=classification)
    _full_clean(entry, exclude=["shared_with"])
    entry.save()
    audit.record(user=user, verb="outreach_entry.log", obj=entry, after=audit.snapshot(entry))
    return entry
