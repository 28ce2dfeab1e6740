"""Eurostat formats on the real files: a few published values per format, SDMX-CSV 1.0 and 2.0 with codes or
labels giving the same series, damaged copies that fail with their errors and write nothing, re-import and a
newer vintage, and annual figures equal to the sum of the monthly ones.

No SDMX-CSV with codes, no SDMX-CSV 2.0 with labels only and no bulk TSV ships in data/: those files are built
here by re-serialising rows of the real Eurostat files (migr_eirfs refused entry, SDMX-CSV 1.0 with labels) into
those layouts, with the codes of Eurostat's code lists; the values are the published ones.
"""

import csv
import gzip
import io

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Sum

from wholeroute.geo.resolve import Resolver
from wholeroute.indicators.figures import yearly
from wholeroute.indicators.load import load
from wholeroute.indicators.models import Dataset, ImportRun, Observation, ObservationRevision, Series
from wholeroute.indicators.parsers import Problem
from wholeroute.indicators.parsers._detect import detect
from wholeroute.indicators.parsers._text import detect_encoding
from wholeroute.indicators.seed import DATA

EUROSTAT = DATA / "eurostat"
TIDY = EUROSTAT / "migr_asyappctza_applicants_by_citizenship_sex_2011_2022.csv"
REFUSED = EUROSTAT / "migr_eirfs_refused_entry_2014_2023.csv"
PERMITS = EUROSTAT / "tps00170_first_permits_2012_2023.csv"
PROTECTION = EUROSTAT / "migr_asytpsm_temporary_protection_UA_monthly_2022-03_2024-03.csv"
DECISIONS = EUROSTAT / "legacy_export_2017/migr_asydcfsta_2017-04-26.csv"
WORKBOOK = EUROSTAT / "migr_asyappctzm_custom_EU27_African_citizenships_2020-02_2021-11.xlsx"
LONG = DATA / "frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv"


def _values(path):
    """{(sorted dimensions, period): (value, flags)} of a file, failing on any Problem."""
    out = {}
    for item in detect(path).parse(path):
        assert not isinstance(item, Problem), str(item)
        out[(tuple(sorted(item.dimensions)), item.period)] = (item.value, item.flags)
    return out


def _find(values, period, **dims):
    found = [v for (d, p), v in values.items() if p == period and all(dict(d).get(k) == x for k, x in dims.items())]
    assert len(found) == 1, found
    return found[0]


# --- a few published values per format ---------------------------------------------------------------------


def test_the_tidy_iso3_table_keeps_the_published_applicants():
    values = _values(TIDY)
    assert len(values) == 36_876  # every data row (data/PROVENANCE.md)
    assert _find(values, "2011", geo="AUT", citizen="AFG", sex="female") == (835, "")
    assert _find(values, "2011", geo="AUT", citizen="AFG", sex="male") == (2795, "")


def test_sdmx_csv_2_with_codes_and_labels_keeps_codes_and_monthly_periods():
    values = _values(PROTECTION)
    assert len(values) == 768
    assert _find(values, "2022-07", geo="AT", citizen="UA") == (73785, "")
    assert {dict(d)["sex"] for d, _ in values} == {"T"} and {dict(d)["age"] for d, _ in values} == {"TOTAL"}


def test_sdmx_csv_1_with_labels_turns_labels_into_eurostat_codes_and_keeps_flags():
    values = _values(REFUSED)
    assert len(values) == 327
    assert _find(values, "2014", geo="Austria") == (455, "")
    assert {dict(d)["unit"] for d, _ in values} == {"PER"} and {dict(d)["border"] for d, _ in values} == {"TOTAL"}
    assert sum(1 for v, f in values.values() if f == "e") == 2  # the file's two estimated values
    permits = detect(PERMITS).parse(PERMITS)
    first = next(permits)
    assert (first.period, first.value, first.vintage) == ("2012", 37816, "2025-03-03")  # LAST UPDATE 03/03/25


def test_the_2017_export_reads_thousands_separators_and_labels():
    values = _values(DECISIONS)
    assert len(values) == 1836
    assert _find(values, "2008", geo="European Union (28 countries)", citizen="Extra-EU-28", decision="TOTAL") \
        == (213_925, "")
    assert _find(values, "2008", geo="European Union (28 countries)", citizen="Extra-EU-28",
                 decision="TOTAL_POS") == (57_945, "")


def test_the_data_browser_extract_keeps_missing_values_as_colon_and_flags():
    values = _values(WORKBOOK)
    assert len(values) == 22 * 55
    assert all(p >= "2020-02" and p <= "2021-11" and len(p) == 7 for _, p in values)
    assert {dict(d)["asyl_app"] for d, _ in values} == {"NASY_APP"}


