"""iCalendar feeds: they parse with the icalendar library, contain only what the feed's user may see, show
month-only dates as all-day events spanning the month, and a revoked token is refused."""

import datetime

import icalendar
import pytest

from wholeroute.access.models import AuditEntry
from wholeroute.outreach import actions
from wholeroute.outreach.models import CalendarToken

pytestmark = pytest.mark.django_db

NEXT_YEAR = datetime.date.today().year + 1


@pytest.fixture
def events(alice, ministry, bob, delegation, geography):
    public = actions.create_event(alice, owner=ministry, title="Public ministerial conference", kind="ministerial_conference",
                                  start_text=f"{NEXT_YEAR}-03", place="Rome", classification="PUBLIC")
    limited = actions.create_event(alice, owner=ministry, title="Limited senior officials meeting",
                                   kind="senior_officials_meeting", start_text=f"{NEXT_YEAR}-04-14",
                                   end_text=f"{NEXT_YEAR}-04-15", classification="LIMITED")
    sensitive = actions.create_event(bob, owner=delegation, title="Sensitive visit to Tunis", kind="visit",
                                     start_text=f"{NEXT_YEAR}-05-02", classification="SENSITIVE")
    return public, limited, sensitive


def _summaries(body):
    cal = icalendar.Calendar.from_ical(body)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_the_public_feed_parses_and_holds_only_public_events(client, events):
    response = client.get("/outreach/feeds/public.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert set(_summaries(response.content)) == {"Public ministerial conference"}


def test_a_month_only_event_is_an_all_day_event_spanning_the_month_with_a_note(client, events):
    event = _summaries(client.get("/outreach/feeds/public.ics").content)["Public ministerial conference"]
    assert event["dtstart"].dt == datetime.date(NEXT_YEAR, 3, 1)
    assert event["dtend"].dt == datetime.date(NEXT_YEAR, 4, 1)  # exclusive end: the whole of March
    assert "Only the month is known" in str(event["description"]) and f"March {NEXT_YEAR}" in str(event["description"])
    assert str(event["class"]) == "PUBLIC"


def _feed_url(user):
    _, token = actions.issue_calendar_token(user)
    return f"/outreach/feeds/private/{token}.ics", token


def test_a_private_feed_contains_exactly_what_its_user_may_see(client, events, alice, bob):
    alice_url, _ = _feed_url(alice)
    bob_url, _ = _feed_url(bob)
    alice_events = _summaries(client.get(alice_url).content)
    bob_events = _summaries(client.get(bob_url).content)
    assert set(alice_events) == {"Public ministerial conference", "Limited senior officials meeting"}
    assert set(bob_events) == {"Public ministerial conference", "Limited senior officials meeting",
                               "Sensitive visit to Tunis"}
    limited = alice_events["Limited senior officials meeting"]
    assert (limited["dtstart"].dt, limited["dtend"].dt) == (datetime.date(NEXT_YEAR, 4, 14), datetime.date(NEXT_YEAR, 4, 16))
    assert str(limited["class"]) == "PRIVATE" and "Classification: LIMITED" in str(limited["description"])


def test_only_a_hash_of_the_token_is_stored(alice):
    record, token = actions.issue_calendar_token(alice)
    assert token not in record.token_hash and len(token) >= 40
    assert record.token_hash == actions.token_hash(token)
    entries = AuditEntry.objects.filter(verb__startswith="outreach_calendar_token")
    assert entries.exists()
    for entry in entries:
        assert token not in str(entry.before) + str(entry.after) and record.token_hash not in str(entry.after)


def test_a_revoked_token_is_refused(client, events, alice):
    url, _ = _feed_url(alice)
    assert client.get(url).status_code == 200
    actions.revoke_calendar_token(alice, CalendarToken.objects.get(user=alice, revoked_at__isnull=True))
    assert client.get(url).status_code == 404


def test_reissuing_revokes_the_previous_token(client, events, alice):
    old_url, _ = _feed_url(alice)
    new_url, _ = _feed_url(alice)
    assert client.get(old_url).status_code == 404 and client.get(new_url).status_code == 200
    assert CalendarToken.objects.filter(user=alice, revoked_at__isnull=True).count() == 1


def test_a_guessed_token_is_refused(client, events):
    assert client.get("/outreach/feeds/private/not-a-real-token.ics").status_code == 404


def test_a_user_cannot_revoke_someone_elses_feed(alice, bob):
    record, _ = actions.issue_calendar_token(alice)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.revoke_calendar_token(bob, record)


def test_the_feeds_page_issues_shows_once_and_revokes(client_of, alice, events):
    client = client_of(alice)
    response = client.post("/outreach/feeds/issue/", follow=True)
    body = response.content.decode()
    assert "shown only now" in body
    url = body.split("<code>http://testserver")[1].split("</code>")[0]
    assert client.get(url).status_code == 200
    assert "shown only now" not in client.get("/outreach/feeds/").content.decode()
    client.post("/outreach/feeds/revoke/")
    assert client.get(url).status_code == 404


def test_a_private_feed_follows_the_users_current_access(client, events, bob):
    from wholeroute.access.models import Membership

    url, _ = _feed_url(bob)
    assert "Sensitive visit to Tunis" in _summaries(client.get(url).content)
    Membership.objects.filter(user=bob).update(ended_at=datetime.datetime.now(datetime.UTC))
    assert set(_summaries(client.get(url).content)) == {"Public ministerial conference"}


def test_undated_events_are_left_out_of_feeds(client, alice, ministry, geography):
    actions.create_event(alice, owner=ministry, title="Undated meeting", kind="other", classification="PUBLIC")
    assert "Undated meeting" not in _summaries(client.get("/outreach/feeds/public.ics").content)


@pytest.fixture
def placed(alice, ministry, bob, delegation, geography):
    """Events with Tunisia, with Niger (Central Mediterranean, not Tunisia), and a SENSITIVE one with Tunisia that
    the delegation takes part in."""
    from wholeroute.geo.models import Country

    tunisia, niger = Country.objects.get(code="TN"), Country.objects.get(code="NE")
    actions.create_event(alice, owner=ministry, title="Tunis senior officials meeting", kind="senior_officials_meeting",
                         start_text=f"{NEXT_YEAR}-02-10", classification="PUBLIC", countries=[tunisia])
    actions.create_event(alice, owner=ministry, title="Niamey technical meeting", kind="technical_meeting",
                         start_text=f"{NEXT_YEAR}-02-20", classification="PUBLIC", countries=[niger])
    actions.create_event(bob, owner=delegation, title="Delegation visit to Sfax", kind="visit",
                         start_text=f"{NEXT_YEAR}-03-05", classification="SENSITIVE", countries=[tunisia],
                         organisations=[delegation])


def test_a_country_feed_holds_only_that_countrys_events_and_says_so_in_its_name(client, placed):
    body = client.get("/outreach/feeds/public.ics?country=tn").content
    assert set(_summaries(body)) == {"Tunis senior officials meeting"}
    assert "country tn" in str(icalendar.Calendar.from_ical(body)["x-wr-calname"])


def test_a_route_feed_holds_the_events_of_every_country_on_the_route(client, placed):
    body = client.get("/outreach/feeds/public.ics?route=central-mediterranean").content
    assert set(_summaries(body)) == {"Tunis senior officials meeting", "Niamey technical meeting"}


def test_filters_combine_and_a_private_feed_keeps_only_what_its_user_may_see(client, placed, alice, bob, delegation):
    bob_url, _ = _feed_url(bob)
    alice_url, _ = _feed_url(alice)
    query = f"?country=TN&organisation={delegation.slug}"
    assert set(_summaries(client.get(bob_url + query).content)) == {"Delegation visit to Sfax"}
    assert set(_summaries(client.get(alice_url + query).content)) == set()
    assert set(_summaries(client.get("/outreach/feeds/public.ics" + query).content)) == set()


def test_a_filter_that_names_nothing_is_refused_saying_which_one(client, placed, alice):
    response = client.get("/outreach/feeds/public.ics?route=atlantis-route")
    assert response.status_code == 404 and "route='atlantis-route'" in response.content.decode()
    url, _ = _feed_url(alice)
    assert client.get(url + "?country=XX").status_code == 404
    assert client.get(url + "?process=" + "9" * 30).status_code == 404  # beyond any key: not found, not an error
    long = client.get("/outreach/feeds/public.ics?organisation=" + "x" * 5000)
    assert long.status_code == 404 and len(long.content) < 300 and long["Content-Type"].startswith("text/plain")


def test_a_process_the_user_may_not_see_is_refused_like_an_unknown_one(client, placed, bob, delegation, alice):
    from wholeroute.outreach.models import Process

    hidden = Process.objects.create(registry_id="delegation-dialogue", name="Delegation dialogue", kind="other",
                                    owner=delegation, classification="SENSITIVE")
    bob_url, _ = _feed_url(bob)
    alice_url, _ = _feed_url(alice)
    assert client.get(f"{bob_url}?process={hidden.slug}").status_code == 200
    response = client.get(f"{alice_url}?process={hidden.slug}")
    assert response.status_code == 404 and "Delegation dialogue" not in response.content.decode()


def test_the_feeds_page_offers_a_feed_for_each_of_the_users_organisations(client_of, bob, delegation):
    body = client_of(bob).get("/outreach/feeds/").content.decode()
    assert f"public.ics?organisation={delegation.slug}" in body and "Feed filters" in body
