"""Partnerships and innovative solutions with third countries."""

from django.db import models

from wholeroute.access.models import Classified
from wholeroute.partnerships.partialdates import PARTIAL_DATE_HELP, validate_partial_date


class SolutionType(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Partnership(Classified):
    class Phase(models.TextChoices):
        EXPLORATION = "exploration", "Exploration"
        DESIGN = "design", "Design"
        IMPLEMENTATION = "implementation", "Implementation"
        MONITORING = "monitoring", "Monitoring"
        SUSPENDED = "suspended", "Suspended"
        CLOSED = "closed", "Closed"

    class InstrumentKind(models.TextChoices):
        AGREEMENT = "agreement", "Agreement"
        MOU = "mou", "Memorandum of understanding"
        JOINT_STATEMENT = "statement", "Joint statement"
        WORKING_ARRANGEMENT = "working_arrangement", "Working arrangement"
        STATUS_AGREEMENT = "status_agreement", "Status agreement"
        PROTOCOL = "protocol", "Protocol"
        LETTER_OF_INTENT = "letter_of_intent", "Letter of intent"
        PROGRAMME = "programme", "Programme"
        DECISION = "decision", "Decision"
        REGULATION_PROPOSAL = "regulation_proposal", "Regulation proposal"
        OTHER = "other", "Other"

    registry_id = models.SlugField(max_length=80, unique=True, null=True, blank=True,
                                   help_text="identifier of the record in the sourced registry, for seeded records")
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    solution_types = models.ManyToManyField(SolutionType, blank=True, related_name="partnerships")
    countries = models.ManyToManyField("geo.Country", blank=True, related_name="partnerships",
                                       help_text="partner countries and state parties")
    routes = models.ManyToManyField("geo.Route", blank=True, related_name="partnerships")
    instrument_kind = models.CharField(max_length=32, choices=InstrumentKind.choices, blank=True)
    legal_basis = models.TextField(blank=True)
    phase = models.CharField(max_length=16, choices=Phase.choices, default=Phase.EXPLORATION, db_index=True)
    phase_imported = models.BooleanField(
        default=False, help_text="phase derived from the imported status, not reached through wholeroute's gates"
    )
    no_eu_funds = models.BooleanField("explicitly no EU funds", default=False)
    # Added in 0002: the full registry record and what the lifecycle gates ask for.
    lead_organisation = models.ForeignKey(
        "access.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="led_partnerships",
        help_text="the organisation leading the partnership (needed to enter design)")
    scoping_note = models.TextField(blank=True, help_text="what the partnership is meant to achieve, with whom, and "
                                                          "what is out of scope (needed to enter design)")
    legal_instrument = models.CharField(max_length=300, blank=True,
                                        help_text="reference of the signed legal instrument (needed to enter "
                                                  "implementation)")
    instrument_note = models.TextField(blank=True)
    party_notes = models.TextField(blank=True)
    parties_uncertain = models.BooleanField("parties uncertain", default=False)
    signed_or_announced = models.CharField("signed or announced", max_length=10, blank=True,
                                           validators=[validate_partial_date], help_text=PARTIAL_DATE_HELP)
    entry_into_force = models.CharField("entry into force", max_length=10, blank=True,
                                        validators=[validate_partial_date], help_text=PARTIAL_DATE_HELP)
    applies_from = models.CharField("applies from", max_length=10, blank=True, validators=[validate_partial_date],
                                    help_text=PARTIAL_DATE_HELP)
    ended = models.CharField("ended", max_length=10, blank=True, validators=[validate_partial_date],
                             help_text=PARTIAL_DATE_HELP)
    status_text = models.CharField("status", max_length=500, blank=True)
    status_as_of = models.CharField("status as of", max_length=10, blank=True, validators=[validate_partial_date],
                                    help_text=PARTIAL_DATE_HELP)
    sources = models.JSONField(default=list, blank=True, help_text="URLs of the sources of the record")
    phase_reason = models.TextField(blank=True, help_text="why the partnership was last suspended or closed")
    phase_before_suspension = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Party(models.Model):
    """A party to a partnership: the EU, a Member State, a partner country or an organisation."""

    class Kind(models.TextChoices):
        EU = "eu", "European Union"
        MEMBER_STATE = "member_state", "EU Member State"
        PARTNER_COUNTRY = "partner_country", "Partner country"
        ORGANISATION = "organisation", "Organisation"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="parties")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    country = models.ForeignKey("geo.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("access.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    name = models.CharField(max_length=200, help_text="as the source names the party")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "order"]
        verbose_name_plural = "parties"

    def __str__(self):
        return self.name


class Fact(models.Model):
    """One sourced fact of a partnership record (a key term, event, money item, actor, controversy, date …).

    Kept with its source URLs and, where the compiler could not verify it, an "uncertain" flag and a note, so
    pages show each fact with where it was read.
    """

    class Kind(models.TextChoices):
        DATE = "date", "Key date"
        STATUS = "status", "Status"
        KEY_TERM = "key_term", "Key term"
        EVENT = "event", "Event"
        MONEY = "money", "Money"
        ACTOR = "actor", "Implementing actor"
        CONTROVERSY = "controversy", "Controversy"
        AGREEMENT = "agreement", "Country agreement"
        CONTEXT = "context", "Context"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="facts")
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    label = models.CharField(max_length=120, blank=True, help_text="e.g. which date, which country")
    text = models.TextField(blank=True)
    date = models.CharField(max_length=10, blank=True, validators=[validate_partial_date], help_text=PARTIAL_DATE_HELP)
    amount = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    sources = models.JSONField(default=list, blank=True)
    uncertain = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True, help_text="further fields of the source record")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "kind", "order"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60] or self.label}"


