"""Access on every partnership page and API route: anonymous, another organisation, the owner's viewer, editor and
approver, for PUBLIC, LIMITED and SENSITIVE records."""

import pytest

from wholeroute.access.actions import reclassify

USERS = ["anonymous", "bob", "vera", "alice", "erin"]
MAY_SEE = {
    "PUBLIC": set(USERS),
    "LIMITED": {"bob", "vera", "alice", "erin"},
    "SENSITIVE": {"vera", "alice", "erin"},
}
READ_PAGES = ["/partnerships/{pk}/", "/partnerships/{pk}/lifecycle/", "/partnerships/{pk}/roles/",
              "/partnerships/{pk}/documents/", "/partnerships/{pk}/results/", "/actors/gaps/partnerships/{pk}/"]
READ_API = ["/api/partnerships/{pk}", "/api/partnerships/{pk}/roles", "/api/partnerships/{pk}/indicators",
            "/api/actors/gaps?partnership={pk}"]


@pytest.fixture
def people(alice, erin, vera, bob):
    return {"alice": alice, "erin": erin, "vera": vera, "bob": bob}


def _client(name, people, client, client_of):
    return client if name == "anonymous" else client_of(people[name])


@pytest.mark.parametrize("classification", ["PUBLIC", "LIMITED", "SENSITIVE"])
@pytest.mark.parametrize("who", USERS)
def test_read_pages_and_api_follow_the_policy(classification, who, draft, alice, people, client, client_of, mandates):
    reclassify(alice, draft, classification=classification)
    c = _client(who, people, client, client_of)
    allowed = who in MAY_SEE[classification]
    for url in READ_PAGES + READ_API:
        response = c.get(url.format(pk=draft.pk))
        if allowed:
            assert response.status_code == 200, (url, response.status_code)
        elif who == "anonymous" and not url.startswith("/api/"):
            assert response.status_code == 302 and "/accounts/" in response["Location"], url
        else:
            assert response.status_code == 404, (url, response.status_code)
    listed = c.get("/partnerships/").content.decode()
    assert (draft.title in listed) == allowed
    api_list = c.get("/api/partnerships/").json()
    assert (draft.pk in [p["id"] for p in api_list["items"]]) == allowed
    csv_text = b"".join(c.get("/partnerships/?format=csv").streaming_content).decode("utf-8-sig")
    assert (draft.title in csv_text) == allowed


@pytest.mark.parametrize("who,status", [("anonymous", 302), ("bob", 403), ("vera", 403), ("alice", 200),
                                        ("erin", 200)])
def test_only_editors_of_the_owner_may_open_the_edit_form(who, status, draft, people, client, client_of):
    assert _client(who, people, client, client_of).get(f"/partnerships/{draft.pk}/edit/").status_code == status


@pytest.mark.parametrize("who,status", [("anonymous", 302), ("vera", 403), ("alice", 200), ("bob", 200)])
def test_the_create_form_is_for_editors(who, status, people, client, client_of, geography):
    assert _client(who, people, client, client_of).get("/partnerships/new/").status_code == status


@pytest.mark.parametrize("who,status", [("anonymous", 401), ("bob", 403), ("vera", 403), ("alice", 200)])
def test_api_writes_need_an_editor_of_the_owner(who, status, draft, people, client, client_of):
    c = _client(who, people, client, client_of)
    response = c.patch(f"/api/partnerships/{draft.pk}", {"title": "Renamed"}, content_type="application/json")
    assert response.status_code == status


def test_api_write_of_a_sensitive_record_by_another_organisation_is_404(draft, alice, bob, client_of):
    reclassify(alice, draft, classification="SENSITIVE")
    response = client_of(bob).post(f"/api/partnerships/{draft.pk}/transitions",
                                   {"to_phase": "design", "reason": "x"}, content_type="application/json")
    assert response.status_code == 404


@pytest.mark.parametrize("who,status", [("anonymous", 401), ("alice", 403), ("vera", 403), ("bob", 404)])
def test_api_approval_needs_another_approver_of_the_owner(who, status, draft, alice, people, client, client_of):
    from wholeroute.partnerships import actions

    reclassify(alice, draft, classification="SENSITIVE")
    request = actions.request_transition(alice, draft, to_phase="design", reason="Ready")
    c = _client(who, people, client, client_of)
    response = c.post(f"/api/partnerships/transitions/{request.pk}/approve", {}, content_type="application/json")
    assert response.status_code == status
    request.refresh_from_db()
    assert request.status == "pending"


def test_mandate_pages_and_api_are_public(client, mandates):
    assert client.get("/actors/").status_code == 200
    page = client.get("/actors/mandates/frontex/")
    assert page.status_code == 200
    assert "uncertain" in page.content.decode() and "Regulation (EU) 2019/1896" in page.content.decode()
    assert client.get("/api/actors/mandates").status_code == 200
    data = client.get("/api/actors/mandates/frontex").json()
    assert any(e["function"] == "return_operations_from_third_country_to_third_country" and not e["permitted"]
               for e in data["entries"])


@pytest.mark.parametrize("who,status", [("anonymous", 200), ("vera", 200), ("alice", 200)])
def test_the_offers_page_shows_only_visible_offers(who, status, people, client, client_of, mandates, ministry,
                                                   alice):
    from wholeroute.actors import actions as actor_actions
    from wholeroute.actors.models import Function

    actor_actions.create_offer(alice, owner=ministry, function=Function.objects.get(code="capacity_building_third_country"),
                               phase="design", expertise="Coast guard trainers", classification="SENSITIVE")
    response = _client(who, people, client, client_of).get("/actors/offers/")
    assert response.status_code == status
    assert ("Coast guard trainers" in response.content.decode()) == (who != "anonymous")
