"""Load mandates as data from data/reference/mandates.yaml (sources and uncertainty flags kept). Idempotent."""

from django.db import transaction

from wholeroute.actors import actions, mandates


@transaction.atomic
def run(*, demo: bool = False, stdout=None, path=mandates.DEFAULT_PATH) -> str:
    functions, holders, compiled = mandates.parse(path)
    counts = actions.load_mandates(None, functions=functions, holders=holders, compiled=compiled)
    return (f"{len(functions)} functions; {len(holders)} mandates: {counts['created']} created, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged")
