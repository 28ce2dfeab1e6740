"""Forecasts and open alerts on the country, route and home pages (and in their briefing packs)."""

from wholeroute.access.models import CLASSIFICATION_RANK, Classification
from wholeroute.forecasts.figures import alerts_table, forecast_chart
from wholeroute.forecasts.models import Alert, Forecast
from wholeroute.reports.fiche import Link, Section

ORDER = 25


def _open_alerts(user, **where):
    return list(Alert.objects.visible_to(user).filter(status__in=[Alert.Status.NEW, Alert.Status.ACKNOWLEDGED],
                                                       **where).select_related("rule")[:10])


def _latest(user, **where):
    from wholeroute.forecasts.actions import latest_forecasts

    return latest_forecasts(Forecast.objects.visible_to(user).filter(**where)).select_related(
        "dataset").prefetch_related("points")


def route(user, route):
    forecasts = list(_latest(user, route=route, citizenship__isnull=True, series__isnull=True).order_by("dataset__code"))
    alerts = _open_alerts(user, route=route)
    return [_section(forecasts, alerts, f"the {route.name} route", f"/forecasts/?route={route.slug}")]


def country(user, country):
    from django.db.models import Max

    alerts = _open_alerts(user, citizenship=country)
    # the routes on which the most citizens of the country are expected: three charts, the rest behind the link
    forecasts = list(_latest(user, citizenship=country).annotate(peak=Max("points__mean")).order_by("-peak")[:3])
    return [_section(forecasts, alerts, f"citizens of {country.name}", f"/forecasts/?citizenship={country.code}")]


def home(user):
    alerts = _open_alerts(user)
    if not alerts:
        return []
    return [_section([], alerts, "the series you may see", "/forecasts/alerts/")]


def _section(forecasts, alerts, about, link):
    records = [*forecasts, *alerts]
    return Section(
        key="forecasts", title="Forecasts and early warning", order=ORDER,
        classification=max((r.classification for r in records), key=CLASSIFICATION_RANK.__getitem__,
                           default=Classification.PUBLIC),
        charts=[forecast_chart(f) for f in forecasts[:3]],
        tables=[alerts_table(alerts)] if alerts else [],
        links=[Link(f"All forecasts for {about}", link), Link("Forecast accuracy", "/forecasts/accuracy/")],
        empty_message=f"No forecast or open alert for {about} yet (wholeroute forecast).")
