"""Money for migration partnerships: instruments, envelopes, commitments and disbursements, the funding
guidelines as data, and the funded actions imported from the EUTF tables and IATI files.

Amounts are Decimals with a currency. An amount in another currency than EUR keeps the original amount and the
rate used (its date and source); the rate is entered by a user or taken from an `ExchangeRate` record, never
invented.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from wholeroute.access.models import Classified

MONEY = {"max_digits": 20, "decimal_places": 2}
RATE = {"max_digits": 18, "decimal_places": 8}


class Instrument(Classified):
    """A funding instrument: an EU programme, a trust fund, a facility, a budget heading or a national budget."""

    class Kind(models.TextChoices):
        EU_PROGRAMME = "eu_programme", "EU external-action instrument"
        HOME_AFFAIRS_FUND = "home_affairs_fund", "EU home-affairs fund"
        TRUST_FUND = "trust_fund", "EU trust fund"
        FACILITY = "facility", "Facility"
        BUDGET_HEADING = "budget_heading", "EU budget heading or reinforcement"
        SOLIDARITY = "solidarity", "Solidarity mechanism"
        INVESTMENT_PACKAGE = "investment_package", "Investment package"
        PROPOSAL = "proposal", "Proposed instrument (not adopted)"
        NATIONAL = "national", "National budget"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=24, choices=Kind.choices)
    legal_basis = models.CharField(max_length=300, blank=True)
    legal_basis_source = models.URLField(max_length=500, blank=True)
    period = models.CharField(max_length=120, blank=True, help_text="as the source states it")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    objectives = models.TextField(blank=True)
    objectives_source = models.URLField(max_length=500, blank=True)
    sources = models.JSONField(default=list, blank=True)
    # Targets the tracker measures against; each with its source and an uncertain flag.
    migration_target_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    migration_target_text = models.TextField(blank=True)
    migration_target_source = models.URLField(max_length=500, blank=True)
    migration_target_uncertain = models.BooleanField(default=False)
    oda_target_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    oda_target_text = models.TextField(blank=True)
    oda_target_source = models.CharField(max_length=500, blank=True)
    oda_target_uncertain = models.BooleanField(default=False)
    approval_threshold = models.DecimalField(
        "four-eyes threshold (EUR)", **MONEY, default=Decimal("1000000"),
        help_text="commitments above this amount in EUR count only after a second person approves them")
    uncertain = models.BooleanField(default=False)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class Envelope(Classified):
    """An amount set aside under an instrument for a programme or window, a region or country and a period."""

    registry_id = models.SlugField(max_length=80, unique=True, null=True, blank=True)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="envelopes")
    name = models.CharField(max_length=300)
    programme = models.CharField("programme or window", max_length=300, blank=True)
    region = models.CharField(max_length=500, blank=True)
    countries = models.ManyToManyField("geo.Country", blank=True, related_name="funding_envelopes")
    period = models.CharField(max_length=120, blank=True)
    amount = models.DecimalField(**MONEY, null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    price_basis = models.CharField(max_length=60, blank=True, help_text="current prices, 2018 prices …")
    covers = models.TextField(blank=True, help_text="what the headline amount covers, as the source says")
    amount_source = models.URLField(max_length=500, blank=True)
    amount_uncertain = models.BooleanField(default=False)
    sources = models.JSONField(default=list, blank=True)
    dates = models.JSONField(default=list, blank=True, help_text="dated events with their sources")
    related_records = models.JSONField(default=list, blank=True)
    details = models.JSONField(default=dict, blank=True, help_text="further sourced fields of the registry record")
    uncertain = models.BooleanField(default=False)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["instrument__name", "name"]

    def __str__(self):
        return self.name


class EnvelopeFigure(models.Model):
    """One sourced amount of an envelope (a breakdown line). Shares the envelope's access."""

    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="figures")
    order = models.PositiveSmallIntegerField(default=0)
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, default="EUR")
    price_basis = models.CharField(max_length=60, blank=True)
    covers = models.TextField(blank=True)
    source = models.URLField(max_length=500, blank=True)
    uncertain = models.BooleanField(default=False)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["envelope", "order"]
        constraints = [models.UniqueConstraint(fields=["envelope", "order"], name="one_figure_per_order")]

    def __str__(self):
        return f"{self.amount:,} {self.currency} — {self.covers[:60]}"


