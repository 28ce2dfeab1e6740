"""The IOM Missing Migrants parsers on the real files: incidents become counts per month × route × place,
the published totals survive, nothing about an incident is kept, and damaged copies are reported."""

import csv
import re
from collections import defaultdict

import pytest
from django.db.models import Sum

from wholeroute.indicators.load import load
from wholeroute.indicators.models import ImportRun, Observation
from wholeroute.indicators.parsers import iom_mmp_download, iom_mmp_tidy, modules
from wholeroute.indicators.parsers._detect import detect, head_of
from wholeroute.indicators.seed import DATA
from wholeroute.indicators.tests import corrupted

TIDY = DATA / "iom_mmp/mmp_incidents_global_2014-01_2023-12.csv"
EUROPE = DATA / "iom_mmp/mmp_europe_related_routes_2014_2023.csv"
EXPORT = DATA / "iom_mmp/MissingMigrants-Global-2026-05-06_January2026_rows.csv"


def incidents(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def number(cell):
    return float(cell) if cell.strip() else 0.0


def test_the_tidy_file_is_summed_per_month_route_and_country_keeping_64065_dead_and_missing():
    records, problems = corrupted.drain(iom_mmp_tidy, TIDY)
    assert problems == []
    rows = incidents(TIDY)
    groups = defaultdict(float)
    for row in rows:
        groups[(row["month"], row["route"], row["country_iso3"])] += float(row["dead_and_missing"])
    assert len(rows) == 16_219
    assert len(records) == len(groups) == 3_387
    assert sum(r.value for r in records) == 64_065
    by_key = corrupted.keyed(records)
    key = ("2015-04", "Central Mediterranean Route", "LBY")
    assert by_key[("iom_mmp_dead_missing", (("mmp_route", key[1]), ("incident_country", key[2])), key[0])] == \
        groups[key] > 0
    assert {r.vintage for r in records} == {"2025-06-04"}


def test_the_europe_routes_file_is_summed_per_month_route_and_country_of_incident():
    records, problems = corrupted.drain(iom_mmp_download, EUROPE)
    assert problems == []
    groups = defaultdict(float)
    for row in incidents(EUROPE):
        groups[(f"{int(row['Incident year'])}-{int(row['Incident month']):02d}", row["Route"],
                row["Country of Incident"])] += float(row["No. dead/missing"])
    assert len(records) == len(groups) == 1_646
    assert sum(r.value for r in records) == sum(groups.values()) == 40_267
    assert {r.dataset.code for r in records} == {"iom_mmp_europe"}
    by_key = corrupted.keyed(records)
    assert by_key[("iom_mmp_europe", (("mmp_route", "Eastern Mediterranean"), ("incident_country", "Greece")),
                   "2014-01")] == groups[("2014-01", "Eastern Mediterranean", "Greece")] >= 12


def test_the_global_export_sums_dead_and_missing_per_month_route_and_region():
    records, problems = corrupted.drain(iom_mmp_download, EXPORT)
    assert problems == []
    rows = incidents(EXPORT)
    groups = defaultdict(float)
    for row in rows:
        month = re.search(r"(\d{2})/\d{2}/(\d{4})", row["Incident Date"])
        groups[(f"{month.group(2)}-{month.group(1)}", row["Migration route"] or "Undefined", row["Region"])] += (
            number(row["Number Dead"]) + number(row["Minimum Estimated Number of Missing"]))
    assert len(rows) == 57
    assert len(records) == len(groups) == 19
    assert sum(r.value for r in records) == sum(groups.values()) > 0
    assert {r.period for r in records} == {"2026-01"} and {r.vintage for r in records} == {"2026-05-06"}
    assert {r.dataset.code for r in records} == {"iom_mmp_global_export"}


@pytest.mark.parametrize(("path", "module", "columns"), [
    (TIDY, iom_mmp_tidy, {"mmp_route": "route", "incident_country": "country_iso3"}),
    (EUROPE, iom_mmp_download, {"mmp_route": "Route", "incident_country": "Country of Incident"}),
    (EXPORT, iom_mmp_download, {"mmp_route": "Migration route", "region": "Region"}),
])
def test_nothing_about_a_single_incident_is_kept(path, module, columns):
    """Every dimension value comes from the route and place columns: no date, location, coordinates, cause,
    origin, source or identifier of an incident reaches a record."""
    records, _ = corrupted.drain(module, path)
    rows = incidents(path)
    for dimension, column in columns.items():
        published = {row[column] or "Undefined" for row in rows}
        assert {dict(r.dimensions)[dimension] for r in records} == published
    assert {n for r in records for n, _ in r.dimensions} == set(columns)
    assert {len(r.period) for r in records} == {7}


@pytest.mark.parametrize(("path", "module"), [(TIDY, iom_mmp_tidy), (EUROPE, iom_mmp_download),
                                               (EXPORT, iom_mmp_download)])
def test_each_mmp_file_is_recognised_by_exactly_one_parser(path, module):
    assert [m for m in modules().values() if m.sniff(head_of(path))] == [module]
    assert detect(path) is module


@pytest.mark.parametrize(("path", "module"), [(TIDY, iom_mmp_tidy), (EUROPE, iom_mmp_download),
                                               (EXPORT, iom_mmp_download)])
def test_a_semicolon_or_bom_copy_with_other_column_order_reads_the_same(tmp_path, path, module):
    original = corrupted.keyed(corrupted.drain(module, path)[0])
    for options in ({"delimiter": ";", "encoding": "utf-8"}, {"delimiter": ",", "encoding": "utf-8-sig", "gz": True}):
        copy = corrupted.variant(path, tmp_path, **options)
        assert detect(copy) is module, options
        records, problems = corrupted.drain(module, copy)
        assert problems == [] and corrupted.keyed(records) == original, options


@pytest.mark.parametrize(("path", "module", "value", "date"), [
    (TIDY, iom_mmp_tidy, "dead_and_missing", "month"),
    (EUROPE, iom_mmp_download, "No. dead/missing", "Incident month"),
    (EXPORT, iom_mmp_download, "Number Dead", "Incident Date"),
])
def test_damaged_mmp_copies_are_reported_with_row_and_column(tmp_path, path, module, value, date):
    corrupted.assert_reported(module, corrupted.truncated_mid_row(path, tmp_path), words="fields")
    corrupted.assert_reported(module, corrupted.wrong_delimiter(path, tmp_path), words="fields")
    corrupted.assert_reported(module, corrupted.bad_cell(path, tmp_path, value, "twelve"),
                              words="expected a number, found 'twelve'")
    corrupted.assert_reported(module, corrupted.bad_cell(path, tmp_path, date, "13", offset=2), words="expected")
    corrupted.assert_reported(module, corrupted.unknown_columns(path, tmp_path), words="missing column")
    corrupted.assert_reported(module, corrupted.garbage(tmp_path))


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "code", "groups"), [(TIDY, "iom_mmp_dead_missing", 3_387),
                                                      (EUROPE, "iom_mmp_europe", 1_646),
                                                      (EXPORT, "iom_mmp_global_export", 19)])
def test_each_mmp_file_imports_whole_with_every_country_resolved(geography, path, code, groups):
    run = load(path)
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors[:5]
    assert (run.read, run.inserted, run.rejected) == (groups, groups, 0)
    total = Observation.objects.filter(series__dataset__code=code).aggregate(t=Sum("value"))["t"]
    assert total == sum(r.value for r in detect(path).parse(path))
    assert (load(path).unchanged, load(path).inserted) == (groups, 0)


def test_summing_memory_grows_with_the_groups_not_with_the_incidents(tmp_path):
    """The same incidents four times over: four times the rows, the same month × route × country groups."""
    small, peak_small = corrupted.peak_memory_of_parsing(iom_mmp_tidy, corrupted.grown(TIDY, tmp_path, 1, 8_000))
    large, peak_large = corrupted.peak_memory_of_parsing(iom_mmp_tidy, corrupted.grown(TIDY, tmp_path, 4, 8_000))
    assert small == large > 0
    assert peak_large < 1.25 * peak_small, (peak_small, peak_large)
