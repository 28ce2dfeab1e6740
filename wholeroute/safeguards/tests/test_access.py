"""Every safeguards page and API route, for anonymous visitors, another organisation (bob at the delegation), the
owner's viewer (vera), editor (alice) and approver (erin), over PUBLIC, LIMITED and SENSITIVE partnerships."""

import datetime

import pytest
from django.test import Client

from wholeroute.partnerships import actions as partnership_actions
from wholeroute.safeguards import actions
from wholeroute.safeguards.models import Allegation, Obligation, RightsAssessment
from wholeroute.safeguards.tests.conftest import answer_everything

SECRET = "Transfer of 12 people to the closed facility at the port"
LOGIN = "/accounts/login/"


@pytest.fixture
def record(in_design, alice, erin):
    """A partnership with two assessment versions (v1 approved, v2 submitted), monitoring, an allegation,
    a threshold rule and an open suspension proposal."""
    p = in_design
    v1 = actions.start_assessment(alice, p)
    answer_everything(alice, v1)
    actions.submit_assessment(alice, v1)
    actions.approve_assessment(erin, v1, reason="ok")
    v2 = actions.start_assessment(alice, p)
    actions.answer(alice, v2, Obligation.objects.get(code="cfr-art-6"), risk="medium", mitigation=SECRET)
    actions.submit_assessment(alice, v2)
    monitoring = actions.record_monitoring(alice, p, body_name="Ombudsperson", independence_basis="Constitution")
    allegation = actions.record_allegation(alice, p, received_on=datetime.date(2026, 11, 2), source_kind="media",
                                           severity="medium", summary=SECRET,
                                           rights=[Obligation.objects.get(code="cfr-art-19-2")])
    indicator = partnership_actions.define_indicator(alice, p, name="Returns", unit="people", measure="count")
    rule = actions.define_rule(alice, code="t", kind="indicator_threshold", indicator=indicator,
                               comparison="above", threshold=5, description="More than five returns")
    partnership_actions.report_value(alice, indicator, period="2026-Q4", value="9")
    proposal = rule.proposals.get()
    return {"p": p, "v1": v1, "v2": v2, "m": monitoring, "a": allegation, "rule": rule, "s": proposal}


def _pages(r):
    p, a = r["p"].pk, r["a"].pk
    return {
        "partnership": f"/safeguards/partnerships/{p}/",
        "assessment": f"/safeguards/assessments/{r['v2'].pk}/",
        "compare": f"/safeguards/assessments/{r['v2'].pk}/compare/{r['v1'].pk}/",
        "allegation": f"/safeguards/allegations/{a}/",
        "new_allegation": f"/safeguards/partnerships/{p}/allegations/new/",
    }


OPEN_PAGES = ["/safeguards/", "/safeguards/allegations/", "/safeguards/status.csv", "/safeguards/status.xlsx",
              "/safeguards/checklist/", "/safeguards/checklist/cfr-art-19-2/", "/api/safeguards/status",
              "/api/safeguards/allegations", "/api/safeguards/checklist"]


def _no_secret(client, url, r):
    body = client.get(url).content.decode(errors="replace")
    assert SECRET not in body and f"/safeguards/allegations/{r['a'].pk}/" not in body, url
    assert "More than five returns" not in body, url


def test_anonymous_visitors_are_sent_to_sign_in_and_see_nothing_sensitive(client, record):
    for name, url in _pages(record).items():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN), name
    assert client.get("/safeguards/deadlines/")["Location"].startswith(LOGIN)
    for url in OPEN_PAGES:
        assert client.get(url).status_code == 200, url
        _no_secret(client, url, record)
    for url in [f"/api/safeguards/partnerships/{record['p'].pk}", f"/api/safeguards/assessments/{record['v2'].pk}",
                f"/api/safeguards/allegations/{record['a'].pk}"]:
        assert client.get(url).status_code == 404, url


