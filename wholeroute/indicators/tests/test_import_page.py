"""Administrators import statistics from the web page as a background task; everybody else is refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wholeroute.access.models import AuditEntry
from wholeroute.indicators.models import ImportRun, Observation
from wholeroute.indicators.seed import DATA

REFUSED = DATA / "eurostat/migr_eirfs_refused_entry_2014_2023.csv"


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(content, name="migr_eirfs_refused_entry_2014_2023.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.mark.django_db
def test_an_admin_imports_a_real_file_and_follows_the_run_to_its_summary(geography, client_of, ivan):
    client = client_of(ivan)
    response = client.post("/statistics/import/", {"file": _upload(REFUSED.read_bytes()), "format": "", "vintage": ""})
    run = ImportRun.objects.get(status=ImportRun.Status.SUCCEEDED)
    assert response.status_code == 302 and response["Location"] == f"/statistics/import/{run.pk}/"
    rows = sum(1 for _ in REFUSED.open(encoding="utf-8-sig")) - 1
    assert run.started_by == ivan and run.read == run.inserted == rows == Observation.objects.count()
    page = client.get(response["Location"]).content.decode()
    assert "Succeeded" in page and f"{rows}" in page
    assert AuditEntry.objects.filter(verb="indicators.import_queued", user=ivan).exists()
    assert AuditEntry.objects.filter(verb="indicators.import", object_id=str(run.pk)).exists()


@pytest.mark.django_db
def test_a_broken_upload_shows_every_problem_with_its_row_and_column_and_writes_nothing(geography, client_of, ivan):
    text = REFUSED.read_text(encoding="utf-8-sig").splitlines()
    header = text[0].split(",")
    cells = text[3].split(",")
    cells[header.index("OBS_VALUE")] = "12x"
    text[3] = ",".join(cells)
    client = client_of(ivan)
    response = client.post("/statistics/import/", {"file": _upload("\n".join(text).encode()), "format": "",
                                                   "vintage": ""}, follow=True)
    page = response.content.decode()
    assert "Failed" in page and "row 4, column &#x27;OBS_VALUE&#x27;: expected a number" in page
    assert Observation.objects.count() == 0


@pytest.mark.django_db
def test_only_administrators_of_a_participating_organisation_may_import(geography, client, client_of, alice, vera,
                                                                        bob, carol, ivan):
    assert client.get("/statistics/import/").status_code in (302, 403)
    for user in (alice, vera, bob, carol):
        assert client_of(user).get("/statistics/import/").status_code == 403
        assert client_of(user).post("/statistics/import/", {"file": _upload(b"x")}).status_code == 403
    run = ImportRun.objects.create(file_name="x.csv", status=ImportRun.Status.FAILED, errors=["x.csv: secret"])
    assert client_of(alice).get(f"/statistics/import/{run.pk}/").status_code == 403
    assert client_of(ivan).get(f"/statistics/import/{run.pk}/").status_code == 200
    assert ImportRun.objects.count() == 1


@pytest.mark.django_db
def test_an_unusable_vintage_is_an_error_on_its_field(geography, client_of, ivan):
    page = client_of(ivan).post("/statistics/import/", {"file": _upload(REFUSED.read_bytes()), "vintage": "June"})
    assert page.status_code == 200 and "Give the vintage as a date" in page.content.decode()
    assert ImportRun.objects.count() == 0


@pytest.mark.django_db
def test_a_failed_upload_can_be_retried_by_an_administrator_only_and_keeps_its_history(geography, client_of, alice,
                                                                                       ivan):
    text = REFUSED.read_text(encoding="utf-8-sig").replace("\n", "\nnot,a,row\n", 1)  # row 2 breaks the import
    client_of(ivan).post("/statistics/import/", {"file": _upload(text.encode()), "format": "", "vintage": ""})
    failed = ImportRun.objects.get()
    assert failed.status == ImportRun.Status.FAILED and failed.stored_file
    assert client_of(alice).post(f"/statistics/import/{failed.pk}/retry/").status_code == 403
    assert client_of(ivan).get(f"/statistics/import/{failed.pk}/retry/").status_code == 405

    response = client_of(ivan).post(f"/statistics/import/{failed.pk}/retry/")
    again = ImportRun.objects.get(retry_of=failed)
    assert response["Location"] == f"/statistics/import/{again.pk}/"
    assert again.status == ImportRun.Status.FAILED and again.errors == failed.errors  # the same file fails the same way
    assert Observation.objects.count() == 0
    assert AuditEntry.objects.filter(verb="indicators.import_retried", user=ivan).count() == 1
