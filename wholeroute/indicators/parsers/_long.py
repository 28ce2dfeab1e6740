"""Shared reading for long (tidy) tables: one row per observation or per set of measures.

A format module describes its layout; `parse_long` streams rows, checks the columns are there (by name, in any
order, extra columns ignored), turns each measure cell into a Record and reports bad cells as Problems.
Empty measure cells are skipped: the publishers leave them empty where nothing was reported.
"""

import re
from dataclasses import dataclass, field

from wholeroute.indicators.parsers import DatasetInfo, Problem, Record
from wholeroute.indicators.parsers._text import number, rows


@dataclass(frozen=True)
class Layout:
    dataset: DatasetInfo
    period: str                                   # column holding the year (or YYYY-MM)
    dimensions: dict[str, str]                    # column → dimension name
    measures: dict[str, str]                      # value column → measure name ("" when only one)
    vintage: str = ""
    constants: tuple[tuple[str, str], ...] = ()   # dimensions with one value for the whole file
    replacements: dict[str, str] = field(default_factory=dict)  # cell text → dimension value (e.g. "-" → TOTAL)

    @property
    def required(self):
        return {self.period, *self.dimensions, *self.measures}


def header_matches(head, layout: Layout) -> bool:
    if not head.lines:
        return False
    for line in head.lines[:8]:
        names = {c.strip().strip('"') for c in re.split(r"[,;\t]", line)}
        if layout.required <= names:
            return True
    return False


def parse_long(path, layout: Layout):
    header, data = rows(path, header_at=lambda line: layout.period in line)
    missing = layout.required - set(header)
    if missing:
        yield Problem(path.name, 1, None, f"missing column(s) {', '.join(sorted(missing))}; "
                                          f"expected {', '.join(sorted(layout.required))}")
        return
    for line, row in data:
        if row.get("__short__"):
            yield Problem(path.name, line, None, f"expected {len(header)} fields, found fewer")
            continue
        period = row[layout.period].strip()
        if not re.fullmatch(r"\d{4}(-\d{2})?", period):
            yield Problem(path.name, line, layout.period, f"expected a year (YYYY), found {period!r}")
            continue
        dims = tuple((name, layout.replacements.get(row[column].strip(), row[column].strip()))
                     for column, name in layout.dimensions.items()) + layout.constants
        for column, measure in layout.measures.items():
            cell = row[column].strip()
            if cell in ("", "NA", "nan"):
                continue
            try:
                value = number(cell)
            except ValueError:
                yield Problem(path.name, line, column, f"expected a number, found {cell!r}")
                continue
            yield Record(layout.dataset, dims + ((("measure", measure),) if measure else ()), period, value,
                         row=line, vintage=layout.vintage)

