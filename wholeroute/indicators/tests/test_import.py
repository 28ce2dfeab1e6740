"""Importing real statistics: every format on the shipped files, the Frontex cross-checks across vintages,
re-import without change, and broken files that fail with every error and write nothing."""

import shutil

import pytest
from django.db.models import Sum

from wholeroute.access.models import AuditEntry
from wholeroute.indicators.load import load
from wholeroute.indicators.models import Dataset, ImportRun, Observation, ObservationRevision, Series
from wholeroute.indicators.parsers import Problem, Record
from wholeroute.indicators.parsers._detect import UnknownFormat, detect
from wholeroute.indicators.seed import DATA

WORKBOOK = DATA / "frontex/Monthly_detections_of_IBC_20220204.xlsx"
LONG = DATA / "frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv"
MMP = DATA / "iom_mmp/mmp_incidents_global_2014-01_2023-12.csv"


def _records(path, fmt=None):
    module = detect(path)
    assert fmt is None or module.FORMAT == fmt
    items = list(module.parse(path))
    assert not [p for p in items if isinstance(p, Problem)]
    return items


def _count_data_rows(path):
    from wholeroute.indicators.parsers._text import rows

    return sum(1 for _ in rows(path)[1])


@pytest.mark.parametrize(("name", "fmt", "expected_records"), [
    ("frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv", "frontex-long", "rows"),
    ("eurostat/migr_asyappctza_applicants_by_citizenship_sex_2011_2022.csv", "eurostat-iso3-tidy", "rows"),
    ("eurostat/migr_eipre_illegally_present_2014_2023.csv", "eurostat-sdmx-csv", "rows"),
    ("eurostat/migr_eirfs_refused_entry_2014_2023.csv", "eurostat-sdmx-csv", "rows"),
    ("eurostat/tps00170_first_permits_2012_2023.csv", "eurostat-sdmx-csv", "rows"),
    ("eurostat/migr_asytpsm_temporary_protection_UA_monthly_2022-03_2024-03.csv", "eurostat-sdmx-csv", "rows"),
])
def test_each_text_format_reads_every_data_row_of_the_real_file(name, fmt, expected_records):
    path = DATA / name
    assert len(_records(path, fmt)) == _count_data_rows(path)


def test_the_frontex_workbook_gives_one_record_per_route_border_nationality_and_month():
    records = _records(WORKBOOK, "frontex-workbook")
    assert len(records) == 833 * 156
    assert {r.vintage for r in records} == {"2022-02-04"}


def test_frontex_totals_agree_across_formats_for_settled_years_and_differ_for_2021():
    def yearly(records):
        totals = {}
        for r in records:
            totals[r.period[:4]] = totals.get(r.period[:4], 0) + r.value
        return totals

    workbook, long = yearly(_records(WORKBOOK)), yearly(_records(LONG))
    assert workbook["2015"] == long["2015"] == 1_822_102
    for year in map(str, range(2010, 2020)):
        assert workbook[year] == long[year], year
    assert (workbook["2021"], long["2021"]) == (199_917, 202_119)


def test_iom_incidents_are_summed_without_keeping_incident_details():
    records = _records(MMP, "iom-mmp-tidy")
    assert sum(r.value for r in records) == 64_065
    assert {name for r in records for name, _ in r.dimensions} == {"mmp_route", "incident_country"}


