"""Frontex-coordinated return operations, as released by Frontex to Statewatch (ROID, DATE, MSNAME, DEST,
N_RETURNEES): one row per operation × participating Member State × destination.

Rows are summed to returnees per year × Member State (MSNAME → geo) × country of destination (DEST →
destination), so no operation-level detail is kept. MSNAME "Frontex" (operations Frontex organised itself)
is not a country: those rows go to dimension `organiser` = Frontex instead of `geo`. ROID is not read.
DATE is an ISO date or timestamp ("2013-01-24T00:00:00Z"); dd/mm/yyyy and dd.mm.yyyy are read as well.

Records: one per distinct year × MSNAME × DEST (1,513 for the 2006–2022 file, 92,933 returnees); each carries
the line of the first row that contributed. Memory grows with that number of groups, not with the file.
Skips: none (a row without a number of returnees is a Problem). Vintage: none in the file.
"""

import re
from collections import defaultdict

from wholeroute.indicators.parsers import Problem, Record
from wholeroute.indicators.parsers._frontex import RETURNS
from wholeroute.indicators.parsers._long import guarded, has_columns, number_or_problem, open_table

FORMAT = "frontex-returns"
DESCRIPTION = "Frontex return operations (returnees per operation, Member State and destination)"
COLUMNS = ("DATE", "MSNAME", "DEST", "N_RETURNEES")
YEAR_IN_DATE = re.compile(r"(\d{4})-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.](\d{4})")


def sniff(head) -> bool:
    return has_columns(head, {"ROID", *COLUMNS})


def parse(path):
    table = open_table(path)
    if isinstance(table, Problem):
        yield table
        return
    yield from guarded(table.name, lambda: table.line, _records(table))


def _records(table):
    if table.missing(COLUMNS):
        yield table.missing_problem(COLUMNS)
        return
    date_at, member_at, destination_at, value_at = (table.index[c] for c in COLUMNS)
    totals, first = defaultdict(float), {}
    for item in table.rows():
        if isinstance(item, Problem):
            yield item
            continue
        line, values = item
        match = YEAR_IN_DATE.match(values[date_at].strip())
        if not match:
            yield Problem(table.name, line, "DATE", f"expected a date (YYYY-MM-DD…), found {values[date_at]!r}")
            continue
        value, problem = number_or_problem(table, line, "N_RETURNEES", values[value_at])
        if problem or value is None:
            yield problem or Problem(table.name, line, "N_RETURNEES", "expected a number, found an empty cell")
            continue
        member, destination = values[member_at].strip(), values[destination_at].strip()
        if not member or not destination:
            yield Problem(table.name, line, "MSNAME" if not member else "DEST", "expected a value, found an empty cell")
            continue
        organiser = ("organiser", "Frontex") if member.lower() == "frontex" else ("geo", member)
        key = (match.group(1) or match.group(2), (organiser, ("destination", destination)))
        totals[key] += value
        first.setdefault(key, line)
    for (year, dims), value in sorted(totals.items()):
        yield Record(RETURNS, dims, year, value, row=first[(year, dims)])
