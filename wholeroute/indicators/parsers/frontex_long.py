"""Frontex detections in long form (month, route, border_type, nationality_iso3, detections).

Skips: none. Only non-zero cells are published in this layout. Vintage: the compiler's Frontex file of
3 June 2025 (data/PROVENANCE.md).
"""

from wholeroute.indicators.parsers import Problem, Record
from wholeroute.indicators.parsers._frontex import DETECTIONS
from wholeroute.indicators.parsers._text import number, rows

FORMAT = "frontex-long"
DESCRIPTION = "Frontex detections, long table (month, route, border_type, nationality_iso3, detections)"
COLUMNS = {"month", "route", "border_type", "nationality_iso3", "detections"}
VINTAGE = "2025-06-03"
# Only non-zero cells are published: a cell left out of a month the file covers is zero in this vintage.
ABSENT_MEANS_ZERO = True


def sniff(head) -> bool:
    return bool(head.lines) and COLUMNS <= {c.strip().strip('"') for c in head.lines[0].replace(";", ",").split(",")}


def parse(path):
    header, data = rows(path)
    missing = COLUMNS - set(header)
    if missing:
        yield Problem(path.name, 1, None, f"missing column(s) {', '.join(sorted(missing))}; expected {sorted(COLUMNS)}")
        return
    for line, row in data:
        if row.get("__short__") or row.get("__extra__"):
            yield Problem(path.name, line, None, f"expected {len(header)} fields, found a different number")
            continue
        month = row["month"].strip()
        if len(month) != 7 or month[4] != "-" or not (month[:4] + month[5:]).isdigit():
            yield Problem(path.name, line, "month", f"expected a month as YYYY-MM, found {month!r}")
            continue
        try:
            value = number(row["detections"])
        except ValueError:
            yield Problem(path.name, line, "detections", f"expected a number, found {row['detections']!r}")
            continue
        yield Record(DETECTIONS, (("route", row["route"].strip()), ("border_type", row["border_type"].strip()),
                                  ("citizen", row["nationality_iso3"].strip())), month, value, row=line, vintage=VINTAGE)
