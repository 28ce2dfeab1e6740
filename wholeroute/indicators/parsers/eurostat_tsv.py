"""Eurostat bulk TSV: the first column holds the comma-separated dimension codes under a header such as
"freq,unit,citizen,sex,age,geo\\TIME_PERIOD", the other columns are periods; a value may carry flags after a
space ("123 p", ": c"); ":" means not available. Skips: none."""

import re

from wholeroute.indicators.parsers import COUNTRY_DIMENSIONS, DatasetInfo, Problem, Record
from wholeroute.indicators.parsers._eurostat import code as eurostat_code
from wholeroute.indicators.parsers._eurostat import frequency
from wholeroute.indicators.parsers._eurostat import period as eurostat_period
from wholeroute.indicators.parsers._text import number, open_text

FORMAT = "eurostat-tsv"
DESCRIPTION = "Eurostat bulk download TSV (dimensions\\TIME_PERIOD header)"


def sniff(head):
    return bool(head.lines) and "\\TIME_PERIOD" in head.lines[0].split("\t")[0]


def parse(path):
    with open_text(path) as handle:
        header = handle.readline().rstrip("\r\n").split("\t")
        first = header[0].split("\\")[0]
        dims = [d.strip() for d in first.split(",")]
        periods = [eurostat_period(p) for p in header[1:]]
        if None in periods:
            bad = header[1 + periods.index(None)].strip()
            yield Problem(path.name, 1, bad, f"expected a period (YYYY, YYYY-MM, YYYYMmm, YYYY-Qn), found {bad!r}")
            return
        match = re.match(r"([a-z0-9_]+?)(?:_tabular|\.tsv)", path.name.lower())
        code = match.group(1) if match else path.stem.lower()
        for line, text in enumerate(handle, start=2):
            cells = text.rstrip("\r\n").split("\t")
            if len(cells) != len(header):
                yield Problem(path.name, line, None, f"expected {len(header)} tab-separated fields, found {len(cells)}")
                continue
            keys = cells[0].split(",")
            if len(keys) != len(dims):
                yield Problem(path.name, line, header[0], f"expected {len(dims)} dimension codes, found {len(keys)}")
                continue
            values = {d: k.strip() if d in COUNTRY_DIMENSIONS else eurostat_code(d, k)
                      for d, k in zip(dims, keys, strict=True)}
            freq = frequency(values.pop("freq", "A"))
            if freq is None:
                yield Problem(path.name, line, "freq", f"unknown frequency {keys[dims.index('freq')]!r}")
                continue
            dataset = DatasetInfo(code=code, title=f"Eurostat {code}", source="eurostat",
                                  unit=values.get("unit", ""), frequency=freq)
            for period, cell in zip(periods, cells[1:], strict=True):
                raw = cell.strip()
                value_text, _, flags = raw.partition(" ")
                if value_text == ":":
                    value, flags = None, (":" + flags.strip()).strip()
                else:
                    try:
                        value = number(value_text)
                    except ValueError:
                        yield Problem(path.name, line, period, f"expected a number with optional flags, found {raw!r}")
                        continue
                yield Record(dataset, tuple(values.items()), period, value, flags.strip(), row=line)