# --- SDMX-CSV 1.0 / 2.0, codes / labels: one series ----------------------------------------------------------


def _refused_rows():
    with open(REFUSED, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _eurostat_geo(label, resolver):
    country = resolver.resolve(label)
    return country.eurostat_code or country.code


def _write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _sdmx_variants(tmp_path):
    """The real refused-entry rows in five SDMX-CSV layouts (1.0/2.0 × codes/labels/both)."""
    resolver = Resolver()
    rows = _refused_rows()
    codes = {"freq": "A", "border": "TOTAL", "unit": "PER", "reason": "TOTAL", "citizen": "TOTAL"}
    dims = ["freq", "border", "unit", "reason", "citizen", "geo"]

    def coded(row):
        return [codes[d] if d != "geo" else _eurostat_geo(row["geo"], resolver) for d in dims]

    def labelled(row):
        return [row[d] for d in dims]

    obs = ["TIME_PERIOD", "OBS_VALUE", "OBS_FLAG"]
    values = [[r["TIME_PERIOD"], r["OBS_VALUE"], r["OBS_FLAG"]] for r in rows]
    flow = "ESTAT:MIGR_EIRFS(1.0)"
    return {
        "1.0 labels (as published)": REFUSED,
        "1.0 codes": _write(tmp_path / "v10_codes.csv", ["DATAFLOW", "LAST UPDATE", *dims, *obs],
                            [[flow, "", *coded(r), *v] for r, v in zip(rows, values, strict=True)]),
        "2.0 codes": _write(tmp_path / "v20_codes.csv", ["STRUCTURE", "STRUCTURE_ID", "ACTION", *dims, *obs],
                            [["dataflow", flow, "I", *coded(r), *v] for r, v in zip(rows, values, strict=True)]),
        "2.0 labels": _write(tmp_path / "v20_labels.csv", ["STRUCTURE", "STRUCTURE_ID", *dims, *obs],
                             [["dataflow", flow, *labelled(r), *v] for r, v in zip(rows, values, strict=True)]),
        "2.0 codes and labels": _write(
            tmp_path / "v20_both.csv",
            ["STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME"] + [c for d in dims for c in (d, f"{d.title()} (label)")]
            + ["TIME_PERIOD", "Time", "OBS_VALUE", "Observation value", "OBS_FLAG", "Observation status"],
            [["dataflow", flow, "Persons refused entry"] + [c for pair in zip(coded(r), labelled(r), strict=True)
                                                             for c in pair]
             + [v[0], v[0], v[1], v[1], v[2], v[2]] for r, v in zip(rows, values, strict=True)]),
    }


@pytest.mark.django_db
def test_sdmx_csv_1_and_2_with_codes_or_labels_are_one_set_of_series(geography, tmp_path):
    variants = _sdmx_variants(tmp_path)
    parsed = {name: _values(path) for name, path in variants.items()}
    assert {detect(path).FORMAT for path in variants.values()} == {"eurostat-sdmx-csv"}
    assert all(len(v) == 327 for v in parsed.values())

    runs = [load(path) for path in variants.values()]
    assert all(run.status == ImportRun.Status.SUCCEEDED for run in runs), [r.errors[:3] for r in runs]
    assert runs[0].inserted == 327
    for run in runs[1:]:
        assert (run.inserted, run.updated, run.unchanged) == (0, 0, 327), run.file_name
    assert Dataset.objects.filter(code="migr_eirfs").count() == 1
    assert Series.objects.filter(dataset__code="migr_eirfs").count() == len({d for d, _ in parsed["1.0 codes"]})
    greece = Observation.objects.get(series__dataset__code="migr_eirfs", series__reporting_country__code="GR",
                                     period="2014")
    assert greece.series.dimensions["geo"] == "GR"


# --- damaged copies: every error listed, nothing written ----------------------------------------------------


def _text(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding=detect_encoding(path), newline="") as handle:
        return handle.read()


def _damage(path, tmp_path, how):
    text = _text(path)
    header, rest = text.split("\n", 1)
    lines = rest.splitlines()[:300]
    if how == "truncated":
        cut = lines[-1]
        body = "\n".join(lines[:-1]) + "\n" + cut[: cut.index(",", cut.index(",") + 1) + 1]
        text = header + "\n" + body
    elif how == "wrong delimiter":
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\n").writerows(csv.reader(lines))
        text = header + "\n" + out.getvalue()
    else:
        text = header + "\n" + "\n".join(lines) + "\n"
    target = tmp_path / f"{how.replace(' ', '_')}_{path.name.removesuffix('.gz')}"
    target.write_text(text, encoding="utf-8")
    return target


def _replace_cell(path, column, value, line=2):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[line - 1]]))
    row[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    lines[line - 1] = out.getvalue()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rename_column(path, column, new):
    lines = path.read_text(encoding="utf-8").split("\n", 1)
    header = next(csv.reader([lines[0]]))
    header[header.index(column)] = new
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(header)
    path.write_text(out.getvalue() + "\n" + lines[1], encoding="utf-8")
    return path


TEXT_CASES = {
    # file: (value column, country column, a column the format cannot do without)
    TIDY: ("applicants", "citizen_iso3", "year"),
    REFUSED: ("OBS_VALUE", "geo", "OBS_VALUE"),
    PROTECTION: ("OBS_VALUE", "geo", "TIME_PERIOD"),
    DECISIONS: ("Value", "GEO", "Value"),
}


def _assert_failed_and_nothing_written(run, *expected):
    assert run.status == ImportRun.Status.FAILED
    for text in expected:
        assert any(text in error for error in run.errors), (text, run.errors[:5])
    assert Observation.objects.count() == Series.objects.count() == Dataset.objects.count() == 0
    assert ObservationRevision.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(TEXT_CASES), ids=lambda p: p.name[:24])
