"""CSV and XLSX export of safeguards status; spreadsheet formula injection is neutralised."""

import csv
import io

from django.http import Http404, HttpResponse
from openpyxl import Workbook

from wholeroute.safeguards.status import COLUMNS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def response(rows, fmt):
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([neutralise(v) for v in row["values"]])
        out = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = "Safeguards status"
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append([neutralise(v) for v in row["values"]])
        buffer = io.BytesIO()
        book.save(buffer)
        out = HttpResponse(buffer.getvalue(),
                           content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404
    out["Content-Disposition"] = f'attachment; filename="safeguards-status.{fmt}"'
    return out
