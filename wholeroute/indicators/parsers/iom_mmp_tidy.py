"""IOM Missing Migrants Project, tidy global incidents (date, month, incident_type, route, country_iso3,
dead_and_missing, …). Incidents are summed to dead and missing per month × MMP route × country of incident;
nothing about an incident beyond those counts is kept (no locations, no causes, no coordinates).

Skips: rows without a dead_and_missing figure (none in the 2014–2023 file).
"""

from collections import defaultdict

from wholeroute.indicators.parsers import DatasetInfo, Problem, Record
from wholeroute.indicators.parsers._text import number, rows

FORMAT = "iom-mmp-tidy"
DESCRIPTION = "IOM Missing Migrants, tidy incident table (summed per month, route and country)"
COLUMNS = {"month", "route", "country_iso3", "dead_and_missing", "incident_type"}
DATASET = DatasetInfo(code="iom_mmp_dead_missing", title="Dead and missing migrants (IOM Missing Migrants Project)",
                      source="iom-mmp", unit="persons", frequency="M")
VINTAGE = "2025-06-04"


def sniff(head) -> bool:
    return bool(head.lines) and COLUMNS <= {c.strip().strip('"') for c in head.lines[0].split(",")}


def parse(path):
    header, data = rows(path)
    missing = COLUMNS - set(header)
    if missing:
        yield Problem(path.name, 1, None, f"missing column(s) {', '.join(sorted(missing))}")
        return
    totals: dict[tuple, float] = defaultdict(float)
    first_line: dict[tuple, int] = {}
    for line, row in data:
        if row.get("__short__"):
            yield Problem(path.name, line, None, f"expected {len(header)} fields, found fewer")
            continue
        if not row["dead_and_missing"].strip():
            continue
        month = row["month"].strip()
        if len(month) != 7 or month[4] != "-":
            yield Problem(path.name, line, "month", f"expected YYYY-MM, found {month!r}")
            continue
        try:
            value = number(row["dead_and_missing"])
        except ValueError:
            yield Problem(path.name, line, "dead_and_missing", f"expected a number, found {row['dead_and_missing']!r}")
            continue
        key = (month, row["route"].strip(), row["country_iso3"].strip() or "UNK")
        totals[key] += value
        first_line.setdefault(key, line)
    for (month, route, country), value in sorted(totals.items()):
        yield Record(DATASET, (("mmp_route", route), ("incident_country", country)), month, value,
                     row=first_line[(month, route, country)], vintage=VINTAGE)
