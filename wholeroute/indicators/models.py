"""Official migration statistics with provenance: Source → Dataset → Series → Observation, and ImportRun."""

from django.db import models
from django.utils import timezone

from wholeroute.access.models import Classified


class Source(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    publisher = models.CharField(max_length=200)
    licence = models.CharField(max_length=300, blank=True)
    citation = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)

    def __str__(self):
        return self.publisher


class Dataset(Classified):
    class Frequency(models.TextChoices):
        MONTHLY = "M", "Monthly"
        QUARTERLY = "Q", "Quarterly"
        ANNUAL = "A", "Annual"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="datasets")
    code = models.CharField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    unit = models.CharField(max_length=80, blank=True)
    frequency = models.CharField(max_length=1, choices=Frequency.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.title}"


class Series(models.Model):
    """A dataset sliced by normalised dimensions; `key` is the canonical text of `dimensions` (natural key)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="series")
    key = models.CharField(max_length=400)
    dimensions = models.JSONField(default=dict)
    reporting_country = models.ForeignKey("geo.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    citizenship = models.ForeignKey("geo.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    route = models.ForeignKey("geo.Route", null=True, blank=True, on_delete=models.PROTECT, related_name="series")
    unit = models.CharField(max_length=80, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dataset", "key"], name="series_natural_key")]
        verbose_name_plural = "series"

    def __str__(self):
        return f"{self.dataset.code} {self.key}"


class ImportRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    format = models.CharField(max_length=60)
    dataset = models.ForeignKey(Dataset, null=True, blank=True, on_delete=models.PROTECT, related_name="import_runs")
    vintage = models.CharField(max_length=40, blank=True, help_text="publisher's last-update or file date")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="percent")
    read = models.PositiveIntegerField(default=0)
    inserted = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="rows skipped by documented rules")
    errors = models.JSONField(default=list, blank=True)
    started_by = models.ForeignKey("access.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    stored_file = models.CharField(max_length=500, blank=True,
                                   help_text="where a web upload is kept (outside the web root) so a failed run can be retried")
    retry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="retries")

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.file_name} ({self.status})"


class Observation(models.Model):
    """One value of a series for one period, with its status flags and the import run that last set it."""

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="observations")
    period = models.CharField(max_length=10, help_text="YYYY, YYYY-Qn or YYYY-MM")
    period_start = models.DateField(db_index=True)
    value = models.FloatField(null=True, blank=True, help_text="empty when not available")
    flags = models.CharField(max_length=8, blank=True, help_text="publisher flags, e.g. Eurostat p, e, b, :, c")
    import_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="observations")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "period"], name="observation_natural_key")]
        ordering = ["series", "period_start"]

    def __str__(self):
        return f"{self.series} {self.period} = {self.value}"


class ObservationRevision(models.Model):
    """A value as published in an earlier vintage, kept when a newer import supersedes it."""

    observation = models.ForeignKey(Observation, on_delete=models.PROTECT, related_name="revisions")
    value = models.FloatField(null=True, blank=True)
    flags = models.CharField(max_length=8, blank=True)
    import_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="+")
    superseded_by = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="+")
    superseded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["observation", "superseded_at"]

    def __str__(self):
        return f"{self.observation} was {self.value} until import run {self.superseded_by_id}"
