"""Every outreach page, API route and feed shows a record only to those the policy lets see it: anonymous,
another organisation's user, and the owner's viewer, editor and approver × PUBLIC, LIMITED and SENSITIVE."""

import datetime

import pytest

from wholeroute.access.factories import member
from wholeroute.access.models import Role
from wholeroute.outreach import actions

pytestmark = pytest.mark.django_db

LEVELS = ["PUBLIC", "LIMITED", "SENSITIVE"]
WHO = ["anonymous", "other", "viewer", "editor", "approver"]
NEXT_YEAR = datetime.date.today().year + 1


def may_see(level, who):
    return level == "PUBLIC" or (level == "LIMITED" and who != "anonymous") or who in ("viewer", "editor", "approver")


@pytest.fixture
def people(bob, delegation, alice):
    return {"anonymous": None, "other": alice, "editor": bob,
            "viewer": member(delegation, Role.VIEWER, email="vic@delegation.example"),
            "approver": member(delegation, Role.APPROVER, email="ann@delegation.example")}


@pytest.fixture
def records(people, delegation, tunisia, geography):
    bob, approver = people["editor"], people["approver"]
    made = {}
    for level in LEVELS:
        process = actions.create_process(bob, owner=delegation, name=f"PROC-{level}", kind="bilateral_dialogue",
                                         classification=level, countries=[tunisia])
        event = actions.create_event(bob, owner=delegation, title=f"EV-{level}", kind="bilateral_dialogue",
                                     start_text=f"{NEXT_YEAR}-02-0{LEVELS.index(level) + 1}", countries=[tunisia],
                                     processes=[process], classification=level)
        message = actions.draft_message(bob, owner=delegation, topic=f"MSG-{level}", text=f"TEXT-{level}",
                                        countries=[tunisia], classification=level,
                                        solution_types=_solution_types())
        actions.adopt_message(approver, message)
        entry = actions.log_outreach(bob, owner=delegation, message=message, country=tunisia,
                                     interlocutor=f"Ministry of Interior, INT-{level}",
                                     raised_on=datetime.date.today(), event=None, classification=level)
        made[level] = {"process": process, "event": event, "message": message, "entry": entry}
    return made


def _solution_types():
    from wholeroute.partnerships.models import SolutionType

    st, _ = SolutionType.objects.get_or_create(code="anti-smuggling", defaults={"name": "Anti-smuggling"})
    return [st]


def _client(client, client_of, user):
    return client_of(user) if user else client


def _detail_urls(r):
    return [f"/outreach/events/{r['event'].pk}/", f"/outreach/messages/{r['message'].pk}/",
            f"/outreach/processes/{r['process'].pk}/"]


LIST_URLS = ["/outreach/", f"/outreach/calendar/{NEXT_YEAR}/2/", "/outreach/calendar/countries/TN/",
             "/outreach/calendar/routes/central-mediterranean/", "/outreach/processes/", "/outreach/messages/",
             "/outreach/lines/TN/", "/outreach/log/", "/outreach/lines/"]
API_LISTS = ["/api/outreach/events", "/api/outreach/events?country=TN", "/api/outreach/messages",
             "/api/outreach/processes", "/api/outreach/lines/TN", "/api/outreach/log", "/api/outreach/log?country=TN"]


@pytest.mark.parametrize("who", WHO)
def test_detail_pages_follow_the_policy(who, people, records, client, client_of):
    c = _client(client, client_of, people[who])
    for level in LEVELS:
        for url in _detail_urls(records[level]):
            response = c.get(url)
            if may_see(level, who):
                assert response.status_code == 200, (url, level, who)
            elif who == "anonymous":
                assert response.status_code == 302 and "/accounts/login/" in response["Location"], (url, level)
            else:
                assert response.status_code == 404, (url, level, who)


@pytest.mark.parametrize("who", WHO)
def test_lists_and_calendars_show_only_what_the_user_may_see(who, people, records, client, client_of):
    c = _client(client, client_of, people[who])
    pages = {url: c.get(url) for url in LIST_URLS + API_LISTS}
    for url, response in pages.items():
        assert response.status_code == 200, url
    body = "".join(r.content.decode() for r in pages.values())
    for level in LEVELS:
        for marker in (f"EV-{level}", f"MSG-{level}", f"PROC-{level}", f"INT-{level}", f"TEXT-{level}"):
            assert (marker in body) == may_see(level, who), (marker, who)


