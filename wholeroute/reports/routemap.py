"""The map of a route, drawn offline: the vendored world-atlas TopoJSON (countries-110m, npm world-atlas 2.0.2)
passed to Vega-Lite as inline data and rendered to SVG by vl-convert. No tile server, no network.

Countries are coloured by their role on the route and also listed in a table, so colour never carries the
information alone. A country with several roles (e.g. transit and departure) takes the latest along the route."""

import functools
import json
from pathlib import Path

from django.conf import settings

from wholeroute.geo.models import RouteCountry
from wholeroute.reports.fiche import Chart, Table

ATLAS = Path(settings.BASE_DIR) / "wholeroute" / "static" / "vendor" / "world-atlas" / "countries-110m.json"
# Colour-blind-safe (Okabe–Ito) and distinct in grey scale; the legend and the table name every role too.
ROLE_COLOURS = {RouteCountry.Role.ORIGIN: "#E69F00", RouteCountry.Role.TRANSIT: "#56B4E9",
                RouteCountry.Role.DEPARTURE: "#009E73", RouteCountry.Role.DESTINATION: "#0072B2"}


@functools.lru_cache(maxsize=1)
def atlas() -> dict:
    return json.loads(ATLAS.read_text())


def roles_of(route) -> list[tuple]:
    """[(country, [role labels])] in route order (origin → destination), each country once."""
    by_country: dict = {}
    order = {role: i for i, role in enumerate(RouteCountry.ROLE_ORDER)}
    for rc in sorted(route.route_countries.select_related("country"), key=lambda r: (order[r.role], r.country.name)):
        by_country.setdefault(rc.country, []).append(rc)
    return list(by_country.items())


def chart(route) -> Chart:
    rows, values = [], []
    for country, memberships in roles_of(route):
        labels = [m.get_role_display() for m in memberships]
        main = memberships[-1]
        rows.append([country.name, ", ".join(labels), "yes" if country.numeric else "not on the world map",
                     "; ".join(m.role_detail for m in memberships if m.role_detail)])
        if country.numeric:
            values.append({"id": country.numeric, "role": main.get_role_display(), "country": country.name})
    domain = [label for role, label in RouteCountry.Role.choices if any(v["role"] == label for v in values)]
    colours = [ROLE_COLOURS[role] for role, label in RouteCountry.Role.choices if label in domain]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 640, "height": 420,
        # The <svg> gets its text alternative from the chart description; the shapes themselves are decoration
        # (the table beside the map lists every country and role).
        "projection": {"type": "mercator", "center": [32, 26], "scale": 255},
        "layer": [
            {"data": {"values": atlas(), "format": {"type": "topojson", "feature": "countries"}},
             "mark": {"type": "geoshape", "fill": "#eeeeee", "stroke": "#9a9a9a", "strokeWidth": 0.4, "aria": False}},
            {"data": {"values": atlas(), "format": {"type": "topojson", "feature": "countries"}},
             "transform": [{"lookup": "id", "from": {"data": {"values": values}, "key": "id",
                                                     "fields": ["role", "country"]}},
                           {"filter": "datum.role != null"}],
             "mark": {"type": "geoshape", "stroke": "#222222", "strokeWidth": 0.6, "aria": False},
             "encoding": {"color": {"field": "role", "type": "nominal", "title": "Role on the route",
                                    "scale": {"domain": domain, "range": colours},
                                    "legend": {"orient": "bottom-left", "fillColor": "white", "aria": False}}}},
        ],
    }
    table = Table(caption=f"Countries on the {route.name} route and their roles",
                  columns=["Country", "Role on the route", "On the map", "Detail"], rows=rows)
    return Chart(spec=spec, table=table,
                 description=f"Map of the {route.name} route: {len(rows)} countries coloured by role "
                             f"({', '.join(domain)}); the table below lists each country and its role.")
