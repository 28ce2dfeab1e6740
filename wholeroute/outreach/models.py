"""Diplomatic outreach: processes and dialogues, events, joint messages with versions and endorsements, outreach log.

Processes, events, joint messages and outreach-log entries are classified records. Versions, consultation rounds
and endorsements are children of a joint message and inherit its access (`policy.visible(qs, user,
prefix="message__")`). Private calendar-feed tokens are stored only as a SHA-256 hash.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from wholeroute.access.models import Classified, ClassifiedQuerySet
from wholeroute.outreach import eventdates


class Process(Classified):
    """A process, dialogue or standalone high-level meeting series (Rabat, Khartoum, Valletta, a summit …)."""

    class Kind(models.TextChoices):
        REGIONAL_DIALOGUE = "regional_migration_dialogue", "Regional migration dialogue"
        BILATERAL_DIALOGUE = "bilateral_dialogue", "Bilateral migration dialogue"
        TEAM_EUROPE = "team_europe_initiative", "Team Europe Initiative"
        SUMMIT = "summit", "Summit"
        SUMMIT_GROUP = "summit_group", "Group of leaders meeting in summits"
        MINISTERIAL_MEETING = "ministerial_meeting", "Ministerial meeting"
        MINISTERIAL_GROUP = "ministerial_group", "Group of ministers"
        CONFERENCE = "conference", "International conference"
        COUNCIL_MEETING = "council_meeting", "Council of the EU meeting"
        OTHER = "other", "Other"

    registry_id = models.SlugField(max_length=80, unique=True, null=True, blank=True,
                                   help_text="identifier of the record in data/registry/processes.yaml")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    established = models.CharField(max_length=10, blank=True, help_text="YYYY, YYYY-MM or YYYY-MM-DD")
    established_place = models.CharField(max_length=200, blank=True)
    founding_note = models.TextField(blank=True)
    scope = models.TextField(blank=True)
    leadership = models.TextField(blank=True, help_text="chair, leadership or convenor, as the source states it")
    secretariat = models.CharField(max_length=300, blank=True)
    secretariat_organisation = models.ForeignKey("access.Organisation", null=True, blank=True,
                                                 on_delete=models.PROTECT, related_name="+")
    key_documents = models.JSONField(default=list, blank=True, help_text="[{name, note, source}]")
    members_note = models.TextField(blank=True)
    members_uncertain = models.BooleanField(default=False)
    sources = models.JSONField(default=list, blank=True)
    fact_sources = models.JSONField(default=dict, blank=True,
                                    help_text="source URL per fact: established, secretariat, members …")
    details = models.JSONField(default=dict, blank=True, help_text="further fields of the registry record")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "processes"

    def __str__(self):
        return self.name

    @property
    def slug(self):
        return self.registry_id or str(self.pk)


class ProcessMember(models.Model):
    """A member, observer or participant of a process: a country or an organisation, as the source lists it."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member / partner"
        OBSERVER = "observer", "Observer"
        PARTICIPANT = "participant", "Participant"
        FOUNDING = "founding", "Member at launch"
        LATER = "later", "Joined later"

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(max_length=12, choices=Role.choices)
    group = models.CharField(max_length=80, blank=True, help_text="the source's list, e.g. african_partners")
    country = models.ForeignKey("geo.Country", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="process_memberships")
    organisation = models.ForeignKey("access.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    name = models.CharField(max_length=300, help_text="as the source names the member")
    source = models.URLField(max_length=500, blank=True)
    uncertain = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["process", "role", "order"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()}) in {self.process}"


class EventQuerySet(ClassifiedQuerySet):
    def upcoming(self, today=None):
        today = today or datetime.date.today()
        return self.filter(end__gte=today).order_by("start", "title")

    def in_month(self, year, month):
        first = datetime.date(year, month, 1)
        last = eventdates.last_day_of_month(year, month)
        return self.filter(start__lte=last, end__gte=first).order_by("start", "title")


class Event(Classified):
    """A dated meeting. Dates are as precise as known: a day, a range of days, a month, a year, or not known."""

    class Kind(models.TextChoices):
        SUMMIT = "summit", "Summit"
        MINISTERIAL = "ministerial_conference", "Ministerial conference"
        SENIOR_OFFICIALS = "senior_officials_meeting", "Senior officials' meeting"
        BILATERAL = "bilateral_dialogue", "Bilateral dialogue"
        COUNCIL = "council", "JHA / Foreign Affairs Council"
        VISIT = "visit", "Visit"
        TECHNICAL = "technical_meeting", "Technical meeting"
        CONFERENCE = "conference", "International conference"
        OTHER = "other", "Other milestone"

    Precision = eventdates.Precision

    registry_key = models.CharField(max_length=120, unique=True, null=True, blank=True,
                                    help_text="process registry id and event number, for seeded events")
    title = models.CharField(max_length=400)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    # start/end are the first and last day the event may cover; `precision` says how much of that is known.
    start = models.DateField(null=True, blank=True, db_index=True)
    end = models.DateField(null=True, blank=True, db_index=True)
    precision = models.CharField(max_length=8, choices=eventdates.Precision.choices, default=eventdates.Precision.DAY)
    place = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    countries = models.ManyToManyField("geo.Country", blank=True, related_name="outreach_events")
    processes = models.ManyToManyField(Process, blank=True, related_name="events")
    organisations = models.ManyToManyField("access.Organisation", blank=True, related_name="outreach_events",
                                           help_text="participating organisations")
    participants_text = models.TextField(blank=True, help_text="participants as the source describes them")
    partnerships = models.ManyToManyField("partnerships.Partnership", blank=True, related_name="outreach_events")
    agenda_items = models.JSONField(default=list, blank=True, help_text="list of agenda items")
    outcomes = models.JSONField(default=list, blank=True, help_text="[{text, source}] outcome documents")
    sources = models.JSONField(default=list, blank=True)
    uncertain = models.BooleanField(default=False)
    note = models.TextField(blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start", "title"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        try:
            eventdates.check(self.start, self.end, self.precision)
        except ValueError as exc:
            raise ValidationError({"start": str(exc)}) from None

    @property
    def when(self) -> str:
        return eventdates.display(self.start, self.end, self.precision)

    @property
    def is_approximate(self) -> bool:
        return self.precision in (eventdates.Precision.MONTH, eventdates.Precision.YEAR)


class CalendarToken(models.Model):
    """A private calendar-feed token. Only its SHA-256 hash is stored; the token itself is shown once."""

    user = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="calendar_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=8, help_text="first characters of the token, to recognise it")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user"], condition=models.Q(revoked_at__isnull=True),
                                               name="one_active_calendar_token")]

    def __str__(self):
        return f"calendar feed of {self.user} ({self.hint}…)"

    def delete(self, *args, **kwargs):
        from wholeroute.access.models import HardDeleteRefused

        raise HardDeleteRefused("Calendar tokens are revoked, never deleted.")