def test_another_organisation_sees_the_limited_partnership_but_no_sensitive_safeguards_record(
        client_of, bob, record):
    client = client_of(bob)
    pages = _pages(record)
    assert client.get(pages["partnership"]).status_code == 200
    _no_secret(client, pages["partnership"], record)
    for name in ("assessment", "compare", "allegation"):
        assert client.get(pages[name]).status_code == 404, name
    assert client.get(pages["new_allegation"]).status_code == 403
    assert client.get("/safeguards/deadlines/").status_code == 403
    for url in OPEN_PAGES:
        _no_secret(client, url, record)
    detail = client.get(f"/api/safeguards/partnerships/{record['p'].pk}").json()
    assert detail["assessments"] == [] and detail["allegations"] == [] and detail["proposals"] == []
    assert client.get(f"/api/safeguards/assessments/{record['v2'].pk}").status_code == 404
    assert client.get(f"/api/safeguards/allegations/{record['a'].pk}").status_code == 404


def test_the_owners_viewer_sees_everything_but_the_forms(client_of, vera, record):
    client = client_of(vera)
    pages = _pages(record)
    for name in ("partnership", "assessment", "compare", "allegation"):
        response = client.get(pages[name])
        assert response.status_code == 200, name
        for button in ("Start a new assessment version", "Register an allegation", "Save this item", ">Approve<",
                       "Suspend the partnership", "Update the status"):
            assert button not in response.content.decode(), (name, button)
    assert SECRET in client.get(pages["compare"]).content.decode()
    assert SECRET in client.get(pages["allegation"]).content.decode()
    assert "More than five returns" in client.get(pages["partnership"]).content.decode()
    assert client.get(pages["new_allegation"]).status_code == 403
    assert client.get(f"/api/safeguards/allegations/{record['a'].pk}").json()["summary"] == SECRET
    assert len(client.get(f"/api/safeguards/partnerships/{record['p'].pk}").json()["proposals"]) == 1


def _posts(r):
    p = r["p"].pk
    answer = r["v2"].answers.get(obligation__code="cfr-art-4")
    return [
        # (url, data, who may do it)
        (f"/safeguards/partnerships/{p}/monitoring/new/", {"body_name": "NPM", "independence_basis": "OPCAT",
                                                           "reporting_every_days": "90",
                                                           "started_on": "2026-11-02"}, "alice"),
        (f"/safeguards/monitoring/{r['m'].pk}/report/", {"received_on": "2026-11-20"}, "alice"),
        (f"/safeguards/partnerships/{p}/allegations/new/", {
            "received_on": "2026-11-03", "source_kind": "ngo", "severity": "high",
            "rights": [Obligation.objects.get(code="cfr-art-19-2").pk], "summary": "Pushback at sea"}, "alice"),
        (f"/safeguards/allegations/{r['a'].pk}/", {"status": "acknowledged"}, "alice"),
        (f"/safeguards/assessments/{r['v2'].pk}/return/", {"reason": "Mitigate the detention risk"}, "erin"),
        (f"/safeguards/assessments/{r['v2'].pk}/answer/{answer.pk}/", {
            f"item{answer.pk}-risk": "low", f"item{answer.pk}-evidence": "Visited"}, "alice"),
        (f"/safeguards/partnerships/{p}/rules/new/", {
            "indicator": r["rule"].indicator_id, "comparison": "below", "threshold": "1",
            "description": "Monitoring visits stop"}, "alice"),
        (f"/safeguards/rules/{r['rule'].pk}/active/", {"active": "off", "reason": "Redefined"}, "alice"),
        (f"/safeguards/proposals/{r['s'].pk}/reject/", {"reason": "Figures corrected"}, "erin"),
        (f"/safeguards/partnerships/{p}/assessments/new/", {}, "alice"),
    ]


def test_every_form_refuses_anonymous_visitors_other_organisations_and_viewers_and_serves_the_right_role(
        client_of, alice, erin, vera, bob, record):
    users = {"alice": alice, "erin": erin}
    for url, data, who in _posts(record):
        anonymous = Client().post(url, data)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(LOGIN), url
        assert client_of(bob).post(url, data).status_code in (403, 404), url
        assert client_of(vera).post(url, data).status_code == 403, url
        response = client_of(users[who]).post(url, data)
        assert response.status_code == 302 and not response["Location"].startswith(LOGIN), url
        messages = [str(m) for m in response.wsgi_request._messages]
        assert messages and not any("not saved" in m for m in messages), (url, messages)
    record["a"].refresh_from_db()
    assert record["a"].status == "acknowledged"
    assert RightsAssessment.objects.get(pk=record["v2"].pk).status == "returned"
    assert Allegation.objects.count() == 2


