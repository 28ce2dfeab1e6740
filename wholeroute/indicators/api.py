"""Statistics over the API: datasets, series with filters, observations with paging."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
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
    dataset: str
    key: str
    dimensions: dict


class ObservationOut(Schema):
    period: str
    period_start: datetime.date
    value: float | None
    flags: str
    file: str
    vintage: str


@router.get("/datasets", response=list[DatasetOut])
def datasets(request):
    return [{"code": d.code, "title": d.title, "unit": d.unit, "frequency": d.frequency, "publisher": d.source.publisher}
            for d in Dataset.objects.visible_to(request.user).select_related("source")]


@router.get("/series", response=list[SeriesOut])
@paginate(LimitOffsetPagination)
def series(request, dataset: str | None = None, citizenship: str | None = None, reporting_country: str | None = None,
           route: str | None = None):
    qs = Series.objects.filter(dataset__in=Dataset.objects.visible_to(request.user)).select_related("dataset")
    if dataset:
        qs = qs.filter(dataset__code=dataset)
    if citizenship:
        qs = qs.filter(citizenship__code=citizenship.upper())
    if reporting_country:
        qs = qs.filter(reporting_country__code=reporting_country.upper())
    if route:
        qs = qs.filter(route__slug=route)
    return [{"id": s.pk, "dataset": s.dataset.code, "key": s.key, "dimensions": s.dimensions} for s in qs.order_by("pk")]


@router.get("/series/{series_id}/observations", response=list[ObservationOut])
@paginate(LimitOffsetPagination)
def observations(request, series_id: int, start: str | None = None, end: str | None = None):
    obj = get_object_or_404(Series.objects.select_related("dataset"), pk=series_id)
    policy.require_view(request.user, obj.dataset)
    qs = obj.observations.select_related("import_run").order_by("period_start")
    if start:
        qs = qs.filter(period__gte=start)
    if end:
        qs = qs.filter(period__lte=end)
    return [{"period": o.period, "period_start": o.period_start, "value": o.value, "flags": o.flags,
             "file": o.import_run.file_name, "vintage": o.import_run.vintage} for o in qs]
