"""Reading the long (tidy) text tables of Frontex, IOM, UNHCR, the World Bank, UN DESA, IDMC and the Fragile
States Index: columns found by name in the header (any order, extra columns ignored), rows streamed with the
line numbers a person sees in an editor, and every way a file can break reported as a `Problem`.

The low-level decoding (gzip, UTF-8 with or without BOM or Windows-1252, `,` `;` or tab) is the shared
`_text` module's; this module adds what the long tables need on top of it:

- `Table` — the header, a column index, and rows as lists (no per-row dicts: these files reach a million rows).
  A row with fewer fields than the header, or with extra non-empty fields, is a Problem (a truncated row or a
  wrong delimiter), never a silently shifted record.
- `guarded` — runs a parser and turns a read failure half-way (bad gzip stream, undecodable bytes, a broken
  CSV quote) into a Problem naming the last line read, instead of an exception.
- `to_number` — a publisher's number, with `;`-delimited files read with a decimal comma.
- `Layout` / `parse_long` — one record per measure cell for the tables that need no aggregation.
"""

from __future__ import annotations

import csv
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wholeroute.indicators.parsers import DatasetInfo, Head, Problem, Record
from wholeroute.indicators.parsers._text import open_text, sniff_delimiter

# What can go wrong while a text file is being read: not an exception for the caller, a Problem.
READ_ERRORS = (OSError, EOFError, UnicodeDecodeError, csv.Error, zlib.error, ValueError)
NOT_REPORTED = frozenset({"", "NA", "N/A", "nan", "NaN", ".."})
YEAR = re.compile(r"\d{4}")
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
INFINITY = float("inf")
# A number once its thousands separator is written "_" and its decimal mark ".": sign, integer part, fraction.
GROUPED = re.compile(r"([-+]?)(\d[\d_]*|(?=\.\d))(\.\d*)?([eE][-+]?\d+)?")
THOUSANDS = re.compile(r"\d{1,3}(_\d{3})*")
# Note lines some exports put above the header are at most this many.
PREAMBLE = 10


def header_names(head: Head) -> list[set[str]]:
    """The column names of each of the first lines of a text file (for sniffing), split on that line's delimiter."""
    found = []
    for line in head.lines[:PREAMBLE]:
        if not line.strip():
            continue
        try:
            names = next(csv.reader([line], delimiter=sniff_delimiter(line)))
        except (csv.Error, StopIteration):
            continue
        found.append({name.strip().lstrip("\ufeff").strip('"').strip() for name in names})
    return found


def has_columns(head: Head, required: set[str], absent: set[str] = frozenset()) -> bool:
    """True when one of the first lines names every `required` column and none of the `absent` ones."""
    return any(required <= names and not (absent & names) for names in header_names(head))


def to_number(text: str, decimal_comma: bool = False) -> float:
    """A number as publishers write it; raises ValueError when the cell is not one.

    Comma-delimited files use `,` only as a thousands separator (inside quotes: "1,234"); semicolon-delimited
    files come from locales that write a decimal comma ("1.234,5" or "12,5"). Thousands separators must group
    by three ("4,5,6" is not a number); spaces and no-break spaces are dropped."""
    try:
        value = float(text)
    except ValueError:
        pass
    else:
        if value in (INFINITY, -INFINITY):
            raise ValueError(text)
        return value
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    thousands, decimal = (".", ",") if decimal_comma else (",", ".")
    match = GROUPED.fullmatch(cleaned.replace(thousands, "_").replace(decimal, "."))
    if not match or ("_" in cleaned.replace(thousands, "_") and not THOUSANDS.fullmatch(match.group(2))):
        raise ValueError(text)
    cleaned = match.group(0).replace("_", "")
    return float(cleaned)


class Table:
    """A delimited text file: `header`, `index` (column → position) and `rows()` → (line, values) or Problem."""

    def __init__(self, path: Path, header_at: Callable[[list[str]], bool] | None = None):
        self.path = Path(path)
        self.name = self.path.name
        self.line = 0
        self.header: list[str] = []
        self.index: dict[str, int] = {}
        self.delimiter = ","
        self._handle = open_text(self.path)
        self.found = False  # False: no line looked like the header; `header` is then the first non-empty line
        first_seen = None
        try:
            for _ in range(PREAMBLE + 1):
                first = self._handle.readline()
                self.line += 1
                if not first:
                    break
                if not first.strip():
                    continue
                delimiter = sniff_delimiter(first)
                names = [n.strip().lstrip("\ufeff").strip() for n in next(csv.reader([first], delimiter=delimiter))]
                first_seen = first_seen or (self.line, names, delimiter)
                if header_at is None or header_at(names):
                    self.header, self.delimiter, self.found = names, delimiter, True
                    break
        except BaseException:
            self._handle.close()
            raise
        if not self.found and first_seen:
            self.line, self.header, self.delimiter = first_seen
        self.decimal_comma = bool(self.header) and self.delimiter == ";"
        self.index = {name: position for position, name in enumerate(self.header) if name}

    def close(self):
        self._handle.close()

    def missing(self, columns) -> list[str]:
        if not self.found:
            return sorted(columns)
        return sorted(set(columns) - set(self.index))

    def missing_problem(self, required, *, what="") -> Problem:
        if not self.header:
            return Problem(self.name, None, None, "no header line found; expected a header with the columns "
                                                  f"{', '.join(sorted(required))}")
        return Problem(self.name, self.line, None,
                       f"missing column(s) {', '.join(self.missing(required))}; expected {what or 'the columns'} "
                       f"{', '.join(sorted(required))}, found {', '.join(self.header)}")

    def rows(self) -> Iterator[tuple[int, list[str]] | Problem]:
        width = len(self.header)
        with self._handle as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            start = self.line
            for values in reader:
                line = start + reader.line_num
                self.line = line
                if len(values) == width:
                    yield line, values
                elif not values or (len(values) == 1 and not values[0].strip()):
                    continue
                elif len(values) > width and not any(v.strip() for v in values[width:]):
                    yield line, values[:width]
                else:
                    yield Problem(self.name, line, None,
                                  f"expected {width} fields ({', '.join(self.header[:6])}"
                                  f"{', …' if width > 6 else ''}) separated by {self.delimiter!r}, found "
                                  f"{len(values)}: a truncated row, a stray delimiter or broken quoting")


