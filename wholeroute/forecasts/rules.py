"""Early-warning rules: each kind is a function from the latest forecasts and the observed months to findings.

Rules are data (`AlertRule`, seeded from DEFAULT_RULES, editable in the admin); a finding becomes an alert once,
keyed by rule, target and month, so re-evaluating never duplicates an alert."""

from dataclasses import dataclass, field

import pandas as pd

from wholeroute.forecasts.targets import parse_key

DEFAULT_RULES = [
    {"code": "outside-95", "kind": "outside_interval", "title": "Observed value outside the 95 % forecast interval",
     "params": {"min_count": 50}},
    {"code": "yoy-doubling", "kind": "year_on_year", "title": "Detections on a route more than doubled on a year earlier",
     "params": {"dataset": "frontex_ibc", "percent": 100, "min_count": 1000, "level": "route"}},
    {"code": "deaths-per-1000", "kind": "death_rate",
     "title": "More than 20 dead and missing per 1,000 detections on a route (last 12 months)",
     "params": {"rate": 20, "min_detections": 1000}},
    {"code": "land-border-surge", "kind": "land_border_surge",
     "title": "Sudden rise of one citizenship on a land border (instrumentalisation pattern)",
     "params": {"routes": ["eastern-borders", "western-balkan", "circular-albania-greece"], "factor": 3,
                "months": 3, "min_count": 300}},
    {"code": "central-med-30000", "kind": "threshold",
     "title": "Forecast detections on the Central Mediterranean above 30,000 in a month",
     "params": {"target": "frontex_ibc|route=central-mediterranean", "value": 30000}},
]


@dataclass
class Finding:
    target: str
    period_start: pd.Timestamp
    message: str
    evidence: dict = field(default_factory=dict)
    forecast_id: int | None = None


def _history(frame, target, end, months=24):
    series = frame[frame["unique_id"] == target].sort_values("ds")
    series = series[series["ds"] <= end].tail(months)
    return [[d.strftime("%Y-%m"), float(y)] for d, y in zip(series["ds"], series["y"], strict=True)]


def outside_interval(params, forecasts, frame, **_):
    """The first observed month beyond a forecast's training window that falls outside its 95 % interval."""
    findings = []
    observed = {(u, d): y for u, d, y in frame[["unique_id", "ds", "y"]].itertuples(index=False)}
    for forecast in forecasts:
        for point in forecast.points.all():
            value = observed.get((forecast.target, pd.Timestamp(point.period_start)))
            if value is None:
                continue
            if (value > point.hi95 or value < point.lo95) and max(value, point.mean) >= params.get("min_count", 0):
                side = "above" if value > point.hi95 else "below"
                findings.append(Finding(
                    forecast.target, pd.Timestamp(point.period_start),
                    f"{forecast.label}: {value:,.0f} in {point.period_start:%B %Y}, {side} the 95 % interval "
                    f"{point.lo95:,.0f}–{point.hi95:,.0f} forecast from data up to {forecast.train_end:%B %Y} "
                    f"(model {forecast.model}).",
                    {"observed": value, "mean": point.mean, "lo95": point.lo95, "hi95": point.hi95,
                     "history": _history(frame, forecast.target, pd.Timestamp(point.period_start))},
                    forecast.pk))
                break
    return findings


def threshold(params, forecasts, frame, **_):
    findings = []
    for forecast in forecasts:
        if forecast.target != params.get("target"):
            continue
        point = next((p for p in forecast.points.all() if p.mean > params["value"]), None)
        if point:
            findings.append(Finding(
                forecast.target, pd.Timestamp(point.period_start),
                f"{forecast.label}: forecast {point.mean:,.0f} for {point.period_start:%B %Y} is above "
                f"{params['value']:,}.", {"mean": point.mean, "lo95": point.lo95, "hi95": point.hi95,
                                          "threshold": params["value"]}, forecast.pk))
    return findings


def _latest_pairs(frame, prefix):
    for target, series in frame[frame["unique_id"].str.startswith(prefix)].groupby("unique_id", sort=True):
        values = series.set_index("ds")["y"].sort_index()
        yield target, values


def year_on_year(params, forecasts, frame, **_):
    findings = []
    prefix = f"{params['dataset']}|route="
    for target, values in _latest_pairs(frame, prefix):
        if params.get("level") == "route" and "|citizenship=" in target:
            continue
        last = values.index.max()
        before = values.get(last - pd.DateOffset(years=1))
        now = values[last]
        if before and now >= params["min_count"] and (now - before) / before * 100 > params["percent"]:
            findings.append(Finding(target, last, f"{target}: {now:,.0f} in {last:%B %Y}, "
                                                  f"{(now - before) / before:+.0%} on {before:,.0f} a year earlier.",
                                    {"observed": now, "year_earlier": before,
                                     "history": _history(frame, target, last)}))
    return findings


def land_border_surge(params, forecasts, frame, **_):
    """On the listed land routes, one citizenship's last `months` months against the same months a year earlier."""
    findings, months = [], params.get("months", 3)
    for route in params["routes"]:
        for target, values in _latest_pairs(frame, f"frontex_ibc|route={route}|citizenship="):
            last = values.index.max()
            recent = values[values.index > last - pd.DateOffset(months=months)].sum()
            window = (values.index > last - pd.DateOffset(months=months, years=1)) & (
                values.index <= last - pd.DateOffset(years=1))
            earlier = values[window].sum()
            if recent >= params["min_count"] and recent > params["factor"] * max(earlier, 1):
                findings.append(Finding(
                    target, last, f"{target}: {recent:,.0f} detections in the {months} months to {last:%B %Y}, "
                                  f"against {earlier:,.0f} a year earlier.",
                    {"recent": recent, "year_earlier": earlier, "history": _history(frame, target, last)}))
    return findings


def death_rate(params, forecasts, frame, *, frames_by_dataset=None, **_):
    """Dead and missing (IOM) per 1,000 detections (Frontex) on the same route over the last 12 common months."""
    frames_by_dataset = frames_by_dataset or {}
    deaths, detections = frames_by_dataset.get("iom_mmp_dead_missing"), frames_by_dataset.get("frontex_ibc")
    if deaths is None or detections is None:
        return []
    findings = []
    for target, lost in _latest_pairs(deaths, "iom_mmp_dead_missing|route="):
        route = parse_key(target)["route"]
        crossing = detections[detections["unique_id"] == f"frontex_ibc|route={route}"].set_index("ds")["y"]
        common = lost.index.intersection(crossing.index).sort_values()[-12:]
        if len(common) < 12:
            continue
        dead, detected = lost[common].sum(), crossing[common].sum()
        if detected >= params["min_detections"] and 1000 * dead / detected > params["rate"]:
            findings.append(Finding(
                target, common[-1], f"{route}: {1000 * dead / detected:.1f} dead and missing per 1,000 detections "
                                    f"in the 12 months to {common[-1]:%B %Y} ({dead:,.0f} of {detected:,.0f}).",
                {"dead_missing": dead, "detections": detected, "rate": 1000 * dead / detected}))
    return findings


EVALUATORS = {"outside_interval": outside_interval, "threshold": threshold, "year_on_year": year_on_year,
              "land_border_surge": land_border_surge, "death_rate": death_rate}
