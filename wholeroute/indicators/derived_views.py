"""Pages of the derived indicators: every definition with its formula and inputs, and one indicator's values
as a chart with its table (and CSV)."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render

from wholeroute.indicators.derived import BY_CODE, DEFINITIONS, GROUPS, compute
from wholeroute.reports.fiche import Chart, Table


def derived_list(request):
    return render(request, "indicators/derived_list.html", {"definitions": DEFINITIONS})


def derived(request, code):
    definition = BY_CODE.get(code)
    if definition is None:
        raise Http404
    group = request.GET.get("group", "").strip() or None
    rows = compute(request.user, definition, group)
    label = {"reporting_country": "Reporting country", "route": "Route", "citizenship": "Citizenship"}[definition.group]
    columns = [label, "Year", definition.title + f" ({definition.unit})", definition.numerator.label,
               definition.denominator.label if definition.denominator else "Previous year"]
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{definition.code}.csv"'
        writer = csv.writer(response)
        writer.writerow(columns)
        for r in rows:
            writer.writerow([r["group"], r["year"], r["value"], r["numerator"], r["denominator"]])
        return response
    table = Table(f"{definition.title}{' — ' + group if group else ''}, per year", columns,
                  [[r["group"], r["year"], r["value"], r["numerator"], r["denominator"]] for r in rows],
                  numeric=[2, 3, 4], notes=[f"Formula: {definition.formula}.", *([definition.note] if definition.note else [])])
    chart = None
    if group and rows:
        spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 520, "height": 220,
                "data": {"values": [{"year": str(r["year"]), "value": r["value"]} for r in rows]},
                "mark": {"type": "bar", "color": "#003399"},
                "encoding": {"x": {"field": "year", "type": "ordinal", "title": "Year"},
                             "y": {"field": "value", "type": "quantitative", "title": definition.unit}}}
        chart = Chart(spec, table, f"Bar chart of {definition.title.lower()} for {group} per year; the table "
                                   "lists the same values with their inputs")
    return render(request, "indicators/derived.html", {"definition": definition, "table": table, "chart": chart,
                                                        "group": group or "", "group_label": label,
                                                        "group_field": GROUPS[definition.group]})