class JointMessage(Classified):
    """A joint message (common narrative) owned by a Commission service or the EEAS, with its text in versions."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONSULTATION = "consultation", "In consultation"
        ADOPTED = "adopted", "Adopted"

    topic = models.CharField(max_length=300)
    countries = models.ManyToManyField("geo.Country", blank=True, related_name="joint_messages")
    processes = models.ManyToManyField(Process, blank=True, related_name="joint_messages")
    partnerships = models.ManyToManyField("partnerships.Partnership", blank=True, related_name="joint_messages")
    events = models.ManyToManyField(Event, blank=True, related_name="joint_messages")
    solution_types = models.ManyToManyField("partnerships.SolutionType", blank=True, related_name="joint_messages")
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.DRAFT, db_index=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey("access.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    adoption_reason = models.TextField(blank=True)
    valid_until = models.DateField(null=True, blank=True, help_text="after this date the line is no longer current")

    class Meta:
        ordering = ["-updated_at", "topic"]

    def __str__(self):
        return self.topic

    @property
    def is_adopted(self):
        return self.status == self.Status.ADOPTED

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()

    def is_current(self, today=None):
        today = today or datetime.date.today()
        return self.valid_until is None or self.valid_until >= today


class MessageVersion(models.Model):
    """One text of a joint message. Versions are never edited: a revision is a new version."""

    message = models.ForeignKey(JointMessage, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    change_note = models.CharField(max_length=500, blank=True)
    written_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["message", "number"]
        constraints = [models.UniqueConstraint(fields=["message", "number"], name="one_message_version_number")]

    def __str__(self):
        return f"{self.message} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("A message version is never changed; revise the message instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from wholeroute.access.models import HardDeleteRefused

        raise HardDeleteRefused("Message versions are never deleted.")


class Consultation(models.Model):
    """A round in which the owner asks chosen organisations to endorse one version by a deadline."""

    message = models.ForeignKey(JointMessage, on_delete=models.PROTECT, related_name="consultations")
    version = models.ForeignKey(MessageVersion, on_delete=models.PROTECT, related_name="consultations")
    deadline = models.DateField()
    requested_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["message", "-requested_at", "-id"]

    def __str__(self):
        return f"Consultation on {self.version} until {self.deadline}"

    def is_open(self, today=None):
        today = today or datetime.date.today()
        return today <= self.deadline and self.message.status != JointMessage.Status.ADOPTED


class Endorsement(models.Model):
    """One organisation's answer in a consultation. No answer after the deadline is silence, never consent."""

    class Answer(models.TextChoices):
        ENDORSE = "endorse", "Endorse"
        ENDORSE_WITH_COMMENTS = "endorse_with_comments", "Endorse with comments"
        OBJECT = "object", "Object"

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="endorsements")
    organisation = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=24, choices=Answer.choices, blank=True)
    comment = models.TextField(blank=True, help_text="comments, or the reasons for an objection")
    answered_by = models.ForeignKey("access.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["consultation", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["consultation", "organisation"],
                                               name="one_endorsement_per_organisation_and_round")]

    def __str__(self):
        return f"{self.organisation} on {self.consultation.version}: {self.state_label()}"

    def state(self, today=None) -> str:
        """'endorse' | 'endorse_with_comments' | 'object' | 'awaiting' | 'silence'."""
        if self.answer:
            return self.answer
        today = today or datetime.date.today()
        return "silence" if today > self.consultation.deadline else "awaiting"

    def state_label(self, today=None) -> str:
        state = self.state(today)
        if state == "silence":
            return "Silence (no answer by the deadline — not consent)"
        if state == "awaiting":
            return f"Awaiting an answer (deadline {self.consultation.deadline:%-d %B %Y})"
        return self.Answer(state).label


class OutreachEntry(Classified):
    """Who raised which joint message with which partner-country interlocutor, when, where, and the response.

    The interlocutor is an institution or an official's function, never a private person.
    """

    message = models.ForeignKey(JointMessage, on_delete=models.PROTECT, related_name="outreach_entries")
    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="outreach_entries")
    interlocutor = models.CharField(
        max_length=300, help_text="an institution or an official's function, e.g. 'Ministry of Interior, "
                                  "Director-General for Migration' — no private persons' data")
    raised_on = models.DateField()
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.PROTECT, related_name="outreach_entries")
    response = models.TextField(blank=True, help_text="the interlocutor's response, in institutional terms")

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name_plural = "outreach entries"

    def __str__(self):
        return f"{self.message} raised with {self.interlocutor} ({self.country}) on {self.raised_on}"
