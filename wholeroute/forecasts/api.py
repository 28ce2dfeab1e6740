"""Forecasts and alerts over the API (read only; same access as the pages)."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from wholeroute.access import policy
from wholeroute.forecasts import actions
from wholeroute.forecasts.models import Alert, Forecast

router = Router(tags=["forecasts"])


class PointOut(Schema):
    period_start: datetime.date
    mean: float
    lo80: float
    hi80: float
    lo95: float
    hi95: float


class ForecastOut(Schema):
    id: int
    target: str
    label: str
    dataset: str
    model: str
    category: str
    train_start: datetime.date
    train_end: datetime.date
    vintages: list[str]
    origins: int
    mase: float | None
    smape: float | None
    coverage80: float | None
    coverage95: float | None
    relative_mase: float | None
    classification: str
    points: list[PointOut]


class AlertOut(Schema):
    id: int
    rule: str
    target: str
    label: str
    period_start: datetime.date
    message: str
    status: str
    classification: str


class Paging(Schema):
    route: str | None = Field(None, description="route slug")
    citizenship: str | None = Field(None, description="ISO alpha-2 code")
    dataset: str | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


def _out(f):
    return {"id": f.pk, "target": f.target, "label": f.label, "dataset": f.dataset.code, "model": f.model,
            "category": f.category, "train_start": f.train_start, "train_end": f.train_end, "vintages": f.vintages,
            "origins": f.origins, "mase": f.mase, "smape": f.smape, "coverage80": f.coverage80,
            "coverage95": f.coverage95, "relative_mase": f.relative_mase, "classification": f.classification,
            "points": list(f.points.all())}


@router.get("/", response=list[ForecastOut], summary="Latest forecast of each target the caller may see")
def forecasts(request, filters: Query[Paging]):
    qs = actions.latest_forecasts(Forecast.objects.visible_to(request.user)).select_related("dataset")
    if filters.route:
        qs = qs.filter(route__slug=filters.route)
    if filters.citizenship:
        qs = qs.filter(citizenship__code=filters.citizenship.upper())
    if filters.dataset:
        qs = qs.filter(dataset__code=filters.dataset)
    qs = qs.prefetch_related("points").order_by("target")
    return [_out(f) for f in qs[filters.offset:filters.offset + filters.limit]]


@router.get("/{int:forecast_id}", response=ForecastOut)
def forecast(request, forecast_id: int):
    f = get_object_or_404(Forecast.objects.select_related("dataset"), pk=forecast_id)
    if not policy.can_view(request.user, f):
        raise Http404
    return _out(f)


@router.get("/alerts", response=list[AlertOut], summary="Alerts the caller may see, newest first")
def alerts(request, status: str | None = None, limit: int = Query(50, ge=1, le=500),  # noqa: B008
           offset: int = Query(0, ge=0, le=10**9)):  # noqa: B008
    qs = Alert.objects.visible_to(request.user).select_related("rule")
    if status:
        qs = qs.filter(status=status)
    return [{"id": a.pk, "rule": a.rule.code, "target": a.target, "label": a.label, "period_start": a.period_start,
             "message": a.message, "status": a.status, "classification": a.classification}
            for a in qs[offset:offset + limit]]
