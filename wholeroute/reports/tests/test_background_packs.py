"""Packs generated in the background: queued by an action, stored outside the web root with their inputs, listed
for their requester, downloaded with safe headers, regenerated identically, and a crash stored as failed and
retryable."""

import io

from docx import Document

from wholeroute.access.models import AuditEntry
from wholeroute.reports import actions
from wholeroute.reports.models import Pack
from wholeroute.reports.tests.conftest import SECRET


def _text(pack):
    with pack.file.open("rb") as handle:
        doc = Document(io.BytesIO(handle.read()))
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def test_a_requested_pack_is_generated_with_its_inputs_and_audited(media, alice, summit):
    pack = actions.request_pack(alice, "event", str(summit.pk), "docx")
    pack.refresh_from_db()
    assert (pack.status, pack.progress, pack.error) == ("succeeded", 100, "")
    assert pack.classification == "LIMITED" and SECRET in _text(pack)
    assert str(media) in pack.file.path and "/static" not in pack.file.path
    assert {r["file"] for r in pack.inputs["import_runs"]} == {"frontex_ibc_monthly_long_2009-01_2023-12.csv"}
    assert all(r["sha256"] and r["vintage"] for r in pack.inputs["import_runs"])
    assert {"type": "outreach.event", "id": summit.pk, "updated_at": summit.updated_at.isoformat()} in pack.inputs["records"]
    assert pack.inputs["countries"] == ["MA", "TN"] and pack.inputs["public"] is False
    assert set(AuditEntry.objects.filter(object_id=str(pack.pk), object_type__contains="pack")
               .values_list("verb", flat=True)) >= {"reports.pack_requested", "reports.pack_generated"}


def test_my_packs_page_lists_status_and_the_download_has_safe_headers(media, client_of, alice, bob, summit):
    client = client_of(alice)
    response = client.post("/reports/packs/", {"kind": "event", "key": str(summit.pk), "format": "pdf"})
    assert response.status_code == 302
    pack = Pack.objects.get(requested_by=alice)
    page = client.get("/reports/packs/").content.decode()
    assert "Succeeded" in page and f"/reports/packs/{pack.pk}/download" in page
    download = client.get(f"/reports/packs/{pack.pk}/download")
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_of(bob).get(f"/reports/packs/{pack.pk}/download").status_code == 404  # only the requester


def test_a_public_pack_holds_no_limited_record(media, alice, summit):
    pack = actions.request_pack(alice, "event", str(summit.pk), "docx", public=True)
    pack.refresh_from_db()
    assert pack.status == "succeeded" and pack.classification == "PUBLIC"
    assert SECRET not in _text(pack) and "Tunisia" in _text(pack)


def test_regenerate_reproduces_the_same_content_and_says_when_the_data_changed(media, client_of, alice, summit):
    from django.utils import timezone

    from wholeroute.partnerships.models import Partnership

    pack = actions.request_pack(alice, "event", str(summit.pk), "docx")
    pack.refresh_from_db()
    # The secret partnership changes after the pack was made: the regenerated pack still shows it as it was.
    secret = Partnership.objects.get(title=SECRET)
    Partnership.objects.filter(pk=secret.pk).update(title="Renamed since", updated_at=timezone.now())
    client = client_of(alice)
    assert "Records included in the pack have been added, changed or withdrawn since" in client.get(
        f"/reports/packs/{pack.pk}/").content.decode()
    response = client.post(f"/reports/packs/{pack.pk}/regenerate")
    again = Pack.objects.exclude(pk=pack.pk).get()
    assert response.url == f"/reports/packs/{again.pk}/"
    assert again.status == "succeeded" and again.regenerated_from == pack
    assert _text(again) == _text(pack) and SECRET in _text(again)
    assert again.generated_at == pack.generated_at and again.inputs == pack.inputs


def test_a_crashed_generation_is_stored_as_failed_with_its_error_and_can_be_retried(media, client_of, alice, ministry):
    # No geography yet: the route does not exist when the task runs.
    pack = actions.request_pack(alice, "route", "central-mediterranean", "xlsx")
    pack.refresh_from_db()
    assert pack.status == "failed" and pack.progress < 100 and not pack.file
    assert "SubjectNotFound: There is no route 'central-mediterranean'" in pack.error
    assert "central-mediterranean" in client_of(alice).get("/reports/packs/").content.decode()
    from wholeroute.geo import seed as geo_seed

    geo_seed.run(demo=False, stdout=None)
    client_of(alice).post(f"/reports/packs/{pack.pk}/retry")
    pack.refresh_from_db()
    assert (pack.status, pack.error, pack.attempts) == ("succeeded", "", 2), pack.error
    assert pack.file.name.endswith(".xlsx")


def test_only_members_of_a_participating_organisation_may_request_packs(db):
    import pytest
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.request_pack(AnonymousUser(), "country", "TN", "pdf")


def test_the_list_refreshes_itself_only_while_a_pack_is_in_progress(media, client_of, alice, summit):
    pack = actions.request_pack(alice, "event", str(summit.pk), "html")
    client = client_of(alice)
    assert 'hx-trigger="every 3s"' not in client.get("/reports/packs/").content.decode()
    Pack.objects.filter(pk=pack.pk).update(status=Pack.Status.RUNNING, progress=40)  # as a worker leaves it mid-way
    page = client.get("/reports/packs/").content.decode()
    assert 'hx-trigger="every 3s"' in page and 'value="40"' in page and "Running" in page
