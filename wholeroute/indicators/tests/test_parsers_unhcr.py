"""The UNHCR parsers on the real files: one record per reported measure cell, each table told apart by its
columns, the Data Finder export joining the population dataset as an earlier vintage, damaged copies reported."""

import csv
import gzip

import pytest

from wholeroute.indicators.load import load
from wholeroute.indicators.models import ImportRun, Observation, Series
from wholeroute.indicators.parsers import (
    modules,
    unhcr_asylum_applications,
    unhcr_asylum_decisions,
    unhcr_data_finder,
    unhcr_flows,
    unhcr_population,
    unhcr_solutions,
)
from wholeroute.indicators.parsers._detect import detect, head_of
from wholeroute.indicators.seed import DATA
from wholeroute.indicators.tests import corrupted

UNHCR = DATA / "unhcr"
FINDER = UNHCR / "refugee_data_finder_query_2022-02-08/population.csv"
PACKAGE = {
    "unhcr_population_1951_2023.csv.gz": (unhcr_population, 126_403),
    "unhcr_asylum_applications_2000_2023.csv.gz": (unhcr_asylum_applications, 108_496),
    "unhcr_asylum_decisions_2000_2023.csv.gz": (unhcr_asylum_decisions, 103_034),
    "unhcr_flows_1962_2023.csv.gz": (unhcr_flows, 97_963),
    "unhcr_solutions_1959_2023.csv.gz": (unhcr_solutions, 19_564),
}


