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


class UnknownFilter(LookupError):
    """A feed filter names no country, route, process or organisation the feed's user may see."""


FEED_FILTERS = ("country", "route", "process", "organisation")


def for_feed(user, params):
    """The dated events of a feed, narrowed by any of ?country=ISO2, ?route=slug, ?process=slug and
    ?organisation=slug (events that organisation takes part in); filters combine. Raises UnknownFilter naming
    the parameter and value that match nothing, so a mistyped subscription fails visibly instead of going empty."""
    from wholeroute.access.models import Organisation
    from wholeroute.geo.models import Country, Route
    from wholeroute.outreach.models import Process

    def process(value):  # a process the user may not see is as unknown as one that does not exist
        processes = Process.objects.visible_to(user)
        return processes.filter(registry_id=value).first() or (
            processes.filter(pk=int(value)).first() if value.isdigit() and len(value) < 10 else None)

    finders = {"country": lambda value: Country.objects.filter(code=value.upper()).first(),
               "route": lambda value: Route.objects.filter(slug=value).first(),
               "process": process,
               "organisation": lambda value: Organisation.objects.filter(slug=value).first()}
    selections = {"country": for_country, "route": for_route, "process": for_process,
                  "organisation": lambda who, found: visible_events(who).filter(organisations=found)}
    events = visible_events(user).filter(start__isnull=False)
    for name in FEED_FILTERS:
        value = (params.get(name) or "").strip()
        if not value:
            continue
        found = finders[name](value)
        if found is None:
            raise UnknownFilter(f"{name}={value[:80]!r} matches no {name} you may see")
        events = events.filter(pk__in=selections[name](user, found).values("pk"))
    return events.order_by("start", "title")


def feed_title(params) -> str:
    """' — country TN, process rabat-process' for the calendar's name; empty without filters."""
    chosen = [f"{name} {params[name].strip()}" for name in FEED_FILTERS if (params.get(name) or "").strip()]
    return f" — {', '.join(chosen)}" if chosen else ""
