"""Statistics pages: datasets, a series explorer with dimension filters, series with chart, table and CSV."""

import csv

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from wholeroute.access import policy
from wholeroute.indicators.models import Dataset, ImportRun, Series
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
    return render(request, "indicators/series.html", {"series": obj, "chart": chart, "count": len(observations)})
