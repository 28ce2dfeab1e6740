"""A briefing pack generated in the background for one reader, with the file and the inputs it was made from."""

from django.db import models

from wholeroute.access.models import Classified


def _pack_path(instance, filename):
    # MEDIA_ROOT is outside the web root and never served directly: downloads go through reports:pack_download.
    return f"packs/{instance.requested_by_id}/{instance.pk}/{filename}"


class Pack(Classified):
    """Owned by the requester's organisation; only the requester downloads it (it holds what *they* may see).

    `classification` is LIMITED while queued and becomes the highest classification of what the file holds.
    `inputs` records what it was built from — the statistics import runs (file, sha256, vintage), the classified
    records included with their `updated_at`, the public flag — and `snapshot` the assembled sections, so
    "Regenerate" renders the same content again and can say whether the data has changed since."""

    class Kind(models.TextChoices):
        COUNTRY = "country", "Country fiche"
        ROUTE = "route", "Route fiche"
        EVENT = "event", "Event briefing pack"

    class Format(models.TextChoices):
        HTML = "html", "HTML"
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=60, help_text="country code, route slug or event number")
    format = models.CharField(max_length=5, choices=Format.choices)
    public_only = models.BooleanField(default=False, help_text="PUBLIC records only")
    requested_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="percent")
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=400, blank=True)
    file = models.FileField(upload_to=_pack_path, max_length=400, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    inputs = models.JSONField(default=dict, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    regenerated_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="regenerations")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key} ({self.format})"

    @property
    def file_name(self):
        return f"{self.kind}-{self.key}-{self.classification.lower()}.{self.format}"
