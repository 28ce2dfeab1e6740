"""The Frontex parsers on the real files: the original workbook and the later long table are one dataset in two
vintages, the return operations keep their published total, and damaged copies are reported, never raised."""

import csv
from collections import defaultdict

import openpyxl
import pytest
import yaml
from django.db.models import Sum

from wholeroute.indicators.load import load
from wholeroute.indicators.models import ImportRun, Observation, ObservationRevision, Series
from wholeroute.indicators.parsers import frontex_long, frontex_returns, frontex_workbook, modules
from wholeroute.indicators.parsers._detect import detect, head_of
from wholeroute.indicators.seed import DATA
from wholeroute.indicators.tests import corrupted

WORKBOOK = DATA / "frontex/Monthly_detections_of_IBC_20220204.xlsx"
LONG = DATA / "frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv"
RETURNS = DATA / "frontex/frontex_return_operations_returnees_2006_2022.csv"


@pytest.fixture(scope="module")
def workbook_records():
    records, problems = corrupted.drain(frontex_workbook, WORKBOOK)
    assert problems == []
    return records


@pytest.fixture(scope="module")
def long_records():
    records, problems = corrupted.drain(frontex_long, LONG)
    assert problems == []
    return records


def yearly(records):
    totals = defaultdict(float)
    for record in records:
        totals[record.period[:4]] += record.value
    return totals


def test_the_workbook_gives_one_record_per_month_cell_of_the_detections_sheet(workbook_records):
    sheet = openpyxl.load_workbook(WORKBOOK, read_only=True)["Detections_of_IBC"]
    rows = list(sheet.iter_rows(values_only=True))
    months = [label for label in rows[0] if label and label[:3].isalpha() and label[3:].isdigit()]
    assert (len(rows) - 1, len(months)) == (833, 156)
    assert len(workbook_records) == 833 * 156
    assert {r.vintage for r in workbook_records} == {"2022-02-04"}


def test_the_workbook_values_are_the_cells_of_the_sheet(workbook_records):
    by_key = corrupted.keyed(workbook_records)

    def cell(route, border, nationality, month):
        return by_key[("frontex_ibc", (("route", route), ("border_type", border), ("citizen", nationality)), month)]

    assert cell("Eastern Mediterranean Route", "Sea", "Syria", "2015-10") == 109_671
    assert cell("Eastern Mediterranean Route", "Sea", "Syria", "2021-09") == 30
    assert cell("Central Mediterranean Route", "Sea", "Tunisia", "2021-09") == 1_795
    assert cell("Western Balkan Route", "Land", "Kosovo*", "2009-01") == 38
    assert cell("Eastern Borders Route", "Land", "Unknown", "2015-10") == 7
    first = next(r for r in workbook_records)
    assert first.row == 2 and first.period == "2009-01"