def test_damaged_copies_of_each_eurostat_text_format_fail_with_their_errors_and_write_nothing(geography, tmp_path,
                                                                                              path):
    value_column, country_column, needed = TEXT_CASES[path]
    fmt = detect(path).FORMAT

    truncated = load(_damage(path, tmp_path, "truncated"), fmt=fmt)
    _assert_failed_and_nothing_written(truncated, "row 301", "found fewer")

    semicolons = load(_damage(path, tmp_path, "wrong delimiter"), fmt=fmt)
    _assert_failed_and_nothing_written(semicolons, "row 2", "found fewer")
    assert semicolons.rejected >= 300  # every row listed, not just the first

    bad_number = load(_replace_cell(_damage(path, tmp_path, "bad number"), value_column, "12x", line=5), fmt=fmt)
    _assert_failed_and_nothing_written(bad_number, f"row 5, column {value_column!r}", "expected a number, found '12x'")

    unknown = load(_replace_cell(_damage(path, tmp_path, "unknown country"), country_column, "Atlantis", line=7),
                   fmt=fmt)
    _assert_failed_and_nothing_written(unknown, "row 7", "unknown country or area 'Atlantis'")

    missing = load(_rename_column(_damage(path, tmp_path, "missing column"), needed, "something_else"), fmt=fmt)
    _assert_failed_and_nothing_written(missing, "missing")


def _tsv_from_refused(tmp_path):
    resolver = Resolver()
    cells = {}
    for row in _refused_rows():
        cells.setdefault(_eurostat_geo(row["geo"], resolver), {})[row["TIME_PERIOD"]] = (row["OBS_VALUE"],
                                                                                         row["OBS_FLAG"])
    years = sorted({y for v in cells.values() for y in v})
    lines = ["freq,border,unit,reason,citizen,geo\\TIME_PERIOD\t" + "\t".join(f"{y} " for y in years)]
    for geo, values in sorted(cells.items()):
        row = [f"{v} {f}".strip() + (" " if not f else "") if v else ": " for v, f in
               (values.get(y, ("", "")) for y in years)]
        lines.append(f"A,TOTAL,PER,TOTAL,TOTAL,{geo}\t" + "\t".join(row))
    path = tmp_path / "migr_eirfs.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, lines


@pytest.mark.django_db
def test_a_bulk_tsv_rebuilt_from_real_rows_is_the_same_series_and_its_damaged_copies_write_nothing(geography,
                                                                                                  tmp_path):
    tsv, lines = _tsv_from_refused(tmp_path)
    values = _values(tsv)
    assert _find(values, "2014", geo="AT") == (455, "")
    assert sum(1 for v, f in values.values() if f == "e") == 2 and all(v is None for v, f in values.values() if f == ":")

    broken = {
        "truncated": lines[:20] + [lines[20].split("\t", 3)[0]],
        "wrong delimiter": [lines[0]] + [line.replace("\t", ";") for line in lines[1:]],
        "bad number": lines[:3] + ["\t".join([lines[3].split("\t")[0], "12x "] + lines[3].split("\t")[2:])] + lines[4:],
        "unknown country": [lines[0], lines[1].replace(",AT\t", ",Atlantis\t")] + lines[2:],
        "missing column": [lines[0].replace("freq,border,unit,reason,citizen,geo", "freq,border,unit,reason,citizen")]
        + lines[1:],
    }
    expected = {"truncated": "row 21", "wrong delimiter": "row 2", "bad number": "row 4",
                "unknown country": "unknown country or area 'Atlantis'", "missing column": "dimension codes"}
    for how, text in broken.items():
        path = tmp_path / f"{how.replace(' ', '_')}.tsv"
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
        run = load(path, fmt="eurostat-tsv")
        _assert_failed_and_nothing_written(run, expected[how])

    assert load(REFUSED).inserted == 327
    run = load(tsv)
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors[:3]
    # The TSV publishes the same cells (plus ':' for the years a country did not report): same series, no change.
    assert (run.updated, run.unchanged) == (0, 327)
    assert Series.objects.count() == len({r["geo"] for r in _refused_rows()})


