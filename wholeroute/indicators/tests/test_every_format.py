"""Every statistics file shipped under data/ (all but the registry and EUTF files) is recognised from its header,
parses without a problem, and a real slice of it imports through the one loader with every country resolved."""

import gzip

import pytest

from wholeroute.indicators.load import load
from wholeroute.indicators.models import ImportRun, Observation
from wholeroute.indicators.parsers import Problem
from wholeroute.indicators.parsers._detect import detect
from wholeroute.indicators.parsers._text import detect_encoding, rows
from wholeroute.indicators.seed import DATA

# file → format; "rows": one record per data row (per measure cell for multi-measure tables, see below)
FILES = {
    "context/fragile_states_index_long.csv.gz": "fsi",
    "context/idmc_idp_stocks_2024.csv": "idmc",
    "context/idmc_new_displacements.csv": "idmc",
    "context/undesa_international_migrant_stock.csv.gz": "undesa-migrant-stock",
    "eurostat/legacy_export_2017/migr_asyappctza_1_Data-2017-05-31-ADDED.csv": "eurostat-legacy",
    "eurostat/legacy_export_2017/migr_asydcfsta_2017-04-26.csv": "eurostat-legacy",
    "eurostat/legacy_export_2017/migr_eiord_1_Data.csv": "eurostat-legacy",
    "eurostat/legacy_export_2017/migr_eiord_Data_allcitizens.csv.gz": "eurostat-legacy",
    "eurostat/legacy_export_2017/migr_eipre_1_Data_allcitizens.csv.gz": "eurostat-legacy",
    "eurostat/legacy_export_2017/migr_eirfs_Data_allcitizenships.csv.gz": "eurostat-legacy",
    "eurostat/legacy_export_2017/migr_eirtn_1_Data.csv": "eurostat-legacy",
    "eurostat/legacy_export_2017/migr_eirtn_Data_allcitizens.csv.gz": "eurostat-legacy",
    "eurostat/migr_asyappctza_applicants_by_citizenship_sex_2011_2022.csv": "eurostat-iso3-tidy",
    "eurostat/migr_asyappctzm_custom_EU27_African_citizenships_2020-02_2021-11.xlsx": "eurostat-databrowser-xlsx",
    "eurostat/migr_asyappctzm_custom_EU28_African_citizenships_2008-01_2020-01.xlsx": "eurostat-databrowser-xlsx",
    "eurostat/migr_asytpsm_temporary_protection_UA_monthly_2022-03_2024-03.csv": "eurostat-sdmx-csv",
    "eurostat/migr_eipre_illegally_present_2014_2023.csv": "eurostat-sdmx-csv",
    "eurostat/migr_eirfs_refused_entry_2014_2023.csv": "eurostat-sdmx-csv",
    "eurostat/tps00170_first_permits_2012_2023.csv": "eurostat-sdmx-csv",
    "frontex/Monthly_detections_of_IBC_20220204.xlsx": "frontex-workbook",
    "frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv": "frontex-long",
    "frontex/frontex_return_operations_returnees_2006_2022.csv": "frontex-returns",
    "iom_mmp/MissingMigrants-Global-2026-05-06_January2026_rows.csv": "iom-mmp-download",
    "iom_mmp/mmp_europe_related_routes_2014_2023.csv": "iom-mmp-download",
    "iom_mmp/mmp_incidents_global_2014-01_2023-12.csv": "iom-mmp-tidy",
    "unhcr/refugee_data_finder_query_2022-02-08/population.csv": "unhcr-data-finder",
    "unhcr/unhcr_asylum_applications_2000_2023.csv.gz": "unhcr-asylum-applications",
    "unhcr/unhcr_asylum_decisions_2000_2023.csv.gz": "unhcr-asylum-decisions",
    "unhcr/unhcr_flows_1962_2023.csv.gz": "unhcr-flows",
    "unhcr/unhcr_population_1951_2023.csv.gz": "unhcr-population",
    "unhcr/unhcr_solutions_1959_2023.csv.gz": "unhcr-solutions",
    "worldbank/wdi_indicators_long_1950_2021.csv.gz": "worldbank-wdi",
}
ONE_RECORD_PER_ROW = {"fsi", "idmc", "undesa-migrant-stock", "eurostat-legacy", "eurostat-iso3-tidy", "eurostat-sdmx-csv",
                      "frontex-long", "worldbank-wdi"}


def test_every_statistics_file_in_the_data_folder_has_a_case():
    shipped = {str(p.relative_to(DATA)) for p in DATA.rglob("*.*")
               if p.parts[len(DATA.parts)] not in {"registry", "iati_eutf", "reference"}
               and p.name not in {"PROVENANCE.md", "README.md", "footnotes.csv", "unhcr_countries.csv"}}
    assert shipped == set(FILES)


