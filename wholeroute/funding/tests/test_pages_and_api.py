"""Access to every funding page and API route: anonymous, another organisation, and the owner's roles, over PUBLIC,
LIMITED and SENSITIVE records."""

import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from wholeroute.access.models import Classification
from wholeroute.funding import actions
from wholeroute.funding.models import Commitment, Envelope, FundedAction, Instrument
from wholeroute.geo.models import Route

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(envelope, partnership, alice, erin):
    """A LIMITED partnership with a LIMITED small commitment and a SENSITIVE large one awaiting approval."""
    limited = actions.record_commitment(alice, envelope=envelope, partnership=partnership, title="Border training",
                                        amount="400000", committed_on="2024-06-01", channel="direct",
                                        oda_eligible="yes", purpose_code="15190")
    sensitive = actions.record_commitment(alice, envelope=envelope, partnership=partnership,
                                          title="=HYPERLINK(\"http://evil.example\",\"Secret coastguard support\")",
                                          amount="9000000", committed_on="2025-02-01", channel="indirect_member_state",
                                          classification=Classification.SENSITIVE)
    return {"limited": limited, "sensitive": sensitive, "partnership": partnership}


PUBLIC_PAGES = ["/funding/", "/funding/guidelines/", "/funding/tracker/", "/funding/actions/",
                "/funding/instruments/ndici-global-europe/", "/funding/countries/TN/",
                "/funding/check/?instrument=ndici-global-europe&solution_types=return-hub&on_date=2026-01-01",
                "/funding/instruments.csv", "/funding/instruments.xlsx", "/funding/iati.xml"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_open_to_anonymous_visitors(client, book, url):
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Border training" not in body and b"Secret coastguard" not in body


def test_envelope_and_route_pages_open_to_anonymous_visitors(client, book):
    envelope = Envelope.objects.get(registry_id="eutf-africa")
    page = client.get(f"/funding/envelopes/{envelope.pk}/")
    assert page.status_code == 200 and b"4935100000" in page.content.replace(b",", b"")
    route = Route.objects.get(slug="central-mediterranean")
    assert client.get(f"/funding/routes/{route.slug}/").status_code == 200


def test_the_partnership_funding_line_needs_sign_in_for_a_limited_partnership(client, book):
    response = client.get(f"/funding/partnerships/{book['partnership'].pk}/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_another_organisation_sees_limited_commitments_but_not_sensitive_ones(client_of, book, bob):
    page = client_of(bob).get(f"/funding/partnerships/{book['partnership'].pk}/")
    assert page.status_code == 200
    assert b"Border training" in page.content and b"Secret coastguard" not in page.content


@pytest.mark.parametrize("who", ["alice", "vera", "erin", "ivan"])
def test_the_owner_organisation_sees_its_sensitive_commitment_and_the_guideline_outcome(client_of, book, who, request):
    page = client_of(request.getfixturevalue(who)).get(f"/funding/partnerships/{book['partnership'].pk}/")
    assert page.status_code == 200
    assert b"Secret coastguard" in page.content and b"SENSITIVE" in page.content
    assert b"Rules applied to" in page.content and b"93 %" in page.content


def test_only_a_second_approver_sees_the_approve_button(client_of, book, alice, erin):
    url = f"/funding/partnerships/{book['partnership'].pk}/"
    assert b"Approve (second pair of eyes)" not in client_of(alice).get(url).content
    assert b"Approve (second pair of eyes)" in client_of(erin).get(url).content


def test_the_author_cannot_approve_over_the_page_and_the_second_approver_can(client_of, book, alice, erin):
    c = book["sensitive"]
    assert client_of(alice).post(f"/funding/commitments/{c.pk}/approve/", {"reason": "mine"}).status_code == 403
    response = client_of(erin).post(f"/funding/commitments/{c.pk}/approve/", {"reason": "checked"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == Commitment.Status.APPROVED and c.approved_by == erin


def test_other_organisations_cannot_see_or_approve_a_sensitive_commitment(client_of, book, bob):
    assert client_of(bob).post(f"/funding/commitments/{book['sensitive'].pk}/approve/").status_code == 404


def test_recording_a_commitment_over_the_page(client_of, book, alice, envelope):
    response = client_of(alice).post(f"/funding/partnerships/{book['partnership'].pk}/commitments/", {
        "envelope": envelope.pk, "title": "Reception capacity", "amount": "100000", "currency": "EUR",
        "committed_on": "2024-09-01", "channel": "direct", "oda_eligible": "unknown"})
    assert response.status_code == 302
    assert Commitment.objects.filter(title="Reception capacity", status="approved").exists()


def test_exports_neutralise_formula_injection(client_of, book, alice):
    csv_text = client_of(alice).get(f"/funding/partnerships/{book['partnership'].pk}/commitments.csv").content.decode()
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text
    xlsx = client_of(alice).get(f"/funding/partnerships/{book['partnership'].pk}/commitments.xlsx").content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    titles = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert any(t.startswith("'=HYPERLINK") for t in titles)


def test_a_withdrawn_instrument_is_hidden_from_everyone_but_admins_of_its_owner(client_of, client, ledger, alice):
    Instrument.objects.filter(slug="bmvi").update(withdrawn_at="2026-01-01T00:00:00Z")
    assert client_of(alice).get("/funding/instruments/bmvi/").status_code == 404
    assert Client().get("/funding/instruments/bmvi/").status_code == 302


def test_a_sensitive_action_is_hidden_from_other_organisations(client_of, client, seeded, bob, ministry):
    action = FundedAction.objects.get(iati_identifier="T05-EUTF-NOA-LY-07")
    FundedAction.objects.filter(pk=action.pk).update(classification=Classification.SENSITIVE, owner=ministry)
    assert client.get(f"/funding/actions/{action.pk}/").status_code == 302
    assert client_of(bob).get(f"/funding/actions/{action.pk}/").status_code == 404
    assert b"<iati-identifier>T05-EUTF-NOA-LY-07</iati-identifier>" not in Client().get("/funding/iati.xml").content
    assert client.get("/funding/actions/").status_code == 200


def test_the_public_eutf_action_page_shows_results_and_budget(client, seeded):
    action = FundedAction.objects.get(iati_identifier="T05-EUTF-NOA-REG-14-01")
    page = client.get(f"/funding/actions/{action.pk}/")
    assert page.status_code == 200 and b"3,700,000.00 EUR" in page.content and b"3794" in page.content.replace(b",", b"")


# ---------------------------------------------------------------- API

def test_api_lists_instruments_and_envelopes_to_anyone(client, ledger):
    instruments = client.get("/api/funding/instruments").json()
    assert {"ndici-global-europe", "eutf-africa", "amif", "bmvi"} <= {i["slug"] for i in instruments}
    assert len(client.get("/api/funding/envelopes").json()) == 10


def test_api_commitments_follow_the_access_rules(client, client_of, book, bob, vera):
    assert client.get("/api/funding/commitments").json() == []
    assert client.get(f"/api/funding/commitments/{book['limited'].pk}").status_code == 404
    assert {c["title"] for c in client_of(bob).get("/api/funding/commitments").json()} == {"Border training"}
    assert len(client_of(vera).get("/api/funding/commitments").json()) == 2


def test_api_writes_need_a_session_and_the_right_role(client, client_of, book, envelope, vera, alice, erin):
    payload = {"envelope_id": envelope.pk, "partnership_id": book["partnership"].pk, "title": "API grant",
               "amount": "2000000", "committed_on": "2024-10-01", "channel": "direct"}
    assert client.post("/api/funding/commitments", json.dumps(payload), content_type="application/json"
                       ).status_code == 401
    assert client_of(vera).post("/api/funding/commitments", json.dumps(payload), content_type="application/json"
                                ).status_code == 403
    created = client_of(alice).post("/api/funding/commitments", json.dumps(payload), content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    cid = created.json()["id"]
    assert client_of(alice).post(f"/api/funding/commitments/{cid}/approve", "{}",
                                 content_type="application/json").status_code == 403
    approved = client_of(erin).post(f"/api/funding/commitments/{cid}/approve", "{}", content_type="application/json")
    assert approved.status_code == 200 and approved.json()["counts"] is True


def test_api_guideline_check_lists_each_rule_and_why(client, ledger):
    answer = client.get("/api/funding/check", {"instrument": "ndici-global-europe", "solution_types": "return-hub",
                                               "on_date": "2026-01-01"}).json()
    assert answer["result"] == "not_eligible"
    assert any(a["rule"] == "ndici-ge-coercive-return" and "not ODA-eligible" in a["why"] for a in answer["applied"])


def test_api_actions_and_rules_are_public_where_the_records_are(client, seeded):
    chad = client.get("/api/funding/actions", {"country": "TD", "limit": 500}).json()
    assert chad and all("TD" in a["countries"] for a in chad)
    assert any(r["key"] == "eutf-no-new-programmes" for r in client.get("/api/funding/rules").json())
