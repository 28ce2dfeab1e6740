"""The geography API: public reference data."""

import pytest
import yaml

from wholeroute.geo import seed


def test_countries_filter_by_kind(client, geo):
    aggregates = {c["code"] for c in client.get("/api/geo/countries", {"kind": "aggregate"}).json()}
    assert {"EU27_2020", "EU28", "TOTAL"} <= aggregates and "FR" not in aggregates
    assert client.get("/api/geo/countries", {"kind": "planet"}).status_code == 422


def test_countries_filter_by_grouping_on_a_date(client, geo):
    members = client.get("/api/geo/countries", {"grouping": "EU", "on": "2020-01-31"}).json()
    assert "GB" in {c["code"] for c in members} and len(members) == 28
    after = client.get("/api/geo/countries", {"grouping": "EU", "on": "2020-02-01"}).json()
    assert "GB" not in {c["code"] for c in after} and len(after) == 27
    assert client.get("/api/geo/countries", {"grouping": "NATO"}).status_code == 422


def test_one_country_with_groupings_and_route_roles(client, geo):
    greece = client.get("/api/geo/countries/gr").json()
    assert greece["eurostat_code"] == "EL" and greece["iso3"] == "GRC"
    eu = next(m for m in greece["groupings"] if m["grouping"] == "EU")
    assert eu["start"] == "1981-01-01" and eu["current"] and eu["source"].startswith("https://")
    assert {"route": "eastern-mediterranean", "role": "destination"}.items() <= next(
        r for r in greece["routes"] if r["route"] == "eastern-mediterranean").items()
    assert client.get("/api/geo/countries/XK").json()["iso3"] == "XKX"
    assert client.get("/api/geo/countries/QQ").status_code == 404


def test_membership_on_a_date_says_which_borders(client, geo):
    answer = client.get("/api/geo/countries/BG/membership", {"grouping": "SCHENGEN", "on": "2024-04-01"}).json()
    assert answer["member"] and answer["scope"] == "air and sea borders"
    assert answer["borders"] == {"air": True, "sea": True, "land": False}
    later = client.get("/api/geo/countries/BG/membership", {"grouping": "SCHENGEN", "on": "2025-01-01"}).json()
    assert later["borders"] == {"air": True, "sea": True, "land": True}
    uk = client.get("/api/geo/countries/GB/membership", {"grouping": "EU", "on": "2020-02-01"}).json()
    assert uk["member"] is False


def test_routes_list_countries_by_role_in_order(client, geo):
    reference = yaml.safe_load(seed.ROUTES_FILE.read_text())
    spec = next(r for r in reference["routes"] if r["id"] == "eastern_borders")
    route = client.get("/api/geo/routes/eastern-borders").json()
    assert [r["role"] for r in route["roles"]] == ["origin", "transit", "departure", "destination"]
    for block in route["roles"]:
        assert {c["code"] for c in block["countries"]} == {
            e["code"] for e in spec["countries"].get(block["role"]) or [] if e.get("code")}
    assert len(client.get("/api/geo/routes").json()) == 9
    assert client.get("/api/geo/routes/nowhere").status_code == 404


def test_resolve_shows_how_a_source_naming_is_read(client, geo):
    assert client.get("/api/geo/resolve", {"text": "Kosovo*"}).json()["code"] == "XK"
    unknown = client.get("/api/geo/resolve", {"text": "OOO"}).json()
    assert unknown["code"] == "UNK" and unknown["is_country"] is False
    assert client.get("/api/geo/resolve", {"text": "AUS", "scheme": "unhcr"}).json()["code"] == "AT"
    assert client.get("/api/geo/resolve", {"text": "Atlantis"}).status_code == 404


@pytest.mark.parametrize("user", [None, "vera", "bob", "carol"])
def test_the_geography_api_is_public_reference_data(request, geo, client_of, client, user):
    caller = client_of(request.getfixturevalue(user)) if user else client
    assert caller.get("/api/geo/countries/TN").status_code == 200
    assert caller.get("/api/geo/groupings").json()[0]["code"] == "EU"


def test_the_geography_api_has_no_write_routes(client, geo):
    assert client.post("/api/geo/countries", {}).status_code == 405