def reported_cells(path, measures, header_line=1):
    """Rows and non-empty measure cells, counted with the csv module alone."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        lines = csv.reader(handle)
        for _ in range(header_line - 1):
            next(lines)
        header = next(lines)
        positions = [header.index(m) for m in measures]
        rows = cells = 0
        for row in lines:
            rows += 1
            cells += sum(1 for p in positions if row[p].strip() not in ("", "NA"))
    return rows, cells


@pytest.mark.parametrize("name", sorted(PACKAGE))
def test_each_package_table_gives_one_record_per_reported_measure_cell(name):
    module, published_rows = PACKAGE[name]
    path = UNHCR / name
    records, problems = corrupted.drain(module, path)
    assert problems == []
    rows, cells = reported_cells(path, list(module.LAYOUT.measures))
    assert rows == published_rows
    assert len(records) == cells
    assert {r.dataset.code for r in records} == {module.LAYOUT.dataset.code}
    assert {n for r in records for n, _ in r.dimensions} >= {"origin", "asylum", "measure"}


@pytest.mark.parametrize(("name", "key", "value"), [
    ("unhcr_population_1951_2023.csv.gz", (("origin", "SYR"), ("asylum", "DEU"), ("measure", "refugees"), "2023"),
     705_812),
    ("unhcr_population_1951_2023.csv.gz", (("origin", "SYR"), ("asylum", "DEU"), ("measure", "asylum_seekers"),
                                           "2023"), 72_642),
    ("unhcr_asylum_decisions_2000_2023.csv.gz", (("origin", "AFG"), ("asylum", "DEU"), ("procedure_type", "G"),
                                                 ("dec_level", "FI"), ("dec_pc", "P"), ("measure", "dec_recognized"),
                                                 "2022"), 7_298),
    ("unhcr_asylum_applications_2000_2023.csv.gz", (("origin", "SYR"), ("asylum", "DEU"), ("procedure_type", "G"),
                                                    ("app_type", "N"), ("dec_level", "NA"), ("app_pc", "P"),
                                                    ("measure", "applied"), "2015"), 158_657),
    ("unhcr_flows_1962_2023.csv.gz", (("origin", "UKR"), ("asylum", "POL"), ("measure", "refugees"), "2022"), 956_760),
    ("unhcr_solutions_1959_2023.csv.gz", (("origin", "SYR"), ("asylum", "CAN"), ("measure", "resettlement"), "2022"),
     7_610),
])
def test_package_values_are_the_published_cells(name, key, value):
    module, _ = PACKAGE[name]
    wanted = (key[:-1], key[-1])
    found = [r.value for r in module.parse(UNHCR / name) if (r.dimensions, r.period) == wanted]
    assert found == [value]


def test_the_data_finder_export_joins_the_population_dataset_as_an_earlier_vintage():
    records, problems = corrupted.drain(unhcr_data_finder, FINDER)
    assert problems == []
    rows, cells = reported_cells(FINDER, list(unhcr_data_finder.MEASURES), header_line=2)
    assert (rows, len(records)) == (1_190, cells)
    assert {r.dataset for r in records} == {unhcr_population.LAYOUT.dataset}
    assert {r.vintage for r in records} == {"2021-11-10"}
    syria_2020 = {dict(r.dimensions)["measure"]: r.value for r in records
                  if r.period == "2020" and dict(r.dimensions)["origin"] == "SYR"}
    assert syria_2020 == {"refugees": 6_702_912, "asylum_seekers": 107_083, "idps": 6_701_972, "stateless": 0,
                          "ooc": 7_821}
    assert {dict(r.dimensions)["asylum"] for r in records} == {"TOTAL"}
    assert {dict(r.dimensions)["measure"] for r in records} <= set(unhcr_population.MEASURES) | {
        "venezuelans_displaced_abroad"}
    assert records[0].row == 3


@pytest.mark.parametrize("path", [FINDER, *(UNHCR / n for n in sorted(PACKAGE))], ids=lambda p: p.name)
def test_each_unhcr_file_is_recognised_by_exactly_one_parser(path):
    expected = unhcr_data_finder if path == FINDER else PACKAGE[path.name][0]
    assert [m for m in modules().values() if m.sniff(head_of(path))] == [expected]
    assert detect(path) is expected


@pytest.mark.parametrize(("path", "module"), [(UNHCR / "unhcr_solutions_1959_2023.csv.gz", unhcr_solutions),
                                               (FINDER, unhcr_data_finder)], ids=["solutions", "data-finder"])
def test_a_semicolon_cp1252_copy_with_decimal_commas_and_other_column_order_reads_the_same(tmp_path, path, module):
    header_line = 2 if module is unhcr_data_finder else 1
    original = corrupted.keyed(corrupted.drain(module, path)[0])
    for options in ({"delimiter": ";", "encoding": "cp1252"}, {"delimiter": ",", "encoding": "utf-8-sig", "gz": True}):
        copy = corrupted.variant(path, tmp_path, header_line=header_line, **options)
        (tmp_path / "footnotes.csv").write_bytes((FINDER.parent / "footnotes.csv").read_bytes())
        assert detect(copy) is module, options
        records, problems = corrupted.drain(module, copy)
        assert problems == [] and corrupted.keyed(records) == original, options


@pytest.mark.parametrize(("path", "module", "measure"), [
    (UNHCR / "unhcr_population_1951_2023.csv.gz", unhcr_population, "refugees"),
    (UNHCR / "unhcr_asylum_applications_2000_2023.csv.gz", unhcr_asylum_applications, "applied"),
    (UNHCR / "unhcr_asylum_decisions_2000_2023.csv.gz", unhcr_asylum_decisions, "dec_total"),
    (UNHCR / "unhcr_flows_1962_2023.csv.gz", unhcr_flows, "refugees"),
    (UNHCR / "unhcr_solutions_1959_2023.csv.gz", unhcr_solutions, "resettlement"),
    (FINDER, unhcr_data_finder, "Asylum-seekers"),
], ids=["population", "applications", "decisions", "flows", "solutions", "data-finder"])
def test_damaged_unhcr_copies_are_reported_with_row_and_column(tmp_path, path, module, measure):
    header_line = 2 if module is unhcr_data_finder else 1
    corrupted.assert_reported(module, corrupted.truncated_mid_row(path, tmp_path, header_line), words="fields")
    corrupted.assert_reported(module, corrupted.wrong_delimiter(path, tmp_path, header_line), words="fields")
    corrupted.assert_reported(module, corrupted.bad_cell(path, tmp_path, measure, "1 2 3 x", header_line),
                              words="expected a number, found '1 2 3 x'")
    year = "Year" if module is unhcr_data_finder else "year"
    corrupted.assert_reported(module, corrupted.bad_cell(path, tmp_path, year, "20x5", header_line), words="expected a year")
    corrupted.assert_reported(module, corrupted.unknown_columns(path, tmp_path, header_line), words="missing column")
    corrupted.assert_reported(module, corrupted.garbage(tmp_path))
    if path.suffix == ".gz":
        records, problems = corrupted.assert_reported(module, corrupted.truncated_gzip(path, tmp_path),
                                                      words="cannot be read beyond")
        assert records and problems[-1].row > 1


@pytest.mark.django_db
def test_the_data_finder_export_and_a_package_slice_import_into_one_population_dataset(geography, tmp_path):
    finder = load(FINDER)
    assert finder.status == ImportRun.Status.SUCCEEDED, finder.errors[:5]
    assert (finder.read, finder.inserted, finder.rejected, finder.vintage) == (5_953, 5_953, 0, "2021-11-10")
    text = corrupted.text_of(UNHCR / "unhcr_population_1951_2023.csv.gz")
    lines = text.splitlines()
    head = lines[:1] + [line for line in lines if line.startswith("2020,")][:300]
    slice_ = tmp_path / "unhcr_population_2020_slice.csv"
    slice_.write_text("\n".join(head) + "\n")
    package = load(slice_)
    assert package.status == ImportRun.Status.SUCCEEDED, package.errors[:5]
    assert package.inserted == package.read == len(list(unhcr_population.parse(slice_)))
    assert Series.objects.filter(dataset__code="unhcr_population").values("dataset").distinct().count() == 1
    syria = Observation.objects.get(series__dataset__code="unhcr_population", period="2020",
                                    series__dimensions__origin="SY", series__dimensions__asylum="TOTAL",
                                    series__dimensions__measure="refugees")
    assert syria.value == 6_702_912
