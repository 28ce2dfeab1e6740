"""Frontex-coordinated return operations released to Statewatch (ROID, DATE, MSNAME, DEST, N_RETURNEES): one row
per operation × participating Member State × destination, summed to returnees per year × Member State ×
destination. MSNAME "Frontex" (operations Frontex organised itself) is kept as the organiser, not a country.
Skips: none."""

from collections import defaultdict

from wholeroute.indicators.parsers import Problem, Record
from wholeroute.indicators.parsers._frontex import RETURNS
from wholeroute.indicators.parsers._text import number, rows

FORMAT = "frontex-returns"
DESCRIPTION = "Frontex return operations (returnees per operation, Member State and destination)"
COLUMNS = {"ROID", "DATE", "MSNAME", "DEST", "N_RETURNEES"}


def sniff(head):
    return bool(head.lines) and COLUMNS <= {c.strip().strip('"') for c in head.lines[0].split(",")}


def parse(path):
    header, data = rows(path)
    if COLUMNS - set(header):
        yield Problem(path.name, 1, None, f"missing column(s) {', '.join(sorted(COLUMNS - set(header)))}")
        return
    totals, first = defaultdict(float), {}
    for line, row in data:
        year = row["DATE"].strip()[:4]
        if not year.isdigit():
            yield Problem(path.name, line, "DATE", f"expected a date, found {row['DATE']!r}")
            continue
        try:
            value = number(row["N_RETURNEES"])
        except ValueError:
            yield Problem(path.name, line, "N_RETURNEES", f"expected a number, found {row['N_RETURNEES']!r}")
            continue
        member = row["MSNAME"].strip()
        dims = (("organiser", "Frontex"),) if member == "Frontex" else (("geo", member),)
        key = (year, dims + (("destination", row["DEST"].strip()),))
        totals[key] += value
        first.setdefault(key, line)
    for (year, dims), value in sorted(totals.items()):
        yield Record(RETURNS, dims, year, value, row=first[(year, dims)])
