"""Forecast pages: the list, one forecast with its chart and table, alerts with their handling, subscriptions,
the accuracy of the backtests and, for administrators, starting a run."""

import statistics

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from wholeroute.access import policy
from wholeroute.forecasts import actions
from wholeroute.forecasts.figures import forecast_chart
from wholeroute.forecasts.models import Alert, Forecast, ForecastRun, Subscription
from wholeroute.geo.models import Country, Route
from wholeroute.reports.fiche import Section


def _visible_or_404(user, obj):
    if not policy.can_view(user, obj):
        raise Http404
    return obj


def index(request):
    forecasts = actions.latest_forecasts(Forecast.objects.visible_to(request.user)).select_related("dataset")
    route, citizenship, dataset = (request.GET.get(k, "") for k in ("route", "citizenship", "dataset"))
    if route:
        forecasts = forecasts.filter(route__slug=route)
    if citizenship:
        forecasts = forecasts.filter(citizenship__code=citizenship.upper())
    if dataset:
        forecasts = forecasts.filter(dataset__code=dataset)
    page = Paginator(forecasts.order_by("target"), 50).get_page(request.GET.get("page"))
    can_run = actions.can_run(request.user)  # False for anonymous visitors
    return render(request, "forecasts/index.html", {
        "page": page, "route": route, "citizenship": citizenship, "dataset": dataset,
        "routes": Route.objects.all(), "can_run": can_run,
        "runs": ForecastRun.objects.order_by("-started_at")[:5] if can_run else [],
        "open_alerts": Alert.objects.visible_to(request.user).filter(status=Alert.Status.NEW).count()})


def detail(request, pk):
    forecast = _visible_or_404(request.user, get_object_or_404(
        Forecast.objects.select_related("dataset", "run").prefetch_related("points"), pk=pk))
    section = Section(key="forecast", title="Forecast with 80 % and 95 % intervals",
                      classification=forecast.classification, charts=[forecast_chart(forecast)])
    candidates = sorted(forecast.candidates.items(), key=lambda kv: (kv[1].get("mase") is None, kv[1].get("mase") or 0))
    return render(request, "forecasts/detail.html", {
        "forecast": forecast, "section": section, "candidates": candidates,
        "alerts": forecast.alerts.visible_to(request.user).select_related("rule")})


@require_POST
def run(request):
    if not actions.can_run(request.user):
        raise PermissionDenied
    try:
        forecast_run = actions.queue_run(request.user, datasets=[d for d in request.POST.getlist("dataset") if d],
                                         as_of=request.POST.get("as_of") or None)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("forecasts:index")
    return redirect("forecasts:run_status", pk=forecast_run.pk)


def run_status(request, pk):
    if not actions.can_run(request.user):
        raise PermissionDenied
    return render(request, "forecasts/run.html", {"run": get_object_or_404(ForecastRun, pk=pk)})


def alerts(request):
    status = request.GET.get("status", "open")
    found = Alert.objects.visible_to(request.user).select_related("rule", "route", "citizenship")
    if status == "open":
        found = found.exclude(status=Alert.Status.CLOSED)
    elif status in Alert.Status.values:
        found = found.filter(status=status)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "forecasts/alerts.html", {"page": page, "status": status,
                                                     "statuses": Alert.Status.choices})


def alert(request, pk):
    found = _visible_or_404(request.user, get_object_or_404(
        Alert.objects.select_related("rule", "forecast", "acknowledged_by", "closed_by", "handled_by"), pk=pk))
    history = found.evidence.get("history", [])
    return render(request, "forecasts/alert.html", {
        "alert": found, "history": history,
        "can_handle": request.user.is_authenticated and policy.is_participant(request.user)})


def _handle_alert(request, pk, verb):
    found = _visible_or_404(request.user, get_object_or_404(Alert, pk=pk))
    try:
        if verb == "acknowledge":
            actions.acknowledge_alert(request.user, found)
        else:
            actions.close_alert(request.user, found, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("forecasts:alert", pk=found.pk)


@require_POST
@login_required
def acknowledge(request, pk):
    return _handle_alert(request, pk, "acknowledge")


@require_POST
@login_required
def close(request, pk):
    return _handle_alert(request, pk, "close")


@login_required
def subscriptions(request):
    if request.method == "POST":
        route = Route.objects.filter(slug=request.POST.get("route", "")).first()
        country = Country.objects.filter(code=request.POST.get("country", "").upper()).first()
        try:
            actions.subscribe(request.user, route=route, country=country)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("forecasts:subscriptions")
    return render(request, "forecasts/subscriptions.html", {
        "subscriptions": Subscription.objects.filter(user=request.user, ended_at__isnull=True).select_related(
            "route", "country"),
        "routes": Route.objects.all(), "countries": Country.objects.countries().order_by("name")})


@require_POST
@login_required
def unsubscribe(request, pk):
    subscription = get_object_or_404(Subscription, pk=pk, user=request.user)
    actions.unsubscribe(request.user, subscription)
    return redirect("forecasts:subscriptions")


def accuracy(request):
    forecasts = actions.latest_forecasts(Forecast.objects.visible_to(request.user)).filter(
        relative_mase__isnull=False).select_related("dataset")
    by_dataset = {}
    for f in forecasts:
        by_dataset.setdefault(f.dataset, []).append(f)
    rows = []
    for dataset, items in sorted(by_dataset.items(), key=lambda kv: kv[0].code):
        relative = [f.relative_mase for f in items]
        rows.append({"dataset": dataset, "targets": len(items), "median": statistics.median(relative),
                     "better": sum(r < 1 for r in relative) / len(relative),
                     "coverage80": statistics.fmean(f.coverage80 for f in items),
                     "coverage95": statistics.fmean(f.coverage95 for f in items)})
    return render(request, "forecasts/accuracy.html", {"rows": rows})
