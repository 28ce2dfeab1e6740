import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wholeroute.access.actions import reclassify
from wholeroute.geo.models import Country, Route
from wholeroute.partnerships import actions
from wholeroute.partnerships.models import DocumentVersion
from wholeroute.partnerships.spreadsheet import safe_cell


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_documents_keep_every_version_under_media_root(draft, alice, settings):
    doc = actions.add_document(alice, draft, title="Scoping paper",
                               upload=SimpleUploadedFile("scoping.txt", b"first draft"))
    actions.add_document_version(alice, doc, upload=SimpleUploadedFile("scoping.txt", b"second draft"),
                                 note="comments of the delegation")
    versions = list(doc.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].note == "comments of the delegation"
    assert str(settings.MEDIA_ROOT) in versions[1].file.path
    assert versions[0].file.read() == b"first draft"


def test_an_upload_above_the_size_limit_is_refused(draft, alice, settings):
    settings.WHOLEROUTE_MAX_UPLOAD_BYTES = 10
    with pytest.raises(Exception) as exc:
        actions.add_document(alice, draft, title="Big", upload=SimpleUploadedFile("big.bin", b"x" * 11))
    assert "largest accepted is 10 bytes" in str(exc.value)
    assert not DocumentVersion.objects.exists()


@pytest.mark.parametrize("name, content, reason", [
    ("minutes.pdf", b"<html><script>alert(1)</script></html>", "is not a valid PDF"),
    ("budget.xlsx", b"MZ\x90\x00\x03 a Windows program", "is not a valid Excel workbook"),
    ("notes.txt", b"<!DOCTYPE html><html><body>phishing</body></html>", "is not a valid plain text"),
    ("map.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "Files of type .svg"),
    ("page.html", b"<html></html>", "Files of type .html"),
    ("tool.exe", b"MZ\x90\x00", "Files of type .exe"),
    ("README", b"no extension", "Files of type .(none)"),
])
def test_uploads_are_recognised_by_their_content_and_refused_when_it_does_not_match(draft, alice, name, content,
                                                                                    reason):
    with pytest.raises(ValidationError) as exc:
        actions.add_document(alice, draft, title="Hostile", upload=SimpleUploadedFile(name, content))
    assert reason in exc.value.message_dict["file"][0]
    assert not DocumentVersion.objects.exists()


def test_real_office_and_pdf_files_are_accepted_and_served_with_their_true_type(draft, alice, client_of):
    from wholeroute.indicators.seed import DATA

    workbook = (DATA / "eurostat/migr_asyappctzm_custom_EU27_African_citizenships_2020-02_2021-11.xlsx").read_bytes()
    doc = actions.add_document(alice, draft, title="Figures", upload=SimpleUploadedFile("figures.xlsx", workbook))
    version = doc.versions.get()
    assert version.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = client_of(alice).get(f"/partnerships/documents/versions/{version.pk}/download/")
    assert response["Content-Type"] == version.content_type and response["X-Content-Type-Options"] == "nosniff"
    pdf = actions.add_document(alice, draft, title="Minutes", upload=SimpleUploadedFile("m.pdf", b"%PDF-1.7\n%..."))
    assert pdf.versions.get().content_type == "application/pdf"


def test_downloads_go_through_the_access_policy(draft, alice, bob, client, client_of):
    doc = actions.add_document(alice, draft, title="Annex", upload=SimpleUploadedFile("annex.txt", b"annex"),
                               classification="SENSITIVE")
    version = doc.versions.get()
    url = f"/partnerships/documents/versions/{version.pk}/download/"
    assert client.get(url).status_code == 302
    assert client_of(bob).get(url).status_code == 404
    response = client_of(alice).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"annex"
    assert "attachment" in response["Content-Disposition"]


def test_the_upload_form_shows_field_errors(draft, alice, client_of):
    response = client_of(alice).post(f"/partnerships/{draft.pk}/documents/", {"title": "", "classification": "LIMITED"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_title_error"' in page and 'aria-describedby="id_title_error"' in page
    assert 'id="id_file_error"' in page


def test_csv_cells_that_look_like_formulas_are_neutralised(alice, ministry, geography, client_of):
    actions.create_partnership(alice, owner=ministry, title="=HYPERLINK(\"http://evil\")", classification="PUBLIC")
    assert safe_cell("+1") == "'+1" and safe_cell("-x") == "'-x" and safe_cell("@a") == "'@a"
    assert safe_cell("Tunisia") == "Tunisia"
    body = b"".join(client_of(alice).get("/partnerships/?format=csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][2] == "'=HYPERLINK(\"http://evil\")"


def test_the_list_filters_sorts_and_searches(registry, client):
    page = client.get("/partnerships/?country=TN&sort=title").content.decode()
    assert "EU-Tunisia Memorandum of Understanding" in page and "EU-Turkey Statement" not in page
    page = client.get("/partnerships/?solution=return-hub").content.decode()
    assert "Netherlands" in page or "return hub" in page.lower()
    page = client.get("/partnerships/?q=Gjader").content.decode()
    assert "2 partnerships you may see" in page or "Gjader" in page
    page = client.get("/partnerships/?party=DE&phase=implementation&instrument=agreement").content.decode()
    assert "Kenya" in page and "EU-Tunisia" not in page


def test_the_create_form_reports_each_invalid_field(alice, ministry, geography, client_of):
    response = client_of(alice).post("/partnerships/new/", {
        "owner-owner": ministry.pk, "title": "", "classification": "LIMITED", "signed_or_announced": "2025-14"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_signed_or_announced_error"' in page and "not a real date" in page
    assert 'id="id_title_error"' in page


def test_an_editor_creates_a_partnership_through_the_form(alice, ministry, geography, client_of):
    tn = Country.objects.get(code="TN")
    response = client_of(alice).post("/partnerships/new/", {
        "owner-owner": ministry.pk, "title": "Tunisia legal pathway", "classification": "LIMITED",
        "countries": [tn.pk], "signed_or_announced": "2026-03"})
    assert response.status_code == 302
    from wholeroute.partnerships.models import Partnership

    p = Partnership.objects.get(title="Tunisia legal pathway")
    assert p.owner == ministry and p.phase == "exploration" and p.parties.get().kind == "partner_country"


def test_the_route_page_shows_countries_by_role_with_partnerships_and_gaps(registry, client):
    route = Route.objects.get(slug="central-mediterranean")
    page = client.get(f"/routes/{route.slug}/").content.decode() if _geo_mounted() else None
    from wholeroute.partnerships import sections

    [along, *_] = sections.route(None, route)
    departure = next(t for t in along.tables if t.caption.startswith("Departure"))
    tunisia = next(r for r in departure.rows if r[0].text == "Tunisia")
    assert "EU-Tunisia Memorandum of Understanding" in tunisia[2]
    assert any(p.startswith("Gap:") for p in along.paragraphs)
    if page is not None:
        assert "Partnerships along the route" in page


def _geo_mounted():
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("geo:route", args=["x"])
        return True
    except NoReverseMatch:
        return False


def test_sections_hide_what_the_user_may_not_see(draft, alice, bob):
    from wholeroute.partnerships import sections

    reclassify(alice, draft, classification="SENSITIVE")
    tn = Country.objects.get(code="TN")
    assert sections.country(bob, tn)[0].is_empty
    mine = sections.country(alice, tn)[0]
    assert mine.classification == "SENSITIVE" and not mine.is_empty


def test_home_lists_transitions_awaiting_the_users_approval(draft, alice, erin):
    from wholeroute.partnerships import sections

    actions.request_transition(alice, draft, to_phase="design", reason="Ready")
    keys = {s.key for s in sections.home(erin)}
    assert "transitions-awaiting" in keys
    assert "transitions-awaiting" not in {s.key for s in sections.home(alice)}
