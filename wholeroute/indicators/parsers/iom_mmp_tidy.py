"""IOM Missing Migrants Project, tidy global incidents (IOM GDI's `iom_mmp`: date, month, incident_type, route,
country_iso3, dead_and_missing, survivors, cause_of_death, origin_iso3, location, lat, lon).

Columns read: month (YYYY-MM), route (MMP route → mmp_route), country_iso3 (country of incident →
incident_country; blank → UNK), dead_and_missing. Incidents are summed per month × route × country into
dataset `iom_mmp_dead_missing` (all incident types: the compiler's dead_and_missing already counts each death
once). Nothing else is read — no dates, places, coordinates, causes or origins.

Records: one per distinct month × route × country (3,387 for the 2014–2023 file; 64,065 dead and missing).
Skips: incidents with an empty dead_and_missing (none in the 2014–2023 file). Vintage: the file carries no
date; records say 2025-06-04, the MMP download the shipped compilation was built from (data/PROVENANCE.md).
"""

from wholeroute.indicators.parsers import DatasetInfo, Problem
from wholeroute.indicators.parsers._long import MONTH, guarded, has_columns, number_or_problem, open_table
from wholeroute.indicators.parsers._mmp import SOURCE, UNDEFINED_ROUTE, Totals

FORMAT = "iom-mmp-tidy"
DESCRIPTION = "IOM Missing Migrants, tidy incident table (summed per month, route and country of incident)"
COLUMNS = ("month", "route", "country_iso3", "dead_and_missing")
DATASET = DatasetInfo(code="iom_mmp_dead_missing", title="Dead and missing migrants (IOM Missing Migrants Project)",
                      source=SOURCE, unit="persons", frequency="M")
VINTAGE = "2025-06-04"


def sniff(head) -> bool:
    return has_columns(head, {*COLUMNS, "incident_type"})


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
    month_at, route_at, country_at, value_at = (table.index[c] for c in COLUMNS)
    totals = Totals()
    for item in table.rows():
        if isinstance(item, Problem):
            yield item
            continue
        line, values = item
        value, problem = number_or_problem(table, line, "dead_and_missing", values[value_at])
        if problem:
            yield problem
            continue
        if value is None:
            continue
        month = values[month_at].strip()
        if not MONTH.fullmatch(month):
            yield Problem(table.name, line, "month", f"expected a month as YYYY-MM, found {month!r}")
            continue
        dims = (("mmp_route", values[route_at].strip() or UNDEFINED_ROUTE),
                ("incident_country", values[country_at].strip() or "UNK"))
        totals.add(month, dims, value, line)
    yield from totals.records(DATASET, VINTAGE)
