"""What is forecast, read from the statistics: monthly frames (unique_id, ds, y) keyed by a target.

Frontex detections are forecast per route and per route × citizenship (summing border types); IOM dead and
missing per route; any other monthly dataset per stored series. Sums are taken only over dimensions that
partition the data (Frontex and IOM publish no totals beside their breakdowns), so nothing is counted twice."""

from dataclasses import dataclass

import pandas as pd
from django.db.models import Sum

from wholeroute.indicators.models import Dataset, ImportRun, Observation

# dataset code → the groupings forecast; datasets not listed are forecast series by series
GROUPINGS = {
    "frontex_ibc": (("route",), ("route", "citizenship")),
    "iom_mmp_dead_missing": (("route",),),
}


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    dataset_id: int
    series_id: int | None = None
    route_id: int | None = None
    citizenship_id: int | None = None


def parse_key(key: str) -> dict:
    """The parts of a target key: {"dataset": code, "route": slug, "citizenship": code} or {…, "series": id}."""
    dataset, *parts = key.split("|")
    return {"dataset": dataset, **dict(part.split("=", 1) for part in parts if "=" in part)}


def monthly_datasets(codes=None):
    datasets = Dataset.objects.filter(frequency=Dataset.Frequency.MONTHLY, withdrawn_at__isnull=True)
    if codes:
        datasets = datasets.filter(code__in=codes)
    return datasets.order_by("code")


def frames(dataset, *, as_of=None, limit=None, only=None, routes_only=False):
    """(targets by key, frame, vintages) for one monthly dataset; `as_of` keeps observations up to that month."""
    from wholeroute.geo.models import Country, Route

    observations = Observation.objects.filter(series__dataset=dataset, value__isnull=False)
    if as_of:
        observations = observations.filter(period_start__lte=as_of)
    vintages = sorted(set(ImportRun.objects.filter(pk__in=observations.values("import_run").distinct())
                          .values_list("vintage", flat=True)) - {""})
    targets, parts = {}, []
    groupings = GROUPINGS.get(dataset.code, (("series",),))
    if routes_only:
        groupings = tuple(g for g in groupings if g == ("route",))
    routes = {r.pk: r for r in Route.objects.all()}
    countries = {c.pk: c for c in Country.objects.all()}
    for grouping in groupings:
        columns = ["series" if name == "series" else f"series__{name}" for name in grouping]
        rows = (observations.exclude(**{f"{c}__isnull": True for c in columns}).values(*columns, "period_start")
                .annotate(y=Sum("value")).order_by(*columns, "period_start"))
        frame = pd.DataFrame.from_records(rows.values_list(*columns, "period_start", "y"),
                                          columns=[*grouping, "ds", "y"])
        if frame.empty:
            continue
        for ids, _ in frame.groupby(list(grouping), sort=True):
            ids = dict(zip(grouping, ids if isinstance(ids, tuple) else (ids,), strict=True))
            route, citizenship = routes.get(ids.get("route")), countries.get(ids.get("citizenship"))
            if "series" in ids:
                key, label = f"{dataset.code}|series={ids['series']}", None
            else:
                key = f"{dataset.code}|route={route.slug}" + (f"|citizenship={citizenship.code}" if citizenship else "")
                label = f"{dataset.title}: {route.name}" + (f", citizens of {citizenship.name}" if citizenship else "")
            targets[key] = Target(key=key, label=label or key, dataset_id=dataset.pk, series_id=ids.get("series"),
                                  route_id=route.pk if route else None,
                                  citizenship_id=citizenship.pk if citizenship else None)
        frame["unique_id"] = [
            f"{dataset.code}|series={values[0]}" if grouping == ("series",) else
            f"{dataset.code}|route={routes[values[0]].slug}" + (
                f"|citizenship={countries[values[1]].code}" if len(grouping) > 1 else "")
            for values in frame[list(grouping)].itertuples(index=False)]
        parts.append(frame[["unique_id", "ds", "y"]])
    if not parts:
        return {}, pd.DataFrame(columns=["unique_id", "ds", "y"]), vintages
    frame = pd.concat(parts, ignore_index=True)
    frame["ds"] = pd.to_datetime(frame["ds"])
    if only:
        keep = [k for k in targets if k == only]
        targets = {k: targets[k] for k in keep}
        frame = frame[frame["unique_id"].isin(keep)]
    if limit:
        keep = sorted(targets)[:limit]
        targets = {k: targets[k] for k in keep}
        frame = frame[frame["unique_id"].isin(keep)]
    _label_series(targets, dataset)
    return targets, frame, vintages


def _label_series(targets, dataset):
    from wholeroute.indicators.models import Series

    ids = [t.series_id for t in targets.values() if t.series_id]
    found = {pk: (key, route, citizenship) for pk, key, route, citizenship in Series.objects.filter(
        pk__in=ids).values_list("pk", "key", "route_id", "citizenship_id")}
    for key, target in list(targets.items()):
        if target.series_id:
            text, route, citizenship = found.get(target.series_id, (key, None, None))
            targets[key] = Target(key=key, label=f"{dataset.title}: {text}", dataset_id=target.dataset_id,
                                  series_id=target.series_id, route_id=route, citizenship_id=citizenship)