def guarded(name: str, where: Callable[[], int | None], items: Iterator):
    """Pass `items` through; a failure to read the rest of the file becomes one last Problem at `where()`."""
    try:
        yield from items
    except READ_ERRORS as exc:
        yield Problem(name, where() or None, None,
                      f"the file cannot be read beyond this point ({exc.__class__.__name__}: {str(exc)[:200]}); "
                      "expected a complete text table (UTF-8 or Windows-1252, plain or gzip)")


def open_table(path: Path, header_at=None) -> Table | Problem:
    """A Table, or a Problem when the file cannot even be opened and its header read."""
    path = Path(path)
    try:
        return Table(path, header_at)
    except READ_ERRORS as exc:
        return Problem(path.name, 1, None, f"not a readable text table ({exc.__class__.__name__}: {str(exc)[:200]})")


def number_or_problem(table: Table, line: int, column: str, cell: str, expected="a number"):
    """(value, None) for a number, (None, None) for a not-reported cell, (None, Problem) otherwise."""
    cell = cell.strip()
    if cell in NOT_REPORTED:
        return None, None
    try:
        return to_number(cell, table.decimal_comma), None
    except ValueError:
        return None, Problem(table.name, line, column, f"expected {expected}, found {cell!r}")


@dataclass(frozen=True)
class Layout:
    """A long table that maps cell by cell onto records: one record per non-empty measure cell."""

    dataset: DatasetInfo
    period: str                                   # column holding the year (YYYY) or month (YYYY-MM)
    dimensions: dict[str, str]                    # column → dimension name
    measures: dict[str, str]                      # value column → measure name ("" when the table has one value)
    required_measures: frozenset[str] = frozenset()  # measure columns that must be present (default: all)
    vintage: str = ""
    replacements: dict[str, str] = field(default_factory=dict)  # cell text → dimension value (e.g. "-" → TOTAL)
    # dimension column → column read instead when its cell is empty (e.g. the name when the ISO code is blank)
    fallbacks: dict[str, str] = field(default_factory=dict)

    @property
    def required(self) -> set[str]:
        return {self.period, *self.dimensions, *(self.required_measures or self.measures)}


def parse_long(path, layout: Layout, vintage: str | None = None) -> Iterator[Record | Problem]:
    """Records of a long table. Skips: measure cells that are empty (or NA, ..): not reported by the publisher.
    A measure column absent from this edition of the file is not read (only `required_measures` must be there)."""
    path = Path(path)
    table = open_table(path, header_at=lambda names: layout.period in names)
    if isinstance(table, Problem):
        yield table
        return
    yield from guarded(path.name, lambda: table.line, _long_records(table, layout, vintage))


def _long_records(table: Table, layout: Layout, vintage):
    if table.missing(layout.required):
        yield table.missing_problem(layout.required)
        return
    vintage = layout.vintage if vintage is None else vintage
    period_at = table.index[layout.period]
    dimension_at = [(table.index[column], name, table.index.get(layout.fallbacks.get(column)))
                    for column, name in layout.dimensions.items()]
    measure_at = [(table.index[column], column, (("measure", name),) if name else ())
                  for column, name in layout.measures.items() if column in table.index]
    replacements = layout.replacements
    dataset, decimal_comma = layout.dataset, table.decimal_comma
    for item in table.rows():
        if isinstance(item, Problem):
            yield item
            continue
        line, values = item
        period = values[period_at].strip()
        if period.endswith(".0"):
            period = period[:-2]
        if not (YEAR.fullmatch(period) or MONTH.fullmatch(period)):
            yield Problem(table.name, line, layout.period, f"expected a year (YYYY) or month (YYYY-MM), found {period!r}")
            continue
        dims = []
        for position, name, fallback in dimension_at:
            value = values[position].strip()
            if not value and fallback is not None:
                value = values[fallback].strip()
            dims.append((name, replacements.get(value, value)))
        dims = tuple(dims)
        for position, column, measure in measure_at:
            cell = values[position]
            if not cell:
                continue
            try:
                value = float(cell)
                if value in (INFINITY, -INFINITY):
                    raise ValueError(cell)
            except ValueError:
                cell = cell.strip()
                if cell in NOT_REPORTED:
                    continue
                try:
                    value = to_number(cell, decimal_comma)
                except ValueError:
                    yield Problem(table.name, line, column, f"expected a number, found {cell!r}")
                    continue
            if value != value:  # "nan" parsed by float(): not reported
                continue
            yield Record(dataset, dims + measure, period, value, row=line, vintage=vintage)
