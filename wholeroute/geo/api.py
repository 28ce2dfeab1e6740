"""Reference geography over the API: public reference data, the same for every caller (no classification, so
no policy filter is needed; nothing here is writable)."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from wholeroute.geo.models import Country, Grouping, GroupingMembership, Route, RouteCountry
from wholeroute.geo.resolve import Resolver

router = Router(tags=["geography"])


class CountryOut(Schema):
    code: str
    iso3: str
    numeric: str
    eurostat_code: str
    name: str
    kind: str


class MembershipOut(Schema):
    grouping: str
    grouping_name: str
    start: datetime.date
    end: datetime.date | None
    scope: str
    current: bool
    source: str
    note: str
    uncertain: bool


class RoleOut(Schema):
    route: str
    route_name: str
    role: str
    role_detail: str
    note: str
    uncertain: bool
    sources: list[str]


class CountryDetailOut(CountryOut):
    official_name: str
    note: str
    groupings: list[MembershipOut]
    routes: list[RoleOut]


class MemberOnOut(Schema):
    country: str
    grouping: str
    on: datetime.date
    member: bool
    scope: str
    borders: dict[str, bool]
    source: str


class RouteCountryOut(Schema):
    code: str
    name: str
    role: str
    role_detail: str
    note: str
    uncertain: bool
    sources: list[str]


class RoleCountriesOut(Schema):
    role: str
    label: str
    countries: list[RouteCountryOut]


class RouteOut(Schema):
    slug: str
    name: str
    frontex_name: str
    short_name: str
    eu_border_sections: str
    roles: list[RoleCountriesOut]
    countries: list[RouteCountryOut]


class GroupingOut(Schema):
    code: str
    name: str
    description: str


class ResolvedOut(Schema):
    text: str
    code: str
    name: str
    kind: str
    is_country: bool


def _kind(kind):
    if kind and kind not in Country.Kind.values:
        raise ValidationError({"kind": f"unknown kind {kind!r}; one of {', '.join(Country.Kind.values)}"})
    return kind


def _grouping(code):
    if not Grouping.objects.filter(code=code).exists():
        raise ValidationError({"grouping": f"unknown grouping {code!r}; one of "
                                           + ", ".join(Grouping.objects.order_by("code").values_list("code", flat=True))})
    return code


@router.get("/countries", response=list[CountryOut])
def countries(request, kind: str | None = None, grouping: str | None = None, on: datetime.date | None = None):
    """Countries and areas. `kind`: country, territory, aggregate or non_country (default: every area);
    `grouping` (EU, SCHENGEN, EU_PLUS) keeps the members on date `on` (default today)."""
    qs = Country.objects.all()
    if _kind(kind):
        qs = qs.filter(kind=kind)
    if grouping:
        day = on or datetime.date.today()
        member_ids = GroupingMembership.objects.filter(grouping__code=_grouping(grouping), start__lte=day).exclude(
            end__lt=day).values("country_id")
        qs = qs.filter(pk__in=member_ids)
    return qs


@router.get("/countries/{code}", response=CountryDetailOut)
def country(request, code: str):
    """One country or area with its grouping memberships (dated, sourced) and its roles on the routes."""
    obj = get_object_or_404(Country, code=code.upper())
    today = datetime.date.today()
    return {
        **{f: getattr(obj, f) for f in ("code", "iso3", "numeric", "eurostat_code", "name", "kind",
                                        "official_name", "note")},
        "groupings": [{"grouping": m.grouping.code, "grouping_name": m.grouping.name, "start": m.start,
                       "end": m.end, "scope": m.scope, "current": m.start <= today and (m.end is None or m.end >= today),
                       "source": m.source, "note": m.note, "uncertain": m.uncertain}
                      for m in obj.grouping_memberships.select_related("grouping").order_by("grouping__code", "start")],
        "routes": [{"route": rc.route.slug, "route_name": rc.route.name, "role": rc.role,
                    "role_detail": rc.role_detail, "note": rc.note, "uncertain": rc.uncertain, "sources": rc.sources}
                   for rc in sorted(obj.route_roles.select_related("route"),
                                    key=lambda rc: (rc.route.order, RouteCountry.ROLE_ORDER.index(rc.role)))],
    }


@router.get("/countries/{code}/membership", response=MemberOnOut)
def membership(request, code: str, grouping: str, on: datetime.date | None = None):
    """Was this country in the grouping on date `on` (default today)? `borders` says, for partial Schengen
    membership, which kinds of border were covered (air, sea, land)."""
    obj = get_object_or_404(Country, code=code.upper())
    day = on or datetime.date.today()
    m = obj.membership_on(_grouping(grouping), day)
    return {"country": obj.code, "grouping": grouping, "on": day, "member": m is not None,
            "scope": m.scope if m else "", "source": m.source if m else "",
            "borders": {b: bool(m and m.covers(b)) for b in ("air", "sea", "land")}}


@router.get("/groupings", response=list[GroupingOut])
def groupings(request):
    return Grouping.objects.order_by("code")


@router.get("/resolve", response=ResolvedOut)
def resolve(request, text: str, scheme: str | None = None):
    """How the resolver reads a source's country name or code (404 when unresolved)."""
    found = Resolver().resolve(text, scheme)
    if found is None:
        raise Http404(f"unknown country or area {text!r}")
    return {"text": text, "code": found.code, "name": found.name, "kind": found.kind, "is_country": found.is_country}


@router.get("/routes", response=list[RouteOut])
def routes(request):
    """The Frontex routes with their countries by role, in order origin → transit → departure → destination."""
    return [_route(r) for r in Route.objects.prefetch_related("route_countries__country")]


@router.get("/routes/{slug}", response=RouteOut)
def route(request, slug: str):
    return _route(get_object_or_404(Route.objects.prefetch_related("route_countries__country"), slug=slug))


def _route_country(rc):
    return {"code": rc.country.code, "name": rc.country.name, "role": rc.role, "role_detail": rc.role_detail,
            "note": rc.note, "uncertain": rc.uncertain, "sources": rc.sources}


def _route(r):
    items = sorted(r.route_countries.all(), key=lambda rc: (RouteCountry.ROLE_ORDER.index(rc.role), rc.country.name))
    return {"slug": r.slug, "name": r.name, "frontex_name": r.frontex_name, "short_name": r.short_name,
            "eu_border_sections": r.eu_border_sections,
            "roles": [{"role": role, "label": RouteCountry.Role(role).label,
                       "countries": [_route_country(rc) for rc in items if rc.role == role]}
                      for role in RouteCountry.ROLE_ORDER],
            "countries": [_route_country(rc) for rc in items]}
