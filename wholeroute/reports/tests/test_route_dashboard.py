"""The route dashboard: an offline map (vendored world-atlas) coloured by role with a legend and the same facts as
text, then per-country flows, partnerships by phase and committed money, each beside its table."""

import csv
import json
from pathlib import Path

from django.conf import settings

from wholeroute.geo.models import RouteCountry
from wholeroute.indicators.seed import DATA
from wholeroute.reports.tests.conftest import SECRET

VENDOR = Path(settings.BASE_DIR) / "wholeroute" / "static" / "vendor" / "world-atlas"


def test_the_world_atlas_is_vendored_with_its_licence_and_version():
    assert (VENDOR / "LICENSE").read_text().strip()
    assert "world-atlas 2.0.2" in (VENDOR / "VERSION").read_text()
    assert json.loads((VENDOR / "countries-110m.json").read_text())["type"] == "Topology"


def test_the_route_map_colours_countries_by_role_with_a_legend_and_a_text_list(client_of, alice, world):
    page = client_of(alice).get("/reports/route/central-mediterranean/dashboard").content.decode()
    assert "<h1>Route dashboard: Central Mediterranean</h1>" in page
    map_svg = page[page.index('id="section-route-map"'):page.index('id="section-route-countries"')]
    assert map_svg.count("<path") > 100  # the world's countries, drawn from the vendored TopoJSON
    assert "Role on the route" in map_svg  # the legend
    for role in ("Origin", "Departure", "Destination"):
        assert role in map_svg
    # colour is not the only carrier: each country and its role is in the table as text
    tunisia = RouteCountry.objects.filter(route__slug="central-mediterranean", country__code="TN")
    assert tunisia.exists()
    assert "<td>" in map_svg and "Tunisia" in map_svg


def test_the_countries_table_has_flows_of_nationals_dead_and_missing_partnerships_and_money(client_of, alice, world):
    from wholeroute.indicators.load import load

    load(DATA / "iom_mmp/mmp_incidents_global_2014-01_2023-12.csv")
    with open(DATA / "frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv") as handle:
        detections = sum(int(r["detections"]) for r in csv.DictReader(handle)
                         if r["route"] == "Central Mediterranean Route" and r["nationality_iso3"] == "TUN"
                         and r["month"].startswith("2023"))
    with open(DATA / "iom_mmp/mmp_incidents_global_2014-01_2023-12.csv") as handle:
        dead = sum(float(r["dead_and_missing"] or 0) for r in csv.DictReader(handle)
                   if r["route"] == "Central Mediterranean Route" and r["country_iso3"] == "TUN"
                   and r["month"].startswith("2023"))
    assert detections > 0 and dead > 0
    page = client_of(alice).get("/reports/route/central-mediterranean/dashboard").content.decode()
    section = page[page.index('id="section-route-countries"'):]
    assert "Detections of nationals on this route, 2023" in section
    tunisia = section[section.index(">Tunisia</a>"):]
    tunisia = tunisia[:tunisia.index("</tr>")]
    assert f"{detections:,}" in tunisia and f"{round(dead):,}" in tunisia
    assert "exploration" in tunisia  # alice's LIMITED partnership with Tunisia
    assert "Flows and loss of life" in page and "Dead and missing" in page


def test_anonymous_visitors_get_the_dashboard_without_limited_records(client, client_of, alice, world):
    assert SECRET in client_of(alice).get("/reports/route/central-mediterranean/dashboard").content.decode()
    client.logout()
    response = client.get("/reports/route/central-mediterranean/dashboard")
    assert response.status_code == 200 and SECRET not in response.content.decode()
    assert client.get("/reports/route/no-such-route/dashboard").status_code == 404
