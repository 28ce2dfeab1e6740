"""Forecasts of monthly statistics with their backtest, and early-warning alerts raised by rules kept as data.

A forecast's target is a dataset's series, or a sum of its series by route (and citizenship); it carries the
classification and owner of its dataset, so whoever may see the statistics may see their forecasts."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from wholeroute.access.models import Classified


class ForecastRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    datasets = models.JSONField(default=list, help_text="dataset codes forecast (empty: every monthly dataset)")
    as_of = models.DateField(null=True, blank=True, help_text="only observations up to this month were used")
    backtest = models.BooleanField(default=True)
    targets = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    alerts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"Forecast run {self.pk} ({self.status})"


class Forecast(Classified):
    run = models.ForeignKey(ForecastRun, on_delete=models.PROTECT, related_name="forecasts")
    dataset = models.ForeignKey("indicators.Dataset", on_delete=models.PROTECT, related_name="forecasts")
    series = models.ForeignKey("indicators.Series", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="forecasts", help_text="set when the target is one stored series")
    route = models.ForeignKey("geo.Route", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    citizenship = models.ForeignKey("geo.Country", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    target = models.CharField(max_length=300, db_index=True, help_text="canonical key of what is forecast")
    label = models.CharField(max_length=300)
    model = models.CharField(max_length=60)
    category = models.CharField(max_length=20, help_text="zero, short, intermittent or regular")
    params = models.JSONField(default=dict)
    train_start = models.DateField()
    train_end = models.DateField()
    vintages = models.JSONField(default=list, help_text="vintages of the import runs whose values were used")
    origins = models.PositiveSmallIntegerField(default=0, help_text="backtest origins (0: not backtested)")
    mase = models.FloatField(null=True, blank=True)
    smape = models.FloatField(null=True, blank=True)
    coverage80 = models.FloatField(null=True, blank=True)
    coverage95 = models.FloatField(null=True, blank=True)
    relative_mase = models.FloatField(null=True, blank=True, help_text="MASE ÷ MASE of SeasonalNaive")
    candidates = models.JSONField(default=dict, help_text="backtest metrics of every candidate model")

    class Meta:
        ordering = ["target", "-run_id"]
        indexes = [models.Index(fields=["target", "run"])]

    def __str__(self):
        return f"{self.label} — {self.model}"


class ForecastPoint(models.Model):
    forecast = models.ForeignKey(Forecast, on_delete=models.PROTECT, related_name="points")
    period_start = models.DateField()
    mean = models.FloatField()
    lo80 = models.FloatField()
    hi80 = models.FloatField()
    lo95 = models.FloatField()
    hi95 = models.FloatField()

    class Meta:
        ordering = ["period_start"]
        constraints = [models.UniqueConstraint(fields=["forecast", "period_start"], name="one_point_per_month")]

    def __str__(self):
        return f"{self.period_start:%Y-%m}: {self.mean:,.0f} ({self.lo95:,.0f}–{self.hi95:,.0f})"


class AlertRule(models.Model):
    class Kind(models.TextChoices):
        OUTSIDE_INTERVAL = "outside_interval", "Observed value outside the 95 % forecast interval"
        THRESHOLD = "threshold", "Forecast crosses a threshold"
        YEAR_ON_YEAR = "year_on_year", "Year-on-year change above a percentage"
        DEATH_RATE = "death_rate", "Dead and missing per 1,000 detections on a route above a rate"
        LAND_BORDER_SURGE = "land_border_surge", "Sudden rise of one citizenship on a land border"

    code = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    params = models.JSONField(default=dict)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.title


class Alert(Classified):
    class Status(models.TextChoices):
        NEW = "new", "New"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        CLOSED = "closed", "Closed"

    rule = models.ForeignKey(AlertRule, on_delete=models.PROTECT, related_name="alerts")
    dataset = models.ForeignKey("indicators.Dataset", on_delete=models.PROTECT, related_name="+")
    forecast = models.ForeignKey(Forecast, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts")
    target = models.CharField(max_length=300)
    label = models.CharField(max_length=300)
    route = models.ForeignKey("geo.Route", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    citizenship = models.ForeignKey("geo.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    message = models.TextField()
    evidence = models.JSONField(default=dict, help_text="the figures behind the alert, for its chart and table")
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.NEW)
    handled_by = models.ForeignKey("access.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", help_text="the organisation that acknowledged it")
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-period_start", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["rule", "target", "period_start"], name="one_alert_per_event")]

    def __str__(self):
        return f"{self.rule.title}: {self.label} ({self.period_start:%Y-%m})"


class Subscription(models.Model):
    """A user's wish to be e-mailed about new alerts on a route or concerning a country (as citizenship)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alert_subscriptions")
    route = models.ForeignKey("geo.Route", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    country = models.ForeignKey("geo.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(route__isnull=False) | models.Q(country__isnull=False),
                                              name="subscription_has_a_subject")]

    def __str__(self):
        return f"{self.user} → {self.route or self.country}"
