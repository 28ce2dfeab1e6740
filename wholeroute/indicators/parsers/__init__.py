"""Pure parsers, one module per source format: a file in, typed records out, no database.

Each module in this package defines:

    FORMAT: str                              # e.g. "frontex-long", "eurostat-tsv"
    DESCRIPTION: str                         # one line for `wholeroute import --help`
    def sniff(head: Head) -> bool            # True when the file looks like this format
    def parse(path: Path) -> Iterator[Record | Problem]

Parsers stream (memory stays flat as files grow), never stop at the first problem (they yield a `Problem`
with file, row, column and what was expected, then go on), and leave country codes as the source wrote them:
the loader resolves them through `wholeroute.geo.resolve` so that resolution happens in one place.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class DatasetInfo:
    """What the loader needs to create or find the Dataset a record belongs to."""

    code: str                 # e.g. "migr_asyappctza", "frontex_ibc_monthly"
    title: str
    source: str               # Source.code: "eurostat", "frontex", "iom-mmp", "unhcr", "worldbank", …
    unit: str = ""
    frequency: str = "A"      # "M", "Q" or "A"


@dataclass(frozen=True)
class Record:
    dataset: DatasetInfo
    # Normalised dimension name → value as written in the source. Country-valued dimensions use the names
    # "geo" (reporting country), "citizen" (citizenship/nationality), "origin", "asylum" …, listed in
    # COUNTRY_DIMENSIONS; "route" holds a Frontex route name.
    dimensions: tuple[tuple[str, str], ...]
    period: str               # "2015", "2015-Q3" or "2015-03"
    value: float | None       # None when the publisher marks the value as not available
    flags: str = ""           # publisher flags, e.g. Eurostat "p", "e", "b", ":", "c"
    row: int = 0              # 1-based line / row number in the file, for error messages
    vintage: str = ""         # publisher's last-update date of this value's file, when known


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str              # what was found and what was expected

    def __str__(self):
        where = ", ".join(p for p in (self.file, f"row {self.row}" if self.row else "",
                                      f"column {self.column!r}" if self.column else "") if p)
        return f"{where}: {self.message}"


# Dimensions whose values are country names or codes and go through the one resolver.
COUNTRY_DIMENSIONS = ("geo", "citizen", "origin", "asylum", "destination", "partner", "incident_country")


@dataclass
class Head:
    """The beginning of a file, for sniffing: its name, first bytes and (for text) first lines."""

    path: Path
    raw: bytes
    lines: list[str] = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)


def modules():
    """Every parser module in this package, by FORMAT."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "FORMAT") and hasattr(module, "parse"):
            found[module.FORMAT] = module
    return found


def parse_file(path: Path, fmt: str | None = None) -> Iterator[Record | Problem]:
    from wholeroute.indicators.parsers._detect import detect

    module = modules()[fmt] if fmt else detect(path)
    return module.parse(path)
