"""Safeguards pages, exports and API routes show SENSITIVE records only to the owning organisation."""

import datetime
import io

import openpyxl
import pytest

from wholeroute.safeguards import actions
from wholeroute.safeguards.models import Allegation, Obligation

SECRET = "Transfer of 12 people to the closed facility at the port"


@pytest.fixture
def allegation(in_design, alice):
    return actions.record_allegation(alice, in_design, received_on=datetime.date(2026, 11, 2), source_kind="media",
                                     severity="medium", summary=SECRET,
                                     rights=[Obligation.objects.get(code="cfr-art-6")])


@pytest.fixture
def assessment(in_design, alice):
    return actions.start_assessment(alice, in_design)


def _pages(allegation, assessment):
    p = allegation.partnership_id
    return [f"/safeguards/partnerships/{p}/", f"/safeguards/allegations/{allegation.pk}/",
            f"/safeguards/assessments/{assessment.pk}/"]


def test_the_owners_staff_see_every_safeguards_page(client_of, vera, allegation, assessment):
    client = client_of(vera)
    for url in _pages(allegation, assessment):
        assert client.get(url).status_code == 200, url
    assert f"/safeguards/allegations/{allegation.pk}/" in client.get("/safeguards/allegations/").content.decode()
    assert SECRET in client.get(f"/safeguards/allegations/{allegation.pk}/").content.decode()


def test_another_organisation_sees_no_sensitive_safeguards_record(client_of, bob, allegation, assessment):
    client = client_of(bob)
    assert client.get(f"/safeguards/allegations/{allegation.pk}/").status_code == 404
    assert client.get(f"/safeguards/assessments/{assessment.pk}/").status_code == 404
    for url in ["/safeguards/", "/safeguards/allegations/", "/safeguards/status.csv", "/api/safeguards/allegations",
                "/api/safeguards/status", f"/safeguards/partnerships/{allegation.partnership_id}/"]:
        body = client.get(url).content.decode()
        assert SECRET not in body and f"/safeguards/allegations/{allegation.pk}/" not in body, url
        assert "2 Nov 2026" not in body and "2026-11-02" not in body, url


def test_anonymous_visitors_are_sent_to_sign_in(client, allegation, assessment):
    for url in _pages(allegation, assessment):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert client.get("/api/safeguards/allegations").json() == []


def test_a_viewer_cannot_change_an_allegation(client_of, vera, allegation):
    response = client_of(vera).post(f"/safeguards/allegations/{allegation.pk}/", {"status": "acknowledged"})
    assert response.status_code == 403
    assert Allegation.objects.get(pk=allegation.pk).status == "received"


def test_an_editor_registers_an_allegation_through_the_form_and_personal_data_is_refused(client_of, alice, in_design):
    client = client_of(alice)
    form = {"received_on": "2026-11-03", "source_kind": "ngo", "severity": "high",
            "rights": [Obligation.objects.get(code="cfr-art-19-2").pk], "summary": "Call +216 71 234 567 to confirm"}
    response = client.post(f"/safeguards/partnerships/{in_design.pk}/allegations/new/", form)
    assert response.status_code == 200 and "no personal data" in response.content.decode()
    assert not Allegation.objects.exists()
    form["summary"] = "Boat intercepted and passengers returned without screening"
    response = client.post(f"/safeguards/partnerships/{in_design.pk}/allegations/new/", form)
    assert response.status_code == 302 and Allegation.objects.count() == 1


def test_the_api_records_an_allegation_only_for_signed_in_editors(client, client_of, alice, in_design):
    payload = {"received_on": "2026-11-03", "source_kind": "ngo", "severity": "high", "summary": "Pushback at sea",
               "rights": ["cfr-art-19-2"]}
    url = f"/api/safeguards/partnerships/{in_design.pk}/allegations"
    assert client.post(url, payload, content_type="application/json").status_code == 401
    response = client_of(alice).post(url, payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["acknowledge_by"] == "2026-11-10"


def test_the_status_exports_as_csv_and_xlsx_with_formulas_neutralised(client_of, alice, in_design):
    from wholeroute.partnerships import actions as partnership_actions

    partnership_actions.update_partnership(alice, in_design, title="=HYPERLINK(\"http://x\")")
    client = client_of(alice)
    csv_text = client.get("/safeguards/status.csv").content.decode()
    assert "'=HYPERLINK" in csv_text and "Approved assessment" in csv_text
    book = openpyxl.load_workbook(io.BytesIO(client.get("/safeguards/status.xlsx").content))
    values = [c.value for c in book.active[2]]
    assert values[0].startswith("'=HYPERLINK") and values[4] == "no"


def test_a_suspended_partnership_shows_a_banner(client_of, alice, erin, ivan, in_design):
    allegation = actions.record_allegation(alice, in_design, received_on=datetime.date(2026, 11, 2), source_kind="ngo",
                                           severity="high", summary="Returns to a place of risk",
                                           rights=[Obligation.objects.get(code="cfr-art-19-2")])
    for status in ("acknowledged", "under_assessment"):
        actions.advance_allegation(alice, allegation, status=status)
    actions.advance_allegation(alice, allegation, status="substantiated", outcome="Confirmed")
    proposal = allegation.proposals.get()
    response = client_of(erin).post(f"/safeguards/proposals/{proposal.pk}/accept/", {"reason": "Pending inquiry"})
    assert response.status_code == 302
    page = client_of(ivan).get(f"/partnerships/{in_design.pk}/").content.decode()
    assert "Suspended." in page and "Pending inquiry" in page
