"""Derived indicators computed from real imported files, with their formula and inputs shown."""

import csv

import pytest

from wholeroute.indicators.derived import BY_CODE, DEFINITIONS, compute
from wholeroute.indicators.load import load
from wholeroute.indicators.models import Dataset, ImportRun
from wholeroute.indicators.seed import DATA

LEGACY = DATA / "eurostat/legacy_export_2017"


def _published(name, **where):
    with open(LEGACY / name, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if all(row[k] == v for k, v in where.items()):
                return float(row["Value"].replace(",", ""))
    raise LookupError(where)


@pytest.mark.django_db
def test_the_recognition_rate_is_positive_decisions_over_all_decisions_from_the_published_file(geography):
    assert load(LEGACY / "migr_asydcfsta_2017-04-26.csv").status == ImportRun.Status.SUCCEEDED
    rows = {(r["group"], r["year"]): r for r in compute(None, BY_CODE["recognition-rate"], "DE")}
    positive = sum(_published("migr_asydcfsta_2017-04-26.csv", TIME="2015", CITIZEN=c, DECISION="Total positive decisions",
                              GEO="Germany (until 1990 former territory of the FRG)") for c in ("Total", "Extra-EU-28"))
    total = sum(_published("migr_asydcfsta_2017-04-26.csv", TIME="2015", CITIZEN=c, DECISION="Total",
                           GEO="Germany (until 1990 former territory of the FRG)") for c in ("Total", "Extra-EU-28"))
    assert rows[("DE", 2015)]["value"] == round(positive / total * 100, 2)
    assert 0 < rows[("DE", 2015)]["value"] < 100


@pytest.mark.django_db
def test_the_return_rate_divides_returned_by_ordered_to_leave_for_the_same_country_and_year(geography):
    for name in ("migr_eiord_1_Data.csv", "migr_eirtn_1_Data.csv"):
        assert load(LEGACY / name).status == ImportRun.Status.SUCCEEDED
    rows = {(r["group"], r["year"]): r for r in compute(None, BY_CODE["return-rate"])}
    germany = "Germany (until 1990 former territory of the FRG)"
    returned = _published("migr_eirtn_1_Data.csv", TIME="2016", GEO=germany, INDIC_MG="Total number of persons returned")
    ordered = _published("migr_eiord_1_Data.csv", TIME="2016", GEO=germany)
    assert rows[("DE", 2016)]["numerator"] == returned and rows[("DE", 2016)]["denominator"] == ordered
    assert rows[("DE", 2016)]["value"] == round(returned / ordered * 100, 2)


@pytest.mark.django_db
def test_a_derived_indicator_of_a_dataset_the_user_may_not_see_is_empty(geography, bob):
    load(LEGACY / "migr_eiord_1_Data.csv")
    load(LEGACY / "migr_eirtn_1_Data.csv")
    Dataset.objects.filter(code="migr_eirtn").update(classification="SENSITIVE")
    assert compute(bob, BY_CODE["return-rate"]) == []
    assert compute(None, BY_CODE["return-rate"]) == []


def test_every_definition_states_its_formula_and_its_inputs():
    for definition in DEFINITIONS:
        assert definition.formula and definition.inputs
        assert all(i.dataset and i.describe() for i in definition.inputs)


@pytest.mark.django_db
def test_the_share_of_the_eu_total_uses_the_published_eu27_aggregate(geography):
    name = DATA / "eurostat/migr_asyappctza_applicants_by_citizenship_sex_2011_2022.csv"
    assert load(name).status == ImportRun.Status.SUCCEEDED
    published = {}
    with open(name, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["year"] == "2022" and row["geo_iso3"] in ("DEU", "EU27"):
                published[row["geo_iso3"]] = published.get(row["geo_iso3"], 0) + float(row["applicants"])
    rows = {(r["group"], r["year"]): r["value"] for r in compute(None, BY_CODE["share-of-eu-asylum-applicants"])}
    assert rows[("DE", 2022)] == round(published["DEU"] / published["EU27"] * 100, 2)


@pytest.mark.django_db
def test_the_derived_pages_show_formula_inputs_values_and_csv_only_to_those_who_may_see_the_inputs(
        geography, client, client_of, alice, bob):
    load(LEGACY / "migr_eiord_1_Data.csv")
    load(LEGACY / "migr_eirtn_1_Data.csv")
    listing = client.get("/statistics/derived/").content.decode()
    assert "returned ÷ ordered to leave" in listing and "/statistics/migr_eirtn/" in listing
    page = client.get("/statistics/derived/return-rate/", {"group": "DE"}).content.decode()
    value = next(r["value"] for r in compute(None, BY_CODE["return-rate"], "DE") if r["year"] == 2016)
    assert "<svg" in page and "<caption>" in page and f"{value}" in page
    assert f"DE,2016,{value}," in client.get("/statistics/derived/return-rate/", {"format": "csv"}).content.decode()
    Dataset.objects.filter(code="migr_eirtn").update(classification="SENSITIVE",
                                                     owner=alice.memberships.get().organisation)
    assert f"{value}" not in client_of(bob).get("/statistics/derived/return-rate/", {"group": "DE"}).content.decode()
    assert f"{value}" in client_of(alice).get("/statistics/derived/return-rate/", {"group": "DE"}).content.decode()
    assert client.get("/statistics/derived/no-such-indicator/").status_code == 404
