"""Eurostat SDMX-CSV (1.0: DATAFLOW, LAST UPDATE, dimensions, TIME_PERIOD, OBS_VALUE, OBS_FLAG; 2.0:
STRUCTURE, STRUCTURE_ID, …) with codes, with labels, or with both (a label column after each code column).

Dimension columns are the lower-case identifiers (freq, unit, citizen, geo …); label columns are dropped.
Missing values (empty OBS_VALUE or ':') become None with the flag ':'. Skips: none.
"""

import re

from wholeroute.indicators.parsers import DatasetInfo, Problem, Record
from wholeroute.indicators.parsers._text import number, rows

FORMAT = "eurostat-sdmx-csv"
DESCRIPTION = "Eurostat SDMX-CSV 1.0 / 2.0, codes or labels"
NOT_DIMENSIONS = {"DATAFLOW", "LAST UPDATE", "STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "TIME_PERIOD",
                  "OBS_VALUE", "OBS_FLAG", "CONF_STATUS", "freq"}
FREQUENCIES = {"A": "A", "ANNUAL": "A", "M": "M", "MONTHLY": "M", "Q": "Q", "QUARTERLY": "Q"}
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
        freq = FREQUENCIES.get(str(row.get("freq", "A")).strip().upper())
        if freq is None:
            yield Problem(path.name, line, "freq", f"unknown frequency {row.get('freq')!r}")
            continue
        period = row["TIME_PERIOD"].strip()
        if not re.fullmatch(r"\d{4}(-\d{2}|-Q[1-4])?", period):
            yield Problem(path.name, line, "TIME_PERIOD", f"expected YYYY, YYYY-MM or YYYY-Qn, found {period!r}")
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
        dataset = DatasetInfo(code=code, title=title, source="eurostat", unit=row.get("unit", ""), frequency=freq)
        dimensions = tuple((COUNTRY_DIMS.get(d, d), row[d].strip()) for d in dims)
        yield Record(dataset, dimensions, period, value, flags, row=line,
                     vintage=(row.get(vintage_column) or "").strip() if vintage_column else "")
