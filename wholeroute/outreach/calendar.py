"""Which events a user sees on each calendar view: upcoming, a month, a country, a route, a process.

Every selection starts from `Event.objects.visible_to(user)`, so the access policy decides what is listed.
"""

import datetime

from django.db.models import Q

from wholeroute.outreach.models import Event


def visible_events(user):
    return Event.objects.visible_to(user).prefetch_related("processes", "countries")


def upcoming(user, today=None, limit=None):
    qs = visible_events(user).upcoming(today)
    return qs[:limit] if limit else qs


def in_month(user, year, month):
    return visible_events(user).in_month(year, month)


def for_country(user, country):
    """Events with the country itself, or of a process the country is a member, observer or participant of."""
    return visible_events(user).filter(
        Q(countries=country) | Q(processes__members__country=country)).distinct().order_by("start", "title")


def for_route(user, route):
    """Events with a country on the route (any role), directly or through a process they belong to."""
    country_ids = route.route_countries.values("country_id")
    return visible_events(user).filter(
        Q(countries__in=country_ids) | Q(processes__members__country__in=country_ids)
    ).distinct().order_by("start", "title")


def for_process(user, process):
    return visible_events(user).filter(processes=process).order_by("start", "title")


def split_past(events, today=None):
    """(coming and undated, past) — undated events are listed apart, never placed on a guessed day."""
    today = today or datetime.date.today()
    coming, past, undated = [], [], []
    for e in events:
        if e.start is None:
            undated.append(e)
        elif e.end >= today:
            coming.append(e)
        else:
            past.append(e)
    return coming, list(reversed(past)), undated
