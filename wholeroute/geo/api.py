"""Reference geography over the API: public reference data, the same for every caller."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from wholeroute.geo.models import Country, GroupingMembership, Route

router = Router(tags=["geography"])


class CountryOut(Schema):
    code: str
    iso3: str
    eurostat_code: str
    name: str
    kind: str


class MembershipOut(Schema):
    grouping: str
    start: datetime.date
    end: datetime.date | None
    scope: str


class RoleOut(Schema):
    route: str
    role: str


class CountryDetailOut(CountryOut):
    groupings: list[MembershipOut]
    routes: list[RoleOut]


class RouteCountryOut(Schema):
    code: str
    name: str
    role: str


class RouteOut(Schema):
    slug: str
    name: str
    frontex_name: str
    countries: list[RouteCountryOut]


@router.get("/countries", response=list[CountryOut])
def countries(request, kind: str | None = None, grouping: str | None = None, on: datetime.date | None = None):
    """Countries and areas; `grouping` (EU, SCHENGEN, EU_PLUS) keeps members on date `on` (default today)."""
    qs = Country.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if grouping:
        day = on or datetime.date.today()
        member_ids = GroupingMembership.objects.filter(grouping__code=grouping, start__lte=day).exclude(
            end__lt=day).values("country_id")
        qs = qs.filter(pk__in=member_ids)
    return qs


@router.get("/countries/{code}", response=CountryDetailOut)
def country(request, code: str):
    obj = get_object_or_404(Country, code=code.upper())
    return {
        **{f: getattr(obj, f) for f in ("code", "iso3", "eurostat_code", "name", "kind")},
        "groupings": [{"grouping": m.grouping.code, "start": m.start, "end": m.end, "scope": m.scope}
                      for m in obj.grouping_memberships.select_related("grouping")],
        "routes": [{"route": rc.route.slug, "role": rc.role} for rc in obj.route_roles.select_related("route")],
    }


@router.get("/routes", response=list[RouteOut])
def routes(request):
    return [_route(r) for r in Route.objects.prefetch_related("route_countries__country")]


@router.get("/routes/{slug}", response=RouteOut)
def route(request, slug: str):
    return _route(get_object_or_404(Route.objects.prefetch_related("route_countries__country"), slug=slug))


def _route(r):
    return {"slug": r.slug, "name": r.name, "frontex_name": r.frontex_name,
            "countries": [{"code": rc.country.code, "name": rc.country.name, "role": rc.role}
                          for rc in r.route_countries.all()]}
