"""Eurostat exports of the 2017 era: "TIME","GEO","CITIZEN", further dimensions, "Value", "Flag and Footnotes",
with labels and thousands separators ("225,150"); ":" means not available. The export does not name its
dataset: the code is read from the file name when it starts with one (migr_…), else from the columns.
Skips: none."""

import re

from wholeroute.indicators.parsers import DatasetInfo, Problem, Record
from wholeroute.indicators.parsers._eurostat import code as eurostat_code
from wholeroute.indicators.parsers._text import number, rows

FORMAT = "eurostat-legacy"
DESCRIPTION = "Eurostat 2017-era CSV export (TIME, GEO, …, Value, Flag and Footnotes)"
FIXED = {"TIME", "Value", "Flag and Footnotes", "UNIT"}
NAMES = {"GEO": "geo", "CITIZEN": "citizen"}


def sniff(head):
    return bool(head.lines) and {"TIME", "GEO", "Value"} <= {c.strip().strip('"') for c in head.lines[0].split(",")}


def parse(path):
    header, data = rows(path)
    if {"TIME", "GEO", "Value"} - set(header):
        yield Problem(path.name, 1, None, "missing TIME, GEO or Value column")
        return
    match = re.match(r"(migr_[a-z]+)", path.name)
    code = match.group(1) if match else "eurostat_" + "_".join(sorted(c.lower() for c in header if c not in FIXED))
    dims = [c for c in header if c not in FIXED]
    dataset = DatasetInfo(code=code, title=f"Eurostat {code} (2017 export)", source="eurostat", frequency="A")
    for line, row in data:
        if row.get("__short__"):
            yield Problem(path.name, line, None, f"expected {len(header)} fields, found fewer")
            continue
        year = row["TIME"].strip()
        if not re.fullmatch(r"\d{4}", year):
            yield Problem(path.name, line, "TIME", f"expected a year, found {year!r}")
            continue
        cell, flags = row["Value"].strip(), (row.get("Flag and Footnotes") or "").strip()
        if cell == ":":
            value, flags = None, flags or ":"
        else:
            try:
                value = number(cell)
            except ValueError:
                yield Problem(path.name, line, "Value", f"expected a number, found {cell!r}")
                continue
        yield Record(dataset, tuple((NAMES[d], row[d].strip()) if d in NAMES else (d.lower(), eurostat_code(d.lower(), row[d]))
                                    for d in dims), year, value, flags,
                     row=line)
