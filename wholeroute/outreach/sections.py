"""Outreach on the country, route and home pages (and in briefing packs): events, lines-to-take, endorsements due."""

import datetime

from wholeroute.access import policy
from wholeroute.access.models import CLASSIFICATION_RANK, Classification
from wholeroute.outreach import calendar, lines
from wholeroute.outreach.models import Endorsement, JointMessage
from wholeroute.reports.fiche import Link, Section, Table


def _highest(records) -> str:
    return max((r.classification for r in records), key=CLASSIFICATION_RANK.__getitem__,
               default=Classification.PUBLIC)


def _events_table(caption, events):
    rows = [[e.when, Link(e.title, f"/outreach/events/{e.pk}/"), e.get_kind_display(), e.place or "–",
             "; ".join(p.name for p in e.processes.all()) or "–"] for e in events]
    return Table(caption, ["When", "Event", "Kind", "Place", "Processes"], rows,
                 notes=["Dates known only to the month or year are shown as such."])


def country(user, country):
    today = datetime.date.today()
    events = list(calendar.for_country(user, country).upcoming(today)[:10])
    sections = [Section(
        key="outreach-events", title="Upcoming outreach events", order=60, classification=_highest(events),
        tables=[_events_table(f"Upcoming events with {country.name}", events)] if events else [],
        links=[Link("All events with this country", f"/outreach/calendar/countries/{country.code}/")],
        empty_message="No upcoming events you may see.",
    )]
    messages = lines.lines_to_take(user, country, today)
    rows = [[Link(m.topic, f"/outreach/messages/{m.pk}/"), "current" if m.is_current(today) else "no longer current",
             f"{m.adopted_at:%-d %B %Y}", str(m.owner), m.current_version.text] for m in messages]
    sections.append(Section(
        key="outreach-lines", title="Lines-to-take", order=61, classification=_highest(messages),
        tables=[Table(f"Adopted joint messages for {country.name}, current first",
                      ["Message", "Status", "Adopted", "Owner", "Text"], rows)] if rows else [],
        links=[Link("Lines-to-take page", f"/outreach/lines/{country.code}/")],
        empty_message="No adopted joint message you may see applies to this country.",
    ))
    return sections


def route(user, route):
    events = list(calendar.for_route(user, route).upcoming()[:15])
    return [Section(
        key="outreach-events", title="Upcoming outreach events on the route", order=60,
        classification=_highest(events),
        tables=[_events_table(f"Upcoming events with countries on the {route.name} route", events)] if events else [],
        links=[Link("All events on this route", f"/outreach/calendar/routes/{route.slug}/")],
        empty_message="No upcoming events you may see.",
    )]


def home(user):
    today = datetime.date.today()
    sections = []
    member_of = list(policy.roles(user))
    if member_of:
        due = list(Endorsement.objects.filter(
            organisation_id__in=member_of, answer="", consultation__deadline__gte=today,
            consultation__message__status=JointMessage.Status.CONSULTATION,
            consultation__message__in=JointMessage.objects.visible_to(user),
        ).select_related("consultation__message", "consultation__version", "organisation"))
        messages = [e.consultation.message for e in due]
        sections.append(Section(
            key="outreach-endorsements", title="Joint messages awaiting your organisation's endorsement", order=25,
            classification=_highest(messages),
            tables=[Table("Endorsements due", ["Message", "Version", "For", "Deadline"], [
                [Link(e.consultation.message.topic, f"/outreach/messages/{e.consultation.message_id}/"),
                 e.consultation.version.number, str(e.organisation), f"{e.consultation.deadline:%-d %B %Y}"]
                for e in due])] if due else [],
            empty_message="No joint message awaits your organisation's endorsement.",
        ))
    events = list(calendar.upcoming(user, today, limit=5))
    sections.append(Section(
        key="outreach-upcoming", title="Coming up", order=40, classification=_highest(events),
        tables=[_events_table("Next outreach events", events)] if events else [],
        links=[Link("Outreach calendar", "/outreach/")], empty_message="No upcoming events you may see.",
    ))
    return sections