class ExchangeRate(Classified):
    """A rate a user entered or read in a record: 1 unit of `currency` = `eur_per_unit` EUR on `on_date`."""

    currency = models.CharField(max_length=3)
    on_date = models.DateField()
    eur_per_unit = models.DecimalField(**RATE)
    source = models.CharField(max_length=500, help_text="where the rate was read (URL or reference)")

    class Meta:
        ordering = ["currency", "-on_date"]
        constraints = [models.UniqueConstraint(fields=["currency", "on_date", "source"], name="one_rate_per_source")]

    def __str__(self):
        return f"1 {self.currency} = {self.eur_per_unit} EUR on {self.on_date}"


class Money(models.Model):
    """Amount, currency and, outside EUR, the rate used with its date and source."""

    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, default="EUR")
    eur_per_unit = models.DecimalField("rate (EUR per unit)", **RATE, null=True, blank=True)
    rate_date = models.DateField(null=True, blank=True)
    rate_source = models.CharField(max_length=500, blank=True)
    rate_record = models.ForeignKey(ExchangeRate, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount_eur = models.DecimalField("amount in EUR", **MONEY)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": "The amount must be greater than zero."})
        if self.currency != "EUR" and (self.eur_per_unit is None or not self.rate_date or not self.rate_source):
            raise ValidationError({"eur_per_unit": f"An amount in {self.currency} needs the rate used, its date and "
                                                   "its source (entered, or taken from a recorded rate)."})


class Commitment(Classified, Money):
    """Money from an envelope committed to a partnership or a funded action."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting approval"
        APPROVED = "approved", "Approved (counts)"
        REJECTED = "rejected", "Rejected"
        CANCELLED = "cancelled", "Cancelled"

    class Channel(models.TextChoices):
        DIRECT = "direct", "Direct management (grants, procurement)"
        INDIRECT_MS = "indirect_member_state", "Indirect management by a Member State agency"
        INDIRECT_IO = "indirect_international", "Indirect management by an international organisation"
        BUDGET_SUPPORT = "budget_support", "Budget support"
        TRUST_FUND = "trust_fund", "Trust fund"
        BLENDING = "blending", "Blending or guarantee"
        NATIONAL = "national", "National budget"

    class Oda(models.TextChoices):
        YES = "yes", "ODA-eligible"
        NO = "no", "Not ODA-eligible"
        UNKNOWN = "unknown", "Not known"

    class Marker(models.TextChoices):
        PRINCIPAL = "2", "Principal objective"
        SIGNIFICANT = "1", "Significant objective"
        NOT_TARGETED = "0", "Not targeted"
        UNKNOWN = "", "Not known"

    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="commitments")
    partnership = models.ForeignKey("partnerships.Partnership", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="funding_commitments")
    action = models.ForeignKey("funding.FundedAction", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="commitments")
    title = models.CharField(max_length=300)
    implementing_organisation = models.ForeignKey("access.Organisation", null=True, blank=True,
                                                  on_delete=models.PROTECT, related_name="+")
    implementer_name = models.CharField(max_length=300, blank=True, help_text="when not a wholeroute organisation")
    channel = models.CharField(max_length=24, choices=Channel.choices)
    committed_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    solution_types = models.JSONField(default=list, blank=True, help_text="solution type codes the money funds")
    purpose_code = models.CharField("DAC purpose code", max_length=5, blank=True,
                                    help_text="e.g. 15190 facilitation of orderly, safe, regular migration")
    migration_marker = models.CharField(max_length=1, choices=Marker.choices, blank=True, default="")
    oda_eligible = models.CharField("ODA-eligible", max_length=8, choices=Oda.choices, default=Oda.UNKNOWN)
    guideline_check = models.JSONField(default=dict, blank=True, help_text="the guideline check on recording")
    approved_by = models.ForeignKey("access.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-committed_on", "-id"]
        constraints = [models.CheckConstraint(
            condition=models.Q(partnership__isnull=False) | models.Q(action__isnull=False),
            name="commitment_funds_a_partnership_or_action")]

    def __str__(self):
        return f"{self.title} ({self.amount:,} {self.currency})"

    @property
    def counts(self):
        return self.status == self.Status.APPROVED and self.withdrawn_at is None

    @property
    def migration_relevant(self):
        return self.purpose_code == "15190" or self.migration_marker in ("1", "2")


class Disbursement(Classified, Money):
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="disbursements")
    disbursed_on = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["commitment", "disbursed_on", "id"]

    def __str__(self):
        return f"{self.amount:,} {self.currency} on {self.disbursed_on}"


class FundingRule(Classified):
    """One version of a funding guideline: instrument × solution type → eligible / conditional / not eligible.

    Editing a rule adds a new version (same `key`, `version` + 1) and marks the old one not current; only current
    versions in force on a date (`valid_from` … `valid_to`) are applied.
    """

    class Outcome(models.TextChoices):
        ELIGIBLE = "eligible", "Eligible"
        CONDITIONAL = "conditional", "Conditional"
        NOT_ELIGIBLE = "not_eligible", "Not eligible"

    key = models.SlugField(max_length=80)
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True, db_index=True)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="rules")
    solution_types = models.JSONField(default=list, blank=True,
                                      help_text="solution type codes the rule covers; empty = every solution type")
    outcome = models.CharField(max_length=14, choices=Outcome.choices)
    title = models.CharField(max_length=200)
    rule_text = models.TextField()
    conditions = models.TextField(blank=True, help_text="what must hold for a conditional outcome")
    legal_source = models.CharField(max_length=300, blank=True, help_text="e.g. Regulation (EU) 2021/947")
    source_url = models.URLField(max_length=500, blank=True)
    source_date = models.DateField(null=True, blank=True, help_text="date of the source or the legal act")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    uncertain = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    change_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["instrument__name", "key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="one_rule_version"),
            models.UniqueConstraint(fields=["key"], condition=models.Q(is_current=True), name="one_current_rule"),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def in_force(self, on_date) -> bool:
        return (self.valid_from is None or self.valid_from <= on_date) and (
            self.valid_to is None or on_date <= self.valid_to)

    def covers(self, solution_types) -> bool:
        return not self.solution_types or bool(set(self.solution_types) & set(solution_types))


class FundedAction(Classified):
    """An action (IATI activity) that receives money: imported from the EUTF tables or an IATI file."""

    class Source(models.TextChoices):
        EUTF = "eutf", "EUTF Africa tables (Akvo RSR, IATI-derived)"
        IATI = "iati", "IATI 2.03 XML file"
        MANUAL = "manual", "Entered in wholeroute"

    source = models.CharField(max_length=8, choices=Source.choices)
    source_key = models.CharField(max_length=200, unique=True,
                                  help_text="where the record came from: file and row, or the IATI identifier")
    iati_identifier = models.CharField(max_length=200, blank=True, db_index=True)
    instrument = models.ForeignKey(Instrument, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="actions")
    prefix = models.CharField(max_length=8, blank=True, help_text="EUTF: CTR contract, DEC decision")
    title = models.TextField(blank=True)
    description = models.TextField(blank=True)
    reporting_org_ref = models.CharField(max_length=100, blank=True)
    reporting_org_name = models.CharField(max_length=300, blank=True)
    activity_status = models.CharField(max_length=2, blank=True, help_text="IATI ActivityStatus code")
    date_start = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    budget = models.DecimalField(**MONEY, null=True, blank=True, help_text="empty when the source gives none")
    currency = models.CharField(max_length=3, default="EUR")
    topics = models.JSONField(default=list, blank=True, help_text="EUTF thematic codes TFP.1–TFP.4")
    sectors = models.JSONField(default=list, blank=True,
                               help_text='[{"code": "15190", "vocabulary": "1", "percentage": 100}]')
    migration_marker = models.CharField(max_length=1, blank=True, help_text="empty when not published")
    location = models.TextField(blank=True)
    links = models.JSONField(default=list, blank=True)
    parent_identifier = models.CharField(max_length=200, blank=True)
    related_identifiers = models.JSONField(default=dict, blank=True)
    countries = models.ManyToManyField("geo.Country", through="ActionCountry", related_name="funded_actions")
    content_sha256 = models.CharField(max_length=64, blank=True, help_text="hash of the imported content")

    class Meta:
        ordering = ["iati_identifier", "id"]

    def __str__(self):
        return self.iati_identifier or (self.title[:80] if self.title else f"action {self.pk}")

    @property
    def purpose_codes(self):
        return [s["code"] for s in self.sectors if s.get("vocabulary", "1") in ("1", "2")]


class ActionCountry(models.Model):
    action = models.ForeignKey(FundedAction, on_delete=models.PROTECT, related_name="recipients")
    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    percentage = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    budget = models.DecimalField(**MONEY, null=True, blank=True)

    class Meta:
        ordering = ["action", "country__name"]
        constraints = [models.UniqueConstraint(fields=["action", "country"], name="one_recipient_per_action")]

    def __str__(self):
        return f"{self.action} → {self.country}"


class ActionParticipant(models.Model):
    class Role(models.TextChoices):
        FUNDING = "1", "Funding"
        ACCOUNTABLE = "2", "Accountable"
        EXTENDING = "3", "Extending"
        IMPLEMENTING = "4", "Implementing"

    action = models.ForeignKey(FundedAction, on_delete=models.PROTECT, related_name="participants")
    role = models.CharField(max_length=1, choices=Role.choices)
    name = models.CharField(max_length=300)
    ref = models.CharField(max_length=100, blank=True)
    org_type = models.CharField(max_length=3, blank=True, help_text="IATI OrganisationType code")
    organisation = models.ForeignKey("access.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", help_text="the wholeroute organisation of that name")

    class Meta:
        ordering = ["action", "role", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class ActionResult(models.Model):
    """A results indicator of an action. Empty published figures stay empty (None), never zero."""

    action = models.ForeignKey(FundedAction, on_delete=models.PROTECT, related_name="results")
    result_type = models.CharField(max_length=1000, blank=True)
    title = models.TextField()
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    baseline = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    target = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    actual = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    target_text = models.CharField(max_length=200, blank=True, help_text="the target as published (e.g. '80%')")
    actual_text = models.CharField(max_length=200, blank=True, help_text="the actual value as published")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["action", "order"]

    def __str__(self):
        return self.title[:80]


class ActionTransaction(models.Model):
    """An IATI transaction of an imported action (commitment, disbursement, expenditure …)."""

    action = models.ForeignKey(FundedAction, on_delete=models.PROTECT, related_name="transactions")
    transaction_type = models.CharField(max_length=2, help_text="IATI TransactionType code")
    date = models.DateField()
    value = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, default="EUR")
    value_date = models.DateField()
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["action", "date", "id"]

    def __str__(self):
        return f"{self.transaction_type}: {self.value} {self.currency} on {self.date}"


class ImportRun(models.Model):
    """One import of EUTF tables or an IATI file: what was read, written, skipped, and every error."""

    class Status(models.TextChoices):
        DONE = "done", "Done"
        FAILED = "failed", "Failed (nothing written)"

    kind = models.CharField(max_length=8, choices=FundedAction.Source.choices)
    file_name = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    started_by = models.ForeignKey("access.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} import of {self.file_name} ({self.get_status_display()})"
