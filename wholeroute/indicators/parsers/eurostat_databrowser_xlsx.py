"""Eurostat data-browser XLSX extract: sheet "Sheet 1" with the dataset code in "Dataset:", the vintage in
"Last updated:", fixed dimensions above the table ("Sex", "Geopolitical entity (reporting)" …), a TIME row with
one column per period followed by its flag column, then one row per remaining dimension values.
":" means not available. Skips: the legend rows under the table."""

import re
from datetime import datetime

from wholeroute.indicators.parsers import COUNTRY_DIMENSIONS, DatasetInfo, Problem, Record
from wholeroute.indicators.parsers._eurostat import code as eurostat_code
from wholeroute.indicators.parsers._workbook import UnsafeWorkbook, open_workbook

FORMAT = "eurostat-databrowser-xlsx"
DESCRIPTION = "Eurostat data-browser XLSX extract (Sheet 1)"
FIXED_NAMES = {"Geopolitical entity (reporting)": "geo", "Country of citizenship": "citizen", "Sex": "sex",
               "Age class": "age", "Unit of measure": "unit"}


def _dimension(name, value):
    value = value.strip()
    return (name, value) if name in COUNTRY_DIMENSIONS else (name, eurostat_code(name, value))


def sniff(head):
    return "Sheet 1" in head.sheet_names and "Structure" in head.sheet_names


def parse(path):
    try:
        sheet = open_workbook(path)["Sheet 1"]
    except UnsafeWorkbook as exc:
        yield Problem(path.name, None, None, str(exc))
        return
    except Exception as exc:
        yield Problem(path.name, None, None, f"not a readable data-browser workbook ({exc.__class__.__name__})")
        return
    code, vintage, fixed, periods, labels, frequency = None, "", [], {}, [], "A"
    for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        first = str(row[0] or "").strip() if row else ""
        if labels and not any(v not in (None, "") for v in (row or ())):
            break  # the empty row under the table; the flag legend follows
        if first == "Dataset:":
            match = re.search(r"\[([A-Z0-9_]+?)(?:__custom_\d+)?\]", str(row[1]))
            code = match.group(1).lower() if match else None
        elif first == "Last updated:":
            try:
                vintage = datetime.strptime(str(row[1]).strip(), "%d/%m/%Y %H:%M").date().isoformat()
            except ValueError:
                vintage = str(row[1])
        elif first == "Time frequency":
            frequency = "M" if str(row[2]).startswith("Month") else "A"
        elif first in FIXED_NAMES and not periods:
            fixed.append(_dimension(FIXED_NAMES[first], str(row[2])))
        elif first == "TIME":
            periods = {i: str(v).strip() for i, v in enumerate(row) if i >= 2 and v not in (None, "")}
        elif periods and not labels:
            labels = [re.sub(r"\s*\(Labels\)$", "", str(v)).strip() for v in row[:2]]
        elif periods and labels and not any(v in (None, "") for v in row[:len(labels)]):
            # A data row names every remaining dimension; the legend under the table ("Special value", ":") does not.
            if code is None:
                yield Problem(path.name, None, None, "no 'Dataset:' line naming the Eurostat dataset code")
                return
            dataset = DatasetInfo(code=code, title=f"Eurostat {code} (data-browser extract)", source="eurostat",
                                  frequency=frequency)
            dims = tuple(fixed) + tuple(_dimension(FIXED_NAMES.get(lbl, "citizen" if lbl == "CITIZEN" else lbl.lower()),
                                                   str(row[i])) for i, lbl in enumerate(labels))
            for index, period in periods.items():
                cell = row[index] if index < len(row) else None
                flags = str(row[index + 1] or "").strip() if index + 1 < len(row) else ""
                if cell in (":", None, ""):
                    yield Record(dataset, dims, period, None, flags or ":", row=line, vintage=vintage)
                elif isinstance(cell, (int, float)):
                    yield Record(dataset, dims, period, float(cell), flags, row=line, vintage=vintage)
                else:
                    yield Problem(path.name, line, f"column {index + 1} ({period})", f"expected a number, found {cell!r}")
