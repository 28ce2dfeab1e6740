"""The original Frontex monthly detections workbook (`Monthly_detections_of_IBC_<date>.xlsx`).

Sheet `Detections_of_IBC`: a header row with Route, Border type or inland, Nationality and one column per
month (`JAN2009` … `DEC2021`, or real dates), then one row per route × border type × nationality. Columns are
found by name (any order; other columns ignored). Every month cell becomes one record of dataset `frontex_ibc`
— zeros included, they are published values — with the same dimensions as the long table (see `_frontex`).

Skips: rows whose route, border type and nationality are all empty (none in the 2022-02-04 file, which gives
833 rows × 156 months = 129,948 records). A non-numeric or empty month cell is a Problem, not a zero.
Vintage: "FRAN data as of 04FEB22" in the Notes sheet; else the date in the publisher's file name.
"""

import datetime
import re
import zipfile
from pathlib import Path

from wholeroute.indicators.parsers import Problem, Record
from wholeroute.indicators.parsers._frontex import DETECTIONS, dimensions
from wholeroute.indicators.parsers._long import to_number
from wholeroute.indicators.parsers._workbook import UnsafeWorkbook, open_workbook

FORMAT = "frontex-workbook"
DESCRIPTION = "Frontex monthly detections workbook (sheet Detections_of_IBC)"
SHEET = "Detections_of_IBC"
MONTHS = {m: i for i, m in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                                      "DEC"], start=1)}
COLUMNS = {"route": ("Route",), "border_type": ("Border type or inland", "Border type"),
           "citizen": ("Nationality",)}
HEADER_SEARCH = 10


def sniff(head) -> bool:
    return SHEET in head.sheet_names


def _vintage(book, path) -> str:
    if "Notes" in book.sheetnames:
        for row in book["Notes"].iter_rows(max_row=40, max_col=2, values_only=True):
            text = " ".join(str(v) for v in row if v is not None)
            match = re.search(r"as of (\d{1,2}) ?([A-Za-z]{3})[a-z]* ?(\d{2,4})", text)
            if match and match.group(2).upper() in MONTHS:
                day, month, year = match.groups()
                year = int(year) + (2000 if len(year) == 2 else 0)
                return datetime.date(year, MONTHS[month.upper()], int(day)).isoformat()
    match = re.search(r"(20\d{2})(\d{2})(\d{2})", Path(path).name)
    return "-".join(match.groups()) if match else ""


def _period(label) -> str | None:
    if isinstance(label, (datetime.datetime, datetime.date)):
        return f"{label.year:04d}-{label.month:02d}"
    match = re.fullmatch(r"([A-Za-z]{3})[ -]?(\d{4})", str(label or "").strip())
    if match and match.group(1).upper() in MONTHS:
        return f"{match.group(2)}-{MONTHS[match.group(1).upper()]:02d}"
    return None


def parse(path):
    path = Path(path)
    try:
        book = open_workbook(path)
    except UnsafeWorkbook as exc:
        yield Problem(path.name, None, None, str(exc))
        return
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError) as exc:
        yield Problem(path.name, None, None, f"not a readable XLSX workbook ({exc.__class__.__name__}); expected "
                                             f"the Frontex workbook with sheet {SHEET!r}")
        return
    where = {"row": None}
    try:
        yield from _records(path, book, where)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many types on a damaged sheet; report, don't crash
        yield Problem(path.name, where["row"], None, f"the sheet cannot be read beyond this row "
                                                     f"({exc.__class__.__name__}: {str(exc)[:200]})")
    finally:
        book.close()


def _records(path, book, where):
    if SHEET not in book.sheetnames:
        yield Problem(path.name, None, None, f"no sheet {SHEET!r}; the sheets are {book.sheetnames}")
        return
    vintage = _vintage(book, path)
    rows = book[SHEET].iter_rows(values_only=True)
    position, periods, line = {}, {}, 0
    for line, row in enumerate(rows, start=1):
        where["row"] = line
        labels = [str(v).strip() if v is not None else "" for v in (row or ())]
        found = {dim: next((labels.index(n) for n in names if n in labels), None) for dim, names in COLUMNS.items()}
        if all(v is not None for v in found.values()):
            position = found
            periods = {i: p for i, v in enumerate(row) if (p := _period(v))}
            break
        if line >= HEADER_SEARCH:
            break
    if not position or not periods:
        expected = ", ".join(names[0] for names in COLUMNS.values())
        yield Problem(path.name, line or None, None, f"no header row with the columns {expected} and month columns "
                                                     f"(JAN2009 …) in the first {HEADER_SEARCH} rows of {SHEET!r}")
        return
    header, header_line = {i: str(v) for i, v in enumerate(row)}, line
    for line, row in enumerate(rows, start=header_line + 1):
        where["row"] = line
        row = row or ()
        keys = [str(row[position[d]]).strip() if position[d] < len(row) and row[position[d]] is not None else ""
                for d in ("route", "border_type", "citizen")]
        if not any(keys):
            continue
        missing = [names[0] for (d, names), key in zip(COLUMNS.items(), keys, strict=True) if not key]
        if missing:
            yield Problem(path.name, line, missing[0], "expected a value, found an empty cell")
            continue
        dims = dimensions(*keys)
        for index, period in periods.items():
            value = row[index] if index < len(row) else None
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                try:
                    value = to_number(str(value)) if value not in (None, "") else None
                except ValueError:
                    value = None
                if value is None:
                    cell = row[index] if index < len(row) else None
                    yield Problem(path.name, line, header[index], f"expected a number of detections, found {cell!r}")
                    continue
            yield Record(DETECTIONS, dims, period, float(value), row=line, vintage=vintage)
