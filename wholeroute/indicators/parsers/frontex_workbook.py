"""The original Frontex monthly workbook: sheet Detections_of_IBC, columns Route, Border type or inland,
Nationality, then one column per month (JAN2009 …). Every cell becomes one record, zeros included.

Vintage: "FRAN data as of" the date in the Notes sheet, else the date in the file name.
"""

import datetime
import re

import openpyxl

from wholeroute.indicators.parsers import Problem, Record
from wholeroute.indicators.parsers._frontex import DETECTIONS

FORMAT = "frontex-workbook"
DESCRIPTION = "Frontex monthly detections workbook (sheet Detections_of_IBC)"
SHEET = "Detections_of_IBC"
MONTHS = {m: i for i, m in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                                      "DEC"], start=1)}


def sniff(head) -> bool:
    return SHEET in head.sheet_names


def _vintage(book, path):
    if "Notes" in book.sheetnames:
        for (cell,) in book["Notes"].iter_rows(max_col=1, values_only=True):
            match = re.search(r"as of (\d{2})([A-Z]{3})(\d{2})", str(cell or ""))
            if match:
                day, mon, year = match.groups()
                return datetime.date(2000 + int(year), MONTHS[mon], int(day)).isoformat()
    match = re.search(r"(\d{4})(\d{2})(\d{2})", path.name)
    return "-".join(match.groups()) if match else ""


def parse(path):
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        yield Problem(path.name, None, None, f"not a readable workbook ({exc.__class__.__name__})")
        return
    if SHEET not in book.sheetnames:
        yield Problem(path.name, None, None, f"no sheet {SHEET!r}; sheets are {book.sheetnames}")
        return
    vintage = _vintage(book, path)
    sheet = book[SHEET]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    wanted = ["Route", "Border type or inland", "Nationality"]
    if any(w not in header for w in wanted):
        yield Problem(path.name, 1, None, f"expected columns {wanted}; found {header[:4]}")
        return
    position = {w: header.index(w) for w in wanted}
    periods = {}
    for index, label in enumerate(header):
        match = re.fullmatch(r"([A-Z]{3})(\d{4})", label)
        if match and match.group(1) in MONTHS:
            periods[index] = f"{match.group(2)}-{MONTHS[match.group(1)]:02d}"
    for line, row in enumerate(rows, start=2):
        if row is None or all(v is None for v in row):
            continue
        route, border, nationality = (str(row[position[w]] or "").strip() for w in wanted)
        for index, period in periods.items():
            value = row[index] if index < len(row) else None
            if not isinstance(value, (int, float)):
                yield Problem(path.name, line, header[index], f"expected a number of detections, found {value!r}")
                continue
            yield Record(DETECTIONS, (("route", route), ("border_type", border), ("citizen", nationality)), period,
                         float(value), row=line, vintage=vintage)
