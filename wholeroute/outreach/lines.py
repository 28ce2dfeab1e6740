"""Lines-to-take per country and outreach coverage ("which countries have not yet been approached on X")."""

import datetime

from django.db.models import Q

from wholeroute.geo.models import Country, GroupingMembership, RouteCountry
from wholeroute.outreach.models import JointMessage, OutreachEntry
from wholeroute.partnerships.models import Partnership


def lines_to_take(user, country, today=None):
    """Adopted messages the user may see that apply to the country (directly or through a process it is in),
    current ones first, newest adoption first."""
    today = today or datetime.date.today()
    messages = list(
        JointMessage.objects.visible_to(user).filter(status=JointMessage.Status.ADOPTED).filter(
            Q(countries=country) | Q(processes__members__country=country)).distinct()
        .select_related("owner").prefetch_related("versions", "processes")
    )
    return sorted(messages, key=lambda m: (not m.is_current(today), -m.adopted_at.timestamp()))


def _eu_members(today):
    return set(GroupingMembership.objects.filter(grouping__code="EU", start__lte=today).filter(
        Q(end__isnull=True) | Q(end__gte=today)).values_list("country_id", flat=True))


def coverage(user, solution_type, route=None, today=None):
    """For one solution type: the partner countries in scope and whether each was approached.

    In scope: partner countries of the partnerships of that type the user may see, and the origin, transit and
    departure countries of their routes (EU Member States are not partner countries and are left out). A
    country is approached when an outreach-log entry the user may see raised a message on that solution type
    (the message's own solution types or those of its linked partnerships). Returns a list of dicts sorted with
    the not-yet-approached first.
    """
    today = today or datetime.date.today()
    partnerships = Partnership.objects.visible_to(user).filter(solution_types=solution_type)
    if route is not None:
        partnerships = partnerships.filter(Q(routes=route) | Q(countries__route_roles__route=route)).distinct()
    eu = _eu_members(today)
    scope: dict[int, set[str]] = {}
    for p in partnerships.prefetch_related("countries", "routes"):
        for c in p.countries.all():
            scope.setdefault(c.pk, set()).add(f"partner in {p.title}")
        route_ids = [r.pk for r in p.routes.all() if route is None or r.pk == route.pk]
        for rc in RouteCountry.objects.filter(route_id__in=route_ids).exclude(
                role=RouteCountry.Role.DESTINATION).select_related("route"):
            scope.setdefault(rc.country_id, set()).add(f"{rc.get_role_display().lower()} on the {rc.route.name} route")
    if route is not None:
        on_route = set(route.route_countries.values_list("country_id", flat=True))
        scope = {k: v for k, v in scope.items() if k in on_route}
    entries = OutreachEntry.objects.visible_to(user).filter(
        Q(message__solution_types=solution_type) | Q(message__partnerships__solution_types=solution_type)
    ).distinct()
    last = {}
    for country_id, raised_on in entries.values_list("country_id", "raised_on"):
        last[country_id] = max(raised_on, last.get(country_id, raised_on))
    countries = Country.objects.in_bulk([k for k in scope if k not in eu])
    rows = [{"country": c, "why": sorted(scope[c.pk]), "last_raised": last.get(c.pk)} for c in countries.values()]
    return sorted(rows, key=lambda r: (r["last_raised"] is not None, r["country"].name))
