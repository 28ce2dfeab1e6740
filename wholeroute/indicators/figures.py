"""Yearly figures from stored observations, with the vintages they come from (for sections, pages, packs)."""

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from wholeroute.indicators.models import Dataset, ImportRun, Observation


def visible_datasets(user):
    return Dataset.objects.visible_to(user)


def yearly(user, dataset_code, **series_filter):
    """{year: total} over the series of a visible dataset matching `series_filter`, plus the import runs used."""
    observations = Observation.objects.filter(series__dataset__in=visible_datasets(user).filter(code=dataset_code),
                                              value__isnull=False, **{f"series__{k}": v for k, v in series_filter.items()})
    rows = (observations.annotate(year=ExtractYear("period_start")).values("year").annotate(total=Sum("value"))
            .order_by("year"))
    runs = ImportRun.objects.filter(pk__in=observations.values("import_run").distinct())
    return {r["year"]: r["total"] for r in rows}, list(runs)


def provenance(runs) -> list[str]:
    return [f"{run.file_name} (vintage {run.vintage or 'not stated'}, import run {run.pk})" for run in runs]
