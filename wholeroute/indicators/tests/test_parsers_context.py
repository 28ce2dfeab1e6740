"""The context-indicator parsers (World Bank WDI, UN DESA migrant stock, IDMC displacement, Fragile States
Index) on the real files: one record per row, real values, recognised from their columns, damage reported."""

import csv
import gzip

import pytest

from wholeroute.indicators.load import load
from wholeroute.indicators.models import ImportRun, Observation
from wholeroute.indicators.parsers import fsi, idmc, modules, undesa_stock, worldbank_wdi
from wholeroute.indicators.parsers._detect import detect, head_of
from wholeroute.indicators.seed import DATA
from wholeroute.indicators.tests import corrupted

WDI = DATA / "worldbank/wdi_indicators_long_1950_2021.csv.gz"
FSI = DATA / "context/fragile_states_index_long.csv.gz"
STOCK = DATA / "context/undesa_international_migrant_stock.csv.gz"
IDP_STOCKS = DATA / "context/idmc_idp_stocks_2024.csv"
NEW_DISPLACEMENTS = DATA / "context/idmc_new_displacements.csv"
FILES = {WDI: (worldbank_wdi, 87_726, "value"), FSI: (fsi, 38_396, "v"), STOCK: (undesa_stock, 153_296, "n"),
         IDP_STOCKS: (idmc, 1_541, "n"), NEW_DISPLACEMENTS: (idmc, 4_071, "n")}
ids = [p.name for p in FILES]


def data_rows(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


@pytest.mark.parametrize("path", list(FILES), ids=ids)
def test_each_context_table_gives_one_record_per_row(path):
    module, published_rows, _ = FILES[path]
    records, problems = corrupted.drain(module, path)
    assert problems == []
    assert data_rows(path) == published_rows == len(records)
    assert records[0].row == 2


@pytest.mark.parametrize(("path", "dimensions", "period", "value"), [
    (WDI, (("geo", "NGA"), ("indicator", "gdp")), "2020", 432_198_898_467.795),
    (WDI, (("geo", "SYR"), ("indicator", "unem")), "2019", 13.36),
    (FSI, (("geo", "SYR"), ("indicator", "C1")), "2023", 9.4),
    (STOCK, (("geo", "DEU"), ("origin", "TUR"), ("sex", "female")), "2020", 645_008),
    (IDP_STOCKS, (("geo", "SDN"), ("cause", "conflict"), ("sex", "female"), ("age", "0-4")), "2024", 858_113),
    (NEW_DISPLACEMENTS, (("geo", "SYR"), ("cause", "conflict")), "2023", 174_420),
], ids=["wdi-gdp", "wdi-unem", "fsi", "undesa", "idmc-stocks", "idmc-new"])
def test_context_values_are_the_published_cells(path, dimensions, period, value):
    module = FILES[path][0]
    found = [r.value for r in module.parse(path) if (r.dimensions, r.period) == (dimensions, period)]
    assert found == [value]


def test_the_two_idmc_tables_go_to_two_datasets_told_apart_by_their_columns():
    stocks = {r.dataset.code for r in idmc.parse(IDP_STOCKS)}
    new = {r.dataset.code for r in idmc.parse(NEW_DISPLACEMENTS)}
    assert (stocks, new) == ({"idmc_idp_stocks"}, {"idmc_new_displacements"})


@pytest.mark.parametrize("path", list(FILES), ids=ids)
def test_each_context_file_is_recognised_by_exactly_one_parser(path):
    assert [m for m in modules().values() if m.sniff(head_of(path))] == [FILES[path][0]]
    assert detect(path) is FILES[path][0]


@pytest.mark.parametrize("path", [WDI, FSI, IDP_STOCKS], ids=["wdi", "fsi", "idmc"])
def test_a_semicolon_cp1252_copy_with_decimal_commas_and_other_column_order_reads_the_same(tmp_path, path):
    module = FILES[path][0]
    original = corrupted.keyed(corrupted.drain(module, path)[0])
    for options in ({"delimiter": ";", "encoding": "cp1252"}, {"delimiter": ",", "encoding": "utf-8-sig", "gz": True},
                    {"delimiter": "\t", "encoding": "utf-8", "extra": False}):
        copy = corrupted.variant(path, tmp_path, **options)
        assert detect(copy) is module, options
        records, problems = corrupted.drain(module, copy)
        assert problems == [] and corrupted.keyed(records) == original, options


@pytest.mark.parametrize("path", list(FILES), ids=ids)
def test_damaged_context_copies_are_reported_with_row_and_column(tmp_path, path):
    module, _, value = FILES[path]
    corrupted.assert_reported(module, corrupted.truncated_mid_row(path, tmp_path), words="fields")
    corrupted.assert_reported(module, corrupted.wrong_delimiter(path, tmp_path), words="fields")
    corrupted.assert_reported(module, corrupted.bad_cell(path, tmp_path, value, "4,5,6"),
                              words="expected a number, found '4,5,6'")
    corrupted.assert_reported(module, corrupted.unknown_columns(path, tmp_path), words="missing column")
    corrupted.assert_reported(module, corrupted.garbage(tmp_path))
    corrupted.assert_reported(module, corrupted.garbage(tmp_path, "garbage.csv.gz", prefix=b"\x1f\x8b\x08"))
    if path.suffix == ".gz":
        corrupted.assert_reported(module, corrupted.truncated_gzip(path, tmp_path), words="cannot be read beyond")


@pytest.mark.django_db
@pytest.mark.parametrize("path", [IDP_STOCKS, NEW_DISPLACEMENTS], ids=["stocks", "new"])
def test_the_idmc_tables_import_whole_with_every_area_resolved(geography, path):
    run = load(path)
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors[:5]
    rows = FILES[path][1]
    assert (run.read, run.inserted, run.rejected) == (rows, rows, 0)
    assert Observation.objects.count() == rows
    again = load(path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, rows)


def test_parsing_memory_stays_flat_as_a_long_table_grows(tmp_path):
    """2 MB and 8 MB versions of the WDI table (both above the 1 MB chunk the encoding check reads)."""
    small, peak_small = corrupted.peak_memory_of_parsing(worldbank_wdi, corrupted.grown(WDI, tmp_path, 1, 80_000))
    large, peak_large = corrupted.peak_memory_of_parsing(worldbank_wdi, corrupted.grown(WDI, tmp_path, 4, 80_000))
    assert (small, large) == (80_000, 320_000)
    assert peak_large < 1.25 * peak_small, (peak_small, peak_large)