def test_the_author_cannot_approve_through_the_page_or_the_api(client_of, ivan, record, alice):
    response = client_of(alice).post(f"/safeguards/assessments/{record['v2'].pk}/approve/", {"reason": "mine"})
    assert response.status_code == 403
    api = client_of(alice).post(f"/api/safeguards/assessments/{record['v2'].pk}/decision",
                                {"verb": "approve", "reason": "mine"}, content_type="application/json")
    assert api.status_code == 403
    ok = client_of(ivan).post(f"/api/safeguards/assessments/{record['v2'].pk}/decision",
                              {"verb": "approve", "reason": "Second pair of eyes"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"


def test_api_writes_need_a_signed_in_user_with_the_right_role(client_of, vera, bob, alice, erin, record):
    a, s = record["a"].pk, record["s"].pk
    status_url = f"/api/safeguards/allegations/{a}/status"
    assert Client().post(status_url, {"status": "acknowledged"}, content_type="application/json").status_code == 401
    assert client_of(bob).post(status_url, {"status": "acknowledged"},
                               content_type="application/json").status_code == 404
    assert client_of(vera).post(status_url, {"status": "acknowledged"},
                                content_type="application/json").status_code == 403
    assert client_of(alice).post(status_url, {"status": "acknowledged"},
                                 content_type="application/json").json()["status"] == "acknowledged"
    bad = client_of(alice).post(status_url, {"status": "substantiated"}, content_type="application/json")
    assert bad.status_code == 422
    decision = f"/api/safeguards/proposals/{s}/decision"
    assert client_of(bob).post(decision, {"accept": False, "reason": "x"},
                               content_type="application/json").status_code == 404
    assert client_of(alice).post(decision, {"accept": False, "reason": "x"},
                                 content_type="application/json").status_code == 403
    assert client_of(erin).post(decision, {"accept": False, "reason": "Figures corrected"},
                                content_type="application/json").json()["status"] == "rejected"


@pytest.mark.parametrize("classification", ["PUBLIC", "LIMITED", "SENSITIVE"])
def test_the_partnership_page_follows_the_partnerships_classification(
        classification, client_of, alice, bob, vera, record):
    partnership_actions.update_partnership(alice, record["p"], classification=classification)
    url = _pages(record)["partnership"]
    client = Client()
    anonymous = client.get(url)
    if classification == "PUBLIC":
        assert anonymous.status_code == 200 and SECRET not in anonymous.content.decode()
    else:
        assert anonymous.status_code == 302
    assert client_of(bob).get(url).status_code == (404 if classification == "SENSITIVE" else 200)
    assert client_of(vera).get(url).status_code == 200
    api = client.get(f"/api/safeguards/partnerships/{record['p'].pk}")
    assert api.status_code == (200 if classification == "PUBLIC" else 404)
    if classification == "PUBLIC":
        assert api.json()["allegations"] == [] and api.json()["proposals"] == []
    csv_text = client_of(bob).get("/safeguards/status.csv").content.decode()
    assert (record["p"].title in csv_text) == (classification != "SENSITIVE")


def test_the_deadline_page_is_for_organisation_admins(client_of, ivan, alice, ministry):
    assert client_of(alice).get("/safeguards/deadlines/").status_code == 403
    client = client_of(ivan)
    assert client.get("/safeguards/deadlines/").status_code == 200
    response = client.post("/safeguards/deadlines/", {"organisation": ministry.pk, "acknowledgement_days": "3",
                                                      "decision_days": "20"})
    assert response.status_code == 302
    page = client.get("/safeguards/deadlines/").content.decode()
    assert 'value="3"' in page and 'value="20"' in page
