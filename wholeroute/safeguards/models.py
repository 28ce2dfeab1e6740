"""Fundamental-rights safeguards: obligations as data, versioned rights assessments with four-eyes approval,
independent monitoring, the allegation register (no personal data), suspension rules and proposals, reviews."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from wholeroute.access.models import Classification, Classified, Organisation, User


class Obligation(models.Model):
    """One legal obligation of the rights-assessment checklist, from data/reference/legal-framework.yaml.

    Legal facts change: admins update them as data (audited); `version` counts their edits.
    """

    code = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    instrument = models.CharField(max_length=200)
    article = models.CharField(max_length=80)
    summary = models.TextField()
    legal_nature = models.CharField(max_length=40)
    solution_types = models.JSONField(default=list, blank=True, help_text="legal-framework.yaml solution-type codes")
    applies_to_all = models.BooleanField(default=False, help_text="asked in every assessment")
    source = models.URLField(max_length=500)
    official_text = models.URLField(max_length=500, blank=True)
    uncertain = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    instrument_id = models.CharField(max_length=80, blank=True, help_text="legal-framework.yaml instrument key")
    checked_on = models.DateField("content checked on", null=True, blank=True,
                                  help_text="when the source was last read and checked")
    applies_from = models.DateField(null=True, blank=True)
    case_law = models.JSONField(default=list, blank=True, help_text="judgments that shape the provision, with sources")
    also_seen = models.JSONField(default=list, blank=True, help_text="further pages where the content was checked")
    guidance = models.TextField(blank=True, help_text="how assessors should check this item (set by the maintainers)")
    maintainer = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   help_text="whose admins keep this item up to date")
    seed_digest = models.CharField(max_length=64, blank=True, help_text="sha256 of the file entry last loaded")
    version = models.PositiveIntegerField(default=1)
    order = models.PositiveSmallIntegerField(default=0)

    EDITABLE = ["title", "instrument", "article", "summary", "legal_nature", "solution_types", "applies_to_all",
                "source", "official_text", "uncertain", "note", "guidance", "checked_on", "applies_from"]

    class Meta:
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.title} ({self.instrument_short} {self.article})"

    @property
    def instrument_short(self):
        return self.instrument.replace("Charter of Fundamental Rights of the European Union", "Charter").replace(
            "European Convention on Human Rights", "ECHR")


class ObligationVersion(models.Model):
    """Every version of a checklist item, as it was: written by the seed and by admins' edits, never changed."""

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["obligation", "-version"]
        constraints = [models.UniqueConstraint(fields=["obligation", "version"], name="one_row_per_obligation_version")]

    def __str__(self):
        return f"{self.obligation.code} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Checklist history cannot be changed.")
        super().save(*args, **kwargs)


class LegalReform(models.Model):
    """Adoption status of a reform that changes the checklist (legal-framework.yaml `reform_status`)."""

    code = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=40)
    act = models.CharField(max_length=300, blank=True)
    dates = models.JSONField(default=dict, blank=True)
    summary = models.TextField()
    source = models.URLField(max_length=500)
    also_seen = models.JSONField(default=list, blank=True)
    uncertain = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    checked_on = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self):
        return self.title


class RightsAssessment(Classified):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned for changes"

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="assessments")
    version = models.PositiveIntegerField()
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    classification = models.CharField(max_length=12, choices=Classification.choices, default=Classification.SENSITIVE)

    class Meta:
        ordering = ["partnership", "-version"]
        constraints = [models.UniqueConstraint(fields=["partnership", "version"], name="one_assessment_per_version")]

    def __str__(self):
        return f"Rights assessment v{self.version} of {self.partnership}"

    @property
    def is_locked(self):
        return self.status in (self.Status.SUBMITTED, self.Status.APPROVED)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.APPROVED and kwargs.get("update_fields") != ["withdrawn_at", "withdrawn_reason"]:
                raise PermissionError("An approved rights assessment cannot change; start a new version.")
        super().save(*args, **kwargs)


class Risk(models.TextChoices):
    NOT_ASSESSED = "not_assessed", "Not assessed"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class AssessmentAnswer(models.Model):
    """The answer to one obligation in one assessment version; inherits the assessment's access."""

    assessment = models.ForeignKey(RightsAssessment, on_delete=models.PROTECT, related_name="answers")
    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="+")
    risk = models.CharField(max_length=14, choices=Risk.choices, default=Risk.NOT_ASSESSED)
    evidence = models.TextField(blank=True)
    evidence_url = models.URLField(max_length=500, blank=True)
    mitigation = models.TextField(blank=True)
    responsible = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["obligation__order", "obligation__code"]
        constraints = [models.UniqueConstraint(fields=["assessment", "obligation"], name="one_answer_per_obligation")]

    def __str__(self):
        return f"{self.obligation.code}: {self.get_risk_display()}"

    def save(self, *args, **kwargs):
        if RightsAssessment.objects.filter(pk=self.assessment_id, status=RightsAssessment.Status.APPROVED).exists():
            raise PermissionError("An approved rights assessment cannot change; start a new version.")
        super().save(*args, **kwargs)

    @property
    def unmitigated_high_risk(self):
        return self.risk == Risk.HIGH and not self.mitigation.strip()


