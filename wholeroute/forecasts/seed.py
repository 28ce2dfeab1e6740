"""The default early-warning rules (rules are data: change them in the admin; the seed never overwrites)."""

from wholeroute.forecasts.models import AlertRule
from wholeroute.forecasts.rules import DEFAULT_RULES


def run(demo=False, stdout=None):
    created = 0
    for rule in DEFAULT_RULES:
        _, new = AlertRule.objects.get_or_create(code=rule["code"], defaults={
            "kind": rule["kind"], "title": rule["title"], "params": rule["params"]})
        created += new
    summary = f"{len(DEFAULT_RULES)} alert rules ({created} added)"
    if demo:
        summary += "; " + _demo_forecasts()
    return summary


def _demo_forecasts():
    """Route-level forecasts for the demo, once (the full set, per citizenship too: `wholeroute forecast`)."""
    from wholeroute.forecasts.actions import run_forecasts
    from wholeroute.forecasts.models import Forecast
    from wholeroute.indicators.models import Dataset

    if Forecast.objects.exists():
        return "forecasts already made"
    datasets = list(Dataset.objects.filter(code__in=["frontex_ibc", "iom_mmp_dead_missing"]).values_list(
        "code", flat=True))
    if not datasets:
        return "no statistics to forecast"
    run = run_forecasts(None, datasets=datasets, routes_only=True)
    return f"{run.done} route forecasts, {run.alerts} alerts"
