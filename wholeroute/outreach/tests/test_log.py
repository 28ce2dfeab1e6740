"""Outreach log: institutions and functions only, and "which countries have not yet been approached on X"."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from wholeroute.outreach import actions, lines
from wholeroute.partnerships.models import SolutionType

pytestmark = pytest.mark.django_db


@pytest.fixture
def anti_smuggling(db):
    from wholeroute.partnerships.seed import ensure_solution_types

    ensure_solution_types(SolutionType)
    return SolutionType.objects.get(code="anti-smuggling")


@pytest.fixture
def partnership(alice, ministry, anti_smuggling, geography):
    """The ministry's PUBLIC anti-smuggling partnership with Tunisia on the Central Mediterranean route."""
    from wholeroute.geo.models import Country, Route
    from wholeroute.partnerships import actions as partnership_actions

    return partnership_actions.create_partnership(
        alice, owner=ministry, title="Tunisia anti-smuggling cooperation", classification="PUBLIC",
        countries=[Country.objects.get(code="TN")], routes=[Route.objects.get(slug="central-mediterranean")],
        solution_types=[anti_smuggling])


@pytest.fixture
def adopted(message, dan, partnership):
    message.partnerships.add(partnership)
    return actions.adopt_message(dan, message)


def test_the_interlocutor_is_an_institution_not_a_persons_contact(adopted, bob, delegation, tunisia):
    with pytest.raises(ValidationError) as exc:
        actions.log_outreach(bob, owner=delegation, message=adopted, country=tunisia,
                             interlocutor="Director-General, dg@interior.example, +216 71 333 000",
                             raised_on=datetime.date.today())
    assert "e-mail address" in str(exc.value) and "phone number" in str(exc.value)
    entry = actions.log_outreach(bob, owner=delegation, message=adopted, country=tunisia,
                                 interlocutor="Ministry of Interior, Director-General for Migration",
                                 raised_on=datetime.date.today(), response="Open to a technical meeting.")
    assert entry.created_by == bob and entry.owner == delegation and entry.classification == "LIMITED"


def test_the_form_warns_against_private_persons_data(client_of, bob, adopted):
    body = client_of(bob).get("/outreach/log/new/").content.decode()
    assert "Do not enter private persons" in body and "Director-General for Migration" in body


def test_a_viewer_cannot_log_outreach(adopted, vera, ministry, tunisia):
    with pytest.raises(PermissionDenied):
        actions.log_outreach(vera, owner=ministry, message=adopted, country=tunisia,
                             interlocutor="Ministry of Interior", raised_on=datetime.date.today())


def test_logging_through_the_form_records_the_entry(client_of, bob, delegation, adopted, tunisia):
    client = client_of(bob)
    response = client.post("/outreach/log/new/", {
        "owner": delegation.pk, "message": adopted.pk, "country": tunisia.pk,
        "interlocutor": "Ministry of Foreign Affairs, Director for Europe", "raised_on": "2026-01-15",
        "response": "Noted.", "classification": "LIMITED"})
    assert response.status_code == 302
    assert "Director for Europe" in client.get("/outreach/log/").content.decode()


def test_not_yet_approached_is_one_click_from_the_log(client_of, bob, adopted, anti_smuggling):
    body = client_of(bob).get("/outreach/log/").content.decode()
    assert f"/outreach/log/not-approached/{anti_smuggling.code}/" in body


def test_countries_not_yet_approached_on_a_solution(client_of, bob, delegation, adopted, anti_smuggling,
                                                   tunisia):
    rows = lines.coverage(bob, anti_smuggling)
    in_scope = {r["country"].code for r in rows}
    # Tunisia as partner, and the route's origin/transit/departure countries; no EU Member State.
    assert "TN" in in_scope and "LY" in in_scope and "IT" not in in_scope
    assert all(r["last_raised"] is None for r in rows)
    actions.log_outreach(bob, owner=delegation, message=adopted, country=tunisia,
                         interlocutor="Ministry of Interior", raised_on=datetime.date(2026, 3, 2),
                         classification="SENSITIVE")
    after = {r["country"].code: r for r in lines.coverage(bob, anti_smuggling)}
    assert after["TN"]["last_raised"] == datetime.date(2026, 3, 2) and after["LY"]["last_raised"] is None
    api = client_of(bob).get("/api/outreach/not-approached/anti-smuggling").json()
    assert "TN" not in [r["country"] for r in api] and "LY" in [r["country"] for r in api]
    # Another organisation cannot see the SENSITIVE entry: for it, Tunisia is still not approached.
    anonymous = Client().get("/api/outreach/not-approached/anti-smuggling").json()
    assert "TN" in [r["country"] for r in anonymous]


def test_the_coverage_page_lists_not_approached_countries_first(client_of, bob, adopted, anti_smuggling):
    body = client_of(bob).get("/outreach/log/not-approached/anti-smuggling/?route=central-mediterranean").content.decode()
    assert "Not yet approached (" in body and "Tunisia" in body and "Libya" in body
    assert body.index("Not yet approached") < body.index("Already approached")