class MonitoringArrangement(Classified):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="monitoring")
    body_name = models.CharField("independent monitoring body", max_length=200)
    body = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    independence_basis = models.TextField(help_text="what makes the body independent (mandate, legal basis)")
    access_places = models.TextField("access to places", blank=True)
    access_documents = models.TextField("access to documents", blank=True)
    reporting_every_days = models.PositiveIntegerField("reports due every (days)", default=90)
    last_report_on = models.DateField(null=True, blank=True)
    started_on = models.DateField(default=datetime.date.today)
    classification = models.CharField(max_length=12, choices=Classification.choices, default=Classification.SENSITIVE)

    def __str__(self):
        return f"{self.body_name} monitoring {self.partnership}"

    @property
    def next_report_due(self):
        return (self.last_report_on or self.started_on) + datetime.timedelta(days=self.reporting_every_days)

    def is_overdue(self, on=None):
        return (on or datetime.date.today()) > self.next_report_due


class Allegation(Classified):
    """An allegation of a rights violation. Institutional facts only: never names or identifiers of people."""

    class SourceKind(models.TextChoices):
        MONITORING_BODY = "monitoring_body", "Monitoring body"
        NGO = "ngo", "NGO"
        OMBUDSPERSON = "ombudsperson", "Ombudsperson"
        MEDIA = "media", "Media"
        PARTNER_AUTHORITY = "partner_authority", "Partner authority"
        EU_STAFF = "eu_staff", "EU staff"

    class Severity(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        CRITICAL = "critical", "Critical"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        UNDER_ASSESSMENT = "under_assessment", "Under assessment"
        SUBSTANTIATED = "substantiated", "Substantiated"
        NOT_SUBSTANTIATED = "not_substantiated", "Not substantiated"
        REFERRED = "referred", "Referred"

    CLOSED = {Status.SUBSTANTIATED, Status.NOT_SUBSTANTIATED, Status.REFERRED}
    NEXT = {
        Status.RECEIVED: {Status.ACKNOWLEDGED},
        Status.ACKNOWLEDGED: {Status.UNDER_ASSESSMENT, Status.REFERRED},
        Status.UNDER_ASSESSMENT: {Status.SUBSTANTIATED, Status.NOT_SUBSTANTIATED, Status.REFERRED},
    }

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="allegations")
    country = models.ForeignKey("geo.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    route = models.ForeignKey("geo.Route", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField()
    source_kind = models.CharField(max_length=20, choices=SourceKind.choices)
    rights = models.ManyToManyField(Obligation, related_name="allegations", verbose_name="rights concerned")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    summary = models.TextField(help_text="what is alleged, without names, identity numbers or contact details")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    acknowledge_by = models.DateField()
    decide_by = models.DateField()
    acknowledged_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    follow_up = models.TextField(blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0, help_text="1: acknowledgement overdue, 2: decision")
    classification = models.CharField(max_length=12, choices=Classification.choices, default=Classification.SENSITIVE)

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"Allegation of {self.received_on:%d %b %Y} on {self.partnership}"

    def overdue(self, on=None):
        """'acknowledgement', 'decision' or '' — what is late today."""
        on = on or datetime.date.today()
        if self.status in self.CLOSED:
            return ""
        if self.status == self.Status.RECEIVED and on > self.acknowledge_by:
            return "acknowledgement"
        if on > self.decide_by:
            return "decision"
        return ""


class DeadlinePolicy(models.Model):
    """An organisation's own allegation deadlines in working days (otherwise the settings' defaults apply)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="+")
    acknowledgement_days = models.PositiveSmallIntegerField(
        "working days to acknowledge", validators=[MinValueValidator(1), MaxValueValidator(60)])
    decision_days = models.PositiveSmallIntegerField(
        "working days to decide", validators=[MinValueValidator(1), MaxValueValidator(250)])
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.organisation}: {self.acknowledgement_days} / {self.decision_days} working days"


class SuspensionRule(models.Model):
    """A rule that proposes suspension when its inputs change. Kinds are evaluated in safeguards.triggers.

    Rules about allegations apply to every partnership; a threshold rule watches one result indicator and belongs
    to that indicator's partnership.
    """

    class Comparison(models.TextChoices):
        ABOVE = "above", "rises above"
        BELOW = "below", "falls below"

    class Kind(models.TextChoices):
        SUBSTANTIATED_ALLEGATION = "substantiated_allegation", "Substantiated allegation concerning an obligation"
        INDICATOR_THRESHOLD = "indicator_threshold", "Result indicator crosses a threshold"

    code = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField()
    obligations = models.ManyToManyField(Obligation, blank=True, related_name="+")
    minimum_severity = models.CharField(max_length=10, choices=Allegation.Severity.choices, blank=True)
    threshold = models.FloatField(null=True, blank=True)
    indicator = models.ForeignKey("partnerships.ResultIndicator", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="suspension_rules")
    comparison = models.CharField(max_length=5, choices=Comparison.choices, blank=True)
    owner = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              help_text="whose admins (or, for a threshold rule, the partnership's editors) change it")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)

    def __str__(self):
        return self.description

    def crossed_by(self, number) -> bool:
        if number is None or self.threshold is None:
            return False
        return number > self.threshold if self.comparison == self.Comparison.ABOVE else number < self.threshold


class SuspensionProposal(models.Model):
    """A fired rule's proposal to suspend a partnership, decided by an approver (not whoever fired it)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted — partnership suspended"
        REJECTED = "rejected", "Rejected"

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="suspension_proposals")
    rule = models.ForeignKey(SuspensionRule, on_delete=models.PROTECT, related_name="proposals")
    allegation = models.ForeignKey(Allegation, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals")
    result_value = models.ForeignKey("partnerships.ResultValue", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    evidence = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Proposal to suspend {self.partnership} ({self.get_status_display()})"


class Review(models.Model):
    """A periodic review of a partnership in implementation."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scheduled_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on"]

    def __str__(self):
        return f"Review of {self.partnership} due {self.due_on}"


DEFAULT_CLASSIFICATION = Classification.SENSITIVE
