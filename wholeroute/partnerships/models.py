"""Partnerships and innovative solutions with third countries."""

from django.db import models

from wholeroute.access.models import Classified


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

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title