@pytest.mark.parametrize(("name", "fmt"), sorted(FILES.items()))
def test_each_file_is_recognised_from_its_header_and_parses_without_a_problem(name, fmt):
    path = DATA / name
    module = detect(path)
    assert module.FORMAT == fmt
    records = problems = 0
    for item in module.parse(path):
        if isinstance(item, Problem):
            problems += 1
        else:
            records += 1
    assert problems == 0 and records > 0
    if fmt in ONE_RECORD_PER_ROW:
        assert records == sum(1 for _ in rows(path)[1])


def test_aggregating_parsers_keep_the_published_totals():
    def total(name):
        return sum(r.value for r in detect(DATA / name).parse(DATA / name))

    assert total("frontex/frontex_return_operations_returnees_2006_2022.csv") == 92_933
    assert total("iom_mmp/mmp_incidents_global_2014-01_2023-12.csv") == 64_065


def _slice(path, tmp_path, lines=400):
    """The header (and any preamble) and the first data lines of a real text file."""
    encoding = detect_encoding(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding=encoding, newline="") as handle:
        head = [line for _, line in zip(range(lines), handle, strict=False)]
    target = tmp_path / path.name.removesuffix(".gz")
    target.write_text("".join(head), encoding=encoding)
    return target


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "fmt"), sorted((n, f) for n, f in FILES.items() if not n.endswith(".xlsx")))
def test_a_real_slice_of_each_text_file_imports_with_every_country_resolved(geography, tmp_path, name, fmt):
    run = load(_slice(DATA / name, tmp_path), fmt=fmt)
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors[:5]
    assert run.read > 0 and run.inserted == Observation.objects.count() > 0


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in FILES if n.endswith(".xlsx") and "EU27" in n])
def test_a_data_browser_workbook_imports_whole(geography, name):
    run = load(DATA / name)
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors[:5]
    # 22 months (2020-02 to 2021-11) × 55 African citizenships listed in the Structure sheet.
    assert run.vintage == "2021-12-14" and run.inserted == 22 * 55


