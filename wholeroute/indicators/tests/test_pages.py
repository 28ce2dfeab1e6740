"""Statistics pages, sections and API on real Frontex data; LIMITED datasets stay hidden from outsiders."""

import pytest

from wholeroute.indicators.load import load
from wholeroute.indicators.models import Dataset, Series
from wholeroute.indicators.seed import DATA

LONG = DATA / "frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv"


@pytest.fixture
def frontex(geography):
    load(LONG)


def test_the_route_page_shows_detections_as_a_chart_with_its_table_and_vintage(client, frontex):
    page = client.get("/routes/central-mediterranean/").content.decode()
    assert "<svg" in page and "Detections (Frontex)" in page
    import csv

    with open(LONG) as handle:
        total_2017 = sum(int(r["detections"]) for r in csv.DictReader(handle)
                         if r["route"] == "Central Mediterranean Route" and r["month"].startswith("2017"))
    assert f"{total_2017:,}" in page
    assert "vintage 2025-06-03" in page


def test_the_country_page_shows_detections_of_nationals(client, frontex):
    page = client.get("/countries/SY/").content.decode()
    assert "Nationals of Syria" in page and "<svg" in page


def test_the_series_explorer_filters_and_the_series_page_downloads_csv(client, frontex):
    listing = client.get("/statistics/frontex_ibc/", {"citizenship": "TN", "route": "central-mediterranean"})
    assert listing.status_code == 200 and "citizen=TN" in listing.content.decode()
    series = Series.objects.get(dataset__code="frontex_ibc", key="border_type=Sea|citizen=TN|route=central-mediterranean")
    csv_text = client.get(f"/statistics/series/{series.pk}/", {"format": "csv"}).content.decode()
    assert "2023-09" in csv_text and "2025-06-03" in csv_text


def test_the_api_pages_through_series_and_observations(client, frontex):
    data = client.get("/api/indicators/series", {"dataset": "frontex_ibc", "citizenship": "TN", "limit": 2}).json()
    assert data["count"] >= 2 and len(data["items"]) == 2
    first = data["items"][0]["id"]
    obs = client.get(f"/api/indicators/series/{first}/observations", {"limit": 5}).json()
    assert len(obs["items"]) <= 5 and obs["items"][0]["vintage"] == "2025-06-03"


def test_a_limited_dataset_is_hidden_from_anonymous_visitors(client, client_of, alice, bob, frontex):
    dataset = Dataset.objects.get(code="frontex_ibc")
    Dataset.objects.filter(pk=dataset.pk).update(classification="SENSITIVE", owner=alice.memberships.get().organisation)
    series = dataset.series.first()
    assert client.get("/statistics/frontex_ibc/").status_code == 404
    assert client.get(f"/api/indicators/series/{series.pk}/observations").status_code == 403
    assert "frontex_ibc" not in client.get("/statistics/").content.decode()
    assert client_of(bob).get(f"/statistics/series/{series.pk}/").status_code == 404
    assert client_of(alice).get(f"/statistics/series/{series.pk}/").status_code == 200


def test_the_api_filters_series_by_any_dimension_and_refuses_a_malformed_filter(client, frontex):
    sea = client.get("/api/indicators/series", {"dataset": "frontex_ibc", "citizenship": "TN",
                                                "dimension": "border_type=Sea"}).json()
    assert sea["count"] >= 1 and all(s["dimensions"]["border_type"] == "Sea" for s in sea["items"])
    both = client.get("/api/indicators/series", {"dataset": "frontex_ibc", "citizenship": "TN"}).json()
    assert both["count"] > sea["count"]
    assert client.get("/api/indicators/series", {"dimension": "border_type"}).status_code == 422