@pytest.mark.django_db
def test_both_frontex_vintages_are_kept_and_distinguishable_after_loading(geography):
    first = load(WORKBOOK)
    second = load(LONG)
    assert first.status == second.status == ImportRun.Status.SUCCEEDED
    assert (first.vintage, second.vintage) == ("2022-02-04", "2025-06-03")
    detections = Observation.objects.filter(series__dataset__code="frontex_ibc")
    assert detections.filter(period__startswith="2015").aggregate(t=Sum("value"))["t"] == 1_822_102
    assert detections.filter(period__startswith="2021").aggregate(t=Sum("value"))["t"] == 202_119
    revised_2021 = ObservationRevision.objects.filter(observation__period__startswith="2021",
                                                      observation__series__dataset__code="frontex_ibc")
    assert revised_2021.exists() and {r.import_run_id for r in revised_2021} == {first.pk}
    as_published_2022 = sum(
        (r.value for r in revised_2021), 0) + detections.filter(period__startswith="2021").exclude(
        pk__in=revised_2021.values("observation")).filter(import_run=first).aggregate(t=Sum("value"))["t"]
    assert as_published_2022 == 199_917
    # Every row is inserted, updated or unchanged; `updated` also counts earlier non-zero cells the long table
    # leaves out (zero in its vintage).
    assert second.read == 31_176
    assert second.inserted + second.unchanged < second.read <= second.inserted + second.updated + second.unchanged
    # One series per route × border type × nationality, whichever file it came from.
    assert Series.objects.filter(dataset__code="frontex_ibc").count() == Series.objects.filter(
        dataset__code="frontex_ibc").values("key").distinct().count()
    assert Dataset.objects.get(code="frontex_ibc").classification == "PUBLIC"

    again = load(LONG)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 31_176)
    assert AuditEntry.objects.filter(verb="indicators.import").count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(("mutation", "expected"), [
    (lambda text: text.replace("2009-01,Central Mediterranean Route,Sea,BFA,1", "2009-01,Central Mediterranean Route,Sea,BFA,1x"),
     "row 2, column 'detections': expected a number, found '1x'"),
    (lambda text: text.replace(",Sea,BFA,", ",Sea,Atlantis,", 1), "unknown country or area 'Atlantis'"),
    (lambda text: text.replace("Central Mediterranean Route", "Nowhere Route", 1), "unknown Frontex route 'Nowhere Route'"),
    (lambda text: text.split("\n", 1)[0] + "\n" + text.split("\n", 1)[1].replace(",", ";"), "expected 5 fields"),
    (lambda text: text[: len(text) // 2].rsplit("\n", 1)[0] + "\n2012-05,Central Mediterranean Route", "expected 5 fields"),
    (lambda text: text.replace("month,route", "month,routing"), "missing column(s) route"),
])
def test_a_broken_file_fails_with_its_errors_and_writes_nothing(geography, tmp_path, mutation, expected):
    broken = tmp_path / "frontex_long_broken.csv"
    broken.write_text(mutation(LONG.read_text()))
    run = load(broken, fmt="frontex-long")
    assert run.status == ImportRun.Status.FAILED
    assert any(expected in error for error in run.errors), run.errors[:3]
    assert "frontex_long_broken.csv" in run.errors[0]
    assert Observation.objects.count() == Series.objects.count() == Dataset.objects.count() == 0


@pytest.mark.django_db
def test_every_problem_is_listed_not_just_the_first(geography, tmp_path):
    broken = tmp_path / "two_errors.csv"
    text = LONG.read_text().replace(",Sea,BFA,1\n", ",Sea,BFA,one\n", 1).replace(",Sea,CIV,", ",Sea,Atlantis,", 1)
    broken.write_text(text)
    run = load(broken)
    assert run.status == ImportRun.Status.FAILED and len(run.errors) >= 2
    assert Observation.objects.count() == 0


@pytest.mark.django_db
def test_binary_garbage_and_unknown_formats_are_refused_clearly(geography, tmp_path):
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(256)) * 20)
    run = load(garbage)
    assert run.status == ImportRun.Status.FAILED and "unknown format" in run.errors[0]
    with pytest.raises(UnknownFormat, match="Known formats"):
        detect(garbage)


@pytest.mark.django_db
def test_a_semicolon_delimited_cp1252_copy_imports_like_the_original(geography, tmp_path):
    copy = tmp_path / "eurostat_semicolon.csv"
    original = DATA / "eurostat/tps00170_first_permits_2012_2023.csv"
    lines = original.read_text(encoding="utf-8").splitlines()
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in csv.reader(lines):
        writer.writerow(row)
    copy.write_bytes(out.getvalue().encode("cp1252"))
    a = load(original)
    b = load(copy)
    assert a.status == b.status == ImportRun.Status.SUCCEEDED
    assert b.read == a.read and b.unchanged == a.read and b.inserted == 0


@pytest.mark.django_db
def test_a_duplicate_key_with_a_different_value_is_a_problem(geography, tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("month,route,border_type,nationality_iso3,detections\n"
                    "2020-01,Central Mediterranean Route,Sea,TUN,10\n2020-01,Central Mediterranean Route,Sea,TUN,12\n")
    run = load(path)
    assert run.status == ImportRun.Status.FAILED and "duplicate key" in run.errors[0]


def test_records_are_plain_data():
    record = next(iter(_records(LONG)))
    assert isinstance(record, Record) and record.period == "2009-01"


@pytest.mark.django_db
def test_the_import_command_prints_the_summary_and_fails_loudly(geography, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    call_command("import", str(DATA / "eurostat/migr_eirfs_refused_entry_2014_2023.csv"), verbosity=0)
    assert "succeeded" in capsys.readouterr().out
    shutil.copy(LONG, tmp_path / "x.csv")
    (tmp_path / "x.csv").write_text("month,route\n2020-01,Other\n")
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import", str(tmp_path / "x.csv"), "--format", "frontex-long", verbosity=0)


@pytest.mark.django_db
def test_the_imports_command_lists_runs_and_shows_a_failed_run_with_every_error(geography, tmp_path, capsys):
    from django.core.management import call_command

    good = load(DATA / "eurostat/migr_eirfs_refused_entry_2014_2023.csv")
    broken = tmp_path / "broken.csv"
    broken.write_text("month,route,border_type,nationality_iso3,detections\n2020-01,Other,Land,SYR,1x\n"
                      "2020-02,Other,Land,Atlantis,2\n")
    bad = load(broken, fmt="frontex-long")
    call_command("imports")
    listing = capsys.readouterr().out
    assert f"#{good.pk}" in listing and "migr_eirfs_refused_entry_2014_2023.csv" in listing and "inserted 327" in listing
    assert f"#{bad.pk}" in listing and "failed" in listing
    call_command("imports", str(bad.pk))
    shown = capsys.readouterr().out
    assert "row 2, column 'detections'" in shown and "unknown country or area 'Atlantis'" in shown
