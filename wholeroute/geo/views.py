"""Reference geography pages. Public reference data: the same for every visitor; only the sections other apps
add to the country and route pages depend on the user (each app filters them through access.policy)."""

import datetime

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from wholeroute.geo.models import Country, Grouping, Route, RouteCountry
from wholeroute.reports import fiche

KIND_FILTERS = {
    "": ("Countries and territories", Q(kind__in=[Country.Kind.COUNTRY, Country.Kind.TERRITORY])),
    "country": ("Countries", Q(kind=Country.Kind.COUNTRY)),
    "territory": ("Territories", Q(kind=Country.Kind.TERRITORY)),
    "aggregate": ("Aggregates of countries", Q(kind=Country.Kind.AGGREGATE)),
    "non_country": ("Not countries (unknown, stateless, unspecified)", Q(kind=Country.Kind.NON_COUNTRY)),
    "all": ("Every area", Q()),
}


def _roles_in_order(route_countries):
    """[(role value, label, [RouteCountry …])] in the order origin → transit → departure → destination."""
    return [(role, RouteCountry.Role(role).label, [rc for rc in route_countries if rc.role == role])
            for role in RouteCountry.ROLE_ORDER]


def countries(request):
    kind = request.GET.get("kind", "")
    if kind not in KIND_FILTERS:
        kind = ""
    title, condition = KIND_FILTERS[kind]
    qs = Country.objects.filter(condition)
    grouping_code = request.GET.get("grouping", "")
    groupings = list(Grouping.objects.order_by("code"))
    grouping = next((g for g in groupings if g.code == grouping_code), None)
    today = datetime.date.today()
    if grouping is not None:
        qs = qs.filter(pk__in=grouping.memberships.filter(start__lte=today).exclude(end__lt=today).values("country_id"))
        title = f"{title} in the {grouping.name} today"
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q) | Q(iso3__iexact=q) | Q(eurostat_code__iexact=q))
    return render(request, "geo/countries.html", {
        "countries": qs, "title": title, "kind": kind, "kinds": [(k, v[0]) for k, v in KIND_FILTERS.items()],
        "groupings": groupings, "grouping": grouping, "q": q,
    })


def country(request, code):
    obj = get_object_or_404(Country, code=code.upper())
    memberships = list(obj.grouping_memberships.select_related("grouping").order_by("grouping__code", "start"))
    today = datetime.date.today()
    for m in memberships:
        m.current = m.start <= today and (m.end is None or m.end >= today)
    route_roles = sorted(obj.route_roles.select_related("route"),
                         key=lambda rc: (rc.route.order, RouteCountry.ROLE_ORDER.index(rc.role)))
    sections = fiche.collect("country", request.user, obj)
    return render(request, "geo/country.html", {
        "country": obj,
        "memberships": memberships,
        "current_groupings": sorted({m.grouping.name for m in memberships if m.current}),
        "route_roles": route_roles,
        "sections": sections,
        "page_classification": fiche.highest_classification(sections),
    })


def routes(request):
    counts = {role: Count("route_countries", filter=Q(route_countries__role=role)) for role in RouteCountry.ROLE_ORDER}
    rows = Route.objects.annotate(**counts)
    return render(request, "geo/routes.html", {
        "routes": [(r, [(RouteCountry.Role(role).label, getattr(r, role)) for role in RouteCountry.ROLE_ORDER])
                   for r in rows],
        "role_labels": [RouteCountry.Role(role).label for role in RouteCountry.ROLE_ORDER],
    })


def route(request, slug):
    obj = get_object_or_404(Route, slug=slug)
    by_role = _roles_in_order(list(obj.route_countries.select_related("country").order_by("country__name")))
    sections = fiche.collect("route", request.user, obj)
    return render(request, "geo/route.html", {
        "route": obj, "by_role": by_role,
        "gaps": [label for _role, label, items in by_role if not items],
        "sections": sections,
        "page_classification": fiche.highest_classification(sections),
    })