@pytest.mark.django_db
def test_a_damaged_data_browser_workbook_fails_with_its_errors_and_writes_nothing(geography, tmp_path):
    book = openpyxl.load_workbook(WORKBOOK)
    sheet = book["Sheet 1"]
    data_rows = [r for r in sheet.iter_rows(min_row=1) if isinstance(r[2].value, (int, float))]
    data_rows[0][2].value = "12x"
    data_rows[1][1].value = "Atlantis"
    damaged = tmp_path / "damaged.xlsx"
    book.save(damaged)
    run = load(damaged)
    _assert_failed_and_nothing_written(run, f"row {data_rows[0][2].row}, column 'column 3 (2020-02)'",
                                       "expected a number, found '12x'", "unknown country or area 'Atlantis'")

    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(WORKBOOK.read_bytes()[:15000])
    _assert_failed_and_nothing_written(load(truncated), "truncated.xlsx")

    whole = load(WORKBOOK)
    assert whole.status == ImportRun.Status.SUCCEEDED and whole.inserted == 22 * 55


# --- re-import, newer vintage --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_newer_eurostat_vintage_updates_what_changed_and_keeps_the_value_as_published_before(geography, tmp_path):
    first = load(PERMITS)
    assert (first.status, first.vintage, first.inserted) == (ImportRun.Status.SUCCEEDED, "2025-03-03", 387)
    again = load(PERMITS)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 387)

    newer = tmp_path / "tps00170_next.csv"
    text = PERMITS.read_text(encoding="utf-8-sig").replace("03/03/25 11:00:00", "15/06/25 11:00:00")
    newer.write_text(text.replace(",Austria,2012,37816,,", ",Austria,2012,37900,p,", 1), encoding="utf-8")
    run = load(newer)
    assert run.status == ImportRun.Status.SUCCEEDED and run.vintage == "2025-06-15"
    assert (run.inserted, run.updated, run.unchanged) == (0, 1, 386)
    austria = Observation.objects.get(series__dataset__code="tps00170", series__reporting_country__code="AT",
                                      period="2012")
    assert (austria.value, austria.flags, austria.import_run_id) == (37900, "p", run.pk)
    revision = austria.revisions.get()
    assert (revision.value, revision.import_run_id, revision.superseded_by_id) == (37816, first.pk, run.pk)

    older_again = load(PERMITS, vintage="2025-03-03")  # the earlier file again: the newer value stays current
    assert older_again.status == ImportRun.Status.SUCCEEDED and older_again.skipped == 1
    austria.refresh_from_db()
    assert austria.value == 37900


# --- annual figures equal the sum of the monthly ones -------------------------------------------------------


@pytest.mark.django_db
def test_annual_figures_shown_equal_the_sum_of_the_monthly_observations_and_the_published_annual_totals(geography):
    """Frontex publishes detections monthly; its annual totals (2015: 1,822,102 in both the 2022 workbook and the
    2025 long table, data/PROVENANCE.md) must be what the yearly views show: the sum of the twelve months."""
    assert load(LONG).status == ImportRun.Status.SUCCEEDED
    detections = Observation.objects.filter(series__dataset__code="frontex_ibc")
    shown, _ = yearly(AnonymousUser(), "frontex_ibc")
    for year in range(2009, 2024):
        months = detections.filter(period__startswith=f"{year}-")
        assert months.values("period").distinct().count() == 12
        assert shown[year] == months.aggregate(t=Sum("value"))["t"]
    assert shown[2015] == 1_822_102 and shown[2021] == 202_119

    # The monthly data-browser extract covers whole years only for 2021 months 1–11; the yearly view sums what is
    # published and says nothing about months that are not.
    assert load(WORKBOOK).status == ImportRun.Status.SUCCEEDED
    monthly, _ = yearly(AnonymousUser(), "migr_asyappctzm")
    published = Observation.objects.filter(series__dataset__code="migr_asyappctzm", value__isnull=False)
    assert monthly[2021] == published.filter(period__startswith="2021-").aggregate(t=Sum("value"))["t"]
