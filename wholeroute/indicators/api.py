"""Statistics over the API: datasets, series with filters, observations with paging."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from wholeroute.access import policy
from wholeroute.indicators.models import Dataset, Series

router = Router(tags=["statistics"])


class DatasetOut(Schema):
    code: str
    title: str
    unit: str
    frequency: str
    publisher: str


class SeriesOut(Schema):
    id: int
    dataset: str = Field(..., alias="dataset.code")
    key: str
    dimensions: dict


class ObservationOut(Schema):
    period: str
    period_start: datetime.date
    value: float | None
    flags: str
    file: str = Field(..., alias="import_run.file_name")
    vintage: str = Field(..., alias="import_run.vintage")


@router.get("/datasets", response=list[DatasetOut])
def datasets(request):
    return [{"code": d.code, "title": d.title, "unit": d.unit, "frequency": d.frequency, "publisher": d.source.publisher}
            for d in Dataset.objects.visible_to(request.user).select_related("source")]


@router.get("/series", response=list[SeriesOut])
@paginate(LimitOffsetPagination)
def series(request, dataset: str | None = None, citizenship: str | None = None, reporting_country: str | None = None,
           route: str | None = None, dimension: list[str] = Query(default=[],  # noqa: B008 (ninja's idiom)
                                                                   description="name=value, repeatable (sex=T)")):
    """Series of the datasets the user may see; paged in the database (limit, offset)."""
    qs = Series.objects.filter(dataset__in=Dataset.objects.visible_to(request.user)).select_related("dataset")
    if dataset:
        qs = qs.filter(dataset__code=dataset)
    if citizenship:
        qs = qs.filter(citizenship__code=citizenship.upper())
    if reporting_country:
        qs = qs.filter(reporting_country__code=reporting_country.upper())
    if route:
        qs = qs.filter(route__slug=route)
    for condition in dimension:
        name, _, value = condition.partition("=")
        if not name.isidentifier() or not value:
            raise ValidationError({"dimension": f"expected name=value, found {condition!r}"})
        qs = qs.filter(**{f"dimensions__{name}": value})
    return qs.order_by("pk")


@router.get("/series/{series_id}/observations", response=list[ObservationOut])
@paginate(LimitOffsetPagination)
def observations(request, series_id: int, start: str | None = None, end: str | None = None):
    """Observations of one series (period filters on YYYY, YYYY-Qn, YYYY-MM), each with its file and vintage."""
    obj = get_object_or_404(Series.objects.select_related("dataset"), pk=series_id)
    policy.require_view(request.user, obj.dataset)
    qs = obj.observations.select_related("import_run").order_by("period_start")
    if start:
        qs = qs.filter(period__gte=start)
    if end:
        qs = qs.filter(period__lte=end)
    return qs