def test_a_bulk_tsv_rebuilt_from_real_eurostat_rows_parses_values_and_flags(tmp_path):
    """Eurostat's bulk TSV layout, written from real rows of the shipped refused-entry file (no sample TSV ships)."""
    import csv

    source = DATA / "eurostat/migr_eirfs_refused_entry_2014_2023.csv"
    cells = {}
    with open(source, encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["border"] == "Total" and row["reason"] == "Total" and row["citizen"] == "Total":
                cells.setdefault(row["geo"], {})[row["TIME_PERIOD"]] = row["OBS_VALUE"]
    years = sorted({y for v in cells.values() for y in v})
    lines = ["freq,citizen,geo\\TIME_PERIOD\t" + "\t".join(f"{y} " for y in years)]
    for geo, values in sorted(cells.items()):
        lines.append(f"A,TOTAL,{geo}\t" + "\t".join((values.get(y) or ":") + (" p" if y == years[-1] else " ")
                                                     for y in years))
    tsv = tmp_path / "migr_eirfs.tsv"
    tsv.write_text("\n".join(lines) + "\n")
    module = detect(tsv)
    assert module.FORMAT == "eurostat-tsv"
    records = list(module.parse(tsv))
    assert not [r for r in records if isinstance(r, Problem)]
    austria = {r.period: r for r in records if dict(r.dimensions)["geo"] == "Austria"}
    assert austria["2014"].value == 455 and austria[years[-1]].flags == "p"
    broken = tmp_path / "migr_broken.tsv"
    broken.write_text(lines[0] + "\nA,TOTAL,Austria\t12x " + "\t1" * (len(years) - 1) + "\n")
    problems = [r for r in module.parse(broken) if isinstance(r, Problem)]
    assert problems and problems[0].row == 2 and "expected a number" in problems[0].message


# --- a damaged copy of every text format: every error named, nothing written ---------------------------------

# format → (a file of it, its header line, a value column, a country column)
DAMAGE_CASES = {
    "eurostat-iso3-tidy": ("eurostat/migr_asyappctza_applicants_by_citizenship_sex_2011_2022.csv", 1, "applicants",
                           "citizen_iso3"),
    "eurostat-sdmx-csv": ("eurostat/migr_eirfs_refused_entry_2014_2023.csv", 1, "OBS_VALUE", "geo"),
    "eurostat-legacy": ("eurostat/legacy_export_2017/migr_eiord_1_Data.csv", 1, "Value", "GEO"),
    "frontex-long": ("frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv", 1, "detections", "nationality_iso3"),
    "frontex-returns": ("frontex/frontex_return_operations_returnees_2006_2022.csv", 1, "N_RETURNEES", "DEST"),
    "iom-mmp-download": ("iom_mmp/mmp_europe_related_routes_2014_2023.csv", 1, "No. dead/missing",
                         "Country of Incident"),
    "iom-mmp-tidy": ("iom_mmp/mmp_incidents_global_2014-01_2023-12.csv", 1, "dead_and_missing", "country_iso3"),
    "unhcr-data-finder": ("unhcr/refugee_data_finder_query_2022-02-08/population.csv", 2, "Asylum-seekers",
                          "Country of origin (ISO)"),
    "unhcr-asylum-applications": ("unhcr/unhcr_asylum_applications_2000_2023.csv.gz", 1, "applied", "coo_iso"),
    "unhcr-asylum-decisions": ("unhcr/unhcr_asylum_decisions_2000_2023.csv.gz", 1, "dec_recognized", "coa_iso"),
    "unhcr-flows": ("unhcr/unhcr_flows_1962_2023.csv.gz", 1, "refugees", "coo_iso"),
    "unhcr-population": ("unhcr/unhcr_population_1951_2023.csv.gz", 1, "refugees", "coa_iso"),
    "unhcr-solutions": ("unhcr/unhcr_solutions_1959_2023.csv.gz", 1, "resettlement", "coa_iso"),
    "worldbank-wdi": ("worldbank/wdi_indicators_long_1950_2021.csv.gz", 1, "value", "iso3"),
    "fsi": ("context/fragile_states_index_long.csv.gz", 1, "v", "geo"),
    "idmc": ("context/idmc_new_displacements.csv", 1, "n", "geo"),
    "undesa-migrant-stock": ("context/undesa_international_migrant_stock.csv.gz", 1, "n", "from"),
}


def test_every_text_format_has_a_damage_case():
    text_formats = {fmt for name, fmt in FILES.items() if not name.endswith(".xlsx")}
    assert text_formats == set(DAMAGE_CASES)
    assert all(FILES[name] == fmt for fmt, (name, *_) in DAMAGE_CASES.items())


def _damaged(path, tmp_path, header_line, how, column=None, value=None, data_row=None):
    """A real 120-row slice of `path`, damaged one way; returns the copy and the file line the damage is on."""
    import csv
    import io

    lines = _slice(path, tmp_path, lines=header_line + 120).read_text(encoding=detect_encoding(path)).splitlines()
    head, body = lines[:header_line], lines[header_line:]
    if how == "truncated":  # cut off inside the last row, after its second delimiter
        last = body[-1]
        body[-1] = last[: last.index(",", last.index(",") + 1) + 1]
        line = len(lines)
    elif how == "wrong delimiter":  # data rows re-written with ';' under the published header
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\n").writerows(csv.reader(body))
        body, line = out.getvalue().splitlines(), header_line + 1
    else:  # one cell replaced
        header = next(csv.reader([head[-1]]))
        row = next(csv.reader([body[data_row - 1]]))
        row[header.index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(row)
        body[data_row - 1], line = out.getvalue(), header_line + data_row
    target = tmp_path / f"{how.replace(' ', '_')}_{path.name.removesuffix('.gz')}"
    target.write_text("\n".join(head + body) + "\n", encoding="utf-8")
    return target, line


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["truncated", "wrong delimiter", "bad number", "unknown country"])
@pytest.mark.parametrize("fmt", sorted(DAMAGE_CASES))
def test_a_damaged_copy_of_every_text_format_fails_naming_file_and_row_and_writes_nothing(geography, tmp_path, fmt,
                                                                                        how):
    from wholeroute.indicators.models import Dataset, ObservationRevision, Series

    name, header_line, value_column, country_column = DAMAGE_CASES[fmt]
    cell = {"bad number": (value_column, "12x", 5), "unknown country": (country_column, "Atlantis", 7)}.get(how)
    damaged, line = _damaged(DATA / name, tmp_path, header_line, how, *(cell or ()))
    run = load(damaged, fmt=fmt)
    assert run.status == ImportRun.Status.FAILED, f"{fmt}: a {how} copy was accepted"
    named = [e for e in run.errors if damaged.name in e and f"row {line}" in e]
    assert named, (how, line, run.errors[:3])
    if how == "bad number":
        assert any(repr(value_column) in e and "12x" in e for e in named), named[:3]
    if how == "unknown country":
        assert any("Atlantis" in e for e in named), named[:3]
    assert Observation.objects.count() == Series.objects.count() == Dataset.objects.count() == 0
    assert ObservationRevision.objects.count() == 0