@pytest.mark.parametrize("who", WHO)
def test_api_details_follow_the_policy(who, people, records, client, client_of):
    c = _client(client, client_of, people[who])
    for level in LEVELS:
        r = records[level]
        for url in (f"/api/outreach/events/{r['event'].pk}", f"/api/outreach/messages/{r['message'].pk}",
                    f"/api/outreach/processes/{r['process'].pk}"):
            assert c.get(url).status_code == (200 if may_see(level, who) else 404), (url, who)


@pytest.mark.parametrize("who", ["viewer", "editor", "approver", "other"])
def test_the_home_country_and_route_sections_hide_what_the_user_may_not_see(who, people, records):
    from wholeroute.geo.models import Country, Route
    from wholeroute.outreach import sections

    user = people[who]
    tunisia = Country.objects.get(code="TN")
    texts = repr(sections.country(user, tunisia)) + repr(sections.route(user, Route.objects.get(
        slug="central-mediterranean"))) + repr(sections.home(user))
    for level in LEVELS:
        assert (f"EV-{level}" in texts) == may_see(level, who), (level, who)
        assert (f"MSG-{level}" in texts) == may_see(level, who), (level, who)
    from wholeroute.reports.fiche import highest_classification

    expected = "LIMITED" if who == "other" else "SENSITIVE"
    assert highest_classification(sections.country(user, tunisia)) == expected


def test_anonymous_visitors_see_only_public_outreach_sections(records):
    from django.contrib.auth.models import AnonymousUser

    from wholeroute.geo.models import Country
    from wholeroute.outreach import sections

    shown = sections.country(AnonymousUser(), Country.objects.get(code="TN")) + sections.home(AnonymousUser())
    texts = repr(shown)
    assert "EV-PUBLIC" in texts and "MSG-PUBLIC" in texts
    assert "EV-LIMITED" not in texts and "MSG-LIMITED" not in texts and "MSG-SENSITIVE" not in texts
    assert {s.classification for s in shown} == {"PUBLIC"}


def test_write_routes_need_sign_in_and_the_right_role(people, records, client, client_of, ministry):
    limited = records["LIMITED"]["message"]
    assert client.post(f"/api/outreach/messages/{limited.pk}/versions", {"text": "x"},
                       content_type="application/json").status_code == 401
    response = client.post(f"/outreach/messages/{limited.pk}/revise/", {"text": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    other = client_of(people["other"])
    assert other.post(f"/api/outreach/messages/{limited.pk}/versions", {"text": "new"},
                      content_type="application/json").status_code == 403
    assert other.post(f"/outreach/messages/{limited.pk}/revise/", {"text": "new"}).status_code == 403
    sensitive = records["SENSITIVE"]["message"]
    assert other.post(f"/outreach/messages/{sensitive.pk}/revise/", {"text": "new"}).status_code == 404
    assert other.post(f"/api/outreach/messages/{sensitive.pk}/adopt", {},
                      content_type="application/json").status_code == 404
    viewer = client_of(people["viewer"])
    assert viewer.post(f"/outreach/messages/{limited.pk}/revise/", {"text": "new"}).status_code == 403
    assert limited.versions.count() == 1


def test_forms_for_editors_only(people, client, client_of, geography):
    assert client.get("/outreach/messages/new/").status_code == 302
    assert client.get("/outreach/events/new/").status_code == 302
    assert client.get("/outreach/log/new/").status_code == 302
    assert client_of(people["viewer"]).get("/outreach/events/new/").status_code == 403
    assert client_of(people["other"]).get("/outreach/messages/new/").status_code == 403  # a ministry: not an owner
    assert client_of(people["editor"]).get("/outreach/messages/new/").status_code == 200
    assert client_of(people["editor"]).get("/outreach/log/new/").status_code == 200


def test_feed_pages_and_feeds_are_reachable_as_documented(people, records, client, client_of):
    assert client.get("/outreach/feeds/").status_code == 200
    assert client.post("/outreach/feeds/issue/").status_code == 302
    body = client.get("/outreach/feeds/public.ics").content.decode()
    assert "EV-PUBLIC" in body and "EV-LIMITED" not in body and "EV-SENSITIVE" not in body
