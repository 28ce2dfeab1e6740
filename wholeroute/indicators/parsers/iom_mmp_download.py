"""IOM Missing Migrants Project in the layouts of its own download page (missingmigrants.iom.int/downloads).

Two generations of that layout, told apart by their columns:

- Europe-routes file (older download layout, plus a compiler's extra columns): columns read "Incident year",
  "Incident month" (1–12), "No. dead/missing", "Route" (→ mmp_route) and "Country of Incident" (a country
  name → incident_country). Dataset `iom_mmp_europe`: dead and missing per month × route × country.
- Global export ("MissingMigrants-Global-<date>.csv"): columns read "Incident Date" (e.g. "Thu, 01/01/2026 -
  12:00", month/day/year), "Number Dead", "Minimum Estimated Number of Missing", "Migration route"
  (→ mmp_route) and "Region" (region of incident → region; this export has no country of incident, and the
  coordinates are deliberately not read). Dataset `iom_mmp_global_export`: dead + missing per month × route ×
  region. Vintage: the download date in the publisher's file name (2026-05-06), else none.

No other column is read: nothing about an incident (place, coordinates, cause, origin, sex, children,
sources, URL) is kept. Empty route → "Undefined", as MMP names it in its tidy data.
Records: one per distinct month × group. Skips: incidents with neither a dead nor a missing figure.
"""

import re

from wholeroute.indicators.parsers import DatasetInfo, Problem
from wholeroute.indicators.parsers._long import guarded, has_columns, number_or_problem, open_table
from wholeroute.indicators.parsers._mmp import SOURCE, UNDEFINED_ROUTE, Totals

FORMAT = "iom-mmp-download"
DESCRIPTION = "IOM Missing Migrants download CSV (Europe routes file or global export)"
EUROPE = ("Incident year", "Incident month", "No. dead/missing", "Route", "Country of Incident")
GLOBAL = ("Incident Date", "Number Dead", "Minimum Estimated Number of Missing", "Migration route", "Region")
EUROPE_DATASET = DatasetInfo(code="iom_mmp_europe", title="Dead and missing migrants on routes to and within Europe "
                             "(IOM MMP download)", source=SOURCE, unit="persons", frequency="M")
GLOBAL_DATASET = DatasetInfo(code="iom_mmp_global_export", title="Dead and missing migrants by route and region "
                             "(IOM MMP global export)", source=SOURCE, unit="persons", frequency="M")
US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def sniff(head) -> bool:
    return has_columns(head, set(EUROPE)) or has_columns(head, set(GLOBAL))


def parse(path):
    table = open_table(path)
    if isinstance(table, Problem):
        yield table
        return
    yield from guarded(table.name, lambda: table.line, _records(table))


def _records(table):
    if not table.missing(EUROPE):
        yield from _europe(table)
    elif not table.missing(GLOBAL):
        yield from _global(table)
    else:
        yield table.missing_problem(EUROPE if len(table.missing(EUROPE)) < len(table.missing(GLOBAL)) else GLOBAL,
                                    what="the MMP download columns")


def _europe(table):
    year_at, month_at, value_at, route_at, country_at = (table.index[c] for c in EUROPE)
    totals = Totals()
    for item in table.rows():
        if isinstance(item, Problem):
            yield item
            continue
        line, values = item
        value, problem = number_or_problem(table, line, "No. dead/missing", values[value_at])
        if problem:
            yield problem
            continue
        if value is None:
            continue
        year, month = values[year_at].strip().removesuffix(".0"), values[month_at].strip().removesuffix(".0")
        if not re.fullmatch(r"\d{4}", year):
            yield Problem(table.name, line, "Incident year", f"expected a year (YYYY), found {year!r}")
            continue
        if not (month.isdigit() and 1 <= int(month) <= 12):
            yield Problem(table.name, line, "Incident month", f"expected a month number 1–12, found {month!r}")
            continue
        dims = (("mmp_route", values[route_at].strip() or UNDEFINED_ROUTE),
                ("incident_country", values[country_at].strip() or "Unknown"))
        totals.add(f"{year}-{int(month):02d}", dims, value, line)
    yield from totals.records(EUROPE_DATASET)


def _global(table):
    date_at, dead_at, missing_at, route_at, region_at = (table.index[c] for c in GLOBAL)
    match = re.search(r"(20\d{2}-\d{2}-\d{2})", table.name)
    vintage = match.group(1) if match else ""
    totals = Totals()
    for item in table.rows():
        if isinstance(item, Problem):
            yield item
            continue
        line, values = item
        dead, problem = number_or_problem(table, line, "Number Dead", values[dead_at])
        missing, problem_missing = number_or_problem(table, line, "Minimum Estimated Number of Missing",
                                                     values[missing_at])
        if problem or problem_missing:
            yield from (p for p in (problem, problem_missing) if p)
            continue
        if dead is None and missing is None:
            continue
        date = US_DATE.search(values[date_at])
        if not date or not 1 <= int(date.group(1)) <= 12:
            yield Problem(table.name, line, "Incident Date",
                          f"expected a date like 'Thu, 01/31/2026 - 12:00' (month/day/year), found {values[date_at]!r}")
            continue
        dims = (("mmp_route", values[route_at].strip() or UNDEFINED_ROUTE), ("region", values[region_at].strip()))
        totals.add(f"{date.group(3)}-{int(date.group(1)):02d}", dims, (dead or 0) + (missing or 0), line)
    yield from totals.records(GLOBAL_DATASET, vintage)


