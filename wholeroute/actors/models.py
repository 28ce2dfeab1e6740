"""What organisations may legally do (mandates as data), and which expertise they offer."""

from django.db import models

from wholeroute.access.models import Classified


class Function(models.Model):
    """A function from the mandate vocabulary (same code = same function across organisations)."""

    code = models.SlugField(max_length=80, unique=True)
    description = models.TextField()
    is_limit = models.BooleanField(default=False, help_text="used only to describe what an organisation may not do")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.code.replace("_", " ").capitalize()


class MandateHolder(models.Model):
    """An organisation (or a family such as 'EU institutions', 'Member States') whose mandate is recorded.

    Organisations are matched by an explicit link first, otherwise by their kind (a ministry acts under the
    Member States' mandate; Commission services and the EEAS under the EU institutions').
    """

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40)
    organisations = models.ManyToManyField("access.Organisation", blank=True, related_name="mandate_holders")
    organisation_kinds = models.JSONField(default=list, blank=True,
                                          help_text="organisation kinds that act under this mandate")
    constituent_instruments = models.JSONField(default=list, blank=True)
    general_limits = models.JSONField(default=list, blank=True)
    pending_changes = models.JSONField(default=list, blank=True)
    compiled = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MandateEntry(models.Model):
    """A function the holder may perform (permitted) or may not (excluded), with legal basis and source."""

    holder = models.ForeignKey(MandateHolder, on_delete=models.PROTECT, related_name="entries")
    function = models.ForeignKey(Function, on_delete=models.PROTECT, related_name="mandate_entries")
    permitted = models.BooleanField()
    legal_basis = models.TextField(blank=True)
    geographic_scope = models.CharField(max_length=40, blank=True)
    text = models.TextField(blank=True, help_text="conditions (permitted) or reason (excluded)")
    source = models.URLField(max_length=500, blank=True)
    also_seen = models.JSONField(default=list, blank=True)
    uncertain = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["holder", "-permitted", "order"]
        constraints = [models.UniqueConstraint(fields=["holder", "function", "permitted"], name="one_mandate_entry")]
        verbose_name_plural = "mandate entries"

    def __str__(self):
        return f"{self.holder.code}: {'may' if self.permitted else 'may not'} {self.function.code}"


class CapacityOffer(Classified):
    """Expertise an organisation offers for a phase and region, matched against open role needs."""

    function = models.ForeignKey(Function, on_delete=models.PROTECT, related_name="offers")
    phase = models.CharField(max_length=16, choices=[
        ("exploration", "Exploration"), ("design", "Design"), ("implementation", "Implementation"),
        ("monitoring", "Monitoring")])
    expertise = models.TextField(help_text="what is offered (people, skills, equipment)")
    countries = models.ManyToManyField("geo.Country", blank=True, related_name="+",
                                       help_text="countries where the offer applies (empty: anywhere)")
    routes = models.ManyToManyField("geo.Route", blank=True, related_name="+")
    available_from = models.DateField(null=True, blank=True)
    available_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["function__code", "phase"]

    def __str__(self):
        return f"{self.owner}: {self.function} ({self.phase})"
