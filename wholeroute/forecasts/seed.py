"""The default early-warning rules (rules are data: change them in the admin; the seed never overwrites)."""

from wholeroute.forecasts.models import AlertRule
from wholeroute.forecasts.rules import DEFAULT_RULES


def run(demo=False, stdout=None):
    created = 0
    for rule in DEFAULT_RULES:
        _, new = AlertRule.objects.get_or_create(code=rule["code"], defaults={
            "kind": rule["kind"], "title": rule["title"], "params": rule["params"]})
        created += new
    if stdout:
        stdout.write(f"forecasts: {created} alert rules added ({len(DEFAULT_RULES)} defined)")