class TransitionRequest(models.Model):
    """A request to move a partnership to another phase; someone else approves it (four eyes)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="transition_requests")
    from_phase = models.CharField(max_length=16, choices=Partnership.Phase.choices)
    to_phase = models.CharField(max_length=16, choices=Partnership.Phase.choices)
    reason = models.TextField()
    requested_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey("access.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership"], condition=models.Q(status="pending"),
                                    name="one_pending_transition_per_partnership"),
        ]

    def __str__(self):
        return f"{self.partnership}: {self.get_from_phase_display()} → {self.get_to_phase_display()}"


class RoleAssignment(models.Model):
    """Who does what in which phase of a partnership. No organisation = an open need (matched with offers)."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        IMPLEMENTING = "implementing", "Implementing"
        FUNDING = "funding", "Funding"
        EXPERTISE = "expertise", "Expertise"
        MONITORING = "monitoring", "Monitoring"

    class Where(models.TextChoices):
        MEMBER_STATES = "member_states", "In or from EU Member States"
        THIRD_COUNTRIES = "third_countries", "In or between third countries"
        EU_LEVEL = "eu_level", "At EU level"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="roles")
    organisation = models.ForeignKey("access.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="partnership_roles", help_text="empty for an open need")
    phase = models.CharField(max_length=16, choices=Partnership.Phase.choices[:4])
    role = models.CharField(max_length=16, choices=Role.choices)
    function = models.ForeignKey("actors.Function", on_delete=models.PROTECT, related_name="role_assignments")
    where = models.CharField("where the function is carried out", max_length=16, choices=Where.choices,
                             default=Where.THIRD_COUNTRIES)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey("access.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "phase", "role", "id"]

    def __str__(self):
        who = self.organisation or "open need"
        return f"{who}: {self.get_role_display()} — {self.function} ({self.get_phase_display()})"


class Document(Classified):
    """A document attached to a partnership; its versions keep the history. Served only through a checked view."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def current_version(self):
        versions = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if versions is not None:
            return max(versions, key=lambda v: v.number, default=None)
        return self.versions.order_by("-number").first()


def _document_path(instance, filename):
    return f"partnerships/{instance.document.partnership_id}/{instance.document_id}/v{instance.number}/{filename}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=_document_path, max_length=400)
    file_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=120, blank=True)
    note = models.TextField(blank=True)
    uploaded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_document_version_number")]

    def __str__(self):
        return f"{self.document} v{self.number}"


class ResultIndicator(models.Model):
    """An indicator of a partnership's results framework; values are reported per period."""

    class Measure(models.TextChoices):
        COUNT = "count", "Count in the period"
        CUMULATIVE = "cumulative", "Cumulative count (to date)"
        RATIO = "ratio", "Ratio (numerator / denominator)"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="indicators")
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=80, help_text="e.g. people, officers trained, %")
    measure = models.CharField(max_length=12, choices=Measure.choices, default=Measure.COUNT)
    numerator_label = models.CharField(max_length=200, blank=True)
    denominator_label = models.CharField(max_length=200, blank=True)
    beneficiary_group = models.SlugField(
        max_length=80, blank=True,
        help_text="what is counted, the same slug across partnerships (e.g. returnees-reintegrated); used to roll "
                  "up and to flag possible double counting on a route")
    baseline_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    target_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    disaggregation = models.JSONField(default=list, blank=True, help_text="dimensions: sex, age_group, country")
    plausibility_max = models.DecimalField(
        max_digits=18, decimal_places=4, null=True, blank=True,
        help_text="values above this are flagged as implausible (default: twice the target)")
    series = models.ForeignKey("indicators.Series", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", help_text="statistical series the indicator relates to")
    created_by = models.ForeignKey("access.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    DIMENSIONS = ("sex", "age_group", "country")

    class Meta:
        ordering = ["partnership", "name"]

    def __str__(self):
        return self.name


class ResultValue(models.Model):
    class Status(models.TextChoices):
        REPORTED = "reported", "Reported"
        VERIFIED = "verified", "Verified (locked)"
        DISPUTED = "disputed", "Disputed"

    indicator = models.ForeignKey(ResultIndicator, on_delete=models.PROTECT, related_name="values")
    period = models.CharField(max_length=10, help_text="YYYY, YYYY-Qn or YYYY-MM")
    period_start = models.DateField(db_index=True)
    period_end = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    breakdown = models.JSONField(default=dict, blank=True, help_text="{dimension: {category: value}}")
    evidence = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REPORTED)
    verified_by = models.ForeignKey("access.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(blank=True, help_text="why disputed or unlocked")

    class Meta:
        ordering = ["indicator", "period_start"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="one_value_per_indicator_period")]

    def __str__(self):
        return f"{self.indicator} {self.period}"

    @property
    def locked(self):
        return self.status == self.Status.VERIFIED
