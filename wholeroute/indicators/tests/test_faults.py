"""A real fault during an import: the PostgreSQL backend is terminated mid-way. Nothing of the import may remain,
the run must say it failed and why, and the kept upload can be retried to success once the database is back."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from wholeroute.access.models import AuditEntry
from wholeroute.indicators import actions
from wholeroute.indicators.load import load
from wholeroute.indicators.models import ImportRun, Observation, Series
from wholeroute.indicators.seed import DATA

LONG = DATA / "frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv"  # 31,176 records, several loader batches

# Where the connection drops: as the third batch's new series are inserted (the first two batches' observations
# already copied in), and at the very end, after every observation is written, when the run is marked succeeded.
MID_IMPORT = r'^INSERT INTO "indicators_series"'
AT_THE_END = r'^UPDATE "indicators_importrun"'


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where, after", [(MID_IMPORT, 2), (AT_THE_END, 0)], ids=["mid-import", "before-commit"])
def test_a_dropped_connection_during_an_import_leaves_nothing_half_written(geography, dropped_connection, where,
                                                                           after):
    with pytest.raises(OperationalError), dropped_connection(where, after=after) as fired:
        load(LONG)
    assert fired
    assert Observation.objects.count() == 0 and Series.objects.count() == 0
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and run.read == 0
    assert "stopped unexpectedly (OperationalError" in run.errors[0] and "nothing of it was written" in run.errors[0]
    assert AuditEntry.objects.filter(verb="indicators.import_crashed", object_id=str(run.pk)).exists()
    assert not AuditEntry.objects.filter(verb="indicators.import").exists()


@pytest.mark.django_db(transaction=True)
def test_a_crashed_background_import_is_reported_as_failed_and_can_be_retried(geography, dropped_connection,
                                                                                client_of, ivan):
    upload = SimpleUploadedFile(LONG.name, LONG.read_bytes(), content_type="text/csv")
    with dropped_connection(MID_IMPORT, after=2) as fired:
        crashed = actions.queue_import(ivan, upload)  # tests run tasks immediately; the task's failure is caught
    assert fired
    crashed.refresh_from_db()
    assert crashed.status == ImportRun.Status.FAILED and Observation.objects.count() == 0
    client = client_of(ivan)
    page = client.get(f"/statistics/import/{crashed.pk}/").content.decode()
    assert "stopped unexpectedly" in page and "Retry this import" in page

    response = client.post(f"/statistics/import/{crashed.pk}/retry/")
    again = ImportRun.objects.get(retry_of=crashed)
    assert response.status_code == 302 and response["Location"] == f"/statistics/import/{again.pk}/"
    assert again.status == ImportRun.Status.SUCCEEDED and again.inserted == Observation.objects.count() > 30000
    assert AuditEntry.objects.filter(verb="indicators.import_retried", user=ivan, object_id=str(again.pk)).exists()
    crashed_page = client.get(f"/statistics/import/{crashed.pk}/").content.decode()
    assert f"run {again.pk} (succeeded)" in crashed_page and "Retry this import" not in crashed_page
