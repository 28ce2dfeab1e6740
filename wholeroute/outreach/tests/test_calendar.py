"""Calendar pages: honest dates, views by month, country, route and process, the event form, and the outreach
sections on the country, route and home pages."""

import datetime

import pytest

from wholeroute.outreach import actions, eventdates
from wholeroute.outreach.models import Event

pytestmark = pytest.mark.django_db

NEXT_YEAR = datetime.date.today().year + 1


@pytest.mark.parametrize(("start", "end", "shown"), [
    ("2026-03", None, "March 2026"),
    ("2008", None, "2008"),
    ("2018-05-02", None, "2 May 2018"),
    ("2022-12-13", "2022-12-14", "13–14 December 2022"),
    ("2024-01-31", "2024-02-01", "31 January – 1 February 2024"),
    ("2009-05", "2011-06", "May 2009 – June 2011"),
    (None, None, "Date not known"),
])
def test_dates_are_shown_as_precisely_as_they_are_known(start, end, shown):
    assert eventdates.display(*eventdates.from_text(start, end)) == shown


def test_unequal_precision_and_reversed_ranges_are_refused():
    with pytest.raises(ValueError, match="equally precise"):
        eventdates.from_text("2026-03", "2026-03-14")
    with pytest.raises(ValueError, match="before the start"):
        eventdates.from_text("2026-03-14", "2026-03-10")


def test_an_editor_records_a_month_only_event_through_the_form(client_of, alice, ministry, geography):
    from wholeroute.geo.models import Country

    client = client_of(alice)
    bad = client.post("/outreach/events/new/", {"owner": ministry.pk, "title": "JHA Council", "kind": "council",
                                                "start_text": "March 2026", "classification": "PUBLIC"})
    assert bad.status_code == 200 and "is not a date" in bad.content.decode()
    assert 'href="#id_start_text"' in bad.content.decode()
    response = client.post("/outreach/events/new/", {
        "owner": ministry.pk, "title": "JHA Council", "kind": "council", "start_text": f"{NEXT_YEAR}-03",
        "place": "Brussels", "countries": [Country.objects.get(code="IT").pk], "agenda": "Returns\nVisa leverage",
        "classification": "PUBLIC"})
    event = Event.objects.get(title="JHA Council")
    assert response.status_code == 302 and event.precision == "month" and event.agenda_items == ["Returns",
                                                                                                 "Visa leverage"]
    page = client.get(f"/outreach/events/{event.pk}/").content.decode()
    assert f"March {NEXT_YEAR}" in page and "only the month is known" in page and f"1 March {NEXT_YEAR}" not in page


def test_the_month_view_lists_month_only_and_year_only_events(client, alice, ministry, geography):
    actions.create_event(alice, owner=ministry, title="Month-only", kind="other", start_text=f"{NEXT_YEAR}-03",
                         classification="PUBLIC")
    actions.create_event(alice, owner=ministry, title="Year-only", kind="other", start_text=f"{NEXT_YEAR}",
                         classification="PUBLIC")
    actions.create_event(alice, owner=ministry, title="April day", kind="visit", start_text=f"{NEXT_YEAR}-04-02",
                         classification="PUBLIC")
    march = client.get(f"/outreach/calendar/{NEXT_YEAR}/3/").content.decode()
    assert "Month-only" in march and "Year-only" in march and "April day" not in march
    assert "day not known" in march


def test_seeded_processes_appear_in_country_route_and_process_calendars(client, registry_seeded):
    morocco = client.get("/outreach/calendar/countries/MA/").content.decode()
    assert "6th Ministerial Conference, Cadiz" in morocco  # Morocco is a Rabat Process partner
    route = client.get("/outreach/calendar/routes/western-mediterranean/").content.decode()
    assert "6th Ministerial Conference, Cadiz" in route
    process = client.get("/outreach/processes/rabat-process/").content.decode()
    assert "Senior Officials&#x27; Meeting in Rabat" in process and "ICMPD" in process and "July 2006" in process
    med5 = client.get("/outreach/processes/med5/").content.decode()
    assert "Events whose date is not known" in med5 and "uncertain" in med5


def test_process_list_and_api_show_the_registry(client, registry_seeded):
    assert client.get("/outreach/processes/").content.decode().count("/outreach/processes/") >= 22
    data = client.get("/api/outreach/processes/khartoum-process").json()
    assert data["members_uncertain"] is True
    assert {"country": "UG", "role": "later", "uncertain": True} == {
        k: v for k, v in next(m for m in data["members"] if m["country"] == "UG").items()
        if k in ("country", "role", "uncertain")}
    events = client.get("/api/outreach/events?process=rabat-process").json()
    assert [e["when"] for e in events][:2] == ["July 2006", "2008"]


def test_the_country_route_and_home_pages_carry_the_outreach_sections(client_of, client, alice, ministry,
                                                                       geography):
    actions.create_event(alice, owner=ministry, title="Visit to Tunis", kind="visit",
                         start_text=f"{NEXT_YEAR}-01-20", classification="PUBLIC",
                         countries=[__import__("wholeroute.geo.models", fromlist=["Country"]).Country.objects.get(
                             code="TN")])
    country = client.get("/countries/TN/").content.decode()
    assert "Upcoming outreach events" in country and "Visit to Tunis" in country and "Lines-to-take" in country
    route = client.get("/routes/central-mediterranean/").content.decode()
    assert "Visit to Tunis" in route
    home = client_of(alice).get("/").content.decode()
    assert "Coming up" in home and "Visit to Tunis" in home
