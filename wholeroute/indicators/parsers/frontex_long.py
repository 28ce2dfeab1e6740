"""Frontex detections of illegal border-crossing in long form: month, route, border_type, nationality_iso3,
detections (IOM GDI's compilation of the Frontex file "as of 3 Jun 2025").

Columns read (by name, any order, extra columns ignored): month (YYYY-MM), route, border_type,
nationality_iso3 (→ citizen), detections. One record per row, into dataset `frontex_ibc` with the workbook's
dimensions (see `_frontex`). Only non-zero cells are published in this layout, so the loader treats a cell
missing from a month the file covers as zero in this vintage (`ABSENT_MEANS_ZERO`).

Skips: none. Vintage: the file carries no date; records say 2025-06-03, the Frontex vintage of the shipped
compilation (data/PROVENANCE.md) — import a later compilation with `--vintage`.
"""

from wholeroute.indicators.parsers import Problem, Record
from wholeroute.indicators.parsers._frontex import DETECTIONS, dimensions
from wholeroute.indicators.parsers._long import MONTH, guarded, has_columns, number_or_problem, open_table

FORMAT = "frontex-long"
DESCRIPTION = "Frontex detections, long table (month, route, border_type, nationality_iso3, detections)"
COLUMNS = ("month", "route", "border_type", "nationality_iso3", "detections")
VINTAGE = "2025-06-03"
ABSENT_MEANS_ZERO = True


def sniff(head) -> bool:
    return has_columns(head, set(COLUMNS))


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
    month_at, route_at, border_at, citizen_at, value_at = (table.index[c] for c in COLUMNS)
    for item in table.rows():
        if isinstance(item, Problem):
            yield item
            continue
        line, values = item
        month = values[month_at].strip()
        if not MONTH.fullmatch(month):
            yield Problem(table.name, line, "month", f"expected a month as YYYY-MM, found {month!r}")
            continue
        value, problem = number_or_problem(table, line, "detections", values[value_at])
        if problem or value is None:
            yield problem or Problem(table.name, line, "detections", "expected a number, found an empty cell")
            continue
        route, border, citizen = values[route_at].strip(), values[border_at].strip(), values[citizen_at].strip()
        if not (route and border and citizen):
            yield Problem(table.name, line, "route" if not route else "border_type" if not border else "nationality_iso3",
                          "expected a value, found an empty cell")
            continue
        yield Record(DETECTIONS, dimensions(route, border, citizen), month, value, row=line, vintage=VINTAGE)
