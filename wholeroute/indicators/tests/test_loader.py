"""The one loader's behaviour on real files: vintages in either order, re-import of an unchanged file, read
failures half-way through a file, and files that cannot be opened — always a report, never a half-write."""

import gzip

import pytest
from django.db.models import Sum

from wholeroute.access.models import AuditEntry
from wholeroute.indicators.load import load
from wholeroute.indicators.models import ImportRun, Observation, ObservationRevision, Series
from wholeroute.indicators.seed import DATA

WORKBOOK = DATA / "frontex/Monthly_detections_of_IBC_20220204.xlsx"
LONG = DATA / "frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv"
REFUSED = DATA / "eurostat/migr_eirfs_refused_entry_2014_2023.csv"


def _total(year, **filters):
    return Observation.objects.filter(series__dataset__code="frontex_ibc", period__startswith=year,
                                      **filters).aggregate(t=Sum("value"))["t"]


@pytest.mark.django_db
def test_an_older_vintage_loaded_after_a_newer_one_does_not_replace_it_but_is_kept_as_published(geography, client):
    newer = load(LONG)
    older = load(WORKBOOK)
    assert newer.status == older.status == ImportRun.Status.SUCCEEDED
    assert (newer.vintage, older.vintage) == ("2025-06-03", "2022-02-04")
    # The current figures are the newer vintage's, whatever the order of loading.
    assert _total("2021") == 202_119
    assert _total("2015") == 1_822_102
    # The workbook's 2021 figures that differ are kept as revisions "as published in vintage 2022-02-04" …
    kept = ObservationRevision.objects.filter(import_run=older, observation__period__startswith="2021")
    assert kept.exists() and set(kept.values_list("superseded_by", flat=True)) == {newer.pk}
    # … each beside a different current value, so the two vintages stay distinguishable.
    assert all(r.value != r.observation.value for r in kept.select_related("observation"))
    # The series page shows both: current values, the other vintage's values, and the series as published then.
    revision = kept.select_related("observation").first()
    url = f"/statistics/series/{revision.observation.series_id}/"
    page = client.get(url).content.decode()
    assert "Other vintages" in page and "Monthly_detections_of_IBC_20220204.xlsx (2022-02-04)" in page
    as_published = client.get(url, {"vintage": "2022-02-04", "format": "csv"}).content.decode().splitlines()
    row = next(line for line in as_published if f",{revision.observation.period}," in line)
    assert row.split(",")[3] == str(revision.value) and "2022-02-04" in row
    current = client.get(url, {"format": "csv"}).content.decode().splitlines()
    row = next(line for line in current if f",{revision.observation.period}," in line)
    assert row.split(",")[3] == str(revision.observation.value) and "2025-06-03" in row
    assert older.skipped == kept.count() + ObservationRevision.objects.filter(
        import_run=older).exclude(observation__period__startswith="2021").count()


@pytest.mark.django_db
def test_re_importing_an_unchanged_file_reports_every_value_unchanged_and_writes_nothing(geography):
    first = load(REFUSED)
    observations = list(Observation.objects.values_list("pk", "value", "import_run"))
    again = load(REFUSED)
    assert again.status == ImportRun.Status.SUCCEEDED
    assert (again.inserted, again.updated, again.unchanged, again.read) == (0, 0, first.read, first.read)
    assert list(Observation.objects.values_list("pk", "value", "import_run")) == observations
    assert AuditEntry.objects.filter(verb="indicators.import").count() == 2


@pytest.mark.django_db
def test_a_gzip_file_cut_off_half_way_fails_naming_where_reading_stopped_and_writes_nothing(geography, tmp_path):
    whole = gzip.compress(REFUSED.read_bytes())
    cut = tmp_path / "migr_eirfs_cut.csv.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    run = load(cut, fmt="eurostat-sdmx-csv")
    assert run.status == ImportRun.Status.FAILED
    assert any("migr_eirfs_cut.csv.gz" in e and ("truncated" in e or "cannot be read" in e or "fields" in e)
               for e in run.errors), run.errors[-3:]
    assert Observation.objects.count() == Series.objects.count() == 0


@pytest.mark.django_db
def test_a_workbook_cut_off_is_refused_with_a_clear_error(geography, tmp_path):
    cut = tmp_path / "Monthly_detections_cut.xlsx"
    cut.write_bytes(WORKBOOK.read_bytes()[:200_000])
    run = load(cut)
    assert run.status == ImportRun.Status.FAILED and "Monthly_detections_cut.xlsx" in run.errors[0]
    assert Observation.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_file_is_a_failed_run_not_a_crash(geography, tmp_path):
    run = load(tmp_path / "nowhere.csv")
    assert run.status == ImportRun.Status.FAILED and "cannot read the file" in run.errors[0]
