"""Statistics pages: datasets, a series explorer with dimension filters, series with chart, table and CSV."""

import csv

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from wholeroute.access import policy
from wholeroute.indicators.models import Dataset, ImportRun, ObservationRevision, Series
from wholeroute.reports.fiche import Chart, Table


def _visible_runs(user) -> Q:
    """Runs of datasets the user may see; failed runs (no dataset) only for staff of participating organisations."""
    q = Q(dataset__in=Dataset.objects.visible_to(user))
    return q | Q(dataset__isnull=True) if policy.is_participant(user) else q


def datasets(request):
    return render(request, "indicators/datasets.html", {
        "datasets": Dataset.objects.visible_to(request.user).select_related("source").order_by("code"),
        "runs": ImportRun.objects.filter(_visible_runs(request.user)).order_by("-started_at")[:20],
    })


def _dataset(request, code):
    dataset = get_object_or_404(Dataset.objects.select_related("source"), code=code)
    if not policy.can_view(request.user, dataset):
        raise Http404
    return dataset


def dataset(request, code):
    dataset = _dataset(request, code)
    series = dataset.series.select_related("citizenship", "reporting_country", "route").order_by("key")
    filters = {}
    for name in ("route", "citizenship", "reporting_country"):
        value = request.GET.get(name, "").strip()
        if value:
            series = series.filter(**{f"{name}__{'slug' if name == 'route' else 'code'}": value})
            filters[name] = value
    text = request.GET.get("q", "").strip()
    if text:
        series = series.filter(key__icontains=text)
    page = Paginator(series, 50).get_page(request.GET.get("page"))
    return render(request, "indicators/dataset.html", {"dataset": dataset, "page": page, "filters": filters, "q": text})


def series(request, pk):
    obj = get_object_or_404(Series.objects.select_related("dataset__source"), pk=pk)
    if not policy.can_view(request.user, obj.dataset):
        raise Http404
    observations = list(obj.observations.select_related("import_run").order_by("period_start"))
    revisions = list(ObservationRevision.objects.filter(observation__series=obj).select_related(
        "observation", "import_run", "superseded_by").order_by("observation__period_start", "import_run__vintage"))
    vintages = sorted({o.import_run.vintage for o in observations} | {r.import_run.vintage for r in revisions} - {""})
    vintage = request.GET.get("vintage", "").strip()
    if vintage in vintages:
        observations = as_published(observations, revisions, vintage)
    else:
        vintage = ""
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{obj.dataset.code}-{obj.pk}.csv"'
        writer = csv.writer(response)
        writer.writerow(["dataset", "series", "period", "value", "flags", "file", "vintage"])
        for o in observations:
            writer.writerow([obj.dataset.code, obj.key, o.period, "" if o.value is None else o.value, o.flags,
                             o.import_run.file_name, o.import_run.vintage])
        return response
    table = Table(f"{obj.dataset.title}: {obj.key}", ["Period", "Value", "Flags", "Source file (vintage)"],
                  [[o.period, o.value, o.flags, f"{o.import_run.file_name} ({o.import_run.vintage or '–'})"]
                   for o in observations], numeric=[1])
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 560, "height": 240,
            "data": {"values": [{"period": o.period_start.isoformat(), "value": o.value} for o in observations]},
            "mark": {"type": "line", "color": "#003399"},
            "encoding": {"x": {"field": "period", "type": "temporal", "title": "Period"},
                         "y": {"field": "value", "type": "quantitative", "title": obj.dataset.unit or "value"}}}
    chart = Chart(spec, table, f"Line chart of {obj.key} over time; the table lists every value")
    history = Table("Values as published in other vintages (superseded or older)",
                    ["Period", "Value as published", "Flags", "Published in (vintage)", "Current source (vintage)"],
                    [[r.observation.period, r.value, r.flags, f"{r.import_run.file_name} ({r.import_run.vintage or '–'})",
                      f"{r.superseded_by.file_name} ({r.superseded_by.vintage or '–'})"] for r in revisions], numeric=[1])
    return render(request, "indicators/series.html", {"series": obj, "chart": chart, "count": len(observations),
                                                      "history": history, "vintages": vintages, "vintage": vintage})


class _AsPublished:
    """An observation's value as a given import run published it (for the "as published in vintage X" view)."""

    def __init__(self, observation, value, flags, run):
        self.period, self.period_start = observation.period, observation.period_start
        self.value, self.flags, self.import_run = value, flags, run


def as_published(observations, revisions, vintage):
    """Per period, the value from the newest import whose vintage is not after `vintage`; periods no such import
    published are left out. A value an import left unchanged is credited to the import that first set it."""
    by_observation = {}
    for r in revisions:
        by_observation.setdefault(r.observation_id, []).append((r.import_run.vintage, r.value, r.flags, r.import_run))
    shown = []
    for o in observations:
        candidates = [(o.import_run.vintage, o.value, o.flags, o.import_run), *by_observation.get(o.pk, [])]
        eligible = [c for c in candidates if c[0] and c[0] <= vintage]
        if eligible:
            _, value, flags, run = max(eligible, key=lambda c: c[0])
            shown.append(_AsPublished(o, value, flags, run))
    return shown
