"""RFC 5545 calendar feeds (icalendar library) of the events a user may see.

Events known only to the month or year are all-day events spanning that month or year, with a note saying so;
events with no known date are left out of feeds (the pages list them as "date not known").
"""

import datetime

import icalendar
from django.conf import settings

from wholeroute.outreach.models import Event

ICAL_CLASS = {"PUBLIC": "PUBLIC", "LIMITED": "PRIVATE", "SENSITIVE": "CONFIDENTIAL"}
PRECISION_NOTE = {
    Event.Precision.MONTH: "Only the month is known: the event takes place on a day in {when}, not all month long.",
    Event.Precision.YEAR: "Only the year is known: the event takes place at some point in {when}.",
}


def _site():
    hosts = [h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")]
    return hosts[0] if hosts else "wholeroute.invalid"


def build(events, *, name: str, base_url: str = "") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//wholeroute//outreach calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    site = _site()
    for event in events:
        if event.start is None:
            continue
        item = icalendar.Event()
        item.add("uid", f"outreach-event-{event.pk}@{site}")
        item.add("dtstamp", stamp)
        item.add("summary", event.title)
        item.add("dtstart", event.start)
        item.add("dtend", event.end + datetime.timedelta(days=1))  # all-day: DTEND is exclusive
        item.add("class", ICAL_CLASS[event.classification])
        item.add("categories", [event.get_kind_display()])
        if event.place:
            item.add("location", event.place)
        lines = [f"Classification: {event.classification}"]
        if event.precision in PRECISION_NOTE:
            lines.append(PRECISION_NOTE[event.precision].format(when=event.when))
        if event.uncertain:
            lines.append("Uncertain: " + (event.note or "a fact could not be fully verified."))
        if event.description and event.description != event.title:
            lines.append(event.description)
        lines.extend(f"Source: {s}" for s in event.sources)
        item.add("description", "\n".join(lines))
        if base_url:
            item.add("url", f"{base_url}/outreach/events/{event.pk}/")
        cal.add_component(item)
    return cal.to_ical()
