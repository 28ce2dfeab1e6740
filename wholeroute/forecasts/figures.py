"""Forecast and alert sections: a chart of the recent history with the forecast and its 80 % and 95 % bands,
and the table of the same figures beside it."""

import altair as alt
import pandas as pd
from django.db.models import Sum

from wholeroute.indicators.models import Observation
from wholeroute.reports.fiche import Chart, Link, Table

HISTORY_MONTHS = 36


def history(forecast, months=HISTORY_MONTHS):
    """Observed monthly values of the forecast's target up to the end of its training window (and after)."""
    observations = Observation.objects.filter(series__dataset_id=forecast.dataset_id, value__isnull=False)
    if forecast.series_id:
        observations = observations.filter(series_id=forecast.series_id)
    else:
        observations = observations.filter(series__route_id=forecast.route_id)
        if forecast.citizenship_id:
            observations = observations.filter(series__citizenship_id=forecast.citizenship_id)
    rows = observations.values("period_start").annotate(y=Sum("value")).order_by("-period_start")[:months + 12]
    return sorted((r["period_start"], r["y"]) for r in rows)


def forecast_table(forecast, observed=None):
    observed = dict(observed or [])
    return Table(
        f"Forecast of {forecast.label}, {forecast.model}, trained on {forecast.train_start:%b %Y}–"
        f"{forecast.train_end:%b %Y}",
        ["Month", "Forecast", "80 % low", "80 % high", "95 % low", "95 % high", "Observed"],
        [[f"{p.period_start:%Y-%m}", round(p.mean), round(p.lo80), round(p.hi80), round(p.lo95), round(p.hi95),
          observed.get(p.period_start)] for p in forecast.points.all()],
        numeric=[1, 2, 3, 4, 5, 6],
        notes=[f"Model chosen by a backtest on {forecast.origins} origins (MASE {forecast.mase:.2f}, "
               f"{_ratio(forecast.relative_mase)} of the seasonal naive forecast's)." if forecast.mase is not None else
               "Not backtested: the series is too short or all zero.",
               f"Data vintages: {', '.join(forecast.vintages) or 'not stated'}."])


def _ratio(value):
    return f"{value:.2f}×" if value is not None else "n/a"


def forecast_chart(forecast):
    past = history(forecast)
    table = forecast_table(forecast, [(d, v) for d, v in past if d > forecast.train_end])
    observed = pd.DataFrame({"month": [pd.Timestamp(d) for d, _ in past], "value": [v for _, v in past]})
    points = pd.DataFrame([{"month": pd.Timestamp(p.period_start), "mean": p.mean, "lo80": p.lo80, "hi80": p.hi80,
                            "lo95": p.lo95, "hi95": p.hi95} for p in forecast.points.all()])
    x = alt.X("month:T", title="Month")
    band95 = alt.Chart(points).mark_area(opacity=0.25, color="#4a6fa5").encode(
        x=x, y=alt.Y("lo95:Q", title=forecast.dataset.unit or "Value"), y2="hi95:Q")
    band80 = alt.Chart(points).mark_area(opacity=0.45, color="#4a6fa5").encode(x=x, y="lo80:Q", y2="hi80:Q")
    line = alt.Chart(points).mark_line(strokeDash=[6, 3], color="#003399").encode(x=x, y="mean:Q")
    seen = alt.Chart(observed).mark_line(color="#222222").encode(x=x, y="value:Q")
    spec = (band95 + band80 + line + seen).properties(
        title=forecast.label[:90], width=480, height=220).to_dict()
    return Chart(spec=spec, table=table, description=(
        f"{forecast.label}: observed values (solid line) and the {forecast.model} forecast (dashed) with its 80 % "
        "(darker) and 95 % (lighter) bands; the table beside holds the same figures"))


def alerts_table(alerts, caption="Open early-warning alerts"):
    return Table(caption, ["Month", "Alert", "Status", "What"],
                 [[f"{a.period_start:%Y-%m}", Link(a.rule.title, f"/forecasts/alerts/{a.pk}/"), a.get_status_display(),
                   a.message] for a in alerts])
