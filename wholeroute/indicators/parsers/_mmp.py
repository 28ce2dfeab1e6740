"""What the IOM Missing Migrants Project readers share: incidents are summed to dead and missing per month and
group, so nothing about a single incident (place, coordinates, cause, origin, sources, the people) is kept.

Memory grows with the number of month × group combinations, never with the number of incidents.
"""

from collections import defaultdict

from wholeroute.indicators.parsers import Record

SOURCE = "iom-mmp"
UNDEFINED_ROUTE = "Undefined"  # MMP's name for incidents on no defined route (the download leaves it blank)


class Totals:
    """Sums per (month, dimensions); remembers the first line that contributed to each, for error messages."""

    def __init__(self):
        self.totals: dict[tuple, float] = defaultdict(float)
        self.first: dict[tuple, int] = {}

    def add(self, month: str, dims: tuple, value: float, line: int):
        key = (month, dims)
        self.totals[key] += value
        self.first.setdefault(key, line)

    def records(self, dataset, vintage=""):
        for (month, dims), value in sorted(self.totals.items()):
            yield Record(dataset, dims, month, value, row=self.first[(month, dims)], vintage=vintage)