def test_the_long_table_gives_one_record_per_row_with_its_values(long_records):
    with open(LONG, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(long_records) == 31_176
    assert {r.vintage for r in long_records} == {"2025-06-03"}
    by_key = corrupted.keyed(long_records)
    syria = (("route", "Eastern Mediterranean Route"), ("border_type", "Sea"), ("citizen", "SYR"))
    assert by_key[("frontex_ibc", syria, "2015-10")] == 109_671
    assert by_key[("frontex_ibc", syria, "2021-09")] == 535
    assert long_records[0].row == 2 and long_records[-1].row == 31_177


def test_workbook_and_long_table_are_one_dataset_with_the_same_series_dimensions(workbook_records, long_records):
    assert {r.dataset for r in workbook_records} == {r.dataset for r in long_records}
    assert {r.dataset.code for r in long_records} == {"frontex_ibc"}
    assert {tuple(n for n, _ in r.dimensions) for r in workbook_records + long_records} == {
        ("route", "border_type", "citizen")}
    routes = {dict(r.dimensions)["route"] for r in workbook_records}
    assert routes == {dict(r.dimensions)["route"] for r in long_records}
    assert {dict(r.dimensions)["border_type"] for r in workbook_records + long_records} == {"Sea", "Land"}
    reference = yaml.safe_load((DATA / "reference/routes.yaml").read_text())
    names = {route["frontex_names"]["detections_sheet_and_long_csv"] for route in reference["routes"]}
    assert routes - {"Other"} <= names


def test_frontex_totals_agree_for_settled_years_and_differ_for_2021(workbook_records, long_records):
    workbook, long = yearly(workbook_records), yearly(long_records)
    assert workbook["2015"] == long["2015"] == 1_822_102
    for year in map(str, range(2010, 2020)):
        assert workbook[year] == long[year], year
    assert (workbook["2021"], long["2021"]) == (199_917, 202_119)


def test_return_operations_are_summed_per_year_member_state_and_destination_keeping_the_total():
    records, problems = corrupted.drain(frontex_returns, RETURNS)
    assert problems == []
    groups, rows = defaultdict(float), 0
    with open(RETURNS, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows += 1
            groups[(row["DATE"][:4], row["MSNAME"], row["DEST"])] += float(row["N_RETURNEES"])
    assert rows == 5_443
    assert len(records) == len(groups) == 1_513
    assert sum(r.value for r in records) == 92_933
    by_key = corrupted.keyed(records)
    uk_nigeria_2013 = ("frontex_returns", (("geo", "United Kingdom"), ("destination", "Nigeria")), "2013")
    assert by_key[uk_nigeria_2013] == groups[("2013", "United Kingdom", "Nigeria")] > 0
    assert {n for r in records for n, _ in r.dimensions} == {"geo", "organiser", "destination"}
    assert all(dict(r.dimensions).get("organiser") in (None, "Frontex") for r in records)


@pytest.mark.parametrize(("path", "module"), [(WORKBOOK, frontex_workbook), (LONG, frontex_long),
                                               (RETURNS, frontex_returns)])
def test_each_frontex_file_is_recognised_by_exactly_one_parser(path, module):
    head = head_of(path)
    assert [m for m in modules().values() if m.sniff(head)] == [module]
    assert detect(path) is module


@pytest.mark.parametrize("module", [frontex_long, frontex_returns])
def test_a_semicolon_cp1252_or_bom_copy_with_other_column_order_and_an_extra_column_reads_the_same(tmp_path, module):
    path = LONG if module is frontex_long else RETURNS
    original = corrupted.keyed(corrupted.drain(module, path)[0])
    for options in ({"delimiter": ";", "encoding": "cp1252"}, {"delimiter": ",", "encoding": "utf-8-sig", "gz": True},
                    {"delimiter": "\t", "encoding": "utf-8", "reorder": False}):
        copy = corrupted.variant(path, tmp_path, **options)
        assert detect(copy) is module, options
        records, problems = corrupted.drain(module, copy)
        assert problems == [] and corrupted.keyed(records) == original, options


@pytest.mark.parametrize("module", [frontex_long, frontex_returns])
def test_damaged_text_copies_are_reported_with_row_and_column(tmp_path, module):
    path = LONG if module is frontex_long else RETURNS
    value = "detections" if module is frontex_long else "N_RETURNEES"
    corrupted.assert_reported(module, corrupted.truncated_mid_row(path, tmp_path), words="expected")
    corrupted.assert_reported(module, corrupted.wrong_delimiter(path, tmp_path), words="fields")
    corrupted.assert_reported(module, corrupted.bad_cell(path, tmp_path, value, "1x"),
                              words="expected a number, found '1x'")
    corrupted.assert_reported(module, corrupted.bad_cell(path, tmp_path, value, ""), words="empty")
    date = "month" if module is frontex_long else "DATE"
    corrupted.assert_reported(module, corrupted.bad_cell(path, tmp_path, date, "Sept 2015"), words="expected")
    corrupted.assert_reported(module, corrupted.unknown_columns(path, tmp_path), words="missing column")
    corrupted.assert_reported(module, corrupted.garbage(tmp_path))
    corrupted.assert_reported(module, corrupted.garbage(tmp_path, "garbage.csv.gz", prefix=b"\x1f\x8b"))


@pytest.fixture(scope="module")
def damaged_workbooks(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("workbooks")
    book = openpyxl.load_workbook(WORKBOOK)
    sheet = book["Detections_of_IBC"]
    sheet["D2"], sheet["E3"] = "12x", None
    book.save(tmp / "bad_cells.xlsx")
    sheet["C1"] = "Citizenship of the person"
    book.save(tmp / "unknown_columns.xlsx")
    raw = WORKBOOK.read_bytes()
    (tmp / "truncated.xlsx").write_bytes(raw[: len(raw) // 2])
    corrupted.garbage(tmp, "garbage.xlsx", prefix=b"PK\x03\x04")
    return tmp


def test_damaged_workbooks_are_reported_with_row_and_column(damaged_workbooks):
    records, problems = corrupted.drain(frontex_workbook, damaged_workbooks / "bad_cells.xlsx")
    assert [(p.row, p.column) for p in problems] == [(2, "JAN2009"), (3, "FEB2009")]
    assert "expected a number of detections, found '12x'" in problems[0].message
    assert "found None" in problems[1].message
    assert len(records) == 833 * 156 - 2
    for name, words in [("unknown_columns.xlsx", "no header row with the columns Route, Border type or inland, "
                                                 "Nationality"),
                        ("truncated.xlsx", "not a readable XLSX workbook"), ("garbage.xlsx", "not a readable")]:
        records, problems = corrupted.drain(frontex_workbook, damaged_workbooks / name)
        assert records == [] and len(problems) == 1 and words in problems[0].message, (name, problems)


@pytest.mark.django_db
def test_loading_the_workbook_then_the_long_table_keeps_both_vintages(geography):
    first = load(WORKBOOK)
    assert first.status == ImportRun.Status.SUCCEEDED, first.errors[:5]
    assert (first.read, first.inserted, first.rejected, first.vintage) == (129_948, 129_948, 0, "2022-02-04")
    second = load(LONG)
    assert second.status == ImportRun.Status.SUCCEEDED, second.errors[:5]
    assert (second.read, second.rejected, second.vintage) == (31_176, 0, "2025-06-03")

    detections = Observation.objects.filter(series__dataset__code="frontex_ibc")
    assert detections.filter(period__startswith="2015").aggregate(t=Sum("value"))["t"] == 1_822_102
    assert detections.filter(period__startswith="2021").aggregate(t=Sum("value"))["t"] == 202_119
    # As published in the workbook's vintage: the superseded value where the long table revised a cell,
    # else the value the workbook set and the long table left as it was.
    in_2021 = detections.filter(period__startswith="2021")
    superseded = ObservationRevision.objects.filter(observation__in=in_2021, import_run=first)
    unrevised = in_2021.filter(import_run=first).exclude(pk__in=superseded.values("observation"))
    as_published = (superseded.aggregate(t=Sum("value"))["t"] or 0) + (unrevised.aggregate(t=Sum("value"))["t"] or 0)
    assert as_published == 199_917
    # Nationality names (workbook) and codes (long table) resolve to one series per route × border × country.
    syria_sea = Series.objects.get(dataset__code="frontex_ibc", citizenship__code="SY",
                                   route__slug="eastern-mediterranean", dimensions__border_type="Sea")
    september = syria_sea.observations.get(period="2021-09")
    assert (september.value, september.revisions.get().value) == (535, 30)

    again = load(LONG)
    assert (again.status, again.inserted, again.updated, again.unchanged) == (
        ImportRun.Status.SUCCEEDED, 0, 0, 31_176)
    assert detections.filter(period__startswith="2021").aggregate(t=Sum("value"))["t"] == 202_119


@pytest.mark.django_db
def test_the_return_operations_import_whole_with_every_country_resolved(geography):
    run = load(RETURNS)
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors[:5]
    assert (run.read, run.inserted, run.rejected) == (1_513, 1_513, 0)
    returnees = Observation.objects.filter(series__dataset__code="frontex_returns")
    assert returnees.aggregate(t=Sum("value"))["t"] == 92_933
