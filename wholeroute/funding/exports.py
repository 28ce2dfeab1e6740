"""CSV and XLSX downloads of funding tables; cells that start like a formula are neutralised."""

import csv
import io

from django.http import Http404, HttpResponse
from openpyxl import Workbook

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Spreadsheets must not run a cell as a formula: prefix text starting with = + - @ (or tab/CR) with a '."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def table_response(table, filename, fmt):
    header = [neutralise(c) for c in table.columns]
    rows = [[neutralise(v) for v in row] for row in table.rows]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = table.caption[:31].replace("/", " ").replace(":", " ") or "Funding"
        sheet.append(header)
        for row in rows:
            sheet.append([float(v) if type(v).__name__ == "Decimal" else v for v in row])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404("Unknown format")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
