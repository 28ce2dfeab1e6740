"""Eurostat SDMX-CSV (1.0: DATAFLOW, LAST UPDATE, dimensions, TIME_PERIOD, OBS_VALUE, OBS_FLAG; 2.0:
STRUCTURE, STRUCTURE_ID, …) with codes, with labels, or with both (a label column after each code column).

Dimension columns are the lower-case identifiers (freq, unit, citizen, geo …); label columns are dropped, and
labels used as values are turned into Eurostat codes where certain (`_eurostat.code`), so a file with labels and
one with codes give the same series. Periods are normalised (2015M03 → 2015-03, 2015Q3 → 2015-Q3).
Missing values (empty OBS_VALUE or ':') become None with the flag ':'. Skips: none.
"""

import re

from wholeroute.indicators.parsers import DatasetInfo, Problem, Record
from wholeroute.indicators.parsers._eurostat import code as eurostat_code
from wholeroute.indicators.parsers._eurostat import frequency
from wholeroute.indicators.parsers._eurostat import period as eurostat_period
from wholeroute.indicators.parsers._eurostat import vintage as eurostat_vintage
from wholeroute.indicators.parsers._text import number, rows

FORMAT = "eurostat-sdmx-csv"
DESCRIPTION = "Eurostat SDMX-CSV 1.0 / 2.0, codes or labels"
NOT_DIMENSIONS = {"DATAFLOW", "LAST UPDATE", "STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "TIME_PERIOD",
                  "OBS_VALUE", "OBS_FLAG", "CONF_STATUS", "freq"}
COUNTRY_DIMS = {"geo": "geo", "citizen": "citizen", "partner": "partner"}


def sniff(head) -> bool:
    if not head.lines:
        return False
    first = {c.strip().strip('"') for c in re.split(r"[,;\t]", head.lines[0])}
    return {"TIME_PERIOD", "OBS_VALUE"} <= first and bool(first & {"DATAFLOW", "STRUCTURE_ID"})


def _dataset(row, name):
    flow = row.get("STRUCTURE_ID") or row.get("DATAFLOW") or ""
    match = re.search(r"ESTAT:([A-Z0-9_]+)", flow)
    code = (match.group(1) if match else name).lower()
    return code, row.get("STRUCTURE_NAME") or code


def parse(path):
    header, data = rows(path)
    dims = [c for c in header if re.fullmatch(r"[a-z][a-z0-9_]*", c) and c not in NOT_DIMENSIONS]
    missing = {"TIME_PERIOD", "OBS_VALUE"} - set(header)
    if missing or not dims:
        yield Problem(path.name, 1, None, f"missing column(s) {sorted(missing) or 'dimension columns'}; "
                                          "expected SDMX-CSV with TIME_PERIOD and OBS_VALUE")
        return
    vintage_column = "LAST UPDATE" if "LAST UPDATE" in header else None
    for line, row in data:
        if row.get("__short__"):
            yield Problem(path.name, line, None, f"expected {len(header)} fields, found fewer")
            continue
        code, title = _dataset(row, path.stem)
        freq = frequency(str(row.get("freq", "A")))
        if freq is None:
            yield Problem(path.name, line, "freq", f"unknown frequency {row.get('freq')!r}")
            continue
        period = eurostat_period(row["TIME_PERIOD"])
        if period is None:
            yield Problem(path.name, line, "TIME_PERIOD",
                          f"expected YYYY, YYYY-MM or YYYY-Qn, found {row['TIME_PERIOD'].strip()!r}")
            continue
        raw = row["OBS_VALUE"].strip()
        flags = (row.get("OBS_FLAG") or "").strip()
        if raw in ("", ":"):
            value, flags = None, flags or ":"
        else:
            try:
                value = number(raw)
            except ValueError:
                yield Problem(path.name, line, "OBS_VALUE", f"expected a number, found {raw!r}")
                continue
        dataset = DatasetInfo(code=code, title=title, source="eurostat", unit=eurostat_code("unit", row.get("unit", "")),
                              frequency=freq)
        dimensions = tuple((COUNTRY_DIMS[d], row[d].strip()) if d in COUNTRY_DIMS else (d, eurostat_code(d, row[d]))
                           for d in dims)
        yield Record(dataset, dimensions, period, value, flags, row=line,
                     vintage=eurostat_vintage(row.get(vintage_column) or "") if vintage_column else "")
